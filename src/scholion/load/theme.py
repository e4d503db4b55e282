"""Read an edition's own presentation: `templates/` overrides any of Scholion's page
templates by name, and `static/` adds files to (or replaces files of) the site's `static/`.

The files are read here like every other input, so `check` can report a broken template
with its line, and `render` draws from plain values (mkdocs' `custom_dir` is the model).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic, error
from ..model import Asset, Theme
from .files import control_character, read_input

TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
MAX_FILES = 500
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


def load_theme(root: Path, problems: list[Diagnostic]) -> Theme:
    templates = [_as_template(asset, problems)
                 for asset in _read_folder(root, TEMPLATES_DIR, problems)]
    return Theme(templates=tuple(t for t in templates if t is not None),
                 assets=tuple(_read_folder(root, STATIC_DIR, problems)))


def _read_folder(root: Path, name: str, problems: list[Diagnostic]) -> list[Asset]:
    folder = root / name
    if folder.is_symlink() or not folder.is_dir():
        return []
    found: list[Asset] = []
    for path in sorted(p for p in folder.rglob("*") if not p.is_dir() or p.is_symlink()):
        relative = path.relative_to(folder).as_posix()
        where = f"{name}/{relative}"
        if not _NAME.match(relative):
            problems.append(error(where, 1, "E008", f"the file name {relative!r} cannot be "
                                  "published", hint="use letters, digits, '-', '_' and '.'"))
            continue
        if len(found) == MAX_FILES:
            problems.append(error(name, 1, "E008", f"more than {MAX_FILES} files in {name}/"))
            break
        data, problem = read_input(root, path, "E008")
        if data is None:
            problems.append(problem)
            continue
        found.append(Asset(name=relative, path=where, content=data))
    return found


def _as_template(asset: Asset, problems: list[Diagnostic]) -> Asset | None:
    try:
        asset.content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = asset.content[: exc.start].count(b"\n") + 1
        problems.append(error(asset.path, line, "E008", "the template is not UTF-8 text"))
        return None
    if problem := control_character(asset.text, asset.path, references=True):
        problems.append(problem)
        return None
    return asset
