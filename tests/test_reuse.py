"""Reusing a document's files from an earlier build (`render.reuse`, issue #17).

Correctness first: after each kind of change, a build that reused what it could gives
exactly the bytes of a build from an empty cache. Then economy: the documents drawn again
are the ones whose files the change touched (a document whose files come out the same
may be drawn again only where its key must cover more than it reads: the theme)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scholion import pipeline
from scholion.cache import CACHE_DIR
from scholion.render import stamp

BENCH = Path(__file__).resolve().parent.parent / "bench"
LETTERS = 8


def _corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus_reuse", BENCH / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reuse") / "letters"
    _corpus().generate(LETTERS, root, seed=5)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write("pdf = false\n")  # WeasyPrint's seconds; a PDF is one more data file
    return root


def _files(build: Path) -> dict[str, bytes]:
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file()}


def _changed_documents(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The letters whose own files (page, downloads, DTS files) differ or are new."""
    names = set()
    for path in {*before, *after}:
        if before.get(path) != after.get(path) and (m := re.search(r"letter-\d{5}", path)):
            names.add(m.group())
    return names


def _rebuilt(tmp_path: Path, letters: Path, change: Callable[[Path], None]):
    """Build a copy of the letters, change it, build again with the cache and from an
    empty one: (the second build's result, its files, the fresh build's, the first's)."""
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    first = pipeline.build(root, root / "build")
    assert first.ok and first.drawn == LETTERS and first.reused == 0
    before = _files(root / "build")
    change(root)
    again = pipeline.build(root, root / "build")
    fresh = pipeline.build(root, tmp_path / "fresh", cache=False)
    assert again.ok and fresh.ok, [str(d) for d in again.diagnostics if d.severity == "error"]
    return again, _files(root / "build"), _files(tmp_path / "fresh"), before


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _word(root: Path) -> None:
    """One word of one paragraph of letter 4."""
    path = root / "source" / "letter-00004.xml"
    text = path.read_text(encoding="utf-8")
    body = text.index("<body")
    word = re.compile(r"(<p\b[^>]*>[^<]*?\b)([a-z]{4,})\b").search(text, body)
    assert word is not None
    path.write_text(text[:word.start(2)] + "meanwhile" + text[word.end(2):], encoding="utf-8")


def _note(root: Path) -> None:
    """A new note on letter 3's valediction, which has none."""
    text = (root / "source" / "letter-00003.xml").read_text(encoding="utf-8")
    words = re.search(r'<salute xml:id="valediction"[^>]*>(\w+ \w+)', text)
    assert words is not None
    (root / "annotations" / "letter-00003-added.md").write_text(
        f"---\ntarget: letter-00003#valediction\nquote: \"{words.group(1)}\"\n"
        "type: context\nauthor:\n  name: A contributor\nsources:\n"
        "  - title: \"A source\"\n    url: https://example.org/a-source\n"
        "status: reviewed\n---\nA new note.\n", encoding="utf-8")


def _register(root: Path) -> None:
    """The name of a person some letters mention (the register's first entry)."""
    path = root / "source" / "listperson.xml"
    text = path.read_text(encoding="utf-8")
    name = re.search(r"<forename>([^<]+)</forename>", text)
    assert name is not None
    _replace(path, name.group(0), f"<forename>{name.group(1)}a</forename>")


def _title(root: Path) -> None:
    """Letter 5's title: its page, and the previous and next links of its neighbours."""
    path = root / "source" / "letter-00005.xml"
    title = re.search(r"<title>([^<]+)</title>", path.read_text(encoding="utf-8"))
    assert title is not None
    _replace(path, title.group(0), f"<title>{title.group(1)} (a draft)</title>")


def _comment(root: Path) -> None:
    """A comment in letter 6, on a line of its own: the text is the same, the TEI file
    (its download, its DTS answer) is not."""
    _replace(root / "source" / "letter-00006.xml", "<text>", "<text><!-- checked -->")


def _settings(root: Path) -> None:
    _replace(root / "pyproject.toml", 'title = "', 'title = "The ')


def _template(root: Path) -> None:
    """An edition's own template: the sandbox draws every page from it."""
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "_release_line.html").write_text(
        '<p class="release-line">Our own release line.</p>\n', encoding="utf-8")


def _removed(root: Path) -> None:
    """The last letter taken out: its files go, the one before it loses its next link."""
    (root / "source" / f"letter-{LETTERS:05d}.xml").unlink()
    for note in (root / "annotations").glob(f"letter-{LETTERS:05d}*.md"):
        note.unlink()
    lock = root / "source" / "anchors.lock"
    lock.write_text("".join(line for line in lock.read_text(encoding="utf-8")
                            .splitlines(keepends=True) if f"letter-{LETTERS:05d}" not in line),
                    encoding="utf-8")


CHANGES = {"word": (_word, 1), "note": (_note, 1), "register": (_register, None),
           "comment": (_comment, 1),
           "title": (_title, 3), "settings": (_settings, LETTERS),
           "template": (_template, LETTERS), "removed": (_removed, None)}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_rebuild_that_reuses_files_is_byte_identical_to_one_from_an_empty_cache(
        tmp_path: Path, letters: Path, name: str):
    change, expected = CHANGES[name]
    again, after, fresh, before = _rebuilt(tmp_path, letters, change)
    assert after == fresh, sorted(p for p in {*after, *fresh} if after.get(p) != fresh.get(p))
    changed = _changed_documents(before, after)
    assert changed, "the change must show in some letter's files"
    # what the change touched was drawn again, and nothing else
    remaining = LETTERS - (name == "removed")
    assert again.drawn + again.reused == remaining, (again, sorted(changed))
    gone = {f"letter-{LETTERS:05d}"} if name == "removed" else set()
    assert again.drawn == (expected if expected is not None else len(changed - gone)), \
        (again.drawn, again.reused, sorted(changed))
    if expected not in (None, LETTERS):
        assert again.drawn == len(changed)


