// Search the edition with Pagefind's static index (search.html only). The index holds one
// record per paragraph, note, index entry and date (link/search.py), each with its kind
// and its document in its metadata; the filters are applied here, from that metadata
// (Pagefind's own filter files differ from build to build, and builds must not).
const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const PAGE = 20; // results shown at a time
const SCAN = 400; // results read at most to count what the filters keep
const WAIT = 200; // ms after the last key before searching as one types
// the singular noun of each kind of index entry ("place"), from the filters' markup
const NOUN = Object.fromEntries([...form.querySelectorAll("input[data-one]")]
  .map((box) => [box.value, box.dataset.one]));
NOUN.date = "date";
NOUN.note = "note";

let pagefind = null; // the set-up engine, parts merged: one promise, awaited by every search
let current = 0; // the latest search: an older one that ends later draws nothing

function engine() {
  pagefind ??= (async () => {
    const found = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    // results come back with URLs under the site's own path, wherever it is published
    const baseUrl = new URL("../", import.meta.url).pathname;
    await found.options({ baseUrl });
    // a collection's documents are indexed in parts, each a bundle merged into this one
    for (const part of (form.dataset.parts || "").split(" ").filter(Boolean)) {
      await found.mergeIndex(new URL(`../pagefind/${part}/`, import.meta.url).pathname, { baseUrl });
    }
    return found;
  })().catch((error) => { pagefind = null; throw error; }); // tried again on the next search
  return pagefind;
}

function wanted() {
  const types = new Set([...form.querySelectorAll("input[name=type]:checked")].map((i) => i.value));
  if (types.has("text")) types.add("note");
  const select = form.querySelector("select[name=document]");
  const documentUrl = select ? select.value : "";
  const all = form.querySelectorAll("input[name=type]:not(:checked)").length === 0;
  return {
    filtered: !all || Boolean(documentUrl),
    keep: (data) => types.has(data.meta.kind)
      && (!documentUrl || !data.meta.document || data.meta.document === documentUrl),
  };
}

function decode(text) {
  // Pagefind escapes the words of its excerpts; unescaped here as text, never as markup,
  // so that the spaces around a hit stay where they were
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name) => (
    { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", "#x27": "'" }[name]));
}

function excerpt(html) {
  const span = document.createElement("span");
  html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
    const hit = part.match(/^<mark>([\s\S]*)<\/mark>$/);
    if (hit) span.append(Object.assign(document.createElement("mark"), { textContent: decode(hit[1]) }));
    else if (part) span.append(document.createTextNode(decode(part)));
  });
  return span;
}

function resultItem(data, query) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  const [page, anchor] = data.url.split("#");
  // the words searched for go with the link, and are marked on arrival (search-hit.js)
  link.href = `${page}?highlight=${encodeURIComponent(query)}${anchor ? `#${anchor}` : ""}`;
  link.textContent = data.meta.title;
  const kind = data.meta.kind;
  const heading = document.createElement("p");
  heading.className = "result-title";
  if (kind && kind !== "text") {
    const label = document.createElement("span");
    label.className = "result-kind";
    const count = data.meta.count ? `, ${data.meta.count} mention${data.meta.count === "1" ? "" : "s"}` : "";
    label.textContent = ` (${NOUN[kind] || kind}${count})`;
    heading.append(link, label);
  } else heading.append(link);
  const text = document.createElement("p");
  text.className = "result-text";
  text.append(excerpt(data.excerpt));
  item.append(heading, text);
  return item;
}

async function run(query) {
  const mine = ++current;
  list.replaceChildren();
  more.hidden = true;
  if (!query.trim()) { status.textContent = ""; return; }
  status.textContent = "Searching…";
  const found = (await (await engine()).search(query)).results;
  if (mine !== current) return;
  const { filtered, keep } = wanted();
  let kept = found;
  let scanned = found.length;
  if (filtered) { // read the metadata to know what the filters keep (a bounded number)
    scanned = Math.min(found.length, SCAN);
    const data = await Promise.all(found.slice(0, scanned).map((r) => r.data()));
    if (mine !== current) return;
    kept = data.filter(keep).map((d) => ({ data: async () => d }));
  }
  const some = scanned < found.length ? " among the best " + scanned : "";
  status.textContent = `${kept.length} result${kept.length === 1 ? "" : "s"}${some} for “${query}”`;
  let shown = 0;
  const next = async () => {
    const batch = await Promise.all(kept.slice(shown, shown + PAGE).map((r) => r.data()));
    if (mine !== current) return;
    batch.forEach((data) => list.append(resultItem(data, query)));
    shown += batch.length;
    more.hidden = shown >= kept.length;
  };
  more.querySelector("button").onclick = () => next().catch(failed);
  await next();
}

function failed(error) {
  status.textContent = `Search failed: ${error.message}`;
}

function search() {
  // the address says what is searched, filters included, so that it can be shared
  const params = new URLSearchParams(new FormData(form));
  if (!input.value) params.delete("q");
  history.replaceState(null, "", `?${params}`.replace(/^\?$/, location.pathname));
  run(input.value).catch(failed);
}

let timer = 0;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, WAIT); });
form.addEventListener("change", (event) => { if (event.target !== input) search(); });
form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); search(); });

// from the address: search.html?q=Kobe&type=text&document=letter.html
const given = new URLSearchParams(location.search);
if (given.has("q")) {
  input.value = given.get("q");
  const types = given.getAll("type");
  if (types.length) form.querySelectorAll("input[name=type]").forEach((box) => {
    box.checked = types.includes(box.value);
  });
  const select = form.querySelector("select[name=document]");
  if (select && given.get("document")) select.value = given.get("document");
  run(input.value).catch(failed);
}
