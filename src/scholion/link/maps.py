"""The plan of the map of places and of the timeline (issue 15, item 10).

What they show is decided here, once: which places have coordinates and how often the text
mentions them, which of them lie far from the others (drawn in an inset of the whole
world), which ties between them the registers record (`common.relations`); and every dated
thing of the edition — the dates the text gives, the register's dated events, the
documents' own dates — each with the ¶ links where the text has it. How they are drawn
(projection, lines, labels) is `render.figures`'.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..common.dates import DateValue, point_key
from ..common.kinds import DATE
from ..common.relations import pairs
from ..common.routes import entity_url
from ..model import Registers
from .index import SHOWN, Index
from .reading import Mention

# A place further than this from the most-mentioned one is drawn in the world inset, not
# on the main map: about the distance from Osaka to Xi'an and a half, so that a region's
# cities share the main map and a sister city across an ocean does not shrink it.
NEAR_KM = 3500.0
EARTH_KM = 6371.0


@dataclass(frozen=True)
class MapPlace:
    id: str
    name: str
    lat: float
    lon: float
    url: str  # its index entry, from the site root
    mentions: int
    far: bool = False  # drawn in the inset rather than on the main map


@dataclass(frozen=True)
class Tie:
    """A relation between two places that both have coordinates."""

    a: str  # place ids
    b: str
    name: str  # the relation's @name as written ("sister-city")
    cert: str = ""

    @property
    def label(self) -> str:
        return self.name.replace("-", " ").replace("_", " ")


@dataclass(frozen=True)
class PlaceMap:
    places: tuple[MapPlace, ...] = ()  # in the index's order
    ties: tuple[Tie, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.places)

    @property
    def near(self) -> tuple[MapPlace, ...]:
        return tuple(p for p in self.places if not p.far)

    @property
    def far(self) -> tuple[MapPlace, ...]:
        return tuple(p for p in self.places if p.far)

    @property
    def labels(self) -> tuple[str, ...]:
        """The kinds of tie, in the order first drawn: the map's legend."""
        return tuple(dict.fromkeys(t.label for t in self.ties))

    def ties_of(self, place_id: str) -> tuple[tuple[MapPlace, Tie], ...]:
        """(the other place, the tie) of each tie of a place: its row of the table."""
        by_id = {p.id: p for p in self.places}
        return tuple((by_id[t.b if t.a == place_id else t.a], t) for t in self.ties
                     if place_id in (t.a, t.b))


@dataclass(frozen=True)
class Moment:
    """One mark of the timeline: a date of the text, a dated event, or a document's date;
    a date the text gives in several places is one mark with a link to each."""

    value: DateValue
    kind: str  # "date" | "event" | "document"
    what: str = ""  # the event's or the document's name; '' for a date of the text
    links: tuple[tuple[str, str], ...] = ()  # (URL from the site root, "¶ 6")
    anchor: str = ""  # its row in the timeline page's table
    url: str = ""  # an event's index entry, from the site root

    @property
    def is_span(self) -> bool:
        return self.value.start != self.value.end


@dataclass(frozen=True)
class Timeline:
    moments: tuple[Moment, ...] = ()  # in time order
    first: int = 0  # the years the axis runs over: those of the text's and the documents'
    last: int = 0   # dates; events that run beyond it are drawn to its edge, open
    # a large collection's: the documents and the text's dates counted by year, each
    # year's mark linking to its letters and its dates (`timeline`'s `years`)
    by_year: bool = False

    def __bool__(self) -> bool:
        return bool(self.moments)


def place_map(index: Index, registers: Registers | None) -> PlaceMap:
    located = [e for e in index.places if e.entity.geo is not None]
    places = [MapPlace(e.entity.id, e.entity.name, *e.entity.geo,
                       url=entity_url("place", e.entity.id), mentions=len(e.occurrences))
              for e in located]
    places = _mark_far(places)
    ids = {p.id for p in places}
    ties: dict[tuple[str, str, str], Tie] = {}
    for relation in registers.relations if registers else ():
        for a, b in pairs(relation, registers):
            if a.id in ids and b.id in ids:
                ties.setdefault((a.id, b.id, relation.name),
                                Tie(a.id, b.id, relation.name, relation.cert))
    return PlaceMap(tuple(places), tuple(ties.values()))


