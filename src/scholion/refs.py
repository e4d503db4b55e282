"""How the text points at the registers: `@ref="reg:ID"`, declared by a TEI prefixDef.

Shared by `check` (does it resolve?) and `link` (which index entry?), so the rule for
reading a reference lives in one place.
"""

from __future__ import annotations

import re

from .model import Node

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
