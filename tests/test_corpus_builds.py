"""Real TEI from other projects builds as written, loses no word, and mints cleanly.

Each corpus file is made a one-document edition, as an editor bringing their own TEI would
(settings, the file in source/, no notes, no anchor registry), and goes through load →
check → link → render in memory, once a session (the `corpus_build` fixture, which
tests/test_corpus_structure.py reads too). Its reading page must hold every character of its
`<text>` as a reader sees it, in order; `scholion anchors mint` must add only xml:ids.
"""

from __future__ import annotations

import re
import shutil

import lxml.html
import pytest

from conftest import CORPUS, CORPUS_SETTINGS
from conftest import CORPUS_ENTRIES as ENTRIES
from scholion import pipeline
from scholion.load import load_edition
from scholion.render.html import NOT_READ

SETTINGS = CORPUS_SETTINGS.format(title="Corpus", slug="corpus")


def edition_of(entry: dict, root):
    (root / "source").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    name = entry["path"].rsplit("/", 1)[-1]
    shutil.copyfile(CORPUS / entry["path"], root / "source" / name)
    return root / "source" / name


def _inner(note) -> str:
    """A note's own words as its list item draws them (a note within it has its own)."""
    return "".join(c if isinstance(c, str) else c.reading_text() for c in note.parts())


def squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["path"])
def test_a_real_tei_file_builds_as_written_with_every_word(entry, corpus_build):
    built = corpus_build(entry["path"])  # in memory: load, check, plan, render
    assert built.ok, [d.format() for d in built.diagnostics if d.is_error]
    doc_page = built.page
    tree = lxml.html.fromstring(built.html)
    for added in tree.xpath(NOT_READ):
        added.drop_tree()
    text = tree.xpath('//*[contains(concat(" ", @class, " "), " tei-text ")]')[0]  # outermost
    body = doc_page.document.body
    assert squashed(text.text_content()) == squashed(body.reading_text())
    # the notes of the source, set apart, are read in their own list: every character too
    for added in tree.xpath('//*[contains(@class, "source-note-back")]'):
        added.drop_tree()
    # each reading of the apparatus the text does not show is in its entry, once
    entries = {li.get("id"): li for li in tree.xpath('//li[contains(@class, "tei-app")]')}
    for entry in entries.values():
        entry.drop_tree()
        readings = [squashed(r.text_content()) for r in entry.xpath('.//*[contains(@class,'
                                                                     ' "app-reading")]')]
        assert all(readings), entry
    drawn = "".join(n.text_content() for n in tree.xpath('//*[@class="tei-notes-list"]'))
    read = "".join(_inner(n) for n in body.iter() if n.is_apart())
    assert sorted(squashed(drawn)) == sorted(squashed(read))
    variants = sum(1 for n in body.iter() if n.tag == "app"
                   for c in n.children if getattr(c, "tag", "") in ("rdg", "rdgGrp")
                   and c is not n.shown_reading())
    assert sum(len(e.xpath('.//*[contains(@class, "app-reading")]'))
               for e in entries.values()) == variants


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["path"])
def test_mint_adds_only_the_ids_to_a_real_tei_file(entry, tmp_path):
    path = edition_of(entry, tmp_path)
    before = path.read_bytes()
    document = load_edition(tmp_path).edition.documents[0]
    minted = [b.id for b in document.blocks if b.provisional]
    result = pipeline.mint_anchors(tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    after = path.read_bytes()
    for anchor in minted:
        attribute = f' xml:id="{anchor}"'.encode()
        assert after.count(attribute) == 1 + before.count(attribute), anchor
        after = re.sub(re.escape(attribute), b"", after, count=1)
    assert after == before
