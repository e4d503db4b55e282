"""Measure Scholion on a collection of 100 to 10,000 letters: issue #17's scale bench.

For each size N, the synthetic edition of `bench/corpus.py` (generated once, kept in a temp
folder named by N, seed and the generator's own digest) is copied aside and measured as
whole processes, a fresh interpreter each, one after the other:

1. the parse floor: a process that reads every source XML file and has lxml parse and
   serialize it (`etree.fromstring`, `etree.tostring`), nothing else;
2. `scholion check`;
3. the cold build: `scholion build` with the build cache removed first (as on a fresh CI
   runner: nothing cached; the build writes the cache the next two use);
4. a rebuild after one changed word in one paragraph of one letter;
5. a rebuild after one new annotation file.

Each records wall seconds and the peak resident memory of the largest process (os.wait4:
the child, or its largest descendant such as Pagefind); the build also the files written,
their bytes, the largest page and the largest file, and the warnings it printed. The
ratios are cold/floor, check/floor and rebuild/cold; the cost of one more letter is the
slope of the cold build between successive sizes. A build that runs over --max-seconds is
stopped and recorded as a timeout, and larger sizes are then skipped (they would only time
out later). The figures go to bench/results.json under "scale", one entry per size with
its date and commit (sizes measured before are kept), and a Markdown table is printed.

    python bench/scale.py [--sizes 100,1000,5000,10000] [--runs 1] [--seed 1]
                          [--max-seconds 1800] [--skip check,rebuild] [--work DIR]
                          [--dry-run]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results.json"
DIAGNOSTIC = re.compile(r"\b(error|warning)\[([A-Z]\d{3})\]")
NOTE = ("2 cores shared with other workers' jobs during the measurement (wall times are "
        "therefore high and noisy); each step a whole process, run one after another")


@dataclass(frozen=True)
class Run:
    """One child process: how long, how much memory, what it said."""

    seconds: float
    cpu_seconds: float  # user + system, the child's and its descendants' (Pagefind)
    peak_mb: float
    returncode: int | None  # None: stopped at the time limit
    stdout: str
    stderr: str

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def run(command: list[str], limit: float, cwd: Path | None = None) -> Run:
    """Run a child in its own process group, waiting with os.wait4 for its rusage; at
    `limit` seconds the whole group is killed."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}  # this checkout's code
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env,
                                start_new_session=True)
        status, usage = _wait(proc.pid, start + limit)
        seconds = time.perf_counter() - start
        proc.returncode = 0  # reaped by os.wait4, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_utime + usage.ru_stime if usage else 0.0,
                   usage.ru_maxrss / 1024 if usage else 0.0,
                   os.waitstatus_to_exitcode(status) if status is not None else None,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def _wait(pid: int, deadline: float):
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage
        if time.perf_counter() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            return None, None
        time.sleep(0.02)


# -- the parse floor ----------------------------------------------------------------------

def floor_child(root: Path) -> None:
    """What lxml alone needs for the same files: read, parse, serialize (the --floor
    child). Prints the count, the bytes and the in-process seconds as JSON."""
    from lxml import etree

    start = time.perf_counter()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    files = total = 0
    for path in sorted((root / "source").glob("*.xml")):
        data = path.read_bytes()
        etree.tostring(etree.fromstring(data, parser))
        files, total = files + 1, total + len(data)
    print(json.dumps({"files": files, "bytes": total,
                      "in_process_seconds": round(time.perf_counter() - start, 3)}))


# -- the edition, and the changes rebuilt after -------------------------------------------

def corpus_digest() -> str:
    return hashlib.sha256((HERE / "corpus.py").read_bytes()).hexdigest()[:10]


def edition(work: Path, letters: int, seed: int) -> Path:
    """The pristine generated edition for this size and seed, generated if not yet."""
    root = work / f"letters-{letters}-seed-{seed}-{corpus_digest()}"
    if not (root / "pyproject.toml").is_file():
        print(f"generating {letters} letters …", file=sys.stderr, flush=True)
        sys.path.insert(0, str(HERE))
        from corpus import generate

        generate(letters, root, seed)
    return root


