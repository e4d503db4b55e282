"""Time a cold `scholion build` of the edition as a whole process.

Each run is a fresh interpreter (imports included), as a reader of the README would run
it; the search index (Pagefind) is part of every build. Reports the median wall time and
the peak resident memory, and separately the first build on a machine (no citation or
template cache yet), and writes the figures to bench/results.json, which the README
quotes.

    python bench/build_speed.py [--runs 15] [--root .]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SECONDS, TARGET_MB = 0.4, 100


def one_run(root: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one `scholion build` child process."""
    command = [sys.executable, "-m", "scholion", "build", "--quiet",
               "--root", str(root), "--out", str(out), *extra]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr}")
    # For RUSAGE_CHILDREN, ru_maxrss is the largest of all children waited for so far
    # (KiB on Linux): after the last run it is the peak of any run.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--root", type=Path, default=HERE.parent)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        one_run(args.root, out)  # warm the OS file cache; not counted
        walls, peak = [], 0.0
        for _ in range(args.runs):
            wall, peak = one_run(args.root, out)
            walls.append(wall)
        # A first build ever: the build cache (citations, compiled templates) neither read
        # nor written, as in a fresh clone
        firsts = [one_run(args.root, out, "--no-cache")[0]
                  for _ in range(max(3, args.runs // 3))]
    figures = {
        "what": "cold `scholion build` of the edition, whole process",
        "runs": args.runs,
        "median_seconds": round(statistics.median(walls), 3),
        "min_seconds": round(min(walls), 3),
        "max_seconds": round(max(walls), 3),
        "peak_rss_mb": round(peak, 1),
        "first_build_median_seconds": round(statistics.median(firsts), 3),
        "target": f"<= {TARGET_SECONDS} s, <= {TARGET_MB} MB",
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
                   f"{platform.python_version()}, {_cores()} cores",
    }
    # the other benches' keys (bench/scale.py's "scale") are kept
    results = HERE / "results.json"
    kept = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else {}
    kept = {k: v for k, v in kept.items() if k not in figures}
    results.write_text(json.dumps(figures | kept, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    print(json.dumps(figures, indent=2))
    ok = figures["median_seconds"] <= TARGET_SECONDS and peak <= TARGET_MB
    print("within target" if ok else "OVER TARGET")


def _cores() -> int:
    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
