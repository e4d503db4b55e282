"""The places of the registers that have coordinates, as one GeoJSON file (RFC 7946), for
a GIS, a gazetteer or a map: each a Point feature with its name, its authority URIs (and
which of them the editors give as uncertain) and links back to every ¶ of the edition that
mentions it."""

from __future__ import annotations

from typing import Any

from ..common.routes import entity_url
from ..link import Site
from .encode import dump

FILE = "places.geojson"
MEDIA_TYPE = "application/geo+json"


def places_geojson(site: Site, _: object = None) -> bytes:
    return dump(_collection(site))


def _collection(site: Site) -> dict[str, Any]:
    base = site.config.base_url
    urls = {p.document.id: base + p.url for p in site.documents}
    features = []
    for entry in site.index.places:
        place = entry.entity
        if place.geo is None:
            continue
        latitude, longitude = place.geo
        features.append({
            "type": "Feature", "id": place.id,
            # RFC 7946 §3.1.1: longitude first, then latitude
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "title": place.name, "description": place.description,
                "variants": list(place.variants),
                "authorities": {kind: uri for kind, uri in place.authorities},
                # the identifiers the editors give as uncertain, with their @cert
                "uncertain_authorities": dict(place.uncertain_authorities),
                "certainty": place.cert,
                "index": base + entity_url("place", place.id),
                "mentions": [f"{urls[m.document_id]}#{m.block_id}"
                             for m in entry.occurrences],
            },
        })
    return {"type": "FeatureCollection", "name": site.config.title, "features": features}
