"""Stage `load`: secure XML parsing, TEI to model, configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, replace_in
from scholion.load import load_document, load_edition
from scholion.load.config import load_config
from scholion.load.tei import slug_id
from scholion.load.xml import parse_xml

HOSTILE = FIXTURES / "hostile"
CORRESPONDENCE = FIXTURES / "correspondence" / "source" / "letter-b.xml"


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


# --- hostile and broken XML ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("external-file-entity.xml", "E102", 2),
        ("external-network-entity.xml", "E102", 2),
        ("parameter-entity.xml", "E102", 3),  # the declaration of %remote;
        ("entity-bomb.xml", "E102", 6),  # lol3, the first entity nested 4 levels deep
        ("entity-loop.xml", "E102", 3),
        ("quadratic-blowup.xml", "E102", 4),  # the reference that crosses the limit
        ("unparsed-entity.xml", "E102", 4),
        ("xinclude.xml", "E103", 3),
        ("malformed.xml", "E101", 5),
    ],
)
def test_hostile_xml_is_refused_with_a_located_diagnostic(name, code, line):
    parsed, problems = parse_xml((HOSTILE / name).read_bytes(), name)
    assert parsed is None
    assert code in codes(problems)
    first = next(p for p in problems if p.code == code)
    assert first.path == name and first.line == line


def test_external_entity_is_never_resolved():
    """The entity points at a real local file; its content must appear nowhere."""
    secret = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    data = (HOSTILE / "external-file-entity.xml").read_bytes()
    parsed, problems = parse_xml(data, "x.xml")
    assert parsed is None
    assert not secret or all(secret not in p.message for p in problems)


def test_deep_nesting_is_refused_not_recursed():
    parsed, problems = parse_xml((HOSTILE / "deep-nesting.xml").read_bytes(), "deep.xml")
    assert parsed is None
    assert codes(problems) == ["E101"]
    assert "depth" in problems[0].message.lower() or "nest" in problems[0].message.lower()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E101"),
        (b"   \n", "E101"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E004"),
        ("<TEI>café</TEI>".encode("latin-1"), "E004"),
    ],
)
def test_unreadable_bytes(data, code):
    parsed, problems = parse_xml(data, "bad.xml")
    assert parsed is None and codes(problems) == [code]


def test_non_utf8_byte_is_located():
    data = "<a>\n<b>caf\xe9</b></a>".encode("latin-1")
    _, problems = parse_xml(data, "bad.xml")
    assert (problems[0].line, problems[0].column) == (2, 7)


def test_bom_crlf_and_processing_instructions_are_fine():
    data = (
        "\ufeff<?xml version='1.0' encoding='UTF-8'?>\r\n"
        "<?xml-model href='tei_all.rng' type='application/xml'?>\r\n<a>é\r\n</a>\r\n"
    )
    parsed, problems = parse_xml(data.encode("utf-8"), "ok.xml")
    assert problems == [] and parsed is not None


# --- TEI to model ------------------------------------------------------------------------


def test_document_model_from_fixture(mini):
    document, problems = load_document(mini, mini / "source" / "letter-a.xml")
    assert problems == []
    assert document.id == "letter-a"
    assert document.path == "source/letter-a.xml"
    assert document.meta.title == "A letter about harbours"
    assert document.meta.date == "1974-04-18"
    assert document.meta.repository == "Fixture Archive"
    assert document.meta.original_language == "Russian"
    assert [(b.id, b.n, b.tag) for b in document.blocks] == [
        ("a-head", "1", "head"),
        ("a-p1", "2", "p"),
        ("a-l1-1", "3", "item"),
        ("a-l1-2", "4", "item"),
        ("a-p2", "5", "p"),
    ]
    assert document.blocks[1].text == "The harbour of Osaka was busy in 1974."


def test_comments_are_dropped_but_their_tail_text_is_kept(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, "Thank you", "Thank <!-- a comment --> you")
    document, _ = load_document(mini, path)
    assert document.blocks[0].text == "Thank you for the letter about Osaka in 1974–75."


def test_not_tei_root(mini):
    path = mini / "source" / "letter-b.xml"
    path.write_text('<html xmlns="http://www.w3.org/1999/xhtml"/>', encoding="utf-8")
    document, problems = load_document(mini, path)
    assert document is None and codes(problems) == ["E104"]


def test_missing_header_parts_are_all_reported(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, "<title>A reply about harbours</title>", "")
    replace_in(path, "<sourceDesc><p>Invented for Scholion's tests.</p></sourceDesc>", "")
    document, problems = load_document(mini, path)
    assert document is None
    assert codes(problems) == ["E105", "E105"]
    assert "title" in problems[0].message and "sourceDesc" in problems[1].message


def test_without_an_idno_the_document_id_is_the_file_name_made_a_slug(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, '<idno type="scholion">letter-b</idno>', "")
    renamed = path.rename(mini / "source" / "Brief_Nr. 12 (Entwurf).xml")
    document, problems = load_document(mini, renamed)
    assert document.id == "brief-nr-12-entwurf" and problems == []


@pytest.mark.parametrize(("stem", "expected"), [
    ("letter-b", "letter-b"), ("Ödön_von_Horváth", "odon-von-horvath"), ("index", "index-text"),
    ("___", "document"), ("x" * 80, "x" * 58)])
def test_slug_ids(stem, expected):
    assert slug_id(stem) == expected


def test_blocks_without_id_or_number_get_provisional_ones_said_once(mini):
    path = mini / "source" / "letter-a.xml"
    for block in ('a-p1" n="2"', 'a-l1-1" n="3"', 'a-l1-2" n="4"'):
        anchor, number = block.split('" n=')
        replace_in(path, f' xml:id="{anchor}" n={number}', "")
    document, problems = load_document(mini, path)
    assert sorted(codes(problems)) == ["W110", "W111"]
    assert "3 of 5 citable blocks have no xml:id" in problems[0].message
    found = [(b.id, b.n, b.provisional, b.numbered) for b in document.blocks]
    assert found == [("a-head", "1", False, True), ("p1", "2", True, False),
                     ("a-l1-item1", "3", True, False), ("a-l1-item2", "4", True, False),
                     ("a-p2", "5", False, True)]


def test_a_provisional_anchor_is_never_an_id_the_document_has(mini):
    path = mini / "source" / "letter-a.xml"
    replace_in(path, ' xml:id="a-p1" n="2"', "")
    replace_in(path, 'xml:id="a-p2"', 'xml:id="p1"')
    document, _ = load_document(mini, path)
    assert [b.id for b in document.blocks if b.tag == "p"] == ["p1x", "p1"]


def test_tei_examples_are_never_blocks(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, "Thank you", '<egXML xmlns="http://www.tei-c.org/ns/Examples"><p>An '
               'example</p></egXML> Thank you')
    document, problems = load_document(mini, path)
    assert problems == [] and [b.id for b in document.blocks] == ["b-p1", "b-sig"]


# --- the header, rule by rule -------------------------------------------------------------


def header_document(tmp_path: Path, *, title_stmt: str = "<title>T</title>", profile: str = "",
                    source: str = "<p>Invented.</p>", root: str = "", text: str = "",
                    front: str = ""):
    """A minimal TEI document with the given header parts, loaded without problems."""
    xml = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"{root}>
  <teiHeader>
    <fileDesc>
      <titleStmt>{title_stmt}</titleStmt>
      <publicationStmt><publisher>P</publisher><idno type="scholion">doc</idno></publicationStmt>
      <sourceDesc>{source}</sourceDesc>
    </fileDesc>
    <profileDesc>{profile}</profileDesc>
  </teiHeader>
  <text{text}>{front}<body><p xml:id="p1" n="1">Text.</p></body></text>
</TEI>"""
    path = tmp_path / "source" / "doc.xml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(xml, encoding="utf-8")
    document, problems = load_document(tmp_path, path)
    assert problems == [], [p.format() for p in problems]
    return document


