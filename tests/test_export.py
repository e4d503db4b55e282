"""Data exports: they validate against the schemas kept in the repository, and say what
the edition says."""

from __future__ import annotations

import csv
import json
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import lxml.etree
import lxml.html
import pytest

from conftest import add_filed_entries, replace_in
from scholion import pipeline


def schema(name: str) -> dict:
    return json.loads(files("scholion.schemas").joinpath(name).read_text())


@pytest.fixture
def real(real_build) -> Path:
    return real_build


@pytest.fixture
def fixture_site(mini, tmp_path) -> Path:
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    return out


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("site", ["real", "fixture_site"])
def test_json_exports_validate_against_their_schemas(site, request):
    out = request.getfixturevalue(site)
    documents = sorted(p for p in (out / "data").glob("*.json") if p.name.count(".") == 1)
    assert documents
    for path in documents:
        jsonschema.validate(load(path), schema("document.schema.json"))
    for path in (out / "data").glob("*.annotations.jsonld"):  # formats too: see
        jsonschema.validate(load(path), schema("web-annotations.schema.json"),  # their test
                            format_checker=jsonschema.FormatChecker())
    dts = list((out / "api" / "dts").rglob("*.jsonld"))
    assert len(dts) > 3
    for path in dts:
        jsonschema.validate(load(path), schema("dts.schema.json"))


@pytest.mark.parametrize(("when", "date"), [
    ("-0044", "-0044"), ("12000", "12000"), ("1975-01-02T09:30:00+09:00", "1975-01-02"),
    ("--01-02", ""), ("2 January 1975", ""),  # no point in time; does not conform (W115)
])
def test_a_header_date_is_exported_as_its_calendar_point(mini, tmp_path, when, date):
    replace_in(mini / "source" / "letter-b.xml", '<date when="1975-01-02">',
               f'<date when="{when}">')
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    data = load(out / "data" / "letter-b.json")
    jsonschema.validate(data, schema("document.schema.json"))
    assert data["metadata"]["date"] == date
    page = (out / "letter-b.html").read_text(encoding="utf-8")
    assert (f'<time datetime="{date}">' in page) == (date not in ("", "-0044"))  # HTML: AD


def test_a_broken_export_fails_its_schema(real):
    data = load(real / "data" / "kansai-1987.json")
    data["blocks"][0]["url"] = "kansai-1987.html"  # no base, no anchor
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema("document.schema.json"))


def test_tei_download_is_the_source_byte_for_byte(repo, real):
    assert (real / "data" / "kansai-1987.xml").read_bytes() == \
        (repo / "source" / "kansai-1987.xml").read_bytes()
    assert (real / "data" / "registers.xml").read_bytes() == \
        (repo / "source" / "registers.xml").read_bytes()


def test_document_json_lists_blocks_mentions_and_notes(real):
    data = load(real / "data" / "kansai-1987.json")
    assert [b["id"] for b in data["blocks"]][:4] == ["office", "dateline", "head", "p1"]
    assert data["blocks"][3]["url"] == "https://example.org/scholion/kansai-1987.html#p1"
    osima = next(m for m in data["mentions"] if m["text"] == "Y. Osima")
    assert (osima["entity"], osima["block"], osima["kind"]) == ("oshima-yasushi", "p3",
                                                                "person")
    assert len(data["annotations"]) >= 30  # the published ones: drafts are left out
    assert all(a["status"] != "draft" for a in data["annotations"])


def test_entities_csv_has_every_mention(real):
    text = (real / "data" / "kansai-1987.entities.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    data = load(real / "data" / "kansai-1987.json")
    assert len(rows) == len(data["mentions"])
    osaka = [r for r in rows if r["entity"] == "osaka"]
    assert osaka and all(r["url"].endswith("#" + r["block"]) for r in osaka)
    assert "https://www.wikidata.org/entity/Q35765" in osaka[0]["authorities"]


def test_citation_files(real):
    item = load(real / "data" / "kansai-1987.csl.json")[0]
    assert item["title"].startswith("Soviet Consulate in Japan")
    # a chapter of the edition, issued with the edition's version; the report's own date is
    # the original's, and its archive is the original's (in the note), not the edition's
    assert item["type"] == "chapter" and item["version"] == "0.1"
    assert item["original-date"] == {"date-parts": [[1987, 4, 1]]}
    assert "archive" not in item and "Russian original in Latvian State Archives" in item["note"]
    bib = (real / "data" / "kansai-1987.bib").read_text()
    assert bib.startswith("@incollection{kansai1987,") and "  origdate = {1987-04-01},\n" in bib
    ris = (real / "data" / "kansai-1987.ris").read_text().splitlines()
    assert ris[0] == "TY  - CHAP" and ris[-1] == "ER  - " and "ET  - 0.1" in ris


def test_plain_text_keeps_every_word_in_order(repo, real):
    import re

    from scholion.load import load_edition

    document = load_edition(repo).edition.documents[0]
    text = (real / "data" / "kansai-1987.txt").read_text()
    body = text.split("\n", 4)[4]
    words = [w for w in re.findall(r"\w+", body)]
    shown = [w for line in body.splitlines() if not line.startswith("[")
             for w in re.findall(r"\w+", line)]
    assert shown == re.findall(r"\w+", document.body.reading_text())
    assert words  # the anchors are there too


def test_site_files(real):
    info = load(real / "build-info.json")
    assert info["scholion"] and info["version"] and "lxml" in info["dependencies"]
    sitemap = (real / "sitemap.xml").read_text()
    assert "<loc>https://example.org/scholion/kansai-1987.html</loc>" in sitemap
    assert "Sitemap: https://example.org/scholion/sitemap.xml" in (real / "robots.txt").read_text()


def test_pages_carry_json_ld_and_canonical_urls(real):
    import lxml.html

    page = lxml.html.parse(str(real / "kansai-1987.html")).getroot()
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "ArchiveComponent" and data["dateCreated"] == "1987-04-01"
    assert data["translator"]["name"] == "Daniel Rozas"
    assert data["isPartOf"] == {"@id": "https://example.org/scholion/#edition"}
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "https://example.org/scholion/kansai-1987.html"]
    assert page.xpath("//meta[@property='og:title']/@content")


