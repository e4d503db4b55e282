"""The EPUBs: each document's and the whole edition's pass EPUBCheck with no error and no
warning, hold every block's text and every note, linked as notes, carry nothing
interactive, and are the same bytes from two builds of one commit. Checked on the 1987
edition, the two-letter fixture, the fixture with images, and real TEI of five genres
from tests/corpus."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import epubcheck
from conftest import CORPUS, CORPUS_SETTINGS, FIXTURES, replace_in
from scholion import pipeline
from scholion.common.routes import canonical_url, reserved_names
from scholion.link import Site
from scholion.load import load_edition
from scholion.render.epub import document_epub, edition_epub, xhtml
from scholion.render.html import NOT_READ
from scholion.render.pages import note_html

# one document a genre, as tests/browser/test_genres.py picks them: letters, drama,
# verse, an apparatus, a transcription with its choices and line breaks
GENRES = ("letters/L02101.xml", "drama/goethe-proserpina.xml", "verse/disco080n_0267.xml",
          "apparatus/pta0001.pta035.pta-grcBibex.xml", "tei-test/testtranscr.xml")
SETTINGS = CORPUS_SETTINGS.format(title="Genres", slug="genres")
# a formula in MathML, which a content document holding it must declare (EPUB 3.3 §5.6.2)
FORMULA = ('<formula notation="MathML"><math xmlns="http://www.w3.org/1998/Math/MathML">'
           '<mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></math></formula>')
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _planned(root: Path) -> Site:
    loaded = load_edition(root)
    assert loaded.edition is not None and pipeline.check(root).ok
    return pipeline.plan(pipeline.published(loaded.edition)[0])


def _books(site: Site) -> dict[str, bytes]:
    """Each document's EPUB by its file name in data/, and the edition's."""
    found = {f"{p.document.id}.epub": document_epub(site, p) for p in site.documents}
    return found | {"edition.epub": edition_epub(site)}


@pytest.fixture(scope="session")
def editions(tmp_path_factory, real_build, real_site) -> dict[str, tuple[Site, dict]]:
    """Every edition of these tests: its plan and its EPUBs (the 1987 edition's as the
    build wrote them, the others made from their plans)."""
    genres = tmp_path_factory.mktemp("epub-genres")
    (genres / "source").mkdir()
    (genres / "annotations").mkdir()
    (genres / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    for path in GENRES:
        shutil.copyfile(CORPUS / path, genres / "source" / Path(path).name)
    mini = tmp_path_factory.mktemp("epub-mini") / "mini"
    shutil.copytree(FIXTURES / "mini", mini)
    replace_in(mini / "source" / "letter-a.xml", "</date>.</p>", "</date>, " + FORMULA + ".</p>")
    found = {"real": (real_site, {p.name: p.read_bytes()
                                  for p in sorted((real_build / "data").glob("*.epub"))})}
    for name, root in (("mini", mini), ("facsimile", FIXTURES / "facsimile"),
                       ("genres", genres)):
        site = _planned(root)
        found[name] = (site, _books(site))
    return found


@pytest.fixture(scope="session")
def reports(editions, tmp_path_factory) -> dict[str, dict]:
    """EPUBCheck's report on every EPUB, all checked in one Java process."""
    folder = tmp_path_factory.mktemp("epubs")
    paths = {}
    for name, (_, books) in editions.items():
        for file, data in books.items():
            path = folder / f"{name}-{file}"
            path.write_bytes(data)
            paths[path] = f"{name}/{file}"
    return {paths[path]: report for path, report in epubcheck.check(list(paths)).items()}


def test_every_epub_passes_epubcheck_with_no_error_and_no_warning(reports, editions):
    expected = sum(len(site.documents) + 1 for site, _ in editions.values())
    assert len(reports) == expected == 2 + 3 + 2 + len(GENRES) + 1
    assert {name: epubcheck.problems(r) for name, r in reports.items()} == \
        {name: [] for name in reports}
    for name, report in reports.items():
        counts = report["checker"]
        assert (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0), name
        assert report["publication"]["ePubVersion"].startswith("3."), name  # EPUB 3


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _chapter(data: bytes, document_id: str) -> etree._Element:
    """A document's content document, parsed as XML (so it is well-formed), as HTML."""
    text = _files(data)[f"EPUB/doc-{document_id}.xhtml"]
    etree.fromstring(text)
    return lxml.html.fromstring(text)


def _drawn_text(element) -> str:
    """A block's words as the book shows them, less what the site adds (as the page's
    test reads them: tests/test_render.py)."""
    element = lxml.html.fromstring(lxml.html.tostring(element))
    for added in element.xpath(NOT_READ + ' | self::li/span[contains(@class, "tei-label")]'
                               ' | .//*[@class="image-online"]'):  # and what the book adds
        added.drop_tree()
    for ending in element.iter("br", "li", "p", "div"):
        ending.tail = " " + (ending.tail or "")
    return " ".join(element.text_content().split())


