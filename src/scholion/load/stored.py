"""What `load` reads from one TEI file, as JSON, for the build cache (`load.source_cache`).

Why JSON and not pickle: unpickling runs whatever the file names, and a cache folder is a
file on disk like any other (one committed to the repository is never used, W003, but
a cache should not be able to run code even so). Here nothing but the model's own
frozen dataclasses, tuples, strings, numbers and `Prose` can come back: a value is a
JSON array, string, number, boolean or null, or an object `{"~": NAME, "f": [...]}` whose
NAME must be one of `CLASSES` and whose fields are given in the class's order. A value of
any other type is refused when it is stored (`Unstorable`: the file is then simply not
cached), and a stored value that does not fit is refused when it is read (`decode`
raises, and the file is read again), so a hit is always the value a fresh read gives.

Tuples are stored as arrays and every array is read back as a tuple: the model holds no
lists. Its one mapping, `Document.fragments`, is stored as `{"~": "dict", "f": [[k, v],
…]}`. `Document.source_bytes` is not stored: it is the file itself, which the key holds.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from ..common.dates import DateValue
from ..diagnostics import Diagnostic, Severity
from ..model import (
    Block,
    Document,
    Entity,
    Metadata,
    Node,
    OtherName,
    PrefixDef,
    Prose,
    Source,
)

CLASSES: dict[str, type] = {c.__name__: c for c in (
    Block, DateValue, Diagnostic, Document, Entity, Metadata, Node, OtherName, PrefixDef,
    Source)}
_NOT_STORED = frozenset({"source_bytes"})  # Document's bytes: the cache key's own file
# each class's stored fields, in order, and whether they are all of its fields (then its
# values are built from positions: reading is most of a hit's time)
_FIELDS = {name: tuple(f.name for f in fields(cls) if f.name not in _NOT_STORED)
           for name, cls in CLASSES.items()}
_POSITIONAL = {name: len(_FIELDS[name]) == len(fields(cls)) for name, cls in CLASSES.items()}


class Unstorable(TypeError):
    """A value of a type this encoding does not know: the file is not cached."""


def encode(value: Any) -> Any:
    """`value` as plain JSON data (see the module's docstring)."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is tuple:
        return [encode(v) for v in value]
    if kind is Prose:
        return {"~": "Prose", "f": [list(run) for run in value.runs]}
    if kind is Severity:
        return {"~": "Severity", "f": value.value}
    if kind is dict:
        return {"~": "dict", "f": [[encode(k), encode(v)] for k, v in value.items()]}
    if is_dataclass(value) and CLASSES.get(kind.__name__) is kind:
        return {"~": kind.__name__, "f": [encode(getattr(value, name))
                                          for name in _FIELDS[kind.__name__]]}
    raise Unstorable(f"{kind.__name__} is not stored in the build cache")


def decode(data: Any) -> Any:
    """The value `encode` gave `data`; raises (TypeError, ValueError, KeyError) for data
    that no value of the model gives."""
    if data is None or type(data) in (str, int, float, bool):
        return data
    if type(data) is list:
        return tuple(decode(v) for v in data)
    if type(data) is not dict or set(data) != {"~", "f"}:
        raise ValueError("not a stored value")
    name, stored = data["~"], data["f"]
    if name == "Prose":
        return Prose((str(language), str(words)) for language, words in stored)
    if name == "Severity":
        return Severity(stored)
    if name == "dict":
        return {decode(k): decode(v) for k, v in stored}
    cls, names = CLASSES[name], _FIELDS[name]
    if type(stored) is not list or len(stored) != len(names):
        raise ValueError(f"a stored {name} has the wrong fields")
    values = [decode(v) for v in stored]
    return cls(*values) if _POSITIONAL[name] else cls(**dict(zip(names, values, strict=True)))