@pytest.mark.parametrize(("titles", "expected"), [
    ('<title level="s">Series</title><title type="main">Main</title>', "Main"),
    ('<title level="s">Series</title><title level="a">Letter</title>', "Letter"),
    ('<title level="a">Part</title><title type="main">Main</title>', "Main"),
    ('<title level="s">Series</title><title level="j">Journal</title>'
     '<title level="m">Book</title><title type="sub">Sub</title>', "Sub"),
    ('<title level="s">Series</title><title>Letter to B</title>', "Letter to B"),
    ('<title level="s">Series only</title><title level="m">Book</title>', "Series only"),
    ("<title>First</title><title>Second</title>", "First"),
])
def test_title_is_the_documents_own_not_the_series(tmp_path, titles, expected):
    assert header_document(tmp_path, title_stmt=titles).meta.title == expected


SENT = "<correspAction type='sent'>{}</correspAction>"
CREATION = '<creation><date when="1802-07-01">1 July 1802</date></creation>'


@pytest.mark.parametrize(("profile", "front", "source", "date", "text"), [
    # the sending of a letter comes before its creation date
    ("<correspDesc>" + SENT.format('<date when="1802-06-02">2. Juni 1802</date>')
     + "</correspDesc>" + CREATION, "", "", "1802-06-02", "2. Juni 1802"),
    # a span or a vague range sorts by its earliest known day
    ("<correspDesc>" + SENT.format('<date from="1802-06-02" to="1802-06-03"/>')
     + "</correspDesc>", "", "", "1802-06-02", "2 June 1802 to 3 June 1802"),
    ("<correspDesc>" + SENT.format('<date notBefore="1802-06" notAfter="1802-08">'
                                   "summer 1802</date>") + "</correspDesc>",
     "", "", "1802-06", "summer 1802"),
    ("<correspDesc>" + SENT.format('<date notAfter="1802-08-31"/>') + "</correspDesc>",
     "", "", "1802-08-31", "not after 31 August 1802"),
    # a received date is not the letter's date; a sent date without normalization is no date
    ("<correspDesc><correspAction type='received'><date when='1802-09-09'/></correspAction>"
     + SENT.format("<date>undated</date>") + "</correspDesc>" + CREATION,
     "", "", "1802-07-01", "1 July 1802"),
    ("", '<front><docDate when="1802-05-05">5 May</docDate></front>',
     "<bibl><date when='1802-04-04'>4 April</date></bibl>", "1802-05-05", "5 May"),
    # the source's description: its origin first, a printed source's imprint never
    ("", "", "<bibl><date when='1802-04-04'/></bibl><msDesc><msIdentifier><idno>1</idno>"
     "</msIdentifier><history><origin><origDate when='1802-03-03'>3 March</origDate>"
     "</origin></history></msDesc>", "1802-03-03", "3 March"),
    ("", "", "<biblStruct><monogr><title>Briefe</title><imprint><date when='1905'/>"
     "</imprint></monogr></biblStruct>", "", ""),
])
def test_date_precedence_and_earliest_known_day(tmp_path, profile, front, source, date, text):
    document = header_document(tmp_path, profile=profile, front=front,
                               source=source or "<p>Invented.</p>")
    assert (document.meta.date, document.meta.date_text) == (date, text)


