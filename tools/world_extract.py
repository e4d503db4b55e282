"""Regenerate the base map Scholion ships, `src/scholion/render/data/world-110m.json`,
from world-atlas's `countries-110m.json` (Natural Earth 1:110m, as TopoJSON).

Not run by the build: run it by hand when the extract should change, and commit its output
with the provenance note beside it (`render/data/README.md`):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/world_extract.py package/countries-110m.json

The extract holds the land's outer rings and the borders between countries (the arcs two
countries share), as flat lists of whole hundredths of a degree (lon, lat, lon, lat, …):
at 1:110m a point is good to a few kilometres at best, and a hundredth of a degree is about
one. Antarctica is left out: no edition's place lies there, and its ring, which runs along
the date line and the pole, would need clipping of its own.

TopoJSON's arcs are quantized and delta-encoded (TopoJSON specification, 2.1.5 and 2.2.2):
decoding them is a running sum and a scale, a few lines here rather than a dependency
for a script run once in a long while.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/scholion/render/data/world-110m.json"
SOUTH_LIMIT = -60.0  # a ring wholly south of this is Antarctica's


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Each arc as absolute (lon, lat) in degrees."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from its arcs; `~i` is arc i reversed, and each arc's first point repeats the
    last point of the one before."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def flat(points: list[tuple[float, float]]) -> list[int]:
    """Whole hundredths of a degree, without a point that repeats the one before."""
    out: list[int] = []
    for lon, lat in points:
        pair = [round(lon * 100), round(lat * 100)]
        if out[-2:] != pair:
            out += pair
    return out


def extract(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    land = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            outer = ring(polygon[0], arcs)  # holes (lakes) are not drawn at this scale
            if max(lat for _, lat in outer) > SOUTH_LIMIT:
                land.append(flat(outer))
    users: dict[int, set[int]] = {}
    for number, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                for index in indexes:
                    users.setdefault(index if index >= 0 else ~index, set()).add(number)
    borders = [flat(arcs[i]) for i in sorted(users) if len(users[i]) > 1]
    return {"source": "Natural Earth 1:110m (public domain), from world-atlas 2.0.2 "
                      "countries-110m.json (ISC); see README.md beside this file",
            "unit": "hundredths of a degree; lon, lat pairs",
            "land": land, "borders": borders}


if __name__ == "__main__":
    data = extract(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['land'])} rings, {len(data['borders'])} borders, "
          f"{OUT.stat().st_size} bytes")
