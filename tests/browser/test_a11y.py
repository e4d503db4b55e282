"""Accessibility: axe-core finds no WCAG 2.2 A or AA violation (the rules of 2.0, 2.1 and
2.2) on any page of the site, at a phone and a desktop viewport, in the light and the dark
theme, in the states the script creates (a note open, the Cite dialog open, an entity card,
the shortcuts' help) and without JavaScript."""

from __future__ import annotations

import functools
import json

import pytest

from .conftest import DESKTOP, PHONE, VIEWPORTS, node_tool

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def axe_source() -> str:
    return node_tool("axe-core", "axe.min.js").read_text(encoding="utf-8")


def violations(page) -> list[str]:
    """axe-core's findings, one line per failing element. axe is evaluated through the
    DevTools protocol, which the page's Content-Security-Policy does not block."""
    page.evaluate(axe_source())
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules},"
                           " resultTypes: ['violations']})", RULES)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}: "
            f"{node['failureSummary']}"
            for v in result["violations"] for node in v["nodes"]]


def test_axe_finds_the_problems_it_should(open_page, server):
    """The check itself works: a page with a known violation fails it."""
    page = open_page(None)
    page.goto(server + "index.html")
    page.evaluate("document.querySelector('.site-title a').textContent = ''")
    found = violations(page)
    assert any(line.startswith("link-name") for line in found), found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_has_no_wcag_violations(open_page, pages, viewport, scheme):
    found = {}
    for path in pages:
        page = open_page(path, color_scheme=scheme, **VIEWPORTS[viewport])
        if problems := violations(page):
            found[path] = problems
        page.context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_note_and_cite_dialog_have_no_wcag_violations(open_page, reading_page, scheme):
    found = {}
    phone = open_page(reading_page, color_scheme=scheme, **PHONE)
    phone.locator(".note-btn").first.click()
    found["note popover"] = violations(phone)
    desktop = open_page(reading_page, color_scheme=scheme, **DESKTOP)
    desktop.locator(".note-btn").first.click()
    found["full side note"] = violations(desktop)
    desktop.keyboard.press("Escape")
    desktop.locator("#p1").hover()
    desktop.locator("#p1 > .cite-btn").click()
    found["cite dialog"] = violations(desktop)
    desktop.get_by_role("radio", name="BibTeX").check()
    found["cite dialog, BibTeX"] = violations(desktop)
    assert not any(found.values()), json.dumps(found, indent=1, ensure_ascii=False)


def test_pages_without_their_script_have_no_wcag_violations(open_page, pages):
    """The pages as they are without JavaScript. axe itself needs JavaScript, so the page's
    own script is left out instead of JavaScript being switched off."""
    found = {}
    for path in pages:
        page = open_page(None)
        page.route("**/scholion.js", lambda route: route.fulfill(
            body="", content_type="text/javascript"))
        page.goto(open_page.server + path)
        assert page.locator(".cite-btn, .note-btn").count() == 0
        if problems := violations(page):
            found[path] = problems
        page.context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_entity_card_shortcuts_help_and_drawers_have_no_wcag_violations(open_page,
                                                                       reading_page, scheme):
    """The states the reader's aids create (issue #15), at the viewport each is used at."""
    found = {}
    phone = open_page(reading_page, color_scheme=scheme, **PHONE)
    phone.locator("details.toc-drawer > summary").tap()
    phone.locator(".headnote-more > summary").tap()
    found["drawers open (phone)"] = violations(phone)
    phone.locator("#p4 a.mention-place").first.tap()
    found["entity card (phone)"] = violations(phone)
    desktop = open_page(reading_page, color_scheme=scheme, **DESKTOP)
    desktop.locator("#p4 a.mention-place").first.focus()
    found["entity card (desktop)"] = violations(desktop)
    desktop.keyboard.press("Escape")
    desktop.keyboard.press("?")
    found["shortcuts help"] = violations(desktop)
    assert not any(found.values()), json.dumps(found, indent=1, ensure_ascii=False)
