"""Does each TEI feature render as described? Counted instance by instance on real TEI.

Each *.xml under --dir (default tests/corpus) is built as a one-document edition, in memory,
in a subprocess of its own with a time limit (`onedoc`). Then, for each feature of
`FEATURES`, its instances are counted in the source (lxml, over the TEI `<text>` as
Scholion reads it: the lists of persons, places… and TEI examples left out) and each is
looked for in the document's reading page (lxml.html): found and drawn as described, or
not, and why. An instance is matched to the page by its anchor (`xml:id`, or the
provisional one Scholion derives for a citable block) where it has one, else by its text:
the page element must hold every character of the instance's reading text, in order
(exactly, where it can), looked for near where the last instance of the feature was found,
in the running text or among the notes, as the instance itself stands.

Per feature: instances, rendered as described, rate; per file, the failures with the
source line and the reason, so a developer sees what fails and why. A feature whose HTML
does not exist yet scores low: that is a finding about Scholion, not about this tool.
Writes --json (default DIR/structure.json) and prints a table; exits 1 if a file crashed
or hung.

    python bench/structure.py [--dir tests/corpus] [--json FILE] [--timeout 60]

To add a feature: write its check (`(Instance, Page) -> reason or None`) and add a
`Feature` to `FEATURES`, with the XPath that finds its instances in the TEI text.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from onedoc import Built, build_in_memory, edition_of, limit_memory, run_apart, squashed

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "corpus"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
EXAMPLES = 5  # failures kept per file and feature
WINDOW = 64  # page elements looked through, around the last match, for an inexact match

# What the page adds around the text, not the text's own words: ¶ and line links, note
# calls, former anchors, the back links of the notes.
ADDED_CLASSES = frozenset({"anchor", "note-ref", "alias", "tei-note-ref", "source-note-back",
                           "note-back"})
# HTML elements that are blocks (flow content laid out on lines of their own), as opposed
# to phrasing content that runs on inside a line.
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "caption", "dd", "details",
                    "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3",
                    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
                    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
                    "tr", "ul"})


# --- the source side ----------------------------------------------------------------------

@dataclass
class Instance:
    """One TEI element of a feature: the lxml element, the same element as Scholion read it
    (a `scholion.model.Node`, with its provisional anchor if it is a citable block), and
    whether it stands in the running text or apart (in a note set apart, a variant
    reading) or nowhere the page shows (a choice's other reading)."""

    element: object  # lxml element
    node: object  # scholion.model.Node
    region: str  # "text", "apart" or "hidden"
    context: str = ""  # said after a failure's reason: where the instance stands

    @property
    def line(self) -> int:
        return self.element.sourceline or 0

    @property
    def text(self) -> str:
        """Its reading text, white space aside (a note set apart: its own words)."""
        node = self.node
        if node.tag == "note":
            return squashed("".join(c if isinstance(c, str) else c.reading_text()
                                    for c in node.parts()))
        return squashed(node.reading_text())


def local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


class Source:
    """The TEI `<text>` of a file, each element paired with the Node Scholion read."""

    def __init__(self, root, body) -> None:
        from scholion.load.tei import LISTS, to_node

        self._to_node = to_node
        self.lists = LISTS
        self.text = root.find(f"{{{TEI}}}text")
        self.nodes: dict[object, object] = {}
        self.unpaired = 0  # elements whose Node could not be found (tree shapes differ)
        self._pair(self.text, body)

    def _children(self, element) -> list:
        return [c for c in element if isinstance(c.tag, str) and local(c) not in self.lists]

    def _pair(self, element, node) -> None:
        """Walk the lxml tree and the Node tree together: `load` drops comments,
        processing instructions and the lists, and keeps every other element in order."""
        from scholion.model import Node

        self.nodes[element] = node
        elements = self._children(element)
        nodes = [c for c in node.children if isinstance(c, Node)]
        if len(elements) != len(nodes) or any(local(e) != n.tag for e, n in
                                               zip(elements, nodes, strict=False)):
            self.unpaired += len(elements)
            return
        for child, child_node in zip(elements, nodes, strict=True):
            self._pair(child, child_node)

    def node(self, element):
        found = self.nodes.get(element)
        return found if found is not None else self._to_node(element)

    def find(self, xpath: str) -> Iterator[Instance]:
        """The elements of the text that `xpath` (relative to `<text>`, TEI prefix `t:`)
        finds, outside the lists and the TEI examples, as instances."""
        for element in self.text.xpath(xpath, namespaces=NS):
            if any(local(a) in self.lists or local(a) == "egXML"
                   for a in element.iterancestors()):
                continue
            region, context = self._region(element)
            yield Instance(element, self.node(element), region, context)

    def _region(self, element) -> tuple[str, str]:
        """Where the page shows an element: in the running text, apart (in a note set
        apart or a variant reading, drawn after the text), or not at all (the reading of a
        choice the text does not show)."""
        region, context = "text", ""
        child = element
        for ancestor in element.iterancestors():
            if ancestor is self.text.getparent():
                break
            name = local(ancestor)
            if name == "choice":
                shown = self.node(ancestor).shown_reading()
                if shown is not None and self.node(child) is not shown:
                    return "hidden", f"inside the <{local(child)}> of a choice"
            if name == "app" and local(child) in ("rdg", "rdgGrp") and \
                    self.node(child) is not self.node(ancestor).shown_reading():
                region, context = "apart", "inside a variant reading"
            if name == "note" and ancestor.get("place") != "inline":
                region, context = "apart", "inside a note set apart"
            child = ancestor
        return region, context


# --- the page side ------------------------------------------------------------------------

def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def shown_text(element) -> str:
    """The element's text as a reader sees it, without what the page adds (ADDED_CLASSES),
    white space aside."""
    parts: list[str] = []

    def walk(e) -> None:
        parts.append(e.text or "")
        for child in e:
            if isinstance(child.tag, str) and child.tag not in ("script", "style") \
                    and not classes(child) & ADDED_CLASSES:
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return squashed("".join(parts))


def holds(haystack: str, needle: str) -> bool:
    """Whether every character of `needle` is in `haystack`, in order (the page may add
    to an element's text, a line number or another reading, but must lose none of it)."""
    if needle in haystack:
        return True
    rest = iter(haystack)
    return all(c in rest for c in needle)


def describe(element) -> str:
    """`<span class="tei-l">`: how a failure names the element it found."""
    if element is None:
        return "nothing"
    shown = " ".join(sorted(classes(element)))
    return f'<{element.tag} class="{shown}">' if shown else f"<{element.tag}>"


class Pool:
    """Page elements a feature may be matched against, each taken at most once. Looked up
    by exact text first, then by `holds` among the WINDOW elements around the last one
    taken (instances and elements run in the same order, region by region)."""

    def __init__(self, elements: Iterable, key: Callable[[object], str] = shown_text) -> None:
        self.items = list(elements)
        self.keys = [key(e) for e in self.items]
        self.used = [False] * len(self.items)
        self.by_key: dict[str, deque[int]] = defaultdict(deque)
        for i, key in enumerate(self.keys):
            self.by_key[key].append(i)
        self.cursor = 0

    def take(self, text: str, fits: Callable[[str, object], bool] | None = None):
        """The first free element whose text is `text`, else one near the cursor that
        `fits` (by default: holds `text`); None if there is none."""
        queue = self.by_key.get(text)
        while queue and self.used[queue[0]]:
            queue.popleft()
        if queue:
            return self._use(queue.popleft())
        fits = fits or (lambda key, _element: holds(key, text))
        start = max(0, self.cursor - WINDOW // 4)
        for i in range(start, min(len(self.items), start + WINDOW)):
            if not self.used[i] and fits(self.keys[i], self.items[i]):
                return self._use(i)
        return None

    def _use(self, i: int):
        self.used[i] = True
        self.cursor = i + 1
        return self.items[i]


class Page:
    """A document's reading page: its elements by id, its running text, the elements
    in-page links reach (the notes), and the pools the features match against."""

    def __init__(self, html: bytes, body) -> None:
        import lxml.html

        tree = lxml.html.document_fromstring(html)
        self.root = (tree.xpath('//article[contains(concat(" ", @class, " "), " document ")]')
                     or [tree])[0]
        texts = self.root.xpath('.//*[contains(concat(" ", @class, " "), " tei-text ")]')
        self.text = texts[0] if texts else self.root  # the outermost: the TEI <text>
        self.in_text = set(self.text.iter())  # elements, not id()s: a proxy kept alive
        # TEI examples (egXML) are drawn with the classes of the TEI they show: never an
        # instance's element
        self.examples = {e for x in self.by_class("tei-egXML") for e in x.iter()}
        self.by_id: dict[str, object] = {}
        for element in self.root.iter():
            if isinstance(element.tag, str) and element.get("id"):
                self.by_id.setdefault(element.get("id"), element)
        self.running = shown_text(self.text)
        self.expected = squashed(body.reading_text())
        self.targets = self._targets()
        self.is_target = set(self.targets)
        self.target_text = "\x00".join(shown_text(t) for t in self.targets)
        self._pools: dict[tuple[str, str], Pool] = {}

    def _targets(self) -> list:
        """The elements in-page links reach from outside them (a note from its marker, an
        entry of the apparatus from its call), in page order; not the ¶ links, which reach
        their own block, nor the contents, which reach the heads."""
        found: dict[object, None] = {}
        for link in self.root.iter("a"):
            href = link.get("href") or ""
            if not href.startswith("#") or any(a.tag == "nav" for a in link.iterancestors()):
                continue
            target = self.by_id.get(href[1:])
            # a link back to a marker reaches a link: no note is one
            if target is not None and target.tag != "a" and \
                    not any(a is target for a in link.iterancestors()):
                found[target] = None
        order = {e: i for i, e in enumerate(self.root.iter())}
        return sorted(found, key=order.__getitem__)

    def pool(self, name: str, region: str, select: Callable[[Page], Iterable],
             key: Callable[[object], str] = shown_text) -> Pool:
        """The pool `name` of the running text (`region` "text") or of the rest of the
        page (anything else), made once from what `select` finds in the page; its elements
        looked up by `key` (by default their text)."""
        side = "text" if region == "text" else "apart"
        if (name, side) not in self._pools:
            everything = [e for e in select(self) if e not in self.examples]
            self._pools[(name, "text")] = Pool((e for e in everything if e in self.in_text),
                                               key)
            self._pools[(name, "apart")] = Pool((e for e in everything
                                                 if e not in self.in_text), key)
        return self._pools[(name, side)]

    def take(self, name: str, instance: Instance, select: Callable[[Page], Iterable],
             text: str | None = None, fits: Callable[[str, object], bool] | None = None,
             key: Callable[[object], str] = shown_text):
        """The page element of `instance` from pool `name` whose key is `text` (by default
        the instance's text), else one that `fits`: the instance's own region first, then
        the other (a renderer may well move things)."""
        text = instance.text if text is None else text
        first = "text" if instance.region == "text" else "apart"
        for region in (first, "apart" if first == "text" else "text"):
            found = self.pool(name, region, select, key).take(text, fits)
            if found is not None:
                return found
        return None

    def by_class(self, name: str) -> list:
        return self.root.xpath(f'.//*[contains(concat(" ", @class, " "), " {name} ")]')

    def is_block(self, element) -> tuple[bool, str]:
        """Whether `element` is a block, set on lines of its own: a block element with no
        phrasing element around it (which would run it into a line of text)."""
        if element.tag not in BLOCKS:
            return False, f"drawn as {describe(element)}, which runs on in the line"
        for ancestor in element.iterancestors():
            if ancestor is self.text or ancestor is self.root:
                break
            if ancestor.tag not in BLOCKS:
                return False, f"inside {describe(ancestor)}, in the running text"
            if ancestor.tag == "p":
                return False, "inside a <p>, in the running text"
        return True, ""


# --- the features -------------------------------------------------------------------------

Check = Callable[[Instance, Page], str | None]


@dataclass(frozen=True)
class Feature:
    name: str
    xpath: str  # its instances, relative to the TEI <text>
    described: str  # what "rendered as described" means
    check: Check  # None if the instance renders as described, else why not
    keep: Callable[[Instance, Source], bool] | None = None  # of what `xpath` finds


def own_element(instance: Instance, page: Page, pool: str, select) -> tuple[object, str]:
    """The page element of an instance: the one with its anchor if it has one (then it
    must hold its text), else one of `pool` holding its text. With why not, if none."""
    anchor = instance.node.id
    if anchor:
        element = page.by_id.get(anchor)
        if element is None:
            return None, f"no element with its id {anchor!r}"
        if not holds(shown_text(element), instance.text):
            return None, f"{describe(element)} with its id does not hold all its text"
        return element, ""
    element = page.take(pool, instance, select)
    return element, "" if element is not None else "no element of the page holds its text"


def with_class(name: str) -> Callable[[Page], list]:
    return lambda page: page.by_class(name)


def with_tag(tag: str) -> Callable[[Page], list]:
    return lambda page: list(page.root.iter(tag))


def elsewhere(page: Page, instance: Instance, name: str) -> str:
    """What the page drew instead, for a failure's reason: an element of the TEI name's
    class holding the instance's text, if there is one."""
    found = page.take(f"any-{name}", instance, with_class(f"tei-{name}"))
    return f"drawn as {describe(found)}" if found is not None else \
        "nothing of the page holds its text"


def check_l(instance: Instance, page: Page) -> str | None:
    element, why = own_element(instance, page, "l", with_class("tei-l"))
    if element is None:
        return why
    if "tei-l" not in classes(element):
        return f"its element is {describe(element)}, not one element .tei-l"
    anchor = element.get("id")
    if not anchor:
        return "no anchor (no id)"
    links = [a for a in element.iter("a") if a.get("href") == f"#{anchor}"]
    return None if links else "no ¶/line link to its own anchor"


def check_speaker(instance: Instance, page: Page) -> str | None:
    element = page.take("speaker", instance, with_class("tei-speaker"))
    if element is None:
        return "no .tei-speaker holds its text"
    block, why = page.is_block(element)
    return None if block else why


def html_element(tag: str) -> Check:
    """The instance drawn as the HTML element `tag` (del as <del>, add as <ins>)."""
    def check(instance: Instance, page: Page) -> str | None:
        if page.take(tag, instance, with_tag(tag)) is not None:
            return None
        return f"no <{tag}> holds its text: " + elsewhere(page, instance, local(
            instance.element))
    return check


def check_note(instance: Instance, page: Page) -> str | None:
    """A note set apart: a marker link in the page reaches an element holding its words."""
    text = instance.text
    anchor = instance.node.id
    if anchor:
        target = page.by_id.get(anchor)
        if target is None:
            return f"no element with its id {anchor!r}"
        if target not in page.is_target:
            return "its element is reached by no marker link"
        return None if holds(shown_text(target), text) else \
            "the element its marker reaches does not hold its words"

    def fits(key: str, _element) -> bool:  # the note's words and not much else
        return len(key) <= 2 * len(text) + 20 and holds(key, text)
    found = page.take("note-targets", instance, lambda p: p.targets, fits=fits)
    return None if found is not None else "no marker link reaches an element holding its words"


def check_pb(instance: Instance, page: Page) -> str | None:
    number = instance.element.get("n")
    found = page.take("data-n", instance, lambda p: p.root.xpath(".//*[@data-n]"),
                      text=number, fits=lambda _key, _element: False,
                      key=lambda e: e.get("data-n"))
    return None if found is not None else f"no element with data-n={number!r}"


def drawn_rows(table) -> list:
    """The elements that draw the rows of `table` (class tei-row, as every element keeps
    its TEI name), not those of a table inside it."""
    return [e for e in table.iter() if e is not table and "tei-row" in classes(e)
            and next(e.iterancestors("table"), None) is table]


def check_table(instance: Instance, page: Page) -> str | None:
    """A <table> whose rows are <tr>s, one a TEI row, each with a cell (td/th) a cell."""
    element, why = own_element(instance, page, "table", with_tag("table"))
    if element is None:
        return why
    if element.tag != "table":
        return f"drawn as {describe(element)}, not a <table>"
    rows = instance.element.findall(f"{{{TEI}}}row")
    drawn = drawn_rows(element)
    if len(drawn) != len(rows):
        return f"{len(drawn)} rows drawn for {len(rows)} rows"
    for row, tr in zip(rows, drawn, strict=True):
        if tr.tag != "tr":
            return f"a row drawn as {describe(tr)}, not a <tr>"
        cells = len([c for c in row if isinstance(c.tag, str)])
        if len([c for c in tr if c.tag in ("td", "th")]) != cells:
            return f"a row of {cells} cells drawn with another number of <td>/<th>"
    return None


def not_shown(instance: Instance, source: Source) -> bool:
    """A reading of an app that the text does not show (its lemma, else its first)."""
    app = source.node(instance.element.getparent())
    return instance.node is not app.shown_reading()


def check_rdg(instance: Instance, page: Page) -> str | None:
    """A reading the text does not show: not in the running text (no more often than the
    text as read, lemmas only, has those characters), and in the notes."""
    text = instance.text
    if not text:  # an omission: nothing to leave out of the text; its entry is not checked
        return None
    if page.running.count(text) > page.expected.count(text):
        return "its words are in the running text"
    return None if text in page.target_text else "its words are in no note of the page"


def check_choice(instance: Instance, page: Page) -> str | None:
    """Every reading of the choice in the page: held, word for word, by the choice's own
    element, or each drawn as an element of its TEI name (tei-sic, tei-corr…)."""
    from scholion.model import Node

    readings = [c for c in instance.node.children if isinstance(c, Node)]
    texts = [squashed(r.reading_text()) for r in readings]
    holder = page.take("choice", instance, with_class("tei-choice"), text="\x00".join(texts),
                       fits=lambda key, _e: all(t in key for t in texts))
    if holder is not None:
        return None
    missing = [(reading.tag, text) for reading, text in zip(readings, texts, strict=True)
               if text and page.take(f"reading-{reading.tag}", instance,
                                     with_class(f"tei-{reading.tag}"), text=text) is None]
    if not missing:
        return None
    shown = instance.node.shown_reading()
    element = page.take("choice-shown", instance, with_class("tei-choice"),
                        text=squashed(shown.reading_text())) if shown is not None else None
    title = squashed(element.get("title") or "") if element is not None else ""
    titled = all(text in title for _, text in missing)
    return "the <" + ">, <".join(tag for tag, _ in missing) + "> not in the page" + \
        (" (only in a title)" if titled else "")


def check_figure(instance: Instance, page: Page) -> str | None:
    element, why = own_element(instance, page, "figure", with_tag("figure"))
    if element is None:
        return why
    if element.tag != "figure":
        return f"drawn as {describe(element)}, not a <figure>"
    if instance.element.find(f".//{{{TEI}}}graphic[@url]") is None:
        return None
    images = list(element.iter("img")) + [a for a in element.iter("a")
                                          if "anchor" not in classes(a) and a.get("href")
                                          and a.get("href") != f"#{element.get('id')}"]
    images += element.find_class("unavailable")  # a file the edition lacks, marked as such
    return None if images else "its <figure> has neither an <img> nor a link to its graphic"


def file_name(url: str) -> str:
    return re.split(r"[?#]", url.strip())[0].rstrip("/").rsplit("/", 1)[-1]


def check_graphic(instance: Instance, page: Page) -> str | None:
    name = file_name(instance.element.get("url") or "")

    def where(e) -> str:  # an image, a link to one, or the mark of one not available
        return e.get("src") or e.get("href") or e.get("data-src") or ""

    def select(p: Page) -> list:
        return [e for e in p.root.iter("img", "a", "span") if file_name(where(e)) == name]
    # a pool per file: a pool is kept by its name, and this one selects by the file's
    found = page.take(f"graphic:{name}", instance, select,
                      fits=lambda _k, e: file_name(where(e)) == name)
    return None if found is not None else f"no <img> nor link to {name!r}"


def linked(tag: str) -> Check:
    """The instance (ref, ptr with @target) drawn as a link, `<a href>`, or, when its
    target is nowhere in the edition, marked as not linked (`unlinked`, with the reason):
    its own element, by its id, else the element of its TEI name's class holding its
    text."""
    def check(instance: Instance, page: Page) -> str | None:
        anchor = instance.node.id
        element = page.by_id.get(anchor) if anchor else None
        if element is None:
            element = page.take(tag, instance, with_class(f"tei-{tag}"))
        if element is not None and element.tag == "a" and element.get("href"):
            return None
        if element is not None and tag == "ptr" and any(  # a ptr: a link for each target
                a.get("href") for a in element.iter("a")):
            return None
        if element is not None and ("unlinked" in element.get("class", "").split()
                                    or element.find_class("unlinked")):
            return None  # a target this edition does not hold: said so (W124), not linked
        if element is None:
            return "nothing of the page holds its text"
        inside = next((a for a in element.iterancestors("a") if a.get("href")), None)
        return "inside another link" if inside is not None else \
            f"drawn as {describe(element)}, no link"
    return check


def check_lg(instance: Instance, page: Page) -> str | None:
    element, why = own_element(instance, page, "lg", with_class("tei-lg"))
    if element is None:
        return why
    block, why = page.is_block(element)
    return None if block else why


FEATURES: tuple[Feature, ...] = (
    Feature("l", ".//t:l", "one .tei-l element holding the line, with an id and a ¶/line "
            "link to it", check_l),
    Feature("speaker", ".//t:sp/t:speaker", "a .tei-speaker block, not in running text",
            check_speaker),
    Feature("del", ".//t:del", "a <del>", html_element("del")),
    Feature("add", ".//t:add", "an <ins>", html_element("ins")),
    Feature("note", ".//t:note[not(@place='inline')]", "a marker link reaching an element "
            "of the page that holds the note's words", check_note),
    Feature("pb", ".//t:pb[normalize-space(@n)]", "an element with data-n = @n", check_pb),
    Feature("table", ".//t:table", "a <table>, each row a <tr> with a <td>/<th> for each "
            "cell", check_table),
    Feature("rdg", ".//t:app/t:rdg | .//t:app/t:rdgGrp", "a reading the text does not show: "
            "its words not in the running text, and in a note", check_rdg, not_shown),
    Feature("choice", ".//t:choice[count(*) > 1]", "every reading of the choice in the page",
            check_choice),
    Feature("figure", ".//t:figure", "a <figure>, with an <img> or a link if it has a "
            "graphic", check_figure),
    Feature("graphic", ".//t:graphic[normalize-space(@url)][not(ancestor::t:figure)]",
            "an <img> or a link to its file (outside figures)", check_graphic),
    Feature("ref", ".//t:ref[normalize-space(@target)]", "an <a href>", linked("ref")),
    Feature("ptr", ".//t:ptr[normalize-space(@target)]", "an <a href>", linked("ptr")),
    Feature("lg", ".//t:lg", "a block", check_lg),
)


def instances_of(feature: Feature, source: Source) -> Iterator[Instance]:
    found = source.find(feature.xpath)
    return found if feature.keep is None else (i for i in found if feature.keep(i, source))


# --- one file -----------------------------------------------------------------------------

@dataclass
class Tally:
    instances: int = 0
    rendered: int = 0
    failures: list[dict[str, object]] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)

    def record(self) -> dict[str, object]:
        return {"instances": self.instances, "rendered": self.rendered,
                "failures": self.failures, "reasons": dict(self.reasons.most_common())}


def measure_page(source_path: Path, built: Built,
                 features: Iterable[Feature] = FEATURES) -> dict[str, object]:
    """Each feature's instances in the source file, and how many the built page renders as
    described, with the first failures (line, reason, the instance's first words); and
    how many elements of the source could not be paired with what Scholion read (their
    provisional anchors are then unknown here: should be 0)."""
    from scholion.load.xml import parse_xml

    parsed, _ = parse_xml(source_path.read_bytes(), source_path.name)
    body = built.page.document.body
    source = Source(parsed.tree.getroot(), body)
    page = Page(built.html, body)
    results = {}
    for feature in features:
        tally = Tally()
        for instance in instances_of(feature, source):
            tally.instances += 1
            why = feature.check(instance, page)
            if why is None:
                tally.rendered += 1
                continue
            reason = f"{why} ({instance.context})" if instance.context else why
            tally.reasons[reason] += 1
            if len(tally.failures) < EXAMPLES:
                tally.failures.append({"line": instance.line, "reason": reason,
                                       "text": instance.text[:60]})
        results[feature.name] = tally.record()
    return {"features": results, "unpaired": source.unpaired}


def measure_file(source: Path) -> dict[str, object]:
    """Build `source` as an edition of its own in memory and measure its reading page.
    Never raises: an exception is kept."""
    record: dict[str, object] = {"built": False, "errors": {}, "raised": None,
                                 "timeout": False, "features": {}}
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="scholion-structure-") as tmp:
            root = Path(tmp) / "edition"
            edition_of(source, root)
            built = build_in_memory(root)
            record["built"], record["errors"] = built.ok, built.codes(errors=True)
            if built.ok:
                record.update(measure_page(source, built))
    except Exception as exc:  # the point is to record it: nothing may raise
        record["raised"] = traceback.format_exception_only(exc)[-1].strip()
    record["seconds"] = round(time.perf_counter() - start, 3)
    return record