def annotated_blocks(root: Path) -> set[str]:
    """Every `DOC#ID` an annotation targets (a quote there must keep its words)."""
    targets = set()
    for note in (root / "annotations").glob("*.md"):
        if match := re.search(r"^target: (\S+)$", note.read_text(encoding="utf-8"), re.M):
            targets.add(match[1])
    return targets


PARAGRAPH = re.compile(r'<p xml:id="(p\d+)" n="\d+">(.*?)</p>')


def free_paragraphs(root: Path, taken: set[str], start: int):
    """(letter file, block id, its XML) of paragraphs no annotation targets, from the
    letter numbered `start` on: words there can change without breaking a quote."""
    letters = sorted((root / "source").glob("letter-*.xml"))
    for path in letters[start:] + letters[:start]:
        for match in PARAGRAPH.finditer(path.read_text(encoding="utf-8")):
            if f"{path.stem}#{match[1]}" not in taken:
                yield path, match[1], match[2]


def change_one_word(root: Path) -> str:
    """Change the last word of a paragraph of a letter in the middle; what was changed."""
    letters = len(list((root / "source").glob("letter-*.xml")))
    for path, block, xml in free_paragraphs(root, annotated_blocks(root), letters // 2):
        if match := re.search(r"([a-z]+)\.$", xml):
            word = "meanwhile" if match[1] != "meanwhile" else "again"
            text = path.read_text(encoding="utf-8")
            changed = xml[:match.start(1)] + word + "."
            path.write_text(text.replace(xml, changed, 1), encoding="utf-8")
            return f"{path.stem}#{block}: '{match[1]}' -> '{word}'"
    raise SystemExit("no paragraph to change: every one is annotated")


def reading_text(xml: str) -> str:
    """A paragraph's text as Scholion reads it, for these generated letters: notes apart
    are not read, a <choice> reads as its regularised form."""
    xml = re.sub(r"<note\b.*?</note>", "", xml)
    xml = re.sub(r"<orig>.*?</orig>", "", xml)
    return " ".join(re.sub(r"<[^>]+>", "", xml).split())


def add_one_note(root: Path) -> str:
    """A new annotation on a paragraph no note targets yet; its slug."""
    letters = len(list((root / "source").glob("letter-*.xml")))
    for path, block, xml in free_paragraphs(root, annotated_blocks(root), letters // 3):
        text = reading_text(xml).lower()
        for segment in re.findall(r">([^<]+)<", f">{xml}<"):
            words = segment.split()
            if len(words) >= 4 and text.count((quote := " ".join(words[1:4])).lower()) == 1:
                slug = f"{path.stem}-bench-added"
                (root / "annotations" / f"{slug}.md").write_text(
                    f"---\ntarget: {path.stem}#{block}\nquote: \"{quote}\"\ntype: context\n"
                    "author:\n  name: The Scholion benchmark\nsources:\n"
                    "  - title: \"Added by bench/scale.py to time a rebuild\"\n"
                    "status: reviewed\n---\nA note added to time the rebuild after it.\n",
                    encoding="utf-8")
                return slug
    raise SystemExit("no paragraph to annotate")


# -- measuring ------------------------------------------------------------------------------

def scholion(*args: str) -> list[str]:
    return [sys.executable, "-m", "scholion", *args]


def site_figures(out: Path) -> dict:
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest_page = max(pages, key=lambda p: p.stat().st_size)
    largest = max(files, key=lambda p: p.stat().st_size)
    return {"files": len(files), "pages": len(pages),
            "total_bytes": sum(p.stat().st_size for p in files),
            "largest_page_bytes": largest_page.stat().st_size,
            "largest_page": str(largest_page.relative_to(out)),
            "largest_file_bytes": largest.stat().st_size,
            "largest_file": str(largest.relative_to(out)),
            # what grows with the collection: the five largest files of any kind
            "largest_five": {str(p.relative_to(out)): p.stat().st_size for p in sorted(
                files, key=lambda p: (-p.stat().st_size, str(p)))[:5]}}


def diagnostics(stderr: str) -> dict[str, int]:
    counted = Counter(f"{kind} {code}" for kind, code in DIAGNOSTIC.findall(stderr))
    return dict(sorted(counted.items()))


def timed(result: Run) -> dict:
    figures = {"seconds": round(result.seconds, 2), "cpu_seconds": round(result.cpu_seconds, 2),
               "peak_rss_mb": round(result.peak_mb, 1)}
    if result.timed_out:
        figures["timeout"] = True
    elif result.returncode != 0:
        figures["failed"] = result.returncode
        figures["stderr_tail"] = result.stderr[-2000:]
    return figures


STEPS = ("floor", "check", "cold_build", "rebuild_one_letter", "rebuild_one_note")
STEP_CHOICES = ("check", "rebuild")  # the floor and the cold build are always measured


def measure_once(pristine: Path, scratch: Path, limit: float,
                 steps: frozenset[str] = frozenset(STEP_CHOICES)) -> dict:
    """One run of the steps asked for on a fresh copy of the edition."""
    if scratch.exists():
        shutil.rmtree(scratch)
    root, out = scratch / "edition", scratch / "build"
    shutil.copytree(pristine, root)
    figures: dict = {}
    floor = run([sys.executable, __file__, "--floor", str(root)], limit)
    figures["floor"] = timed(floor) | (json.loads(floor.stdout) if floor.returncode == 0
                                       else {})
    if "check" in steps:
        figures["check"] = timed(run(scholion("check", "--root", str(root)), limit))
    shutil.rmtree(root / ".scholion-cache", ignore_errors=True)
    cold = run(scholion("build", "--root", str(root), "--out", str(out)), limit)
    figures["cold_build"] = timed(cold) | {"diagnostics": diagnostics(cold.stderr)}
    if cold.returncode != 0:
        return figures
    figures["site"] = site_figures(out)
    if "rebuild" not in steps:
        return figures
    figures["changed"] = change_one_word(root)
    after_word = run(scholion("build", "--root", str(root), "--out", str(out)), limit)
    figures["rebuild_one_letter"] = timed(after_word) | drawn(after_word.stderr)
    figures["added_note"] = add_one_note(root)
    after_note = run(scholion("build", "--root", str(root), "--out", str(out)), limit)
    figures["rebuild_one_note"] = timed(after_note) | drawn(after_note.stderr) | {
        "diagnostics": diagnostics(after_note.stderr)}
    return figures


DRAWN = re.compile(r"drew the files of (\d+) of (\d+) documents")


def drawn(stderr: str) -> dict:
    """How many documents a rebuild drew again (the others' files it reused), as the
    build says."""
    found = DRAWN.search(stderr)
    return {"documents_drawn": int(found.group(1)), "documents": int(found.group(2))} \
        if found else {}


def median_of(runs: list[dict]) -> dict:
    """The first run's record with each step's seconds the median over the runs (and
    its peak the largest)."""
    figures = dict(runs[0])
    for step in STEPS:
        records = [r[step] for r in runs if step in r and "seconds" in r[step]]
        if records:
            figures[step] = records[0] | {
                "seconds": round(statistics.median(r["seconds"] for r in records), 2),
                "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in records), 2),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in records),
                "runs": [r["seconds"] for r in records]}
    return figures


def ratios(figures: dict, key: str = "seconds") -> dict:
    """The targets' ratios, of wall seconds (or, with key="cpu_seconds", of CPU seconds:
    on shared cores the steadier measure)."""
    def seconds(step: str) -> float | None:
        record = figures.get(step, {})
        ok = key in record and not record.get("timeout") and "failed" not in record
        return record[key] if ok else None

    floor, cold = seconds("floor"), seconds("cold_build")
    found = {}
    if floor and cold:
        found["cold_over_floor"] = round(cold / floor, 1)
    if floor and (check := seconds("check")):
        found["check_over_floor"] = round(check / floor, 1)
    for step in ("rebuild_one_letter", "rebuild_one_note"):
        if cold and (again := seconds(step)):
            found[f"{step}_over_cold"] = round(again / cold, 3)
    return found


def slopes(sizes: dict[str, dict]) -> dict[str, float]:
    """ms of cold build (and MB of peak memory) per additional letter, between sizes."""
    done = sorted((int(n), f) for n, f in sizes.items()
                  if "ratios" in f and "cold_over_floor" in f["ratios"])
    found = {}
    for (n1, a), (n2, b) in pairwise(done):
        a_cold, b_cold = a["cold_build"], b["cold_build"]
        ms = (b_cold["seconds"] - a_cold["seconds"]) * 1000 / (n2 - n1)
        mb = (b_cold["peak_rss_mb"] - a_cold["peak_rss_mb"]) / (n2 - n1)
        found[f"{n1}-{n2}"] = {"ms_per_letter": round(ms, 1),
                               "peak_mb_per_1000_letters": round(mb * 1000, 1)}
        if "cpu_seconds" in a_cold and "cpu_seconds" in b_cold:
            cpu = (b_cold["cpu_seconds"] - a_cold["cpu_seconds"]) * 1000 / (n2 - n1)
            found[f"{n1}-{n2}"]["cpu_ms_per_letter"] = round(cpu, 1)
    return found


def commit() -> str:
    try:
        # the last commit that changed the code measured, not the bench's own commits
        head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h", "--",
                               "src"], capture_output=True, text=True, check=True
                              ).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (src/ modified)" if dirty else "")


