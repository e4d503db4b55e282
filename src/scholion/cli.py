"""The `scholion` command: arguments in, exit codes out. All the work is in `pipeline`.

Exit codes: 0 success, 1 the input has errors, 2 usage error, 3 internal error (a bug).
Only this module prints, and it never shows a traceback for a problem in the input.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scholion", description="Build a static, annotated edition from TEI sources."
    )
    parser.add_argument("--version", action="version", version=f"scholion {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="check the edition and write the site")
    build.add_argument(
        "--out", type=Path, default=None, help="output folder (default: build/ in the root)"
    )
    check = commands.add_parser("check", help="run every validation; write nothing")
    check.add_argument(
        "--tei-all",
        action="store_true",
        help="also validate against the full TEI P5 schema (about 15 s)",
    )
    for sub in (build, check):
        sub.add_argument(
            "--root",
            type=Path,
            default=Path("."),
            help="the edition's folder (default: the current folder)",
        )
        sub.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # exits 2 on usage errors
    if not args.root.is_dir():
        print(f"scholion: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug in Scholion, not in the input: apologise, keep the details
        return _internal_error()


def _run(args: argparse.Namespace) -> int:
    from . import pipeline

    root = args.root
    if args.command == "check":
        result = pipeline.check(root, tei_all=args.tei_all)
        _report(result.diagnostics)
        if result.ok and not args.quiet:
            print("scholion: no errors", file=sys.stderr)
        return 0 if result.ok else 1
    out = args.out if args.out is not None else root / "build"
    result = pipeline.build(root, out)
    _report(result.diagnostics)
    if not result.ok:
        print("scholion: build failed; the previous output was left untouched", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"scholion: wrote {len(result.pages)} files to {out}", file=sys.stderr)
    return 0


def _report(diagnostics: tuple[Diagnostic, ...]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics:
        print(f"scholion: {errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _internal_error() -> int:
    with tempfile.NamedTemporaryFile(
        "w", prefix="scholion-crash-", suffix=".log", delete=False
    ) as log:
        traceback.print_exc(file=log)
    print(
        "scholion: internal error — sorry, this is a bug in Scholion, not in your files. "
        f"Details were written to {log.name}; please attach it to a bug report.",
        file=sys.stderr,
    )
    return 3
