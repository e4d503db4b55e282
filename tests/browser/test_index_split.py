"""An index too large for one page (#17): 3,000 persons split by letter, in a real
browser. A cited `persons.html#id` goes on to the entry's letter page with the script, and
lands on a line linking to it without; the pages pass axe like every other."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from scholion import pipeline

from .conftest import DESKTOP, PHONE, REPO, Guard, serving
from .test_a11y import violations

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("split") / "mini"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", root)
    registers = root / "source" / "registers.xml"
    people = "".join(f'<person xml:id="gen-{i}"><persName type="normalized">'
                     f'{LETTERS[i % 26]}urname{i:04d}, Given</persName></person>'
                     for i in range(3000))
    registers.write_text(registers.read_text(encoding="utf-8").replace(
        "</listPerson>", people + "</listPerson>", 1), encoding="utf-8")
    out = root / "build"
    assert pipeline.build(root, out).ok
    return out


@pytest.fixture
def open_split(new_context, split_site: Path) -> Iterator[Callable]:
    with serving(split_site, "split-server") as server:
        guard = Guard(server)

        def _open(path: str, **options):
            context = new_context(**{**DESKTOP, **options})
            page = context.new_page()
            guard.watch(context, page)
            page.goto(server + path)
            return page

        yield _open
        # the browser's own request for the icon, cut short when the overview goes on to
        # the entry's page (location.replace, once the page has loaded), is no failure
        problems = [p for p in guard.problems if not p.endswith("favicon.svg (net::ERR_ABORTED)")]
        assert not problems, problems


def test_a_cited_entry_goes_on_to_its_letter_page(open_split):
    page = open_split("persons.html#gen-4")  # "Eurname0004"
    page.wait_for_url(re.compile(r"persons/e\.html#gen-4$"))
    expect(page.locator("#gen-4 h2")).to_contain_text("Eurname0004, Given")
    expect(page.locator("#gen-4")).to_be_in_viewport()
    nav = page.locator("nav.az")
    expect(nav.get_by_role("link", name="E", exact=True)).to_have_attribute(
        "aria-current", "page")


def test_without_the_script_a_cited_entry_lands_on_its_line(open_split):
    page = open_split("persons.html#gen-4", java_script_enabled=False)
    line = page.locator("#gen-4")
    expect(line).to_be_in_viewport()
    expect(line.get_by_role("link")).to_have_attribute("href", "persons/e.html#gen-4")
    line.get_by_role("link").click()
    page.wait_for_url(re.compile(r"persons/e\.html#gen-4$"))
    expect(page.locator("#gen-4")).to_be_in_viewport()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_overview_and_a_letter_page_have_no_wcag_violations(open_split, scheme):
    found = {}
    for path in ("persons.html", "persons/s.html", "indexes.html"):
        for options in (DESKTOP, PHONE):
            page = open_split(path, color_scheme=scheme, **options)
            if problems := violations(page):
                found[path] = problems
            page.context.close()
    assert not found, found
