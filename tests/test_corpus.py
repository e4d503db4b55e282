"""The real-TEI corpus keeps its rules: every file listed with its provenance and an open
licence, byte for byte as taken, and small (tests/corpus/README.md). Nothing is built
here; bench/real_tei.py does that."""

from __future__ import annotations

import hashlib
import re
import tomllib

import pytest

from conftest import REPO

CORPUS = REPO / "tests" / "corpus"
KEYS = {"path", "repository", "commit", "source_path", "licence", "genre", "project", "sha256"}
# Licences that let anyone redistribute the file as it is (SPDX identifiers)
OPEN = {"CC0-1.0", "PDDL-1.0", "CC-PDDC", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0",
        "CC-BY-SA-4.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0"}
GENRES = {"letters", "drama", "verse", "apparatus", "manuscript", "prose", "tei-test"}
MAX_TOTAL, MAX_FILE = 5 * 1024 * 1024, 512 * 1024

ENTRIES = tomllib.loads((CORPUS / "SOURCES.toml").read_text(encoding="utf-8"))["file"]


def test_every_file_is_listed_once_and_every_entry_is_a_file():
    listed = [e["path"] for e in ENTRIES]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    present = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.xml")}
    assert set(listed) == present


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["path"])
def test_each_entry_records_where_the_file_came_from(entry):
    assert set(entry) == KEYS
    assert re.fullmatch(r"[A-Za-z0-9][\w.-]*/[\w.-]+", entry["repository"])
    assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"])
    assert entry["source_path"] and not entry["source_path"].startswith("/")
    assert entry["project"].strip() and entry["genre"].strip()
    licences = set(re.split(r" (?:OR|AND) ", entry["licence"]))
    # with a choice (OR) one open licence is enough; every licence of an AND must be open
    if " AND " in entry["licence"]:
        assert licences <= OPEN, entry["licence"]
    else:
        assert licences & OPEN, entry["licence"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["path"])
def test_each_file_is_byte_for_byte_as_taken(entry):
    data = (CORPUS / entry["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"], "the file was edited"
    assert len(data) <= MAX_FILE


def test_the_corpus_is_small_and_varied():
    total = sum((CORPUS / e["path"]).stat().st_size for e in ENTRIES)
    assert total <= MAX_TOTAL
    assert len({e["project"] for e in ENTRIES}) >= 8
    assert {e["genre"] for e in ENTRIES} >= GENRES
