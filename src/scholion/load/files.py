"""Read one input file, refusing anything that is not a plain file of the repository, and
refuse control characters in what was read.

Inputs arrive in pull requests, so a path in `source/` or `annotations/` may be a symlink
to `/etc/passwd` or to `.git/config`, a folder named `x.md`, or a link loop. None of these
is ever read: each becomes a Diagnostic instead.

A control character (E007) is never part of an edition's text: it arrives with a copy
from a terminal or a PDF, or from Windows-1252 text read as Latin-1, is invisible in an
editor, and cannot be written to an XHTML page (lxml refuses it) or shown by a browser.
Every reader of the `load` stage runs the same scan, `control_character`, over the text it
decoded, and `control_character_in_value` over values a parser unescaped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic, error

MAX_BYTES = 5_000_000


def read_input(root: Path, path: Path, code: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of `path`, or a Diagnostic with `code` saying why they were not read."""
    relative = path.relative_to(root).as_posix()
    try:
        if path.is_symlink():
            return None, error(relative, 1, "E005", "this file is a symbolic link; links are "
                               "not read (they can point outside the repository)",
                               hint="commit the file itself")
        if not path.is_file():
            return None, error(relative, 1, code, "this is not a regular file")
        if path.stat().st_size > MAX_BYTES:
            return None, error(relative, 1, code, f"file is larger than {MAX_BYTES:,} bytes")
        return path.read_bytes(), None
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        return None, error(relative, 1, code, f"cannot read file: {reason}")


# C0 controls but tab and line feed, DEL, and the C1 controls (U+0080-U+009F; XML 1.0
# allows DEL and C1, but no text needs them). A carriage return only in a CRLF ending.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_RAW = rf"[{_CONTROLS}]|\r(?!\n)"
_IN_TEXT = re.compile(_RAW)
# Also one spelled as a numeric character reference, which XML and HTML decode (&#27;).
_SPELLED = re.compile(rf"{_RAW}|&#(?:[xX](?P<hex>[0-9a-fA-F]+)|(?P<dec>[0-9]+));?")
_IS_CONTROL = re.compile(rf"[{_CONTROLS}\r]")  # a single character, never a line ending
# YAML's named escapes of control characters (TOML 1.0 has \b and \f of these).
_NAMED_ESCAPES = {0x00: "0", 0x07: "a", 0x08: "b", 0x0B: "v", 0x0C: "f", 0x0D: "r",
                  0x1B: "e", 0x85: "N"}
_HINT = ("delete it: control characters are invisible, never part of an edition's text, "
         "and cannot be written to its pages")


def link_on_the_way(root: Path, relative: str) -> str | None:
    """The first folder or file on the way from `root` to `relative` (a POSIX path) that
    is a symbolic link, or None: a link is never followed, since it can point outside the
    repository."""
    parts = relative.split("/")
    for end in range(1, len(parts) + 1):
        here = "/".join(parts[:end])
        if (root / here).is_symlink():
            return here
    return None


def control_character(text: str, path: str, *, first_line: int = 1,
                      references: bool = False) -> Diagnostic | None:
    """E007 at the first control character of `text`, a decoded file (or the part of one
    that starts on line `first_line`); with `references`, also at a numeric character
    reference to one (in XML and in Markdown, which passes HTML through).

    References are matched in the raw text, so one in an XML comment, a CDATA section or a
    Markdown code span is refused too: no edition needs to write one anywhere."""
    for match in (_SPELLED if references else _IN_TEXT).finditer(text):
        hexadecimal, decimal = match.groupdict().get("hex"), match.groupdict().get("dec")
        if hexadecimal is None and decimal is None:
            return _located(path, text, match.start(), first_line, match[0])
        digits = (hexadecimal or decimal).lstrip("0") or "0"
        number = int(digits, 16 if hexadecimal else 10) if len(digits) < 4 else 0xA0
        if number < 0xA0 and _IS_CONTROL.match(chr(number)):
            return _located(path, text, match.start(), first_line, chr(number),
                            f" (written '{match[0]}')")
    return None


def control_character_in_value(value: str, path: str, source: str, where: tuple[int, int],
                               *, first_line: int = 1) -> Diagnostic | None:
    """E007 for a control character in a value as a parser returned it: YAML and TOML
    unescape "\\e" or "\\u001b" into one, which no scan of the file can see.

    `where` is the (line, column) of `source`, 1-based, at which the value is written; the
    Diagnostic points at the character or its escape from there on, else at `where`."""
    found = _IN_TEXT.search(value)
    if found is None:
        return None
    character = found[0][0]
    start = _index(source, *where)
    spelled = _spelling(ord(character)).search(source, start)
    if spelled is None:
        return _located(path, source, start, first_line, character, " (from an escape)")
    written = f" (written '{spelled[0]}')" if spelled[0] != character else ""
    return _located(path, source, spelled.start(), first_line, character, written)


def _spelling(number: int) -> re.Pattern[str]:
    named = f"|{_NAMED_ESCAPES[number]}" if number in _NAMED_ESCAPES else ""
    return re.compile(rf"{re.escape(chr(number))}|\\(?:x(?i:{number:02x})|u(?i:{number:04x})"
                      rf"|U(?i:{number:08x}){named})")


def _index(source: str, line: int, column: int) -> int:
    """The index in `source` of a 1-based line and column."""
    start = 0
    for _ in range(line - 1):
        start = source.find("\n", start) + 1 or len(source)
    return min(start + column - 1, len(source))


def _located(path: str, text: str, index: int, first_line: int, character: str,
             written: str = "") -> Diagnostic:
    """E007 at `index` of `text`, counting lines at "\n" only, as editors do (not at the
    \f or \x85 that str.splitlines() also breaks at). Columns count characters."""
    line = text.count("\n", 0, index) + first_line
    column = index - text.rfind("\n", 0, index)
    return error(path, line, "E007",
                 f"control character U+{ord(character):04X}{written} is not allowed",
                 column=column, hint=_hint(character, raw=not written))


def _hint(character: str, *, raw: bool) -> str:
    """What to do instead; for C1, the character Windows-1252 meant by that byte."""
    if character == "\r" and raw:
        return "a carriage return that does not end a line: save the file with LF line endings"
    if "\x80" <= character <= "\x9f":
        try:
            meant = character.encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return _HINT
        return (f"U+{ord(character):04X} is usually Windows-1252 text read as Latin-1, "
                f"where it is '{meant}': type '{meant}' itself")
    return _HINT
