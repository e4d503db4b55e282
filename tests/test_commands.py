"""The contributor commands: `scholion new`, `scholion serve`, `scholion check --links`."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import PLACEHOLDERS, fill_in, no_git_name, only_placeholders_left, replace_in
from scholion import cli, pipeline
from scholion.load import load_edition


def test_new_writes_a_file_that_passes_check_once_filled_in(mini, monkeypatch):
    no_git_name(monkeypatch)
    code = cli.main(["new", "--root", str(mini), "--target", "a-p1", "--quote",
                     "harbour of  Osaka", "--type", "identification"])
    assert code == 0
    path = mini / "annotations" / "harbour-of-osaka.md"
    text = path.read_text()
    assert "target: a-p1" in text and "quote: harbour of Osaka" in text
    assert "type: identification" in text and "status: draft" in text
    assert only_placeholders_left(mini, "annotations/harbour-of-osaka.md")
    fill_in(path)
    assert pipeline.check(mini).diagnostics == ()
    assert any(a.slug == "harbour-of-osaka" for a in load_edition(mini).edition.annotations)


def test_new_adds_a_prefix_when_the_quote_is_ambiguous(mini, monkeypatch):
    no_git_name(monkeypatch)
    assert cli.main(["new", "--root", str(mini), "--target", "a-p2", "--quote", "brisk",
                     "--slug", "brisk-note"]) == 0
    fill_in(mini / "annotations" / "brisk-note.md")
    assert pipeline.check(mini).diagnostics == ()
    assert "prefix:" in (mini / "annotations" / "brisk-note.md").read_text()


MESSAGE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):1: error\[(?P<code>E\d{3})\]: .+$")


def new(capsys, root: Path, *args: str) -> tuple[int, list[tuple[str, int, str]], str]:
    """Run `scholion new`; its exit code, its located error lines, all it printed."""
    code = cli.main(["new", "--root", str(root), *args])
    err = capsys.readouterr().err
    found = [(m["path"], int(m["line"]), m["code"])
             for line in err.splitlines() if (m := MESSAGE.match(line))]
    return code, found, err


def notes(root: Path) -> set[str]:
    return {p.name for p in (root / "annotations").iterdir()}


def test_new_reports_located_diagnostics_and_writes_nothing(mini, capsys):
    before = notes(mini)
    code, found, err = new(capsys, mini, "--target", "a-p9", "--quote", "busy")
    assert code == 1 and found == [
        ("annotations/busy.md", 2, "E305")]
    assert "did you mean 'a-p2', 'a-p1'" in err
    assert "a ¶ number works too: --target 5 is 'a-p2'" in err
    code, found, err = new(capsys, mini, "--target", "a-p1", "--quote", "buzy")
    assert code == 1 and [(line, code) for _, line, code in found] == [(3, "E306")]
    assert 'closest words in a-p1 are: "busy"' in err
    code, found, err = new(capsys, mini, "--target", "a-p1", "--quote", "busy",
                          "--slug", "busy-harbour")
    assert code == 1 and [(line, code) for _, line, code in found] == [(1, "E310")]
    assert "already exists" in err and "--slug" in err
    assert "nothing was written" in err and notes(mini) == before


def test_new_refuses_a_quote_that_overlaps_another_note(mini, capsys):
    code, found, _ = new(capsys, mini, "--target", "a-p1", "--quote", "Osaka was busy")
    assert code == 1 and found == [
        ("annotations/osaka-was-busy.md", 3, "E308")]
    assert "osaka-was-busy.md" not in notes(mini)


def test_new_asks_for_a_quote_unless_the_target_is_a_register_entry(mini, capsys,
                                                                      monkeypatch):
    code, found, err = new(capsys, mini, "--target", "a-p1")
    assert code == 1 and [code for *_, code in found] == ["E303"]
    assert '--quote "The harbour of Osaka was busy' in err
    no_git_name(monkeypatch)
    code, found, _ = new(capsys, mini, "--target", "osaka", "--slug", "osaka-note")
    assert code == 0 and found == []
    assert only_placeholders_left(mini, "annotations/osaka-note.md")


def test_new_takes_the_paragraph_number_from_the_margin(mini, capsys, monkeypatch):
    no_git_name(monkeypatch)
    code, _, err = new(capsys, mini, "--target", "5", "--quote", "Trade")
    assert code == 0 and "¶ 5 ('a-p2') of letter-a" in err
    assert "target: a-p2" in (mini / "annotations" / "trade.md").read_text()
    code, found, err = new(capsys, mini, "--target", "2", "--quote", "busy")
    assert code == 1 and [code for *_, code in found] == ["E305"]
    assert "letter-a:2 ('a-p1'), letter-b:2 ('b-sig')" in err
    code, _, _ = new(capsys, mini, "--target", "letter-a:2", "--quote", "harbour")
    assert code == 0
    assert "target: a-p1" in (mini / "annotations" / "harbour.md").read_text()


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


@contextmanager
def serving(*args: str, cwd: Path) -> Iterator[tuple[subprocess.Popen, queue.Queue]]:
    """`scholion serve ARGS` in a child process; its stderr lines arrive in a queue, so a
    test waits for a line with a deadline instead of blocking on a silent process."""
    proc = subprocess.Popen([sys.executable, "-m", "scholion", "serve", *args], cwd=cwd,
                            stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr],
                              daemon=True)
    reader.start()
    try:
        yield proc, lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        reader.join(timeout=10)
        proc.stderr.close()


def wait_for_line(lines: queue.Queue, pattern: str, seconds: float = 60) -> re.Match:
    deadline = time.monotonic() + seconds
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if found := re.search(pattern, line):
            return found
    raise AssertionError(f"no line matching {pattern!r} within {seconds} s; got {seen}")


def text_of(page: Path) -> str:
    """The page's text, or '' in the instant a rebuild swaps the folder."""
    try:
        return page.read_text()
    except FileNotFoundError:
        return ""


