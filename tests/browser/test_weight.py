"""The reading page's weight, as the browser receives it, stays within the budget; the
README quotes the figures recorded by bench/page_weight.py."""

from __future__ import annotations

import json

from .conftest import REPO

BUDGET_TOTAL, BUDGET_JS = 150 * 1024, 15 * 1024


def test_reading_page_is_within_its_budget(open_page, server, reading_page):
    page = open_page(None)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(server + reading_page)
    page.wait_for_load_state("load")
    sizes: dict[str, int] = {}
    for response in responses:
        kind = response.request.resource_type
        sizes[kind] = sizes.get(kind, 0) + len(response.body())
    assert {"document", "stylesheet", "script"} <= set(sizes), sizes
    assert set(sizes) <= {"document", "stylesheet", "script", "image"}, sizes  # no fonts
    scripts = [r for r in responses if r.request.resource_type == "script"]
    assert [r.url.rsplit("/", 1)[1] for r in scripts] == ["scholion.js"]  # no framework
    total = sizes["document"] + sizes["stylesheet"] + sizes["script"]
    assert sizes["script"] < BUDGET_JS, sizes
    assert total < BUDGET_TOTAL, sizes


def test_readme_quotes_the_recorded_page_weight():
    figures = json.loads((REPO / "bench" / "page_weight.json").read_text(encoding="utf-8"))
    assert figures["total_kb"] < BUDGET_TOTAL / 1024 and figures["js_kb"] < BUDGET_JS / 1024
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = (f"**{figures['total_kb']:.1f} KB** (HTML {figures['html_kb']:.1f} KB, "
              f"CSS {figures['css_kb']:.1f} KB, JS {figures['js_kb']:.1f} KB)")
    assert quoted in readme
