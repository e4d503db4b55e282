"""The plain, frozen values that travel between pipeline stages.

No lxml element and no HTML string ever appears here: `load` turns TEI into these
values, `render` turns them into HTML. That keeps every stage testable on its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .common.anchors import AnchorLock
    from .common.dates import DateValue

# The readings of a `choice` by the view that shows them: a diplomatic view shows what the
# witness has, a normalised view what the editors read (the default: 738 expansions of one
# corpus were unreadable behind a tooltip when the witness's form was all a reader saw).
DIPLOMATIC = ("sic", "orig", "abbr", "am")
NORMALISED = ("corr", "reg", "expan", "ex")
VIEWS = {"normalised": NORMALISED, "diplomatic": DIPLOMATIC}
# What the static DTS API publishes (`[tool.scholion] dts`; `link.dts_setting` decides it
# when the setting is absent): every call, each citable unit's too; the collections and
# each document whole, without citable units; or no API at all (`dts = false`).
DTS_UNITS, DTS_DOCUMENTS, DTS_NONE = "units", "documents", "none"
# The mark `load` leaves on a `choice`: the place, among its element children, of the
# reading the edition's text follows (its `readings` setting chose it; see
# `load.readings`). Unmarked, a choice reads as the normalised view would.
READS = "scholion-reads"
# The mark `load` leaves on a list `label` that its item's first `pc` joins, as the
# witness writes it (`<label>1</label><item><pc join="both">-</pc>OTS`, "1-OTS"): the label
# is then followed by no space (see `load.tei.with_joined_labels`).
JOINED = "scholion-joined"
# Every build writes this file; `write` recognises a previous build by it.
BUILD_INFO = "build-info.json"
# The mark `load` sets on an `app` whose readings attach to a place elsewhere in the text
# (`load.tei.located_apparatus`): the anchor of that place, '' when its pointers reach none.
LOCATED = "scholion-at"
# XML's NCName, near enough: what an xml:id may be (no ':', '/', spaces). One pattern for
# every place that reads or writes an anchor.
XML_NAME = r"[^\W\d][\w.-]*"
# TEI elements a reader meets on a line or in a block of their own: the words on either
# side of one never run together, even where the source puts nothing between them
# (`<l>one</l><l>two</l>`, `<addrLine>` after `<addrLine>`), so the reading text has a
# space there. Phrase-level elements (`hi`, `persName`, ...) are not: `<hi>a</hi>b` is one
# word.
SEPARATE = frozenset({
    "ab", "addrLine", "address", "argument", "back", "body", "byline", "castGroup",
    "castItem", "castList", "cell", "closer", "dateline", "div", "docAuthor", "docDate",
    "docEdition", "docImprint", "docTitle", "epigraph", "floatingText", "front", "head",
    "item", "l", "lg", "list", "opener", "p", "postscript", "row", "salute", "signed", "sp",
    "speaker", "stage", "table", "text", "titlePage", "titlePart", "trailer"})
# What a MathML formula carries beside itself (its TeX, its content markup): not read.
MATH_ANNOTATIONS = frozenset({"mml:annotation", "mml:annotation-xml"})
# Breaks that may fall inside a word: with break="no" they join its parts.
BREAKS = frozenset({"lb", "pb", "cb", "milestone"})
# Unicode categories of punctuation that opens (brackets, opening quotes) and that closes
# or ends (brackets, closing quotes, `,` `.` `;` and the like).
OPENING = frozenset({"Ps", "Pi"})
CLOSING = frozenset({"Pe", "Pf", "Po"})


@dataclass(frozen=True)
class Node:
    """A TEI element with its TEI name, attributes and children, and its source line.

    Attribute names keep their TEI spelling (`xml:id`, `xml:lang`, `@ref` as `ref`), so
    the renderer can map them without knowing anything about lxml.
    """

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[Node | str, ...] = ()
    line: int = 0

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    @property
    def id(self) -> str:
        return self.get("xml:id")

    def text(self) -> str:
        """The string value of the node, as XPath `string()` would give it."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def reading_parts(self) -> tuple[Node | str, ...]:
        """The children as a reader meets them, which is what quotes are matched against
        and what the renderer prints: a `choice` reads as the one reading the edition's
        view shows (`shown_reading`; the others are drawn, but hidden), an `app` its lemma
        (none when it is located elsewhere, `located_at`), an inline `note` stands in
        square brackets (one set apart, `Node.is_apart`, is not read here), a list
        `label` is followed by a space (unless its item's first `pc` joins it), an `lb` is
        a space unless `break="no"`, a MathML annotation is not read, and an element on a
        line of its own is apart from its neighbours (`parts`). One rule, used by
        anchoring, indexing and render."""
        if self.tag == "choice":
            shown = self.shown_reading()
            return (shown,) if shown is not None else self.parts()
        if self.tag == "app":  # the lemma is the text; the other readings are its apparatus
            if self.located_at() is not None:  # its lemma stands in the text already
                return ()
            shown = self.shown_reading()
            return (shown,) if shown is not None else self.parts()
        if self.tag == "note":  # a note set apart is read where it is printed, not here
            return () if self.is_apart() else ("[", *self.parts(), "]")
        if self.tag == "label":  # a space before its item, unless the item joins it
            return self.parts() if self.get(JOINED) else (*self.parts(), " ")
        if self.tag == "lb":  # a line break ends a word, unless break="no" joins it
            return () if self.get("break") == "no" else (" ",)
        if self.tag in MATH_ANNOTATIONS:  # another encoding of a formula, not its words
            return ()
        return self.parts()

    def located_at(self) -> str | None:
        """For an `app` that refers to its place in the text (`@from`/`@to`, or a `@loc`
        that names one line or block) rather than standing in it: the anchor of that place,
        '' when its pointers reach nothing; None for any other element. Its lemma is a copy
        of words of the text: it is never read where the `app` is written."""
        if self.tag != "app":
            return None
        return next((v for k, v in self.attrs if k == LOCATED), None)

    def is_apart(self) -> bool:
        """A note of the source printed apart from the text (foot, end, margin, or no
        `@place`), not in it: it is numbered, and read among the notes."""
        return self.tag == "note" and self.get("place") != "inline"

    def parts(self) -> tuple[Node | str, ...]:
        """The children as their words are read: less the white space on either side of a
        break with `break="no"` (the break is inside a word, "Ἐτελεύτε<lb break="no"/>σεν",
        which it joins), and with a space between an element of `SEPARATE` and what
        touches it without one (`<l>one</l><l>two</l>` reads "one two")."""
        if not any(isinstance(c, Node) and (c.tag in SEPARATE or c.tag in BREAKS)
                   for c in self.children):
            return self.children
        parts = list(self.children)
        for i, child in enumerate(parts):
            if isinstance(child, Node) and child.tag in BREAKS and child.get("break") == "no":
                if i > 0 and isinstance(parts[i - 1], str):
                    parts[i - 1] = parts[i - 1].rstrip()
                if i + 1 < len(parts) and isinstance(parts[i + 1], str):
                    parts[i + 1] = parts[i + 1].lstrip()
        return _separated(parts)

    def shown_reading(self) -> Node | None:
        """In a `choice`, the reading the edition's view shows (`READS`, else as the
        normalised view would: `corr`/`reg`/`expan`, else the first); in an `app`, its
        lemma, else (parallel segmentation without one) its first reading."""
        if self.tag == "app":
            readings = [c for c in self.children if isinstance(c, Node)
                        and c.tag in ("lem", "rdg", "rdgGrp")]
            return next((c for c in readings if c.tag == "lem"), readings[0] if readings
                        else None)
        readings = self.readings()
        marked = self.get(READS)
        if marked.isdigit() and int(marked) < len(readings):
            return readings[int(marked)]
        return preferred(readings, NORMALISED)

    def readings(self) -> tuple[Node, ...]:
        """The alternatives of a `choice`: its element children."""
        return tuple(c for c in self.children if isinstance(c, Node))

    def variants(self) -> tuple[Node, ...]:
        """In an `app`, the readings the text does not show: its apparatus."""
        if self.tag != "app":
            return ()
        shown = self.shown_reading()
        return tuple(c for c in self.children if isinstance(c, Node)
                     and c.tag in ("rdg", "rdgGrp") and c is not shown)

    def reading_text(self) -> str:
        """The text a reader sees (see `reading_parts`)."""
        return "".join(c if isinstance(c, str) else c.reading_text()
                       for c in self.reading_parts())

    def iter(self) -> Iterator[Node]:
        """Every descendant element, depth first, in document order (self included).
        A stack, not nested generators: with `yield from` each node passed up through
        every generator above it, so a walk cost the tree's size times its depth, and the
        stages walk each text many times. (A list, not a generator, of the children to
        come, and none made for an only child: half the time of a walk.)"""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            children = node.children
            if len(children) == 1:
                if not isinstance(children[0], str):
                    stack.append(children[0])
            elif children:
                stack.extend([c for c in children[::-1] if not isinstance(c, str)])


