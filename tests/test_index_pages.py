"""The index pages (#15 item 7, #17): the hub, entries that list the notes on their
mentions, and a register too large for one page split by letter, every cited
`persons.html#id` still landing on a line that leads to its entry."""

from __future__ import annotations

import re

from scholion import pipeline
from scholion.link import index as index_plan

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _big_register(root, count: int) -> list[str]:
    """Add `count` persons to the fixture's registers, filed under every letter, more
    than `SPLIT` under S; returns their ids."""
    path = root / "source" / "registers.xml"
    ids, people = [], []
    for i in range(count):
        letter = "S" if i % 3 == 0 else LETTERS[i % 26]
        ids.append(f"gen-{i}")
        people.append(f'<person xml:id="gen-{i}"><persName type="normalized">'
                      f'{letter}urname{i:04d}, Given</persName></person>')
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</listPerson>", "".join(people) + "</listPerson>", 1),
                    encoding="utf-8")
    return ids


def test_a_large_register_is_split_by_letter_into_bounded_pages(mini, tmp_path):
    ids = _big_register(mini, 3000)
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    overview = (out / "persons.html").read_text(encoding="utf-8")
    pages = sorted((out / "persons").glob("*.html"))
    assert {p.name for p in pages} >= {"a.html", "s.html", "s-2.html", "z.html"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('<li class="entry') <= index_plan.SPLIT, page.name
    # every entry, under its own id, on the overview: a line linking to its letter's page
    for anchor in (ids[0], ids[1], ids[2999], "harbour-master"):
        line = re.search(rf'<li id="{anchor}"><a href="([^"#]+)#{anchor}">', overview)
        assert line, anchor
        assert f'id="{anchor}"' in (out / line.group(1)).read_text(encoding="utf-8")
    # the overview grows by one short line an entry, not by the entries themselves
    assert len(overview.encode()) < 3000 * 120 + 20_000
    assert "Born" not in overview and "mention" not in overview.split("<main", 1)[1]


def test_a_small_register_stays_on_one_page(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    assert not (out / "persons").exists()
    assert '<li class="entry entry-person" id="harbour-master">' in (
        out / "persons.html").read_text(encoding="utf-8")


def test_the_split_is_by_filing_letter_and_bounded_per_run():
    from scholion.link.index import split
    from scholion.model import Entity

    entries = [index_plan.EntityEntry(Entity(f"e{i}", "person", name, 1), ())
               for i, name in enumerate(["Abe", "Ōta", "Oda", "Sato", "Suzuki", "Sakai", "大"])]
    parts = split("person", tuple(sorted(entries, key=lambda e: e.key)), size=2)
    assert [(p.url, p.label, [i.entity.name for i in p.items]) for p in parts] == [
        ("persons/a.html", "A", ["Abe"]),
        ("persons/o.html", "O", ["Oda", "Ōta"]),
        ("persons/s.html", "S", ["Sakai", "Sato"]),
        ("persons/s-2.html", "S (2)", ["Suzuki"]),
        ("persons/u5927.html", "大", ["大"]),
    ]


def test_the_hub_counts_each_kind_and_names_the_most_mentioned(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    hub = (out / "indexes.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="persons.html">Persons</a></h2>\s*<p class="hub-counts">1 entry',
                     hub)
    assert '<a href="places.html#osaka">Osaka</a>' in hub
    assert "Chronology" in hub and "the earliest 1974" in hub
    # "Index" in the navigation opens the hub, and is current on every index page
    for name in ("indexes.html", "persons.html", "dates.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert '<a href="indexes.html" aria-current="page">Index</a>' in page, name


def test_an_entry_lists_the_notes_on_its_mentions(mini, tmp_path):
    (mini / "annotations" / "osaka-was.md").write_text(
        "---\ntarget: a-p1\nquote: \"Osaka was\"\ntype: context\nauthor: The fixture "
        "editors\nsources:\n  - title: A fixture source\n---\nA note on Osaka's harbour.\n",
        encoding="utf-8")
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    places = (out / "places.html").read_text(encoding="utf-8")
    entry = places.split('id="osaka"', 1)[1].split("</li>\n", 1)[0]
    assert re.search(r'Notes on its mentions: <a href="letter-a.html#note-osaka-was">'
                     r'letter-a, note \d+</a> \(¶ 2, “Osaka was”\)', places)
    assert "note-busy-harbour" not in entry  # that note is on the date, not on Osaka


def test_the_chronology_gives_dates_in_words(mini, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    dates = (out / "dates.html").read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)<span", dates)]
    assert headings and not [h for h in headings if re.search(r"\d{4}-\d\d|/|\.\.", h)]
    assert any("1974 to 1975" in h for h in headings)


def test_an_entry_mentioned_often_shows_the_first_and_pages_the_rest(mini, tmp_path,
                                                                      monkeypatch):
    """#17: Shanghai, 37 mentions in one report, would have 37,000 snippets on the places
    page in a thousand; an entry shows the first `SHOWN`, its mentions are on pages of
    `PER_PAGE`. (Both made 1 here, for the fixture's few mentions.)"""
    monkeypatch.setattr(index_plan, "SHOWN", 1)
    monkeypatch.setattr(index_plan, "PER_PAGE", 1)
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    places = (out / "places.html").read_text(encoding="utf-8")
    entry = places.split('id="osaka"', 1)[1].split('</li>\n</ul>', 1)[0]
    total = int(re.search(r"All (\d+) mentions", entry).group(1))
    assert total >= 2 and entry.count('class="snippet"') == 1
    assert f"on {total} pages" in entry
    first = out / "places" / "osaka-mentions.html"
    last = out / "places" / f"osaka-mentions-{total}.html"
    assert first.is_file() and last.is_file()
    html = last.read_text(encoding="utf-8")
    assert html.count('class="snippet"') == 1
    assert f'<ol class="occurrences" start="{total}">' in html
    assert '<a href="../places.html#osaka">Osaka</a>' in html
