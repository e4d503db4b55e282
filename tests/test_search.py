"""Search: Pagefind indexes the built site as the last step, or the build says why not."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from scholion import pipeline
from scholion.link import search as plan
from scholion.link.search import parts_of
from scholion.write import search

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_build_writes_a_search_index(mini, tmp_path):
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok and not [d for d in result.diagnostics if d.code == "W501"]
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert "en" in entry["languages"]
    assert (out / "pagefind" / "pagefind.js").is_file()


def fragments(out, bundle: str = "pagefind") -> list[dict]:
    """Every record of a built index, as Pagefind stores it (gzip, a signature, JSON)."""
    found = []
    for path in sorted((out / bundle / "fragment").iterdir()):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        found.append(json.loads(text[text.index("{"):]))
    return found


def test_the_index_holds_both_readings_of_a_choice(mini, tmp_path):
    """`<sic>brisk brisk</sic><corr>brisk</corr>`: the page shows one reading; the record
    of the block has both, so that either is found."""
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    record = next(r for r in fragments(out) if r["url"] == "/letter-a.html#a-p2")
    assert record["content"].startswith("Trade was brisk brisk.")
    assert record["content"].split(".")[1].split() == ["brisk"]


def test_one_record_per_block_titled_with_its_paragraph_number(mini, tmp_path):
    """Results are paragraphs, not pages: each block is a record at its own anchor,
    titled by its document and ¶ number, with its own words."""
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    records = {r["url"]: r for r in fragments(out)}
    blocks = [u for u in records if u.startswith(("/letter-a.html#", "/letter-b.html#"))
              and records[u]["meta"]["kind"] == "text"]
    assert sorted(blocks) == ["/letter-a.html#a-head", "/letter-a.html#a-l1-1",
                              "/letter-a.html#a-l1-2", "/letter-a.html#a-p1",
                              "/letter-a.html#a-p2", "/letter-b.html#b-p1",
                              "/letter-b.html#b-sig"]
    p1 = records["/letter-a.html#a-p1"]
    assert p1["meta"] == {"document": "letter-a.html", "kind": "text", "n": "2",
                          "title": "A letter about harbours ¶ 2"}
    assert p1["content"] == "The harbour of Osaka was busy in 1974."
    note = records["/letter-a.html#note-busy-harbour"]
    assert note["meta"]["kind"] == "note" and "very busy" in note["content"]


def test_entries_are_found_by_their_names_and_index_pages_are_not_indexed(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    records = {r["url"]: r for r in fragments(out)}
    osaka = records["/places.html#osaka"]
    assert osaka["meta"]["title"] == "Osaka" and osaka["meta"]["kind"] == "place"
    assert "大阪市" in osaka["content"] and int(osaka["meta"]["count"]) >= 2
    assert records["/dates.html#date-1974"]["meta"]["kind"] == "date"
    # no whole page: every record is a block, a note, an entry or a date, at its anchor
    assert all("#" in url for url in records)
    assert not [u for u in records if u.split("#")[0] in ("/index.html", "/about.html",
                                                           "/search.html")]


def test_missing_binary_is_a_warning_and_the_rest_is_built(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: None)
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok
    warnings = [d for d in result.diagnostics if d.code == "W501"]
    assert len(warnings) == 1 and "not installed" in warnings[0].message
    assert (out / "letter-a.html").is_file() and not (out / "pagefind").exists()


def test_failing_indexer_is_a_warning(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: __import__("pathlib").Path("/bin/false"))
    result = pipeline.build(mini, tmp_path / "site")
    assert result.ok and [d.code for d in result.diagnostics] == ["W501"]


def test_a_service_that_does_not_end_publishes_no_index(mini, tmp_path, monkeypatch):
    # stopped before it ended, Pagefind may have left a file cut short: no half-made index
    real = search.executable()
    assert real is not None
    slow = tmp_path / "slow-pagefind"
    slow.write_text(f'#!/bin/sh\n"{real}" "$@"\nsleep 30\n', encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: slow)
    monkeypatch.setattr(search, "ENDING", 1)
    result = pipeline.build(mini, tmp_path / "site")
    assert result.ok and [d.code for d in result.diagnostics] == ["W501"]
    assert "did not end" in result.diagnostics[0].message
    assert not (tmp_path / "site" / "pagefind").exists()
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_small_edition_has_one_index_and_a_collection_parts_that_follow_its_documents():
    assert parts_of([f"letter-{n:05d}" for n in range(plan.PART)]) == ()
    ids = [f"letter-{n:05d}" for n in range(10 * plan.PART)]
    parts = parts_of(ids)
    assert [i for part in parts for i in part] == ids  # every document once, in order
    assert all(plan.SHORTEST <= len(p) < plan.LONGEST + plan.SHORTEST for p in parts)
    assert 5 <= len(parts) <= 20
    # a letter added in the middle changes its own part (and at most the next): the
    # others, cut where they were, are kept as they were
    grown = parts_of([*ids[:2500], "letter-02500a", *ids[2500:]])
    assert len(set(parts) - set(grown)) <= 2 and len(set(grown) - set(parts)) <= 2


@pytest.fixture
def letters_in_parts(tmp_path, monkeypatch):
    """Twelve generated letters whose search index is cut into parts of about four."""
    spec = importlib.util.spec_from_file_location("bench_corpus_search", BENCH / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus
    spec.loader.exec_module(corpus)
    root = tmp_path / "letters"
    corpus.generate(12, root, seed=3)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write("pdf = false\n")
    monkeypatch.setattr(plan, "PART", 4)
    monkeypatch.setattr(plan, "SHORTEST", 2)
    monkeypatch.setattr(plan, "LONGEST", 16)
    made: list[str] = []
    index = search.Indexer._index

    def counted(self, requests, target, language):
        made.append("" if target.name == search.BUNDLE else target.name)
        return index(self, requests, target, language)

    monkeypatch.setattr(search.Indexer, "_index", counted)
    return root, made


def _all_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def test_a_part_of_the_index_is_made_again_only_when_its_documents_change(
        letters_in_parts, tmp_path):
    root, made = letters_in_parts
    out = root / "build"
    assert pipeline.build(root, out).ok
    folders = sorted(p.name for p in (out / "pagefind").iterdir()
                     if p.is_dir() and p.name.isdigit())
    assert folders and len(made) == len(folders) + 1  # the main bundle and each part
    search_page = (out / "search.html").read_text(encoding="utf-8")
    assert f'data-parts="{" ".join(sorted(folders, key=int))}"' in search_page
    kept = root / ".scholion-cache" / search.SEARCH_CACHE / "current"
    assert len(list(kept.iterdir())) == len(made)
    # every letter's paragraphs are in exactly one bundle; the entries in the main one
    urls = {folder: {r["url"] for r in fragments(out / "pagefind" / folder, "")}
            for folder in ["", *folders]}
    assert urls[""] and not [u for u in urls[""] if u.startswith("/letter-")]  # entries
    assert not [u for f in folders for u in urls[f] if not u.startswith("/letter-")]
    assert (out / "pagefind" / "pagefind-ui.css").is_file()  # Pagefind's own interface:
    assert not (out / "pagefind" / folders[0] / "pagefind-ui.css").exists()  # once
    last = sorted(folders, key=int)[-1]
    letter = next(iter(urls[last])).split("#")[0].lstrip("/").removesuffix(".html")
    made.clear()
    path = root / "source" / f"{letter}.xml"
    text = path.read_text(encoding="utf-8")
    start = text.index(">", text.index("<p", text.index("<body"))) + 1
    path.write_text(text[:start] + "Meanwhile, " + text[start:], encoding="utf-8")
    assert pipeline.build(root, out).ok
    assert made == [last]  # the part of the changed letter alone
    assert len(list(kept.iterdir())) == len(folders) + 1  # the cache does not grow
    assert pipeline.build(root, tmp_path / "fresh", cache=False).ok
    assert _all_files(out) == _all_files(tmp_path / "fresh")


def test_a_part_that_fails_publishes_no_index_at_all(letters_in_parts, monkeypatch):
    root, _ = letters_in_parts
    real = search._write_bundle

    def failing(files, target, first=True):
        return "the disk is full" if target.name == "2" else real(files, target, first)

    monkeypatch.setattr(search, "_write_bundle", failing)
    result = pipeline.build(root, root / "build")
    assert result.ok and [d.code for d in result.diagnostics if d.code == "W501"] == ["W501"]
    assert "the disk is full" in str(result.diagnostics)
    assert not (root / "build" / "pagefind").exists()
    assert (root / "build" / "search.html").is_file()
