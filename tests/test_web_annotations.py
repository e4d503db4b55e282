"""The notes as W3C Web Annotations (data/<id>.annotations.jsonld): every MUST of the Web
Annotation Data Model, as the W3C's own test assertions state them (vendored in
tests/w3c-annotation-tests/, see its README), checked with format checking on; and the
choices the model leaves to Scholion (selectors, agents, the collection's one page)."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from functools import cache
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from conftest import FIXTURES, replace_in
from scholion import pipeline

W3C = Path(__file__).parent / "w3c-annotation-tests"
# the assertions name each other by bare file names ("annotations.json#/definitions/…"):
# they are given one made-up absolute base so that those names resolve among them
BASE = "https://web-annotation-tests.invalid/"
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"
FORMATS = jsonschema.Draft4Validator.FORMAT_CHECKER
HTML_FRAGMENTS = "http://tools.ietf.org/rfc/rfc3236"  # the Data Model's §4.2.1, HTML


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    resources = []
    for path in sorted((W3C / "definitions").glob("*.json")):
        contents = {**load(path), "id": BASE + path.name}
        resources.append((BASE + path.name, Resource(contents, DRAFT4)))
    return Registry().with_resources(resources)


@cache
def assertions(test: str) -> tuple[dict, ...]:
    """The schemas a W3C test file lists."""
    return tuple(load(W3C / name) for name in load(W3C / test)["assertions"])


def based(assertion: dict) -> dict:
    """An assertion with its absolute id. Draft 4 ignores an `id` beside a `$ref`, and the
    rest of the schema too: such an assertion is its `$ref` alone, under its id."""
    if "$ref" in assertion:
        return {"id": BASE + assertion["id"], "allOf": [{"$ref": assertion["$ref"]}],
                "definitions": assertion.get("definitions", {})}
    return assertion | {"id": BASE + assertion["id"]}


def failed(instance: dict, test: str, formats: jsonschema.FormatChecker | None = FORMATS
           ) -> list[str]:
    """The W3C assertions of `test` that `instance` does not meet (all are MUSTs, each
    expecting "valid")."""
    return [a["id"] for a in assertions(test)
            if not jsonschema.Draft4Validator(based(a), registry=registry(),
                                              format_checker=formats).is_valid(instance)]


def musts_failed(collection: dict, formats: jsonschema.FormatChecker | None = FORMATS
                 ) -> list[str]:
    """Every MUST of the Data Model a collection breaks: its own (§5.1), its page's (§5.2,
    embedded, so tested on the collection as the W3C's page test expects), each note's."""
    found = failed(collection, COLLECTION_MUSTS, formats)
    if "first" in collection:
        found += failed(collection, PAGE_MUSTS, formats)
        for item in collection["first"]["items"]:
            found += [f"{item['id']}: {name}"
                      for name in failed(item, ANNOTATION_MUSTS, formats)]
    return found


def scholion_schema() -> dict:
    return json.loads(files("scholion.schemas").joinpath("web-annotations.schema.json")
                      .read_text())


@pytest.fixture
def fixture_site(mini, tmp_path) -> Path:
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    return out


@pytest.fixture(scope="module")
def committed(tmp_path_factory) -> Path:
    """The fixture edition as one git commit, on a known day (late, east of UTC), built: its
    notes carry created and modified times from that history."""
    tmp = tmp_path_factory.mktemp("committed")
    root = tmp / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    git = ["git", "-C", str(root), "-c", "user.name=Ann Editor", "-c", "user.email=a@e.test"]
    env = {"GIT_AUTHOR_DATE": "2024-03-05T23:30:00+05:00",
           "GIT_COMMITTER_DATE": "2024-03-05T23:30:00+05:00", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(tmp), "PATH": os.environ.get("PATH", "")}  # no one's git config
    for command in (["init", "--quiet"], ["add", "."], ["commit", "--quiet", "-m", "notes"]):
        subprocess.run([*git, *command], check=True, env=env)
    out = tmp / "site"
    assert pipeline.build(root, out).ok
    return out


def collections(out: Path) -> dict[str, dict]:
    return {p.name: load(p) for p in sorted((out / "data").glob("*.annotations.jsonld"))}


def test_the_vendored_assertions_are_the_w3c_musts():
    """Not vacuous: all of the three test files' assertions are here and each is a MUST."""
    counts = {test: len(assertions(test))
              for test in (ANNOTATION_MUSTS, COLLECTION_MUSTS, PAGE_MUSTS)}
    assert counts == {ANNOTATION_MUSTS: 54, COLLECTION_MUSTS: 10, PAGE_MUSTS: 15}
    assert {(a["assertionType"], a["expectedResult"]) for test in counts
            for a in assertions(test)} == {("must", "valid")}


