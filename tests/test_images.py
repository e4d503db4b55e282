"""Figures, graphics and page images, stage by stage: `load` finds the files (inside
source/ only) and the facsimile's surfaces, `link` plans the copies and each page break's
image, `render` draws them, `write` copies them with the pages. The fixture edition
`tests/fixtures/facsimile` has three page images (one through a IIIF level 0 folder), a
figure with its description, and an image kept on another host."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest

from conftest import FACSIMILE_IMAGES, FIXTURES, replace_in, tiny_png
from scholion import pipeline, write
from scholion.load import load_edition
from scholion.model import FileCopy, Page, Surface

FOLIO = "source/folio.xml"
IMAGE_CODES = {"E005", "W127", "W119", "W120", "W121", "W122", "W123"}


def image_problems(root: Path) -> list:
    return [d for d in load_edition(root).diagnostics if d.code in IMAGE_CODES]


def line_of(root: Path, text: str) -> int:
    lines = (root / FOLIO).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def figure(root: Path, graphic: str) -> None:
    """Add a figure with this graphic to the folio's first page."""
    replace_in(root / FOLIO, '<pb n="2"', f'<figure xml:id="f-new" n="9">{graphic}'
               '<figDesc>A new picture.</figDesc></figure>\n      <pb n="2"')


def test_the_fixture_images_are_the_pngs_the_helper_makes():
    for name, (width, height, colour) in FACSIMILE_IMAGES.items():
        data = (FIXTURES / "facsimile" / "source" / name).read_bytes()
        assert data == tiny_png(width, height, colour)
        assert data.startswith(b"\x89PNG\r\n\x1a\n")


# --- load ---------------------------------------------------------------------------------


def test_load_reads_the_surfaces_and_finds_each_image(facsimile):
    loaded = load_edition(facsimile)
    assert [d for d in loaded.diagnostics if d.code in IMAGE_CODES] == []
    (document,) = loaded.edition.documents
    assert document.surfaces == (
        Surface("surf1", "scans/p1.png", "1r", line_of(facsimile, '"surf1"')),
        # a file of source/ before a web address, whatever their order
        Surface("surf2", "scans/p2.png", "1v", line_of(facsimile, '"surf2"')),
        Surface("surf3", "iiif/p3", "2r", line_of(facsimile, '"surf3"')))
    pictures = {p.reference: (p.path, p.url) for p in document.pictures}
    assert pictures["scans/p1.png"] == ("source/scans/p1.png", "")
    assert pictures["scans/woodcut.png"] == ("source/scans/woodcut.png", "")
    # a IIIF level 0 folder shows its full image
    assert pictures["iiif/p3"] == ("source/iiif/p3/full/max/0/default.png", "")
    map_url = "https://images.example.org/folio/map.jpg"
    assert pictures[map_url] == ("", map_url)


@pytest.mark.parametrize("url", ["../../secret.png", "scans/../../../secret.png",
                                 "/etc/secret.png", "file:///etc/secret.png",
                                 "C:/images/secret.png", "javascript:alert(1)"])
def test_an_image_outside_the_edition_is_never_read_and_said_with_its_line(facsimile, url,
                                                                          tmp_path):
    """Never read, never published, said; but no reason to refuse the edition: the rest of
    a real project's TEI, whose images lie in a folder of its own, still builds."""
    figure(facsimile, f'<graphic url="{url}"/>')
    (problem,) = image_problems(facsimile)
    assert (problem.code, problem.is_error) == ("W127", False)
    assert (problem.path, problem.line) == (FOLIO, line_of(facsimile, url))
    assert url in problem.message
    out = tmp_path / "site"
    assert pipeline.build(facsimile, out).ok
    assert "secret" not in "".join(p.name for p in out.rglob("*"))


def test_an_image_of_the_edition_outside_source_is_not_published(facsimile):
    (facsimile / "images").mkdir()
    (facsimile / "images" / "x.png").write_bytes(tiny_png(1, 1, (0, 0, 0)))
    figure(facsimile, '<graphic url="../images/x.png"/>')
    (problem,) = image_problems(facsimile)
    assert (problem.code, problem.is_error) == ("W119", False)
    assert problem.line == line_of(facsimile, "../images/x.png")
    out = facsimile.parent / "site"
    assert pipeline.build(facsimile, out, cache=False).ok
    assert not any(p.name == "x.png" for p in out.rglob("*"))


def test_a_missing_image_is_a_warning_with_its_line(facsimile):
    figure(facsimile, '<graphic url="scans/gone.png"/>')
    (problem,) = image_problems(facsimile)
    assert (problem.code, problem.is_error) == ("W120", False)
    assert problem.line == line_of(facsimile, "scans/gone.png")
    assert "scans/gone.png" in problem.message


