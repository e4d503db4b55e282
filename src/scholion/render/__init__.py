"""Stage 4: HTML from the linked site plan (templates and assets live beside this file)."""

from .pages import render_site

__all__ = ["render_site"]
