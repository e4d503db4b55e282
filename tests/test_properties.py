"""Property-based tests: whatever a contributor or a corrupted file throws at Scholion, the
pipeline either builds or answers with Diagnostics. It never raises.

Examples are bounded so that the suite stays fast on a two-core CI machine.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, is_text
from scholion.check import check_edition
from scholion.common.markup import disallowed, safe_html
from scholion.diagnostics import has_errors
from scholion.load import load_edition
from scholion.load.annotations import read_annotation
from scholion.load.tei import read_document
from scholion.load.xml import parse_xml
from scholion.pipeline import plan
from scholion.render import render_site
from test_hostile import executable

EDITION = load_edition(FIXTURES / "mini").edition
LETTER = (FIXTURES / "mini" / "source" / "letter-a.xml").read_bytes()
BOUNDED = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])
KEYS = ["target", "quote", "prefix", "suffix", "type", "author", "sources", "status", "tpye",
        "", "0", "sources "]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["a-p1", "harbour", "context",
                                                           "osaka", "https://x.test/"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


NOTE = "---\ntarget: a-p1\ntype: context\nauthor: A\nsources: [A page]\n---\n"
# The oracle, written apart from the code under test: C0 but tab and line feed, DEL, C1;
# a carriage return unless it ends a line; a numeric reference to any of them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")


def controls_in(value) -> bool:
    """Whether any string in a YAML-able value holds a control character."""
    if isinstance(value, str):
        return bool(CONTROL.search(value))
    if isinstance(value, list):
        return any(controls_in(v) for v in value)
    if isinstance(value, dict):
        return any(controls_in(k) or controls_in(v) for k, v in value.items())
    return False


def references_a_control(text: str) -> bool:
    numbers = (int(h, 16) if h else int(d) for h, d in REFERENCE.findall(text))
    return any(n == 13 or (n < 0xA0 and CONTROL.match(chr(n))) for n in numbers)


INPUTS = {d.path for d in EDITION.documents} | {a.path for a in EDITION.annotations} | {
    EDITION.registers.path, "source/anchors.lock", "annotations/random.md"}


def through_the_pipeline(edition, loading=()) -> str:
    """check; with errors, each must name an input of the edition and a line in it (that
    is what a contributor acts on); without, link and render (in memory), and every
    document page must hold every block of its document, by anchor. Says which it was."""
    problems = [*loading, *check_edition(edition)]
    if has_errors(problems):
        errors = [p for p in problems if p.is_error]
        assert all(p.path in INPUTS and p.line >= 1 for p in errors), errors
        return "diagnosed"
    pages = {p.path: p.content.decode() for p in render_site(plan(edition)) if is_text(p)}
    for document in edition.documents:
        page = pages[f"{document.id}.html"]
        missing = [b.id for b in document.blocks if f'id="{b.id}"' not in page]
        assert not missing, missing
    return "built"


@BOUNDED
@example(front={"quote": "busy\x1b"}, body="Text.")  # YAML writes it as the escape "\e"
@example(front={"target": "a-p1", "sources": ["A\x85 page"]}, body="Text.")  # written raw
@given(front=st.dictionaries(st.sampled_from(KEYS), values, max_size=8),
       body=st.text(max_size=200))
def test_random_front_matter_never_crashes(front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    annotation, problems = read_annotation(text.encode(), "annotations/random.md")
    assert all(p.path == "annotations/random.md" for p in problems)
    codes = {p.code for p in problems}
    if "\x00" in body:  # a NUL byte makes the file binary
        assert annotation is None and "E314" in codes
    elif controls_in(front) or controls_in(body.replace("\r\n", "\n")):
        assert annotation is None and "E007" in codes, problems
    else:
        assert "E007" not in codes or references_a_control(text), problems
    if annotation is not None:
        event(through_the_pipeline(replace(EDITION, annotations=(annotation,)), problems))


@BOUNDED
@given(raw=st.binary(max_size=300))
def test_random_bytes_as_an_annotation_never_crash(raw):
    """Either a note comes back or errors do, each located in the file; nothing else."""
    annotation, problems = read_annotation(b"---\n" + raw, "annotations/random.md")
    assert all(p.path == "annotations/random.md" and p.line >= 1 for p in problems)
    if annotation is None:
        assert has_errors(problems), problems
    else:
        assert annotation.slug == "random" and annotation.path == "annotations/random.md"


@BOUNDED
@example(body="#\x1b")  # found by hypothesis: it reached the page and broke lxml
@example(body="A &#27; here")  # HTML decodes the reference into the same character
@given(body=st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
       | st.from_regex(r"(<[a-z]{1,6}( on[a-z]+=\"x\")?>|\[x\]\((javascript|https?):[^)]*\)"
                       r"|[*_`#>\-\n ]|\w|&#x?[0-9a-f]{1,3};){0,40}", fullmatch=True))
def test_random_markdown_renders_to_nothing_executable(body):
    """A note body is refused with E007 when it holds a control character, raw or as a
    reference; any other body is loaded and renders to HTML with no control character
    and nothing a browser could run."""
    annotation, problems = read_annotation((NOTE + body).encode(), "annotations/random.md")
    codes = {p.code for p in problems}
    if "\x00" in body:  # a NUL byte makes the file binary
        assert annotation is None and codes == {"E314"}
        return
    if CONTROL.search(body.replace("\r\n", "\n")) or references_a_control(body):
        assert annotation is None and codes == {"E007"}, problems
        assert problems[0].line >= NOTE.count("\n") + 1  # in the body, not the front matter
        return
    assert "E007" not in codes and annotation is not None, problems
    disallowed(annotation.body)
    html = safe_html(annotation.body)
    assert not CONTROL.search(html), repr(html)
    assert executable(html) == []


@st.composite
def mutated_tei(draw) -> bytes:
    data = bytearray(LETTER)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        start = draw(st.integers(0, len(data) - 1))
        end = min(len(data), start + draw(st.integers(1, 40)))
        if kind == "delete":
            del data[start:end]
        elif kind == "duplicate":
            data[start:start] = data[start:end]
        elif kind == "insert":
            data[start:start] = draw(st.sampled_from(
                [b"<", b">", b"&", b'"', b"</p>", b"<p>", b'xml:id="a-p1"', b'when="x"',
                 b'ref="reg:nowhere"', b"<!DOCTYPE x>", b"\xff", b"<note>", b"\x00"]))
        else:
            data[start:end] = draw(st.binary(min_size=0, max_size=end - start))
    return bytes(data)


@BOUNDED
@given(data=mutated_tei())
def test_mutated_tei_builds_or_is_diagnosed(data):
    parsed, problems = parse_xml(data, "source/letter-a.xml")
    if parsed is None:
        assert problems and all(p.path == "source/letter-a.xml" for p in problems)
        return
    document, problems = read_document(parsed, "source/letter-a.xml")
    if document is None:
        assert problems and all(p.path == "source/letter-a.xml" for p in problems)
        return
    others = tuple(d for d in EDITION.documents if d.id != "letter-a")
    event(through_the_pipeline(replace(EDITION, documents=(document, *others)), problems))


@st.composite
def reworded_tei(draw) -> tuple[bytes, str]:
    """The letter with a new word put into the text of one paragraph, where any editor
    might type one: such a change must always build, and the word must be on the page."""
    word = draw(st.from_regex(r"[A-Za-z\u00C0-\u024F]{3,12}", fullmatch=True))
    text = LETTER.decode()
    ends = [m.start() for m in re.finditer(r"</p>", text)]
    cut = draw(st.sampled_from(ends))
    return (text[:cut] + f" {word}" + text[cut:]).encode(), word


@BOUNDED
@given(case=reworded_tei())
def test_a_reworded_letter_always_builds_with_the_new_word(case):
    """The other half of the mutated-TEI property: rendering is never skipped for a
    change that is not an error (the mutations above are mostly errors)."""
    data, word = case
    parsed, problems = parse_xml(data, "source/letter-a.xml")
    assert parsed is not None, problems
    document, problems = read_document(parsed, "source/letter-a.xml")
    others = tuple(d for d in EDITION.documents if d.id != "letter-a")
    edition = replace(EDITION, documents=(document, *others))
    assert through_the_pipeline(edition, problems) == "built"
    page = next(p for p in render_site(plan(edition)) if p.path == "letter-a.html")
    assert word in page.content.decode()


def test_the_fixture_itself_goes_through(tmp_path: Path):
    assert through_the_pipeline(EDITION) == "built"
