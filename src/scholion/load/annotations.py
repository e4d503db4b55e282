"""Read `annotations/*.md`: YAML front matter, then a Markdown body.

Contributors write these by hand in pull requests, so every mistake gets its own code, the
line of the front-matter key at fault, and a hint. Nothing here renders Markdown: the body
travels as text until `render`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, did_you_mean, error
from ..model import HEADNOTE, Annotation, Source
from .files import control_character, control_character_in_value

REQUIRED = ("target", "type", "author", "sources")
OPTIONAL = ("quote", "prefix", "suffix", "status")
# a headnote introduces a whole document (its target is the document's id) and stands above
# its text; every other type is a note on a passage or a register entry
TYPES = ("identification", "context", "translation", "correction", "bibliography", HEADNOTE)
STATUSES = ("draft", "reviewed")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
URL = re.compile(r"^(https?)://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/[^\s<>\"]*)?$")
ORCID = re.compile(r"^(https://orcid\.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
MAX_BYTES = 20_000  # a note is a few sentences; the cap also bounds Markdown's work
# libyaml's safe loader when PyYAML was built with it (10x faster), else the pure one;
# both construct only plain data (never Python objects).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# what reads the front matter, for the build cache's key of a note's reading
YAML_PARSER = f"PyYAML {yaml.__version__} {_Loader.__name__}"
_FENCE = "---"


def read_annotation(data: bytes, path: str) -> tuple[Annotation | None, list[Diagnostic]]:
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    problems: list[Diagnostic] = []
    if not SLUG.match(slug):
        problems.append(error(path, 1, "E311", f"file name '{slug}.md' is not a valid slug",
                              hint="use lower-case letters, digits and single hyphens, "
                                   "e.g. osima-is-oshima-yasushi.md"))
    text, problem = _decode(data, path)
    if problem or (problem := control_character(text, path, references=True)):
        return None, [*problems, problem]
    split = _split(text, path)
    if isinstance(split, Diagnostic):
        return None, [*problems, split]
    front, body, body_line = split
    fields, lines, found = _front_matter(front, path)
    problems += found
    if fields is None:
        return None, problems
    if not body.strip():
        problems.append(error(path, body_line, "E309", "the note has no text after the front "
                              "matter", hint="write the note in Markdown below the closing ---"))
    annotation, found = _build(slug, path, fields, lines, body, body_line)
    return annotation, problems + found


def _decode(data: bytes, path: str) -> tuple[str, Diagnostic | None]:
    if len(data) > MAX_BYTES:
        return "", error(path, 1, "E314", f"file is {len(data):,} bytes; notes are short")
    if b"\x00" in data:
        return "", error(path, 1, "E314", "file is binary, not UTF-8 text")
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", error(path, line, "E314", "file is not UTF-8 text", hint="save it as UTF-8")


def _split(text: str, path: str) -> tuple[str, str, int] | Diagnostic:
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return error(path, 1, "E301", "the file must start with '---' and YAML front matter",
                     hint="see CONTRIBUTING.md for an example annotation file")
    for i in range(1, len(lines)):
        if lines[i].strip() == _FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return error(path, 1, "E301", "the front matter is not closed by a line '---'")


def _front_matter(front: str, path: str
                  ) -> tuple[dict[str, Any] | None, dict[str, int], list[Diagnostic]]:
    """Parse YAML safely, keeping each top-level key's line (the file's line, 1-based)."""
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        if node is not None and (problem := _shape_problem(node, path)
                                 or _escaped_control(node, front, path)):
            return None, {}, [problem]
        data = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: e.g. an int of 5,000 digits
        return None, {}, [_yaml_error(exc, path)]
    if not isinstance(data, dict) or node is None:
        return None, {}, [error(path, 2, "E301", "front matter must be a YAML mapping of "
                                "keys to values")]
    lines = {k.value: k.start_mark.line + 2 for k, _ in node.value
             if isinstance(k, yaml.ScalarNode)}
    for key, value in node.value:
        if key.value == "sources" and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                lines[f"sources[{i}]"] = item.start_mark.line + 2
                if isinstance(item, yaml.MappingNode):
                    lines |= {f"sources[{i}].{k.value}": k.start_mark.line + 2
                              for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
    return data, lines, []


# What YAML was reading when it failed, for the errors where that is the mistake: a quote,
# list or mapping opened and never closed, a key without its ':'.
_UNCLOSED = ("quoted scalar", "flow sequence", "flow mapping", "simple key")


def _yaml_error(exc: Exception, path: str) -> Diagnostic:
    """E301 at the contributor's mistake. YAML notices an unclosed quote or '[' only where
    it runs out of text (a later line, often the closing '---'), so for those the place
    the construct was opened (the context mark) is reported, not where parsing stopped."""
    mark, reason = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
    context, opened = getattr(exc, "context", None) or "", getattr(exc, "context_mark", None)
    if opened and mark and opened.line < mark.line and any(c in context for c in _UNCLOSED):
        mark, reason = opened, f"{reason} {context}"
    # the front matter starts on the file's line 2; marks count from 0
    return error(path, mark.line + 2 if mark else 1, "E301",
                 f"front matter is not valid YAML: {reason or exc}",
                 column=mark.column + 1 if mark else 1,
                 hint="quote values that contain ':' or '#' with \"...\", and close every "
                      "quote and bracket")


def _shape_problem(root: yaml.Node, path: str) -> Diagnostic | None:
    """Refuse what no note needs and what can be abused: aliases (`&a` … `*a`, the
    "billion laughs" of YAML), a key given twice (the second silently wins), deep nesting."""
    seen: set[int] = set()
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 2
        if id(node) in seen or getattr(node, "anchor", None):
            return error(path, line, "E301", "YAML anchors and aliases (&name, *name) are not "
                         "allowed in notes", hint="write each value out in full")
        seen.add(id(node))
        if depth > 8:
            return error(path, line, "E301", "the front matter is nested too deeply")
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if duplicate := next((k for k in keys if keys.count(k) > 1), None):
                return error(path, line, "E302", f"key '{duplicate}' is given twice")
            stack += [(child, depth + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
    return None


def _escaped_control(root: yaml.Node, front: str, path: str) -> Diagnostic | None:
    """The first key or value holding a control character that the file spells as a YAML
    escape ("\\e", "\\x1b"): the scan of the file's text cannot see those. Runs after
    `_shape_problem`, so the nodes form a tree."""
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            where = (node.start_mark.line + 1, node.start_mark.column + 1)
            found.append(control_character_in_value(node.value, path, front, where,
                                                    first_line=2))
        elif isinstance(node, yaml.MappingNode):
            stack += [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return min((d for d in found if d), default=None, key=lambda d: (d.line, d.column))


def _scalar(value: Any) -> str | None:
    """A plain text value, or None for a list, mapping or other structure."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _build(slug: str, path: str, fields: dict[str, Any], lines: dict[str, int], body: str,
           body_line: int) -> tuple[Annotation, list[Diagnostic]]:
    unknown = _unknown_keys(fields, lines, path)
    typos = {d.hint.split("'")[1] for d in unknown if d.hint.startswith("did you mean")}
    problems = [*unknown, *_missing_keys(fields, path, skip=typos)]

    def text(key: str, allowed: tuple[str, ...] = ()) -> str:
        if key not in fields:
            return ""
        value = fields[key]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append(error(path, lines.get(key, 1), "E304",
                                  f"'{key}' must be a single line of text"))
            return ""
        value = " ".join(str(value).split())
        if allowed and value not in allowed:
            problems.append(error(path, lines.get(key, 1), "E304",
                                  f"'{key}: {value}' is not one of: {', '.join(allowed)}"))
        return value

    def raw(key: str) -> str:
        """Like `text` but keeping spaces at the ends (they matter in prefix and suffix)."""
        value = _scalar(fields.get(key, ""))
        if value is None:
            problems.append(error(path, lines.get(key, 1), "E304",
                                  f"'{key}' must be a single line of text"))
        return value or ""

    author, orcid = _author(fields.get("author"), lines.get("author", 1), path, problems)
    sources = _sources(fields.get("sources"), lines, path, problems)
    annotation = Annotation(
        slug=slug, path=path, target=text("target"), type=text("type", TYPES),
        author=author, orcid=orcid, body=body, body_line=body_line,
        quote=text("quote"), prefix=_spaced(raw("prefix")), suffix=_spaced(raw("suffix")),
        sources=sources, status=text("status", STATUSES) if "status" in fields else "reviewed",
        lines=tuple(sorted(lines.items())),
    )
    return annotation, problems


