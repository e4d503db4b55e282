"""Per-document downloads (TEI, text, JSON, Web Annotations, CSV, citations) and the
site-wide files (build-info.json, sitemap.xml, robots.txt)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from xml.sax.saxutils import escape

from .. import __version__
from ..common import citations
from ..common.markup import safe_html
from ..common.routes import (
    REGISTERS,
    ROBOTS,
    SITEMAP,
    canonical_url,
    data_url,
    sitemap_runs,
)
from ..link import DocumentPage, Site
from ..link.notes import Note
from ..link.reading import Mention
from ..model import BUILD_INFO, HEADNOTE, Annotation, Config, Page
from .encode import dump

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The fragment specification the Data Model's §4.2.1 table gives for HTML (RFC 3236, the
# application/xhtml+xml media type): `value` is the id of an element of the page.
HTML_FRAGMENTS = "http://tools.ietf.org/rfc/rfc3236"
ANNOTATIONS_SUFFIX = ".annotations.jsonld"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOTIVATION = {"identification": "identifying", "context": "describing",
              "translation": "commenting", "correction": "editing",
              "bibliography": "linking"}


def source(site: Site, doc_page: DocumentPage) -> bytes:
    return doc_page.document.source_bytes


def csl_json(site: Site, doc_page: DocumentPage) -> bytes:
    return dump([citations.csl(doc_page.cite_item)])


def bibtex(site: Site, doc_page: DocumentPage) -> bytes:
    return (citations.bibtex(doc_page.cite_item) + "\n").encode()


def ris(site: Site, doc_page: DocumentPage) -> bytes:
    return citations.ris(doc_page.cite_item).encode()


def plain_text(site: Site, doc_page: DocumentPage) -> bytes:
    """The reading text, one block a paragraph, each led by its anchor and ¶ number; each
    block's own text only (nested blocks follow it), a list item led by its label."""
    document = doc_page.document
    lines = [document.meta.title, "", f"Anchors: {doc_page.url}#ID", ""]
    for reading in doc_page.readings:
        lines += [f"[{reading.block.id}] ¶ {reading.block.n}", reading.own, ""]
    return "\n".join(lines).encode()


def document_json(site: Site, doc_page: DocumentPage) -> bytes:
    return dump(_document_json(site, doc_page))


