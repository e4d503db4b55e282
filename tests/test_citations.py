"""Citations, exactly as each style guide's own examples have them.

Every expected string is written out, with the rule or example it follows: Chicago
(CMOS 17, notes and bibliography: full note, short note, bibliography entry), MLA 9
(works-cited entry, in-text citation), APA 7 (reference-list entry, in-text citation),
and BibTeX; for the edition, for the 1987 document (from its real header) and for one of
its paragraphs, and for a plain letter of the fixture edition. In the expected strings,
*…* is what is set in italics.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from markupsafe import Markup

from conftest import FIXTURES, REPO, replace_in
from scholion.common import citations
from scholion.load import load_edition, load_source
from scholion.model import Config, Metadata
from scholion.pipeline import plan
from scholion.render.pages import cite_html

EDITION_1987 = Config(title="Sister Cities, 1987: A Soviet Consulate Report on Kansai–China Ties",
                      editors=("The Scholion editors",), editors_collective=True,
                      base_url="https://example.org/scholion/", licence="CC BY 4.0",
                      licence_url="https://creativecommons.org/licenses/by/4.0/", version="0.1")
DAY = "2026-11-28"  # the date of the text built: the commit's


def shown(form: citations.Form) -> str:
    """A citation with its italic parts in *…*."""
    return "".join(f"*{part}*" if i % 2 else part for i, part in enumerate(form))


def cited(config: Config, meta: Metadata | None, doc_id: str = "", day: str = DAY
          ) -> dict[str, dict[str, str]]:
    """Every form of every style, shown; a document's paragraph is p1, ¶ 4."""
    edition = citations.Edition(config, config.version, day)
    if meta is None:
        found = citations.templates(citations.edition_item(edition))["whole"]
    else:
        item = citations.document_item(edition, meta, f"{config.base_url}{doc_id}.html", doc_id)
        found = citations.templates(item)
        found = {**found["whole"], **{f"{k} ¶": s for k, s in found["passage"].items()}}
    return {key: {form: shown(citations.fill(value, "p1", "4"))
                  for form, value in style.items() if form != "label"}
            for key, style in found.items()}


@pytest.fixture(scope="module")
def report() -> Metadata:
    """The 1987 report's metadata, read from its own header."""
    source = load_source(REPO, REPO / "source" / "kansai-1987.xml")
    assert source.document is not None
    return source.document.meta


@pytest.fixture(scope="module")
def forms_1987(report):
    return cited(EDITION_1987, report, "kansai-1987")


# --- the header: what the citation is made of ---------------------------------------------

def test_the_report_is_cited_under_its_catalogue_title(report):
    """The Wilson Center record's title names the issuer itself ("Soviet Consulate in
    Japan, …") and the record names no author: the title leads, no author before it."""
    assert citations.cited_by_title(report)
    assert report.authors == ("USSR General Consulate in Osaka",)  # kept for the About page
    assert citations.short_title(report.title) == "Soviet Consulate in Japan"
    assert (report.translator, report.translated_for) == ("Daniel Rozas", "CWIHP")
    assert (report.source_publisher, report.source_number) == (
        "Wilson Center Digital Archive", "118471")


def test_an_author_leads_unless_the_record_itself_names_no_one():
    record = Metadata(title="Letter to the mayor", authors=("Ana Ruiz",),
                      source_title="Letter to the mayor", source_publisher="A Press")
    assert citations.cited_by_title(record)
    assert not citations.cited_by_title(replace(record, source_authors=("Ana Ruiz",)))
    assert not citations.cited_by_title(replace(record, source_title="Letters, 1900–1910"))
    assert not citations.cited_by_title(replace(record, source_publisher=""))


def test_short_titles_follow_cmos_14_33():
    # the main title, at its first comma or colon, no initial article, at most four words,
    # not ending on a minor word
    assert citations.short_title("A letter about harbours") == "Letter about harbours"
    assert citations.short_title("Sister Cities, 1987: A Report") == "Sister Cities"
    assert citations.short_title(
        "The Harbour Master to the Harbour Office, winter 1973–74") == "Harbour Master"


# --- the edition ----------------------------------------------------------------------------