def table(sizes: dict[str, dict]) -> str:
    """The figures as Markdown, one row a size."""
    slope = slopes(sizes)
    rows = ["| letters | parse floor | check | cold build | cold build, CPU | ms/letter "
            "| peak RSS | files | largest page | total | rebuild, 1 letter | rebuild, 1 note |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| ---: |"]
    previous = None
    for n in sorted(sizes, key=int):
        f = sizes[n]
        if "skipped" in f:
            rows.append(f"| {int(n):,} | {f['skipped']} |" + " |" * 10)
            continue
        r, site = f.get("ratios", {}), f.get("site", {})
        key = f"{previous}-{n}"
        rows.append(" | ".join([
            f"| {int(n):,}", _s(f, "floor"),
            _s(f, "check") + _x(r.get("check_over_floor"), "× floor"),
            _s(f, "cold_build") + _x(r.get("cold_over_floor"), "× floor"),
            _cpu(f) + _x(f.get("cpu_ratios", {}).get("cold_over_floor"), "× floor CPU"),
            f"{slope[key]['ms_per_letter']:.0f}" if key in slope else "–",
            f"{f['cold_build']['peak_rss_mb']:,.0f} MB" if "cold_build" in f else "–",
            f"{site['files']:,}" if site else "–",
            f"{site['largest_page_bytes'] / 1024:,.0f} KB" if site else "–",
            f"{site['total_bytes'] / 2**20:,.0f} MB" if site else "–",
            _s(f, "rebuild_one_letter") + _x(r.get("rebuild_one_letter_over_cold"), "cold",
                                             percent=True),
            _s(f, "rebuild_one_note") + _x(r.get("rebuild_one_note_over_cold"), "cold",
                                           percent=True)]) + " |")
        previous = n
    if not any("cpu_seconds" in f.get("cold_build", {}) for f in sizes.values()):
        rows = [_without_column(row, 4) for row in rows]  # measured before CPU was
    return "\n".join(rows)


