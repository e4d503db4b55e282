"""EPUB 3 of each document and of the whole edition: the text to take away.

An EPUB is a zip of XHTML content documents, a navigation document and a package document
(EPUB 3.3). The reading text is the page's own drawing of it (`pages.document_text`, drawn
once a build by `html.render_text`), so the book holds exactly the words, ¶ numbers,
anchors, verse, lists and source notes of the page; it is made XHTML here (`xhtml`): what
the page adds for interaction (the readings a view hides, the links into the index) is
left out, and the notes' markers and lists get the semantics reading systems use to show
notes (`epub:type`, DPUB-ARIA roles). The markup is in `templates/epub/`.

Images are left out: a figure keeps its words (its `figDesc`, printed for every reader)
and a link to the image on the edition's site. An edition's scans never travel through
the build in memory (`model.FileCopy`), and thousands of letters with their scans would
make each book as heavy as the site.

Two builds of one commit give the same bytes: every file of the zip has the date of the
commit built, the same permissions and the same place, and the package's
`dcterms:modified` is that date too.
"""

from __future__ import annotations

import weakref
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from io import BytesIO
from typing import Any

import lxml.html
from lxml import etree
from markupsafe import Markup

from ..common.langs import html_lang
from ..common.markup import safe_html
from ..common.memo import per_plan
from ..common.routes import canonical_url
from ..link import DocumentPage, Site
from .pages import books_environment

MEDIA_TYPE = "application/epub+zip"
NO_DATE = "1980-01-01"  # the date of a book built outside git, with no SOURCE_DATE_EPOCH
PACKAGE = "EPUB/package.opf"
CSS = "style.css"
MATHML = "http://www.w3.org/1998/Math/MathML"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# what only the site's page uses: search (Pagefind) and the facsimile view (its script)
SITE_ONLY_ATTRIBUTES = ("data-pagefind-ignore", "data-facs", "loading")
NOTE_MARKS = frozenset({"note-ref", "tei-note-ref"})  # the <sup> of an editors' or a source note


@dataclass(frozen=True)
class Item:
    """One file of the publication, inside `EPUB/`: a content document in reading order
    (`in_spine`), or the navigation document or the stylesheet."""

    id: str
    href: str
    media_type: str
    content: bytes
    properties: str = ""
    in_spine: bool = True


@dataclass(frozen=True)
class Book:
    """What the package document says of the publication (see templates/epub/package.opf)."""

    identifier: str
    title: str
    language: str
    rights: str
    modified: str
    summary: str
    date: str = ""
    creators: tuple[str, ...] = ()
    contributors: tuple[tuple[str, str], ...] = ()  # (name, MARC relator code)
    source: str = ""
    description: str = ""
    has_math: bool = False


@dataclass(frozen=True)
class Chapter:
    """A document drawn once as a content document, for its own EPUB and the edition's."""

    item: Item
    toc: dict[str, Any] = field(default_factory=dict)  # its entry of the navigation


def document_epub(site: Site, page: DocumentPage) -> bytes:
    """The EPUB of one document: its title page, then the document with its notes."""
    chapter = _chapter_of(site, page)
    meta = page.document.meta
    title = _title_page(site, page)
    book = Book(identifier=canonical_url(site.config.base_url, page.url), title=meta.title,
                language=_language(site, page), rights=_rights(site), modified=_modified(site),
                summary=SUMMARY, date=_date(site), creators=meta.authors,
                contributors=_contributors(site, (page,)), source=meta.source_url,
                description=meta.summary, has_math=_has_math(chapter.item))
    return _package(site, book, [title, chapter.item],
                    [{"label": "Title page", "href": title.href, "children": []}, chapter.toc])


