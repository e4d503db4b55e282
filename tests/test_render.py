"""Stage `render`: the TEI behaviour table and the page templates."""

from __future__ import annotations

import json
import re
import shutil
from importlib.resources import files

import lxml.html
import pytest

from conftest import FIXTURES, add_filed_entries, is_text, replace_in
from scholion import pipeline
from scholion.common.citations import plain
from scholion.load import load_edition
from scholion.load.readings import with_readings
from scholion.load.tei import collect_blocks
from scholion.model import Node
from scholion.pipeline import plan
from scholion.render import render_site
from scholion.render.html import NOT_READ, render_text

STYLESHEET = files("scholion.render").joinpath("static", "scholion.css").read_text("utf-8")


def node(tag: str, *children, **attrs) -> Node:
    pairs = tuple((k.replace("xml_", "xml:"), v) for k, v in attrs.items())
    return Node(tag, pairs, tuple(children), line=1)


def html_of(body: Node) -> lxml.html.HtmlElement:
    blocks = collect_blocks(body, "t.xml")
    return lxml.html.fragment_fromstring(str(render_text(body, blocks)), create_parent="div")


def test_block_keeps_id_tei_class_and_gets_a_pilcrow_link():
    out = html_of(node("body", node("p", "Hello", xml_id="p1", n="4")))
    p = out.find(".//p")
    assert p.get("id") == "p1" and "tei-p" in p.get("class")
    anchor = p.find("a")
    assert anchor.get("href") == "#p1" and anchor.text == "4"


def test_list_labels_keep_the_documents_own_numbers():
    body = node(
        "body",
        node(
            "list",
            node("label", "1."),
            node("item", "One", xml_id="i1", n="1"),
            node("label", "2."),
            node("item", "Two", xml_id="i2", n="2"),
            type="ordered",
        ),
    )
    items = html_of(body).findall(".//ol/li")
    assert [li.get("id") for li in items] == ["i1", "i2"]
    assert [li.text_content() for li in items] == ["11. One", "22. Two"]  # ¶ number, label, text


def test_paragraph_holding_a_list_becomes_a_div():
    body = node(
        "body",
        node("p", "Fields:", node("list", node("item", "a", xml_id="i", n="2")), xml_id="p", n="1"),
    )
    out = html_of(body)
    assert out.find(".//div[@id='p']/ol") is not None


def test_translator_note_is_bracketed_and_attributed():
    out = html_of(
        node(
            "body",
            node(
                "p",
                "TPP ",
                node("note", "abbreviation unknown", type="translator", place="inline"),
                xml_id="p",
                n="1",
            ),
        )
    )
    note = out.find(".//span[@title]")
    assert note.get("title") == "translator's note"
    assert note.text_content() == "[abbreviation unknown]"


def _shown(choice) -> str:
    return "".join(r.text_content() for r in choice.findall("span")
                   if "reading-default" in r.get("class"))


def test_a_choice_draws_every_reading_and_the_edition_view_picks_the_one_shown():
    p = node("p", "a ", node("choice", node("sic", "teh"), node("corr", "the")), " b",
             xml_id="p", n="1")
    normalised = html_of(node("body", p)).find(".//span[@class='tei-choice']")
    assert _shown(normalised) == "the" and "the witness has: teh" in normalised.get("title")
    # the other reading is in the page (search finds it), apart from the first by a space
    assert normalised.text_content() == "the teh"
    diplomatic = html_of(with_readings(node("body", p), "diplomatic"))
    choice = diplomatic.find(".//span[@class='tei-choice']")
    assert _shown(choice) == "teh" and "corrected to: the" in choice.get("title")


def test_the_reading_text_follows_the_view_and_markers_count_only_it():
    body = node("body", node("p", node("choice", node("abbr", "Dr"), node("expan", "Doctor")),
                             " Who", xml_id="p", n="1"))
    assert collect_blocks(body, "t.xml")[0].text == "Doctor Who"
    diplomatic = with_readings(body, "diplomatic")
    assert collect_blocks(diplomatic, "t.xml")[0].text == "Dr Who"


def test_an_omitting_correction_is_an_empty_reading_with_its_hint():
    out = html_of(with_readings(
        node("body", node("p", node("choice", node("sic", '"'), node("corr")), xml_id="p",
                          n="1")), "diplomatic"))
    choice = out.find(".//span[@class='tei-choice']")
    assert _shown(choice) == '"' and "corrected to: (nothing)" in choice.get("title")
    assert out.find(".//span[@class='reading reading-norm reading-empty']") is not None