def _without_column(row: str, index: int) -> str:
    cells = row.split(" | ")
    return " | ".join(cells[:index] + cells[index + 1:])


def _cpu(figures: dict) -> str:
    record = figures.get("cold_build", {})
    if "cpu_seconds" not in record or record.get("timeout") or "failed" in record:
        return "–"
    return f"{record['cpu_seconds']:,.1f} s"


def _s(figures: dict, step: str) -> str:
    record = figures.get(step)
    if record is None:
        return "–"
    if record.get("timeout"):
        return f"> {record['seconds']:,.0f} s (timeout)"
    if "failed" in record:
        return "failed"
    return f"{record['seconds']:,.1f} s"


def _x(ratio: float | None, of: str, percent: bool = False) -> str:
    if ratio is None:
        return ""
    return f" ({ratio:.0%} of {of})" if percent else f" ({ratio:,.1f}{of})"


def machine() -> str:
    return (f"{platform.machine()}, {platform.python_implementation()} "
            f"{platform.python_version()}, {os.cpu_count() or 0} cores")


def record(sizes: dict[str, dict], seed: int, limit: float) -> None:
    """Merge into bench/results.json under "scale", keeping every other key and the sizes
    not measured this time."""
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    scale = results.get("scale", {})
    merged = {**scale.get("sizes", {}), **sizes}
    results["scale"] = {
        "what": "bench/scale.py: bench/corpus.py's synthetic letters (seed "
                f"{seed}), each step a whole process; cold build = `scholion build` with "
                "the build cache removed first; floor = lxml parse + serialize of the "
                "same source files; rebuilds with the cache the cold build wrote",
        "targets": "cold <= 10x floor and <= 5 ms per additional letter; bounded page "
                   "size; peak <= 1 GiB and flat; rebuild <= 10% of cold; check <= 3x floor",
        "max_seconds_per_step": limit,
        "machine": machine(),
        "note": NOTE,
        "sizes": dict(sorted(merged.items(), key=lambda kv: int(kv[0]))),
        "slopes": slopes(merged),
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,10000",
                        help="comma-separated numbers of letters")
    parser.add_argument("--runs", type=int, default=1, help="runs per size (the median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=1800.0,
                        help="a step running longer is stopped and recorded as a timeout")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "scholion-scale",
                        help="where the generated editions are kept, by size and seed")
    parser.add_argument("--skip", default="", help="steps to leave out, comma-separated: "
                        f"{', '.join(STEP_CHOICES)} (the floor and the cold build always run)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the table, leave bench/results.json as it is")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)  # the floor child
    args = parser.parse_args()
    if args.floor is not None:
        return floor_child(args.floor)
    skipped = {s for s in args.skip.split(",") if s}
    if skipped - set(STEP_CHOICES):
        parser.error(f"--skip takes {', '.join(STEP_CHOICES)}")
    steps = frozenset(STEP_CHOICES) - skipped
    sizes: dict[str, dict] = {}
    stop = ""
    args.work.mkdir(parents=True, exist_ok=True)
    # this run's own copy: two runs sharing a --work never clear each other's
    scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=args.work))
    for letters in sorted(int(n) for n in args.sizes.split(",")):
        if stop:
            sizes[str(letters)] = {"skipped": stop}
            continue
        pristine = edition(args.work, letters, args.seed)
        runs = []
        for number in range(args.runs):
            print(f"{letters} letters, run {number + 1} of {args.runs} …", file=sys.stderr,
                  flush=True)
            runs.append(measure_once(pristine, scratch, args.max_seconds,
                                     steps))
        figures = median_of(runs)
        figures["ratios"] = ratios(figures)
        figures["cpu_ratios"] = ratios(figures, "cpu_seconds")
        figures["date"] = datetime.date.today().isoformat()
        figures["commit"] = commit()
        figures["runs"] = args.runs
        if skipped:
            figures["skipped_steps"] = sorted(skipped)
        sizes[str(letters)] = figures
        print(json.dumps(figures, indent=2), file=sys.stderr, flush=True)
        if figures["cold_build"].get("timeout"):
            stop = f"not run: {letters:,} letters timed out"
    shutil.rmtree(scratch, ignore_errors=True)
    if not args.dry_run:
        record(sizes, args.seed, args.max_seconds)
    print(table(sizes))


if __name__ == "__main__":
    main()
