"""A value worked out once a plan: the render stage asks the same of one plan for every
page it draws, and working it out each time made a collection's build quadratic."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")


def per_plan(function: Callable[..., T]) -> Callable[..., T]:
    """`function(plan, *args)`, kept for the last plan (held by a weak reference, so that
    it never keeps a plan alive) and arguments it was asked for: a build draws one plan
    at a time, a release's after the edition's."""
    last: list[Any] = [None, None, None]  # the plan's reference, the arguments, the value

    @wraps(function)
    def kept(plan: Any, *args: Any) -> T:
        if last[0] is None or last[0]() is not plan or last[1] != args:
            last[:] = [weakref.ref(plan), args, function(plan, *args)]
        return last[2]

    return kept
