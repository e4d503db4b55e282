"""Each document as a PDF, to read away from the screen and to keep: the reading text with
its ¶ numbers in the margin, the headnote, the source's own notes, the editorial notes
(numbered, after the text, each with the page of its place), the citation and the
licence, on A4 pages numbered "page N of M" under a running head.

WeasyPrint draws it from HTML made here with the print template (`pdf/document.html`),
the site's stylesheet and `pdf.css`; the text is drawn by the same `render_text` as the
document's page, so every TEI element looks as it does there. WeasyPrint needs Pango, a
system library: where it cannot load, the build says so once (W515) and builds the rest.
Nothing is fetched from another host: the fetcher serves only the edition's own image
files. The bytes depend only on the HTML, the CSS, WeasyPrint's version and the fonts of
the machine (the dates are the commit's, the file identifier a digest of the input), so
two builds of one commit give one file, and the build cache keeps it by exactly those:
drawing is by far the slowest step of a build.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

from ..cache import NO_CACHE, BuildCache
from ..common import citations
from ..common.routes import DRAWING_ONLY, canonical_url
from ..diagnostics import Diagnostic, warning
from ..export.formats import PDF
from ..link import DocumentPage, Site, costly_left_out
from ..model import Config
from .pages import (
    books_environment,
    cite_html,
    document_text,
    edition_behaviours,
    note_html,
    static_file,
)

if TYPE_CHECKING:
    from ..export import Format

TEMPLATE = "pdf/document.html"
STYLESHEETS = ("scholion.css", *DRAWING_ONLY)  # the site's, then the print rules over it
INSTALL = "pip install weasyprint (and Pango, e.g. Debian's libpango-1.0-0)"


def problem() -> str:
    """Why WeasyPrint cannot draw here ("" when it can): it is not installed, or the
    system libraries it loads on import (Pango) are missing."""
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi, or fails)
    except ImportError as exc:
        return f"WeasyPrint is not installed ({exc})"
    except OSError as exc:
        return f"WeasyPrint cannot load a system library ({exc})"
    return ""


def offered(formats: tuple[Format, ...], config: Config, documents: int = 1
            ) -> tuple[tuple[Format, ...], tuple[Diagnostic, ...]]:
    """The formats the site offers: without the PDF when the settings turn it off
    (`pdf = false`), or leave it unset for a large collection (`link.costly_left_out`,
    the rule by which link leaves the PDFs out), or WeasyPrint cannot run
    here; that it cannot is said once (W515), and the site is built without it, so no
    page links to a file that is not there. WeasyPrint is imported only to know that
    it can draw (about half a second), never for a build without PDFs."""
    if not any(f.download == PDF for f in formats):
        return formats, ()
    without = tuple(f for f in formats if f.download != PDF)
    if config.pdf is False or costly_left_out(config, documents):
        return without, ()
    if reason := problem():
        return without, (warning("build", 1, "W515", f"the PDFs were not made: {reason}",
                                 hint=f"{INSTALL}; the rest of the site is complete"),)
    return formats, ()


def document_pdf(site: Site, doc_page: DocumentPage, kept: BuildCache = NO_CACHE) -> bytes:
    """The PDF of one document: from the build cache when the same HTML and CSS were drawn
    by the same WeasyPrint with the same fonts before, else drawn now."""
    html = print_html(site, doc_page)
    sheets = stylesheets(site)
    files = _copies(site)
    key = kept.key("pdf", _digest(html, *sheets), _images(html, site),
                   _weasyprint_version(), _fonts())
    if (hit := kept.get("pdf", key)) is not None:
        return base64.b64decode(hit)
    pdf = draw(html, sheets, site.config.base_url + doc_page.url, files)
    kept.put("pdf", key, base64.b64encode(pdf).decode("ascii"))
    return pdf


def print_html(site: Site, doc_page: DocumentPage) -> str:
    """The document as print HTML: the print template (an edition may have its own),
    the text as the page draws it."""
    env = books_environment(site.theme)
    text = document_text(site, doc_page, edition_behaviours(site))
    return env.get_template(TEMPLATE).render(
        config=site.config, site=site, page=doc_page, text=text, cite=doc_page.cite,
        canonical=canonical_url(site.config.base_url, doc_page.url),
        cite_html=cite_html, note_html=note_html, fill=citations.fill)


def stylesheets(site: Site) -> tuple[str, ...]:
    """The site's stylesheet and the print rules, the edition's own where it has them."""
    own = {asset.name: asset.content for asset in site.theme.assets}
    return tuple((own.get(name) or static_file(name)).decode("utf-8") for name in STYLESHEETS)


def draw(html: str, sheets: tuple[str, ...], base_url: str,
         files: dict[str, Any]) -> bytes:
    """WeasyPrint's PDF of `html`, relative links resolved against the document's URL
    online (so its mentions and sources link to the edition), with no file from
    elsewhere than `files` (URL -> path on disk) and no clock in it."""
    import weasyprint

    fetcher = _local_fetcher(files)
    styles = [weasyprint.CSS(string=_for_print(sheet), base_url=base_url,
                             url_fetcher=fetcher) for sheet in sheets]
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    identifier = hashlib.sha256("\0".join((html, *sheets)).encode()).hexdigest()[:32]
    return document.write_pdf(stylesheets=styles, pdf_identifier=identifier.encode(),
                              uncompressed_pdf=False)


def _images(html: str, site: Site) -> list[tuple[str, str]]:
    """The digest of each image file of the site that the document's HTML names (by its
    path in the site): a scan replaced under the same name draws the PDF anew."""
    return [(copy.path, hashlib.sha256(copy.source.read_bytes()).hexdigest())
            for copy in site.copies if copy.path in html]


def _for_print(sheet: str) -> str:
    """The stylesheet without the rules that follow the page's switches
    (`body:has(#view-diplomatic:checked) …`): a PDF has no switch, and WeasyPrint matches
    `:has()` by walking the whole document for each element (a third of the time the
    1987 document took to draw)."""
    import tinycss2  # WeasyPrint's own CSS parser

    rules = tinycss2.parse_stylesheet(sheet)
    return tinycss2.serialize([r for r in rules if not (
        r.type == "qualified-rule" and "body:has(" in tinycss2.serialize(r.prelude))])


def _copies(site: Site) -> dict[str, Any]:
    """The image files the site publishes, by their URL online: the only files a PDF may
    hold."""
    return {site.config.base_url + copy.path: copy.source for copy in site.copies}


def _local_fetcher(files: dict[str, Any]) -> Any:
    """A WeasyPrint fetcher (its class is WeasyPrint's, imported only when drawing)."""
    import weasyprint

    class LocalFetcher(weasyprint.URLFetcher):
        """Serves the edition's image files, by their URL in the site, and nothing else:
        no request leaves the machine, no other file is read."""

        def __init__(self, files: dict[str, Any]) -> None:
            super().__init__(allowed_protocols=())
            self.files = files

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = self.files.get(url.split("#")[0].split("?")[0])
            if path is None:
                raise ValueError(f"not a file of the edition: {url}")
            return weasyprint.urls.URLFetcherResponse(url, path.read_bytes())

    return LocalFetcher(files)


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


@cache
def _weasyprint_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "missing"


@cache
def _fonts() -> str:
    """A digest of the fonts the machine offers (fontconfig's list): a font installed
    after a PDF was cached (one with the Chinese glyphs) must draw it anew."""
    binary = shutil.which("fc-list")
    if binary is None:
        return "no fc-list"
    try:
        listed = subprocess.run([binary, ":", "file", "family", "style"], capture_output=True,
                                text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return "no fc-list"
    return hashlib.sha256("\n".join(sorted(listed.splitlines())).encode()).hexdigest()
