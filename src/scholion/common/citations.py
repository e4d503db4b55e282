"""Citations of the edition, of a document and of a paragraph: Chicago (17th ed., notes
and bibliography), MLA (9th ed.) and APA (7th ed.), and BibTeX, CSL-JSON and RIS.

Each style's rules are written out here, one function per style, after the style guide's
own examples (`tests/test_citations.py` gives each expected string with the rule it
follows). A general CSL processor cannot say what a reader of a documentary edition used:
this edition (in its version), of a translation published elsewhere (by whom, under which
number), of an original held in an archive (where, under which shelfmark). Written out,
each part goes where the style puts such a part, and nothing is left to a processor's
guess (citeproc-py, used before, title-cased titles, capitalized "Version" in MLA and put
the archive's shelfmark where the item read was located).

What a citation says comes from the header fields present, never from one document:

- **Who.** The document's authors (titleStmt). A document whose title is the title of the
  published record it was transcribed from (`sourceDesc/bibl` with a publisher), where
  that record names no author, is cited under that title alone, as the record's own
  citation does: such a catalogue title names its issuer itself ("Soviet Consulate in
  Japan, Information on …"), and an author put before it would make it name itself twice.
- **The edition read**, in its version: `[tool.scholion] version` (a human version the
  editors raise; never a commit id) and the date of the text built (the commit's date,
  or SOURCE_DATE_EPOCH). Without a version the date alone dates it ("last modified").
- **The translation** (a translator in titleStmt): by whom, for whom ("translation for
  CWIHP"), and, when the text was transcribed from a published record, who published it
  under which number.
- **The original**: its language (when translated), its repository and shelfmark, said
  as the original's, not as the place of what the reader used.

A citation is a list of strings, roman and italic by turns (`Form`): `render` makes HTML
of it (the edition's title in `<i>`, everything escaped), the Cite dialog builds the same
nodes, and the plain text (`plain`) is what a reader copies. A paragraph's citation is a
template with ANCHOR and NUMBER where its anchor and ¶ number go (`fill`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Config, Metadata

LABELS = {"chicago": "Chicago", "mla": "MLA", "apa": "APA", "bibtex": "BibTeX"}
ANCHOR = "scholion-anchor-placeholder"  # replaced by a block's id
NUMBER = "987654321"  # replaced by a block's ¶ number

Form = list[str]  # roman, italic, roman, …: even places roman, odd places italic
DateStyle = Callable[[str, int, int], str]  # (year, month or 0, day or 0) → words

MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.",
              "Oct.", "Nov.", "Dec.")  # MLA 9, appendix 1: months of more than four letters
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Edition:
    """What a citation needs to know about the edition as built."""

    config: Config
    version: str  # the editors' version ([tool.scholion] version), "" if they set none
    date: str  # ISO date of the text built


class Italic(str):
    """A piece of a citation set in italics (the title of the edition)."""


# --- the items: what is cited, as plain data (cache key, CSL-JSON, BibTeX, RIS) ---------

def edition_part(edition: Edition) -> dict[str, Any]:
    config = edition.config
    return {"title": config.title, "editors": list(config.editors),
            "collective": config.editors_collective, "version": edition.version,
            "date": edition.date, "url": config.base_url}


def edition_item(edition: Edition) -> dict[str, Any]:
    """The edition as a whole."""
    return {"id": "edition", "url": edition.config.base_url, "edition": edition_part(edition)}


def document_item(edition: Edition, meta: Metadata, url: str, item_id: str) -> dict[str, Any]:
    """A document of the edition, with what its header says of its translation and of
    its original (see the module's docstring for the rules)."""
    translated = bool(meta.translator)
    return {
        "id": item_id, "url": url, "title": meta.title,
        "short": meta.short_title or short_title(meta.title),
        "authors": [] if cited_by_title(meta) else list(meta.authors),
        "date": meta.date if meta.date_exact else "",
        "date_text": "" if meta.date_exact else meta.date_text,
        "translator": meta.translator, "translated_for": meta.translated_for,
        "language": meta.original_language if translated else "",
        "published_by": meta.source_publisher.rstrip(" ,;:"),  # "T. Fisher Unwin,"
        "published_number": meta.source_number if meta.source_publisher else "",
        "published_url": meta.source_url if meta.source_publisher else "",
        "repository": meta.repository, "archival_id": meta.archival_id,
        "edition": edition_part(edition),
    }


def cited_by_title(meta: Metadata) -> bool:
    """Whether the document's title is the published record's own title (a catalogue
    title, naming its issuer) and that record names no author."""
    return bool(meta.source_publisher and meta.source_title == meta.title
                and not meta.source_authors)


# Words a short title does not end on (nor, the articles, begin with).
_MINOR = frozenset({"a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at",
                    "for", "from", "by", "with", "about", "between", "into", "upon"})


def short_title(title: str) -> str:
    """CMOS 17 14.33 (and MLA's and APA's shortened titles): the main title without its
    subtitle, cut at its first comma, without an initial article, at most four words and
    not ending on a minor word. A header that wants another gives `<title type="short">`."""
    main = re.split(r"[:;,.?!]\s", title + " ", maxsplit=1)[0].strip()
    words = main.split()
    if len(words) > 1 and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
        words[0] = words[0][:1].upper() + words[0][1:]
    words = words[:4]
    while len(words) > 1 and words[-1].lower() in _MINOR:
        words.pop()
    return " ".join(words) or title


# --- forms ------------------------------------------------------------------------------

def templates(item: dict[str, Any]) -> dict[str, Any]:
    """Every citation of the item: {"whole": styles} for the edition; for a document also
    {"passage": styles}, a paragraph's, with ANCHOR and NUMBER in it. Each style maps its
    forms ("citation": the note or in-text citation, "short": Chicago's short note,
    "reference": the bibliography, works-cited or reference-list entry) to a `Form`."""
    if "title" not in item:
        return {"whole": _styles(item, _EDITION)}
    return {"whole": _styles(item, _DOCUMENT, passage=False),
            "passage": _styles(item, _DOCUMENT, passage=True)}


def _styles(item: dict[str, Any], rules: dict, **how: bool) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, label in LABELS.items():
        forms = rules[key](item, **how)
        out[key] = {"label": label, **{name: _form(*pieces) for name, pieces in forms.items()}}
    return out


def _form(*pieces: str) -> Form:
    """Pieces joined into roman and italic runs (an `Italic` piece starts or continues an
    italic run)."""
    out = [""]
    for piece in pieces:
        if not piece:
            continue
        if isinstance(piece, Italic) == (len(out) % 2 == 0):
            out[-1] += str(piece)
        else:
            out.append(str(piece))
    return out


def plain(form: Form) -> str:
    return "".join(form)


def fill(form: Form, anchor: str, number: str) -> Form:
    return [part.replace(ANCHOR, anchor).replace(NUMBER, number) for part in form]


# --- shared pieces ----------------------------------------------------------------------

def _quoted(title: str, after: str = "") -> str:
    """A title in quotation marks, American style: a comma or period goes inside, and is
    left out after a title's own question or exclamation mark (CMOS 17 6.9)."""
    if after and (title[-1:] in "?!" or (after == "." and title.endswith("."))):
        return f"“{title}”"
    return f"“{title}{after}”"


def _stop(text: str) -> str:
    """The period that ends an element, unless the element ends in one of its own."""
    return "" if text[-1:] in ".?!" else "."


def _split(name: str) -> tuple[str, str]:
    """(given names, family name) of a personal name written "Given Family"."""
    given, _, family = name.rpartition(" ")
    return given, family


def _inverted(name: str) -> str:
    given, family = _split(name)
    return f"{family}, {given}" if given else family


def _family(name: str) -> str:
    return _split(name)[1]


def _initials(given: str) -> str:
    """APA's initials: "Daniel" → "D.", "Ana María" → "A. M.", "Jean-Paul" → "J.-P."."""
    return " ".join("-".join(part[:1] + "." for part in word.split("-") if part)
                    for word in given.split())


def _apa_name(name: str, inverted: bool) -> str:
    given, family = _split(name)
    if not given:
        return family
    return f"{family}, {_initials(given)}" if inverted else f"{_initials(given)} {family}"


def _and(names: list[str], conjunction: str = "and") -> str:
    """"A", "A and B", "A, B, and C" (the serial comma of CMOS 6.19, MLA and APA)."""
    if len(names) < 3:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]


