"""A document's table of contents, planned with the rest of the site."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document, Node


@dataclass(frozen=True)
class Part:
    """One line of the table of contents: where it goes, what it says, which ¶s it spans."""

    anchor: str
    label: str
    numbers: str


def contents(document: Document) -> tuple[Part, ...]:
    """The table of contents: the text's parts in reading order (opening, heading, each
    run of paragraphs, each list, closing, each division), with the anchor of the part's
    first citable block and its range of ¶ numbers."""
    blocks = {b.id: b for b in document.blocks}
    parts: list[tuple[str, list[Node]]] = []

    def walk(container: Node) -> None:
        parts.append(("", []))  # a run of paragraphs never spans two containers
        for child in container.children:
            if isinstance(child, str):
                continue
            if child.tag in ("front", "body", "back", "group", "text") or (
                    child.tag == "div" and any(isinstance(c, Node) and c.tag == "div"
                                               for c in child.children)):
                walk(child)
            elif child.tag in ("p", "ab") and parts[-1][0] == "p":
                parts[-1][1].append(child)
            else:
                parts.append((child.tag, [child]))

    walk(document.body)
    entries = []
    for tag, nodes in parts:
        inner = [blocks[n.id] for node in nodes for n in node.iter() if n.id in blocks]
        if not inner:
            continue
        if tag in _PART_NAMES:
            label = _PART_NAMES[tag]
        elif tag == "div":
            head = next((c for c in nodes[0].children if isinstance(c, Node)
                         and c.tag == "head"), None)
            label = head.text() if head else nodes[0].get("type", "section").capitalize()
        elif tag == "list":
            label = "List: " + _snippet(inner[0].text)
        else:
            label = _snippet(inner[0].text, 16 if tag == "head" else 8)
        numbers = inner[0].n if len(inner) == 1 else f"{inner[0].n}–{inner[-1].n}"
        entries.append(Part(anchor=nodes[0].id or inner[0].id, label=" ".join(label.split()),
                            numbers=numbers))
    return tuple(entries)


_PART_NAMES = {"opener": "Opening", "closer": "Closing", "postscript": "Postscript"}


def _snippet(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