def test_dates_become_time_elements_only_when_valid():
    out = html_of(
        node(
            "body",
            node(
                "p",
                node("date", "1.4.87", when="1987-04-01"),
                node("date", "someday", when="not-a-date"),
                node("date", "at 10.30", when="1987-04-01T10:30:00+03:00"),
                node("date", "Ides of March", when="-0044-03-15"),
                node("date", "that week", **{"when-iso": "1974-W16"}),
                node("date", "at noon", when="12:00:00"),
                xml_id="p",
                n="1",
            ),
        )
    )
    # a dateTime gives its day; HTML has no year before 1; a week is a span of days
    assert [t.get("datetime") for t in out.iter("time")] == ["1987-04-01", "1987-04-01"]
    linked = [a.text_content() for a in out.iter("a") if "mention-date" in a.get("class", "")]
    assert linked == ["1.4.87", "at 10.30", "Ides of March", "that week"]
    plain = [s.text for s in out.iter("span") if s.get("class") == "tei-date"
             and s.getparent().tag != "a"]
    assert plain == ["someday", "at noon"]  # not read as dates


def test_unknown_elements_are_kept_as_spans_and_text_is_escaped():
    out = html_of(node("body", node("p", node("unclear", "<script>x</script>"), xml_id="p", n="1")))
    span = out.find(".//span[@class='tei-unclear']")
    assert span.text == "<script>x</script>" and not list(out.iter("script"))


def test_line_breaks_and_language():
    out = html_of(
        node("body", node("head", "A", node("lb"), "B", xml_id="h", n="1", xml_lang="ru"))
    )
    h2 = out.find(".//h2")
    assert h2.get("lang") == "ru" and h2.find("br") is not None


@pytest.fixture
def site_pages(mini):
    pages = render_site(plan(load_edition(mini).edition))
    return {p.path: p.content.decode() for p in pages if is_text(p)}


def test_several_editors_are_named_on_the_pages_and_in_the_edition_citation(mini):
    replace_in(mini / "pyproject.toml", 'editors = "The fixture editors"',
               'editors = ["Ana Ruiz", "Ben Okafor", "Chen Wei"]')
    site = plan(load_edition(mini).edition)
    pages = {p.path: p.content.decode() for p in render_site(site) if is_text(p)}
    assert "edited by Ana Ruiz, Ben Okafor and Chen Wei." in pages["index.html"]
    assert "is edited by Ana Ruiz, Ben Okafor and Chen Wei." in pages["about.html"]
    data = json.loads(lxml.html.fromstring(pages["index.html"]).xpath(
        "//script[@type='application/ld+json']")[0].text)
    assert [e["name"] for e in data["editor"]] == ["Ana Ruiz", "Ben Okafor", "Chen Wei"]
    cited = {key: plain(style["reference"]) for key, style in site.edition_cite["styles"].items()}
    # persons, not one body: CMOS 17 14.103 (editors in place of an author, the first
    # inverted), BibTeX's "Family, Given" names
    assert cited["chicago"].startswith("Ruiz, Ana, Ben Okafor, and Chen Wei, eds. ")
    assert "editor = {Ruiz, Ana and Okafor, Ben and Wei, Chen}" in cited["bibtex"]


def test_site_has_landing_document_about_index_and_assets(site_pages):
    assert {"index.html", "letter-a.html", "letter-b.html", "organizations.html",
            "persons.html", "places.html", "about.html", "dates.html", "static/scholion.css",
            "static/favicon.svg"} <= set(site_pages)


def test_every_source_id_is_an_html_id(mini, site_pages):
    for document in load_edition(mini).edition.documents:
        page = lxml.html.document_fromstring(site_pages[f"{document.id}.html"])
        html_ids = set(page.xpath("//@id"))
        assert {n.id for n in document.body.iter() if n.id} <= html_ids


def test_landing_page_lists_documents_with_metadata(site_pages):
    page = lxml.html.document_fromstring(site_pages["index.html"])
    links = [(a.get("href"), a.text) for a in page.xpath("//ul[@class='documents']//h3/a")]
    assert links == [
        ("letter-a.html", "A letter about harbours"),
        ("letter-b.html", "A reply about harbours"),
    ]
    assert "Fixture Archive, box 1, folder 2" in page.text_content()