def _chicago_style(year: str, month: int, day: int) -> str:
    """Chicago's dates: "April 1, 1987", "April 1987", "1987"."""
    return " ".join(p for p in (MONTHS[month - 1] if month else "", f"{day}," if day else "",
                                year) if p)


def _mla_style(year: str, month: int, day: int) -> str:
    """MLA 9: "1 Apr. 1987", "Apr. 1987", "1987"."""
    return " ".join(p for p in (str(day) if day else "", MLA_MONTHS[month - 1] if month
                                else "", year) if p)


def _written_date(item: dict[str, Any], style: DateStyle) -> str:
    """The document's date in the style's form; a date the header gives only as a range
    or a bound is given as the header writes it."""
    return item["date_text"] or _date_parts(item["date"], style)


def _date_parts(value: str, style: DateStyle) -> str:
    """An ISO date ("1987-04-01", "1987-04", "-0044") in a style's form."""
    if not value:
        return ""
    negative = value.startswith("-")
    parts = value.lstrip("-").split("T")[0].split("-")
    year = f"{int(parts[0])} BCE" if negative else parts[0]
    month = int(parts[1]) if len(parts) > 1 else 0
    day = int(parts[2]) if len(parts) > 2 else 0
    return style(year, month, day)


def _year(value: str) -> str:
    return _date_parts(value, lambda year, month, day: year)


