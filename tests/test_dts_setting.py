"""The `dts` setting: what the static DTS 1.0 API publishes. "units" is every call, each
citable unit's too (tests/test_dts.py checks those files for the 1987 edition and the
fixture); "documents" the entry point, the collections and each document whole, as
Resources without a citation tree; `false` no API. Without the setting, a small edition
gets "units" and a paged collection (more than 100 documents) "documents".

For "documents", DTS 1.0 says: "If a Resource is a document without a citation tree, the
citationTrees property is an empty array", and "All requests on a Resource without any
CitationTrees at the Navigation endpoint will return an empty member array and must not
return an HTTP error" (dtsapi.org/versions/v1.0, Navigation endpoint, "Usage of tree").
No `ref` is valid there, so no unit's file is owed; a Navigation call without `ref` needs
a `down` (without one it is a 400), and its files stop at the tree's depth as for
"units" (`down=-1`, and `down=1`, the least depth)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from uritemplate import URITemplate

from collection_corpus import write_collection
from conftest import FIXTURES, replace_in
from scholion import pipeline
from scholion.common.routes import (
    API,
    DTS_PER_PAGE,
    LIST_ALL,
    dts_collection_url,
    dts_root_requests,
)
from scholion.export.dts import dts_pages
from scholion.link import Site, link_edition
from scholion.load.config import load_config
from scholion.model import Edition
from test_dts import CONTEXT, Client, assert_terms


def build_mini(folder: Path, setting: str | None) -> Path:
    """The two-letter fixture built with `dts = setting` (None: the setting absent)."""
    root = folder / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    if setting is not None:
        with (root / "pyproject.toml").open("a", encoding="utf-8") as file:
            file.write(f"dts = {setting}\n")
    result = pipeline.build(root, root / "build")
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    return root / "build"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The fixture built without the setting, with "documents" and with false."""
    return {name: build_mini(tmp_path_factory.mktemp(name), setting)
            for name, setting in (("default", None), ("documents", '"documents"'),
                                  ("false", "false"))}


