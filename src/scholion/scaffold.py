"""`scholion new`: write a valid annotation file to start from.

The scaffold is checked with the same rules CI uses before it is written, so a
contributor starts from a file that passes `scholion check`.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import anchoring
from .load import load_edition
from .load.annotations import SLUG
from .model import Source

# What `scholion new` writes for the contributor to replace. `check` reports any of them
# still in a note (E316), so an unedited scaffold is never published.
AUTHOR_PLACEHOLDER = "Your Name"
SOURCE_PLACEHOLDER = Source(title="Author, Title (year), page", url="https://example.org/")
BODY_PLACEHOLDER = "Write the note here, in Markdown. Cite what supports it above."


@dataclass(frozen=True)
class Scaffold:
    path: Path | None
    problem: str = ""


def new_annotation(root: Path, target: str, quote: str, note_type: str = "context",
                   slug: str = "") -> Scaffold:
    loaded = load_edition(root)
    if loaded.edition is None:
        return Scaffold(None, "the edition does not load; run `scholion check` first")
    edition = loaded.edition
    blocks = {b.id: b.text for d in edition.documents for b in d.blocks}
    entities = edition.registers.by_id if edition.registers else {}
    quote = " ".join(quote.split())
    if target not in blocks and target not in entities:
        return Scaffold(None, f"'{target}' is neither a block id nor a register id")
    prefix = ""
    if target in blocks:
        starts = anchoring.find(blocks[target], quote)
        if not starts:
            near = anchoring.closest(blocks[target], quote)
            return Scaffold(None, f"the quote is not in {target}" +
                            (f'; closest words: "{near}"' if near else ""))
        if len(starts) > 1:
            prefix = _unique_prefix(blocks[target], quote, starts[0])
    slug = slug or slugify(quote or target)
    if not SLUG.match(slug):
        return Scaffold(None, f"'{slug}' is not a valid slug: use lower-case letters, digits "
                        "and single hyphens")
    folder = root / edition.config.annotations_dir
    path = folder / f"{slug}.md"
    if path.exists():
        return Scaffold(None, f"{path.relative_to(root)} already exists; pass --slug")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(_text(target, quote, prefix, note_type, _author(root)), encoding="utf-8")
    return Scaffold(path)


def slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:6]
    return "-".join(words) or "note"


def _unique_prefix(text: str, quote: str, start: int) -> str:
    for size in range(1, 80):
        prefix = text[max(0, start - size):start]
        if len(anchoring.find(text, quote, prefix)) == 1:
            return prefix
    return text[:start]


def _author(root: Path) -> str:
    try:
        name = subprocess.run(["git", "-C", str(root), "config", "user.name"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or AUTHOR_PLACEHOLDER


def _text(target: str, quote: str, prefix: str, note_type: str, author: str) -> str:
    """The file: front matter in the order of CONTRIBUTING.md, the author on one line
    (`author: {name: …}`, the form the hints show), then the body's placeholder."""
    head = {"target": target}
    if quote:
        head["quote"] = quote
    if prefix:
        head["prefix"] = prefix
    head["type"] = note_type
    tail = {"sources": [{"title": SOURCE_PLACEHOLDER.title, "url": SOURCE_PLACEHOLDER.url}],
            "status": "draft"}
    front = _yaml(head) + _yaml({"author": {"name": author}}, flow=True) + _yaml(tail)
    return f"---\n{front}---\n{BODY_PLACEHOLDER}\n"


def _yaml(data: dict, flow: bool = False) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None if flow else False)
