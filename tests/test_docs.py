"""The documentation keeps up with the code."""

from __future__ import annotations

import re

from conftest import REPO
from scholion.codes import CODES


def test_contributing_lists_every_diagnostic_code():
    listed = set(re.findall(r"^\| ([EW]\d{3}) \|", (REPO / "CONTRIBUTING.md").read_text(),
                            re.MULTILINE))
    assert listed == set(CODES)


def test_readme_quotes_the_recorded_benchmark():
    import json

    figures = json.loads((REPO / "bench" / "results.json").read_text())
    readme = (REPO / "README.md").read_text()
    assert f"median {figures['median_seconds']:.2f} s" in readme
    assert f"peak {figures['peak_rss_mb']:.0f} MB" in readme


def test_every_code_the_package_emits_is_catalogued():
    used = set()
    for path in (REPO / "src" / "scholion").rglob("*.py"):
        if path.name != "codes.py":
            used |= set(re.findall(r'"([EW]\d{3})"', path.read_text()))
    assert used and used <= set(CODES), used - set(CODES)
