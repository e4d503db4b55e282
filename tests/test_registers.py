"""Registers: loading entries, and the rules that tie names in the text to them."""

from __future__ import annotations

import pytest

from conftest import FILED_PERSONS, FILED_PLACES, add_filed_entries, replace_in
from scholion.check import check_edition
from scholion.common.refs import parse_ref
from scholion.load import load_edition

REGISTERS = "source/registers.xml"


def test_register_entries_are_read_in_full(mini):
    registers = load_edition(mini).edition.registers
    assert [(e.kind, e.id) for e in registers.entities] == [
        ("person", "harbour-master"), ("place", "osaka"), ("org", "harbour-office"),
        ("event", "arrival")]
    osaka = registers.get("osaka")
    assert osaka.name == "Osaka" and osaka.original == (("ja", "大阪市"),)
    assert osaka.geo == (34.6938, 135.5011)
    assert osaka.authorities == (("wikidata", "https://www.wikidata.org/entity/Q35765"),
                                 ("geonames", "https://sws.geonames.org/1853909/"))
    assert osaka.sources[0].url == "https://editions.test/osaka"
    person = registers.get("harbour-master")
    assert (person.cert, person.birth, person.variants) == ("low", "1920-05-01",
                                                            ("Harbour Master",))
    assert person.certainty == "Invented, so nobody can be sure."


def problems(root):
    loaded = load_edition(root)
    return [*loaded.diagnostics, *check_edition(loaded.edition)]


def codes(root):
    return sorted(p.code for p in problems(root))


@pytest.mark.parametrize(("old", "new", "code"), [
    ('ref="reg:osaka">Osaka</placeName> was', 'ref="reg:osaka-city">Osaka</placeName> was',
     "W205"),
    ('<placeName ref="reg:osaka">Osaka</placeName> was',
     '<persName ref="reg:osaka">Osaka</persName> was', "E206"),
    ('ref="reg:osaka">Osaka</placeName> was', 'ref="#osaka">Osaka</placeName> was', "W205"),
    ('ref="reg:osaka">Osaka</placeName> was', 'ref="xyz:osaka">Osaka</placeName> was',
     "W207"),
])
def test_reference_rules(mini, old, new, code):
    """A pointer that reaches nothing, or cannot be read, is a warning (the build goes on);
    a name pointing at the wrong kind of entry is an error."""
    replace_in(mini / "source" / "letter-a.xml", old, new)
    found = [p for p in problems(mini) if p.code == code]
    assert len(found) == 1 and found[0].path == "source/letter-a.xml" and found[0].line == 34
    assert found[0].is_error == code.startswith("E")


def test_unused_entry_is_a_warning_not_an_error(mini):
    replace_in(mini / "source" / "letter-a.xml", '<orgName ref="reg:harbour-office">harbour'
               "</orgName>", "harbour")
    found = problems(mini)
    assert [(p.code, p.severity.value, p.path) for p in found] == [
        ("W201", "warning", REGISTERS)]


@pytest.mark.parametrize(("old", "new", "code"), [
    ("https://www.wikidata.org/entity/Q35765", "wikidata.org/Q35765", "E203"),
    ("https://sws.geonames.org/1853909/", "https://sws.geonames.org/osaka/", "E203"),
    ("34.6938 135.5011", "34.6938, north", "E204"),
    ("34.6938 135.5011", "134.6938 135.5011", "E204"),
    ('<org xml:id="harbour-office">', '<org xml:id="a-p1">', "E208"),
    ('<orgName type="normalized">', "<orgName>", "E202"),
    ("<standOff>", "<text><body><p>x</p></body></text><standOff>", None),
])
def test_register_rules(mini, old, new, code):
    replace_in(mini / REGISTERS, old, new)
    found = codes(mini)
    if code is None:  # a <text> before <standOff> is odd TEI but not our concern here
        assert found == []
    else:
        assert code in found, found


def test_registers_without_standoff(mini):
    replace_in(mini / REGISTERS, "<standOff>", "<text><body><p>x</p></body></text><back>")
    replace_in(mini / REGISTERS, "</standOff>", "</back>")
    assert "E201" in codes(mini)


@pytest.mark.parametrize(("ref", "entity_id"), [
    ("reg:osaka", "osaka"), ("reg:osaka-prefecture", "osaka-prefecture"),
    ("#osaka", None), ("reg:", None), ("reg:bad id", None), ("osaka", None),
])
def test_parse_ref(ref, entity_id):
    assert parse_ref(ref) == entity_id


def test_every_reference_and_date_of_the_real_edition_resolves(repo):
    loaded = load_edition(repo)
    found = [*loaded.diagnostics, *check_edition(loaded.edition)]
    assert [d.format() for d in found if d.code[1] in "12"] == []
    refs = [r for d in loaded.edition.documents for n in d.body.iter()
            for r in n.get("ref").split()]  # a description of two entries names both
    assert len(refs) > 150
    assert all(loaded.edition.registers.get(parse_ref(ref)) for ref in refs)


