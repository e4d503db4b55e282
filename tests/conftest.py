"""Shared test helpers: the repository root, fixture editions copied into tmp folders."""

from __future__ import annotations

import shutil
import struct
import sys
import tomllib
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from scholion import pipeline
from scholion.common.placeholders import AUTHOR_PLACEHOLDER, BODY_PLACEHOLDER, SOURCE_PLACEHOLDER
from scholion.link import Site
from scholion.load import load_edition
from scholion.model import Edition

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
CORPUS = REPO / "tests" / "corpus"
CORPUS_ENTRIES = tomllib.loads((CORPUS / "SOURCES.toml").read_text(encoding="utf-8"))["file"]
sys.path.append(str(REPO / "bench"))  # the benches' helpers: onedoc, structure
# settings for an edition made of corpus files (real TEI as it came, in tests/corpus/)
CORPUS_SETTINGS = """[tool.scholion]
title = "{title}"
editors = "Scholion's tests"
base_url = "https://example.org/{slug}/"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
"""
PLACEHOLDERS = (AUTHOR_PLACEHOLDER, SOURCE_PLACEHOLDER.title, SOURCE_PLACEHOLDER.url,
                BODY_PLACEHOLDER)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected output under tests/golden/ from what the code "
                          "produces now (review the diff before committing it)")


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    return bool(pytestconfig.getoption("--update-golden"))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the two-document fixture edition, safe to modify."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real edition, built once for the whole session: every test that only reads
    the built site shares it (a build of the real edition costs about a second of CPU,
    and a test must never write into it)."""
    out = tmp_path_factory.mktemp("real") / "build"
    result = pipeline.build(REPO, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


@pytest.fixture(scope="session")
def real_edition(real_build: Path) -> Edition:
    """What `load` reads of the real edition, read right after the shared build, so that
    both name the same version of the repository."""
    loaded = load_edition(REPO)
    assert loaded.edition is not None
    return loaded.edition


@pytest.fixture(scope="session")
def real_site(real_edition: Edition) -> Site:
    return pipeline.plan(real_edition)


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], object]:
    """Build a file of tests/corpus (its path in SOURCES.toml) as a one-document edition,
    in memory, the first time a test asks for it, and keep what came of it (an
    `onedoc.Built`) for the session: the corpus tests read the same build, never make it
    twice (a test must not change what it is given)."""
    from onedoc import build_in_memory, edition_of

    built: dict[str, object] = {}

    def build(path: str):
        if path not in built:
            root = tmp_path_factory.mktemp("corpus") / "edition"
            edition_of(CORPUS / path, root)
            built[path] = build_in_memory(root)
        return built[path]

    return build


# what a build writes that is no text (the EPUBs are zips): tests reading every page as
# text pass these by
ARCHIVES = (".epub", ".pdf")  # binary: their own tests read them


def is_text(page) -> bool:
    return not page.path.endswith(ARCHIVES)


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


def tiny_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour, made with the standard library only (zlib, struct): the
    images of the fixture editions are these, so that no test needs an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


# The images of tests/fixtures/facsimile/source, as `tiny_png` makes them (a test checks
# the committed files are these): path inside source/ -> (width, height, colour).
FACSIMILE_IMAGES = {
    "scans/p1.png": (3, 4, (200, 190, 170)),
    "scans/p2.png": (3, 4, (190, 180, 160)),
    "scans/woodcut.png": (2, 2, (40, 40, 40)),
    "iiif/p3/full/max/0/default.png": (3, 4, (180, 170, 150)),
}


@pytest.fixture
def facsimile(tmp_path: Path) -> Path:
    """A private copy of the fixture edition with page images and a figure."""
    root = tmp_path / "facsimile"
    shutil.copytree(FIXTURES / "facsimile", root)
    return root


# Entries that the index files otherwise than by their names as shown, for the mini edition:
# a name that marks its surname, an entry with a @sortKey, and a renamed city whose later
# name is filed as a cross-reference and whose Wikidata identifier the editors doubt.
FILED_PERSONS = """
      <person xml:id="shepelenko">
        <persName type="normalized"><forename>A. N.</forename> <surname>Shepelenko</surname>
        </persName>
        <persName type="variant">A.N. SHEPELENKO</persName>
      </person>
      <person xml:id="abe" sortKey="Zed_Abe">
        <persName type="normalized">Abe Zed</persName>
      </person>"""
FILED_PLACES = """
      <place xml:id="leningrad">
        <placeName type="normalized">Leningrad</placeName>
        <placeName type="alternative" from="1991">Saint Petersburg</placeName>
        <placeName type="alternative" xml:lang="ru">Санкт-Петербург</placeName>
        <location><geo>59.9386 30.3141</geo></location>
        <idno type="wikidata" cert="low">https://www.wikidata.org/entity/Q656</idno>
        <idno type="geonames">https://sws.geonames.org/498817/</idno>
        <note type="source">Identifiers: the Wikidata one from a single code file.</note>
      </place>"""


def add_filed_entries(root: Path) -> None:
    """Put `FILED_PERSONS` and `FILED_PLACES` into a copy of the mini edition's registers."""
    registers = root / "source" / "registers.xml"
    replace_in(registers, "</listPerson>", FILED_PERSONS + "\n    </listPerson>")
    replace_in(registers, "</listPlace>", FILED_PLACES + "\n    </listPlace>")
