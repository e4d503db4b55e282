"""bench/corpus.py, the synthetic collection of issue #17's scale bench: what it writes must
build (else the bench measures a failure), and be the same bytes for the same seed (else
figures of two runs measure different editions)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from scholion import pipeline

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench(name: str):
    # by path, under a name of its own: tests/corpus/ is a folder called corpus too
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


corpus = _bench("corpus")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_synthetic_collection_builds_with_no_error_and_only_the_provisional_warnings(
        tmp_path: Path):
    # 20 letters: the 20th has no xml:id and no @n (one in PROVISIONAL_EVERY)
    root = tmp_path / "letters"
    counts = corpus.generate(20, root, seed=3)
    assert counts["provisional_letters"] == 1
    assert counts["annotations"] > 20  # about two a letter, a headnote, register notes
    result = pipeline.build(root, tmp_path / "build", cache=False)
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    codes = Counter((d.code, d.path) for d in result.diagnostics)
    # the lock the generator wrote is the one `anchors accept` would (no W402, W403, W404),
    # every register entry is named (no W201), and every note found its words
    assert codes == {("W110", "source/letter-00020.xml"): 1,
                     ("W111", "source/letter-00020.xml"): 1}
    pages = {p.name for p in (tmp_path / "build").rglob("letter-*.html")}
    assert {f"letter-{n:05d}.html" for n in range(1, 21)} <= pages


def test_the_generator_is_deterministic(tmp_path: Path):
    one, two, other = (tmp_path / name for name in ("one", "two", "other"))
    corpus.generate(12, one, seed=7)
    corpus.generate(12, two, seed=7)
    corpus.generate(12, other, seed=8)
    assert _files(one) == _files(two)
    assert _files(one) != _files(other)  # the seed is what decides


def test_a_folder_it_did_not_write_is_never_cleared(tmp_path: Path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    try:
        corpus.generate(1, tmp_path)
    except SystemExit as refused:
        assert "not written by bench/corpus.py" in str(refused)
    else:
        raise AssertionError("generate wrote into a folder it had not made")
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_the_readme_quotes_the_recorded_scale_figures():
    scale = _bench("scale")
    recorded = json.loads((BENCH / "results.json").read_text(encoding="utf-8"))["scale"]
    assert {"100", "1000"} <= recorded["sizes"].keys()
    readme = (BENCH.parent / "README.md").read_text(encoding="utf-8")
    assert scale.table(recorded["sizes"]) in readme
