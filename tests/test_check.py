"""Stage `check`: collection-wide rules."""

from __future__ import annotations

import pytest

from conftest import replace_in
from scholion import pipeline
from scholion.check import check_edition
from scholion.common.dates import is_iso_date
from scholion.load import load_edition


def check(root):
    """The structural rules only (the anchor contract has tests of its own)."""
    loaded = load_edition(root)
    assert loaded.edition is not None, loaded.diagnostics
    return [d for d in check_edition(loaded.edition) if d.code[1] != "4"]


def test_fixture_edition_is_clean(mini):
    assert check(mini) == []


def test_an_id_may_be_reused_in_another_document_but_a_note_must_then_say_which(mini):
    replace_in(mini / "source" / "letter-b.xml", 'xml:id="b-p1"', 'xml:id="a-p1"')
    problems = check(mini)
    assert [(p.code, p.path, p.line) for p in problems] == [
        ("E317", "annotations/busy-harbour.md", 2)]
    assert problems[0].hint == "name the document: target: letter-a#a-p1"
    replace_in(mini / "annotations" / "busy-harbour.md", "target: a-p1", "target: letter-a#a-p1")
    assert check(mini) == []


def test_an_id_reused_in_one_document(mini):
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2"', 'xml:id="a-p1"')
    problems = [p for p in check(mini) if p.code == "E112"]
    assert [(p.path, p.line) for p in problems] == [("source/letter-a.xml", 39)]
    assert "source/letter-a.xml:34" in problems[0].message


def test_number_reused_in_one_document_is_a_warning(mini):
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2" n="5"', 'xml:id="a-p2" n="2"')
    problems = check(mini)
    assert [p.code for p in problems] == ["W113"]
    assert "'a-p1'" in problems[0].message


def test_document_id_reused(mini):
    replace_in(mini / "source" / "letter-b.xml", ">letter-b<", ">letter-a<")
    assert [p.code for p in check(mini)] == ["E114"]


def test_bad_date_normalization(mini):
    replace_in(mini / "source" / "letter-a.xml", '<date when="1974">', '<date when="1974-02-30">')
    problems = check(mini)
    assert [(p.code, p.line) for p in problems] == [("E115", 34)]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("1974", True),
        ("1974-04", True),
        ("1974-04-18", True),
        ("1987-04-01T10:30", True),
        ("-0044-03-15", True),
        ("1974-13", False),
        ("1974-02-30", False),
        ("74", False),
        ("1974/04/18", False),
        ("April 1974", False),
        ("", False),
    ],
)
def test_iso_dates(value, ok):
    assert is_iso_date(value) is ok


def located(root) -> list[tuple[str, int, str]]:
    """Every problem of a whole `check` run (load and every rule), located."""
    return [(d.path, d.line, d.code) for d in pipeline.check(root).diagnostics]


def test_a_typo_in_one_note_hides_no_wrong_target_in_another(mini):
    replace_in(mini / "annotations" / "busy-harbour.md", "type: context", "tpye: context")
    replace_in(mini / "annotations" / "ships-went.md", "target: a-l1-2", "target: a-l1-9")
    assert located(mini) == [("annotations/busy-harbour.md", 4, "E302"),
                             ("annotations/ships-went.md", 2, "E305")]


def test_a_block_without_id_is_also_reported_without_number(mini):
    replace_in(mini / "source" / "letter-a.xml", '<item xml:id="a-l1-1" n="3">', "<item>")
    found = located(mini)
    assert ("source/letter-a.xml", 36, "W110") in found
    assert ("source/letter-a.xml", 36, "W111") in found


def test_a_document_that_does_not_load_gives_no_false_errors_elsewhere(mini):
    """Notes on its blocks, its published anchors and the register entries only it may
    mention cannot be judged; all else is."""
    (mini / "source" / "letter-b.xml").write_text("<TEI", encoding="utf-8")
    (mini / "annotations" / "on-b.md").write_text(
        (mini / "annotations" / "ships-went.md").read_text()
        .replace("target: a-l1-2", "target: b-p1"))
    replace_in(mini / "annotations" / "busy-harbour.md", "type: context", "tpye: context")
    assert [code for *_, code in located(mini)] == ["E302", "E101"]


def test_registers_that_do_not_load_give_no_false_reference_errors(mini):
    (mini / "source" / "registers.xml").write_text("<TEI", encoding="utf-8")
    assert [code for *_, code in located(mini)] == ["E101"]


def test_an_unreadable_registry_is_not_reported_as_missing(mini):
    (mini / "source" / "anchors.lock").write_bytes(b"\xff\xfe")
    assert [code for *_, code in located(mini)] == ["E403"]


def test_every_problem_is_reported_once(mini):
    """Many mistakes at once: each one appears a single time, however many rules see it."""
    replace_in(mini / "annotations" / "busy-harbour.md", "type: context", "tpye: context")
    replace_in(mini / "annotations" / "ships-went.md", "quote: went", "quote: gone")
    replace_in(mini / "annotations" / "osaka-the-city.md", "target: osaka", "target: osako")
    replace_in(mini / "source" / "letter-a.xml", '<item xml:id="a-l1-1" n="3">', "<item>")
    replace_in(mini / "source" / "letter-a.xml", 'when="1974"', 'when="19745"')
    replace_in(mini / "source" / "letter-b.xml", "</closer>", "</closer><p>x</p>")
    found = located(mini)
    assert len(found) == len(set(found)), found
    assert {code for *_, code in found} == {"E302", "E306", "E305", "W110", "W111", "E115",
                                            "E401"}