def test_serve_with_the_default_root_rebuilds_on_change(mini):
    """Run as a contributor does: from the edition's folder, no --root (paths then come
    as .../mini/./annotations/x.md from the watcher)."""
    with serving("--port", "0", cwd=mini) as (_, lines):
        wait_for_line(lines, r"http://127\.0\.0\.1:\d+/")
        page = mini / "build" / "letter-a.html"
        assert "very" in text_of(page)
        note = mini / "annotations" / "busy-harbour.md"
        changed = note.read_text().replace("*very*", "*remarkably*")
        deadline = time.monotonic() + 30
        while "remarkably" not in text_of(page):
            assert time.monotonic() < deadline, "the site was not rebuilt after a change"
            note.write_text(changed)  # again each round: the watcher may start late
            time.sleep(0.5)


def test_serve_ignores_hidden_files_and_its_own_output(tmp_path):
    from scholion.commands.serve import _relevant

    root, out = tmp_path / "ed", tmp_path / "ed" / "build"
    dotted = f"{tmp_path}/ed/./"
    assert _relevant(dotted + "annotations/x.md", root, out)
    assert _relevant(dotted + "source/kansai.xml", root, out)
    for ignored in ("build/index.html", ".git/index", "annotations/.x.md.swp",
                    ".build.new-1/index.html"):
        assert not _relevant(dotted + ignored, root, out), ignored


def test_serve_on_a_port_in_use_says_so_before_building(mini, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = cli.main(["serve", "--root", str(mini), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (f"scholion: error: port {port} on 127.0.0.1 is in use; choose another "
                   "with --port\n")
    assert not (mini / "build").exists()  # checked first: nothing was built


def test_an_unedited_scaffold_fails_check_at_each_placeholder(mini, monkeypatch):
    no_git_name(monkeypatch)
    assert cli.main(["new", "--root", str(mini), "--target", "a-p1", "--quote",
                     "harbour of Osaka"]) == 0
    path = mini / "annotations" / "harbour-of-osaka.md"
    lines = path.read_text().splitlines()
    found = [(d.path, d.line, d.code) for d in pipeline.check(mini).diagnostics]
    where = "annotations/harbour-of-osaka.md"
    assert found == [(where, next(i for i, line in enumerate(lines, 1) if words in line),
                      "E316") for words in PLACEHOLDERS]


# --- scholion init -------------------------------------------------------------------------

def test_init_makes_an_edition_that_builds_on_the_first_try(tmp_path, capsys):
    folder = tmp_path / "letters-of-a-writer"
    assert cli.main(["init", str(folder)]) == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) \
        == [".gitignore", "README.md", "annotations/example-note.md", "pyproject.toml",
            "source/example-letter.xml"]
    assert 'title = "Letters of a writer"' in (folder / "pyproject.toml").read_text()
    result = pipeline.build(folder, folder / "build")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert {d.code for d in result.diagnostics} == {"W110", "W111", "W404"}
    page = (folder / "build" / "example-letter.html").read_text(encoding="utf-8")
    assert 'id="note-example-note"' in page and "From A. Writer (Kyoto) to B. Reader" in page


def test_init_never_writes_into_a_folder_that_holds_something(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["init", str(tmp_path)]) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert "E009" in capsys.readouterr().err


def test_new_names_the_document_of_a_provisional_anchor(mini):
    replace_in(mini / "source" / "letter-b.xml", ' xml:id="b-p1"', "")
    assert cli.main(["new", "--root", str(mini), "--target", "p1", "--quote", "Thank you",
                     "--slug", "thanks"]) == 0
    assert "target: letter-b#p1\n" in (mini / "annotations" / "thanks.md").read_text()