def test_the_edition_in_every_style():
    forms = cited(EDITION_1987, None)
    title = "*Sister Cities, 1987: A Soviet Consulate Report on Kansai–China Ties*"
    # CMOS 17 14.84 (an organization as author: the editorial body, as it names itself),
    # 14.161 (a book consulted online, its URL last); the version as an edition is given,
    # its date in the parentheses of a note's facts of publication (14.20)
    assert forms["chicago"]["citation"] == (
        f"The Scholion editors, {title}, version 0.1 (November 28, 2026), "
        "https://example.org/scholion/.")
    # CMOS 17 14.30, 14.33: author and short title (the title without its subtitle)
    assert forms["chicago"]["short"] == "The Scholion editors, *Sister Cities, 1987*."
    # CMOS 17 14.21: the bibliography entry's elements separated by periods
    assert forms["chicago"]["reference"] == (
        f"The Scholion editors. {title}. Version 0.1, November 28, 2026. "
        "https://example.org/scholion/.")
    # MLA 9 5.50: "Version" capitalized after a period; a URL without its https://
    assert forms["mla"]["reference"] == (
        f"The Scholion editors. {title}. Version 0.1, 28 Nov. 2026, example.org/scholion/.")
    assert forms["mla"]["citation"] == "(The Scholion editors)"
    # APA 7 9.11 (group author), 10.2 and 10.10 ("(Version 0.1)" after the italic title),
    # 9.35 (no period after a URL); the year is the edition's
    assert forms["apa"]["reference"] == (
        f"The Scholion editors. (2026). {title} (Version 0.1). https://example.org/scholion/")
    assert forms["apa"]["citation"] == "(The Scholion editors, 2026)"
    assert forms["bibtex"]["reference"] == """@misc{edition,
  author = {{The Scholion editors}},
  title = {{Sister Cities, 1987: A Soviet Consulate Report on Kansai–China Ties}},
  year = {2026},
  date = {2026-11-28},
  howpublished = {Digital edition},
  version = {0.1},
  url = {https://example.org/scholion/}
}"""


def test_an_edition_without_a_version_is_dated_by_its_text():
    forms = cited(replace(EDITION_1987, version=""), None)
    # CMOS 17 14.13: a revision date, "last modified"; MLA 9: the date alone in the
    # publication-date slot; APA 7: only the year
    assert "Ties*, last modified November 28, 2026, https://" in forms["chicago"]["citation"]
    assert "Ties*. Last modified November 28, 2026. https://" in forms["chicago"]["reference"]
    assert "Ties*. 28 Nov. 2026, example.org/scholion/." in forms["mla"]["reference"]
    assert "(2026). *Sister Cities, 1987: A Soviet Consulate Report on Kansai–China Ties*. " \
           "https://" in forms["apa"]["reference"]
    # and without a date either (a build outside git): APA 7 9.17, "n.d."
    undated = cited(replace(EDITION_1987, version=""), None, day="")
    assert undated["apa"]["citation"] == "(The Scholion editors, n.d.)"
    assert undated["chicago"]["citation"].endswith("Ties*, https://example.org/scholion/.")


def test_editors_who_are_persons_are_named_as_each_style_names_persons():
    config = Config(title="Fixture Letters", editors=("Ana Ruiz", "Ben Okafor", "Chen Wei"),
                    base_url="https://editions.test/letters/", licence="CC BY 4.0",
                    licence_url="https://creativecommons.org/licenses/by/4.0/", version="1.2")
    forms = cited(config, None)
    # CMOS 17 14.103: editors in place of an author, "eds."; the first name inverted in the
    # bibliography (14.76); surnames in a short note (14.32)
    assert forms["chicago"]["citation"].startswith(
        "Ana Ruiz, Ben Okafor, and Chen Wei, eds., *Fixture Letters*, version 1.2 (")
    assert forms["chicago"]["short"] == "Ruiz, Okafor, and Wei, *Fixture Letters*."
    assert forms["chicago"]["reference"].startswith(
        "Ruiz, Ana, Ben Okafor, and Chen Wei, eds. *Fixture Letters*. Version 1.2, ")
    # MLA 9: three or more authors, the first and "et al."; "editors" after them
    assert forms["mla"]["reference"].startswith("Ruiz, Ana, et al., editors. *Fixture Letters*. ")
    assert forms["mla"]["citation"] == "(Ruiz et al.)"
    # APA 7 9.8 (surname and initials, "&"), 10.2 ("(Eds.)"), 8.17 ("et al." in text)
    assert forms["apa"]["reference"].startswith(
        "Ruiz, A., Okafor, B., & Wei, C. (Eds.). (2026). *Fixture Letters* (Version 1.2). ")
    assert forms["apa"]["citation"] == "(Ruiz et al., 2026)"
    assert "  editor = {Ruiz, Ana and Okafor, Ben and Wei, Chen},\n" in forms["bibtex"]["reference"]
    item = citations.document_item(citations.Edition(config, "1.2", DAY),
                                   Metadata(title="A letter"), "https://editions.test/a.html", "a")
    assert "In A. Ruiz, B. Okafor, & C. Wei (Eds.), *Fixture Letters*" in shown(
        citations.templates(item)["whole"]["apa"]["reference"])
    ris = citations.ris(item).splitlines()
    assert [line for line in ris if line.startswith("ED  - ")] == [
        "ED  - Ruiz, Ana", "ED  - Okafor, Ben", "ED  - Wei, Chen"]


