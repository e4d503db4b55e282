"""The build cache's per-file part: what `load` reads from one TEI file is kept, and a
kept reading is used only for the very file, settings and Scholion it was made with, and
is then the value a fresh read gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scholion.load as load
from conftest import CORPUS, FIXTURES, REPO, tiny_png
from scholion import cache as cache_module
from scholion import pipeline
from scholion.cache import CACHE_DIR, BuildCache
from scholion.load import SOURCE_CACHE, load_edition, load_source
from scholion.load.stored import Unstorable, decode, encode
from scholion.model import Prose

FILES = [REPO / "source" / "kansai-1987.xml",  # the edition's own report
         FIXTURES / "mini" / "source" / "letter-a.xml",
         FIXTURES / "facsimile" / "source" / "folio.xml",  # a facsimile: images
         FIXTURES / "shared-register" / "source" / "listperson.xml",  # a register file
         FIXTURES / "particdesc" / "source" / "letter-c.xml",  # lists of its own
         CORPUS / "apparatus" / "pta0001.pta030.pta-grc1.xml",  # app, choice
         CORPUS / "verse" / "disco089g.xml",
         CORPUS / "tei-test" / "torture.xml"]


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files `load` parses (a file taken from the cache is not parsed)."""
    parsed: list[str] = []
    real = load.parse_xml

    def counting(data: bytes, path: str, **options):
        parsed.append(path)
        return real(data, path, **options)

    monkeypatch.setattr(load, "parse_xml", counting)
    return parsed


def _root_of(path: Path) -> Path:
    return path.parent.parent


def _same(one: load.LoadedSource, other: load.LoadedSource) -> None:
    assert one.document == other.document
    assert one.entities == other.entities and one.diagnostics == other.diagnostics
    if one.document is not None:  # neither is part of a Document's equality
        assert one.document.fragments == other.document.fragments
        assert one.document.source_bytes == other.document.source_bytes
    assert repr(one) == repr(other)  # Prose, str and tuple alike


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_hit_is_what_a_fresh_read_gives(path, tmp_path, parses):
    kept = BuildCache(tmp_path / "cache")
    fresh = load_source(_root_of(path), path)
    first = load_source(_root_of(path), path, cache=kept)
    assert len(parses) == 2 and list((tmp_path / "cache" / SOURCE_CACHE).glob("*.json"))
    again = load_source(_root_of(path), path, cache=kept)
    assert len(parses) == 2  # not parsed the third time
    _same(fresh, first)
    _same(fresh, again)