def edition_epub(site: Site, _: None = None) -> bytes:
    """The EPUB of the whole edition: its title page, then every document in the
    collection's order, each a content document of its own, all in one navigation."""
    chapters = [_chapters(site)[p.document.id] for p in site.documents]
    title = _title_page(site, None)
    config = site.config
    book = Book(identifier=canonical_url(config.base_url, ""), title=config.title,
                language=html_lang(config.language) or "und", rights=_rights(site),
                modified=_modified(site), summary=SUMMARY, date=_date(site),
                creators=config.editors, description=config.description,
                contributors=_contributors(site, site.documents, editors=False),
                has_math=any(_has_math(c.item) for c in chapters))
    return _package(site, book, [title, *(c.item for c in chapters)],
                    [{"label": "Title page", "href": title.href, "children": []},
                     *(c.toc for c in chapters)])


SUMMARY = ("The reading text with its headings, lists, verse and ¶ numbers (each a visible "
           "number and an anchor, for citing), followed by the notes of the source and the "
           "editors' notes, each linked to and from its place in the text. Images are not "
           "included: each figure keeps its description and a link to the image on the "
           "edition's site.")


# --- the package -----------------------------------------------------------------------

def _package(site: Site, book: Book, content: list[Item], toc: list[dict[str, Any]]) -> bytes:
    """The zip: `mimetype` first and stored, the container, the package document, the
    navigation, the stylesheet and the content documents, in that fixed order."""
    env = books_environment(site.theme)
    body = next(i for i in content if i.id != "title")
    nav = env.get_template("epub/nav.xhtml").render(
        lang=book.language, title=book.title, css=CSS, toc=toc,
        landmarks=[("titlepage", content[0].href, "Title page"),
                   ("bodymatter", body.href, "Start of the text")])
    items = [Item("nav", "nav.xhtml", "application/xhtml+xml", nav.encode(), "nav", False),
             Item("css", CSS, "text/css", _css(), in_spine=False), *content]
    opf = env.get_template("epub/package.opf").render(book=book, items=items)
    container = env.get_template("epub/container.xml").render(package_path=PACKAGE)
    when = _zip_time(site.version_date)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        _add(archive, "mimetype", MEDIA_TYPE.encode("ascii"), when, zipfile.ZIP_STORED)
        _add(archive, "META-INF/container.xml", container.encode(), when)
        _add(archive, PACKAGE, opf.encode(), when)
        for item in items:
            _add(archive, f"EPUB/{item.href}", item.content, when)
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes, when: tuple[int, ...],
         compress: int = zipfile.ZIP_DEFLATED) -> None:
    """A file of the zip with nothing of the machine or the moment in it."""
    info = zipfile.ZipInfo(name, date_time=when)  # type: ignore[arg-type]
    info.compress_type = compress
    info.create_system = 3  # Unix, wherever it is built (zipfile's default differs)
    info.external_attr = 0o100644 << 16
    archive.writestr(info, data, compresslevel=9 if compress else None)


def _zip_time(day: str) -> tuple[int, int, int, int, int, int]:
    """The commit's date as a zip time (which cannot say a day before 1980)."""
    year, month, date = (int(v) for v in _day(day).split("-"))
    return (year, month, date, 0, 0, 0) if year >= 1980 else (1980, 1, 1, 0, 0, 0)


def _day(day: str) -> str:
    """The date of the text built (the commit's, SOURCE_DATE_EPOCH); outside git, with
    neither, the earliest day a zip can say, the same on every build (as reproducible
    builds fix a date that is not known), never the day of the build."""
    return day or NO_DATE


def _modified(site: Site) -> str:
    return f"{_day(site.version_date)}T00:00:00Z"  # the form EPUB requires


def _date(site: Site) -> str:
    """The publication's date, as EPUB means dc:date: this version of the edition."""
    return site.version_date


def _rights(site: Site) -> str:
    config = site.config
    return f"The edition's text and apparatus: {config.licence} ({config.licence_url})."


def _language(site: Site, page: DocumentPage) -> str:
    return html_lang(page.document.lang) or html_lang(site.config.language) or "und"


def _contributors(site: Site, pages: tuple[DocumentPage, ...], editors: bool = True
                  ) -> tuple[tuple[str, str], ...]:
    """The edition's editors (`edt`) and the documents' translators (`trl`), once each."""
    found = [(name, "edt") for name in site.config.editors] if editors else []
    for page in pages:
        if (name := page.document.meta.translator) and (name, "trl") not in found:
            found.append((name, "trl"))
    return tuple(found)


