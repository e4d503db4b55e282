"""Build each file of the real-TEI corpus as a one-document edition, and count what happens.

For every file listed in tests/corpus/SOURCES.toml, makes a temporary edition (a
pyproject.toml with a [tool.scholion] table, the file copied byte for byte into source/,
an empty annotations/) and builds it without a build cache. Records whether it built, the
codes of the errors and warnings with their counts, the time taken, and whether the build
raised (it never should: the traceback's last line is kept if it did). Writes the figures
to bench/corpus.json and prints a table; exits 1 if any build raised.

    python bench/corpus.py [--corpus tests/corpus] [--only letters/]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "corpus"

CONFIG = """\
# A one-document edition made by bench/corpus.py from a corpus file.
[tool.scholion]
title = {title}
editors = "The Scholion corpus bench"
base_url = "https://example.org/corpus/"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
"""


def sources(corpus: Path) -> list[dict[str, str]]:
    """The [[file]] entries of SOURCES.toml, in its order."""
    with (corpus / "SOURCES.toml").open("rb") as f:
        return tomllib.load(f)["file"]


def edition_of(source: Path, root: Path) -> None:
    """Lay out a one-document edition of `source` at `root` (a new folder)."""
    (root / "source").mkdir(parents=True)
    (root / "annotations").mkdir()
    # json.dumps writes a valid TOML basic string for any title
    title = json.dumps(f"Corpus: {source.name}", ensure_ascii=False)
    (root / "pyproject.toml").write_text(CONFIG.format(title=title), encoding="utf-8")
    shutil.copyfile(source, root / "source" / source.name)  # byte for byte


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", default="",
                        help="measure only the files whose path starts with this; "
                             "bench/corpus.json is then left as it is")
    args = parser.parse_args()
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