def _original(item: dict[str, Any]) -> str:
    """Where the original is: "Russian original in Latvian State Archives, fonds …"."""
    place = ", ".join(p for p in (item["repository"], item["archival_id"]) if p)
    if not place:
        return ""
    word = f"{item['language']} original" if item["language"] else "original"
    return f"{word} in {place}" if item["repository"] else f"{word}: {place}"


def _published(item: dict[str, Any], number: str) -> str:
    """Where the text read was published before: "translation published by Wilson Center
    Digital Archive, doc. 118471" (`number` is the style's word for the record's number)."""
    if not item["published_by"]:
        return ""
    what = "translation published by" if item["translator"] else "previously published by"
    where = (f"{number} {item['published_number']}" if item["published_number"]
             else item["published_url"])
    return ", ".join(p for p in (f"{what} {item['published_by']}", where) if p)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + _stop(text) if text else ""


def _version(edition: dict[str, Any], date: str, capital: bool, modified: str = "") -> str:
    """"version 0.1, DATE", the date in the style's form; without a version the date
    alone, after `modified` ("last modified", CMOS 17 14.13) if the style wants words."""
    if not edition["version"]:
        words = (modified[:1].upper() + modified[1:] if capital else modified) if date else ""
        return f"{words} {date}".strip()
    word = "Version" if capital else "version"
    return f"{word} {edition['version']}" + (f", {date}" if date else "")


# --- Chicago, notes and bibliography (CMOS 17, chapter 14) ------------------------------

def _chicago_editors(edition: dict[str, Any], form: str) -> str:
    """CMOS 14.103 (editor in place of author), 14.76 (more than three names in a note:
    the first, et al.), 14.32 (surnames in a short note); a collective name as written."""
    names = edition["editors"]
    if edition["collective"]:
        return _and(names)
    if form == "short":
        return f"{_family(names[0])} et al." if len(names) > 3 else _and(
            [_family(n) for n in names])
    if form == "note":
        shown = f"{names[0]} et al." if len(names) > 3 else _and(names)
    else:
        shown = _and([_inverted(names[0]), *names[1:]])
    return f"{shown}, {'eds.' if len(names) > 1 else 'ed.'}"


def _chicago_version(edition: dict[str, Any], note: bool) -> str:
    """In a note the date of the version goes in parentheses, as a book's facts of
    publication do (CMOS 14.20): "version 0.1 (November 28, 2026)"."""
    date = _date_parts(edition["date"], _chicago_style)
    if not note or not edition["version"]:
        return _version(edition, date, capital=not note, modified="last modified")
    return f"version {edition['version']}" + (f" ({date})" if date else "")