def preferred(readings: tuple[Node, ...], order: tuple[str, ...]) -> Node | None:
    """The first reading of the kind `order` prefers, else the first there is (two
    `unclear` or two `seg`: the editors put the likelier first)."""
    for tag in order:
        for reading in readings:
            if reading.tag == tag:
                return reading
    return readings[0] if readings else None


def apparatus_places(body: Node) -> dict[str, tuple[Node, ...]]:
    """The `app`s that refer to a place in the text (`Node.located_at`), by the anchor of
    that place, in document order: their markers go there, at the end of what it holds."""
    found: dict[str, list[Node]] = {}
    for node in body.iter():
        if at := node.located_at():
            found.setdefault(at, []).append(node)
    return {at: tuple(apps) for at, apps in found.items()}


# What holds a document's parts without being one of them: the document itself, for the
# units a reader cites (`citation_units`).
TEXT_WRAPPERS = frozenset({"text", "front", "body", "back", "group"})


def citation_units(body: Node, block_ids: frozenset[str] | set[str]
                   ) -> list[tuple[Node, int, str | None]]:
    """The document's citable units in document order, each with its depth (1 at the top)
    and the anchor of the unit that holds it (None at the top): every citable block
    (`block_ids`), and every element the source gives an `xml:id` that holds one (a
    list, a poem, a speech, an act or chapter with an id). A container without an id is
    walked through: the units are what a reader can cite and link to by a stable anchor,
    and Scholion derives anchors for citable blocks only. One rule for `load` (which
    serializes each unit's source) and `link` (which plans the DTS citation tree)."""
    found: list[tuple[Node, int, str | None]] = []

    def walk(node: Node, level: int, parent: str | None) -> bool:
        block = node.id in block_ids
        unit = block or (bool(node.id) and node.tag not in TEXT_WRAPPERS)
        start = len(found)
        if unit:
            found.append((node, level, parent))
            level, parent = level + 1, node.id
        holds = False
        for child in node.children:
            if isinstance(child, Node):
                holds = walk(child, level, parent) or holds
        if unit and not block and not holds:
            del found[start]  # an id on a phrase or a note, not on a part of the text
        return block or holds

    walk(body, 1, None)
    return found