@pytest.mark.parametrize("site", ["real", "fixture_site", "committed"])
def test_every_collection_meets_every_must_of_the_data_model(site, request):
    out = request.getfixturevalue("real_build" if site == "real" else site)
    found = collections(out)
    assert any(c["total"] for c in found.values())
    assert {name: musts_failed(c) for name, c in found.items()} == {name: [] for name in found}
    for collection in found.values():
        jsonschema.validate(collection, scholion_schema(),
                            format_checker=jsonschema.FormatChecker())


def test_format_checking_is_on_and_rejects_a_bad_datetime_and_a_bad_iri(committed):
    """A day that does not exist passes a pattern of digits but not `date-time`; a space is
    no part of a URI. Without the format checker both pass: so format checking is what
    catches them, and it is really on (rfc3339-validator and rfc3986-validator installed)."""
    assert {"date-time", "uri"} <= set(FORMATS.checkers)
    collection = load(committed / "data" / "letter-a.annotations.jsonld")
    bad = copy.deepcopy(collection)
    bad["first"]["items"][0]["created"] = "2024-02-30T00:00:00Z"
    bad["first"]["items"][0]["rights"] = "https://creativecommons.org/licenses/by 4.0/"
    note = bad["first"]["items"][0]["id"]
    assert musts_failed(bad, formats=None) == []
    assert musts_failed(bad) == [f"{note}: 3.3.1-annotationCreatedValidated.json",
                                 f"{note}: 3.3.6-annotationRightsValidated.json"]
    jsonschema.validate(bad, scholion_schema())  # Scholion's schema, formats off ...
    checked = jsonschema.Draft202012Validator(scholion_schema(),  # ... and on
                                              format_checker=jsonschema.FormatChecker())
    assert sorted(e.validator_value for e in checked.iter_errors(bad)) == ["date-time", "uri"]


@pytest.mark.parametrize(("where", "change", "broken"), [
    ("item", {"created": "5 March 2024"}, "3.3.1-annotationCreatedValidated"),
    ("item", {"@context": "http://www.w3.org/ns/oa.jsonld"}, "3.1-annotationContextValidated"),
    ("item", {"target": None}, "3.1-targetKeyFound"),
    ("page", {"startIndex": -1}, "5.2-pageStartIndexValidated"),
    ("page", {"partOf": "not a uri"}, "5.2-pagePartOfValidated"),
    ("collection", {"last": {"type": "AnnotationPage"}}, "5.1-collectionLastValidated"),
], ids=["created", "context", "target", "start-index", "part-of", "last"])
def test_the_assertions_catch_what_breaks_a_must(committed, where, change, broken):
    """(The W3C's assertions do not test that a time is in UTC, with a Z, which the model
    also says MUST: Scholion's schema does, below.)"""
    collection = load(committed / "data" / "letter-a.annotations.jsonld")
    part = {"item": collection["first"]["items"][0], "page": collection["first"],
            "collection": collection}[where]
    part |= change
    for key in [key for key, value in change.items() if value is None]:
        del part[key]
    assert any(name.endswith(broken + ".json") for name in musts_failed(collection))


@pytest.mark.parametrize("change", [{"created": "2024-03-05"},
                                    {"modified": "2024-03-05T00:00:00+05:00"},
                                    {"@context": None}], ids=["date", "offset", "context"])
def test_scholions_schema_holds_the_data_models_musts(committed, change):
    data = load(committed / "data" / "letter-a.annotations.jsonld")
    jsonschema.validate(data, scholion_schema(), format_checker=jsonschema.FormatChecker())
    data["first"]["items"][0] |= change
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, scholion_schema(), format_checker=jsonschema.FormatChecker())


