"""Search in a real browser: Pagefind's static index, from the search page to the anchor."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from scholion.common.kinds import MENTION_KINDS


def test_a_known_phrase_is_found_and_lands_on_its_paragraph(open_page):
    page = open_page("search.html")
    page.get_by_label("Search the edition").fill("acupuncture")
    page.get_by_role("button", name="Search").click()
    first = page.locator("#search-results li a").first
    expect(first).to_have_attribute("href", re.compile(r"kansai-1987\.html#l1-10$"))
    expect(page.locator("#search-status")).to_contain_text("1 result")
    first.click()
    page.wait_for_url(re.compile(r"#l1-10$"))
    item = page.locator("#l1-10")
    expect(item).to_contain_text("acupuncture")
    expect(item).to_be_in_viewport()


def test_search_from_the_address_and_filters(open_page):
    page = open_page("search.html?q=Kobe")
    expect(page.locator("#search-results li").first).to_be_visible()
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.href)")
    assert any("kansai-1987.html#" in h for h in hits) and any("places.html" in h for h in hits)
    for kind in MENTION_KINDS:
        page.locator(f"input[name=type][value={kind}]").uncheck()
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#search-status")).to_contain_text("for “Kobe”")
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.href)")
    assert hits and all("kansai-1987.html" in h for h in hits)
