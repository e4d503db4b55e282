"""The reading page in a real browser: notes, citations, highlights, anchors, layout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scholion.common import citations
from scholion.common.citations import plain
from scholion.link.citing import passage_forms

from .conftest import DESKTOP, NARROWEST, PHONE, VIEWPORTS

NO_MOTION = {"reduced_motion": "reduce"}
NAV = ("Collection", "Document", "Index", "About", "Search")


@pytest.fixture(scope="module")
def doc_page(linked, reading_page):
    return next(p for p in linked.documents if p.url == reading_page)


# --- every page ----------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_loads_without_errors_missing_files_or_other_hosts(open_page, pages, guard,
                                                                       viewport):
    for path in pages:
        page = open_page(path, **VIEWPORTS[viewport])
        page.wait_for_load_state("load")
        assert page.title(), path
        page.context.close()
    assert guard.problems == []


def test_the_guard_notices_missing_files_and_other_hosts(open_page, guard):
    """The watch on every page works: a missing file and a request elsewhere are caught."""
    page = open_page("index.html")
    page.evaluate("""() => {
        const missing = new Image(); missing.src = 'static/missing.png';
        document.body.append(missing);
        const elsewhere = document.createElement('link');
        elsewhere.rel = 'stylesheet'; elsewhere.href = 'https://cdn.example.net/x.css';
        document.head.append(elsewhere);
    }""")
    page.wait_for_load_state("networkidle")
    found, guard.problems[:] = list(guard.problems), []
    assert any(p.startswith("HTTP 404") and "missing.png" in p for p in found), found
    assert any("cdn.example.net" in p for p in found), found


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways_at_320_px(open_page, pages, javascript):
    """Every page of the build, with and without the script. Measured against the width
    asked for, not `innerWidth`: on a phone the layout viewport grows to fit content that
    overflows, so `innerWidth` would grow with the page and hide the overflow."""
    allowed = NARROWEST["viewport"]["width"]
    wide = {}
    for path in pages:
        page = open_page(path, **NARROWEST, java_script_enabled=javascript)
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > allowed:
            wide[path] = width
        page.context.close()
    assert wide == {}, f"wider than {allowed} px"


def test_favicon_is_served_as_svg(open_page, server):
    page = open_page("index.html")
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(server + href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in response.body()


def test_header_navigation_and_footer_on_every_page(open_page, pages):
    for path in pages:
        page = open_page(path)
        nav = page.get_by_role("navigation", name="Site")
        links = nav.get_by_role("link").all_inner_texts()
        assert [t for t in links if t in NAV] == list(NAV), links
        footer = page.locator("footer.site-footer")
        expect(footer.locator("a[rel=license]")).to_have_text("CC BY 4.0")
        expect(footer.get_by_role("link", name="how to cite")).to_have_attribute(
            "href", re.compile(r"about\.html#citing$"))
        page.context.close()


def test_links_made_by_the_script_resolve_and_ids_stay_unique(open_page, reading_page):
    for options in (DESKTOP, PHONE):
        page = open_page(reading_page, **options)
        page.locator(".note-btn").first.click()  # a popover (phone) or a full side note
        problems = page.evaluate("""() => {
            const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
            const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
            const dead = [...document.querySelectorAll('a[href^="#"]')]
                .map(a => decodeURIComponent(a.hash.slice(1)))
                .filter(id => id && !document.getElementById(id));
            return {dupes, dead};
        }""")
        assert problems == {"dupes": [], "dead": []}
        page.context.close()


# --- notes ---------------------------------------------------------------------------------

def _first_note(page):
    button = page.locator(".note-btn").first
    note_id = page.locator(".note-list > li").first.get_attribute("id")
    body = page.locator(f"[id='{note_id}'] .note-body").inner_text()
    return button, body


def test_note_opens_by_click_and_closes_with_escape(open_page, reading_page):
    page = open_page(reading_page, **PHONE)
    button, body = _first_note(page)
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    popover = page.get_by_role("dialog", name="Note 1")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(body[:60])
    expect(popover).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(popover.get_by_role("list", name="Sources")).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_note_opens_and_closes_by_keyboard(open_page, reading_page):
    page = open_page(reading_page, **PHONE)
    button, body = _first_note(page)
    button.focus()
    page.keyboard.press("Enter")
    popover = page.get_by_role("dialog", name="Note 1")
    expect(popover).to_contain_text(body[:60])
    page.keyboard.press("Tab")
    close = popover.get_by_role("button", name="Close note")
    expect(close).to_be_focused()
    page.keyboard.press("Space")
    expect(popover).to_have_count(0)
    expect(button).to_be_focused()
    page.keyboard.press("Space")  # a button: Space opens it too
    expect(page.get_by_role("dialog", name="Note 1")).to_be_visible()


def test_a_click_elsewhere_closes_the_note(open_page, reading_page):
    page = open_page(reading_page, **PHONE)
    button, _ = _first_note(page)
    button.click()
    expect(page.locator(".note-pop")).to_have_count(1)
    page.locator("h1").click()
    expect(page.locator(".note-pop")).to_have_count(0)


def test_side_notes_stand_beside_their_paragraphs_on_wide_screens(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.note-btn')].map(b => {
        const side = b.parentElement.nextElementSibling;
        const block = b.closest('[id]:has(> a.anchor)');
        const r = (e) => e.getBoundingClientRect();
        return {side: side.className, sideLeft: r(side).left, sideTop: r(side).top + scrollY,
                textRight: r(block).right, blockTop: r(block).top + scrollY,
                blockBottom: r(block).bottom + scrollY, marker: r(b).top + scrollY};
    })""")
    assert len(boxes) >= 30
    for i, box in enumerate(boxes, start=1):
        assert box["side"] == "sidenote", i
        assert box["sideLeft"] >= box["textRight"], (i, box)  # in the margin, not the text
        # level with its marker, or pushed down by the notes before it, never far
        assert box["marker"] - 24 <= box["sideTop"] <= box["marker"] + 300, (i, box)
    assert [b["sideTop"] for b in boxes] == sorted(b["sideTop"] for b in boxes)
    beside = [b for b in boxes if b["sideTop"] <= b["blockBottom"]]
    assert len(beside) >= 0.75 * len(boxes)  # most begin beside their own paragraph


