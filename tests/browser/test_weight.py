"""The reading page's weight stays within the budget; the browser loads exactly the files
the page references, nothing else; the README quotes the figures recorded by
bench/page_weight.py, which weighs the same way as these tests."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType

from .conftest import REPO

BUDGET_TOTAL, BUDGET_GZIP, BUDGET_JS = 200 * 1024, 50 * 1024, 15 * 1024


def _bench() -> ModuleType:
    """bench/page_weight.py itself (a script, not a package), so that the test and the
    recorded figures weigh the page one way."""
    spec = importlib.util.spec_from_file_location("page_weight", REPO / "bench" / "page_weight.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


page_weight = _bench()


def test_reading_page_is_within_its_budget(site, reading_page):
    """Weighed from the built files the page references, not from whatever the browser had
    fetched by its load event (the favicon comes before or after it, by timing)."""
    sizes = page_weight.weigh(site, reading_page)
    assert sizes["css"] and sizes["js"], sizes
    assert sizes["js"] < BUDGET_JS, sizes
    assert sizes["total"] < BUDGET_TOTAL, sizes
    assert sizes["gzip"] < BUDGET_GZIP, sizes


def test_the_browser_loads_only_the_files_the_page_references(open_page, server, site,
                                                               reading_page):
    referenced = page_weight.references(site, reading_page)
    by_kind = {kind: [p for p, k in referenced.items() if k == kind]
               for kind in ("css", "js", "icon")}
    assert by_kind["js"] == ["static/scholion.js"], referenced  # no framework
    assert by_kind["css"] and by_kind["icon"], referenced
    page = open_page(None)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(server + reading_page)
    page.wait_for_load_state("networkidle")
    received = {r.url.removeprefix(server): r for r in list(responses)}
    # Nothing the markup does not name (so no fonts, no framework, no late script) ...
    assert set(received) <= {reading_page, *referenced}, sorted(received)
    assert not [r.url for r in responses if r.request.resource_type == "font"]
    # ... and everything it needs to render, byte for byte the files that were weighed.
    assert {reading_page, *by_kind["css"], *by_kind["js"]} <= set(received), sorted(received)
    for path, response in received.items():
        assert len(response.body()) == (site / path).stat().st_size, path


def test_readme_quotes_the_recorded_page_weight():
    figures = json.loads((REPO / "bench" / "page_weight.json").read_text(encoding="utf-8"))
    assert figures["total_kb"] < BUDGET_TOTAL / 1024 and figures["js_kb"] < BUDGET_JS / 1024
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = (f"**{figures['total_kb']:.1f} KB** (HTML {figures['html_kb']:.1f} KB, "
              f"CSS {figures['css_kb']:.1f} KB, JS {figures['js_kb']:.1f} KB)")
    assert quoted in readme