def _copy(path: Path, tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "edition"
    (root / "source").mkdir(parents=True)
    copy = root / "source" / path.name
    copy.write_bytes(path.read_bytes())
    return root, copy


def test_a_changed_byte_is_read_again(tmp_path, parses):
    root, copy = _copy(FIXTURES / "mini" / "source" / "letter-a.xml", tmp_path)
    kept = BuildCache(tmp_path / "cache")
    before = load_source(root, copy, cache=kept)
    copy.write_bytes(copy.read_bytes().replace(b"Osaka", b"Osakb", 1))
    after = load_source(root, copy, cache=kept)
    assert len(parses) == 2 and after.document != before.document
    _same(after, load_source(root, copy))


@pytest.mark.parametrize("setting", [{"readings": "diplomatic"},
                                     {"citable": frozenset({"p"})}, {"tei_all": True}])
def test_a_changed_setting_is_read_again(setting, tmp_path, parses):
    path = CORPUS / "apparatus" / "pta0001.pta030.pta-grc1.xml"
    kept = BuildCache(tmp_path / "cache")
    load_source(_root_of(path), path, cache=kept)
    other = load_source(_root_of(path), path, cache=kept, **setting)
    assert len(parses) == 2
    if "tei_all" not in setting:
        _same(other, load_source(_root_of(path), path, **setting))


def test_another_scholion_reads_again(tmp_path, parses, monkeypatch):
    path = FIXTURES / "mini" / "source" / "letter-a.xml"
    kept = BuildCache(tmp_path / "cache")
    load_source(_root_of(path), path, cache=kept)
    monkeypatch.setattr(cache_module, "fingerprint", lambda: "another version of Scholion")
    load_source(_root_of(path), path, cache=kept)
    assert len(parses) == 2


def test_images_are_looked_for_on_every_load(facsimile, tmp_path):
    """What a document shows depends on files beside it: that part is never kept."""
    kept = BuildCache(tmp_path / "cache")
    folio = facsimile / "source" / "folio.xml"
    scan = facsimile / "source" / "scans" / "p1.png"
    scan.parent.mkdir(exist_ok=True)
    scan.write_bytes(tiny_png(2, 2, (0, 0, 0)))
    shown = load_source(facsimile, folio, cache=kept)
    assert "source/scans/p1.png" in {p.path for p in shown.document.pictures}
    scan.unlink()
    gone = load_source(facsimile, folio, cache=kept)
    assert "source/scans/p1.png" not in {p.path for p in gone.document.pictures}
    assert any(d.code == "W120" and "scans/p1.png" in d.message for d in gone.diagnostics)
    _same(gone, load_source(facsimile, folio))


def test_a_spoilt_entry_is_read_again(tmp_path, parses):
    path = FIXTURES / "mini" / "source" / "letter-a.xml"
    kept = BuildCache(tmp_path / "cache")
    fresh = load_source(_root_of(path), path, cache=kept)
    for stored in (tmp_path / "cache" / SOURCE_CACHE).glob("*.json"):
        data = json.loads(stored.read_text(encoding="utf-8"))
        data[0]["~"] = "Path"  # a class the cache may not make
        stored.write_text(json.dumps(data), encoding="utf-8")
    _same(fresh, load_source(_root_of(path), path, cache=kept))
    assert len(parses) == 2


def test_only_the_models_values_are_stored_and_made():
    assert decode(encode(Prose([("", "Osaka "), ("ja", "大阪")]))).runs == (
        ("", "Osaka "), ("ja", "大阪"))
    with pytest.raises(Unstorable):
        encode(Path("source"))
    with pytest.raises(Unstorable):
        encode(["a list"])  # the model holds tuples: a list would come back as one
    for data in ({"~": "Path", "f": ["/etc"]}, {"~": "Node", "f": ["p"]}, {"x": 1}):
        with pytest.raises((TypeError, ValueError, KeyError)):
            decode(data)


def test_a_build_keeps_the_files_and_check_reads_them_writing_nothing(mini, parses):
    assert pipeline.check(mini).ok and not (mini / CACHE_DIR).exists()
    parses.clear()
    assert pipeline.build(mini, mini / "build").ok
    kept = list((mini / CACHE_DIR / SOURCE_CACHE).glob("*.json"))
    documents = [p for p in parses if not p.endswith("registers.xml")]
    assert len(kept) == 2 and len(documents) == 2
    parses.clear()
    before = {p: p.stat().st_mtime_ns for p in (mini / CACHE_DIR).rglob("*")}
    assert pipeline.check(mini).ok
    assert parses == ["source/registers.xml"]  # the documents came from the cache
    assert {p: p.stat().st_mtime_ns for p in (mini / CACHE_DIR).rglob("*")} == before


def test_an_edition_loads_alike_from_the_cache(mini, tmp_path):
    kept = BuildCache(tmp_path / "cache")
    fresh = load_edition(mini)
    load_edition(mini, cache=kept)
    cached = load_edition(mini, cache=kept)
    assert cached.edition.documents == fresh.edition.documents
    assert cached.diagnostics == fresh.diagnostics
    assert repr(cached.edition) == repr(fresh.edition)


def test_a_note_is_read_once_then_kept_and_read_again_when_it_changes(mini, tmp_path,
                                                                      monkeypatch):
    """A note's reading (its front matter's YAML) is kept like a TEI file's: the same
    value, its problems included, and read again when its bytes change."""
    read: list[str] = []
    real = load.read_annotation
    monkeypatch.setattr(load, "read_annotation",
                        lambda data, path: (read.append(path), real(data, path))[1])
    note = mini / "annotations" / "busy-harbour.md"
    note.write_text(note.read_text(encoding="utf-8").replace("type: context",
                                                             "type: context\ntpye: x"),
                    encoding="utf-8")  # an unknown key: E302
    kept = BuildCache(tmp_path / "cache")
    fresh = load_edition(mini)
    first = load_edition(mini, cache=kept)
    read.clear()
    again = load_edition(mini, cache=kept)
    assert read == []
    assert again.edition.annotations == fresh.edition.annotations == first.edition.annotations
    assert repr(again.edition.annotations) == repr(fresh.edition.annotations)
    assert again.diagnostics == fresh.diagnostics
    assert "E302" in {d.code for d in again.diagnostics}
    note.write_text(note.read_text(encoding="utf-8").replace("tpye: x\n", ""),
                    encoding="utf-8")
    changed = load_edition(mini, cache=kept)
    assert read == ["annotations/busy-harbour.md"]
    assert "E302" not in {d.code for d in changed.diagnostics}
    for entry in (tmp_path / "cache" / load.ANNOTATION_CACHE).glob("*.json"):
        entry.write_text('[{"~": "Path", "f": ["/"]}, []]', encoding="utf-8")
    read.clear()
    assert load_edition(mini, cache=kept).edition.annotations == changed.edition.annotations
    assert len(read) == 3  # every note read again
