"""Each page's schema.org JSON-LD describes that page: the landing page the edition, a
document page its document, the other pages what kind of page of the edition they are.
The edition is described once and referred to by its `@id` everywhere else."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from conftest import replace_in
from scholion import pipeline

EDITION = "https://editions.test/letters/#edition"
# every term the pages use, each looked up in schema.org (a new one is added here on purpose)
SCHEMA_ORG_TERMS = {
    "@context", "@id", "@type", "about", "author", "contentUrl", "dateCreated",
    "datePublished", "description", "editor", "encoding", "encodingFormat", "funder",
    "hasPart", "headline", "holdingArchive", "identifier", "inLanguage", "isPartOf",
    "license", "name", "sameAs", "translator", "url", "version",
}
SCHEMA_ORG_TYPES = {"AboutPage", "ArchiveComponent", "ArchiveOrganization", "CollectionPage",
                    "CreativeWork", "MediaObject", "Organization", "Person",
                    "SearchResultsPage", "WebPage"}


def json_ld(out: Path) -> dict[str, dict]:
    """The one JSON-LD object of each HTML page, by path (it must parse as JSON)."""
    found = {}
    for path in sorted(out.rglob("*.html")):
        page = lxml.html.parse(str(path)).getroot()
        (script,) = page.xpath("//script[@type='application/ld+json']")
        (canonical,) = page.xpath("//link[@rel='canonical']/@href")
        found[path.relative_to(out).as_posix()] = {**json.loads(script.text),
                                                   "canonical": canonical}
    return found


def nodes(data, found: list[dict] | None = None) -> list[dict]:
    """Every object in a JSON-LD tree."""
    found = [] if found is None else found
    if isinstance(data, dict):
        found.append(data)
        for value in data.values():
            nodes(value, found)
    elif isinstance(data, list):
        for value in data:
            nodes(value, found)
    return found


@pytest.fixture
def described(mini, tmp_path) -> dict[str, dict]:
    with (mini / "pyproject.toml").open("a", encoding="utf-8") as config:  # an own page
        config.write('\n[tool.scholion.pages]\n"map.html" = { title = "Map" }\n')
    (mini / "templates").mkdir()
    (mini / "templates" / "map.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Map</h1>{% endblock %}\n')
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    return json_ld(out)


def test_each_page_says_what_kind_of_page_it_is(described):
    types = {path: data["@type"] for path, data in described.items()}
    assert types == {
        "index.html": "CreativeWork", "letter-a.html": "ArchiveComponent",
        "letter-b.html": "ArchiveComponent", "persons.html": "CollectionPage",
        "places.html": "CollectionPage", "organizations.html": "CollectionPage",
        "events.html": "CollectionPage", "dates.html": "CollectionPage",
        "about.html": "AboutPage", "search.html": "SearchResultsPage", "map.html": "WebPage",
        "indexes.html": "CollectionPage", "timeline.html": "WebPage"}
    assert described["persons.html"]["about"] == {"@id": "https://schema.org/Person"}
    assert described["organizations.html"]["about"] == {"@id": "https://schema.org/Organization"}
    assert "about" not in described["dates.html"]  # a chronology lists days, not one class
    assert (described["map.html"]["name"], described["letter-a.html"]["name"]) == (
        "Map", "A letter about harbours")


def test_each_page_is_named_by_its_canonical_url(described):
    for path, data in described.items():
        assert data["url"] == data["canonical"], path
        assert data["@id"] == (EDITION if path == "index.html" else data["url"]), path
    assert len({data["@id"] for data in described.values()}) == len(described)


def test_the_edition_is_described_once_and_referred_to_by_its_id(described):
    full = [(path, node) for path, data in described.items() for node in nodes(data)
            if node.get("@id") == EDITION and set(node) != {"@id"}]
    assert [path for path, _ in full] == ["index.html"]
    edition = full[0][1]
    assert edition["url"] == "https://editions.test/letters/"
    assert edition["editor"] == [{"@type": "Organization", "name": "The fixture editors"}]
    assert edition["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert edition["hasPart"] == [{"@id": described["letter-a.html"]["url"]},
                                  {"@id": described["letter-b.html"]["url"]}]
    for path, data in described.items():
        if path != "index.html":
            assert data["isPartOf"] == {"@id": EDITION}, path


def test_only_schema_org_terms_and_types_are_used(described):
    found = [node for data in described.values() for node in nodes(data)]
    assert {key for node in found for key in node} - {"canonical"} <= SCHEMA_ORG_TERMS
    assert {node["@type"] for node in found if "@type" in node} <= SCHEMA_ORG_TYPES
    assert {data["@context"] for data in described.values()} == {"https://schema.org"}


def test_editors_listed_one_by_one_are_persons(mini, tmp_path):
    replace_in(mini / "pyproject.toml", 'editors = "The fixture editors"',
               'editors = ["Ana Ruiz", "Ben Okafor"]')
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    assert json_ld(out)["index.html"]["editor"] == [{"@type": "Person", "name": "Ana Ruiz"},
                                                    {"@type": "Person", "name": "Ben Okafor"}]
