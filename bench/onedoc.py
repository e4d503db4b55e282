"""A TEI file as a one-document edition, built in memory: what the corpus benches share.

`bench/corpus.py` (does every file build, and keep every word?) and `bench/structure.py`
(does each TEI feature render as described?) both lay a file out as an edition of its own,
as an editor bringing their own TEI would (settings, the file in source/, no notes), build
it in memory (load, check, plan, render: no search index, nothing written), and run each
file in a subprocess of its own with a time and memory limit, so that one file that hangs
or blows up is counted, not fatal. Those parts live here, once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CONFIG = """\
# A one-document edition made by a Scholion bench from a corpus file.
[tool.scholion]
title = {title}
editors = "The Scholion corpus bench"
base_url = "https://example.org/corpus/"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
# the benches and tests read the reading page; a PDF of a long play takes WeasyPrint
# tens of seconds (tests/test_pdf.py draws one of the corpus itself)
pdf = false
"""
MEMORY = 4 << 30  # bytes a measured file may take (address space): a blow-up fails, not the machine


def edition_of(source: Path, root: Path) -> None:
    """Lay out a one-document edition of `source` at `root` (a new folder)."""
    (root / "source").mkdir(parents=True)
    (root / "annotations").mkdir()
    # json.dumps writes a valid TOML basic string for any title
    title = json.dumps(f"Corpus: {source.name}", ensure_ascii=False)
    (root / "pyproject.toml").write_text(CONFIG.format(title=title), encoding="utf-8")
    shutil.copyfile(source, root / "source" / source.name)  # byte for byte


def well_formed(source: Path) -> str | None:
    """None if lxml's plain parser reads the file, else what it says is wrong."""
    from lxml import etree

    try:
        etree.parse(str(source))
    except (etree.XMLSyntaxError, OSError) as exc:
        return str(exc)
    return None


def squashed(text: str) -> str:
    """The text without any white space: what two renderings of it must agree on."""
    return "".join(text.split())


def page_text(html: bytes) -> str:
    """The text content of the page's .tei-text, without what the page adds to it."""
    import lxml.html

    from scholion.render.html import NOT_READ  # what the renderer adds: one list

    tree = lxml.html.fromstring(html)
    for added in tree.xpath(NOT_READ):
        added.drop_tree()
    text = tree.xpath('//*[contains(concat(" ", @class, " "), " tei-text ")]')[0]  # outermost
    return text.text_content()


@dataclass(frozen=True)
class Built:
    """What checking and, if that passed, planning and rendering made of the edition."""

    ok: bool
    diagnostics: tuple  # of scholion.diagnostics.Diagnostic
    page: object | None = None  # the document's scholion.model.Page (None if refused)
    html: bytes = b""  # its reading page

    def codes(self, errors: bool) -> dict[str, int]:
        found = Counter(d.code for d in self.diagnostics if d.is_error == errors)
        return dict(sorted(found.items()))


def build_in_memory(root: Path) -> Built:
    """Load, check, plan and render the one-document edition at `root`, in memory."""
    from scholion import pipeline
    from scholion.load import load_edition
    from scholion.render import render_site

    loaded = load_edition(root)
    result = pipeline.check(root)
    if not result.ok:
        return Built(False, tuple(result.diagnostics))
    site = pipeline.plan(loaded.edition)
    (doc_page,) = site.documents
    pages = {p.path: p.content for p in render_site(site)}
    return Built(True, tuple(result.diagnostics), doc_page, pages[doc_page.url])


def limit_memory() -> None:
    """Cap this process's address space (MEMORY), where the system allows it."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    except (ImportError, ValueError, OSError):  # not everywhere: then without the limit
        pass


def run_apart(script: Path, source: Path, timeout: float) -> dict[str, object]:
    """`script --one source` in a subprocess, killed after `timeout` seconds: the JSON
    record it printed as its last line, or a record of why there is none (`timeout`, or
    `raised` with the last line of its error output). Never raises."""
    command = [sys.executable, str(script), "--one", str(source)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=os.environ)
    except subprocess.TimeoutExpired:
        return {"raised": None, "timeout": True,
                "seconds": round(time.perf_counter() - start, 3)}
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode == 0 and lines:
        return json.loads(lines[-1])
    last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or
            [f"exit status {done.returncode}"])[-1]
    return {"raised": last, "timeout": False, "seconds": round(time.perf_counter() - start, 3)}