def test_a_letter_shows_who_wrote_to_whom_where_and_when(mini, tmp_path):
    """The mini edition with letter-b replaced by a letter with a correspDesc builds; its
    page and its entry on the landing page say who sent it, to whom, from where, and
    when. letter-a, which has no correspDesc, is shown as before."""
    shutil.copy(FIXTURES / "correspondence" / "source" / "letter-b.xml",
                mini / "source" / "letter-b.xml")
    out = tmp_path / "site"
    result = pipeline.build(mini, out, cache=False)
    assert result.ok and result.diagnostics == (), [d.format() for d in result.diagnostics]
    page = lxml.html.parse(str(out / "letter-b.html")).getroot()
    assert page.get("lang") == "en-GB"
    assert page.findtext(".//h1") == "The Harbour Master to the Harbour Office, winter 1973–74"
    line = page.find(".//header/p[@class='document-meta document-letter']")
    assert line.text_content() == "From The Harbour Master (Kobe) to The Harbour Office (Osaka)"
    shown = page.find(".//p[@class='document-meta']/time")
    assert (shown.get("datetime"), shown.text) == ("1973-12-20", "winter 1973–74")
    landing = lxml.html.parse(str(out / "index.html")).getroot()
    cards = landing.findall(".//li[@class='document-card']")
    assert [c.find("h3/a").get("href") for c in cards] == ["letter-b.html", "letter-a.html"]
    letter, other = cards
    assert letter.find("p[@class='document-letter']").text_content() == (
        "From The Harbour Master (Kobe) to The Harbour Office (Osaka), winter 1973–74")
    assert letter.find("p[@class='document-letter']/time").get("datetime") == "1973-12-20"
    assert "Date" not in [dt.text for dt in letter.iter("dt")]  # said once, in the line
    listed = [" ".join(li.text_content().split()) for li in landing.find_class(
        "correspondent-list")[0]]
    assert listed == ["The Harbour Master (1 from)", "The Harbour Office (1 to)"]
    assert other.find("p[@class='document-letter']") is None
    assert "Date" in [dt.text for dt in other.iter("dt")]
    assert lxml.html.parse(str(out / "letter-a.html")).getroot().find(
        ".//p[@class='document-meta document-letter']") is None


def test_pages_are_self_contained(site_pages):
    """No page refers to another host for anything it loads."""
    for path, html in site_pages.items():
        if not path.endswith(".html"):
            continue
        page = lxml.html.document_fromstring(html)
        loaded = page.xpath("//script/@src | //img/@src"
                            " | //link[@rel!='canonical' and @rel!='cite-as']/@href")
        assert all("//" not in url for url in loaded), (path, loaded)
        assert page.get("lang") == "en"
        assert page.xpath("//meta[@http-equiv='Content-Security-Policy']")


def test_mentions_link_to_existing_index_entries(mini, site_pages):
    page = lxml.html.document_fromstring(site_pages["letter-b.html"])
    links = {a.text_content(): (a.get("href"), a.get("title"), a.get("class"))
             for a in page.find_class("mention")}
    # titled with the entry's name only where the words are not that name
    assert links["Osaka"] == ("places.html#osaka", None, "tei-placeName mention mention-place")
    assert links["Harbour Master"][:2] == ("persons.html#harbour-master",
                                           "Ōta Harbour-Master (identification uncertain)")
    assert links["1974–75"] == ("dates.html#date-1974-1975", None,
                                "mention mention-date")
    for href, _, _ in links.values():
        target_page, anchor = href.split("#")
        target = lxml.html.document_fromstring(site_pages[target_page])
        assert target.get_element_by_id(anchor, None) is not None


def test_a_mention_inside_a_mention_is_not_a_nested_link(mini):
    from scholion.model import Registers

    registers = load_edition(mini).edition.registers
    assert isinstance(registers, Registers)
    inner = node("placeName", "Osaka", ref="reg:osaka")
    outer = node("orgName", "Port of ", inner, ref="reg:harbour-office")
    body = node("body", node("p", outer, node("date", "1974", when="1974"), xml_id="p", n="1"))
    blocks = collect_blocks(body, "t.xml")
    out = lxml.html.fragment_fromstring(str(render_text(body, blocks, registers)),
                                        create_parent="div")
    assert [a.get("href") for a in out.iter("a")] == [
        "#p", "organizations.html#harbour-office", "dates.html#date-1974"]
    assert out.find(".//a[@href='organizations.html#harbour-office']/span").get("title") == "Osaka"


def test_index_page_shows_entry_details_and_counts(site_pages):
    page = lxml.html.document_fromstring(site_pages["places.html"])
    entry = page.get_element_by_id("osaka")
    assert entry.find(".//span[@class='count']").text == "2"
    assert [a.get("href") for a in entry.xpath(".//ol[@class='occurrences']//a")] == [
        "letter-a.html#a-p1", "letter-b.html#b-p1"]
    assert entry.xpath(".//a[text()='Wikidata']/@href") == [
        "https://www.wikidata.org/entity/Q35765"]
    assert "大阪市" in entry.text_content()
    assert [s.text for s in entry.find_class("occ-doc")] == ["letter-a", "letter-b"]


def test_mention_counts_are_spoken_in_the_singular_and_the_plural(site_pages):
    """A count reads "1 mention", "2 mentions": to a screen reader and in its tooltip."""
    counts = [span for path, html in site_pages.items() if path.endswith(".html")
              for span in lxml.html.document_fromstring(html).find_class("count")]
    numbers = {int(span.text) for span in counts}
    assert 1 in numbers and any(n > 1 for n in numbers), numbers  # both forms are shown
    for span in counts:
        word = "mention" if int(span.text) == 1 else "mentions"
        assert (span.text_content(), span.get("title")) == (f"{span.text} {word}", word)


