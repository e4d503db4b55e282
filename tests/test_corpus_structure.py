"""Real TEI renders as described, feature by feature, instance by instance.

Each file of tests/corpus is built once a session (the `corpus_build` fixture that
tests/test_corpus_builds.py reads too) and its reading page measured by bench/structure.py:
every instance of a feature in the source (lxml over its `<text>`) must be found in the
page and drawn as that feature is described. Only features that render right today are
asserted here; `python bench/structure.py` measures them all, on any folder of TEI.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import structure  # bench/structure.py (bench/ is on the path: see conftest)

from conftest import CORPUS, CORPUS_ENTRIES

FEATURES = {f.name: f for f in structure.FEATURES}
# A line in a note set apart gets no anchor, by design (a note's paragraphs and lines have
# no ¶ numbers: `load.tei.citable_nodes`): the lines asserted are those of the text.
LINES = replace(FEATURES["l"], keep=lambda instance, _source: instance.region == "text")
ASSERTED = (LINES, *(FEATURES[name] for name in ("speaker", "lg", "del", "add", "note", "pb",
                                                  "table", "rdg")))


@pytest.fixture(scope="module")
def measured(corpus_build) -> dict[str, dict[str, dict]]:
    """Per corpus file, per asserted feature: instances, rendered, first failures."""
    found = {}
    for entry in CORPUS_ENTRIES:
        built = corpus_build(entry["path"])
        assert built.ok, entry["path"]
        found[entry["path"]] = structure.measure_page(CORPUS / entry["path"], built,
                                                      ASSERTED)["features"]
    return found


def failing(measured: dict, feature: str) -> tuple[int, list[str]]:
    """The feature's instances over the corpus, and each failure as `file:line reason`."""
    instances, failures = 0, []
    for path, features in measured.items():
        tally = features[feature]
        instances += tally["instances"]
        failures += [f"{path}:{f['line']} {f['reason']} «{f['text']}»"
                     for f in tally["failures"]]
        if tally["rendered"] < tally["instances"] and not tally["failures"]:
            failures.append(f"{path}: {tally['instances'] - tally['rendered']} failures")
    return instances, failures


def assert_all_rendered(measured: dict, feature: str, at_least: int) -> None:
    instances, failures = failing(measured, feature)
    assert instances >= at_least, f"the corpus has only {instances} <{feature}>"
    assert not failures, failures


def test_every_line_of_verse_is_one_element_with_its_anchor(measured):
    assert_all_rendered(measured, "l", 500)


def test_every_speaker_is_set_apart_from_the_running_text(measured):
    assert_all_rendered(measured, "speaker", 200)


def test_every_stanza_is_a_block(measured):
    assert_all_rendered(measured, "lg", 100)


def test_every_deletion_is_a_del_and_every_addition_an_ins(measured):
    assert_all_rendered(measured, "del", 40)
    assert_all_rendered(measured, "add", 40)


def test_every_note_set_apart_is_reached_from_a_marker_link(measured):
    assert_all_rendered(measured, "note", 50)


def test_every_numbered_page_break_is_visible(measured):
    assert_all_rendered(measured, "pb", 300)


def test_every_table_is_an_html_table_with_its_rows(measured):
    assert_all_rendered(measured, "table", 5)


def test_no_variant_reading_is_in_the_running_text_and_each_is_in_the_notes(measured):
    assert_all_rendered(measured, "rdg", 150)
