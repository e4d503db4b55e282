"""What a register's `relation` ties: its ends, read as a name's pointers are.

Shared by `check` (W530: an end reaches nothing; W531: fewer than two ends) and `link`
(the ties the map draws), so that both read a relation one way. A `@mutual` relation ties
every pair of its ends; an `@active`/`@passive` one each active end to each passive end.
"""

from __future__ import annotations

from itertools import combinations

from ..model import Entity, Registers, Relation
from .refs import Scope, Target, resolve


def ends(relation: Relation, registers: Registers) -> list[tuple[str, Target]]:
    """(pointer, what it reaches) for each pointer of the relation, in the order written."""
    scope = Scope(relation.path, (), registers)
    tokens = (*relation.mutual, *relation.active, *relation.passive)
    return [(token, resolve(token, scope)) for token in tokens]


def pairs(relation: Relation, registers: Registers) -> list[tuple[Entity, Entity]]:
    """The pairs of entries the relation ties; ends that reach nothing are left out."""
    scope = Scope(relation.path, (), registers)

    def reached(tokens: tuple[str, ...]) -> list[Entity]:
        found = (resolve(token, scope).entity for token in tokens)
        return list(dict.fromkeys(e for e in found if e is not None))

    if relation.mutual:
        return list(combinations(reached(relation.mutual), 2))
    return [(a, p) for a in reached(relation.active) for p in reached(relation.passive)
            if a != p]
