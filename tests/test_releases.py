"""Releases: git tags published at v/VERSION/ beside the current edition, each naming
itself, cited at its lasting address, its anchors resolving in the current text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from conftest import FIXTURES, replace_in, tree_digest
from scholion import pipeline
from scholion.load.releases import find_releases

BASE = "https://editions.test/letters/"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout


def commit(root: Path, message: str, tag: str = "") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", "-a", tag, "-m", f"Release {tag}")


def set_version(root: Path, version: str) -> None:
    path = root / "pyproject.toml"
    text = re.sub(r'^version = ".*"\n', "", path.read_text(), flags=re.M)
    path.write_text(text.replace("[tool.scholion]\n", f'[tool.scholion]\nversion = "{version}"\n'))


def new_repo(tmp: Path) -> Path:
    root = tmp / "letters"
    shutil.copytree(FIXTURES / "mini", root)
    git(root, "init", "-q")
    git(root, "config", "user.email", "editor@editions.test")
    git(root, "config", "user.name", "Ed Itor")
    return root


def accept(root: Path) -> None:
    assert pipeline.accept_anchors_of(root).files == 1


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_released(tmp_path_factory.mktemp("released"))


def make_released(tmp: Path) -> Path:
    """The mini edition with two releases and changes since, built: 1.0; 1.1 (a paragraph
    reworded, another renamed with an alias); then, unreleased, another rewording."""
    root = new_repo(tmp)
    set_version(root, "1.0")
    commit(root, "first release", tag="v1.0")
    letter = root / "source" / "letter-a.xml"
    replace_in(letter, "Trade was <choice>", "Trade was, by all accounts, <choice>")
    replace_in(letter, 'xml:id="a-p2"', 'xml:id="a-trade"')
    lock = root / "source" / "anchors.lock"
    lock.write_text(lock.read_text() + "letter-a a-p2 -> a-trade  # renamed in 1.1\n")
    set_version(root, "1.1")
    accept(root)
    commit(root, "second release", tag="v1.1")
    replace_in(letter, "was busy in", "was very busy in")
    set_version(root, "1.2")
    accept(root)
    commit(root, "work towards 1.2")
    result = pipeline.build(root, root / "build")
    assert result.ok, result.diagnostics
    return root


def page(root: Path, path: str) -> html.HtmlElement:
    return html.fromstring((root / "build" / path).read_bytes())


def test_every_release_is_published_at_its_own_path(released: Path) -> None:
    build = released / "build"
    for version in ("1.0", "1.1"):
        info = json.loads((build / "v" / version / "build-info.json").read_text())
        assert info["release"] == version
        assert (build / "v" / version / "letter-a.html").is_file()
        assert (build / "v" / version / "pagefind" / "pagefind-entry.json").is_file()
    info = json.loads((build / "build-info.json").read_text())
    assert info["release"] == "" and info["version"] == "1.2"
    assert [r["version"] for r in info["releases"]] == ["1.0", "1.1"]
    assert info["releases"][0]["url"] == BASE + "v/1.0/"


def test_each_release_has_its_own_text(released: Path) -> None:
    texts = {v: page(released, f"{p}letter-a.html").get_element_by_id("main")
             .find_class("tei-body")[0].text_content()
             for v, p in (("1.0", "v/1.0/"), ("1.1", "v/1.1/"), ("now", ""))}
    assert "by all accounts" not in texts["1.0"] and "very busy" not in texts["1.0"]
    assert "by all accounts" in texts["1.1"] and "very busy" not in texts["1.1"]
    assert "by all accounts" in texts["now"] and "very busy" in texts["now"]


def test_every_page_names_its_release(released: Path) -> None:
    build = released / "build"
    for path in sorted(build.rglob("*.html")):
        relative = path.relative_to(build).as_posix()
        line = html.fromstring(path.read_bytes()).find_class("release-line")
        assert len(line) == 1, relative
        words = " ".join(line[0].text_content().split())
        if relative.startswith("v/1.0/"):
            assert words.startswith("Release 1.0 of this edition"), relative
            assert "from revision v1.0" in words
        elif relative.startswith("v/1.1/"):
            assert words.startswith("Release 1.1 of this edition"), relative
        else:
            assert words.startswith("Version 1.2 of this edition, not yet released"), relative


def test_an_older_release_says_a_newer_one_exists(released: Path) -> None:
    banner = page(released, "v/1.0/letter-a.html").find_class("release-banner")[0]
    assert "A newer release, 1.1, exists" in " ".join(banner.text_content().split())
    assert banner.find(".//a").get("href") == BASE + "letter-a.html"
    newest = page(released, "v/1.1/letter-a.html").find_class("release-banner")[0]
    assert "newer release" not in newest.text_content()
    assert not page(released, "letter-a.html").find_class("release-banner")


def test_citations_and_cite_as_name_the_release(released: Path) -> None:
    for prefix, version in (("v/1.0/", "1.0"), ("v/1.1/", "1.1"), ("", "1.2")):
        doc = page(released, prefix + "letter-a.html")
        cite_as = doc.find(".//link[@rel='cite-as']").get("href")
        assert cite_as == BASE + prefix + "letter-a.html"
        chicago = json.loads(doc.get_element_by_id("scholion-cite-edition").text)
        note = "".join(chicago["styles"]["chicago"]["citation"])
        assert f"version {version} " in note and f"{BASE}{prefix}." in note
        data = json.loads((released / "build" / prefix / "data" / "letter-a.csl.json")
                          .read_text())
        item = data[0] if isinstance(data, list) else data
        assert item["URL"] == BASE + prefix + "letter-a.html"
        assert item["version"] == version


def test_the_about_page_lists_every_release(released: Path) -> None:
    table = page(released, "about.html").get_element_by_id("releases").getparent()
    rows = [" ".join(r.text_content().split()) for r in table.findall(".//tbody/tr")]
    assert rows[0].startswith("1.1") and rows[1].startswith("1.0")
    assert BASE + "v/1.0/" in rows[1]
    assert "will be release 1.2" in table.text_content()


def test_anchors_of_every_release_resolve_in_the_current_text(released: Path) -> None:
    build = released / "build"
    for release in ("1.0", "1.1"):
        for path in sorted((build / "v" / release).glob("letter-*.html")):
            cited = {a.get("href")[1:] for a in html.fromstring(path.read_bytes())
                     .find_class("anchor")}
            current = html.fromstring((build / path.name).read_bytes())
            ids = {e.get("id") for e in current.iter() if e.get("id")}
            assert cited and cited <= ids, (release, path.name, cited - ids)
    assert "a-p2" in {a.get("href")[1:] for a in page(released, "v/1.0/letter-a.html")
                      .find_class("anchor")}


def test_the_current_search_index_holds_only_the_current_pages(released: Path) -> None:
    entry = json.loads((released / "build" / "pagefind" / "pagefind-entry.json").read_text())
    pages = sum(language["page_count"] for language in entry["languages"].values())
    older = json.loads((released / "build" / "v" / "1.0" / "pagefind" /
                        "pagefind-entry.json").read_text())
    assert pages == sum(language["page_count"] for language in older["languages"].values())


def test_two_builds_of_one_commit_are_identical(released: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert pipeline.build(released, again).ok
    assert tree_digest(again) == tree_digest(released / "build")


def test_the_current_text_of_a_release_is_cited_there(tmp_path: Path) -> None:
    root = new_repo(tmp_path)
    set_version(root, "1.0")
    commit(root, "first release", tag="v1.0")
    result = pipeline.build(root, root / "build")
    assert result.ok and not [d for d in result.diagnostics if d.code == "W006"]
    doc = html.fromstring((root / "build" / "letter-a.html").read_bytes())
    assert doc.find(".//link[@rel='canonical']").get("href") == BASE + "letter-a.html"
    assert doc.find(".//link[@rel='cite-as']").get("href") == BASE + "v/1.0/letter-a.html"
    line = " ".join(doc.find_class("release-line")[0].text_content().split())
    assert line.startswith("Release 1.0 of this edition")
    cite = json.loads((root / "build" / "data" / "letter-a.csl.json").read_text())
    item = cite[0] if isinstance(cite, list) else cite
    assert item["URL"] == BASE + "v/1.0/letter-a.html"


def test_a_change_without_a_new_version_is_a_warning(tmp_path: Path) -> None:
    root = new_repo(tmp_path)
    set_version(root, "1.0")
    commit(root, "first release", tag="v1.0")
    replace_in(root / "annotations" / "ships-went.md", "\n---\n", "\n---\n\nAlso: ")
    result = pipeline.build(root, root / "build")
    found = [d for d in result.diagnostics if d.code == "W006"]
    assert result.ok and len(found) == 1 and "release 1.0 (tag v1.0)" in found[0].message
    doc = html.fromstring((root / "build" / "letter-a.html").read_bytes())
    assert doc.find(".//link[@rel='cite-as']").get("href") == BASE + "letter-a.html"


def test_a_shallow_clone_says_its_releases_are_unknown(released: Path, tmp_path: Path
                                                       ) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags",
                    f"file://{released}", str(clone)], check=True)
    result = pipeline.build(clone, clone / "build")
    assert result.ok and [d.code for d in result.diagnostics].count("W005") == 1
    assert not (clone / "build" / "v").exists()
    about = html.fromstring((clone / "build" / "about.html").read_bytes())
    assert "built without the list of the edition's releases" in " ".join(
        about.get_element_by_id("releases").getparent().text_content().split())


def test_a_release_that_cannot_be_built_is_a_warning_and_keeps_its_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path)
    set_version(root, "0.9")
    commit(root, "an early release", tag="v0.9")
    set_version(root, "1.0")
    commit(root, "towards 1.0")
    assert pipeline.build(root, root / "build").ok
    kept = tree_digest(root / "build" / "v" / "0.9")
    monkeypatch.setattr(pipeline, "extract", lambda *args: False)
    result = pipeline.build(root, root / "build", cache=False)  # no cache: built again
    found = [d for d in result.diagnostics if d.code == "W007"]
    assert result.ok and len(found) == 1 and "release 0.9 (tag v0.9)" in found[0].message
    assert tree_digest(root / "build" / "v" / "0.9") == kept
    monkeypatch.undo()
    (root / "build").rename(tmp_path / "old")
    monkeypatch.setattr(pipeline, "extract", lambda *args: False)
    assert pipeline.build(root, root / "build", cache=False).ok
    assert not (root / "build" / "v").exists()


def test_a_release_broken_at_its_tag_is_not_published(tmp_path: Path) -> None:
    root = new_repo(tmp_path)
    letter = root / "source" / "letter-b.xml"
    good = letter.read_text()
    letter.write_text(good.replace("</TEI>", ""))
    set_version(root, "0.1")
    commit(root, "tagged by mistake", tag="v0.1")
    letter.write_text(good)
    set_version(root, "0.2")
    commit(root, "fixed")
    result = pipeline.build(root, root / "build")
    found = [d for d in result.diagnostics if d.code == "W007"]
    assert result.ok and len(found) == 1
    assert "source/letter-b.xml" in found[0].message
    assert not (root / "build" / "v").exists()


def test_tags_are_releases_by_the_setting(tmp_path: Path) -> None:
    root = new_repo(tmp_path)
    commit(root, "one")
    for tag in ("v1.10", "v1.9", "v-odd", "draft-2"):
        git(root, "tag", tag)
    found = find_releases(root, "v*")
    assert [r.version for r in found.releases] == ["1.9", "1.10"]
    assert [d.code for d in found.diagnostics] == ["W004"]
    assert [r.version for r in find_releases(root, "draft-*").releases] == ["2"]
    replace_in(root / "pyproject.toml", "[tool.scholion]\n",
               "[tool.scholion]\nreleases = false\n")
    commit(root, "no releases")
    assert pipeline.build(root, root / "build").ok
    assert not (root / "build" / "v").exists()


def test_a_release_built_by_this_scholion_is_kept_as_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path)
    set_version(root, "1.0")
    commit(root, "first release", tag="v1.0")
    set_version(root, "1.1")
    commit(root, "towards 1.1")
    assert pipeline.build(root, root / "build").ok
    first = tree_digest(root / "build" / "v" / "1.0")

    def must_not_build(*args, **kwargs):
        raise AssertionError("an unchanged release was built again")

    monkeypatch.setattr(pipeline, "_build_release", must_not_build)
    assert pipeline.build(root, root / "build").ok
    assert tree_digest(root / "build" / "v" / "1.0") == first
    # a new release changes what 1.0's pages say (a newer release exists): built again
    commit_empty = ["commit", "-q", "--allow-empty", "-m", "release 1.1"]
    git(root, *commit_empty)
    git(root, "tag", "v1.1")
    with pytest.raises(AssertionError, match="built again"):
        pipeline.build(root, root / "build")
    monkeypatch.undo()
    assert pipeline.build(root, root / "build").ok
    banner = html.fromstring((root / "build" / "v" / "1.0" / "index.html").read_bytes())
    assert "A newer release, 1.1" in banner.find_class("release-banner")[0].text_content()
