"""Language tags as HTML wants them.

TEI's `xml:lang` takes BCP 47 tags, but real files write ISO 639-2 codes (`deu`, `fra`,
`ger`) and lower-case regions (`zh-tw`); HTML's `lang`, screen readers choosing a voice
and accessibility checkers want the canonical form (`de`, `fr`, `zh-TW`). `langcodes`
knows the IANA registry, so no table of codes is kept here. The source keeps what it says.
"""

from __future__ import annotations

from functools import lru_cache

import langcodes


@lru_cache(maxsize=4096)
def html_lang(tag: str) -> str:
    """The canonical BCP 47 form of `tag`, or "" if it is no valid language tag."""
    tag = tag.strip()
    if not tag:
        return ""
    try:
        return langcodes.standardize_tag(tag) if langcodes.tag_is_valid(tag) else ""
    except ValueError:  # langcodes.LanguageTagError is one
        return ""
