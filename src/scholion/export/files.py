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
from ..common.routes import REGISTERS, ROBOTS, SITEMAP, canonical_url, data_url
from ..link import DocumentPage, Site
from ..link.reading import Mention
from ..model import BUILD_INFO, HEADNOTE, Annotation, Page
from .encode import dump

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
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
    """A W3C Web Annotation collection: each note with a TextQuoteSelector and a
    FragmentSelector on the paragraph anchor."""
    base = site.config.base_url + doc_page.url
    texts = {r.block.id: r.text for r in doc_page.readings}
    items = []
    for note in doc_page.notes:
        a = note.annotation
        text = texts[note.block_id]
        quote = {"type": "TextQuoteSelector", "exact": a.quote,
                 "prefix": text[max(0, note.start - 32):note.start],
                 "suffix": text[note.end:note.end + 32]}
        item = {  # each with its @context, so that one can be taken out and used alone
            "@context": ANNO_CONTEXT, "id": f"{base}#note-{a.slug}", "type": "Annotation",
            "motivation": MOTIVATION.get(a.type, "commenting"),
            "creator": {"type": "Person" if a.orcid else "Organization", "name": a.author,
                        **({"id": f"https://orcid.org/{a.orcid}"} if a.orcid else {})},
            "body": {"type": "TextualBody", "value": safe_html(a.body), "format": "text/html",
                     "language": "en", "purpose": MOTIVATION.get(a.type, "commenting")},
            "target": {"source": base, "selector": [
                {"type": "FragmentSelector", "value": note.block_id,
                 "conformsTo": "http://tools.ietf.org/rfc/rfc3987"}, quote]},
        }
        item |= _lifecycle(a)
        items.append(item)
    if (head := doc_page.headnote) is not None:  # on the whole document: no selector
        items.insert(0, {
            "@context": ANNO_CONTEXT, "id": f"{base}#doc-headnote", "type": "Annotation",
            "motivation": "describing",
            "creator": {"type": "Person" if head.orcid else "Organization", "name": head.author,
                        **({"id": f"https://orcid.org/{head.orcid}"} if head.orcid else {})},
            "body": {"type": "TextualBody", "value": safe_html(head.body),
                     "format": "text/html", "language": "en", "purpose": "describing"},
            "target": {"source": base}, **_lifecycle(head)})
    collection_id = site.config.base_url + data_url(doc_page.document.id,
                                                     ANNOTATIONS_SUFFIX)
    return {"@context": ANNO_CONTEXT, "id": collection_id,
            "type": "AnnotationCollection", "label": f"Notes on {doc_page.document.meta.title}",
            "total": len(items),
            "first": {"id": collection_id + "#page1", "type": "AnnotationPage",
                      "items": items}}


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
    """build-info.json, sitemap.xml (every HTML page of the routes, by its canonical URL)
    and robots.txt."""
    html_pages = [route.url for route in site.html_pages]
    base = site.config.base_url
    sitemap = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    sitemap += [f"  <url><loc>{escape(canonical_url(base, path))}</loc>"
                + (f"<lastmod>{site.version_date}</lastmod>" if site.version_date else "")
                + "</url>" for path in html_pages]
    sitemap.append("</urlset>")
    info = {"edition": site.config.title, "version": site.config.version or site.version,
            "revision": site.version,
            "date": site.version_date, "scholion": __version__,
            "dependencies": _dependency_versions(),
            # which release this is ("" for a text not released), and every release
            "release": site.releases.this or site.releases.same_as,
            "releases": [{"version": r.version, "tag": r.tag, "commit": r.commit,
                          "date": r.date, "url": site.release_url(r.version)}
                         for r in site.releases.known],
            **({"release_stamp": site.releases.stamp} if site.releases.stamp else {})}
    pages = [
        Page(BUILD_INFO, dump(info)),
        Page(SITEMAP, ("\n".join(sitemap) + "\n").encode()),
        Page(ROBOTS, f"User-agent: *\nAllow: /\nSitemap: {base}{SITEMAP}\n".encode()),
    ]
    if site.registers is not None and site.registers.path:  # registers.xml itself
        pages.append(Page(REGISTERS, site.registers.source_bytes))
    return pages


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