# --- the renderer and the plan agree, character for character ------------------------------

def _drawn_text(element) -> str:
    """A block's words as the page shows them, less what the page adds: the ¶ link, note
    markers, former anchors, a list item's label (outside the item in TEI), and the
    readings of a choice that the text does not follow (drawn, but hidden)."""
    element = lxml.html.fromstring(lxml.html.tostring(element))
    for added in element.xpath(NOT_READ + ' | self::li/span[contains(@class, "tei-label")]'):
        added.drop_tree()
    for ending in element.iter("br", "li", "p", "div"):  # a line or item ends: a space
        ending.tail = " " + (ending.tail or "")
    return " ".join(element.text_content().split())


def _marker_follows_quote(element, note) -> bool:
    """The text drawn before the note's marker ends with the quoted words."""
    html = lxml.html.tostring(element, encoding="unicode")
    assert f'id="{note.marker}"' in html, note.marker
    before = html[:html.rindex("<sup", 0, html.index(f'id="{note.marker}"'))]
    return _drawn_text(lxml.html.fragment_fromstring(before, create_parent="div")
                       ).endswith(note.annotation.quote)


@pytest.mark.parametrize("which", ["mini", "real"])
def test_every_block_is_drawn_with_the_text_the_plan_read(which, mini, real_site):
    site = plan(load_edition(mini).edition) if which == "mini" else real_site
    pages = {p.path: p.content.decode() for p in render_site(site) if is_text(p)}
    for doc_page in site.documents:
        tree = lxml.html.fromstring(pages[doc_page.url])
        for reading in doc_page.readings:
            drawn = tree.get_element_by_id(reading.block.id)
            assert _drawn_text(drawn) == reading.text, reading.block.id
        for note in doc_page.notes:
            block = tree.get_element_by_id(note.block_id)
            assert _marker_follows_quote(block, note), note.annotation.slug


