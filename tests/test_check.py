"""Stage `check`: collection-wide rules."""

from __future__ import annotations

import pytest

from conftest import replace_in
from scholion.check import check_edition
from scholion.dates import is_iso_date
from scholion.load import load_edition


def check(root):
    """The structural rules only (the anchor contract has tests of its own)."""
    loaded = load_edition(root)
    assert loaded.edition is not None, loaded.diagnostics
    return [d for d in check_edition(loaded.edition) if d.code[1] != "4"]


def test_fixture_edition_is_clean(mini):
    assert check(mini) == []


def test_id_reused_in_another_document(mini):
    replace_in(mini / "source" / "letter-b.xml", 'xml:id="b-p1"', 'xml:id="a-p1"')
    problems = check(mini)
    assert [(p.code, p.path, p.line) for p in problems] == [("E112", "source/letter-b.xml", 20)]
    assert "source/letter-a.xml:34" in problems[0].message


def test_number_reused_in_one_document(mini):
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2" n="5"', 'xml:id="a-p2" n="2"')
    problems = check(mini)
    assert [p.code for p in problems] == ["E113"]
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
