"""A corpus of broken and of odd-but-valid input, each through the real command.

Broken input: its own code and line, exit 1, no traceback, previous build untouched.
Odd but valid input (BOM, CRLF, non-ASCII names and file names, <?xml-model?>): builds.
A date TEI does not allow (odd/bad-date.xml) is a warning: that input builds too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, tree_digest
from scholion import pipeline

BROKEN = FIXTURES / "broken"

# file -> (where it goes in the edition, code, line)
CASES = {
    "malformed.xml": ("source", "E101", 23),
    "wrong-encoding.xml": ("source", "E004", 20),
    "missing-header.xml": ("source", "E105", 2),
    "duplicate-ids.xml": ("source", "E112", 22),
    "bad-id.xml": ("source", "E116", 20),
    "empty.xml": ("source", "E101", 1),
    "binary.xml": ("source", "E004", 1),
    "bad-yaml.md": ("annotations", "E301", 3),  # the line of the unclosed "["
    "wrong-types.md": ("annotations", "E304", 5),
    "empty.md": ("annotations", "E301", 1),
    "binary.md": ("annotations", "E314", 1),
}


def run_check(root):
    return subprocess.run([sys.executable, "-m", "scholion", "build", "--root", str(root)],
                          capture_output=True, text=True, timeout=120)


def test_every_broken_file_has_a_case():
    assert {p.name for p in BROKEN.iterdir()} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_gives_its_diagnostic_and_keeps_the_old_build(mini, name):
    folder, code, line = CASES[name]
    assert pipeline.build(mini, mini / "build").ok
    before = tree_digest(mini / "build")
    shutil.copy(BROKEN / name, mini / folder / name)
    proc = run_check(mini)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{folder}/{name}:{line}:" in proc.stderr and f"error[{code}]" in proc.stderr, \
        proc.stderr
    assert tree_digest(mini / "build") == before


def test_symlink_pointing_outside_the_repository(mini, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text("<TEI/>")
    (mini / "source" / "link.xml").symlink_to(secret)
    (mini / "annotations" / "link.md").symlink_to(secret)
    proc = run_check(mini)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "source/link.xml:1:1: error[E005]" in proc.stderr
    assert "annotations/link.md:1:1: error[E005]" in proc.stderr


def test_odd_but_valid_input_builds(mini, tmp_path):
    shutil.copy(FIXTURES / "odd" / "lettre-é-crlf.xml", mini / "source")
    shutil.copy(FIXTURES / "odd" / "note-crlf-bom.md", mini / "annotations")
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    errors = [d.format() for d in result.diagnostics if d.is_error]
    assert result.ok, errors
    page = (out / "lettre-bom.html").read_text(encoding="utf-8")
    assert "Merci pour la lettre de Ōshima, 大阪" in page
    assert 'id="note-note-crlf-bom"' in page and "Ædith Ōsaka-Müller" in page


def test_a_bad_date_is_a_warning_and_the_site_is_built(mini):
    shutil.copy(FIXTURES / "odd" / "bad-date.xml", mini / "source")
    proc = run_check(mini)
    assert proc.returncode == 0, proc.stderr
    assert 'source/bad-date.xml:20:1: warning[W115]: @to="1975-13-01" on <date>' in proc.stderr
    assert (mini / "build" / "letter-x.html").is_file()