@dataclass(frozen=True)
class Block:
    """A citable unit of text: its `xml:id` is the anchor people cite; `n` is its ¶ number."""

    id: str
    n: str
    tag: str
    text: str
    line: int
    provisional: bool = False  # the anchor was derived, not written in the source
    numbered: bool = True  # the source gives @n; else `n` is the block's place
    # a verse line of a poem or a scene: `n` is its line number there (@n, or counted
    # through it: `load.tei.verse_numbers`), printed in the margin every fifth line
    verse: bool = False


@dataclass(frozen=True)
class Metadata:
    """What the landing page, the About page and citations say about one document."""

    title: str
    date: str = ""  # ISO 8601: the earliest the header allows (see load.tei._date); sorts
    date_text: str = ""  # the same date as the source writes it
    date_exact: bool = True  # `date` is the @when of a date, not a bound of a range
    short_title: str = ""  # titleStmt's title[@type="short"], for short citations
    authors: tuple[str, ...] = ()
    translator: str = ""
    translated_for: str = ""  # for whom, as the translator's resp says ("for CWIHP")
    # A letter's correspondents and places (profileDesc/correspDesc); empty for others.
    senders: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    sent_place: str = ""
    received_place: str = ""
    funder: str = ""
    summary: str = ""
    summary_by: str = ""  # whose summary it is (`summary/@source`: its bibl's publisher)
    original_language: str = ""
    repository: str = ""
    archival_id: str = ""
    source_url: str = ""
    source_citation: str = ""
    # The published record the text was transcribed from (sourceDesc/bibl): its title,
    # its own authors, its publisher and its number there (not an ISBN, DOI or URL).
    source_title: str = ""
    source_authors: tuple[str, ...] = ()
    source_publisher: str = ""
    source_number: str = ""
    editorial_decl: tuple[Node, ...] = ()
    revisions: tuple[tuple[str, str], ...] = ()  # (calendar point or "", description)

    @property
    def senders_text(self) -> str:
        """The senders as the site's prose names them ("A and B")."""
        return name_list(self.senders)

    @property
    def addressees_text(self) -> str:
        return name_list(self.addressees)

    @property
    def is_letter(self) -> bool:
        """Whether the header says who sent or received the document, or where."""
        return bool(self.senders or self.addressees or self.sent_place or self.received_place)


