"""The reading page as a reader uses it (issue #15): the margin at 320 px, Cite by touch,
note targets and whole side notes, quiet mentions and the entity card, the headnote and
contents, previous/next, progress, keyboard shortcuts and print. Each test fails without
the change it is named for."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, NARROWEST, PHONE


@pytest.fixture(scope="module")
def doc_page(linked, reading_page):
    return next(p for p in linked.documents if p.url == reading_page)

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


# --- item 1: what this is, and the text soon -----------------------------------------------

def test_item1_headnote_and_source_note_stand_above_the_text(open_page, reading_page, doc_page):
    page = open_page(reading_page, **DESKTOP)
    text_top = page.locator(".tei-text").bounding_box()["y"]
    head = page.locator("#doc-headnote")
    source = page.locator(".document-source")
    expect(head).to_be_visible()
    expect(head.locator(".headnote-more .note-body")).to_be_visible()  # all of it on desktop
    meta = doc_page.document.meta
    for fact in (meta.translator, meta.source_publisher, meta.repository, meta.archival_id):
        expect(source).to_contain_text(fact)
    assert head.bounding_box()["y"] < source.bounding_box()["y"] < text_top


def test_item1_on_a_phone_the_text_starts_on_the_second_screen(open_page, reading_page):
    """It started on the fifth: the headnote whole, then the contents as a list."""
    page = open_page(reading_page, **PHONE)
    screen = PHONE["viewport"]["height"]
    assert page.locator(".tei-text").bounding_box()["y"] < 2 * screen
    toc = page.locator("details.toc-drawer")
    expect(toc.locator("nav.toc")).to_be_hidden()  # a drawer, closed
    toc.locator("summary").tap()
    expect(toc.locator("nav.toc a").first).to_be_visible()
    more = page.locator(".headnote-more")
    expect(more.locator(".note-body")).to_be_hidden()
    more.locator("summary").tap()
    expect(more.locator(".note-body")).to_be_visible()


def test_item1_on_a_wide_screen_the_contents_stand_in_a_rail_beside_the_text(open_page,
                                                                           reading_page):
    page = open_page(reading_page, **DESKTOP)
    rail = page.locator(".reading-tools")
    expect(page.locator("nav.toc a").first).to_be_visible()
    box, text = rail.bounding_box(), page.locator(".tei-text").bounding_box()
    assert box["x"] + box["width"] <= text["x"] - 30  # left of the ¶ numbers
    page.locator("#dist3").scroll_into_view_if_needed()
    assert page.evaluate("document.querySelector('.reading-tools').getBoundingClientRect().top"
                         ) >= -1  # it follows the reading
    expect(page.locator("nav.toc a").first).to_be_in_viewport()


# --- item 3: quiet mentions, entity cards --------------------------------------------------

MARKED = """() => [...document.querySelectorAll('.tei-text a.mention')].filter(a => {
    const s = getComputedStyle(a);
    return s.textDecorationLine !== 'none' || s.borderBottomStyle !== 'none'
        || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
}).length"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_item3_mentions_are_quiet_until_highlighted(open_page, reading_page, javascript):
    page = open_page(reading_page, java_script_enabled=javascript)
    assert page.locator(".tei-text a.mention").count() > 150
    assert page.evaluate(MARKED) == 0
    page.locator("#hl-place").check()
    assert page.evaluate(MARKED) == page.locator(".tei-text a.mention-place").count()


def _card_of(linked, doc_page, href):
    entity_id = href.split("#")[1]
    return next(c for c in doc_page.cards if c.id == entity_id)


