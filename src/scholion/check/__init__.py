"""Stage 2: rules that need more than one file, or more than the parser knows.

Pure functions from the loaded `Edition` to Diagnostics; nothing here reads or writes.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Edition
from .anchors import check_anchors
from .annotations import check_annotations
from .entities import check_entities
from .structure import check_structure
from .theme import check_theme

__all__ = ["check_edition"]


def check_edition(edition: Edition, complete: bool = True) -> list[Diagnostic]:
    """`complete`: every source file loaded (see `check_anchors`)."""
    return [*check_structure(edition), *check_entities(edition),
            *check_annotations(edition, complete), *check_anchors(edition, complete),
            *check_theme(edition)]
