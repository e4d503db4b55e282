"""Build each file of the real-TEI corpus as a one-document edition, and count what happens.

For every file listed in tests/corpus/SOURCES.toml, makes a temporary edition (a
pyproject.toml with a [tool.scholion] table, the file copied byte for byte into source/,
an empty annotations/) and builds it without a build cache. Records whether it built, the
codes of the errors and warnings with their counts, the time taken, and whether the build
raised (it never should: the traceback's last line is kept if it did). Writes the figures
to bench/corpus.json and prints a table; exits 1 if any build raised.

With --dir, measures every *.xml under DIR instead (TEI the project has never seen), each
in a subprocess of its own with a time limit, in memory (load, check, plan, render: no
search index, nothing written): whether lxml's plain parser takes the file (one it does
not is broken, and counted apart), whether it built, and whether its reading page keeps
every word (tests/test_corpus_builds.py's rule: the page's .tei-text holds every character
of the document's reading text, white space aside). Writes DIR/results.json (or --out),
prints a table and the three headline rates; exits 1 if any file crashed or hung.

    python bench/real_tei.py [--corpus tests/corpus] [--only letters/]
    python bench/real_tei.py --dir /tmp/heldout [--timeout 60] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter
from pathlib import Path

from onedoc import (
    build_in_memory,
    edition_of,
    limit_memory,
    page_text,
    run_apart,
    squashed,
    well_formed,
)

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "corpus"


def sources(corpus: Path) -> list[dict[str, str]]:
    """The [[file]] entries of SOURCES.toml, in its order."""
    with (corpus / "SOURCES.toml").open("rb") as f:
        return tomllib.load(f)["file"]


def measure(source: Path) -> dict[str, object]:
    """Build `source` as an edition of its own: what came of it."""
    from scholion import pipeline

    with tempfile.TemporaryDirectory(prefix="scholion-corpus-") as tmp:
        root = Path(tmp) / "edition"
        edition_of(source, root)
        start = time.perf_counter()
        try:
            result = pipeline.build(root, Path(tmp) / "build", cache=False)
        except Exception as exc:  # the point is to record it: a build must never raise
            seconds = time.perf_counter() - start
            last = traceback.format_exception_only(exc)[-1].strip()
            return {"built": False, "raised": last, "seconds": round(seconds, 3),
                    "errors": {}, "warnings": {}}
        seconds = time.perf_counter() - start
    errors = Counter(d.code for d in result.diagnostics if d.is_error)
    warnings = Counter(d.code for d in result.diagnostics if not d.is_error)
    return {"built": result.ok, "raised": None, "seconds": round(seconds, 3),
            "errors": dict(sorted(errors.items())), "warnings": dict(sorted(warnings.items()))}


def summary(entries: list[dict[str, str]], runs: dict[str, dict]) -> dict[str, object]:
    """Totals over the corpus: files built, and for each error code the files it
    refused and the times it was reported."""
    refused, reported = Counter(), Counter()
    for run in runs.values():
        refused.update(run["errors"].keys())
        reported.update(run["errors"])
    by_genre: dict[str, dict[str, int]] = {}
    for entry in entries:
        genre = by_genre.setdefault(entry["genre"], {"built": 0, "files": 0})
        genre["files"] += 1
        genre["built"] += bool(runs[entry["path"]]["built"])
    return {
        "what": "each corpus file built as a one-document edition (pipeline.build, "
                "cache=False); error codes counted per file",
        "files": len(runs),
        "built": sum(bool(r["built"]) for r in runs.values()),
        "raised": sum(r["raised"] is not None for r in runs.values()),
        "seconds": round(sum(r["seconds"] for r in runs.values()), 3),
        "genres": by_genre,
        "refused_by": dict(refused),  # code -> files with at least one such error
        "error_counts": dict(reported),  # code -> errors reported, all files together
        "documents": runs,
    }


def table(entries: list[dict[str, str]], runs: dict[str, dict]) -> str:
    """A short table: one line a file, then the codes that refused files."""
    width = max(len(e["path"]) for e in entries)
    lines = [f"{'file':<{width}}  {'built':<5}  {'s':>6}  errors"]
    for entry in entries:
        run = runs[entry["path"]]
        if run["raised"] is not None:
            codes = f"RAISED {run['raised']}"
        else:
            codes = " ".join(f"{code}×{n}" if n > 1 else code
                             for code, n in run["errors"].items())
        lines.append(f"{entry['path']:<{width}}  {'yes' if run['built'] else 'no':<5}  "
                     f"{run['seconds']:>6.2f}  {codes}")
    built = sum(bool(r["built"]) for r in runs.values())
    lines.append(f"\nbuilt {built} of {len(runs)}")
    refused = Counter(code for r in runs.values() for code in r["errors"])
    if refused:
        lines.append("refused by (files): " + ", ".join(
            f"{code} {n}" for code, n in sorted(refused.items(), key=lambda kv: (-kv[1], kv[0]))))
    return "\n".join(lines)


# --- --dir: held-out TEI, in memory, one subprocess a file --------------------------------

def where(body, offset: int) -> tuple[str, int]:
    """The innermost element of the reading text that holds character `offset` of its
    squashed form, as (tag, source line)."""
    node, start = body, 0
    while True:
        for child in node.reading_parts():
            size = len(squashed(child if isinstance(child, str) else child.reading_text()))
            if start + size > offset:
                if isinstance(child, str):
                    return node.tag, node.line
                node = child
                break
            start += size
        else:
            return node.tag, node.line


def difference(expected: str, shown: str, body) -> dict[str, object]:
    """Where the page first parts from the reading text, with a little of each around it."""
    at = next((i for i, (a, b) in enumerate(zip(expected, shown, strict=False)) if a != b),
              min(len(expected), len(shown)))
    tag, line = where(body, at)
    return {"offset": at, "expected": expected[max(0, at - 30):at + 50],
            "shown": shown[max(0, at - 30):at + 50], "element": tag, "line": line,
            "expected_chars": len(expected), "shown_chars": len(shown)}


def measure_in_memory(source: Path) -> dict[str, object]:
    """Load, check, plan and render `source` as an edition of its own, in memory, and
    compare its reading page with its reading text. Never raises: an exception is kept."""
    record: dict[str, object] = {"well_formed": True, "parse_error": None, "built": False,
                                 "errors": {}, "warnings": {}, "first_errors": [],
                                 "words_kept": None, "difference": None, "raised": None,
                                 "timeout": False, "seconds": 0.0}
    problem = well_formed(source)
    if problem is not None:
        record.update(well_formed=False, parse_error=problem)
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="scholion-heldout-") as tmp:
            root = Path(tmp) / "edition"
            edition_of(source, root)
            built = build_in_memory(root)
            record["errors"] = built.codes(errors=True)
            record["warnings"] = built.codes(errors=False)
            record["first_errors"] = [d.format().split("\n")[0]
                                      for d in built.diagnostics if d.is_error][:5]
            record["built"] = built.ok
            if built.ok:
                body = built.page.document.body
                expected = squashed(body.reading_text())
                shown = squashed(page_text(built.html))
                record["words_kept"] = expected == shown
                record["chars"] = len(expected)
                if expected != shown:
                    record["difference"] = difference(expected, shown, body)
    except Exception as exc:  # the point is to record it: nothing may raise
        record["raised"] = traceback.format_exception_only(exc)[-1].strip()
    record["seconds"] = round(time.perf_counter() - start, 3)
    return record


def measure_apart(source: Path, timeout: float) -> dict[str, object]:
    """`measure_in_memory` in a subprocess of its own, killed after `timeout` seconds."""
    record = run_apart(Path(__file__).resolve(), source, timeout)
    if "built" not in record:  # it hung or crashed: no record of its own
        record.update(well_formed=well_formed(source) is None, built=False, errors={},
                      warnings={}, words_kept=None)
    return record


def rates(runs: dict[str, dict]) -> dict[str, object]:
    """The headline figures: built of the well-formed, kept every word of the built,
    crashes and hangs; and the refusals by code, with E207 apart."""
    formed = [r for r in runs.values() if r["well_formed"]]
    built = [r for r in formed if r["built"]]
    kept = [r for r in built if r["words_kept"]]
    crashed = [p for p, r in runs.items() if r["raised"] is not None or r["timeout"]]
    refused = [r for r in formed if not r["built"] and not r["timeout"] and not r["raised"]]
    only_e207 = [r for r in refused if set(r["errors"]) == {"E207"}]

    def share(part: list, whole: list) -> float | None:
        return round(len(part) / len(whole), 4) if whole else None

    return {
        "files": len(runs), "well_formed": len(formed), "broken": len(runs) - len(formed),
        "built": len(built), "built_rate": share(built, formed),
        "words_kept": len(kept), "words_kept_rate": share(kept, built),
        "crashes_and_hangs": len(crashed), "crashed": crashed,
        "refused": len(refused), "refused_only_by_E207": len(only_e207),
        "built_rate_without_E207": share(built + only_e207, formed),
        "refused_by": dict(Counter(c for r in refused for c in r["errors"]).most_common()),
    }


def held_out_table(runs: dict[str, dict], figures: dict[str, object]) -> str:
    width = max(len(p) for p in runs)
    lines = [f"{'file':<{width}}  {'xml':<3}  {'built':<5}  {'words':<5}  {'s':>6}  errors"]
    for path, run in runs.items():
        if run["timeout"]:
            codes = "HUNG (timed out)"
        elif run["raised"] is not None:
            codes = f"RAISED {run['raised']}"
        else:
            codes = " ".join(f"{c}×{n}" if n > 1 else c for c, n in run["errors"].items())
        words = {True: "kept", False: "LOST", None: "-"}[run["words_kept"]]
        lines.append(f"{path:<{width}}  {'ok' if run['well_formed'] else 'BAD':<3}  "
                     f"{'yes' if run['built'] else 'no':<5}  {words:<5}  "
                     f"{run['seconds']:>6.2f}  {codes}")
    f = figures

    def pct(rate: float | None) -> str:
        return "n/a" if rate is None else f"{100 * rate:.1f}%"

    lines += [
        "",
        f"files {f['files']}, well-formed {f['well_formed']}, broken {f['broken']}",
        f"built / well-formed:        {f['built']}/{f['well_formed']} = {pct(f['built_rate'])}"
        f"  (counting E207-only refusals as built: {pct(f['built_rate_without_E207'])})",
        f"kept every word / built:    {f['words_kept']}/{f['built']} = "
        f"{pct(f['words_kept_rate'])}",
        f"crashes + hangs:            {f['crashes_and_hangs']}",
    ]
    if f["refused_by"]:
        lines.append("refused by (files): " + ", ".join(f"{c} {n}"
                                                         for c, n in f["refused_by"].items()))
    return "\n".join(lines)


def held_out(folder: Path, timeout: float, out: Path) -> None:
    files = sorted(p for p in folder.rglob("*.xml") if p.is_file())
    if not files:
        sys.exit(f"no *.xml under {folder}")
    runs = {}
    for path in files:
        name = path.relative_to(folder).as_posix()
        print(f"measuring {name} …", file=sys.stderr, flush=True)
        runs[name] = measure_apart(path, timeout)
    figures = rates(runs)
    report = {"what": "each *.xml under the folder as a one-document edition, in memory "
                      "(load, check, plan, render); words kept = the reading page's "
                      ".tei-text holds the document's reading text, white space aside",
              "folder": str(folder), "timeout": timeout, **figures, "documents": runs}
    out.write_text(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(held_out_table(runs, figures))
    print(f"\nwritten to {out}")
    sys.exit(1 if figures["crashes_and_hangs"] else 0)


def one(source: Path) -> None:
    """The --one child: measure a file and print its record as one JSON line."""
    limit_memory()
    print(json.dumps(measure_in_memory(source), ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", default="",
                        help="measure only the files whose path starts with this; "
                             "bench/corpus.json is then left as it is")
    parser.add_argument("--dir", type=Path,
                        help="measure every *.xml under DIR (held-out TEI) instead of the "
                             "corpus, in memory, one subprocess a file")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="with --dir: seconds a file may take before it counts as hung")
    parser.add_argument("--out", type=Path,
                        help="with --dir: where the figures go (default DIR/results.json)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the --dir child
    args = parser.parse_args()
    if args.one is not None:
        return one(args.one)
    if args.dir is not None:
        return held_out(args.dir, args.timeout, args.out or args.dir / "results.json")
    entries = [e for e in sources(args.corpus) if e["path"].startswith(args.only)]
    if not entries:
        sys.exit(f"no corpus file matches {args.only!r}")
    runs = {}
    for entry in entries:
        print(f"building {entry['path']} …", file=sys.stderr, flush=True)
        runs[entry["path"]] = measure(args.corpus / entry["path"])
    if not args.only:
        figures = summary(entries, runs)
        (HERE / "corpus.json").write_text(
            json.dumps(figures, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8")
    print(table(entries, runs))
    sys.exit(1 if any(r["raised"] is not None for r in runs.values()) else 0)


if __name__ == "__main__":
    main()