# --- the 1987 report and one of its paragraphs -------------------------------------------

EDITION = "*Sister Cities, 1987: A Soviet Consulate Report on Kansai–China Ties*"
TITLE = ("Soviet Consulate in Japan, Information on Ties between Cities of the Kansai Region "
         "and Cities in China")
ORIGINAL = ("Russian original in Latvian State Archives (Latvijas Valsts arhīvs), fonds 1051, "
            "apr. 1, lietas 154, lapa 19-26")
URL = "https://example.org/scholion/kansai-1987.html"


def test_chicago_full_note_of_the_report_and_of_a_paragraph(forms_1987):
    # CMOS 17 14.111 (a document in a published collection: the item, its date, "in" the
    # collection, "ed." its editors), 14.79 (no listed author: the title leads), 14.104
    # ("trans."), 14.114 (the earlier publication, here at the note's end), 14.229 (an
    # archival original: repository, then shelfmark), 6.9 (the comma inside the quotes)
    assert forms_1987["chicago"]["citation"] == (
        f"“{TITLE},” April 1, 1987, trans. Daniel Rozas for CWIHP, in {EDITION}, "
        f"ed. The Scholion editors, version 0.1 (November 28, 2026), {URL}; translation "
        f"published by Wilson Center Digital Archive, doc. 118471; {ORIGINAL}.")
    # the paragraph: its number as the locator ("para."), its own address
    assert forms_1987["chicago ¶"]["citation"] == (
        f"“{TITLE},” April 1, 1987, trans. Daniel Rozas for CWIHP, in {EDITION}, "
        f"ed. The Scholion editors, version 0.1 (November 28, 2026), para. 4, {URL}#p1; "
        f"translation published by Wilson Center Digital Archive, doc. 118471; {ORIGINAL}.")


def test_chicago_short_note(forms_1987):
    # CMOS 17 14.30, 14.33: a short note is the author's name and a short title, then the
    # locator; with no author, the short title alone, in quotation marks
    assert forms_1987["chicago"]["short"] == "“Information on Ties between Cities.”"
    assert forms_1987["chicago ¶"]["short"] == "“Information on Ties between Cities,” para. 4."


def test_chicago_bibliography_entry(forms_1987):
    # CMOS 17 14.111 (bibliography form: "In *Collection*, edited by …"), 14.104
    # ("Translated by"), 14.114 (what was published before, after the entry, as "First
    # published …" is), 14.229 (the archive); the same entry for a paragraph
    expected = (f"“{TITLE}.” April 1, 1987. Translated by Daniel Rozas for CWIHP. "
                f"In {EDITION}, edited by The Scholion editors. Version 0.1, November 28, "
                f"2026. {URL}. Translation published by Wilson Center Digital Archive, "
                f"doc. 118471. {ORIGINAL}.")
    assert forms_1987["chicago"]["reference"] == expected
    assert forms_1987["chicago ¶"]["reference"] == expected


def test_mla_works_cited_entry_and_in_text_citation(forms_1987):
    # MLA 9: the date of the original right after the title (an optional element); the
    # source's translator after its title ("Translated by", after a period); the container
    # in italics, "edited by" and "version 0.1" lowercase after a comma (5.50); the date
    # of the version read in the publication-date slot, not 1987; the URL without https://;
    # earlier publication and the original as optional elements at the end
    expected = (f"“{TITLE}.” 1 Apr. 1987. Translated by Daniel Rozas for CWIHP. {EDITION}, "
                "edited by The Scholion editors, version 0.1, 28 Nov. 2026, "
                "example.org/scholion/kansai-1987.html. Translation published by Wilson "
                f"Center Digital Archive, doc. 118471. {ORIGINAL}.")
    assert forms_1987["mla"]["reference"] == expected
    assert forms_1987["mla ¶"]["reference"] == expected
    # MLA 9 in-text citations: no author, a short title; "par." for a numbered paragraph
    assert forms_1987["mla"]["citation"] == "(“Information on Ties between Cities”)"
    assert forms_1987["mla ¶"]["citation"] == "(“Information on Ties between Cities,” par. 4)"