def _chicago_edition(item: dict[str, Any], passage: bool = False) -> dict[str, tuple]:
    edition = item["edition"]
    title = Italic(edition["title"])
    note_version = _chicago_version(edition, note=True)
    bib_version = _chicago_version(edition, note=False)
    short = Italic(re.split(r":\s", edition["title"], maxsplit=1)[0])
    editors = _chicago_editors(edition, "bibliography")
    return {
        # CMOS 14.103 (editors), 14.161 (a book consulted online: its URL last)
        "citation": (_chicago_editors(edition, "note"), ", ", title,
                     f", {note_version}" if note_version else "", f", {edition['url']}."),
        # CMOS 14.30, 14.33: author and short title (the title without its subtitle)
        "short": (_chicago_editors(edition, "short"), ", ", short, "."),
        "reference": (editors, _stop(editors), " ", title, _stop(title),
                      f" {bib_version}." if bib_version else "", f" {edition['url']}."),
    }


def _chicago_document(item: dict[str, Any], passage: bool) -> dict[str, tuple]:
    """CMOS 14.111 (a letter in a published collection: the item, its date, "in" the
    collection "ed." by its editors), 14.104 (trans.), 14.229 (an archival original: its
    repository and shelfmark), 14.114 (a work published before, said in the note's last
    part and after the bibliography entry), 14.13 (the version's date)."""
    edition = item["edition"]
    url = item["url"] + (f"#{ANCHOR}" if passage else "")
    title, short, date = item["title"], item["short"], _written_date(item, _chicago_style)
    authors = _and(item["authors"])
    translated = ("trans. " + item["translator"]
                  + (f" for {item['translated_for']}" if item["translated_for"] else "")
                  ) if item["translator"] else ""
    container = Italic(edition["title"])
    editors = _and(edition["editors"]) if edition["editors"] else ""
    version = _chicago_version(edition, note=True)
    later = [p for p in (_published(item, "doc."), _original(item)) if p]
    locator = f", para. {NUMBER}" if passage else ""
    note = (f"{authors}, " if authors else "", _quoted(title, ","),
            f" {date}," if date else "", f" {translated}," if translated else "",
            " in ", container, f", ed. {editors}" if editors else "",
            f", {version}" if version else "", locator, f", {url}",
            "".join(f"; {p}" for p in later), ".")
    short_note = (f"{authors}, " if authors else "",
                  _quoted(short, "," if passage else "."), locator[1:] + "." if passage else "")
    bib_version = _chicago_version(edition, note=False)
    translated_by = translated.replace("trans. ", "Translated by ", 1)
    reference = (f"{authors}. " if authors else "", _quoted(title, "."),
                 f" {_sentence(date)}" if date else "", f" {translated_by}." if translated else "",
                 " In ", container, f", edited by {editors}" if editors else "", ".",
                 f" {bib_version}." if bib_version else "", f" {item['url']}.",
                 "".join(f" {_sentence(p)}" for p in later))
    return {"citation": note, "short": short_note, "reference": reference}


# --- MLA (MLA Handbook, 9th ed.) --------------------------------------------------------

def _mla_url(url: str) -> str:
    """MLA 9: a URL without its http:// or https://."""
    return re.sub(r"^https?://", "", url)


def _mla_editors(edition: dict[str, Any], form: str) -> str:
    """MLA 9: one or two names in full (the first inverted as the entry's author), three
    or more as the first and "et al."; "editor(s)" after them as an author, "edited by"
    before them as other contributors; surnames in an in-text citation."""
    names = edition["editors"]
    if edition["collective"]:
        return _and(names)
    if form == "in-text":
        return f"{_family(names[0])} et al." if len(names) > 2 else _and(
            [_family(n) for n in names])
    if form == "contributors":
        return f"{names[0]} et al." if len(names) > 2 else _and(names)
    first = _inverted(names[0])
    shown = (f"{first}, et al." if len(names) > 2 else
             f"{first}, and {names[1]}" if len(names) == 2 else first)
    return f"{shown}, {'editors' if len(names) > 1 else 'editor'}"


