"""End to end: the fixture edition and the real edition, built into temporary folders."""

from __future__ import annotations

import copy
import re

import lxml.html
import pytest

from conftest import FIXTURES, replace_in, tree_digest
from scholion import pipeline
from scholion.check.links import check_links
from scholion.render.html import NOT_READ


def test_fixture_edition_builds_with_working_links(mini, tmp_path):
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok and result.diagnostics == ()
    built = set(tree_digest(out))
    assert {"index.html", "about.html", "letter-a.html", "letter-b.html", "persons.html",
            "places.html", "organizations.html", "dates.html", "static/scholion.css",
            "static/favicon.svg", "build-info.json", "sitemap.xml", "robots.txt",
            "data/letter-a.xml", "data/letter-b.json", "api/dts/collection.jsonld"} <= built
    assert check_links(out) == []


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def without_anchors(element):
    """The element less what the page adds to the text: ¶ links, note markers, and the
    readings of a choice that the text does not follow (drawn, but hidden)."""
    element = copy.deepcopy(element)
    for added in element.xpath(NOT_READ):
        added.drop_tree()
    return element


def test_real_edition_builds_every_block_as_an_anchor(real_build, real_edition):
    out = real_build
    assert check_links(out) == []
    for document in real_edition.documents:
        page = lxml.html.parse(str(out / f"{document.id}.html")).getroot()
        for block in document.blocks:
            element = page.get_element_by_id(block.id)
            assert element.find("a[@class='anchor']").get("href") == f"#{block.id}"
            shown = words(without_anchors(element).text_content())
            assert shown[len(shown) - len(words(block.text)) :] == words(block.text), block.id


def test_real_edition_text_is_complete_in_the_page(real_build, real_edition):
    """Every word of the TEI text reaches the reader, in order, and nothing else."""
    out = real_build
    for document in real_edition.documents:
        page = lxml.html.parse(str(out / f"{document.id}.html")).getroot()
        shown = " ".join(without_anchors(page.find_class("tei-text")[0]).itertext())
        assert words(shown) == words(document.body.reading_text())