def test_an_invalid_sent_date_is_passed_over_for_the_next_source(tmp_path):
    """It is not a date (check says so, W115, at its line); the creation date is one."""
    profile = "<correspDesc>" + SENT.format('<date when="2 June 1802"/>') + "</correspDesc>"
    assert header_document(tmp_path, profile=profile + CREATION).meta.date == "1802-07-01"


def test_correspondents_and_places(tmp_path):
    profile = """<correspDesc>
      <correspAction type="sent">
        <persName ref="https://d-nb.info/gnd/118557211">Jean Paul</persName>
        <persName>Caroline <idno type="gnd">1</idno>Richter</persName>
        <placeName>Hof</placeName><placeName>Bayreuth</placeName>
        <date when="1802-06-02"/>
      </correspAction>
      <correspAction type="received">
        <orgName>Verlag <note>a note</note>Cotta</orgName><placeName>Tübingen</placeName>
      </correspAction>
    </correspDesc>"""
    meta = header_document(tmp_path, profile=profile).meta
    assert meta.senders == ("Jean Paul", "Caroline Richter") and meta.sent_place == "Hof"
    assert meta.addressees == ("Verlag Cotta",) and meta.received_place == "Tübingen"
    assert meta.senders_text == "Jean Paul and Caroline Richter" and meta.is_letter