def test_note_markers_stay_after_their_quotes_when_an_edition_remaps_a_behaviour(mini):
    replace_in(mini / "source" / "letter-a.xml", "was busy in", "was<lb/>busy in")
    with (mini / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[tool.scholion.behaviours]\nlb = "span"\n')
    site = plan(load_edition(mini).edition)
    page = next(p for p in render_site(site) if p.path == "letter-a.html").content.decode()
    assert re.search(r"busy in <time[^>]*>1974</time>\s*<sup class=\"note-ref\"", page) or \
        re.search(r"busy in <a[^>]*><time[^>]*>1974</time></a><sup class=\"note-ref\"", page), \
        page[page.index("a-p1"):page.index("a-p1") + 900]


def test_a_line_break_inside_a_word_joins_it_in_the_page_and_the_text(mini):
    replace_in(mini / "source" / "letter-a.xml", "Ships went",
               "Ships we\n        <lb break=\"no\"/>nt")
    site = plan(load_edition(mini).edition)
    reading = next(r for p in site.documents for r in p.readings if r.block.id == "a-l1-2")
    assert reading.text.startswith("Ships went")
    page = next(p for p in render_site(site) if p.path == "letter-a.html").content.decode()
    assert 'Ships we<br class="tei-lb">nt' in page  # no space: running text joins it too


def test_a_line_break_is_a_line_in_the_diplomatic_view_and_a_space_in_running_text(mini):
    replace_in(mini / "source" / "letter-a.xml", "Ships went", "Ships<lb/>went")
    site = plan(load_edition(mini).edition)
    doc_page = next(p for p in site.documents if p.document.id == "letter-a")
    assert doc_page.views == ("diplomatic", "normalised")  # the fixture's edition view first
    page = next(p for p in render_site(site) if p.path == "letter-a.html").content.decode()
    assert 'Ships<br class="tei-lb"> went' in page  # the space a line's start swallows


def test_a_note_set_apart_is_lettered_and_read_after_the_text(mini):
    replace_in(mini / "source" / "letter-a.xml", "was busy in",
               'was<note place="foot"><p>So the <placeName>log</placeName>.</p></note> busy in')
    site = plan(load_edition(mini).edition)
    document = site.documents[0]
    reading = next(r for r in document.readings if r.block.id == "a-p1")
    assert "log" not in reading.text and "was busy in" in reading.text  # quotes still match
    assert not [b for b in document.document.blocks if "log" in b.text]  # no ¶ for its p
    page = lxml.html.fromstring(
        next(p for p in render_site(site) if p.path == "letter-a.html").content)
    marker = page.xpath('//sup[@class="tei-note-ref"]/a')[0]
    note = page.get_element_by_id(marker.get("href")[1:])
    assert marker.text == "a" and "So the log." in note.text_content()
    assert note.xpath('.//a[@class="source-note-back"]')[0].get("href") == "#" + marker.get("id")
    assert page.xpath('//*[@id="a-p1"]//sup[@class="note-ref"]')  # the edition's note is there


def test_an_apparatus_shows_the_lemma_and_puts_the_readings_in_a_note(mini):
    replace_in(mini / "source" / "letter-a.xml", "was busy in",
               'was <app><lem wit="#A">busy</lem><rdg wit="#B">quiet</rdg></app> in')
    site = plan(load_edition(mini).edition)
    reading = next(r for r in site.documents[0].readings if r.block.id == "a-p1")
    assert "was busy in" in reading.text and "quiet" not in reading.text
    page = lxml.html.fromstring(
        next(p for p in render_site(site) if p.path == "letter-a.html").content)
    paragraph = page.get_element_by_id("a-p1").text_content()
    assert "busy" in paragraph and "quiet" not in paragraph  # no word twice in the text
    entry = page.xpath('//li[contains(@class, "tei-app")]')[0]
    assert " ".join(entry.text_content().split()) == "a busy A] quiet B"


def test_an_element_s_language_is_marked_in_the_form_html_wants():
    out = html_of(node("body", node("p", node("foreign", "Vorrede", xml_lang="deu"),
                                    node("foreign", "x", xml_lang="zzz"), xml_id="p", n="1")))
    assert [f.get("lang") for f in out.iter("i", "span") if "tei-foreign" in f.get("class")
            ] == ["de", None]


def test_refs_and_ptrs_link_where_they_point_in_the_built_site(mini, tmp_path):
    replace_in(mini / "source" / "letter-b.xml", "      <closer>", """
      <p xml:id="b-p2" n="3">See <ref target="letter-a.xml#a-p1">the letter</ref>,
        <ptr target="letter-a#a-l1-1 #b-sig"/>,
        <ref target="reg:osaka">the city</ref>, <ref target="https://example.org/x">a site</ref>,
        <ref target="javascript:alert(1)">a script</ref> and <ptr target="#gone"/>.</p>
      <closer>""")
    out = tmp_path / "site"
    result = pipeline.build(mini, out, cache=False)
    assert result.ok and not [d for d in result.diagnostics if d.code == "E501"]
    assert sorted(d.code for d in result.diagnostics if d.code in ("W124", "W125")) == [
        "W124", "W125"]
    page = lxml.html.document_fromstring((out / "letter-b.html").read_text(encoding="utf-8"))
    block = page.get_element_by_id("b-p2")
    links = [(a.get("href"), a.get("data-label"), a.get("rel"), a.text_content())
             for a in block.iter("a") if "anchor" not in a.get("class")]
    assert links == [
        ("letter-a.html#a-p1", None, None, "the letter"),
        ("letter-a.html#a-l1-1", "A letter about harbours, ¶ 3", None, ""),
        ("#b-sig", "¶ 2", None, ""),
        ("places.html#osaka", None, None, "the city"),
        ("https://example.org/x", None, "noopener", "a site"),
    ]
    assert "javascript" not in lxml.html.tostring(block, encoding="unicode")
    assert block.find(".//*[@data-label='#gone']").tag == "span"
    # the labels are drawn by CSS: the reading text (and quotes) hold none of them
    reading = next(b for b in load_edition(mini).edition.documents[1].blocks if b.id == "b-p2")
    assert reading.text == "See the letter, , the city, a site, a script and ."


def test_words_on_lines_of_their_own_are_read_apart_and_phrases_are_not():
    body = node("body", node("p", node("address", node("addrLine", "USSR Consulate"),
                                       node("addrLine", "Osaka")),
                             node("hi", "ship"), "s sailed", xml_id="p1", n="1"),
                node("lg", node("l", "Trust not to each accusing tongue"), ",",
                     node("l", "As most weak persons do"), xml_id="lg1"))
    assert body.reading_text() == ("USSR Consulate Osaka ships sailed "
                                   "Trust not to each accusing tongue, As most weak persons do")
    assert collect_blocks(body, "t.xml")[0].text == "USSR Consulate Osaka ships sailed"


def test_mathml_is_kept_only_as_presentation_and_a_tei_math_is_no_mathml():
    from scholion.load.tei import TEI_NS, to_node
    from scholion.load.xml import parse_xml

    tei = (f'<body xmlns="{TEI_NS}"><p xml:id="p1" n="1"><formula><math xmlns='
           '"http://www.w3.org/1998/Math/MathML" onload="x()"><mi href="https://e.org/" '
           'style="color:red">x</mi><mglyph src="https://e.org/i.png"/><maction><mi>y</mi>'
           '</maction></math></formula> and <math>not MathML</math></p></body>')
    parsed, _ = parse_xml(tei.encode(), "t.xml")
    body = to_node(parsed.tree.getroot())
    assert [n.tag for n in body.iter()][3:5] == ["mml:math", "mml:mi"]
    html = str(render_text(body, collect_blocks(body, "t.xml")))
    assert '<math class="mathml"><mi>x</mi><mi>y</mi></math>' in html
    assert not re.search(r"onload|href=\"https|style=|mglyph|maction", html)
    assert '<span class="tei-math">not MathML</span>' in html


def test_the_contents_of_a_play_nest_its_scenes_under_their_act_and_give_line_ranges(tmp_path):
    root = tmp_path / "play"
    shutil.copytree(FIXTURES / "play", root)
    replace_in(root / "source" / "play.xml", '<div type="scene">',
               '<div type="act"><div type="scene">')
    replace_in(root / "source" / "play.xml", "</div>",
               '</div><div type="scene"><sp who="#a"><l>Good night,</l><l>good night.</l>'
               "</sp></div></div>")
    site = plan(load_edition(root).edition)
    pages = {p.path: p.content.decode() for p in render_site(site) if is_text(p)}
    toc = lxml.html.fromstring(pages["play.html"]).xpath('//nav[@class="toc"]//li')
    assert [(li.get("class"), li.text_content()) for li in toc] == [
        (None, "Act ¶ 2–5"), ("toc-level-1", "The garden ¶ 1–5"),
        ("toc-level-1", "Scene 2 ll. 1–2")]


def test_an_apparatus_entry_whose_place_is_not_drawn_in_the_text_is_not_lost():
    from scholion.load.tei import located_apparatus
    hidden = node("app", node("lem", "one"), node("rdg", node("anchor", xml_id="z"), "two"))
    body, unplaced = located_apparatus(node("body", node(
        "p", "Word ", hidden, node("app", node("lem", "two"), node("rdg", "three"), to="#z"),
        xml_id="p", n="1")))
    assert unplaced == []
    out = lxml.html.fragment_fromstring(str(render_text(body, collect_blocks(body, "t.xml"))),
                                        create_parent="div")
    assert out.xpath("string(.//p)").split() == ["1Word", "onea"]  # the lemma once, no "two"
    assert out.xpath('string(.//div[@class="tei-body"]/sup)') == "b"  # at the text's end
    entries = [li.text_content().split() for li in out.iter("li")]
    assert entries == [["a", "one]", "two"], ["b", "two]", "three"]]


# --- events, and every kind drawn from one table --------------------------------------------

def test_the_events_page_lists_an_event_with_its_date_and_mentions(site_pages):
    page = lxml.html.document_fromstring(site_pages["events.html"])
    assert page.findtext(".//h1") == "Events"
    entry = page.get_element_by_id("arrival")
    assert "entry-event" in entry.get("class")
    assert entry.findtext("h2").strip() == "The arrival of the ships"
    assert entry.find("p[@class='when']").text_content() == "Date: April 1974 to May 1974."
    assert [a.get("href") for a in entry.xpath(".//ol[@class='occurrences']//a")] == [
        "letter-a.html#a-l1-1"]
    nav = [a.get("href") for a in page.xpath("//nav[@class='index-nav']//a")]
    assert nav == ["indexes.html", "persons.html", "places.html", "organizations.html",
                   "events.html", "dates.html", "map.html", "timeline.html"]  # the figures


def test_a_name_in_the_original_script_has_its_language_as_html_wants_it(mini):
    replace_in(mini / "source" / "registers.xml", 'type="original" xml:lang="ja"',
               'type="original" xml:lang="jpn"')
    pages = {p.path: p.content.decode()
             for p in render_site(plan(load_edition(mini).edition)) if is_text(p)}
    entry = lxml.html.document_fromstring(pages["places.html"]).get_element_by_id("osaka")
    assert [(s.get("lang"), s.text) for s in entry.find_class("original")[0]] == [
        ("ja", "大阪市")]


def test_every_kind_has_its_switch_filter_and_colour(site_pages):
    from scholion.common.kinds import MENTION_KINDS

    reading = lxml.html.document_fromstring(site_pages["letter-a.html"])
    assert reading.xpath("//form[@class='highlight']//input/@id") == [
        f"hl-{kind}" for kind in MENTION_KINDS]
    assert reading.xpath("//a[@href='events.html#arrival']/@class") == [
        "tei-name mention mention-event tei-type-event"]
    search = lxml.html.document_fromstring(site_pages["search.html"])
    boxes = search.xpath("//input[@name='type']")
    assert [b.get("value") for b in boxes] == ["text", *MENTION_KINDS]
    assert [b.get("data-one") for b in boxes[1:-1]] == [
        "person", "place", "organization", "event"]  # the noun a result of that kind gets
    css = STYLESHEET  # its rules as written (the site serves them minified)
    for kind in MENTION_KINDS:
        assert f".mention-{kind} {{ --kind: var(--{kind}); }}" in css
        assert f"body:has(#hl-{kind}:checked) .mention-{kind}" in css


def test_scripts_and_stylesheets_are_served_minified_and_work_the_same(site_pages):
    """Comments and indentation are left out of what is served (the budget), nothing else:
    every rule and every function of the sources is there."""
    import rcssmin
    import rjsmin

    for name in ("scholion.css", "facsimile.css", "scholion.js", "search.js"):
        source = files("scholion.render").joinpath("static", name).read_text("utf-8")
        served = site_pages[f"static/{name}"]
        assert len(served) < 0.9 * len(source), name
        minify = rcssmin.cssmin if name.endswith(".css") else rjsmin.jsmin
        assert served == minify(source), name
        assert "/*" not in served and "\n  " not in served, name


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_each_kind_s_colour_meets_aa_on_the_paper_in_both_themes(site_pages):
    """A mention takes its kind's colour on hover and focus: text, so 4.5:1 (WCAG AA)."""
    from scholion.common.kinds import MENTION_KINDS

    css = STYLESHEET  # its rules as written (the site serves them minified)
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for theme in (light, dark.split("}\n}", 1)[0]):
        colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", theme))
        for kind in MENTION_KINDS:
            assert _contrast(colours[kind], colours["paper"]) >= 4.5, (kind, colours[kind])


def test_a_register_note_keeps_the_languages_of_its_words_and_a_reconstructed_form_is_said(
        mini):
    replace_in(mini / "source" / "registers.xml", "<note type=\"description\">A port city in "
               "Japan.</note>", '<note type="description">A port city (<foreign xml:lang="ja">'
               '大阪市</foreign>, <foreign xml:lang="ru">Осака</foreign>) in Japan.</note>')
    replace_in(mini / "source" / "registers.xml", '<location>',
               '<placeName type="reconstructed" cert="low" xml:lang="ru">Осака</placeName>'
               "<location>")
    replace_in(mini / "source" / "registers.xml", "A page about Osaka (",
               'A page about <foreign xml:lang="ja">大阪</foreign> (')
    pages = {p.path: p.content.decode()
             for p in render_site(plan(load_edition(mini).edition)) if is_text(p)}
    entry = lxml.html.document_fromstring(pages["places.html"]).get_element_by_id("osaka")
    description = entry.xpath("p[not(@class)]")[0]
    assert description.text_content() == "A port city (大阪市, Осака) in Japan."
    assert [(s.get("lang"), s.text) for s in description.iter("span")] == [
        ("ja", "大阪市"), ("ru", "Осака")]
    original = entry.find_class("original")[0]
    assert original.text_content() == "大阪市 · Осака (reconstructed)"
    assert [s.get("lang") for s in original.iter("span") if s.get("lang")] == ["ja", "ru"]
    source = entry.xpath(".//details[@class='sources']//a")[0]
    assert [(s.get("lang"), s.text) for s in source.iter("span")] == [("ja", "大阪")]


def test_japanese_and_chinese_parts_take_the_reader_s_own_fonts_for_their_language(
        site_pages):
    css = STYLESHEET  # its rules as written (the site serves them minified)
    stacks = dict(re.findall(r"^:lang\((ja|zh)\) \{ font-family: ([^;]+); \}", css, re.M))
    assert stacks == {"ja": "var(--latin), var(--ja), var(--generic)",
                      "zh": "var(--latin), var(--zh), var(--generic)"}
    assert '"Noto Serif CJK JP"' in css and '"Noto Serif CJK SC"' in css
    assert "@font-face" not in css and "url(" not in css  # nothing is fetched


# --- filing, cross-references, doubted identifiers and dates in words -------------------


def _filed_pages(mini) -> dict[str, lxml.html.HtmlElement]:
    add_filed_entries(mini)
    return {p.path: lxml.html.document_fromstring(p.content.decode())
            for p in render_site(plan(load_edition(mini).edition)) if p.path.endswith(".html")}


def test_an_index_page_files_cross_references_and_its_a_to_z_follows_the_filing(mini):
    pages = _filed_pages(mini)
    places = pages["places.html"]
    items = places.xpath("//ul[@class='entries']/li")
    assert [li.get("id") for li in items] == ["leningrad", "osaka", "see-1-leningrad"]
    see = places.get_element_by_id("see-1-leningrad")
    assert see.text_content().strip() == "Saint Petersburg (from 1991), see Leningrad"
    assert see.xpath(".//a/@href") == ["#leningrad"]
    assert places.get_element_by_id("leningrad").find_class("other-names")[
        0].text_content() == "Also called Saint Petersburg (from 1991)."
    assert [(a.text, a.get("href")) for a in places.xpath("//nav[@class='az']//a")] == [
        ("L", "#leningrad"), ("O", "#osaka"), ("S", "#see-1-leningrad")]
    persons = pages["persons.html"]
    assert [(a.text, a.get("href")) for a in persons.xpath("//nav[@class='az']//a")] == [
        ("O", "#harbour-master"), ("S", "#shepelenko"), ("Z", "#abe")]
    assert persons.get_element_by_id("shepelenko").findtext("h2").strip() == "A. N. Shepelenko"


def test_an_identifier_the_editors_doubt_is_linked_and_said_to_be_uncertain(mini):
    entry = _filed_pages(mini)["places.html"].get_element_by_id("leningrad")
    authorities = entry.find_class("authorities")[0]
    assert re.sub(r"\s+", " ", authorities.text_content()).strip() == (
        "Wikidata (uncertain) · GeoNames · 59.9386, 30.3141")
    assert authorities.xpath(".//a/@href") == ["https://www.wikidata.org/entity/Q656",
                                               "https://sws.geonames.org/498817/"]


def test_dates_are_shown_in_words_and_their_normalized_forms_only_in_datetime(site_pages):
    person = lxml.html.document_fromstring(site_pages["persons.html"]).get_element_by_id(
        "harbour-master")
    lifespan = person.find_class("lifespan")[0]
    assert lifespan.text_content() == "Born 1 May 1920."
    assert lifespan.find("time").get("datetime") == "1920-05-01"
    chronology = lxml.html.document_fromstring(site_pages["dates.html"])
    assert chronology.xpath("//main//code") == []
    main = chronology.xpath("//main")[0].text_content()
    assert "1974 to 1975" in main and not re.search(r"\d{4}[-/]|\.\.", main), main
    assert [t.get("datetime") for t in chronology.xpath("//main//h2/time")] == ["1974"]


def test_the_days_of_the_notes_and_of_the_revisions_are_in_words(real_build):
    """The real edition's notes have a history (git) and its header revisions: each day in
    words for readers, in a <time datetime> for machines."""
    page = lxml.html.parse(str(real_build / "kansai-1987.html")).getroot()
    times = page.xpath("//p[@class='note-meta']/time")
    about = lxml.html.parse(str(real_build / "about.html")).getroot()
    times += about.xpath("//time[ancestor::li]")
    assert len(times) > 10
    for time in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", time.get("datetime")), time.get("datetime")
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", time.text), time.text


# --- found by review: odd but valid TEI -------------------------------------------------

def test_an_address_no_browser_could_use_does_not_stop_the_build(mini, tmp_path):
    replace_in(mini / "source" / "letter-a.xml", "Trade was",
               'Trade <figure><graphic url="http://[oops/a.png"/></figure>was')
    assert pipeline.build(mini, tmp_path / "site").ok


def test_the_lemma_is_not_drawn_twice_and_no_id_repeats(mini, tmp_path):
    replace_in(mini / "source" / "letter-a.xml", "Trade was",
               'Trade <app><lem>was <seg xml:id="seg1">indeed</seg><note place="foot" '
               'xml:id="fn1">a foot</note></lem><rdg wit="#W1">is</rdg></app>')
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    page = (out / "letter-a.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert page.count("a foot") == 1  # the foot note listed once


def test_a_marker_ending_on_a_choice_waits_until_the_choice_closes():
    """A note whose quote ends inside a choice: its marker after the choice, never inside
    a reading (which a view hides) or inside the word the reader clicks."""
    body = node("body", node("p", "Trade was ", node("choice", node("sic", "brisk brisk"),
                                                      node("corr", "brisk")), ".",
                             xml_id="p", n="1"))
    from scholion.link.notes import Note
    from scholion.model import Annotation
    quoted = Note(number=1, annotation=Annotation(slug="n", path="n.md", target="p",
                                                  type="context", quote="was brisk",
                                                  author="A", body="B", body_line=9),
                  block_id="p", block_n="1", start=6, end=15, offset=15)
    html = str(render_text(body, collect_blocks(body, "t.xml"), notes=(quoted,)))
    choice_end = html.index("</span></span>", html.index("tei-choice"))
    assert html.index('class="note-ref"') > choice_end


def test_a_choice_with_two_corrections_shows_one_in_each_view():
    out = html_of(node("body", node("p", node("choice", node("sic", "teh"), node("corr", "the"),
                                              node("corr", "tea")), xml_id="p", n="1")))
    kinds = [r.get("class") for r in out.find(".//span[@class='tei-choice']").findall("span")
             if "reading" in r.get("class")]
    assert kinds == ["reading reading-norm reading-default", "reading reading-dipl",
                     "reading reading-alt"]


def test_a_derived_note_anchor_never_takes_an_id_of_the_document():
    body = node("body", node("p", "One", node("note", "a foot", place="foot"), xml_id="p1",
                             n="1"), node("p", "Two", xml_id="p1-note1", n="2"))
    html = str(render_text(body, collect_blocks(body, "t.xml")))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert 'id="p1-note1x"' in html
