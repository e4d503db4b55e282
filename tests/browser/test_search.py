"""Search in a real browser (#15 item 6): results by paragraph with their ¶ and context,
entries by name, the hit marked on arrival, search as one types, a search field on every
page, filters kept in the address; and the index hub (item 7)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import PHONE


def test_a_phrase_found_as_one_types_lands_on_its_paragraph_marked(open_page):
    page = open_page("search.html")
    page.get_by_label("Search the edition").press_sequentially("acupuncture", delay=20)
    first = page.locator("#search-results li a").first  # no button pressed
    expect(first).to_have_attribute(
        "href", re.compile(r"kansai-1987\.html\?highlight=acupuncture#l1-10$"))
    expect(first).to_contain_text("¶ ")
    expect(page.locator("#search-status")).to_contain_text("1 result")
    assert re.search(r"[?&]q=acupuncture", page.url)  # the address follows the typing
    first.click()
    page.wait_for_url(re.compile(r"kansai-1987\.html#l1-10$"))  # the address is clean again
    hit = page.locator("#l1-10 mark.search-hit")
    expect(hit).to_have_text(re.compile("acupuncture", re.I))
    expect(page.locator("#l1-10")).to_be_in_viewport()


def test_every_paragraph_is_a_result_with_the_spaces_around_its_hit(open_page):
    """"Shanghai": 37 mentions in some 20 paragraphs, each its own result (it was 5, one a
    page), and the entry by its name; the words around a hit keep their spaces."""
    page = open_page("search.html?q=Shanghai")
    results = page.locator("#search-results li")
    expect(results.first).to_be_visible()
    status = page.locator("#search-status").inner_text()
    assert int(status.split()[0]) >= 15, status
    texts = page.locator("#search-results .result-text").all_inner_texts()
    assert texts and not [t for t in texts if re.search(r"Shanghai[a-z]|[a-z]Shanghai", t)]
    links = page.locator("#search-results li a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    anchors = {h.split("#")[1] for h in hrefs if "kansai-1987.html" in h}
    assert len(anchors) >= 10  # paragraphs, not one page
    entry = page.locator("#search-results li", has=page.locator(
        "a[href$='places.html?highlight=Shanghai#shanghai']"))
    expect(entry).to_contain_text("Shanghai (place, 37 mentions)")
    if page.locator("#search-more").is_visible():
        before = results.count()
        page.get_by_role("button", name="More results").click()
        expect(results).not_to_have_count(before)


def test_an_entry_result_lands_on_the_entry(open_page):
    page = open_page("search.html?q=Kistanov&type=person")
    link = page.locator("#search-results li a").first
    expect(link).to_have_text("V. O. Kistanov")
    link.click()
    page.wait_for_url(re.compile(r"persons\.html#"))
    expect(page.locator(".entry:target h2")).to_contain_text("Kistanov")
    expect(page.locator(".entry:target mark.search-hit").first).to_be_visible()


def test_the_filters_are_kept_in_the_address(open_page):
    page = open_page("search.html?q=Kobe&type=text")
    expect(page.locator("#search-results li").first).to_be_visible()
    assert page.locator("input[name=type][value=text]").is_checked()
    assert not page.locator("input[name=type][value=place]").is_checked()
    hrefs = page.locator("#search-results li a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all("/kansai-1987.html" in h for h in hrefs)
    page.locator("input[name=type][value=place]").check()
    page.wait_for_url(re.compile(r"type=text&type=place"))
    expect(page.locator("#search-results a[href*='places.html']").first).to_be_visible()
    page.reload()  # the address alone gives the same search back
    assert page.locator("input[name=type][value=place]").is_checked()
    assert page.get_by_label("Search the edition").input_value() == "Kobe"


def test_every_page_has_a_search_field_that_leads_to_the_results(open_page):
    for options in ({}, PHONE):  # desktop, and a touch screen
        page = open_page("kansai-1987.html", **options)
        field = page.locator("header .site-search input[name=q]")
        expect(field).to_be_visible()
        field.tap() if options else field.click()
        field.fill("Tianjin")
        field.press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?q=Tianjin$"))
        expect(page.locator("#search-results li").first).to_be_visible()
        assert page.get_by_label("Search the edition").input_value() == "Tianjin"


def test_the_header_search_works_without_javascript(open_page):
    page = open_page("places.html", java_script_enabled=False)
    page.locator("header .site-search input[name=q]").fill("Kobe")
    page.locator("header .site-search button").click()
    page.wait_for_url(re.compile(r"search\.html\?q=Kobe$"))
    expect(page.locator("noscript, main")).not_to_have_count(0)


def test_index_opens_the_hub_with_counts_and_the_most_mentioned(open_page):
    page = open_page("kansai-1987.html")
    page.locator("nav[aria-label=Site]").get_by_role("link", name="Index").click()
    page.wait_for_url(re.compile(r"indexes\.html$"))
    places = page.locator("section.hub-place")
    expect(places.locator(".hub-counts")).to_contain_text(re.compile(r"\d+ entries, \d+ mentions"))
    places.get_by_role("link", name="Shanghai").click()
    page.wait_for_url(re.compile(r"places\.html#shanghai$"))
    expect(page.locator("#shanghai")).to_be_in_viewport()