def test_side_note_shows_all_of_itself_and_escape_folds_it(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP)
    button, body = _first_note(page)
    side = page.locator(".sidenote").first
    expect(side).to_be_visible()
    expect(side.locator(".sn-rest")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(side).to_be_focused()
    expect(side.locator(".sn-rest")).to_be_visible()
    expect(side).to_contain_text(body[-40:])
    page.keyboard.press("Escape")
    expect(side.locator(".sn-rest")).to_be_hidden()
    expect(button).to_be_focused()
    side.click()  # a click anywhere on a shortened note shows all of it
    expect(side.locator(".sn-rest")).to_be_visible()
    side.get_by_role("button", name="Less").click()
    expect(side.locator(".sn-rest")).to_be_hidden()
    expect(button).to_be_focused()


def test_without_javascript_every_note_is_reachable_both_ways(open_page, reading_page):
    page = open_page(reading_page, java_script_enabled=False, **NO_MOTION)
    markers = page.locator("sup.note-ref > a")
    assert markers.count() >= 30
    assert page.locator(".note-btn, .sidenote").count() == 0
    for i in range(markers.count()):
        marker = markers.nth(i)
        target = marker.get_attribute("href")
        marker.click()
        note = page.locator(target)
        expect(note).to_be_in_viewport()
        expect(note.locator(".note-body")).to_be_visible()
        assert page.evaluate("location.hash") == target
        note.locator(".note-back").click()
        expect(marker).to_be_in_viewport()


# --- citations -----------------------------------------------------------------------------

def _dialog_forms(dialog) -> dict[str, str]:
    forms = dialog.locator(".cd-form")
    return {forms.nth(i).locator("h3").inner_text().lower(): forms.nth(i).locator(
        ".cd-text").inner_text() for i in range(forms.count())}


def test_cite_a_paragraph_in_every_style_and_copy_it(open_page, reading_page, linked, doc_page):
    page = open_page(reading_page, permissions=["clipboard-read", "clipboard-write"])
    block = next(b for b in doc_page.document.blocks if b.id == "p3")
    expected = passage_forms(doc_page.cite)
    url = f"{linked.config.base_url}{reading_page}#p3"

    paragraph = page.locator("#p3")
    button = paragraph.get_by_role("button", name=f"Cite ¶ {block.n}")
    expect(button).to_have_css("opacity", "0")
    paragraph.hover()
    expect(button).to_have_css("opacity", "1")
    button.click()
    dialog = page.get_by_role("dialog", name=f"Cite ¶ {block.n}")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".cd-url a")).to_have_attribute("href", url)
    expect(dialog.locator(".cd-styles label")).to_have_text(["Chicago", "MLA", "APA", "BibTeX"])
    expect(dialog.get_by_role("radio", name="Chicago")).to_be_checked()
    for key, style in expected.items():
        dialog.get_by_role("radio", name=style["label"]).check()
        shown = _dialog_forms(dialog)
        wanted = [plain(citations.fill(form, "p3", block.n)) for field, form in style.items()
                  if field != "label"]
        assert sorted(shown.values()) == sorted(wanted), key
    dialog.get_by_role("radio", name="Chicago").check()
    # the edition's title in italics, as the style sets it
    expect(dialog.locator(".cd-form i").first).to_have_text(linked.config.title)
    note = plain(citations.fill(expected["chicago"]["citation"], "p3", block.n))
    assert url in note and f"para. {block.n}" in note
    dialog.get_by_role("button", name="Copy the Chicago note").click()
    expect(dialog.get_by_role("status")).to_have_text(
        "Copied the Chicago note to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == note
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()


def test_cite_control_appears_to_the_keyboard(open_page, reading_page):
    page = open_page(reading_page)
    page.locator("#p3 > a.anchor").focus()
    page.keyboard.press("Tab")
    button = page.locator("#p3 > .cite-btn")
    expect(button).to_be_focused()
    expect(button).to_have_css("opacity", "1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Cite ¶ 6")).to_be_visible()