def _document_json(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    document, base = doc_page.document, site.config.base_url + doc_page.url
    meta = document.meta
    return {
        "id": document.id,
        "url": base,
        # the edition's version as its editors publish it, and the commit it was built from
        "version": site.config.version or site.version, "revision": site.version,
        "metadata": {
            "title": meta.title, "date": meta.date, "authors": list(meta.authors),
            "translator": meta.translator, "funder": meta.funder, "summary": meta.summary,
            "original_language": meta.original_language, "repository": meta.repository,
            "archival_id": meta.archival_id, "source_url": meta.source_url,
            "source_citation": meta.source_citation,
        },
        "blocks": [{"id": b.id, "n": b.n, "type": b.tag, "text": b.text, "url": f"{base}#{b.id}",
                    **({"provisional": True} if b.provisional else {})}
                   for b in document.blocks],
        "aliases": dict(doc_page.aliases),
        "mentions": [_mention(m) for r in doc_page.readings for m in r.mentions],
        "annotations": [_note_json(site, doc_page, note.annotation, note.number, note.block_id)
                        for note in doc_page.notes],
        "headnote": _note_json(site, doc_page, doc_page.headnote, 0, "")
        if doc_page.headnote else None,
    }


def _mention(mention: Mention) -> dict[str, Any]:
    found = {"block": mention.block_id, "text": mention.text}
    if mention.pointer.kind == "date":
        return {**found, "kind": "date", "date": mention.pointer.key}
    also = {"also": list(mention.pointer.also)} if mention.pointer.also else {}
    return {**found, "kind": mention.pointer.kind, "entity": mention.pointer.key, **also,
            "cert": mention.cert}


def _note_json(site: Site, doc_page: DocumentPage, a: Annotation, number: int, block: str
               ) -> dict[str, Any]:
    anchor = "doc-headnote" if a.type == HEADNOTE else f"note-{a.slug}"
    return {
        "id": a.slug, "number": number, "url": f"{site.config.base_url}{doc_page.url}#{anchor}",
        "target": block, "quote": a.quote, "prefix": a.prefix,
        "suffix": a.suffix, "type": a.type, "status": a.status, "author": a.author,
        "orcid": a.orcid, "body": a.body.strip(),
        "sources": [{"title": s.title, "url": s.url} for s in a.sources],
        "added": a.credit.added_on, "revised": a.credit.revised_on,
    }


def web_annotations(site: Site, doc_page: DocumentPage) -> bytes:
    return dump(_web_annotations(site, doc_page))


def _web_annotations(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    """A W3C Web Annotation collection of the document's notes, the headnote first, on one
    page embedded in it (Data Model §5). A collection of no notes has no page: a page MUST
    list one annotation or more (§5.2), and `first` is required only when `total` is not 0."""
    base = site.config.base_url + doc_page.url
    document = {"id": base, "type": "Text", "format": "text/html",
                "language": doc_page.document.lang}
    texts = {r.block.id: r.text for r in doc_page.readings}
    items = [_annotation(site, note.annotation, f"{base}#{note.anchor}",
                         MOTIVATION.get(note.annotation.type, "commenting"),
                         {"type": "SpecificResource", "source": document,
                          "selector": _selector(texts[note.block_id], note)})
             for note in doc_page.notes]
    if (head := doc_page.headnote) is not None:  # on the whole document: no selector
        items.insert(0, _annotation(site, head, f"{base}#doc-headnote", "describing", document))
    collection_id = site.config.base_url + data_url(doc_page.document.id,
                                                     ANNOTATIONS_SUFFIX)
    collection = {"@context": ANNO_CONTEXT, "id": collection_id,
                  "type": "AnnotationCollection",
                  "label": f"Notes on {doc_page.document.meta.title}", "total": len(items)}
    if items:
        page = collection_id + "#page1"
        collection |= {"first": {"id": page, "type": "AnnotationPage", "partOf": collection_id,
                                 "startIndex": 0, "items": items},
                       "last": page}
    return collection


def _selector(text: str, note: Note) -> dict[str, Any]:
    """The paragraph by its anchor, refined by the quote within it (§4.2.9): one selection,
    not two alternatives that select different things (§4.2 wants alternatives to select the
    same content). No TextPositionSelector: its offsets would count Scholion's normalized
    reading text, which is not the text a reader's page holds (note calls, ¶ numbers and the
    readings not shown are in the page's text too), so no client could find them again."""
    fragment: dict[str, Any] = {"type": "FragmentSelector", "conformsTo": HTML_FRAGMENTS,
                                "value": note.block_id}
    if note.end > note.start:  # a note on a phrase; one on the whole block has no quote
        fragment["refinedBy"] = {
            "type": "TextQuoteSelector", "exact": text[note.start:note.end],
            "prefix": text[max(0, note.start - 32):note.start],
            "suffix": text[note.end:note.end + 32]}
    return fragment


def _annotation(site: Site, a: Annotation, iri: str, motivation: str, target: dict[str, Any]
                ) -> dict[str, Any]:
    """One note, with its own @context so that it can be taken out and used alone. Its
    rights are the edition's licence, which the footer of every page gives to the
    edition's text and apparatus."""
    return {
        "@context": ANNO_CONTEXT, "id": iri, "type": "Annotation", "motivation": motivation,
        "creator": _creator(site.config, a),
        "body": {"type": "TextualBody", "value": safe_html(a.body), "format": "text/html",
                 "language": site.config.language, "purpose": motivation},
        "target": target, "rights": site.config.licence_url, **_lifecycle(a)}


def _creator(config: Config, a: Annotation) -> dict[str, str]:
    """The note's author as an Agent (§3.3.2), typed only where the edition says what it
    is: an ORCID names a person; an editor of the settings is a person when the editors
    are listed one by one, an organization when they are one collective name. Any other
    author is named without a class rather than guessed."""
    if a.orcid:
        return {"id": f"https://orcid.org/{a.orcid}", "type": "Person", "name": a.author}
    if a.author in config.editors:
        return {"type": "Organization" if config.editors_collective else "Person",
                "name": a.author}
    return {"name": a.author}


def _lifecycle(a: Annotation) -> dict[str, str]:
    """`created` and `modified` of a note, from the repository's history. The Web Annotation
    Data Model (§3.3.1, §4) wants an xsd:dateTime in UTC with a Z, but the history gives
    only the day (`git log %as`, the author's own calendar day): so the time is midnight UTC
    of that day, which says the day and claims no hour. A note without history has none."""
    times = {"created": a.credit.added_on, "modified": a.credit.revised_on}
    return {key: f"{day}T00:00:00Z" for key, day in times.items() if _DAY.fullmatch(day)}


def entities_csv(site: Site, doc_page: DocumentPage) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "kind", "name", "authorities", "uncertain_authorities",
                     "block", "paragraph", "text", "url"])
    registers = site.registers
    base = site.config.base_url + doc_page.url
    for mention in (m for r in doc_page.readings for m in r.mentions):
        pointer = mention.pointer
        entity = registers.get(pointer.key) if registers and pointer.kind != "date" else None
        writer.writerow([
            pointer.key, pointer.kind, entity.name if entity else "",
            " ".join(uri for _, uri in entity.authorities) if entity else "",
            " ".join(uri for uri, _ in entity.uncertain_authorities) if entity else "",
            mention.block_id, mention.block_n, mention.text, f"{base}#{mention.block_id}"])
    return out.getvalue().encode()


