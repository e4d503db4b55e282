"""Bundled schemas (package data). tei_all.rng.gz: TEI P5 4.3.0, CC BY 3.0 / BSD-2."""
