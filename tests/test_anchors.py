"""The anchor contract on the fixture edition: published anchors never break."""

from __future__ import annotations

import json

import lxml.html
import pytest

from conftest import replace_in
from scholion import pipeline
from scholion.common.anchors import parse_lock, text_hash


def accept(root):
    result = pipeline.build(root, root / "build", accept_anchors=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


def codes(root):
    return [d.code for d in pipeline.check(root).diagnostics]


def test_without_a_registry_check_says_so(mini):
    (mini / "source" / "anchors.lock").unlink()
    assert codes(mini) == ["W404"]


def test_a_removed_document_is_reported(mini):
    (mini / "source" / "letter-b.xml").unlink()
    found = [d for d in pipeline.check(mini).diagnostics if d.code == "E404"]
    assert len(found) == 1 and "'letter-b'" in found[0].message


def test_a_document_that_fails_to_parse_is_not_also_reported_as_gone(mini):
    (mini / "source" / "letter-b.xml").write_text("<TEI", encoding="utf-8")
    assert not any(c.startswith("E40") for c in codes(mini))


def test_accept_records_every_anchor_and_check_is_then_silent(mini):
    accept(mini)
    lock, problems = parse_lock((mini / "source" / "anchors.lock").read_text(), "lock")
    assert problems == []
    assert set(lock.entries) == {("letter-a", i) for i in
                                 ("a-head", "a-p1", "a-l1-1", "a-l1-2", "a-p2")} | {
        ("letter-b", "b-p1"), ("letter-b", "b-sig")}
    assert codes(mini) == []


def test_removed_anchor_fails_check_with_advice(mini):
    accept(mini)
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2"', 'xml:id="a-p3"')
    found = pipeline.check(mini).diagnostics
    gone = [d for d in found if d.code == "E401"]
    assert len(gone) == 1 and "'a-p2' of letter-a" in gone[0].message
    assert gone[0].path == "source/anchors.lock"
    assert "letter-a a-p2 -> NEW-ID" in gone[0].hint
    assert "W403" in [d.code for d in found]  # a-p3 is new
    assert not pipeline.build(mini, mini / "build", accept_anchors=True).ok  # never dropped


def test_alias_keeps_the_old_fragment_working(mini, tmp_path):
    accept(mini)
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2"', 'xml:id="a-trade"')
    with (mini / "source" / "anchors.lock").open("a") as lock:
        lock.write("letter-a a-p2 -> a-trade\n")
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    page = lxml.html.parse(str(out / "letter-a.html")).getroot()
    old = page.get_element_by_id("a-p2")
    assert old.tag == "span" and old.getparent().get("id") == "a-trade"
    data = json.loads((out / "data" / "letter-a.json").read_text())
    assert data["aliases"] == {"a-p2": "a-trade"}
    resource = json.loads((out / "api" / "dts" / "collection" / "letter-a.jsonld").read_text())
    assert resource["extensions"]["aliases"] == [{"anchor": "a-p2", "current": "a-trade"}]


@pytest.mark.parametrize(("line", "words"), [
    ("letter-a a-gone -> a-nowhere", "points to no anchor"),
    ("letter-a a-p1 -> a-p2", "still a live anchor"),
])
def test_bad_aliases(mini, line, words):
    accept(mini)
    with (mini / "source" / "anchors.lock").open("a") as lock:
        lock.write(line + "\n")
    found = [d for d in pipeline.check(mini).diagnostics if d.code == "E402"]
    assert len(found) == 1 and words in found[0].message


def test_changed_text_warns_then_is_logged_when_accepted(mini):
    accept(mini)
    before = text_hash("Trade was brisk brisk.")
    replace_in(mini / "source" / "letter-a.xml", "Trade was", "Commerce was")
    found = [d for d in pipeline.check(mini).diagnostics if d.code == "W402"]
    assert len(found) == 1 and "¶ 5" in found[0].message
    accept(mini)
    lock, _ = parse_lock((mini / "source" / "anchors.lock").read_text(), "lock")
    assert [(c.document, c.id, c.old) for c in lock.changes] == [("letter-a", "a-p2", before)]
    assert lock.entries[("letter-a", "a-p2")][0] == text_hash("Commerce was brisk brisk.")
    assert codes(mini) == []


def test_unreadable_registry_line(mini):
    accept(mini)
    with (mini / "source" / "anchors.lock").open("a") as lock:
        lock.write("this is not a registry line\n")
    found = [d for d in pipeline.check(mini).diagnostics if d.code == "E403"]
    assert len(found) == 1 and found[0].line > 5


def test_registry_lines_are_counted_at_line_feeds_only():
    # str.splitlines() would also break at the form feed and the U+0085 in the comment
    lock, problems = parse_lock("# a\x0cb \x85c\nletter-a a-p1 0123456789abcdef\n",
                                "source/anchors.lock")
    assert problems == [] and lock.entries == {("letter-a", "a-p1"): ("0123456789abcdef", 2)}


def test_the_real_edition_registry_is_complete_and_current(repo):
    found = [d.code for d in pipeline.check(repo).diagnostics]
    assert not any(code.startswith(("E4", "W40")) for code in found), found


def test_about_page_lists_changed_text_and_former_anchors(mini, tmp_path):
    accept(mini)
    replace_in(mini / "source" / "letter-a.xml", "Trade was", "Commerce was")
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-head"', 'xml:id="a-title"')
    with (mini / "source" / "anchors.lock").open("a") as lock:
        lock.write("letter-a a-head -> a-title\n")
    accept(mini)
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    about = lxml.html.parse(str(out / "about.html")).getroot()
    changes = about.get_element_by_id("changes-letter-a").getnext().getnext()
    assert changes.xpath(".//a/@href") == ["letter-a.html#a-p2"]
    aliases = about.get_element_by_id("aliases-letter-a").getnext()
    assert "#a-head" in aliases.text_content() and aliases.xpath(".//a/@href") == [
        "letter-a.html#a-title"]
    assert about.xpath("//a[@href='data/letter-a.xml']")


def test_anchors_accept_is_a_command_of_its_own(mini):
    """It writes the registry and nothing else; the next check has no new anchors."""
    from conftest import tree_digest
    from scholion.cli import main

    (mini / "source" / "anchors.lock").unlink(missing_ok=True)
    before = tree_digest(mini)
    assert main(["anchors", "accept", "--root", str(mini), "-q"]) == 0
    after = tree_digest(mini)
    assert set(after) - set(before) == {"source/anchors.lock"}
    assert {k for k in before if before[k] != after[k]} == set()
    assert not {d.code for d in pipeline.check(mini).diagnostics} & {"W403", "W404"}


def test_anchors_accept_refuses_an_edition_with_errors(mini):
    (mini / "source" / "anchors.lock").unlink(missing_ok=True)
    replace_in(mini / "source" / "letter-a.xml", '<placeName ref="reg:osaka">Osaka</placeName>',
               '<persName ref="reg:osaka">Osaka</persName>')  # the wrong kind: E206
    assert not pipeline.accept_anchors_of(mini).ok
    assert not (mini / "source" / "anchors.lock").exists()


def test_build_with_accept_reads_the_edition_once(mini, monkeypatch):
    """The registry is written through `write` and used as written: nothing is loaded
    again, so what is built is what was checked."""
    calls = []
    real = pipeline.load_edition
    monkeypatch.setattr(pipeline, "load_edition", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = pipeline.build(mini, mini / "build", accept_anchors=True)
    assert result.ok and calls == [1]
    assert not [d for d in result.diagnostics if d.code in ("W403", "W404")]
    assert "letter-a a-p1" in (mini / "source" / "anchors.lock").read_text()


def test_a_provisional_anchor_never_takes_a_published_one(mini, tmp_path):
    """p1 was published, then its paragraph was rewritten without an id and p1 aliased to
    the signature: citations of #p1 must land on the signature, not on the new text."""
    letter = mini / "source" / "letter-b.xml"
    replace_in(letter, 'xml:id="b-p1"', 'xml:id="p1"')
    (mini / "source" / "anchors.lock").unlink()
    for note in (mini / "annotations").glob("*.md"):
        note.unlink()
    assert pipeline.accept_anchors_of(mini).ok
    replace_in(letter, ' xml:id="p1" n="1"', "")
    with (mini / "source" / "anchors.lock").open("a", encoding="utf-8") as lock:
        lock.write("letter-b p1 -> b-sig  # the paragraph was rewritten\n")
    result = pipeline.build(mini, tmp_path / "site")
    assert result.ok, [d.format() for d in result.diagnostics]
    page = (tmp_path / "site" / "letter-b.html").read_text(encoding="utf-8")
    assert '<span class="alias" id="p1"></span>' in page and 'id="p1x"' in page


def test_a_provisional_anchor_never_takes_a_register_id(mini):
    replace_in(mini / "source" / "registers.xml", 'xml:id="harbour-master"', 'xml:id="p1"')
    replace_in(mini / "source" / "letter-b.xml", 'ref="reg:harbour-master"', 'ref="reg:p1"')
    replace_in(mini / "source" / "letter-b.xml", ' xml:id="b-p1"', "")
    result = pipeline.check(mini)
    assert "E208" not in {d.code for d in result.diagnostics}, result.diagnostics


def test_a_refused_build_does_not_accept_anchors_either(mini):
    replace_in(mini / "source" / "letter-a.xml", "Ships came</name>.", "Ships came</name> in.")
    lock = (mini / "source" / "anchors.lock").read_bytes()
    result = pipeline.build(mini, mini / "source", accept_anchors=True)
    assert "E006" in {d.code for d in result.diagnostics}
    assert (mini / "source" / "anchors.lock").read_bytes() == lock


def test_the_registry_gives_each_documents_published_anchors():
    """What a provisional anchor of a document must leave free: its entries and the old
    names of its aliases, and nothing of another document's."""
    lock, problems = parse_lock("a p1 0123456789abcdef\nb p1 0123456789abcdef\n"
                                "a old -> p1\nb p2 0123456789abcdef\n", "anchors.lock")
    assert not problems
    assert lock.published("a") == {"p1", "old"}
    assert lock.published("b") == {"p1", "p2"}
    assert lock.published("c") == frozenset()
