"""The TEI → HTML behaviour registry, and golden pairs: each `tests/golden/behaviours/*.xml`
(a TEI fragment) with the HTML it must render to beside it (`*.html`). A fragment is read
as `load` reads a text (its apparatus located, its witnesses listed), without the anchors
`load` derives: only blocks with an xml:id have one.

A new behaviour comes with a new pair: write the `.xml`, run
`python -m pytest tests/test_behaviours.py --update-golden`, read the `.html` it wrote,
and commit both. (Python-Markdown's `assertMarkdownRenders` is the model.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, GOLDEN
from scholion.link.apparatus import witnesses
from scholion.link.images import Images
from scholion.load.registers import read_registers
from scholion.load.tei import (
    TEI_NS,
    collect_blocks,
    located_apparatus,
    to_node,
    with_joined_labels,
)
from scholion.load.xml import parse_xml
from scholion.model import Node
from scholion.render import behaviours
from scholion.render.behaviours import DEFAULTS, Behaviour, Selector
from scholion.render.html import TextRenderer, render_text

PAIRS = sorted((GOLDEN / "behaviours").glob("*.xml"))


def _registers():
    path = FIXTURES / "mini" / "source" / "registers.xml"
    parsed, problems = parse_xml(path.read_bytes(), "registers.xml")
    assert parsed is not None, problems
    return read_registers(parsed, "registers.xml")[0]


def render_fragment(tei: str, registry=DEFAULTS) -> str:
    """A TEI fragment (one or more elements of a <body>) as the reading page draws it."""
    data = f'<body xmlns="{TEI_NS}">{tei}</body>'.encode()
    parsed, problems = parse_xml(data, "fragment.xml")
    assert parsed is not None, problems
    body, _ = located_apparatus(with_joined_labels(to_node(parsed.tree.getroot())))
    blocks = collect_blocks(body, "fragment.xml")
    return str(render_text(body, blocks, _registers(), behaviours=registry,
                           images=_copied(body), witnesses=witnesses(body)))


def _copied(body: Node) -> Images:
    """The plan of a fragment's images, as if every file it names under `scans/` were in
    source/ (and so copied to images/scans/); other paths are missing."""
    named = [n.get("url") if n.tag == "graphic" else n.get("facs") for n in body.iter()
             if n.tag in ("graphic", "pb")]
    return Images({name: f"images/{name}" for name in named
                   if name.startswith("scans/") and "missing" not in name})


@pytest.mark.parametrize("source", PAIRS, ids=lambda p: p.stem)
def test_golden_pair(source: Path, update_golden: bool):
    expected_path = source.with_suffix(".html")
    html = render_fragment(source.read_text(encoding="utf-8").strip()) + "\n"
    if update_golden:
        expected_path.write_text(html, encoding="utf-8")
    assert expected_path.is_file(), f"no {expected_path.name}: run pytest --update-golden"
    assert html == expected_path.read_text(encoding="utf-8")


def test_there_are_golden_pairs_and_no_orphans():
    assert len(PAIRS) >= 8
    orphans = {p.stem for p in (GOLDEN / "behaviours").glob("*.html")} - {p.stem for p in PAIRS}
    assert orphans == set()


def test_every_handler_name_has_a_method():
    assert set(TextRenderer.HANDLERS) == behaviours.HANDLERS
    assert {b.handler for _, b in DEFAULTS.entries()} <= behaviours.HANDLERS
    assert {b.html for _, b in DEFAULTS.entries()} <= behaviours.HTML_ELEMENTS


@pytest.mark.parametrize("text, expected", [
    ("note", Selector("note")),
    ("persName[ref]", Selector("persName", "ref")),
    ("hi[rend=bold]", Selector("hi", "rend", "bold")),
    ("note[place=]", Selector("note", "place", "")),
])
def test_selectors_parse_and_print_back(text, expected):
    assert Selector.parse(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize("text", ["", "hi[", "hi[rend=bold", "[rend]", "hi rend", "1p"])
def test_malformed_selectors_are_refused(text):
    with pytest.raises(ValueError, match="not a selector"):
        Selector.parse(text)


def test_the_most_specific_selector_wins_and_later_entries_override():
    registry = DEFAULTS.extended({"hi": Behaviour("i"), "hi[rend]": Behaviour("span"),
                                  "hi[rend=bold]": Behaviour("strong")})
    assert registry.lookup(Node("hi")).html == "i"
    assert registry.lookup(Node("hi", (("rend", "spaced"),))).html == "span"
    assert registry.lookup(Node("hi", (("rend", "bold"),))).html == "strong"
    # a default with a value is more specific than the edition's hi[rend]: it still wins
    assert registry.lookup(Node("hi", (("rend", "italic"),))).html == "i"
    assert DEFAULTS.lookup(Node("hi", (("rend", "bold"),))).html == "b"  # untouched
    assert registry.lookup(Node("nothingRegistered")) == Behaviour("span")


def test_an_edition_entry_changes_the_rendering():
    tei = '<p xml:id="g-p1" n="1">a <hi rend="bold">bold</hi> word</p>'
    assert '<b class="tei-hi tei-rend-bold">bold</b>' in render_fragment(tei)
    bold = DEFAULTS.extended({"hi[rend=bold]": Behaviour("strong")})
    assert '<strong class="tei-hi tei-rend-bold">bold</strong>' in render_fragment(tei, bold)


def test_a_block_behaviour_turns_its_paragraph_into_a_div():
    tei = '<p xml:id="g-p1" n="1">a <quote>long quotation</quote></p>'
    assert render_fragment(tei).count("<p ") == 1
    quoted = DEFAULTS.extended({"quote": Behaviour("blockquote")})
    html = render_fragment(tei, quoted)
    assert '<div class="tei-p" id="g-p1">' in html and "<p " not in html


def test_rend_tokens_become_classes_and_nothing_else():
    tei = '<p xml:id="g-p1" n="1"><hi rend="small-caps x&quot;onclick=&quot;y 9z">t</hi></p>'
    html = render_fragment(tei)
    assert '<span class="tei-hi tei-rend-small-caps">t</span>' in html
    assert "onclick" not in html