def test_a_document_without_correspdesc_is_no_letter(tmp_path):
    meta = header_document(tmp_path).meta
    assert (meta.senders, meta.addressees, meta.sent_place, meta.received_place) == \
        ((), (), "", "")
    assert not meta.is_letter


@pytest.mark.parametrize(("root", "text", "profile", "lang"), [
    (' xml:lang="de"', ' xml:lang="fr"', "", "de"),
    ("", ' xml:lang="fr"', '<langUsage><language ident="de"/></langUsage>', "fr"),
    ("", "", '<langUsage><language ident="fr" usage="10"/><language ident="de" usage="90"/>'
             "</langUsage>", "de"),
    ("", "", '<langUsage><language ident="it">Italian</language><language ident="la"/>'
             "</langUsage>", "it"),
    ("", "", "", "en"),
])
def test_language_from_root_text_or_langusage(tmp_path, root, text, profile, lang):
    assert header_document(tmp_path, root=root, text=text, profile=profile).lang == lang


def test_authors_are_names_without_authority_numbers(tmp_path):
    title_stmt = """<title>T</title>
      <author>Paul Scheerbart <idno type="wikidata">Q62435</idno>
        <idno type="gnd">118606816</idno></author>
      <author><persName>Bruno <surname>Taut</surname></persName>
        <idno type="gnd">118620878</idno><affiliation>Gläserne Kette</affiliation></author>
      <author><name>Anonymous</name><note>attributed</note></author>
      <author><orgName>The Harbour Office</orgName></author>
      <author>  Erich   Baron <note>uncertain</note> <affiliation>X</affiliation></author>
      <author><idno>only a number</idno></author>"""
    assert header_document(tmp_path, title_stmt=title_stmt).meta.authors == (
        "Paul Scheerbart", "Bruno Taut", "Anonymous", "The Harbour Office", "Erich Baron")


@pytest.mark.parametrize("resp", [
    "<resp>translation for CWIHP</resp>",
    "<resp>Translated by</resp>",
    '<resp key="trl">Übersetzung</resp>',
    '<resp ref="http://id.loc.gov/vocabulary/relators/trl">Übersetzung</resp>',
])
def test_translator_by_resp_words_or_relator_code(tmp_path, resp):
    title_stmt = f"""<title>T</title>
      <respStmt><resp>encoding</resp><persName>Not Me</persName></respStmt>
      <respStmt>{resp}<persName>Daniel Rozas <idno type="viaf">1</idno></persName></respStmt>"""
    assert header_document(tmp_path, title_stmt=title_stmt).meta.translator == "Daniel Rozas"


def test_no_translator_without_a_translation_resp(tmp_path):
    title_stmt = """<title>T</title><respStmt><resp ref="#control">control</resp>
      <persName>Not Me</persName></respStmt>"""
    assert header_document(tmp_path, title_stmt=title_stmt).meta.translator == ""


# --- the edition as a whole ----------------------------------------------------------------


def test_edition_orders_documents_by_date_then_id(mini):
    loaded = load_edition(mini)
    assert loaded.diagnostics == ()
    assert [d.id for d in loaded.edition.documents] == ["letter-a", "letter-b"]


def test_a_letter_sorts_by_the_day_it_was_sent(mini):
    """letter-b's creation date (1975) sorts it last; as a letter it was sent not before
    20 December 1973, so it comes first, and its header is read as correspondence."""
    shutil.copy(CORRESPONDENCE, mini / "source" / "letter-b.xml")
    loaded = load_edition(mini)
    assert loaded.diagnostics == ()
    assert [d.id for d in loaded.edition.documents] == ["letter-b", "letter-a"]
    letter = loaded.edition.documents[0]
    assert letter.lang == "en-GB"
    assert letter.meta.title == "The Harbour Master to the Harbour Office, winter 1973–74"
    assert letter.meta.authors == ("The Harbour Master",)
    assert (letter.meta.date, letter.meta.date_text) == ("1973-12-20", "winter 1973–74")
    assert letter.meta.addressees == ("The Harbour Office",)


def test_no_documents(mini):
    for path in (mini / "source").glob("*.xml"):
        path.unlink()
    assert codes(load_edition(mini).diagnostics) == ["E003"]


