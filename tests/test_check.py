"""Stage `check`: collection-wide rules."""

from __future__ import annotations

import gzip

import lxml.html
import pytest
from lxml import etree

from conftest import replace_in
from scholion import pipeline
from scholion.check import check_edition
from scholion.common.dates import DATABLE, calendar_point, iso_span, nonconforming, w3c_span
from scholion.common.langs import html_lang
from scholion.load import load_edition
from scholion.model import Node


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


def test_a_language_tag_that_is_none_is_a_warning_once_and_a_non_canonical_one_is_fine(mini):
    path = mini / "source" / "letter-a.xml"
    replace_in(path, '<p xml:id="a-p2" n="5">', '<p xml:id="a-p2" n="5" xml:lang="zzz">')
    replace_in(path, "Trade was", '<foreign xml:lang="zzz">Trade</foreign> <foreign '
               'xml:lang="deu">was</foreign>')
    problems = check(mini)
    assert [(p.code, p.line) for p in problems] == [("W118", 39)]
    assert 'xml:lang="zzz"' in problems[0].message


def test_language_tags_are_written_as_html_wants_them():
    assert [html_lang(t) for t in ("deu", "fre", "zh-tw", "grc", "ar-Latn-x-ijmes", "zzz",
                                   "", "en-")] == ["de", "fr", "zh-TW", "grc",
                                                   "ar-Latn-x-ijmes", "", "", ""]


def test_number_reused_in_one_document_is_a_warning(mini):
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2" n="5"', 'xml:id="a-p2" n="2"')
    problems = check(mini)
    assert [p.code for p in problems] == ["W113"]
    assert "'a-p1'" in problems[0].message


def test_document_id_reused(mini):
    replace_in(mini / "source" / "letter-b.xml", ">letter-b<", ">letter-a<")
    assert [p.code for p in check(mini)] == ["E114"]


def test_bad_date_normalization_is_a_warning(mini):
    replace_in(mini / "source" / "letter-a.xml", '<date when="1974">', '<date when="1974-02-30">')
    problems = check(mini)
    assert [(p.code, p.line, p.is_error) for p in problems] == [("W115", 34, False)]
    assert '@when="1974-02-30" on <date>' in problems[0].message and problems[0].hint


