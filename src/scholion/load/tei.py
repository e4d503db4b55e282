"""Turn a parsed TEI document into the plain `Document` model.

This is the one place that knows TEI's header layout; everything downstream sees only
`Document`, `Metadata`, `Node` and `Block` values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from lxml import etree

from ..common.anchors import AnchorLock
from ..common.dates import calendar_point, date_value, point_key
from ..common.kinds import LISTS as ENTRY_LISTS
from ..common.langs import html_lang
from ..common.routes import reserved_names
from ..diagnostics import Diagnostic, error, warning
from ..model import (
    JOINED,
    LOCATED,
    Block,
    Config,
    Document,
    Metadata,
    Node,
    Registers,
    citation_units,
    normalize_space,
)
from .readings import DEFAULT_VIEW, with_readings
from .xml import ParsedXML

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
# Elements of another vocabulary keep a prefix on their local name, so that a MathML
# `<math>` inside a `formula` is not taken for a TEI element of that name (and render can
# recognise it, and draw it as MathML); other namespaces keep their local names.
FOREIGN_PREFIXES = {MATHML_NS: "mml"}
NS = {"t": TEI_NS}

# The elements that are citable units of text by default (`citable` in the settings
# changes the list): each has an anchor (its xml:id, or a provisional one derived from
# its place) and a ¶ number (its @n, or its place in reading order). Containers whose
# parts are citable (lg, sp, list, div) are not, so that a ¶ number is never a range.
BLOCK_TAGS = frozenset({"p", "head", "item", "signed", "dateline", "ab", "byline", "address",
                        "salute", "trailer", "docAuthor", "l", "stage", "castItem",
                        "epigraph", "figure", "table"})
# Lists of persons, places, organizations, events, bibliography and relations: data, not
# reading text. Their entries go to the index (`lists`), and `load` leaves them out of the
# text it reads; a file whose <text> holds nothing else is a register file.
LISTS = frozenset({*ENTRY_LISTS, "listBibl", "listRelation"})
# Never blocks, nor anything inside them: TEI examples of encoding, not the text itself,
# and the lists (so that the anchors `anchors mint` writes are those of the text as read).
NOT_TEXT = frozenset({"egXML", *LISTS})
PROVISIONAL = "scholion-provisional"  # the mark on a Node whose xml:id was derived
# Names the site itself uses for pages, folders and data files: never a document's page.
RESERVED_DOC_IDS = reserved_names()
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

_REQUIRED = (
    ("t:teiHeader/t:fileDesc/t:titleStmt/t:title", "fileDesc/titleStmt/title"),
    ("t:teiHeader/t:fileDesc/t:publicationStmt", "fileDesc/publicationStmt"),
    ("t:teiHeader/t:fileDesc/t:sourceDesc", "fileDesc/sourceDesc"),
    ("t:text", "text"),
)


def citable_of(config: Config) -> frozenset[str]:
    """The citable elements of an edition: its `citable` setting, else the default."""
    return frozenset(config.citable) or BLOCK_TAGS


def read_document(parsed: ParsedXML, path: str, citable: frozenset[str] = BLOCK_TAGS,
                  readings: str = DEFAULT_VIEW) -> tuple[Document | None, list[Diagnostic]]:
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
    text = root.find(f"{{{TEI_NS}}}text")
    body = with_readings(with_joined_labels(to_node(text)), readings)
    body, blocks, block_problems = anchored_blocks(body, path, citable, file_ids(root))
    document = Document(
        id=doc_id,
        path=path,
        lang=_language(root),
        meta=_metadata(root),
        body=body,
        blocks=blocks,
        source_bytes=parsed.data,
        header=to_node(root.find(f"{{{TEI_NS}}}teiHeader")),
        fragments=unit_fragments(body, text, blocks),
    )
    return document, problems + block_problems + _source_link(root, path)[1]


def unit_fragments(body: Node, text: etree._Element, blocks: tuple[Block, ...]
                   ) -> dict[str, str]:
    """Each citable unit's source element (`model.citation_units`), serialized as the file
    has it (internal entities expanded, an XInclude's fallback in its place; a provisional
    anchor is not written in), by the unit's anchor. `body` was copied from `text` by
    `to_node` and since changed in attributes only, so the two walk in step."""
    elements: dict[int, etree._Element] = {}

    def pair(node: Node, element: etree._Element) -> None:
        elements[id(node)] = element
        nodes = [c for c in node.children if isinstance(c, Node)]
        children = [c for c in element if isinstance(c.tag, str)]
        if len(nodes) == len(children):
            for child, child_element in zip(nodes, children, strict=True):
                pair(child, child_element)

    pair(body, text)
    units = citation_units(body, {b.id for b in blocks})
    return {node.id: etree.tostring(elements[id(node)], encoding="unicode", with_tail=False)
            for node, _, _ in units if id(node) in elements}


def _document_id(root: etree._Element, path: str) -> tuple[str, list[Diagnostic]]:
    """The stable id that names the document's page; it never comes from the file order.
    `<idno type="scholion">` when the editor gave one, else the file's name made a slug."""
    found = root.xpath(
        "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='scholion']", namespaces=NS
    )
    stem = path.rsplit("/", 1)[-1].removesuffix(".xml")
    if not found:
        return slug_id(stem), []
    value = (found[0].text or "").strip()
    if value in RESERVED_DOC_IDS:
        return slug_id(stem), [error(path, found[0].sourceline, "E114",
                                     f"document id {value!r} is the name of one of the site's "
                                     "own pages", hint="choose another id; reserved: "
                                     + ", ".join(sorted(RESERVED_DOC_IDS)))]
    if not DOC_ID.match(value):
        return slug_id(stem), [error(path, found[0].sourceline, "E114", f"document id {value!r} "
                                     "must be lower-case letters, digits and '-'")]
    return value, []


