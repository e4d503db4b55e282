"""Full-text search with Pagefind, as the last step of a build.

Pagefind is given the records the plan made (`link.search`: one per block, note, index
entry and date) and the HTML of the edition's own pages, not the whole site: the index
pages repeat every mention's snippet, and whole pages give one result per page. Its
static index is written into the staging folder, so the index is swapped in atomically
with the pages it describes. It is an optional helper: without its binary the build says
so and still builds everything else.

A collection's index comes in bundles (`link.search.parts_of`): the main one, and one per
further part of about 500 documents, which the search page merges. Each is made by a
Pagefind process of its own, so that the largest process holds one part (5,000 letters
in one index took 2.5 GB), and kept in the build cache under a digest of its requests
and Pagefind's version: a rebuild after one changed letter makes that letter's part
again and links the others from the cache. Pagefind gives each bundle's files in its
reply (`GetFiles`), which are written here: its service's own writing once left a file
empty when it ended just after saying it was done.

Pagefind's service mode (`pagefind --service`: base64 JSON messages, each ended by a
comma, on stdin and stdout) is spoken here directly. The `pagefind` package's own Python
client waits a tenth of a second for every reply it reads, which for 30,000 paragraphs
would be most of an hour; here the requests are streamed by one thread while the replies
are read by another.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from ..cache import fingerprint
from ..diagnostics import Diagnostic, warning
from ..link.search import Bundle
from . import UnsafePath, safe_relative

BUNDLE = "pagefind"
TIMEOUT = 600  # seconds for the whole index; a healthy run of 10,000 letters takes far less
ENDING = 300  # seconds for the service to end once its index is written (a loaded machine)
SEARCH_CACHE = "search"  # the build cache's folder of kept bundles, by edition or release
FORMAT = "1"  # of a bundle kept in the build cache; raised when what is kept changes
MANIFEST = "scholion-bundle.json"  # a kept bundle's files and sizes, written last
# Pagefind's own search interfaces, which `search.js` does without: a part leaves them out
UNUSED_IN_A_PART = re.compile(r"pagefind-(component-ui|modular-ui|ui)\.(css|js)"
                              r"|pagefind-highlight\.js")


class Indexer:
    """Started on the finished HTML, waited for once the other files are written: the
    two run side by side on a two-core machine. Each bundle (`link.search.Bundle`) is
    made by a Pagefind process of its own, one after another, so that the memory of the
    largest process is that of the largest part, not of the collection. With `kept` (a
    folder of the build cache), a bundle whose requests are those of an earlier build
    is linked from there instead of made again."""

    def __init__(self, site: Path, bundles: Iterable[Bundle] = (), language: str = "en",
                 kept: Path | None = None) -> None:
        self.process: subprocess.Popen | None = None
        self.problem = ""
        self.done = False  # every bundle is in place
        self.stop = threading.Event()  # set by `cancel`: no bundle is begun after it
        self.lock = threading.Lock()  # a service is started, or stopped, under it
        self.site = site
        self.binary = executable()
        if self.binary is None:
            self.problem = "the Pagefind binary is not installed"
            return
        work = (list(bundles), language, kept)
        self.thread = threading.Thread(target=self._run, args=work, daemon=True)
        self.thread.start()

    def _run(self, bundles: list[Bundle], language: str, kept: Path | None) -> None:
        try:
            self._bundles(bundles, language, kept)
        except BaseException as exc:
            self.problem = self.problem or f"the search index failed ({exc!r})"

    def _bundles(self, bundles: list[Bundle], language: str, kept: Path | None) -> None:
        used: set[str] = set()
        for bundle in bundles:
            if self.stop.is_set() or self.problem:
                return
            target = self.site / BUNDLE / bundle.folder
            requests = list(_requests(self.site, bundle, language))
            digest = _digest(requests, language)
            used.add(digest)
            if kept is not None and _recall(kept / digest, target):
                continue
            self.problem = self._index(requests, target, language)
            if not self.problem and kept is not None:
                _remember(kept, digest, target)
        if self.stop.is_set() or self.problem:
            return
        self.done = True
        if kept is not None:
            _forget_others(kept, used)

    def _index(self, requests: list[dict[str, Any]], target: Path, language: str) -> str:
        """One bundle, by a service of its own: '' if all went well, else why not."""
        assert self.binary is not None
        with self.lock:
            if self.stop.is_set():
                return "stopped"
            try:
                self.process = subprocess.Popen([str(self.binary), "--service"],
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                stderr=subprocess.DEVNULL)
            except OSError as exc:
                return f"Pagefind could not start ({exc.strerror})"
        files: list[dict[str, str]] = []
        problem = ""
        try:
            problem = _converse(self.process, requests, files, language)
        except (OSError, ValueError, KeyError) as exc:  # a broken pipe, a garbled reply
            problem = f"Pagefind stopped answering ({exc!r})"
        finally:
            ending = self._close()  # and its pipes closed, whatever it said
        if not (problem or ending):
            problem = _write_bundle(files, target, first=target.name == BUNDLE)
        return problem or ending

    def cancel(self) -> None:
        """Stop the service at work, begin no other, and wait for the indexer to leave
        the site's folder (which a failed build then removes)."""
        self.stop.set()
        with self.lock:
            self._end()
        thread = getattr(self, "thread", None)
        if thread is not None and thread is not threading.current_thread():
            thread.join(ENDING)

    def _end(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(OSError):  # a pipe the killed service broke
                    stream.close()

    def _close(self) -> str:
        """Let the service end by itself: it may still be writing the files it was asked
        for. One stopped before it ended may have left a file cut short, so its index is
        not published (the build says so, W501) rather than published broken."""
        assert self.process is not None and self.process.stdin is not None
        problem = ""
        try:
            self.process.stdin.close()
            self.process.wait(ENDING)
        except OSError:
            pass
        except subprocess.TimeoutExpired:
            problem = (f"Pagefind did not end within {ENDING} s of giving its index, "
                       "which may be incomplete")
        self._end()  # and close what is left open
        return problem

    def finish(self) -> list[Diagnostic]:
        if self.binary is None:
            return [_missing(self.problem)]
        self.thread.join(TIMEOUT)
        if self.thread.is_alive():
            self.cancel()
            self.thread.join(ENDING)
            shutil.rmtree(self.site / BUNDLE, ignore_errors=True)  # nothing half-made
            return [_missing(f"Pagefind took more than {TIMEOUT // 60} minutes and was "
                             "stopped")]
        if self.problem or not self.done:
            shutil.rmtree(self.site / BUNDLE, ignore_errors=True)  # nothing half-made
            return [_missing(self.problem or "the search index was not finished")]
        return []


def _digest(requests: list[dict[str, Any]], language: str) -> str:
    """What a bundle is made from: its requests (the records, the pages' HTML), the
    language, the Pagefind that makes it and Scholion's code (`cache.fingerprint`), which
    asks and writes."""
    digest = hashlib.sha256(f"{FORMAT}\n{fingerprint()}\n{_pagefind_version()}\n"
                            f"{language}\n".encode())
    for request in requests:
        text = json.dumps(request, ensure_ascii=False, sort_keys=True)
        digest.update(text.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _recall(slot: Path, target: Path) -> bool:
    """The bundle kept under its digest, linked into the site (`_link`), if it is whole
    (its files are listed, with their sizes, in its MANIFEST, written last)."""
    try:
        listed = json.loads((slot / MANIFEST).read_text(encoding="utf-8"))
        for name, size in listed.items():
            if (slot / safe_relative(name)).stat().st_size != size:
                return False
        for name in listed:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            _link(slot / name, target / name)
    except (OSError, ValueError, AttributeError, UnsafePath):
        shutil.rmtree(target, ignore_errors=True)  # the main bundle comes first: no part
        return False
    return True


def _remember(kept: Path, digest: str, made: Path) -> None:
    """Best effort: a bundle kept is linked (or copied) into the cache under its digest,
    written aside and renamed, so that a slot is whole or absent. The main bundle is
    made first, so no part's folder is inside it yet."""
    files = {p.relative_to(made).as_posix(): p for p in sorted(made.rglob("*"))
             if p.is_file()}
    try:
        kept.mkdir(parents=True, exist_ok=True)
        aside = Path(tempfile.mkdtemp(dir=kept, prefix=".new-"))
        for name, path in files.items():
            (aside / name).parent.mkdir(parents=True, exist_ok=True)
            _link(path, aside / name)
        manifest = {name: path.stat().st_size for name, path in files.items()}
        (aside / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        shutil.rmtree(kept / digest, ignore_errors=True)  # a slot that did not read back
        os.rename(aside, kept / digest)
    except OSError:
        pass  # a `.new-` folder left is removed by the next build (`_forget_others`)


def _forget_others(kept: Path, used: set[str]) -> None:
    """Only the bundles of the latest build are kept: the cache does not grow."""
    with contextlib.suppress(OSError):
        for slot in kept.iterdir():
            if slot.name not in used:
                shutil.rmtree(slot, ignore_errors=True)


def _link(source: Path, target: Path) -> None:
    """A hard link (a bundle's thousands of files cost no copy), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_bundle(files: list[dict[str, str]], target: Path, first: bool = True) -> str:
    """The files Pagefind gave (a path in the bundle, base64 bytes each), written here:
    its service's own writing could leave a file empty when it ended just after saying
    it was done. A part merged into the main bundle leaves out Pagefind's ready-made
    search interfaces (`UNUSED_IN_A_PART`: 650 kB a part, which nothing loads). '' when
    all are written, else why not."""
    if not files:
        return "Pagefind gave no files"
    try:
        for file in files:
            try:
                name = safe_relative(file["path"])
            except UnsafePath:
                return f"Pagefind gave a file outside its folder: {file['path']}"
            if not first and UNUSED_IN_A_PART.fullmatch(name.as_posix()):
                continue
            path = target.joinpath(*name.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_undated(base64.b64decode(file["content"])))
    except (OSError, KeyError, TypeError, ValueError) as exc:
        return f"the search index could not be written ({exc})"
    return ""


def _undated(content: bytes) -> bytes:
    """Pagefind makes some gzip files with the time of making in their header (bytes 4–7,
    which no reader needs: the checksum covers the data alone); zeroed, as reproducible
    builds do, so that two builds of one commit give the same bytes."""
    if content[:3] == b"\x1f\x8b\x08" and content[4:8] != b"\0\0\0\0":
        return content[:4] + b"\0\0\0\0" + content[8:]
    return content


def _requests(site: Path, bundle: Bundle, language: str) -> Iterator[dict[str, Any]]:
    """What Pagefind is asked for a bundle once its index is made: each record, each page
    of the edition's own, then to write the bundle (the index id is set when sent)."""
    for record in bundle.records:
        yield {"type": "AddRecord", "url": "/" + record.url,
               "content": record.content, "language": language, "meta": record.meta,
               "filters": None, "sort": None}
    for url in bundle.pages:
        yield {"type": "AddFile", "url": "/" + url, "file_path": None,
               "file_contents": (site / url).read_text(encoding="utf-8")}
    yield {"type": "GetFiles"}  # written here (`_write_bundle`), not by the service


def _converse(process: subprocess.Popen, requests: list[dict[str, Any]],
              files: list[dict[str, str]], language: str) -> str:
    """Make the index, stream the requests, read every reply, the last one's files into
    `files`: '' when all went well, else what Pagefind said first. One language for the
    whole index (`force_language`), the edition's: a search page searches one index, and
    documents in other languages are still found by their words."""
    assert process.stdin is not None and process.stdout is not None
    replies = _replies(process.stdout)
    _send(process.stdin, 0, {"type": "NewIndex", "config": {"force_language": language}})
    made = next(replies, {}).get("payload", {})
    if made.get("type") != "NewIndex":
        return str(made.get("message", "Pagefind made no index"))
    index = made["index_id"]

    def stream() -> None:  # stdin stays open: the service stops working when it closes
        try:
            for number, request in enumerate(requests, start=1):
                _send(process.stdin, number, {**request, "index_id": index})
        except (OSError, ValueError):
            pass  # the reader sees the service gone and says so

    writer = threading.Thread(target=stream, daemon=True)
    writer.start()
    problem = ""
    for reply in replies:
        payload = reply.get("payload", {})
        if payload.get("type") == "Error" and not problem:
            problem = str(payload.get("message", "an error"))
        if payload.get("type") == "GetFiles":
            files.extend(payload.get("files") or ())
            break
    else:
        problem = problem or "Pagefind ended before it gave the index"
    writer.join()
    return problem


def _send(stream: Any, number: int, payload: dict[str, Any]) -> None:
    message = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
    stream.write(base64.b64encode(message.encode("utf-8")) + b",")
    stream.flush()


def _replies(stream: Any) -> Iterator[dict[str, Any]]:
    """Each reply of the service, as it comes: base64 JSON, each ended by a comma. A
    bundle's files come in one reply of many megabytes: the buffer grows in place, and
    is searched for the comma only where it has not been searched before."""
    buffer = bytearray()
    searched = 0
    while chunk := stream.read1(65536):
        buffer += chunk
        while (end := buffer.find(b",", searched)) >= 0:
            message = bytes(buffer[:end])
            del buffer[:end + 1]
            searched = 0
            if message.strip():
                yield json.loads(base64.b64decode(message))
        searched = len(buffer)


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
