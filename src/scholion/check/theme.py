"""Rules for an edition's own templates: each must compile, and say where it does not."""

from __future__ import annotations

from jinja2 import Environment, TemplateSyntaxError

from ..diagnostics import Diagnostic, error
from ..model import Edition


def check_theme(edition: Edition) -> list[Diagnostic]:
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
