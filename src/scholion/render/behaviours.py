"""The registry of TEI → HTML behaviours: which HTML element, or which way of drawing, a
TEI element gets (CETEIcean's `defaultBehaviors` with `addBehaviors`).

A behaviour is found by a selector: a TEI element name, optionally with one attribute
condition — `note`, `persName[ref]`, `hi[rend=bold]`. The most specific selector wins
(an attribute value beats a bare attribute beats a bare name), and among equals the one
added last, so an edition's own entries override the defaults. An element nobody
registered still renders, as a `<span>` that keeps its TEI name as a class: nothing in
the source is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import Node

# How an element may be drawn beyond "this HTML element": each names a method of the text
# renderer (see `html.TextRenderer.HANDLERS`). Declared here so that settings can be
# checked without importing the renderer.
HANDLERS = frozenset({"element", "list", "line-break", "page-break", "note", "choice",
                      "mention", "speech", "date", "apparatus", "table"})
# The HTML elements a behaviour may ask for: what the reading text can hold. No script,
# style, iframe, form or media: a TEI file or a setting must never inject active content.
HTML_ELEMENTS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "bdi", "blockquote", "br", "cite",
    "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "footer", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "ruby", "rt", "s", "samp", "section", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr"})
# HTML elements that cannot sit inside a <p> (a <p> holding one is drawn as a <div>).
FLOW_ELEMENTS = frozenset({"address", "article", "aside", "blockquote", "dd", "details", "div",
                           "dl", "dt", "figure", "footer", "h2", "h3", "h4", "h5", "h6",
                           "header", "hr", "li", "ol", "p", "pre", "section", "table", "ul"})
_SELECTOR = re.compile(r"^(?P<tag>[A-Za-z_][\w.-]*)"
                       r"(?:\[(?P<attr>[A-Za-z_][\w.:-]*)(?:=(?P<value>[^\]]*))?\])?$")


@dataclass(frozen=True)
class Behaviour:
    html: str = "span"
    handler: str = "element"

    @property
    def block(self) -> bool:
        """Whether the element is drawn as HTML flow content (never inside a <p>)."""
        return self.html in FLOW_ELEMENTS


@dataclass(frozen=True)
class Selector:
    tag: str
    attr: str = ""
    value: str | None = None  # None: the attribute must merely be present and non-empty

    @classmethod
    def parse(cls, text: str) -> Selector:
        match = _SELECTOR.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a selector: write a TEI element name, "
                             "optionally with [attribute] or [attribute=value]")
        return cls(match["tag"], match["attr"] or "", match["value"])

    @property
    def specificity(self) -> int:
        return (1 if self.attr else 0) + (1 if self.value is not None else 0)

    def matches(self, node: Node) -> bool:
        if not self.attr:
            return True
        found = node.get(self.attr)
        return bool(found) if self.value is None else found == self.value

    def __str__(self) -> str:
        condition = "" if not self.attr else \
            f"[{self.attr}]" if self.value is None else f"[{self.attr}={self.value}]"
        return self.tag + condition


class Registry:
    """Selectors and their behaviours, in the order they were added."""

    FALLBACK = Behaviour("span")

    def __init__(self, entries: Iterable[tuple[Selector, Behaviour]] = ()) -> None:
        self._by_tag: dict[str, list[tuple[Selector, Behaviour]]] = {}
        for selector, behaviour in entries:
            rules = self._by_tag.setdefault(selector.tag, [])
            rules.insert(0, (selector, behaviour))  # the newest first among equals
            rules.sort(key=lambda rule: -rule[0].specificity)  # stable: keeps that order

    def extended(self, entries: Mapping[str, Behaviour]) -> Registry:
        """A new registry with `entries` added over these (addBehaviors)."""
        return Registry([*self.entries(), *((Selector.parse(k), v) for k, v in entries.items())])

    def entries(self) -> list[tuple[Selector, Behaviour]]:
        return [rule for rules in self._by_tag.values() for rule in reversed(rules)]

    def lookup(self, node: Node) -> Behaviour:
        for selector, behaviour in self._by_tag.get(node.tag, ()):
            if selector.matches(node):
                return behaviour
        return self.FALLBACK


def registry(entries: Mapping[str, Behaviour]) -> Registry:
    return Registry().extended(entries)


DEFAULTS = registry({
    # structure
    "text": Behaviour("div"),
    "front": Behaviour("section"),
    "body": Behaviour("div"),
    "back": Behaviour("section"),
    "div": Behaviour("section"),
    # numbered divisions and a group of texts hold blocks as `div` and `text` do: drawn as
    # spans (the fallback), they would run their paragraphs, speeches and stanzas into a line
    **{f"div{n}": Behaviour("section") for n in range(1, 8)},
    "group": Behaviour("div"),
    "opener": Behaviour("header"),
    "closer": Behaviour("footer"),
    "postscript": Behaviour("section"),
    # citable blocks
    "head": Behaviour("h2"),
    "p": Behaviour("p"),
    "ab": Behaviour("p"),
    "dateline": Behaviour("p"),
    "signed": Behaviour("p"),
    "byline": Behaviour("p"),
    "address": Behaviour("p"),
    "list": Behaviour("ol", "list"),
    "item": Behaviour("li"),
    "label": Behaviour("span"),
    # verse: a stanza is a block; a line is a span that CSS puts on a line of its own, so
    # that a line inside a paragraph (a quoted verse) stays valid HTML
    "lg": Behaviour("div"),
    "l": Behaviour("span"),
    # drama: a speech is a block, its speaker set apart (and linked to the index when the
    # speech's @who names a person); stage directions are spans that CSS sets on a line of
    # their own between speeches (inside a line they stay inline)
    "sp": Behaviour("div", "speech"),
    "speaker": Behaviour("p"),
    "spGrp": Behaviour("div"),  # speeches spoken together: a block of blocks
    "stage": Behaviour("span"),
    # a cast list holds heads and groups as well as items: blocks, not an HTML list
    "castList": Behaviour("div"),
    "castGroup": Behaviour("div"),
    "castItem": Behaviour("p"),
    # transcription: what the witness adds, deletes or lacks stays visible, never resolved
    # in silence; brackets for gap, supplied and surplus come from CSS, not the text
    "add": Behaviour("ins"),
    "del": Behaviour("del"),
    "gap": Behaviour("span"),
    "unclear": Behaviour("span"),
    "supplied": Behaviour("span"),
    "surplus": Behaviour("span"),
    # phrases; `hi` by its rendition where HTML has an element for it
    "hi": Behaviour("span"),  # no @rend: italic by CSS, claiming no emphasis
    "hi[rend=italic]": Behaviour("i"),
    "hi[rend=italics]": Behaviour("i"),
    "hi[rend=bold]": Behaviour("b"),
    "hi[rend=sup]": Behaviour("sup"),
    "hi[rend=superscript]": Behaviour("sup"),
    "hi[rend=sub]": Behaviour("sub"),
    "hi[rend=subscript]": Behaviour("sub"),
    "hi[rend=underline]": Behaviour("u"),
    "hi[rend=strikethrough]": Behaviour("s"),
    "foreign": Behaviour("i"),
    "title": Behaviour("cite"),
    "q": Behaviour("q"),
    "lb": Behaviour("br", "line-break"),
    "pb": Behaviour("span", "page-break"),
    "milestone": Behaviour("span", "page-break"),
    "note": Behaviour("span", "note"),
    "choice": Behaviour("span", "choice"),
    "app": Behaviour("span", "apparatus"),
    "table": Behaviour("table", "table"),
    "date": Behaviour("time", "date"),
    # a name pointing at a register entry links to its index entry; it may point with
    # @key, @corresp or @sameAs too, and one that reaches no entry is drawn as a span
    "persName": Behaviour("a", "mention"),
    "placeName": Behaviour("a", "mention"),
    "orgName": Behaviour("a", "mention"),
    "rs": Behaviour("a", "mention"),
    "name": Behaviour("a", "mention"),
    "persName[ref]": Behaviour("a", "mention"),
    "placeName[ref]": Behaviour("a", "mention"),
    "orgName[ref]": Behaviour("a", "mention"),
    "rs[ref]": Behaviour("a", "mention"),
    "name[ref]": Behaviour("a", "mention"),
})
