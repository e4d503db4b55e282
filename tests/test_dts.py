"""The static API against DTS 1.0 (https://dtsapi.org/versions/v1.0, February 2026), Level
0, for the 1987 edition and the two-letter fixture: each requirement of the specification
that a file can show is an assertion here. A client is played as DTS clients play one:
from the entry point, expanding the URI templates with an RFC 6570 library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import lxml.etree
import pytest
from uritemplate import URITemplate, variables

from conftest import FIXTURES
from scholion import pipeline

# The terms the DTS 1.0 JSON-LD context (https://dtsapi.org/context/v1.0.json) defines:
# context/v1.0.json of github.com/distributed-text-services/specifications at commit
# d246cd6e2573cdb164f25cb03e6e16badcc00822 (13 February 2026, "v1.0 update"), listed here.
DTS_TERMS = frozenset({
    "CitableUnit", "CitationTree", "CiteStructure", "Collection", "EntryPoint",
    "MetadataObject", "Navigation", "Pagination", "Resource", "citationTrees",
    "citeStructure", "description", "lang", "value", "dublinCore", "end", "extensions",
    "first", "last", "member", "next", "previous", "ref", "resource", "start", "title",
    "view", "citeType", "collection", "document", "download", "dtsVersion", "identifier",
    "level", "mediaTypes", "navigation", "parent", "totalChildren", "totalParents"})
KEYWORDS = frozenset({"@context", "@id", "@type"})
# Dublin Core Terms (http://purl.org/dc/terms/) that Scholion's `dublinCore` objects use.
DC_TERMS = frozenset({"title", "creator", "date", "language", "publisher"})
CONTEXT = "https://dtsapi.org/context/v1.0.json"
TEI = "http://www.tei-c.org/ns/1.0"
WRAPPER = "https://w3id.org/api/dts#"  # DTS 1.0, "XML/TEI encoding and sub-tree representation"


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dts") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    assert pipeline.build(root, root / "build").ok
    return root / "build"


@pytest.fixture(params=["real", "mini"])
def site(request) -> Path:
    return request.getfixturevalue("real_build" if request.param == "real" else "mini_build")


class Client:
    """Reads the built folder as a DTS client reads the API: by URL."""

    def __init__(self, out: Path) -> None:
        self.out = out
        entry = (out / "api" / "dts" / "index.jsonld")
        self.entry = json.loads(entry.read_text(encoding="utf-8"))
        self.base = self.entry["@id"].removesuffix("api/dts/index.jsonld")

    def path(self, url: str) -> Path:
        assert url.startswith(self.base), url  # every link is absolute, on this site
        return self.out / unquote(url.removeprefix(self.base))

    def get(self, template: str, **values) -> dict:
        path = self.path(URITemplate(template).expand(**values))
        assert path.is_file(), f"{template} {values} → {path} is missing"
        return json.loads(path.read_text(encoding="utf-8"))

    def tei(self, template: str, **values) -> lxml.etree._Element:
        path = self.path(URITemplate(template).expand(**values))
        assert path.is_file(), f"{template} {values} → {path} is missing"
        return lxml.etree.fromstring(path.read_bytes())

    def resources(self) -> list[dict]:
        return self.get(self.entry["collection"])["member"]

    def tree(self, resource: dict) -> list[dict]:
        return self.get(resource["navigation"], resource=resource["@id"], down=-1)["member"]


def jsonld_files(out: Path) -> list[Path]:
    files = sorted((out / "api" / "dts").rglob("*.jsonld"))
    assert files
    return files


def test_the_entry_point_names_the_three_endpoints_by_template(site):
    entry = Client(site).entry
    assert entry["@context"] == CONTEXT and entry["dtsVersion"] == "1.0"
    assert entry["@type"] == "EntryPoint" and entry["@id"].endswith("api/dts/index.jsonld")
    # the parameters are the specification's names; no start/end: Level 0
    assert set(variables(entry["collection"])) == {"id", "nav", "page"}
    assert set(variables(entry["navigation"])) == {"resource", "ref", "down"}
    assert set(variables(entry["document"])) == {"resource", "ref"}


def test_every_answer_is_dts_1_0_json_ld(site):
    for path in jsonld_files(site):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["@context"] == CONTEXT and data["dtsVersion"] == "1.0", path
        assert_terms(data, path)


def assert_terms(value, path: Path) -> None:
    """Every key is a term of the DTS 1.0 context (or a JSON-LD keyword); `dublinCore`
    holds Dublin Core terms whose values are MetadataObject values; `extensions` brings
    a context of its own for the terms it uses."""
    if isinstance(value, list):
        for item in value:
            assert_terms(item, path)
        return
    if not isinstance(value, dict):
        return
    for key, inner in value.items():
        assert key in DTS_TERMS | KEYWORDS, f"{path.name}: {key!r} is not a DTS 1.0 term"
        if key == "dublinCore":
            assert set(inner) <= DC_TERMS, path
            for term, literal in inner.items():
                assert isinstance(literal, (list, str, int, float)), (path, term)
                for item in literal if isinstance(literal, list) else ():
                    assert isinstance(item, str) or set(item) == {"lang", "value"}, path
        elif key == "extensions":
            assert "@vocab" in inner["@context"], path
        else:
            assert_terms(inner, path)


def test_the_root_collection_lists_every_document_as_a_resource(site):
    client = Client(site)
    root = client.get(client.entry["collection"])
    documents = sorted(p.name.removesuffix(".xml") for p in (site / "data").glob("*.xml")
                       if p.name != "registers.xml")
    assert root["@type"] == "Collection" and root["totalParents"] == 0
    assert root["totalChildren"] == len(root["member"]) == len(documents)
    assert "totalItems" not in root  # removed in DTS 1.0
    assert client.get(client.entry["collection"], id=root["@id"]) == root  # by its id too
    assert sorted(r["@id"] for r in root["member"]) == documents
    for resource in root["member"]:
        assert resource["@type"] == "Resource"
        for key in ("title", "collection", "navigation", "document", "citationTrees"):
            assert resource[key], key
        assert resource["totalParents"] == 1 and resource["totalChildren"] == 0
        assert resource["mediaTypes"] == ["application/tei+xml"]
        alone = client.get(client.entry["collection"], id=resource["@id"])
        assert alone == {"@context": CONTEXT, "dtsVersion": "1.0", **resource}
        assert client.get(resource["collection"]) == alone


def test_navigation_reaches_every_citable_block_once_in_a_consistent_tree(site):
    client = Client(site)
    for resource in client.resources():
        data = json.loads((site / "data" / f"{resource['@id']}.json").read_text())
        units = client.tree(resource)
        anchors = [u["identifier"] for u in units]
        assert len(anchors) == len(set(anchors))  # unique in the tree
        assert {b["id"] for b in data["blocks"]} <= set(anchors)  # every block
        level = {None: 0}
        for unit in units:  # document order: a parent comes before its children
            assert unit["@type"] == "CitableUnit"
            assert unit["level"] == level[unit["parent"]] + 1, unit
            level[unit["identifier"]] = unit["level"]
        [tree] = resource["citationTrees"]
        assert tree["@type"] == "CitationTree" and "identifier" not in tree  # the default
        kinds = {u["identifier"]: u["citeType"] for u in units}
        for unit in units:  # each unit's kind is where the citeStructure says it can be
            path, parent = [unit["citeType"]], unit["parent"]
            while parent is not None:
                path.insert(0, kinds[parent])
                parent = next(u["parent"] for u in units if u["identifier"] == parent)
            structure = tree["citeStructure"]
            for kind in path:
                [step] = [s for s in structure if s["citeType"] == kind]
                structure = step.get("citeStructure", [])


def test_down_gives_the_tree_to_each_depth(site):
    client = Client(site)
    for resource in client.resources():
        units = client.tree(resource)
        deepest = max(u["level"] for u in units)
        for down in range(1, deepest + 1):
            answer = client.get(resource["navigation"], down=down)
            assert "ref" not in answer
            assert answer["member"] == [u for u in units if u["level"] <= down]
            assert answer["resource"]["@id"] == resource["@id"]
            assert answer["@id"] == URITemplate(resource["navigation"]).expand(down=down)


def test_every_collection_answers_for_its_children_and_its_parents(site):
    client = Client(site)
    template = client.entry["collection"]
    root = client.get(template)
    assert client.get(template, nav="children") == root
    assert client.get(template, id="index") == root
    assert client.get(template, id="index", nav="parents")["member"] == []
    for resource in root["member"]:
        alone = client.get(template, id=resource["@id"])
        assert alone["@id"] == resource["@id"] and "member" not in alone
        assert client.get(template, id=resource["@id"], nav="children") == alone
        parents = client.get(template, id=resource["@id"], nav="parents")["member"]
        assert [p["@id"] for p in parents] == [root["@id"]]
        assert parents[0]["totalChildren"] == len(root["member"])


def test_siblings_and_any_depth_are_served_for_every_unit(site):
    """Level 0 serves every valid call but start/end: down=0 (the siblings) and a depth
    below what a unit holds (what there is), for every unit."""
    client = Client(site)
    for resource in client.resources():
        units = client.tree(resource)
        height = max(u["level"] for u in units)
        for unit in units:
            # "0", not 0: uritemplate takes the number 0 for an empty value (";down"),
            # where RFC 6570 expands it as any value (";down=0")
            siblings = client.get(resource["navigation"], ref=unit["identifier"], down="0")
            assert siblings["ref"] == unit
            assert siblings["member"] == [u for u in units if u["parent"] == unit["parent"]]
            for depth in range(1, height + 1):
                deep = client.get(resource["navigation"], ref=unit["identifier"], down=depth)
                assert deep["member"][0] == unit
                assert all(unit["level"] < u["level"] <= unit["level"] + depth
                           for u in deep["member"][1:])


def test_every_unit_is_navigated_by_ref(site):
    """Level 0 serves every citable unit: a leaf alone, and with down=-1 itself as its
    only member; a unit that holds units, to each depth."""
    client = Client(site)
    holders = leaves = 0
    for resource in client.resources():
        units = client.tree(resource)
        for i, unit in enumerate(units):
            inside = []
            for other in units[i + 1:]:
                if other["level"] <= unit["level"]:
                    break
                inside.append(other)
            if not inside:
                leaves += 1
                alone = client.get(resource["navigation"], ref=unit["identifier"])
                assert alone["ref"] == unit and "member" not in alone
                whole = client.get(resource["navigation"], ref=unit["identifier"], down=-1)
                assert whole["ref"] == unit and whole["member"] == [unit]
                continue
            holders += 1
            alone = client.get(resource["navigation"], ref=unit["identifier"])
            assert alone["ref"] == unit and "member" not in alone  # no down: no member
            whole = client.get(resource["navigation"], ref=unit["identifier"], down=-1)
            assert whole["ref"] == unit and whole["member"] == [unit, *inside]
            one = client.get(resource["navigation"], ref=unit["identifier"], down=1)
            assert one["member"] == [unit, *(u for u in inside
                                             if u["level"] == unit["level"] + 1)]
    assert holders and leaves  # the 1987 lists and the fixture's list hold their items


def test_the_document_endpoint_gives_each_unit_in_a_dts_wrapper(site):
    client = Client(site)
    for resource in client.resources():
        data = json.loads((site / "data" / f"{resource['@id']}.json").read_text())
        texts = {b["id"]: b for b in data["blocks"]}
        for unit in client.tree(resource):
            root = client.tei(resource["document"], ref=unit["identifier"])
            assert root.tag == f"{{{TEI}}}TEI"
            [wrapper] = root
            assert wrapper.tag == f"{{{WRAPPER}}}wrapper"
            [element] = wrapper  # the unit's own element, as the source writes it
            assert element.tag.startswith(f"{{{TEI}}}")
            provisional = unit["extensions"].get("provisional", False)
            expected = None if provisional else unit["identifier"]
            assert element.get("{http://www.w3.org/XML/1998/namespace}id") == expected
            if unit["identifier"] in texts and texts[unit["identifier"]]["text"]:
                words = " ".join(element.xpath("string()").split())
                assert texts[unit["identifier"]]["text"].split()[0] in words


def test_the_whole_document_is_the_tei_source_without_wrapper(site):
    client = Client(site)
    for resource in client.resources():
        path = client.path(URITemplate(resource["document"]).expand())
        assert path.read_bytes() == (site / "data" / f"{resource['@id']}.xml").read_bytes()
        root = lxml.etree.fromstring(path.read_bytes())
        assert root.tag == f"{{{TEI}}}TEI" and not root.xpath("//*[local-name()='wrapper']")


def test_the_fixture_list_is_a_unit_above_its_items(mini_build):
    client = Client(mini_build)
    [letter_a] = [r for r in client.resources() if r["@id"] == "letter-a"]
    units = {u["identifier"]: u for u in client.tree(letter_a)}
    assert (units["a-l1"]["citeType"], units["a-l1"]["level"]) == ("list", 1)
    assert [(units[i]["parent"], units[i]["level"]) for i in ("a-l1-1", "a-l1-2")] == [
        ("a-l1", 2), ("a-l1", 2)]
    assert units["a-p1"]["extensions"]["n"] == "2"
    assert units["a-p1"]["@id"].endswith("letter-a.html#a-p1")
    structure = letter_a["citationTrees"][0]["citeStructure"]
    assert [s["citeType"] for s in structure] == ["head", "p", "list"]
    assert [s["citeType"] for s in structure[2]["citeStructure"]] == ["item"]


def test_the_1987_nested_items_are_three_levels_deep(real_build):
    client = Client(real_build)
    [resource] = client.resources()
    units = {u["identifier"]: u for u in client.tree(resource)}
    assert len(units) == 53 + 2  # the 53 blocks, and the two lists with an xml:id
    assert (units["l1-11-1"]["parent"], units["l1-11-1"]["level"]) == ("l1-11", 3)
    assert (units["registry"]["parent"], units["registry"]["level"]) == (None, 1)