def _squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", ["real", "mini", "facsimile", "genres"])
def test_the_text_of_every_block_and_every_note_is_in_both_epubs(editions, name):
    site, books = editions[name]
    assert site.documents
    for page in site.documents:
        for book in (books[f"{page.document.id}.epub"], books["edition.epub"]):
            tree = _chapter(book, page.document.id)
            for reading in page.readings:
                drawn = tree.get_element_by_id(reading.block.id)
                assert _drawn_text(drawn) == reading.text, reading.block.id
            for note in page.notes:
                body = tree.get_element_by_id(note.anchor).find_class("note-body")[0]
                words = lxml.html.fragment_fromstring(note_html(note.annotation),
                                                      create_parent="div").text_content()
                assert _squashed(body.text_content()) == _squashed(words), note.anchor
            if page.headnote is not None:
                assert tree.get_element_by_id("doc-headnote") is not None


@pytest.mark.parametrize("name", ["real", "genres"])
def test_the_editors_and_the_source_s_notes_are_notes_linked_both_ways(editions, name):
    site, books = editions[name]
    counted = {"editors'": 0, "source's": 0}
    for page in site.documents:
        tree = etree.fromstring(_files(books[f"{page.document.id}.epub"])
                                [f"EPUB/doc-{page.document.id}.xhtml"])
        ids = {e.get("id"): e for e in tree.iter() if e.get("id")}
        refs = tree.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
        endnotes = tree.xpath("//x:li[@epub:type='endnote']", namespaces=NS)
        source_notes = tree.xpath("//x:li[contains(@class, 'source-note')]", namespaces=NS)
        assert len(endnotes) == len(page.notes) + len(source_notes)
        assert set(source_notes) <= set(endnotes)
        assert len(refs) == len(endnotes)
        for ref in refs:
            assert ref.get("role") == "doc-noteref"
            target = ids[ref.get("href").removeprefix("#")]
            assert target in endnotes
        for note in endnotes:
            back = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)[0]
            assert ids[back.get("href").removeprefix("#")].get(EPUB_TYPE) == "noteref"
        sections = tree.xpath("//x:section[@epub:type='endnotes']", namespaces=NS)
        assert len(sections) == bool(page.notes) + bool(source_notes)
        assert all(section.get("role") == "doc-endnotes" for section in sections)
        counted["editors'"] += len(page.notes)
        counted["source's"] += len(source_notes)
    # the 1987 report has the editors' notes, the corpus files the source's own
    assert (counted["editors'"] > 40) if name == "real" else (counted["source's"] > 5), counted


def test_every_block_has_its_visible_number_and_anchor(editions):
    site, books = editions["real"]
    (page,) = site.documents
    tree = _chapter(books["kansai-1987.epub"], "kansai-1987")
    for block in page.document.blocks:
        number = tree.get_element_by_id(block.id).find_class("anchor")[0]
        assert (number.text, number.get("href")) == (block.n, f"#{block.id}")


@pytest.mark.parametrize("name", ["real", "genres", "facsimile"])
def test_nothing_interactive_and_no_link_into_the_site_s_pages(editions, name):
    _, books = editions[name]
    for book, data in books.items():
        for path, content in _files(data).items():
            if not path.endswith(".xhtml"):
                continue
            tree = etree.fromstring(content)
            assert not tree.xpath("//x:script | //x:form | //x:input | //x:button "
                                  "| //*[contains(@class, 'cite-slot')]", namespaces=NS), path
            assert not tree.xpath("//x:a[contains(@class, 'mention')]", namespaces=NS), path
            for href in tree.xpath("//x:a/@href", namespaces=NS):
                inside = href.startswith("#") or href.split("#")[0].endswith(".xhtml")
                assert inside or href.startswith(("https://", "http://", "mailto:")), \
                    (book, path, href)


def test_words_in_another_language_keep_lang_and_xml_lang(editions):
    _, books = editions["real"]
    tree = etree.fromstring(_files(books["kansai-1987.epub"])["EPUB/doc-kansai-1987.xhtml"])
    marked = tree.xpath("//*[@lang]")
    assert {e.get("lang") for e in marked} >= {"en", "ja-Latn", "ru-Latn"}
    assert all(e.get("{http://www.w3.org/XML/1998/namespace}lang") == e.get("lang")
               for e in marked)


def test_the_package_names_the_document_by_its_address_and_the_commit_s_date(editions):
    site, books = editions["real"]
    (page,) = site.documents
    with zipfile.ZipFile(io.BytesIO(books["kansai-1987.epub"])) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/epub+zip"
        assert {i.date_time[:3] for i in archive.infolist()} == \
            {tuple(int(v) for v in site.version_date.split("-"))}
        opf = etree.fromstring(archive.read("EPUB/package.opf"))
    assert opf.findtext(".//dc:identifier", namespaces=NS) == \
        canonical_url(site.config.base_url, page.url)
    assert opf.findtext(".//dc:language", namespaces=NS) == "en"
    assert opf.findtext(".//dc:title", namespaces=NS) == page.document.meta.title
    meta = {m.get("property"): m.text for m in opf.iterfind(".//opf:meta", NS)}
    assert meta["dcterms:modified"] == f"{site.version_date}T00:00:00Z"
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary"} <= set(meta)
    assert opf.find(".//opf:item[@properties='nav']", NS) is not None