def test_symlink_out_of_the_repository_is_refused(mini, tmp_path):
    outside = tmp_path / "outside.xml"
    outside.write_text((mini / "source" / "letter-b.xml").read_text())
    (mini / "source" / "link.xml").symlink_to(outside)
    problems = load_edition(mini).diagnostics
    assert codes(problems) == ["E005"] and problems[0].path == "source/link.xml"


# --- configuration ---------------------------------------------------------------------------


def test_config_reads_the_table(mini):
    config, problems = load_config(mini)
    assert problems == [] and config.title == "Fixture Letters"
    assert config.base_url == "https://editions.test/letters/"


def test_config_reports_every_problem_with_its_line(mini):
    path = mini / "pyproject.toml"
    replace_in(path, 'base_url = "https://editions.test/letters/"', 'base_url = "editions.test"')
    replace_in(path, 'title = "Fixture Letters"', 'titel = "Fixture Letters"')
    config, problems = load_config(mini)
    assert config is None
    found = {(p.code, p.line) for p in problems}
    assert ("E002", 3) in found  # unknown key 'titel', on its own line
    assert ("E002", 5) in found  # base_url not absolute
    assert any("missing key 'title'" in p.message for p in problems)


def test_config_suggests_the_key_a_typo_meant(mini):
    replace_in(mini / "pyproject.toml", "[tool.scholion]\n", '[tool.scholion]\nlangauge = "en"\n')
    config, problems = load_config(mini)
    assert config is None and codes(problems) == ["E002"]
    assert problems[0].line == 3 and "unknown key 'langauge'" in problems[0].message
    assert problems[0].hint == "did you mean 'language'?"


def test_config_editors_may_be_one_name_or_a_list_of_names(mini):
    config, _ = load_config(mini)
    assert config.editors == ("The fixture editors",)
    assert config.editors_text == "The fixture editors"
    replace_in(mini / "pyproject.toml", 'editors = "The fixture editors"',
               'editors = ["Ana Ruiz", " Ben  Okafor", "Chen Wei"]')
    config, problems = load_config(mini)
    assert problems == [] and config.editors == ("Ana Ruiz", "Ben Okafor", "Chen Wei")
    assert config.editors_text == "Ana Ruiz, Ben Okafor and Chen Wei"


@pytest.mark.parametrize("value", ["[]", '["Ana Ruiz", 3]', '["Ana Ruiz", " "]', "3", '" "'])
def test_config_editors_must_be_names(mini, value):
    replace_in(mini / "pyproject.toml", 'editors = "The fixture editors"', f"editors = {value}")
    config, problems = load_config(mini)
    assert config is None and codes(problems) == ["E002"] and problems[0].line == 4
    assert "'editors' must be a name or a list of names" in problems[0].message


def test_config_invalid_toml_is_located(mini):
    (mini / "pyproject.toml").write_text("[tool.scholion]\ntitle = \n", encoding="utf-8")
    config, problems = load_config(mini)
    assert config is None and codes(problems) == ["E001"] and problems[0].line == 2


def test_config_refuses_folders_outside_the_repository(mini):
    path = mini / "pyproject.toml"
    replace_in(path, "[tool.scholion]\n", '[tool.scholion]\nsource_dir = "../elsewhere"\n')
    _, problems = load_config(mini)
    assert codes(problems) == ["E002"] and "inside the repository" in problems[0].message


def test_config_readings_choose_the_view_the_text_follows(mini):
    config, _ = load_config(mini)
    assert config.readings == "diplomatic"  # the fixture is documentary, as the 1987 one
    replace_in(mini / "pyproject.toml", 'readings = "diplomatic"', 'readings = "modernised"')
    config, problems = load_config(mini)
    assert config is None and codes(problems) == ["E002"]
    assert "'normalised' or 'diplomatic'" in problems[0].message


def test_the_edition_view_decides_which_reading_the_blocks_hold(mini):
    """The fixture's letter has `<sic>brisk brisk</sic><corr>brisk</corr>`."""
    text = {b.id: b.text for b in load_edition(mini).edition.documents[0].blocks}
    assert text["a-p2"] == "Trade was brisk brisk."
    replace_in(mini / "pyproject.toml", 'readings = "diplomatic"', 'readings = "normalised"')
    text = {b.id: b.text for b in load_edition(mini).edition.documents[0].blocks}
    assert text["a-p2"] == "Trade was brisk."


