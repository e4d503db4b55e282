/* Scholion's facsimile view, loaded only by a page with page images: on a screen wide
   enough (CSS decides), the image of the page being read beside the text, the page of the
   last marker above the top third of the window; a marker clicked there shows its page.
   Without it, or elsewhere, a page marker is a plain link to its image. No requests but
   for the images of the site itself. */
(() => {
  "use strict";
  const panel = document.querySelector(".facsimile");
  const markers = [...document.querySelectorAll(".tei-text a.tei-pb[data-facs]")];
  if (!panel || !markers.length) return;
  const image = panel.querySelector("img");
  const open = panel.querySelector(".facsimile-open");
  const label = panel.querySelector(".facsimile-n");
  let current = null;
  const shown = () => panel.offsetParent !== null;

  function show(marker) {
    if (marker === current) return;
    current?.removeAttribute("aria-current");
    current = marker;
    marker.setAttribute("aria-current", "page");
    const n = marker.dataset.n;
    image.src = open.href = marker.href;
    image.alt = n ? `Page ${n} of the witness` : "A page of the witness";
    label.textContent = n ? `p. ${n}` : "";
  }

  function follow() {
    const line = innerHeight / 3;
    let last = markers[0];
    for (const marker of markers) {
      if (marker.getBoundingClientRect().top > line) break;
      last = marker;
    }
    show(last);
  }

  panel.hidden = false;
  // the area above the top third of the window: a marker crossing into or out of it
  // (however far the reader jumps) is a change of page
  const watch = new IntersectionObserver(follow, {rootMargin: "100000px 0px -66% 0px"});
  for (const marker of markers) {
    watch.observe(marker);
    marker.addEventListener("click", (e) => {
      if (!shown()) return;
      e.preventDefault();
      marker.scrollIntoView({block: "start"}); // the page read is now the page shown
      show(marker);
    });
  }
  follow();
})();
