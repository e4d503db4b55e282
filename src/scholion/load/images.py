"""Where a document's images are: the graphics of its text, the surfaces of its facsimile,
and the page images its page breaks name (`pb/@facs`).

A reference is a web address (http, https), which the site links to and never loads; a
pointer `#id` to a surface (on a page break); or a path, resolved against the TEI file's
folder, that must name a file inside `source/` in a format browsers show. Nothing outside
`source/` is published, nothing outside the edition is even looked at, and nothing is
read through a symbolic link. The files found are only checked here: `write` copies them.

SVG is refused: a page marker links to its image, and an SVG file opened on its own runs
the scripts it holds, on the edition's own site. (Inside an `<img>` it would not, but an
image the reader cannot open is half an image.)
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..common.images import description, has_caption, is_web_address, page_pointer
from ..diagnostics import Diagnostic, error, warning
from ..model import Node, Picture, Surface
from .files import link_on_the_way, read_input

# What every browser shows in an <img>, by extension (lower case).
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
IIIF_INFO = "info.json"
# The full image of a IIIF Image API level 0 folder (static files), best first: the
# version 3 and version 2 names; then each of the `sizes` its info.json lists.
IIIF_FULL = ("full/max/0/default.jpg", "full/full/0/default.jpg",
             "full/max/0/default.png", "full/full/0/default.png")
MAX_SIZES = 64  # an info.json lists a handful; each is looked for on disk
_NOT_READ = frozenset({"file", "javascript", "vbscript", "data"})
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
# Never images of the text: TEI examples of encoding (their graphics are not the edition's)
_EXAMPLES = frozenset({"egXML"})


@dataclass(frozen=True)
class FoundImages:
    surfaces: tuple[Surface, ...]
    pictures: tuple[Picture, ...]
    diagnostics: tuple[Diagnostic, ...]


def read_images(root: Path, path: str, body: Node, facsimiles: tuple[Node, ...]
                ) -> FoundImages:
    """The surfaces of the document at `path` (from the edition root), every image
    reference of it that can be shown, and what is wrong with the others: one Diagnostic
    per reference, at its first line."""
    resolver = _Resolver(root, posixpath.dirname(path), path)
    surfaces = tuple(s for f in facsimiles for s in _surfaces(f, resolver))
    undescribed: list[int] = []
    for graphic, figure in _graphics(body):
        picture = resolver.report(graphic.get("url"), graphic.line)
        if picture is not None and picture.path and not description(graphic, figure) \
                and not has_caption(figure):
            undescribed.append(graphic.line)
    ids = {s.id for s in surfaces if s.id}
    unknown: set[str] = set()
    for pb in (n for n in _in_text(body) if n.tag == "pb"):
        pointer = page_pointer(pb)
        if pointer.startswith("#"):
            if pointer[1:] not in ids and pointer not in unknown:
                unknown.add(pointer)
                resolver.problems.append(warning(
                    path, pb.line, "W122", f"the page break's facs {pointer!r} names no "
                    "surface of the facsimile: the page has no image",
                    hint="give the facsimile a <surface xml:id=\"...\"> with a <graphic>"))
        elif pointer:
            resolver.report(pointer, pb.line)
    if undescribed:
        count = len(undescribed)
        what = "an image of the text has" if count == 1 else f"{count} images of the text have"
        resolver.problems.append(warning(
            path, undescribed[0], "W123", f"{what} no description: the text alternative is "
            "empty", hint="describe each in the <figDesc> of its <figure> (or a <desc> in "
                          "its <graphic>)"))
    return FoundImages(surfaces, resolver.pictures(), tuple(resolver.problems))


def _surfaces(facsimile: Node, resolver: _Resolver) -> Iterator[Surface]:
    """Each surface (in surfaceGrp too) and each graphic of the facsimile itself."""
    for child in facsimile.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "surfaceGrp":
            yield from _surfaces(child, resolver)
        elif child.tag == "surface":
            yield Surface(child.id, _shown(child, resolver), child.get("n"), child.line)
        elif child.tag == "graphic":
            picture = resolver.report(child.get("url"), child.line)
            yield Surface(child.id, picture.reference if picture else "", child.get("n"),
                          child.line)


def _shown(surface: Node, resolver: _Resolver) -> str:
    """The reference of the image that shows a surface: of its graphics (alternatives of
    one another), the first file of source/, else the first web address. What is wrong
    with the others is said only when none can be shown (errors always are)."""
    found = [(g, *resolver.resolve(g.get("url"), g.line)) for g in surface.children
             if isinstance(g, Node) and g.tag == "graphic"]
    pictures = [p for _, p, _ in found if p is not None]
    for graphic, _, problem in found:
        if problem is not None and (problem.is_error or not pictures):
            resolver.say(graphic.get("url"), problem)
    chosen = next((p for p in pictures if p.path), pictures[0] if pictures else None)
    return chosen.reference if chosen else ""


def _in_text(node: Node) -> Iterator[Node]:
    if node.tag in _EXAMPLES:
        return
    yield node
    for child in node.children:
        if isinstance(child, Node):
            yield from _in_text(child)


def _graphics(node: Node) -> Iterator[tuple[Node, Node | None]]:
    """Every graphic of the text, with the figure it is directly part of (if any)."""
    for child in node.children:
        if not isinstance(child, Node) or child.tag in _EXAMPLES:
            continue
        if child.tag == "graphic":
            yield child, node if node.tag == "figure" else None
        else:
            yield from _graphics(child)


@dataclass
class _Resolver:
    """Resolves references once each (a page image may be named twice: by its surface and
    by a page break) and reports each problem once."""

    root: Path
    folder: str  # the TEI file's folder, from the edition root: `source`
    path: str  # the TEI file, for the Diagnostics
    found: dict[str, tuple[Picture | None, Diagnostic | None]] = field(default_factory=dict)
    said: set[str] = field(default_factory=set)
    problems: list[Diagnostic] = field(default_factory=list)

    def report(self, reference: str, line: int) -> Picture | None:
        picture, problem = self.resolve(reference, line)
        if problem is not None:
            self.say(reference, problem)
        return picture

    def say(self, reference: str, problem: Diagnostic) -> None:
        if reference not in self.said:
            self.said.add(reference)
            self.problems.append(problem)

    def pictures(self) -> tuple[Picture, ...]:
        return tuple(p for p, _ in self.found.values() if p is not None)

    def resolve(self, reference: str, line: int) -> tuple[Picture | None, Diagnostic | None]:
        reference = reference.strip()
        if not reference:
            return None, None
        if reference not in self.found:
            self.found[reference] = self._resolved(reference, line)
        return self.found[reference]

    def _resolved(self, reference: str, line: int) -> tuple[Picture | None, Diagnostic | None]:
        if is_web_address(reference):
            return Picture(reference, url=reference), None
        parts = urlsplit(reference)
        if (parts.scheme.lower() in _NOT_READ or _DRIVE.match(reference)
                or reference.startswith(("/", "\\"))):
            return None, warning(self.path, line, "W127", f"the image {reference!r} is "
                                 "named by an absolute path or a file: or script URL: never "
                                 "read, not published", hint="put the image in source/ and "
                                 "name it by a path from the TEI file's folder, or give its "
                                 "web address")
        if parts.scheme or parts.netloc:
            return None, self._unknown(reference, line)
        joined = posixpath.normpath(posixpath.join(self.folder, unquote(parts.path)))
        if joined == ".." or joined.startswith("../"):
            return None, warning(self.path, line, "W127", f"the image {reference!r} is "
                                 "outside the edition: never read, not published",
                                 hint="put the image in source/ and name it by a path from "
                                      "the TEI file's folder")
        if not joined.startswith(self.folder + "/"):
            return None, warning(self.path, line, "W119", f"the image {reference!r} is "
                                 f"outside {self.folder}/: it is not published",
                                 hint=f"move it into {self.folder}/ (an images/ folder there, "
                                      "say) and name it from there")
        return self._file(reference, joined, line)

    def _file(self, reference: str, joined: str, line: int
              ) -> tuple[Picture | None, Diagnostic | None]:
        """A path inside source/: a plain image file, or a IIIF level 0 folder."""
        if (link := link_on_the_way(self.root, joined)) is not None:
            return None, error(self.path, line, "E005", f"the image {reference!r} is reached "
                               f"through a symbolic link ({link}): links are not read",
                               hint="commit the file itself")
        target = self.root / joined
        if target.name == IIIF_INFO or (target.is_dir() and (target / IIIF_INFO).exists()):
            return self._iiif(reference, joined.removesuffix("/" + IIIF_INFO)
                              if target.name == IIIF_INFO else joined, line)
        suffix = posixpath.splitext(joined)[1].lower()
        if suffix not in IMAGE_TYPES:
            return None, self._unknown(reference, line)
        if not target.is_file():
            return None, warning(self.path, line, "W120", f"the image {reference!r} is "
                                 "missing: it is not published" if not target.exists() else
                                 f"the image {reference!r} is not a file: it is not "
                                 "published", hint=f"add the file as {joined}, or correct "
                                                   "the path")
        return Picture(reference, path=joined), None

    def _iiif(self, reference: str, folder: str, line: int
              ) -> tuple[Picture | None, Diagnostic | None]:
        """The full image of a IIIF Image API level 0 folder: `full/max/0/default.jpg`
        (or the version 2 name), else the largest of the sizes its info.json lists."""
        data, problem = read_input(self.root, self.root / folder / IIIF_INFO, "W120")
        try:
            info = json.loads(data) if data is not None else None
        except (ValueError, RecursionError):  # not JSON, or nested past Python's stack
            info = None
        if not isinstance(info, dict):
            why = problem.message if problem is not None else "it is not a JSON object"
            return None, warning(self.path, line, "W120", f"the IIIF folder of the image "
                                 f"{reference!r} has an info.json that cannot be read ({why}):"
                                 " it is not published")
        for name in (*IIIF_FULL, *_sized(info)):
            candidate = f"{folder}/{name}"
            if link_on_the_way(self.root, candidate) is None and (self.root / candidate).is_file():
                return Picture(reference, path=candidate), None
        return None, warning(self.path, line, "W120", f"the IIIF folder of the image "
                             f"{reference!r} holds no full image: it is not published",
                             hint=f"add {folder}/{IIIF_FULL[0]}, or an image of one of the "
                                  "sizes its info.json lists")

    def _unknown(self, reference: str, line: int) -> Diagnostic:
        svg = posixpath.splitext(urlsplit(reference).path)[1].lower() == ".svg"
        why = "is SVG, which can hold scripts" if svg else \
            "is neither a web address nor an image file browsers show"
        return warning(self.path, line, "W121", f"the image {reference!r} {why}: it is not "
                       "published",
                       hint="give a PNG, JPEG, GIF, WebP or AVIF file of source/, or the "
                            "image's http(s) address")


def _sized(info: dict) -> list[str]:
    """The file names of the sizes a IIIF info.json lists (its first `MAX_SIZES`), the
    largest first."""
    sizes = info.get("sizes")
    found = [(s["width"], s["height"]) for s in sizes[:MAX_SIZES] if isinstance(s, dict)
             and isinstance(s.get("width"), int) and isinstance(s.get("height"), int)] \
        if isinstance(sizes, list) else []
    names = []
    for width, height in sorted(found, reverse=True):
        names += [f"full/{width},{height}/0/default.jpg", f"full/{width},/0/default.jpg",
                  f"full/{width},{height}/0/default.png", f"full/{width},/0/default.png"]
    return names