def slug_id(stem: str) -> str:
    """A document id from a file name: lower-case ASCII letters and digits joined by '-'
    (`Brief_1794-03-12` → `brief-1794-03-12`); one of the site's own names gets `-text`."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:58].strip("-")
    slug = slug or "document"
    return f"{slug}-text" if slug in RESERVED_DOC_IDS else slug


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
        tag=_node_name(element.tag),
        attrs=tuple((_attr_name(k), v) for k, v in sorted(element.attrib.items())),
        children=tuple(children),
        line=element.sourceline or 0,
    )


JOINS_BEFORE = frozenset({"left", "both"})  # pc/@join: joined to what precedes it


def with_joined_labels(node: Node) -> Node:
    """The tree again, each list `label` whose item begins with a `pc` joined to what
    precedes it (`@join` "left" or "both": TEI's way of saying the witness has no space
    there, as in "1-OTS") marked `JOINED`, so that no space is read between them. The
    very same tree when no `pc` joins anything."""
    if not any(n.tag == "pc" and n.get("join") in JOINS_BEFORE for n in node.iter()):
        return node
    return _joined_labels(node)


def _joined_labels(node: Node) -> Node:
    children = [_joined_labels(c) if isinstance(c, Node) else c for c in node.children]
    nodes = [(i, c) for i, c in enumerate(children) if isinstance(c, Node)]
    for (i, label), (j, item) in pairwise(nodes):
        if label.tag == "label" and item.tag == "item" and _begins_joined(item) \
                and all(not str(c).strip() for c in children[i + 1:j]):
            children[i] = replace(label, attrs=(*label.attrs, (JOINED, "true")))
    if all(a is b for a, b in zip(children, node.children, strict=True)):
        return node  # nothing joined in here: the very same subtree
    return replace(node, children=tuple(children))


def _begins_joined(item: Node) -> bool:
    """The item's very first child is a `pc` joined to what precedes it (white space
    before it would be a space the witness has)."""
    first = item.children[0] if item.children else None
    return isinstance(first, Node) and first.tag == "pc" and first.get("join") in JOINS_BEFORE


def file_ids(root: etree._Element) -> frozenset[str]:
    """Every xml:id of the file, header and all: no provisional anchor may take one."""
    return frozenset(root.xpath("//@xml:id"))


def anchored_blocks(body: Node, path: str, citable: frozenset[str] = BLOCK_TAGS,
                    taken: frozenset[str] = frozenset()
                    ) -> tuple[Node, tuple[Block, ...], list[Diagnostic]]:
    """The text with an anchor on every citable block, and the blocks in reading order.
    A block without `xml:id` gets a provisional one (see `provisional_ids`), marked on its
    node so that the page, the exports and `scholion anchors mint` know it is not the
    source's; a block without `@n` is numbered by its place. Each is said once per
    document (W110, W111), never per block: unanchored TEI is normal, not an error."""
    derived = provisional_ids(body, citable, taken)
    if derived:
        body = _with_ids(body, derived)
    body, unplaced = located_apparatus(body, citable)
    blocks = collect_blocks(body, path, citable)
    problems = [warning(path, app.line, "W126", "this apparatus entry's @from/@to "
                        f"({' '.join(filter(None, (app.get('from'), app.get('to'))))}) reach "
                        "nothing in the document: its readings are attached where it stands",
                        hint="point @from and @to at the xml:id of an <anchor/> or element "
                             "of the text") for app in unplaced]
    if derived:
        first = next(b.line for b in blocks if b.provisional)
        problems.append(warning(path, first, "W110",
                                f"{len(derived)} of {len(blocks)} citable blocks have no "
                                "xml:id: their anchors are provisional, derived from their "
                                "place in the text, and move if the text around them does",
                                hint="run `scholion anchors mint` to write them into the "
                                     "source as permanent xml:ids"))
    unnumbered = [b for b in blocks if not b.numbered]
    if unnumbered:
        problems.append(warning(path, unnumbered[0].line, "W111",
                                f"{len(unnumbered)} citable blocks have no @n: their ¶ numbers are "
                                "their places in reading order (a verse line's, its place in its "
                                "poem)",
                                hint="give @n where the document numbers its own parts"))
    return body, blocks, problems


def located_apparatus(body: Node, citable: frozenset[str] = BLOCK_TAGS
                      ) -> tuple[Node, list[Node]]:
    """The text with each `app` that refers to its place marked with that place
    (`model.LOCATED`, read by `Node.located_at`), and those whose pointers reach nothing.
    An `app` refers to its place with `@to`/`@from` (double end-point attachment: its
    lemma is the text between two anchors; the place is `@to`'s, else `@from`'s) or with a
    `@loc` that is the `@n` the source gives exactly one citable block (location-referenced:
    "the line numbered 4"). A `@loc` that names no one block (`1.2`, a line of one of two
    editions) is no place: the `app` is drawn where it is written, as it always was."""
    apps = [n for n in body.iter() if n.tag == "app"]
    if not apps:  # most texts have no apparatus, and then no app carries a mark either
        return body, []
    ids = {n.id for n in body.iter() if n.id}
    numbered: dict[str, list[str]] = {}
    for node in citable_nodes(body, citable):
        if node.id and node.get("n"):
            numbered.setdefault(node.get("n").strip(), []).append(node.id)
    places: dict[int, str] = {}
    unplaced: list[Node] = []
    for app in apps:
        pointers = [app.get(a).strip() for a in ("to", "from") if app.get(a).strip()]
        if pointers:
            found = [v[1:] for v in pointers if v.startswith("#") and v[1:] in ids]
            places[id(app)] = found[0] if found else ""
            if not found:
                unplaced.append(app)
        elif len(at := numbered.get(app.get("loc").strip(), [])) == 1:
            places[id(app)] = at[0]
    return _marked(body, places), unplaced


def _marked(node: Node, places: dict[int, str]) -> Node:
    """The tree again, each `app` of `places` carrying its place (and no other its mark)."""
    children = tuple(_marked(c, places) if isinstance(c, Node) else c for c in node.children)
    attrs = node.attrs
    if node.tag == "app" and (id(node) in places or node.get(LOCATED)):
        attrs = tuple(a for a in attrs if a[0] != LOCATED)
        if id(node) in places:
            attrs = tuple(sorted((*attrs, (LOCATED, places[id(node)]))))
    if attrs == node.attrs and all(a is b for a, b in zip(children, node.children, strict=True)):
        return node
    return replace(node, attrs=attrs, children=children)


def collect_blocks(body: Node, path: str, citable: frozenset[str] = BLOCK_TAGS
                   ) -> tuple[Block, ...]:
    """Every citable block that has an anchor, in reading order, with its ¶ number: its
    @n, else its place; a verse line's, its line number in its poem (`verse_numbers`)."""
    lines = verse_numbers(body, citable)
    blocks: list[Block] = []
    for node in citable_nodes(body, citable):
        if not node.id:
            continue
        blocks.append(Block(id=node.id, n=lines.get(id(node)) or node.get("n")
                            or str(len(blocks) + 1), tag=node.tag,
                            text=normalize_space(node.reading_text()), line=node.line,
                            provisional=bool(node.get(PROVISIONAL)),
                            numbered=bool(node.get("n")), verse=id(node) in lines))
    return tuple(blocks)


