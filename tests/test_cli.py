"""The `scholion` command: exit codes, compiler-style messages, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, replace_in, tree_digest
from scholion import cli, pipeline

MESSAGE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>error|warning)\[(?P<code>[EW]\d{3})\]: .+$"
)


def run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    return code, capsys.readouterr().err


def messages(err: str) -> list[tuple[str, int, str]]:
    found = [MESSAGE.match(line) for line in err.splitlines()]
    return [(m["path"], int(m["line"]), m["code"]) for m in found if m]


def test_build_and_check_succeed_on_the_fixture(mini, capsys):
    assert run(capsys, "check", "--root", str(mini))[0] == 0
    code, err = run(capsys, "build", "--root", str(mini))
    assert code == 0 and re.search(r"wrote \d+ files", err)
    assert (mini / "build" / "index.html").is_file()


def test_out_option(mini, tmp_path, capsys):
    out = tmp_path / "site"
    assert run(capsys, "build", "--root", str(mini), "--out", str(out))[0] == 0
    assert (out / "letter-b.html").is_file() and not (mini / "build").exists()


def test_every_error_is_reported_not_only_the_first(mini, capsys):
    replace_in(mini / "source" / "letter-a.xml", 'xml:id="a-p2"', 'xml:id="a-p1"')
    replace_in(mini / "source" / "letter-b.xml", "</closer>", "</closr>")
    code, err = run(capsys, "check", "--root", str(mini))
    assert code == 1
    assert [m for m in messages(err) if m[2].startswith("E")] == [
        ("source/anchors.lock", 11, "E401"),  # a-p2 lost its published anchor, too
        ("source/letter-a.xml", 39, "E112"),
        ("source/letter-b.xml", 23, "E101"),
    ]
    assert "Traceback" not in err


def test_failed_build_leaves_previous_output_intact(mini, capsys):
    assert run(capsys, "build", "--root", str(mini))[0] == 0
    before = tree_digest(mini / "build")
    (mini / "source" / "letter-b.xml").write_text("<TEI", encoding="utf-8")
    code, err = run(capsys, "build", "--root", str(mini))
    assert code == 1 and "left untouched" in err
    assert tree_digest(mini / "build") == before


def test_usage_errors_exit_2(mini, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2
    assert run(capsys, "build", "--root", str(mini / "missing"))[0] == 2


def test_internal_error_apologises_logs_and_exits_3(mini, capsys, monkeypatch):
    assert run(capsys, "build", "--root", str(mini))[0] == 0
    before = tree_digest(mini / "build")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "build", broken)
    code, err = run(capsys, "build", "--root", str(mini))
    assert code == 3 and "bug in Scholion" in err and "Traceback" not in err
    log = re.search(r"Details: (\S+)", err)[1]
    with open(log, encoding="utf-8") as handle:
        assert "ZeroDivisionError: a bug" in handle.read()
    assert tree_digest(mini / "build") == before


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "hostile").glob("*.xml")))
def test_hostile_sources_end_in_a_diagnostic_through_the_real_command(mini, name):
    """The installed console script, end to end: exit 1, a located message, no traceback."""
    (mini / "source" / name).write_bytes((FIXTURES / "hostile" / name).read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "scholion", "check", "--root", str(mini)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert any(path == f"source/{name}" for path, _, _ in messages(proc.stderr)), proc.stderr
    assert "Traceback" not in proc.stderr


def test_internal_error_names_the_file_being_processed(mini, capsys, monkeypatch):
    def broken(data, path):
        raise RuntimeError("a bug in the annotation reader")

    monkeypatch.setattr("scholion.load.read_annotation", broken)
    code, err = run(capsys, "check", "--root", str(mini))
    assert code == 3
    assert "while processing annotations/busy-harbour.md" in err


def test_build_counts_every_file_it_writes(mini, capsys):
    code, err = run(capsys, "build", "--root", str(mini))
    written = [p for p in (mini / "build").rglob("*") if p.is_file()]
    assert code == 0 and any(p.parts[-2] == "pagefind" for p in written)  # index included
    assert f"wrote {len(written)} files to" in err


# an error in the input: a place pointed at by a person's name (E206)
WRONG_KIND = ('<placeName ref="reg:osaka">Osaka</placeName>',
              '<persName ref="reg:osaka">Osaka</persName>')


def test_a_failed_first_build_says_nothing_was_written(mini, capsys):
    replace_in(mini / "source" / "letter-a.xml", WRONG_KIND[0], WRONG_KIND[1])
    code, err = run(capsys, "build", "--root", str(mini))
    assert code == 1 and "build failed; nothing was written" in err
    assert "untouched" not in err and not (mini / "build").exists()


def test_accept_anchors_does_not_warn_that_there_is_no_registry(mini, capsys):
    (mini / "source" / "anchors.lock").unlink()
    replace_in(mini / "source" / "letter-a.xml", WRONG_KIND[0], WRONG_KIND[1])
    code, err = run(capsys, "build", "--root", str(mini), "--accept-anchors")
    assert code == 1 and [c for *_, c in messages(err)] == ["E206"]
    replace_in(mini / "source" / "letter-a.xml", WRONG_KIND[1], WRONG_KIND[0])
    code, err = run(capsys, "build", "--root", str(mini), "--accept-anchors")
    assert code == 0 and messages(err) == [] and (mini / "source" / "anchors.lock").is_file()


def add_blocks(root, count: int) -> None:
    blocks = "".join(f'<p xml:id="a-new{i}" n="{10 + i}">New {i}.</p>' for i in range(count))
    replace_in(root / "source" / "letter-a.xml", "</body>", blocks + "</body>")
    replace_in(root / "source" / "letter-b.xml", "</closer>",
               '</closer><p xml:id="b-new" n="9">New.</p>')


def test_new_anchors_are_one_line_per_file(mini, capsys):
    add_blocks(mini, 3)
    code, err = run(capsys, "check", "--root", str(mini))
    assert code == 0
    lines = [line for line in err.splitlines() if "W403" in line]
    assert [(path, code) for path, _, code in messages(err)] == [
        ("source/letter-a.xml", "W403"), ("source/letter-b.xml", "W403")]
    assert "3 new anchors" in lines[0] and "1 new anchor " in lines[1]
    assert "hint:" not in err and len(err.splitlines()) == 4  # and the totals, "no errors"


def test_verbose_lists_every_new_anchor(mini, capsys):
    add_blocks(mini, 3)
    code, err = run(capsys, "check", "--root", str(mini), "-v")
    assert code == 0
    assert [c for *_, c in messages(err)] == ["W403"] * 4
    assert all(f"new anchor 'a-new{i}'" in err for i in range(3))