# --- the folder ---------------------------------------------------------------------------

def totals(runs: dict[str, dict]) -> dict[str, dict[str, object]]:
    """Per feature, over every file that built: instances, rendered, rate, files, and the
    reasons of the failures with their counts, the most frequent first."""
    out = {}
    for feature in FEATURES:
        instances = rendered = files = failing = 0
        reasons: Counter = Counter()
        for run in runs.values():
            tally = run.get("features", {}).get(feature.name)
            if not tally or not tally["instances"]:
                continue
            files += 1
            failing += tally["rendered"] < tally["instances"]
            instances += tally["instances"]
            rendered += tally["rendered"]
            reasons.update(tally["reasons"])
        out[feature.name] = {"described": feature.described, "instances": instances,
                             "rendered": rendered,
                             "rate": round(rendered / instances, 4) if instances else None,
                             "files": files, "files_failing": failing,
                             "reasons": dict(reasons.most_common(8))}
    return out


def table(runs: dict[str, dict], figures: dict[str, dict]) -> str:
    lines = [f"{'feature':<8}  {'instances':>9}  {'rendered':>8}  {'rate':>6}  "
             f"{'files':>5}  {'failing':>7}  biggest cause"]
    for name, f in figures.items():
        # rounded down: 9,999 of 10,000 is not 100%
        rate = "-" if f["rate"] is None else \
            f"{math.floor(1000 * f['rendered'] / f['instances']) / 10:.1f}%"
        cause = next(iter(f["reasons"]), "")
        lines.append(f"{name:<8}  {f['instances']:>9}  {f['rendered']:>8}  {rate:>6}  "
                     f"{f['files']:>5}  {f['files_failing']:>7}  {cause[:70]}")
    lines.append("\nfailures by file (first examples):")
    for path, run in runs.items():
        if run.get("timeout") or run.get("raised") or not run.get("built"):
            why = "HUNG" if run.get("timeout") else run.get("raised") or "refused: " + \
                " ".join(run.get("errors", {}))
            lines.append(f"  {path}: not measured ({why})")
            continue
        for name, tally in run["features"].items():
            if tally["rendered"] == tally["instances"]:
                continue
            lines.append(f"  {path} {name}: {tally['instances'] - tally['rendered']} of "
                         f"{tally['instances']} fail")
            for failure in tally["failures"][:3]:
                lines.append(f"      line {failure['line']}: {failure['reason']}  "
                             f"«{failure['text']}»")
    return "\n".join(lines)


