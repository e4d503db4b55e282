"""Inputs that once crashed a build, hung CI or misled a reader: each now ends in a
Diagnostic (or the right output), never in a traceback."""

from __future__ import annotations

import time

import pytest

from conftest import replace_in, tree_digest
from scholion import cli, pipeline
from scholion.common import quotes
from scholion.diagnostics import error
from scholion.load.annotations import read_annotation
from scholion.load.history import _parse
from scholion.load.xml import parse_xml
from scholion.model import Node


def codes(root) -> list[str]:
    return [d.code for d in pipeline.check(root).diagnostics]


# --- the output folder ---------------------------------------------------------------------

@pytest.mark.parametrize("target", [".", "source", "annotations", "source/sub", ".."])
def test_build_never_replaces_the_edition_or_its_sources(mini, target):
    before = tree_digest(mini / "source")
    result = pipeline.build(mini, mini / target)
    assert [d.code for d in result.diagnostics if d.is_error] == ["E006"]
    assert tree_digest(mini / "source") == before


def test_build_never_replaces_a_foreign_folder(mini, tmp_path):
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.tex").write_text("precious")
    result = pipeline.build(mini, foreign)
    assert [d.code for d in result.diagnostics if d.is_error] == ["E006"]
    assert (foreign / "chapter1.tex").read_text() == "precious"
    assert pipeline.build(mini, tmp_path / "fresh").ok
    assert pipeline.build(mini, tmp_path / "fresh").ok  # a previous build may be replaced


# --- annotations -----------------------------------------------------------------------------

def test_yaml_alias_bomb_is_refused_at_once():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    data = ("---\n" + "\n".join(levels) + "\ntarget: a-p1\n---\nText.\n").encode()
    start = time.monotonic()
    note, problems = read_annotation(data, "annotations/bomb.md")
    assert time.monotonic() - start < 5
    assert note is None and [p.code for p in problems] == ["E301"]
    assert "aliases" in problems[0].message or "nested" in problems[0].message


@pytest.mark.parametrize(("front", "code"), [
    ("target: a-p1\ntarget: a-p2", "E302"),  # a key twice: the second must not win silently
    ("author: " + "9" * 5000, "E301"),  # an int beyond Python's digit limit
])
def test_front_matter_oddities(front, code):
    _, problems = read_annotation(f"---\n{front}\n---\nText.\n".encode(), "annotations/x.md")
    assert code in [p.code for p in problems]


@pytest.mark.parametrize(("key", "value"), [("prefix", "[a, b]"), ("suffix", "{x: 1}")])
def test_prefix_and_suffix_must_be_text(key, value):
    text = f"---\ntarget: a-p1\nquote: busy\n{key}: {value}\ntype: context\nauthor: A\n" \
           "sources:\n  - title: S\n---\nText.\n"
    _, problems = read_annotation(text.encode(), "annotations/x.md")
    assert [p.code for p in problems] == ["E304"]


@pytest.mark.parametrize("body", ["[" * 5000, "\n".join("  " * i + "- x" for i in range(60))])
def test_pathological_markdown_is_refused_before_rendering(mini, body):
    note = mini / "annotations" / "busy-harbour.md"
    note.write_text(note.read_text() + "\n" + body + "\n")
    start = time.monotonic()
    assert "E315" in codes(mini)
    assert time.monotonic() - start < 10


def test_overlapping_occurrences_of_a_quote_are_counted():
    assert quotes.find("ha ha ha", "ha ha") == [0, 3]
    assert quotes.find("ha ha ha", "ha ha", prefix="ha ") == [3]


def test_quotes_match_the_text_as_displayed(mini):
    """A translator's note stands in brackets and a label is followed by a space, on the
    page and in the text that quotes are matched against."""
    note = mini / "annotations" / "ships-went.md"
    note.write_text(note.read_text().replace("quote: went", 'quote: "went[sic]"'))
    assert codes(mini) == []
    items = Node("list", children=(Node("label", children=("1)",)),
                                   Node("item", children=("drafting",))))
    assert items.reading_text() == "1) drafting"


# --- sources -----------------------------------------------------------------------------------

