"""Shared test helpers: the repository root, fixture editions copied into tmp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scholion import pipeline
from scholion.scaffold import AUTHOR_PLACEHOLDER, BODY_PLACEHOLDER, SOURCE_PLACEHOLDER

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLACEHOLDERS = (AUTHOR_PLACEHOLDER, SOURCE_PLACEHOLDER.title, SOURCE_PLACEHOLDER.url,
                BODY_PLACEHOLDER)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the two-document fixture edition, safe to modify."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


@pytest.fixture
def repo() -> Path:
    return REPO


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to compare whole output trees."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def no_git_name(monkeypatch) -> None:
    """No user.name in any git configuration, so `new` writes its author placeholder."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def fill_in(path: Path) -> None:
    """What the contributor does after `scholion new`: replace every placeholder."""
    real = ("A. Contributor", "Osaka City, Sister Cities (1987), 3",
            "https://www.city.osaka.lg.jp/", "The note, as its sources support it.")
    text = path.read_text(encoding="utf-8")
    for placeholder, content in zip(PLACEHOLDERS, real, strict=True):
        assert placeholder in text, placeholder
        text = text.replace(placeholder, content)
    path.write_text(text, encoding="utf-8")


def only_placeholders_left(root: Path, path: str) -> bool:
    """`check` fails, and only for the placeholders (E316) of the scaffold at `path`."""
    found = pipeline.check(root).diagnostics
    return bool(found) and all((d.code, d.path) == ("E316", path) for d in found)
