"""How the text points at the registers (`@ref="reg:ID"`, declared by a TEI prefixDef),
and what counts as a mention.

Shared by `check` (does it resolve?), `link` (which index entry?) and `render` (which
link?), so the rule for reading a reference lives in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Node
from .dates import DateValue, date_value

REF_PREFIX = "reg:"
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
NAME_KINDS = {"persName": "person", "placeName": "place", "orgName": "org"}
RS_KINDS = {"person": "person", "place": "place", "org": "org", "organization": "org"}


def parse_ref(ref: str) -> str | None:
    """The register id a `@ref` points at, or None if it is not a `reg:` pointer."""
    if not ref.startswith(REF_PREFIX):
        return None
    entity_id = ref[len(REF_PREFIX):]
    return entity_id if _ID.fullmatch(entity_id) else None


def entity_kind_of(node: Node) -> str:
    """Which kind of register entry a name element must point at ('' for none)."""
    if node.tag in NAME_KINDS:
        return NAME_KINDS[node.tag]
    if node.tag in ("rs", "name"):
        return RS_KINDS.get(node.get("type"), "")
    return ""


@dataclass(frozen=True)
class Pointer:
    """What one mention in the text points at: a register entry (`kind` person, place or
    org, `key` its id) or a date (`kind` "date", `key` its ISO/EDTF form, `date` its
    value). Computed by `mention_of` alone, so that check, the index, the exports and the
    page agree on what is a mention."""

    kind: str
    key: str
    date: DateValue | None = None


def mention_of(node: Node) -> Pointer | None:
    """The rule for what counts as a mention: a `<date>` whose attributes give a date, or a
    name element of a register kind (`persName`, `rs type="place"`, …) whose `@ref` is a
    register pointer. Anything else is text like any other."""
    if node.tag == "date":
        value = date_value(node)
        return Pointer("date", value.key, value) if value is not None else None
    kind = entity_kind_of(node)
    entity_id = parse_ref(node.get("ref")) if kind else None
    return Pointer(kind, entity_id) if entity_id else None
