"""`scholion anchors mint`: provisional anchors become xml:ids in the source, and nothing
else of the file changes, byte for byte."""

from __future__ import annotations

import re

import pytest

from conftest import replace_in
from scholion import cli, pipeline
from scholion.commands.mint import insert_ids
from scholion.load import load_edition

UNANCHORED = """\ufeff<?xml version="1.0" encoding="UTF-8"?>\r
<?xml-model href="tei_all.rng"?>\r
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A letter</title>\r
</titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Made up for\r
the test: <![CDATA[<p>not a tag</p>]]></p></sourceDesc></fileDesc></teiHeader>\r
<text><body>\r
  <!-- <p>a comment, not a paragraph</p> -->\r
  <p rend="x>y">Dear &amp; <hi>honoured</hi> friend,</p>\r
  <p\r
     n="2">the second<lb/>paragraph.</p>\r
  <div xml:id="d1"><head>Part</head><p>Inside.</p><p/></div>\r
</body></text></TEI>\r
"""


def test_ids_go_after_the_tag_name_and_nothing_else_moves():
    text = "<a><!-- <b> --><?pi <c>?><b x='>'/><![CDATA[<d>]]><e\n/></a>"
    assert insert_ids(text, {1: "one", 2: "two"}) == \
        "<a><!-- <b> --><?pi <c>?><b xml:id=\"one\" x='>'/><![CDATA[<d>]]><e xml:id=\"two\"\n/></a>"


def _without(data: bytes, anchors: list[str]) -> bytes:
    """The file with the minted attributes taken out again, one by one."""
    for anchor in anchors:
        attribute = f' xml:id="{anchor}"'.encode()
        assert data.count(attribute) == 1, anchor
        data = data.replace(attribute, b"")
    return data


def test_mint_writes_the_provisional_anchors_and_keeps_every_other_byte(mini):
    source = mini / "source" / "letter-c.xml"
    source.write_bytes(UNANCHORED.encode("utf-8"))
    before = source.read_bytes()
    edition = load_edition(mini).edition
    provisional = [b.id for d in edition.documents if d.id == "letter-c" for b in d.blocks]
    assert provisional == ["p1", "p2", "d1-head1", "d1-p1", "d1-p2"]
    assert cli.main(["anchors", "mint", "--root", str(mini)]) == 0
    after = source.read_bytes()
    assert _without(after, provisional) == before  # only the attributes were added
    assert [m.decode() for m in re.findall(rb'<(?:p|head)\b xml:id="([^"]+)"', after)] == \
        provisional  # each right after its element's name, in document order
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == before.count(b"\r\n")
    edition = load_edition(mini).edition
    letter = next(d for d in edition.documents if d.id == "letter-c")
    assert [(b.id, b.provisional) for b in letter.blocks] == [(a, False) for a in provisional]
    lock = (mini / "source" / "anchors.lock").read_text()
    assert all(re.search(rf"^letter-c {a} ", lock, re.MULTILINE) for a in provisional)
    assert pipeline.check(mini).ok and not [
        d for d in pipeline.check(mini).diagnostics if d.code in ("W110", "W403")]


def test_mint_with_nothing_to_mint_changes_no_source(mini):
    before = {p: p.read_bytes() for p in (mini / "source").glob("*.xml")}
    assert cli.main(["anchors", "mint", "--root", str(mini)]) == 0
    assert {p: p.read_bytes() for p in (mini / "source").glob("*.xml")} == before


def test_mint_refuses_an_edition_with_errors_and_writes_nothing(mini, capsys):
    replace_in(mini / "source" / "letter-a.xml", ' xml:id="a-p1" n="2"', "")
    before = (mini / "source" / "letter-a.xml").read_bytes()
    assert cli.main(["anchors", "mint", "--root", str(mini)]) == 1
    assert (mini / "source" / "letter-a.xml").read_bytes() == before
    assert "no file and not the anchor registry was changed" in capsys.readouterr().err


@pytest.mark.parametrize("letter", ["letter-a.xml", "letter-b.xml"])
def test_mint_round_trips_the_fixture_letters_with_their_ids_removed(mini, letter):
    """As an editor bringing TEI without ids would: no notes and no registry yet."""
    (mini / "source" / "anchors.lock").unlink()
    for note in (mini / "annotations").glob("*.md"):
        note.unlink()
    path = mini / "source" / letter
    stripped = re.sub(rb' xml:id="[ab]-(p\d|l1-\d|sig|head)"', b"", path.read_bytes())
    path.write_bytes(stripped)
    document = letter.removesuffix(".xml")
    derived = [b.id for d in load_edition(mini).edition.documents if d.id == document
               for b in d.blocks if b.provisional]
    assert derived
    assert cli.main(["anchors", "mint", "--root", str(mini)]) == 0
    assert _without(path.read_bytes(), derived) == stripped


def test_a_doctype_whose_values_hold_brackets_and_tags_is_passed_over_whole():
    text = ('<!DOCTYPE TEI [ <!ENTITY a "]"> <!-- ] <p> --> <!ENTITY b "<p>x</p>"> ]>'
            "<TEI><p/></TEI>")
    assert insert_ids(text, {1: "p1"}) == text.replace("<p/>", '<p xml:id="p1"/>')
