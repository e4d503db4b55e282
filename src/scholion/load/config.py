"""Read the edition's settings from `[tool.scholion]` in pyproject.toml.

Settings live in pyproject.toml so the repository's top level stays as the design card
lists it. Every problem is collected before giving up, so one run shows them all.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, did_you_mean, error, warning
from ..model import DTS_DOCUMENTS, DTS_NONE, DTS_UNITS, VIEWS, Config
from .files import control_character_in_value

CONFIG_FILE = "pyproject.toml"
BASE_URL_VARIABLE = "SCHOLION_BASE_URL"

# key -> (required, description used in messages)
_KEYS: dict[str, tuple[bool, str]] = {
    "title": (True, "the edition's title"),
    "editors": (True, "who edits the edition: a collective name, or a list of names"),
    "base_url": (True, "the absolute URL the site is published at, ending in '/'"),
    "licence": (True, "the licence of the edition's own text, e.g. 'CC BY 4.0'"),
    "licence_url": (True, "the licence's URL"),
    "language": (False, "the site's language as a BCP 47 tag"),
    "description": (False, "one sentence about the edition"),
    "version": (False, "the edition's version as citations name it, e.g. '1.0' (raise it "
                       "when you publish a new version)"),
    "source_dir": (False, "folder of TEI documents, relative to the root"),
    "annotations_dir": (False, "folder of annotation files, relative to the root"),
    "behaviours": (False, "a table [tool.scholion.behaviours] of TEI selector = HTML element "
                          "(or = { html = ..., handler = ... })"),
    "citable": (False, "the TEI elements that are citable blocks: a list of element names"),
    "readings": (False, "which reading of a <choice> the text follows and the page shows "
                        "first: 'normalised' (corr, reg, expan) or 'diplomatic' (sic, orig, "
                        "abbr)"),
    "principles": (False, "a Markdown file of the edition's editorial principles, written for "
                          "readers, shown on the About page (e.g. 'principles.md')"),
    "releases": (False, "the git tags that mark the edition's releases, each published at "
                        "v/VERSION/: a pattern such as 'v[0-9]*' (the default; 'v1.0' is "
                        "release 1.0), or false for none"),
    "pages": (False, "a table [tool.scholion.pages] of page = { template = ..., title = ..., "
                     "nav = ... }"),
    "pdf": (False, "whether each document is also drawn as a PDF: true or false; when it "
                   "is not set, an edition of up to 100 documents has them and a larger "
                   "collection does not (WeasyPrint takes about half a second a document)"),
    "dts": (False, "what the static DTS API publishes: 'units' (every document and each of "
                   "its citable units), 'documents' (each document whole, no units: a few "
                   "files a document rather than several a paragraph) or false (no API); "
                   "without it, 'units' for up to 100 documents, else 'documents'"),
}
_PAGE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\.html$")
_URL = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
_SAFE_DIR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


def load_config(root: Path) -> tuple[Config | None, list[Diagnostic]]:
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(raw)
    except FileNotFoundError:
        return None, [
            error(
                CONFIG_FILE,
                1,
                "E001",
                f"no {CONFIG_FILE} in {root}",
                hint="run scholion in the edition's root, or pass --root DIR",
            )
        ]
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        line, col = _toml_position(str(exc))
        return None, [
            error(CONFIG_FILE, line, "E001", f"cannot read {CONFIG_FILE}: {exc}", column=col)
        ]
    tool = data.get("tool")
    table = tool.get("scholion") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return None, [
            error(
                CONFIG_FILE,
                1,
                "E001",
                "no [tool.scholion] table",
                hint="add a [tool.scholion] table with title, editors, base_url, "
                "licence and licence_url",
            )
        ]
    line_of = _line_finder(raw)
    controls = _control_characters(table, raw, line_of)
    override = os.environ.get(BASE_URL_VARIABLE, "").strip()
    if override:  # where CI publishes (e.g. GitHub Pages) may differ from the default
        table = {**table, "base_url": override if override.endswith("/") else override + "/"}
    tables = {key: _line_finder(raw, f"[tool.scholion.{key}]") for key in _TABLES}
    config, problems = _validate(table, line_of, tables)
    return (None if controls else config), controls + problems


def _control_characters(table: dict[str, Any], raw: str, line_of) -> list[Diagnostic]:
    """E007 for the first control character in a key or value of the table. TOML refuses
    most raw, but its escapes ("\\u001b") and raw C1 characters get through."""
    found = []
    for key, value in table.items():
        for text in (key, *_strings(value)):
            if problem := control_character_in_value(text, CONFIG_FILE, raw, (line_of(key), 1)):
                found.append(problem)
                break
    return sorted(found)[:1]


def _strings(value: Any) -> list[str]:
    """Every string in a TOML value (arrays and tables are walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    return []


def _validate(table: dict[str, Any], line_of, tables: dict[str, Any]
              ) -> tuple[Config | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    values: dict[str, Any] = {}
    unknown = [_unknown(key, line_of(key)) for key in sorted(set(table) - set(_KEYS))]
    problems += [d for d in unknown if d.is_error]
    unknown = [d for d in unknown if not d.is_error]
    for key, (required, what) in _KEYS.items():
        if key not in table:
            if required:
                problems.append(
                    error(
                        CONFIG_FILE,
                        line_of("[tool.scholion]"),
                        "E002",
                        f"missing key '{key}' ({what})",
                    )
                )
            continue
        if key in _TABLES:
            values[key], found = _TABLES[key](table[key], tables[key], line_of(key))
            problems += found
            continue
        value, message = _value(key, table[key], what)
        if message:
            problems.append(error(CONFIG_FILE, line_of(key), "E002", message))
        values[key] = value
    if problems:
        return None, unknown + problems
    # one name is an editorial body ("The Scholion editors"), cited as written; a list
    # names persons, whose names citations invert or shorten as each style wants
    values["editors_collective"] = isinstance(table["editors"], str)
    return Config(**values), unknown


def _value(key: str, value: Any, what: str) -> tuple[Any, str]:
    """The setting as Config holds it, or why it cannot be used."""
    if key == "editors":
        return _names(value, what)
    if key == "citable":
        return _element_names(value, what)
    if key == "releases" and value is False:
        return "", ""
    if key == "pdf":
        return (value, "") if isinstance(value, bool) else \
            (None, f"'pdf' must be true or false ({what})")
    if key == "dts":
        return _dts(value, what)
    if not isinstance(value, str) or not value.strip():
        return None, f"'{key}' must be a non-empty string ({what})"
    return value.strip(), _check_value(key, value)


def _dts(value: Any, what: str) -> tuple[str, str]:
    """`dts = false` is no API; `true` is refused rather than guessed at, since either
    string could be what it means."""
    if value is False:
        return DTS_NONE, ""
    if value in (DTS_UNITS, DTS_DOCUMENTS):
        return value, ""
    return "", f"'dts' must be \"{DTS_UNITS}\", \"{DTS_DOCUMENTS}\" or false, not " \
               f"{_toml(value)} ({what})"


def _toml(value: Any) -> str:
    """A value as the TOML file writes it, for a message."""
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _behaviours(value: Any, line_of, table_line: int
                ) -> tuple[tuple[tuple[str, str, str, int], ...], list[Diagnostic]]:
    """(selector, HTML element, handler, line) for each entry; what the selector and the
    names may be is checked with the registry's own rules, in `check`."""
    if not isinstance(value, dict):
        return (), [error(CONFIG_FILE, table_line, "E002", "'behaviours' must be a table: "
                          "[tool.scholion.behaviours] with lines like  lg = \"div\"")]
    entries, problems = [], []
    for selector, spec in value.items():
        line = line_of(selector)
        if isinstance(spec, str):
            spec = {"html": spec}
        if not isinstance(spec, dict) or set(spec) - {"html", "handler"} or \
                not all(isinstance(v, str) for v in spec.values()):
            problems.append(error(CONFIG_FILE, line, "E002", f"behaviour '{selector}' must be "
                                  "an HTML element name or { html = \"...\", handler = \"...\" }"))
            continue
        entries.append((selector, spec.get("html", "span"), spec.get("handler", "element"), line))
    return tuple(entries), problems


def _unknown(key: str, line: int) -> Diagnostic:
    """A key Scholion does not know: a typo when it is close to a known key (an error: the
    setting meant would silently not apply), else perhaps a plugin's (a warning)."""
    hint = did_you_mean(key, _KEYS, "")
    if hint:
        return error(CONFIG_FILE, line, "E002", f"unknown key '{key}' in [tool.scholion]",
                     hint=hint)
    return warning(CONFIG_FILE, line, "W002", f"unknown key '{key}' in [tool.scholion] "
                   "(ignored)", hint="known keys: " + ", ".join(_KEYS))


def _pages(value: Any, line_of, table_line: int
           ) -> tuple[tuple[tuple[str, str, str, str, int], ...], list[Diagnostic]]:
    """(URL, template, title, nav label, line) for each page the edition adds; that the
    template exists is checked with the other templates, in `check`."""
    if not isinstance(value, dict):
        return (), [error(CONFIG_FILE, table_line, "E002", "'pages' must be a table: "
                          "[tool.scholion.pages] with lines like  "
                          "\"map.html\" = { template = \"map.html\", title = \"Map\" }")]
    entries, problems = [], []
    for url, spec in value.items():
        line = line_of(url)
        if not _PAGE.match(url):
            problems.append(error(CONFIG_FILE, line, "E002", f"page '{url}' must be a file "
                                  "name of lower-case letters, digits and '-' ending in .html"))
            continue
        if not isinstance(spec, dict) or set(spec) - {"template", "title", "nav"} or \
                not all(isinstance(v, str) for v in spec.values()) or not spec.get("title"):
            problems.append(error(CONFIG_FILE, line, "E002", f"page '{url}' must be "
                                  "{ title = \"...\", template = \"...\", nav = \"...\" } "
                                  "(title required)"))
            continue
        entries.append((url, spec.get("template", url), spec["title"], spec.get("nav", ""),
                        line))
    return tuple(entries), problems


_TABLES = {"behaviours": _behaviours, "pages": _pages}


def _element_names(value: Any, what: str) -> tuple[tuple[str, ...], str]:
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and _ELEMENT.match(v) for v in value):
        return (), f"'citable' must be a list of TEI element names ({what}), e.g. " \
                   "[\"p\", \"l\", \"item\"]"
    return tuple(value), ""


_ELEMENT = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_TAG_PATTERN = re.compile(r"^[A-Za-z0-9*\[][A-Za-z0-9._/*?\[\]-]{0,63}$")


def _names(value: Any, what: str) -> tuple[tuple[str, ...], str]:
    """`editors` is one name or a TOML array of names: a team's name reads as one, but
    individual editors are cited one by one, so each is kept apart."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or \
            not all(isinstance(n, str) and n.strip() for n in names):
        return (), f"'editors' must be a name or a list of names ({what})"
    return tuple(" ".join(n.split()) for n in names), ""


def _check_value(key: str, value: str) -> str:
    if key in ("base_url", "licence_url") and not _URL.match(value):
        return f"'{key}' must be an absolute http(s) URL, not {value!r}"
    if key == "base_url" and not value.endswith("/"):
        return f"'base_url' must end with '/', e.g. {value + '/'!r}"
    if key == "language" and not _LANG.match(value):
        return f"'language' must be a BCP 47 tag such as 'en', not {value!r}"
    if key == "releases" and not _TAG_PATTERN.match(value.strip()):
        return f"'releases' must be a pattern of tag names such as 'v[0-9]*', not {value!r}"
    if key == "readings" and value.strip() not in VIEWS:
        return f"'readings' must be 'normalised' or 'diplomatic', not {value!r}"
    if key == "principles" and (not _SAFE_DIR.match(value.strip()) or ".." in value.split("/")
                                or not value.strip().endswith(".md")):
        return f"'principles' must be a Markdown file (.md) inside the repository, not {value!r}"
    if key in ("source_dir", "annotations_dir") and (
        not _SAFE_DIR.match(value) or ".." in value.split("/")
    ):
        return f"'{key}' must be a relative folder inside the repository, not {value!r}"
    return ""


def _line_finder(raw: str, table: str = "[tool.scholion]"):
    """Map a key of `table` to the line it is set on, so messages point at the right place."""
    lines = raw.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == table), 0)

    def line_of(key: str) -> int:
        if key == table:
            return start + 1
        name = re.escape(key)
        pattern = re.compile(rf"^\s*(?:{name}|\"{name}\"|'{name}')\s*=")
        for i in range(start, len(lines)):
            if i > start and lines[i].lstrip().startswith("["):
                break
            if pattern.match(lines[i]):
                return i + 1
        return start + 1

    return line_of


def _toml_position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match[1]), int(match[2])) if match else (1, 1)
