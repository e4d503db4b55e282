"""The collection's pages, for an edition of many documents (issue 17): the plan of a
bounded landing page and of the lists it leads to.

A small edition (at most `LIST_ALL` documents) keeps one landing page listing every
document. A larger one gets, besides a landing page of bounded size (counts, a calendar,
the most active correspondents and places, the first documents), lists drawn at build
time, each in date order and cut into pages of at most `PER_PAGE` documents:

- `collection/1974.html` the documents of a year, under their months (`1974-2.html` its
  second page; `collection/undated.html` those the headers give no date);
- `collection/people/SLUG.html` the letters a correspondent wrote or received,
  `collection/places/SLUG.html` those written at or sent to a place, under their years;
- `collection/people.html`, `collection/places.html` every correspondent and place, by
  name (pages of `HUB_PER_PAGE`).

The addresses come from the year or the name (`common.slugs`), never from a position,
so they stay as documents are added; only a list's later pages (`-2`) shift. Filtering
and sorting need no script: each facet is a page, and every list is in date order, the
order letters are read and cited in (another order, by title, would say little of
letters all titled "Letter from A to B", and would double the pages).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from ..common.dates import point_key
from ..common.routes import COLLECTION, LIST_ALL, Route
from ..common.slugs import slugs

if TYPE_CHECKING:  # link/__init__ imports this module: DocumentPage is only a hint here
    from . import DocumentPage

PER_PAGE = 100  # documents on one page of a list
ON_LANDING = 20  # the first documents a large collection's landing page lists
TOP = 12  # correspondents and places named on the landing page
HUB_PER_PAGE = 500  # names on one page of the list of every correspondent or place
UNDATED = "undated"
MONTHS = tuple(calendar.month_abbr[m] for m in range(1, 13))
PEOPLE, PLACES = "people", "places"


@dataclass(frozen=True)
class Group:
    """Documents under one heading of a list page: a month on a year's page, a year on a
    correspondent's (`anchor` '' and `label` '' for none)."""

    anchor: str
    label: str
    documents: tuple[DocumentPage, ...]


@dataclass(frozen=True)
class Listing:
    """One page of a list of documents, in date order."""

    url: str
    kind: str  # "year", "undated", "person" or "place"
    key: str  # the year ("1974", "undated") or the name
    title: str
    number: int  # the page's place in its list, from 1
    pages: tuple[str, ...]  # the URL of every page of its list, in order
    groups: tuple[Group, ...]
    previous: tuple[str, str] | None = None  # (URL, label) of the page read before
    following: tuple[str, str] | None = None
    offset: int = 0  # how many documents of its list come before this page
    total: int = 0  # how many its whole list has

    @property
    def documents(self) -> tuple[DocumentPage, ...]:
        return tuple(d for g in self.groups for d in g.documents)


@dataclass(frozen=True)
class Facet:
    """A correspondent or a place with its page, and how many documents name it in each
    of its two roles (wrote / received; written at / sent to)."""

    name: str
    url: str
    first: int
    second: int
    total: int


@dataclass(frozen=True)
class Hub:
    """One page of the list of every correspondent (`people`) or place, by name."""

    url: str
    kind: str  # PEOPLE or PLACES
    title: str
    number: int
    pages: tuple[str, ...]
    facets: tuple[Facet, ...]


@dataclass(frozen=True)
class CalendarYear:
    year: str
    url: str  # the year's first page
    total: int
    cells: tuple[tuple[int, str], ...]  # per column: (count, URL#month), (0, "") if none


@dataclass(frozen=True)
class Calendar:
    """Years by months: a real table on the landing page. `columns` are the months
    (abbreviation, name), and ("?", "no month given") when some dates name a year alone."""

    columns: tuple[tuple[str, str], ...] = ()
    years: tuple[CalendarYear, ...] = ()
    undated: tuple[int, str] = (0, "")


@dataclass(frozen=True)
class Collection:
    """The plan of a large collection's pages; empty (`paged` false) for a small one."""

    paged: bool = False
    noun: str = "documents"  # "letters" when every document is one
    count: int = 0
    calendar: Calendar = field(default_factory=Calendar)
    people: tuple[Facet, ...] = ()  # most documents first, then by name
    places: tuple[Facet, ...] = ()
    first: tuple[DocumentPage, ...] = ()  # the landing page's
    listings: tuple[Listing, ...] = ()
    hubs: tuple[Hub, ...] = ()

    @cached_property
    def _pages(self) -> dict[str, Listing | Hub]:
        return {p.url: p for p in (*self.listings, *self.hubs)}

    def page(self, url: str) -> Listing | Hub:
        return self._pages[url]

    @cached_property
    def person_urls(self) -> dict[str, str]:
        return {f.name: f.url for f in self.people}

    @cached_property
    def place_urls(self) -> dict[str, str]:
        return {f.name: f.url for f in self.places}

    def hub_url(self, kind: str) -> str:
        """The first page of the list of every correspondent (`people`) or place."""
        return next((h.url for h in self.hubs if h.kind == kind), "")

    @property
    def start(self) -> str:
        """The first page of the whole collection in date order."""
        return self.listings[0].url if self.listings else ""

    @property
    def routes(self) -> tuple[Route, ...]:
        return tuple(Route(p.url, "collection", p.title,
                           "collection.html" if isinstance(p, Listing) else "collection_hub.html")
                     for p in (*self.listings, *self.hubs))


