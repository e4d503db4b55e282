"""The export formats: each a declaration (suffix, label, media type) and the function
that makes its bytes from the site plan.

Scholion's own formats are listed here; a Python package adds one by declaring an entry
point in the group `scholion.exports` that names a `Format` (see CONTRIBUTING, "Where to
make a change"). `link` plans a route for each format; `export` fills it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from ..common.routes import EDITION_BOOK
from ..link import DocumentPage, Download, Site
from . import files, geo

ENTRY_POINTS = "scholion.exports"


@dataclass(frozen=True)
class Format:
    download: Download
    # per document: make(site, doc_page) -> bytes; for the site: make(site, None) -> bytes
    make: Callable
    # make is given the build cache too, make(site, doc_page, cache): work that is slow
    # and depends only on its input (drawing a PDF) is kept there between builds
    cached: bool = False


# drawn by `render.pdf`; offered unless the settings say `pdf = false` or WeasyPrint
# cannot load (then W515)
PDF = Download(".pdf", "PDF for reading and printing (text, notes, citation)",
               "application/pdf", costly=True)


def _pdf(site, doc_page, kept) -> bytes:
    from ..render.pdf import document_pdf  # render imports export: imported when drawing

    return document_pdf(site, doc_page, kept)


EPUB = "application/epub+zip"


def _document_epub(site: Site, page: DocumentPage) -> bytes:
    # the EPUBs draw pages, so they are made in `render`, which imports this module: it
    # is imported when a book is made, not before
    from ..render.epub import document_epub

    return document_epub(site, page)


def _edition_epub(site: Site, _: None) -> bytes:
    from ..render.epub import edition_epub

    return edition_epub(site)


BUILT_IN = (
    Format(PDF, _pdf, cached=True),
    Format(Download(".xml", "TEI P5 source", "application/tei+xml"), files.source),
    Format(Download(".txt", "Plain text", "text/plain"), files.plain_text),
    Format(Download(".json", "JSON (metadata, blocks, mentions, notes)", "application/json"),
           files.document_json),
    Format(Download(files.ANNOTATIONS_SUFFIX, "Notes as W3C Web Annotations",
                    "application/ld+json"), files.web_annotations),
    Format(Download(".entities.csv", "Entities with their occurrences (CSV)", "text/csv"),
           files.entities_csv),
    Format(Download(".csl.json", "Citation (CSL-JSON)",
                    "application/vnd.citationstyles.csl+json"), files.csl_json),
    Format(Download(".bib", "Citation (BibTeX)", "application/x-bibtex"), files.bibtex),
    Format(Download(".ris", "Citation (RIS)", "application/x-research-info-systems"),
           files.ris),
    Format(Download(geo.FILE, "Places with coordinates (GeoJSON, Linked Places)",
                    geo.MEDIA_TYPE, per_document=False), geo.places_geojson),
    Format(Download(".epub", "E-book (EPUB 3: the text with its notes)", EPUB),
           _document_epub),
    Format(Download(EDITION_BOOK, "The whole edition as an e-book (EPUB 3)", EPUB,
                    per_document=False, whole_text=True), _edition_epub),
)


def available_formats() -> tuple[Format, ...]:
    """Scholion's formats, then those installed packages register, by entry point name;
    a registered format whose suffix is taken is left out (Scholion's own win)."""
    found = list(BUILT_IN)
    taken = {f.download.suffix for f in found}
    for point in sorted(entry_points(group=ENTRY_POINTS), key=lambda p: p.name):
        extra = point.load()
        if isinstance(extra, Format) and extra.download.suffix not in taken:
            found.append(extra)
            taken.add(extra.download.suffix)
    return tuple(found)