def test_item3_a_tap_opens_the_entity_card_and_it_leads_to_the_index(open_page, reading_page,
                                                                     linked, doc_page, server,
                                                                     screenshots):
    page = open_page(reading_page, **PHONE)
    mention = page.locator("#p4 a.mention-place").first
    href = mention.get_attribute("href")
    card = _card_of(linked, doc_page, href)
    mention.tap()
    box = page.get_by_role("group", name=f"{card.name}, {card.kind}")
    expect(box).to_be_visible()
    assert page.url == server + reading_page  # the reader stays in the text
    expect(box).to_contain_text(f"{card.mentions} mention")
    expect(box).to_contain_text("".join(words for _, words in card.gloss)[:40])
    for label, uri in card.authorities:
        expect(box.get_by_role("link", name=label)).to_have_attribute("href", uri)
    r = box.bounding_box()
    assert r["x"] >= 0 and r["x"] + r["width"] <= PHONE["viewport"]["width"]
    if screenshots:
        page.screenshot(path=str(screenshots / "reading-card-phone.png"))
    box.get_by_role("link", name="In the index").tap()
    page.wait_for_url(server + href)


def test_item3_the_card_shows_on_hover_and_on_focus_and_escape_closes_it(open_page,
                                                                        reading_page,
                                                                        screenshots):
    page = open_page(reading_page, **DESKTOP)
    mention = page.locator("#p4 a.mention-place").first
    mention.hover()
    card = page.locator(".ecard")
    expect(card).to_be_visible()
    if screenshots:
        page.screenshot(path=str(screenshots / "reading-card-desktop.png"))
    card.hover()  # the pointer may move onto the card (WCAG 1.4.13)
    page.wait_for_timeout(500)
    expect(card).to_be_visible()
    page.mouse.move(0, 0)
    expect(card).to_have_count(0)
    mention.focus()
    expect(card).to_be_visible()
    expect(mention).to_be_focused()  # the card does not take the focus
    expect(mention).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    expect(mention).to_be_focused()
    page.keyboard.press("Enter")  # Enter follows the link, as links do
    page.wait_for_url(re.compile(r"places\.html#"))


def test_item3_the_card_goes_to_the_next_and_previous_mention(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP)
    hrefs = page.evaluate("""() => [...document.querySelectorAll('.tei-text a.mention')]
        .map(a => a.getAttribute('href'))""")
    href = max(set(hrefs), key=hrefs.count)  # the entry mentioned most
    total = hrefs.count(href)
    mentions = page.locator(f".tei-text a.mention[href='{href}']")
    mentions.first.click()
    card = page.locator(".ecard")
    expect(card).to_contain_text(f"1 of {total} on this page")
    card.get_by_role("button", name="Next mention").click()
    expect(mentions.nth(1)).to_be_focused()
    expect(page.locator(".ecard")).to_contain_text(f"2 of {total} on this page")
    page.locator(".ecard").get_by_role("button", name="Previous mention").click()
    expect(mentions.first).to_be_focused()


def test_item3_without_the_script_a_mention_is_a_link_to_its_entry(open_page, reading_page,
                                                                   server):
    page = open_page(reading_page, java_script_enabled=False)
    mention = page.locator("#p4 a.mention-place").first
    href = mention.get_attribute("href")
    mention.click()
    page.wait_for_url(server + href)


# --- item 8: print --------------------------------------------------------------------------

def test_item8_printed_pages_have_a_running_head_and_numbers_and_compact_notes(
        open_page, reading_page, doc_page, tmp_path):
    import subprocess

    page = open_page(reading_page)
    page.emulate_media(media="print")
    head = doc_page.document.meta.short_title or doc_page.document.meta.title
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) <= 18, len(pages)  # 26 before, 18 of them notes
    for n, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == head, (n, lines[0])
        assert lines[-1] == f"page {n}", (n, lines[-1])
    # the source's address once: it is the words of its link, and no "<URL>" follows them
    url = doc_page.document.meta.source_url
    source = [line for p in pages[:2] for line in p.splitlines() if "Published by" in line]
    after = page.evaluate("""() => [...document.querySelectorAll('a[href^="http"]')].map(a =>
        [a.classList.contains('bare-url'), getComputedStyle(a, '::after').content])""")
    assert source and all(url not in line for line in source)  # the URL on a line of its own
    assert sum(p.replace("\n", "").count(f"<{url}>") for p in pages[:2]) <= 1  # a note's source
    assert all((c == "none") == bare for bare, c in after), after
    assert page.evaluate("getComputedStyle(document.querySelector('.notes')).columnCount") == "2"