def _spaced(value: Any) -> str:
    """Prefix and suffix keep their edge spaces (they matter), but runs collapse."""
    return re.sub(r"\s+", " ", str(value))


def _unknown_keys(fields: dict[str, Any], lines: dict[str, int], path: str
                  ) -> list[Diagnostic]:
    problems = []
    for key in fields:
        if key in REQUIRED or key in OPTIONAL:
            continue
        hint = did_you_mean(str(key), (*REQUIRED, *OPTIONAL),
                            f"allowed keys: {', '.join((*REQUIRED, *OPTIONAL))}")
        problems.append(error(path, lines.get(key, 1), "E302", f"unknown key '{key}'",
                              hint=hint))
    return problems


def _missing_keys(fields: dict[str, Any], path: str, skip: set[str]) -> list[Diagnostic]:
    """Required keys that are absent (unless already reported as a typo of another key)."""
    return [error(path, 1, "E303", f"missing key '{key}'", hint=_KEY_HINTS[key])
            for key in REQUIRED if key not in fields and key not in skip]


_KEY_HINTS = {
    "target": "the xml:id of the paragraph the note belongs to (its ¶ link), or a register id",
    "type": f"one of: {', '.join(TYPES)}",
    "author": "author: {name: Your Name} (an ORCID is welcome: orcid: 0000-0000-0000-0000)",
    "sources": "a list of sources, each '- title: ...' with an optional 'url: https://...'",
}


