"""Every `ref` and `ptr` of the text goes somewhere (see `common.hrefs`).

A link of the text that reaches nothing is a broken citation on the page: it is said at
its line, and the page draws the words without a link (W124). A target that is no address
Scholion links (a script, a data or file URL, an undeclared scheme) is never a link
(W125). Both are warnings: real TEI points at files its project holds and this edition
may not, and the build goes on with every word of the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..common import hrefs
from ..diagnostics import Diagnostic, warning
from ..model import Edition
from .unloaded import NOTHING, Unloaded

HINT = ("point with '#ID' (this document), 'FILE.xml#ID' or 'DOC#ID' (another document of "
        "the edition), or an http(s) address")


def check_references(edition: Edition, unloaded: Unloaded = NOTHING) -> list[Diagnostic]:
    return list(_references(edition, unloaded))


def _references(edition: Edition, unloaded: Unloaded) -> Iterator[Diagnostic]:
    """A pointer into a document that did not load is not reported: that file's own error
    says what to fix first."""
    where = hrefs.collection(edition.documents, edition.registers)
    for document, here in zip(edition.documents, where.places, strict=True):
        for node in document.body.iter():
            if node.tag not in hrefs.LINKING:
                continue
            for token in node.get("target").split():
                link = hrefs.resolve(token, here, where)
                written = f'target="{token}" on <{node.tag}>'
                if link.refused:
                    yield warning(document.path, node.line, "W125", f"{written} is not an "
                                  f"address Scholion links: {link.problem}; it is not linked",
                                  hint=HINT)
                elif not link.href and link.path not in unloaded.documents:
                    yield warning(document.path, node.line, "W124", f"{written} reaches "
                                  f"nothing: {link.problem}; it is not linked", hint=HINT)
