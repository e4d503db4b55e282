"""The PDF of each document (render/pdf.py), read back with poppler's tools as a reader's
viewer would: `pdftotext` for the text, the notes, the ¶ numbers, the page numbers in the
margin boxes and the citation; `pdfinfo` for the pages and the metadata; `pdffonts` for
the Japanese and Chinese fonts. Debian's poppler-utils (README, "Set up").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib.abc import MetaPathFinder
from pathlib import Path

import lxml.html
import pytest

from conftest import CORPUS, replace_in
from scholion import pipeline
from scholion.common.markup import safe_html
from scholion.link import Site
from scholion.render import pdf

A4_HEIGHT = 842  # points; the page's margin boxes lie in its top and bottom 2.2 cm (62 pt)
MARGIN = 56
KANSAI = "data/kansai-1987.pdf"


def text_of(path: Path, *, first: int | None = None, area: tuple[int, int] | None = None,
            layout: bool = False) -> str:
    """`pdftotext` of the file, or of one page, or of a band (top, height in points); with
    `layout`, each line as it stands on the page (a centred heading beside a ¶ number in
    the margin is then read before the paragraph under it, not inside it)."""
    command = ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8"]
    if first is not None:
        command += ["-f", str(first), "-l", str(first)]
    if area is not None:
        command += ["-x", "0", "-y", str(area[0]), "-W", "600", "-H", str(area[1])]
    return subprocess.run([*command, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in
                                                   out.splitlines())}


def body_text(path: Path, layout: bool = False) -> str:
    """Every page's text without its margin boxes (running head, page number), in order:
    a paragraph that runs over a page reads on without them."""
    pages = int(info(path)["Pages"])
    return "\n".join(text_of(path, first=n, area=(MARGIN, A4_HEIGHT - 2 * MARGIN),
                             layout=layout) for n in range(1, pages + 1))


def squeezed(text: str) -> str:
    """No white space, no hyphen and no list bullet: how the PDF's text compares with the
    document's, whatever its line breaks (hyphenation adds U+2010, and pdftotext drops a
    hyphen that ends a line, the word's own too)."""
    return re.sub(r"[\s\u2010\u00ad\-•◦▪]+", "", text)


def without_paragraph_numbers(text: str) -> str:
    return re.sub(r"¶[\s\u00a0]*\d+(?=\s)", " ", text)


def expected_block(reading, notes) -> str:
    """A block as the PDF prints it: its reading text, each note's number after its quote."""
    raw = reading.raw
    for note in sorted((n for n in notes if n.block_id == reading.block.id),
                       key=lambda n: n.offset, reverse=True):
        raw = raw[:note.offset] + str(note.number) + raw[note.offset:]
    return squeezed(raw)


@pytest.fixture(scope="module")
def kansai(real_build: Path) -> Path:
    return real_build / KANSAI


def test_the_pdf_has_the_title_metadata_and_several_pages(kansai, real_site: Site):
    meta = real_site.documents[0].document.meta
    found = info(kansai)
    assert found["Title"] == meta.title
    assert found["Author"] == "USSR General Consulate in Osaka"
    assert int(found["Pages"]) > 1
    assert found["CreationDate"].endswith(f"{real_site.version_date[:4]} UTC")
    assert squeezed(meta.title) in squeezed(text_of(kansai, first=1))


def test_every_block_is_in_the_pdf_with_its_paragraph_number(kansai, real_site: Site):
    doc_page = real_site.documents[0]
    text = body_text(kansai, layout=True)
    flowing = squeezed(without_paragraph_numbers(text))
    missing = [r.block.id for r in doc_page.readings
               if expected_block(r, doc_page.notes) not in flowing]
    assert missing == []
    numbers = set(re.findall(r"¶[\s\u00a0]*(\d+)", text))
    assert numbers >= {r.block.n for r in doc_page.readings}


def test_every_note_is_in_the_pdf(kansai, real_site: Site):
    doc_page = real_site.documents[0]
    flowing = squeezed(body_text(kansai))
    assert doc_page.notes and doc_page.headnote is not None
    for annotation in (*(n.annotation for n in doc_page.notes), doc_page.headnote):
        body = lxml.html.fragment_fromstring(safe_html(annotation.body),
                                             create_parent="div").text_content()
        assert squeezed(body) in flowing, annotation.slug


def test_every_page_is_numbered_in_its_margin_box(kansai):
    pages = int(info(kansai)["Pages"])
    for n in range(1, pages + 1):
        foot = text_of(kansai, first=n, area=(A4_HEIGHT - MARGIN, MARGIN))
        assert " ".join(foot.split()) == f"page {n} of {pages}"
    head = text_of(kansai, first=2, area=(0, MARGIN))
    assert "Information on Ties between Cities" in head  # the short title runs on top


def test_the_pdf_gives_the_citation_and_the_licence(kansai, real_site: Site):
    cite = real_site.documents[0].cite["document"]
    flowing = squeezed(text_of(kansai))
    assert squeezed("".join(cite["chicago"]["reference"])) in flowing
    assert squeezed("".join(cite["apa"]["reference"])) in flowing
    assert squeezed(f"published under {real_site.config.licence}") in flowing


def test_japanese_and_chinese_survive_in_their_own_fonts(kansai):
    text = text_of(kansai)
    assert "大阪府立貿易館" in text and "直辖市" in text and "聂璧初" in text  # ja, zh, zh
    fonts = subprocess.run(["pdffonts", str(kansai)], capture_output=True, text=True,
                           check=True).stdout
    assert "IPAexMincho" in fonts and "SungtiL" in fonts


