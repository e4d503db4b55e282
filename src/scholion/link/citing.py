"""How the edition, each document and each paragraph are cited: part of the site plan.

CSL runs once per document and style (see `citations`); its results are kept in the
build cache, since they depend only on the item and the code that formatted it.
"""

from __future__ import annotations

import re
from typing import Any

from ..cache import NO_CACHE, BuildCache
from ..common import citations
from ..model import Config, Document


def document_item(config: Config, version: str, version_date: str, document: Document,
                  url: str) -> dict[str, Any]:
    """The document as a CSL item: what every citation of it (the Cite control, CSL-JSON,
    BibTeX, RIS) is made from."""
    edition = citations.Edition(config, version, version_date)
    return citations.csl_item(edition, document.meta, config.base_url + url, document.id)


def document_citations(item: dict[str, Any], cache: BuildCache = NO_CACHE) -> dict[str, Any]:
    """Citation templates for a document's Cite control: a paragraph's anchor and ¶
    number are filled in later, in the page or the browser (see `citations.fill`)."""
    return {"anchor": citations.ANCHOR, "number": citations.NUMBER, "url": item["URL"],
            "styles": _templates(item, cache)}


def edition_citations(config: Config, version: str, version_date: str,
                      cache: BuildCache = NO_CACHE) -> dict[str, Any]:
    """The edition as a whole, cited like a document (see `citations.whole`). Its creator is the
    editorial body: as a CSL `editor` without an author, citeproc-py would print the name
    twice (it does not suppress a substituted name)."""
    item: dict[str, Any] = {"id": "edition", "type": "book", "title": config.title,
                            "author": [{"literal": name} for name in config.editors],
                            "URL": config.base_url,
                            "version": version, "medium": "Digital edition"}
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", version_date):
        item["issued"] = {"date-parts": [[int(p) for p in version_date.split("-")]]}
    return {"url": config.base_url, "styles": citations.whole(_templates(item, cache))}


def _templates(item: dict, cache: BuildCache) -> dict[str, dict[str, str]]:
    key = cache.key("citations", item)
    found = cache.get("citations", key)
    if found is None:
        found = citations.templates(item)
        cache.put("citations", key, found)
    return found
