"""Verify every internal link and fragment of a built site.

Readers cite anchors; a link that points at nothing is a broken citation. This reads the
output folder (never the sources) and reports each dead link as a Diagnostic.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import lxml.html

from ..diagnostics import Diagnostic, error

_LINKS = "//a/@href | //link/@href | //script/@src | //img/@src"


def check_links(site: Path) -> list[Diagnostic]:
    pages = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}
    ids = {name: _ids(path) for name, path in pages.items()}
    problems: list[Diagnostic] = []
    for name, path in pages.items():
        tree = lxml.html.parse(str(path))
        for attribute in tree.xpath(_LINKS):
            if problem := _dead(site, name, attribute, ids):
                line = attribute.getparent().sourceline
                problems.append(error(f"{site.name}/{name}", line, "E501", problem))
    return problems


def _ids(path: Path) -> set[str]:
    return set(lxml.html.parse(str(path)).xpath("//@id"))


def _dead(site: Path, page: str, url: str, ids: dict[str, set[str]]) -> str:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("mailto:"):
        return ""  # external: not ours to check here
    target = page if not parts.path else _resolve(page, unquote(parts.path))
    if target is None or not (site / target).is_file():
        return f"link to missing file {url!r}"
    if parts.fragment and target.endswith(".html") and parts.fragment not in ids.get(target, ()):
        return f"link to missing anchor {url!r}"
    return ""


def _resolve(page: str, path: str) -> str | None:
    parts: list[str] = list(PurePosixPath(page).parent.parts)
    for part in PurePosixPath(path).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
