"""The fixture edition's whole build, compared file by file with the golden copy in
`tests/golden/mini-site/` (pelican's `assertDirsEqual` is the model). Regenerate it with
`python -m pytest tests/test_golden_site.py --update-golden`, and read the diff.

The edition is built from a copy outside any git checkout, so its version reads
"unversioned" and no commit date enters the output. Left out: Pagefind's index (a
third-party binary format), the static assets, which are package files copied as-is, and
the EPUBs (zips; `tests/test_epub.py` checks what they hold).
"""

from __future__ import annotations

import shutil

from conftest import FIXTURES, GOLDEN, tree_digest
from scholion import pipeline

EXPECTED = GOLDEN / "mini-site"
SKIPPED = ("pagefind/", "static/")
# zips, whose bytes say nothing to a reviewer: tests/test_epub.py reads what they hold
ARCHIVES = (".epub", ".pdf")  # binary: their own tests read them


def compared(folder) -> dict[str, bytes]:
    return {path: data for path, data in tree_digest(folder).items()
            if not path.startswith(SKIPPED) and not path.endswith(ARCHIVES)}


def test_the_fixture_edition_builds_exactly_the_golden_site(tmp_path, monkeypatch,
                                                             update_golden):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("SCHOLION_BASE_URL", raising=False)
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    out = tmp_path / "site"
    assert pipeline.build(root, out, cache=False).ok
    built = compared(out)
    if update_golden:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, data in built.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / path).write_bytes(data)
    expected = compared(EXPECTED)
    assert sorted(built) == sorted(expected)
    assert [path for path in built if built[path] != expected[path]] == []
    assert (out / "pagefind" / "pagefind.js").is_file()
