"""One JSON encoding for every export: stable key order, UTF-8, a final newline."""

from __future__ import annotations

import json
from typing import Any


def dump(data: Any, compact: bool = False) -> bytes:
    """`compact` for files a program reads many of (the DTS answers): no indentation,
    which was most of their bytes."""
    layout: dict[str, Any] = {"separators": (",", ":")} if compact else {"indent": 2}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, **layout) + "\n").encode()