def test_cite_style_choice_is_remembered(open_page, reading_page):
    page = open_page(reading_page, **NO_MOTION)
    page.locator("#p1").hover()
    page.get_by_role("button", name=re.compile(r"^Cite ¶")).first.click()
    page.get_by_role("radio", name="BibTeX").check()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Cite this document").click()
    expect(page.get_by_role("radio", name="BibTeX")).to_be_checked()
    expect(page.locator(".cd-form pre")).to_contain_text("@incollection{")


def test_cite_the_document_and_the_edition(open_page, reading_page, linked, doc_page):
    page = open_page(reading_page, permissions=["clipboard-read", "clipboard-write"])
    wanted = {"document": doc_page.cite["document"],
              "edition": linked.edition_cite["styles"]}
    urls = {"document": f"{linked.config.base_url}{reading_page}",
            "edition": linked.config.base_url}
    for kind in ("document", "edition"):
        button = page.get_by_role("button", name=f"Cite this {kind}")
        button.click()
        dialog = page.get_by_role("dialog", name=f"Cite this {kind}")
        expect(dialog.locator(".cd-url a")).to_have_attribute("href", urls[kind])
        for key, style in wanted[kind].items():
            dialog.get_by_role("radio", name=style["label"]).check()
            forms = [plain(form) for field, form in style.items() if field != "label"]
            assert list(_dialog_forms(dialog).values()) == forms, (kind, key)
            reference = plain(style["reference"])
            assert all(citations.ANCHOR not in f and citations.NUMBER not in f for f in forms)
            address = urls[kind].split("://", 1)[1]  # MLA 9 drops the https://
            assert address in reference and f"{address}#" not in reference
        dialog.get_by_role("button", name="Close").click()
        expect(button).to_be_focused()


def test_about_page_gives_the_same_citations_without_javascript(open_page, linked, doc_page):
    page = open_page("about.html", java_script_enabled=False)
    shown = page.locator(".citations .citation, .citations pre").all_inner_texts()
    for style in [*linked.edition_cite["styles"].values(),
                  *doc_page.cite["document"].values()]:
        for field, form in style.items():
            assert field == "label" or plain(form) in shown, field


# --- readings of a choice --------------------------------------------------------------------

# the choice of p12 whose witness has the stray quotation mark (its correction omits it)
STRAY = """() => [...document.querySelectorAll('#p12 .tei-choice')].findIndex(c =>
    [...c.children].some(r => r.classList.contains('reading-dipl') && r.textContent === '"'))"""