def test_oversize_input_is_refused_before_parsing():
    data = b"<TEI>" + b"x" * 6_000_000 + b"</TEI>"
    parsed, problems = parse_xml(data, "big.xml")
    assert parsed is None and codes(problems) == ["E004"] and "limit" in problems[0].message


def test_base_url_can_be_set_by_the_environment(mini, monkeypatch):
    monkeypatch.setenv("SCHOLION_BASE_URL", "https://someone.github.io/edition")
    config, problems = load_config(mini)
    assert problems == [] and config.base_url == "https://someone.github.io/edition/"
    monkeypatch.setenv("SCHOLION_BASE_URL", "not a url")
    config, problems = load_config(mini)
    assert config is None and codes(problems) == ["E002"]


# --- control characters (E007) ----------------------------------------------------------


def only_e007(problems):
    assert codes(problems) == ["E007"], [p.format() for p in problems]
    return problems[0]


A_P1 = '<p xml:id="a-p1" n="2">The '  # on line 34 of letter-a.xml, after 6 spaces


@pytest.mark.parametrize(("written", "character"), [
    ("\x1b", "U+001B"),  # C0: libxml2 refuses it too, but as E101 with no advice
    ("\x93", "U+0093"),  # C1 and DEL are legal XML 1.0, yet never wanted in a text
    ("\x7f", "U+007F"),
    ("&#x85;", "U+0085"),  # a character reference is decoded into the text
    ("&#127;", "U+007F"),
])
def test_control_character_in_tei_is_refused_at_its_line_and_column(mini, written, character):
    letter = mini / "source" / "letter-a.xml"
    replace_in(letter, A_P1, A_P1 + written)
    document, problems = load_document(mini, letter)
    problem = only_e007(problems)
    assert document is None and problem.path == "source/letter-a.xml"
    assert (problem.line, problem.column) == (34, 34) and character in problem.message


def test_c1_character_hint_names_the_windows_1252_character(mini):
    letter = mini / "source" / "letter-a.xml"
    replace_in(letter, A_P1, A_P1 + "\x93harbour\x94")
    _, problems = load_document(mini, letter)
    assert "'“'" in only_e007(problems).hint


def test_control_character_reference_in_an_attribute_is_refused(mini):
    letter = mini / "source" / "letter-a.xml"
    replace_in(letter, A_P1, '<p xml:id="a-p1" n="&#x9b;2">The ')
    _, problems = load_document(mini, letter)
    problem = only_e007(problems)
    assert (problem.line, problem.column) == (34, 27) and "'&#x9b;'" in problem.message


def test_tab_crlf_and_ordinary_references_are_not_control_characters(mini):
    letter = mini / "source" / "letter-a.xml"
    replace_in(letter, A_P1, A_P1 + "\t&#x2014;&#9;&#10;")
    letter.write_bytes(letter.read_bytes().replace(b"\n", b"\r\n"))
    document, problems = load_document(mini, letter)
    assert problems == [] and document is not None


def test_control_character_in_the_registers_is_refused(mini):
    replace_in(mini / "source" / "registers.xml", "An invented harbour", "An invented\x1c harbour")
    problem = only_e007([d for d in load_edition(mini).diagnostics])
    assert (problem.path, problem.line, problem.column) == ("source/registers.xml", 16, 45)


def test_control_character_in_the_anchor_registry_is_refused_but_the_registry_read(mini):
    replace_in(mini / "source" / "anchors.lock", "# Readers cite", "# Readers\x0c cite")
    loaded = load_edition(mini)
    problem = only_e007(list(loaded.diagnostics))
    assert (problem.path, problem.line, problem.column) == ("source/anchors.lock", 2, 10)
    assert loaded.edition.anchor_lock.entries  # its anchors still count


@pytest.mark.parametrize(("old", "new", "line", "column", "written"), [
    ('title = "Fixture Letters"', 'title = "Fixture\\u001bLetters"', 3, 17,
     "U+001B (written '\\u001b')"),
    ('editors = "The fixture editors"', 'editors = ["A", "Ana\x85 Ruiz"]', 4, 21, "U+0085 is"),
])
def test_control_character_in_a_config_value_is_refused(mini, old, new, line, column, written):
    replace_in(mini / "pyproject.toml", old, new)
    config, problems = load_config(mini)
    problem = only_e007(problems)
    assert config is None and problem.path == "pyproject.toml"
    assert (problem.line, problem.column) == (line, column) and written in problem.message


