"""A document's own part of the plan, kept in the build cache (`link.kept`, issue #17).

Correctness first: a plan made with what the cache kept is the plan made afresh, for
documents of every kind, and a rebuild after a change to a letter, a register entry or
the settings gives exactly the bytes of a build without the cache. Then economy: what is
worked out again is the part of the documents the change touched."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import scholion.link.kept as kept
from conftest import CORPUS, CORPUS_SETTINGS, FIXTURES, REPO
from scholion import pipeline
from scholion.cache import CACHE_DIR, BuildCache
from scholion.link import link_edition
from scholion.load import load_edition
from test_reuse import LETTERS, _files, _register, _replace, _word

# documents of every kind that `read_blocks` treats apart: letters, notes of the source,
# an apparatus, a `choice`, verse, speeches, lists with labels
DOCUMENTS = [REPO / "source" / "kansai-1987.xml",
             FIXTURES / "mini" / "source" / "letter-a.xml",
             CORPUS / "apparatus" / "pta0001.pta030.pta-grc1.xml",
             CORPUS / "verse" / "disco089g.xml",
             CORPUS / "drama" / "lessing-philotas.xml",
             CORPUS / "tei-test" / "torture.xml"]


@pytest.fixture
def worked_out(monkeypatch) -> list[str]:
    """The documents whose own part `link` worked out (not read from the cache)."""
    found: list[str] = []
    real = kept.read_blocks

    def counting(document, *args, **kwargs):
        found.append(document.id)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(kept, "read_blocks", counting)
    return found


def _one_document(path: Path, root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "pyproject.toml").write_text(CORPUS_SETTINGS.format(title="One", slug="one"),
                                         encoding="utf-8")
    shutil.copyfile(path, root / "source" / path.name)
    if path.parent.name == "source" and (path.parent / "registers.xml").is_file():
        shutil.copyfile(path.parent / "registers.xml", root / "source" / "registers.xml")
    return root


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_a_plan_from_the_cache_is_the_plan_made_afresh(path, tmp_path, worked_out):
    edition = load_edition(_one_document(path, tmp_path / "edition")).edition
    fresh = link_edition(edition)
    cache = BuildCache(tmp_path / "cache")
    link_edition(edition, cache)
    worked_out.clear()
    again = link_edition(edition, cache)
    assert worked_out == []  # every document's part came from the cache
    assert again.documents == fresh.documents
    assert repr(again) == repr(fresh)  # tuples, strings and dicts alike
    for page, document in zip(again.documents, edition.documents, strict=True):
        # a reading's block is the document's own, not a copy of it
        assert all(r.block is b for r, b in zip(page.readings, document.blocks, strict=True))


def test_a_changed_register_entry_works_every_part_out_again(mini, tmp_path, worked_out):
    edition = load_edition(mini).edition
    cache = BuildCache(tmp_path / "cache")
    link_edition(edition, cache)
    registers = edition.registers
    assert registers is not None
    renamed = replace(registers, entities=tuple(
        replace(e, name="Ōsaka") if e.id == "osaka" else e for e in registers.entities))
    changed = replace(edition, registers=renamed)
    worked_out.clear()
    assert link_edition(changed, cache) == link_edition(changed)
    assert len(worked_out) == 2 * len(edition.documents)  # with the cache, then without


def test_a_spoilt_entry_is_worked_out_again(mini, tmp_path, worked_out):
    edition = load_edition(mini).edition
    cache = BuildCache(tmp_path / "cache")
    fresh = link_edition(edition, cache)
    entries = sorted((tmp_path / "cache" / kept.NAMESPACE).glob("*.json"))
    assert len(entries) == len(edition.documents)
    entries[0].write_text("[", encoding="utf-8")  # not JSON
    data = json.loads(entries[1].read_text(encoding="utf-8"))
    data[0] = data[0][:-1]  # a block fewer than the document has
    entries[1].write_text(json.dumps(data), encoding="utf-8")
    worked_out.clear()
    assert link_edition(edition, cache) == fresh
    assert len(worked_out) == 2


def test_no_cache_keeps_nothing(mini, tmp_path, worked_out):
    edition = load_edition(mini).edition
    link_edition(edition)
    link_edition(edition)
    assert len(worked_out) == 2 * len(edition.documents)
    assert not (mini / CACHE_DIR).exists()


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_reuse import _corpus
    root = tmp_path_factory.mktemp("linked") / "letters"
    _corpus().generate(LETTERS, root, seed=7)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write("pdf = false\n")
    return root


def _title(root: Path) -> None:
    _replace(root / "pyproject.toml", 'title = "', 'title = "The ')


def _unlisted(root: Path) -> None:
    """A person some letters name is no longer listed: their names reach nothing (and
    the notes on the person go too)."""
    path = root / "source" / "listperson.xml"
    text = path.read_text(encoding="utf-8")
    start = text.index("<person ")
    person = re.match(r'<person xml:id="([^"]+)"', text[start:])
    assert person is not None
    path.write_text(text[:start] + text[text.index("</person>", start) + 9:],
                    encoding="utf-8")
    for note in (root / "annotations").glob("*.md"):
        if f"target: listperson.{person.group(1)}\n" in note.read_text(encoding="utf-8"):
            note.unlink()


def _readings(root: Path) -> None:
    """The view the text follows: each `choice` reads the other way."""
    _replace(root / "pyproject.toml", 'readings = "normalised"', 'readings = "diplomatic"')


# what each change must work out again: None for every letter
CHANGES = {"word": (_word, 1), "register": (_register, None), "unlisted": (_unlisted, None),
           "settings": (_title, 0), "readings": (_readings, None)}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_rebuild_from_kept_parts_is_byte_identical_to_one_without_the_cache(
        tmp_path: Path, letters: Path, worked_out: list[str], name: str):
    change, expected = CHANGES[name]
    root = tmp_path / "edition"
    shutil.copytree(letters, root)
    assert pipeline.build(root, root / "build").ok
    assert len(set(worked_out)) == LETTERS
    change(root)
    worked_out.clear()
    again = pipeline.build(root, root / "build")
    assert again.ok, [d.format() for d in again.diagnostics if d.is_error]
    assert len(worked_out) == (LETTERS if expected is None else expected)
    fresh = pipeline.build(root, tmp_path / "fresh", cache=False)
    assert fresh.ok
    assert _files(root / "build") == _files(tmp_path / "fresh")