# --- item 9: the way around -----------------------------------------------------------------

def test_item9_reading_progress_follows_the_text(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP, reduced_motion="reduce")
    width = "() => document.querySelector('.progress').getBoundingClientRect().width"
    assert page.evaluate(width) < 2
    page.evaluate("""() => { const t = document.querySelector('.tei-text');
        const top = t.getBoundingClientRect().top + scrollY;
        scrollTo(0, top + (t.offsetHeight - innerHeight) / 2); }""")
    page.wait_for_timeout(200)
    half = page.evaluate(width) / DESKTOP["viewport"]["width"]
    assert 0.4 < half < 0.6, half
    page.evaluate("scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)
    assert page.evaluate(width) >= DESKTOP["viewport"]["width"] - 1


def test_item9_shortcuts_move_by_paragraph_open_notes_cite_and_help(open_page, reading_page,
                                                                   screenshots):
    page = open_page(reading_page, **DESKTOP, **{"reduced_motion": "reduce"})
    page.keyboard.press("j")
    first = page.locator(".tei-text [id]:has(> a.anchor)").first
    expect(first.locator("> a.anchor")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    third = page.locator(".tei-text [id]:has(> a.anchor)").nth(2)
    expect(third.locator("> a.anchor")).to_be_focused()
    expect(third).to_be_in_viewport()
    page.keyboard.press("k")
    expect(page.locator(".tei-text [id]:has(> a.anchor)").nth(1).locator("> a.anchor")
           ).to_be_focused()
    page.keyboard.press("c")
    dialog = page.get_by_role("dialog", name=re.compile(r"^Cite ¶"))
    expect(dialog).to_be_visible()
    page.keyboard.press("j")  # not under a dialog
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("n")
    expect(page.locator(".note-btn[aria-expanded='true']")).to_have_count(1)
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    if screenshots:
        page.screenshot(path=str(screenshots / "reading-keys-desktop.png"))
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    page.wait_for_url(re.compile(r"search\.html$"))


def test_item9_shortcuts_never_take_keys_from_fields_or_with_modifiers(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP)
    page.keyboard.press("Control+j")
    page.keyboard.press("Alt+n")
    expect(page.locator(".tei-text a.anchor:focus, .note-btn[aria-expanded='true']")
           ).to_have_count(0)
    page.evaluate("""() => { const f = document.createElement('input');
        f.id = 'probe'; f.setAttribute('aria-label', 'probe');
        document.querySelector('main').prepend(f); }""")
    page.locator("#probe").focus()
    page.keyboard.type("jkn/?c")
    expect(page.locator("#probe")).to_have_value("jkn/?c")
    expect(page.locator("#probe")).to_be_focused()
    expect(page.locator("dialog[open]")).to_have_count(0)


def test_item9_the_about_page_documents_the_shortcuts(open_page):
    page = open_page("about.html")
    reading = page.locator("#reading").locator("xpath=..")
    for key in ("j", "k", "n", "c", "/", "?"):
        expect(reading.locator("kbd", has_text=re.compile(f"^{re.escape(key)}$"))).to_have_count(1)


def test_item9_past_the_text_k_goes_back_to_its_last_paragraph(open_page, reading_page):
    page = open_page(reading_page, **DESKTOP, reduced_motion="reduce")
    page.evaluate("scrollTo(0, document.body.scrollHeight)")  # among the notes
    page.keyboard.press("k")
    last = page.locator(".tei-text [id]:has(> a.anchor)").last
    expect(last.locator("> a.anchor")).to_be_focused()
    page.keyboard.press("j")  # there is none after it
    expect(last.locator("> a.anchor")).to_be_focused()
