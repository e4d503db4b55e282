"""What exists in the edition's folder but could not be loaded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unloaded:
    """Inputs that exist but did not load; `load` has reported why. A rule that would
    need one of them skips only what it might hold, so a broken file causes no false
    errors elsewhere and hides none of the true ones."""

    documents: frozenset[str] = frozenset()  # TEI documents: their blocks, their mentions
    registers: bool = False  # registers.xml: the entries that refs and notes point at
    lock: bool = False  # anchors.lock: it exists, so "no registry yet" would be untrue



NOTHING = Unloaded()  # every input loaded
