"""Where each image a document shows is in the built site, planned once for `render`.

A file of `source/` is copied to `images/<its path inside source/>` (`common.routes`);
a web address stays one, and is only ever linked to. A page break's image is found
through its `@facs`: a reference of its own, or `#id` of a surface of the facsimile.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..common.images import is_web_address, page_pointer
from ..common.routes import image_url
from ..model import Document, FileCopy, Node


@dataclass(frozen=True)
class Images:
    """The images of one document: for each reference its TEI gives (a `graphic/@url`, a
    `pb/@facs`) and each surface (`#id`), the URL that shows it: a copy's, from the site
    root and ready for an `href`, or a web address."""

    shown: dict[str, str] = field(default_factory=dict)
    surfaces: dict[str, str] = field(default_factory=dict)

    def graphic(self, node: Node) -> str:
        """The URL of a `graphic`'s image, "" when it has none that can be shown."""
        return self._of(node.get("url").strip())

    def page(self, node: Node) -> str:
        """The URL of a page break's image, "" when it has none."""
        pointer = page_pointer(node)
        return self.surfaces.get(pointer, "") if pointer.startswith("#") else self._of(pointer)

    def _of(self, reference: str) -> str:
        # a web address is shown as itself, planned or not (a TEI fragment has no plan)
        return reference if is_web_address(reference) else self.shown.get(reference, "")


def is_copy(url: str) -> bool:
    """Whether an image URL of the plan is a file of the site (not a web address)."""
    return bool(url) and not is_web_address(url)


def plan_images(document: Document, root: Path) -> tuple[Images, tuple[FileCopy, ...]]:
    """The document's images, and the files (in the edition at `root`) to copy for them."""
    shown: dict[str, str] = {}
    copies: dict[str, FileCopy] = {}
    for picture in document.pictures:
        if picture.url:
            shown[picture.reference] = picture.url
            continue
        # `load` saw to it that the file is inside the TEI file's folder, source/
        target = image_url(posixpath.relpath(picture.path, posixpath.dirname(document.path)))
        copies[target] = FileCopy(target, root / picture.path)
        shown[picture.reference] = quote(target)
    surfaces = {f"#{s.id}": shown[s.url] for s in document.surfaces
                if s.id and s.url in shown}
    return Images(shown, surfaces), tuple(copies.values())


def page_images(body: Node, images: Images) -> tuple[tuple[str, str], ...]:
    """(number, URL) of each page break of the text whose image is a file of the site, in
    reading order: the pages the facsimile view shows beside the text."""
    return tuple((pb.get("n"), url) for pb in _breaks(body)
                 if is_copy(url := images.page(pb)))


def _breaks(node: Node) -> Iterator[Node]:
    if node.tag == "egXML":  # a TEI example of encoding, not the text
        return
    if node.tag == "pb":
        yield node
    for child in node.children:
        if isinstance(child, Node):
            yield from _breaks(child)
