"""TEI → HTML, drawn element by element as the behaviour registry says (`behaviours`).

Each TEI element becomes one HTML element that keeps the TEI name as a class
(`<p class="tei-p" id="p4">`), `xml:id` becomes `id` and `xml:lang` becomes `lang`, so CSS
does the presentation and nothing in the source is silently dropped. Element names only:
the page markup itself lives in the templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import ClassVar
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..common import hrefs
from ..common.hrefs import Link
from ..common.images import description
from ..common.langs import html_lang
from ..common.refs import Pointer, Scope, mention_of, words_of
from ..common.routes import entity_url
from ..link.apparatus import Witness
from ..link.images import Images, is_copy
from ..link.notes import Note
from ..model import (
    DIPLOMATIC,
    JOINED,
    NORMALISED,
    Block,
    Entity,
    Node,
    Registers,
    apparatus_places,
    normalize_space,
)
from .behaviours import DEFAULTS, FLOW_ELEMENTS, HOLDS_FLOW, Registry

# Quotation marks: a quotation whose source writes its own (`»<quote>…</quote>«`) gets
# none from CSS, so that none is doubled.
QUOTATION_MARKS = frozenset('"\'«»‹›‘’‚‛“”„‟「」『』〝〞〟')
# @rend tokens that say a quotation is printed without marks, or set off as a block
NO_MARKS = frozenset({"no-quotes", "noquotes", "no-marks", "none", "plain"})
BLOCK_RENDS = frozenset({"block", "display", "blockquote"})
# Titles of parts (articles, chapters, poems: @level a) and of unpublished works (u)
# stand in quotation marks; the others are italic
QUOTED_LEVELS = frozenset({"a", "u"})
# MathML that a page may hold: the presentation elements and their attributes that say
# how a formula looks. No href, no event handler, no style (which can fetch), no
# annotation-xml (which can hold HTML): a formula of the source never becomes active.
MATHML_ELEMENTS = frozenset({
    "math", "mi", "mn", "mo", "ms", "mspace", "mtext", "mrow", "mfrac", "msqrt", "mroot",
    "mstyle", "merror", "mpadded", "mphantom", "mfenced", "menclose", "msub", "msup",
    "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none",
    "mtable", "mtr", "mtd", "mlabeledtr", "semantics"})
MATHML_ATTRIBUTES = frozenset({
    "accent", "accentunder", "align", "alttext", "bevelled", "close", "columnalign",
    "columnlines", "columnspacing", "columnspan", "denomalign", "depth", "dir", "display",
    "displaystyle", "fence", "form", "frame", "framespacing", "height", "largeop",
    "linethickness", "lspace", "mathbackground", "mathcolor", "mathsize", "mathvariant",
    "maxsize", "minsize", "movablelimits", "notation", "numalign", "open", "rowalign",
    "rowlines", "rowspacing", "rowspan", "rspace", "scriptlevel", "separator", "separators",
    "stretchy", "symmetric", "voffset", "width"})

# What the page draws that is not the text as read (`Node.reading_text`): the ¶ links,
# note markers, former anchors, and a choice's hidden readings with the space kept between
# them. One list, for whoever compares a page with the text (the tests, bench/).
ADDED_CLASSES = ("anchor", "note-ref", "alias", "tei-note-ref", "choice-sep")
NOT_READ = (".//*[" + " or ".join(f'contains(concat(" ", @class, " "), " {c} ")'
                                   for c in ADDED_CLASSES)
            + ' or (contains(concat(" ", @class, " "), " reading ")'
              ' and not(contains(@class, "reading-default")))]')


def render_text(body: Node, blocks: tuple[Block, ...], registers: Registers | None = None,
                notes: tuple[Note, ...] = (), aliases: tuple[tuple[str, str], ...] = (),
                behaviours: Registry = DEFAULTS, scope: Scope | None = None,
                links: Mapping[str, Link] | None = None,
                images: Images | None = None,
                witnesses: tuple[Witness, ...] = (),
                located: Mapping[str, tuple[Node, ...]] | None = None) -> Markup:
    """`scope` is what the document's pointers reach (`common.refs.scope_of`); without
    it, only `reg:` pointers into `registers` do. `links` is where its `ref`s and `ptr`s
    go, as link planned them (`DocumentPage.links`); without it, only the pointers into
    the text itself, the registers and the web reach anything. `images` says where the
    document's images are in the site (`link.images`); without it, only web addresses
    are linked. `witnesses` are those its apparatus names (`link.apparatus`); `located`,
    the entries that refer to a place of the text, as link planned them
    (`DocumentPage.located`; without it, derived here, for a text alone)."""
    scope = scope or Scope(registers=registers)
    if links is None:
        links = hrefs.alone(body, blocks, scope.path, scope.prefixes, scope.registers)
    renderer = TextRenderer({b.id: b for b in blocks}, scope, notes, behaviours, links,
                            images or Images())
    renderer.witnesses = {w.id: w for w in witnesses}
    renderer.note_ids = {n.id for n in body.iter() if n.id}  # no derived anchor takes one
    renderer.located = dict(apparatus_places(body) if located is None else located)
    for old, new in aliases:
        renderer.aliases.setdefault(new, []).append(old)
    renderer.root = body
    renderer.render(body)
    renderer.unplaced()  # if an edition draws its text by another handler than `element`
    renderer.source_notes()
    return Markup("".join(renderer.out))


class TextRenderer:
    """Walks one TEI text once, writing HTML; tracks text offsets to place note markers."""

    # behaviour handler name -> the method that draws an element that way (the names are
    # declared in `behaviours.HANDLERS`; a test keeps the two in step)
    HANDLERS: ClassVar[dict[str, Callable[[TextRenderer, Node, str], None]]]

    def __init__(self, blocks: dict[str, Block], scope: Scope,
                 notes: tuple[Note, ...], behaviours: Registry = DEFAULTS,
                 links: Mapping[str, Link] | None = None,
                 images: Images | None = None) -> None:
        self.blocks = blocks
        self.targets: Mapping[str, Link] = links or {}  # pointer -> where it goes
        # id(node) -> (the node, kept so that its id is not reused; the HTML element it is
        # drawn as)
        self.tags: dict[int, tuple[Node, str]] = {}
        self.last = ""  # the last character of text written: a quotation's mark?
        self.images = images or Images()
        self.figures: list[Node] = []  # the figures open around the element drawn
        self.behaviours = behaviours
        self.scope = scope
        self.registers: Registers | None = scope.registers
        self.out: list[str] = []
        # (anchor, label, note or app) set apart, drawn after the text (`source_notes`)
        self.apart: list[tuple[str, str, Node]] = []
        self.links = 0  # depth of open <a>: HTML forbids a link inside a link
        self.pending: list[Note] = []  # markers that fell inside a link, for after it
        self.markers: dict[str, list[Note]] = {}
        for note in sorted(notes, key=lambda n: n.offset):
            self.markers.setdefault(note.block_id, []).append(note)
        self.cursors: list[list] = []  # [block id, offset so far] for each open block
        self.aliases: dict[str, list[str]] = {}  # block id -> former anchors of the block
        self.muted = 0  # depth of readings drawn but not read (`_choice`)
        self.holding = 0  # depth of open choices: note markers wait until they close
        # the anchors of the source's notes without an xml:id (`_note_anchor`)
        self.note_counts: dict[tuple[str, str], int] = {}
        self.note_ids: set[str] = set()
        # depth of open elements that hold phrasing content only (a <p>, a <span>): a block
        # inside one (a stanza in a quotation in a paragraph) is drawn as a <span>
        self.phrasing = 0
        self.witnesses: dict[str, Witness] = {}
        # anchor -> the apps that refer to that place of the text (`Node.located_at`): their
        # markers are drawn there, at the end of what it holds, once
        self.located: dict[str, tuple[Node, ...]] = {}
        self.root: Node | None = None  # the text drawn: `unplaced` markers end it

    def render(self, node: Node) -> None:
        with self._counting(node):
            behaviour = self.behaviours.lookup(node)
            self.HANDLERS[behaviour.handler](self, node, behaviour.html)
        self._located_markers(node)  # after it, if its handler did not draw them inside

    def _located_markers(self, node: Node) -> None:
        """The markers of the apparatus entries that refer to this element's place."""
        if self.muted or not node.id:  # in a hidden reading: left for `unplaced`
            return
        for app in self.located.pop(node.id, ()):
            self._source_note_marker(app)

    @contextmanager
    def _counting(self, node: Node) -> Iterator[None]:
        """Inside a citable block, count its text, to find where its note markers go."""
        is_block = node.id in self.blocks
        if is_block:
            self.cursors.append([node.id, 0])
        yield
        if is_block:
            self.cursors.pop()

    # --- text and markers ---------------------------------------------------------------

    def text(self, text: str) -> None:
        """Write text, cutting it wherever a note marker falls inside it."""
        cuts = sorted({offset for offset, _ in self._due(len(text))})
        start = 0
        for cut in cuts:
            self.out.append(escape(text[start:cut]))
            start = cut
            for offset, note in self._due(len(text)):
                if offset == cut:
                    self._marker(note)
        self.out.append(escape(text[start:]))
        self.skip(text)
        if text:
            self.last = text[-1]

    def skip(self, text: str) -> None:
        for cursor in self.cursors:
            cursor[1] += len(text)

    def _due(self, length: int) -> list[tuple[int, Note]]:
        """Markers of open blocks whose offset lies within the next `length` characters."""
        due = []
        for block_id, position in self.cursors:
            for note in self.markers.get(block_id, ()):
                if position < note.offset <= position + length:
                    due.append((note.offset - position, note))
        return due

    def _marker(self, note: Note) -> None:
        if self.links or self.holding:  # no link in a link, no control in a choice
            self.pending.append(note)
            return
        n = note.number
        self.out.append(f'<sup class="note-ref" data-pagefind-ignore><a id="{note.marker}" '
                        f'href="#{note.anchor}" aria-label="note {n}">{n}</a></sup>')

    def _close_link(self) -> None:
        self.out.append("</a>")
        self.links -= 1
        self._release()

    def _release(self) -> None:
        """The markers held back inside a link or a choice, right after it."""
        if not self.links and not self.holding:
            pending, self.pending = self.pending, []
            for note in pending:
                self._marker(note)

    # --- elements ---------------------------------------------------------------------

    def children(self, node: Node) -> None:
        for child in node.parts():  # as read: white space around lb break="no" joined
            if isinstance(child, str):
                self.text(child)
            else:
                self.render(child)

    def tag_of(self, node: Node) -> str:
        """The HTML element `node` is drawn as: its behaviour's, unless what it holds asks
        for another (HTML allows no block inside a <p> or a <span>: those holding one are
        drawn as a <div>; a quotation of paragraphs or verse is a <blockquote>)."""
        key = id(node)
        if key not in self.tags or self.tags[key][0] is not node:
            behaviour = self.behaviours.lookup(node)
            tag = behaviour.html
            if behaviour.handler == "quotation":
                tag = self._quotation_tag(node, tag)
            elif behaviour.handler == "note" and node.is_apart():
                tag = "sup"
            elif behaviour.handler in ("element", "note") and tag in ("p", "span") \
                    and self._holds_block(node):
                tag = "div"
            self.tags[key] = (node, tag)
        return self.tags[key][1]

    def _holds_block(self, node: Node) -> bool:
        return any(isinstance(c, Node) and self.tag_of(c) in FLOW_ELEMENTS
                   for c in node.children)

    def _element(self, node: Node, tag: str = "span", *, extra: str = "", **attrs: str
                 ) -> None:
        if tag in ("p", "span") and self._holds_block(node):
            tag = "div"
        if self.phrasing and tag in FLOW_ELEMENTS:
            tag = "span"  # no block inside phrasing content: CSS sets it on lines of its own
        self.out.append(_open(tag, node, extra, **attrs))
        self._anchor(node)
        # as read (Node.reading_parts), so that an edition may map lb, note or choice to a
        # plain element and its note markers still fall after their quotes
        with self._holding(tag):
            for part in node.reading_parts():
                self.text(part) if isinstance(part, str) else self.render(part)
            self._located_markers(node)  # at the end of a line an entry refers to
            if node is self.root:
                self.unplaced()
        self.out.append(f"</{tag}>")

    @contextmanager
    def _holding(self, tag: str) -> Iterator[None]:
        """What is drawn inside an element `tag` is phrasing content unless `tag` holds
        flow content (a <div>, an <li>) or is transparent (<ins>, <del>, <a>)."""
        phrasing = tag not in HOLDS_FLOW
        self.phrasing += phrasing
        yield
        self.phrasing -= phrasing

    def _anchor(self, node: Node) -> None:
        """The visible ¶ number that links a citable block to itself; before it, an empty
        element for each former anchor of the block, so old citations still land here."""
        block = self.blocks.get(node.id) if node.id else None
        for old in self.aliases.get(node.id, ()) if node.id else ():
            self.out.append(f'<span class="alias" id="{escape(old)}"></span>')
        if block is None:
            return
        # a provisional anchor (derived, not in the source: W110) says so to the reader
        kind, note = ("anchor provisional", " (provisional anchor)") if block.provisional \
            else ("anchor", "")
        what = "¶"
        if block.verse:  # a line number: every line links to itself, every fifth is printed
            what = "line"
            kind += " line-n" if _printed(block.n, node) else " line-n quiet"
        self.out.append(f'<a class="{kind}" data-pagefind-ignore href="#{escape(block.id)}" '
                        f'aria-label="{what} {escape(block.n)}{note}"'
                        + (' title="A provisional anchor: it may change when the text '
                           'does"' if note else "") + f'>{escape(block.n)}</a>')

    def _list(self, node: Node, tag: str = "ol") -> None:
        """TEI `label`/`item` pairs become one `<li>` each; the label keeps the document's
        own number as text, so the HTML list carries no numbers of its own (an ordered list
        without labels is numbered by CSS). A gloss list (`<dl>`) pairs them as term and
        description."""
        if tag == "dl":
            self._gloss_list(node)
            return
        numbered = tag == "ol" and bool({node.get("type"), *node.get("rend").split()}
                                        & {"ordered", "numbered"}) \
            and not any(isinstance(c, Node) and c.tag == "label" for c in node.children)
        self.out.append(_open(tag, node, "numbered" if numbered else ""))
        label: Node | None = None
        for child in node.parts():
            if isinstance(child, str):
                self.skip(child)  # white space between items: no output, but it counts
                continue
            if child.tag == "label":
                if label is not None:  # two labels in a row: the first stands alone
                    self._item(None, label)
                label = child
            elif child.tag == "item":
                self._item(child, label)
                label = None
            else:
                self.out.append("<li>")
                self.render(child)
                self.out.append("</li>")
        if label is not None:
            self._item(None, label)
        self.out.append(f"</{tag}>")

    def _item(self, item: Node | None, label: Node | None, tags: tuple[str, str] = ("li", "li")
              ) -> None:
        """One `<li>`: the label (outside the item in TEI, so not part of the item's own
        text), then the item. Either may be missing: nothing of the source is dropped. In
        a gloss list (`tags` dt, dd) the label is a term and the item its description."""
        term, description = tags
        if term != description and label is not None:
            self.out.append(_open(term, label))
            self._label(label)
            self.out.append(f"</{term}>")
            label = None
        if term != description and item is None:
            self.out.append(f"<{description}></{description}>")  # a term with no gloss
            return
        self.out.append(_open(description, item) if item is not None else f"<{description}>")
        if item is not None:
            self._anchor(item)
        if label is not None:  # one its item joins (pc join) sits flush against it
            self.out.append(_open("span", label, "tei-label-joined" if label.get(JOINED)
                                  else ""))
            self._label(label)
            self.out.append("</span>")
        if item is not None:
            with self._counting(item):
                self.children(item)
        self.out.append(f"</{description}>")

    def _label(self, label: Node) -> None:
        for part in label.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)

    def _gloss_list(self, node: Node) -> None:
        """`list type="gloss"`: each label a `<dt>`, each item a `<dd>` (a citable block,
        with its ¶). What else it holds (a head) cannot stand in a `<dl>`: the list is then
        a `<div>` holding it and `<dl>`s of the pairs around it."""
        parts = node.parts()
        other = any(isinstance(c, Node) and c.tag not in ("label", "item") for c in parts)
        self.out.append(_open("div" if other else "dl", node))
        run = not other  # inside a <dl> of pairs
        label: Node | None = None
        for child in parts:
            if isinstance(child, str):
                self.skip(child)
                continue
            pair = child.tag in ("label", "item")
            if label is not None and child.tag != "item":  # a term with no gloss
                self._item(None, label, ("dt", "dd"))
                label = None
            if pair != run:  # into or out of a run of pairs
                self.out.append("<dl>" if pair else "</dl>")
                run = pair
            if child.tag == "label":
                label = child
            elif child.tag == "item":
                self._item(child, label, ("dt", "dd"))
                label = None
            else:
                self.render(child)
        if label is not None:
            self._item(None, label, ("dt", "dd"))
        self.out.append("</dl></div>" if other and run else "</div>" if other else "</dl>")

    def _cast_list(self, node: Node, tag: str = "div") -> None:
        """A `castList` (or a `castGroup` in one): what it holds besides its members (a
        head, a note) as it is, each run of members (`castItem`, `castGroup`) a list."""
        self.out.append(_open(tag, node))
        self._anchor(node)
        listing = False
        for child in node.parts():  # as read (spaces between members it adds count)
            member = isinstance(child, Node) and child.tag in _CAST_MEMBERS
            if isinstance(child, str) and listing and not child.strip():
                self.skip(child)  # white space between members: no output, but it counts
                continue
            if member != listing:
                self.out.append('<ul class="cast-members">' if member else "</ul>")
                listing = member
            self.text(child) if isinstance(child, str) else self.render(child)
        if listing:
            self.out.append("</ul>")
        self.out.append(f"</{tag}>")

    def _line_break(self, node: Node, tag: str = "br") -> None:
        """A line of the witness ends: a line break in the diplomatic view, the space it
        reads as (`Node.reading_parts`) in running text, where CSS hides the break. The
        space is written after the break, where a line's start swallows it; none where
        `break="no"` joins the word."""
        self.out.append(f'<{tag} class="tei-lb"{_id(node)}>' if tag == "br"
                        else f"{_open(tag, node)}</{tag}>")
        for part in node.reading_parts():
            self.text(part)

    def _page_break(self, node: Node, tag: str = "span") -> None:
        """A break of the witness: with its number (`@n`) a visible marker, `[p. 12]` drawn
        by CSS from `data-n` (so it is not taken for words of the text), linking to the page
        image when its `@facs` (itself, or through a surface of the facsimile) gives one: a
        copy in the site (`data-facs`: the facsimile view follows these) or a web address.
        Without a number or an image, kept for those who look."""
        number = node.get("n")
        if node.tag != "pb":  # a column break or a milestone is no page: a quiet marker
            what = "column" if node.tag == "cb" else node.get("unit") or "break"
            title = f"{what} {number}".strip() if number else what
            self.out.append(f'<{tag} class="tei-pb tei-{node.tag}"{_id(node)} title="'
                            f'{escape(title)} in the witness"></{tag}>')
            return
        image = self.images.page(node)
        if not (number or image):
            self.out.append(f'<{tag} class="tei-pb"{_id(node)} title="break in the witness">'
                            f'</{tag}>')
            return
        label = f"page {escape(number)} of the witness" if number else "a page of the witness"
        shown = f' data-n="{escape(number)}"' if number else ""
        if image and not self.links:
            local = " data-facs" if is_copy(image) else ""
            self.out.append(f'<a class="tei-pb tei-pb-n"{_id(node)}{shown}{local} '
                            f'href="{escape(image)}" title="{label}: its image" '
                            f'aria-label="{label}"></a>')
        elif not number:
            self.out.append(f'<{tag} class="tei-pb"{_id(node)} title="break in the witness">'
                            f'</{tag}>')
        else:
            self.out.append(f'<{tag} class="tei-pb tei-pb-n"{_id(node)} data-n="{escape(number)}" '
                            f'title="{label}" role="note" aria-label="{label}"></{tag}>')

    def _note(self, node: Node, tag: str = "span") -> None:
        """Inline notes of the translator print in square brackets, as in the witness; a
        note set apart (`Node.is_apart`) leaves a lettered marker and is drawn with the
        others after the text (`source_notes`), so no sentence is broken by it."""
        if node.is_apart():
            self._source_note_marker(node)
            return
        who = "translator's note" if node.get("type") == "translator" else "note"
        tag = self.tag_of(node)  # a <div> when it holds a paragraph
        self.out.append(_open(tag, node, title=who))
        self._bracket("[")
        with self._holding(tag):
            self.children(node)
        self._bracket("]")
        self.out.append(f"</{tag}>")

    def _source_note_marker(self, node: Node) -> None:
        if self.muted:  # in a reading the text does not follow: its note is not read
            return
        label = _letters(len(self.apart) + 1)
        anchor = node.id or self._note_anchor(node)
        self.apart.append((anchor, label, node))
        mark = '<sup class="tei-note-ref" data-pagefind-ignore>'
        if self.links:  # no link inside a link: the number alone, where the entry links back
            self.out.append(f'{mark.removesuffix(">")} id="to-{escape(anchor)}">{label}</sup>')
            return
        what = "variant readings" if node.tag == "app" else "source note"
        self.out.append(f'{mark}<a id="to-{escape(anchor)}" href="#{escape(anchor)}" '
                        f'aria-label="{what} {label}">{label}</a></sup>')

    def _lacuna(self, node: Node, tag: str = "span") -> None:
        """What the witness lacks or leaves blank (`gap`, `space`), where it is damaged
        (`damage`), what a hand added or deleted (`add`, `del`): marked by CSS (`[…]`,
        `[space]`, `<ins>`, `<del>`), and said in words on hover (and, for what has no
        words, to screen readers): why or where, and how much (`@reason`, `@agent`,
        `@place`, `@rend`, `@extent` or `@quantity` `@unit`)."""
        what = {"gap": "omitted", "space": "blank space", "damage": "damaged",
                "add": "added", "del": "deleted"}.get(node.tag, node.tag)
        why = node.get("reason") or node.get("agent") or node.get("place") or \
            node.get("rend")
        quantity, unit = node.get("quantity"), node.get("unit")
        if quantity not in ("", "1") and unit.isalpha() and not unit.endswith("s"):
            unit += "s"  # 2 words, 3 lines, as the attribute's singular unit reads out
        size = node.get("extent") or " ".join(v for v in (quantity, unit) if v)
        said = ", ".join(v for v in (what + (f" ({why})" if why else ""), size) if v)
        if node.tag in ("damage", "add", "del"):  # words of the witness: titled only
            self._element(node, tag, title=said)
            return
        self._element(node, tag, title=said, role="img", aria_label=said)

    def _note_anchor(self, node: Node) -> str:
        """A note of the source without an xml:id is anchored in its paragraph, as the
        k-th note (or apparatus entry) of that block: `p12-note2`, `l40-app1`. Stable under
        any change outside the block, as a provisional anchor is; a note outside every
        block counts in the text (`note3`)."""
        block = self.cursors[-1][0] if self.cursors else ""
        kind = "app" if node.tag == "app" else "note"
        key = (block, kind)
        self.note_counts[key] = self.note_counts.get(key, 0) + 1
        anchor = f"{block}-{kind}{self.note_counts[key]}" if block else \
            f"{kind}{self.note_counts[key]}"
        while anchor in self.note_ids:
            anchor += "x"
        self.note_ids.add(anchor)
        return anchor

    def unplaced(self) -> None:
        """The markers of apparatus entries whose place the text did not draw (an anchor
        inside a reading the text does not show): at the end of the text, so none is
        lost."""
        for at in list(self.located):
            for app in self.located.pop(at):
                self._source_note_marker(app)

    def source_notes(self) -> None:
        """The notes of the source, in order, each linking back to its place. Drawn
        outside every citable block: their paragraphs and lists get no ¶ numbers."""
        if not self.apart:
            return
        self.out.append('<section class="tei-notes" aria-labelledby="tei-notes-title">'
                        '<h2 id="tei-notes-title">Notes and readings of the source</h2>'
                        '<ol class="tei-notes-list">')
        done = 0
        while done < len(self.apart):  # a note inside a note adds to the list
            anchor, label, node = self.apart[done]
            done += 1
            named = replace(node, attrs=(*((k, v) for k, v in node.attrs if k != "xml:id"),
                                         ("xml:id", anchor)))
            self.out.append(_open("li", named, "source-note"))
            self.out.append(f'<a class="source-note-back" href="#to-{escape(anchor)}" '
                            f'aria-label="back to the text of note {label}">{label}</a> ')
            if node.tag == "app":
                self._apparatus_entry(node)
            else:
                self.children(node)
            self.out.append("</li>")
        self.out.append("</ol></section>")

    def _figure(self, node: Node, tag: str = "figure") -> None:
        """A figure: its graphics as images, and a `head` that comes first or last as its
        caption (`<figcaption>`, holding the figure's ¶ link when it comes first, since
        HTML wants a caption first or last). The `figDesc` is printed for every reader;
        screen readers, which hear it as the text alternative of an image, skip it there."""
        elements = [c for c in node.children if isinstance(c, Node)]
        heads = [e for e in (elements[:1] + elements[-1:]) if e.tag == "head"]
        caption = heads[0] if heads else None
        first = caption is not None and caption is elements[0]
        spoken = any(is_copy(self.images.graphic(e)) and not description(e, None)
                     for e in elements if e.tag == "graphic")
        self.out.append(_open(tag, node))
        if not first:
            self._anchor(node)
        self.figures.append(node)
        for child in node.parts():  # as read: the space between a head and what follows
            if isinstance(child, str):
                self.text(child)
            elif child is caption:
                self._caption(child, node if first else None)
            elif child.tag == "figDesc" and spoken:
                with self._counting(child):
                    self._element(child, self.behaviours.lookup(child).html,
                                  aria_hidden="true")
            else:
                self.render(child)
        self.figures.pop()
        self.out.append(f"</{tag}>")

    def _caption(self, head: Node, figure: Node | None) -> None:
        """A figure's head as its `<figcaption>`, with the figure's ¶ link if given."""
        with self._counting(head):
            self.out.append(_open("figcaption", head))
            if figure is not None:
                self._anchor(figure)
            self._anchor(head)
            for part in head.reading_parts():
                self.text(part) if isinstance(part, str) else self.render(part)
            self.out.append("</figcaption>")

    def _graphic(self, node: Node, tag: str = "span") -> None:
        """An image: a copy in the site as an `<img>`, its text alternative its own `desc`
        or its figure's `figDesc`; one elsewhere as a link to it (never loaded: a page
        asks nothing of another host), its words drawn by CSS so that they are not taken
        for the text's; where it cannot be shown (`load` said why), a mark that says so.
        What the graphic holds (a `desc`) is printed after it, hidden from screen readers
        when it is the image's text alternative already."""
        url = self.images.graphic(node)
        figure = self.figures[-1] if self.figures and any(
            c is node for c in self.figures[-1].children) else None
        own = description(node, None)
        if is_copy(url):
            self.out.append(_open("img", node, src=url, alt=description(node, figure),
                                  loading="lazy"))
        elif url:  # "Image at host" drawn by CSS, as a page marker is (a link, unless in one)
            host = _host(url)
            if self.links:
                self.out.append(_open("span", node, "graphic-link", data_host=host,
                                      role="img", aria_label=f"Image at {host}") + "</span>")
            else:
                self.out.append(_open("a", node, "graphic-link", href=url, data_host=host,
                                      aria_label=f"Image at {host}") + "</a>")
        else:  # said to the editors (W119-W121, W127); to the reader, that it is missing
            self.out.append(_open(tag, node, "unavailable", role="img",
                                  aria_label="image not available",
                                  data_src=node.get("url")) + f"</{tag}>")
        if any(isinstance(c, Node) or c.strip() for c in node.children):
            hidden = ' aria-hidden="true"' if is_copy(url) and own else ""
            self.out.append(f'<span class="graphic-text"{hidden}>')  # the id is the image's
            self.children(node)
            self.out.append("</span>")

    def _table(self, node: Node, tag: str = "table") -> None:
        """`table/row/cell` as an HTML table: a first `head` is its caption (and holds the
        ¶ link, which HTML allows nowhere else in a table), label rows and cells are
        header cells, `@cols`/`@rows` span. What else a table holds gets a row of its own."""
        self.out.append(_open(tag, node))
        elements = [c for c in node.children if isinstance(c, Node)]
        head = elements[0] if elements and elements[0].tag == "head" else None
        self.out.append("<caption>")
        self._anchor(node)
        if head is not None:
            self.render(head)  # a citable block like any head (a caption holds flow content)
        self.out.append("</caption>")
        for child in node.parts():
            if isinstance(child, str):
                self.skip(child)  # white space between rows: no output, but it counts
            elif child is head:
                continue
            elif child.tag == "row":
                self._row(child)
            else:
                self.out.append('<tr><td colspan="99">')
                self.render(child)
                self.out.append("</td></tr>")
        self.out.append(f"</{tag}>")

    def _row(self, row: Node) -> None:
        self.out.append(_open("tr", row))
        for cell in row.parts():
            if isinstance(cell, str):
                self.skip(cell)
                continue
            label = "label" in (cell.get("role"), row.get("role"))
            tag = "th" if label else "td"
            spans = {name: cell.get(attr) for name, attr in (("colspan", "cols"),
                                                             ("rowspan", "rows"))
                     if cell.get(attr).isdigit()}
            self.out.append(_open(tag, cell, **spans))
            self.children(cell) if cell.tag == "cell" else self.render(cell)
            self.out.append(f"</{tag}>")
        self.out.append("</tr>")

    def _apparatus(self, node: Node, tag: str = "span") -> None:
        """The lemma in the text; the other readings, with their witnesses, in a lettered
        note after it, so that no word stands twice in the running text. An entry that
        refers to its place (`Node.located_at`) is drawn nowhere here: its marker is at
        that place (`_located_markers`), or here if its pointers reach none."""
        if (at := node.located_at()) is not None:
            if not at:
                self._source_note_marker(node)
            return
        self.out.append(_open(tag, node))
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)
        self.out.append(f"</{tag}>")
        if node.variants():
            self._source_note_marker(node)

    def _apparatus_entry(self, node: Node) -> None:
        """`lemma] reading A; reading B C` with each reading's sigla, as editions print,
        led by the entry's own location (`@loc`) and followed by what else it holds (a
        note of the editor's, a witness detail)."""
        if loc := node.get("loc").strip():
            self.out.append(f'<span class="app-loc">{escape(loc)}</span> ')
        shown = node.shown_reading()
        if shown is not None:  # the lemma, or the reading the text follows, and its sigla
            self.out.append('<span class="app-lemma">')
            if node.located_at():  # not drawn in the text: drawn here, once
                self.children(shown)
            else:  # drawn in the text already: its words again, not its ids or notes
                self.out.append(escape(normalize_space(shown.reading_text())))
            self.out.append("</span>")
            self._sigla(shown)
            self.out.append("] ")
        for i, reading in enumerate(node.variants()):
            self.out.append("; " if i else "")
            self.out.append(_open("span", reading, "app-reading"))
            if reading.reading_text().strip():
                self.children(reading)
            else:  # an omission, as editions print it
                self.out.append('<abbr title="omitted">om.</abbr>')
            self.out.append("</span>")
            self._sigla(reading)
        for child in node.children:
            if isinstance(child, Node) and child.tag not in _READINGS:
                self.out.append(" ")
                self.render(child)

    def _sigla(self, reading: Node) -> None:
        """A reading's witnesses: each by its siglum, titled with what it is, when the
        document's `listWit` says (`link.apparatus`); else as `@wit` names it. A reading
        taken from printed editions names them with `@source` instead (epigraphy does)."""
        sigla = [self._siglum(w) for w in (reading.get("wit") or reading.get("source")).split()]
        if sigla:
            self.out.append(f' <span class="app-wit">{" ".join(sigla)}</span>')

    def _siglum(self, pointer: str) -> str:
        witness = self.witnesses.get(pointer[1:]) if pointer.startswith("#") else None
        if witness is None:
            return str(escape(pointer.lstrip("#")))
        if not witness.label:
            return str(escape(witness.siglum))
        return f'<abbr title="{escape(witness.label)}">{escape(witness.siglum)}</abbr>'

    def _bracket(self, mark: str) -> None:
        self.out.append('<span class="bracket">')
        self.text(mark)  # part of the reading text (see Node.reading_parts): it counts
        self.out.append("</span>")

    def _choice(self, node: Node, tag: str = "span") -> None:
        """Every reading of a `choice`, the one the text follows (`Node.shown_reading`)
        first; CSS shows one at a time by the page's view (diplomatic or normalised), a
        click or a key press (scholion.js) shows the next. The others are drawn but not
        read: they count for no note marker, yet they are in the page, so search finds
        both the witness's form and the editors' (a hidden space keeps their words apart)."""
        shown, readings = node.shown_reading(), node.readings()
        if shown is None:
            self.children(node)
            return
        self.out.append(_open(tag, node, title=_choice_hint(shown, readings),
                              data_readings=str(len(readings))))
        kinds = _reading_kinds(readings)
        self.holding += 1
        self._reading(shown, readings.index(shown), kinds[readings.index(shown)],
                      "reading-default")
        for i, reading in enumerate(readings):
            if reading is not shown:
                self.out.append('<span class="choice-sep" aria-hidden="true"> </span>')
                with self._muted():
                    self._reading(reading, i, kinds[i])
        self.out.append(f"</{tag}>")
        self.holding -= 1
        self._release()

    def _reading(self, reading: Node, place: int, kind: str, extra: str = "") -> None:
        empty = "" if reading.reading_text().strip() else " reading-empty"
        self.out.append(f'<span class="reading reading-{kind}{empty} {extra}'.rstrip()
                        + f'" data-r="{place}">')
        self.render(reading)
        self.out.append("</span>")

    @contextmanager
    def _muted(self) -> Iterator[None]:
        """Draw without reading: no offsets counted, no markers placed, no notes taken."""
        cursors, self.cursors = self.cursors, []
        self.muted += 1
        try:
            yield
        finally:
            self.cursors = cursors
            self.muted -= 1

    def _mention(self, node: Node, tag: str = "a") -> None:
        """A name pointing at a register entry links to its index entry, styled by kind
        (inside another link it is a plain span). A name whose pointers reach no entry is
        no mention (`mention_of`): it is drawn as any element."""
        pointer = mention_of(node, self.scope)
        if pointer is None:  # e.g. an <rs> whose @type names no kind of register entry
            self._element(node)
            return
        self._linked(node, pointer, tag, node.get("cert"))

    def _linked(self, node: Node, pointer: Pointer, tag: str, cert: str) -> None:
        """`node` drawn as a mention of `pointer`'s entries: a link to the first, titled
        with the names of all where they are not its own words (a link "Osaka" titled
        "Osaka" says it twice to a screen reader, and weighs on the page)."""
        kind = pointer.kind
        entities, title = self._named(pointer, cert)
        if not entities or self.links:  # no link: the title alone names the entry
            titled = {"title": title} if title else {}
            self.out.append(_open("span", node, f"mention mention-{kind}", **titled))
            self.children(node)
            self.out.append("</span>")
            return
        titled = {"title": title} if title != words_of(node) else {}
        self.out.append(_open(tag, node, f"mention mention-{kind}",
                              href=entity_url(kind, entities[0].id), **titled))
        self.links += 1
        self.children(node)
        self._close_link()

    def _named(self, pointer: Pointer, cert: str) -> tuple[list[Entity], str]:
        """The entries a mention names, and the title that names them."""
        entities = [e for key in pointer.keys if self.registers
                    and (e := self.registers.get(key)) is not None]
        title = "; ".join(e.name for e in entities)
        return entities, title + (" (identification uncertain)"
                                  if cert in ("low", "medium") else "")

    def _speech(self, node: Node, tag: str = "div") -> None:
        """A speech (`sp`): its `speaker` is the mention of whom @who names, and links to
        that index entry; the rest of the speech is drawn as usual."""
        pointer = mention_of(node, self.scope)
        self.out.append(_open(tag, node))
        self._anchor(node)
        for child in node.parts():
            if isinstance(child, str):
                self.text(child)
            elif child.tag == "speaker" and pointer is not None:
                with self._counting(child):
                    self._speaker(child, pointer, node.get("cert"))
            else:
                self.render(child)
        self.out.append(f"</{tag}>")

    def _speaker(self, node: Node, pointer: Pointer, cert: str) -> None:
        """The speaker drawn as its behaviour says (a `<p>`), its words a link to whom the
        speech names."""
        html = self.behaviours.lookup(node).html
        entities, title = self._named(pointer, cert)
        self.out.append(_open(html, node))
        if entities and not self.links:
            self.out.append(f'<a class="mention mention-{pointer.kind}" href="'
                            f'{escape(entity_url(pointer.kind, entities[0].id))}" '
                            f'title="{escape(title)}">')
            self.links += 1
            self.children(node)
            self._close_link()
        else:
            self.children(node)
        self.out.append(f"</{html}>")

    def _date(self, node: Node, tag: str = "time") -> None:
        """A date shows its normalized value on hover and focus, links to the chronology."""
        pointer = mention_of(node)
        value = pointer.date if pointer is not None else None
        if value is None:
            self.out.append(_open("span", node))
            self.children(node)
            self.out.append("</span>")
            return
        link = not self.links
        if link:
            self.out.append(f'<a class="mention mention-date" href="'
                            f'{entity_url("date", value.anchor)}" data-norm="'
                            f'{escape(value.label)}">')
            self.links += 1
        # <time> holds one date HTML can say; a span, a vague range or a BCE year stays a
        # <span>
        if tag == "time" and not value.datetime:
            tag = "span"
        attrs = {"datetime": value.datetime} if tag == "time" else {}
        self.out.append(_open(tag, node, title=value.label, **attrs))
        self.children(node)
        self.out.append(f"</{tag}>")
        if link:
            self._close_link()

    # --- quotations, links, values, formulas --------------------------------------------

    def _quotation_tag(self, node: Node, tag: str) -> str:
        """A quotation holding paragraphs or verse, or set off by its @rend, is a block: a
        `<blockquote>`, or a `<div>` for a speech (`said`), which quotes no other source."""
        if node.tag == "title":
            return tag
        verse = any(isinstance(c, Node) and c.tag == "l" for c in node.children)
        if verse or self._holds_block(node) or BLOCK_RENDS & set(node.get("rend").split()):
            return "div" if node.tag == "said" else "blockquote"
        return tag

    def _quotation(self, node: Node, tag: str = "q") -> None:
        """`q`, `quote`, `said` in quotation marks (`<q>`: CSS gives them, in the page's
        language), or as a block; `title` as `<cite>`, in marks by its @level. The marks
        are no words of the text: quotes are matched without them. None are added where
        the source writes its own, its @rend says it has none, or a speech is indirect."""
        tag = self.tag_of(node)
        marked = tag == "q" or (node.tag == "said" and tag == "span") \
            or (node.tag == "title" and node.get("level") in QUOTED_LEVELS)
        self.out.append(_open(tag, node, "no-marks" if marked and self._unmarked(node) else ""))
        self._anchor(node)
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)
        self.out.append(f"</{tag}>")

    def _unmarked(self, node: Node) -> bool:
        if NO_MARKS & set(node.get("rend").split()):
            return True
        if node.tag == "said" and node.get("direct") == "false":
            return True
        words = node.reading_text().lstrip()
        return self.last in QUOTATION_MARKS or words[:1] in QUOTATION_MARKS

    def _link(self, node: Node, tag: str = "a") -> None:
        """A `ref` links its words to its target, planned and checked by link and check
        (`common.hrefs`); further targets follow it as links of their own. A `ptr`, or a
        `ref` with no words, shows each target by its label (`¶ 3`, the address), drawn by
        CSS from `data-label`, so that no word is added to the text. What reaches nothing
        is drawn without a link (W124, W125); inside another link, no link at all."""
        found = [replace(link, label=link.label or t) if (link := self.targets.get(t))
                 else Link(label=t, problem="not planned") for t in node.get("target").split()]
        live = [link for link in found if link.href]
        if node.tag == "ptr" or all(isinstance(c, str) and not c.strip() for c in node.children):
            self._pointer(node, found)
            return
        if not live:  # the reader sees that there is no link (W124, W125 told the editors why)
            why = "not an address this edition links" if any(link.refused for link in found) \
                else "what it refers to is not in this edition"
            self._element(node, extra="unlinked", title=f"not linked: {why}")
            return
        if self.links:
            self._element(node)
            return
        first, *others = live
        self.out.append(_open(tag, node, "external" if first.external else "",
                              **_href(first)))
        self.links += 1
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)
        self._close_link()
        for link in others:
            self._labelled(link, "ref-also")

    def _pointer(self, node: Node, found: list[Link]) -> None:
        self.out.append(_open("span", node))
        if not found and (canonical := node.get("cRef")):  # a reference not resolved here
            self.out.append(f'<span class="link-label unlinked" data-label="{escape(canonical)}">'
                            "</span>")
        for link in found:
            if link.href and not self.links:
                self._labelled(link)
            else:
                self.out.append(f'<span class="link-label{"" if link.href else " unlinked"}" '
                                f'data-label="{escape(link.label)}"></span>')
        for part in node.parts():  # white space only: it counts
            self.text(part) if isinstance(part, str) else self.render(part)
        self.out.append("</span>")

    def _labelled(self, link: Link, extra: str = "") -> None:
        classes = " ".join(c for c in ("link-label", extra, "external" if link.external
                                       else "") if c)
        attrs = " ".join(f'{k}="{escape(v)}"' for k, v in _href(link).items())
        self.out.append(f'<a class="{classes}" {attrs} data-label="{escape(link.label)}" '
                        f'aria-label="{escape(link.label)}"></a>')

    def _value(self, node: Node, tag: str = "data") -> None:
        """A number (`num @value`) or a measure (`measure @quantity @unit @commodity`)
        keeps its value for machines (HTML's `<data value>`), its unit and commodity as
        data- attributes, and says them on hover where the words do not."""
        value = node.get("value") or node.get("quantity")
        unit, commodity = node.get("unit"), node.get("commodity")
        attrs = {"value": value} if value and tag == "data" else {}
        attrs |= {name: v for name, v in (("data_unit", unit), ("data_commodity", commodity))
                  if v}
        amount = " ".join(v for v in (value, unit) if v)
        described = " of ".join(v for v in (amount, commodity) if v)
        if described and described != normalize_space(node.reading_text()):
            attrs["title"] = described
        tag = tag if "value" in attrs or tag != "data" else "span"
        self.out.append(_open(tag, node, **attrs))
        self._anchor(node)
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)
        self.out.append(f"</{tag}>")

    def _mathml(self, node: Node, tag: str = "span") -> None:
        """MathML (`mml:math`, in a `formula`) drawn as MathML, its presentation elements
        and their attributes only (`MATHML_ELEMENTS`, `MATHML_ATTRIBUTES`); an element of
        no other kind keeps its text but not its tag."""
        name = node.tag.removeprefix("mml:")
        if not node.tag.startswith("mml:") or name not in MATHML_ELEMENTS:
            self._math_parts(node)
            return
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in node.attrs
                        if k in MATHML_ATTRIBUTES)
        mark = ' class="mathml"' if name == "math" else ""
        self.out.append(f"<{name}{mark}{attrs}>")
        self._math_parts(node)
        self.out.append(f"</{name}>")

    def _math_parts(self, node: Node) -> None:
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self._mathml(part)


