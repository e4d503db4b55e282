"""The `scholion` command: arguments in, exit codes out. All the work is in `pipeline`.

Exit codes: 0 success, 1 the input has errors, 2 usage error, 3 internal error (a bug).
Only this module prints, and it never shows a traceback for a problem in the input.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__
from .common import progress
from .diagnostics import Diagnostic


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scholion", description="Build a static, annotated edition from TEI sources.")
    parser.add_argument("--version", action="version", version=f"scholion {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="check the edition and write the site")
    build.add_argument("--out", type=Path, help="output folder (default: build/ in the root)")
    build.add_argument("--accept-anchors", action="store_true",
                       help="first record the current anchors (as `scholion anchors accept`)")
    check = commands.add_parser("check", help="run every validation; write nothing")
    check.add_argument("--tei-all", action="store_true",
                       help="also validate against the full TEI P5 schema (about 15 s)")
    check.add_argument("--links", action="store_true",
                       help="also build into a temporary folder and check every link in it")
    new = commands.add_parser("new", help="write a new annotation file to start from")
    new.add_argument("--target", required=True,
                     help="a block's xml:id, its ¶ number (6, or DOC:6), or a register id")
    new.add_argument("--quote", default="", help="the exact words the note attaches to")
    new.add_argument("--type", default="context", dest="note_type",
                     choices=["identification", "context", "translation", "correction",
                              "bibliography"])
    new.add_argument("--slug", default="", help="file name (default: from the quote)")
    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1, rebuild on change")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--out", type=Path, help="output folder (default: build/ in the root)")
    build.add_argument("--jobs", "-j", type=_jobs, default=_cores(), metavar="N",
                       help="processes that draw a collection's pages side by side "
                            f"(default: the cores available, here {_cores()})")
    for sub in (build, serve):
        sub.add_argument("--no-cache", action="store_true",
                         help="neither read nor write the build cache (.scholion-cache/)")
        sub.add_argument("--drafts", action="store_true",
                         help="publish draft notes too (status: draft), marked as drafts; "
                              "without it they are checked but left out")
    init = commands.add_parser("init", help="start a new edition: settings, an example TEI "
                               "letter and an example note, ready to build")
    init.add_argument("folder", type=Path, nargs="?", default=Path("."),
                      help="a new or empty folder (default: the current folder)")
    anchors = commands.add_parser("anchors", help="the anchor registry (source/anchors.lock)")
    anchors.add_argument("action", choices=["accept", "mint"],
                         help="accept: record every current anchor and text change, after "
                              "reviewing `scholion check`; mint: write each provisional "
                              "anchor into its TEI file as an xml:id, then accept")
    for sub in (build, check, new, serve, anchors):
        sub.add_argument("--root", type=Path, default=Path("."),
                         help="the edition's folder (default: the current folder)")
        sub.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        sub.add_argument("--verbose", "-v", action="store_true",
                         help="list every new anchor, not only a count per document")
    return parser


def _cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # exits 2 on usage errors
    if args.command != "init" and not args.root.is_dir():
        print(f"scholion: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug in Scholion, not in the input: apologise, keep the details
        return _internal_error()


def _check(args: argparse.Namespace) -> int:
    from . import pipeline

    result = pipeline.check(args.root, tei_all=args.tei_all, links=args.links)
    _report(result.diagnostics, args.verbose)
    if result.ok and not args.quiet:
        print("scholion: no errors", file=sys.stderr)
    return 0 if result.ok else 1


def _build(args: argparse.Namespace) -> int:
    from . import pipeline

    out = args.out if args.out is not None else args.root / "build"
    accept = getattr(args, "accept_anchors", False)  # `serve` builds without accepting
    # `serve` draws in one process: its web server runs in a thread of this one, and a
    # process with threads is not forked safely
    result = pipeline.build(args.root, out, accept_anchors=accept, cache=not args.no_cache,
                            drafts=args.drafts, jobs=getattr(args, "jobs", 1))
    _report(result.diagnostics, args.verbose)
    if not result.ok:
        print("scholion: build failed; " + (f"the previous build in {out} was left untouched"
                                             if result.previous else "nothing was written"),
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"scholion: wrote {result.files} files to {out}", file=sys.stderr)
        if result.reused:
            print(f"scholion: drew the files of {result.drawn} of "
                  f"{result.drawn + result.reused} documents; those of the others were "
                  "unchanged since the last build, and reused", file=sys.stderr)
        if result.drafts:
            print(f"scholion: {result.drafts} draft note{'s' * (result.drafts != 1)} checked "
                  "but not published (build with --drafts to see them)", file=sys.stderr)
    return 0


def _new(args: argparse.Namespace) -> int:
    from .commands.new import new_annotation
    from .write import write_file

    made = new_annotation(args.root, args.target, args.quote, args.note_type, args.slug)
    _report(made.diagnostics, verbose=True)
    if made.path is None:
        print("scholion: nothing was written", file=sys.stderr)
        return 1
    write_file(made.path, made.content)
    print(f"scholion: wrote {made.path} for {made.where}; replace its placeholders (your "
          "name, the source, the note), then run `scholion check`", file=sys.stderr)
    return 0


def _init(args: argparse.Namespace) -> int:
    from .commands.init import starter_files
    from .write import write_file

    pages, problems = starter_files(args.folder)
    _report(tuple(problems), verbose=True)
    if problems:
        print("scholion: nothing was written", file=sys.stderr)
        return 1
    for page in pages:
        write_file(args.folder / page.path, page.content)
    print(f"scholion: wrote a new edition in {args.folder}: put your TEI in source/, then run "
          f"`scholion build --root {args.folder}`", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .commands.serve import HOST, PortInUse, bind, serve

    out = args.out if args.out is not None else args.root / "build"
    try:
        server = bind(out, args.port)
    except PortInUse:
        print(f"scholion: error: port {args.port} on {HOST} is in use; choose another with "
              "--port", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"scholion: error: cannot serve on port {args.port} of {HOST}: {exc.strerror}; "
              "choose another with --port", file=sys.stderr)
        return 2
    _build(args)
    print(f"scholion: serving {out} at http://{HOST}:{server.server_port}/ (Ctrl+C stops)",
          file=sys.stderr)
    return serve(server, args.root, out, lambda: _rebuild(args))


def _rebuild(args: argparse.Namespace) -> int:
    print("scholion: change detected, rebuilding…", file=sys.stderr)
    return _build(args)


def _anchors(args: argparse.Namespace) -> int:
    from . import pipeline

    if args.action == "mint":
        result = pipeline.mint_anchors(args.root)
        done = f"wrote the provisional anchors into {max(result.files - 1, 0)} file(s) and " \
               "recorded them in the anchor registry"
    else:
        result = pipeline.accept_anchors_of(args.root)
        done = "recorded the current anchors in the anchor registry"
    _report(result.diagnostics, args.verbose)
    if not result.ok:
        print("scholion: no file and not the anchor registry was changed", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"scholion: {done}", file=sys.stderr)
    return 0


_COMMANDS = {"anchors": _anchors, "build": _build, "check": _check, "init": _init, "new": _new,
             "serve": _serve}


def _report(diagnostics: tuple[Diagnostic, ...], verbose: bool) -> None:
    """Every diagnostic, but new anchors (W403) as a count per document unless verbose;
    the totals count what was printed."""
    from .check.anchors import summarised

    shown = diagnostics if verbose else summarised(diagnostics)
    for diagnostic in shown:
        print(diagnostic.format(), file=sys.stderr)
    errors = sum(d.is_error for d in shown)
    if shown:
        print(f"scholion: {errors} error(s), {len(shown) - errors} warning(s)",
              file=sys.stderr)


def _internal_error() -> int:
    where = progress.current()
    with tempfile.NamedTemporaryFile("w", prefix="scholion-crash-", suffix=".log",
                                     delete=False) as log:
        traceback.print_exc(file=log)
    print("scholion: internal error" + (f" while processing {where}" if where else "") +
          f" — sorry, this is a bug in Scholion, not in your files. Details: {log.name}",
          file=sys.stderr)
    return 3
