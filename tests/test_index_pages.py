"""The index pages (#15 item 7, #17): the hub, entries that list the notes on their
mentions, and a register too large for one page split by letter, every cited
`persons.html#id` still landing on a line that leads to its entry."""

from __future__ import annotations

import re
from pathlib import Path

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


def _note(root: Path, slug: str, target: str, quote: str) -> None:
    """A reviewed note of the fixture editors on `quote` in block `target`."""
    (root / "annotations" / f"{slug}.md").write_text(
        f"---\ntarget: {target}\nquote: \"{quote}\"\ntype: context\nauthor: The fixture "
        "editors\nsources:\n  - title: A fixture source\n---\nA note.\n", encoding="utf-8")


def test_an_entry_lists_the_notes_on_its_mentions(mini, tmp_path):
    _note(mini, "osaka-was", "a-p1", "Osaka was")
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


def test_an_entry_mentioned_often_shows_its_first_notes_and_pages_the_rest(
        mini, tmp_path, monkeypatch):
    """#17: a note a mention would grow an entry's list of notes with the collection as
    its mentions did; past `SHOWN` the rest are beside their mentions on its pages."""
    monkeypatch.setattr(index_plan, "SHOWN", 1)
    monkeypatch.setattr(index_plan, "PER_PAGE", 1)
    _note(mini, "osaka-was", "a-p1", "Osaka was")
    _note(mini, "about-osaka", "b-p1", "about Osaka")
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    places = (out / "places.html").read_text(encoding="utf-8")
    entry = places.split('id="osaka"', 1)[1].split('</li>\n</ul>', 1)[0]
    notes = entry.split('class="entry-notes"', 1)[1].split("</p>", 1)[0]
    assert notes.count("#note-") == 1 and "#note-osaka-was" in notes
    # the link goes to the page that gives the first note not listed (here the second)
    assert re.search(r'and 1 more, <a href="places/osaka-mentions-2\.html">beside the '
                     r'mentions it is on</a>', notes)
    pages = [(out / "places" / name).read_text(encoding="utf-8")
             for name in ("osaka-mentions.html", "osaka-mentions-2.html")]
    assert re.search(r'Notes on these mentions: <a href="\.\./letter-a\.html'
                     r'#note-osaka-was">', pages[0]) and "about-osaka" not in pages[0]
    assert re.search(r'Notes on these mentions: <a href="\.\./letter-b\.html'
                     r'#note-about-osaka">', pages[1]) and "osaka-was" not in pages[1]


def test_the_chronology_is_split_by_year_and_bounded_per_run():
    from scholion.common.dates import DateValue
    from scholion.link.index import DateEntry, split_dates

    days = ["1850-01-02", "1850-03-04", "1850-05-06", "1851-07-08", "-0044-03-15"]
    entries = tuple(DateEntry(DateValue(d, d), ()) for d in days)
    parts = split_dates(entries, size=2)
    assert [(p.url, p.label, [e.value.start for e in p.items]) for p in parts] == [
        ("dates/1850.html", "1850", ["1850-01-02", "1850-03-04"]),
        ("dates/1850-2.html", "1850 (2)", ["1850-05-06"]),
        ("dates/1851.html", "1851", ["1851-07-08"]),
        ("dates/other.html", "#", ["-0044-03-15"]),
    ]


def test_a_large_chronology_has_a_page_a_year_and_keeps_every_dates_address(tmp_path):
    # more than SPLIT dates in the text: dates.html becomes the overview, one line a date
    # under its own id, and each line leads to the date on its year's page
    from scholion.link.index import SPLIT

    root = tmp_path / "letters"
    _dated_letters(root, SPLIT + 40)
    out = tmp_path / "site"
    assert pipeline.build(root, out).ok
    overview = (out / "dates.html").read_text(encoding="utf-8")
    years = sorted((out / "dates").glob("1*.html"))
    assert len(years) >= 2
    lines = re.findall(r'<li id="(date-[^"]+)"><a href="([^"#]+)#\1">', overview)
    assert len(lines) == SPLIT + 40
    for anchor, page in lines[::50]:
        html = (out / page).read_text(encoding="utf-8")
        assert f'<li class="entry entry-date" id="{anchor}">' in html
    letter = (out / "letter-1.html").read_text(encoding="utf-8")
    assert re.search(r'class="mention mention-date" href="dates\.html#date-', letter)
    assert '<li class="entry' not in overview


def _dated_letters(root: Path, dates: int) -> None:
    """Letters whose text gives `dates` distinct days, 50 a letter."""
    import datetime

    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.scholion]\ntitle = "Dated"\neditors = "Test"\nbase_url = "https://t.test/"\n'
        'licence = "CC0 1.0"\nlicence_url = "https://creativecommons.org/publicdomain/zero/1.0/"'
        '\npdf = false\n', encoding="utf-8")
    first = datetime.date(1850, 1, 1)
    days = [(first + datetime.timedelta(days=3 * i)).isoformat() for i in range(dates)]
    for n, start in enumerate(range(0, dates, 50), start=1):
        said = " ".join(f'<date when="{d}">{d}</date>.' for d in days[start:start + 50])
        (root / "source" / f"letter-{n}.xml").write_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
            f'<title>Letter {n}</title></titleStmt><publicationStmt><p>Test</p>'
            '</publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>'
            f'<text><body><p xml:id="p1" n="1">Dates: {said}</p></body></text></TEI>',
            encoding="utf-8")
