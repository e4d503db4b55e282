"""The entity cards of a reading page (link.cards): planned once, from the registers and
the index, for each entry the page mentions."""

from __future__ import annotations

from conftest import replace_in
from scholion.link import link_edition
from scholion.link.cards import GLOSS, gloss
from scholion.load import load_edition
from scholion.model import Prose


def test_each_entry_the_page_mentions_has_one_card_in_the_order_of_first_mention(mini):
    site = link_edition(load_edition(mini).edition)
    page = next(p for p in site.documents if p.document.id == "letter-a")
    mentioned = [k for r in page.readings for m in r.mentions if m.pointer.date is None
                 for k in m.pointer.keys]
    assert [c.id for c in page.cards] == list(dict.fromkeys(mentioned))
    osaka = next(c for c in page.cards if c.id == "osaka")
    assert (osaka.name, osaka.kind, osaka.url) == ("Osaka", "place", "places.html#osaka")
    assert osaka.authorities == (("Wikidata", "https://www.wikidata.org/entity/Q35765"),
                                 ("GeoNames", "https://sws.geonames.org/1853909/"))
    # the count is the index's, over the whole edition, not this page's
    entry = next(e for e in site.index.places if e.entity.id == "osaka")
    assert osaka.mentions == len(entry.occurrences) > sum(
        1 for m in mentioned if m == "osaka")
    office = next(c for c in page.cards if c.id == "harbour-office")
    assert office.kind == "organization"


def test_a_card_gives_an_event_its_date_and_a_person_the_days_of_birth_and_death(mini):
    replace_in(mini / "source" / "registers.xml", '<persName type="normalized">',
               '<birth when="1915-01-30"/><death when="2010-08-07"/>'
               '<persName type="normalized">')
    site = link_edition(load_edition(mini).edition)
    cards = {c.id: c for p in site.documents for c in p.cards}
    assert cards["arrival"].dates == "April 1974 to May 1974"
    assert any(c.dates == "30 January 1915 – 7 August 2010" for c in cards.values())
    assert cards["arrival"].data()["d"] == "April 1974 to May 1974"
    assert "d" not in cards["osaka"].data() and "u" not in cards["osaka"].data()


def test_a_gloss_is_the_first_clause_cut_at_a_word_never_with_a_bracket_open():
    assert gloss("A port city in Japan; mayor 1971–87.") == (("", "A port city in Japan"),)
    long = "word " * 60
    (_, cut), = gloss(long)
    assert len(cut) <= GLOSS + 1 and cut.endswith("…") and not cut.endswith(" …")
    assert gloss("The consulate (today the Russian one; since 1991) in Osaka.") == (
        ("", "The consulate…"),)
    runs = gloss(Prose((("", "Osaka City ("), ("ja", "大阪市"), ("", "), Japan; more"))))
    assert runs == (("", "Osaka City ("), ("ja", "大阪市"), ("", "), Japan"))