# Where verse lines are counted afresh: each division and part of the text, and a poem
# (`_is_poem`) within one.
_LINE_SCOPES = frozenset({"div", "body", "front", "back", "group", "text"})
# A line that completes one begun in another (a line shared by two speakers): it has the
# number of the line it completes (TEI @part: initial, medial, final).
_CONTINUED = frozenset({"M", "F"})
# What holds verse that is quoted (or annotated), not verse of the text itself.
_QUOTING = frozenset({"quote", "q", "cit", "said", "note"})
_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def verse_numbers(body: Node, citable: frozenset[str] = BLOCK_TAGS) -> dict[int, str]:
    """The line number of each verse line (by `id()` of its node), as editions number
    them: the source's @n where it gives one, else counted on from the line before
    through the line's poem or division (a speech's lines through its scene), on from
    the last @n that ends in a number (`n="1.5"` is followed by 1.6). A line a speaker
    completes (`part="M"`/`"F"`) shares the number of the line it completes. Lines
    quoted (in a `quote`, or inside a paragraph or another block) are not verse of the
    text: they keep the ¶ numbers of other blocks, and are not here."""
    found: dict[int, str] = {}
    if "l" not in citable:
        return found

    def walk(node: Node, count: list | None, grouped: bool) -> None:
        if node.tag in NOT_TEXT or node.is_apart():
            return
        if node.tag == "l" and count is not None:
            found[id(node)] = _line_number(node, count)
            count = None  # a line holds no lines
        elif node.tag in _LINE_SCOPES or (node.tag == "lg" and not grouped and _is_poem(node)):
            count = ["", 0]
        elif node.tag in citable or node.tag in _QUOTING:  # verse quoted, not the text's
            count = None
        # inside a group of lines or a speech, a group is a stanza or a song: counted on
        grouped = grouped or node.tag in ("lg", "sp")
        for child in node.children:
            if isinstance(child, Node):
                walk(child, count, grouped)

    walk(body, ["", 0], False)
    return found


