// Arrival. From a search result (page.html?highlight=words#anchor): mark the words
// searched for in the block the result leads to, and take them out of the address again,
// so that what a reader copies is the passage's own address. At an entry of an index split
// by letter (persons.html#id, the overview): go on to the entry on its letter's page,
// which the overview's line for it links to. Loaded by scholion.js only for these.
const line = location.hash && document.querySelector(".index-overview")
  && document.getElementById(decodeURIComponent(location.hash.slice(1)));
const onward = line && line.querySelector("a[href]");
// once the page has loaded: leaving sooner would cut off what it is still fetching
const go = () => location.replace(onward.href);
if (onward && document.readyState === "complete") go();
else if (onward) addEventListener("load", go, { once: true });
const params = new URLSearchParams(location.search);
const words = (params.get("highlight") || "").split(/\s+/).filter(Boolean)
  .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
params.delete("highlight");
history.replaceState(history.state, "", location.pathname + (params.size ? `?${params}` : "") + location.hash);

if (words.length && target) {
  // a word as Pagefind finds it: where a word starts, with any ending ("Shanghai's")
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join("|")})[\\p{L}\\p{N}]*`, "giu");
  const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, mark, .anchor, button, [hidden]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const node of texts) {
    const parts = node.nodeValue.split(new RegExp(`(${pattern.source})`, "giu"));
    if (parts.length < 2) continue;
    node.replaceWith(...parts.map((part, i) => (i % 2
      ? Object.assign(document.createElement("mark"), { className: "search-hit", textContent: part })
      : document.createTextNode(part))));
  }
}
