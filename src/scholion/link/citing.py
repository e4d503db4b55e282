"""How the edition, each document and each paragraph are cited: part of the site plan.

The citations are made once per document (see `common.citations`) and kept in the build
cache, since they depend only on the item and the code that formatted it.

The version a citation names is the editors' own, `[tool.scholion] version` ("0.1"),
with the date of the text built (the commit's date, or SOURCE_DATE_EPOCH): never a
commit id, which means nothing to a reader and changes with every commit. A clone
without tags (CI's shallow checkouts), or a source archive without `.git`, cites the
same version, so two builds of one commit stay identical.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..cache import NO_CACHE, BuildCache
from ..common import citations
from ..common.routes import release_url
from ..model import Config, Document, Edition


def citing_config(edition: Edition) -> Config:
    """The settings citations are made with: at the lasting address of the release the
    current text still is (v/1.0/), so that a citation can be followed to the text cited
    after the next release; else at the site's own address."""
    same_as = edition.releases.same_as
    if not same_as or edition.releases.this:
        return edition.config
    return replace(edition.config,
                   base_url=release_url(edition.config.base_url, same_as))


def citing_date(edition: Edition) -> str:
    """The date citations give the text: the release's, when the text is still a release's
    (one cited object, one date, whichever build cites it), else the text built's."""
    same_as = edition.releases.same_as
    if same_as and not edition.releases.this:
        found = next((r.date for r in edition.releases.known if r.version == same_as), "")
        return found or edition.version_date
    return edition.version_date


def document_item(config: Config, version_date: str, document: Document,
                  url: str) -> dict[str, Any]:
    """The document as what every citation of it (the Cite control, CSL-JSON, BibTeX,
    RIS) is made from."""
    edition = citations.Edition(config, config.version, version_date)
    return citations.document_item(edition, document.meta, config.base_url + url,
                                   document.id)


def document_citations(item: dict[str, Any], cache: BuildCache = NO_CACHE) -> dict[str, Any]:
    """A document's citations for its Cite controls: the document's own ("document"),
    and a paragraph's templates ("styles", whose anchor and ¶ number are filled in later,
    in the page or the browser, see `citations.fill`). A paragraph's form that is the
    document's (a bibliography entry names the document) is not repeated in "styles":
    see `passage_forms`."""
    found = _templates(item, cache)
    whole = found["whole"]
    passage = {key: {form: value for form, value in style.items()
                     if form == "label" or value != whole[key].get(form)}
               for key, style in found["passage"].items()}
    return {"anchor": citations.ANCHOR, "number": citations.NUMBER, "url": item["url"],
            "styles": passage, "document": whole}


def passage_forms(cite: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every form of a paragraph's citation, still templates: its own over the document's
    (what the Cite dialog's script does too)."""
    return {key: {**cite["document"][key], **style} for key, style in cite["styles"].items()}


def edition_citations(config: Config, version_date: str,
                      cache: BuildCache = NO_CACHE) -> dict[str, Any]:
    """The edition as a whole."""
    item = citations.edition_item(citations.Edition(config, config.version, version_date))
    return {"url": config.base_url, "styles": _templates(item, cache)["whole"]}


def _templates(item: dict[str, Any], cache: BuildCache) -> dict[str, Any]:
    key = cache.key("citations", item)
    found = cache.get("citations", key)
    if found is None:
        found = citations.templates(item)
        cache.put("citations", key, found)
    return found
