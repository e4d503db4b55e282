"""Every kind of TEI reads right in a real browser: one real document of each genre from
`tests/corpus/` (a letter, a play, prose, a poem, an apparatus edition, a manuscript
transcription, an inscription, a periodical, TEI's own transcription tests), built as one
edition, as an editor bringing their own TEI would. Each reading page passes the checks
the 1987 edition passes: axe (WCAG 2.x AA) in both themes, no sideways scroll at 320 px
with and without the script, notes reachable both ways without it, and print. With
`--screenshots`, each is saved under build/_screenshots/ for review.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CORPUS_SETTINGS
from scholion import pipeline

from .conftest import DESKTOP, NARROWEST, PHONE, REPO, Guard, serving
from .test_a11y import violations

CORPUS = REPO / "tests" / "corpus"
# one document a genre: the smallest of each in the corpus that shows the genre's markup
GENRES = {
    "letter": "letters/L02101.xml",
    "drama": "drama/goethe-proserpina.xml",
    "prose": "prose/ENG18872_Lyall.xml",
    "verse": "verse/disco080n_0267.xml",
    "apparatus": "apparatus/pta0001.pta035.pta-grcBibex.xml",
    "manuscript": "manuscript/pta0001.pta035.pta-MsP.xml",
    "inscription": "inscription/ISic004442.xml",
    "periodical": "periodical/oclc_644997575-i_1.TEIP5.xml",
    "transcription": "tei-test/testtranscr.xml",
}
SETTINGS = CORPUS_SETTINGS.format(title="Genres", slug="genres")


@pytest.fixture(scope="session")
def genre_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The edition of one document a genre, built once; and each genre's reading page."""
    listed = {e["path"] for e in tomllib.loads(
        (CORPUS / "SOURCES.toml").read_text(encoding="utf-8"))["file"]}
    assert set(GENRES.values()) <= listed, "every genre's file is a recorded corpus file"
    root = tmp_path_factory.mktemp("genres")
    (root / "source").mkdir()
    (root / "annotations").mkdir()
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    for path in GENRES.values():
        shutil.copyfile(CORPUS / path, root / "source" / Path(path).name)
    out = root / "build"
    result = pipeline.build(root, out)
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    plan = pipeline.plan(pipeline.load_edition(root).edition)
    by_file = {Path(p.document.path).name: p.url for p in plan.documents}
    return out, {genre: by_file[Path(path).name] for genre, path in GENRES.items()}


@pytest.fixture(scope="session")
def genre_server(genre_build) -> Iterator[str]:
    with serving(genre_build[0], "genre-server") as url:
        yield url


@pytest.fixture
def open_genre(new_context, genre_server: str, genre_build) -> Iterator[Callable]:
    """open_genre(genre, **context options) -> its reading page, guarded as every page."""
    guard = Guard(genre_server)

    def _open(genre: str, **options):
        context = new_context(**{**DESKTOP, **options})
        page = context.new_page()
        guard.watch(context, page)
        page.goto(genre_server + genre_build[1][genre])
        return page

    yield _open
    assert not guard.problems, guard.problems


@pytest.mark.parametrize("genre", GENRES)
def test_each_genre_has_no_wcag_violations(open_genre, genre, screenshots):
    found = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for scheme in ("light", "dark"):
            page = open_genre(genre, color_scheme=scheme, **viewport)
            if problems := violations(page):
                found[f"{name}, {scheme}"] = problems
            if screenshots and scheme == "light":
                page.screenshot(path=str(screenshots / f"genre-{genre}-{name}.png"),
                                full_page=True)
            page.context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("genre", GENRES)
def test_each_genre_fits_320_px(open_genre, genre, javascript):
    page = open_genre(genre, **NARROWEST, java_script_enabled=javascript)
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST["viewport"]["width"], f"{genre}: {width} px wide"


@pytest.mark.parametrize("genre", GENRES)
def test_without_script_every_source_note_is_reached_both_ways(open_genre, genre):
    page = open_genre(genre, java_script_enabled=False)
    broken = page.evaluate("""() => [...document.querySelectorAll(
            '.tei-note-ref a[href^="#"], .source-note-back[href^="#"]')]
        .filter(a => !document.getElementById(a.getAttribute('href').slice(1)))
        .map(a => a.getAttribute('href'))""")
    assert broken == []


@pytest.mark.parametrize("genre", GENRES)
def test_each_genre_prints_its_text_without_controls(open_genre, genre):
    page = open_genre(genre)
    page.emulate_media(media="print")
    assert page.locator(".reading-tools").evaluate_all(
        "els => els.every(e => getComputedStyle(e).display === 'none')")
    height, words = page.evaluate("""() => {
        const text = document.querySelector('.document .tei-text, .document .tei-body');
        return text ? [text.getBoundingClientRect().height, text.innerText.trim().length]
                    : [0, 0] }""")
    assert height > 20 and words > 40, f"{genre}: the text is not printed"


def test_every_genre_links_to_the_previous_and_next_document(open_genre, genre_build):
    """Issue #15, item 9: previous/next for every kind of document, above the text and
    after it; following "next" from the first reaches every document once."""
    pages = set(genre_build[1].values())
    links = {}
    for genre in GENRES:
        page = open_genre(genre)
        here = genre_build[1][genre]
        navs = page.locator("nav.document-sequence")
        assert navs.count() == 2, genre  # above the text and after it
        text = page.locator(".tei-text").first.bounding_box()["y"]
        assert navs.first.bounding_box()["y"] < text < navs.last.bounding_box()["y"], genre
        rel = {r: navs.first.locator(f"a[rel={r}]").get_attribute("href")
               if navs.first.locator(f"a[rel={r}]").count() else None for r in ("prev", "next")}
        links[here] = rel
        page.context.close()
    first = [p for p, rel in links.items() if rel["prev"] is None]
    assert len(first) == 1
    seen, at = [], first[0]
    while at is not None:
        seen.append(at)
        following = links[at]["next"]
        if following is not None:
            assert links[following]["prev"] == at
        at = following
    assert sorted(seen) == sorted(pages)
