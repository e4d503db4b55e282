"""The build cache: declared in one place, used when it may be, never stale, and the only
thing a build writes besides its output."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from scholion import cache, pipeline
from scholion.cache import CACHE_DIR
from scholion.common import citations


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_a_build_writes_only_its_output_and_its_cache(mini, tmp_path, monkeypatch):
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    for name in ("HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = files_under(mini)
    assert pipeline.build(mini, mini / "build").ok
    added = files_under(mini) - before
    assert added and {path.split("/", 1)[0] for path in added} == {"build", CACHE_DIR}
    assert files_under(home) == set() and files_under(temp) == set()


def _no_csl(item):
    raise AssertionError("CSL ran although the build cache holds the result")


def test_a_second_build_takes_citations_from_the_cache(mini, tmp_path, monkeypatch):
    assert pipeline.build(mini, tmp_path / "one").ok
    monkeypatch.setattr(citations, "templates", _no_csl)
    assert pipeline.build(mini, tmp_path / "two").ok
    with pytest.raises(AssertionError, match="CSL ran"):
        pipeline.build(mini, tmp_path / "three", cache=False)


def test_a_change_to_the_code_is_a_change_of_key(mini, tmp_path, monkeypatch):
    assert pipeline.build(mini, tmp_path / "one").ok
    monkeypatch.setattr(cache, "fingerprint", lambda: "another version of Scholion")
    monkeypatch.setattr(citations, "templates", _no_csl)
    with pytest.raises(AssertionError, match="CSL ran"):
        pipeline.build(mini, tmp_path / "two")


def test_the_fingerprint_covers_the_code_and_templates():
    names = {p.name for p in cache._package_files(Path(cache.__file__).parent)}
    assert {"cache.py", "citations.py", "html.py", "document.html"} <= names
    assert len(cache.fingerprint()) == 64


def test_what_the_cache_serves_is_what_the_work_gives(mini, tmp_path):
    from conftest import tree_digest

    assert pipeline.build(mini, tmp_path / "fresh", cache=False).ok
    assert pipeline.build(mini, tmp_path / "filling").ok
    assert pipeline.build(mini, tmp_path / "cached").ok
    fresh = tree_digest(tmp_path / "fresh")
    assert tree_digest(tmp_path / "filling") == fresh == tree_digest(tmp_path / "cached")


def test_no_cache_on_the_command_line_leaves_no_cache(mini):
    from scholion.cli import main

    assert main(["build", "--root", str(mini), "--no-cache", "-q"]) == 0
    assert (mini / "build" / "index.html").is_file() and not (mini / CACHE_DIR).exists()
    assert main(["build", "--root", str(mini), "-q"]) == 0
    assert (mini / CACHE_DIR).is_dir()


def test_compiled_templates_are_kept_in_the_cache_and_used_again(mini, tmp_path, monkeypatch):
    from jinja2 import Environment

    assert pipeline.build(mini, tmp_path / "one").ok
    kept = {p for p in files_under(mini / CACHE_DIR) if p.startswith("jinja/")}
    assert kept, "no compiled template was kept"
    compiled = []
    real = Environment.compile
    monkeypatch.setattr(Environment, "compile",
                        lambda self, *a, **k: compiled.append(1) or real(self, *a, **k))
    assert pipeline.build(mini, tmp_path / "two").ok
    assert compiled == []  # every template came from the cache
    assert pipeline.build(mini, tmp_path / "three", cache=False).ok
    assert compiled  # without the cache each is compiled again
