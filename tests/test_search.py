"""Search: Pagefind indexes the built site as the last step, or the build says why not."""

from __future__ import annotations

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
