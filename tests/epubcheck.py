"""EPUBCheck (Debian's `epubcheck` package, 4.2.6) on many EPUBs in one Java process.

`epubcheck FILE` starts a JVM and loads every schema again for each file (some ten seconds
on the development machine); `Many.java`, beside this file, runs EPUBCheck's own command
line class once per file inside one JVM, writing each file's JSON report. Debian installs
`/usr/bin/epubcheck` as a link to the jar itself (run through binfmt_misc, which
containers often lack), so the jar is run with `java -cp`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

MANY = Path(__file__).resolve().parent / "epubcheck" / "Many.java"
JARS = (Path("/usr/share/java/epubcheck.jar"),)


def jar() -> Path:
    """EPUBCheck's jar: where `epubcheck` on the PATH leads, else where Debian puts it."""
    found = shutil.which("epubcheck")
    for candidate in ([Path(found).resolve()] if found else []) + list(JARS):
        if candidate.suffix == ".jar" and candidate.is_file():
            return candidate
    raise AssertionError("EPUBCheck is missing: apt-get install -y epubcheck (and a Java "
                         "runtime, default-jre-headless)")


def check(epubs: list[Path]) -> dict[Path, dict]:
    """Each EPUB's EPUBCheck report (its JSON: `checker` counts, `messages`)."""
    java = shutil.which("java")
    assert java, "EPUBCheck needs a Java runtime: apt-get install -y default-jre-headless"
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        reports = {epub: Path(tmp) / f"{i}.json" for i, epub in enumerate(epubs)}
        args = [str(part) for epub, report in reports.items() for part in (epub, report)]
        done = subprocess.run([java, "-Xss1024k", "-cp", str(jar()), str(MANY), *args],
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        missing = [str(e) for e, r in reports.items() if not r.is_file()]
        assert not missing, (missing, done.stderr[-2000:])
        return {epub: json.loads(report.read_text(encoding="utf-8"))
                for epub, report in reports.items()}


def problems(report: dict) -> list[str]:
    """What EPUBCheck found wrong: every fatal error, error and warning (not its notes of
    usage or information), each with where it is."""
    found = []
    for message in report["messages"]:
        if message["severity"] in ("FATAL", "ERROR", "WARNING"):
            where = ", ".join(f"{loc['path']}:{loc['line']}:{loc['column']}"
                              for loc in message["locations"][:3])
            found.append(f"{message['severity']} {message['ID']}: {message['message']} "
                         f"({where})")
    return found
