"""A large collection's pages (issue 17): the plan of `link.collection` and what render
draws of it. Hand-made documents for the rules (slugs, months, pages, chains), and one
generated collection of 3,000 letters (tests/collection_corpus.py), planned and its own
pages drawn (not its 3,000 document pages), for the bounds: no page of the collection
above PER_PAGE documents or MAX_BYTES, and every document reached from the landing page.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

import lxml.html
import pytest

from collection_corpus import write_collection
from scholion import pipeline
from scholion.common.routes import LIST_ALL, reserved_names
from scholion.common.slugs import base_slug, same_slug, slugs, tag
from scholion.link import DocumentPage, Site, link_edition
from scholion.link.collection import HUB_PER_PAGE, PER_PAGE, plan_collection, year_of
from scholion.link.index import SHOWN
from scholion.model import Document, Metadata, Node, Share
from scholion.render import pdf
from scholion.render.pages import html_pages

LETTERS = 3000
MAX_BYTES = 200_000  # the largest page of the collection, whatever its size (~64 kB now)


def page(number: int, date: str, senders=("A",), addressees=("B",), sent="", received=""):
    meta = Metadata(title=f"Letter {number}", date=date, senders=tuple(senders),
                    addressees=tuple(addressees), sent_place=sent, received_place=received)
    doc_id = f"l{number:04d}"
    return DocumentPage(Document(doc_id, f"source/{doc_id}.xml", "en", meta, Node("text")),
                        f"{doc_id}.html")


# --- slugs -------------------------------------------------------------------------------

def test_a_slug_is_the_name_in_ascii_lower_case():
    assert base_slug("Anna Müller") == "anna-muller"
    assert base_slug("Łódź, St. Mary's") == "lodz-st-mary-s"
    assert base_slug("Straße") == "strasse"
    assert base_slug("大阪") == ""


def test_slugs_are_distinct_and_never_end_in_a_page_number():
    names = ["Anna Müller", "Anna Muller", "ANNA MULLER", "Area 51", "1812", "大阪", "京都",
             "Area"]
    found = slugs(names)
    assert len(set(found.values())) == len(names)
    assert found["ANNA MULLER"] == "anna-muller"  # first by code point keeps the plain one
    assert all(not re.search(r"(^|-)\d+$", s) for s in found.values()), found
    assert found["大阪"].startswith("name-") and found["大阪"] != found["京都"]


def test_a_name_keeps_its_slug_as_names_are_added():
    """Whatever other names come, but a second spelling of itself (which W545 reports):
    a tagged slug never changes, being the name's own hash."""
    before = slugs(["Anna Müller", "Anna Muller", "Robert Denham", "大阪"])
    after = slugs([*before, "Anna Mueller", "Zoe", "Robert Denham Jr", "京都", "Roberta"])
    assert {n: after[n] for n in before} == before
    assert before["Anna Müller"] == "anna-muller-" + tag("Anna Müller")
    assert same_slug(["Anna Müller", "Anna Muller", "Zoe"]) == [("Anna Muller", "Anna Müller")]


# --- the plan -----------------------------------------------------------------------------

def test_a_small_collection_keeps_its_one_landing_page():
    pages = tuple(page(n, "1900-01-01") for n in range(LIST_ALL))
    collection = plan_collection(pages)
    assert not collection.paged and collection.routes == ()


def test_dates_are_read_as_year_and_month():
    assert year_of("1974-03-05") == ("1974", 3)
    assert year_of("1974") == ("1974", 0)
    assert year_of("-0044-03-15") == ("-0044", 3)
    assert year_of("") == ("undated", 0)


def _years(n: int) -> tuple[DocumentPage, ...]:
    """n letters: 25 in March 1900, the rest in 1901 (some by the year alone), 3 undated."""
    dates = [f"1900-03-{1 + i % 28:02d}" for i in range(25)]
    dates += ["1901" if i % 10 == 0 else f"1901-{1 + i % 12:02d}-01" for i in range(n - 28)]
    dates.sort()
    return tuple(page(i, d) for i, d in enumerate([*dates, "", "", ""]))


def test_years_are_cut_into_pages_and_chained_in_date_order():
    pages = _years(60)
    collection = plan_collection(pages, list_all=10, per_page=10)
    years = [p for p in collection.listings if p.kind in ("year", "undated")]
    assert [p.url for p in years[:3]] == ["collection/1900.html", "collection/1900-2.html",
                                          "collection/1900-3.html"]
    assert all(len(p.documents) <= 10 for p in collection.listings)
    walked, at = [], collection.page(collection.start)
    while True:  # from the first page, "next" to the last: every document once, in order
        walked += at.documents
        if at.following is None:
            break
        assert collection.page(at.following[0]).previous[0] == at.url
        at = collection.page(at.following[0])
    assert walked == list(pages)
    assert at.url == "collection/undated.html"


