"""Stage 4: draw every page of the site from the linked plan, with Jinja2 templates.

Templates and static assets are package files beside this module, loaded through
`PackageLoader`; nothing here writes a file — pages come back as `Page` values.
"""

from __future__ import annotations

import json
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files
from typing import Any

import rcssmin
import rjsmin
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FunctionLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from .. import __version__
from ..cache import NO_CACHE, BuildCache
from ..common import citations
from ..common.dates import html_datetime, human
from ..common.kinds import AUTHORITY_LABELS, DATE, KINDS
from ..common.langs import html_lang
from ..common.markup import safe_html
from ..common.memo import per_plan
from ..common.progress import working_on
from ..common.refs import scope_of
from ..common.routes import (
    DTS_ENTRY,
    HUB,
    INDEX_PAGES,
    STATIC_FILES,
    Route,
    api_url,
    canonical_url,
    data_url,
    dts_navigation_url,
    entity_url,
    static_url,
)
from ..link import DocumentPage, Site
from ..link import index as index_plan
from ..link.citing import passage_forms
from ..model import EVERYTHING, Annotation, Page, Share, Theme
from .behaviours import DEFAULTS, Behaviour, Registry
from .figures import draw_map, draw_timeline
from .html import render_text
from .metadata import json_ld


@lru_cache(maxsize=4)
def books_environment(theme: Theme) -> Environment:
    """The template environment of the books (the EPUBs and the PDFs; an edition may
    replace their templates too), made once per theme: a build draws many books from the
    same templates, which would otherwise be compiled again for each."""
    return environment(theme)


