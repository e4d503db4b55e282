"""What `load` and `render` must agree on about a document's images: which references
are web addresses, which pointer of a page break's `@facs` names its image, and what an
image's text alternative is.
"""

from __future__ import annotations

import re

from ..model import Node

# A web address the site links to (never loads: no page requests anything of another host)
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def is_web_address(reference: str) -> bool:
    return WEB_ADDRESS.fullmatch(reference) is not None


def page_pointer(node: Node) -> str:
    """The image a page break names: the first pointer of its `@facs` (TEI allows a list
    of alternatives; the first is the one shown)."""
    pointers = node.get("facs").split()
    return pointers[0] if pointers else ""


def description(graphic: Node, figure: Node | None) -> str:
    """An image's text alternative: the graphic's own `desc`, else its figure's `figDesc`
    (as a reader sees their words); "" when there is neither."""
    for node, tag in ((graphic, "desc"), (figure, "figDesc")):
        if node is None:
            continue
        found = next((c for c in node.children if isinstance(c, Node) and c.tag == tag), None)
        if found is not None and (text := " ".join(found.reading_text().split())):
            return text
    return ""


def has_caption(figure: Node | None) -> bool:
    """Whether a figure has a `head`: its caption, read beside the image, which then needs
    no text alternative of its own to be understood."""
    return figure is not None and any(isinstance(c, Node) and c.tag == "head"
                                      for c in figure.children)