def test_the_calendar_counts_each_month_and_links_where_it_begins():
    pages = _years(60)
    collection = plan_collection(pages, list_all=10, per_page=10)
    calendar = collection.calendar
    assert calendar.columns[2] == ("Mar", "March") and calendar.columns[-1][0] == "?"
    row = calendar.years[0]
    assert (row.year, row.total, row.cells[2]) == ("1900", 25, (25, "collection/1900.html#m03"))
    assert sum(r.total for r in calendar.years) + calendar.undated[0] == len(pages)
    assert calendar.undated == (3, "collection/undated.html")
    # a month on two pages: the count is the month's, the link the page where it begins
    assert collection.page("collection/1900-3.html").groups[0].anchor == "m03"


def test_a_correspondent_lists_the_letters_written_and_received():
    pages = (page(1, "1900-01-01", ["Ann"], ["Bob"], "Oakford", "Selwick"),
             page(2, "1900-02-01", ["Bob"], ["Ann", "Cy"]),
             page(3, "1901-02-01", ["Cy"], ["Dee"], "", "Oakford"),
             page(4, "", ["Ann"], ["Ann"]))
    collection = plan_collection(pages, list_all=2)
    ann = next(f for f in collection.people if f.name == "Ann")
    assert (ann.url, ann.first, ann.second, ann.total) == (
        "collection/people/ann.html", 2, 2, 3)  # her letter to herself counts once
    listed = collection.page(ann.url)
    assert [d.url for d in listed.documents] == ["l0001.html", "l0002.html", "l0004.html"]
    assert [g.label for g in listed.groups] == ["1900", "Undated"]
    oakford = collection.page(collection.place_urls["Oakford"])
    assert [d.url for d in oakford.documents] == ["l0001.html", "l0003.html"]
    assert [f.name for f in collection.page("collection/people.html").facets] == [
        "Ann", "Bob", "Cy", "Dee"]


@pytest.mark.parametrize(("old", "new", "code"), [
    ('<idno type="scholion">letter-b</idno>', '<idno type="scholion">collection</idno>',
     "E114"),  # a host serving /collection for collection.html would meet the folder
    ('xml:id="b-p1"', 'xml:id="doc-cite"', "E116"),  # a large collection's page has it
])
def test_the_collection_takes_names_no_document_may_take(mini, old, new, code):
    assert "collection" in reserved_names()
    path = mini / "source" / "letter-b.xml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert code in {d.code for d in pipeline.check(mini).diagnostics if d.is_error}


# --- a collection of 3,000 letters --------------------------------------------------------

@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, bytes], tuple]:
    """The plan of 3,000 generated letters, its own pages drawn, and its diagnostics."""
    root = write_collection(tmp_path_factory.mktemp("large") / "letters", LETTERS)
    edition, diagnostics = pipeline._load_and_check(root, False)
    assert edition is not None
    site = link_edition(edition)
    pages = {p.path: p.content for p in html_pages(site, share=Share(frozenset(), whole=True))}
    return site, pages, diagnostics


def test_no_list_holds_more_than_a_page_of_documents(large):
    site, _, _ = large
    collection = site.collection
    assert collection.paged and collection.count == LETTERS
    assert all(len(p.documents) <= PER_PAGE for p in collection.listings)
    assert all(len(h.facets) <= HUB_PER_PAGE for h in collection.hubs)
    longest = max(collection.people, key=lambda f: f.total)
    assert longest.total > PER_PAGE  # so that a correspondent's list has pages, too
    assert len(collection.page(longest.url).pages) == -(-longest.total // PER_PAGE)
    last = collection.page(collection.page(longest.url).pages[-1])
    assert (last.total, last.offset + len(last.documents)) == (longest.total, longest.total)


def test_no_page_of_the_collection_grows_with_it(large):
    # every HTML page of the site: its lists, the about page, the search page (which
    # listed every document for a filter), the indexes
    _, pages, _ = large
    sizes = {path: len(content) for path, content in pages.items()}
    assert {"index.html", "about.html", "search.html", "indexes.html"} <= set(sizes)
    assert max(sizes.values()) < MAX_BYTES, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    about = lxml.html.fromstring(pages["about.html"])
    assert not about.xpath("//*[starts-with(@id, 'about-letter-')]")
    assert len(about.xpath("//*[starts-with(@id, 'cite-letter-')]")) == 1


@pytest.mark.parametrize(("letters", "whole"), [(PER_PAGE, True), (PER_PAGE + 1, False)])
def test_a_large_collection_is_not_one_e_book(tmp_path, letters: int, whole: bool):
    # each letter is its own EPUB; the whole collection as one would grow with it (and be
    # drawn again on every build): a large one's is not offered, nor linked to
    root = write_collection(tmp_path / "letters", letters)
    edition, _ = pipeline._load_and_check(root, False)
    assert edition is not None
    site = pipeline.plan(edition)
    assert site.collection.paged is not whole
    assert any(d.suffix == ".epub" and d.per_document for d in site.downloads)
    assert any(d.whole_text for d in site.downloads) is whole
    assert any(r.url.endswith("edition.epub") for r in site.routes) is whole
    about = next(p for p in html_pages(site) if p.path == "about.html")
    assert (b"edition.epub" in about.content) is whole


@pytest.mark.parametrize(("letters", "setting", "made"), [
    (PER_PAGE, "", True), (PER_PAGE + 1, "", False), (PER_PAGE + 1, "pdf = true", True),
    (PER_PAGE, "pdf = false", False)])
def test_a_large_collection_has_pdfs_only_if_its_settings_ask(tmp_path, letters: int,
                                                              setting: str, made: bool,
                                                              monkeypatch):
    # WeasyPrint takes about half a second a letter: a large collection's default is none
    root = write_collection(tmp_path / "letters", letters)
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text().replace("pdf = false\n", setting + "\n"))
    edition, _ = pipeline._load_and_check(root, False)
    assert edition is not None
    asked = []  # WeasyPrint is imported (half a second) only for a site with PDFs
    monkeypatch.setattr(pdf, "problem", lambda: asked.append(True) or "")
    site = pipeline.plan(edition)
    assert bool(asked) is made
    assert any(d.suffix == ".pdf" for d in site.downloads) is made
    assert any(r.url.endswith(".pdf") for r in site.routes) is made