def _has_math(item: Item) -> bool:
    return b"<math" in item.content


@lru_cache(maxsize=1)
def _css() -> bytes:
    return files("scholion.render").joinpath("templates", "epub", CSS).read_bytes()


# --- the content documents -------------------------------------------------------------

# The chapters of the last site asked for: a document's EPUB and the edition's share them
# (held by a weak reference to the plan).
_drawn: list[Any] = [None, {}]


def _chapters(site: Site) -> dict[str, Chapter]:
    if _drawn[0] is None or _drawn[0]() is not site:
        inside = _inside(site)
        _drawn[:] = [weakref.ref(site), {p.document.id: _chapter(site, p, inside)
                                         for p in site.documents}]
    return _drawn[1]


def _chapter_of(site: Site, page: DocumentPage) -> Chapter:
    """One document's chapter, as the edition's book draws it: alone, since a collection
    draws one document's book again without the others'."""
    if _drawn[0] is not None and _drawn[0]() is site:
        return _drawn[1][page.document.id]
    return _chapter(site, page, _inside(site))


@per_plan
def _inside(site: Site) -> dict[str, str]:
    """Each document's page by its content document in the book."""
    return {p.url: f"doc-{p.document.id}.xhtml" for p in site.documents}


def _chapter(site: Site, page: DocumentPage, inside: dict[str, str]) -> Chapter:
    """A document as a content document: the page's drawing of its text, made XHTML."""
    from .pages import document_text

    document = page.document
    href = inside[page.url]
    html = books_environment(site.theme).get_template("epub/document.html").render(
        **_context(site), page=page, text=document_text(site, page))
    body = xhtml(html, site.config.base_url, inside,
                 line_breaks=site.config.readings == "diplomatic")
    item = Item(f"doc-{document.id}", href, "application/xhtml+xml",
                _content_document(site, document.meta.title, _language(site, page), body,
                                  "bodymatter"),
                "mathml" if "<math" in body else "")
    toc = {"label": document.meta.title, "href": f"{href}#doc-title",
           "children": _parts(page, href)}
    return Chapter(item, toc)


def _parts(page: DocumentPage, href: str) -> list[dict[str, Any]]:
    """The document's table of contents (`link.contents`) as nested entries, a part a
    level deeper under the part before it, then its notes."""
    top: list[dict[str, Any]] = []
    open_: list[tuple[int, list[dict[str, Any]]]] = [(-1, top)]
    for part in page.contents:
        entry = {"label": part.label, "href": f"{href}#{part.anchor}", "children": []}
        while open_[-1][0] >= part.level:
            open_.pop()
        open_[-1][1].append(entry)
        open_.append((part.level, entry["children"]))
    if page.notes:
        top.append({"label": "Notes", "href": f"{href}#notes-title", "children": []})
    return top


def _title_page(site: Site, page: DocumentPage | None) -> Item:
    address = canonical_url(site.config.base_url, page.url if page else "")
    html = books_environment(site.theme).get_template("epub/title.html").render(
        **_context(site), page=page, address=address, version_date=site.version_date)
    inside = {p.url: f"doc-{p.document.id}.xhtml" for p in site.documents} if page is None else {}
    body = xhtml(html, site.config.base_url, inside)
    title = page.document.meta.title if page else site.config.title
    lang = _language(site, page) if page else html_lang(site.config.language) or "und"
    return Item("title", "title.xhtml", "application/xhtml+xml",
                _content_document(site, title, lang, body, "frontmatter"))


def _content_document(site: Site, title: str, lang: str, body: str, kind: str) -> bytes:
    return books_environment(site.theme).get_template("epub/page.xhtml").render(
        title=title, lang=lang, css=CSS, body=Markup(body), kind=kind).encode("utf-8")


