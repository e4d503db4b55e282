"""A document's citation tree, as DTS sees it: its citable units, their depth and parents.

Planned once here from `model.citation_units`; `export.dts` writes the files from it and
`link` takes the DTS routes from it, so the two can never disagree about which files exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..model import DTS_UNITS, Document, Node, citation_units

_DIVISION = re.compile(r"div[1-7]?")


@dataclass(frozen=True)
class Unit:
    """One citable unit: its anchor (the DTS `identifier`), what kind of part it is, its
    depth (1 at the top), the anchor of the unit holding it, and how many levels of units
    lie below it (0: it holds none)."""

    anchor: str
    cite_type: str
    level: int
    parent: str | None
    n: str = ""  # a block's ¶ number (or line number); a container's @n
    provisional: bool = False
    height: int = 0


@dataclass(frozen=True)
class CitationTree:
    """The units of one document in document order (the DTS default and only tree)."""

    units: tuple[Unit, ...] = ()

    @property
    def height(self) -> int:
        """How many levels the tree has (0 for a document with no citable unit)."""
        return max((u.level for u in self.units), default=0)

    @cached_property
    def structure(self) -> tuple[tuple[str, tuple], ...]:
        """The kinds of unit at each level, as DTS's nested `citeStructure`: for each kind
        at the top (in order of first appearance), the kinds found directly inside units
        of that kind, and so on down."""
        paths: dict[str | None, tuple[str, ...]] = {None: ()}
        root: dict = {}
        for unit in self.units:
            path = paths[unit.anchor] = (*paths[unit.parent], unit.cite_type)
            level = root
            for kind in path:
                level = level.setdefault(kind, {})

        def frozen(level: dict) -> tuple[tuple[str, tuple], ...]:
            return tuple((kind, frozen(inner)) for kind, inner in level.items())

        return frozen(root)

    @property
    def requests(self) -> tuple[tuple[Unit | None, int | None], ...]:
        """The Navigation requests (`ref`, `down`) a static file answers: every valid call
        of DTS 1.0 Level 0 (all but `start`/`end`). From the root, the whole tree
        (`down=-1`) and each depth of it; for every unit, itself alone (no `down`), its
        siblings (`down=0`), all below it (`-1`) and each depth down to the tree's (a
        depth below what a unit holds answers with what there is: a block, itself). A
        larger `down` is the same answer as `-1`, so the files stop at the tree's depth."""
        depths = range(1, max(self.height, 1) + 1)
        found: list[tuple[Unit | None, int | None]] = [(None, -1)]
        found += [(None, depth) for depth in depths]
        for unit in self.units:
            found += [(unit, None), (unit, 0), (unit, -1)]
            found += [(unit, depth) for depth in depths]
        return tuple(found)

    def below(self, unit: Unit | None, depth: int) -> tuple[Unit, ...]:
        """What DTS navigation gives for `ref=unit&down=depth` (no `unit`: from the root):
        the unit itself and the units under it down to `depth` levels below it (-1: all
        of them); with `depth` 0, the units that share its parent, itself among them; in
        document order."""
        if unit is None:
            return tuple(u for u in self.units if depth < 0 or u.level <= depth)
        if depth == 0:
            return self._children[unit.parent]
        start = self._position[unit.anchor]
        inside = [unit]
        for other in self.units[start + 1:]:
            if other.level <= unit.level:
                break
            if depth < 0 or other.level <= unit.level + depth:
                inside.append(other)
        return tuple(inside)

    @cached_property
    def _position(self) -> dict[str, int]:
        return {u.anchor: i for i, u in enumerate(self.units)}

    @cached_property
    def _children(self) -> dict[str | None, tuple[Unit, ...]]:
        """The units directly under each parent (None: the top level), in order."""
        found: dict[str | None, list[Unit]] = {}
        for unit in self.units:
            found.setdefault(unit.parent, []).append(unit)
        return {parent: tuple(units) for parent, units in found.items()}


NO_UNITS = CitationTree()


def published(tree: CitationTree, dts: str) -> CitationTree:
    """The part of a document's tree the DTS API publishes under the `dts` setting: all of
    it with `DTS_UNITS`; otherwise none, so that the document is a Resource without a
    citation tree (DTS 1.0: `citationTrees` an empty array; every Navigation request
    without a `ref` answers an empty `member`, and no `ref` is valid). The routes and the
    files are both planned from this, so that they cannot disagree."""
    return tree if dts == DTS_UNITS else NO_UNITS


def citation_tree(document: Document) -> CitationTree:
    """The document's units (`model.citation_units`) with what DTS says of each."""
    blocks = {b.id: b for b in document.blocks}
    found = citation_units(document.body, set(blocks))
    heights: dict[str, int] = {}
    for node, _, parent in reversed(found):  # children come after their parent
        heights.setdefault(node.id, 0)
        if parent is not None:
            heights[parent] = max(heights.get(parent, 0), heights[node.id] + 1)
    units = []
    for node, level, parent in found:
        block = blocks.get(node.id)
        units.append(Unit(anchor=node.id, cite_type=block.tag if block else _kind(node),
                          level=level, parent=parent,
                          n=block.n if block else node.get("n").strip(),
                          provisional=bool(block and block.provisional),
                          height=heights[node.id]))
    return CitationTree(tuple(units))


def _kind(node: Node) -> str:
    """A container's kind: a division's @type (an EpiDoc textpart's @subtype), as the
    table of contents names it ("act", "chapter"), else its element ("list", "lg", "sp")."""
    if _DIVISION.fullmatch(node.tag):
        kind = node.get("type").strip()
        if kind == "textpart" and node.get("subtype").strip():
            kind = node.get("subtype").strip()
        return kind or node.tag
    return node.tag
