"""Stage `link`: where every document goes, decided from ids only."""

from __future__ import annotations

from conftest import replace_in
from scholion.link import link_edition
from scholion.load import load_edition


def test_pages_are_named_by_document_id_not_file_name_or_order(mini):
    (mini / "source" / "letter-a.xml").rename(mini / "source" / "zz-renamed.xml")
    site = link_edition(load_edition(mini).edition)
    assert [(p.document.id, p.url) for p in site.documents] == [
        ("letter-a", "letter-a.html"),
        ("letter-b", "letter-b.html"),
    ]


def test_anchor_urls_use_the_configured_base(mini):
    site = link_edition(load_edition(mini).edition)
    page = site.documents[0]
    assert page.anchor_url(page.document.blocks[1], site.config.base_url) == (
        "https://editions.test/letters/letter-a.html#a-p1"
    )


def test_documents_are_ordered_by_date(mini):
    replace_in(mini / "source" / "letter-b.xml", 'when="1975-01-02"', 'when="1970-01-02"')
    site = link_edition(load_edition(mini).edition)
    assert [p.document.id for p in site.documents] == ["letter-b", "letter-a"]