def site_files(site: Site) -> list[Page]:
    """build-info.json, the sitemaps (`sitemaps`) and robots.txt."""
    base = site.config.base_url
    info = {"edition": site.config.title, "version": site.config.version or site.version,
            "revision": site.version,
            "date": site.version_date, "scholion": __version__,
            "dependencies": _dependency_versions(),
            # which release this is ("" for a text not released), and every release
            "release": site.releases.this or site.releases.same_as,
            "releases": [{"version": r.version, "tag": r.tag, "commit": r.commit,
                          "date": r.date, "url": site.release_url(r.version)}
                         for r in site.releases.known],
            **({"release_stamp": site.releases.stamp} if site.releases.this else {})}
    pages = [
        Page(BUILD_INFO, dump(info)),
        *sitemaps(site),
        Page(ROBOTS, f"User-agent: *\nAllow: /\nSitemap: {base}{SITEMAP}\n".encode()),
    ]
    if site.registers is not None and site.registers.path:  # registers.xml itself
        pages.append(Page(REGISTERS, site.registers.source_bytes))
    return pages


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemaps(site: Site) -> list[Page]:
    """sitemap.xml: every HTML page of the routes by its canonical URL; past
    `SITEMAP_SIZE` pages, an index of the sitemaps beside it that list them, that many
    each (`common.routes.sitemap_runs`), so that no file grows with a collection (the
    one sitemap of 5,000 letters was 571 kB)."""
    base, day = site.config.base_url, site.version_date
    lastmod = f"<lastmod>{day}</lastmod>" if day else ""
    urls = [f"  <url><loc>{escape(canonical_url(base, route.url))}</loc>{lastmod}</url>"
            for route in site.html_pages]
    runs = sitemap_runs(urls)
    if not runs:
        return [Page(SITEMAP, _xml("urlset", urls))]
    index = [f"  <sitemap><loc>{escape(base + name)}</loc>{lastmod}</sitemap>"
             for name, _ in runs]
    return [Page(SITEMAP, _xml("sitemapindex", index)),
            *(Page(name, _xml("urlset", list(run))) for name, run in runs)]


def _xml(top: str, lines: list[str]) -> bytes:
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>',
                      f'<{top} xmlns="{SITEMAP_NS}">', *lines, f"</{top}>", ""]).encode()


def _dependency_versions() -> dict[str, str]:
    from importlib import metadata

    names = ("lxml", "Jinja2", "Markdown", "nh3", "PyYAML")
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unknown"
    return versions