TextRenderer.HANDLERS = {
    "element": TextRenderer._element,
    "list": TextRenderer._list,
    "line-break": TextRenderer._line_break,
    "page-break": TextRenderer._page_break,
    "note": TextRenderer._note,
    "choice": TextRenderer._choice,
    "mention": TextRenderer._mention,
    "speech": TextRenderer._speech,
    "date": TextRenderer._date,
    "apparatus": TextRenderer._apparatus,
    "table": TextRenderer._table,
    "quotation": TextRenderer._quotation,
    "link": TextRenderer._link,
    "value": TextRenderer._value,
    "mathml": TextRenderer._mathml,
    "figure": TextRenderer._figure,
    "graphic": TextRenderer._graphic,
    "cast-list": TextRenderer._cast_list,
    "lacuna": TextRenderer._lacuna,
}
_CAST_MEMBERS = frozenset({"castItem", "castGroup"})


def _host(url: str) -> str:
    """The host an image's address names, for its label ("another site" if it names none
    that can be read: `http://[oops/` is no address a browser can use either)."""
    try:
        return urlsplit(url).hostname or "another site"
    except ValueError:
        return "another site"


def _reading_kinds(readings: tuple[Node, ...]) -> list[str]:
    """Which view shows each reading: the first witness's form (`dipl`), the first
    editors' (`norm`); any further one of a kind, and any other, is an alternative
    (`alt`), shown only on request, so that a view never shows two readings at once."""
    kinds, seen = [], set()
    for reading in readings:
        kind = "dipl" if reading.tag in DIPLOMATIC else "norm" if reading.tag in NORMALISED \
            else "alt"
        kinds.append("alt" if kind in seen else kind)
        seen.add(kind)
    return kinds