def test_the_edition_s_epub_holds_every_document_in_order_with_one_navigation(editions):
    site, books = editions["genres"]
    files = _files(books["edition.epub"])
    opf = etree.fromstring(files["EPUB/package.opf"])
    assert opf.findtext(".//dc:identifier", namespaces=NS) == site.config.base_url
    spine = [ref.get("idref") for ref in opf.iterfind(".//opf:itemref", NS)]
    assert spine == ["title", *(f"doc-{p.document.id}" for p in site.documents)]
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    top = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a", namespaces=NS)
    assert [a.text for a in top] == ["Title page", *(p.document.meta.title
                                                     for p in site.documents)]
    title = lxml.html.fromstring(files["EPUB/title.xhtml"])
    assert site.config.licence in title.text_content()


def test_images_are_left_out_with_their_words_and_a_link_to_them_on_the_site(editions):
    site, books = editions["facsimile"]
    (page,) = site.documents
    for data in (books[f"{page.document.id}.epub"], books["edition.epub"]):
        files = _files(data)
        assert not [name for name in files if not name.endswith((".xhtml", ".opf", ".css",
                                                                  ".xml", "mimetype"))]
        tree = _chapter(data, page.document.id)
        assert not tree.xpath("//img")
        links = [a.get("href") for a in tree.find_class("image-online")]
        assert links == [site.config.base_url + "images/scans/woodcut.png"]
        figure = tree.get_element_by_id("f-fig1")
        assert figure.find_class("tei-figDesc")[0].get("aria-hidden") is None


def test_a_content_document_with_mathml_declares_it(editions):
    _, books = editions["mini"]
    for book in ("letter-a.epub", "edition.epub"):
        files = _files(books[book])
        opf = etree.fromstring(files["EPUB/package.opf"])
        item = opf.find(".//opf:item[@id='doc-letter-a']", NS)
        assert item.get("properties") == "mathml", book
        math = etree.fromstring(files["EPUB/doc-letter-a.xhtml"]).xpath(
            "//m:math", namespaces={"m": "http://www.w3.org/1998/Math/MathML"})
        assert len(math) == 1 and "".join(math[0].itertext()) == "πr2"
    assert etree.fromstring(_files(books["letter-b.epub"])["EPUB/package.opf"]).find(
        ".//opf:item[@id='doc-letter-b']", NS).get("properties") is None


def test_two_builds_of_one_commit_give_the_same_epub_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "545011200")  # 1987-04-10
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    first, second = tmp_path / "one", tmp_path / "two"
    assert pipeline.build(root, first).ok
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    assert pipeline.build(root, second).ok
    books = sorted(p.name for p in (first / "data").glob("*.epub"))
    assert books == ["edition.epub", "letter-a.epub", "letter-b.epub"]
    for name in books:
        data = (first / "data" / name).read_bytes()
        assert data == (second / "data" / name).read_bytes(), name
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {i.date_time for i in archive.infolist()} == {(1987, 4, 10, 0, 0, 0)}
            assert {i.external_attr >> 16 for i in archive.infolist()} == {0o100644}


def test_choices_show_the_edition_s_reading_and_line_breaks_follow_its_view():
    html = ('<p class="tei-p">a<br class="tei-lb"> b <span class="tei-choice">'
            '<span class="reading reading-dipl reading-default"><span class="tei-sic">teh'
            '</span></span><span class="choice-sep" aria-hidden="true"> </span>'
            '<span class="reading reading-norm"><span class="tei-corr">the</span></span>'
            '</span> <math><mi>x</mi></math></p>')
    made = xhtml(html, "https://example.org/", {}, line_breaks=False)
    tree = etree.fromstring(made)
    assert "".join(tree.itertext()) == "a b teh x"
    assert tree.find("{http://www.w3.org/1998/Math/MathML}math") is not None
    assert "<br" in xhtml(html, "https://example.org/", {}, line_breaks=True)


def test_links_leaving_the_book_go_to_the_site_and_names_are_no_links():
    html = ('<p><a class="mention mention-place" href="places.html#osaka" title="Osaka">'
            'Osaka</a> <a href="other.html#p3">there</a> <a href="far.html#p1">far</a>'
            ' <a href="#p2">here</a> <a href="https://example.com/">out</a></p>')
    tree = etree.fromstring(xhtml(html, "https://example.org/ed/", {"other.html": "doc-o.xhtml"}))
    assert [(a.get("href"), a.text) for a in tree.iter("a")] == [
        ("doc-o.xhtml#p3", "there"), ("https://example.org/ed/far.html#p1", "far"),
        ("#p2", "here"), ("https://example.com/", "out")]
    assert tree.find("span").get("title") == "Osaka"


def test_no_document_may_take_the_edition_s_epub_name():
    assert "edition" in reserved_names()

