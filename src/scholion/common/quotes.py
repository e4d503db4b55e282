"""Find where a note's quote sits in a block: the W3C TextQuoteSelector idea.

Quotes are matched against the block's text with white space normalized, so re-wrapping
or re-indenting the TEI never breaks a note; `prefix`/`suffix` pick one occurrence when the
words occur more than once.
"""

from __future__ import annotations

import difflib
import re

_WORD = re.compile(r"\S+")


def normalize(text: str) -> tuple[str, list[int]]:
    """White space collapsed to single spaces and trimmed, with a map from each character of
    the result to its index in `text` (so a match can be located in the raw text)."""
    chars: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            index.append(i - 1)
            pending_space = False
        chars.append(char)
        index.append(i)
    return "".join(chars), index


def raw_offsets(text: str, *offsets: int) -> tuple[int, ...]:
    """For each offset into the normal form of `text`, the index in `text` that the map of
    `normalize` gives it (`len(text)` past the end), without making that map: a note needs
    two of its entries, and the map takes a step of Python per character of the block.
    Here a character's rank among the text's non-space characters is its offset less the
    spaces before it in the normal form, and the words are walked only as far as the last
    rank asked for."""
    normal = " ".join(text.split())
    ranks = {offset: offset - normal.count(" ", 0, offset) for offset in offsets
             if 0 <= offset < len(normal)}
    wanted = sorted(set(ranks.values()), reverse=True)
    solid: dict[int, int] = {}  # rank -> index in `text`
    seen = 0  # the non-space characters before the word
    for word in _WORD.finditer(text):
        if not wanted:
            break
        start, end = word.span()
        while wanted and wanted[-1] < seen + end - start:
            rank = wanted.pop()
            solid[rank] = start + rank - seen
        seen += end - start
    # a space stands for the last white space before the next word
    return tuple(solid[ranks[o]] - (normal[o] == " ") if o in ranks else len(text)
                 for o in offsets)


def find(text: str, quote: str, prefix: str = "", suffix: str = "") -> list[int]:
    """Start offsets (in `text`) of every occurrence of `quote` that fits prefix/suffix."""
    if not quote:
        return []
    starts = []
    start = text.find(quote)
    while start != -1:  # every occurrence, overlapping ones too ("ha ha" in "ha ha ha")
        end = start + len(quote)
        if text[:start].endswith(prefix) and text[end:].startswith(suffix):
            starts.append(start)
        start = text.find(quote, start + 1)
    return starts


def closest(text: str, quote: str) -> str:
    """The passage of `text` most like `quote`, to suggest when a quote is not found."""
    words = text.split()
    width = max(1, len(quote.split()))
    candidates = [" ".join(words[i:i + width]).strip(".,;:!?()\"'")
                  for i in range(max(1, len(words) - width + 1))]
    best = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.4)
    return best[0] if best else ""


def disambiguation(text: str, quote: str, starts: list[int]) -> str:
    """Suggest a prefix that picks the first occurrence."""
    start = starts[0]
    before = text[max(0, start - 30):start]
    words = before.split(" ")
    prefix = " ".join(words[-3:]) if len(words) > 1 else before
    return f'add  prefix: "{prefix}"  (the words just before the occurrence you mean)'
