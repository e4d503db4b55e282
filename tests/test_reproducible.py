"""Two builds of the same commit are byte-identical, file for file."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

from conftest import REPO, tree_digest
from scholion import pipeline


def digests(folder):
    return {path: hashlib.sha256(data).hexdigest() for path, data in tree_digest(folder).items()}


def test_two_builds_of_one_commit_are_identical(tmp_path, monkeypatch):
    """A clone at one commit, built twice into different folders, at different times."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    for name in ("source", "annotations"):  # the working tree may be ahead of HEAD
        shutil.rmtree(clone / name)
        shutil.copytree(REPO / name, clone / name)
    for name in ("pyproject.toml", "principles.md"):
        shutil.copy2(REPO / name, clone / name)
    first, second = tmp_path / "one", tmp_path / "two"
    assert pipeline.build(clone, first).ok
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # a clock far from UTC changes nothing
    assert pipeline.build(clone, second).ok
    one, two = digests(first), digests(second)
    assert one.keys() == two.keys() and len(one) > 50
    # the PDF too (the second build takes it from the build cache; tests/test_pdf.py
    # draws it anew and compares the bytes), and the EPUBs (zips)
    assert {"data/kansai-1987.pdf", "data/kansai-1987.epub", "data/edition.epub"} <= one.keys()
    assert [path for path in one if one[path] != two[path]] == []


def test_build_date_comes_from_source_date_epoch(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "545011200")  # 1987-04-10, 00:00 UTC
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    assert '"date": "1987-04-10"' in (out / "build-info.json").read_text()
