"""`scholion new`: the annotation file to start from (the command writes it with `write`).

The would-be file is checked with the rules CI uses before it is written, so it fails
only for the placeholders the contributor is meant to replace (E316). Its problems are
Diagnostics located in that file (`annotations/x.md:3:1: error[E306]: ...`), as `check`
would print them, and then nothing is written.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..common import quotes, targets
from ..common.placeholders import AUTHOR_PLACEHOLDER, BODY_PLACEHOLDER, SOURCE_PLACEHOLDER
from ..diagnostics import Diagnostic, error
from ..load import load_edition
from ..load.annotations import SLUG, read_annotation
from ..load.history import user_name
from ..model import Block, Edition

TARGET_LINE, QUOTE_LINE = 2, 3  # where the scaffold writes them


@dataclass(frozen=True)
class Scaffold:
    path: Path | None  # None: there is nothing to write
    diagnostics: tuple[Diagnostic, ...] = ()
    content: bytes = b""  # the file, for `write` to put at `path`
    where: str = ""  # what the note is on, in a reader's words: "¶ 6 ('p3') of kansai-1987"


@dataclass(frozen=True)
class _Target:
    id: str
    block: Block | None  # None: a register entry
    where: str


def new_annotation(root: Path, target: str, quote: str, note_type: str = "context",
                   slug: str = "") -> Scaffold:
    loaded = load_edition(root)
    if loaded.edition is None:
        return Scaffold(None, loaded.diagnostics)
    edition = loaded.edition
    quote = " ".join(quote.split())
    folder = edition.config.annotations_dir
    if slug and not SLUG.match(slug):  # before any path is made of it: '../x' must not be
        return Scaffold(None, (error(f"{folder}/{slug}.md", 1, "E311", f"'{slug}' is not a "
                                     "valid slug", hint="use lower-case letters, digits and "
                                     "single hyphens, e.g. --slug frozen-shrimp"),))
    resolved = _resolve(edition, target, f"{folder}/{slug or slugify(quote or target)}.md")
    if isinstance(resolved, Diagnostic):
        return Scaffold(None, (resolved,))
    relative = f"{folder}/{slug or slugify(quote or resolved.id)}.md"
    path = root / relative
    if path.exists():
        return Scaffold(None, (error(relative, 1, "E310", f"{relative} already exists",
                                     hint="choose another file name with --slug"),))
    if resolved.block is not None and not quote:
        return Scaffold(None, (_ask_for_quote(relative, resolved),))
    prefix = _prefix(resolved.block, quote)
    text = _text(resolved.id, quote, prefix, note_type, user_name(root) or AUTHOR_PLACEHOLDER)
    if problems := _problems(edition, relative, text):
        return Scaffold(None, problems)
    return Scaffold(path, content=text.encode("utf-8"), where=resolved.where)


def slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:6]
    return "-".join(words) or "note"


def _resolve(edition: Edition, target: str, relative: str) -> _Target | Diagnostic:
    """A block's xml:id, a register id, or the ¶ number a reader sees in the margin
    (`6`, or `DOC:6` when several documents have a ¶ 6)."""
    blocks = [(d.id, b) for d in edition.documents for b in d.blocks]
    keyed = targets.block_map(edition.documents)
    entities = edition.registers.by_id if edition.registers else {}
    by_id = targets.candidates(target, keyed)
    if len(by_id) > 1:
        names = [f"{doc}{targets.SEPARATOR}{anchor}" for doc, anchor in by_id]
        return error(relative, TARGET_LINE, "E317", f"'{target}' is an anchor of several "
                     "documents: " + ", ".join(names), hint=f"pass --target {names[0]}")
    doc, _, number = target.rpartition(":")
    by_number = [(d, b.id) for d, b in blocks if b.n == number and doc in ("", d)]
    if found := by_id or (by_number if len(by_number) == 1 else []):
        doc_id, anchor = found[0]
        block = keyed[(doc_id, anchor)]
        # the document is named when the editor named it, or when the anchor is provisional
        # (p1, p2… in every document: a later one would make a bare p1 ambiguous)
        named = targets.SEPARATOR in target or block.provisional
        written = f"{doc_id}{targets.SEPARATOR}{anchor}" if named else \
            targets.name(doc_id, anchor, keyed)
        return _Target(written, block, f"¶ {block.n} ('{block.id}') of {doc_id}")
    if target in entities:
        return _Target(target, None, f"the register entry '{target}'")
    if by_number:
        return error(relative, TARGET_LINE, "E305", f"several documents have a ¶ {number}: " +
                     ", ".join(f"{d}:{number} ('{anchor}')" for d, anchor in by_number),
                     hint=f"pass --target DOC:{number} or the block's xml:id")
    return error(relative, TARGET_LINE, "E305",
                 f"target '{target}' is neither a block, a ¶ number nor a register entry",
                 hint=_target_hint(target, [b for _, b in blocks], list(entities)))


def _target_hint(target: str, blocks: list[Block], entities: list[str]) -> str:
    """The closest ids, and how a ¶ number maps to an id (¶ 5 is rarely 'p5')."""
    close = difflib.get_close_matches(target, [b.id for b in blocks] + entities, n=3)
    hint = ("did you mean " + ", ".join(f"'{c}'" for c in close) + "? ") if close else ""
    numbers = [b.n for b in blocks]
    unique = [b for b in blocks if b.n and numbers.count(b.n) == 1]
    digits = re.findall(r"\d+", target)
    example = next((b for b in unique if digits and b.n == digits[-1]), None) or \
        next((b for b in unique if b.id in close), None) or next(iter(unique), None)
    if example is not None:
        hint += f"a ¶ number works too: --target {example.n} is '{example.id}'"
    return hint.strip() or "use a block's xml:id (its ¶ link), or a register id from the index"


def _ask_for_quote(relative: str, target: _Target) -> Diagnostic:
    words = " ".join(target.block.text.split()[:6]).rstrip(".,;:")
    return error(relative, TARGET_LINE, "E303",
                 f"a note on {target.where} needs --quote: the exact words it attaches to",
                 hint=f'copy them from the text, e.g. --quote "{words}"')


def _prefix(block: Block | None, quote: str) -> str:
    """A prefix that makes a quote that occurs more than once in its block unique."""
    starts = quotes.find(block.text, quote) if block is not None else []
    return _unique_prefix(block.text, quote, starts[0]) if len(starts) > 1 else ""


def _unique_prefix(text: str, quote: str, start: int) -> str:
    for size in range(1, 80):
        prefix = text[max(0, start - size):start]
        if len(quotes.find(text, quote, prefix)) == 1:
            return prefix
    return text[:start]


def _problems(edition: Edition, relative: str, text: str) -> tuple[Diagnostic, ...]:
    """What `check` would say of the file, placeholders aside (they are meant to be
    replaced): the quote found once, overlapping no other note, a valid slug..."""
    # imported here: check reads the placeholders above, so it imports this module
    from ..check.annotations import check_annotations

    note, found = read_annotation(text.encode("utf-8"), relative)
    if note is not None:
        found += check_annotations(replace(edition, annotations=(*edition.annotations, note)))
    return tuple(d for d in found if d.path == relative and d.code != "E316")


def _text(target: str, quote: str, prefix: str, note_type: str, author: str) -> str:
    """The file: front matter in the order of CONTRIBUTING.md, the author on one line
    (`author: {name: …}`, the form the hints show), then the body's placeholder."""
    head = {"target": target}
    if quote:
        head["quote"] = quote
    if prefix:
        head["prefix"] = prefix
    head["type"] = note_type
    tail = {"sources": [{"title": SOURCE_PLACEHOLDER.title, "url": SOURCE_PLACEHOLDER.url}],
            "status": "draft"}
    front = _yaml(head) + _yaml({"author": {"name": author}}, flow=True) + _yaml(tail)
    return f"---\n{front}---\n{BODY_PLACEHOLDER}\n"


def _yaml(data: dict, flow: bool = False) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None if flow else False)