def test_a_note_selects_its_phrase_within_its_paragraph(real_build):
    """One selector: the paragraph by its anchor, refined by the quote in it (§4.2.9), not
    two alternatives that select different things (§4.2)."""
    data = load(real_build / "data" / "kansai-1987.annotations.jsonld")
    item = next(i for i in data["first"]["items"] if i["id"].endswith("#note-santori-is-suntory"))
    target = item["target"]
    assert target["type"] == "SpecificResource"
    assert target["source"] == {"id": "https://example.org/scholion/kansai-1987.html",
                                "type": "Text", "format": "text/html", "language": "en"}
    selector = target["selector"]
    assert (selector["type"], selector["value"], selector["conformsTo"]) == (
        "FragmentSelector", "l1-3", HTML_FRAGMENTS)
    quote = selector["refinedBy"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "Santori"
    assert quote["prefix"].endswith('the companies "') and quote["suffix"].startswith('"')
    block = next(b for b in load(real_build / "data" / "kansai-1987.json")["blocks"]
                 if b["id"] == "l1-3")
    assert block["text"].count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
    assert item["motivation"] == "identifying"
    assert all(isinstance(i["target"].get("selector", {}), dict) for i in data["first"]["items"])


def test_the_headnote_targets_the_whole_document(real_build):
    data = load(real_build / "data" / "kansai-1987.annotations.jsonld")
    head = data["first"]["items"][0]
    assert head["id"] == "https://example.org/scholion/kansai-1987.html#doc-headnote"
    assert head["target"] == {"id": "https://example.org/scholion/kansai-1987.html",
                              "type": "Text", "format": "text/html", "language": "en"}


def test_the_one_page_is_part_of_its_collection_and_is_its_last(real_build):
    data = load(real_build / "data" / "kansai-1987.annotations.jsonld")
    page = data["first"]
    assert "@context" not in page  # embedded: SHOULD NOT have one (§5.2)
    assert (page["partOf"], page["startIndex"], data["last"]) == (data["id"], 0, page["id"])
    assert data["total"] == len(page["items"]) > 40


def test_a_document_without_notes_has_a_collection_without_a_page(fixture_site):
    """§5.2: a page MUST have one annotation or more; §5.1: `first` only when total > 0."""
    data = load(fixture_site / "data" / "letter-b.annotations.jsonld")
    assert data["total"] == 0 and "first" not in data and "last" not in data
    assert musts_failed(data) == []


@pytest.mark.parametrize(("editors", "author", "agent"), [
    ('"The fixture editors"', "The fixture editors", "Organization"),  # one collective name
    ('["Ann Example", "Bo Example"]', "Ann Example", "Person"),  # editors one by one
    ('"The fixture editors"', "A. Guest", None),  # no one says what A. Guest is
])
def test_a_notes_creator_is_typed_only_as_the_edition_says(mini, tmp_path, editors, author,
                                                          agent):
    replace_in(mini / "pyproject.toml", 'editors = "The fixture editors"', f"editors = {editors}")
    replace_in(mini / "annotations" / "busy-harbour.md",
               "  name: The fixture editors\n  orcid: 0000-0002-1825-0097\n", f"  name: {author}\n")
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    items = load(out / "data" / "letter-a.annotations.jsonld")["first"]["items"]
    creator = next(i for i in items if i["id"].endswith("#note-busy-harbour"))["creator"]
    assert creator.get("type") == agent and creator["name"] == author and "id" not in creator


def test_an_orcid_makes_the_creator_a_person_by_that_iri(fixture_site):
    items = load(fixture_site / "data" / "letter-a.annotations.jsonld")["first"]["items"]
    creator = next(i for i in items if i["id"].endswith("#note-busy-harbour"))["creator"]
    assert creator == {"id": "https://orcid.org/0000-0002-1825-0097", "type": "Person",
                       "name": "The fixture editors"}


def test_note_times_come_from_the_history_as_utc_datetimes(committed):
    """git gives the day only (see load.history): the note's times are that day, at
    midnight UTC."""
    items = [item for c in collections(committed).values()
             for item in c.get("first", {}).get("items", [])]
    assert items
    assert {(item["created"], item["modified"]) for item in items} == {
        ("2024-03-05T00:00:00Z", "2024-03-05T00:00:00Z")}