def reader_pages(out: Path) -> dict[str, lxml.html.HtmlElement]:
    """Every HTML page of a build that is meant for readers: all of them but any a page
    itself marks `noindex`."""
    pages = {p.relative_to(out).as_posix(): lxml.html.parse(str(p)).getroot()
             for p in sorted(out.rglob("*.html"))}
    return {path: page for path, page in pages.items()
            if "noindex" not in " ".join(page.xpath("//meta[@name='robots']/@content"))}


def canonical(page: lxml.html.HtmlElement) -> str:
    (href,) = page.xpath("//link[@rel='canonical']/@href")
    return href


@pytest.mark.parametrize("site", ["real", "fixture_site"])
def test_the_sitemap_lists_every_page_for_readers_by_its_canonical_url(site, request):
    out = request.getfixturevalue(site)
    pages = reader_pages(out)
    assert {"index.html", "about.html", "search.html"} <= set(pages)
    sitemap = lxml.etree.parse(str(out / "sitemap.xml"))
    locs = sitemap.xpath("//s:url/s:loc/text()",
                         namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert sorted(locs) == sorted(canonical(page) for page in pages.values())


def test_a_sitemap_past_its_size_is_an_index_of_sitemaps(mini, tmp_path, monkeypatch):
    # #17: one sitemap grew with the collection; past SITEMAP_SIZE pages, sitemap.xml
    # lists sitemaps of that many pages each, which between them list every page
    from scholion.common import routes as route_rules

    monkeypatch.setattr(route_rules, "SITEMAP_SIZE", 3)
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = lxml.etree.parse(str(out / "sitemap.xml"))
    assert index.getroot().tag == f"{{{space['s']}}}sitemapindex"
    parts = index.xpath("//s:sitemap/s:loc/text()", namespaces=space)
    base = "https://editions.test/letters/"
    # beside sitemap.xml: a sitemap may list only URLs at or below its own folder
    assert len(parts) >= 2 and all(re.fullmatch(rf"{base}sitemap-\d+\.xml", p) for p in parts)
    locs = []
    for part in parts:
        found = lxml.etree.parse(str(out / part.removeprefix(base)))
        listed = found.xpath("//s:url/s:loc/text()", namespaces=space)
        assert 1 <= len(listed) <= 3
        locs += listed
    pages = reader_pages(out)
    assert sorted(locs) == sorted(canonical(page) for page in pages.values())


@pytest.mark.parametrize("site", ["real", "fixture_site"])
def test_json_ld_names_each_page_by_its_canonical_url(site, request):
    pages = reader_pages(request.getfixturevalue(site))
    described = {}
    for path, page in pages.items():
        for script in page.xpath("//script[@type='application/ld+json']"):
            data = json.loads(script.text)
            described[path] = data["url"]
            assert data["@id"] in (data["url"], data["url"] + "#edition")
    assert set(described) == set(pages)  # the head template gives every page its JSON-LD
    assert described == {path: canonical(page) for path, page in pages.items()}


def test_places_geojson_puts_longitude_first_and_links_each_mention(fixture_site):
    collection = load(fixture_site / "data" / "places.geojson")
    assert collection["type"] == "FeatureCollection"
    osaka = next(f for f in collection["features"] if f["id"] == "osaka")
    assert osaka["geometry"] == {"type": "Point", "coordinates": [135.5011, 34.6938]}
    assert osaka["properties"]["mentions"] == [
        "https://editions.test/letters/letter-a.html#a-p1",
        "https://editions.test/letters/letter-b.html#b-p1"]
    assert "places.geojson" in (fixture_site / "about.html").read_text(encoding="utf-8")


WORDS = '''
from scholion.export import Format
from scholion.link import Download


def count(site, doc_page):
    words = sum(len(r.own.split()) for r in doc_page.readings)
    return f"{doc_page.document.id}: {words} words\\n".encode()


FORMAT = Format(Download(".words.txt", "Word count", "text/plain"), count)
'''


def test_a_package_adds_an_export_format_by_entry_point(mini, tmp_path, monkeypatch):
    """What a third-party package declares in its pyproject.toml
    (`[project.entry-points."scholion.exports"] words = "scholion_words:FORMAT"`) is what
    an installed distribution's entry_points.txt holds; here one is put on sys.path."""
    plugin = tmp_path / "plugin"
    (plugin / "scholion_words-0.1.dist-info").mkdir(parents=True)
    (plugin / "scholion_words-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: scholion-words\nVersion: 0.1\n")
    (plugin / "scholion_words-0.1.dist-info" / "entry_points.txt").write_text(
        "[scholion.exports]\nwords = scholion_words:FORMAT\n")
    (plugin / "scholion_words.py").write_text(WORDS)
    monkeypatch.syspath_prepend(str(plugin))
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    assert (out / "data" / "letter-a.words.txt").read_text().startswith("letter-a: ")
    page = (out / "letter-a.html").read_text(encoding="utf-8")
    assert 'href="data/letter-a.words.txt" type="text/plain" download>Word count</a>' in page


def test_the_data_says_which_anchors_are_provisional(mini, tmp_path):
    from conftest import replace_in

    replace_in(mini / "source" / "letter-b.xml", ' xml:id="b-sig"', "")
    (mini / "source" / "anchors.lock").unlink()  # b-sig was published: E401 otherwise
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    data = load(out / "data" / "letter-b.json")
    jsonschema.validate(data, schema("document.schema.json"))
    assert [(b["id"], b.get("provisional", False)) for b in data["blocks"]] == [
        ("b-p1", False), ("signed1", True)]
    navigation = load(out / "api" / "dts" / "navigation" / "letter-b;down=-1.jsonld")
    assert [m["extensions"].get("provisional", False) for m in navigation["member"]] == [
        False, True]


def test_the_schema_names_every_kind_of_mention():
    from scholion.common.kinds import MENTION_KINDS

    mention = schema("document.schema.json")["properties"]["mentions"]["items"]
    assert mention["properties"]["kind"]["enum"] == list(MENTION_KINDS)


def test_an_event_mention_is_in_the_json_and_the_csv(fixture_site):
    data = load(fixture_site / "data" / "letter-a.json")
    assert [m for m in data["mentions"] if m["kind"] == "event"] == [
        {"block": "a-l1-1", "text": "Ships came", "kind": "event", "entity": "arrival",
         "cert": ""}]
    text = (fixture_site / "data" / "letter-a.entities.csv").read_text(encoding="utf-8")
    [row] = [r for r in csv.DictReader(text.splitlines()) if r["kind"] == "event"]
    assert (row["entity"], row["name"], row["authorities"], row["paragraph"]) == (
        "arrival", "The arrival of the ships", "https://www.wikidata.org/entity/Q123456", "3")
    broken = data | {"mentions": [{**data["mentions"][0], "kind": "battle"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema("document.schema.json"))


def test_the_data_say_which_identifiers_the_editors_doubt(mini, tmp_path):
    add_filed_entries(mini)
    replace_in(mini / "source" / "letter-a.xml", "Trade was", 'Trade with <placeName '
               'ref="reg:leningrad">Leningrad</placeName> was')
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    features = {f["id"]: f["properties"]
                for f in load(out / "data" / "places.geojson")["features"]}
    assert features["leningrad"]["uncertain_authorities"] == {
        "https://www.wikidata.org/entity/Q656": "low"}
    assert features["leningrad"]["authorities"]["geonames"] == "https://sws.geonames.org/498817/"
    assert features["osaka"]["uncertain_authorities"] == {}
    text = (out / "data" / "letter-a.entities.csv").read_text(encoding="utf-8")
    rows = {r["entity"]: r for r in csv.DictReader(text.splitlines())}
    assert rows["leningrad"]["uncertain_authorities"] == "https://www.wikidata.org/entity/Q656"
    assert "https://sws.geonames.org/498817/" in rows["leningrad"]["authorities"]
    assert rows["osaka"]["uncertain_authorities"] == ""


def test_the_data_name_the_editors_version_and_the_commit_apart(real):
    data = load(real / "data" / "kansai-1987.json")
    assert data["version"] == "0.1" and data["revision"] != "0.1"
    info = json.loads((real / "build-info.json").read_text())
    assert info["version"] == "0.1" and info["revision"] == data["revision"]