def api_files(out: Path) -> set[str]:
    folder = out / API
    return {p.relative_to(out).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_without_the_setting_a_small_edition_publishes_every_unit(built):
    files = api_files(built["default"])
    # the fixture's letter-a has a list a-l1 with items: its unit files are there
    assert {f"{API}/navigation/letter-a/a-l1.jsonld", f"{API}/navigation/letter-a/a-l1;down=0"
            ".jsonld", f"{API}/navigation/letter-a/a-l1;down=-1.jsonld",
            f"{API}/document/letter-a/a-l1.tei"} <= files
    [resource] = [r for r in Client(built["default"]).resources() if r["@id"] == "letter-a"]
    assert resource["citationTrees"]


def test_documents_publishes_the_collections_and_each_document_whole(built):
    out = built["documents"]
    documents = ("letter-a", "letter-b")
    expected = {f"{API}/index.jsonld",
                *(f"{API}/collection{f'/{root}' if root else ''}{f';nav={nav}' if nav else ''}"
                  ".jsonld" for root in ("", "index") for nav in ("", "children", "parents")),
                *(f"{API}/collection/{doc}{f';nav={nav}' if nav else ''}.jsonld"
                  for doc in documents for nav in ("", "children", "parents")),
                *(f"{API}/document/{doc}.tei" for doc in documents),
                *(f"{API}/navigation/{doc};down={down}.jsonld"
                  for doc in documents for down in (-1, 1))}
    assert api_files(out) == expected  # no unit's navigation or document file
    assert not (out / API / "navigation" / "letter-a").exists()
    assert not (out / API / "document" / "letter-a").exists()
    for path in (out / API).rglob("*.jsonld"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["@context"] == CONTEXT and data["dtsVersion"] == "1.0", path
        assert_terms(data, path)


def test_every_call_a_client_can_make_of_documents_is_answered(built):
    """From the entry point alone, as a client: each template, expanded with what the
    answers give, names a file, and a Resource without a citation tree navigates to an
    empty `member`."""
    out = built["documents"]
    client = Client(out)
    template = client.entry["collection"]
    root = client.get(template)
    assert client.get(template, nav="children") == root
    assert client.get(template, id=root["@id"]) == root
    assert client.get(template, id=root["@id"], nav="parents")["member"] == []
    assert [r["@id"] for r in root["member"]] == ["letter-a", "letter-b"]
    for resource in root["member"]:
        assert resource["citationTrees"] == []  # DTS: none, an empty array
        assert "extensions" not in resource  # no anchor aliases: there is no ref to move
        alone = client.get(template, id=resource["@id"])
        assert alone == {"@context": CONTEXT, "dtsVersion": "1.0", **resource}
        assert client.get(resource["collection"]) == alone
        assert client.get(template, id=resource["@id"], nav="children") == alone
        parents = client.get(template, id=resource["@id"], nav="parents")["member"]
        assert [p["@id"] for p in parents] == [root["@id"]]
        for down in (-1, 1):
            answer = client.get(resource["navigation"], down=down)
            assert answer["@type"] == "Navigation" and answer["member"] == []
            assert "ref" not in answer
            assert answer["resource"]["@id"] == resource["@id"]
            assert answer["resource"]["citationTrees"] == []
            assert answer["@id"] == URITemplate(resource["navigation"]).expand(down=down)
        whole = client.path(URITemplate(resource["document"]).expand())
        assert whole.read_bytes() == (out / "data" / f"{resource['@id']}.xml").read_bytes()


def test_documents_pages_say_so_and_link_no_unit_file(built):
    out = built["documents"]
    about = (out / "about.html").read_text(encoding="utf-8")
    assert 'href="api/dts/index.jsonld"' in about
    assert "The collection by document, as a static Distributed Text Services" in about
    assert "by document and anchor" not in about
    assert "navigation" not in (out / "letter-a.html").read_text(encoding="utf-8")
    default = (built["default"] / "letter-a.html").read_text(encoding="utf-8")
    assert "api/dts/navigation/letter-a;down=-1.jsonld" in default  # units: linked


def test_false_publishes_no_api_and_no_page_links_to_one(built):
    out = built["false"]
    assert not (out / "api").exists()
    assert (out / "data" / "letter-a.xml").is_file()  # the rest of the site is there
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "api/dts" not in text and "Distributed Text Services" not in text, page
    assert "api/dts" not in (out / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, expected", [('"units"', "units"),
                                             ('"documents"', "documents"),
                                             ("false", "none")])
def test_the_setting_is_read(mini, value, expected):
    replace_in(mini / "pyproject.toml", "pdf = false\n", f"pdf = false\ndts = {value}\n")
    config, problems = load_config(mini)
    assert problems == [] and config.dts == expected


@pytest.mark.parametrize("value", ['"pages"', "true", '""', "1", '["units"]'])
def test_another_value_is_an_error_at_its_line(mini, value):
    path = mini / "pyproject.toml"
    replace_in(path, "pdf = false\n", f"pdf = false\ndts = {value}\n")
    line = path.read_text(encoding="utf-8").splitlines().index(f"dts = {value}") + 1
    config, problems = load_config(mini)
    assert config is None and [(p.code, p.line) for p in problems] == [("E002", line)]
    assert '\'dts\' must be "units", "documents" or false' in problems[0].message
    assert problems[0].format().startswith(f"pyproject.toml:{line}:")


# --- a paged collection ------------------------------------------------------------------

@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> tuple[Edition, Site]:
    """A generated collection just large enough to be paged, and its plan."""
    root = write_collection(tmp_path_factory.mktemp("paged") / "letters", LIST_ALL + 1)
    edition, diagnostics = pipeline._load_and_check(root, False)
    assert edition is not None and not [d for d in diagnostics if d.is_error]
    return edition, link_edition(edition)


def api_routes(site: Site) -> set[str]:
    """The API's files as the plan routes them; `export.dts` must write exactly these."""
    routes = {r.url for r in site.routes if r.kind == "api"}
    assert {p.path for p in dts_pages(site)} == routes
    return routes


def test_without_the_setting_a_paged_collection_publishes_documents(paged):
    _, site = paged
    assert site.collection.paged and site.config.dts == "" and site.dts == "documents"
    assert site.documents[0].citation.units  # the letters have units: not published
    roots = len(dts_root_requests(len(site.documents)))  # the root's, on its pages
    assert len(api_routes(site)) == 1 + roots + 6 * len(site.documents)  # none of a unit


def test_the_root_collection_of_a_large_collection_is_paged(paged):
    # DTS 1.0: a paginated answer has a `view`; a client follows it from the first page
    # to the last and meets every document once, in the collection's order
    _, site = paged
    base, files = site.config.base_url, {p.path: p.content for p in dts_pages(site)}

    def answer(url: str) -> dict:
        assert url.startswith(base)
        return json.loads(files[url.removeprefix(base)])

    first = json.loads(files[dts_collection_url()])
    assert first["totalChildren"] == len(site.documents) > DTS_PER_PAGE
    seen, page, numbers = [], first, 0
    while True:
        numbers += 1
        assert 0 < len(page["member"]) <= DTS_PER_PAGE
        seen += [m["@id"] for m in page["member"]]
        view = page["view"]
        assert view["@type"] == "Pagination" and ("previous" in view) is (numbers > 1)
        assert view["first"] == base + dts_collection_url(page=1)
        if "next" not in view:
            assert view["@id"] == view["last"]
            break
        page = answer(view["next"])
    assert seen == [p.document.id for p in site.documents] and numbers == 2
    # the template a client is given reaches the same pages
    template = URITemplate(first["collection"].replace(base, ""))
    assert json.loads(files[template.expand(page=2)]) == page
    assert json.loads(files[template.expand(id="index", nav="children", page=1)]
                      )["member"] == first["member"]


def test_a_paged_collection_may_still_publish_every_unit(paged):
    edition, _ = paged
    config = dataclasses.replace(edition.config, dts="units")
    site = link_edition(dataclasses.replace(edition, config=config))
    assert site.collection.paged and site.dts == "units"
    doc, files = site.documents[0], api_routes(site)
    anchor = doc.citation.units[0].anchor
    assert {f"{API}/navigation/{doc.document.id}/{anchor}.jsonld",
            f"{API}/document/{doc.document.id}/{anchor}.tei"} <= files