def _is_poem(lg: Node) -> bool:
    """A group of lines that is a whole poem: so typed, or a group of stanzas."""
    return lg.get("type") == "poem" or any(isinstance(c, Node) and c.tag == "lg"
                                           for c in lg.children)


def _line_number(line: Node, count: list) -> str:
    """This line's number, moving `count` ([prefix, last number]) on."""
    if given := line.get("n"):
        if match := _TRAILING_NUMBER.match(given):
            count[:] = [match[1], int(match[2])]
        return given  # one that ends in no number ("12a") leaves the count as it was
    if line.get("part") not in _CONTINUED or not count[1]:
        count[1] += 1
    return f"{count[0]}{count[1]}"


def citable_nodes(body: Node, citable: frozenset[str] = BLOCK_TAGS) -> Iterator[Node]:
    """The citable elements in document order, none inside a TEI example (`egXML`)."""
    def walk(node: Node) -> Iterator[Node]:
        if node.tag in NOT_TEXT or node.is_apart():  # a note's paragraphs get no ¶
            return
        if node.tag in citable:
            yield node
        for child in node.children:
            if isinstance(child, Node):
                yield from walk(child)

    yield from walk(body)


def kept_clear(document_id: str, lock: AnchorLock | None, registers: Registers | None
               ) -> frozenset[str]:
    """Names a provisional anchor of this document must not take: every anchor the
    registry says it published (a renamed one lives on as an alias, and old citations must
    still land where the alias says), and every register id (a note's target names one)."""
    published = lock.published(document_id) if lock else frozenset()
    return published.union(registers.by_id if registers else ())