# --- XInclude: never followed ---------------------------------------------------------------

XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'


def test_an_xinclude_in_the_header_is_left_out_with_a_warning(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, 'xml:lang="en">', f'xml:lang="en" {XI}>')
    replace_in(path, "</profileDesc>", '</profileDesc><encodingDesc><xi:include '
               'href="../alists/taxonomies.xml"/></encodingDesc>')
    document, problems = load_document(mini, path)
    assert document is not None and codes(problems) == ["W103"]
    assert "'../alists/taxonomies.xml' not followed" in problems[0].message


def test_an_xinclude_in_the_text_gives_way_to_its_fallback(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, 'xml:lang="en">', f'xml:lang="en" {XI}>')
    replace_in(path, "Thank you", 'Thank <xi:include href="other.xml"><xi:fallback>you '
               '<hi>so much</hi></xi:fallback></xi:include> indeed')
    document, problems = load_document(mini, path)
    assert codes(problems) == ["W103"]
    assert document.blocks[0].text.startswith("Thank you so much indeed for the letter")


def test_an_xinclude_in_the_text_without_fallback_is_refused(mini):
    parsed, problems = parse_xml((FIXTURES / "hostile" / "xinclude.xml").read_bytes(), "x.xml")
    assert parsed is None and codes(problems) == ["E103"]
    assert "no <xi:fallback>" in problems[0].message


def test_a_provisional_anchor_never_takes_an_id_of_the_header(mini):
    path = mini / "source" / "letter-a.xml"
    replace_in(path, ' xml:id="a-p1" n="2"', "")
    replace_in(path, "</profileDesc>", '<particDesc><listPerson><person xml:id="p1"><persName>'
               "A</persName></person></listPerson></particDesc></profileDesc>")
    document, _ = load_document(mini, path)
    assert [b.id for b in document.blocks if b.tag == "p"] == ["p1x", "a-p2"]


# --- verse line numbers ----------------------------------------------------------------


def _line_numbers(tei: str) -> list[tuple[str, str, bool]]:
    from scholion.load.tei import TEI_NS, anchored_blocks, to_node
    parsed, problems = parse_xml(f'<text xmlns="{TEI_NS}"><body>{tei}</body></text>'.encode(),
                                 "verse.xml")
    assert parsed is not None, problems
    _, blocks, _ = anchored_blocks(to_node(parsed.tree.getroot()), "verse.xml")
    return [(b.tag, b.n, b.verse) for b in blocks]


def test_verse_lines_are_numbered_through_their_poem_and_their_scene():
    sonnets = "".join(f'<lg type="sonnet"><lg>{"<l>x</l>" * 2}</lg><lg><l>y</l></lg></lg>'
                      for _ in range(2))
    assert [n for _, n, _ in _line_numbers(sonnets)] == ["1", "2", "3", "1", "2", "3"]
    scenes = ('<div type="scene"><sp><l>a</l><l part="I">b</l></sp><sp><l part="F">c</l>'
              '<lg><l>d</l></lg></sp></div><div type="scene"><sp><l>e</l></sp></div>')
    assert [n for _, n, _ in _line_numbers(scenes)] == ["1", "2", "2", "3", "1"]


def test_a_line_number_of_the_source_is_counted_on_from_and_quoted_verse_is_not_verse():
    numbered = '<lg><l n="1.4">a</l><l>b</l><l n="5a">c</l><l>d</l></lg>'
    assert [n for _, n, _ in _line_numbers(numbered)] == ["1.4", "1.5", "5a", "1.6"]
    quoted = ('<p>As he says: <quote><l>one</l><l>two</l></quote></p>'
              '<quote><lg><l>three</l></lg></quote><lg><l>four</l></lg>')
    assert _line_numbers(quoted) == [("p", "1", False), ("l", "2", False), ("l", "3", False),
                                     ("l", "4", False), ("l", "1", True)]