@dataclass(frozen=True)
class PrefixDef:
    """A TEI `prefixDef` of a document's header: how `ident:value` pointers of that
    document expand (`matchPattern` against the value, `replacementPattern` with `$1`…)."""

    ident: str
    match: str
    replacement: str
    line: int = 0


@dataclass(frozen=True)
class Picture:
    """An image a document shows, under the reference its TEI gives it (a `graphic/@url`,
    a `pb/@facs`), as `load` found it: a file of `source/` (`path`, from the edition root:
    a plain file there, in a format browsers show) or a web address (`url`), never both.
    A reference that is neither has no Picture; `load` said why."""

    reference: str
    path: str = ""
    url: str = ""


@dataclass(frozen=True)
class Surface:
    """A surface of the document's `facsimile` (or a `graphic` of the facsimile itself):
    its xml:id, which a page break's `@facs="#id"` names, its `@n`, and the reference of
    the image that shows it (its first graphic that can be shown, a file of `source/`
    before a web address; "" when none can)."""

    id: str
    url: str = ""
    n: str = ""
    line: int = 0


@dataclass(frozen=True)
class Document:
    """One TEI document of the collection, fully loaded and detached from lxml."""

    id: str
    path: str  # relative to the edition root, POSIX style, for Diagnostics and links
    lang: str
    meta: Metadata
    body: Node  # the TEI <text> element, without its lists of persons, places, ...
    blocks: tuple[Block, ...] = ()
    source_bytes: bytes = field(default=b"", repr=False, compare=False)
    # the <teiHeader>, for the rules that judge it element by element at its lines (its
    # dates); what the pages say of it is in `meta`
    header: Node = Node("teiHeader")
    prefixes: tuple[PrefixDef, ...] = ()  # its listPrefixDef, for reading its pointers
    surfaces: tuple[Surface, ...] = ()  # its facsimile
    pictures: tuple[Picture, ...] = ()  # every image reference of it that can be shown
    # each citable unit's element as the source writes it (`citation_units`), serialized
    # by `load`, by its anchor: what the DTS document endpoint gives for one unit, since
    # no stage after `load` has the source tree
    fragments: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Config:
    """Site-wide settings from `[tool.scholion]` in pyproject.toml."""

    title: str
    editors: tuple[str, ...]  # one collective name, or each editor's name
    base_url: str
    licence: str
    licence_url: str
    language: str = "en"
    # the edition's version as the editors publish it ("1.0"); citations name it
    version: str = ""
    # `editors` was one name (an editorial body, cited as written), not a list of persons
    editors_collective: bool = False
    source_dir: str = "source"
    annotations_dir: str = "annotations"
    description: str = ""
    # the edition's own TEI → HTML behaviours: (selector, HTML element, handler, line)
    behaviours: tuple[tuple[str, str, str, int], ...] = ()
    # the edition's own pages: (URL, template, title, nav label, line)
    pages: tuple[tuple[str, str, str, str, int], ...] = ()
    # the TEI elements that are citable blocks (empty: the default, `load.tei.BLOCK_TAGS`)
    citable: tuple[str, ...] = ()
    # which reading of a `choice` the text follows and the page shows first (`VIEWS`)
    readings: str = "normalised"
    principles: str = ""  # the Markdown file of editorial principles for readers
    # the git tags that mark releases, each published at v/VERSION/ ("": none)
    releases: str = "v[0-9]*"
    # each document is also drawn as a PDF (render.pdf); None: not set, then a small
    # edition's are and a large collection's are not (`link_edition`)
    pdf: bool | None = None
    # what the DTS API publishes (`DTS_UNITS`, `DTS_DOCUMENTS`, `DTS_NONE`); "": not set,
    # so `link` decides by the collection's size
    dts: str = ""

    @property
    def editors_text(self) -> str:
        """The editors as the site's prose names them ("A, B and C"). Citations do not use
        this: each style joins names its own way (CSL gets the list)."""
        return name_list(self.editors)