def _mark_far(places: list[MapPlace]) -> list[MapPlace]:
    """Far: further than NEAR_KM from the most-mentioned place. None is far when that
    leaves fewer than two places on the main map: then one map shows them all."""
    if len(places) < 3:
        return places
    centre = max(places, key=lambda p: p.mentions)  # the first of the most mentioned
    far = {p.id for p in places if distance_km(centre, p) > NEAR_KM}
    if len(places) - len(far) < 2 or not far:
        return places
    return [MapPlace(p.id, p.name, p.lat, p.lon, p.url, p.mentions, p.id in far)
            for p in places]


def distance_km(a: MapPlace, b: MapPlace) -> float:
    """Great-circle distance (haversine)."""
    la, lb = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lb - la, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def timeline(index: Index, pages: Sequence, url_of,
             years: Sequence[tuple[str, str, int]] = (), noun: str = "documents") -> Timeline:
    """The dates of the text (the chronology), the dated events, the documents' dates.
    With `years` (a large collection's: each year, its first list page, its documents),
    the documents and the dates are marked once a year, counted, and an event links to
    at most `SHOWN` paragraphs (its index entry has them all): a page of bounded size
    however many letters there are."""
    several = len(pages) > 1
    cap = SHOWN if years else None
    moments = [Moment(e.entity.date, "event", e.entity.name,
                      _links(e.occurrences, url_of, several)[:cap],
                      url=entity_url("event", e.entity.id))
               for e in index.events if e.entity.date is not None]
    if years:
        moments += _by_year(index, years, noun)
    else:
        moments += [Moment(e.value, "date", links=_links(e.occurrences, url_of, several))
                    for e in index.dates]
    for page in pages if not years else ():
        meta = page.document.meta
        if meta.date and meta.date_exact:
            moments.append(Moment(DateValue(meta.date, meta.date), "document", meta.title,
                                  ((page.url, "the document"),)))
    moments.sort(key=lambda m: (m.value.order(), m.kind, m.what))
    moments = [replace(m, anchor=f"t{n}") for n, m in enumerate(moments, 1)]
    if not moments:
        return Timeline()
    axis = [m for m in moments if m.kind != "event"] or moments
    years = [point_key(p)[0] for m in axis for p in (m.value.start, m.value.end) if p]
    return Timeline(tuple(moments), min(years), max(years), by_year=bool(cap))


def _by_year(index: Index, years: Sequence[tuple[str, str, int]], noun: str
             ) -> list[Moment]:
    """A mark a year for the documents (to the year's list) and one for the dates the
    text gives (to the first of them in the chronology)."""
    found = [Moment(DateValue(year, year), "document", f"{total:,} {noun}",
                    ((url, f"the {noun} of {year}"),))
             for year, url, total in years if year.isdigit()]
    dates: dict[str, list] = {}
    for entry in index.dates:
        year = (entry.value.start or entry.value.end)[:4]
        if year.isdigit():
            dates.setdefault(year, []).append(entry)
    found += [Moment(DateValue(year, year), "date", f"{len(entries):,} dates the text gives",
                     ((f"{index.page_of(DATE, entries[0].anchor)}#{entries[0].anchor}",
                       "in the chronology"),))
              for year, entries in dates.items()]
    return found


def _links(occurrences: tuple[Mention, ...], url_of, several: bool
           ) -> tuple[tuple[str, str], ...]:
    """One link per ¶ that has the date or the name, in the order of the text."""
    found: dict[str, str] = {}
    for m in occurrences:
        text = f"{m.document_id} ¶ {m.block_n}" if several else f"¶ {m.block_n}"
        found.setdefault(f"{url_of(m.document_id)}#{m.block_id}", text)
    return tuple(found.items())
