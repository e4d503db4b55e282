"""Rules for the registers' relations (`listRelation`), which the map draws as ties.

A tie that cannot be drawn costs no build: an end that reaches no entry (W530) is left
out, and a relation left with fewer than two ends (W531) is not drawn at all. Both are
warnings at the relation's line, so that the editor sees why a line is missing.
"""

from __future__ import annotations

from ..common.relations import ends
from ..diagnostics import Diagnostic, warning
from ..model import Edition, Relation

HINT = "point at register entries: '#ID' in this file, 'FILE.xml#ID' or 'reg:ID'"


def check_relations(edition: Edition) -> list[Diagnostic]:
    registers = edition.registers
    if registers is None:
        return []
    found: list[Diagnostic] = []
    for relation in registers.relations:
        reached = ends(relation, registers)
        for token, target in reached:
            if target.entity is None:
                found.append(warning(relation.path, relation.line, "W530",
                                     f"relation '{relation.name}': '{token}' reaches no entry "
                                     f"({target.problem or 'not an entry of the edition'}); "
                                     "that end is not drawn", hint=HINT))
        if not _two_ends(relation, [t.entity.id for _, t in reached if t.entity is not None]):
            found.append(warning(relation.path, relation.line, "W531",
                                 f"relation '{relation.name}' ties fewer than two entries: "
                                 "it is not drawn",
                                 hint="give @mutual two or more ends, or both @active and "
                                      "@passive"))
    return found


def _two_ends(relation: Relation, reached: list[str]) -> bool:
    if relation.mutual:
        return len(set(reached)) >= 2
    return bool(relation.active) and bool(relation.passive) and len(set(reached)) >= 2