def test_a_note_s_words_are_its_text_with_the_language_of_each_part(repo):
    """`prose_of` is `text_of` with languages: the same words, spaces and all."""
    from lxml import etree

    from scholion.load.registers import prose_of, text_of

    notes = list(etree.parse(str(repo / REGISTERS)).iter("{http://www.tei-c.org/ns/1.0}note"))
    assert len(notes) > 100
    for note in notes:
        assert str(prose_of(note)) == text_of(note)
    note = etree.fromstring('<note xmlns="http://www.tei-c.org/ns/1.0"> City\n (<foreign '
                            'xml:lang="ja"> 大阪市</foreign>)<!-- x --> and <seg>more</seg> '
                            "</note>")
    assert prose_of(note).runs == (("", "City ("), ("ja", " 大阪市"), ("", ") and more"))


# --- filing, other names and uncertain identifiers --------------------------------------


def test_an_entry_is_filed_by_its_sort_key_else_its_surname_first_else_as_shown(mini):
    add_filed_entries(mini)
    registers = load_edition(mini).edition.registers
    shepelenko, abe, master = (registers.get(x) for x in ("shepelenko", "abe",
                                                          "harbour-master"))
    assert (shepelenko.name, shepelenko.sort_key) == ("A. N. Shepelenko", "Shepelenko A. N.")
    assert (abe.name, abe.sort_key) == ("Abe Zed", "Zed_Abe")
    assert (master.name, master.sort_key) == ("Ōta Harbour-Master", "")


def test_a_later_name_and_a_doubted_identifier_are_read_as_such(mini):
    add_filed_entries(mini)
    leningrad = load_edition(mini).edition.registers.get("leningrad")
    assert leningrad.name == "Leningrad" and leningrad.variants == ()
    [later] = leningrad.other_names  # the Russian one is an original-script form
    assert (later.name, later.date.key, later.date.label) == (
        "Saint Petersburg", "1991/..", "from 1991")
    assert leningrad.original == (("ru", "Санкт-Петербург"),)
    wikidata, geonames = (uri for _, uri in leningrad.authorities)
    assert leningrad.uncertain_authorities == ((wikidata, "low"),)
    assert (leningrad.authority_cert(wikidata), leningrad.authority_cert(geonames)) == (
        "low", "")


def test_sort_keys_later_names_and_doubted_identifiers_are_valid_and_draw_no_problem(mini):
    add_filed_entries(mini)
    assert codes(mini) == ["W201"] * 3  # the new entries are not mentioned; nothing else


def test_a_document_s_own_list_is_filed_and_doubted_as_the_registers_are(mini):
    """The lenient reader of lists inside documents reads the same markup (a name made of
    parts alone it lists surname first, as it always has)."""
    place = FILED_PLACES.replace("https://www.wikidata.org/entity/Q656", "Q656")
    replace_in(mini / "source" / "letter-b.xml", "</body>",
               f"</body><back><listPerson>{FILED_PERSONS}</listPerson>"
               f"<listPlace>{place}</listPlace></back>")
    registers = load_edition(mini).edition.registers
    shepelenko, abe, leningrad = (registers.get(f"letter-b.{x}")
                                  for x in ("shepelenko", "abe", "leningrad"))
    assert (shepelenko.name, shepelenko.sort_key, shepelenko.variants) == (
        "Shepelenko, A. N.", "Shepelenko A. N.", ("A.N. SHEPELENKO",))
    assert abe.sort_key == "Zed_Abe"
    assert [o.name for o in leningrad.other_names] == ["Saint Petersburg"]
    assert leningrad.variants == ()  # a later name is no form of the text
    assert leningrad.uncertain_authorities == (("https://www.wikidata.org/entity/Q656", "low"),)


def test_the_1987_index_heads_by_the_names_of_1987_and_says_which_identifiers_are_doubted(
        real_site):
    index = real_site.index
    names = {e.entity.id: e.entity.name for kind in ("person", "place", "org")
             for e in index.of(kind)}
    assert (names["kistanov"], names["leningrad"], names["matsushita-electric"]) == (
        "V. O. Kistanov", "Leningrad", "Matsushita Electric Industrial Co., Ltd.")
    assert not any(later in name for name in names.values()
                   for later in ("Panasonic", "Petersburg", "Valery"))
    letters = dict(index.letters("person"))
    assert letters["K"] == "kistanov" and letters["S"] == "shepelenko" and "A" not in letters
    see = {(item.other.name, item.entity.id) for item in index.filed("place") if item.see}
    assert ("Saint Petersburg", "leningrad") in see
    registers = real_site.registers
    jica, matsushita = registers.get("jica"), registers.get("matsushita-electric")
    assert "isni" not in dict(jica.authorities)  # two sources, two ISNIs: neither given
    assert dict(jica.uncertain_authorities) == {  # one source, labelled as the later body
        "https://viaf.org/viaf/136632802": "low",
        "https://www.wikidata.org/entity/Q958590": "medium",
        "https://ror.org/022es3t03": "medium"}
    assert matsushita.uncertain_authorities == (
        ("https://www.wikidata.org/entity/Q53247", "low"),)
    assert {cert for _, cert in registers.get("suntory").uncertain_authorities} == {"medium"}
