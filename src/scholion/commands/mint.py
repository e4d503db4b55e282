"""`scholion anchors mint`: write each provisional anchor into its TEI file as an xml:id.

Only the attributes are inserted: every other byte of the file (formatting, comments,
entity references, CDATA, the encoding declaration, line endings, a byte-order mark) stays
as it was, so the change reads as what it is in a diff. The file is scanned, not
re-serialized: the k-th start tag of the text is the k-th element lxml counts, because in
XML a `<` outside markup can only open a tag, a comment, a CDATA section, a processing
instruction or the DOCTYPE.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"<!--.*?-->"  # a comment
    r"|<!\[CDATA\[.*?\]\]>"  # a CDATA section
    r"|<\?.*?\?>"  # a processing instruction, the XML declaration
    # the DOCTYPE, with its internal subset: quoted values and comments may hold ] and >
    r"""|<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*'"""
    r"""|\[(?:<!--.*?-->|"[^"]*"|'[^']*'|[^\]"'<]|<(?!!--))*\])*>"""
    r"|</[^>]*>"  # an end tag
    r"|<([^\s/>!?]+)",  # a start tag: its name
    re.DOTALL)


def insert_ids(text: str, points: dict[int, str]) -> str:
    """`text` with ` xml:id="ID"` after the name of each start tag whose index (among the
    start tags, in document order, from 0) is in `points`."""
    out: list[str] = []
    last, count = 0, 0
    for match in _TOKEN.finditer(text):
        if match.group(1) is None:
            continue
        if count in points:
            out += [text[last:match.end(1)], f' xml:id="{points[count]}"']
            last = match.end(1)
        count += 1
    out.append(text[last:])
    return "".join(out)