def _mla_edition(item: dict[str, Any], passage: bool = False) -> dict[str, tuple]:
    """MLA 9: Author. *Title*. Version, Publication date, Location. (A work published
    by its own editors names no publisher.) "Version" is capitalized after a period."""
    edition = item["edition"]
    facts = ", ".join(p for p in (_version(edition, _date_parts(edition["date"], _mla_style),
                                           True),
                                  _mla_url(edition["url"])) if p)
    title = Italic(edition["title"])
    return {"citation": ("(", _mla_editors(edition, "in-text"), ")"),
            "reference": (_mla_editors(edition, "author"), ". ", title, _stop(title),
                          f" {facts}.")}


def _mla_document(item: dict[str, Any], passage: bool) -> dict[str, tuple]:
    """MLA 9: Author. "Title." Date of the original (an optional element, right after
    the title). Translated by … (a contributor to the source, after its title). *Title
    of container*, edited by …, version … (lowercase after a comma, 5.50), Publication
    date, Location. Facts of earlier publication and of the original follow, as optional
    elements. In-text: the author, else the short title, and "par."."""
    edition = item["edition"]
    authors = _and(item["authors"])
    date = _written_date(item, _mla_style)
    translated = ("Translated by " + item["translator"]
                  + (f" for {item['translated_for']}" if item["translated_for"] else "")
                  ) if item["translator"] else ""
    editors = _mla_editors(edition, "contributors") if edition["editors"] else ""
    facts = ", ".join(p for p in (f"edited by {editors}" if editors else "",
                                  _version(edition, _date_parts(edition["date"],
                                                                _mla_style), False),
                                  _mla_url(item["url"])) if p)
    later = [p for p in (_published(item, "doc."), _original(item)) if p]
    who = authors or _quoted(item["short"], "," if passage else "")
    locator = f"{',' if authors else ''} par. {NUMBER}" if passage else ""
    return {
        "citation": ("(", who, locator, ")"),
        "reference": (f"{authors}. " if authors else "", _quoted(item["title"], "."),
                      f" {_sentence(date)}" if date else "",
                      f" {translated}." if translated else "",
                      " ", Italic(edition["title"]), f", {facts}.",
                      "".join(f" {_sentence(p)}" for p in later)),
    }


# --- APA (Publication Manual, 7th ed.) --------------------------------------------------

def _apa_editors(edition: dict[str, Any], form: str) -> str:
    """APA 7 9.8 and 10.3: as authors, "Ruiz, A., Okafor, B., & Wei, C. (Eds.)"; after
    "In", "A. Ruiz, B. Okafor, & C. Wei (Eds.)"; in text, "Ruiz et al." (8.17). A
    collective name is a group name (9.11), as written."""
    names = edition["editors"]
    plural = "(Eds.)" if len(names) > 1 or edition["collective"] else "(Ed.)"
    if form == "in-text":
        if edition["collective"]:
            return _and(names, "&")
        return f"{_family(names[0])} et al." if len(names) > 2 else " & ".join(
            _family(n) for n in names)
    if edition["collective"]:
        return f"{_and(names, '&')} {plural}"
    if form == "author":
        shown = [_apa_name(n, inverted=True) for n in names]
        joined = ", ".join(shown[:-1]) + ", & " + shown[-1] if len(shown) > 1 else shown[0]
        return f"{joined} {plural}"
    return f"{_and([_apa_name(n, inverted=False) for n in names], '&')} {plural}"


def _apa_year(edition: dict[str, Any]) -> str:
    return _year(edition["date"]) or "n.d."  # APA 7 9.17: no date


def _apa_edition(item: dict[str, Any], passage: bool = False) -> dict[str, tuple]:
    """APA 7 10.2 (an edited book) and 10.10 ("(Version 0.1)" after the title); a
    group as author when the editors are one body (9.11); the URL ends the entry, with
    no period (9.35)."""
    edition = item["edition"]
    authors = (_and(edition["editors"], "&") if edition["collective"]
               else _apa_editors(edition, "author"))
    version = f" (Version {edition['version']})" if edition["version"] else ""
    return {"citation": ("(", _apa_editors(edition, "in-text"), f", {_apa_year(edition)})"),
            "reference": (authors, _stop(authors), f" ({_apa_year(edition)}). ",
                          Italic(edition["title"]), version, ". ", edition["url"])}


