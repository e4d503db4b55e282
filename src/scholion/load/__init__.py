"""Stage 1: read every input file of an edition into plain values.

`load` is the only stage that reads files. It returns what it could read together with
the Diagnostics for what it could not, so that `check` can report everything at once.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from ..cache import CACHE_DIR, NO_CACHE, BuildCache
from ..common.anchors import LOCK_FILE, AnchorLock, parse_lock
from ..common.dates import point_key
from ..common.progress import working_on
from ..common.refs import namespace_of
from ..diagnostics import Diagnostic, error, warning
from ..model import Annotation, Credit, Document, Edition, Entity, Node, Registers
from .annotations import YAML_PARSER, annotation_files, read_annotation
from .authorities import authority_entries
from .config import load_config
from .files import control_character, link_on_the_way, read_input
from .history import committed, credits, revision
from .images import read_images
from .lists import is_register_file, prefix_defs, read_lists, without_lists
from .readings import DEFAULT_VIEW
from .registers import read_registers
from .schema import validate_tei_all
from .stored import Unstorable, decode, encode
from .tei import (
    BLOCK_TAGS,
    TEI_NS,
    citable_of,
    kept_clear,
    read_document,
    reanchored,
    to_node,
)
from .theme import load_theme
from .xml import ParsedXML, parse_xml

REGISTERS_FILE = "registers.xml"  # the shared registers (common.kinds)


@dataclass(frozen=True)
class Loaded:
    edition: Edition | None
    diagnostics: tuple[Diagnostic, ...]


def load_edition(root: Path, *, tei_all: bool = False,
                 history: tuple[Path, str] | None = None,
                 cache: BuildCache = NO_CACHE) -> Loaded:
    """`history`: the repository and commit the notes' credits come from, when `root` is
    a release's files taken out of git (they have no history of their own). `cache`:
    where TEI files read before are kept (`load_source`); never the one the repository
    commits (W003)."""
    root = root.resolve()
    config, problems = load_config(root)
    if config is None:
        return Loaded(None, tuple(problems))
    cache_committed = committed(root, CACHE_DIR)
    if cache_committed:
        cache = NO_CACHE
    documents: list[Document] = []
    in_registers: list[Entity] = []  # listed in register files (a listperson.xml)
    in_documents: list[Entity] = []  # listed in a document (particDesc, back, standOff)
    for path in _source_files(root, config.source_dir, problems):
        with working_on(path.relative_to(root).as_posix()):
            source = load_source(root, path, tei_all=tei_all, citable=citable_of(config),
                                 readings=config.readings, cache=cache)
        problems.extend(source.diagnostics)
        if source.document is not None:
            documents.append(source.document)
            in_documents += source.entities
        else:
            in_registers += source.entities
    documents.sort(key=_in_time_order)
    registers = _all_registers(_registers(root, config.source_dir, problems, tei_all=tei_all),
                               [*in_registers, *in_documents], documents)
    annotations = _annotations(root, config.annotations_dir, problems, history, cache)
    anchor_lock = _anchor_lock(root, config.source_dir, problems)
    citable = citable_of(config)
    documents = [reanchored(d, kept_clear(d.id, anchor_lock, registers), citable)
                 for d in documents]
    theme = load_theme(root, problems)
    version, version_date = revision(root)
    if cache_committed:
        problems.append(warning(CACHE_DIR, 1, "W003", f"{CACHE_DIR}/ is committed to the "
                                "repository: the build does not use it",
                                hint=f"git rm -r --cached {CACHE_DIR} (it is machine-made and "
                                     "could hold anything)"))
    edition = Edition(root=root, config=config, documents=tuple(documents), registers=registers,
                      annotations=annotations, anchor_lock=anchor_lock, version=version,
                      version_date=version_date, theme=theme,
                      cache_committed=cache_committed,
                      principles=_principles(root, config.principles, problems))
    return Loaded(edition, tuple(problems))


def _principles(root: Path, name: str, problems: list[Diagnostic]) -> str:
    """The editorial principles' Markdown, if the settings name a file (its HTML is checked
    in `check`, drawn sanitized in `render`, as a note's)."""
    if not name:
        return ""
    path = root / name
    folder = path.parent.relative_to(root).as_posix()
    if folder != "." and (linked := link_on_the_way(root, folder)) is not None:
        problems.append(error(name, 1, "E005", f"{linked}/ is a symbolic link; links are "
                              "not read (they can point outside the repository)"))
        return ""
    data, problem = read_input(root, path, "E010")
    text = ""
    if data is not None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problem = error(name, 1, "E010", "the editorial principles are not UTF-8 text")
    if problem is None and data is not None:
        problem = control_character(text, name, references=True)
    if problem is not None:
        problems.append(problem)
        return ""
    return text


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


