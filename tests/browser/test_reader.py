"""The reading page as a reader uses it (issue #15): the margin at 320 px, Cite by touch,
note targets and whole side notes, quiet mentions and the entity card, the headnote and
contents, previous/next, progress, keyboard shortcuts and print. Each test fails without
the change it is named for."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, NARROWEST, PHONE

# ¶ numbers' boxes: one line high each (no "1/6"), none overlapping another, none cut off
MARGIN = """() => {
    const boxes = [...document.querySelectorAll('.tei-text a.anchor')]
        .filter(a => getComputedStyle(a).opacity !== '0')
        .map(a => ({n: a.textContent, r: a.getBoundingClientRect(),
                    line: parseFloat(getComputedStyle(a).lineHeight),
                    lines: a.getClientRects().length}));
    const bad = [];
    for (const [i, b] of boxes.entries()) {
        if (b.lines !== 1 || b.r.height > b.line * 1.05) bad.push(['wraps', b.n, b.r.height]);
        if (b.r.left < 0) bad.push(['cut off', b.n, b.r.left]);
        for (const o of boxes.slice(i + 1)) {
            if (b.r.left < o.r.right - 0.5 && o.r.left < b.r.right - 0.5
                && b.r.top < o.r.bottom - 0.5 && o.r.top < b.r.bottom - 0.5)
                bad.push(['overlap', b.n, o.n]);
        }
    }
    return {count: boxes.length, bad};
}"""


@pytest.mark.parametrize("font", ["", "DejaVu Sans Mono", "DejaVu Serif"])
def test_item2_every_number_holds_one_line_in_the_margin_at_320_px(open_page, reading_page,
                                                                   font):
    """In the page's own font and in two wider ones, three digits included (a ¶ number of
    three digits is put in, as a longer document would have)."""
    page = open_page(reading_page, **NARROWEST)
    if font:
        page.evaluate("""f => document.querySelectorAll('.anchor').forEach(a =>
            a.style.setProperty('font-family', `'${f}'`, 'important'))""", font)
    page.evaluate("""() => { const last = [...document.querySelectorAll('.tei-item > a.anchor')]
                             .at(-1); last.textContent = '123'; }""")
    found = page.evaluate(MARGIN)
    assert found["count"] >= 50
    assert found["bad"] == []


def test_item2_the_pilcrow_takes_no_room_from_the_number(open_page, reading_page):
    page = open_page(reading_page, **NARROWEST)
    widths = page.evaluate("""() => { const a = document.querySelector('#p12 > a.anchor');
        return [a.getBoundingClientRect().width, getComputedStyle(a, '::before').position]; }""")
    assert widths[1] == "absolute"
    assert widths[0] <= 26


def test_item4_tapping_a_paragraph_number_shows_cite_on_a_touch_screen(open_page,
                                                                      reading_page):
    page = open_page(reading_page, **PHONE)
    assert page.evaluate("matchMedia('(hover: none)').matches")
    number = page.locator("#p12 > a.anchor")
    number.scroll_into_view_if_needed()
    number.tap()
    page.wait_for_function("location.hash === '#p12'")
    cite = page.locator("#p12 > .cite-btn")
    expect(cite).to_have_css("opacity", "1")
    cite.tap()
    expect(page.get_by_role("dialog", name=re.compile(r"^Cite ¶"))).to_be_visible()


def test_item4_cite_by_click_and_by_keyboard(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP)
    page.locator("#p12 > a.anchor").click()
    page.mouse.move(0, 0)  # the pointer gone, the block tapped to keeps its Cite
    expect(page.locator("#p12 > .cite-btn")).to_have_css("opacity", "1")
    page.locator("#p12 > .cite-btn").click()
    dialog = page.get_by_role("dialog", name=re.compile(r"^Cite ¶"))
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#p14 > a.anchor").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#p14 > .cite-btn")).to_be_focused()
    expect(page.locator("#p14 > .cite-btn")).to_have_css("opacity", "1")
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_item5_note_markers_are_targets_of_24_px_on_phones(open_page, reading_page, javascript):
    page = open_page(reading_page, **PHONE, java_script_enabled=javascript)
    sizes = page.evaluate("""() => [...document.querySelectorAll(
            '.tei-text .note-btn, .tei-text sup.note-ref > a')]
        .map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert len(sizes) >= 30
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes
    # ... and the lines that hold them are no higher than the others
    heights = page.evaluate("""() => {
        const p = [...document.querySelectorAll('.tei-p')];
        const lh = (e) => e.getBoundingClientRect().height / e.getClientRects().length;
        const line = parseFloat(getComputedStyle(p[0]).lineHeight);
        const one = p.filter(e => e.querySelector('sup.note-ref') && e.getBoundingClientRect()
                             .height < line * 1.5);
        return {line, one: one.map(e => e.getBoundingClientRect().height)};
    }""")
    assert all(h < heights["line"] * 1.5 for h in heights["one"]), heights


def test_item5_side_notes_are_whole_where_they_fit(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP)
    page.wait_for_load_state("load")
    notes = page.evaluate("""() => [...document.querySelectorAll('.sidenote .sn-body')].map(b =>
        ({cut: b.scrollHeight > b.clientHeight + 1, lines: Math.round(b.clientHeight /
          parseFloat(getComputedStyle(b).lineHeight)),
          bottom: b.getBoundingClientRect().bottom}))""")
    markers = page.evaluate("""() => [...document.querySelectorAll('.note-btn')]
        .map(b => b.getBoundingClientRect().top)""")
    assert len(notes) == len(markers) >= 30
    # before, every note longer than three lines was cut to three
    long_and_whole = [n for n in notes if not n["cut"] and n["lines"] > 3]
    assert len(long_and_whole) >= 10, notes
    line = 0.8125 * 16 * 1.5
    for i, note in enumerate(notes[:-1]):
        # a note is cut only where the next one's marker leaves no room for all of it, and
        # then to the lines there is room for (three at least)
        if note["cut"]:
            assert note["lines"] >= 3, (i, note)
            assert note["lines"] == 3 or note["bottom"] > markers[i + 1] - 8 - line, (i, note)