def plan_collection(pages: tuple[DocumentPage, ...], list_all: int = LIST_ALL,
                    per_page: int = PER_PAGE, hub_per_page: int = HUB_PER_PAGE) -> Collection:
    """The collection's pages, from the documents in collection order (by date, as `load`
    sorts them). `list_all` and the page sizes are parameters for the tests."""
    if len(pages) <= list_all:
        return Collection(count=len(pages))
    noun = "letters" if all(p.document.meta.is_letter for p in pages) else "documents"
    years = _by_year(pages, noun, per_page)
    people = _facets(pages, PEOPLE, lambda m: m.senders, lambda m: m.addressees)
    places = _facets(pages, PLACES, lambda m: (m.sent_place,) if m.sent_place else (),
                     lambda m: (m.received_place,) if m.received_place else ())
    lists = [*_chained(years), *_facet_lists(pages, people, PEOPLE, noun, per_page),
             *_facet_lists(pages, places, PLACES, noun, per_page)]
    hubs = [*_hubs(people, PEOPLE, f"Every correspondent of the {noun}", hub_per_page),
            *_hubs(places, PLACES, f"Every place of the {noun}", hub_per_page)]
    return Collection(paged=True, noun=noun, count=len(pages), calendar=_calendar(years),
                      people=people, places=places, first=pages[:ON_LANDING],
                      listings=tuple(lists), hubs=tuple(hubs))


def year_of(date: str) -> tuple[str, int]:
    """'1974-03-05' → ('1974', 3); '1974' → ('1974', 0); '' → ('undated', 0). A year
    before AD 1 keeps its sign ('-0044')."""
    if not date:
        return UNDATED, 0
    key = point_key(date)
    sign = "-" if date.startswith("-") else ""
    return sign + date.lstrip("-").split("-")[0], key[1] if len(key) > 1 else 0


def paged_urls(stem: str, count: int) -> tuple[str, ...]:
    """`stem.html`, `stem-2.html`, …: the pages of a list of `count` pages."""
    return tuple(f"{stem}.html" if n == 1 else f"{stem}-{n}.html"
                 for n in range(1, max(count, 1) + 1))


