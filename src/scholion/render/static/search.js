// Search the edition with Pagefind's static index, and land on the paragraph itself.
// Runs only on search.html; every result links to the ¶ anchor of its first match.
const BLOCK_TAGS = new Set(["p", "li", "h1", "h2", "h3", "header", "footer", "div"]);
const form = document.querySelector(".search-form");
// What kind of page a result is on: each filter names its index page (data-page; the
// kinds are listed once, in Python). Filtering here, not with Pagefind's own filters,
// keeps the index byte-identical from build to build: its filter files are not.
const KINDS = Object.fromEntries([...form.querySelectorAll("input[name=type][data-page]")]
  .map((box) => [box.dataset.page, box.value]));
const kindOf = (url) => KINDS[url.split("#")[0].split("/").pop()] || "text";
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

function anchorFor(data) {
  // The block whose anchor comes last before the first matching word.
  const first = Math.min(...data.locations);
  let best = null;
  for (const anchor of data.anchors || []) {
    if (!BLOCK_TAGS.has(anchor.element) || anchor.id.startsWith("ref-")) continue;
    if (anchor.location <= first && (!best || anchor.location >= best.location)) best = anchor;
  }
  return best;
}

function excerpt(html) {
  // Pagefind escapes the page text and marks hits with <mark>; keep only that.
  const span = document.createElement("span");
  html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const hit = part.match(/^<mark>(.*)<\/mark>$/);
    const node = hit ? document.createElement("mark") : document.createTextNode("");
    const text = new DOMParser().parseFromString(hit ? hit[1] : part, "text/html").body.textContent;
    if (hit) node.textContent = text; else node.nodeValue = text;
    span.append(node);
  });
  return span;
}

async function run(query, types, documentUrl) {
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  status.textContent = "Searching…";
  const pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
  // results come back with URLs under the site's own path, wherever it is published
  await pagefind.options({ baseUrl: new URL("../", import.meta.url).pathname });
  const search = await pagefind.search(query);
  const all = await Promise.all(search.results.slice(0, 60).map((r) => r.data()));
  const results = all.filter((data) => types.includes(kindOf(data.url))
    && (kindOf(data.url) !== "text" || !documentUrl || data.url.endsWith(documentUrl)))
    .slice(0, 30);
  status.textContent = `${results.length} result${results.length === 1 ? "" : "s"} for “${query}”`;
  for (const data of results) {
    const anchor = anchorFor(data);
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url.replace(/\.html.*$/, ".html") + (anchor ? `#${anchor.id}` : "");
    link.textContent = data.meta.title + (anchor ? ` — #${anchor.id}` : "");
    const text = document.createElement("p");
    text.append(excerpt(data.excerpt));
    item.append(link, text);
    list.append(item);
  }
}

function fromForm() {
  const types = [...form.querySelectorAll("input[name=type]:checked")].map((i) => i.value);
  const select = form.querySelector("select[name=document]");
  return [input.value, types, select ? select.value : ""];
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const [query] = fromForm();
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  run(...fromForm()).catch((error) => { status.textContent = `Search failed: ${error.message}`; });
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(...fromForm()).catch((error) => { status.textContent = `Search failed: ${error.message}`; });
}
