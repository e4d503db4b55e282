"""Stage `link`: where every document goes, decided from ids only."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import add_filed_entries, replace_in
from scholion.common.dates import DateValue, date_value
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


@pytest.mark.parametrize(("date_b", "order"), [
    ("-0044", ["letter-b", "letter-a"]),  # 44 BCE, before 1974
    ("12000", ["letter-a", "letter-b"]),  # after 1974, though "12000" < "1974" as text
    ("1974-04-18T08:00:00", ["letter-a", "letter-b"]),  # the same day: by id
    ("April 1974", ["letter-a", "letter-b"]),  # no date (W115): last
])
def test_documents_are_ordered_by_date_in_time_order(mini, date_b, order):
    replace_in(mini / "source" / "letter-b.xml", 'when="1975-01-02"', f'when="{date_b}"')
    site = link_edition(load_edition(mini).edition)
    assert [p.document.id for p in site.documents] == order


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
    replace_in(mini / "source" / "letter-a.xml", "Ships came</name>.",
               'Ships came</name> to <placeName ref="reg:osaka">Osaka</placeName>.')
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
    ({"when": "1987-04-01T10:30:00Z"}, "1987-04-01", "1 April 1987", "date-1987-04-01"),
    ({"when": "-0044-03-15"}, "-0044-03-15", "15 March -0044", "date-bce-0044-03-15"),
    ({"when": "0044"}, "0044", "0044", "date-0044"),
    ({"when": "12000"}, "12000", "12000", "date-12000"),
    ({"from": "-0500", "to": "-0044"}, "-0500/-0044", "-0500 to -0044",
     "date-bce-0500-bce-0044"),
    ({"from": "1974-04-18T09:00:00", "to": "1974-04-18T17:00:00"}, "1974-04-18",
     "18 April 1974", "date-1974-04-18"),
    # a day of no year: the range dates it (the Guidelines' own example)
    ({"when": "--12-11", "notBefore": "1699-12-31", "notAfter": "1799-12-31"},
     "[1699-12-31..1799-12-31]", "between 31 December 1699 and 31 December 1799",
     "date-about-1699-12-31-1799-12-31"),
    ({"when-iso": "1974-W16-4"}, "1974-04-18", "18 April 1974", "date-1974-04-18"),
    ({"when-iso": "1974-W16"}, "1974-04-15/1974-04-21", "15 April 1974 to 21 April 1974",
     "date-1974-04-15-1974-04-21"),
    ({"when-iso": "1974/1975"}, "1974/1975", "1974 to 1975", "date-1974-1975"),
    ({"from-iso": "1974-108"}, "1974-04-18/..", "from 18 April 1974", "date-1974-04-18-open"),
    ({"notAfter-iso": "19750102"}, "[..1975-01-02]", "not after 2 January 1975",
     "date-about-1975-01-02"),
    ({"when": "1974", "when-iso": "1974-W16"}, "1974", "1974", "date-1974"),  # W3C first
    ({"when": "1974", "when-custom": "5734", "datingMethod": "#hebrew"}, "1974", "1974",
     "date-1974"),
])
def test_date_values(attrs, key, label, anchor):
    value = date_value(Node("date", tuple(attrs.items())))
    assert (value.key, value.label, value.anchor) == (key, label, anchor)


@pytest.mark.parametrize("attrs", [
    {},
    {"when": "1974-13"},  # does not conform
    {"when": ""},
    {"when": "1974", "when-iso": "1974-W99"},  # one attribute that does not conform is enough
    {"when": "1987-04-01T10:30"},  # ISO, but in a W3C attribute
    {"when": "14:12:38"},  # a time alone
    {"from": "09:00:00", "to": "17:00:00"},
    {"when": "--06-12"},  # a day of no year
    {"when-iso": "P8D"},  # a duration
    {"when-iso": "2007-06-01/P8D"},  # an interval given by its duration
    {"when-custom": "5734", "datingMethod": "#hebrew"},  # another calendar
])
def test_what_gives_no_date_value(attrs):
    assert date_value(Node("date", tuple(attrs.items()))) is None


@pytest.mark.parametrize(("value", "datetime"), [
    ({"when": "1974-04-18"}, "1974-04-18"),
    ({"when": "1987-04-01T10:30:00Z"}, "1987-04-01"),
    ({"when": "12000"}, "12000"),
    ({"when": "-0044"}, ""),  # HTML's years start at 1
    ({"when-iso": "0000"}, ""),
    ({"from": "1974", "to": "1975"}, ""),  # a span is no single point
])
def test_the_html_datetime_of_a_date_value(value, datetime):
    assert date_value(Node("date", tuple(value.items()))).datetime == datetime


def test_date_values_sort_in_time_order_whatever_their_years():
    written = ["12000", "1974-04", "-0044", "1974", "-0500", "0044", "1974-04-18", "0999"]
    values = [date_value(Node("date", (("when", w),))) for w in written]
    assert [v.key for v in sorted(values)] == [
        "-0500", "-0044", "0044", "0999", "1974", "1974-04", "1974-04-18", "12000"]
    assert sorted([DateValue("1981", ""), DateValue("", "1981"), DateValue("1981", "1981"),
                   DateValue("1981", "1981", exact=False)]) == [
        DateValue("", "1981"), DateValue("1981", ""), DateValue("1981", "1981", exact=False),
        DateValue("1981", "1981")]


# --- the plan: reading texts, notes, routes -----------------------------------------------

def test_each_block_is_read_once_with_its_mentions_as_offsets(mini):
    site = link_edition(load_edition(mini).edition)
    for page in site.documents:
        for reading in page.readings:
            assert reading.text == " ".join(reading.raw.split())
            for mention in reading.mentions:
                assert " ".join(reading.raw[mention.start:mention.end].split()) == mention.text
    first = next(r for r in site.documents[0].readings if r.block.id == "a-p1")
    assert [(m.pointer.kind, m.pointer.key, m.text) for m in first.mentions] == [
        ("org", "harbour-office", "harbour"), ("place", "osaka", "Osaka"),
        ("date", "1974", "1974")]


def test_a_block_own_text_leaves_out_nested_blocks_and_leads_with_its_label(mini):
    page = link_edition(load_edition(mini).edition).documents[0]
    own = {r.block.id: r.own for r in page.readings}
    assert own["a-l1-1"] == "1. Ships came."
    assert all("Ships came" not in text for block, text in own.items() if block != "a-l1-1")


def test_a_note_is_placed_at_its_quote_in_the_text_and_after_it_in_the_raw_text(mini):
    page = link_edition(load_edition(mini).edition).documents[0]
    readings = {r.block.id: r for r in page.readings}
    assert page.notes
    for note in page.notes:
        reading = readings[note.block_id]
        assert reading.text[note.start:note.end] == note.annotation.quote
        assert " ".join(reading.raw[:note.offset].split()).endswith(note.annotation.quote)


@pytest.mark.parametrize("sitemap_size", [1000, 3])  # 3: the sitemaps of a large site
def test_every_file_the_build_writes_has_a_route_and_every_route_is_written(
        mini, tmp_path, monkeypatch, sitemap_size):
    from scholion import pipeline
    from scholion.common import routes as route_rules

    monkeypatch.setattr(route_rules, "SITEMAP_SIZE", sitemap_size)
    out = tmp_path / "site"
    assert pipeline.build(mini, out, cache=False).ok
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    edition = load_edition(mini).edition
    routes = {r.url for r in pipeline.plan(edition).routes}
    bundle = {path for path in written if path.startswith("pagefind/")}
    assert written - bundle == routes - {"pagefind/"}
    assert bundle, "the search index is a route too, and is written"


def test_the_sitemap_and_the_nav_come_from_the_routes(mini, tmp_path):
    from scholion import pipeline

    site = pipeline.plan(load_edition(mini).edition)
    html = [r.url for r in site.routes if r.html]
    assert html == ["index.html", "letter-a.html", "letter-b.html", "indexes.html",
                    "persons.html", "places.html", "organizations.html", "events.html",
                    "dates.html", "about.html", "search.html", "map.html", "timeline.html"]
    assert [(n.label, n.url) for n in site.nav] == [
        ("Collection", "index.html"), ("Index", "indexes.html"), ("About", "about.html"),
        ("Search", "search.html")]
    index = next(n for n in site.nav if n.label == "Index")
    assert set(index.covers) == {"indexes.html", "persons.html", "places.html",
                                 "organizations.html", "events.html", "dates.html",
                                 "map.html", "timeline.html"}


def test_the_package_static_files_are_the_ones_the_routes_name():
    from importlib.resources import files

    from scholion.common.routes import DRAWING_ONLY, STATIC_FILES

    shipped = {p.name for p in files("scholion.render").joinpath("static").iterdir()}
    assert shipped == {*STATIC_FILES, *DRAWING_ONLY}
    assert not set(STATIC_FILES) & set(DRAWING_ONLY)


def test_no_document_may_take_the_name_of_a_page_or_folder_of_the_site():
    from scholion.common.routes import SITE_PAGES, reserved_names

    names = reserved_names()
    assert {r.url.removesuffix(".html") for r in SITE_PAGES} <= names
    assert {"data", "api", "static", "images", "pagefind", "sitemap", "robots", "build-info",
            "registers"} <= names


def test_a_line_break_ends_a_word_unless_it_joins_one(mini):
    replace_in(mini / "source" / "letter-a.xml", "Trade was",
               "Tra\n  <lb break=\"no\"/>  de,<lb/>was")
    page = link_edition(load_edition(mini).edition).documents[0]
    text = next(r.text for r in page.readings if r.block.id == "a-p2")
    assert text.startswith("Trade, was brisk brisk.")


def test_names_in_a_note_set_apart_are_indexed_at_its_marker(mini):
    replace_in(mini / "source" / "letter-b.xml", "Thank you for",
               'Thank you<note place="foot">Written in <placeName ref="reg:osaka">Osaka'
               '</placeName>.</note> for')
    index = link_edition(load_edition(mini).edition).index
    osaka = next(e for e in index.places if e.entity.id == "osaka")
    in_note = [o for o in osaka.occurrences if o.block_id == "b-p1" and o.before == "Written in "]
    assert len(in_note) == 1 and in_note[0].text == "Osaka" and in_note[0].after == "."
    assert len([o for o in osaka.occurrences if o.block_id == "b-p1"]) == 2


def _document(body: str):
    """A one-file document of this body, as load reads it."""
    from scholion.load.tei import TEI_NS, read_document
    from scholion.load.xml import parse_xml
    tei = (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title>'
           '</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>'
           f"</fileDesc></teiHeader><text><body>{body}</body></text></TEI>")
    parsed, problems = parse_xml(tei.encode(), "play.xml")
    assert parsed is not None, problems
    return read_document(parsed, "play.xml")[0]


def test_acts_and_scenes_are_in_the_contents_labelled_by_head_or_by_type_and_number():
    from scholion.link.contents import contents
    scene = '<div type="scene"{}><sp><l>{}</l><l>more</l></sp><stage>Exit.</stage></div>'
    numbered = ' n="4"'
    play = ('<castList><castItem>Alma</castItem></castList>'
            f'<div type="act"><head>The First Act</head>{scene.format("", "a")}'
            f'{scene.format("", "b")}</div>'
            f'<div type="act" n="2">{scene.format(numbered, "c")}</div>'
            '<div type="writingSession"><p>Prose.</p></div>')
    parts = [(p.label, p.level, p.unit, p.numbers) for p in contents(_document(play))]
    assert parts == [("Cast list", 0, "¶", "1"),
                     ("The First Act", 0, "ll.", ""),  # two scenes, each counted afresh
                     ("Scene 1", 1, "ll.", "1–2"), ("Scene 2", 1, "ll.", "1–2"),
                     ("Act 2", 0, "ll.", "1–2"), ("Scene 4", 1, "ll.", "1–2"),
                     ("Writing session", 0, "¶", "12")]


def test_a_cast_list_is_named_by_its_head_and_a_poem_by_its_lines():
    from scholion.link.contents import contents
    body = ('<castList><head>Personen.</head><castItem>Alma</castItem></castList>'
            '<lg type="poem"><head>A song</head><l>one</l><l>two</l></lg>'
            '<div type="scene"><l>a</l><l>b</l><p>A letter read out.</p></div>')
    parts = [(p.label, p.unit, p.numbers) for p in contents(_document(body))]
    assert parts == [("Personen.", "¶", "1–2"), ("A song", "ll.", "1–2"),
                     ("Scene", "ll.", "1–2")]  # by what most of it is


def test_names_in_a_variant_reading_are_indexed_at_the_marker_of_its_entry(mini):
    replace_in(mini / "source" / "letter-b.xml", "Thank you for the letter",
               'Thank you for the <app><lem>letter</lem><rdg wit="#B">letter from '
               '<placeName ref="reg:osaka">Osaka</placeName></rdg></app>')
    page = link_edition(load_edition(mini).edition).documents[1]
    reading = next(r for r in page.readings if r.block.id == "b-p1")
    assert reading.text.startswith("Thank you for the letter about Osaka")  # the lemma only
    osaka = [(m.start, m.before, m.text, m.after) for m in reading.mentions
             if m.pointer.keys == ("osaka",)]
    assert osaka == [(len("Thank you for the letter"), "letter from ", "Osaka", ""),
                     (len("Thank you for the letter about "), "Thank you for the letter about ",
                      "Osaka", " in 1974–75.")]


def test_an_entry_of_an_apparatus_apart_is_read_at_the_place_it_names(mini):
    letter = mini / "source" / "letter-a.xml"
    replace_in(letter, "</body>",
               '<div type="apparatus"><listApp><app loc="5"><lem>Trade</lem><rdg wit="#B">'
               'Trade with <placeName ref="reg:osaka">Osaka</placeName></rdg></app>'
               '<app loc="99"><lem>Ships</lem><rdg>Boats</rdg></app></listApp></div></body>')
    edition = load_edition(mini).edition
    document = next(d for d in edition.documents if d.id == "letter-a")
    assert [b.text for b in document.blocks][-1] == "Trade was brisk brisk."
    (app, unplaced) = [n for n in document.body.iter() if n.tag == "app"]
    assert (app.located_at(), unplaced.located_at()) == ("a-p2", None)  # no line 99: in place
    page = next(p for p in link_edition(edition).documents if p.document.id == "letter-a")
    reading = next(r for r in page.readings if r.block.id == "a-p2")
    assert [(m.block_id, m.start, m.before, m.text) for m in reading.mentions] == [
        ("a-p2", len("Trade was brisk brisk."), "Trade with ", "Osaka")]


def test_the_index_lists_events_with_their_mentions(mini):
    index = link_edition(load_edition(mini).edition).index
    assert index.events == index.of("event")
    [arrival] = index.events
    assert arrival.entity.id == "arrival"
    assert [(o.block_id, o.text) for o in arrival.occurrences] == [("a-l1-1", "Ships came")]
    with pytest.raises(AttributeError):
        index.battles  # noqa: B018 - no such kind


def test_a_name_of_no_kind_mentions_the_event_it_points_at_and_nothing_else(mini):
    replace_in(mini / "source" / "letter-a.xml", '<name type="event" ref="reg:arrival">',
               '<name ref="reg:arrival">')
    replace_in(mini / "source" / "letter-b.xml", "Thank you", '<rs ref="reg:osaka">Thank</rs> you')
    site = link_edition(load_edition(mini).edition)
    assert [o.block_id for o in site.index.events[0].occurrences] == ["a-l1-1"]
    osaka = next(e for e in site.index.places if e.entity.id == "osaka")
    assert [o.text for o in osaka.occurrences] == ["Osaka", "Osaka"]  # not "Thank"


@pytest.mark.parametrize(("join", "own"), [
    ("both", "2.-Ships went[sic]."), ("left", "2.-Ships went[sic]."),
    ("right", "2. -Ships went[sic]."), ("", "2. -Ships went[sic]."),
])
def test_a_label_its_item_joins_is_read_without_a_space(mini, join, own):
    """`pc join="left"` or `"both"` first in an item: the witness writes "1-OTS"."""
    joined = f' join="{join}"' if join else ""
    replace_in(mini / "source" / "letter-a.xml", '<item xml:id="a-l1-2" n="4">Ships went',
               f'<item xml:id="a-l1-2" n="4"><pc{joined}>-</pc>Ships went')
    site = link_edition(load_edition(mini).edition)
    readings = {r.block.id: r for p in site.documents for r in p.readings}
    assert readings["a-l1-2"].own == own
    assert readings["a-l1-2"].block.text == "-Ships went[sic]."  # the label is not hashed


def test_the_index_files_entries_by_sort_key_and_later_names_as_cross_references(mini):
    add_filed_entries(mini)
    index = link_edition(load_edition(mini).edition).index
    # Ōta by its name; Shepelenko by his surname, not his initials; Abe Zed by his @sortKey
    assert [(item.see, item.entity.id) for item in index.filed("person")] == [
        (False, "harbour-master"), (False, "shepelenko"), (False, "abe")]
    assert index.letters("person") == [("O", "harbour-master"), ("S", "shepelenko"),
                                       ("Z", "abe")]
    filed = index.filed("place")
    assert [(item.see, item.entity.id) for item in filed] == [
        (False, "leningrad"), (False, "osaka"), (True, "leningrad")]
    assert (filed[2].other.name, filed[2].anchor) == ("Saint Petersburg", "see-1-leningrad")
    assert index.letters("place") == [("L", "leningrad"), ("O", "osaka"),
                                      ("S", "see-1-leningrad")]
    assert [e.entity.id for e in index.places] == ["leningrad", "osaka"]  # entries alone


def test_a_cross_reference_that_would_file_beside_its_entry_is_left_out(mini):
    add_filed_entries(mini)
    replace_in(mini / "source" / "registers.xml", '<placeName type="alternative" from="1991">'
               "Saint Petersburg", '<placeName type="alternative">LENINGRAD')
    index = link_edition(load_edition(mini).edition).index
    assert [item.see for item in index.filed("place")] == [False, False]


@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2003\u3000ab.é", max_size=12))
@settings(max_examples=300, deadline=None)
def test_a_mentions_context_squashes_white_space_as_the_regular_expression_did(text):
    """`_squash` splits instead of `re.sub(r"\\s+", " ", …)` (for speed): the same text,
    Unicode white space included, a run at either end kept as one space."""
    from scholion.link.reading import _squash
    assert _squash(text) == re.sub(r"\s+", " ", text)


def test_a_note_knows_where_its_quote_starts_in_the_raw_text(mini):
    """The index reads a note's raw start (the quote's first character in `Reading.raw`)
    from the note itself: where the white space of the source is not the normal form's."""
    replace_in(mini / "source" / "letter-a.xml", "was busy in <date", "was\n   busy  in <date")
    site = link_edition(load_edition(mini).edition)
    page = next(p for p in site.documents if p.document.id == "letter-a")
    assert page.notes
    for note in page.notes:
        raw = next(r.raw for r in page.readings if r.block.id == note.block_id)
        quoted = raw[note.raw_start:note.offset]
        assert " ".join(quoted.split()) == note.annotation.quote
        assert not quoted[0].isspace() and not quoted[-1].isspace()


@given(st.text(alphabet=" \t\n\u00a0\u2003\x1cab.é", max_size=14), st.data())
@settings(max_examples=300, deadline=None)
def test_a_quotes_raw_offsets_are_those_of_the_normal_forms_map(text, data):
    """`quotes.raw_offsets` gives what the map of `quotes.normalize` gives, without
    making it: a note's place in its block's raw text."""
    from scholion.common.quotes import normalize, raw_offsets
    normal, index = normalize(text)
    offsets = data.draw(st.lists(st.integers(0, len(normal) + 1), max_size=4))
    assert raw_offsets(text, *offsets) == tuple(index[o] if o < len(index) else len(text)
                                                for o in offsets)


@given(st.lists(st.tuples(st.sampled_from(["", "1974", "1974-04", "-0044", "12000", "0001"]),
                          st.sampled_from(["", "1974", "1975-01-02", "-0044"]),
                          st.booleans()), max_size=8))
def test_dates_sort_by_their_order_as_they_compare(values):
    dates = [DateValue(start, end, exact) for start, end, exact in values]
    assert sorted(dates, key=DateValue.order) == sorted(dates)
