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
                      "mention", "speech", "date", "apparatus", "table", "quotation", "link",
                      "value", "mathml", "figure", "graphic", "cast-list", "lacuna"})
# The HTML elements a behaviour may ask for: what the reading text can hold. No script,
# style, iframe, form or media: a TEI file or a setting must never inject active content.
HTML_ELEMENTS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "bdi", "blockquote", "br", "cite",
    "code", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "footer", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "ruby", "rt", "s", "samp", "section", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr"})
# HTML elements that cannot sit inside a <p> (a <p> holding one is drawn as a <div>).
FLOW_ELEMENTS = frozenset({"address", "article", "aside", "blockquote", "dd", "details", "div",
                           "dl", "dt", "figure", "footer", "h2", "h3", "h4", "h5", "h6",
                           "header", "hr", "li", "ol", "p", "pre", "section", "table", "ul"})
# HTML elements whose content is not phrasing content: flow content (blocks), or the parts
# of a list or table; inside any other, only phrasing content may stand. (`<ins>`, `<del>`
# and `<a>` are transparent: they hold what their parent may.)
HOLDS_FLOW = frozenset({"a", "article", "aside", "blockquote", "dd", "del", "details", "div",
                        "dl", "dt", "figcaption", "figure", "footer", "header", "ins", "li",
                        "ol", "section", "table", "tbody", "td", "th", "thead", "tr", "ul"})

# A tag may carry the prefix of another vocabulary (`mml:math`, see `load.tei`).
_SELECTOR = re.compile(r"^(?P<tag>(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)"
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
    # structure: the parts of a text are sections; what opens and closes a letter, its
    # header and footer (HTML's own words for them)
    "text": Behaviour("div"),
    "group": Behaviour("div"),
    "front": Behaviour("section"),
    "body": Behaviour("div"),
    "back": Behaviour("section"),
    "div": Behaviour("section"),
    "floatingText": Behaviour("section"),
    # numbered divisions and a group of texts hold blocks as `div` and `text` do: drawn as
    # spans (the fallback), they would run their paragraphs, speeches and stanzas into a line
    **{f"div{n}": Behaviour("section") for n in range(1, 8)},
    "opener": Behaviour("header"),
    "closer": Behaviour("footer"),
    "postscript": Behaviour("section"),
    "argument": Behaviour("div"),
    "epigraph": Behaviour("div"),
    # a title page is the header of the front matter; its title a block of title parts.
    # docAuthor, docDate and docEdition also stand inside a byline or an imprint, so they
    # are spans that CSS sets on a line of their own where they stand alone
    "titlePage": Behaviour("header"),
    "docTitle": Behaviour("div"),
    "titlePart": Behaviour("p"),
    "docImprint": Behaviour("p"),
    "docAuthor": Behaviour("span"),
    "docDate": Behaviour("span"),
    "docEdition": Behaviour("span"),
    "imprimatur": Behaviour("p"),
    # citable blocks
    "head": Behaviour("h2"),
    "p": Behaviour("p"),
    "ab": Behaviour("p"),
    "dateline": Behaviour("p"),
    "salute": Behaviour("p"),
    "signed": Behaviour("p"),
    "byline": Behaviour("p"),
    "trailer": Behaviour("p"),
    # a postal address is a paragraph, each addrLine on a line of its own (by CSS); HTML's
    # <address> is only for the contact details of a page's author, which this is not
    "address": Behaviour("p"),
    "addrLine": Behaviour("span"),
    # lists: their items are citable blocks, their labels the source's own numbers; a
    # gloss list pairs each label (a term) with its item (its gloss)
    "list": Behaviour("ol", "list"),
    "list[type=ordered]": Behaviour("ol", "list"),
    "list[rend=numbered]": Behaviour("ol", "list"),
    "list[rend=ordered]": Behaviour("ol", "list"),
    "list[type=bulleted]": Behaviour("ul", "list"),
    "list[rend=bulleted]": Behaviour("ul", "list"),
    "list[type=unordered]": Behaviour("ul", "list"),
    "list[type=simple]": Behaviour("ul", "list"),
    "list[rend=simple]": Behaviour("ul", "list"),
    "list[type=gloss]": Behaviour("dl", "list"),
    "list[rend=gloss]": Behaviour("dl", "list"),
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
    # a cast list: its heads as heads, its members (items and groups of items) as the items
    # of an HTML list, a group's own members a list inside its item
    "castList": Behaviour("div", "cast-list"),
    "castGroup": Behaviour("li", "cast-list"),
    "castItem": Behaviour("li"),
    # transcription: what the witness adds, deletes or lacks stays visible, never resolved
    # in silence; brackets for gap, supplied and surplus come from CSS, not the text
    "add": Behaviour("ins", "lacuna"),
    "del": Behaviour("del", "lacuna"),
    "gap": Behaviour("span", "lacuna"),
    "space": Behaviour("span", "lacuna"),
    "damage": Behaviour("span", "lacuna"),
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
    # a phrase in another language is what HTML's <i> is for ("a phrase from another
    # language", with its lang), so it claims nothing TEI does not say
    "foreign": Behaviour("i"),
    # a term is a span: TEI says it is a term, not that this is its defining instance
    # (which <dfn> would claim), nor how the source prints it (its @rend does)
    "term": Behaviour("span"),
    "gloss": Behaviour("span"),
    # quotations in quotation marks (HTML's <q>, by CSS, in the page's language), a quoted
    # passage of paragraphs or verse a <blockquote>; speech (`said`) in marks too, but a
    # span, as it quotes no other source; titles are <cite>, italic, those of articles and
    # unpublished works (@level a, u) in quotation marks
    "q": Behaviour("q", "quotation"),
    "quote": Behaviour("q", "quotation"),
    "said": Behaviour("span", "quotation"),
    "title": Behaviour("cite", "quotation"),
    "cit": Behaviour("span"),
    # a number or a measure keeps its value for machines (<data value>)
    "num": Behaviour("data", "value"),
    "measure": Behaviour("data", "value"),
    # references: links to what they point at, checked (see common.hrefs)
    "ref": Behaviour("a", "link"),
    "ptr": Behaviour("a", "link"),
    # MathML in a formula, drawn as MathML (only its presentation elements)
    "mml:math": Behaviour("span", "mathml"),
    "formula": Behaviour("span"),
    "lb": Behaviour("br", "line-break"),
    "pb": Behaviour("span", "page-break"),
    "cb": Behaviour("span", "page-break"),
    "milestone": Behaviour("span", "page-break"),
    "note": Behaviour("span", "note"),
    "choice": Behaviour("span", "choice"),
    "app": Behaviour("span", "apparatus"),
    "table": Behaviour("table", "table"),
    # a figure: its graphics as images of the site (or links to images elsewhere), a head
    # first or last as its caption, its description printed and the images' text
    # alternative
    "figure": Behaviour("figure", "figure"),
    "graphic": Behaviour("span", "graphic"),
    "figDesc": Behaviour("span"),
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
