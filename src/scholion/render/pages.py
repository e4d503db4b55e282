"""Stage 4: draw every page of the site from the linked plan, with Jinja2 templates.

Templates and static assets are package files beside this module, loaded through
`PackageLoader`; nothing here writes a file — pages come back as `Page` values.
"""

from __future__ import annotations

import json
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

from ..cache import NO_CACHE, BuildCache
from ..common import citations
from ..common.dates import html_datetime, human
from ..common.kinds import AUTHORITY_LABELS, DATE, KINDS
from ..common.langs import html_lang
from ..common.markup import safe_html
from ..common.progress import working_on
from ..common.refs import scope_of
from ..common.routes import (
    INDEX_PAGES,
    STATIC_FILES,
    Route,
    api_url,
    canonical_url,
    data_url,
    entity_url,
    static_url,
)
from ..link import Site
from ..link.citing import passage_forms
from ..model import Annotation, Page, Theme
from .behaviours import DEFAULTS, Behaviour
from .html import render_text
from .metadata import json_ld


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
    # sandboxed: an edition's templates come in pull requests like its notes, and a plain
    # Jinja template can reach Python's internals (`''.__class__.__mro__`)
    env = SandboxedEnvironment(
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


def render_site(site: Site, cache: BuildCache = NO_CACHE) -> list[Page]:
    """Every HTML page of the route table, then the static files."""
    env = environment(site.theme, cache)
    behaviours = DEFAULTS.extended({selector: Behaviour(html, handler) for selector, html,
                                    handler, _ in site.config.behaviours})
    cites = {p.url: p.cite for p in site.documents}
    common = {"config": site.config, "documents": site.documents, "index_pages": INDEX_PAGES,
              "kinds": KINDS, "authority_labels": AUTHORITY_LABELS,
              "site": site, "data_url": data_url, "api_url": api_url,
              "static_url": static_url, "entity_url": entity_url, "json_ld": json_ld,
              "doc_url": site.document_url, "note_html": note_html,
              "principles_html": Markup(safe_html(site.principles, headings=True))
              if site.principles
              else "",
              "entity_notes": site.entity_notes, "tei_html": render_text,
              "edition_cite": site.edition_cite,
              "passage_cite": {url: passage_forms(c) for url, c in cites.items()},
              "fill": citations.fill, "cite_html": cite_html,
              "document_cite": {url: c["document"] for url, c in cites.items()}}
    documents = {p.url: p for p in site.documents}
    pages = []
    for route in site.html_pages:
        context = {**common, "route": route}
        if route.kind == "document":
            doc_page = documents[route.url]
            context |= {"page": doc_page, "cite": cites[route.url],
                        "contents": doc_page.contents,
                        "text": render_text(doc_page.document.body, doc_page.document.blocks,
                                            site.registers, doc_page.notes, doc_page.aliases,
                                            behaviours,
                                            scope_of(doc_page.document, site.registers),
                                            doc_page.links, doc_page.images,
                                            doc_page.witnesses, doc_page.located)}
        elif route.kind == "index":
            context |= _index_context(site, route)
        pages.append(_page(env, route.template, route.url, context))
    static = {name: _static(name) for name in STATIC_FILES}
    static |= {asset.name: asset.content for asset in site.theme.assets}  # the edition's win
    pages += [Page(static_url(name), content) for name, content in sorted(static.items())]
    return pages


def _index_context(site: Site, route: Route) -> dict[str, Any]:
    kind = next(k for k, (url, _) in INDEX_PAGES.items() if url == route.url)
    if kind == DATE:
        return {"entries": site.index.dates}
    return {"kind": kind, "heading": route.title, "entries": site.index.filed(kind),
            "letters": site.index.letters(kind)}


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


def _static(name: str) -> bytes:
    """A static file of Scholion's as served: a script or a stylesheet without its comments
    and indentation (rjsmin, rcssmin). The source keeps them for whoever reads it; the
    reader's browser does not need them, and the reading page stays within its budget
    (bench/page_weight.py: 200 KB, 50 KB gzipped, 15 KB of script)."""
    content = files("scholion.render").joinpath("static", name).read_bytes()
    if name.endswith(".js"):
        return rjsmin.jsmin(content.decode("utf-8")).encode("utf-8")
    if name.endswith(".css"):
        return rcssmin.cssmin(content.decode("utf-8")).encode("utf-8")
    return content
