"""TEI → HTML, drawn element by element as the behaviour registry says (`behaviours`).

Each TEI element becomes one HTML element that keeps the TEI name as a class
(`<p class="tei-p" id="p4">`), `xml:id` becomes `id` and `xml:lang` becomes `lang`, so CSS
does the presentation and nothing in the source is silently dropped. Element names only:
the page markup itself lives in the templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import ClassVar

from markupsafe import Markup, escape

from ..common.langs import html_lang
from ..common.refs import Pointer, Scope, mention_of
from ..common.routes import entity_url
from ..link.notes import Note
from ..model import DIPLOMATIC, JOINED, NORMALISED, Block, Entity, Node, Registers
from .behaviours import DEFAULTS, Registry


def render_text(body: Node, blocks: tuple[Block, ...], registers: Registers | None = None,
                notes: tuple[Note, ...] = (), aliases: tuple[tuple[str, str], ...] = (),
                behaviours: Registry = DEFAULTS, scope: Scope | None = None) -> Markup:
    """`scope` is what the document's pointers reach (`common.refs.scope_of`); without
    it, only `reg:` pointers into `registers` do."""
    renderer = TextRenderer({b.id: b for b in blocks}, scope or Scope(registers=registers),
                            notes, behaviours)
    for old, new in aliases:
        renderer.aliases.setdefault(new, []).append(old)
    renderer.render(body)
    renderer.source_notes()
    return Markup("".join(renderer.out))


class TextRenderer:
    """Walks one TEI text once, writing HTML; tracks text offsets to place note markers."""

    # behaviour handler name -> the method that draws an element that way (the names are
    # declared in `behaviours.HANDLERS`; a test keeps the two in step)
    HANDLERS: ClassVar[dict[str, Callable[[TextRenderer, Node, str], None]]]

    def __init__(self, blocks: dict[str, Block], scope: Scope,
                 notes: tuple[Note, ...], behaviours: Registry = DEFAULTS) -> None:
        self.blocks = blocks
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

    def render(self, node: Node) -> None:
        with self._counting(node):
            behaviour = self.behaviours.lookup(node)
            self.HANDLERS[behaviour.handler](self, node, behaviour.html)

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
        if self.links:
            self.pending.append(note)
            return
        n = note.number
        self.out.append(f'<sup class="note-ref" data-pagefind-ignore><a id="{note.marker}" '
                        f'href="#{note.anchor}" aria-label="note {n}">{n}</a></sup>')

    def _close_link(self) -> None:
        self.out.append("</a>")
        self.links -= 1
        if not self.links:
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

    def _element(self, node: Node, tag: str = "span") -> None:
        if tag == "p" and any(isinstance(c, Node) and self.behaviours.lookup(c).block
                              for c in node.children):
            tag = "div"
        self.out.append(_open(tag, node))
        self._anchor(node)
        # as read (Node.reading_parts), so that an edition may map lb, note or choice to a
        # plain element and its note markers still fall after their quotes
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)
        self.out.append(f"</{tag}>")

    def _anchor(self, node: Node) -> None:
        """The visible ¶ number that links a citable block to itself; before it, an empty
        element for each former anchor of the block, so old citations still land here."""
        block = self.blocks.get(node.id) if node.id else None
        for old in self.aliases.get(node.id, ()) if node.id else ():
            self.out.append(f'<span class="alias" id="{escape(old)}"></span>')
        if block is not None:
            # a provisional anchor (derived, not in the source: W110) says so to the reader
            kind, note = ("anchor provisional", " (provisional anchor)") if block.provisional \
                else ("anchor", "")
            self.out.append(f'<a class="{kind}" data-pagefind-ignore href="#{escape(block.id)}" '
                            f'aria-label="¶ {escape(block.n)}{note}"'
                            + (' title="A provisional anchor: it may change when the text '
                               'does"' if note else "") + f'>{escape(block.n)}</a>')

    def _list(self, node: Node, tag: str = "ol") -> None:
        """TEI `label`/`item` pairs become one `<li>` each; the label keeps the document's
        own number as text, so the HTML list carries no numbers of its own."""
        self.out.append(_open(tag, node))
        label: Node | None = None
        for child in node.children:
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

    def _item(self, item: Node | None, label: Node | None) -> None:
        """One `<li>`: the label (outside the item in TEI, so not part of the item's own
        text), then the item. Either may be missing: nothing of the source is dropped."""
        self.out.append(_open("li", item) if item is not None else "<li>")
        if item is not None:
            self._anchor(item)
        if label is not None:  # one its item joins (pc join) sits flush against it
            self.out.append(_open("span", label, "tei-label-joined" if label.get(JOINED)
                                  else ""))
            for part in label.reading_parts():
                self.text(part) if isinstance(part, str) else self.render(part)
            self.out.append("</span>")
        if item is not None:
            with self._counting(item):
                self.children(item)
        self.out.append("</li>")

    def _line_break(self, node: Node, tag: str = "br") -> None:
        self.out.append(f"<{tag}>")
        for part in node.reading_parts():  # the space it reads as (Node.reading_parts)
            self.skip(part)

    def _page_break(self, node: Node, tag: str = "span") -> None:
        """A break of the witness: with its number (`@n`) a visible marker, `[p. 12]` drawn
        by CSS from `data-n` (so it is not taken for words of the text), linking to the page
        image when `@facs` gives a web address; without one, kept for those who look."""
        number, image = node.get("n"), node.get("facs")
        if not number or node.tag != "pb":  # a milestone or column break is no page
            self.out.append(f'<{tag} class="tei-pb" title="break in the witness"></{tag}>')
            return
        label = f"page {escape(number)} of the witness"
        if image.startswith(("https://", "http://")) and not self.links:
            self.out.append(f'<a class="tei-pb tei-pb-n" data-n="{escape(number)}" '
                            f'href="{escape(image)}" title="{label}: its image" '
                            f'aria-label="{label}"></a>')
        else:
            self.out.append(f'<{tag} class="tei-pb tei-pb-n" data-n="{escape(number)}" '
                            f'title="{label}" role="note" aria-label="{label}"></{tag}>')

    def _note(self, node: Node, tag: str = "span") -> None:
        """Inline notes of the translator print in square brackets, as in the witness; a
        note set apart (`Node.is_apart`) leaves a lettered marker and is drawn with the
        others after the text (`source_notes`), so no sentence is broken by it."""
        if node.is_apart():
            self._source_note_marker(node)
            return
        who = "translator's note" if node.get("type") == "translator" else "note"
        self.out.append(_open(tag, node, title=who))
        self._bracket("[")
        self.children(node)
        self._bracket("]")
        self.out.append(f"</{tag}>")

    def _source_note_marker(self, node: Node) -> None:
        if self.muted:  # in a reading the text does not follow: its note is not read
            return
        label = _letters(len(self.apart) + 1)
        anchor = node.id or f"source-note-{label}"
        self.apart.append((anchor, label, node))
        mark = '<sup class="tei-note-ref" data-pagefind-ignore>'
        if self.links:  # no link inside a link: the number alone
            self.out.append(f"{mark}{label}</sup>")
            return
        what = "variant readings" if node.tag == "app" else "source note"
        self.out.append(f'{mark}<a id="to-{escape(anchor)}" href="#{escape(anchor)}" '
                        f'aria-label="{what} {label}">{label}</a></sup>')

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
        for child in node.children:
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
        for cell in row.children:
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
        note after it, so that no word stands twice in the running text."""
        shown = node.shown_reading()
        self.out.append(_open(tag, node))
        for part in node.reading_parts():
            self.text(part) if isinstance(part, str) else self.render(part)
        self.out.append(f"</{tag}>")
        if _variants(node, shown):
            self._source_note_marker(node)

    def _apparatus_entry(self, node: Node) -> None:
        """`lemma] reading A; reading B C` with each reading's sigla, as editions print."""
        shown = node.shown_reading()
        if shown is not None:  # the lemma, or the reading the text follows, and its sigla
            self.out.append('<span class="app-lemma">')
            self.children(shown)
            self.out.append("</span>")
            self._sigla(shown)
            self.out.append("] ")
        for i, reading in enumerate(_variants(node, shown)):
            self.out.append("; " if i else "")
            self.out.append(_open("span", reading, "app-reading"))
            if reading.reading_text().strip():
                self.children(reading)
            else:  # an omission, as editions print it
                self.out.append('<abbr title="omitted">om.</abbr>')
            self.out.append("</span>")
            self._sigla(reading)

    def _sigla(self, reading: Node) -> None:
        if sigla := " ".join(w.lstrip("#") for w in reading.get("wit").split()):
            self.out.append(f' <span class="app-wit">{escape(sigla)}</span>')

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
        self._reading(shown, readings.index(shown), "reading-default")
        for i, reading in enumerate(readings):
            if reading is not shown:
                self.out.append('<span class="choice-sep" aria-hidden="true"> </span>')
                with self._muted():
                    self._reading(reading, i)
        self.out.append(f"</{tag}>")

    def _reading(self, reading: Node, place: int, extra: str = "") -> None:
        kind = "dipl" if reading.tag in DIPLOMATIC else "norm" if reading.tag in NORMALISED \
            else "alt"
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
        with the names of all."""
        kind = pointer.kind
        entities, title = self._named(pointer, cert)
        if not entities or self.links:
            titled = {"title": title} if title else {}
            self.out.append(_open("span", node, f"mention mention-{kind}", **titled))
            self.children(node)
            self.out.append("</span>")
            return
        self.out.append(_open(tag, node, f"mention mention-{kind}",
                              href=entity_url(kind, entities[0].id), title=title))
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
        for child in node.children:
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
}


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


def _variants(app: Node, shown: Node | None) -> list[Node]:
    """The readings of an `app` that the text does not show."""
    return [c for c in app.children if isinstance(c, Node) and c.tag in ("rdg", "rdgGrp")
            and c is not shown]


def _letters(number: int) -> str:
    """a, b, … z, aa, ab, …: source notes are lettered, the edition's notes numbered."""
    label = ""
    while number:
        number, rest = divmod(number - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


_CLASS_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _open(tag: str, node: Node, extra_class: str = "", **attrs: str) -> str:
    classes = f"tei-{node.tag}" + (f" {extra_class}" if extra_class else "")
    if kind := node.get("type"):
        classes += f" tei-type-{escape(kind)}"
    # each token of @rend as a class (rend="indent italic"), so CSS can follow the source's
    # own rendition; tokens that are not plain words are left out of the class list
    classes += "".join(f" tei-rend-{token}" for token in node.get("rend").split()
                       if _CLASS_TOKEN.fullmatch(token))
    parts = [tag, f'class="{classes}"']
    if node.id:
        parts.append(f'id="{escape(node.id)}"')
    if lang := html_lang(node.get("xml:lang")):
        parts.append(f'lang="{escape(lang)}"')
    parts += [f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"
