"""The documentation keeps up with the code."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, fill_in, only_placeholders_left
from scholion import pipeline
from scholion.common.codes import CODES

DOCS = ("README.md", "CONTRIBUTING.md")
CODE = re.compile(r"```[^\n]*\n(?P<block>.*?)```|`(?P<span>[^`\n]+)`", re.DOTALL)
LONG_RUNNING = {"serve"}  # runs until stopped; tests/test_commands.py covers it


def shown_commands(text: str) -> list[tuple[str, ...]]:
    """Every `scholion ...` command in the Markdown's code blocks and code spans, as
    arguments: shell comments dropped, `a && b` split, optional `[--flag VALUE]` of a
    synopsis left out (the command must run without them)."""
    found = []
    for match in CODE.finditer(text):
        for line in (match["block"] or match["span"]).splitlines():
            if not re.search(r"(^|[\s(;&|])scholion\s", line):
                continue  # other shell lines, example files, example output
            for command in _split(shlex.split(line, comments=True), {"&&", "||", ";", "|"}):
                if command[:1] == ["scholion"]:
                    found.append(tuple(_required(command[1:])))
    return found


def _split(tokens: list[str], separators: set[str]) -> list[list[str]]:
    commands: list[list[str]] = [[]]
    for token in tokens:
        if token in separators:
            commands.append([])
        else:
            commands[-1].append(token)
    return commands


def _required(args: list[str]) -> list[str]:
    kept, depth = [], 0
    for arg in args:
        depth += arg.count("[") if arg.startswith("[") else 0
        if depth == 0:
            kept.append(arg)
        depth -= arg.count("]") if arg.endswith("]") and depth else 0
    return kept


COMMANDS = list(dict.fromkeys(
    command for name in DOCS for command in shown_commands((REPO / name).read_text())))


def test_the_docs_show_the_commands_a_contributor_needs():
    assert {command[0] for command in COMMANDS} >= {"build", "check", "new", "serve"}
    assert ("build", "--accept-anchors") in COMMANDS


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """A private copy of the repository's edition, as a contributor has it."""
    root = tmp_path / "edition"
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root)
    shutil.copy2(REPO / "principles.md", root)  # the settings name it
    for folder in ("source", "annotations"):
        shutil.copytree(REPO / folder, root / folder)
    return root


WALKTHROUGH = "my-edition"  # README's "Publish your own TEI": run in order, below


@pytest.mark.parametrize("args", [c for c in COMMANDS if c[0] not in LONG_RUNNING
                                  and WALKTHROUGH not in c], ids=" ".join)
def test_every_command_the_docs_show_works(edition, args):
    """Run as shown, from the edition's folder. `new` writes a scaffold that fails
    `check` for its placeholders only (E316); filled in as the docs say next, it passes."""
    before = set((edition / "annotations").iterdir())
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run([sys.executable, "-m", "scholion", *args], cwd=edition, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    if args[0] == "new":
        written = set((edition / "annotations").iterdir()) - before
        assert len(written) == 1, written
        path = written.pop()
        assert only_placeholders_left(edition, f"annotations/{path.name}")
        fill_in(path)
        result = pipeline.check(edition)
        assert result.ok, [d.format() for d in result.diagnostics]


def test_publishing_your_own_tei_works_as_the_readme_shows(tmp_path):
    """The README's walkthrough, line by line, in an empty folder; "your TEI" is a real
    play from the corpus, with no ids."""
    block = next(m["block"] for m in CODE.finditer((REPO / "README.md").read_text())
                 if m["block"] and f"scholion init {WALKTHROUGH}" in m["block"])
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for line in block.strip().splitlines():
        args = shlex.split(line, comments=True)
        if args[0] == "cp":  # the editor's own files
            shutil.copy2(REPO / "tests/corpus/drama/goethe-proserpina.xml",
                         tmp_path / WALKTHROUGH / "source")
            continue
        assert args[0] == "scholion", line
        proc = subprocess.run([sys.executable, "-m", "scholion", *args[1:]], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, (line, proc.stderr)
    edition = tmp_path / WALKTHROUGH
    assert (edition / "build" / "goethe-proserpina.html").is_file()
    lock = (edition / "source" / "anchors.lock").read_text()
    assert "goethe-proserpina " in lock and "example-letter p1 " in lock
    assert b' xml:id="' in (edition / "source" / "goethe-proserpina.xml").read_bytes()
    assert len(list((edition / "annotations").glob("*.md"))) == 2


def test_contributing_lists_every_diagnostic_code():
    listed = set(re.findall(r"^\| ([EW]\d{3}) \|", (REPO / "CONTRIBUTING.md").read_text(),
                            re.MULTILINE))
    assert listed == set(CODES)


def test_readme_quotes_the_recorded_benchmark():
    import json

    figures = json.loads((REPO / "bench" / "results.json").read_text())
    readme = (REPO / "README.md").read_text()
    assert f"median {figures['median_seconds']:.2f} s" in readme
    assert f"peak {figures['peak_rss_mb']:.0f} MB" in readme


def test_every_code_the_package_emits_is_catalogued():
    used = set()
    for path in (REPO / "src" / "scholion").rglob("*.py"):
        if path.name != "codes.py":
            used |= set(re.findall(r'"([EW]\d{3})"', path.read_text()))
    assert used and used <= set(CODES), used - set(CODES)


def _setup_block() -> str:
    """The README's one-time set-up of the browser tests' system packages."""
    blocks = [m["block"] for m in CODE.finditer((REPO / "README.md").read_text())
              if m["block"] and "apt-get" in m["block"]]
    assert len(blocks) == 1, blocks
    return blocks[0]


def _fake(folder: Path, name: str, body: str = "") -> None:
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "{name} $*" >> "$CALLS"\n{body}')
    script.chmod(0o755)


@pytest.mark.parametrize("with_sudo", [False, True], ids=["root-without-sudo", "with-sudo"])
def test_the_readme_set_up_works_with_and_without_sudo(tmp_path, with_sudo):
    """Run with stand-ins for apt-get, npm (and sudo, which then runs the rest): the
    same lines work for root in a container without sudo and for a user with it."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "calls"
    bin_dir.mkdir()
    (tmp_path / "tests" / "browser").mkdir(parents=True)
    _fake(bin_dir, "apt-get")
    _fake(bin_dir, "npm")
    if with_sudo:
        _fake(bin_dir, "sudo", 'exec "$@"\n')
    proc = subprocess.run(["/bin/bash", "-euc", _setup_block()], cwd=tmp_path,
                          env={"PATH": str(bin_dir), "CALLS": str(calls)},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    done = calls.read_text().splitlines()
    assert any(c.startswith("apt-get install -y chromium default-jre-headless") for c in done)
    assert "npm ci" in done
    assert any(c.startswith("sudo apt-get install") for c in done) == with_sudo


def test_ci_installs_the_system_packages_as_the_readme_does():
    line = next(line for line in _setup_block().splitlines() if line.startswith("sudo="))
    assert line.split("#")[0].strip() in (REPO / ".ci" / "run").read_text()
