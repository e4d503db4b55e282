"""Stage `link`: where every document goes, decided from ids only."""

from __future__ import annotations

import pytest

from conftest import replace_in
from scholion.dates import date_value
from scholion.link import link_edition
from scholion.load import load_edition
from scholion.model import Node


def test_pages_are_named_by_document_id_not_file_name_or_order(mini):
    (mini / "source" / "letter-a.xml").rename(mini / "source" / "zz-renamed.xml")
    site = link_edition(load_edition(mini).edition)
    assert [(p.document.id, p.url) for p in site.documents] == [
        ("letter-a", "letter-a.html"),
        ("letter-b", "letter-b.html"),
    ]


def test_documents_are_ordered_by_date(mini):
    replace_in(mini / "source" / "letter-b.xml", 'when="1975-01-02"', 'when="1970-01-02"')
    site = link_edition(load_edition(mini).edition)
    assert [p.document.id for p in site.documents] == ["letter-b", "letter-a"]


def test_index_lists_every_occurrence_with_its_anchor(mini):
    index = link_edition(load_edition(mini).edition).index
    osaka = next(e for e in index.places if e.entity.id == "osaka")
    assert [(o.document_id, o.block_id, o.block_n, o.text) for o in osaka.occurrences] == [
        ("letter-a", "a-p1", "2", "Osaka"), ("letter-b", "b-p1", "1", "Osaka")]
    assert (osaka.occurrences[0].before, osaka.occurrences[0].after) == (
        "The harbour of ", " was busy in 1974.")
    person = index.persons[0]
    assert [(o.block_id, o.text, o.cert) for o in person.occurrences] == [
        ("b-sig", "Harbour Master", "low")]
    assert [e.entity.id for e in index.orgs] == ["harbour-office"]


def test_chronology_orders_dates_and_spans(mini):
    index = link_edition(load_edition(mini).edition).index
    assert [(d.value.key, d.value.label, [o.block_id for o in d.occurrences])
            for d in index.dates] == [
        ("1974", "1974", ["a-p1"]),
        ("1974/1975", "1974 to 1975", ["b-p1"]),
    ]


def test_mentions_in_nested_blocks_belong_to_the_innermost_block(mini):
    replace_in(mini / "source" / "letter-a.xml", "<item xml:id=\"a-l1-1\" n=\"3\">Ships came.",
               '<item xml:id="a-l1-1" n="3">Ships came to <placeName ref="reg:osaka">Osaka'
               "</placeName>.")
    index = link_edition(load_edition(mini).edition).index
    osaka = next(e for e in index.places if e.entity.id == "osaka")
    assert [o.block_id for o in osaka.occurrences] == ["a-p1", "a-l1-1", "b-p1"]


def test_long_context_is_trimmed_at_word_boundaries(mini):
    long = "word " * 40
    replace_in(mini / "source" / "letter-b.xml", "Thank you", long + "Thank you")
    index = link_edition(load_edition(mini).edition).index
    before = next(e for e in index.places if e.entity.id == "osaka").occurrences[1].before
    assert before.startswith("…word ") and len(before) <= 62


@pytest.mark.parametrize(("attrs", "key", "label", "anchor"), [
    ({"when": "1974-04-18"}, "1974-04-18", "18 April 1974", "date-1974-04-18"),
    ({"when": "1974-05"}, "1974-05", "May 1974", "date-1974-05"),
    ({"from": "1981"}, "1981/..", "from 1981", "date-1981-open"),
    ({"to": "1981"}, "../1981", "until 1981", "date-open-1981"),
    ({"from": "1974", "to": "1975"}, "1974/1975", "1974 to 1975", "date-1974-1975"),
    ({"notBefore": "1974", "notAfter": "1975"}, "[1974..1975]", "between 1974 and 1975",
     "date-about-1974-1975"),
    ({"notBefore": "1974"}, "[1974..]", "not before 1974", "date-about-1974"),
])
def test_date_values(attrs, key, label, anchor):
    value = date_value(Node("date", tuple(attrs.items())))
    assert (value.key, value.label, value.anchor) == (key, label, anchor)


def test_invalid_or_missing_normalization_is_not_a_date_value():
    assert date_value(Node("date", (("when", "1974-13"),))) is None
    assert date_value(Node("date")) is None
