"""TEI's dating attributes: which elements carry them, which values they take, what a
chronology makes of them; and dates named for people.

Shared by `check` (does a value conform? W115 when not), `load` (the header's dates),
`common.refs` (a `<date>` is a mention when it gives a date value), `link` (the
chronology) and `render` (the `<time datetime>` of a date), so that all of them read a
date the same way.

What is accepted, by attribute class (TEI P5 Guidelines, att.datable and its three
subclasses; the datatypes teidata.temporal.w3c and teidata.temporal.iso):

- att.datable.w3c (`@when`, `@from`, `@to`, `@notBefore`, `@notAfter`; also `docDate/@when`):
  the XML Schema 1.0 types date, gYear, gYearMonth, gMonth, gDay, gMonthDay, time and
  dateTime. Years have four digits or more (no leading zero beyond four), may be negative
  (`-0044`), and are never `0000` (1 BCE is `-0001`); a time has seconds (`13:00:00`,
  optionally `.5`); any of them may end in a time zone (`Z`, `+09:00`). The values are
  always Gregorian (proleptic): `@calendar` describes the element's content, not them.
- att.datable.iso (`@when-iso`, …): every W3C form, and this subset of ISO 8601:2004:
  calendar dates (`1974-04-18`, `19740418`, `1974-04`, `1974`, `+12000`), ordinal dates
  (`1974-108`), week dates (`1974-W16`, `1974-W16-4`), times with fewer parts or a
  decimal fraction (`14`, `03:00`, `15,5`, `T1230`), time zones `Z`, `±hh`, `±hh:mm`,
  date-times, durations (`P8D`, `PT2H30M`, `P2W`), intervals (`1974/1975`,
  `2007-06-01/P8D`, `P1Y/1975`) and recurring intervals (`R5/1974/1975`). Not accepted:
  ISO 8601-2 extensions (`..`, `?`, `~`, `X`) and abbreviated interval ends (`1974/75`).
- att.datable.custom (`@when-custom`, …, read with `@datingMethod`): any calendar, so
  never checked and never read into the chronology.

A value gives a point in the chronology when it names a year, a month or a day: a
dateTime gives its day, a week date the week's days, an ordinal date its day. A time
alone, a yearless date (`--04-18`), a duration, or an interval with a duration gives
none: such a date is valid but not in the chronology.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from ..model import Node

# The elements that are dated in TEI's sense: the members of att.datable (TEI P5
# Guidelines, "att.datable", https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-att.datable.html;
# this list is that class's membership in the tei_all schema Scholion bundles, TEI 4.3.0,
# and tests/test_check.py keeps the two in step), plus <docDate>, which is not a member
# but has its own @when of the same W3C datatype. Only on these are @when, @from, @to,
# @notBefore and @notAfter dates: on <locus> (from="1r"), <app> and <span> (from="#w1"),
# <arc>, <rt>, <biblScope> and <citedRange> they are folio numbers, pointers or citation
# ranges, and are never read as dates.
DATABLE = frozenset({
    # core and header: dates and times, titles, responsibility, identifiers
    "date", "time", "docDate", "title", "author", "editor", "funder", "principal", "sponsor",
    "meeting", "resp", "idno", "licence", "name", "change", "creation", "application",
    "precision", "unitDecl", "unitDef", "conversion",
    # manuscripts and objects
    "origDate", "origPlace", "origin", "provenance", "acquisition", "altIdentifier",
    "binding", "seal", "stamp", "custEvent", "objectName",
    # names and dates: persons
    "persName", "birth", "death", "floruit", "affiliation", "age", "education", "event",
    "faith", "langKnowledge", "langKnown", "nationality", "occupation", "persPronouns",
    "relation", "residence", "sex", "socecStatus", "state", "trait",
    # names and dates: places and organizations
    "placeName", "geogName", "geogFeat", "bloc", "country", "region", "settlement",
    "district", "location", "offset", "population", "climate", "terrain", "orgName",
})

W3C_ATTRS = ("when", "from", "to", "notBefore", "notAfter")  # att.datable.w3c
ISO_ATTRS = tuple(f"{name}-iso" for name in W3C_ATTRS)  # att.datable.iso

Span = tuple[str, str]  # (start, end) calendar points; ("", "") for a value with none
_NO_POINT: Span = ("", "")

# --- W3C XML Schema 1.0 (att.datable.w3c) -------------------------------------------------

_W3C_YEAR = r"-?(?:[1-9]\d{4,8}|\d{4})"  # at most 9 digits: int() stays cheap
_W3C_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?"
_W3C_ZONE = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))"
_W3C = re.compile(
    rf"(?:(?P<year>{_W3C_YEAR})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d)(?:T(?:{_W3C_TIME}))?)?)?"
    rf"|--(?P<ymonth>\d\d)(?:-(?P<yday>\d\d))?|---(?P<mday>\d\d)|(?:{_W3C_TIME}))"
    rf"{_W3C_ZONE}?", re.ASCII)


def w3c_span(value: str) -> Span | None:
    """The calendar point a W3C value names, as (start, end); None when it does not
    conform to any of the XML Schema types that att.datable.w3c allows."""
    match = _W3C.fullmatch(value)
    if match is None:
        return None
    year, month, day = match["year"], match["month"], match["day"]
    if year is not None:
        if int(year) == 0 or not _real_day(int(year), month, day):
            return None
        point = "-".join(part for part in (year, month, day) if part)
        return point, point
    if not _real_day(None, match["ymonth"], match["yday"] or match["mday"]):
        return None
    return _NO_POINT  # a time, or a day of no year


def _real_day(year: int | None, month: str | None, day: str | None) -> bool:
    """Is there such a month, and such a day in it? Without a year, 29 February is."""
    if month is not None and not 1 <= int(month) <= 12:
        return False
    if day is None:
        return True
    if month is None:
        return 1 <= int(day) <= 31
    return 1 <= int(day) <= days_in_month(year, int(month))


def days_in_month(year: int | None, month: int) -> int:
    """In the proleptic Gregorian calendar, the leap year reckoned on the year as written
    (any integer; `calendar.monthrange` refuses years outside 1–9999)."""
    leap = year is None or calendar.isleap(year)
    return calendar.mdays[month] + (month == 2 and leap)


# --- ISO 8601 (att.datable.iso) -----------------------------------------------------------

_ISO_DATE = re.compile(
    r"(?P<year>[+-]\d{4,9}|\d{4})(?:"
    r"-(?P<month>\d\d)(?:-(?P<day>\d\d))?"  # calendar date, extended
    r"|(?P<bmonth>\d\d)(?P<bday>\d\d)"  # calendar date, basic
    r"|-?(?P<ordinal>\d{3})"  # ordinal date
    r"|-?W(?P<week>\d\d)(?:-?(?P<weekday>[1-7]))?"  # week date
    r")?", re.ASCII)
_ISO_TIME = re.compile(
    r"(?P<hour>[01]\d|2[0-4])(?::?(?P<minute>[0-5]\d)(?::?(?P<second>[0-5]\d|60))?)?"
    r"(?P<fraction>[.,]\d+)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?", re.ASCII)
_N = r"\d+(?:[.,]\d+)?"
_ISO_DURATION = re.compile(
    rf"P(?=\d|T\d)(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?"
    rf"(?:T(?=\d)(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?", re.ASCII)


def iso_span(value: str) -> Span | None:
    """The calendar span an ISO 8601 value names; ("", "") for a valid value that names
    none (a time, a duration, an interval with a duration, a recurrence); None when the
    value is in none of the forms accepted (see the module's docstring). ISO's reading
    comes first: `19740418` is a day, not XML Schema's year 19,740,418."""
    recurring = re.fullmatch(r"R\d*/(.+)", value, re.ASCII)
    if recurring:
        return _NO_POINT if _iso_interval(recurring[1]) is not None else None
    found = _iso_interval(value)
    return found if found is not None else w3c_span(value)


def _iso_interval(value: str) -> Span | None:
    """A point, a duration, or an interval of two of them (not two durations)."""
    parts = value.split("/")
    if len(parts) == 1:
        return _NO_POINT if _ISO_DURATION.fullmatch(value) else _iso_point(value)
    if len(parts) != 2:
        return None
    start, end = (_ISO_DURATION.fullmatch(p) is not None for p in parts)
    if start and end:
        return None
    if start or end:
        other = _iso_point(parts[1] if start else parts[0])
        return None if other is None else _NO_POINT
    first, last = _iso_point(parts[0]), _iso_point(parts[1])
    if first is None or last is None:
        return None
    return first[0], last[1]


def _iso_point(value: str) -> Span | None:
    """A date, a date and time, or a time alone (which may start with 'T')."""
    date, t, time = value.partition("T")
    if not date:
        return _NO_POINT if _iso_time(time) else None
    if t and not _iso_time(time):
        return None
    match = _ISO_DATE.fullmatch(date)
    if match is None:
        return _NO_POINT if not t and _iso_time(value) else None
    return _iso_date(match)


def _iso_time(value: str) -> bool:
    match = _ISO_TIME.fullmatch(value)
    if match is None:
        return False
    rest = (match["minute"] or "00", match["second"] or "00", match["fraction"] or "0")
    return match["hour"] != "24" or all(not part.strip("0.,") for part in rest)


def _iso_date(match: re.Match[str]) -> Span | None:
    """The calendar span of a matched ISO date, in the extended calendar form."""
    year_text = match["year"].lstrip("+")
    year = int(year_text)
    if match["ordinal"]:
        return _ordinal(year, year_text, int(match["ordinal"]))
    if match["week"]:
        return _week(year, int(match["week"]), match["weekday"])
    month, day = match["month"] or match["bmonth"], match["day"] or match["bday"]
    if not _real_day(year, month, day):
        return None
    point = "-".join(part for part in (year_text, month, day) if part)
    return point, point


def _ordinal(year: int, year_text: str, number: int) -> Span | None:
    """1974-108 → 1974-04-18."""
    for month in range(1, 13):
        days = days_in_month(year, month)
        if 1 <= number <= days:
            point = f"{year_text}-{month:02d}-{number:02d}"
            return point, point
        number -= days
    return None


def _week(year: int, week: int, weekday: str | None) -> Span | None:
    """1974-W16-4 → 1974-04-18; 1974-W16 → its Monday to its Sunday. Python's calendar
    knows weeks of the years 1 to 9999 only: a week of another year is valid (weeks 1 to
    53) but names no point."""
    if not 1 <= year <= 9999:
        return _NO_POINT if 1 <= week <= 53 else None
    try:
        first = dt.date.fromisocalendar(year, week, int(weekday or 1))
        last = dt.date.fromisocalendar(year, week, int(weekday or 7))
    except ValueError:  # week 53 of a year of 52 weeks, week 00
        return None
    return first.isoformat(), last.isoformat()


# --- reading an element's dating attributes ----------------------------------------------

_READERS = {**dict.fromkeys(W3C_ATTRS, w3c_span), **dict.fromkeys(ISO_ATTRS, iso_span)}
_W3C_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss"


def nonconforming(node: Node) -> list[tuple[str, str, str]]:
    """(attribute, value, hint) for each dating attribute of a dated element whose value
    is not of a form its class allows. Nothing for an element that TEI does not date."""
    if node.tag not in DATABLE:
        return []
    names = ("when",) if node.tag == "docDate" else _READERS
    return [(name, value, _hint(name, value)) for name, value in node.attrs
            if name in names and _READERS[name](value) is None]


def _hint(name: str, value: str) -> str:
    """What to write instead: the usual cause is an ISO form in a W3C attribute, a date
    that does not exist, or a date in another calendar."""
    if name in ISO_ATTRS:
        return ("use an ISO 8601 date, time, duration or interval, e.g. 1974-04-18, "
                "1974-W16-4, 1974/1975, P8D")
    if iso_span(value) is not None:
        return (f"this is ISO 8601 but not a W3C form (times need seconds): write "
                f"{_W3C_FORMS}, or put it in @{name}-iso")
    return (f"use {_W3C_FORMS} (Gregorian; 1 BCE is -0001); a date in another calendar "
            f"goes in @{name}-custom with @datingMethod")


def date_value(node: Node) -> DateValue | None:
    """The date value of a dated element, for the chronology: from its W3C attributes,
    else from its ISO ones (@when, else @from/@to, else @notBefore/@notAfter); None when
    any of them does not conform, or when none names a point in time."""
    spans = _spans(node)
    for names in (W3C_ATTRS, ISO_ATTRS) if spans else ():
        value = _value_of(spans, *names)
        if value is not None:
            return value
    return None


def _spans(node: Node) -> dict[str, Span]:
    """Each dating attribute's span; none at all when one of them does not conform (the
    element is then warned about, and left out)."""
    spans = {name: _READERS[name](value) for name, value in node.attrs if name in _READERS}
    return {} if None in spans.values() else {k: v for k, v in spans.items() if v is not None}


def _value_of(spans: dict[str, Span], when: str, start: str, end: str, not_before: str,
              not_after: str) -> DateValue | None:
    """One class's attributes as one value: a date, a span, or a vague range."""
    if spans.get(when, _NO_POINT) != _NO_POINT:
        return DateValue(*spans[when])
    first, last = spans.get(start, _NO_POINT)[0], spans.get(end, _NO_POINT)[1]
    if first or last:
        return DateValue(first, last)
    first, last = spans.get(not_before, _NO_POINT)[0], spans.get(not_after, _NO_POINT)[1]
    if first or last:
        return DateValue(first, last, exact=False)
    return None


def calendar_point(value: str) -> str:
    """A W3C value as the calendar point it names ('1987-04-01T10:30:00Z' → '1987-04-01'),
    or '' when it names none or does not conform: how the header's dates (creation,
    revisions, births and deaths) are read."""
    span = w3c_span(value)
    return span[0] if span is not None else ""


def html_datetime(point: str) -> str:
    """A calendar point as HTML's `datetime` attribute takes it, or '' when HTML cannot
    say it: HTML's years are 1 and later."""
    return point if point and not point.startswith(("-", "0000")) else ""


def point_key(point: str) -> tuple[int, ...]:
    """'1974-04' → (1974, 4): calendar points compare in time order, whatever the sign or
    the number of digits of their year; '' (an open end) comes first."""
    if not point:
        return ()
    sign = -1 if point.startswith("-") else 1
    year, *rest = point.lstrip("-").split("-")
    return (sign * int(year), *(int(part) for part in rest))


@total_ordering
@dataclass(frozen=True)
class DateValue:
    """A normalized date, span (@from/@to) or vague range (@notBefore/@notAfter).

    Orders chronologically by its start. `key` writes it in ISO 8601 / EDTF notation:
    `1974-04-18`, `1981/..` (since 1981), `1974/1975` (a span), `[1974..1975]` (some
    time between).
    """

    start: str
    end: str = ""
    exact: bool = True

    def order(self) -> tuple:
        """What dates sort by, as a key for `sorted`: the same order as `<`, worked out
        once a date, not once a comparison (a collection's timeline sorted 14,000 pairs).
        Two dates of one order are equal."""
        return point_key(self.start), point_key(self.end), self.exact, self.start, self.end

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DateValue):
            return NotImplemented
        return self.order() < other.order()

    @property
    def key(self) -> str:
        if self.exact:
            if self.start == self.end:
                return self.start
            return f"{self.start or '..'}/{self.end or '..'}"
        return f"[{self.start}..{self.end}]"

    @property
    def anchor(self) -> str:
        """A fragment id of the key's letters and digits; a year's minus sign becomes
        'bce', so that 44 BCE and AD 44 do not share one."""
        readable = self.key.replace("..", "open") if self.exact else "about-" + self.key
        readable = re.sub(r"(?<![0-9])-(?=[0-9])", "bce-", readable)
        return "date-" + re.sub(r"[^0-9A-Za-z]+", "-", readable).strip("-")

    @property
    def datetime(self) -> str:
        """The HTML `datetime` of a single point in time ('' for a span or a range)."""
        return html_datetime(self.start) if self.start == self.end else ""

    @property
    def label(self) -> str:
        start, end = human(self.start), human(self.end)
        if self.exact:
            if self.start == self.end:
                return start
            if start and end:
                return f"{start} to {end}"
            return f"from {start}" if start else f"until {end}"
        if start and end:
            return f"between {start} and {end}"
        return f"not before {start}" if start else f"not after {end}"


def human(value: str) -> str:
    """'1974-04-18' → '18 April 1974'; '1974-05' → 'May 1974'; '1974' → '1974'."""
    if not value:
        return ""
    sign, value = ("-", value[1:]) if value.startswith("-") else ("", value)
    parts = value.split("T")[0].split("-")
    parts[0] = sign + parts[0]
    if len(parts) == 3:
        return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    return parts[0]
