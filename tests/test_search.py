"""Search: Pagefind indexes the built site as the last step, or the build says why not."""

from __future__ import annotations

import gzip
import json

from scholion import pipeline
from scholion.write import search


def test_build_writes_a_search_index(mini, tmp_path):
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok and not [d for d in result.diagnostics if d.code == "W501"]
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert "en" in entry["languages"]
    assert (out / "pagefind" / "pagefind.js").is_file()


def fragments(out) -> list[dict]:
    """Every record of a built index, as Pagefind stores it (gzip, a signature, JSON)."""
    found = []
    for path in sorted((out / "pagefind" / "fragment").iterdir()):
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
