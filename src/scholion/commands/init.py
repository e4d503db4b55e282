"""`scholion init [DIR]`: the files of a new edition, ready to build.

The starter files live beside this module (`starter/`), as files rather than strings;
the command returns them as Pages for `write` to put in DIR. Its example letter has no
ids, as most TEI has none, so a newcomer's first build shows provisional anchors at work.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from string import Template

from ..diagnostics import Diagnostic, error
from ..model import Page

# starter file -> where it goes in the new edition
FILES = {
    "pyproject.toml.in": "pyproject.toml",  # .in: not a settings file of this package
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "source/example-letter.xml": "source/example-letter.xml",
    "annotations/example-note.md": "annotations/example-note.md",
}


def starter_files(folder: Path) -> tuple[list[Page], list[Diagnostic]]:
    """The files of a new edition in `folder`, or why not: never into a folder that
    already holds an edition or anything else (nothing of an editor's is overwritten)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return [], [error(str(folder), 1, "E009", f"{folder} is not an empty folder",
                          hint="name a new folder: scholion init my-edition")]
    title = _title(folder)
    editors = f"The editors of {title}"
    values = {"title": title, "slug": _slug(title), "title_toml": json.dumps(title),
              "editors_toml": json.dumps(editors), "editors_yaml": json.dumps(editors)}
    starter = files("scholion.commands").joinpath("starter")
    pages = [Page(target, Template(starter.joinpath(name).read_text(encoding="utf-8"))
                  .substitute(values).encode("utf-8"))
             for name, target in FILES.items()]
    return pages, []


def _title(folder: Path) -> str:
    """A first title from the folder's name ("my-edition" → "My edition")."""
    words = re.sub(r"[-_]+", " ", folder.resolve().name).strip()
    return (words[:1].upper() + words[1:]) if words else "A new edition"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "edition"