def test_apa_reference_and_in_text_citation(forms_1987):
    # APA 7 10.3, "chapter in an edited book, republished in translation" (Heidegger,
    # 2008): the year is this edition's, "(D. Rozas, Trans.)" after the title, "In … (Eds.),"
    # the italic book, "(Version 0.1)", the URL, "(Original work published 1987)"; 9.12
    # (no author: the title in the author's place, then the year); the translation's
    # publisher and the original's archive in the same closing parentheses, brackets
    # within them (6.10)
    expected = (f"{TITLE} (D. Rozas, Trans.). (2026). In The Scholion editors (Eds.), "
                f"{EDITION} (Version 0.1). {URL} (Original work published 1987; translation "
                "for CWIHP published by Wilson Center Digital Archive, Document 118471; "
                "Russian original in Latvian State Archives [Latvijas Valsts arhīvs], fonds "
                "1051, apr. 1, lietas 154, lapa 19-26)")
    assert forms_1987["apa"]["reference"] == expected
    assert forms_1987["apa ¶"]["reference"] == expected
    # APA 7 8.15 (republished and translated works: both years), 8.14 (no author: the
    # title in quotation marks), 8.28 ("para.")
    assert forms_1987["apa"]["citation"] == "(“Information on Ties between Cities,” 1987/2026)"
    assert forms_1987["apa ¶"]["citation"] == (
        "(“Information on Ties between Cities,” 1987/2026, para. 4)")


def test_bibtex_entry(forms_1987):
    # @incollection (a part of the edition: booktitle and editor, read by every style),
    # with biblatex's fields:
    # the date is the edition's, origdate the report's; a paragraph adds its address and ¶
    entry = "\n".join([
        "@incollection{kansai1987,",
        f"  title = {{{{{TITLE}}}}},",
        "  booktitle = {Sister Cities, 1987: A Soviet Consulate Report on Kansai–China Ties},",
        "  editor = {{The Scholion editors}},",
        "  translator = {Rozas, Daniel},",
        "  year = {2026},",
        "  date = {2026-11-28},",
        "  origdate = {1987-04-01},",
        "  howpublished = {Digital edition},",
        "  version = {0.1},",
        f"  url = {{{URL}}},",
        "  addendum = {Translation published by Wilson Center Digital Archive, doc. 118471. "
        f"{ORIGINAL}}}",
        "}"])
    assert forms_1987["bibtex"]["reference"] == entry
    paragraph = entry.replace(f"{URL}}}", f"{URL}#p1}}").replace("19-26}\n}",
                                                              "19-26},\n  note = {¶ 4}\n}")
    assert forms_1987["bibtex ¶"]["reference"] == paragraph
    assert "  url = {https://example.org/scholion/kansai-1987.html#p1},\n" in paragraph


# --- a plain letter of another edition ---------------------------------------------------

@pytest.fixture(scope="module")
def letter():
    loaded = load_edition(FIXTURES / "mini").edition
    assert loaded is not None
    meta = next(d.meta for d in loaded.documents if d.id == "letter-a")
    return cited(replace(loaded.config, version="2.0"), meta, "letter-a")


