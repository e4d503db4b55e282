"""Generate a synthetic correspondence edition of N letters: the collection of issue #17.

Real editions are collections: correspondence editions publish thousands of letters. This
writes one that Scholion can build, of the size and markup such editions have, so that
`bench/scale.py` (and anyone) can measure a build of 100 or 10,000 documents:

- `pyproject.toml` with a `[tool.scholion]` table;
- `source/letter-NNNNN.xml`: TEI P5 letters of about 500 words (a teiHeader with
  titleStmt, publicationStmt, a sourceDesc with an msDesc or a printed bibl, a correspDesc
  whose correspActions name sender, place and date, and recipient), an opener with a
  dateline and a salute, paragraphs with persName, placeName, orgName and date mentions
  pointing into the register files, a few `<note>`s, a closer with a valediction and a
  signature. Most letters carry an xml:id and @n on every block, as the 1987 edition does;
  one in twenty carries none, so provisional anchors are exercised too (W110 and W111 for
  each such letter: the only warnings the edition should give);
- `source/listperson.xml`, `listplace.xml`, `listorg.xml`: registers (names, birth and
  death, an idno, a location/geo for places) that grow with the collection;
- `annotations/*.md`: about two notes a letter on average (each quote is words of its
  target block, once, never overlapping another), a headnote for one letter in ten, and
  notes on some register entries;
- `source/anchors.lock`: every anchor the letters with ids give, as `scholion anchors
  accept` would record it, so the edition is "published" and builds without W403/W404.

Everything is drawn from `random.Random(seed)`: the same N and seed give the same bytes.
A few correspondents write most letters (one central figure is party to four in five, the
others are drawn Zipf-like), and mentions are Zipf-like over the registers. The words come
from the word lists below; nothing is read from the network. Persons, places and
organizations are invented (places lie at invented coordinates; their idno is an
example.org URI, never a real authority's), and every file says it is synthetic.

    python bench/corpus.py N [--out DIR] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

TEI_NS = "http://www.tei-c.org/ns/1.0"
MARKER = "SYNTHETIC.md"  # marks a folder this script wrote (and may overwrite)
PROVISIONAL_EVERY = 20  # one letter in twenty has no xml:id and no @n: provisional anchors
HEADNOTE_EVERY = 10
FIRST_DAY = datetime.date(1850, 1, 1).toordinal()
SPAN_DAYS = 40 * 365


def _words(text: str) -> tuple[str, ...]:
    """A word list written as prose lines, so that it reads (and diffs) like one."""
    return tuple(text.split())


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

FORENAMES = _words("""Ada Agnes Albert Alfred Alice Amelia Anna Annie Arthur Augusta Benjamin Bertha
Catherine Charles Charlotte Clara Constance Daniel David Edith Edmund Edward Eleanor Eliza
Elizabeth Ellen Emily Emma Ernest Esther Evelyn Florence Frances Francis Frank Frederick
George Georgiana Harriet Harry Helen Henry Herbert Isabella James Jane Jessie John Joseph
Julia Kate Laura Louisa Lucy Margaret Maria Martha Mary Matilda Maud Nathaniel Oliver
Philip Rachel Richard Robert Rose Samuel Sarah Sophia Susan Thomas Victoria Walter William
Winifred""")
SURNAMES = _words("""Abbott Ainsworth Allen Ashby Atherton Bagshaw Barlow Barrett Beaumont Bell
Bennett Blackwood Bradley Brereton Brooke Bulwer Carrington Cartwright Chadwick Clifford
Coleridge Collier Cotton Crane Crawford Darby Dawson Denham Dixon Drummond Dunmore Easton
Eliot Elwood Everett Fairfax Fenwick Fielding Fletcher Forbes Fowler Garland Gaskell
Gifford Godwin Graham Greville Hadley Halford Harcourt Hardwick Hartley Hastings Hawkins
Heywood Hilliard Holloway Howard Hughes Ingram Jennings Keble Kemble Kendall Kingsley
Lambert Langley Latimer Lawrence Leighton Lennox Lockhart Lovell Lowther Maitland Marsden
Martineau Maxwell Meredith Milner Montague Morland Mortimer Newby Norris Oakley Osborne
Paget Palmer Pemberton Percival Pickering Pomeroy Prescott Radcliffe Ramsay Rawlinson
Redfern Ridley Rossiter Russell Sackville Selwyn Seymour Sheridan Shirley Somerville
Spencer Stanhope Stanley Sterling Stokes Talbot Temple Thornton Tremayne Trevelyan Tufnell
Underwood Vane Vernon Wakefield Walsingham Warburton Waverley Webster Wentworth Whitmore
Willoughby Winslow Woodville Wortley Wyndham Yardley Yates""")
PLACE_HEADS = _words("""Ash Bram Cal Dun Elm Fern Glen Hal Ivy Kel Lang Mar Nor Oak Pen Quen Ros
Sel Thorn Ulls Val Wen Yar Brack Chil Dor Hart Lind Mill Stan""")
PLACE_MIDDLES = ("", "", "", "er", "ing", "en", "ley", "wick", "s")
PLACE_TAILS = _words("""ford bury wick ton ham more field stead combe dale minster port bridge
well thorpe by hurst mouth chester""")
PLACE_QUALIFIERS = ("", "", "", "", "Upper ", "Lower ", "North ", "South ", "Great ",
                    "Little ", "St. ")
ORG_KINDS = ("Literary Society", "Philosophical Society", "Savings Bank", "Infirmary",
             "Grammar School", "Mechanics' Institute", "Railway Company", "Choral Society",
             "Botanical Garden", "Subscription Library", "Gazette", "Orphan Asylum")
REPOSITORIES = ("County Record Office", "University Library, Special Collections",
                "Public Library, Local Studies", "Museum and Archive")

SUBJECTS = ("I", "I", "I", "I", "we", "we", "he", "she", "they", "you", "my brother",
            "my sister", "your father", "my mother", "the doctor", "our friend", "the vicar",
            "my aunt", "the children", "everyone", "nobody")
VERBS_PAST = _words("""received wrote sent found saw heard read kept left brought took gave
carried answered finished began promised expected remembered forgot described noticed
visited missed lost bought sold copied returned mentioned""")
VERBS_BASE = _words("""write send find see hear read keep leave bring take give carry answer
finish begin expect remember describe notice visit buy copy return mention call settle
arrange forward""")
AUX = _words("shall will must should could may might cannot")
DETERMINERS = _words("the the the a a my your our this that every")
ADJECTIVES = _words("""long short kind pleasant dull cold warm wet fine late early old new
little great good poor dear whole last next heavy quiet busy small large happy anxious
curious tedious excellent""")
NOUNS = _words("""letter parcel book news weather garden house journey visit parish week
month evening morning winter summer spring autumn account paper manuscript lecture
sermon meeting house rain road coach train carriage doctor family child servant friend
cousin proof volume chapter bill trunk picture portrait reply answer note post office
library school church field river hill harvest concert dinner party opinion question
matter subject plan subscription report""")
PREPOSITIONS = _words("in at on with from for before after about near by under over")
TIMES = ("yesterday", "today", "this morning", "last night", "last week", "on Sunday",
         "on Monday", "at last", "soon", "again", "once more", "by the next post",
         "before Christmas", "after dinner")
ADVERBS = _words("""indeed however perhaps certainly hardly truly scarcely still already
nevertheless""")
SALUTES = ("Dear {}", "My dear {}", "Dearest {}", "Dear {}", "Dear Sir")  # Sir: or Madam
VALEDICTIONS = ("Believe me, yours ever,", "Yours sincerely,", "Your affectionate friend,",
                "Ever yours,", "Yours most truly,", "With kind regards, yours faithfully,")
NOTE_TEXTS = ("Written across the left margin.", "The last two words are underlined twice.",
              "A word is struck through and illegible.", "Added above the line.",
              "The sheet is torn here; a word is lost.", "In pencil, in another hand.")
NOTE_TYPES = ("context", "context", "identification", "identification", "bibliography",
              "translation", "correction")
EDITORS = ("Anne Editor", "Bernard Annotator", "Clara Reviewer", "The benchmark editors")


@dataclass(frozen=True)
class Entry:
    """A register entry: its xml:id, its main name, the forms the letters use."""

    id: str
    name: str
    forms: tuple[str, ...]


@dataclass
class Block:
    """A citable block as it is written: its XML, its text as Scholion reads it (notes
    apart are not read; a <choice> reads as its regularised form), and the runs of plain
    words a quote may be taken from."""

    tag: str
    xml: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)

    def words(self, words: str) -> None:
        self.xml.append(words)
        self.text.append(words)
        self.runs.append(words)

    def markup(self, xml: str, text: str) -> None:
        self.xml.append(xml)
        self.text.append(text)

    def reading(self) -> str:
        return " ".join("".join(self.text).split())


def zipf(n: int, s: float = 1.0) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n, for random.choices(cum_weights=...)."""
    return list(accumulate(1 / (rank ** s) for rank in range(1, n + 1)))


