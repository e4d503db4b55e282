"""Citations follow each style's own conventions, whatever citeproc-py does by itself."""

from __future__ import annotations

import pytest

from scholion.common import citations
from scholion.model import Config, Metadata

CONFIG = Config(title="Sister Cities, 1987", editors=("The Scholion editors",),
                base_url="https://editions.test/", licence="CC BY 4.0",
                licence_url="https://creativecommons.org/licenses/by/4.0/")
META = Metadata(title="Information on Ties between Cities of the Kansai Region",
                date="1987-04-01", authors=("USSR General Consulate in Osaka",),
                translator="Daniel Rozas")


@pytest.fixture(scope="module")
def styles():
    edition = citations.Edition(CONFIG, "22a3f73", "2026-11-28")
    item = citations.csl_item(edition, META, "https://editions.test/doc.html", "doc")
    found = citations._templates(item)  # not the cache: the rules themselves
    return {k: {f: citations.fill(v, "p3", "6") for f, v in s.items()} for k, s in found.items()}


def test_titles_keep_their_capitalization(styles):
    for key in ("chicago", "mla", "apa"):
        assert "Ties between Cities" in styles[key]["reference"], key


def test_american_styles_put_punctuation_inside_quotes(styles):
    assert "Kansai Region.”" in styles["chicago"]["reference"]
    assert "Kansai Region,”" in styles["chicago"]["citation"]
    assert "Kansai Region.”" in styles["mla"]["reference"]


def test_short_forms_carry_the_paragraph(styles):
    assert "para. 6" in styles["chicago"]["citation"]
    assert styles["mla"]["citation"] == "(USSR General Consulate in Osaka, par. 6)"
    assert styles["apa"]["citation"] == "(USSR General Consulate in Osaka, 1987, para. 6)"


def test_translator_names_follow_the_style(styles):
    assert "Daniel Rozas" in styles["chicago"]["reference"]
    assert "Daniel Rozas" in styles["mla"]["reference"]
    assert "D. Rozas, trans." in styles["apa"]["reference"]


def test_the_version_is_one_version_pinned_to_its_date(styles):
    for key in ("chicago", "mla", "apa"):
        text = styles[key]["reference"]
        assert "ersion 22a3f73 of 28 November 2026" in text and "ersions" not in text, key
    assert "https://editions.test/doc.html#p3" in styles["bibtex"]["reference"]


def test_every_editor_is_named_in_the_styles_way():
    config = Config(title="Sister Cities, 1987", editors=("Ana Ruiz", "Ben Okafor", "Chen Wei"),
                    base_url="https://editions.test/", licence="CC BY 4.0",
                    licence_url="https://creativecommons.org/licenses/by/4.0/")
    edition = citations.Edition(config, "22a3f73", "2026-11-28")
    item = citations.csl_item(edition, META, "https://editions.test/doc.html", "doc")
    assert item["editor"] == [{"literal": "Ana Ruiz"}, {"literal": "Ben Okafor"},
                              {"literal": "Chen Wei"}]
    found = citations._templates(item)
    assert "edited by Ana Ruiz, Ben Okafor, and Chen Wei" in found["chicago"]["reference"]
    assert "editor = {{Ana Ruiz} and {Ben Okafor} and {Chen Wei}}" in found["bibtex"]["reference"]
    ris = citations.ris(item)
    assert [line for line in ris.splitlines() if line.startswith("ED  - ")] == [
        "ED  - Ana Ruiz", "ED  - Ben Okafor", "ED  - Chen Wei"]
    assert "PB  - Ana Ruiz, Ben Okafor and Chen Wei" in ris
