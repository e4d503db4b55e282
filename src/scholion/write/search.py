"""Full-text search with Pagefind, as the last step of a build.

Pagefind is given the records the plan made (`link.search`: one per block, note, index
entry and date) and the HTML of the edition's own pages, not the whole site: the index
pages repeat every mention's snippet, and whole pages give one result per page. It writes
its static index into the staging folder, so the index is swapped in atomically with the
pages it describes. It is an optional helper: without its binary the build says so and
still builds everything else.

Pagefind's service mode (`pagefind --service`: base64 JSON messages, each ended by a
comma, on stdin and stdout) is spoken here directly. The `pagefind` package's own Python
client waits a tenth of a second for every reply it reads, which for 30,000 paragraphs
would be most of an hour; here the requests are streamed by one thread while the replies
are read by another.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, warning
from ..link.search import SearchRecord

BUNDLE = "pagefind"
TIMEOUT = 600  # seconds for the whole index; a healthy run of 10,000 letters takes far less
ENDING = 300  # seconds for the service to end once its index is written (a loaded machine)


class Indexer:
    """Started on the finished HTML, waited for once the other files are written: the
    two run side by side on a two-core machine."""

    def __init__(self, site: Path, records: Iterable[SearchRecord] = (),
                 pages: Iterable[str] = (), language: str = "en") -> None:
        self.process: subprocess.Popen | None = None
        self.problem = ""
        self.site = site
        binary = executable()
        if binary is None:
            self.problem = "the Pagefind binary is not installed"
            return
        try:
            self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            self.problem = f"Pagefind could not start ({exc.strerror})"
            return
        work = (self.process, site, list(records), list(pages), language)
        self.thread = threading.Thread(target=self._run, args=work, daemon=True)
        self.thread.start()

    def _run(self, *work: Any) -> None:
        try:
            self.problem = _converse(*work)
        except (OSError, ValueError) as exc:  # a broken pipe, a garbled reply
            self.problem = f"Pagefind stopped answering ({exc})"

    def cancel(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(OSError):  # a pipe the killed service broke
                    stream.close()

    def _close(self) -> None:
        """Let the service end by itself: it may still be writing the files it was asked
        for. One stopped before it ended may have left a file cut short, so its index is
        not published (the build says so, W501) rather than published broken."""
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.close()
            self.process.wait(ENDING)
        except OSError:
            pass
        except subprocess.TimeoutExpired:
            self.problem = self.problem or (f"Pagefind did not end within {ENDING} s of "
                                            "writing its index, which may be incomplete")
        self.cancel()  # and close what is left open

    def finish(self) -> list[Diagnostic]:
        if self.process is None:
            return [_missing(self.problem)]
        self.thread.join(TIMEOUT)
        if self.thread.is_alive():
            self.cancel()
            shutil.rmtree(self.site / BUNDLE, ignore_errors=True)  # nothing half-made
            return [_missing(f"Pagefind took more than {TIMEOUT // 60} minutes and was "
                             "stopped")]
        self._close()  # the index is written: the service has nothing left to do
        if self.problem:
            shutil.rmtree(self.site / BUNDLE, ignore_errors=True)  # nothing half-made
            return [_missing(self.problem)]
        _undated(self.site / BUNDLE)
        return []


def _undated(bundle: Path) -> None:
    """Pagefind's service writes some gzip files with the time of writing in their header
    (bytes 4–7, which no reader needs: the checksum covers the data alone); zeroed, as
    reproducible builds do, so that two builds of one commit give the same bytes."""
    for path in bundle.rglob("*"):
        if not path.is_file():
            continue
        with path.open("r+b") as file:
            head = file.read(8)
            if head[:3] == b"\x1f\x8b\x08" and head[4:8] != b"\0\0\0\0":
                file.seek(4)
                file.write(b"\0\0\0\0")


def _requests(site: Path, index: int, records: list[SearchRecord], pages: list[str],
              language: str) -> Iterator[dict[str, Any]]:
    """What Pagefind is asked once its index is made: each record, each page of the
    edition's own, then to write the bundle into the site."""
    for record in records:
        yield {"type": "AddRecord", "index_id": index, "url": "/" + record.url,
               "content": record.content, "language": language, "meta": record.meta,
               "filters": None, "sort": None}
    for url in pages:
        yield {"type": "AddFile", "index_id": index, "url": "/" + url, "file_path": None,
               "file_contents": (site / url).read_text(encoding="utf-8")}
    yield {"type": "WriteFiles", "index_id": index, "output_path": str(site / BUNDLE)}


def _converse(process: subprocess.Popen, site: Path, records: list[SearchRecord],
              pages: list[str], language: str) -> str:
    """Make the index, stream the requests, read every reply: '' when all went well, else
    what Pagefind said first. One language for the whole index (`force_language`), the
    edition's: a search page searches one index, and documents in other languages are
    still found by their words."""
    assert process.stdin is not None and process.stdout is not None
    replies = _replies(process.stdout)
    _send(process.stdin, 0, {"type": "NewIndex", "config": {"force_language": language}})
    made = next(replies, {}).get("payload", {})
    if made.get("type") != "NewIndex":
        return str(made.get("message", "Pagefind made no index"))
    requests = _requests(site, made["index_id"], records, pages, language)

    def stream() -> None:  # stdin stays open: the service stops working when it closes
        try:
            for number, request in enumerate(requests, start=1):
                _send(process.stdin, number, request)
        except (OSError, ValueError):
            pass  # the reader sees the service gone and says so

    writer = threading.Thread(target=stream, daemon=True)
    writer.start()
    problem = ""
    for reply in replies:
        payload = reply.get("payload", {})
        if payload.get("type") == "Error" and not problem:
            problem = str(payload.get("message", "an error"))
        if payload.get("type") == "WriteFiles":
            break
    else:
        problem = problem or "Pagefind ended before it wrote the index"
    writer.join()
    return problem


def _send(stream: Any, number: int, payload: dict[str, Any]) -> None:
    message = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
    stream.write(base64.b64encode(message.encode("utf-8")) + b",")
    stream.flush()


def _replies(stream: Any) -> Iterator[dict[str, Any]]:
    """Each reply of the service, as it comes: base64 JSON, each ended by a comma."""
    buffer = b""
    while chunk := stream.read1(65536):
        buffer += chunk
        *done, buffer = buffer.split(b",")
        for message in done:
            if message.strip():
                yield json.loads(base64.b64decode(message))


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