def _choice_hint(shown: Node, readings: tuple[Node, ...]) -> str:
    """What the reader is looking at and what the other reading is, in the words of its
    kind: an abbreviation is no error, and a regularised spelling no correction."""
    others = [r for r in readings if r is not shown]
    if not others:
        return ""
    other = others[0]
    said = " ".join(other.reading_text().split()) or "(nothing)"
    words = {"sic": "so in the witness", "corr": "corrected", "orig": "the witness's "
             "spelling", "reg": "regularised", "abbr": "abbreviated", "expan": "expanded",
             "am": "abbreviated", "ex": "expanded", "unclear": "an uncertain reading"}
    other_words = {"sic": "the witness has", "corr": "corrected to", "orig": "the witness "
                   "spells it", "reg": "regularised as", "abbr": "the witness abbreviates",
                   "expan": "expanded as", "am": "the witness abbreviates",
                   "ex": "expanded as"}
    first = words.get(shown.tag, "one reading")
    rest = other_words.get(other.tag, "or")
    more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
    return f"{first}; {rest}: {said}{more}"



_READINGS = frozenset({"lem", "rdg", "rdgGrp"})


def _letters(number: int) -> str:
    """a, b, … z, aa, ab, …: source notes are lettered, the edition's notes numbered."""
    label = ""
    while number:
        number, rest = divmod(number - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def _printed(n: str, line: Node) -> bool:
    """Whether a line's number is printed in the margin, as editions print them: every
    fifth line (a number whose last digits are a multiple of five: 5, 10, 1.15), and a
    number of the source's that ends in no digits ("12a"), which no count foretells; never
    on the line a speaker completes, which has the number of the line it completes."""
    if line.get("part") in ("M", "F"):
        return False
    digits = re.search(r"\d+$", n)
    return digits is None or int(digits[0]) % 5 == 0


_CLASS_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# @rend="indent(2)": an indent by steps, drawn by CSS up to the last step it has
_INDENT = re.compile(r"indent\((\d+)\)")
MAX_INDENT = 6


def _id(node: Node) -> str:
    """The ` id="…"` of an element drawn by hand, so that pointers to it land."""
    return f' id="{escape(node.id)}"' if node.id else ""


def _href(link: Link) -> dict[str, str]:
    """A link's attributes: a link out opens no window that could reach back (noopener)."""
    return {"href": link.href, "rel": "noopener"} if link.external else {"href": link.href}


def _open(tag: str, node: Node, extra_class: str = "", **attrs: str) -> str:
    classes = f"tei-{node.tag}" + (f" {extra_class}" if extra_class else "")
    if kind := node.get("type"):
        classes += f" tei-type-{escape(kind)}"
    # each token of @rend as a class (rend="indent italic"), so CSS can follow the source's
    # own rendition; tokens that are not plain words are left out of the class list
    classes += "".join(f" tei-rend-{token}" for token in node.get("rend").split()
                       if _CLASS_TOKEN.fullmatch(token))
    if _CLASS_TOKEN.fullmatch(level := node.get("level")):  # a title's: a, m, j, s, u
        classes += f" tei-level-{level}"
    classes += "".join(f" tei-indent-{min(int(m[1]), MAX_INDENT)}"
                       for m in map(_INDENT.fullmatch, node.get("rend").split())
                       if m and int(m[1]))
    parts = [tag, f'class="{classes}"']
    if node.id:
        parts.append(f'id="{escape(node.id)}"')
    if lang := html_lang(node.get("xml:lang")):
        parts.append(f'lang="{escape(lang)}"')
    parts += [f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"
