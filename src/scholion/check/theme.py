"""Rules for an edition's own presentation: its templates compile, its behaviour entries
name a valid selector, an allowed HTML element and a known handler."""

from __future__ import annotations

from jinja2 import Environment, TemplateSyntaxError

from ..diagnostics import Diagnostic, error
from ..load.config import CONFIG_FILE
from ..model import Edition
from ..render.behaviours import HANDLERS, HTML_ELEMENTS, Selector


def check_theme(edition: Edition) -> list[Diagnostic]:
    return [*_templates(edition), *_behaviours(edition)]


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