def reanchored(document: Document, clear: frozenset[str], citable: frozenset[str]
               ) -> Document:
    """The document with its provisional anchors derived again, if one of them has a name
    it must leave free (`kept_clear`); as it was otherwise."""
    if not any(b.provisional and b.id in clear for b in document.blocks):
        return document
    body = _without_provisional(document.body)
    taken = frozenset(n.id for n in (*document.header.iter(), *body.iter()) if n.id) | clear
    body, blocks, _ = anchored_blocks(body, document.path, citable, taken)
    moved = {old.id: new.id for old, new in zip(document.blocks, blocks, strict=False)}
    fragments = {moved.get(anchor, anchor): tei for anchor, tei in document.fragments.items()}
    return replace(document, body=body, blocks=blocks, fragments=fragments)


def _without_provisional(node: Node) -> Node:
    children = tuple(_without_provisional(c) if isinstance(c, Node) else c
                     for c in node.children)
    attrs = tuple(a for a in node.attrs if a[0] not in ("xml:id", PROVISIONAL)) \
        if node.get(PROVISIONAL) else node.attrs
    return replace(node, attrs=attrs, children=children)


def provisional_ids(body: Node, citable: frozenset[str] = BLOCK_TAGS,
                    taken: frozenset[str] = frozenset()) -> dict[int, str]:
    """For each citable element without xml:id (by `id()` of its node), an anchor made
    from the nearest enclosing element that has an xml:id and the element's place among
    the same-named blocks inside it: `ch2-p3` is the third unanchored `p` of `ch2`, `l12`
    the twelfth unanchored line of a text with no ids. Stable under any edit outside that
    enclosing element; never one of the document's own ids."""
    if all(n.id for n in citable_nodes(body, citable)):
        return {}  # nothing to derive (most documents): no need to gather the ids taken
    taken = {*taken, *(n.id for n in body.iter() if n.id)}
    counts: dict[tuple[str, str], int] = {}
    found: dict[int, str] = {}

    def walk(node: Node, base: str) -> None:
        if node.tag in NOT_TEXT or node.is_apart():
            return
        if node.tag in citable and not node.id:
            key = (base, node.tag)
            counts[key] = counts.get(key, 0) + 1
            anchor = f"{base}-{node.tag}{counts[key]}" if base else f"{node.tag}{counts[key]}"
            while anchor in taken:
                anchor += "x"
            taken.add(anchor)
            found[id(node)] = anchor
        inner = node.id or base
        for child in node.children:
            if isinstance(child, Node):
                walk(child, inner)

    walk(body, "")
    return found


