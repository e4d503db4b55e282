"""Draw the map of places and the timeline as SVG geometry, at build time.

`link.maps` decided what they show; this module only places it: a projection, the base map
(`data/world-110m.json`, Natural Earth; see the README there) clipped to the view, the
places' marks and labels, the ties as lines, the timeline's axis, marks and spans. The
templates (`map.html`, `timeline.html`, `_map_svg.html`) write the SVG elements from these
values, inline in the page, so that the site's CSS colours them in light and dark and in
print, and nothing is loaded from elsewhere.

Projections: the main map is equirectangular with the scale of its middle latitude
(longitudes shrunk by its cosine), fitted to the near places with a margin; the inset is
the whole world, equirectangular, centred on the main map's longitude, so that the lines to
far places run the short way round where they can.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise

from ..common.dates import point_key
from ..link.maps import MapPlace, Moment, PlaceMap, Tie, Timeline

Point = tuple[float, float]
WIDTH = 640.0  # the main map's and the inset's viewBox width; the page scales both
INSET_LAT = (-58.0, 78.0)  # the inset's band of latitudes: inhabited land, no poles
FONT = 13.0  # the labels' size in viewBox units (matches figures.css)
CHAR = 0.56  # a label's width per character, in font sizes: a guess, generous for Latin


@dataclass(frozen=True)
class Mark:
    place: MapPlace
    x: float
    y: float
    label: tuple[float, float, str] | None = None  # (x, y, text-anchor) or no room
    leader: bool = False  # the label stands apart: a thin line joins it to the mark


@dataclass(frozen=True)
class Line:
    tie: Tie
    x1: float
    y1: float
    x2: float
    y2: float
    title: str  # "Osaka – Milan: sister city"


@dataclass(frozen=True)
class Panel:
    """One drawn map: the main map, or the inset of the world."""

    width: float
    height: float
    land: str  # SVG path data
    borders: str
    marks: tuple[Mark, ...]
    lines: tuple[Line, ...]
    frame: tuple[float, float, float, float] | None = None  # the main map's extent, in the inset
    extent: tuple[float, float, float, float] = (0, 0, 0, 0)  # lon, lat bounds (W S E N)


@dataclass(frozen=True)
class MapDrawing:
    main: Panel
    inset: Panel | None = None


@cache
def _world() -> dict:
    data = files("scholion.render").joinpath("data", "world-110m.json").read_text("utf-8")
    return json.loads(data)


def _pairs(flat: Sequence[int]) -> list[Point]:
    return [(flat[i] / 100, flat[i + 1] / 100) for i in range(0, len(flat), 2)]


def wrap(lon: float) -> float:
    """A longitude in [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


class Projection:
    """Equirectangular about `lon0`, scaled by cos(lat0), onto the box `west..east`,
    `south..north` (degrees from lon0) of width `WIDTH`."""

    def __init__(self, lon0: float, lat0: float, west: float, east: float, south: float,
                 north: float) -> None:
        self.lon0, self.k = lon0, math.cos(math.radians(lat0))
        self.west, self.east, self.south, self.north = west, east, south, north
        self.scale = WIDTH / ((east - west) * self.k)
        self.height = (north - south) * self.scale

    def xy(self, lon: float, lat: float) -> Point:
        """A point given by longitude relative to lon0 (already wrapped)."""
        return (lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale

    def place(self, place: MapPlace) -> Point:
        return self.xy(wrap(place.lon - self.lon0), place.lat)


def main_projection(places: Sequence[MapPlace]) -> Projection:
    """Fitted to the places with a margin of a fifth of their spread (at least 3°), its
    height between 45 % and 100 % of its width."""
    lon0 = _middle_longitude(places)
    lons = [wrap(p.lon - lon0) for p in places]
    lats = [p.lat for p in places]
    lat0 = (min(lats) + max(lats)) / 2
    k = math.cos(math.radians(lat0))
    margin = max(3.0, 0.2 * max(max(lons) - min(lons), max(lats) - min(lats)))
    west, east = min(lons) - margin, max(lons) + margin
    south, north = min(lats) - margin, max(lats) + margin
    ratio = (north - south) / ((east - west) * k)
    if ratio < 0.45:  # too flat: add latitude
        extra = ((east - west) * k * 0.45 - (north - south)) / 2
        south, north = south - extra, north + extra
    elif ratio > 1.0:  # too tall: add longitude
        extra = ((north - south) / k - (east - west)) / 2
        west, east = west - extra, east + extra
    south, north = max(south, -85.0), min(north, 85.0)
    return Projection(lon0, lat0, west, east, south, north)


def _middle_longitude(places: Sequence[MapPlace]) -> float:
    """The mean direction of the places' longitudes: a cluster across the date line is
    centred on it, not on the other side of the globe."""
    x = sum(math.cos(math.radians(p.lon)) for p in places)
    y = sum(math.sin(math.radians(p.lon)) for p in places)
    return math.degrees(math.atan2(y, x)) if x or y else 0.0


# --- clipping the base map to the view -----------------------------------------------------

def _unwrapped(points: list[Point], lon0: float) -> list[Point]:
    """Longitudes relative to lon0, without the jump of 360° where a line crosses the seam
    opposite lon0: the copies shifted by ±360° then fill in what lies beyond it."""
    out: list[Point] = []
    for lon, lat in points:
        rel = wrap(lon - lon0)
        if out:
            while rel - out[-1][0] > 180:
                rel -= 360
            while rel - out[-1][0] < -180:
                rel += 360
        out.append((rel, lat))
    return out


def _clip_ring(ring: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland–Hodgman against a rectangle (west, south, east, north)."""
    west, south, east, north = box
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    for axis, limit, low in edges:
        if not ring:
            break
        def inside(p: Point, a: int = axis, v: float = limit, lo: bool = low) -> bool:
            return p[a] >= v if lo else p[a] <= v

        out: list[Point] = []
        for i, current in enumerate(ring):
            previous = ring[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(_cross(previous, current, axis, limit))
                out.append(current)
            elif inside(previous):
                out.append(_cross(previous, current, axis, limit))
        ring = out
    return ring


def _cross(a: Point, b: Point, axis: int, value: float) -> Point:
    t = (value - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return (value, y) if axis == 0 else (x, value)


def _clip_line(line: list[Point], box: tuple[float, float, float, float]) -> list[list[Point]]:
    """The pieces of a polyline inside the rectangle (Liang–Barsky, segment by segment)."""
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for a, b in pairwise(line):
        clipped = _clip_segment(a, b, box)
        if clipped is None:
            if current:
                pieces.append(current)
            current = []
            continue
        start, end = clipped
        if not current or current[-1] != start:
            if current:
                pieces.append(current)
            current = [start]
        current.append(end)
        if end != b:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) > 1]


def _clip_segment(a: Point, b: Point, box: tuple[float, float, float, float]
                  ) -> tuple[Point, Point] | None:
    west, south, east, north = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def _path(shapes: Iterable[list[Point]], projection: Projection, digits: int,
          closed: bool) -> str:
    """SVG path data, relative moves after the first point of each shape, rounded to
    `digits` (points that round to the one before are dropped)."""
    parts = []
    for shape in shapes:
        scaled = [projection.xy(lon, lat) for lon, lat in shape]
        rounded = [(round(x, digits), round(y, digits)) for x, y in scaled]
        kept = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(kept) < (3 if closed else 2):
            continue
        steps = [f"M{_n(kept[0][0])} {_n(kept[0][1])}"]
        steps += [f"l{_n(b[0] - a[0], digits)} {_n(b[1] - a[1], digits)}"
                  for a, b in pairwise(kept)]
        parts.append("".join(steps) + ("z" if closed else ""))
    return "".join(parts)


def _n(value: float, digits: int = 1) -> str:
    """A number as short as SVG takes it: no trailing zeros, no '-0'."""
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".") if digits else \
        str(round(value))
    return "0" if text in ("-0", "") else text


def base_map(projection: Projection, digits: int, borders_too: bool = True
             ) -> tuple[str, str]:
    """(land, borders) path data for the view of `projection`; the world inset goes
    without borders, which at its scale would be noise (and half its weight)."""
    box = (projection.west, projection.south, projection.east, projection.north)
    world = _world()
    land, borders = [], []
    for flat in world["land"]:
        ring = _unwrapped(_pairs(flat), projection.lon0)
        for shift in (-360.0, 0.0, 360.0):
            moved = [(lon + shift, lat) for lon, lat in ring]
            if _overlaps(moved, box):
                clipped = _clip_ring(moved, box)
                if len(clipped) > 2:
                    land.append(clipped)
    for flat in world["borders"] if borders_too else ():
        line = _unwrapped(_pairs(flat), projection.lon0)
        for shift in (-360.0, 0.0, 360.0):
            moved = [(lon + shift, lat) for lon, lat in line]
            if _overlaps(moved, box):
                borders += _clip_line(moved, box)
    return _path(land, projection, digits, True), _path(borders, projection, digits, False)


def _overlaps(points: list[Point], box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return (min(p[0] for p in points) <= east and max(p[0] for p in points) >= west
            and min(p[1] for p in points) <= north and max(p[1] for p in points) >= south)


# --- labels ----------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# (dx, dy, text-anchor) of a label's baseline point from its mark, nearest first
_SPOTS = [(dx * r, dy * r, anchor) for r in (1.0, 2.6, 4.4)
          for dx, dy, anchor in ((8, 4, "start"), (-8, 4, "end"), (6, -6, "start"),
                                 (-6, -6, "end"), (6, 14, "start"), (-6, 14, "end"),
                                 (0, -10, "middle"), (0, 18, "middle"))]


def label_boxes(marks: Sequence[tuple[MapPlace, float, float]], width: float, height: float,
                font: float = FONT) -> list[Mark]:
    """A label for each mark where there is room, most-mentioned places first: the first
    spot around it that overlaps no mark and no label placed before, inside the view."""
    taken: list[Box] = [(x - 5, y - 5, x + 5, y + 5) for _, x, y in marks]
    placed: dict[str, tuple[float, float, str, bool]] = {}
    for place, x, y in sorted(marks, key=lambda m: (-m[0].mentions, m[0].name)):
        size = len(place.name) * font * CHAR
        for n, (dx, dy, anchor) in enumerate(_SPOTS):
            lx, ly = x + dx, y + dy
            x0 = {"start": lx, "end": lx - size, "middle": lx - size / 2}[anchor]
            box = (x0 - 1, ly - font * 0.8, x0 + size + 1, ly + font * 0.25)
            if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
                continue
            own = (x - 5, y - 5, x + 5, y + 5)
            if any(_meet(box, other) for other in taken if other != own):
                continue
            taken.append(box)
            placed[place.id] = (round(lx, 1), round(ly, 1), anchor, n >= 8)
            break
    out = []
    for place, x, y in marks:
        spot = placed.get(place.id)
        out.append(Mark(place, round(x, 1), round(y, 1),
                        spot[:3] if spot else None, spot[3] if spot else False))
    return out


def _meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- the map -------------------------------------------------------------------------------

def draw_map(place_map: PlaceMap) -> MapDrawing:
    near = place_map.near
    projection = main_projection(near)
    main = _panel(place_map, near, projection, 1)
    if not place_map.far:
        return MapDrawing(main)
    lon0 = projection.lon0
    world = Projection(lon0, 0.0, -180.0, 180.0, *INSET_LAT)
    west, south = world.xy(projection.west, projection.south)
    east, north = world.xy(projection.east, projection.north)
    frame = (round(west, 1), round(north, 1), round(east - west, 1), round(south - north, 1))
    inset = _panel(place_map, place_map.places, world, 0, frame,
                   labelled={p.id for p in place_map.far})
    return MapDrawing(main, inset)


def _panel(place_map: PlaceMap, places: Sequence[MapPlace], projection: Projection,
           digits: int, frame: tuple[float, float, float, float] | None = None,
           labelled: set[str] | None = None) -> Panel:
    """A map of `places` (and the ties between any two of them) in `projection`; only the
    `labelled` ones take labels (all when None)."""
    land, borders = base_map(projection, digits, borders_too=frame is None)
    shown = {p.id: p for p in places}
    xy = {p.id: projection.place(p) for p in places}
    lines = []
    for tie in place_map.ties:  # the inset draws only the ties that reach a far place
        if tie.a in shown and tie.b in shown and (
                labelled is None or tie.a in labelled or tie.b in labelled):
            (x1, y1), (x2, y2) = xy[tie.a], xy[tie.b]
            lines.append(Line(tie, round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1),
                              f"{shown[tie.a].name} – {shown[tie.b].name}: {tie.label}"))
    width, height = WIDTH, round(projection.height, 1)
    marks = label_boxes([(p, *xy[p.id]) for p in places
                         if labelled is None or p.id in labelled], width, height)
    unlabelled = [Mark(p, round(xy[p.id][0], 1), round(xy[p.id][1], 1)) for p in places
                  if labelled is not None and p.id not in labelled]
    return Panel(width, height, land, borders, tuple(marks + unlabelled), tuple(lines), frame,
                 (projection.west, projection.south, projection.east, projection.north))


# --- the timeline --------------------------------------------------------------------------

TL_WIDTH = 560.0
AXIS_X = 64.0
LABEL_X = 150.0
TOP, YEAR_PX, LINE_PX = 28.0, 36.0, 17.0
WRAP = int((TL_WIDTH - LABEL_X - 8) / (FONT * CHAR))  # characters a label's line holds


@dataclass(frozen=True)
class TimeMark:
    moment: Moment
    y: float  # where on the axis it starts
    y_end: float  # where it ends (= y for a point in time)
    lane: int  # spans: which bar beside the axis (0 for points)
    label_y: float  # the baseline of its label's first line
    open_start: bool = False  # it began before the axis (or has no known start)
    open_end: bool = False
    what: tuple[str, ...] = ()  # the event's or document's name, in lines that fit

    @property
    def lane_x(self) -> float:
        return AXIS_X + 8 * self.lane


@dataclass(frozen=True)
class TimelineDrawing:
    width: float
    height: float
    years: tuple[tuple[int, float], ...]  # each year's tick: (year, y)
    marks: tuple[TimeMark, ...]
    axis: tuple[float, float]  # y of the axis's two ends
    axis_x: float = AXIS_X
    label_x: float = LABEL_X


def year_fraction(point: str, end: bool = False) -> float:
    """'1974-04-18' → 1974.29…; a year or a month is taken at its start, or, with `end`,
    at its end (so that a span 'from 1980 to 1981' covers both years)."""
    key = point_key(point)
    year, month, day = (*key, 0, 0)[:3] if len(key) < 3 else key[:3]
    if end:
        if not month:
            return year + 1.0
        if not day:
            return year + month / 12
    return year + ((month or 1) - 1) / 12 + ((day or 1) - 1) / 365


def draw_timeline(timeline: Timeline) -> TimelineDrawing:
    first, last = timeline.first, timeline.last + 1
    bottom = TOP + (last - first) * YEAR_PX

    def y_of(value: float) -> float:
        return round(TOP + (min(max(value, first), last) - first) * YEAR_PX, 1)

    lanes: list[float] = []  # the y each span lane is free from
    marks, next_label = [], TOP - LINE_PX
    for moment in timeline.moments:
        start = year_fraction(moment.value.start) if moment.value.start else first - 1
        end = year_fraction(moment.value.end, end=True) if moment.value.end else last + 1
        lane = 0
        if moment.is_span:
            y0, y1 = y_of(start), y_of(end)
            free = next((i for i, y in enumerate(lanes) if y <= y0), None)
            if free is None:
                lanes.append(y1 + 4)
                lane = len(lanes)
            else:
                lanes[free] = y1 + 4
                lane = free + 1
        else:
            y0 = y1 = y_of(start)
        label_y = max(y0 + 4, next_label + LINE_PX + 4)
        lines = tuple(textwrap.wrap(moment.what, WRAP)) if moment.what else ()
        next_label = label_y + LINE_PX * len(lines)
        marks.append(TimeMark(moment, y0, y1, lane, round(label_y, 1),
                              start < first, end > last, lines))
    height = round(max(bottom, next_label + LINE_PX) + 16, 1)
    years = tuple((year, y_of(year)) for year in range(first, last + 1))
    return TimelineDrawing(TL_WIDTH, height, years, tuple(marks), (TOP, round(bottom, 1)))