def _author(value: Any, line: int, path: str, problems: list[Diagnostic]) -> tuple[str, str]:
    if isinstance(value, str) and value.strip():
        return value.strip(), ""
    if not isinstance(value, dict) or not (_scalar(value.get("name")) or "").strip():
        if value is not None:
            problems.append(error(path, line, "E304", "'author' needs a name",
                                  hint=_KEY_HINTS["author"]))
        return "", ""
    orcid = _scalar(value.get("orcid")) or ""
    if orcid and not ORCID.match(orcid):
        problems.append(error(path, line, "E304", f"ORCID {orcid!r} is not well formed",
                              hint="write it as 0000-0002-1825-0097"))
    extra = set(value) - {"name", "orcid"}
    if extra:
        problems.append(error(path, line, "E302", f"unknown key(s) under 'author': "
                              f"{', '.join(sorted(map(str, extra)))}"))
    return str(value["name"]).strip(), orcid.removeprefix("https://orcid.org/")


def _sources(value: Any, lines: dict[str, int], path: str, problems: list[Diagnostic]
             ) -> tuple[Source, ...]:
    if value is None:
        return ()
    line = lines.get("sources", 1)
    if not isinstance(value, list) or not value:
        problems.append(error(path, line, "E304", "'sources' must be a non-empty list",
                              hint=_KEY_HINTS["sources"]))
        return ()
    sources = []
    for i, item in enumerate(value):
        where = lines.get(f"sources[{i}]", line)
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or not (_scalar(item.get("title")) or "").strip():
            problems.append(error(path, where, "E304", f"source {i + 1} needs a 'title'",
                                  hint=_KEY_HINTS["sources"]))
            continue
        if set(item) - {"title", "url"}:
            problems.append(error(path, where, "E302", f"source {i + 1} has unknown key(s): "
                                  f"{', '.join(sorted(map(str, set(item) - {'title', 'url'})))}"))
        url = (_scalar(item.get("url")) or "").strip()
        if url and not URL.match(url):
            problems.append(error(path, lines.get(f"sources[{i}].url", where), "E313",
                                  f"source {i + 1} has a malformed URL {url!r}",
                                  hint="write a full address starting with https://"))
            url = ""
        sources.append(Source(title=" ".join(str(item["title"]).split()), url=url))
    return tuple(sources)


def annotation_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md")) if folder.is_dir() else []
