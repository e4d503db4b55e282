"""Each citable block's reading text, worked out once, with the mentions it holds.

Everything downstream that needs a block's words reads them here: the index (which
mention is in which ¶), the notes (where a quote sits), the exports (the plain text, the
mentions, the TextQuoteSelectors) and the pages. Offsets count characters of `raw`, the
block's reading text as its TEI element holds it (`Node.reading_text`), which is also
what the renderer counts as it draws the block.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..common.refs import Pointer, Scope, mention_of, words_of
from ..model import Block, Document, Node, apparatus_places, normalize_space

SNIPPET = 60  # characters of context on each side of a mention


@dataclass(frozen=True)
class Mention:
    """A name or date in the text, attributed to the innermost citable block holding it."""

    pointer: Pointer
    document_id: str
    block_id: str
    block_n: str
    start: int  # offsets into the block's `Reading.raw` (a speaker's: 0 and 0, see below)
    end: int
    text: str  # the words of the mention, as written (white space squashed)
    before: str  # context, already trimmed
    after: str
    cert: str = ""


@dataclass(frozen=True)
class Reading:
    """One block as readers read it."""

    block: Block
    raw: str  # the reading text of the block's element, nested blocks included
    own: str  # normalized, without nested blocks; a list item led by its label
    mentions: tuple[Mention, ...] = ()
    # the words of the readings the page draws but hides (a `choice`'s other reading, an
    # apparatus variant), so that search finds either reading (`link.search`)
    hidden: str = ""

    @property
    def text(self) -> str:
        """White space normalized: what quotes are matched against and exports give."""
        return self.block.text


def read_blocks(document: Document, scope: Scope | None = None,
                located: dict[str, tuple[Node, ...]] | None = None) -> tuple[Reading, ...]:
    """Every block of the document, in reading order; `scope` is what its pointers reach
    (`common.refs.scope_of`); `located`, the apparatus entries that refer to a place
    (`model.apparatus_places`, planned once in link)."""
    ids = frozenset(b.id for b in document.blocks)
    nodes: dict[str, Node] = {}
    tags: set[str] = set()
    for n in document.body.iter():
        tags.add(n.tag)
        if n.id in ids:
            nodes[n.id] = n
    # a walk that looks for what the document does not hold is not taken: it cost as much
    # as the one that finds the mentions (exactly the same result: it would find nothing)
    labels = _labels(document.body) if "label" in tags else {}
    speakers = _speakers(document.body, ids, scope) if "sp" in tags else {}
    places = apparatus_places(document.body) if located is None else located
    notes, variants = "note" in tags, "app" in tags or bool(places)
    readings = []
    texts = Texts()
    for block in document.blocks:
        node = nodes[block.id]
        raw = texts.text(node)
        own = normalize_space(labels.get(block.id, "") + _own_text(node, ids, texts))
        mentions = [_mention(document, block, raw, pointer, found, start, end)
                    for found, pointer, start, end in _positions(node, ids, scope, texts)]
        if notes:
            mentions += _note_mentions(document, block, node, ids, scope, texts)
        if variants:
            mentions += _variant_mentions(document, block, node, ids, scope, places, texts)
        mentions = tuple(sorted(mentions, key=lambda m: m.start))  # stable: reading order
        if block.id in speakers:
            mentions = (_speaker(document, block, raw, *speakers[block.id]), *mentions)
        hidden = _hidden(node, ids) if "choice" in tags or "app" in tags else ""
        readings.append(Reading(block, raw, own, mentions, hidden))
    return tuple(readings)


class Texts:
    """Each element's reading parts and reading text (`Node.reading_parts`,
    `Node.reading_text`), worked out once a document: the walks below each need the
    length of every element they pass, and asking the node again at every level made a
    block cost its size times its depth, several times over (half of `link`'s time).
    An entry holds its node, so no other node can take its `id` while the memo lives."""

    def __init__(self) -> None:
        self._parts: dict[int, tuple[Node, tuple[Node | str, ...]]] = {}
        self._texts: dict[int, tuple[Node, str]] = {}

    def parts(self, node: Node) -> tuple[Node | str, ...]:
        found = self._parts.get(id(node))
        if found is None or found[0] is not node:
            found = self._parts[id(node)] = (node, node.reading_parts())
        return found[1]

    def text(self, node: Node) -> str:
        found = self._texts.get(id(node))
        if found is None or found[0] is not node:
            text = "".join(c if isinstance(c, str) else self.text(c)
                           for c in self.parts(node))
            found = self._texts[id(node)] = (node, text)
        return found[1]


def _speakers(body: Node, blocks: frozenset[str], scope: Scope | None
              ) -> dict[str, tuple[Node, Pointer]]:
    """The speeches (`sp who`) that hold citable blocks, by the first of them: the speaker
    leads the speech as a label leads its item, outside the text of any block. (A speech
    inside a block is a mention in that block like any name.)"""
    found: dict[str, tuple[Node, Pointer]] = {}

    def walk(node: Node) -> None:
        for child in node.children:
            if not isinstance(child, Node) or child.id in blocks:
                continue
            pointer = mention_of(child, scope) if child.tag == "sp" else None
            first = next((n.id for n in child.iter() if n.id in blocks), None)
            if pointer is not None and first is not None:
                found.setdefault(first, (child, pointer))
            walk(child)

    walk(body)
    return found


def _speaker(document: Document, block: Block, raw: str, speech: Node, pointer: Pointer
             ) -> Mention:
    """A speech's speaker, as a mention at the very start of its first block."""
    return Mention(pointer=pointer, document_id=document.id, block_id=block.id,
                   block_n=block.n, start=0, end=0, text=words_of(speech), before="",
                   after=" " + _trim_right(raw.lstrip()), cert=speech.get("cert"))


def _mention(document: Document, block: Block, raw: str, pointer: Pointer, node: Node,
             start: int, end: int) -> Mention:
    return Mention(pointer=pointer, document_id=document.id, block_id=block.id,
                   block_n=block.n, start=start, end=end,
                   text=_squash(raw[start:end]).strip(),
                   before=_trim_left(raw[max(0, start - SNIPPET * 2):start]),
                   after=_trim_right(raw[end:end + SNIPPET * 2]), cert=node.get("cert"))


def _positions(block_node: Node, blocks: frozenset[str], scope: Scope | None,
               texts: Texts) -> list[tuple[Node, Pointer, int, int]]:
    """Mentions directly in this block (not in a nested block), with their offsets, in
    document order (a list, not nested generators: a mention passed up through each)."""
    found: list[tuple[Node, Pointer, int, int]] = []

    def walk(node: Node, position: int) -> None:
        for child in texts.parts(node):  # the text as read: no hidden `corr`
            if isinstance(child, str):
                position += len(child)
                continue
            length = len(texts.text(child))
            if child.id not in blocks:
                if (pointer := mention_of(child, scope)) is not None:
                    found.append((child, pointer, position, position + length))
                walk(child, position)
            position += length

    walk(block_node, 0)
    return found


def _note_mentions(document: Document, block: Block, node: Node, blocks: frozenset[str],
                   scope: Scope | None, texts: Texts) -> list[Mention]:
    """The names in the notes set apart from this block (`Node.is_apart`): they belong to
    it, at its note marker, with their context taken from the note's own words."""
    found = []
    for note, at in _apart_notes(node, blocks, texts):
        inner = "".join(c if isinstance(c, str) else texts.text(c) for c in note.parts())
        words = replace(note, tag="seg", attrs=())  # the note read as its own words
        for name, pointer, start, end in _positions(words, blocks, scope, texts):
            mention = _mention(document, block, inner, pointer, name, start, end)
            found.append(replace(mention, start=at, end=at))
    return found


def _apart_notes(block_node: Node, blocks: frozenset[str], texts: Texts
                 ) -> Iterator[tuple[Node, int]]:
    """The notes set apart in this block (not in a nested one), a note's own notes too,
    each with the offset of its marker in the block's raw reading text."""
    def walk(node: Node, position: int, inside: bool) -> Iterator[tuple[Node, int]]:
        for child in (node.parts() if inside else texts.parts(node)):
            if isinstance(child, str):
                position += 0 if inside else len(child)
                continue
            if child.id in blocks:
                position += 0 if inside else len(texts.text(child))
                continue
            if child.is_apart():
                yield child, position
                yield from walk(child, position, True)
                continue
            yield from walk(child, position, inside)
            position += 0 if inside else len(texts.text(child))

    yield from walk(block_node, 0, False)


def _variant_mentions(document: Document, block: Block, node: Node, blocks: frozenset[str],
                      scope: Scope | None, places: dict[str, tuple[Node, ...]],
                      texts: Texts) -> list[Mention]:
    """The names in the variant readings of the apparatus entries whose markers fall in
    this block (`_apparatus_markers`): they belong to it, at the marker, with their context
    taken from the reading's own words. (Names in a lemma are the text's own.)"""
    found = []
    for app, at in _apparatus_markers(node, blocks, places, texts):
        for reading in app.variants():
            inner = texts.text(reading)
            for name, pointer, start, end in _positions(reading, blocks, scope, texts):
                mention = _mention(document, block, inner, pointer, name, start, end)
                found.append(replace(mention, start=at, end=at))
    return found


def _apparatus_markers(block_node: Node, blocks: frozenset[str],
                       places: dict[str, tuple[Node, ...]], texts: Texts
                       ) -> Iterator[tuple[Node, int]]:
    """The apparatus entries whose markers the renderer draws in this block (not in a
    nested one), each with the offset of its marker in the block's raw reading text: an
    entry in the text, after its lemma; one that refers to a place (`Node.located_at`),
    at the end of that place, or where it stands if its pointers reach none."""
    def walk(node: Node, position: int) -> Iterator[tuple[Node, int]]:
        for child in texts.parts(node):
            if isinstance(child, str):
                position += len(child)
                continue
            length = len(texts.text(child))
            if child.id in blocks:
                position += length
                continue
            at = child.located_at()
            if at == "":
                yield child, position
            elif at is None:
                yield from walk(child, position)
                if child.tag == "app" and child.variants():
                    yield child, position + length
            position += length
            for app in places.get(child.id, ()) if child.id else ():
                yield app, position

    yield from walk(block_node, 0)
    for app in places.get(block_node.id, ()):
        yield app, len(texts.text(block_node))


def _own_text(node: Node, blocks: frozenset[str], texts: Texts) -> str:
    """The block's reading text without its nested blocks (nor their labels)."""
    parts = []
    for child in texts.parts(node):
        if isinstance(child, str):
            parts.append(child)
        elif child.id not in blocks and child.tag != "label":  # labels lead their items
            parts.append(_own_text(child, blocks, texts))
    return "".join(parts)


def _hidden(node: Node, blocks: frozenset[str]) -> str:
    """The words of the block's unshown readings, outside its nested blocks."""
    found = []

    def walk(current: Node) -> None:
        for child in current.children:
            if not isinstance(child, Node) or child.id in blocks:
                continue
            if child.tag == "choice":
                shown = child.shown_reading()
                found.extend(r.reading_text() for r in child.readings() if r is not shown)
            found.extend(v.reading_text() for v in child.variants())
            walk(child)

    walk(node)
    return normalize_space(" ".join(found))


def _labels(body: Node) -> dict[str, str]:
    """Each list item's label: in TEI the `label` is the item's preceding sibling."""
    found = {}
    for node in body.iter():
        label = None
        for child in node.children:
            if isinstance(child, Node) and child.tag == "label":
                label = child
            elif isinstance(child, Node) and child.tag == "item" and label is not None:
                found[child.id] = label.reading_text()  # with its space, unless joined
                label = None
    return found


def _squash(text: str) -> str:
    """Collapse runs of white space, keeping one at either end if there was one. By
    `str.split` (the same white space as `\\s`) rather than `re.sub`, which took 7 µs a
    snippet, three snippets a mention: a sixth of `link`."""
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + words + (" " if text[-1].isspace() else "")


def _trim_left(text: str) -> str:
    text = _squash(text).lstrip()
    if len(text) <= SNIPPET:
        return text
    cut = text[-SNIPPET:]
    return "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut


def _trim_right(text: str) -> str:
    text = _squash(text).rstrip()
    if len(text) <= SNIPPET:
        return text
    cut = text[:SNIPPET]
    return (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"