def built(root, out):
    """Build the edition into `out`: the result must succeed, whatever it warns of."""
    result = pipeline.build(root, out, cache=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


# (file, what to replace, by what): @from/@to/@when that are not dates in TEI's sense
NOT_DATES = [
    ("letter-a.xml", "<msContents><summary>A short letter about two harbours.</summary>",
     '<msContents><summary>A short letter about two harbours.</summary>'
     '<msItem><locus from="1r" to="2v">ff. 1r–2v</locus></msItem>'),
    ("letter-a.xml", "Trade was <choice>",
     'Trade was <anchor xml:id="w1"/><app from="#w1" to="#w5"><rdg wit="#draft"/></app>'
     '<anchor xml:id="w5"/><choice>'),
    ("letter-b.xml", "<closer>", '<closer><span from="#b-p1" to="#b-sig"/>'),
]


def test_folios_and_pointers_are_not_dates_and_the_edition_builds(mini, tmp_path):
    for name, old, new in NOT_DATES:
        replace_in(mini / "source" / name, old, new)
    assert check(mini) == []
    result = built(mini, tmp_path / "site")
    assert result.diagnostics == ()
    page = (tmp_path / "site" / "letter-a.html").read_text(encoding="utf-8")
    assert "ff. 1r–2v" not in page  # the header's manuscript description is not the text


# (file, what to replace, by what, the line of the warning): dates of the text, the headers
# and the registers that do not conform
BAD_DATES = [
    ("letter-a.xml", '<date when="1974">', '<date when="1974-02-30">', 34),
    ("letter-b.xml", '<date from="1974" to="1975">', '<date from="1974" to="75">', 20),
    ("letter-a.xml", '<date when="1974-04-18">', '<date when="April 1974">', 24),  # creation
    ("letter-b.xml", "</profileDesc>", '</profileDesc>\n    <revisionDesc><change '
     'when="yesterday">Encoded.</change></revisionDesc>', 17),
    ("registers.xml", '<birth when="1920-05-01"/>', '<birth when="c. 1920"/>', 15),
]


@pytest.mark.parametrize(("name", "old", "new", "line"), BAD_DATES,
                         ids=[f"{name}:{line}" for name, *_, line in BAD_DATES])
def test_a_bad_date_is_warned_of_at_its_line_and_the_build_goes_on(mini, tmp_path, name, old,
                                                                  new, line):
    replace_in(mini / "source" / name, old, new)
    result = built(mini, tmp_path / "site")
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [
        ("W115", f"source/{name}", line)]


def test_a_bad_date_is_not_read_as_a_date(mini, tmp_path):
    replace_in(mini / "source" / "letter-a.xml", '<date when="1974">', '<date when="1974-02-30">')
    replace_in(mini / "source" / "letter-a.xml", '<date when="1974-04-18">',
               '<date when="April 1974">')
    replace_in(mini / "source" / "registers.xml", '<birth when="1920-05-01"/>',
               '<birth when="c. 1920"/>')
    built(mini, tmp_path / "site")
    edition = load_edition(mini).edition
    site = pipeline.plan(edition)
    assert [d.value.key for d in site.index.dates] == ["1974/1975"]  # letter-b's only
    letter_a = next(d for d in edition.documents if d.id == "letter-a")
    assert letter_a.meta.date == "" and edition.registers.entities[0].birth == ""
    assert [d.id for d in edition.documents] == ["letter-b", "letter-a"]  # undated: last
    page = lxml.html.parse(str(tmp_path / "site" / "letter-a.html")).getroot()
    for data in page.iter("script"):  # the entity cards' data: the register's own dates
        data.getparent().remove(data)
    shown = lxml.html.tostring(page, encoding="unicode")
    assert "1974-02-30" not in shown and "April 1974" not in shown


# Every XML Schema type att.datable.w3c allows (TEI's own examples among them), and the
# calendar point each gives the chronology ("" for none).
W3C_FORMS = [
    ("1974", "1974"),  # gYear
    ("0056", "0056"),
    ("-0056", "-0056"),  # 56 BCE
    ("12000", "12000"),  # more than four digits, no leading zero
    ("1974Z", "1974"),
    ("1962-10", "1962-10"),  # gYearMonth
    ("1974-04-18", "1974-04-18"),  # date
    ("2000-02-29", "2000-02-29"),
    ("-0044-03-15", "-0044-03-15"),
    ("1974-04-18+09:00", "1974-04-18"),
    ("1996-09-24T07:25:00Z", "1996-09-24"),  # dateTime: its day
    ("1999-01-04T20:42:00-05:00", "1999-01-04"),
    ("1987-04-01T10:30:00.5", "1987-04-01"),
    ("1999-12-31T24:00:00", "1999-12-31"),
    ("14:12:38", ""),  # time: no point in the chronology
    ("13:00:00", ""),
    ("13:00:00+14:00", ""),
    ("--08", ""),  # gMonth
    ("--06-12", ""),  # gMonthDay
    ("--02-29", ""),
    ("---01", ""),  # gDay
]
NOT_W3C = ["", "74", "01974", "0000", "-0000", "1974-13", "1974-00", "1974-02-29",
           "1900-02-29", "1974-04-31", "1974-4-18", "1974/04/18", "April 1974",
           "1987-04-01T10:30", "13:00", "25:00:00", "24:00:01", "1974-04-18T", "1974-W16",
           "1974-108", "1974-04-18T10:00:00+15:00", "--13", "---32", "--04-31",
           " 1974", "1974 ", "c. 1974", "1r", "#w1"]
# The ISO 8601 subset att.datable.iso accepts beyond the W3C forms, with its span.
ISO_FORMS = [
    ("19740418", ("1974-04-18", "1974-04-18")),  # basic format (in @when: year 19740418)
    ("1974-108", ("1974-04-18", "1974-04-18")),  # ordinal
    ("1976366", ("1976-12-31", "1976-12-31")),
    ("1974-W16-4", ("1974-04-18", "1974-04-18")),  # week date
    ("1974W164", ("1974-04-18", "1974-04-18")),
    ("1974-W16", ("1974-04-15", "1974-04-21")),  # a week: its days
    ("2020-W53", ("2020-12-28", "2021-01-03")),
    ("+12000", ("12000", "12000")),  # expanded year
    ("0000", ("0000", "0000")),  # ISO has a year zero
    ("2006-05-18T10:03", ("2006-05-18", "2006-05-18")),
    ("1996-09-24T07:25+00", ("1996-09-24", "1996-09-24")),
    ("1999-W01-1T20,70-05", ("1999-01-04", "1999-01-04")),
    ("14", ("", "")),  # times: no point
    ("15,5", ("", "")),
    ("03:00", ("", "")),
    ("T1230", ("", "")),
    ("24:00", ("", "")),
    ("P8D", ("", "")),  # durations
    ("PT2H30M", ("", "")),
    ("P2W", ("", "")),
    ("P1Y2M3DT4H5M6.5S", ("", "")),
    ("1974/1975", ("1974", "1975")),  # intervals
    ("1974-04-15/1974-04-18", ("1974-04-15", "1974-04-18")),
    ("1974-W16/1974-W17", ("1974-04-15", "1974-04-28")),
    ("2007-06-01/P8D", ("", "")),
    ("P1Y/1975", ("", "")),
    ("R5/1974/1975", ("", "")),  # a recurrence
    ("R/P1D", ("", "")),
]
NOT_ISO = ["", "1974-13", "1974-02-29", "1974-366", "2021-W53", "1974-W00", "1974-W16-8",
           "25", "24:30", "P", "PT", "P1YT", "P1Y/P2Y", "1974/75", "1974/..",
           "1974/1975/1976", "R5/P1Y/P2Y", "R/R/1974", "1974-04-18T", "1974-04-18TT10",
           "1974?", "April 1974"]


@pytest.mark.parametrize(("value", "point"), W3C_FORMS)
def test_every_w3c_form_is_accepted_with_its_point(value, point):
    assert w3c_span(value) == (point, point)
    assert iso_span(value) == (point, point)  # the ISO datatype admits every W3C form
    assert calendar_point(value) == point


@pytest.mark.parametrize("value", NOT_W3C)
def test_what_is_not_a_w3c_form(value):
    assert w3c_span(value) is None
    assert calendar_point(value) == ""


@pytest.mark.parametrize(("value", "span"), ISO_FORMS)
def test_the_iso_subset_is_accepted_with_its_span(value, span):
    assert iso_span(value) == span


@pytest.mark.parametrize("value", NOT_ISO)
def test_what_is_not_in_the_iso_subset(value):
    assert iso_span(value) is None


RNG = "{http://relaxng.org/ns/structure/1.0}"


def datable_in_schema() -> set[str]:
    """The elements the bundled tei_all gives att.datable's attributes, directly or through
    another attribute class: what TEI itself dates."""
    from importlib.resources import files

    with files("scholion.schemas").joinpath("tei_all.rng.gz").open("rb") as raw:
        grammar = etree.parse(gzip.GzipFile(fileobj=raw))
    defines = {d.get("name"): d for d in grammar.iter(RNG + "define")}

    def reaches_datable(node, seen: set[str]) -> bool:
        for ref in node.iter(RNG + "ref"):
            name = ref.get("name")
            if name == "att.datable.attributes":
                return True
            if name.startswith("att.") and name not in seen and name in defines:
                seen.add(name)
                if reaches_datable(defines[name], seen):
                    return True
        return False

    return {e.get("name") for e in grammar.iter(RNG + "element")
            if e.get("name") and reaches_datable(e, set())}


def test_the_dated_elements_are_those_tei_dates():
    assert datable_in_schema() == DATABLE - {"docDate"}
    assert {"date", "time", "origDate", "birth", "death", "floruit", "event", "change"} <= DATABLE
    assert not {"locus", "app", "span", "arc", "rt", "biblScope", "citedRange"} & DATABLE


@pytest.mark.parametrize(("tag", "attrs", "flagged"), [
    ("date", {"when": "1974-13"}, ["when"]),
    ("date", {"when": "1974", "when-iso": "1974-W99"}, ["when-iso"]),
    ("date", {"from": "1974", "to": "April 1975"}, ["to"]),
    ("time", {"notAfter": "13:00"}, ["notAfter"]),  # a time has seconds
    ("time", {"notAfter": "13:00:00"}, []),
    ("time", {"notAfter-iso": "13:00"}, []),
    ("birth", {"when": "c. 1920"}, ["when"]),
    ("change", {"when": "2026-11-28T10:00:00Z"}, []),
    ("docDate", {"when": "1987-04-01"}, []),
    ("docDate", {"when": "1.4.87"}, ["when"]),
    ("relation", {"from": "1920", "to": "1930"}, []),  # att.datable too
    # another calendar: @calendar describes the content; @when-custom is not Gregorian
    ("date", {"calendar": "#julian", "when": "1632-06-06"}, []),
    ("date", {"when-custom": "5734-07-26", "datingMethod": "#hebrew"}, []),
    ("date", {"when-custom": "Hijri 1394", "datingMethod": "#hijri"}, []),
    # not dates at all: folios, pointers
    ("locus", {"from": "1r", "to": "2v"}, []),
    ("app", {"from": "#w1", "to": "#w5"}, []),
    ("span", {"from": "#x"}, []),
    ("p", {"when": "yesterday"}, []),
])
def test_which_dating_attributes_do_not_conform(tag, attrs, flagged):
    assert [name for name, *_ in nonconforming(Node(tag, tuple(attrs.items())))] == flagged


def test_the_hint_says_what_to_write():
    (_, _, iso), = nonconforming(Node("date", (("when", "1987-04-01T10:30"),)))
    (_, _, other), = nonconforming(Node("date", (("when", "Tishri 5734"),)))
    assert "@when-iso" in iso and "seconds" in iso
    assert "@when-custom" in other and "@datingMethod" in other


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
    replace_in(mini / "source" / "letter-a.xml", 'when="1974"', 'when="1974-13"')
    replace_in(mini / "source" / "letter-b.xml", "</closer>", "</closer><p>x</p>")
    found = located(mini)
    assert len(found) == len(set(found)), found
    assert {code for *_, code in found} == {"E302", "E306", "E305", "W110", "W111", "W115",
                                            "E401"}


REFS = """
      <p xml:id="b-p2" n="3">See <ref target="letter-a.xml#a-p1">the letter</ref>,
        <ref target="letter-a#a-l1-1">its first item</ref>, <ptr target="#b-sig"/>,
        <ref target="reg:osaka">the city</ref> and
        <ref target="https://example.org/">a site</ref>.</p>
"""


def _with_refs(mini, refs: str) -> None:
    replace_in(mini / "source" / "letter-b.xml", "      <closer>", refs + "      <closer>")


def test_refs_to_documents_elements_entries_and_the_web_are_clean(mini):
    _with_refs(mini, REFS)
    assert check(mini) == []


def test_a_ref_that_reaches_nothing_is_a_warning_at_its_line(mini):
    _with_refs(mini, """      <p xml:id="b-p2" n="3">
        <ref target="#nowhere">a</ref>
        <ptr target="letter-a.xml#nothing"/>
        <ref target="letter-z.xml#a-p1">c</ref>
        <ref target="../../outside.xml#x">d</ref>
        <ref target="letter-a#a-p2 #b-p1 #gone">e</ref>
        <ref target="#a-p1">an id of another document</ref>
      </p>
""")
    problems = check(mini)
    assert [(p.code, p.path, p.line) for p in problems] == [
        ("W124", "source/letter-b.xml", line) for line in (22, 23, 24, 25, 26, 27)]
    assert "'nowhere'" in problems[0].message and "source/letter-a.xml" in problems[1].message
    assert "no document of the edition is at source/letter-z.xml" in problems[2].message
    assert "outside the edition" in problems[3].message
    assert 'target="#gone"' in problems[4].message  # each pointer of a target on its own
    assert all(not p.is_error for p in problems)


def test_a_script_data_or_file_target_is_never_a_link(mini):
    _with_refs(mini, """      <p xml:id="b-p2" n="3"><ref target="javascript:alert(1)">a</ref>
        <ref target="data:text/html,x">b</ref> <ptr target="FILE:///etc/passwd"/>
        <ref target="urn:isbn:0451450523">d</ref></p>
""")
    problems = check(mini)
    assert [(p.code, p.line) for p in problems] == [("W125", 21), ("W125", 22), ("W125", 22),
                                                    ("W125", 23)]
    assert "javascript: address runs or embeds" in problems[0].message
    assert "'urn:' is neither a web address nor a prefix" in problems[3].message


def test_a_ref_into_a_document_that_did_not_load_says_nothing_more(mini):
    replace_in(mini / "source" / "letter-a.xml", '<p xml:id="a-p2" n="5">',
               '<p xml:id="a-p2" n="5"><ref target="letter-b.xml#b-p1">there</ref> ')
    replace_in(mini / "source" / "letter-b.xml", "</closer>", "</closer><unclosed>")
    result = pipeline.check(mini)
    codes = {d.code for d in result.diagnostics}
    assert "E101" in codes and "W124" not in codes
def test_line_numbers_counted_again_in_each_poem_are_no_reused_numbers(mini):
    poem = '<lg type="poem"><l xml:id="a-{0}1">x</l><l xml:id="a-{0}2" n="{1}">y</l></lg>'
    letter = mini / "source" / "letter-a.xml"
    replace_in(letter, "</body>", poem.format("x", "") + poem.format("y", "") + "</body>")
    assert check(mini) == []  # each poem's lines 1 and 2: counted, so by design
    replace_in(letter, "</body>", poem.format("z", "7") + poem.format("w", "7") + "</body>")
    problems = check(mini)  # the source's own numbers, used twice: said, as ever
    assert [p.code for p in problems] == ["W113"] and "'a-z2'" in problems[0].message


# --- events ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "found"), [
    # an organization's name pointing at an event is a mistake of kind, and the other way
    ('<name type="event" ref="reg:arrival">Ships came</name>',
     '<orgName ref="reg:arrival">Ships came</orgName>', [("E206", 36)]),
    ('<name type="event" ref="reg:arrival">Ships came</name>',
     '<rs type="event" ref="reg:harbour-office">Ships came</rs>', [("E206", 36), ("W201", 38)]),
    ('<name type="event" ref="reg:arrival">', '<name type="event" ref="reg:departure">',
     [("W205", 36), ("W201", 38)]),
])
def test_event_mentions_follow_the_rules_of_every_kind(mini, old, new, found):
    replace_in(mini / "source" / "letter-a.xml", old, new)
    assert [(p.code, p.line) for p in check(mini)] == found


def test_a_name_of_no_kind_may_point_anywhere_without_a_warning(mini):
    """Only an event's is its own: a bibliography, an ORCID, a person — never W205/E206."""
    for ref in ("reg:departure", "https://orcid.org/0000-0002-1825-0097", "reg:harbour-office"):
        replace_in(mini / "source" / "letter-a.xml", 'Trade was',
                   f'<name ref="{ref}">Trade</name> was')
        assert check(mini) == [], ref
        replace_in(mini / "source" / "letter-a.xml", f'<name ref="{ref}">Trade</name> was',
                   "Trade was")


def test_an_event_no_text_names_is_unmentioned_and_a_bad_date_is_warned_at_its_line(mini):
    replace_in(mini / "source" / "letter-a.xml", '<name type="event" ref="reg:arrival">'
               "Ships came</name>", "Ships came")
    replace_in(mini / "source" / "registers.xml", 'from="1974-04"', 'from="April 1974"')
    assert [(p.code, p.path, p.line) for p in check(mini)] == [
        ("W115", "source/registers.xml", 38), ("W201", "source/registers.xml", 38)]
    # the value is not read: the entry has no date
    assert load_edition(mini).edition.registers.get("arrival").date is None