def _apa_document(item: dict[str, Any], passage: bool) -> dict[str, tuple]:
    """APA 7 10.3, "chapter in an edited book, republished in translation" (Heidegger's
    example): Author. (year of this edition). Title (T. Translator, Trans.). In E.
    Editor (Eds.), *Book* (Version). URL (Original work published 1987). A work without
    an author moves its title to the author's place (9.12, the translated religious
    works of 10.2). Facts of the translation's publication and the original's archive
    (its call numbers, as APA's archival references give them) follow in the closing
    parentheses, brackets for parentheses within them (6.10). In text, both years
    (8.15), the title in quotation marks when there is no author (8.14), "para." (8.28)."""
    edition = item["edition"]
    authors = _and(item["authors"], "&")
    year = _apa_year(edition)
    original = item["date_text"] or _year(item["date"])
    title = item["title"]
    translated = f" ({_apa_name(item['translator'], inverted=False)}, Trans.)" \
        if item["translator"] else ""
    titled = title + translated + ("" if translated else _stop(title).strip())
    translation = _published(item, "Document")
    if translation and item["translated_for"]:
        translation = translation.replace("translation ",
                                          f"translation for {item['translated_for']} ", 1)
    closing = [p for p in (f"Original work published {original}" if original else "",
                           translation, _brackets(_original(item))) if p]
    version = f" (Version {edition['version']})" if edition["version"] else ""
    editors = _apa_editors(edition, "in") if edition["editors"] else ""
    lead = ((authors, _stop(authors), f" ({year}). ", titled, ". " if translated else " ")
            if authors else (titled, ". " if translated else " ", f"({year}). "))
    who = authors or _quoted(item["short"], ",")
    years = f"{original}/{year}" if original and year != "n.d." else year
    return {
        "citation": ("(", who, f" {years}" if not authors else f", {years}",
                     f", para. {NUMBER}" if passage else "", ")"),
        "reference": (*lead, "In ", f"{editors}, " if editors else "",
                      Italic(edition["title"]), version, ". ", item["url"],
                      f" ({'; '.join(closing)})" if closing else ""),
    }


def _brackets(text: str) -> str:
    return text.replace("(", "[").replace(")", "]")


# --- BibTeX ----------------------------------------------------------------------------

def _bibtex_edition(item: dict[str, Any], passage: bool = False) -> dict[str, tuple]:
    return {"reference": (bibtex(item),)}


def _bibtex_document(item: dict[str, Any], passage: bool) -> dict[str, tuple]:
    url = item["url"] + (f"#{ANCHOR}" if passage else "")
    return {"reference": (bibtex({**item, "url": url}, note=f"¶ {NUMBER}" if passage else ""),)}


def _bibtex_names(edition: dict[str, Any]) -> str:
    """The editors as BibTeX reads names: a collective name in braces (one name, not
    split), persons as "Family, Given"."""
    if edition["collective"]:
        return " and ".join("{" + n + "}" for n in edition["editors"])
    return " and ".join(_inverted(n) for n in edition["editors"])