def _cut(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _by_year(pages: tuple[DocumentPage, ...], noun: str,
             per_page: int) -> list[list[Listing]]:
    """Each year's pages (then the undated), in time order; documents under months."""
    years: dict[str, list[DocumentPage]] = {}
    for page in pages:
        years.setdefault(year_of(page.document.meta.date)[0], []).append(page)
    found = []
    for year, documents in years.items():  # `pages` is in time order, and so are these
        cuts = _cut(documents, per_page)
        urls = paged_urls(f"{COLLECTION}/{year}", len(cuts))
        title = (f"Undated {noun}" if year == UNDATED
                 else f"{noun.capitalize()} of {year}")
        found.append([Listing(url, UNDATED if year == UNDATED else "year", year,
                              title if n == 1 else f"{title}, page {n}", n, urls,
                              tuple(_month_groups(cut, year)),
                              offset=(n - 1) * per_page, total=len(documents))
                      for n, (url, cut) in enumerate(zip(urls, cuts, strict=True), start=1)])
    return found


def _month_groups(documents: list[DocumentPage], year: str) -> Iterator[Group]:
    if year == UNDATED:
        yield Group("", "", tuple(documents))
        return
    months: dict[int, list[DocumentPage]] = {}
    for page in documents:
        months.setdefault(year_of(page.document.meta.date)[1], []).append(page)
    for month, found in months.items():  # a year-only date sorts before its months
        label = f"{calendar.month_name[month]} {year}" if month else f"{year}, no month given"
        yield Group(f"m{month:02d}", label, tuple(found))


def _chained(years: list[list[Listing]]) -> Iterator[Listing]:
    """The year pages, each linked to the page before and after it in the collection's
    order: one chain from the first document to the last."""
    flat = [page for year in years for page in year]
    for i, page in enumerate(flat):
        before = flat[i - 1] if i else None
        after = flat[i + 1] if i + 1 < len(flat) else None
        yield _linked(page, before, after)


def _linked(page: Listing, before: Listing | None, after: Listing | None) -> Listing:
    def label(other: Listing | None) -> tuple[str, str] | None:
        return (other.url, other.title) if other is not None else None

    return replace(page, previous=label(before), following=label(after))


def _facets(pages: tuple[DocumentPage, ...], folder: str,
            first: Callable, second: Callable) -> tuple[Facet, ...]:
    """Every name of one facet with its page and counts: most documents first."""
    ones: dict[str, int] = {}
    twos: dict[str, int] = {}
    totals: dict[str, int] = {}
    for page in pages:
        meta = page.document.meta
        for name in first(meta):
            ones[name] = ones.get(name, 0) + 1
        for name in second(meta):
            twos[name] = twos.get(name, 0) + 1
        for name in {*first(meta), *second(meta)}:
            totals[name] = totals.get(name, 0) + 1
    slug = slugs(totals)
    order = sorted(totals, key=lambda n: (-totals[n], n.casefold(), n))
    return tuple(Facet(n, f"{COLLECTION}/{folder}/{slug[n]}.html", ones.get(n, 0),
                       twos.get(n, 0), totals[n]) for n in order)


def _facet_lists(pages: tuple[DocumentPage, ...], facets: tuple[Facet, ...], folder: str,
                 noun: str, per_page: int) -> Iterator[Listing]:
    """Each correspondent's or place's documents, in date order, under their years."""
    of: dict[str, list[DocumentPage]] = {f.name: [] for f in facets}
    for page in pages:
        meta = page.document.meta
        names = ({*meta.senders, *meta.addressees} if folder == PEOPLE
                 else {meta.sent_place, meta.received_place} - {""})
        for name in sorted(names):
            of[name].append(page)
    for facet in facets:
        cuts = _cut(of[facet.name], per_page)
        urls = paged_urls(facet.url.removesuffix(".html"), len(cuts))
        title = (f"{noun.capitalize()} from and to {facet.name}" if folder == PEOPLE
                 else f"{noun.capitalize()} written at or sent to {facet.name}")
        listed = [Listing(url, "person" if folder == PEOPLE else "place", facet.name,
                          title if n == 1 else f"{title}, page {n}", n, urls,
                          tuple(_year_groups(cut)), offset=(n - 1) * per_page,
                          total=len(of[facet.name]))
                  for n, (url, cut) in enumerate(zip(urls, cuts, strict=True), start=1)]
        for i, page in enumerate(listed):
            yield _linked(page, listed[i - 1] if i else None,
                          listed[i + 1] if i + 1 < len(listed) else None)


def _year_groups(documents: Iterable[DocumentPage]) -> Iterator[Group]:
    years: dict[str, list[DocumentPage]] = {}
    for page in documents:
        years.setdefault(year_of(page.document.meta.date)[0], []).append(page)
    for year, found in years.items():
        yield Group(f"y{year}", "Undated" if year == UNDATED else year, tuple(found))


def _hubs(facets: tuple[Facet, ...], folder: str, title: str,
          per_page: int) -> Iterator[Hub]:
    if not facets:
        return
    by_name = sorted(facets, key=lambda f: (f.name.casefold(), f.name))
    cuts = _cut(by_name, per_page)
    urls = paged_urls(f"{COLLECTION}/{folder}", len(cuts))
    for n, (url, cut) in enumerate(zip(urls, cuts, strict=True), start=1):
        yield Hub(url, folder, title if n == 1 else f"{title}, page {n}", n, urls, tuple(cut))


def _calendar(years: list[list[Listing]]) -> Calendar:
    """How many documents each month of each year has, each count a link to the page
    where that month begins."""
    rows, undated = [], (0, "")
    year_only = False
    for listed in years:
        head = listed[0]
        if head.kind == UNDATED:
            undated = (sum(len(p.documents) for p in listed), head.url)
            continue
        cells: dict[int, tuple[int, str]] = {}
        for page in listed:
            for group in page.groups:
                month = int(group.anchor[1:])
                count, url = cells.get(month, (0, f"{page.url}#{group.anchor}"))
                cells[month] = (count + len(group.documents), url)
        year_only = year_only or 0 in cells
        rows.append((head, cells))
    columns = (*range(1, 13), 0) if year_only else tuple(range(1, 13))
    return Calendar(
        columns=tuple((MONTHS[m - 1], calendar.month_name[m]) if m else ("?", "no month given")
                      for m in columns),
        years=tuple(CalendarYear(head.key, head.url, sum(c for c, _ in cells.values()),
                                 tuple(cells.get(m, (0, "")) for m in columns))
                    for head, cells in rows),
        undated=undated)
