"""Stage 4: draw every page of the site from the linked plan, with Jinja2 templates.

Templates and static assets are package files beside this module, loaded through
`PackageLoader`; nothing here writes a file — pages come back as `Page` values.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from jinja2 import (
    ChoiceLoader,
    DictLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .. import citations
from ..export.files import DOWNLOADS, data_url
from ..export.metadata import json_ld
from ..link import INDEX_PAGES, Site, canonical_url
from ..link.index import EntityEntry, sort_name
from ..markup import safe_html
from ..model import Annotation, Document, Node, Page, Theme
from ..progress import working_on
from .behaviours import DEFAULTS, Behaviour
from .html import render_text

STATIC = ("scholion.css", "scholion.js", "search.js", "favicon.svg")


def environment(theme: Theme | None = None) -> Environment:
    """Templates by name: the edition's own (`templates/`) first, then Scholion's; an
    edition's template can still extend the one it replaces as "scholion/NAME"."""
    package = PackageLoader("scholion", "render/templates")
    own = DictLoader({t.name: t.text for t in theme.templates} if theme else {})
    return Environment(
        loader=ChoiceLoader([own, PrefixLoader({"scholion": package}), package]),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_site(site: Site) -> list[Page]:
    env = environment(site.theme)
    behaviours = DEFAULTS.extended({selector: Behaviour(html, handler) for selector, html,
                                    handler, _ in site.config.behaviours})
    common = {"config": site.config, "documents": site.documents, "index_pages": INDEX_PAGES,
              "site": site, "downloads": DOWNLOADS, "data_url": data_url, "json_ld": json_ld,
              "doc_url": site.document_url, "note_html": note_html,
              "entity_notes": site.entity_notes}
    cites = {p.url: p.cite for p in site.documents}
    common |= {"tei_html": render_text, "edition_cite": site.edition_cite,
               "passage_cite": cites, "fill": citations.fill,
               "document_cite": {url: citations.whole(c["styles"]) for url, c in cites.items()}}
    pages = [_page(env, "index.html", "index.html", common)]
    for doc_page in site.documents:
        document = doc_page.document
        text = render_text(document.body, document.blocks, site.registers, doc_page.notes,
                           doc_page.aliases, behaviours)
        pages.append(_page(env, "document.html", doc_page.url,
                           {**common, "page": doc_page, "text": text,
                            "cite": cites[doc_page.url],
                            "contents": contents(document)}))
    pages += _index_pages(env, site, common)
    pages.append(_page(env, "about.html", "about.html", common))
    pages.append(_page(env, "search.html", "search.html", common))
    static = {name: _static(name) for name in STATIC}
    static |= {asset.name: asset.content for asset in site.theme.assets}  # the edition's win
    pages += [Page(f"static/{name}", content) for name, content in sorted(static.items())]
    return pages


def _index_pages(env: Environment, site: Site, common: dict[str, Any]) -> list[Page]:
    pages = []
    for kind, entries in (("person", site.index.persons), ("place", site.index.places),
                          ("org", site.index.orgs)):
        url, heading = INDEX_PAGES[kind]
        pages.append(_page(env, "entities.html", url,
                           {**common, "kind": kind, "heading": heading, "entries": entries,
                            "letters": _letters(entries)}))
    pages.append(_page(env, "dates.html", INDEX_PAGES["date"][0],
                       {**common, "entries": site.index.dates}))
    return pages


def contents(document: Document) -> list[dict[str, str]]:
    """The table of contents: the text's parts in reading order (opening, heading, each
    run of paragraphs, each list, closing, each division), with the anchor of the part's
    first citable block and its range of ¶ numbers."""
    blocks = {b.id: b for b in document.blocks}
    parts: list[tuple[str, list[Node]]] = []

    def walk(container: Node) -> None:
        parts.append(("", []))  # a run of paragraphs never spans two containers
        for child in container.children:
            if isinstance(child, str):
                continue
            if child.tag in ("front", "body", "back", "group", "text") or (
                    child.tag == "div" and any(isinstance(c, Node) and c.tag == "div"
                                               for c in child.children)):
                walk(child)
            elif child.tag in ("p", "ab") and parts[-1][0] == "p":
                parts[-1][1].append(child)
            else:
                parts.append((child.tag, [child]))

    walk(document.body)
    entries = []
    for tag, nodes in parts:
        inner = [blocks[n.id] for node in nodes for n in node.iter() if n.id in blocks]
        if not inner:
            continue
        if tag in _PART_NAMES:
            label = _PART_NAMES[tag]
        elif tag == "div":
            head = next((c for c in nodes[0].children if isinstance(c, Node)
                         and c.tag == "head"), None)
            label = head.text() if head else nodes[0].get("type", "section").capitalize()
        elif tag == "list":
            label = "List: " + _snippet(inner[0].text)
        else:
            label = _snippet(inner[0].text, 16 if tag == "head" else 8)
        numbers = inner[0].n if len(inner) == 1 else f"{inner[0].n}–{inner[-1].n}"
        entries.append({"anchor": nodes[0].id or inner[0].id, "label": " ".join(label.split()),
                        "numbers": numbers})
    return entries


_PART_NAMES = {"opener": "Opening", "closer": "Closing", "postscript": "Postscript"}


def _snippet(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def note_html(annotation: Annotation) -> Markup:
    """A note's Markdown body as sanitized HTML (the allowlist is in `markup`)."""
    return Markup(safe_html(annotation.body))


def _letters(entries: tuple[EntityEntry, ...]) -> list[tuple[str, str]]:
    """(letter, anchor of the first entry under it) for the A–Z navigation."""
    letters: dict[str, str] = {}
    for entry in entries:
        letter = sort_name(entry.entity.name)[:1].upper()
        letters.setdefault(letter if letter.isalpha() else "#", entry.entity.id)
    return sorted(letters.items())


def _page(env: Environment, template: str, path: str, context: dict[str, Any]) -> Page:
    depth = path.count("/")
    with working_on(f"build/{path}"):
        html = env.get_template(template).render(
            root="../" * depth, path=path,
            canonical=canonical_url(context["config"].base_url, path), **context)
    return Page(path, html.encode("utf-8"))


def _static(name: str) -> bytes:
    return files("scholion.render").joinpath("static", name).read_bytes()
