"""The edition as a Distributed Text Services API, DTS 1.0 Level 0, in static files.

DTS 1.0 allows a Level 0 server to be a folder of files (no `start`/`end` ranges) whose
URI templates expand parameters into paths (RFC 6570 `{/ref}`, `{;down}`). Each answer a
template can name is one file, planned by `link` (`Site.routes`, `CitationTree.requests`):

    api/dts/index.jsonld                         entry point
    api/dts/collection.jsonld                    the root collection (also collection/index)
    api/dts/collection/<doc>.jsonld              one document (a Resource)
    api/dts/collection/<doc>;nav=parents.jsonld  and the collection it is in (;nav=children)
    api/dts/navigation/<doc>;down=-1.jsonld      its whole citation tree; ;down=1 … each depth
    api/dts/navigation/<doc>/<ref>[;down=N].jsonld   every unit: alone, its siblings (0),
                                                 below it (-1, 1 … the tree's depth)
    api/dts/document/<doc>.tei                   the whole TEI document, as the source has it
    api/dts/document/<doc>/<ref>.tei             one unit's TEI inside a dts:wrapper

What is published follows the `dts` setting (`Site.dts`): all of the above with "units";
with "documents" the entry point, the collections and each document's whole TEI, and the
document as a Resource without a citation tree (`citationTrees` empty), whose Navigation
answers (`;down=-1`, `;down=1`) have an empty `member`, as DTS 1.0 requires of "all
requests on a Resource without any CitationTrees", and no unit files; with `dts = false`
nothing.

Every term outside `extensions` is one of the DTS 1.0 JSON-LD context; what Scholion adds
(a unit's ¶ number, a provisional anchor, old anchors that moved) is in `extensions`, with
a context of its own, as DTS requires of a MetadataObject outside its vocabulary.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from ..common.routes import (
    DTS_ENTRY,
    DTS_NAV,
    DTS_PER_PAGE,
    DTS_ROOT,
    DTS_TEMPLATES,
    data_url,
    dts_collection_url,
    dts_document_url,
    dts_navigation_url,
    dts_root_requests,
)
from ..link import CitationTree, DocumentPage, Site, Unit
from ..model import DTS_NONE, DTS_UNITS, EVERYTHING, Page, Share
from .encode import dump as _dump

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
TEI_MEDIA_TYPE = "application/tei+xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
# The namespace of DTS's <wrapper> as the Document endpoint section of DTS 1.0 writes it.
WRAPPER_NS = "https://w3id.org/api/dts#"
# Scholion's own terms in `extensions` (the reserved .invalid domain, as for its schemas:
# a name, never fetched).
EXTENSIONS = {"@vocab": "https://scholion.invalid/dts#"}


def dts_pages(site: Site, share: Share = EVERYTHING) -> list[Page]:
    """The API's files that `share` holds: the entry point and the root collection with
    the site's own, each document's with its document (none with `dts = false`)."""
    if site.dts == DTS_NONE:
        return []
    pages = []
    summary = _root_summary(site)  # once: every document's `nav=parents` names the root
    if share.whole:
        pages.append(Page(DTS_ENTRY, dump(_entry(site.config.base_url))))
        members = [_resource(site, page, True) for page in site.documents]
        pages += [Page(dts_collection_url(name, nav, number),
                       dump(_root_answer(site, members, name, nav, number)))
                  for name, nav, number in dts_root_requests(len(site.documents))]
    for page in site.pages_of(share):
        doc, tree = page.document.id, site.dts_tree(page)
        alone = dump({**_top(), **_resource(site, page, True)})
        parents = dump({**_top(), **_resource(site, page, True),
                        "member": [summary]})
        pages += [Page(dts_collection_url(doc, nav), parents if nav == "parents" else alone)
                  for nav in DTS_NAV]
        pages.append(Page(dts_document_url(doc), page.document.source_bytes))
        pages += [Page(dts_navigation_url(doc, unit.anchor if unit else "", down),
                       dump(_navigation(site, page, unit, down)))
                  for unit, down in tree.requests]
        pages += [Page(dts_document_url(doc, unit.anchor), _fragment(page, unit))
                  for unit in tree.units]
    return pages


def dump(data: Any) -> bytes:
    return _dump(data, compact=True)


def _top() -> dict[str, Any]:
    """What every JSON-LD answer begins with."""
    return {"@context": CONTEXT, "dtsVersion": DTS_VERSION}


def _entry(base: str) -> dict[str, Any]:
    return {**_top(), "@id": base + DTS_ENTRY, "@type": "EntryPoint",
            **{name: base + template for name, template in DTS_TEMPLATES.items()}}


def _root_collection(site: Site, members: bool = True) -> dict[str, Any]:
    config = site.config
    found = {**_top(), "@id": DTS_ROOT, "@type": "Collection", "title": config.title,
             "collection": config.base_url + DTS_TEMPLATES["collection"],
             "totalParents": 0, "totalChildren": len(site.documents),
             "dublinCore": {"title": [_text(config.title, config.language)],
                            "publisher": [_text(e, config.language) for e in config.editors]},
             **({"member": [_resource(site, page, True) for page in site.documents]}
                if members else {})}
    if config.description:
        found["description"] = config.description
    return found


def _root_answer(site: Site, members: list[dict[str, Any]], name: str, nav: str,
                 number: int | None) -> dict[str, Any]:
    """The root collection, as one call asks for it: its members (none for
    `nav=parents`: the root has no parent), and past `DTS_PER_PAGE` a page of them with
    the `view` DTS requires of a paginated answer (the call without `page` is the
    first)."""
    found = _root_collection(site, members=False)
    if nav == "parents":
        return {**found, "member": []}
    last = -(-len(members) // DTS_PER_PAGE)
    if last <= 1:
        return {**found, "member": members}
    number = number or 1
    base = site.config.base_url

    def at(n: int) -> str:
        return base + dts_collection_url(name, nav, n)

    view = {"@id": at(number), "@type": "Pagination", "first": at(1),
            **({"previous": at(number - 1)} if number > 1 else {}),
            **({"next": at(number + 1)} if number < last else {}), "last": at(last)}
    start = (number - 1) * DTS_PER_PAGE
    return {**found, "member": members[start:start + DTS_PER_PAGE], "view": view}


def _root_summary(site: Site) -> dict[str, Any]:
    """The root collection as a member of another answer (a document's parent)."""
    root = _root_collection(site, members=False)
    return {key: value for key, value in root.items()
            if key not in ("@context", "dtsVersion")}


def _resource(site: Site, page: DocumentPage, full: bool = False) -> dict[str, Any]:
    """A document as a DTS Resource: what Navigation requires of it, and with `full` what
    the Collection endpoint tells of it (its metadata, media types, download)."""
    base, document = site.config.base_url, page.document
    templates = {name: base + DTS_TEMPLATES[name].replace("{resource}", document.id)
                 for name in ("navigation", "document")}
    found: dict[str, Any] = {"@id": document.id, "@type": "Resource",
                             "collection": base + dts_collection_url(document.id),
                             **templates, "citationTrees": _trees(site.dts_tree(page))}
    if not full:
        return found
    meta, lang = document.meta, document.lang or site.config.language
    found |= {"title": meta.title, "totalParents": 1, "totalChildren": 0,
              "mediaTypes": [TEI_MEDIA_TYPE], "download": base + data_url(document.id, ".xml"),
              "dublinCore": {"title": [_text(meta.title, lang)],
                             **({"creator": [_text(a, lang) for a in meta.authors]}
                                if meta.authors else {}),
                             **({"date": meta.date} if meta.date else {}),
                             **({"language": [document.lang]} if document.lang else {})}}
    if meta.summary:
        found["description"] = meta.summary
    # anchors that moved: an old citation's ref, and where it lives now (where refs are)
    if page.aliases and site.dts == DTS_UNITS:
        found["extensions"] = {"@context": EXTENSIONS, "aliases": [
            {"anchor": old, "current": new} for old, new in page.aliases]}
    return found


def _text(value: str, lang: str) -> dict[str, str]:
    """A literal of a MetadataObject: DTS gives each its language (BCP 47)."""
    return {"lang": lang, "value": value}


def _trees(tree: CitationTree) -> list[dict[str, Any]]:
    """The one citation tree (DTS: none for a document without citable units)."""
    if not tree.units:
        return []
    return [{"@type": "CitationTree", "citeStructure": _structure(tree.structure)}]


def _structure(kinds: tuple[tuple[str, tuple], ...]) -> list[dict[str, Any]]:
    return [{"@type": "CiteStructure", "citeType": kind,
             **({"citeStructure": _structure(inner)} if inner else {})}
            for kind, inner in kinds]


def _navigation(site: Site, page: DocumentPage, unit: Unit | None, down: int | None
                ) -> dict[str, Any]:
    """The Navigation answer for `ref=unit` and `down` (DTS's table of what each
    combination gives: with no `down`, the unit alone and no `member`)."""
    base, doc = site.config.base_url, page.document.id
    found = {**_top(), "@type": "Navigation",
             "@id": base + dts_navigation_url(doc, unit.anchor if unit else "", down),
             "resource": _resource(site, page)}
    if unit is not None:
        found["ref"] = _unit(base, page, unit)
    if down is not None:
        found["member"] = [_unit(base, page, u)
                           for u in site.dts_tree(page).below(unit, down)]
    return found


def _unit(base: str, page: DocumentPage, unit: Unit) -> dict[str, Any]:
    """A CitableUnit: its anchor is its identifier, and its place on the reading page its
    @id; its ¶ (or line) number, and whether its anchor is provisional, are Scholion's."""
    extensions: dict[str, Any] = {"@context": EXTENSIONS}
    if unit.n:
        extensions["n"] = unit.n
    if unit.provisional:
        extensions["provisional"] = True
    return {"identifier": unit.anchor, "@type": "CitableUnit", "level": unit.level,
            "parent": unit.parent, "citeType": unit.cite_type,
            "@id": f"{base}{page.url}#{unit.anchor}", "extensions": extensions}


def _fragment(page: DocumentPage, unit: Unit) -> bytes:
    """One unit's TEI: its source element inside DTS's wrapper, inside a TEI root."""
    document = page.document
    tei = document.fragments.get(unit.anchor)
    if tei is None:  # no source element was paired with it: its reading text, at least
        tei = escape(next((b.text for b in document.blocks if b.id == unit.anchor), ""))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}">'
            f'<dts:wrapper xmlns:dts="{WRAPPER_NS}">{tei}</dts:wrapper></TEI>\n').encode()
