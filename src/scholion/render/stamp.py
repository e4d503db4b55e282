"""The revision a build is made from, filled into its files once they are drawn.

Every page names the commit it was built from (its footer, its JSON-LD, a document's
JSON), and a commit is what every change to an edition makes: were the revision drawn into
the pages, no document's files could be reused after a commit, however little it changed,
and a pull request's build in CI would draw the whole collection again. So the pages are
drawn with a mark where the revision goes, their reuse keys hold the mark, not the
revision, and `filled` puts the revision in place of the mark in every file as it leaves
`render`: the same bytes as drawing the revision itself.

The mark is letters and digits only, which no escaping changes (HTML, XML, JSON, a URL),
so it is found wherever a template put it. A revision that is not of such characters
alone (a tag with `&` in it, which HTML would escape; `+`, which a URL would) is drawn as
it is, without the mark.
A compressed file (an EPUB, a PDF) would hide the mark, so none names the revision; a
test keeps it so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..link import Site
from ..model import Page

MARK = "ScholionRevisionMark7q2w"
UNVERSIONED = "unversioned"  # the revision of an edition outside git (`load.history`)
_PLAIN = re.compile(r"[A-Za-z0-9._-]+")


def marked(site: Site) -> Site:
    """The plan to draw from: the revision replaced by the mark, if it can be. Not for an
    edition outside git ("unversioned", which templates test for), nor for one with
    templates of its own, which may do with the revision what a mark cannot stand for
    (cut it, upper-case it, put it in a PDF); no document's files are reused for such an
    edition anyway (`reuse.reusing`)."""
    if site.version == UNVERSIONED or site.theme.templates \
            or _PLAIN.fullmatch(site.version) is None:
        return site
    return replace(site, version=MARK)


def filled(page: Page, revision: str) -> Page:
    """`page` with the revision where the mark is."""
    if MARK.encode() not in page.content:
        return page
    return Page(page.path, page.content.replace(MARK.encode(), revision.encode()))
