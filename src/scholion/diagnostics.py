"""Problems found in the input, reported the way a compiler reports them.

Every stage returns the `Diagnostic`s it finds instead of raising, so that one run
reports *all* problems and only the CLI decides what to print and which exit code to use.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file, located as precisely as the parser allows."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """One line (two with a hint). Control characters from the input are escaped, so
        a contributor's file cannot forge CI annotations or terminal escapes."""
        text = (
            f"{_safe(self.path)}:{self.line}:{self.column}: "
            f"{self.severity.value}[{self.code}]: {_safe(self.message)}"
        )
        if self.hint:
            text += f"\n    hint: {_safe(self.hint)}"
        return text


_CONTROL = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7F)}


def _safe(text: str) -> str:
    return text.translate(_CONTROL)


def error(path: str | Path, line: int | None, code: str, message: str, *,
          column: int | None = None, hint: str = "") -> Diagnostic:
    return _make(Severity.ERROR, path, line, code, message, column, hint)


def warning(path: str | Path, line: int | None, code: str, message: str, *,
            column: int | None = None, hint: str = "") -> Diagnostic:
    return _make(Severity.WARNING, path, line, code, message, column, hint)


def _make(severity: Severity, path: str | Path, line: int | None, code: str, message: str,
          column: int | None, hint: str) -> Diagnostic:
    return Diagnostic(str(path), line or 1, column or 1, code, message, severity, hint)


def did_you_mean(word: str, known: Iterable[str], otherwise: str) -> str:
    """A hint for an unknown name: the closest known one, since a typo is the usual cause
    ("did you mean 'language'?"), else `otherwise`."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.path, d.line, d.column, d.code)
