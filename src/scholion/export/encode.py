"""One JSON encoding for every export: stable key order, UTF-8, a final newline."""

from __future__ import annotations

import json
from typing import Any


def dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
