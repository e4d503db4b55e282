"""Turn a parsed TEI document into the plain `Document` model.

This is the one place that knows TEI's header layout; everything downstream sees only
`Document`, `Metadata`, `Node` and `Block` values.
"""

from __future__ import annotations

import re

from lxml import etree

from ..common.dates import calendar_point
from ..common.routes import reserved_names
from ..diagnostics import Diagnostic, error
from ..model import Block, Document, Metadata, Node, normalize_space
from .xml import ParsedXML

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"t": TEI_NS}

# Elements that are citable units of text: each needs an xml:id (the anchor) and @n.
BLOCK_TAGS = frozenset(
    {
        "p",
        "head",
        "item",
        "signed",
        "dateline",
        "ab",
        "byline",
        "address",
        "salute",
        "trailer",
        "docAuthor",
    }
)
# Names the site itself uses for pages, folders and data files: never a document's page.
RESERVED_DOC_IDS = reserved_names()
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

_REQUIRED = (
    ("t:teiHeader/t:fileDesc/t:titleStmt/t:title", "fileDesc/titleStmt/title"),
    ("t:teiHeader/t:fileDesc/t:publicationStmt", "fileDesc/publicationStmt"),
    ("t:teiHeader/t:fileDesc/t:sourceDesc", "fileDesc/sourceDesc"),
    ("t:text", "text"),
)


def read_document(parsed: ParsedXML, path: str) -> tuple[Document | None, list[Diagnostic]]:
    root = parsed.tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        return None, [
            error(
                path,
                root.sourceline,
                "E104",
                f"root element is <{etree.QName(root).localname}>, not TEI P5 <TEI>",
                hint=f'the root must be <TEI xmlns="{TEI_NS}">',
            )
        ]
    missing = [
        error(path, root.sourceline, "E105", f"the document has no {label}")
        for xpath, label in _REQUIRED
        if not root.xpath(xpath, namespaces=NS)
    ]
    if missing:
        return None, missing
    doc_id, problems = _document_id(root, path)
    body = to_node(root.find(f"{{{TEI_NS}}}text"))
    blocks, block_problems = collect_blocks(body, path)
    document = Document(
        id=doc_id,
        path=path,
        lang=root.get(f"{{{XML_NS}}}lang", "en"),
        meta=_metadata(root),
        body=body,
        blocks=blocks,
        source_bytes=parsed.data,
        header=to_node(root.find(f"{{{TEI_NS}}}teiHeader")),
    )
    return document, problems + block_problems


def _document_id(root: etree._Element, path: str) -> tuple[str, list[Diagnostic]]:
    """The stable id that names the document's page; it never comes from the file order."""
    found = root.xpath(
        "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='scholion']", namespaces=NS
    )
    stem = path.rsplit("/", 1)[-1].removesuffix(".xml")
    if not found:
        return stem, [
            error(
                path,
                root.sourceline,
                "E114",
                'publicationStmt has no <idno type="scholion">',
                hint=f'add <idno type="scholion">{stem}</idno>; it names the page',
            )
        ]
    value = (found[0].text or "").strip()
    if value in RESERVED_DOC_IDS:
        return stem, [error(path, found[0].sourceline, "E114",
                            f"document id {value!r} is the name of one of the site's own pages",
                            hint="choose another id; reserved: "
                                 + ", ".join(sorted(RESERVED_DOC_IDS)))]
    if not DOC_ID.match(value):
        return stem, [
            error(
                path,
                found[0].sourceline,
                "E114",
                f"document id {value!r} must be lower-case letters, digits and '-'",
            )
        ]
    return value, []


def to_node(element: etree._Element) -> Node:
    """Copy an lxml element into a `Node`, dropping comments and PIs but keeping their tails."""
    children: list[Node | str] = []
    if element.text:
        children.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            children.append(to_node(child))
        if child.tail:
            children.append(child.tail)
    return Node(
        tag=_local(element.tag),
        attrs=tuple((_attr_name(k), v) for k, v in sorted(element.attrib.items())),
        children=tuple(children),
        line=element.sourceline or 0,
    )


def collect_blocks(body: Node, path: str) -> tuple[tuple[Block, ...], list[Diagnostic]]:
    blocks: list[Block] = []
    problems: list[Diagnostic] = []
    for node in body.iter():
        if node.tag not in BLOCK_TAGS:
            continue
        if not node.id:
            problems.append(
                error(
                    path,
                    node.line,
                    "E110",
                    f"<{node.tag}> has no xml:id",
                    hint="give every citable block a readable, permanent "
                    "xml:id (see the editorialDecl for the scheme)",
                )
            )
        if not node.get("n"):  # reported with E110 too: one run shows both
            named = f' xml:id="{node.id}"' if node.id else ""
            problems.append(
                error(path, node.line, "E111", f"<{node.tag}{named}> has no @n ¶ number")
            )
        if not node.id:
            continue
        blocks.append(
            Block(
                id=node.id,
                n=node.get("n"),
                tag=node.tag,
                text=normalize_space(node.reading_text()),
                line=node.line,
            )
        )
    return tuple(blocks), problems


def _metadata(root: etree._Element) -> Metadata:
    def text(xpath: str) -> str:
        found = root.xpath(xpath, namespaces=NS)
        if not found:
            return ""
        value = found[0]
        return normalize_space(value if isinstance(value, str) else "".join(value.itertext()))

    header = "t:teiHeader/t:fileDesc/"
    ms = header + "t:sourceDesc/t:msDesc/"
    decl = root.xpath("t:teiHeader/t:encodingDesc/t:editorialDecl", namespaces=NS)
    changes = root.xpath("t:teiHeader/t:revisionDesc//t:change", namespaces=NS)
    return Metadata(
        title=text(header + "t:titleStmt/t:title[1]"),
        date=calendar_point(text("t:teiHeader/t:profileDesc/t:creation/t:date/@when")),
        date_text=text("t:teiHeader/t:profileDesc/t:creation/t:date"),
        authors=tuple(
            normalize_space("".join(a.itertext()))
            for a in root.xpath(header + "t:titleStmt/t:author", namespaces=NS)
        ),
        translator=text(
            header + "t:titleStmt/t:respStmt[contains(t:resp, 'transl')]/t:persName"
            " | " + header + "t:titleStmt/t:respStmt[contains(t:resp, 'transl')]"
            "/t:name"
        ),
        funder=text(header + "t:titleStmt/t:funder | " + header + "t:sourceDesc/t:bibl/t:funder"),
        summary=text(ms + "t:msContents/t:summary"),
        original_language=text(
            "t:teiHeader/t:profileDesc/t:langUsage/t:language[@ident != /t:TEI/@xml:lang]"
        ),
        repository=text(ms + "t:msIdentifier/t:repository"),
        archival_id=text(ms + "t:msIdentifier/t:idno"),
        source_url=text(header + "t:sourceDesc//t:bibl//t:ref/@target"),
        source_citation=text(
            header
            + "t:sourceDesc/t:bibl/t:note[@type='citation'] | "
            + header
            + "t:sourceDesc/t:bibl[not(t:note[@type='citation'])]"
        ),
        editorial_decl=tuple(to_node(p) for p in decl[0].iter(f"{{{TEI_NS}}}p")) if decl else (),
        revisions=tuple(
            (calendar_point(c.get("when", "")), normalize_space("".join(c.itertext())))
            for c in changes
        ),
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr_name(name: str) -> str:
    if name.startswith(f"{{{XML_NS}}}"):
        return "xml:" + name.rsplit("}", 1)[-1]
    return _local(name)
