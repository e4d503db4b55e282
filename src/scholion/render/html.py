"""TEI → HTML as a table of behaviours keyed by TEI element name (the CETEIcean idea).

Each TEI element becomes one HTML element that keeps the TEI name as a class
(`<p class="tei-p" id="p4">`), `xml:id` becomes `id` and `xml:lang` becomes `lang`, so CSS
does the presentation and nothing in the source is silently dropped: an element with no
entry here still renders, as a `<span class="tei-…">`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from ..dates import date_value
from ..link import entity_url
from ..model import Block, Node, Registers
from ..refs import entity_kind_of, parse_ref


@dataclass(frozen=True)
class Behaviour:
    html: str
    block: bool = False  # an HTML flow element (cannot sit inside <p>)


BEHAVIOURS: dict[str, Behaviour] = {
    "text": Behaviour("div", block=True),
    "front": Behaviour("section", block=True),
    "body": Behaviour("div", block=True),
    "back": Behaviour("section", block=True),
    "div": Behaviour("section", block=True),
    "opener": Behaviour("header", block=True),
    "closer": Behaviour("footer", block=True),
    "postscript": Behaviour("section", block=True),
    "head": Behaviour("h2", block=True),
    "p": Behaviour("p", block=True),
    "ab": Behaviour("p", block=True),
    "dateline": Behaviour("p", block=True),
    "signed": Behaviour("p", block=True),
    "byline": Behaviour("p", block=True),
    "address": Behaviour("p", block=True),
    "list": Behaviour("ol", block=True),
    "item": Behaviour("li", block=True),
    "label": Behaviour("span"),
    "hi": Behaviour("em"),
    "foreign": Behaviour("i"),
    "title": Behaviour("cite"),
    "q": Behaviour("q"),
}
# Elements whose HTML form must not be nested in a <p>: a <p> holding one becomes a <div>.
FLOW = frozenset(tag for tag, b in BEHAVIOURS.items() if b.block) - {"head"}


@dataclass(frozen=True)
class Context:
    """What the renderer needs to know beyond the node itself."""

    blocks: dict[str, Block]
    registers: Registers | None = None
    in_link: bool = False  # HTML forbids a link inside a link


def render_text(body: Node, blocks: tuple[Block, ...], registers: Registers | None = None
                ) -> Markup:
    out: list[str] = []
    _render(body, Context(blocks={b.id: b for b in blocks}, registers=registers), out)
    return Markup("".join(out))


def _render(node: Node, ctx: Context, out: list[str]) -> None:
    if node.get("ref") and entity_kind_of(node):
        _mention(node, ctx, out)
        return
    special = _SPECIAL.get(node.tag)
    if special is not None:
        special(node, ctx, out)
        return
    behaviour = BEHAVIOURS.get(node.tag, Behaviour("span"))
    tag = behaviour.html
    if tag == "p" and any(isinstance(c, Node) and c.tag in FLOW for c in node.children):
        tag = "div"
    out.append(_open(tag, node))
    _anchor(node, ctx, out)
    _children(node, ctx, out)
    out.append(f"</{tag}>")


def _children(node: Node, ctx: Context, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(child))
        else:
            _render(child, ctx, out)


def _open(tag: str, node: Node, extra_class: str = "", **attrs: str) -> str:
    classes = f"tei-{node.tag}" + (f" {extra_class}" if extra_class else "")
    kinds = " ".join(f"tei-{k}-{escape(v)}" for k in ("type",) if (v := node.get(k)))
    parts = [tag, f'class="{classes}{" " + kinds if kinds else ""}"']
    if node.id:
        parts.append(f'id="{escape(node.id)}"')
    if lang := node.get("xml:lang"):
        parts.append(f'lang="{escape(lang)}"')
    parts += [f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"


def _anchor(node: Node, ctx: Context, out: list[str]) -> None:
    """The visible ¶ number that links a citable block to itself."""
    block = ctx.blocks.get(node.id) if node.id else None
    if block is None:
        return
    out.append(
        f'<a class="anchor" href="#{escape(block.id)}" '
        f'aria-label="¶ {escape(block.n)}, link to this passage">{escape(block.n)}</a>'
    )


def _list(node: Node, ctx: Context, out: list[str]) -> None:
    """TEI `label`/`item` pairs become one `<li>` each; the label keeps the document's own
    number as text, so the HTML list carries no numbers of its own."""
    out.append(_open("ol", node))
    label: Node | None = None
    for child in node.children:
        if isinstance(child, str):
            continue  # whitespace between items has no meaning in a list
        if child.tag == "label":
            label = child
            continue
        if child.tag == "item":
            out.append(_open("li", child))
            _anchor(child, ctx, out)
            if label is not None:
                _render(label, ctx, out)
                out.append(" ")
                label = None
            _children(child, ctx, out)
            out.append("</li>")
        else:
            out.append("<li>")
            _render(child, ctx, out)
            out.append("</li>")
    out.append("</ol>")


def _line_break(node: Node, ctx: Context, out: list[str]) -> None:
    out.append("<br>")


def _page_break(node: Node, ctx: Context, out: list[str]) -> None:
    """A break of the witness inside a sentence: kept, visible only to those who look."""
    out.append('<span class="tei-pb" title="break in the witness"></span>')


def _note(node: Node, ctx: Context, out: list[str]) -> None:
    """Inline notes of the translator print in square brackets, as in the witness."""
    who = "translator's note" if node.get("type") == "translator" else "note"
    out.append(_open("span", node, title=who))
    out.append('<span class="bracket">[</span>')
    _children(node, ctx, out)
    out.append('<span class="bracket">]</span></span>')


def _choice(node: Node, ctx: Context, out: list[str]) -> None:
    """Show what the witness has (`sic`, `orig`, `abbr`); offer the other reading on hover."""
    parts = {c.tag: c for c in node.children if isinstance(c, Node)}
    shown = parts.get("sic") or parts.get("orig") or parts.get("abbr")
    other = parts.get("corr") or parts.get("reg") or parts.get("expan")
    if shown is None:
        _children(node, ctx, out)
        return
    hint = "so in the witness"
    if other is not None:
        hint += f"; read: {other.text().strip()}" if other.text().strip() else "; read: (omit)"
    out.append(_open("span", node, title=hint))
    _render(shown, ctx, out)
    out.append("</span>")


def _mention(node: Node, ctx: Context, out: list[str]) -> None:
    """A name that points at a register entry links to its index entry, styled by kind."""
    kind = entity_kind_of(node)
    entity = ctx.registers.get(parse_ref(node.get("ref")) or "") if ctx.registers else None
    title = entity.name if entity else ""
    if node.get("cert") in ("low", "medium"):
        title += " (identification uncertain)"
    if entity is None or ctx.in_link:
        out.append(_open("span", node, f"mention mention-{kind}", title=title))
    else:
        out.append(_open("a", node, f"mention mention-{kind}",
                         href=entity_url(kind, entity.id), title=title))
    _children(node, replace(ctx, in_link=True), out)
    out.append("</span>" if entity is None or ctx.in_link else "</a>")


def _date(node: Node, ctx: Context, out: list[str]) -> None:
    """A date shows its normalized value on hover and focus, and links to the chronology."""
    value = date_value(node)
    if value is None:
        out.append(_open("span", node))
        _children(node, ctx, out)
        out.append("</span>")
        return
    link = not ctx.in_link
    if link:
        out.append(f'<a class="mention mention-date" href="{entity_url("date", value.anchor)}" '
                   f'data-norm="{escape(value.label)}">')
    # <time> can hold one date; a span or a vague range stays a <span>
    tag = "time" if value.start == value.end else "span"
    attrs = {"datetime": value.start} if tag == "time" else {}
    out.append(_open(tag, node, title=value.label, **attrs))
    _children(node, replace(ctx, in_link=True), out)
    out.append(f"</{tag}>" + ("</a>" if link else ""))


_SPECIAL = {
    "list": _list,
    "lb": _line_break,
    "pb": _page_break,
    "milestone": _page_break,
    "note": _note,
    "choice": _choice,
    "date": _date,
}