def bibtex(item: dict[str, Any], note: str = "") -> str:
    """A BibTeX entry: a document is an @incollection, a part of the edition (whose title
    is its `booktitle`, whose editors its `editor`: fields every style reads, where @misc
    would have them ignored); the edition as a whole is a @misc. With
    biblatex's fields for what classic BibTeX lacks (translator, origdate, version,
    addendum): `date` is the edition's, `origdate` the document's. The edition as a
    whole has its editors as author when they are one body, as editor when persons."""
    edition = item["edition"]
    whole = "title" not in item
    editors = _bibtex_names(edition)
    later = [] if whole else [p for p in (_published(item, "doc."), _original(item)) if p]
    authors = " and ".join("{" + a + "}" for a in item.get("authors", []))
    fields = {
        "author": editors if whole and edition["collective"] else authors,
        "title": "{" + (edition["title"] if whole else item["title"]) + "}",
        "booktitle": "" if whole else edition["title"],
        "editor": "" if whole and edition["collective"] else editors,
        "translator": "" if whole else _inverted(item["translator"]),
        "year": _year(edition["date"]),
        "date": edition["date"],
        "origdate": "" if whole else item["date"],
        "howpublished": "Digital edition",
        "version": edition["version"],
        "url": item["url"],
        "addendum": ". ".join(_sentence(p).rstrip(".") for p in later),
        "note": note,
    }
    key = re.sub(r"[^A-Za-z0-9]+", "", item["id"]) or "scholion"
    body = ",\n".join(f"  {k} = {{{v if k == 'url' else _bibtex_escape(v)}}}"
                       for k, v in fields.items() if v)
    kind = "misc" if whole else "incollection"
    return f"@{kind}{{{key},\n{body}\n}}"


def _bibtex_escape(value: str) -> str:
    return value.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")


_EDITION = {"chicago": _chicago_edition, "mla": _mla_edition, "apa": _apa_edition,
            "bibtex": _bibtex_edition}
_DOCUMENT = {"chicago": _chicago_document, "mla": _mla_document, "apa": _apa_document,
             "bibtex": _bibtex_document}


# --- CSL-JSON and RIS (downloads for reference managers) -------------------------------

def csl(item: dict[str, Any]) -> dict[str, Any]:
    """The document as CSL-JSON: a chapter of the edition (a reference manager then cites
    it "in" the edition), issued when the edition's version was, its own date as the
    original's; what CSL has no variable for (the translation's publication, the
    original's archive) in `note`, so that no archive is given as the edition's."""
    edition = item["edition"]
    out: dict[str, Any] = {"id": item["id"], "type": "chapter", "title": item["title"],
                           "container-title": edition["title"], "URL": item["url"]}
    if item["authors"]:
        out["author"] = [{"literal": a} for a in item["authors"]]
    if edition["editors"]:
        out["editor"] = [{"literal": n} if edition["collective"] else _csl_name(n)
                         for n in edition["editors"]]
    if item["translator"]:
        out["translator"] = [_csl_name(item["translator"])]
    if edition["version"]:
        out["version"] = edition["version"]
    if edition["date"]:
        out["issued"] = {"date-parts": [_csl_date(edition["date"])]}
    if item["date"]:
        out["original-date"] = {"date-parts": [_csl_date(item["date"])]}
    notes = [_sentence(p) for p in (_published(item, "doc."), _original(item)) if p]
    if notes:
        out["note"] = " ".join(notes)
    return out


def _csl_name(name: str) -> dict[str, str]:
    given, family = _split(name)
    return {"given": given, "family": family} if given else {"literal": name}


def _csl_date(value: str) -> list[int]:
    negative = value.startswith("-")
    parts = [int(p) for p in value.lstrip("-").split("T")[0].split("-")]
    return [-parts[0], *parts[1:]] if negative else parts


def ris(item: dict[str, Any]) -> str:
    """An RIS record, for reference managers that read neither CSL-JSON nor BibTeX: a
    book section (CHAP) of the edition, dated as the edition's version."""
    edition = item["edition"]
    lines = ["TY  - CHAP", f"TI  - {item['title']}"]
    lines += [f"AU  - {a}" for a in item["authors"]]
    if item["translator"]:
        lines.append(f"A4  - {_inverted(item['translator'])}")
    lines += [f"ED  - {n if edition['collective'] else _inverted(n)}"
              for n in edition["editors"]]
    if edition["date"]:
        lines.append(f"PY  - {_year(edition['date'])}")
        lines.append("DA  - " + edition["date"].replace("-", "/"))
    lines.append(f"T2  - {edition['title']}")
    if edition["version"]:
        lines.append(f"ET  - {edition['version']}")
    lines.append(f"UR  - {item['url']}")
    if item["date"] or item["date_text"]:
        lines.append(f"N1  - Original dated {_written_date(item, _chicago_style)}")
    lines += [f"N1  - {_sentence(p)}" for p in (_published(item, "doc."), _original(item)) if p]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"
