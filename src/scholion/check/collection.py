"""A large collection's lists (issue 17): names the headers spell two ways.

Past `LIST_ALL` documents, each correspondent and each place of the letters' headers
(`correspDesc`) has a page of its own, named by its slug (`common.slugs`). Two spellings
that fold to one slug ("Anna Müller", "Anna Muller") are most likely one person or place:
each gets a page, and the letters are split between them. A warning (W545), since the
names may well be two people; the build goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ..common.routes import LIST_ALL
from ..common.slugs import same_slug
from ..diagnostics import Diagnostic, warning
from ..model import Document, Edition


def check_collection(edition: Edition) -> list[Diagnostic]:
    if len(edition.documents) <= LIST_ALL:
        return []
    return [*_spellings(edition.documents, "correspondent",
                        lambda d: (*d.meta.senders, *d.meta.addressees)),
            *_spellings(edition.documents, "place",
                        lambda d: tuple(p for p in (d.meta.sent_place, d.meta.received_place)
                                        if p))]


def _spellings(documents: Sequence[Document], what: str,
               names: Callable[[Document], tuple[str, ...]]) -> Iterator[Diagnostic]:
    """One warning per group of spellings, at the first document that writes the second."""
    first: dict[str, Document] = {}
    for document in documents:
        for name in names(document):
            first.setdefault(name, document)
    for group in same_slug(first):
        later = sorted(group[1:], key=lambda n: first[n].path)
        where = first[later[0]]
        spelt = ", ".join(f"'{n}'" for n in group)
        yield warning(where.path, 1, "W545",
                      f"the {what} names {spelt} differ only in case, accents or "
                      f"punctuation: each has a list of its own",
                      hint="if they are one, spell the name one way in every header")