def environment(theme: Theme | None = None, cache: BuildCache = NO_CACHE) -> Environment:
    """Templates by name: the edition's own (`templates/`) first, then Scholion's; an
    edition's template can still extend the one it replaces as "scholion/NAME". Compiled
    templates are kept in the build cache (Jinja checks each against its source), which
    saves most of a small edition's build time."""
    package = PackageLoader("scholion", "render/templates")
    templates = {t.name: t for t in theme.templates} if theme else {}
    # by their paths in the edition, so that a failing one is named by file and line
    own = FunctionLoader(lambda name: (templates[name].text, templates[name].path,
                                       lambda: True) if name in templates else None)
    folder = cache.subfolder("jinja")
    # sandboxed when the edition has templates of its own: they come in pull requests like
    # its notes, and a plain Jinja template can reach Python's internals
    # (`''.__class__.__mro__`). Scholion's own are trusted, and the sandbox's check of
    # every attribute cost a seventh of a large collection's build.
    kind = SandboxedEnvironment if templates else Environment
    env = kind(
        bytecode_cache=FileSystemBytecodeCache(str(folder)) if folder else None,
        loader=ChoiceLoader([own, PrefixLoader({"scholion": package}), package]),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html_datetime"] = html_datetime  # for _time.html
    env.filters["human_date"] = human  # a calendar point in words: "30 January 1915"
    env.filters["html_lang"] = html_lang  # xml:lang as HTML's lang (register names)
    env.filters["compact_json"] = compact_json  # data for the script, as few bytes as may be
    env.filters["split_lead"] = split_lead  # a headnote's first paragraph, and the rest
    env.filters["card_data"] = lambda cards: {c.id: c.data() for c in cards}  # link.cards
    return env


def render_site(site: Site, cache: BuildCache = NO_CACHE) -> Iterator[Page]:
    """Every HTML page of the route table, then the static files: one at a time, so that
    `write` puts each on disk before the next is drawn (a collection is never held
    whole in memory)."""
    yield from html_pages(site, cache)
    yield from static_files(site)


def static_files(site: Site) -> Iterator[Page]:
    """Scholion's assets and the edition's own, which win."""
    static = {name: served(name, static_file(name)) for name in STATIC_FILES}
    static |= {asset.name: asset.content for asset in site.theme.assets}
    for name, content in sorted(static.items()):
        yield Page(static_url(name), content)


def html_pages(site: Site, cache: BuildCache = NO_CACHE, share: Share = EVERYTHING,
               env: Environment | None = None) -> Iterator[Page]:
    """The HTML pages of the route table that `share` holds, in its order."""
    env = env or environment(site.theme, cache)
    common, documents, behaviours = _shared_context(site)
    if share.whole or share.documents is None:
        routes = site.html_pages
    else:  # a few documents' pages: found by id, not by a scan of every route
        routes = tuple(r for p in site.pages_of(share)
                       for r in _document_routes(site).get(p.url, ()))
    for route in routes:
        if not (share.has(route.document_id) if route.kind == "document" else share.whole):
            continue
        context = {**common, "route": route}
        if route.kind == "document":
            doc_page = documents[route.url]
            context |= {"page": doc_page, "cite": doc_page.cite,
                        "contents": doc_page.contents,
                        "text": document_text(site, doc_page, behaviours)}
        elif route.kind == "index":
            context |= _index_context(site, route)
        elif route.kind in ("map", "timeline"):  # the figures (issue 15, item 10)
            context |= _figure_context(site, route.kind)
        elif route.kind == "collection":  # a large collection's lists (issue 17)
            context |= {"listing": site.collection.page(route.url)}
        yield _page(env, route.template, route.url, context)


@per_plan
def _shared_context(site: Site) -> tuple[dict[str, Any], dict[str, DocumentPage], Registry]:
    """What every page of one plan is drawn with: a build draws a collection's pages a
    few at a time."""
    behaviours = edition_behaviours(site)
    cites = {p.url: p.cite for p in site.documents}
    common = {"config": site.config, "documents": site.documents, "index_pages": INDEX_PAGES,
              "kinds": KINDS, "authority_labels": AUTHORITY_LABELS,
              "scholion_version": __version__,
              "hub_url": HUB, "page_of": site.index.page_of,
              "passage_notes": site.index.notes, "shown": index_plan.SHOWN,
              "mention_pages": site.index.mention_pages,
              "site": site, "data_url": data_url, "api_url": api_url,
              "dts_entry": DTS_ENTRY, "dts_navigation_url": dts_navigation_url,
              "static_url": static_url, "entity_url": entity_url, "json_ld": json_ld,
              "doc_url": site.document_url, "note_html": note_html,
              "principles_html": Markup(safe_html(site.principles, headings=True))
              if site.principles
              else "",
              "entity_notes": site.entity_notes, "tei_html": render_text,
              "edition_cite": site.edition_cite,
              "passage_cite": _PassageForms(cites),
              "fill": citations.fill, "cite_html": cite_html,
              "document_cite": {url: c["document"] for url, c in cites.items()}}
    return common, {p.url: p for p in site.documents}, behaviours


class _PassageForms(dict):
    """A paragraph's citation forms by document URL, each worked out when a page asks."""

    def __init__(self, cites: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self._cites = cites

    def __missing__(self, url: str) -> dict[str, dict[str, Any]]:
        self[url] = found = passage_forms(self._cites[url])
        return found


@per_plan
def _document_routes(site: Site) -> dict[str, tuple[Route, ...]]:
    found: dict[str, list[Route]] = {}
    for route in site.html_pages:
        if route.kind == "document":
            found.setdefault(route.url, []).append(route)
    return {url: tuple(r) for url, r in found.items()}


def edition_behaviours(site: Site) -> Registry:
    """Scholion's TEI → HTML behaviours with the edition's own over them."""
    return DEFAULTS.extended({selector: Behaviour(html, handler) for selector, html,
                              handler, _ in site.config.behaviours})


# The texts drawn last, by plan and document: the page, the PDF and the EPUBs show one
# drawing. Bounded, so that a collection is never held whole (a larger one draws a text
# again for its books, which come after every page).
_DRAWN: OrderedDict[str, Markup] = OrderedDict()
_DRAWN_FOR: list[weakref.ref | None] = [None]  # the plan they were drawn from
_KEEP = 256


def document_text(site: Site, doc_page: DocumentPage,
                  behaviours: Registry | None = None) -> Markup:
    """A document's reading text as HTML, as the plan says (its notes, links, images): one
    drawing for the page, the PDF and the EPUBs, so that every TEI element looks the same
    in each."""
    if _DRAWN_FOR[0] is None or _DRAWN_FOR[0]() is not site:
        _DRAWN.clear()
        _DRAWN_FOR[0] = weakref.ref(site)
    key = doc_page.document.id
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    document = doc_page.document
    text = render_text(document.body, document.blocks, site.registers, doc_page.notes,
                       doc_page.aliases, behaviours or edition_behaviours(site),
                       scope_of(document, site.registers), doc_page.links, doc_page.images,
                       doc_page.witnesses, doc_page.located)
    _DRAWN[key] = text
    if len(_DRAWN) > _KEEP:
        _DRAWN.popitem(last=False)
    return text


def _index_context(site: Site, route: Route) -> dict[str, Any]:
    """An index page: the hub, a kind's page (all its entries, or, when the kind is split,
    the A–Z overview of its letter pages), one letter's page, or the chronology."""
    if route.url == HUB:
        return {}
    if (mentions := site.index.mention_page(route.url)) is not None:
        return {"mentions": mentions, "pages": site.index.mention_pages[mentions.anchor],
                "entry_url": site.index.page_of(mentions.kind, mentions.anchor)}
    part = site.index.part(route.url)
    kind = part.kind if part else next(k for k, (url, _) in INDEX_PAGES.items()
                                       if url == route.url)
    parts = site.index.parts.get(kind, ())
    if kind == DATE:  # a large collection's by year, its own page the overview
        return {"entries": part.items if part else site.index.dates, "part": part,
                "parts": parts}
    found = {"kind": kind, "heading": INDEX_PAGES[kind][1], "part": part, "parts": parts,
             "entries": part.items if part else site.index.filed(kind),
             "letters": site.index.letters(kind)}
    if kind == "place" and not part and any(r.kind == "map" for r in site.figure_routes):
        found |= {"small_map": draw_map(site.place_map).main}  # a small map beside
    return found


def _figure_context(site: Site, kind: str) -> dict[str, Any]:
    """What the map and timeline pages draw (`render.figures`), from the plan's figures."""
    if kind == "map":
        return {"drawing": draw_map(site.place_map), "tie_labels": list(site.place_map.labels)}
    return {"drawing": draw_timeline(site.timeline), "timeline": site.timeline}


def compact_json(value: Any) -> Markup:
    """JSON for a `<script type="application/json">`: no spaces, letters as they are (not
    `\\u` escapes, which would treble the weight of Japanese), and `<`, `>`, `&` escaped so
    that nothing in it can close the script."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("&", "\\u0026"))


def split_lead(html: Markup) -> tuple[Markup, Markup]:
    """A note's HTML as its first paragraph and the rest ('' when it has one paragraph, or
    does not begin with one): the note's own sanitized markup, cut between two blocks."""
    end = html.find("</p>") + len("</p>")
    if not html.startswith("<p>") or end < len("</p>") or not html[end:].strip():
        return html, Markup("")
    return Markup(html[:end]), Markup(html[end:].strip())


def cite_html(form: citations.Form) -> Markup:
    """A citation as HTML: every part escaped, the italic ones (the edition's title) in
    `<i>`, as each style sets them."""
    return Markup("").join(Markup("<i>{}</i>").format(part) if i % 2 else escape(part)
                           for i, part in enumerate(form) if part)


def note_html(annotation: Annotation) -> Markup:
    """A note's Markdown body as sanitized HTML (the allowlist is in `markup`)."""
    return Markup(safe_html(annotation.body))


def _page(env: Environment, template: str, path: str, context: dict[str, Any]) -> Page:
    depth = path.count("/")
    with working_on(f"build/{path}"):
        html = env.get_template(template).render(
            root="../" * depth, path=path,
            canonical=canonical_url(context["config"].base_url, path), **context)
    return Page(path, html.encode("utf-8"))


def static_file(name: str) -> bytes:
    """A file of Scholion's `static/` as it is (the edition's own of that name is in the
    theme)."""
    return files("scholion.render").joinpath("static", name).read_bytes()


def served(name: str, content: bytes) -> bytes:
    """One of Scholion's scripts or stylesheets as the site serves it: without its comments
    and indentation (rjsmin, rcssmin). The source keeps them for whoever reads it; the
    reader's browser does not need them, and the reading page stays within its budget
    (bench/page_weight.py: 200 KB, 50 KB gzipped, 15 KB of script)."""
    if name.endswith(".js"):
        return rjsmin.jsmin(content.decode("utf-8")).encode("utf-8")
    if name.endswith(".css"):
        return rcssmin.cssmin(content.decode("utf-8")).encode("utf-8")
    return content
