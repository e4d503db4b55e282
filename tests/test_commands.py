"""The contributor commands: `scholion new`, `scholion serve`, `scholion check --links`."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

from scholion import cli, pipeline
from scholion.load import load_edition


def test_new_writes_a_file_that_passes_check(mini, capsys):
    code = cli.main(["new", "--root", str(mini), "--target", "a-p1", "--quote",
                     "harbour of  Osaka", "--type", "identification"])
    assert code == 0
    path = mini / "annotations" / "harbour-of-osaka.md"
    text = path.read_text()
    assert "target: a-p1" in text and "quote: harbour of Osaka" in text
    assert "type: identification" in text and "status: draft" in text
    assert pipeline.check(mini).diagnostics == ()
    assert any(a.slug == "harbour-of-osaka" for a in load_edition(mini).edition.annotations)


def test_new_adds_a_prefix_when_the_quote_is_ambiguous(mini):
    assert cli.main(["new", "--root", str(mini), "--target", "a-p2", "--quote", "brisk",
                     "--slug", "brisk-note"]) == 0
    assert pipeline.check(mini).diagnostics == ()
    assert "prefix:" in (mini / "annotations" / "brisk-note.md").read_text()


def test_new_refuses_unknown_targets_and_quotes(mini, capsys):
    assert cli.main(["new", "--root", str(mini), "--target", "nowhere", "--quote", "x"]) == 1
    assert "neither a block id nor a register id" in capsys.readouterr().err
    assert cli.main(["new", "--root", str(mini), "--target", "a-p1", "--quote", "buzy"]) == 1
    assert 'closest words: "busy"' in capsys.readouterr().err
    assert cli.main(["new", "--root", str(mini), "--target", "a-p1", "--quote", "busy",
                     "--slug", "busy-harbour"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_check_links_builds_aside_and_finds_no_dead_link(mini, capsys):
    assert cli.main(["check", "--links", "--root", str(mini)]) == 0
    assert not (mini / "build").exists()


def test_check_links_reports_a_dead_fragment(mini, monkeypatch):
    from scholion.render import html

    monkeypatch.setattr(html.TextRenderer, "_anchor", lambda self, node: self.out.append(
        '<a href="#missing-anchor">x</a>') if node.id in self.blocks else None)
    result = pipeline.check(mini, links=True)
    assert {d.code for d in result.diagnostics} == {"E501"}


def test_serve_rebuilds_on_change(mini):
    proc = subprocess.Popen([sys.executable, "-m", "scholion", "serve", "--root", str(mini),
                             "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in proc.stderr:
            if found := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
                port = int(found[1])
                break
        assert port, "serve did not announce its address"
        url = f"http://127.0.0.1:{port}/letter-b.html"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert b"Thank you" in response.read()
        source = mini / "source" / "letter-b.xml"
        changed = source.read_text().replace("Thank you", "Many thanks")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            source.write_text(changed)  # again each round: the watcher may start late
            time.sleep(0.5)
            with urllib.request.urlopen(url, timeout=10) as response:
                if b"Many thanks" in response.read():
                    break
        else:
            raise AssertionError("the page was not rebuilt after the source changed")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
