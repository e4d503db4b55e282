"""Annotations: the file format, every contributor mistake, and notes in the built page.

Each diagnostic code has a fixture in tests/fixtures/annotations/, dropped one at a time
into a copy of the fixture edition.
"""

from __future__ import annotations

import json
import shutil

import lxml.html
import pytest

from conftest import FIXTURES, replace_in
from scholion import pipeline
from scholion.check import check_edition
from scholion.load import load_edition
from scholion.load.annotations import read_annotation

BROKEN = FIXTURES / "annotations"

# fixture file -> (code, line of the message, words the message or hint must contain)
CASES = {
    "e301-bad-yaml.md": ("E301", 3, "not valid YAML"),  # the line of the unclosed quote
    "e301-no-front-matter.md": ("E301", 1, "must start with '---'"),
    "e302-unknown-key.md": ("E302", 4, "did you mean 'type'?"),
    "e303-missing-key.md": ("E303", 1, "missing key 'sources'"),
    "e304-wrong-type.md": ("E304", 4, "'type: gossip' is not one of"),
    "e305-unknown-target.md": ("E305", 2, "did you mean"),
    "e306-quote-not-found.md": ("E306", 3, 'closest words in a-p1 are: "busy in 1974"'),
    "e307-quote-ambiguous.md": ("E307", 3, "occurs 2 times"),
    "e308-overlap.md": ("E308", 3, "overlaps the quote of annotations/busy-harbour.md"),
    "e309-empty-body.md": ("E309", 9, "no text"),
    "E311-Bad-Slug.md": ("E311", 1, "not a valid slug"),
    "e312-script.md": ("E312", 9, "<script>, <img>, the link 'javascript:alert(1)'"),
    "e313-bad-url.md": ("E313", 9, "malformed URL 'www.example.org/no-scheme'"),
    "e314-not-utf8.md": ("E314", 3, "not UTF-8"),
    "e315-too-complex.md": ("E315", 9, "more than 200 '['"),
}


def diagnostics(root):
    loaded = load_edition(root)
    found = list(loaded.diagnostics)
    if loaded.edition is not None:
        found += check_edition(loaded.edition)
    return found


def test_fixture_notes_are_valid(mini):
    assert diagnostics(mini) == []
    assert [a.slug for a in load_edition(mini).edition.annotations] == [
        "busy-harbour", "osaka-the-city", "ships-went"]


