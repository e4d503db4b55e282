"""The built site as files: valid HTML for the Nu Html Checker, and no dead internal link."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scholion.check.links import check_links

from .conftest import DESKTOP, PHONE, node_tool

BROKEN = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>
<body><p><div>a block inside a paragraph</div><span id="a" id="b">twice</span></body></html>
"""


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("Java is not installed: the Nu Html Checker needs a JRE "
                    "(`apt-get install -y default-jre-headless`; .ci/run does this)",
                    pytrace=False)
    return found


def test_every_page_is_valid_html(site: Path, tmp_path: Path, open_page, reading_page):
    """One run of the checker over the whole site; over the reading page as the script
    leaves it (side notes, a popover, the Cite dialog), saved from the browser; and over a
    page known to be invalid, which proves the checker is really looking."""
    control = tmp_path / "control"
    control.mkdir()
    (control / "broken.html").write_text(BROKEN, encoding="utf-8")
    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        page = open_page(reading_page, **options)
        page.locator("#p1 > .cite-btn").dispatch_event("click")
        page.locator(".note-btn").first.dispatch_event("click")
        html = page.evaluate("document.documentElement.outerHTML")
        assert "<dialog" in html and ("note-pop" in html if name == "phone" else "is-open" in html)
        (control / f"live-{name}.html").write_text("<!doctype html>\n" + html, encoding="utf-8")
    vnu = node_tool("vnu-jar", "build", "dist", "vnu.jar")
    # --skip-non-html: the site also holds CSS, JS, JSON, XML and text; only pages count
    proc = subprocess.run([java(), "-jar", str(vnu), "--errors-only", "--skip-non-html",
                           str(site), str(control)],
                          capture_output=True, text=True, timeout=300)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any("broken.html" in line for line in lines), proc.stderr
    assert proc.returncode != 0
    # The Nu Html Checker does not know CSP Level 3's 'wasm-unsafe-eval' yet; the search page
    # needs exactly that (Pagefind runs WebAssembly), rather than the broader 'unsafe-eval'.
    lag = "Expecting source-expression but found \"'wasm-unsafe-eval'\""
    problems = [line for line in lines if "broken.html" not in line and lag not in line]
    assert problems == []
    assert sum(lag in line for line in lines) == 1  # the search page, and only it
    assert len(list(control.glob("live-*.html"))) == 2
    checked = list(site.rglob("*.html"))
    assert len(checked) >= 7


def test_every_internal_link_and_fragment_resolves(site: Path):
    assert check_links(site) == []


def test_the_link_checker_would_notice(site: Path, tmp_path: Path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = next(copy.glob("*.html"))
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<a href="#nowhere">x</a></main>'), encoding="utf-8")
    assert [p.message for p in check_links(copy)] == ["link to missing anchor '#nowhere'"]