def test_a_register_change_draws_again_only_the_letters_that_name_the_entry(
        tmp_path: Path, letters: Path):
    again, after, _, before = _rebuilt(tmp_path, letters, _register)
    named = _register_first_id(letters)
    naming = {p.stem for p in (letters / "source").glob("letter-*.xml")
              if f"#{named}\"" in p.read_text(encoding="utf-8")}
    assert 0 < len(naming) < LETTERS  # else the test shows nothing
    assert _changed_documents(before, after) == naming
    assert again.drawn == len(naming)


def _register_first_id(letters: Path) -> str:
    text = (letters / "source" / "listperson.xml").read_text(encoding="utf-8")
    found = re.search(r'<person xml:id="([^"]+)"', text)
    assert found is not None
    return found.group(1)


def test_a_slot_cut_short_or_garbled_is_drawn_again_and_the_build_is_the_same(
        tmp_path: Path, letters: Path):
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    assert pipeline.build(root, root / "build").ok
    before = _files(root / "build")
    slots = sorted((root / CACHE_DIR / "drawn").rglob("*.drawn"))
    assert len(slots) == 2 * LETTERS  # a page and the rest, for each letter
    slots[0].write_bytes(slots[0].read_bytes()[:-10])  # cut short
    slots[1].write_bytes(b"not json\n")
    again = pipeline.build(root, root / "build")
    assert again.ok and again.drawn == 2 and _files(root / "build") == before


def test_a_new_process_reuses_every_file_of_an_unchanged_edition(tmp_path: Path,
                                                                   letters: Path):
    # keys made in another interpreter (another hash seed, other addresses) must match
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    command = [sys.executable, "-m", "scholion", "build", "--root", str(root), "--jobs", "1"]
    subprocess.run(command, check=True, capture_output=True)
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    assert f"drew the files of 0 of {LETTERS} documents" in done.stderr


def test_an_edited_stylesheet_of_the_edition_draws_every_document_again(tmp_path: Path,
                                                                         letters: Path):
    # a theme file's bytes are in every key, not only its name (a PDF is drawn with it)
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    (root / "static").mkdir()
    (root / "static" / "scholion.css").write_text("body { color: black }\n", "utf-8")
    assert pipeline.build(root, root / "build").ok
    (root / "static" / "scholion.css").write_text("body { color: navy }\n", "utf-8")
    again = pipeline.build(root, root / "build")
    assert again.ok and again.drawn == LETTERS and again.reused == 0


def _git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), "-c", "user.name=Ann Editor",
               "-c", "user.email=a@e.test", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def test_a_commit_draws_again_only_what_it_changed_and_every_file_names_its_revision(
        tmp_path: Path, letters: Path):
    # each page names the commit it was built from; were the revision in the keys, any
    # commit, as every pull request's CI build has, would draw every document again
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first")
    assert pipeline.build(root, root / "build").ok
    _word(root)
    _git(root, "commit", "-q", "-am", "one word")
    revision = _git(root, "describe", "--tags", "--always")
    again = pipeline.build(root, root / "build")
    fresh = pipeline.build(root, tmp_path / "fresh", cache=False)
    assert again.ok and fresh.ok and (again.drawn, again.reused) == (1, LETTERS - 1)
    after = _files(root / "build")
    assert after == _files(tmp_path / "fresh")
    assert f"revision <code>{revision}</code>".encode() in after["letter-00002.html"]
    assert f'"revision": "{revision}"'.encode() in after["data/letter-00002.json"]
    mark = stamp.MARK.encode()
    assert not [path for path, content in after.items() if mark in content]
    books = [path for path in after if path.endswith(".epub")]
    assert books  # a compressed file would hide the mark: none may hold it
    for path in books:
        with zipfile.ZipFile(root / "build" / path) as book:
            assert not [n for n in book.namelist() if mark in book.read(n)], path


def test_a_revision_that_escaping_would_change_is_drawn_as_it_is(tmp_path: Path,
                                                                letters: Path):
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first")
    _git(root, "tag", "v1&2")  # a tag may hold "&", which HTML escapes and JSON does not
    assert pipeline.build(root, root / "build").ok
    after = _files(root / "build")
    assert b"revision <code>v1&amp;2</code>" in after["letter-00002.html"]
    assert b'"revision": "v1&2"' in after["data/letter-00002.json"]


@pytest.mark.parametrize("in_git", [True, False], ids=["commit", "outside-git"])
def test_drawing_with_the_mark_gives_the_bytes_of_drawing_the_revision(
        tmp_path: Path, letters: Path, monkeypatch: pytest.MonkeyPatch, in_git: bool):
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    if in_git:
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "first")
    assert pipeline.build(root, tmp_path / "marked", cache=False).ok
    monkeypatch.setattr(stamp, "marked", lambda site: site)  # the revision drawn itself
    assert pipeline.build(root, tmp_path / "drawn", cache=False).ok
    assert _files(tmp_path / "marked") == _files(tmp_path / "drawn")
