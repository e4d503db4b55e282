"""Stage 1: read every input file of an edition into plain values.

`load` is the only stage that reads files. It returns what it could read together with
the Diagnostics for what it could not, so that `check` can report everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..common.anchors import LOCK_FILE, AnchorLock, parse_lock
from ..common.dates import point_key
from ..common.progress import working_on
from ..diagnostics import Diagnostic, error
from ..model import Annotation, Credit, Document, Edition, Registers
from .annotations import annotation_files, read_annotation
from .config import load_config
from .files import control_character, read_input
from .history import credits, revision
from .registers import read_registers
from .schema import validate_tei_all
from .tei import BLOCK_TAGS, read_document
from .theme import load_theme
from .xml import parse_xml

REGISTERS_FILE = "registers.xml"  # the shared registers of persons, places and organizations


@dataclass(frozen=True)
class Loaded:
    edition: Edition | None
    diagnostics: tuple[Diagnostic, ...]


def load_edition(root: Path, *, tei_all: bool = False) -> Loaded:
    root = root.resolve()
    config, problems = load_config(root)
    if config is None:
        return Loaded(None, tuple(problems))
    documents: list[Document] = []
    for path in _source_files(root, config.source_dir, problems):
        with working_on(path.relative_to(root).as_posix()):
            document, found = load_document(root, path, tei_all=tei_all,
                                            citable=frozenset(config.citable) or BLOCK_TAGS)
        problems.extend(found)
        if document is not None:
            documents.append(document)
    documents.sort(key=_in_time_order)
    registers = _registers(root, config.source_dir, problems, tei_all=tei_all)
    annotations = _annotations(root, config.annotations_dir, problems)
    anchor_lock = _anchor_lock(root, config.source_dir, problems)
    theme = load_theme(root, problems)
    version, version_date = revision(root)
    edition = Edition(root=root, config=config, documents=tuple(documents), registers=registers,
                      annotations=annotations, anchor_lock=anchor_lock, version=version,
                      version_date=version_date, theme=theme)
    return Loaded(edition, tuple(problems))


def _registers(root: Path, source_dir: str, problems: list[Diagnostic], *, tei_all: bool
               ) -> Registers | None:
    path = root / source_dir / REGISTERS_FILE
    data = _optional_input(root, path, "E004", problems)
    if data is None:
        return None
    relative = path.relative_to(root).as_posix()
    with working_on(relative):
        parsed, found = parse_xml(data, relative)
    problems += found
    if parsed is None:
        return None
    if tei_all:
        problems += validate_tei_all(parsed, relative)
    registers, found = read_registers(parsed, relative)
    problems += found
    return registers


def _in_time_order(document: Document) -> tuple:
    """Documents in the order of their dates (44 BCE before AD 1974 before 12000), the
    undated last; by id where the dates are the same."""
    date = document.meta.date
    return not date, point_key(date), document.id


def load_document(
    root: Path, path: Path, *, tei_all: bool = False, citable: frozenset[str] = BLOCK_TAGS
) -> tuple[Document | None, list[Diagnostic]]:
    relative = path.relative_to(root).as_posix()
    data, problem = read_input(root, path, "E004")
    if data is None:
        return None, [problem]
    parsed, problems = parse_xml(data, relative)
    if parsed is None:
        return None, problems
    document, found = read_document(parsed, relative, citable)
    problems = problems + found  # the parser's warnings (W103) too
    if tei_all:
        problems = problems + validate_tei_all(parsed, relative)
    return document, problems


def _anchor_lock(root: Path, source_dir: str, problems: list[Diagnostic]) -> AnchorLock | None:
    path = root / source_dir / LOCK_FILE
    data = _optional_input(root, path, "E403", problems)
    if data is None:
        return None
    relative = path.relative_to(root).as_posix()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(error(relative, 1, "E403", "the anchor registry is not UTF-8 text"))
        return None
    if problem := control_character(text, relative):  # reported, but the registry still
        problems.append(problem)  # counts: without it every anchor would look new
    lock, found = parse_lock(text, relative)
    problems.extend(found)
    return lock


def _optional_input(root: Path, path: Path, code: str, problems: list[Diagnostic]
                    ) -> bytes | None:
    """The bytes of a file the edition may do without (registers, anchor registry)."""
    if not path.exists() and not path.is_symlink():
        return None
    data, problem = read_input(root, path, code)
    if problem is not None:
        problems.append(problem)
    return data


def _annotations(root: Path, folder: str, problems: list[Diagnostic]
                 ) -> tuple[Annotation, ...]:
    history = credits(root, folder)
    found: list[Annotation] = []
    for path in annotation_files(root / folder):
        relative = path.relative_to(root).as_posix()
        data, problem = read_input(root, path, "E314")
        if data is None:
            problems.append(problem)
            continue
        with working_on(relative):
            annotation, issues = read_annotation(data, relative)
        problems.extend(issues)
        if annotation is not None:
            found.append(replace(annotation, credit=history.get(relative, Credit())))
    return tuple(found)


def _source_files(root: Path, source_dir: str, problems: list[Diagnostic]) -> list[Path]:
    """The TEI documents: `source/*.xml` (sorted), the registers file aside."""
    folder = root / source_dir
    files = sorted(p for p in folder.glob("*.xml") if p.name != REGISTERS_FILE) \
        if folder.is_dir() else []
    if not files:
        problems.append(error(source_dir, 1, "E003", f"no TEI documents (*.xml) in {source_dir}/"))
    return files
