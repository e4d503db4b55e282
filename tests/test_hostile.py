"""Hostile content in notes and registers never reaches the reader as something that runs.

Each attack is reported by `check` (E312) and, should it ever be built, is stripped by the
same nh3 allowlist; the rendered note is then scanned for anything executable.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

from conftest import REPO, replace_in
from scholion import pipeline
from scholion.common.markup import disallowed, safe_html

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "style": "<style>body{display:none}</style>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "event handler": '<a href="https://ok.example/" onclick="alert(1)">x</a>',
    "image onerror": '<img src="x" onerror="alert(1)">',
    "javascript url": "[click](javascript:alert(1))",
    "data url": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript url": '<a href="vbscript:msgbox(1)">x</a>',
    "svg with script": '<svg><script>alert(1)</script></svg>',
    "svg onload": '<svg onload="alert(1)"></svg>',
    "css expression": '<span style="width: expression(alert(1))">x</span>',
    "object": '<object data="evil.swf"></object>',
    "form": '<form action="https://evil.example/"><input name="q"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "breakout": "</div></section></article><script>alert(1)</script><div>",
    "mixed case": "<ScRiPt>alert(1)</sCrIpT>",
    "entity-encoded url": '<a href="&#106;avascript:alert(1)">x</a>',
}


def executable(html: str) -> list[str]:
    """Everything in `html` that a browser could run or that could load from elsewhere."""
    found = []
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in {"script", "style", "iframe", "object", "embed", "svg",
                                   "form", "input", "meta", "link", "img", "base"}:
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(name)
            if name.lower() in {"href", "src", "action"} and re.match(
                    r"\s*(javascript|data|vbscript):", value, re.IGNORECASE):
                found.append(value)
    return found


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_is_reported_and_stripped(attack):
    markdown = f"A note.\n\n{ATTACKS[attack]}\n"
    assert disallowed(markdown), f"{attack} was not reported"
    assert executable(safe_html(markdown)) == []


@pytest.mark.parametrize("attack", ["script", "breakout", "javascript url"])
def test_check_fails_the_contribution(mini, attack):
    note = mini / "annotations" / "busy-harbour.md"
    note.write_text(note.read_text() + f"\n{ATTACKS[attack]}\n")
    found = [d for d in pipeline.check(mini).diagnostics if d.code == "E312"]
    assert len(found) == 1 and found[0].path == "annotations/busy-harbour.md"


def test_markup_in_registers_and_tei_is_text_not_html(mini, tmp_path):
    replace_in(mini / "source" / "registers.xml", "A port city in Japan.",
               "A port city &lt;script&gt;alert(1)&lt;/script&gt; in Japan.")
    replace_in(mini / "source" / "letter-b.xml", "Thank you",
               "Thank &lt;img src=x onerror=alert(1)&gt; you")
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    for name, region in (("places.html", "entries"), ("letter-b.html", "tei-text")):
        page = lxml.html.parse(str(out / name)).getroot()
        content = page.find_class(region)[0]
        assert executable(lxml.html.tostring(content, encoding="unicode")) == [], name
    assert "&lt;script&gt;" in (out / "places.html").read_text()


def test_templates_have_no_inline_handlers_or_scripts():
    for template in (REPO / "src" / "scholion" / "render" / "templates").glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name
        for script in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in script or "application/" in script, (template.name, script)


def test_every_page_carries_a_strict_content_security_policy(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    for page in out.glob("*.html"):
        policy = lxml.html.parse(str(page)).xpath(
            "//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy, page.name
        directives = dict(d.strip().split(" ", 1) for d in policy[0].split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in policy[0] and "http" not in directives["script-src"]


@pytest.mark.parametrize("hidden", ["Stamp <? illegible ?> here", "a <![CDATA[b]]> c",
                                    "a <!-- note to self --> b"])
def test_markup_that_would_silently_hide_text_is_reported(hidden):
    assert disallowed(hidden)
