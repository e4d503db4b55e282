"""Rules for an edition's own presentation: its templates compile, its behaviour entries
name a valid selector, an allowed HTML element and a known handler, and each page it adds
has a template and a name no document or page of the site already has."""

from __future__ import annotations

from jinja2 import Environment, TemplateSyntaxError

from ..common.routes import SITE_PAGES, document_url
from ..diagnostics import Diagnostic, error
from ..load.config import CONFIG_FILE
from ..model import Edition
from ..render.behaviours import HANDLERS, HTML_ELEMENTS, Selector


def check_theme(edition: Edition) -> list[Diagnostic]:
    return [*_templates(edition), *_behaviours(edition), *_pages(edition)]


def _pages(edition: Edition) -> list[Diagnostic]:
    problems = []
    own = {t.name for t in edition.theme.templates}
    documents = {document_url(d.id): d.path for d in edition.documents}
    site = {route.url for route in SITE_PAGES}
    for url, template, _, _, line in edition.config.pages:
        if template not in own:  # Scholion's own templates each draw a page of their own
            problems.append(error(CONFIG_FILE, line, "E008", f"page '{url}': no template "
                                  f"'{template}' in the edition's templates/ folder",
                                  hint="add it there (it may extend \"base.html\")"))
        if url in site:
            problems.append(error(CONFIG_FILE, line, "E002", f"page '{url}' is one of the "
                                  "site's own pages", hint="choose another name; a template "
                                  "in templates/ changes the page itself"))
        elif url in documents:
            problems.append(error(CONFIG_FILE, line, "E114", f"page '{url}' is also the page "
                                  f"of the document {documents[url]}",
                                  hint="rename the page, or give the document another id"))
    return problems


def _behaviours(edition: Edition) -> list[Diagnostic]:
    problems = []
    for selector, html, handler, line in edition.config.behaviours:
        try:
            Selector.parse(selector)
        except ValueError as exc:
            problems.append(error(CONFIG_FILE, line, "E002", f"behaviour {exc}"))
        if html not in HTML_ELEMENTS:
            problems.append(error(CONFIG_FILE, line, "E002", f"behaviour '{selector}': <{html}> "
                                  "is not an HTML element the reading text may hold",
                                  hint="allowed: " + ", ".join(sorted(HTML_ELEMENTS))))
        if handler not in HANDLERS:
            problems.append(error(CONFIG_FILE, line, "E002", f"behaviour '{selector}': no "
                                  f"handler '{handler}'",
                                  hint="handlers: " + ", ".join(sorted(HANDLERS))))
    return problems


def _templates(edition: Edition) -> list[Diagnostic]:
    problems = []
    environment = Environment(autoescape=True)
    for template in edition.theme.templates:
        try:
            environment.parse(template.text, name=template.name)
        except TemplateSyntaxError as exc:
            problems.append(error(template.path, exc.lineno, "E008",
                                  f"the template does not compile: {exc.message}",
                                  hint="see the Jinja documentation; the default templates "
                                       "are in src/scholion/render/templates/"))
    return problems
