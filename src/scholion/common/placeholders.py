"""What `scholion new` writes for the contributor to replace.

`check` reports any of them still in a note (E316), so an unedited scaffold is never
published; the scaffold and the rule read them from here.
"""

from __future__ import annotations

from ..model import Source

AUTHOR_PLACEHOLDER = "Your Name"
SOURCE_PLACEHOLDER = Source(title="Author, Title (year), page", url="https://example.org/")
BODY_PLACEHOLDER = "Write the note here, in Markdown. Cite what supports it above."
