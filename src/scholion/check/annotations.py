"""Rules for contributors' notes: each must attach to exactly one place in the text."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator

from ..common import quotes, targets
from ..common.markup import disallowed, too_complex
from ..common.placeholders import AUTHOR_PLACEHOLDER, BODY_PLACEHOLDER, SOURCE_PLACEHOLDER
from ..diagnostics import Diagnostic, did_you_mean, error
from ..model import HEADNOTE, Annotation, Edition
from .unloaded import NOTHING, Unloaded


def check_annotations(edition: Edition, unloaded: Unloaded = NOTHING) -> list[Diagnostic]:
    return [*_anchors(edition, unloaded), *_headnotes(edition, unloaded), *_bodies(edition),
            *_slugs(edition),
            *(found for note in edition.annotations for found in _placeholders(note))]


def _anchors(edition: Edition, unloaded: Unloaded) -> Iterator[Diagnostic]:
    """A target that is not found may be in a document or the registers that did not load
    (which ones it would be, only they could tell): it is then not reported as pointing
    nowhere; the file's own error says what to fix first."""
    blocks = targets.block_map(edition.documents)
    entities = edition.registers.by_id if edition.registers else {}
    spans: dict[tuple[str, str], list[tuple[int, int, Annotation]]] = defaultdict(list)
    for note in edition.annotations:
        if not note.target or note.target in entities or note.type == HEADNOTE:
            continue  # no target is E302's; a note on an entity is shown in the index
        found = targets.candidates(note.target, blocks)
        if len(found) != 1:
            if found:
                yield _ambiguous(note, found)
            elif not (unloaded.documents or unloaded.registers):
                yield _unknown_target(note, blocks, entities)
            continue
        if not note.quote:
            yield error(note.path, note.line_of("target"), "E303",
                        "missing key 'quote' (the exact words the note attaches to)",
                        hint=f"copy a few words from ¶ {note.target}")
            continue
        text = blocks[found[0]].text
        starts = quotes.find(text, note.quote, note.prefix, note.suffix)
        if not starts:
            yield _not_found(note, text)
        elif len(starts) > 1:
            yield error(note.path, note.line_of("quote"), "E307",
                        f"the quote occurs {len(starts)} times in '{note.target}'",
                        hint=quotes.disambiguation(text, note.quote, starts))
        else:
            spans[found[0]].append((starts[0], starts[0] + len(note.quote), note))
    yield from _overlaps(spans)


def _ambiguous(note: Annotation, found: list[tuple[str, str]]) -> Diagnostic:
    names = [f"{doc}{targets.SEPARATOR}{anchor}" for doc, anchor in found]
    return error(note.path, note.line_of("target"), "E317",
                 f"target '{note.target}' is an anchor of several documents: "
                 + ", ".join(names), hint=f"name the document: target: {names[0]}")


def _unknown_target(note: Annotation, blocks: dict, entities: dict) -> Diagnostic:
    known = [*(anchor for _, anchor in blocks), *(f"{d}#{a}" for d, a in blocks), *entities]
    hint = did_you_mean(note.target, known,
                        "use the id shown by a paragraph's ¶ link, or a register id from the "
                        "index")
    return error(note.path, note.line_of("target"), "E305",
                 f"target '{note.target}' is neither a block nor a register entry", hint=hint)


def _not_found(note: Annotation, text: str) -> Diagnostic:
    plain = quotes.find(text, note.quote)
    if plain:
        return error(note.path, note.line_of("prefix" if note.prefix else "suffix"), "E306",
                     f"the quote is in '{note.target}', but not with this prefix/suffix",
                     hint="copy prefix/suffix exactly, spaces included")
    near = quotes.closest(text, note.quote)
    hint = f'the closest words in {note.target} are: "{near}"' if near else \
        "copy the words exactly from the paragraph"
    return error(note.path, note.line_of("quote"), "E306",
                 f"the quote \"{note.quote}\" is not in '{note.target}'", hint=hint)


def _overlaps(spans: dict[tuple[str, str], list[tuple[int, int, Annotation]]]
              ) -> Iterator[Diagnostic]:
    for (_, target), found in spans.items():
        found.sort(key=lambda s: (s[0], s[1], s[2].slug))
        for (_, end, first), (start, _, second) in itertools.pairwise(found):
            if start < end:
                for one, other in ((first, second), (second, first)):
                    yield error(one.path, one.line_of("quote"), "E308",
                                f"the quote overlaps the quote of {other.path} in '{target}'",
                                hint="attach the notes to different words, or merge them")


