"""Full-text search of the built site with Pagefind, as the last step of a build.

Pagefind reads the HTML in the staging folder and writes its static index beside it, so
the index is swapped in atomically with the pages it describes. It is an optional
helper: without its binary the build says so and still builds everything else.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..diagnostics import Diagnostic, warning

BUNDLE = "pagefind"


class Indexer:
    """Started on the finished HTML, waited for once the other files are written: the
    two run side by side on a two-core machine."""

    def __init__(self, site: Path) -> None:
        self.process: subprocess.Popen | None = None
        self.problem = ""
        binary = executable()
        if binary is None:
            self.problem = "the Pagefind binary is not installed"
            return
        command = [str(binary), "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            self.problem = f"Pagefind could not start ({exc.strerror})"

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()

    def finish(self) -> list[Diagnostic]:
        if self.process is None:
            return [_missing(self.problem)]
        try:
            out, err = self.process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return [_missing("Pagefind took more than 2 minutes and was stopped")]
        if self.process.returncode != 0:
            reason = (err or out).strip().splitlines()
            return [_missing(reason[-1] if reason else f"exit {self.process.returncode}")]
        return []


def executable() -> Path | None:
    """The binary that the `pagefind[bin]` package ships (no download, no network)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None


def _missing(reason: str) -> Diagnostic:
    return warning("build", 1, "W501", f"the search index was not built: {reason}",
                   hint="install Pagefind with `pip install 'pagefind[bin]'`; the rest of "
                        "the site is complete")
