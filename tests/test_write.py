"""Stage `write`: all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import tree_digest
from scholion import write
from scholion.model import Page


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def test_first_write_creates_the_folder(tmp_path):
    out = tmp_path / "build"
    write.write_site([Page("index.html", b"hi"), Page("static/a.css", b"x")], out)
    assert tree_digest(out) == {"index.html": b"hi", "static/a.css": b"x"}
    assert leftovers(out) == []


def test_rewrite_replaces_the_whole_tree(tmp_path):
    out = tmp_path / "build"
    write.write_site([Page("old.html", b"old")], out)
    write.write_site([Page("new.html", b"new")], out)
    assert tree_digest(out) == {"new.html": b"new"}
    assert leftovers(out) == []


def test_failure_while_writing_leaves_the_old_tree_byte_identical(tmp_path, monkeypatch):
    out = tmp_path / "build"
    write.write_site([Page("index.html", b"old"), Page("a/b.html", b"old b")], out)
    before = tree_digest(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self, data):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError):
        write.write_site(
            [Page("index.html", b"new"), Page("x.html", b"new"), Page("y.html", b"new")], out
        )
    assert tree_digest(out) == before
    assert leftovers(out) == []


def test_failure_during_the_swap_puts_the_old_tree_back(tmp_path, monkeypatch):
    out = tmp_path / "build"
    write.write_site([Page("index.html", b"old")], out)
    real = Path.rename

    def failing(self, target):
        if Path(target) == out.resolve() and ".new-" in self.name:
            raise OSError(1, "Operation not permitted")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError):
        write.write_site([Page("index.html", b"new")], out)
    assert tree_digest(out) == {"index.html": b"old"}
    assert leftovers(out) == []


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b", ""])
def test_paths_outside_the_output_are_refused(tmp_path, path):
    with pytest.raises(write.UnsafePath):
        write.write_site([Page(path, b"x")], tmp_path / "build")
    assert not (tmp_path / "escape.html").exists()
    assert not (tmp_path / "build").exists()


def _site(*pages: tuple[str, bytes]) -> list[Page]:
    return [Page(write.BUILD_INFO, b"{}"), *(Page(path, content) for path, content in pages)]


def test_what_the_earlier_build_has_is_linked_only_where_its_bytes_are_the_same(tmp_path):
    out = tmp_path / "build"
    write.write_site(_site(("same.html", b"unchanged"), ("edited.html", b"original"),
                           ("linked.html", b"abcdefgh")), out)
    (out / "edited.html").write_bytes(b"ORIGINAL")  # in place, same size: not the page
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"abcdefgh")
    (out / "linked.html").unlink()
    (out / "linked.html").symlink_to(secret)  # the page's bytes, through a link
    kept = (out / "same.html").stat().st_ino
    write.write_site(_site(("same.html", b"unchanged"), ("edited.html", b"original"),
                           ("linked.html", b"abcdefgh")), out)
    assert (out / "same.html").stat().st_ino == kept  # the earlier file, linked
    assert (out / "edited.html").read_bytes() == b"original"  # compared, and written
    assert not (out / "linked.html").is_symlink()
    assert (out / "linked.html").stat().st_ino != secret.stat().st_ino
    assert secret.read_bytes() == b"abcdefgh" and leftovers(out) == []
