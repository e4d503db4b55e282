"""A large collection's pages in a browser (issue 17): the landing page with its calendar,
a year page, a correspondent's page and a document page (with the facts the About page
gives a small edition's) have no WCAG 2.2 A or AA violation at both viewports, in both
themes, with and without the script; at 320 px nothing scrolls sideways but the calendar,
inside its own box; and the calendar is a table a keyboard reaches.

The collection is generated (tests/collection_corpus.py): 130 short letters, past the
100 at which the landing page stops listing every document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import expect

from collection_corpus import write_collection
from scholion import pipeline
from scholion.common.routes import LIST_ALL
from scholion.link import search

from .conftest import DESKTOP, NARROWEST, VIEWPORTS, Guard, serving
from .test_figures import wcag22_violations

PAGES = ("index.html", "collection/1850.html", "collection/people/daniel-carrington.html",
         "collection/people.html", "letter-00001.html")


@pytest.fixture(scope="module")
def large_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_collection(tmp_path_factory.mktemp("collection") / "letters", LIST_ALL + 30)
    out = root.parent / "build"
    with pytest.MonkeyPatch.context() as small_parts:  # its search index in parts, as
        # 5,000 letters have theirs (`link.search.parts_of`): here of about 40 letters
        small_parts.setattr(search, "PART", 40)
        small_parts.setattr(search, "SHORTEST", 20)
        small_parts.setattr(search, "LONGEST", 160)
        result = pipeline.build(root, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert all((out / path).is_file() for path in PAGES)
    assert (out / "pagefind" / "2" / "pagefind-entry.json").is_file()
    with serving(out, "collection-server") as url:
        yield url


@pytest.fixture
def open_large(new_context, large_server: str) -> Iterator[Callable]:
    """As conftest's open_page, on the generated collection: guarded against console
    errors, failed requests and any request to another host."""
    guard = Guard(large_server)

    def _open(path: str, javascript: bool = True, **options):
        context = new_context(**{**DESKTOP, **options})
        page = context.new_page()
        guard.watch(context, page)
        if not javascript:  # the page's own script left out (axe itself needs JavaScript)
            page.route("**/scholion.js", lambda route: route.fulfill(
                body="", content_type="text/javascript"))
        page.goto(large_server + path)
        return page

    yield _open
    assert not guard.problems, guard.problems


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_collection_pages_have_no_wcag_22_violations(open_large, viewport, scheme,
                                                         javascript):
    found = {}
    for path in PAGES:
        page = open_large(path, javascript, color_scheme=scheme, **VIEWPORTS[viewport])
        if problems := wcag22_violations(page):
            found[path] = problems
        page.context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("path", PAGES)
def test_the_collection_pages_fit_320_px(open_large, path):
    """The page never scrolls sideways; the calendar scrolls inside its own box."""
    page = open_large(path, javascript=False, **NARROWEST)
    page.wait_for_load_state("load")
    allowed = NARROWEST["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= allowed
    if path == "index.html":
        box = page.evaluate("(() => { const b = document.querySelector('.calendar-box');"
                            " return [b.clientWidth, b.scrollWidth,"
                            " b.getBoundingClientRect().right]; })()")
        assert box[2] <= allowed and box[1] > box[0]  # wider than the screen, scrolled inside


def test_the_calendar_is_reached_and_followed_by_keyboard(open_large):
    page = open_large("index.html")
    page.locator(".calendar-box").focus()
    assert page.evaluate("document.activeElement.className") == "calendar-box"
    page.keyboard.press("Tab")  # the first link inside the calendar: its first year
    assert page.evaluate("document.activeElement.getAttribute('href')") == "collection/1850.html"
    page.keyboard.press("Enter")
    page.wait_for_url("**/collection/1850.html")
    assert page.locator("h1").inner_text() == "Letters of 1850"


def test_a_month_of_the_calendar_leads_to_its_letters(open_large):
    page = open_large("index.html")
    link = page.locator(".calendar td a").first
    href, count = link.get_attribute("href"), int(link.inner_text())
    link.click()
    page.wait_for_url("**/" + href)
    month = href.split("#")[1]
    assert page.locator(f"section:has(> h2#{month}) .collection-list > li").count() == count


def test_a_search_finds_the_letters_of_every_part_of_the_index(open_large):
    # each letter's one paragraph is "Letter N of the collection.": every letter is a
    # result only if the parts (pagefind/1/, pagefind/2/, ...) are merged into the main
    # index, which holds the dates and none of the text
    page = open_large("search.html?q=collection&type=text")
    expect(page.locator("#search-status")).to_contain_text(f"{LIST_ALL + 30} results")
    page.get_by_role("button", name="More results").click()
    expect(page.locator("#search-results li")).to_have_count(40)