def test_svg_and_unknown_formats_are_not_published(facsimile):
    (facsimile / "source" / "scans" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    figure(facsimile, '<graphic url="scans/logo.svg"/><graphic url="scans/p1.tif"/>')
    problems = image_problems(facsimile)
    assert [p.code for p in problems] == ["W121", "W121"]
    assert "SVG" in problems[0].message
    out = facsimile.parent / "site"
    assert pipeline.build(facsimile, out, cache=False).ok
    assert (out / "images").is_dir() and not list((out / "images").rglob("*.svg"))
    assert not list((out / "images").rglob("*.tif"))


def test_an_image_reached_through_a_symbolic_link_is_refused(facsimile, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(tiny_png(1, 1, (0, 0, 0)))
    os.symlink(outside, facsimile / "source" / "linked")
    os.symlink(outside / "x.png", facsimile / "source" / "scans" / "linked.png")
    figure(facsimile, '<graphic url="linked/x.png"/><graphic url="scans/linked.png"/>')
    problems = image_problems(facsimile)
    assert [(p.code, p.is_error) for p in problems] == [("E005", True), ("E005", True)]


def test_a_page_break_pointing_at_no_surface_is_a_warning(facsimile):
    replace_in(facsimile / FOLIO, 'facs="#surf3"', 'facs="#surf9"')
    (problem,) = image_problems(facsimile)
    assert (problem.code, problem.line) == ("W122", line_of(facsimile, "#surf9"))


def test_an_image_with_no_description_is_said_once_per_document(facsimile):
    replace_in(facsimile / FOLIO, "<p xml:id=\"f-p3\" n=\"6\">",
               '<p xml:id="f-p3" n="6"><graphic url="scans/p1.png"/>'
               '<graphic url="scans/p2.png"/>')
    (problem,) = image_problems(facsimile)
    assert (problem.code, problem.is_error) == ("W123", False)
    assert problem.message.startswith("2 images of the text have no description")


def test_a_iiif_folder_may_give_only_the_sizes_its_info_lists(facsimile):
    folder = facsimile / "source" / "iiif" / "p3"
    (folder / "full" / "max" / "0" / "default.png").unlink()
    sized = folder / "full" / "3,4" / "0" / "default.jpg"
    sized.parent.mkdir(parents=True)
    sized.write_bytes(b"\xff\xd8\xff")  # a JPEG's first bytes: only the path matters here
    (document,) = load_edition(facsimile).edition.documents
    assert {p.reference: p.path for p in document.pictures}["iiif/p3"] == \
        "source/iiif/p3/full/3,4/0/default.jpg"
    sized.unlink()
    (problem,) = image_problems(facsimile)
    assert problem.code == "W120" and "IIIF" in problem.message


@pytest.mark.parametrize("info", ["not json", "[1, 2]", "[" * 100_000])
def test_a_iiif_info_that_cannot_be_read_is_a_warning(facsimile, info):
    (facsimile / "source" / "iiif" / "p3" / "info.json").write_text(info)
    (problem,) = image_problems(facsimile)
    assert (problem.code, problem.is_error) == ("W120", False)
    assert problem.line == line_of(facsimile, 'url="iiif/p3"')


# --- link ---------------------------------------------------------------------------------


def test_link_plans_one_copy_per_file_and_each_page_break_its_image(facsimile):
    site = pipeline.plan(load_edition(facsimile).edition)
    assert [(c.path, c.source) for c in site.copies] == [
        ("images/iiif/p3/full/max/0/default.png",
         facsimile / "source/iiif/p3/full/max/0/default.png"),
        ("images/scans/p1.png", facsimile / "source/scans/p1.png"),
        ("images/scans/p2.png", facsimile / "source/scans/p2.png"),
        ("images/scans/woodcut.png", facsimile / "source/scans/woodcut.png")]
    assert {r.url for r in site.routes if r.kind == "image"} == {c.path for c in site.copies}
    (page,) = site.documents
    assert page.page_images == (("1", "images/scans/p1.png"), ("2", "images/scans/p2.png"),
                                ("3", "images/iiif/p3/full/max/0/default.png"))
    assert page.images.surfaces["#surf2"] == "images/scans/p2.png"


def test_a_page_image_elsewhere_is_linked_and_left_out_of_the_view(facsimile):
    replace_in(facsimile / FOLIO, '<graphic url="scans/p2.png"/>', "")
    (page,) = pipeline.plan(load_edition(facsimile).edition).documents
    assert page.images.surfaces["#surf2"] == "https://images.example.org/folio/p2.jpg"
    assert [n for n, _ in page.page_images] == ["1", "3"]


def test_an_image_name_is_quoted_in_links_and_kept_as_a_file(facsimile):
    (facsimile / "source" / "scans" / "page one.png").write_bytes(tiny_png(1, 1, (9, 9, 9)))
    replace_in(facsimile / FOLIO, 'url="scans/p1.png"', 'url="scans/page%20one.png"')
    site = pipeline.plan(load_edition(facsimile).edition)
    assert "images/scans/page one.png" in {c.path for c in site.copies}
    assert site.documents[0].page_images[0] == ("1", "images/scans/page%20one.png")


# --- render and write -----------------------------------------------------------------


@pytest.fixture
def built(facsimile) -> tuple[Path, Path]:
    out = facsimile.parent / "site"
    result = pipeline.build(facsimile, out, cache=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    return facsimile, out


def test_the_build_copies_every_image_and_writes_only_its_routes(built):
    root, out = built
    for name in FACSIMILE_IMAGES:
        assert (out / "images" / name).read_bytes() == (root / "source" / name).read_bytes()
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    routes = {r.url for r in pipeline.plan(load_edition(root).edition).routes}
    assert {p for p in written if not p.startswith("pagefind/")} == routes - {"pagefind/"}
    assert pipeline.check(root, links=True).ok


def test_the_figure_is_an_image_with_its_description_and_caption(built):
    _, out = built
    tree = lxml.html.parse(str(out / "folio.html"))
    (img,) = tree.xpath('//figure[@id="f-fig1"]/img')
    assert img.get("src") == "images/scans/woodcut.png"
    assert img.get("alt") == "Two ships at anchor before a harbour wall, cut in black."
    (caption,) = tree.xpath('//figure[@id="f-fig1"]/figcaption')
    assert caption.text_content().endswith("A woodcut of a harbour")
    assert tree.xpath('//figure[@id="f-fig1"]/*')[0] is caption  # first, as HTML wants


def test_the_built_page_requests_nothing_of_another_host(built):
    _, out = built
    tree = lxml.html.parse(str(out / "folio.html"))
    loaded = tree.xpath("//@src | //object/@data"
                        " | //link[@rel != 'canonical' and @rel != 'cite-as']/@href")
    assert loaded and not [u for u in loaded if "//" in u]
    # the image kept elsewhere is only a link
    (link,) = tree.xpath('//figure[@id="f-fig2"]//a[contains(@class, "graphic-link")]')
    assert link.get("href") == "https://images.example.org/folio/map.jpg"


def test_page_markers_link_to_their_images_and_feed_the_view(built, mini):
    _, out = built
    tree = lxml.html.parse(str(out / "folio.html"))
    markers = tree.xpath('//*[contains(@class, "tei-pb-n")]')
    assert [(m.tag, m.get("data-n"), m.get("href")) for m in markers] == [
        ("a", "1", "images/scans/p1.png"), ("a", "2", "images/scans/p2.png"),
        ("a", "3", "images/iiif/p3/full/max/0/default.png")]
    assert all(m.get("data-facs") is not None for m in markers)
    (panel,) = tree.xpath('//aside[contains(@class, "facsimile")]')
    assert panel.get("hidden") is not None  # the script shows it; without it, the links
    assert panel.xpath(".//img/@src") == ["images/scans/p1.png"]
    assert tree.xpath("//script/@src") == ["static/scholion.js", "static/facsimile.js"]
    assert "static/facsimile.css" in tree.xpath("//link[@rel='stylesheet']/@href")
    # a document without page images has no view, and loads nothing of it
    mini_out = mini.parent / "mini-site"
    assert pipeline.build(mini, mini_out, cache=False).ok
    letter = (mini_out / "letter-a.html").read_text(encoding="utf-8")
    assert 'class="facsimile"' not in letter and "facsimile." not in letter


def test_write_copies_files_beside_the_pages(tmp_path):
    source = tmp_path / "p.png"
    source.write_bytes(tiny_png(1, 1, (1, 2, 3)))
    out = tmp_path / "build"
    written = write.write_site([Page("index.html", b"hi")], out,
                               copies=[FileCopy("images/p.png", source)])
    assert (out / "images" / "p.png").read_bytes() == source.read_bytes()
    assert written.files == 2


def test_write_refuses_a_link_put_in_place_of_an_image_and_keeps_the_old_site(tmp_path):
    out = tmp_path / "build"
    write.write_site([Page("index.html", b"old")], out)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    swapped = tmp_path / "p.png"
    os.symlink(secret, swapped)  # after load checked it, say
    with pytest.raises(OSError):
        write.write_site([Page("index.html", b"new")], out,
                         copies=[FileCopy("images/p.png", swapped)])
    assert (out / "index.html").read_bytes() == b"old"
    assert not (out / "images").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_write_refuses_a_copy_and_a_page_on_one_path(tmp_path):
    source = tmp_path / "p.png"
    source.write_bytes(b"x")
    with pytest.raises(write.UnsafePath):
        write.write_site([Page("images/p.png", b"y")], tmp_path / "build",
                         copies=[FileCopy("images/p.png", source)])
