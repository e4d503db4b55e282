"""References: every pointer form `common.refs` reads, and the fixture editions that use
them (a letter listing its own people, two letters sharing a register file, a scene)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from conftest import FIXTURES, replace_in
from scholion import pipeline
from scholion.common.refs import (
    Scope,
    authority,
    authority_entity_id,
    entity_id,
    expand,
    mention_of,
    namespace_of,
    resolve,
)
from scholion.load import load_edition
from scholion.load.lists import _degrees, is_register_file, name_text
from scholion.load.registers import coordinates
from scholion.model import Entity, Node, PrefixDef, Registers

LETTER = "source/letters/one.xml"
PERSONS = "source/persons.xml"


def entry(edition_id: str, path: str, xml_id: str, kind: str = "person",
          authorities: tuple[tuple[str, str], ...] = ()) -> Entity:
    return Entity(id=edition_id, kind=kind, name=edition_id, line=1, path=path,
                  xml_id=xml_id, authorities=authorities)


REGISTERS = Registers("source/registers.xml", (
    entry("osaka", "source/registers.xml", "osaka", "place",
          (("wikidata", "https://www.wikidata.org/entity/Q35765"),)),
    entry("persons.p19", PERSONS, "p19"),
    entry("one.p1", LETTER, "p1", authorities=(("gnd", "https://d-nb.info/gnd/118540238"),)),
    entry("osaka-city", "source/registers.xml", "osaka-city", "org",
          (("wikidata", "https://www.wikidata.org/entity/Q35765"),)),
))
SCOPE = Scope(LETTER, (
    PrefixDef("psn", r"(p\d+)", "../persons.xml#$1", 7),
    PrefixDef("wd", r"(Q\d+)", "https://www.wikidata.org/entity/$1", 8),
    PrefixDef("bad", "(", "#$1", 9),
    PrefixDef("loop", "(.*)", "psn:$1", 10),
), REGISTERS)


@pytest.mark.parametrize(("token", "kind", "reached"), [
    ("#p1", "", "one.p1"),  # a list in the same file
    ("one.xml#p1", "", "one.p1"),  # the same file, named
    ("../persons.xml#p19", "", "persons.p19"),  # another file, relative to this one
    ("../persons.xml#p20", "", None),
    ("psn:p19", "", "persons.p19"),  # a prefixDef of the document
    ("reg:osaka", "", "osaka"),  # registers.xml, with no prefixDef declaring 'reg'
    ("wd:Q35765", "place", "osaka"),  # a prefixDef expanding to an authority URI
    ("http://www.wikidata.org/wiki/Q35765", "org", "osaka-city"),  # the entry of that kind
    ("https://d-nb.info/gnd/118540238/", "person", "one.p1"),
    ("https://d-nb.info/gnd/1", "person", None),  # a known authority no entry carries
    ("gnd:118540238", "person", "one.p1"),  # an authority's name as undeclared prefix
    ("wd:Q35765", "org", "osaka-city"),  # a declared prefix wins over the authority
    ("p19", "", "persons.p19"),  # a bare key: the first file that lists it
    ("osaka", "", "osaka"),
    ("#p19", "", None),  # not in this file
    ("../../outside.xml#p1", "", None),
])
def test_each_pointer_form_reaches_its_entry(token, kind, reached):
    target = resolve(token, SCOPE, kind)
    assert (target.entity.id if target.entity else None) == reached
    assert target.readable


@pytest.mark.parametrize(("token", "why"), [
    ("xyz:p1", "not declared"),
    ("psn:q1", "does not match"),
    ("bad:p1", "not a regular expression"),
    ("loop:p1", "another prefixed pointer"),
    ("#", "xml:id"),
    ("a b/c", "neither"),
])
def test_pointers_scholion_cannot_read_say_why(token, why):
    target = resolve(token, SCOPE)
    assert target.entity is None and not target.readable and why in target.problem


def test_an_authority_no_entry_carries_is_named_not_lost():
    target = resolve("https://www.wikidata.org/entity/Q42", SCOPE, "person")
    assert (target.entity, target.uri, target.readable) == (
        None, "https://www.wikidata.org/entity/Q42", True)


@pytest.mark.parametrize(("uri", "canonical"), [
    ("http://www.wikidata.org/wiki/Q42", ("wikidata", "https://www.wikidata.org/entity/Q42")),
    ("http://www.geonames.org/2950159/berlin.html",
     ("geonames", "https://sws.geonames.org/2950159/")),
    ("http://viaf.org/viaf/113230702/", ("viaf", "https://viaf.org/viaf/113230702")),
    ("https://d-nb.info/gnd/118540238", ("gnd", "https://d-nb.info/gnd/118540238")),
    ("https://example.org/person/1", None),
])
def test_authority_uris_are_recognised_however_spelt(uri, canonical):
    assert authority(uri) == canonical


def test_ids_are_namespaced_stably_and_valid_as_html_ids():
    assert entity_id("letter-a", "p1") == "letter-a.p1"
    assert namespace_of("source/list person.v2.xml") == "list-person-v2"
    assert authority_entity_id("place", "http://www.geonames.org/2950159/berlin.html") == \
        "place.geonames.2950159"


@pytest.mark.parametrize(("parts", "name"), [
    ("<forename>Anna</forename><surname>Berg</surname>", "Berg, Anna"),
    ("<forename>Johann Wolfgang</forename> <nameLink>von</nameLink> <surname>Goethe</surname>",
     "Goethe, Johann Wolfgang von"),
    ("<surname>Berg</surname>", "Berg"),
    ("<roleName>Dr.</roleName><forename>Anna</forename>", "Dr. Anna"),
    ("Anna <surname>Berg</surname>", "Anna Berg"),  # written out: as written
    ("<forename>Anna</forename>, <surname>Berg</surname>", "Anna, Berg"),
])
def test_a_name_made_of_parts_is_listed_surname_first(parts, name):
    tei = f'<persName xmlns="http://www.tei-c.org/ns/1.0">{parts}</persName>'
    assert name_text(etree.fromstring(tei)) == name


@pytest.mark.parametrize(("geo", "point"), [
    ("51.5 -0.1", (51.5, -0.1)), ("51.5, -0.1", (51.5, -0.1)), ("51.5,-0.1", (51.5, -0.1)),
    ("48,208333 16,373056", (48.208333, 16.373056)), ("north", None), ("91 0", None),
])
def test_coordinates_are_read_as_encoders_write_them(geo, point):
    assert coordinates(_degrees(geo)) == point


def test_a_prefixdef_rewrites_with_its_groups():
    assert expand(PrefixDef("x", r"([a-z]+)-(\d+)", "f.xml#$2-$1"), "ab-12") == "f.xml#12-ab"
    assert expand(PrefixDef("x", r"[a-z]+", "f.xml#$1"), "ab") == "f.xml#"
    assert expand(PrefixDef("x", r"[a-z]+", "f.xml"), "AB") is None


def test_a_name_points_with_its_first_attribute_that_reaches_something():
    name = Node("persName", (("key", "p19"), ("ref", "#nobody #p1 reg:osaka")))
    pointer = mention_of(name, SCOPE)
    assert (pointer.kind, pointer.keys) == ("person", ("one.p1", "osaka"))
    assert mention_of(Node("persName", (("ref", "#nobody"),)), SCOPE) is None
    assert mention_of(Node("sp", (("who", "#p1"),)), SCOPE).keys == ("one.p1",)
    assert mention_of(Node("rs", (("ref", "#p1"),)), SCOPE) is None  # of no kind


# --- the fixture editions ----------------------------------------------------------------

def edition_copy(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return root


def built(root: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    out = tmp_path / "site"
    result = pipeline.build(root, out, cache=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out, [d.format() for d in result.diagnostics]


def index(out: Path, page: str) -> dict[str, tuple[str, list[str]]]:
    """Entry id -> (name, the ¶ links of its mentions), as the index page shows them."""
    html = lxml.html.parse(str(out / page)).getroot()
    return {li.get("id"): (li.find("h2").text.strip(),
                           li.xpath(".//ol[@class='occurrences']//a/@href"))
            for li in html.find_class("entry")}


@pytest.mark.parametrize("name", ["particdesc", "shared-register", "play"])
def test_the_fixture_editions_build_without_a_word_of_warning(name, tmp_path):
    _, said = built(edition_copy(name, tmp_path), tmp_path)
    assert said == []


def test_a_letter_that_lists_its_own_people(tmp_path):
    out, _ = built(edition_copy("particdesc", tmp_path), tmp_path)
    assert index(out, "persons.html") == {
        "letter-c.p1": ("Berg, Anna", ["letter-c.html#c-p1", "letter-c.html#c-p2"]),
        "letter-c.p2": ("Carl Dorn", ["letter-c.html#c-p1", "letter-c.html#c-p2"])}
    assert index(out, "places.html") == {"letter-c.town": ("Eastbrook",
                                                           ["letter-c.html#c-p1"])}
    assert index(out, "organizations.html") == {
        "letter-c.club": ("The Eastbrook Rowing Club", ["letter-c.html#c-p2"])}
    persons = lxml.html.parse(str(out / "persons.html")).getroot()
    anna = persons.get_element_by_id("letter-c.p1").text_content()
    assert "The writer of the letter." in anna and "“A. B.”" in anna
    assert "Born 1 February 1870" in anna  # in words; the ISO form in <time datetime>
    assert persons.xpath("//*[@id='letter-c.p1']//time/@datetime") == ["1870-02-01"]
    assert persons.xpath("//a[text()='VIAF']/@href") == ["https://viaf.org/viaf/98765"]
    geo = json.loads((out / "data" / "places.geojson").read_text())
    assert geo["features"][0]["geometry"]["coordinates"] == [-0.1, 51.5]


def test_lists_in_the_back_are_not_reading_text(tmp_path):
    out, _ = built(edition_copy("particdesc", tmp_path), tmp_path)
    page = lxml.html.parse(str(out / "letter-c.html")).getroot()
    assert page.find_class("tei-back")[0].text_content().strip() == ""
    assert not page.find_class("tei-listOrg") and not page.find_class("tei-org")
    assert "Organizations" not in (out / "data" / "letter-c.txt").read_text()
    blocks = json.loads((out / "data" / "letter-c.json").read_text())["blocks"]
    assert [b["id"] for b in blocks] == ["c-p1", "c-p2"]


def test_anchors_minted_in_a_document_with_lists_are_those_of_its_text(tmp_path):
    """Nothing inside a list is a block: minting gives the paragraphs the anchors the build
    used, and none to the heading or paragraph of a list in the back."""
    root = edition_copy("particdesc", tmp_path)
    letter = root / "source" / "letter-c.xml"
    (root / "source" / "anchors.lock").unlink()
    for n in ("1", "2"):
        replace_in(letter, f' xml:id="c-p{n}" n="{n}"', "")
    replace_in(letter, "<head>Organizations</head>", "<head>Organizations</head><p>Clubs.</p>")
    before = letter.read_text()
    assert pipeline.mint_anchors(root).ok
    after = letter.read_text()
    assert len(re.findall(r'<p xml:id="[^"]+">', after)) == 2  # the two of the body
    assert re.sub(r'<p xml:id="[^"]+">', "<p>", after) == before


def test_two_letters_share_a_register_file(tmp_path):
    out, _ = built(edition_copy("shared-register", tmp_path), tmp_path)
    assert index(out, "persons.html") == {
        "listperson.p1": ("Emma Fold", ["letter-d.html#d-p1", "letter-e.html#e-p1"]),
        "listperson.p2": ("Gustav Hahn", ["letter-d.html#d-p1", "letter-e.html#e-p1"])}
    collection = (out / "index.html").read_text()
    assert "letter-d.html" in collection and "listperson" not in collection
    assert not (out / "listperson.html").exists()
    assert not (out / "data" / "registers.xml").exists()
    persons = lxml.html.parse(str(out / "persons.html")).getroot()
    assert persons.xpath("//a[text()='GND']/@href") == ["https://d-nb.info/gnd/118540238"]


def test_an_entry_of_a_register_file_that_nothing_mentions_is_a_warning(tmp_path):
    root = edition_copy("shared-register", tmp_path)
    replace_in(root / "source" / "letter-d.xml", '<persName ref="listperson.xml#p2">Gustav'
               "</persName>", "Gustav")
    replace_in(root / "source" / "letter-e.xml", '<persName ref="psn:p2">Gustav</persName>',
               "Gustav")
    found = [(d.code, d.path, d.line) for d in pipeline.check(root).diagnostics
             if d.code != "W402"]
    assert found == [("W201", "source/listperson.xml", 19)]


def test_speakers_are_mentions_of_whom_their_speech_names(tmp_path):
    out, _ = built(edition_copy("play", tmp_path), tmp_path)
    assert index(out, "persons.html") == {
        "play.a": ("Alma", ["play.html#s-1", "play.html#s-2", "play.html#s-4"]),
        "play.b": ("Bruno", ["play.html#s-2", "play.html#s-4"])}
    page = lxml.html.parse(str(out / "play.html")).getroot()
    speakers = [(s.tag, a.get("href"), a.get("title"), a.text)
                for s in page.find_class("tei-speaker") for a in s.iter("a")]
    assert speakers == [("p", "persons.html#play.a", "Alma", "ALMA."),
                        ("p", "persons.html#play.b", "Bruno", "BRUNO."),
                        ("p", "persons.html#play.a", "Alma; Bruno", "BOTH.")]
    mentions = json.loads((out / "data" / "play.json").read_text())["mentions"]
    assert mentions[-1] == {"block": "s-4", "text": "BOTH.", "kind": "person",
                            "entity": "play.a", "also": ["play.b"], "cert": ""}


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    ('<persName ref="#p2">Carl</persName>', '<persName ref="#p3">Carl</persName>', "W205",
     40),
    ('<persName key="p2">', '<persName key="xyz:p2">', "W207", 41),
    ('<orgName ref="#club">', '<orgName ref="#club letters.xml#club">', "W205", 41),
    ('<persName key="p2">', '<persName key="p2" corresp="#ghost">', "W205", 41),
    ('<idno type="wikidata">Q123456</idno>', '<idno type="wikidata">Q-one</idno>', "W203",
     20),
    ("<geo>51.5, -0.1</geo>", "<geo>north</geo>", "W203", 32),
    ('<birth when="1870-02-01"/>', '<birth when="1 Feb 1870"/>', "W115", 19),  # check's
])
def test_what_cannot_be_followed_is_a_warning_at_its_line(tmp_path, old, new, code, line):
    root = edition_copy("particdesc", tmp_path)
    replace_in(root / "source" / "letter-c.xml", old, new)
    _, said = built(root, tmp_path)
    assert len(said) == 1 and said[0].startswith(f"source/letter-c.xml:{line}:")
    assert f"warning[{code}]" in said[0]


def test_an_unresolved_name_is_plain_text_and_out_of_the_index(tmp_path):
    root = edition_copy("particdesc", tmp_path)
    replace_in(root / "source" / "letter-c.xml", '<placeName ref="#town">',
               '<placeName ref="#nowhere">')
    out, said = built(root, tmp_path)
    # and no W201 for the unmentioned place: a document's own list is no register
    assert [s.split(": ")[1] for s in said] == ["warning[W205]"]
    assert index(out, "places.html") == {"letter-c.town": ("Eastbrook", [])}
    page = lxml.html.parse(str(out / "letter-c.html")).getroot()
    assert page.xpath("//span[@class='tei-placeName']/text()") == ["Eastbrook"]


def test_a_name_of_the_wrong_kind_is_still_an_error(tmp_path):
    root = edition_copy("particdesc", tmp_path)
    replace_in(root / "source" / "letter-c.xml", '<placeName ref="#town">',
               '<placeName ref="#p1">')
    result = pipeline.check(root)
    assert [(d.code, d.path, d.line) for d in result.diagnostics if d.is_error] == [
        ("E206", "source/letter-c.xml", 40)]


def test_an_authority_named_only_in_the_text_gets_an_entry(tmp_path):
    root = edition_copy("particdesc", tmp_path)
    replace_in(root / "source" / "letter-c.xml", '<orgName ref="#club">the club</orgName>',
               '<orgName ref="http://www.wikidata.org/wiki/Q9">the club</orgName> and '
               '<placeName ref="https://www.wikidata.org/entity/Q9">the club house</placeName>')
    out, said = built(root, tmp_path)
    assert [s.split(": ")[1] for s in said] == ["warning[W402]"]  # the text of ¶ 2 changed
    assert index(out, "organizations.html")["org.wikidata.Q9"] == (
        "the club", ["letter-c.html#c-p2"])
    assert index(out, "places.html")["place.wikidata.Q9"] == (
        "the club house", ["letter-c.html#c-p2"])


def test_ids_of_different_files_never_meet(tmp_path):
    """Two letters may both list a `p1`: each is its own entry, named by its letter."""
    root = edition_copy("particdesc", tmp_path)
    letter = (root / "source" / "letter-c.xml").read_text()
    (root / "source" / "letter-f.xml").write_text(
        letter.replace("letter-c", "letter-f").replace('xml:id="c-', 'xml:id="f-')
        .replace(">Berg<", ">Frost<"), encoding="utf-8")
    registers = load_edition(root).edition.registers
    assert {e.id: e.name for e in registers.entities if e.xml_id == "p1"} == {
        "letter-c.p1": "Berg, Anna", "letter-f.p1": "Frost, Anna"}
    assert {d.code for d in pipeline.check(root).diagnostics} <= {"W403"}


@pytest.mark.parametrize(("text", "register"), [
    ("<text><body><listPerson><head>Persons</head></listPerson></body></text>", True),
    ("<text><body><div><head>Places</head><listPlace/></div></body></text>", True),
    ("<text><body><p/></body></text><standOff><listOrg/></standOff>", True),
    ("<standOff><listEvent/></standOff>", True),
    ("<text><body><p>A word.</p><listPerson/></body></text>", False),
    ("<text><body><p>A word.</p></body><back><listBibl/></back></text>", False),
    ("<text><body><head>Only a heading</head></body></text>", False),
])
def test_a_register_file_holds_lists_and_nothing_to_read(text, register):
    root = etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>{text}</TEI>')
    assert is_register_file(root) == register


def test_a_bad_date_in_a_register_file_is_a_warning_once(tmp_path):
    root = edition_copy("shared-register", tmp_path)
    replace_in(root / "source" / "listperson.xml", '<date when="1950"/>',
               '<date when="about 1950"/>')
    result = pipeline.check(root)
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [
        ("W115", "source/listperson.xml", 21)]
    assert load_edition(root).edition.registers.get("listperson.p2").death == ""


def test_a_role_of_the_cast_list_is_whom_a_speech_names(tmp_path):
    root = edition_copy("play", tmp_path)
    replace_in(root / "source" / "play.xml", '<div type="scene">',
               '<div type="cast"><castList><castItem><role xml:id="c">Carla</role>'
               '<roleDesc>, a neighbour</roleDesc></castItem></castList></div>'
               '<div type="scene">')
    replace_in(root / "source" / "play.xml", '<sp who="#b">', '<sp who="#b #c">')
    out, said = built(root, tmp_path)
    assert not [s for s in said if "W205" in s]
    assert index(out, "persons.html")["play.c"] == ("Carla", ["play.html#s-2"])
    page = lxml.html.parse(str(out / "persons.html")).getroot()
    assert "a neighbour" in page.get_element_by_id("play.c").text_content()


def test_a_documents_scope_is_made_once_for_the_same_registers(mini):
    """Load, check, link and render each read every pointer of a document: they share
    its scope, and what it remembers, while the registers are the same object; other
    registers (an entry changed) get a scope of their own, which answers for them."""
    from dataclasses import replace

    from scholion.common.refs import scope_of
    edition = load_edition(mini).edition
    document, registers = edition.documents[0], edition.registers
    assert registers is not None
    scope = scope_of(document, registers)
    assert scope_of(document, registers) is scope
    assert scope_of(edition.documents[1], registers) is not scope
    assert resolve("reg:osaka", scope, "place").entity is not None
    fewer = replace(registers, entities=tuple(e for e in registers.entities
                                              if e.id != "osaka"))
    other = scope_of(document, fewer)
    assert other is not scope and resolve("reg:osaka", other, "place").entity is None
    assert scope_of(document, registers) is not scope  # made again, and right
    assert resolve("reg:osaka", scope_of(document, registers), "place").entity is not None
