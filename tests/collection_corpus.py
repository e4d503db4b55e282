"""A generated correspondence of N short letters, for the tests of a large collection's
pages (issue 17: tests/test_collection.py, tests/browser/test_collection.py).

Deterministic (`random.Random(seed)`). Small letters, since the tests are about the
collection and not the text: a header with a correspDesc (sender, place, date; addressee,
place), one paragraph. What the collection pages must cope with is there on purpose:
a few correspondents write most letters, over forty years; some letters are dated by a
year alone, some are undated, some have no addressee; two spellings of one name that fold
to the same slug ("Anna Müller", "Anna Muller"), a name ending in a number ("Area 51"),
and a name with no ASCII letter (大阪).
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

PEOPLE = ("Daniel Carrington", "Frances Dunmore", "Robert Denham", "Anna Müller",
          "Anna Muller", "Helen Oakley", "George Yates", "Mary Shirley", "Oliver Temple",
          "Sophia Vane", "Thomas Keble", "Laura Ingram", "Walter Ridley", "Clara Bell")
PLACES = ("Oakford", "Upper Wenerchester", "Great Fernham", "Area 51", "Valhurst", "大阪",
          "North Ashenby", "Lindbury", "Selwick", "Marport")
FIRST = datetime.date(1850, 1, 1).toordinal()
SPAN = 40 * 365

PYPROJECT = """# A generated collection for Scholion's tests (tests/collection_corpus.py).
[tool.scholion]
title = "Generated Letters"
editors = "The test editors"
base_url = "https://editions.test/generated/"
licence = "CC0 1.0"
licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
language = "en"
pdf = false
"""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _date(rng: random.Random, number: int, total: int) -> tuple[str, str]:
    """(@when, words); '' for an undated letter."""
    roll = rng.random()
    if roll < 0.02:
        return "", ""
    day = datetime.date.fromordinal(FIRST + number * SPAN // (total + 1))
    if roll < 0.05:
        return str(day.year), str(day.year)
    return day.isoformat(), f"{day.day} {day:%B} {day.year}"


def letter(rng: random.Random, number: int, total: int) -> str:
    weights = [1 / (rank + 1) ** 1.2 for rank in range(len(PEOPLE))]
    sender, addressee = rng.choices(PEOPLE, weights), rng.choices(PEOPLE, weights)
    place, to_place = rng.choice(PLACES), rng.choice(PLACES)
    when, words = _date(rng, number, total)
    date = f'<date when="{when}">{words}</date>' if when else ""
    received = "" if rng.random() < 0.05 else (
        f"<correspAction type=\"received\"><persName>{_esc(addressee[0])}</persName>"
        f"<placeName>{_esc(to_place)}</placeName></correspAction>")
    title = f"Letter {number} from {sender[0]}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>{_esc(title)}</title></titleStmt>
      <publicationStmt><publisher>The test editors</publisher>
        <idno type="scholion">letter-{number:05d}</idno></publicationStmt>
      <sourceDesc><p>Generated for Scholion's tests.</p></sourceDesc>
    </fileDesc>
    <profileDesc><correspDesc>
      <correspAction type="sent"><persName>{_esc(sender[0])}</persName>
        <placeName>{_esc(place)}</placeName>{date}</correspAction>
      {received}
    </correspDesc></profileDesc>
  </teiHeader>
  <text><body><p xml:id="p1" n="1">Letter {number} of the collection.</p></body></text>
</TEI>
"""


def write_collection(folder: Path, letters: int, seed: int = 17) -> Path:
    """An edition of `letters` letters in `folder` (created); returns the folder."""
    rng = random.Random(seed)
    source = folder / "source"
    source.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    for number in range(1, letters + 1):
        (source / f"letter-{number:05d}.xml").write_text(letter(rng, number, letters),
                                                         encoding="utf-8")
    return folder