def one(source: Path) -> None:
    """The --one child: measure a file and print its record as one JSON line."""
    limit_memory()
    print(json.dumps(measure_file(source), ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=CORPUS,
                        help="measure every *.xml under DIR (default tests/corpus)")
    parser.add_argument("--json", type=Path,
                        help="where the figures go (default DIR/structure.json)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds a file may take before it counts as hung")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.one is not None:
        return one(args.one)
    files = sorted(p for p in args.dir.rglob("*.xml") if p.is_file())
    if not files:
        sys.exit(f"no *.xml under {args.dir}")
    runs = {}
    for path in files:
        name = path.relative_to(args.dir).as_posix()
        print(f"measuring {name} …", file=sys.stderr, flush=True)
        runs[name] = run_apart(Path(__file__).resolve(), path, args.timeout)
    figures = totals(runs)
    measured = [r for r in runs.values() if r.get("built")]
    for run in measured:  # a file's record names only the features it has
        run["features"] = {k: v for k, v in run["features"].items() if v["instances"]}
    report = {"what": "each *.xml under the folder built as a one-document edition in memory; "
                      "per TEI feature, its instances in the source and those the reading "
                      "page renders as described (bench/structure.py)",
              "folder": str(args.dir), "files": len(runs), "measured": len(measured),
              "features": figures, "documents": runs}
    out = args.json or args.dir / "structure.json"
    out.write_text(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(table(runs, figures))
    print(f"\n{len(measured)} of {len(runs)} files measured; written to {out}")
    crashed = [p for p, r in runs.items() if r.get("raised") or r.get("timeout")]
    sys.exit(1 if crashed else 0)


if __name__ == "__main__":
    main()