def test_an_apparatus_entry_pointing_at_nothing_is_said_and_drawn_where_it_stands(mini):
    replace_in(mini / "source" / "letter-a.xml", "Trade was",
               'Trade <anchor xml:id="t1"/>was<app from="#t1" to="#t1"><lem>was</lem>'
               '<rdg>is</rdg></app><app to="#gone"><lem>x</lem><rdg>y</rdg></app>')
    loaded = load_edition(mini)
    assert [(d.code, d.line) for d in loaded.diagnostics if d.code == "W126"] == [
        ("W126", 39)]
    document = next(d for d in loaded.edition.documents if d.id == "letter-a")
    assert [n.located_at() for n in document.body.iter() if n.tag == "app"] == ["t1", ""]
    assert document.blocks[-1].text == "Trade was brisk brisk."  # no lemma read twice


# --- events: a fourth kind of entry ---------------------------------------------------------

EVENTS = """<listEvent>
        <event xml:id="fair" from="1954-04" to="1954-05">
          <label type="main">Osaka International Trade Fair</label>
          <label>the Osaka fair</label>
          <label xml:lang="ja">大阪国際見本市</label>
          <desc>A trade fair, first held in <placeName>Osaka</placeName>.</desc>
          <idno type="wikidata">Q42</idno>
        </event>
        <event xml:id="fire" when="1850"><desc>The great fire</desc></event>
        <event xml:id="spring" when="spring 1850"><p>A season</p><p>of rain.</p></event>
      </listEvent>"""


def test_events_listed_in_a_document_are_entries_of_their_own_kind(mini):
    replace_in(mini / "source" / "letter-b.xml", "</body>", f"</body><back>{EVENTS}</back>")
    loaded = load_edition(mini)
    registers = loaded.edition.registers
    fair, fire, spring = (registers.get(f"letter-b.{x}") for x in ("fair", "fire", "spring"))
    assert (fair.kind, fair.name, fair.variants, fair.original) == (
        "event", "Osaka International Trade Fair", ("the Osaka fair",),
        (("ja", "大阪国際見本市"),))
    assert fair.description == "A trade fair, first held in Osaka."
    assert fair.authorities == (("wikidata", "https://www.wikidata.org/entity/Q42"),)
    assert (fair.date.key, fair.date.label) == ("1954-04/1954-05", "April 1954 to May 1954")
    # named by its desc when it has no label; described by its paragraphs
    assert (fire.name, fire.description, fire.date.key) == ("The great fire", "", "1850")
    assert (spring.description, spring.date) == ("A season of rain.", None)
    lines = (mini / "source" / "letter-b.xml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "spring 1850" in text)
    assert [(d.code, d.path, d.line) for d in loaded.diagnostics if d.code == "W115"] == [
        ("W115", "source/letter-b.xml", line)]


def test_an_event_of_the_registers_is_named_by_its_normalized_label(mini):
    arrival = load_edition(mini).edition.registers.get("arrival")
    assert (arrival.kind, arrival.name, arrival.variants) == (
        "event", "The arrival of the ships", ("Ships came",))
    assert (arrival.description, arrival.date.key) == ("An invented event.", "1974-04/1974-05")
    assert arrival.authorities == (("wikidata", "https://www.wikidata.org/entity/Q123456"),)


def test_an_event_of_the_registers_without_a_normalized_label_is_refused(mini):
    replace_in(mini / "source" / "registers.xml", '<label type="normalized">',
               '<label type="main">')
    loaded = load_edition(mini)
    assert [d.message for d in loaded.diagnostics if d.code == "E202"] == [
        "entry 'arrival' has no <label type=\"normalized\">"]


def test_a_register_file_of_events_is_read_like_one_of_persons(mini):
    (mini / "source" / "listevent.xml").write_text(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Events</title></titleStmt>
    <publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
  <text><body>{EVENTS}</body></text>
</TEI>""", encoding="utf-8")
    edition = load_edition(mini).edition
    assert [d.id for d in edition.documents] == ["letter-a", "letter-b"]
    assert edition.registers.get("listevent.fire").kind == "event"


def test_a_summary_says_whose_it_is_when_its_source_names_a_bibl(real_edition):
    meta = real_edition.documents[0].meta
    assert meta.summary.startswith("An overview")
    assert meta.summary_by == "Wilson Center Digital Archive"  # summary/@source → publisher