def _all_registers(shared: Registers | None, listed: list[Entity],
                   documents: list[Document]) -> Registers | None:
    """registers.xml's entries, then the listed ones, then entries for the authorities the
    text names that none of them carries; None when the edition has none at all."""
    registers = replace(shared, entities=(*shared.entities, *listed)) \
        if shared is not None else Registers("", tuple(listed))
    named = authority_entries(documents, registers)
    if named:
        registers = replace(registers, entities=(*registers.entities, *named))
    return registers if shared is not None or registers.entities else None


@dataclass(frozen=True)
class LoadedSource:
    """One file of `source/`: a document (with the entries its own lists give), or a
    register file (only entries), or neither when it could not be read."""

    document: Document | None
    entities: tuple[Entity, ...]
    diagnostics: tuple[Diagnostic, ...]


def load_source(root: Path, path: Path, *, tei_all: bool = False,
                citable: frozenset[str] = BLOCK_TAGS, readings: str = DEFAULT_VIEW,
                cache: BuildCache = NO_CACHE) -> LoadedSource:
    """One file of `source/`. What it gives depends on the file alone, but for its images
    (files beside it, looked for on every load): that part comes from `cache` when the
    file, its path, the settings that shape it and Scholion are those it was read with."""
    relative = path.relative_to(root).as_posix()
    data, problem = read_input(root, path, "E004")
    if data is None:
        return LoadedSource(None, (), (problem,))
    key = source_key(cache, data, relative, citable, readings) if not tei_all else ""
    read = _recalled(cache, key, data)
    if read is None:
        read = read_source(data, relative, citable, readings, tei_all)
        _remember(cache, key, read)
    if read.document is None:
        return LoadedSource(None, read.entities, read.diagnostics)
    images = read_images(root, relative, read.document.body, read.facsimiles)
    document = replace(read.document, surfaces=images.surfaces, pictures=images.pictures)
    return LoadedSource(document, read.entities, (*read.diagnostics, *images.diagnostics))


@dataclass(frozen=True)
class ReadSource:
    """What one TEI file gives by itself: a document without its images (or none, for a
    register file or a file that could not be read), the entries it lists, its
    facsimiles (for `read_images`), and what was wrong."""

    document: Document | None
    entities: tuple[Entity, ...]
    facsimiles: tuple[Node, ...]
    diagnostics: tuple[Diagnostic, ...]


def read_source(data: bytes, relative: str, citable: frozenset[str] = BLOCK_TAGS,
                readings: str = DEFAULT_VIEW, tei_all: bool = False) -> ReadSource:
    """A TEI file's bytes read: parsed, its document or its lists taken out."""
    parsed, problems = parse_xml(data, relative)
    if parsed is None:
        return ReadSource(None, (), (), tuple(problems))
    schema = validate_tei_all(parsed, relative) if tei_all else []
    top = parsed.tree.getroot()
    if top.tag == f"{{{TEI_NS}}}TEI" and is_register_file(top):
        entities, found = read_lists(top, relative, namespace_of(relative))
        return ReadSource(None, tuple(entities), (), (*problems, *found, *schema))
    return _reading_document(parsed, relative, (citable, readings), problems, schema)


def _reading_document(parsed: ParsedXML, relative: str, rules: tuple[frozenset[str], str],
                      parsing: list[Diagnostic], schema: list[Diagnostic]) -> ReadSource:
    """`parsing`: what the parser said of the file (its warnings, W103); `schema`: what
    tei_all says of it."""
    document, problems = read_document(parsed, relative, *rules)
    if document is None:
        return ReadSource(None, (), (), (*parsing, *problems, *schema))
    top = parsed.tree.getroot()
    entities, found = read_lists(top, relative, document.id)
    document = replace(document, body=without_lists(document.body), prefixes=prefix_defs(top))
    facsimiles = tuple(to_node(f) for f in top.iterchildren(f"{{{TEI_NS}}}facsimile"))
    return ReadSource(document, tuple(entities), facsimiles,
                      (*parsing, *problems, *schema, *found))


