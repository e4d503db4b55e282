"""Full validation against TEI P5 (tei_all RELAX NG), on request.

Compiling tei_all with lxml takes about 15 s, so the everyday `build` and `check` skip it
and rely on Scholion's own structural rules; `scholion check --tei-all` (run by the tests
and CI) adds it. The schema ships gzipped inside the package: TEI 4.3.0, CC BY / BSD-2.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files

from lxml import etree

from ..diagnostics import Diagnostic, error
from .xml import ParsedXML


@cache
def tei_all() -> etree.RelaxNG:
    with files("scholion.schemas").joinpath("tei_all.rng.gz").open("rb") as raw:
        grammar = etree.parse(gzip.GzipFile(fileobj=raw), etree.XMLParser(no_network=True))
    return etree.RelaxNG(grammar)


def validate_tei_all(parsed: ParsedXML, path: str) -> list[Diagnostic]:
    schema = tei_all()
    if schema.validate(parsed.tree):
        return []
    return [
        error(
            path,
            entry.line,
            "E106",
            f"TEI P5: {entry.message}",
            column=entry.column + 1 if entry.column else 1,
        )
        for entry in schema.error_log
    ]