def _with_ids(node: Node, derived: dict[int, str]) -> Node:
    """The tree again, each unanchored block carrying its provisional xml:id and mark."""
    children = tuple(_with_ids(c, derived) if isinstance(c, Node) else c
                     for c in node.children)
    attrs = node.attrs
    if id(node) in derived:
        attrs = tuple(sorted((*attrs, ("xml:id", derived[id(node)]), (PROVISIONAL, "true"))))
    if attrs is node.attrs and all(a is b for a, b in zip(children, node.children, strict=True)):
        return node
    return replace(node, attrs=attrs, children=children)


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
    date, date_text, date_exact = _date(root)
    translator, translated_for = _translator(root)
    bibl = header + "t:sourceDesc/t:bibl/"
    senders, sent_place = _correspondence(root, "sent")
    addressees, received_place = _correspondence(root, "received")
    return Metadata(
        title=_title(root),
        date=date,
        date_text=date_text,
        date_exact=date_exact,
        short_title=text(TITLE_STMT + "t:title[@type='short']"),
        authors=_authors(root),
        translator=translator,
        translated_for=translated_for,
        senders=senders,
        addressees=addressees,
        sent_place=sent_place,
        received_place=received_place,
        funder=text(header + "t:titleStmt/t:funder | " + header + "t:sourceDesc/t:bibl/t:funder"),
        summary=text(ms + "t:msContents/t:summary"),
        summary_by=_summary_by(root),
        original_language=text(
            "t:teiHeader/t:profileDesc/t:langUsage/t:language[@ident != /t:TEI/@xml:lang]"
        ),
        repository=text(ms + "t:msIdentifier/t:repository"),
        archival_id=text(ms + "t:msIdentifier/t:idno"),
        source_url=_source_link(root)[0],
        source_citation=text(
            header
            + "t:sourceDesc/t:bibl/t:note[@type='citation'] | "
            + header
            + "t:sourceDesc/t:bibl[not(t:note[@type='citation'])]"
        ),
        source_title=text(bibl + "t:title"),
        source_authors=tuple(n for n in (_name_in(a) for a in
                                         root.xpath(bibl + "t:author", namespaces=NS)) if n),
        source_publisher=text(bibl + "t:publisher"),
        source_number=_source_number(root.xpath(bibl + "t:idno", namespaces=NS)),
        editorial_decl=tuple(to_node(p) for p in decl[0].iter(f"{{{TEI_NS}}}p")) if decl else (),
        revisions=tuple(
            (calendar_point(c.get("when", "")), normalize_space("".join(c.itertext())))
            for c in changes
        ),
    )


# --- the header, rule by rule (each helper says where its value comes from) -------------

TITLE_STMT = "t:teiHeader/t:fileDesc/t:titleStmt/"
CORRESP_ACTION = "t:teiHeader/t:profileDesc/t:correspDesc/t:correspAction"
# Bibliographic levels (title/@level) that name a whole the document belongs to: a
# series, a journal, a monograph. An edition's letters often open their titleStmt with
# the series title; that title names the edition, not the letter.
CONTAINER_LEVELS = frozenset({"s", "j", "m"})
# Where the document's date is looked for, most telling first: the sending of a letter,
# the making of the text, the date the text gives itself, then the source's description
# (its origin first; dates of an imprint or a publication statement are when a printed
# source appeared, not when the document was written).
DATE_SOURCES = (
    CORRESP_ACTION + "[@type='sent']/t:date",
    "t:teiHeader/t:profileDesc/t:creation/t:date",
    "t:text//t:docDate",
    "t:teiHeader/t:fileDesc/t:sourceDesc//t:origDate",
    "t:teiHeader/t:fileDesc/t:sourceDesc//t:date"
    "[not(ancestor::t:imprint or ancestor::t:publicationStmt)]",
)
NAME_TAGS = ("persName", "orgName", "name")
# What a name element may hold besides the name: authority numbers, notes, affiliations.
NOT_THE_NAME = frozenset({"idno", "note", "affiliation"})
# MARC relator code of a translator, as resp/@key or the end of a resp/@ref URI.
TRANSLATOR_CODE = "trl"
# The language of a document that says nothing about it (read_document has no config).
DEFAULT_LANGUAGE = "en"


_SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def _summary_by(root: etree._Element) -> str:
    """Whose words the header's summary is, where its `@source` points at a `bibl` (or any
    element with a publisher or title): that source's publisher, else its title."""
    pointers = root.xpath("//t:msContents/t:summary/@source | //t:abstract/@source",
                          namespaces=NS)
    target = pointers[0].strip() if pointers else ""
    if not target.startswith("#"):
        return ""
    found = root.xpath("//*[@xml:id=$id]", id=target[1:], namespaces=NS)
    for tag in ("publisher", "title"):
        names = found[0].xpath(f".//t:{tag}", namespaces=NS) if found else []
        if names and (name := _plain_text(names[0])):
            return name
    return ""


