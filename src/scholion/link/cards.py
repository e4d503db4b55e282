"""The entity cards of a reading page: what the page says of each entry its text mentions,
so that a reader can see who or what a name is without leaving the text.

A card holds the entry's name, its kind, the first clause of its register note (the gloss),
its dates, its authority links, how many mentions the whole edition has of it and its index
entry. The page embeds the cards once, as JSON; the script shows one beside a mention on
hover, focus or tap, and finds the previous and next mention on the page itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..common.dates import human
from ..common.kinds import AUTHORITY_LABELS, BY_NAME
from ..common.routes import entity_url
from ..model import Entity, Prose, Registers
from .reading import Reading

GLOSS = 160  # characters at most of a card's gloss (a word is never cut)


@dataclass(frozen=True)
class Card:
    id: str
    kind: str  # the kind's name in words: "person", "organization"
    name: str
    gloss: tuple[tuple[str, str], ...]  # runs of (language, words), as `Prose` has them
    dates: str  # "30 January 1915 – 7 August 2010", an event's date; '' for none
    authorities: tuple[tuple[str, str], ...]  # (label, URI): ("Wikidata", "https://…")
    mentions: int  # in the whole edition
    url: str  # its index entry, from the site root

    def data(self) -> dict[str, object]:
        """The card as the page embeds it: short keys, empty fields left out, no index URL
        (each mention links to it already): the JSON is part of the page's weight."""
        found = {"n": self.name, "k": self.kind, "c": self.mentions,
                 "g": [list(run) for run in self.gloss], "d": self.dates,
                 "a": [list(a) for a in self.authorities]}
        return {key: value for key, value in found.items() if value or key == "c"}


def page_cards(readings: Iterable[Reading], registers: Registers | None,
               counts: Mapping[str, int], made: dict[str, Card] | None = None
               ) -> tuple[Card, ...]:
    """A card for each entry the page's mentions name, in the order of their first
    mention; `counts` is the number of mentions of each entry in the edition. `made`:
    the cards made for other pages of this plan, by entry (an entry's card is the same on
    every page, and the pages of a collection name the same entries over and over)."""
    if registers is None:
        return ()
    made = {} if made is None else made
    ids = dict.fromkeys(key for reading in readings for mention in reading.mentions
                        if mention.pointer.date is None for key in mention.pointer.keys)
    found = []
    for key in ids:
        if (entity := registers.get(key)) is not None:
            if entity.id not in made:
                made[entity.id] = card(entity, counts.get(entity.id, 0))
            found.append(made[entity.id])
    return tuple(found)


def card(entity: Entity, mentions: int) -> Card:
    kind = BY_NAME[entity.kind]
    return Card(id=entity.id, kind=kind.singular, name=entity.name,
                gloss=gloss(entity.description), dates=dates(entity),
                authorities=tuple((AUTHORITY_LABELS.get(k, k), uri)
                                  for k, uri in entity.authorities),
                mentions=mentions, url=entity_url(entity.kind, entity.id))


def dates(entity: Entity) -> str:
    if entity.date is not None:
        return entity.date.label
    born, died = human(entity.birth), human(entity.death)
    if born and died:
        return f"{born} – {died}"
    return f"born {born}" if born else f"died {died}" if died else ""


def gloss(description: str) -> tuple[tuple[str, str], ...]:
    """The note's first clause (up to its first ';'), at most GLOSS characters, cut at a
    word with '…'; each part keeps its language."""
    runs = description.runs if isinstance(description, Prose) else (("", description),)
    text = "".join(words for _, words in runs)
    end = text.find(";")
    end = len(text) if end < 0 else end
    cut = end > GLOSS
    if cut:
        end = text.rfind(" ", 0, GLOSS) if " " in text[:GLOSS] else GLOSS
    if text.count("(", 0, end) > text.count(")", 0, end):  # never a bracket left open
        end, cut = text.rfind("(", 0, end), True
    found, at = [], 0
    for lang, words in runs:
        part = words[:max(0, end - at)]
        at += len(words)
        if part:
            found.append((lang, part))
    if found:
        lang, last = found[-1]
        found[-1] = (lang, last.rstrip(" ,.:(") + ("…" if cut else ""))
    return tuple(found)