def test_every_code_has_a_fixture():
    assert {p.name for p in BROKEN.glob("*.md")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_mistake_gets_its_code_line_and_advice(mini, name):
    code, line, words = CASES[name]
    shutil.copy(BROKEN / name, mini / "annotations" / name)
    found = [d for d in diagnostics(mini) if d.path == f"annotations/{name}"]
    assert [d.code for d in found] == [code], [d.format() for d in found]
    assert found[0].line == line
    assert words in found[0].message + found[0].hint


def test_slug_that_clashes_with_an_anchor(mini):
    replace_in(mini / "source" / "letter-a.xml", '<list type="ordered" xml:id="a-l1">',
               '<list type="ordered" xml:id="note-ships-went">')
    found = [d for d in diagnostics(mini) if d.code == "E310"]
    assert [d.path for d in found] == ["annotations/ships-went.md"]


def test_front_matter_lines_are_file_lines():
    note, problems = read_annotation((FIXTURES / "mini" / "annotations" / "busy-harbour.md")
                                     .read_bytes(), "annotations/busy-harbour.md")
    assert problems == []
    assert (note.line_of("target"), note.line_of("sources"), note.body_line) == (2, 8, 13)
    assert note.orcid == "0000-0002-1825-0097"
    assert note.sources[0].url == "https://editions.test/osaka"


def test_crlf_and_bom_are_fine():
    data = (FIXTURES / "mini" / "annotations" / "ships-went.md").read_bytes()
    note, problems = read_annotation(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
                                     "annotations/ships-went.md")
    assert problems == [] and note.quote == "went" and note.body.strip()


NOTE_LINES_1_TO_5 = ("---\ntarget: a-p1\ntype: context\nauthor: The fixture editors\n"
                     "status: reviewed\n")


@pytest.mark.parametrize("line_6, column", [
    ('quote: [busy in 1974', 8),  # a list opened at '[' and never closed
    ('quote: "busy in 1974', 8),  # a quote opened at '"' and never closed
    ("quote: busy: in 1974", 12),  # a second ':' in a plain value
])
def test_yaml_error_is_located_on_the_line_and_column_at_fault(line_6, column):
    text = NOTE_LINES_1_TO_5 + line_6 + "\nsources:\n  - title: A page\n---\nThe harbour.\n"
    note, problems = read_annotation(text.encode(), "annotations/bad-yaml.md")
    assert note is None and [p.code for p in problems] == ["E301"]
    assert (problems[0].line, problems[0].column) == (6, column), problems[0].format()


NOTE = ("---\ntarget: a-p1\ntype: context\nauthor: The fixture editors\nsources: [A page]\n"
        "---\n")  # six lines: the body starts on line 7


@pytest.mark.parametrize(("text", "line", "column", "character"), [
    (NOTE + "#\x1b", 7, 2, "U+001B"),  # found by hypothesis: it reached the page
    (NOTE + "Fine.\nAn &#27; here", 8, 4, "U+001B (written '&#27;')"),  # HTML decodes it
    (NOTE + "One\rline", 7, 4, "U+000D"),  # a carriage return that ends no line
    (NOTE.replace("type: context", "type: con\x85text"), 3, 10, "U+0085"),
    (NOTE.replace("---\n", '---\nquote: "busy\\e in 1974"\n', 1) + "Text.", 2, 13,
     "U+001B (written '\\e')"),  # a YAML escape: no scan of the file's text sees it
    (NOTE.replace("[A page]", '["A\tpage", "\\x9b"]') + "Text.", 5, 22,
     "U+009B (written '\\x9b')"),
])
def test_control_character_in_a_note_is_refused_at_its_line_and_column(text, line, column,
                                                                       character):
    note, problems = read_annotation(text.encode(), "annotations/control.md")
    assert note is None and [p.code for p in problems] == ["E007"], problems
    assert (problems[0].line, problems[0].column) == (line, column), problems[0].format()
    assert character in problems[0].message


def test_a_note_with_a_control_character_is_not_loaded(mini):
    (mini / "annotations" / "control.md").write_text(NOTE + "#\x1b", encoding="utf-8")
    loaded = load_edition(mini)
    assert [(d.path, d.code) for d in loaded.diagnostics] == [("annotations/control.md", "E007")]
    assert "control" not in [a.slug for a in loaded.edition.annotations]


def test_yaml_cannot_construct_objects():
    data = b"---\ntarget: !!python/object/apply:os.system ['echo pwned']\n---\nText.\n"
    note, problems = read_annotation(data, "annotations/evil.md")
    assert note is None and [p.code for p in problems] == ["E301"]


# --- in the built edition ----------------------------------------------------------------

@pytest.fixture
def built(mini, tmp_path):
    """The fixture edition with its draft note published, to see how a draft is shown."""
    out = tmp_path / "site"
    result = pipeline.build(mini, out, drafts=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


def page(built, name):
    return lxml.html.parse(str(built / name)).getroot()


def test_markers_follow_the_quote_and_notes_link_back(built):
    doc = page(built, "letter-a.html")
    marker = doc.get_element_by_id("ref-busy-harbour")
    assert marker.getparent().getprevious().text_content() == "1974"  # after "busy in 1974"
    assert marker.get("href") == "#note-busy-harbour" and marker.text == "1"
    note = doc.get_element_by_id("note-busy-harbour")
    assert note.find_class("note-back")[0].get("href") == "#ref-busy-harbour"
    assert doc.get_element_by_id("ref-ships-went").text == "2"


def test_note_shows_author_orcid_status_and_sources(built):
    note = page(built, "letter-a.html").get_element_by_id("note-busy-harbour")
    text = note.text_content()
    assert "The fixture editors" in text and "Context" in text
    assert note.xpath(".//a[text()='ORCID']/@href") == ["https://orcid.org/0000-0002-1825-0097"]
    assert note.xpath(".//ul[@class='note-sources']//a/@href") == ["https://editions.test/osaka"]
    assert note.find(".//em").text == "very"
    draft = page(built, "letter-a.html").get_element_by_id("note-ships-went")
    assert "draft, not yet reviewed" in draft.text_content()


def test_entity_notes_appear_on_the_index_entry(built):
    entry = page(built, "places.html").get_element_by_id("osaka")
    assert "not a prefecture" in entry.get_element_by_id("note-osaka-the-city").text_content()


HEADNOTE = """---
target: letter-a
type: headnote
author:
  name: The fixture editors
sources:
  - title: A fixture source
---
What this letter is: a **fixture**, written for the tests.
"""


def test_a_headnote_stands_above_the_text_and_is_exported_on_the_whole_document(mini, tmp_path):
    (mini / "annotations" / "about-letter-a.md").write_text(HEADNOTE, encoding="utf-8")
    out = tmp_path / "site"
    result = pipeline.build(mini, out, drafts=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    doc = page(out, "letter-a.html")
    head = doc.get_element_by_id("doc-headnote")
    assert "a fixture, written for the tests" in head.text_content()
    assert head.find(".//strong").text == "fixture"
    text = doc.find_class("tei-text")[0]
    assert head.sourceline < text.sourceline  # before the text
    assert "about-letter-a" not in {n.get("id", "") for n in doc.find_class("note")}
    assert doc.find_class("note-ref") and not doc.xpath("//*[@id='ref-about-letter-a']")
    web = json.loads((out / "data" / "letter-a.annotations.jsonld").read_text())
    first = web["first"]["items"][0]
    assert first["id"].endswith("letter-a.html#doc-headnote") and first["target"] == {
        "id": "https://editions.test/letters/letter-a.html", "type": "Text",
        "format": "text/html", "language": "en"}  # the whole page: no selector
    data = json.loads((out / "data" / "letter-a.json").read_text())
    assert data["headnote"]["type"] == "headnote" and data["headnote"]["url"].endswith(
        "#doc-headnote")
    assert not page(out, "letter-b.html").xpath("//*[@id='doc-headnote']")  # none of its own


@pytest.mark.parametrize(("change", "code", "line"), [
    (("target: letter-a", "target: letter-z"), "E318", 2),
    (("type: headnote", "type: headnote\nquote: Trade"), "E318", 4),
])
def test_a_headnote_names_a_document_and_quotes_nothing(mini, change, code, line):
    (mini / "annotations" / "about-letter-a.md").write_text(HEADNOTE.replace(*change),
                                                            encoding="utf-8")
    problems = [d for d in pipeline.check(mini).diagnostics if d.is_error]
    assert [(p.code, p.path, p.line) for p in problems] == [
        (code, "annotations/about-letter-a.md", line)]


def test_a_document_has_one_headnote(mini):
    for name in ("about-letter-a.md", "more-about-letter-a.md"):
        (mini / "annotations" / name).write_text(HEADNOTE, encoding="utf-8")
    problems = [d for d in pipeline.check(mini).diagnostics if d.is_error]
    assert [(p.code, p.path) for p in problems] == [("E319", "annotations/more-about-letter-a.md")]
