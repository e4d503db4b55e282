"""Which file Scholion is working on, so that a crash report can name it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("scholion_current_file", default="")


@contextmanager
def working_on(path: str) -> Iterator[None]:
    """Mark `path` as the file at hand. Deliberately not reset when an exception escapes:
    the crash report reads it afterwards."""
    token = _current.set(path)
    yield
    _current.reset(token)


def current() -> str:
    return _current.get()