@dataclass(frozen=True)
class Asset:
    """A file of the edition's own presentation: its name inside `templates/` or
    `static/`, its path from the edition root (for Diagnostics), and its bytes."""

    name: str
    path: str
    content: bytes = field(repr=False)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


@dataclass(frozen=True)
class Theme:
    """An edition's template overrides and static files (see `load.theme`)."""

    templates: tuple[Asset, ...] = ()
    assets: tuple[Asset, ...] = ()


@dataclass(frozen=True)
class Release:
    """A released version of the edition: a git tag (`load.releases`)."""

    version: str  # "1.0", from the tag "v1.0"; the site publishes it at v/1.0/
    tag: str
    commit: str
    date: str  # ISO date of the tag's commit


@dataclass(frozen=True)
class Releases:
    """What a build knows of the edition's releases, for its pages to say: which release
    this is, whether a newer one exists, where the current edition is."""

    known: tuple[Release, ...] = ()  # oldest first
    this: str = ""  # the version of the release this build is ("" for the current edition)
    # the release whose text the current edition still is ("": changed since, or none)
    same_as: str = ""
    current_url: str = ""  # the current edition's base URL (in a release's build)
    current_paths: frozenset[str] = frozenset()  # the current edition's pages
    unknown: bool = False  # a shallow clone: git could not say which releases there are
    stamp: str = ""  # a release's build: a digest of what it was built from (its reuse)

    @property
    def newest(self) -> Release | None:
        return self.known[-1] if self.known else None


@dataclass(frozen=True)
class Edition:
    """Everything `load` read: the configuration and the documents, in a stable order."""

    root: Path
    config: Config
    documents: tuple[Document, ...]
    registers: Registers | None = None
    annotations: tuple[Annotation, ...] = ()
    anchor_lock: AnchorLock | None = None
    version: str = "unversioned"  # release tag or commit of the repository
    version_date: str = ""  # ISO date of that commit (or SOURCE_DATE_EPOCH)
    theme: Theme = field(default_factory=Theme)
    cache_committed: bool = False  # the build cache is in git: never used (W003)
    principles: str = ""  # the editorial principles for readers, in Markdown (`principles`)
    releases: Releases = field(default_factory=Releases)  # set by the pipeline


@dataclass(frozen=True)
class Share:
    """Which part of the site a renderer draws: the pages and files of these documents
    (None: of every document), and the site's own (the index, about, static and site-wide
    files) if `whole`. A build's work is split into shares run side by side (`--jobs`);
    every share together is the site, each file drawn once."""

    documents: frozenset[str] | None = None
    whole: bool = True

    def has(self, document_id: str) -> bool:
        return self.documents is None or document_id in self.documents


EVERYTHING = Share()


@dataclass(frozen=True)
class Page:
    """One output file: a path relative to the output directory, and its bytes."""

    path: str
    content: bytes


class Prose(str):
    """Words of a register's note as plain text (what the exports, search and comparisons
    see) that also keep the languages of their parts, as runs of (language, words): ''
    for the language around them. A note "Osaka City (大阪市)" whose 大阪市 is a
    `<foreign xml:lang="ja">` has three runs, and a page marks 大阪市 `lang="ja"`: read out,
    and drawn in the glyph forms, of its language."""

    runs: tuple[tuple[str, str], ...]

    def __new__(cls, runs: Iterable[tuple[str, str]] = ()) -> Prose:
        runs = tuple(runs)
        self = super().__new__(cls, "".join(words for _, words in runs))
        self.runs = runs
        return self

    def __getnewargs__(self) -> tuple[tuple[tuple[str, str], ...]]:  # type: ignore[override]
        return (self.runs,)  # copies and pickles keep the runs


