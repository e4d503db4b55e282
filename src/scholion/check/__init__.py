"""Stage 2: rules that need more than one file, or more than the parser knows.

Pure functions from the loaded `Edition` to Diagnostics; nothing here reads or writes.
Every rule runs on everything that loaded, whatever errors `load` found, so one run
reports every problem. Only what could not be loaded is skipped (see `Unloaded`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from ..common.anchors import LOCK_FILE
from ..diagnostics import Diagnostic
from ..load import REGISTERS_FILE
from ..model import Edition
from .anchors import check_anchors
from .annotations import check_annotations, check_principles
from .collection import check_collection
from .entities import check_entities
from .references import check_references
from .relations import check_relations
from .structure import check_structure
from .theme import check_theme
from .unloaded import NOTHING, Unloaded

__all__ = ["Unloaded", "check_edition", "unloaded_inputs"]


def check_edition(edition: Edition, unloaded: Unloaded = NOTHING) -> list[Diagnostic]:
    """`unloaded`: the inputs that exist but did not load (their errors are `load`'s)."""
    return [*check_structure(edition), *check_entities(edition, unloaded),
            *check_annotations(edition, unloaded), *check_anchors(edition, unloaded),
            *check_references(edition, unloaded), *check_theme(edition),
            *check_principles(edition), *check_relations(edition),
            *check_collection(edition)]


def unloaded_inputs(edition: Edition, loading: Iterable[Diagnostic]) -> Unloaded:
    """What `load` reported an error for and left out of the edition. Every problem of a
    file carries that file's path, so the paths of the errors name what failed."""
    source = PurePosixPath(edition.config.source_dir)
    failed = {PurePosixPath(d.path) for d in loading if d.is_error}
    loaded = {PurePosixPath(d.path) for d in edition.documents}
    if edition.registers is not None:  # register files: read, though not documents
        loaded |= {PurePosixPath(e.path) for e in edition.registers.entities}
    documents = frozenset(
        path.as_posix() for path in failed
        if path.parent == source and path.suffix == ".xml" and path.name != REGISTERS_FILE
        and path not in loaded)
    return Unloaded(
        documents=documents,
        registers=(edition.registers is None or not edition.registers.path)
        and source / REGISTERS_FILE in failed,
        lock=edition.anchor_lock is None and source / LOCK_FILE in failed)
