"""Browser tests: the built edition in Debian's Chromium, headless, driven by Playwright.

One build of the real edition and one local HTTP server per session; every page is opened
in a fresh browser context that fails the test on any console error, uncaught exception,
HTTP error or request to another host. No browser is ever downloaded: Playwright launches
the system's Chromium (`apt-get install -y chromium`), and the test tools from npm
(axe-core, the Nu Html Checker) come from `npm ci` in this folder.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scholion import pipeline
from scholion.link import Site

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
NODE_MODULES = HERE / "node_modules"
CHROMIUM = Path(os.environ.get("SCHOLION_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-gpu"]

# The two viewports every page is checked at, and the narrowest the layout must fit.
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
NARROWEST = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screenshots", action="store_true", default=False,
                     help="save screenshots of the reading page (phone and desktop, light "
                          "and dark) under build/_screenshots/ for review")


def node_tool(*parts: str) -> Path:
    """A file installed by `npm ci` in tests/browser; fails clearly when it is missing."""
    path = NODE_MODULES.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` in {HERE} (CI does this in .ci/run)",
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: `apt-get install -y chromium` "
                    "(the browser tests use the system's Chromium and never download one)",
                    pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": FLAGS}


@pytest.fixture(scope="session")
def base_url() -> None:
    """Replaces pytest-base-url's fixture (deprecated under pytest 9); pages are opened by
    full URL from `server`."""
    return None


@pytest.fixture(scope="session")
def built(real_build: Path, real_site: Site) -> tuple[Path, Site]:
    """The real edition, built once for the whole session (tests/conftest.py), and its
    site plan, which the tests compute what they expect from."""
    return real_build, real_site


@pytest.fixture(scope="session")
def site(built: tuple[Path, Site]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def linked(built: tuple[Path, Site]) -> Site:
    return built[1]


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in found and "about.html" in found
    return found


@pytest.fixture(scope="session")
def reading_page(linked: Site) -> str:
    return linked.documents[0].url


@pytest.fixture(scope="session")
def screenshots(pytestconfig: pytest.Config) -> Path | None:
    """With --screenshots: build/_screenshots/ (the repository's build/ is built first if
    it holds no build, so that `scholion build` can still replace it); otherwise None."""
    if not pytestconfig.getoption("--screenshots", default=False):
        return None
    out = REPO / "build"
    if not (out / "build-info.json").is_file():
        result = pipeline.build(REPO, out)
        assert result.ok, [d.format() for d in result.diagnostics]
    folder = out / "_screenshots"
    folder.mkdir(exist_ok=True)
    return folder


class _Handler(http.server.SimpleHTTPRequestHandler):
    timeout = 30  # a stuck connection cannot hold a thread for ever

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path, name: str = "site-server") -> Iterator[str]:
    """`folder` on 127.0.0.1 at a free port while the block runs; yields its root URL."""
    handler = functools.partial(_Handler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site, served for the session."""
    with serving(site) as url:
        yield url


class Guard:
    """What went wrong while pages were open: console errors, uncaught exceptions, HTTP
    errors (a missing resource), failed requests and any request to another host."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []

    def watch(self, context, page) -> None:
        def route(route) -> None:
            if route.request.url.startswith(self.origin):
                route.continue_()
            else:
                self.problems.append(f"request to another host: {route.request.url}")
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: m.type == "error"
                and self.problems.append(f"console error: {m.text} ({m.location})"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))
        page.on("response", lambda r: r.status >= 400
                and self.problems.append(f"HTTP {r.status}: {r.url}"))
        # a request the page itself gave up when it went on to another page (a form sent,
        # a link followed while a favicon loads) is no fault of the site
        page.on("requestfailed", lambda r: r.url.startswith(self.origin)
                and r.failure != "net::ERR_ABORTED"
                and self.problems.append(f"request failed: {r.url} ({r.failure})"))


@pytest.fixture
def guard(server: str) -> Guard:
    return Guard(server)


@pytest.fixture
def open_page(new_context, server: str, guard: Guard) -> Iterator[Callable]:
    """open_page(path, **context options) -> a Page of the site, guarded (see Guard).
    Context options are Playwright's: viewport, color_scheme, java_script_enabled, ..."""

    def _open(path: str | None, **options):
        context = new_context(**{**DESKTOP, **options})
        page = context.new_page()
        guard.watch(context, page)
        if path is not None:
            page.goto(server + path)
        return page

    _open.server = server
    yield _open
    assert not guard.problems, guard.problems
