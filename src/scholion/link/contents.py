"""A document's table of contents, planned with the rest of the site."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..model import Block, Document, Node, normalize_space

# What holds the text's parts without being one: walked through, never an entry.
_WRAPPERS = frozenset({"front", "body", "back", "group", "text"})
_DIVISION = re.compile(r"div[1-7]?")


@dataclass(frozen=True)
class Part:
    """One line of the table of contents: where it goes, what it says, which ¶s it spans,
    and how deep it lies among the divisions (a scene inside an act is at level 1)."""

    anchor: str
    label: str
    numbers: str  # "" when no one range says it (the lines of several poems)
    level: int = 0
    unit: str = "¶"  # or "l."/"ll.": a part of verse is given by its line numbers


def contents(document: Document) -> tuple[Part, ...]:
    """The table of contents: the text's parts in reading order (opening, heading, each
    run of paragraphs, each list, closing, each division), with the anchor of the part's
    first citable block and its range of ¶ numbers. A division that holds divisions (an
    act of scenes, a part of chapters) is an entry spanning them all, and its divisions
    follow it a level deeper."""
    blocks = {b.id: b for b in document.blocks}
    parts: list[tuple[str, list[Node], int, str]] = []  # (tag, nodes, level, label)

    def walk(container: Node, level: int, skip: Node | None = None) -> None:
        parts.append(("", [], level, ""))  # a run of paragraphs never spans two containers
        for child in container.children:
            if isinstance(child, str) or child is skip:
                continue
            if child.tag in _WRAPPERS:
                walk(child, level)
            elif _is_division(child):
                head = _head(child)
                parts.append(("div", [child], level, _division_label(child, container, head)))
                if any(isinstance(c, Node) and _is_division(c) for c in child.children):
                    walk(child, level + 1, head)  # its head is the label, not an entry
            elif child.tag in ("p", "ab") and parts[-1][0] == "p":
                parts[-1][1].append(child)
            else:
                parts.append((child.tag, [child], level, ""))

    walk(document.body, 0)
    entries = []
    for tag, nodes, level, label in parts:
        inner = [blocks[n.id] for node in nodes for n in node.iter() if n.id in blocks]
        if not inner:
            continue
        label = label or _label(tag, nodes[0], inner[0].text)
        unit, numbers = _numbers(inner)
        entries.append(Part(anchor=nodes[0].id or inner[0].id, label=" ".join(label.split()),
                            numbers=numbers, level=level, unit=unit))
    return tuple(entries)


# Blocks that go with verse without being prose of their own (a part of verse is counted
# by its lines, these aside).
_WITH_VERSE = frozenset({"head", "stage", "trailer", "epigraph", "byline", "docAuthor"})


def _numbers(inner: list[Block]) -> tuple[str, str]:
    """The range a part spans: its ¶ numbers; a part of verse, its line numbers (a verse
    line's ¶ number is its number in its poem: `Block.verse`), which a head or a stage
    direction in it does not interrupt. Lines of several poems or scenes, each counted
    afresh, make no range: none is given. Prose with verse is given by what most of it
    is: a prose scene with a song by its ¶s, a verse scene with a letter read out by its
    lines."""
    lines = [b for b in inner if b.verse]
    prose = [b for b in inner if not b.verse and b.tag not in _WITH_VERSE]
    if len(lines) <= len(prose):
        inner = prose if lines else inner
        return "¶", inner[0].n if len(inner) == 1 else f"{inner[0].n}–{inner[-1].n}"
    keys = [_line_key(b.n) for b in lines]
    if any(a is None or b is None or b < a for a, b in pairwise(keys)):
        return "ll.", ""
    if lines[0].n == lines[-1].n:
        return "l.", lines[0].n
    return "ll.", f"{lines[0].n}–{lines[-1].n}"


def _line_key(n: str) -> tuple[str, int] | None:
    """A line number as (prefix, number) to see whether they run on ("1.9" < "1.10")."""
    match = re.fullmatch(r"(.*?)(\d+)", n)
    return (match[1], int(match[2])) if match else None


_PART_NAMES = {"opener": "Opening", "closer": "Closing", "postscript": "Postscript"}


def _label(tag: str, node: Node, first: str) -> str:
    """What an entry that is not a division says: its name, its head, or its first words."""
    if tag in _PART_NAMES:
        return _PART_NAMES[tag]
    if tag == "castList":
        head = _head(node)
        return _head_text(head) if head is not None and _head_text(head) else "Cast list"
    if tag == "list":
        return "List: " + _snippet(first)
    return _snippet(first, 16 if tag == "head" else 8)


def _is_division(node: Node) -> bool:
    return _DIVISION.fullmatch(node.tag) is not None


def _head(node: Node) -> Node | None:
    return next((c for c in node.children if isinstance(c, Node) and c.tag == "head"), None)


def _head_text(head: Node) -> str:
    return normalize_space(head.reading_text())


def _division_label(div: Node, parent: Node, head: Node | None) -> str:
    """A division's head as it reads; without one, what it is and which: its @type (an
    EpiDoc textpart's @subtype) and its @n, else its place among its parent's divisions
    of that type when there are several ("Act 2", "Scene 3", "Chapter 1")."""
    if head is not None and (text := _head_text(head)):
        return text
    kind = div.get("type")
    if kind == "textpart" and div.get("subtype"):
        kind = div.get("subtype")
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind or "section").lower()
    name = name[:1].upper() + name[1:]
    if number := div.get("n").strip():
        return f"{name} {number}"
    alike = [c for c in parent.children if isinstance(c, Node) and c.tag == div.tag
             and c.get("type") == div.get("type") and c.get("subtype") == div.get("subtype")]
    return f"{name} {alike.index(div) + 1}" if len(alike) > 1 else name


def _snippet(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
