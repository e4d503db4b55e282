/* Scholion: progressive enhancement, no framework, no requests. Without it nothing is
   lost (notes follow the text, highlights are CSS, About gives every citation). */
(() => {
  "use strict";
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

  // h("button", {class: "x", onclick: f}, "text", child, ...)
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v);
    }
    el.append(...children);
    return el;
  }

  function data(id) {
    try {
      return JSON.parse(document.getElementById(id).textContent);
    } catch {
      return null;
    }
  }

  function save(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch {
      // storage off: nothing remembered
    }
    return null;
  }

  // A copy without ids, so no id is ever duplicated.
  function copyOf(node) {
    const copy = node.cloneNode(true);
    for (const el of [copy, ...$$("[id]", copy)]) el.removeAttribute("id");
    return copy;
  }

  // The same content as spans, to sit inside a paragraph and keep the HTML valid.
  function inline(node, name = "sn-block") {
    const copy = copyOf(node);
    for (const block of $$("p, ul, ol, li, blockquote, div", copy)) {
      const span = h("span", {class: "sn-block"});
      span.append(...block.childNodes);
      block.replaceWith(span);
    }
    const wrap = h("span", {class: name});
    wrap.append(...copy.childNodes);
    return wrap;
  }

  // Where a block may follow the marker: after it, or after its paragraph or heading.
  const FLOW = /^(li|div|section|header|footer|article|blockquote|main|body|dd|td|aside|nav)$/;
  function flowPoint(el) {
    while (el.parentElement && !FLOW.test(el.parentElement.localName)) el = el.parentElement;
    return el;
  }

  /* Notes: markers become buttons. Wide screens with a mouse show each note beside its
     paragraph, whole where it fits before the next one, else cut short until opened;
     elsewhere a popover. Esc closes, focus returns. */
  const wide = matchMedia("(min-width: 64rem) and (hover: hover) and (pointer: fine)");
  let popover = null;
  let shown = null; // the note now open
  const entries = [];

  // Each side note as many lines as there are before the next note's marker (all of it
  // when it fits), at least three; measured in order, since each cut moves the next up.
  function fit() {
    if (!wide.matches) return;
    for (const [i, {side}] of entries.entries()) {
      const body = side.querySelector(".sn-body");
      if (!body) continue;
      body.style.setProperty("--lines", "none");
      const next = entries[i + 1]?.button.getBoundingClientRect().top;
      const {top, bottom} = body.getBoundingClientRect();
      const line = parseFloat(getComputedStyle(body).lineHeight) || 20;
      if (next !== undefined && bottom > next - 8) {
        body.style.setProperty("--lines", Math.max(3, Math.floor((next - 8 - top) / line)));
      }
    }
  }

  function setUpNotes() {
    const markers = $$("sup.note-ref > a[href^='#']");
    for (const link of markers) {
      const note = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!note) continue;
      const n = link.textContent.trim();
      const button = h("button", {type: "button", class: "note-btn", id: link.id,
                                  "aria-expanded": "false", "aria-label": `Note ${n}`}, n);
      link.replaceWith(button);
      const entry = {n, note, button};
      entries.push(entry);
      const toggle = () => (shown === entry ? close(true) : open(entry));
      button.parentElement.after(sideNote(entry, toggle));
      button.addEventListener("click", toggle);
    }
    if (!markers.length) return;
    fit();
    addEventListener("load", fit);  // the fonts may change the lines
    addEventListener("resize", fit);
    wide.addEventListener("change", () => { close(false); fit(); });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && shown && !e.defaultPrevented) {
        e.preventDefault();
        close(true);
      }
    });
    document.addEventListener("click", (e) => {
      if (popover && !popover.contains(e.target) && !shown.button.contains(e.target)) {
        close(false);
      }
    });
  }

  function sideNote(entry, toggle) {
    const side = h("span", {class: "sidenote", role: "note", tabindex: "-1",
                            "aria-label": `Note ${entry.n}`},
                   h("span", {class: "sn-n", "aria-hidden": "true"}, entry.n));
    const body = entry.note.querySelector(".note-body");
    if (body) side.append(inline(body, "sn-body"));
    const rest = h("span", {class: "sn-rest"});
    for (const part of entry.note.querySelectorAll(".note-meta, .note-sources")) {
      rest.append(inline(part));
    }
    rest.append(h("a", {href: `#${entry.note.id}`}, "In the list of notes"));
    entry.more = h("button", {type: "button", class: "sn-toggle", onclick: toggle});
    side.append(rest, entry.more);
    entry.side = side;
    fold(entry, false);
    return side;
  }

  // A cut side note is one big button ("Note 3: more"); a full one ends with "Less".
  function fold(entry, open) {
    const {side, more} = entry;
    side.classList.toggle("is-open", open);
    more.setAttribute("aria-expanded", String(open));
    more.textContent = open ? "Less" : "";
    if (open) more.removeAttribute("aria-label");
    else more.setAttribute("aria-label", `Note ${entry.n}: more`);
    for (const a of $$("a", side)) {
      if (open) a.removeAttribute("tabindex");
      else a.setAttribute("tabindex", "-1");
    }
  }

  function open(entry) {
    close(false);
    shown = entry;
    const {n, note, button} = entry;
    button.setAttribute("aria-expanded", "true");
    if (wide.matches) {
      fold(entry, true);
      entry.side.focus({preventScroll: true});
      return;
    }
    popover = h("div", {class: "note-pop", role: "dialog", tabindex: "-1",
                        "aria-label": `Note ${n}`},
      h("div", {class: "np-bar"}, h("p", {class: "np-title"}, `Note ${n}`),
        h("button", {type: "button", class: "np-close", "aria-label": "Close note",
                     onclick: () => close(true)}, "×")));
    for (const part of note.querySelectorAll(".note-body, .note-meta, .note-sources")) {
      popover.append(copyOf(part));
    }
    popover.append(h("p", {class: "np-more"}, h("a", {href: `#${note.id}`,
      onclick: () => close(false)}, "In the list of notes")));
    popover.addEventListener("focusout", (e) => {
      const to = e.relatedTarget;
      if (to && popover && !popover.contains(to) && to !== button) close(false);
    });
    flowPoint(button.parentElement).after(popover);
    popover.focus({preventScroll: true});
    // keep the marker in sight above the popover
    const gap = button.getBoundingClientRect().bottom - popover.getBoundingClientRect().top;
    if (gap > -16) scrollBy(0, gap + 48);
  }

  function close(returnFocus) {
    if (!shown) return;
    const entry = shown;
    shown = null;
    entry.button.setAttribute("aria-expanded", "false");
    fold(entry, false);
    popover?.remove();
    popover = null;
    if (returnFocus) entry.button.focus();
  }

  /* Citations from the build (link.citing): each form is a list of parts, roman and
     italic by turns (the edition's title in italics); a paragraph's are templates, filled
     with its id and ¶ number. The document's and the edition's come ready. */
  const FORMS = {
    chicago: [["citation", "Note"], ["short", "Short note"], ["reference", "Bibliography"]],
    mla: [["citation", "In-text citation"], ["reference", "Works Cited"]],
    apa: [["citation", "In-text citation"], ["reference", "Reference list"]],
    bibtex: [["reference", "BibTeX entry"]],
  };
  let dialog = null;
  let current = null;

  const plain = (form) => form.join("");
  const styled = (form) => form.map((part, i) => (i % 2 ? h("i", {}, part) : part));

  function forParagraph(cite, id, n, what = "¶") {
    const fill = (form) => form.map((t) => t.replaceAll(cite.anchor, id).replaceAll(cite.number, n));
    const styles = {};
    for (const [k, s] of Object.entries(cite.styles)) {
      styles[k] = {label: s.label};  // a form the paragraph shares is the document's
      for (const [field, form] of Object.entries({...cite.document[k], ...s})) {
        if (field !== "label") styles[k][field] = fill(form);
      }
    }
    return {title: `Cite ${what} ${n}`, url: `${cite.url}#${id}`, styles};
  }

  function forDocument(cite) {
    return {title: "Cite this document", url: cite.url, styles: cite.document};
  }

  function buildDialog() {
    dialog = h("dialog", {class: "cite-dialog", "aria-labelledby": "cite-title"},
      h("div", {class: "cd-inner"},
        h("div", {class: "cd-bar"}, h("h2", {id: "cite-title"}),
          h("button", {type: "button", class: "cd-close", "aria-label": "Close",
                       onclick: () => dialog.close()}, "×")),
        h("p", {class: "cd-url"}, "Link: ", h("a", {href: "#"})),
        h("fieldset", {class: "cd-styles"}, h("legend", {}, "Style")),
        h("div", {class: "cd-forms"}),
        h("p", {class: "cd-status", role: "status"})));
    dialog.addEventListener("close", () => {
      current.button.setAttribute("aria-expanded", "false");
      current.button.focus();
    });
    dialog.addEventListener("click", (e) => e.target === dialog && dialog.close());
    document.body.append(dialog);
  }

  function showForms() {
    const key = dialog.querySelector(".cd-styles input:checked").value;
    const style = current.styles[key];
    const box = dialog.querySelector(".cd-forms");
    box.replaceChildren();
    for (const [field, name] of FORMS[key] || [["reference", style.label]]) {
      if (!style[field]) continue;
      const text = plain(style[field]);
      const label = `${style.label} ${name.toLowerCase()}`;
      const shownText = h(key === "bibtex" ? "pre" : "p", {class: "cd-text"},
                          ...styled(style[field]));
      box.append(h("div", {class: "cd-form"}, h("h3", {}, name), shownText,
        h("button", {type: "button", class: "cd-copy", "aria-label": `Copy the ${label}`,
                     onclick: () => copy(text, label, shownText)}, "Copy")));
    }
  }

  async function copy(text, label, shownText) {
    const status = dialog.querySelector(".cd-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = `Copied the ${label} to the clipboard.`;
    } catch {
      getSelection().selectAllChildren(shownText);
      status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }
  }

  function openCite(what, button) {
    if (!dialog) buildDialog();
    current = {...what, button};
    dialog.querySelector("#cite-title").textContent = what.title;
    const link = dialog.querySelector(".cd-url a");
    link.href = link.textContent = what.url;
    const styles = dialog.querySelector(".cd-styles");
    $$("label", styles).forEach((label) => label.remove());
    // Chicago, MLA, APA, BibTeX (then any other); checked: the reader's last choice
    const keys = [...new Set([...Object.keys(FORMS), ...Object.keys(what.styles)])]
      .filter((k) => k in what.styles);
    let chosen = save("scholion-cite-style");
    if (!keys.includes(chosen)) chosen = keys[0];
    for (const key of keys) {
      const style = what.styles[key];
      const input = h("input", {type: "radio", name: "cite-style", value: key,
                                onchange: () => { save("scholion-cite-style", key); showForms(); }});
      input.checked = key === chosen;
      styles.append(h("label", {}, input, ` ${style.label}`));
    }
    dialog.querySelector(".cd-status").textContent = "";
    showForms();
    button.setAttribute("aria-expanded", "true");
    dialog.showModal();
  }

  function citeButton(text, name, what) {
    const button = h("button", {type: "button", class: "cite-btn", "aria-haspopup": "dialog",
                                "aria-expanded": "false"}, text);
    if (name !== text) button.setAttribute("aria-label", name);
    button.addEventListener("click", () => openCite(what(), button));
    return button;
  }

  function setUpCitations() {
    const cite = data("scholion-cite");
    const edition = data("scholion-cite-edition");
    if (cite?.styles) {
      for (const anchor of $$(".tei-text a.anchor")) {
        const n = anchor.textContent.trim();
        const id = anchor.parentElement.id;
        const what = anchor.classList.contains("line-n") ? "line" : "¶";  // a verse line's number
        anchor.after(citeButton("Cite", `Cite ${what} ${n}`, () => forParagraph(cite, id, n, what)));
      }
    }
    for (const slot of $$(".cite-slot[data-cite]")) {
      const title = `Cite this ${slot.dataset.cite}`;
      const what = slot.dataset.cite === "document"
        ? cite?.styles && (() => forDocument(cite))
        : edition?.styles && (() => ({title, url: edition.url, styles: edition.styles}));
      if (what) slot.append(citeButton(title, title, what));
    }
  }

  // A choice shows one reading (CSS); a click, Enter or Space shows its next one. A new
  // page view (the radio buttons) sets every word back to it.
  function setUpReadings() {
    const choices = $$(".tei-choice[data-readings]");
    const shown = (choice) => [...choice.children].find((el) =>
      el.classList.contains("reading") && getComputedStyle(el).display !== "none");
    const next = (event) => {
      const choice = event.currentTarget;
      if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation(); // a choice inside a reading of another turns only itself
      const readings = [...choice.children].filter((el) => el.classList.contains("reading"));
      const now = readings.indexOf(shown(choice));
      const following = readings[(now + 1) % readings.length];
      // inline styles (CSSOM, which the page's CSP allows) outrank the view's rules
      for (const r of readings) r.style.display = r === following ? "inline" : "none";
    };
    for (const choice of [...choices].reverse()) { // inner choices first: see below
      // inside a link nothing may be focusable, and a choice holding a link or a note's
      // button is no button itself: such a word turns with the page view
      if (Number(choice.dataset.readings) < 2 || choice.closest("a")
          || choice.querySelector("a, button, [tabindex]")) continue;
      choice.tabIndex = 0;
      choice.setAttribute("role", "button");
      choice.addEventListener("click", next);
      choice.addEventListener("keydown", next);
    }
    for (const input of $$('input[name="view"]')) {
      input.addEventListener("change", () => {
        for (const choice of choices) {
          for (const r of choice.children) r.style.removeProperty("display");
        }
      });
    }
  }

  /* --- The reader's aids (issue #15): entity cards, shortcuts, the contents rail --- */
  const $ = (sel) => document.querySelector(sel);

  /* Entity cards (link.cards): a mention shows who or what it names, beside it, on hover,
     focus, click or tap, so the reader need not leave the text; the card links to the
     index entry and to the previous and next mention of the entry on this page. A click
     made with the keyboard (Enter) follows the link, as links do. Esc closes the card. */
  function setUpCards() {
    const cards = data("scholion-cards");
    if (!cards) return;
    const of = (a) => cards[decodeURIComponent(a.hash.slice(1))];
    const mentions = $$(".tei-text a.mention").filter(of);
    let card = null;
    let at = null;
    let timer = 0;
    const later = (f, ms) => { clearTimeout(timer); timer = setTimeout(f, ms); };
    const hide = (refocus) => {
      clearTimeout(timer);
      const [box, from] = [card, at];
      if (!box) return;
      card = at = null;  // first: removing the card moves the focus, which hides it again
      if (refocus && box.contains(document.activeElement)) from.focus();
      box.remove();
      from.removeAttribute("aria-expanded");
    };

    function show(a) {
      clearTimeout(timer);
      if (at === a) return;
      hide();
      const c = of(a);
      const same = mentions.filter((m) => m.hash === a.hash);
      const i = same.indexOf(a);
      const step = (d, text) => !same[i + d] ? "" : h("button", {type: "button",
        "aria-label": `${d < 0 ? "Previous" : "Next"} mention`, onclick: () => {
          hide();
          same[i + d].scrollIntoView({block: "center"});
          same[i + d].focus();
        }}, text);
      const part = (name, ...content) => content[0] ? h("span", {class: name}, ...content) : "";
      card = h("span", {class: `ecard ${a.className.match(/mention-\w+/)}`, role: "group",
                        "aria-label": `${c.n}, ${c.k}`},
        part("ec-name", c.n),
        part("ec-kind", `${c.k} · ${c.c} mention${c.c === 1 ? "" : "s"} in the index`),
        part("ec-cert", a.dataset.uncertain && "identification uncertain"),
        part("ec-gloss", ...(c.g || []).map(([lang, t]) => (lang ? h("span", {lang}, t) : t))),
        part("ec-dates", c.d),
        part("ec-links", ...(c.a || []).flatMap(([label, uri], j) =>
          (j ? [" · "] : []).concat(h("a", {href: uri}, label)))),
        same.length > 1 ? h("span", {class: "ec-nav"}, step(-1, "←"),
          `${i + 1} of ${same.length} on this page`, step(1, "→")) : "",
        h("a", {href: a.href}, "In the index"));
      card.onmouseenter = () => clearTimeout(timer);
      card.onmouseleave = () => later(hide, 300);
      card.addEventListener("focusout", (e) => card && !card.contains(e.relatedTarget)
        && e.relatedTarget !== at && hide());
      // below the mention's first line, inside the window (measured before the card is
      // in: a phone's layout viewport would grow to hold it)
      const room = document.documentElement.clientWidth;
      a.after(card);
      a.setAttribute("aria-expanded", "true");
      at = a;
      const line = a.getClientRects()[0];
      const origin = card.offsetParent.getBoundingClientRect();
      const left = Math.max(8, Math.min(line.left, room - card.offsetWidth - 8));
      card.style.left = `${left - origin.left}px`;
      card.style.top = `${line.bottom - origin.top + 4}px`;
    }

    for (const a of mentions) {
      if (/uncertain/.test(a.title)) a.dataset.uncertain = "1";
      a.removeAttribute("title");  // the card says it: no tooltip over the card
      // a card the focus opened stays while the pointer passes over other mentions
      a.onmouseenter = () => at !== document.activeElement && later(() => show(a), 250);
      a.onmouseleave = () => (at === a ? later(hide, 300) : clearTimeout(timer));
      a.onfocus = () => show(a);
      a.onblur = (e) => at === a && !card.contains(e.relatedTarget) && hide();
      a.onclick = (e) => {
        if (e.detail && !e.button && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
          e.preventDefault();
          show(a);
        }
      };
    }
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && card && !e.defaultPrevented) {
        e.preventDefault();
        hide(true);
      }
    });
    // a click elsewhere closes it (not one on a card just replaced: its button is gone)
    document.addEventListener("click", (e) => card && e.target.isConnected
      && !card.contains(e.target) && !at.contains(e.target) && hide());
  }

  /* Shortcuts, listed by "?": j and k the next and previous ¶, n the next note, c cites
     the ¶, / the search. Never with a modifier, in a form field or under a dialog. */
  function setUpKeys() {
    const help = $("#keys");
    if (!help) return;
    help.querySelector("button").onclick = () => help.close();
    const blocks = $$(".tei-text [id]:has(> a.anchor)");
    // the ¶ holding the focus, else the gap above the first whose top is in view (past
    // the text: after the last)
    const here = () => {
      const i = blocks.indexOf(document.activeElement.closest(".tei-text [id]:has(> a.anchor)"));
      const below = blocks.findIndex((b) => b.getBoundingClientRect().top > 1);
      return i >= 0 ? i : (below < 0 ? blocks.length : below) - .5;
    };
    const to = (i) => {
      const b = blocks[Math.max(0, Math.min(blocks.length - 1, i))];
      b.scrollIntoView({block: "start"});
      b.querySelector("a.anchor").focus({preventScroll: true});
    };
    const actions = {
      j: () => to(Math.floor(here() + 1)),
      k: () => to(Math.ceil(here() - 1)),
      n: () => {
        const from = shown?.button || document.activeElement;
        const next = $$(".note-btn").find((m) => from === document.body
          ? m.getBoundingClientRect().top > 0 : from.compareDocumentPosition(m) & 4);
        next?.focus();
        next?.click();
      },
      c: () => blocks[Math.max(0, Math.round(here()))]?.querySelector(".cite-btn")?.click(),
      "/": () => { location.href = $("a[href$='search.html']").href; },
      "?": () => help.showModal(),
    };
    document.addEventListener("keydown", (e) => {
      const t = e.target;
      if (actions[e.key] && !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.altKey
          && !t.closest("input, textarea, select, [contenteditable]") && !t.isContentEditable
          && !$("dialog[open]")) {
        e.preventDefault();
        actions[e.key]();
      }
    });
  }

  // Printed, each page's head gives the document's short title (scholion.css, @page).
  const head = $("[data-running-head]");
  if (head) {
    document.documentElement.style.setProperty("--running-head",
                                               JSON.stringify(head.dataset.runningHead));
  }

  // The contents: a drawer on phones, open in the side rail on wide screens.
  const rail = matchMedia("(min-width: 80rem)");
  const toc = $("details.toc-drawer");
  const railed = () => toc && (toc.open = rail.matches);
  railed();
  rail.addEventListener("change", railed);

  // A release's banner: "this page in the current edition" keeps the passage.
  for (const link of $$("a[data-keeps-place]")) {
    link.addEventListener("click", () => { if (location.hash) link.hash = location.hash; });
  }

  setUpNotes();
  setUpCitations();
  setUpReadings();
  setUpCards();
  setUpKeys();
})();

/* Search (search branch): arriving from a search result (page.html?highlight=words#p6),
   or at an entry of an index split by letter (persons.html#id), search-hit.js marks the
   words in that block, or goes on to the entry's page; it is loaded only then. */
if (new URLSearchParams(location.search).has("highlight")
    || (location.hash && document.querySelector(".index-overview"))) {
  import(new URL("search-hit.js", document.currentScript.src).href);
}
