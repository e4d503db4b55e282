"""A release kept online reads as well as the current edition: its banner leads to the
same passage in the current text, and its pages pass axe in both themes at both widths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import DESKTOP, NARROWEST, Guard, serving
from .test_a11y import violations

PAGES = ("v/1.0/letter-a.html", "v/1.0/about.html", "v/1.1/letter-a.html", "about.html")


@pytest.fixture(scope="module")
def releases_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_releases import make_released

    root: Path = make_released(tmp_path_factory.mktemp("released"))
    with serving(root / "build", "releases-server") as url:
        yield url


@pytest.fixture
def open_release(new_context, releases_server: str):
    guard = Guard(releases_server)

    def _open(path: str, **options):
        context = new_context(**{**DESKTOP, **options})
        page = context.new_page()
        guard.watch(context, page)
        page.goto(releases_server + path)
        return page

    yield _open
    assert not guard.problems, guard.problems


def test_the_banner_leads_to_the_passage_in_the_current_text(open_release,
                                                              releases_server) -> None:
    page = open_release("v/1.0/letter-a.html#a-p2")
    banner = page.locator(".release-banner")
    assert banner.is_visible() and "release 1.0" in banner.inner_text()
    # the old anchor, renamed in 1.1, still lands on its passage in the current text
    href = banner.locator("a").get_attribute("href")
    assert href.endswith("/letter-a.html")
    page.goto(releases_server + "letter-a.html#a-p2")
    assert page.evaluate("document.getElementById('a-p2') !== null")
    assert "by all accounts" in page.locator("#a-trade").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, NARROWEST], ids=["desktop", "narrowest"])
def test_release_pages_have_no_wcag_violations(open_release, scheme, viewport) -> None:
    found = {}
    for path in PAGES:
        page = open_release(path, color_scheme=scheme, **viewport)
        if problems := violations(page):
            found[path] = problems
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["viewport"]["width"], (path, width)
        page.context.close()
    assert not found, found
