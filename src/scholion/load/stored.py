"""What `load` reads from one TEI file, as JSON, for the build cache (`load.source_cache`);
and, by the same encoding, what `link` keeps of a document's own part of the plan
(`link.kept`, which names its own plain frozen dataclasses besides the model's).

Why JSON and not pickle: unpickling runs whatever the file names, and a cache folder is a
file on disk like any other (one committed to the repository is never used, W003, but
a cache should not be able to run code even so). Here nothing but the model's own
frozen dataclasses (and those a `Codec` is given), tuples, strings, numbers and `Prose`
can come back: a value is a JSON array, string, number, boolean or null, or an object
`{"~": NAME, "f": [...]}` whose NAME must be one of the codec's classes (`CLASSES`, for
the model) and whose fields are given in the class's order. A value of
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
    Annotation,
    Block,
    Credit,
    Document,
    Entity,
    Metadata,
    Node,
    OtherName,
    PrefixDef,
    Prose,
    Source,
)

MODEL = (Annotation, Block, Credit, DateValue, Diagnostic, Document, Entity, Metadata, Node,
         OtherName, PrefixDef, Source)
_NOT_STORED = frozenset({"source_bytes"})  # Document's bytes: the cache key's own file
_SCALARS = frozenset({str, int, float, bool, type(None)})


class Unstorable(TypeError):
    """A value of a type this encoding does not know: the file is not cached."""


class Codec:
    """The encoding for values of `classes` (plain frozen dataclasses: their fields are
    all they are, and making one runs no code of the file's choosing) and of the types
    named in the module's docstring. `load` stores the model's (`MODEL`); `link` adds its
    own plan's (`link.kept`)."""

    def __init__(self, classes: tuple[type, ...]) -> None:
        self.classes: dict[str, type] = {c.__name__: c for c in classes}
        # each class's stored fields, in order, and whether they are all of its fields
        # (then its values are built from positions: reading is most of a hit's time)
        self._fields = {name: tuple(f.name for f in fields(cls) if f.name not in _NOT_STORED)
                        for name, cls in self.classes.items()}
        self._made = {name: (cls, self._fields[name], len(self._fields[name]) == len(fields(cls)))
                      for name, cls in self.classes.items()}

    def encode(self, value: Any) -> Any:
        """`value` as plain JSON data (see the module's docstring)."""
        kind = type(value)
        if kind in _SCALARS:
            return value
        if kind is tuple:
            return [self.encode(v) for v in value]
        if kind is Prose:
            return {"~": "Prose", "f": [list(run) for run in value.runs]}
        if kind is Severity:
            return {"~": "Severity", "f": value.value}
        if kind is dict:
            return {"~": "dict", "f": [[self.encode(k), self.encode(v)]
                                       for k, v in value.items()]}
        if is_dataclass(value) and self.classes.get(kind.__name__) is kind:
            return {"~": kind.__name__, "f": [self.encode(getattr(value, name))
                                              for name in self._fields[kind.__name__]]}
        raise Unstorable(f"{kind.__name__} is not stored in the build cache")

    def decode(self, data: Any) -> Any:
        """The value `encode` gave `data`; raises (TypeError, ValueError, KeyError) for
        data that no value of these classes gives. (Lists comprehended, not generators
        fed to `tuple`: a hit's values are most of what a rebuild reads.)"""
        kind = type(data)
        if kind in _SCALARS:
            return data
        decode = self.decode
        if kind is list:
            return tuple([decode(v) for v in data])
        if kind is not dict or len(data) != 2 or "~" not in data or "f" not in data:
            raise ValueError("not a stored value")
        name, stored = data["~"], data["f"]
        if name == "Prose":
            return Prose((str(language), str(words)) for language, words in stored)
        if name == "Severity":
            return Severity(stored)
        if name == "dict":
            return {decode(k): decode(v) for k, v in stored}
        cls, names, positional = self._made[name]
        if type(stored) is not list or len(stored) != len(names):
            raise ValueError(f"a stored {name} has the wrong fields")
        values = [decode(v) for v in stored]
        return cls(*values) if positional else cls(**dict(zip(names, values, strict=True)))


_MODEL = Codec(MODEL)
CLASSES = _MODEL.classes
encode = _MODEL.encode
decode = _MODEL.decode
