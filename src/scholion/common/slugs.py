"""File names made from names: the pages of a collection's correspondents and places
(`link.collection`), and the check that warns when two spellings meet in one (W545).

A name's slug is its letters and digits, folded to ASCII and lower case, joined by
hyphens: "Anna Müller" → `anna-muller`. It comes from the name alone, never from the
name's place in the collection, so that a page keeps its address as letters are added.
Two rules keep every address distinct:

- the pages of a long list are `SLUG-2.html`, `SLUG-3.html`: so no slug ends in a hyphen
  and digits, which such a page could be ("Area 51" is `area-51-…` with the name's tag);
- names that fold to one slug ("Anna Müller", "Anna Muller") are told apart by a tag of
  letters drawn from a hash of the exact name, which no other name changes; the name that
  sorts first by code point keeps the plain slug.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_ENDS_IN_NUMBER = re.compile(r"(^|-)\d+$")
_TAG_LETTERS = "abcdefghijkmnpqrstuvwxyz"  # no l, o: they read as 1, 0
# letters that Unicode does not decompose into an ASCII letter and a mark
_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                              "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                              "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i"})


def base_slug(name: str) -> str:
    """The name's letters and digits, ASCII, lower case, hyphen-joined ('' if it has
    none: a name in a script without an ASCII folding, such as 大阪)."""
    folded = unicodedata.normalize("NFKD", name.translate(_SPELLED_OUT))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    ascii_only = ascii_only.encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub("-", ascii_only.lower()).strip("-")


def tag(name: str, length: int = 4) -> str:
    """Letters (never digits) from a hash of the exact name: stable, and the same for the
    same name in every build."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return "".join(_TAG_LETTERS[b % len(_TAG_LETTERS)] for b in digest[:length])


def slugs(names: Iterable[str]) -> dict[str, str]:
    """Each distinct name's slug, all different, none ending in a number (see above)."""
    by_base: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_base.setdefault(base_slug(name), []).append(name)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for base, spellings in sorted(by_base.items()):
        for i, name in enumerate(spellings):
            plain = bool(base) and i == 0 and not _ENDS_IN_NUMBER.search(base)
            slug, length = (base if plain else f"{base or 'name'}-{tag(name)}"), 4
            while slug in taken:  # two hashes alike: astronomically rare, still handled
                length += 2
                slug = f"{base or 'name'}-{tag(name, length)}"
            found[name] = slug
            taken.add(slug)
    return found


def same_slug(names: Iterable[str]) -> list[tuple[str, ...]]:
    """The groups of different names that fold to one slug: likely one person or place
    spelt two ways in the headers (W545). Names without any ASCII letter are left out."""
    by_base: dict[str, set[str]] = {}
    for name in names:
        if base := base_slug(name):
            by_base.setdefault(base, set()).add(name)
    return [tuple(sorted(group)) for _, group in sorted(by_base.items()) if len(group) > 1]