@dataclass(frozen=True)
class FileCopy:
    """A file of the edition published as it is (an image): its path in the output, and
    the file `load` checked. `write` copies it beside the pages, so an edition's scans
    never travel through the build in memory."""

    path: str
    source: Path


@dataclass(frozen=True)
class Source:
    """A work or page that supports an identification or a note."""

    title: str  # a `Prose` when read from TEI
    url: str = ""


@dataclass(frozen=True)
class OtherName:
    """Another name of an entry than its heading (`type="alternative"`): a later or earlier
    name, such as a city's after a renaming. The index shows it beside the heading and
    files it under its own letter as a cross-reference ("Saint Petersburg, see
    Leningrad"), so that a reader who looks for it finds the entry."""

    name: str
    date: DateValue | None = None  # when the entity bore it (the name's @from, @to, …)
    sort_key: str = ""  # from its surname, as an entry's (`Entity.sort_key`); '' for none


@dataclass(frozen=True)
class Entity:
    """One entry of the registers: a person, place, organization or event the text
    mentions (the kinds are `common.kinds.KINDS`).

    `id` is unique in the edition (see `common.refs.entity_id`); `path` and `xml_id` say
    where it is listed, which is what `#id` and `file.xml#id` pointers name."""

    id: str
    kind: str  # "person" | "place" | "org" | "event"
    name: str  # normalized modern name
    line: int
    variants: tuple[str, ...] = ()  # forms used in the text
    original: tuple[tuple[str, str], ...] = ()  # (language, name in original script)
    # those of the original forms that the editors inferred, no source shows them
    # (`type="reconstructed"`)
    reconstructed: tuple[tuple[str, str], ...] = ()
    description: str = ""  # a `Prose` when read from TEI, as `certainty` is
    authorities: tuple[tuple[str, str], ...] = ()  # (kind, URI): wikidata, geonames, viaf...
    # (URI, @cert) of the identifiers the editors give as uncertain (`<idno cert="low">`):
    # a weak, conflicting or second-hand tie, which the index and the data say
    uncertain_authorities: tuple[tuple[str, str], ...] = ()
    geo: tuple[float, float] | None = None
    birth: str = ""  # calendar points of <birth>/<death> @when, "" when none or not conforming
    death: str = ""
    date: DateValue | None = None  # when an event took place (@when, @from/@to, …)
    cert: str = ""  # empty when the identification is secure
    certainty: str = ""  # why it is uncertain
    sources: tuple[Source, ...] = ()
    path: str = ""  # the file that lists it ('' for an authority named only in the text)
    xml_id: str = ""  # its xml:id in that file
    # what the index files it by: the entry's @sortKey, else its name's surname first
    # ("Shepelenko A. N."); '' files it by `name` (`link.index.filing_key`)
    sort_key: str = ""
    other_names: tuple[OtherName, ...] = ()  # `type="alternative"` names

    def authority_cert(self, uri: str) -> str:
        """The @cert of an identifier the editors give as uncertain; '' for a sure one."""
        return next((cert for found, cert in self.uncertain_authorities if found == uri), "")


# --- relations of the registers (the map's ties; issue 15, item 10) ---------------------
@dataclass(frozen=True)
class Relation:
    """A TEI `relation` of the registers' `listRelation`: two or more entries tied, as the
    sister cities of a report. Its pointers are kept as written (`#osaka`); what they reach
    is decided by `common.refs`, as for a name's (`common.relations`)."""

    name: str  # @name, else @type: what the tie is ("sister-city"), shown as its label
    line: int
    path: str  # the file that holds it: its `#id` pointers are read there
    mutual: tuple[str, ...] = ()  # @mutual: ends of a symmetric tie
    active: tuple[str, ...] = ()  # @active and @passive: a directed one
    passive: tuple[str, ...] = ()
    cert: str = ""  # @cert: the editors' certainty of the tie, "" when sure