def test_link_checker_finds_dead_links(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    page = out / "letter-a.html"
    page.write_text(
        page.read_text()
        .replace('href="#a-p1"', 'href="#gone"')
        .replace('href="about.html"', 'href="nowhere.html"')
    )
    problems = check_links(out)
    assert {p.code for p in problems} == {"E501"}
    assert {p.message for p in problems} == {
        "link to missing anchor '#gone'",
        "link to missing file 'nowhere.html'",
    }


def test_build_stops_before_writing_when_input_has_errors(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    before = tree_digest(out)
    replace_in(mini / "source" / "letter-a.xml", '<placeName ref="reg:osaka">Osaka</placeName>',
               '<persName ref="reg:osaka">Osaka</persName>')  # the wrong kind: E206
    result = pipeline.build(mini, out)
    assert not result.ok and result.files == 0
    assert tree_digest(out) == before


@pytest.mark.parametrize(
    "mutation",
    [
        ("<p xml:id", "<p xml:idx"),
        ('xml:lang="en"', 'xml:lang="en" xmlns:xi="http://www.w3.org/2001/XInclude"'),
    ],
)
def test_check_and_build_agree(mini, mutation):
    replace_in(mini / "source" / "letter-b.xml", *mutation)
    assert pipeline.check(mini).diagnostics == pipeline.build(mini, mini / "b").diagnostics


def test_every_note_marker_follows_its_quote_and_links_both_ways(real_build, real_edition):
    out, edition = real_build, pipeline.published(real_edition)[0]
    notes = [a for a in edition.annotations if a.type != "headnote"]  # above the text
    assert len(notes) >= 30
    page = lxml.html.parse(str(out / "kansai-1987.html")).getroot()
    markers = page.find_class("note-ref")
    assert len(markers) == len(notes)
    for note in notes:
        marker = page.get_element_by_id(f"ref-{note.slug}")
        block = page.get_element_by_id(note.target)
        # the text of the block up to the marker ends with the quoted words
        before = block.xpath(".//text()[following::*[@id=$m]][not(ancestor::sup)]"
                             "[not(ancestor::a[@class='anchor'])]", m=f"ref-{note.slug}")
        text = " ".join("".join(before).split()).removesuffix("]").replace("[", "")
        assert text.endswith(note.quote), (note.slug, text[-60:])
        assert marker.get("href") == f"#note-{note.slug}"
        back = page.get_element_by_id(f"note-{note.slug}").find_class("note-back")[0]
        assert back.get("href") == f"#ref-{note.slug}"


def test_notes_are_numbered_in_reading_order(real_build):
    page = lxml.html.parse(str(real_build / "kansai-1987.html")).getroot()
    numbers = [int(a.text) for a in page.xpath("//sup[@class='note-ref']/a")]
    assert numbers == list(range(1, len(numbers) + 1))


def test_draft_notes_are_checked_but_published_only_when_asked(mini, tmp_path):
    note = mini / "annotations" / "ships-went.md"  # the fixture's one draft
    assert "status: draft" in note.read_text(encoding="utf-8")
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok and result.drafts == 1
    page = (out / "letter-a.html").read_text(encoding="utf-8")
    assert "ships-went" not in page and "draft" not in page
    result = pipeline.build(mini, out, drafts=True)
    assert result.ok and result.drafts == 0
    page = (out / "letter-a.html").read_text(encoding="utf-8")
    assert 'id="note-ships-went"' in page and "draft, not yet reviewed" in page
    # a draft whose quote is not in its paragraph fails the build all the same
    replace_in(note, "quote: ", "quote: nowhere in the text ")
    assert not pipeline.build(mini, out).ok


def test_editorial_principles_for_readers_lead_the_about_page(mini, tmp_path):
    (mini / "principles.md").write_text("## What is marked\n\nErrors of the witness are "
                                        "*kept*, the correction a click away.\n",
                                        encoding="utf-8")
    replace_in(mini / "pyproject.toml", "[tool.scholion]\n",
               '[tool.scholion]\nprinciples = "principles.md"\n')
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    about = lxml.html.parse(str(out / "about.html")).getroot()
    section = about.get_element_by_id("principles").getparent()
    assert section.find(".//em").text == "kept" and section.find(".//h2") is not None


@pytest.mark.parametrize(("text", "message"), [
    (None, "not a regular file"),
    ("Fine, but <script>alert(1)</script>\n", "not allowed"),
])
def test_editorial_principles_that_cannot_be_read_or_hold_html_stop_the_build(mini, tmp_path,
                                                                              text, message):
    if text is not None:
        (mini / "principles.md").write_text(text, encoding="utf-8")
    replace_in(mini / "pyproject.toml", "[tool.scholion]\n",
               '[tool.scholion]\nprinciples = "principles.md"\n')
    result = pipeline.build(mini, tmp_path / "site")
    errors = [d for d in result.diagnostics if d.is_error]
    assert [(d.code, d.path) for d in errors] == [("E010", "principles.md")]
    assert message in errors[0].message


def test_the_principles_setting_names_a_markdown_file_inside_the_repository(mini):
    replace_in(mini / "pyproject.toml", "[tool.scholion]\n",
               '[tool.scholion]\nprinciples = "../elsewhere.md"\n')
    result = pipeline.check(mini)
    assert [d.code for d in result.diagnostics if d.is_error] == ["E002"]


def test_editorial_principles_behind_a_linked_folder_are_never_read(mini, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "p.md").write_text("Secret words.\n", encoding="utf-8")
    (mini / "docs").symlink_to(outside, target_is_directory=True)
    replace_in(mini / "pyproject.toml", "[tool.scholion]\n",
               '[tool.scholion]\nprinciples = "docs/p.md"\n')
    result = pipeline.build(mini, tmp_path / "site")
    assert [d.code for d in result.diagnostics if d.is_error] == ["E005"]
    assert not (tmp_path / "site").exists()


def collection_of(mini, copies: int):
    """The mini edition with `copies` more copies of its first letter, each its own."""
    letter = (mini / "source" / "letter-a.xml").read_text()
    for i in range(copies):
        text = letter.replace('xml:id="a-', f'xml:id="c{i}-').replace(
            '<idno type="scholion">letter-a</idno>', f'<idno type="scholion">copy-{i}</idno>')
        (mini / "source" / f"copy-{i}.xml").write_text(text)
    (mini / "source" / "anchors.lock").unlink()
    return mini


def test_workers_draw_the_same_site_as_one_process(mini, tmp_path):
    from scholion.render.parallel import SMALLEST

    root = collection_of(mini, SMALLEST)
    # drawn, not reused (`render.reuse`): the cache would otherwise give the second the
    # first one's files
    alone = pipeline.build(root, tmp_path / "one", jobs=1, cache=False)
    together = pipeline.build(root, tmp_path / "two", jobs=2, cache=False)
    assert alone.ok and together.ok
    assert alone.files == together.files > 20 * SMALLEST
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    # the workers fill the cache, and reuse what they kept: the same files again
    for _ in range(2):
        kept = pipeline.build(root, tmp_path / "three", jobs=2)
        assert tree_digest(tmp_path / "three") == tree_digest(tmp_path / "one")
    assert kept.drawn == 0 and kept.reused == SMALLEST + 2


def test_workers_are_not_started_where_they_would_not_help(mini, monkeypatch):
    from scholion.render import parallel

    site = pipeline.plan(pipeline.load_edition(collection_of(mini, parallel.SMALLEST))
                         .edition)
    assert parallel.can_run_in_parallel(site, 2)
    assert not parallel.can_run_in_parallel(site, 1)
    small = pipeline.plan(pipeline.load_edition(FIXTURES / "mini").edition)
    assert not parallel.can_run_in_parallel(small, 2)  # two letters: one process
    monkeypatch.setattr(parallel.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert not parallel.can_run_in_parallel(site, 2)  # no fork: one process


def test_a_build_spares_the_collector_its_values_then_gives_them_back(mini, tmp_path,
                                                                      monkeypatch):
    """The edition and the plan are set aside from the cyclic collector while the build
    runs (`gc.freeze`), which looks at new objects less often; the build ends with nothing
    left frozen and the collector as it was, even when it fails."""
    import gc
    seen = []
    monkeypatch.setattr(pipeline, "render_site", lambda *a, **k: (
        seen.append((gc.get_freeze_count(), gc.get_threshold())), iter(()))[1])
    threshold = gc.get_threshold()
    assert gc.get_freeze_count() == 0 and threshold[0] < pipeline.YOUNG
    pipeline.build(mini, tmp_path / "site")
    frozen, during = seen[0]
    assert frozen > 0 and during[0] == pipeline.YOUNG  # while the pages were drawn
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    replace_in(mini / "source" / "letter-a.xml", "</TEI>", "")  # an error: no plan is made
    assert not pipeline.build(mini, tmp_path / "site").ok
    assert not pipeline.check(mini).ok
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