def test_the_document_page_links_its_pdf(real_build: Path):
    page = (real_build / "kansai-1987.html").read_text(encoding="utf-8")
    assert f'href="{KANSAI}" type="application/pdf" download' in page


def test_two_drawings_give_the_same_bytes(kansai, real_site: Site, monkeypatch):
    """Drawn anew (no cache), at another time in another time zone: the file the build
    wrote, byte for byte."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    assert pdf.document_pdf(real_site, real_site.documents[0]) == kansai.read_bytes()


def with_pdfs(root: Path) -> Path:
    replace_in(root / "pyproject.toml", "pdf = false", "pdf = true")
    return root


def test_each_document_of_a_collection_gets_its_pdf(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(with_pdfs(mini), out).ok
    assert sorted(p.name for p in (out / "data").glob("*.pdf")) == ["letter-a.pdf",
                                                                     "letter-b.pdf"]
    letter_a = " ".join(text_of(out / "data" / "letter-a.pdf").split())
    assert "Trade was brisk" not in text_of(out / "data" / "letter-b.pdf")
    # the edition's reading of the choice (diplomatic: the witness's sic), and only it
    assert "Trade was brisk brisk." in letter_a and "brisk brisk brisk" not in letter_a


def test_a_rebuild_takes_the_pdf_from_the_cache_until_the_text_changes(mini, tmp_path,
                                                                        monkeypatch):
    assert pipeline.build(with_pdfs(mini), tmp_path / "one").ok
    drawn = []
    real_draw = pdf.draw
    monkeypatch.setattr(pdf, "draw", lambda *a: drawn.append(1) or real_draw(*a))
    assert pipeline.build(mini, tmp_path / "two").ok
    assert drawn == []
    assert (tmp_path / "one" / "data" / "letter-a.pdf").read_bytes() == \
        (tmp_path / "two" / "data" / "letter-a.pdf").read_bytes()
    replace_in(mini / "source" / "letter-a.xml", "Trade was ", "Commerce was ")
    assert pipeline.build(mini, tmp_path / "three").ok
    assert drawn == [1]  # letter-a drawn again, letter-b still from the cache
    assert "Commerce was" in text_of(tmp_path / "three" / "data" / "letter-a.pdf")


def test_a_poem_of_the_corpus_makes_a_pdf_with_its_text(tmp_path):
    from onedoc import edition_of

    root = tmp_path / "edition"
    edition_of(CORPUS / "verse" / "disco080n_0267.xml", root)
    replace_in(root / "pyproject.toml", "pdf = false", "pdf = true")
    out = tmp_path / "site"
    result = pipeline.build(root, out)
    assert result.ok
    site = pipeline.plan(pipeline.load_edition(root).edition)
    (doc_page,) = site.documents
    (made,) = (out / "data").glob("*.pdf")
    flowing = squeezed(without_paragraph_numbers(body_text(made)))
    verse = [r for r in doc_page.readings if r.block.verse]
    assert len(verse) >= 10
    assert [r.block.id for r in doc_page.readings if squeezed(r.raw) not in flowing] == []


def test_pdf_false_makes_no_pdf_and_no_link(mini, tmp_path):
    out = tmp_path / "site"
    result = pipeline.build(mini, out)  # the fixture says pdf = false
    assert result.ok and "W515" not in [d.code for d in result.diagnostics]
    assert not list((out / "data").glob("*.pdf"))
    assert ".pdf" not in (out / "letter-a.html").read_text(encoding="utf-8")


def test_a_pdf_setting_that_is_no_boolean_is_an_error(mini, tmp_path):
    replace_in(mini / "pyproject.toml", "pdf = false", 'pdf = "no"')
    result = pipeline.build(mini, tmp_path / "site")
    assert not result.ok
    assert [d.code for d in result.diagnostics if d.is_error] == ["E002"]


class NoPango(MetaPathFinder):
    """Importing WeasyPrint fails as it does on a machine without Pango: cffi's dlopen
    raises OSError while the package is imported."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot "
                          "open shared object file: No such file or directory")
        return None


def test_without_pango_the_build_says_so_once_and_makes_the_rest(mini, tmp_path,
                                                                   monkeypatch):
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    out = tmp_path / "site"
    result = pipeline.build(with_pdfs(mini), out)
    assert result.ok
    (warning,) = [d for d in result.diagnostics if d.code == "W515"]
    assert "libpango" in warning.message and "libpango-1.0-0" in warning.hint
    assert not list((out / "data").glob("*.pdf"))
    page = (out / "letter-a.html").read_text(encoding="utf-8")
    assert ".pdf" not in page and 'href="data/letter-a.xml"' in page


def test_a_pdf_holds_the_editions_own_images_and_fetches_nothing(tmp_path, monkeypatch):
    """The facsimile fixture's woodcut (a figure of the text) is in the PDF; no host is
    looked up or connected to, for its images or for an image at a web address."""
    import socket

    from conftest import FIXTURES

    opened = []

    def refused(*args, **kwargs):
        opened.append(args)
        raise OSError("no network in this test")

    # where WeasyPrint's own fetcher would go first (checked: it asks for the host)
    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(socket, "getaddrinfo", refused)
    root = tmp_path / "facsimile"
    shutil.copytree(FIXTURES / "facsimile", root)
    out = tmp_path / "site"
    assert pipeline.build(with_pdfs(root), out).ok
    (made,) = (out / "data").glob("*.pdf")
    images = subprocess.run(["pdfimages", "-list", str(made)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert len(images) == 1
    remote = '<p>A <img src="https://images.example.org/x.png" alt="remote"> picture</p>'
    assert pdf.draw(remote, (), "https://editions.test/", {}).startswith(b"%PDF-")
    assert opened == []