def test_symlinked_anchor_registry_is_never_read(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET_TOKEN=hunter2\n")
    (mini / "source" / "anchors.lock").unlink()
    (mini / "source" / "anchors.lock").symlink_to(secret)
    result = pipeline.check(mini)
    assert "E005" in [d.code for d in result.diagnostics]
    assert not any("hunter2" in d.format() for d in result.diagnostics)


def test_folders_and_link_loops_named_like_inputs(mini):
    (mini / "annotations" / "folder.md").mkdir()
    (mini / "source" / "loop.xml").symlink_to(mini / "source" / "loop.xml")
    found = codes(mini)
    assert "E314" in found and "E005" in found


@pytest.mark.parametrize(("old", "new", "code"), [
    ('<date when="1975-01-02">', '<date when="April 1975">', None),  # W115, a warning
    ('<date when="1975-01-02">', '<date when="-0500">', None),  # valid, and must render
    ("<idno type=\"scholion\">letter-b</idno>", "<idno type=\"scholion\">index</idno>", "E114"),
    ('xml:id="b-p1"', 'xml:id="main"', "E116"),
    ('xml:id="b-p1"', 'xml:id="downloads-letter-b"', "E116"),
    ('xml:id="b-p1"', 'xml:id="note-o-1"', None),  # real TEI's own note ids are fine
    ('xml:id="b-p1"', 'xml:id="ref-busy-harbour"', "E310"),  # but not a note's marker
])
def test_header_dates_and_reserved_names(mini, tmp_path, old, new, code):
    replace_in(mini / "source" / "letter-b.xml", old, new)
    result = pipeline.build(mini, tmp_path / "site")
    errors = [d.code for d in result.diagnostics if d.is_error and d.code[1] != "4"]
    assert errors == ([code] if code else []), errors  # (E4xx: the old anchor is gone too)


def test_javascript_source_link_is_an_error(mini):
    replace_in(mini / "source" / "registers.xml", 'target="https://editions.test/osaka"',
               'target="javascript:alert(1)"')
    assert "E209" in codes(mini)


def test_declared_non_utf8_encoding_is_refused():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><TEI>Åta</TEI>'.encode()
    parsed, problems = parse_xml(data, "x.xml")
    assert parsed is None and [p.code for p in problems] == ["E004"]


@pytest.mark.parametrize("geo", ["nan nan", "3_4 135", "34.6938"])
def test_coordinates_must_be_two_decimals(mini, geo):
    replace_in(mini / "source" / "registers.xml", "34.6938 135.5011", geo)
    assert "E204" in codes(mini)


def test_tool_table_of_the_wrong_type(mini):
    (mini / "pyproject.toml").write_text("tool = 1\n")
    assert codes(mini) == ["E001"]


# --- history, registry, output ------------------------------------------------------------------

def test_git_author_names_may_contain_anything():
    log = "\x1f2026-11-28\x1fEvil\x1fName\nannotations/x.md\n"
    assert _parse(log)["annotations/x.md"].added_by == "Evil\x1fName"


def test_control_characters_are_escaped_in_messages():
    line = error("a.md", 1, "E302", "unknown key 'x\n::error::fake\x1b[2K'").format()
    assert "\n" not in line and "\x1b" not in line and "\\x0a" in line


def test_scaffold_refuses_a_slug_that_leaves_the_folder(mini, tmp_path, capsys):
    assert cli.main(["new", "--root", str(mini), "--target", "a-p1", "--quote", "busy",
                     "--slug", "../../escaped"]) == 1
    assert not (mini.parent / "escaped.md").exists()
    assert "not a valid slug" in capsys.readouterr().err


def test_accept_keeps_alias_comments_and_writes_a_readable_file(mini):
    lock = mini / "source" / "anchors.lock"
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2"', 'xml:id="a-trade"')
    lock.write_text(lock.read_text() + "letter-a a-p2 -> a-trade  # renamed in review\n")
    assert pipeline.build(mini, mini / "build", accept_anchors=True).ok
    assert "letter-a a-p2 -> a-trade  # renamed in review" in lock.read_text()
    assert lock.stat().st_mode & 0o044 == 0o044
