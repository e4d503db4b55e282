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


def test_the_index_holds_both_readings_of_a_choice_as_separate_words(mini, tmp_path):
    """`<sic>brisk brisk</sic><corr>brisk</corr>`: the page shows one reading; the index
    (Pagefind reads the markup, not the styles) has both, apart, so either is found."""
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    contents = [gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
                for f in (out / "pagefind" / "fragment").iterdir()]
    assert any("Trade was brisk brisk brisk." in text for text in contents)


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