class Registers:
    """The persons, places and organizations of the collection, sized by it."""

    def __init__(self, rng: random.Random, letters: int) -> None:
        self.persons = _persons(rng, 30 + letters * 3 // 10)
        self.places = _places(rng, 20 + letters // 10)
        self.orgs = [Entry(f"o{i:04d}", name, (name,)) for i, name in
                     enumerate(_org_names(rng, self.places, 10 + letters // 40), start=1)]
        self.life = {p.id: _life(rng) for p in self.persons}
        self.geo = {p.id: (round(rng.uniform(50.0, 55.5), 4), round(rng.uniform(-5.5, 1.5), 4))
                    for p in self.places}
        self.person_weights = zipf(len(self.persons), 1.05)
        self.place_weights = zipf(len(self.places), 1.1)
        self.org_weights = zipf(len(self.orgs), 1.0)
        # the correspondents: a few write most letters
        self.correspondents = self.persons[1:min(len(self.persons), 12 + letters // 25)]
        self.correspondent_weights = zipf(len(self.correspondents), 1.3)
        # the registers list what the letters name, as real ones do (no W201)
        self.named: set[str] = set()

    def ref(self, file: str, entry: Entry) -> str:
        """The pointer to an entry, which is then listed in its register."""
        self.named.add(entry.id)
        return f"{file}#{entry.id}"

    def listed(self, entries: list[Entry]) -> list[Entry]:
        return [e for e in entries if e.id in self.named]


def _persons(rng: random.Random, count: int) -> list[Entry]:
    seen: set[tuple[str, str]] = set()
    persons = []
    while len(persons) < count:
        forename, surname = rng.choice(FORENAMES), rng.choice(SURNAMES)
        if (forename, surname) in seen and len(seen) < len(FORENAMES) * len(SURNAMES) // 2:
            continue  # names repeat only in a register of more than 6,000 persons
        seen.add((forename, surname))
        title = "Mrs." if forename in _WOMEN and rng.random() < 0.5 else "Mr."
        if forename in _WOMEN and title == "Mr.":
            title = "Miss"
        forms = (f"{forename} {surname}", f"{title} {surname}", f"{forename[0]}. {surname}",
                 surname)
        persons.append(Entry(f"p{len(persons) + 1:04d}", f"{forename} {surname}", forms))
    return persons


_WOMEN = frozenset(_words("""Ada Agnes Alice Amelia Anna Annie Augusta Bertha Catherine Charlotte
Clara Constance Edith Eleanor Eliza Elizabeth Ellen Emily Emma Esther Evelyn Florence
Frances Georgiana Harriet Helen Isabella Jane Jessie Julia Kate Laura Louisa Lucy Margaret
Maria Martha Mary Matilda Maud Rachel Rose Sarah Sophia Susan Victoria Winifred"""))


def _places(rng: random.Random, count: int) -> list[Entry]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = (rng.choice(PLACE_QUALIFIERS) + rng.choice(PLACE_HEADS)
                + rng.choice(PLACE_MIDDLES) + rng.choice(PLACE_TAILS))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return [Entry(f"pl{i:04d}", name, (name,)) for i, name in enumerate(names, start=1)]


def _org_names(rng: random.Random, places: list[Entry], count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(places).name} {rng.choice(ORG_KINDS)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _life(rng: random.Random) -> tuple[int, int]:
    born = rng.randint(1780, 1845)
    return born, born + rng.randint(25, 90)


def when(day: int) -> tuple[str, str]:
    """@when and the words for a day number (a proleptic Gregorian ordinal)."""
    date = datetime.date.fromordinal(day)
    return date.isoformat(), f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Letter:
    """One letter: its header facts and its blocks, drawn from the generator's rng."""

    def __init__(self, rng: random.Random, reg: Registers, number: int, total: int) -> None:
        self.rng, self.reg = rng, reg
        self.id = f"letter-{number:05d}"
        self.number = number
        self.day = FIRST_DAY + number * SPAN_DAYS // (total + 1) + rng.randint(0, 9)
        central, other = reg.persons[0], rng.choices(
            reg.correspondents, cum_weights=reg.correspondent_weights)[0]
        if rng.random() < 0.8:
            self.sender, self.recipient = (central, other) if rng.random() < 0.5 else (
                other, central)
        else:
            recipient = other
            while recipient is other:
                recipient = rng.choices(reg.correspondents,
                                        cum_weights=reg.correspondent_weights)[0]
            self.sender, self.recipient = other, recipient
        self.place = rng.choices(reg.places, cum_weights=reg.place_weights)[0]
        self.ids = number % PROVISIONAL_EVERY != 0
        self.blocks = self._blocks()

    # -- mentions -----------------------------------------------------------------------

    def person(self, block: Block, entry: Entry | None = None) -> None:
        reg = self.reg
        entry = entry or self.rng.choices(reg.persons, cum_weights=reg.person_weights)[0]
        form = self.rng.choice(entry.forms)
        block.markup(f'<persName ref="{reg.ref("listperson.xml", entry)}">{esc(form)}'
                     "</persName>", form)

    def placename(self, block: Block, entry: Entry | None = None) -> None:
        reg = self.reg
        entry = entry or self.rng.choices(reg.places, cum_weights=reg.place_weights)[0]
        block.markup(f'<placeName ref="{reg.ref("listplace.xml", entry)}">{esc(entry.name)}'
                     "</placeName>", entry.name)

    def org(self, block: Block) -> None:
        reg = self.reg
        entry = self.rng.choices(reg.orgs, cum_weights=reg.org_weights)[0]
        block.markup(f'<orgName ref="{reg.ref("listorg.xml", entry)}">{esc(entry.name)}'
                     "</orgName>", entry.name)

    def date(self, block: Block, day: int) -> None:
        iso, words = when(day)
        block.markup(f'<date when="{iso}">{words}</date>', words)

    # -- text ---------------------------------------------------------------------------

    def noun_phrase(self, block: Block) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.16:
            return self.person(block)
        if roll < 0.19:
            return self.org(block)
        adjective = f"{rng.choice(ADJECTIVES)} " if rng.random() < 0.4 else ""
        noun = f"{adjective}{rng.choice(NOUNS)}"
        determiner = rng.choice(DETERMINERS)
        if determiner == "a" and noun[0] in "aeiou":
            determiner = "an"
        block.words(f"{determiner} {noun}")

    def place_phrase(self, block: Block) -> None:
        rng = self.rng
        if rng.random() < 0.25:
            block.words(f" {rng.choice(('at', 'in', 'near', 'from', 'to'))} ")
            self.placename(block)
        elif rng.random() < 0.06:
            block.words(" on ")
            self.date(block, self.day - rng.randint(1, 60))
        else:
            block.words(f" {rng.choice(PREPOSITIONS)} ")
            self.noun_phrase(block)

    def sentence(self, block: Block) -> None:
        rng = self.rng
        pattern = rng.randrange(6) if rng.random() > 0.02 else 6
        subject = rng.choice(SUBJECTS)
        opening = subject[0].upper() + subject[1:]
        if pattern == 0:
            block.words(f"{opening} {rng.choice(VERBS_PAST)} ")
            self.noun_phrase(block)
            self.place_phrase(block)
        elif pattern == 1:
            block.words(f"{opening} {rng.choice(AUX)} {rng.choice(VERBS_BASE)} ")
            self.noun_phrase(block)
            block.words(f" {rng.choice(TIMES)}")
        elif pattern == 2:
            time_ = rng.choice(TIMES)
            block.words(f"{time_[0].upper()}{time_[1:]}, {subject} {rng.choice(VERBS_PAST)} ")
            self.noun_phrase(block)
            block.words(f", and {rng.choice(SUBJECTS)} {rng.choice(VERBS_PAST)} ")
            self.noun_phrase(block)
        elif pattern == 3:
            block.words(f"It was {rng.choice(ADJECTIVES)} to {rng.choice(VERBS_BASE)} ")
            self.noun_phrase(block)
            self.place_phrase(block)
        elif pattern == 4:
            block.words(f"{opening} {rng.choice(VERBS_PAST)} that {rng.choice(SUBJECTS)} "
                        f"{rng.choice(AUX)} {rng.choice(VERBS_BASE)} ")
            self.noun_phrase(block)
        elif pattern == 6:  # a spelling the editors regularised
            block.words(f"{opening} {rng.choice(AUX)} ")
            block.markup("<choice><orig>chuse</orig><reg>choose</reg></choice>", "choose")
            block.words(" ")
            self.noun_phrase(block)
        else:
            block.words(f"{opening} {rng.choice(VERBS_PAST)}, {rng.choice(ADVERBS)}, ")
            self.noun_phrase(block)
            self.place_phrase(block)
            block.words(f" {rng.choice(TIMES)}")
        block.words(". ")

    def paragraph(self, words: int) -> Block:
        block = Block("p")
        while len("".join(block.text).split()) < words:
            self.sentence(block)
        # the last part is a sentence's end: the paragraph ends there
        block.xml[-1] = block.text[-1] = block.runs[-1] = "."
        return block

    def _blocks(self) -> list[Block]:
        rng = self.rng
        dateline = Block("dateline")
        self.placename(dateline, self.place)
        dateline.words(", ")
        self.date(dateline, self.day)
        salute = Block("salute")
        form = rng.choice(SALUTES)
        if "{}" in form:
            head, _, tail = form.partition("{}")
            salute.words(head)
            self.person(salute, self.recipient)
            salute.words(tail + ",")
        else:
            polite = "Sir" if self.recipient.forms[1].startswith("Mr.") else "Madam"
            salute.words(form.replace("Sir", polite) + ",")
        total = max(150, min(1000, int(rng.gauss(500, 120))))
        count = rng.randint(3, 7)
        paragraphs = [self.paragraph(total // count) for _ in range(count)]
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            _add_note(rng, rng.choice(paragraphs))
        valediction = Block("salute")
        valediction.words(rng.choice(VALEDICTIONS))
        signed = Block("signed")
        self.person(signed, self.sender)
        return [dateline, salute, *paragraphs, valediction, signed]

    # -- output -------------------------------------------------------------------------

    def anchors(self) -> list[tuple[str, Block]]:
        """Each block with its xml:id (the paragraphs p1, p2, …, like the 1987 edition)."""
        names, paragraphs = [], 0
        for block in self.blocks:
            if block.tag == "p":
                paragraphs += 1
                names.append(f"p{paragraphs}")
            elif block.tag == "salute" and "salute" in names:
                names.append("valediction")
            else:
                names.append(block.tag)
        return list(zip(names, self.blocks, strict=True))

    def tei(self) -> str:
        iso, words = when(self.day)
        title = f"Letter from {self.sender.name} to {self.recipient.name}, {words}"
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<TEI xmlns="{TEI_NS}" xml:lang="en">',
            "  <teiHeader>", "    <fileDesc>",
            f"      <titleStmt><title>{esc(title)}</title></titleStmt>",
            "      <publicationStmt>",
            "        <publisher>The Scholion benchmark</publisher>",
            f'        <idno type="scholion">{self.id}</idno>',
            "        <availability><p>Synthetic, generated by bench/corpus.py: not a "
            "historical document.</p></availability>",
            "      </publicationStmt>",
            f"      <sourceDesc>{self._source()}</sourceDesc>",
            "    </fileDesc>", "    <profileDesc>", "      <correspDesc>",
            '        <correspAction type="sent">',
            f'          <persName ref="{self.reg.ref("listperson.xml", self.sender)}">'
            f"{esc(self.sender.name)}</persName>",
            f'          <placeName ref="{self.reg.ref("listplace.xml", self.place)}">'
            f"{esc(self.place.name)}</placeName>",
            f'          <date when="{iso}">{words}</date>',
            "        </correspAction>",
            '        <correspAction type="received">',
            f'          <persName ref="{self.reg.ref("listperson.xml", self.recipient)}">'
            f"{esc(self.recipient.name)}</persName>",
            "        </correspAction>", "      </correspDesc>", "    </profileDesc>",
            "  </teiHeader>", "  <text>", "    <body>", '      <div type="letter">',
        ]
        anchored = self.anchors()
        for n, (name, block) in enumerate(anchored, start=1):
            attributes = f' xml:id="{name}" n="{n}"' if self.ids else ""
            element = f"<{block.tag}{attributes}>{''.join(block.xml)}</{block.tag}>"
            if name == "dateline":
                lines.append("        <opener>")
            if name == "valediction":
                lines.append("        <closer>")
            indent = "          " if block.tag != "p" else "        "
            lines.append(indent + element)
            if name == "salute":
                lines.append("        </opener>")
        lines += ["        </closer>", "      </div>", "    </body>", "  </text>", "</TEI>", ""]
        return "\n".join(lines)

    def _source(self) -> str:
        rng = self.rng
        if rng.random() < 0.8:
            where = rng.choices(self.reg.places, cum_weights=self.reg.place_weights)[0].name
            return (f"<msDesc><msIdentifier><settlement>{esc(where)}</settlement>"
                    f"<repository>{esc(where)} {rng.choice(REPOSITORIES)}</repository>"
                    f"<idno>MS {rng.randint(1, 400)}/{self.number}</idno></msIdentifier>"
                    "</msDesc>")
        return (f"<bibl><title>The Collected Letters</title>, vol. {rng.randint(1, 12)}, "
                f"p. {rng.randint(1, 600)}.</bibl>")


def _add_note(rng: random.Random, block: Block) -> None:
    """A note of the source at a sentence's end: printed apart, so not part of the text
    the block reads (nor of its anchor's hash), and never inside a quote's run."""
    ends = [i for i, part in enumerate(block.xml) if part.endswith(". ")]
    if not ends:
        return
    at = rng.choice(ends)
    place = rng.choice(("foot", "margin", "foot"))
    note = f'<note place="{place}">{rng.choice(NOTE_TEXTS)}</note> '
    block.xml[at] = block.xml[at][:-1] + note  # a run ends here anyway: quotes never meet it


def annotation(rng: random.Random, slug: str, target: str, kind: str, body: str,
               quote: str | None) -> tuple[str, str]:
    """The file name and text of one note (CONTRIBUTING.md, "The file")."""
    editor = rng.choice(EDITORS)
    lines = ["---", f"target: {target}"]
    if quote is not None:
        lines.append(f'quote: "{quote}"')
    lines += [f"type: {kind}", "author:", f"  name: {editor}", "sources:",
              f'  - title: "Synthetic source {rng.randint(1, 999)}, generated by '
              'bench/corpus.py"']
    if rng.random() < 0.6:
        lines.append(f"    url: https://example.org/synthetic/sources/{slug}")
    lines += ["status: reviewed", "---", body, ""]
    return f"{slug}.md", "\n".join(lines)


def note_body(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(1, 3)):
        words.append(f"The {rng.choice(NOUNS)} {rng.choice(VERBS_PAST)} here is "
                     f"{rng.choice(ADJECTIVES)}, and {rng.choice(SUBJECTS)} "
                     f"{rng.choice(VERBS_PAST)} the {rng.choice(NOUNS)} "
                     f"{rng.choice(TIMES)}.")
    if rng.random() < 0.3:
        words.append(f"See *the {rng.choice(NOUNS)}* of {rng.randint(1850, 1890)}.")
    return " ".join(words)


def quote_in(rng: random.Random, block: Block) -> str | None:
    """Two to five words of one run, occurring once in the block's text (any case)."""
    text = block.reading().lower()
    runs = [r.split() for r in block.runs if len(r.split()) >= 4]
    for _ in range(8):
        if not runs:
            return None
        words = rng.choice(runs)
        length = rng.randint(2, min(5, len(words)))
        start = rng.randrange(len(words) - length + 1)
        quote = " ".join(words[start:start + length]).strip(",;.")
        if len(quote) > 6 and text.count(quote.lower()) == 1:
            return quote
    return None


def letter_notes(rng: random.Random, letter: Letter) -> list[tuple[str, str]]:
    notes = []
    if letter.number % HEADNOTE_EVERY == 1:
        notes.append(annotation(rng, f"{letter.id}-headnote", letter.id, "headnote",
                                note_body(rng), None))
    if not letter.ids:  # provisional anchors move with the text: nothing is noted on them
        return notes
    paragraphs = [(name, b) for name, b in letter.anchors() if b.tag == "p"]
    count = min(len(paragraphs), rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4)))
    for k, (name, block) in enumerate(rng.sample(paragraphs, count), start=1):
        if (quote := quote_in(rng, block)) is not None:
            notes.append(annotation(rng, f"{letter.id}-note-{k}", f"{letter.id}#{name}",
                                    rng.choice(NOTE_TYPES), note_body(rng), quote))
    return notes


def register_tei(title: str, body: list[str]) -> str:
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<TEI xmlns="{TEI_NS}" xml:lang="en">',
        "  <teiHeader>", "    <fileDesc>",
        f"      <titleStmt><title>{title}</title></titleStmt>",
        "      <publicationStmt><publisher>The Scholion benchmark</publisher></publicationStmt>",
        "      <sourceDesc><p>Synthetic, generated by bench/corpus.py: every entry is "
        "invented.</p></sourceDesc>",
        "    </fileDesc>", "  </teiHeader>", "  <text>", "    <body>", *body,
        "    </body>", "  </text>", "</TEI>", ""])


def registers_files(reg: Registers) -> dict[str, str]:
    uri = "https://example.org/synthetic"
    persons = ["      <listPerson>", "        <head>Persons</head>"]
    for p in reg.listed(reg.persons):
        born, died = reg.life[p.id]
        forename, surname = p.name.split(" ", 1)
        persons += [
            f'        <person xml:id="{p.id}">',
            f'          <persName type="reg"><forename>{forename}</forename> '
            f"<surname>{surname}</surname></persName>",
            f'          <birth><date when="{born}">{born}</date></birth>',
            f'          <death><date when="{died}">{died}</date></death>',
            f'          <idno type="URI">{uri}/person/{p.id}</idno>',
            "        </person>"]
    places = ["      <listPlace>", "        <head>Places</head>"]
    for p in reg.listed(reg.places):
        lat, lon = reg.geo[p.id]
        places += [
            f'        <place xml:id="{p.id}">',
            f"          <placeName>{esc(p.name)}</placeName>",
            f"          <location><geo>{lat} {lon}</geo></location>",
            f'          <idno type="URI">{uri}/place/{p.id}</idno>',
            "        </place>"]
    orgs = ["      <listOrg>", "        <head>Organizations</head>"]
    for o in reg.listed(reg.orgs):
        orgs += [f'        <org xml:id="{o.id}">',
                 f"          <orgName>{esc(o.name)}</orgName>",
                 f'          <idno type="URI">{uri}/org/{o.id}</idno>',
                 "        </org>"]
    return {
        "listperson.xml": register_tei("Persons", [*persons, "      </listPerson>"]),
        "listplace.xml": register_tei("Places", [*places, "      </listPlace>"]),
        "listorg.xml": register_tei("Organizations", [*orgs, "      </listOrg>"]),
    }


def register_notes(rng: random.Random, reg: Registers, letters: int) -> list[tuple[str, str]]:
    """Identification notes on the most mentioned entries (about one for every 70 letters)."""
    entries = [("listperson", e) for e in reg.listed(reg.persons)[:letters // 100 + 1]]
    entries += [("listplace", e) for e in reg.listed(reg.places)[:letters // 200 + 1]]
    return [annotation(rng, f"{ns}-{e.id}", f"{ns}.{e.id}", "identification",
                       note_body(rng), None) for ns, e in entries]


LOCK_HEADER = """\
# Scholion anchor registry: every anchor this edition has published.
# Readers cite these; they must never break. Lines: "DOCUMENT ID HASH" (the hash is of
# the block's text), "DOCUMENT OLD-ID -> NEW-ID  # why" (an alias for a renamed or split
# block, written by hand), "changed DATE DOCUMENT ID OLD-HASH NEW-HASH" (a log of text changes).
# Update with `scholion anchors accept` after reviewing `scholion check`.
"""


def lock_lines(letter: Letter) -> list[str]:
    """The letter's anchors as `scholion anchors accept` records them (common/anchors.py:
    the first 16 hex digits of the SHA-256 of the block's text, white space squashed)."""
    if not letter.ids:
        return []
    return [f"{letter.id} {name} "
            f"{hashlib.sha256(block.reading().encode()).hexdigest()[:16]}"
            for name, block in letter.anchors()]


def settings(letters: int, seed: int) -> str:
    return f"""\
# A synthetic correspondence edition for Scholion's scale benchmark (issue #17), written by
# `python bench/corpus.py {letters} --seed {seed}`. It is not a Python project.
[tool.scholion]
title = "A Synthetic Correspondence: {letters:,} Letters"
editors = "The Scholion benchmark"
base_url = "https://example.org/synthetic-letters/"
licence = "CC0 1.0"
licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
language = "en"
readings = "normalised"
"""


def prepare(out: Path) -> None:
    """An empty folder to write into; a previous run's folder (it has MARKER) is cleared,
    any other non-empty folder is refused."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            sys.exit(f"{out} is not empty and was not written by bench/corpus.py")
        shutil.rmtree(out)
    (out / "source").mkdir(parents=True)
    (out / "annotations").mkdir()


def generate(letters: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write the edition of `letters` letters into `out`; what was written, counted."""
    prepare(out)
    rng = random.Random(seed)
    reg = Registers(rng, letters)
    source, notes_dir = out / "source", out / "annotations"
    lock, notes = [LOCK_HEADER], 0
    for number in range(1, letters + 1):
        letter = Letter(rng, reg, number, letters)
        (source / f"{letter.id}.xml").write_text(letter.tei(), encoding="utf-8")
        lock += lock_lines(letter)
        for name, text in letter_notes(rng, letter):
            (notes_dir / name).write_text(text, encoding="utf-8")
            notes += 1
    for name, text in register_notes(rng, reg, letters):
        (notes_dir / name).write_text(text, encoding="utf-8")
        notes += 1
    for name, text in registers_files(reg).items():
        (source / name).write_text(text, encoding="utf-8")
    (source / "anchors.lock").write_text("\n".join(lock) + "\n", encoding="utf-8")
    (out / "pyproject.toml").write_text(settings(letters, seed), encoding="utf-8")
    (out / MARKER).write_text(
        f"Written by `python bench/corpus.py {letters} --seed {seed}`: a synthetic edition "
        "for Scholion's scale benchmark. Every letter, person, place and note is invented.\n",
        encoding="utf-8")
    return {"letters": letters, "persons": len(reg.listed(reg.persons)),
            "places": len(reg.listed(reg.places)), "orgs": len(reg.listed(reg.orgs)),
            "annotations": notes,
            "provisional_letters": letters // PROVISIONAL_EVERY}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("letters", type=int, help="how many letters (N)")
    parser.add_argument("--out", type=Path, help="the edition's folder (default: "
                        "./synthetic-letters-N); a previous run's folder is replaced")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.letters < 1:
        parser.error("N must be at least 1")
    out = args.out or Path(f"synthetic-letters-{args.letters}")
    start = time.perf_counter()
    counts = generate(args.letters, out, args.seed)
    print(f"{out}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items())
          + f" in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
