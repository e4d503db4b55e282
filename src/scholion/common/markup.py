"""Markdown for annotation bodies: rendered by Python-Markdown, sanitized by nh3.

One allowlist serves twice: `safe_html` applies it (what readers get), `disallowed` names
what it would remove (what `check` reports), so a contributor learns about a stripped
`<script>` from CI instead of finding a silently changed note.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from urllib.parse import urlsplit

import lxml.html
import markdown
import nh3

TAGS = frozenset({"p", "em", "strong", "i", "b", "a", "code", "ul", "ol", "li", "blockquote",
                  "sup", "sub", "br", "cite", "q", "span", "abbr"})
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "*": {"lang"}}
# a page of prose (the editorial principles) may have sections; a note may not
HEADINGS = frozenset({"h2", "h3", "h4"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with their content, not just unwrapped: their text is never meant for readers.
DROP_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math",
                          "template", "noscript", "textarea", "select"})


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


_HIDDEN = re.compile(r"<\?|<!\[CDATA\[|<!--")


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Markdown to HTML, unsanitized: for `disallowed` and `safe_html` only. Cached, since
    `check` and `render` both need it for every note."""
    try:
        return _converter().reset().convert(text)
    except RecursionError:  # `too_complex` screens for this first; never crash on it
        return "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>"


MAX_BRACKETS = 200  # Python-Markdown's link parsing is quadratic in runs of '['
MAX_DEPTH = 20  # of nested lists and quotes


def too_complex(text: str) -> str:
    """Why a note body would make Markdown slow or recurse too deeply ('' if it is fine).

    Checked before any rendering, so a hostile note costs CI nothing."""
    if text.count("[") > MAX_BRACKETS:
        return f"more than {MAX_BRACKETS} '[' characters"
    for line in text.splitlines():
        stripped = line.lstrip(" \t>")
        if (len(line) - len(stripped)) // 2 > MAX_DEPTH or line.count(">") > MAX_DEPTH * 2:
            return f"lists or quotes nested more than {MAX_DEPTH} deep"
    return ""


def safe_html(text: str, headings: bool = False) -> str:
    """`headings`: `##`–`####` sections kept (a page's prose, not a note's)."""
    tags = TAGS | HEADINGS if headings else TAGS
    return nh3.clean(markdown_html(text), tags=set(tags), clean_content_tags=set(DROP_CONTENT),
                     attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer",
                     strip_comments=True)


def disallowed(text: str, headings: bool = False) -> list[str]:
    """Describe every element, attribute and URL the sanitizer would remove."""
    tags = TAGS | HEADINGS if headings else TAGS
    html = markdown_html(text)
    if "<" not in html:
        return []
    found: list[str] = []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag not in tags:
            found.append(f"<{tag}>")
            continue
        allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]
        for name, value in element.attrib.items():
            if name.lower() not in allowed:
                found.append(f'{name}="…" on <{tag}>')
            elif name.lower() == "href" and not _safe_url(value):
                found.append(f"the link {value!r}")
    if _HIDDEN.search(text):
        found.append("<? … ?>, <![CDATA[ … ]]> or <!-- … --> (their text would vanish)")
    return list(dict.fromkeys(found))


def _safe_url(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in URL_SCHEMES or (not scheme and not url.strip().startswith("//"))