def _headnotes(edition: Edition, unloaded: Unloaded) -> Iterator[Diagnostic]:
    """A headnote names a document, quotes nothing, and is its document's only one."""
    documents = {d.id for d in edition.documents}
    first: dict[str, str] = {}
    for note in edition.annotations:
        if note.type != HEADNOTE or not note.target:
            continue
        if note.quote:
            yield error(note.path, note.line_of("quote"), "E318", "a headnote introduces the "
                        "whole document: it has no quote", hint="delete the quote line")
        if note.target not in documents:
            if not unloaded.documents:
                yield error(note.path, note.line_of("target"), "E318", f"a headnote's target "
                            f"names a document; '{note.target}' is none",
                            hint=did_you_mean(note.target, sorted(documents), "the documents "
                                              "are: " + ", ".join(sorted(documents))))
        elif note.target in first:
            yield error(note.path, note.line_of("target"), "E319", f"'{note.target}' has a "
                        f"headnote already: {first[note.target]}",
                        hint="merge the two into one file")
        else:
            first[note.target] = note.path


def check_principles(edition: Edition) -> list[Diagnostic]:
    """The editorial principles are Markdown under the notes' rules: no HTML beyond the
    harmless few, nothing too deeply nested."""
    text, path = edition.principles, edition.config.principles
    if not text.strip():
        return []
    if reason := too_complex(text):
        return [error(path, 1, "E010", f"the editorial principles are too complex: {reason}")]
    if removed := disallowed(text, headings=True):
        return [error(path, 1, "E010", "HTML that is not allowed in the editorial "
                      f"principles: {', '.join(removed)}", hint="write plain Markdown; links "
                      "must be http(s) or mailto")]
    return []


def _bodies(edition: Edition) -> Iterator[Diagnostic]:
    for note in edition.annotations:
        if reason := too_complex(note.body):
            yield error(note.path, note.body_line, "E315", f"the note is too complex: {reason}",
                        hint="notes are short Markdown texts")
            continue
        removed = disallowed(note.body)
        if removed:
            yield error(note.path, note.body_line, "E312",
                        f"HTML that is not allowed in notes: {', '.join(removed)}",
                        hint="write plain Markdown; links must be http(s) or mailto")


def _slugs(edition: Edition) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    taken = {n.id for d in edition.documents for n in d.body.iter() if n.id}
    for note in edition.annotations:
        key = note.slug.casefold()
        if key in seen:
            yield error(note.path, 1, "E310", f"slug '{note.slug}' is already used by "
                        f"{seen[key]}", hint="rename the file; slugs name the note's anchor")
        elif clash := next((f"{kind}-{key}" for kind in ("note", "ref")
                            if f"{kind}-{key}" in taken), None):
            yield error(note.path, 1, "E310", f"slug '{note.slug}' clashes with the anchor "
                        f"{clash} of the text", hint="rename the file; slugs name the "
                        "note's anchor (note-SLUG) and its marker (ref-SLUG)")
        seen.setdefault(key, note.path)


_BODY_PLACEHOLDER = re.compile(r"\s+".join(map(re.escape, BODY_PLACEHOLDER.split())))


def _placeholders(note: Annotation) -> Iterator[Diagnostic]:
    """What `scholion new` wrote for the contributor to replace, still there: the file
    would pass every other rule and be published as it is."""
    hint = "replace it with your own text; see CONTRIBUTING.md"
    if note.author == AUTHOR_PLACEHOLDER:
        yield error(note.path, note.line_of("author"), "E316",
                    f"the author is still the placeholder '{AUTHOR_PLACEHOLDER}'",
                    hint="write your name (a collective name is fine)")
    for i, source in enumerate(note.sources):
        if source.title == SOURCE_PLACEHOLDER.title:
            yield error(note.path, note.line_of(f"sources[{i}].title"), "E316",
                        f"source {i + 1} is still the placeholder '{source.title}'", hint=hint)
        if source.url == SOURCE_PLACEHOLDER.url:
            yield error(note.path, note.line_of(f"sources[{i}].url"), "E316",
                        f"source {i + 1} still has the placeholder address {source.url}",
                        hint="give the source's own address, or remove the url")
    if found := _BODY_PLACEHOLDER.search(note.body):
        yield error(note.path, note.body_line + note.body[:found.start()].count("\n"), "E316",
                    "the note still holds the placeholder text of `scholion new`", hint=hint)