SOURCE_CACHE = "source"  # the build cache's namespace of read TEI files


def source_key(cache: BuildCache, data: bytes, relative: str, citable: frozenset[str],
               readings: str) -> str:
    """What a file's reading depends on: its bytes, its path (the document's id may be its
    name; every Diagnostic names it), the settings `citable` and `readings`, and the
    parser (lxml and libxml2 say what is well-formed); Scholion's code is in every key."""
    return cache.key(SOURCE_CACHE, hashlib.sha256(data).hexdigest(), relative,
                     sorted(citable), readings, etree.LXML_VERSION, etree.LIBXML_VERSION)


def _recalled(cache: BuildCache, key: str, data: bytes) -> ReadSource | None:
    """The file as it was read before, if the cache has it (and it reads back whole)."""
    stored = cache.get(SOURCE_CACHE, key) if key else None
    if stored is None:
        return None
    try:
        read = ReadSource(*(decode(part) for part in stored))
    except (TypeError, ValueError, KeyError):
        return None
    if read.document is not None:  # the bytes are the key's own, not stored twice
        read = replace(read, document=replace(read.document, source_bytes=data))
    return read


def _remember(cache: BuildCache, key: str, read: ReadSource) -> None:
    if not key or not cache.writable:  # `scholion check` keeps nothing: nothing to encode
        return
    try:
        stored = [encode(read.document), encode(read.entities), encode(read.facsimiles),
                  encode(read.diagnostics)]
    except Unstorable:  # a value the cache cannot hold: read again next time
        return
    cache.put(SOURCE_CACHE, key, stored)


def load_document(
    root: Path, path: Path, *, tei_all: bool = False, citable: frozenset[str] = BLOCK_TAGS
) -> tuple[Document | None, list[Diagnostic]]:
    source = load_source(root, path, tei_all=tei_all, citable=citable)
    return source.document, list(source.diagnostics)


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


def _annotations(root: Path, folder: str, problems: list[Diagnostic],
                 history_of: tuple[Path, str] | None = None,
                 cache: BuildCache = NO_CACHE) -> tuple[Annotation, ...]:
    history = credits(history_of[0], folder, history_of[1]) if history_of else \
        credits(root, folder)
    found: list[Annotation] = []
    for path in annotation_files(root / folder):
        relative = path.relative_to(root).as_posix()
        data, problem = read_input(root, path, "E314")
        if data is None:
            problems.append(problem)
            continue
        annotation, issues = _annotation(data, relative, cache)
        problems.extend(issues)
        if annotation is not None:
            found.append(replace(annotation, credit=history.get(relative, Credit())))
    return tuple(found)


ANNOTATION_CACHE = "annotation"  # the build cache's namespace of read notes


def _annotation(data: bytes, relative: str, cache: BuildCache
                ) -> tuple[Annotation | None, tuple[Diagnostic, ...]]:
    """A note's file read, or what a build kept of it: its reading depends on its bytes
    and its path (its slug, every Diagnostic's file) and the YAML parser alone (its credit
    is the history's, added after). 0.2 ms of YAML a note, 0.4 s of 2,000 notes' load."""
    key = cache.key(ANNOTATION_CACHE, hashlib.sha256(data).hexdigest(), relative,
                    YAML_PARSER) if cache.folder is not None else ""
    stored = cache.get(ANNOTATION_CACHE, key) if key else None
    if stored is not None:
        try:
            annotation, issues = (decode(part) for part in stored)
            if annotation is None or isinstance(annotation, Annotation):
                return annotation, tuple(issues)
        except (TypeError, ValueError, KeyError):
            pass
    with working_on(relative):
        annotation, found = read_annotation(data, relative)
    if key:
        with suppress(Unstorable):  # a value the cache cannot hold: read again next time
            cache.put(ANNOTATION_CACHE, key, [encode(annotation), encode(tuple(found))])
    return annotation, tuple(found)


def _source_files(root: Path, source_dir: str, problems: list[Diagnostic]) -> list[Path]:
    """The TEI files: `source/*.xml` (sorted), the registers file aside: documents, and
    register files of their own (see `lists.is_register_file`)."""
    folder = root / source_dir
    files = sorted(p for p in folder.glob("*.xml") if p.name != REGISTERS_FILE) \
        if folder.is_dir() else []
    if not files:
        problems.append(error(source_dir, 1, "E003", f"no TEI documents (*.xml) in {source_dir}/"))
    return files