def _source_link(root: etree._Element, path: str = "") -> tuple[str, list[Diagnostic]]:
    """The web address of the document's source (the first http(s) `ref/@target` in
    sourceDesc's bibl), and what the other targets are: a TEI pointer that is not a web
    address (`textgrid:qmnz.0`) is not linked (W117); a script URL is refused (E117)."""
    found: list[Diagnostic] = []
    url = ""
    for ref in root.xpath("t:teiHeader/t:fileDesc/t:sourceDesc//t:bibl//t:ref[@target]",
                          namespaces=NS):
        target = ref.get("target", "").strip()
        if _SCRIPT_SCHEMES.match(target):
            found.append(error(path, ref.sourceline, "E117", f"the source link {target!r} "
                               "is a script, not an address"))
        elif re.fullmatch(r"https?://[^\s<>\"]+", target):
            url = url or target
        else:
            found.append(warning(path, ref.sourceline, "W117", f"the source link {target!r} "
                                 "is not a web address: it is not linked",
                                 hint="give the http(s) address of the source's record"))
    return url, found


def _title(root: etree._Element) -> str:
    """The document's own title: the one typed "main", else the analytic one (the
    title of a part, such as one letter), else the first that is not the title of a
    series, journal or monograph, else the first. TEI's order of titles says nothing."""
    titles = root.xpath(TITLE_STMT + "t:title", namespaces=NS)
    rules = (lambda t: t.get("type") == "main", lambda t: t.get("level") == "a",
             lambda t: t.get("level") not in CONTAINER_LEVELS, lambda t: True)
    chosen = next((t for rule in rules for t in titles if rule(t)), None)
    return normalize_space("".join(chosen.itertext())) if chosen is not None else ""


def _date(root: etree._Element) -> tuple[str, str, bool]:
    """(ISO date, the date as written, whether it is exact) from the first element of
    `DATE_SOURCES` that carries a normalization. The ISO date is the earliest the
    normalization allows, so that a letter dated only "not before" still sorts among the
    others; it is exact when it is the element's @when (citations give an inexact date as
    the source writes it, never its lower bound as if it were the date)."""
    for xpath in DATE_SOURCES:
        for element in root.xpath(xpath, namespaces=NS):
            when = _earliest(element)
            if when:
                exact = calendar_point(element.get("when", "").strip()) == when
                return when, _plain_text(element) or _date_label(element), exact
    return "", "", True


def _earliest(element: etree._Element) -> str:
    """The earliest calendar point of an element's @when, @from/@notBefore, else
    @to/@notAfter. A value that does not conform gives none (check says so: W115), so the
    next source of a date is tried rather than a wrong one taken."""
    points = {a: calendar_point(element.get(a, "").strip())
              for a in ("when", "from", "notBefore", "to", "notAfter")}
    if points["when"]:
        return points["when"]
    starts = [points[a] for a in ("from", "notBefore") if points[a]]
    ends = [points[a] for a in ("to", "notAfter") if points[a]]
    return min(starts or ends, key=point_key, default="")


def _date_label(element: etree._Element) -> str:
    """Words for a date element that has a normalization but no text ("between …")."""
    value = date_value(to_node(element))
    return value.label if value is not None else ""


def _correspondence(root: etree._Element, action: str) -> tuple[tuple[str, ...], str]:
    """The names (persons, organizations) and the first place of every correspAction
    of one type ("sent", "received") in the correspDesc."""
    actions = root.xpath(f"{CORRESP_ACTION}[@type='{action}']", namespaces=NS)
    names = (_plain_text(n) for a in actions for n in _children(a, NAME_TAGS))
    places = (_plain_text(p) for a in actions for p in _children(a, ("placeName",)))
    # a name once, however many letters of an anthology it is on
    return tuple(dict.fromkeys(n for n in names if n)), next((p for p in places if p), "")


def _authors(root: etree._Element) -> tuple[str, ...]:
    """Each titleStmt author by name: its persName, orgName or name if it has one, else
    its text; never the authority numbers (idno) or notes encoded beside the name."""
    names = (_name_in(a) for a in root.xpath(TITLE_STMT + "t:author", namespaces=NS))
    return tuple(n for n in names if n)


# Identifiers that are not a record's number in its publisher's series: a citation names
# them differently (an ISBN is not "doc. 978…"), or, as a web address, by its URL.
STANDARD_IDNO = frozenset({"isbn", "issn", "doi", "uri", "url"})


