"""Scholion: static, annotated digital editions from TEI P5 and Markdown notes."""

__version__ = "0.1.0"