def test_a_letter_without_translation_or_published_record(letter):
    """The mini edition's letter-a: an author, a repository and a shelfmark, no translator
    (its header lists Russian among its languages: no citation calls it a translation)."""
    edition = "*Fixture Letters*"
    url = "https://editions.test/letters/letter-a.html"
    # CMOS 17 14.111, 14.229
    assert letter["chicago ¶"]["citation"] == (
        f"The Harbour Office, “A letter about harbours,” April 18, 1974, in {edition}, "
        f"ed. The fixture editors, version 2.0 (November 28, 2026), para. 4, {url}#p1; "
        "original in Fixture Archive, box 1, folder 2.")
    # CMOS 17 14.30, 14.33: no initial article in the short title
    assert letter["chicago ¶"]["short"] == "The Harbour Office, “Letter about harbours,” para. 4."
    assert letter["chicago"]["reference"] == (
        f"The Harbour Office. “A letter about harbours.” April 18, 1974. In {edition}, "
        f"edited by The fixture editors. Version 2.0, November 28, 2026. {url}. "
        "Original in Fixture Archive, box 1, folder 2.")
    # MLA 9 in-text citations: the author and "par.", with a comma
    assert letter["mla"]["reference"] == (
        f"The Harbour Office. “A letter about harbours.” 18 Apr. 1974. {edition}, edited by "
        "The fixture editors, version 2.0, 28 Nov. 2026, editions.test/letters/letter-a.html. "
        "Original in Fixture Archive, box 1, folder 2.")
    assert letter["mla ¶"]["citation"] == "(The Harbour Office, par. 4)"
    # APA 7 10.3 (Lewin's example: republished in an edited book, "(Original work published
    # 1948)"), 8.15
    assert letter["apa"]["reference"] == (
        f"The Harbour Office. (2026). A letter about harbours. In The fixture editors (Eds.), "
        f"{edition} (Version 2.0). {url} (Original work published 1974; original in Fixture "
        "Archive, box 1, folder 2)")
    assert letter["apa ¶"]["citation"] == "(The Harbour Office, 1974/2026, para. 4)"
    assert "Russian" not in str(letter)


def test_a_date_given_only_as_a_range_is_cited_as_written():
    source = load_source(FIXTURES / "correspondence",
                         FIXTURES / "correspondence" / "source" / "letter-b.xml")
    assert source.document is not None
    meta = source.document.meta
    assert meta.date == "1973-12-20" and not meta.date_exact  # notBefore: a bound
    forms = cited(EDITION_1987, meta, "letter-b")
    assert "winter 1973–74,” winter 1973–74, in" in forms["chicago"]["citation"]
    assert "December 20, 1973" not in str(forms) and "20 Dec. 1973" not in str(forms)
    assert "1973–74.” Winter 1973–74. In" in forms["chicago"]["reference"]


# --- HTML, the build ---------------------------------------------------------------------

def test_html_sets_the_edition_title_in_italics_and_escapes_everything():
    config = replace(EDITION_1987, title="Letters <script>alert(1)</script> & Co")
    form = citations.templates(citations.edition_item(
        citations.Edition(config, "0.1", DAY)))["whole"]["chicago"]["reference"]
    html = cite_html(form)
    assert isinstance(html, Markup)
    assert html == ("The Scholion editors. <i>Letters &lt;script&gt;alert(1)&lt;/script&gt; "
                    "&amp; Co</i>. Version 0.1, November 28, 2026. https://example.org/scholion/.")


def test_the_built_edition_cites_the_editors_version_not_the_commit(tmp_path):
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    replace_in(root / "pyproject.toml", 'editors = "The fixture editors"',
               'editors = "The fixture editors"\nversion = "3.1"')
    edition = load_edition(root).edition
    assert edition is not None and edition.config.version == "3.1"
    site = plan(replace(edition, version="abc1234", version_date="2026-11-28"))
    texts = [citations.plain(form) for cite in (site.edition_cite, site.documents[0].cite)
             for style in cite["styles"].values() for key, form in style.items()
             if key != "label"]
    assert texts and all("abc1234" not in text for text in texts)
    assert any("version 3.1 (November 28, 2026)" in text for text in texts)
    assert site.documents[0].cite["document"]["chicago"]["reference"] != \
        site.documents[0].cite["styles"]["chicago"]["citation"]


def test_a_paragraph_sends_only_the_forms_it_does_not_share_with_its_document(report):
    from scholion.link.citing import document_citations, passage_forms

    edition = citations.Edition(EDITION_1987, "0.1", DAY)
    cite = document_citations(citations.document_item(edition, report, URL, "kansai-1987"))
    assert "reference" not in cite["styles"]["chicago"]  # the bibliography names the document
    assert cite["styles"]["bibtex"]["reference"] != cite["document"]["bibtex"]["reference"]
    forms = passage_forms(cite)
    assert forms["chicago"]["reference"] == cite["document"]["chicago"]["reference"]
    assert list(forms["chicago"]) == ["label", "citation", "short", "reference"]
    assert "para. 4" in shown(citations.fill(forms["chicago"]["citation"], "p1", "4"))
