"""Stage 4: draw every page of the site from the linked plan, with Jinja2 templates.

Templates and static assets are package files beside this module, loaded through
`PackageLoader`; nothing here writes a file — pages come back as `Page` values.
"""

from __future__ import annotations

from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..link import DocumentPage, Site
from ..model import Page
from .html import render_text

STATIC = ("scholion.css", "favicon.svg")


def environment() -> Environment:
    return Environment(
        loader=PackageLoader("scholion", "render/templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_site(site: Site) -> list[Page]:
    env = environment()
    common = {"config": site.config, "documents": site.documents}
    pages = [_page(env, "index.html", "index.html", common)]
    for doc_page in site.documents:
        pages.append(
            _page(
                env,
                "document.html",
                doc_page.url,
                {**common, "page": doc_page, "text": _text(doc_page)},
            )
        )
    pages.append(_page(env, "about.html", "about.html", common))
    pages += [Page(f"static/{name}", _static(name)) for name in STATIC]
    return pages


def _text(doc_page: DocumentPage):
    document = doc_page.document
    return render_text(document.body, document.blocks)


def _page(env: Environment, template: str, path: str, context: dict) -> Page:
    depth = path.count("/")
    html = env.get_template(template).render(root="../" * depth, path=path, **context)
    return Page(path, html.encode("utf-8"))


def _static(name: str) -> bytes:
    return files("scholion.render").joinpath("static", name).read_bytes()