def _source_number(idnos: list[etree._Element]) -> str:
    """The first sourceDesc/bibl idno that numbers the record in its publisher's own series
    (Wilson Center Digital Archive's 118471), not a standard identifier."""
    found = (_plain_text(i) for i in idnos if i.get("type", "").lower() not in STANDARD_IDNO)
    return next((n for n in found if n), "")


def _translator(root: etree._Element) -> tuple[str, str]:
    """The first person named in a titleStmt respStmt whose resp is a translation (its
    words say so, "translation", "translated by", or it carries the MARC relator code
    trl as @key or at the end of its @ref), and for whom the resp says it was made:
    "translation for CWIHP (…)" gives "CWIHP"."""
    for statement in root.xpath(TITLE_STMT + "t:respStmt", namespaces=NS):
        resps = [r for r in _children(statement, ("resp",)) if _is_translation(r)]
        if resps:
            names = (_plain_text(n) for n in _children(statement, ("persName", "name")))
            found = next((n for n in names if n), "")
            if found:
                made_for = re.match(r"transl\w*\s+for\s+([^()]*[^()\s])",
                                    _plain_text(resps[0]), re.IGNORECASE)
                return found, made_for[1] if made_for else ""
    return "", ""


def _is_translation(resp: etree._Element) -> bool:
    refs = resp.get("ref", "").split()
    return (re.search(r"\btransl(?!iterat)", "".join(resp.itertext()).lower()) is not None
            or resp.get("key", "") == TRANSLATOR_CODE
            or any(re.search(rf"(^|[/:#]){TRANSLATOR_CODE}$", ref) for ref in refs))


def _language(root: etree._Element) -> str:
    """The document's language (BCP 47): the root's xml:lang, else the text's, else the
    langUsage language with the highest @usage (the first if none says). Real headers
    often leave the root without xml:lang and say it only in langUsage."""
    text = root.find(f"{{{TEI_NS}}}text")
    for element in (root, text):
        declared = element.get(f"{{{XML_NS}}}lang", "") if element is not None else ""
        if declared := html_lang(declared):  # 'deu' as 'de': the form HTML wants
            return declared
    languages = [language for language in root.xpath(
        "t:teiHeader/t:profileDesc/t:langUsage/t:language", namespaces=NS)
        if language.get("ident", "").strip()]
    if not languages:
        return DEFAULT_LANGUAGE
    best = max(languages, key=_usage).get("ident", "")  # max keeps the first of ties
    return html_lang(best) or DEFAULT_LANGUAGE


def _usage(language: etree._Element) -> int:
    """A language's @usage (a percentage); -1 where it is missing or not a number."""
    usage = language.get("usage", "").strip()
    return int(usage) if usage.isdigit() else -1


def _name_in(element: etree._Element) -> str:
    """The name an element gives: its first persName/orgName/name child, else its text."""
    named = _children(element, NAME_TAGS)
    return _plain_text(named[0] if named else element)


def _children(element: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """The element's TEI children with one of these local names, in document order."""
    wanted = {f"{{{TEI_NS}}}{tag}" for tag in tags}
    return [child for child in element if child.tag in wanted]


def _plain_text(element: etree._Element) -> str:
    """An element's text, white space normalized, without `NOT_THE_NAME` descendants
    (their tails are kept: they belong to the text around them) or comments."""
    return normalize_space("".join(_text_parts(element)))


def _text_parts(element: etree._Element) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) not in NOT_THE_NAME:
            yield from _text_parts(child)
        yield child.tail or ""


@lru_cache(maxsize=4096)  # a few dozen names, met thousands of times a collection
def _node_name(tag: str) -> str:
    """The name a `Node` has: the local name, with a prefix for `FOREIGN_PREFIXES`."""
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    prefix = FOREIGN_PREFIXES.get(namespace)
    return f"{prefix}:{_local(tag)}" if prefix else _local(tag)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@lru_cache(maxsize=4096)
def _attr_name(name: str) -> str:
    if name.startswith(f"{{{XML_NS}}}"):
        return "xml:" + name.rsplit("}", 1)[-1]
    return _local(name)
