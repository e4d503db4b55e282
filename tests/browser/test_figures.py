"""The map of places and the timeline in a browser (issue 15, item 10): axe-core finds no
WCAG 2.2 A or AA violation on them (and on the index of places with its small map) at both
viewports, in both themes, with and without the script; they fit 320 px, the SVG scaling
down; a place is a link by touch and by keyboard. With --screenshots, pictures of both
pages land in build/_screenshots/."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import NARROWEST, PHONE, VIEWPORTS
from .test_a11y import axe_source

FIGURES = ("map.html", "timeline.html", "places.html")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def wcag22_violations(page) -> list[str]:
    page.evaluate(axe_source())
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules},"
                           " resultTypes: ['violations']})", RULES)
    return [f"{v['id']}: {v['help']} — {node['target']}" for v in result["violations"]
            for node in v["nodes"]]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_figures_have_no_wcag_22_violations(open_page, viewport, scheme, javascript,
                                                screenshots):
    """Without the script: the page's own script is left out (axe needs JavaScript)."""
    found = {}
    for path in FIGURES:
        page = open_page(None, color_scheme=scheme, **VIEWPORTS[viewport])
        if not javascript:
            page.route("**/scholion.js", lambda route: route.fulfill(
                body="", content_type="text/javascript"))
        page.goto(open_page.server + path)
        if problems := wcag22_violations(page):
            found[path] = problems
        if screenshots and javascript and path != "places.html":
            name = f"{path.removesuffix('.html')}-{viewport}-{scheme}.png"
            page.screenshot(path=str(screenshots / name), full_page=True)
        page.context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("path", FIGURES)
def test_the_figures_fit_320_px_and_their_svg_scales(open_page, path):
    page = open_page(path, **NARROWEST, java_script_enabled=False)
    page.wait_for_load_state("load")
    allowed = NARROWEST["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= allowed
    widths = page.evaluate("[...document.querySelectorAll('main svg')]"
                           ".map(s => s.getBoundingClientRect().right)")
    assert widths and max(widths) <= allowed


def test_a_place_on_the_map_is_a_link_by_touch(open_page):
    page = open_page("map.html", **PHONE)
    page.locator("#map-main a[href='places.html#shanghai'] circle").tap()
    page.wait_for_url("**/places.html#shanghai")
    assert page.evaluate("location.hash") == "#shanghai"


def test_the_places_are_reached_by_keyboard_in_order(open_page):
    """From the last link before the map, Tab walks through the main map's places, in the
    order the index files them, then Enter follows the one in focus."""
    page = open_page("map.html")
    expected = page.evaluate("[...document.querySelectorAll('#map-main a')]"
                             ".map(a => a.getAttribute('href'))")
    assert len(expected) == 7
    page.locator("main > p a").last.focus()
    walked = []
    for _ in expected:
        page.keyboard.press("Tab")
        walked.append(page.evaluate("document.activeElement.getAttribute('href')"))
    assert walked == expected
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{expected[-1]}")


def test_a_timeline_mark_leads_to_its_paragraph(open_page):
    page = open_page("timeline.html")
    link = page.locator(".timeline-panel a", has_text="¶ 35").first
    link.scroll_into_view_if_needed()
    # a pointer click at the middle of the link (Playwright's own aim, at the first glyph
    # box of a link inside SVG text, misses: elementFromPoint there is the link itself)
    box = link.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/kansai-1987.html#p9")
    assert page.locator("#p9").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_follows_the_theme(open_page, scheme):
    page = open_page("map.html", color_scheme=scheme)
    fills = page.evaluate("""() => ['.sea', '.land'].map(s =>
        getComputedStyle(document.querySelector('#map-main ' + s)).fill)""")
    paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert fills[0] != fills[1]
    dark = sum(int(x) for x in re.findall(r"\d+", paper)[:3]) < 150
    assert dark == (scheme == "dark")