def _context(site: Site) -> dict[str, Any]:
    """What the epub templates (and the site's `_note.html` they include) are given."""
    from .pages import cite_html, note_html  # the site's own, so both say the same

    return {"config": site.config, "site": site, "documents": site.documents,
            "edition_cite": site.edition_cite, "cite_html": cite_html, "note_html": note_html,
            "principles_html": Markup(safe_html(site.principles, headings=True))
            if site.principles else ""}




# --- HTML to XHTML ---------------------------------------------------------------------

def xhtml(html: str, base_url: str, inside: dict[str, str], *, line_breaks: bool = True
          ) -> str:
    """HTML as the site draws it, as the XHTML of an EPUB content document: only the
    reading the edition follows in each `choice` (the page keeps the others for its
    switch), a witness's line breaks only in a diplomatic edition (the page's default
    view), names and dates without their links into the index, every other link that
    leaves the book made an address on the site (`inside` maps a page of the site to its
    content document here), no image, note markers and lists marked as such, every `lang`
    also an `xml:lang`, MathML in its namespace."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for hidden in root.xpath(_HIDDEN_READINGS):
        hidden.drop_tree()
    if not line_breaks:
        for br in root.xpath("//br[contains(concat(' ', @class, ' '), ' tei-lb ')]"):
            br.drop_tree()
    for element in root.iter(etree.Element):
        _convert(element, base_url, inside)
    for img in root.xpath("//img"):
        _image_left_out(img, base_url)
    parts = [etree.tostring(child, method="xml", encoding="unicode") for child in root]
    return (root.text or "") + "".join(parts)


_HIDDEN_READINGS = ("//*[contains(concat(' ', @class, ' '), ' tei-choice ')]/span["
                    "(contains(concat(' ', @class, ' '), ' reading ')"
                    " and not(contains(concat(' ', @class, ' '), ' reading-default ')))"
                    " or contains(concat(' ', @class, ' '), ' choice-sep ')]")


def _convert(element: Any, base_url: str, inside: dict[str, str]) -> None:
    """One element made fit for the book (see `xhtml`)."""
    for name in SITE_ONLY_ATTRIBUTES:
        element.attrib.pop(name, None)
    classes = set(element.get("class", "").split())
    if lang := element.get("lang"):
        element.set(XML_LANG, lang)
    if element.tag == "math":
        element.set("xmlns", MATHML)
    if classes & {"tei-figDesc", "graphic-text"}:  # no image hides them now: they are read
        element.attrib.pop("aria-hidden", None)
    if "tei-notes" in classes:  # the source's notes, as the editors' (epub/document.html)
        element.set("epub:type", "endnotes")
        element.set("role", "doc-endnotes")
    if "source-note" in classes:
        element.set("epub:type", "endnote")
    if element.tag != "a" or element.get("href") is None:
        return
    if "mention" in classes:  # a name or a date: its words, titled with what it names
        element.tag = "span"
        del element.attrib["href"]
        return
    parent = element.getparent()
    if parent is not None and set(parent.get("class", "").split()) & NOTE_MARKS:
        element.set("epub:type", "noteref")
        element.set("role", "doc-noteref")
    if "source-note-back" in classes:
        element.set("role", "doc-backlink")
    element.set("href", _href(element.get("href"), base_url, inside))


def _href(href: str, base_url: str, inside: dict[str, str]) -> str:
    """Where a link of the site's page goes from the book: a place in the same content
    document, or in another of the book, stays there; an address of the site (the index,
    another document, an image) becomes its full address; a web address is kept."""
    if href.startswith("#") or ":" in href.split("/", 1)[0]:
        return href
    path, _, fragment = href.partition("#")
    if path in inside:
        return inside[path] + (f"#{fragment}" if fragment else "")
    return base_url + href


def _image_left_out(img: Any, base_url: str) -> None:
    """An image of the site as a link to it there: the book carries no image files."""
    link = lxml.html.Element("a", {"class": "image-online", "href": base_url + img.get("src", "")})
    link.text = "[Image, on the edition's site]"  # its description is printed beside it
    link.tail = img.tail
    img.getparent().replace(img, link)