SHOWN_READINGS = """i => [...document.querySelectorAll('#p12 .tei-choice')[i].children]
    .filter(r => r.classList.contains('reading') && getComputedStyle(r).display !== 'none')
    .map(r => r.textContent)"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_page_view_switches_between_witness_and_editors_without_script(
        open_page, reading_page, javascript):
    """The 1987 edition is diplomatic: p12 shows the witness's stray quotation mark; the
    other view (pure CSS) shows the correction, which omits it."""
    page = open_page(reading_page, java_script_enabled=javascript)
    stray = page.evaluate(STRAY)
    assert stray >= 0
    assert page.evaluate(SHOWN_READINGS, stray) == ['"']
    page.locator("#view-normalised").check()
    assert page.evaluate(SHOWN_READINGS, stray) == [""]
    page.locator("#view-diplomatic").check()
    assert page.evaluate(SHOWN_READINGS, stray) == ['"']


def test_one_choice_turns_by_click_and_by_keyboard(open_page, reading_page):
    page = open_page(reading_page)
    stray = page.evaluate(STRAY)
    choice = page.locator("#p12 .tei-choice").nth(stray)
    expect(choice).to_have_attribute("role", "button")
    choice.click()
    assert page.evaluate(SHOWN_READINGS, stray) == [""]
    choice.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(SHOWN_READINGS, stray) == ['"']
    page.keyboard.press("Space")
    assert page.evaluate(SHOWN_READINGS, stray) == [""]
    page.locator("#view-normalised").check()  # a new page view sets every word back to it
    page.locator("#view-diplomatic").check()
    assert page.evaluate(SHOWN_READINGS, stray) == ['"']


def test_a_choice_inside_a_link_is_no_button_of_its_own(open_page, reading_page):
    """HTML allows nothing focusable inside a link: such a word turns with the page view."""
    page = open_page(reading_page)
    inside = page.evaluate("""() => [...document.querySelectorAll('a .tei-choice')]
        .map(c => c.getAttribute('role') || c.getAttribute('tabindex'))""")
    assert all(v is None for v in inside)


# --- mentions, anchors ---------------------------------------------------------------------

@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_highlight_toggles_mark_one_kind_each(open_page, reading_page, javascript):
    page = open_page(reading_page, java_script_enabled=javascript)
    kinds = ("person", "place", "org", "date")
    background = """k => getComputedStyle(document.querySelector('a.mention-' + k))
                        .backgroundColor"""
    before = {k: page.evaluate(background, k) for k in kinds}
    for kind in kinds:
        page.locator(f"#hl-{kind}").check()
        after = {k: page.evaluate(background, k) for k in kinds}
        assert after[kind] != before[kind], kind
        assert {k: v for k, v in after.items() if k != kind} == {
            k: v for k, v in before.items() if k != kind}
        page.locator(f"#hl-{kind}").uncheck()
        assert page.evaluate(background, kind) == before[kind]


def test_mentions_link_to_their_index_entries(open_page, reading_page, server):
    """A click opens the entity card, whose link leads to the entry (#15)."""
    page = open_page(reading_page)
    mention = page.locator("a.mention-place").first
    href = mention.get_attribute("href")
    mention.click()
    page.locator(".ecard").get_by_role("link", name="In the index").click()
    page.wait_for_url(server + href)
    expect(page.locator("#" + href.split("#")[1])).to_be_in_viewport()


@pytest.mark.parametrize("anchor", ["p12", "l2-9", "dist9"])
def test_opening_an_anchor_scrolls_its_paragraph_into_view(open_page, reading_page, anchor):
    page = open_page(f"{reading_page}#{anchor}", **PHONE)
    block = page.locator(f"[id='{anchor}']")
    expect(block).to_be_in_viewport()
    expect(block.locator("> a.anchor")).to_have_attribute("href", f"#{anchor}")
    # the target is marked, and on touch screens its Cite control is shown
    expect(block.locator("> .cite-btn")).to_have_css("opacity", "1")


# --- themes, motion, print -----------------------------------------------------------------

def _luminance(rgb: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reading_page_in_both_themes(open_page, reading_page, screenshots, viewport, scheme):
    page = open_page(reading_page, color_scheme=scheme, **VIEWPORTS[viewport])
    colours = page.evaluate("""() => {
        const s = getComputedStyle(document.body);
        return [s.backgroundColor, s.color];
    }""")
    paper, ink = (_luminance(c) for c in colours)
    assert (paper > 0.9 and ink < 0.2) if scheme == "light" else (paper < 0.15 and ink > 0.8)
    if screenshots:
        page.locator("#p3").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"reading-{viewport}-{scheme}.png"))


def test_reduced_motion_is_respected(open_page, reading_page):
    smooth = open_page(reading_page, reduced_motion="no-preference")
    assert smooth.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == \
        "smooth"
    still = open_page(reading_page, **NO_MOTION)
    assert still.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"


def test_print_shows_notes_and_urls_but_no_controls(open_page, reading_page):
    page = open_page(reading_page)
    page.emulate_media(media="print")
    for hidden in (".site-header nav", ".reading-tools", ".cite-btn", ".sidenote",
                   ".cite-slot", ".skip"):
        assert page.locator(hidden).evaluate_all(
            "els => els.every(e => getComputedStyle(e).display === 'none')"), hidden
    expect(page.locator(".notes .note").first).to_be_visible()
    assert page.locator(".notes .note").count() == page.locator(".note-btn").count()
    after = page.evaluate("""() => {
        const a = document.querySelector('.note-sources a[href^="http"]');
        return [a.href, getComputedStyle(a, '::after').content];
    }""")
    assert after[0] in after[1]
    expect(page.locator(".print-only")).to_contain_text(reading_page)
