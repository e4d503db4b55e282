"""The edition's own sources: fidelity to the witness, and TEI P5 validity.

The witness is the transcription the TEI was made from, kept in the repository
(`source/witness/`) so that this test never depends on anything outside the clone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from scholion.load import load_document, load_source
from scholion.load.config import load_config
from scholion.load.schema import validate_tei_all
from scholion.load.xml import parse_xml

WITNESS = REPO / "source" / "witness" / "000_91dd32ad78fe9f19.txt"
TEI = REPO / "source" / "kansai-1987.xml"
BODY_START, BODY_END = "USSR GENERAL CONSULATE", "1.04.87 In/VK"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def witness_body() -> str:
    text = WITNESS.read_text(encoding="utf-8")
    start, end = text.index(BODY_START), text.rindex(BODY_END) + len(BODY_END)
    return text[start:end]


def test_every_word_of_the_witness_is_in_the_tei_in_order():
    """The text as the edition reads it (its `readings` view, diplomatic: a `sic` the
    witness has, not the editors' `corr`) is the witness's, word for word."""
    readings = load_config(REPO)[0].readings
    assert readings == "diplomatic"
    source = load_source(REPO, TEI, readings=readings)
    assert source.diagnostics == ()
    document = source.document
    expected, actual = words(witness_body()), words(document.body.reading_text())
    assert len(expected) > 2500
    for i, (want, got) in enumerate(zip(expected, actual, strict=False)):
        assert want == got, (
            f"word {i}: witness has {want!r}, TEI has {got!r}: "
            f"...{' '.join(expected[max(0, i - 8) : i + 3])}..."
        )
    assert len(actual) == len(expected), "the TEI text has words the witness lacks"
    normalised = load_document(REPO, TEI)[0].body.reading_text()  # the editors' readings
    assert "provides support" in normalised and "provide support" not in normalised


def test_the_fidelity_check_notices_a_dropped_word(tmp_path):
    """Guard against a vacuous comparison: deleting one word must break it."""
    broken = TEI.read_text(encoding="utf-8").replace("judging by everything, ", "judging ", 1)
    document, _ = load_document(tmp_path, _write(tmp_path, broken))
    assert words(document.body.reading_text()) != words(witness_body())


def _write(folder: Path, text: str) -> Path:
    path = folder / "doc.xml"
    path.write_text(text, encoding="utf-8")
    return path


TEI_FILES = sorted([*(REPO / "source").glob("*.xml"), *FIXTURES.glob("*/source/*.xml")])


@pytest.mark.parametrize("path", TEI_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_sources_validate_against_tei_all(path):
    """Full TEI P5 validation (the schema takes ~15 s to compile, once per run)."""
    parsed, problems = parse_xml(path.read_bytes(), path.name)
    assert problems == []
    assert [d.format() for d in validate_tei_all(parsed, path.name)] == []


def test_schema_errors_are_located_diagnostics():
    text = re.sub(r'(<p xml:id="p2"[^>]*>)', r"\1<bogus/>", TEI.read_text(encoding="utf-8"))
    parsed, _ = parse_xml(text.encode(), "doc.xml")
    problems = validate_tei_all(parsed, "doc.xml")
    assert problems and {p.code for p in problems} == {"E106"}
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "<bogus/>" in row)
    assert problems[0].line == line and "bogus" in problems[0].message
