"""Weigh the reading page: the HTML of each document page plus the CSS and JS it loads.

Builds the edition into a temporary folder, follows each document page's stylesheets and
scripts, and writes the figures (uncompressed bytes, and gzip for information) to
bench/page_weight.json, which the README quotes. The budget: under 200 KB of HTML+CSS+JS
and 50 KB of it gzipped (what travels), under 15 KB of JS, no framework, nothing from
another host. (It was 150 KB when the 1987 page carried 30 short notes; it carries 47
reviewed notes and a headnote now, some 65 KB of the edition's own words.)

    python bench/page_weight.py [--root .]
"""

from __future__ import annotations

import argparse
import gzip
import json
import posixpath
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

HERE = Path(__file__).resolve().parent
BUDGET_TOTAL_KB, BUDGET_GZIP_KB, BUDGET_JS_KB = 200, 50, 15


# What a page's head makes the browser fetch, by kind. The icon is fetched too, but when
# (before or after the load event) is up to the browser, and it is no part of the budget.
LOADS = {"css": "//link[@rel='stylesheet']/@href", "js": "//script[@src]/@src",
         "icon": "//link[contains(concat(' ', normalize-space(@rel), ' '), ' icon ')]/@href"}


def references(site: Path, page: str) -> dict[str, str]:
    """Every file the page's markup makes the browser load, as a path from the site root,
    with its kind (see LOADS). Parsed from the built HTML, so the figures do not depend on
    what a browser happened to have fetched when it was asked."""
    tree = lxml.html.fromstring((site / page).read_bytes())
    found = {}
    for kind, xpath in LOADS.items():
        for url in tree.xpath(xpath):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                sys.exit(f"{page} loads {url} from another host")
            found[posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))] = kind
    return found


def weigh(site: Path, page: str) -> dict[str, int]:
    """Bytes of one page and of the CSS and JS it loads, by kind, and gzipped in total."""
    html = (site / page).read_bytes()
    sizes = {"html": len(html), "css": 0, "js": 0}
    packed = len(gzip.compress(html, 9))
    for path, kind in references(site, page).items():
        if kind in sizes:
            body = (site / path).read_bytes()
            sizes[kind] += len(body)
            packed += len(gzip.compress(body, 9))
    return {**sizes, "total": sizes["html"] + sizes["css"] + sizes["js"], "gzip": packed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent)
    args = parser.parse_args()
    from scholion import pipeline
    from scholion.load import load_edition

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "build"
        result = pipeline.build(args.root, site)
        if not result.ok:
            sys.exit("build failed:\n" + "\n".join(d.format() for d in result.diagnostics))
        pages = {f"{d.id}.html": weigh(site, f"{d.id}.html")
                 for d in load_edition(args.root).edition.documents}
    heaviest = max(pages, key=lambda p: pages[p]["total"])
    kb = {k: round(v / 1024, 1) for k, v in pages[heaviest].items()}
    figures = {
        "what": "reading page as served: HTML + the CSS and JS it loads, uncompressed",
        "page": heaviest,
        "html_kb": kb["html"], "css_kb": kb["css"], "js_kb": kb["js"],
        "total_kb": kb["total"], "gzip_kb": kb["gzip"],
        "budget": f"total < {BUDGET_TOTAL_KB} KB, gzipped < {BUDGET_GZIP_KB} KB, "
                  f"JS < {BUDGET_JS_KB} KB",
        "pages": pages,
    }
    (HERE / "page_weight.json").write_text(json.dumps(figures, indent=2) + "\n",
                                           encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "pages"}, indent=2))
    ok = kb["total"] < BUDGET_TOTAL_KB and kb["gzip"] < BUDGET_GZIP_KB \
        and kb["js"] < BUDGET_JS_KB
    print("within budget" if ok else "OVER BUDGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