def test_a_large_collections_timeline_counts_by_year(large):
    # a mark a year for the letters (to the year's list) and one for the text's dates,
    # not one a letter: the page keeps a bounded size
    site, pages, _ = large
    timeline = site.timeline
    assert timeline.by_year
    years = {y.year: y for y in site.collection.calendar.years}
    letters = [m for m in timeline.moments if m.kind == "document"]
    assert len(letters) == len([y for y in years if y.isdigit()]) < len(site.documents)
    for mark in letters:
        year = years[mark.value.start]
        assert mark.what == f"{year.total:,} letters" and mark.links[0][0] == year.url
    assert all(len(m.links) <= SHOWN for m in timeline.moments)
    assert len(pages["timeline.html"]) < MAX_BYTES


def test_every_document_is_reached_from_the_landing_page(large):
    """Following links from index.html through the collection's pages alone, every
    document page is reached, and every link among them reaches a page and an id."""
    site, pages, _ = large
    routes = {r.url for r in site.routes}
    ids = {path: set(lxml.html.fromstring(html).xpath("//@id")) for path, html in pages.items()}
    lists = {r.url for r in site.routes if r.kind in ("landing", "collection")}
    seen, todo, documents = {"index.html"}, ["index.html"], set()
    while todo:
        here = todo.pop()
        for href in lxml.html.fromstring(pages[here]).xpath("//main//a/@href"):
            target, fragment = urldefrag(urljoin("https://x.test/" + here, href))
            if not target.startswith("https://x.test/"):
                continue
            path = target.removeprefix("https://x.test/")
            assert path in routes, (here, href)
            if fragment and path in ids:
                assert fragment in ids[path], (here, href)
            if path in lists and path not in seen:
                seen.add(path)
                todo.append(path)
            elif path.startswith("letter-"):
                documents.add(path)
    assert documents == {p.url for p in site.documents}
    assert seen == lists


def test_two_spellings_of_a_name_are_warned_of(large):
    _, _, diagnostics = large
    found = [d for d in diagnostics if d.code == "W545"]
    assert len(found) == 1 and "'Anna Muller', 'Anna Müller'" in found[0].message


def test_a_document_page_gives_what_the_about_page_gives_a_small_edition(large):
    site, _, _ = large
    first = site.documents[0]
    drawn = next(html_pages(site, share=Share(frozenset({first.document.id}), whole=False)))
    doc = lxml.html.fromstring(drawn.content)
    assert doc.get_element_by_id("doc-cite") is not None
    assert doc.xpath("//a[.='How to cite this document']/@href") == ["#doc-cite"]
    assert doc.xpath("//*[@id='doc-about']/following::ul[@class='citations']")


def test_year_pages_are_listed_by_the_editions_structured_data(large):
    import json

    site, pages, _ = large
    landing = lxml.html.fromstring(pages["index.html"])
    data = json.loads(landing.xpath("//script[@type='application/ld+json']")[0].text)
    years = [p for p in site.collection.listings if p.kind in ("year", "undated")]
    assert [part["@id"] for part in data["hasPart"]] == [
        site.config.base_url + p.url for p in years]
    first = lxml.html.fromstring(pages[years[0].url])
    listed = json.loads(first.xpath("//script[@type='application/ld+json']")[0].text)
    assert listed["@type"] == "CollectionPage"
    assert len(listed["hasPart"]) == len(years[0].documents)
