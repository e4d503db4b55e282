"""Stage 4: draw every page of the site from the linked plan, with Jinja2 templates.

Templates and static assets are package files beside this module, loaded through
`PackageLoader`; nothing here writes a file — pages come back as `Page` values.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .. import citations
from ..export.files import DOWNLOADS, data_url
from ..export.metadata import json_ld
from ..link import INDEX_PAGES, DocumentPage, Site
from ..link.index import EntityEntry, sort_name
from ..markup import safe_html
from ..model import Annotation, Page
from ..progress import working_on
from .html import render_text

STATIC = ("scholion.css", "favicon.svg")


def environment() -> Environment:
    # Jinja's own bytecode cache (a private folder in the system temp dir, keyed by each
    # template's checksum) saves compiling the templates on every build.
    return Environment(
        loader=PackageLoader("scholion", "render/templates"),
        bytecode_cache=FileSystemBytecodeCache(),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_site(site: Site) -> list[Page]:
    env = environment()
    common = {"config": site.config, "documents": site.documents, "index_pages": INDEX_PAGES,
              "site": site, "downloads": DOWNLOADS, "data_url": data_url, "json_ld": json_ld,
              "doc_url": site.document_url, "note_html": note_html,
              "entity_notes": site.entity_notes}
    pages = [_page(env, "index.html", "index.html", common)]
    for doc_page in site.documents:
        document = doc_page.document
        text = render_text(document.body, document.blocks, site.registers, doc_page.notes,
                           doc_page.aliases)
        pages.append(_page(env, "document.html", doc_page.url,
                           {**common, "page": doc_page, "text": text,
                            "cite": citation_data(site, doc_page)}))
    pages += _index_pages(env, site, common)
    pages.append(_page(env, "about.html", "about.html", common))
    pages += [Page(f"static/{name}", _static(name)) for name in STATIC]
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


def citation_data(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    """Citation templates for the page's Cite control: one CSL run per style, filled in
    with a paragraph's anchor and ¶ number in the browser (see citations.fill)."""
    edition = citations.Edition(site.config, site.version, site.version_date)
    url = site.config.base_url + doc_page.url
    item = citations.csl_item(edition, doc_page.document.meta, url, doc_page.document.id)
    return {"anchor": citations.ANCHOR, "number": citations.NUMBER, "url": url,
            "styles": citations.templates(item)}


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
        html = env.get_template(template).render(root="../" * depth, path=path, **context)
    return Page(path, html.encode("utf-8"))


def _static(name: str) -> bytes:
    return files("scholion.render").joinpath("static", name).read_bytes()
