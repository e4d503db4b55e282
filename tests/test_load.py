"""Stage `load`: secure XML parsing, TEI to model, configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, replace_in
from scholion.load import load_document, load_edition
from scholion.load.config import load_config
from scholion.load.xml import parse_xml

HOSTILE = FIXTURES / "hostile"


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


def test_missing_document_id(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, '<idno type="scholion">letter-b</idno>', "")
    _, problems = load_document(mini, path)
    assert codes(problems) == ["E114"]


def test_block_without_id_or_number(mini):
    path = mini / "source" / "letter-b.xml"
    replace_in(path, ' xml:id="b-p1"', "")
    replace_in(path, ' n="2"', "")
    _, problems = load_document(mini, path)
    assert sorted(codes(problems)) == ["E110", "E111"]
    assert {p.line for p in problems} == {20, 22}


# --- the edition as a whole ----------------------------------------------------------------


def test_edition_orders_documents_by_date_then_id(mini):
    loaded = load_edition(mini)
    assert loaded.diagnostics == ()
    assert [d.id for d in loaded.edition.documents] == ["letter-a", "letter-b"]


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