@dataclass(frozen=True)
class Registers:
    """Every entry of the edition: those of `source/registers.xml` (`path`; '' when the
    edition has none, and then nothing is published as data/registers.xml), of the other
    register files, of the lists inside documents, and the authorities named in the text."""

    path: str
    entities: tuple[Entity, ...] = ()
    source_bytes: bytes = field(default=b"", repr=False, compare=False)
    # the whole file, for the rules that judge it element by element at its lines (dates)
    tree: Node = Node("TEI")
    relations: tuple[Relation, ...] = ()  # registers.xml's `relation`s, in file order

    @cached_property
    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    @cached_property
    def by_place(self) -> dict[tuple[str, str], Entity]:
        """(file, xml:id) -> entry: what `#id` and `file.xml#id` pointers reach."""
        found: dict[tuple[str, str], Entity] = {}
        for entity in self.entities:
            if entity.xml_id:
                found.setdefault((entity.path, entity.xml_id), entity)
        return found

    @cached_property
    def by_xml_id(self) -> dict[str, Entity]:
        """xml:id -> the first entry (in the edition's order) listed under it, in any
        file: what a bare `@key` reaches when neither its file nor registers.xml lists
        it. An index, since each name of the text asks."""
        found: dict[str, Entity] = {}
        for entity in self.entities:
            found.setdefault(entity.xml_id, entity)
        return found

    @cached_property
    def by_authority(self) -> dict[str, tuple[Entity, ...]]:
        """Authority URI (as the entries give it) -> the entries that carry it."""
        found: dict[str, list[Entity]] = {}
        for entity in self.entities:
            for uri in dict.fromkeys(uri for _, uri in entity.authorities):
                found.setdefault(uri, []).append(entity)
        return {uri: tuple(entities) for uri, entities in found.items()}

    def get(self, entity_id: str) -> Entity | None:
        return self.by_id.get(entity_id)


@dataclass(frozen=True)
class Credit:
    """Who added a note and who last revised it, from the repository's history."""

    added_by: str = ""
    added_on: str = ""  # ISO 8601 date
    revised_by: str = ""
    revised_on: str = ""


# The type of note that introduces a whole document, above its text (its target: the
# document's id); every other type is a note on a passage or on a register entry.
HEADNOTE = "headnote"


@dataclass(frozen=True)
class Annotation:
    """One contributor note: where it attaches, what it says (Markdown), who wrote it."""

    slug: str
    path: str
    target: str
    type: str
    author: str
    body: str  # Markdown, rendered and sanitized only by `render`
    body_line: int
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    orcid: str = ""
    sources: tuple[Source, ...] = ()
    status: str = "reviewed"
    lines: tuple[tuple[str, int], ...] = ()  # front-matter key -> line, for Diagnostics
    credit: Credit = Credit()

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)


def _separated(parts: list[Node | str]) -> tuple[Node | str, ...]:
    """`parts` with a space wherever an element of `SEPARATE` meets a neighbour with no
    white space between them."""
    found: list[Node | str] = []
    for part in parts:
        if found and _touching(found[-1], part):
            found.append(" ")
        found.append(part)
    return tuple(found)


def _touching(before: Node | str, after: Node | str) -> bool:
    """Whether two neighbouring parts would run together, one being a `SEPARATE` element.
    Punctuation that closes (`<l>…tongue</l>,`, `<docAuthor>…</docAuthor>.`) or opens
    (`(<docDate>…`) belongs to the element it touches: no space comes between them."""
    if isinstance(before, str):
        return isinstance(after, Node) and after.tag in SEPARATE and bool(before) \
            and not before[-1].isspace() and unicodedata.category(before[-1]) not in OPENING
    if isinstance(after, str):
        return before.tag in SEPARATE and bool(after) and not after[0].isspace() \
            and unicodedata.category(after[0]) not in CLOSING
    if before.tag == "label" or "lb" in (before.tag, after.tag):
        return False  # a label is read with a space after it, a line break as one
    return before.tag in SEPARATE or after.tag in SEPARATE


def name_list(names: tuple[str, ...]) -> str:
    """Names joined as in running text: "A", "A and B", "A, B and C" (no serial comma,
    like the rest of the site's British prose)."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def normalize_space(text: str) -> str:
    """XPath's normalize-space(): runs of white space become one space, ends trimmed."""
    return " ".join(text.split())
