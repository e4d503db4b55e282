"""Lists of persons, places, organizations and events outside `source/registers.xml`.

Real editions list their entities where TEI lets them: in a document's header
(`particDesc`, `settingDesc`), in its `<back>` or a `<standOff>`, or in a register file of
their own beside the documents (a `listperson.xml`). This module reads those lists, more
leniently than `registers.py` reads the edition's own registers: they come as they were
encoded elsewhere, so an entry's name is its first (or `type="main"`/`"reg"`) name, its
authority identifiers may be bare (`Q42`) or spelt in any of the usual ways, and a detail
that cannot be read is left out with a warning (W203; W115 for a date) rather than
stopping the build. An event is named by its `label` (else its `head`, else its `desc`),
described by its `desc` (or its paragraphs), and dated by its own @when, @from/@to or
@notBefore/@notAfter.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from ..common.dates import DateValue, calendar_point, date_value, nonconforming
from ..common.kinds import BY_NAME, ENTRY_KINDS
from ..common.refs import AUTHORITY_NAMES, authority, authority_uri, entity_id, is_uri
from ..diagnostics import Diagnostic, warning
from ..model import Entity, Node, PrefixDef, Source
from .registers import (
    ALTERNATIVE,
    RECONSTRUCTED,
    SURE,
    coordinates,
    note_of,
    other_names,
    prose_of,
    sort_key_of,
    text_of,
)
from .tei import LISTS, NS, TEI_NS, XML_NS

MAIN_NAME = ("normalized", "main", "reg", "standard", "preferred")
NAME_PARTS = frozenset({"forename", "surname", "roleName", "addName", "genName", "nameLink",
                        "persName", "placeName", "orgName", "name", "settlement", "region",
                        "country", "district", "bloc", "geogName", "geogFeat"})
_HOLDERS = frozenset({*LISTS, "particDesc", "settingDesc"})  # where TEI lists entries


def _tag(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def is_register_file(root: etree._Element) -> bool:
    """A TEI file whose `<text>` (or `<standOff>`) holds lists and no reading text: a
    register beside the documents, not a document of its own."""
    text = root.find(_tag("text"))
    holds_lists = any(root.find(f"t:{part}//t:{name}", NS) is not None
                      for part in ("text", "standOff") for name in LISTS)
    return holds_lists and (text is None or not _reading_text(text))


def _reading_text(element: etree._Element) -> bool:
    """Whether anything is left to read once the lists (and the headings) are set aside."""
    if (element.text or "").strip():
        return True
    for child in element:
        if (child.tail or "").strip():
            return True
        if _local(child) not in (*LISTS, "head", "") and _reading_text(child):
            return True
    return False


def without_lists(node: Node) -> Node:
    """The text without its lists: their entries go to the index, not to the reading page
    (they would be words without ¶ numbers). What stands around them stays; no citable
    block is inside one (`tei.NOT_TEXT`), so the blocks already read are unchanged. The
    very same node when it holds no list."""
    if not any(n.tag in LISTS for n in node.iter()):  # most texts: one quick walk
        return node
    return _without_lists(node)


def _without_lists(node: Node) -> Node:
    children = tuple(_without_lists(c) if isinstance(c, Node) else c for c in node.children
                     if not (isinstance(c, Node) and c.tag in LISTS))
    if len(children) == len(node.children) and all(
            a is b for a, b in zip(children, node.children, strict=True)):
        return node
    return replace(node, children=children)


def prefix_defs(root: etree._Element) -> tuple[PrefixDef, ...]:
    """The document's `prefixDef`s, which say how its `ident:value` pointers expand."""
    return tuple(PrefixDef(d.get("ident", ""), d.get("matchPattern", ""),
                           d.get("replacementPattern", ""), d.sourceline or 0)
                 for d in root.iterfind("t:teiHeader/t:encodingDesc//t:prefixDef", NS))


def read_lists(root: etree._Element, path: str, namespace: str
               ) -> tuple[list[Entity], list[Diagnostic]]:
    """Every person, place, organization and event listed in the file, its id in
    `namespace`.
    An entry without an xml:id cannot be pointed at, so it is not read."""
    entities, problems = [], []
    for element in root.iter(*(_tag(name) for name in ENTRY_KINDS)):
        xml_id = element.get(f"{{{XML_NS}}}id", "")
        if not xml_id or not _listed(element):
            continue
        entity, found = _entity(element, path, entity_id(namespace, xml_id), xml_id)
        entities.append(entity)
        problems += found
    entities += [_role(role, path, namespace) for role in root.iter(_tag("role"))
                 if role.get(f"{{{XML_NS}}}id") and _in_cast_list(role)]
    return entities, problems


def _in_cast_list(element: etree._Element) -> bool:
    return any(_local(a) == "castList" for a in element.iterancestors())


def _role(role: etree._Element, path: str, namespace: str) -> Entity:
    """A role of a play's cast list (`<castItem><role xml:id="hamlet">`): the person a
    speech's @who names as often as a particDesc entry. Its roleDesc describes it."""
    xml_id = role.get(f"{{{XML_NS}}}id", "")
    item = role.getparent()
    desc = item.find("t:roleDesc", NS) if item is not None else None
    return Entity(id=entity_id(namespace, xml_id), kind="person", name=text_of(role) or xml_id,
                  line=role.sourceline or 1, path=path, xml_id=xml_id,
                  description=text_of(desc).lstrip(",;: ") if desc is not None else "")


def _listed(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and _local(parent) in _HOLDERS | set(ENTRY_KINDS)


def _entity(element: etree._Element, path: str, edition_id: str, xml_id: str
            ) -> tuple[Entity, list[Diagnostic]]:
    kind = ENTRY_KINDS[_local(element)]
    names = [n for n in element if _local(n) in BY_NAME[kind].names]
    main = next((n for n in names if n.get("type") in MAIN_NAME), names[0] if names else None)
    others = [n for n in names if n is not main]
    desc = element.find("t:desc", NS)
    if main is None and kind == "event" and desc is not None:
        main = desc  # `<event when="1850"><desc>The fire</desc>`: its words name it
    name = name_text(main) if main is not None else xml_id
    line = element.sourceline or 1
    problems: list[Diagnostic] = []
    authorities, uncertain = _authorities(element, names, path, problems)
    return Entity(
        id=edition_id, kind=kind, name=name, line=line,
        variants=tuple(dict.fromkeys(t for n in others if not n.get(f"{{{XML_NS}}}lang")
                                     and n.get("type") != ALTERNATIVE
                                     if (t := name_text(n)) and t != name)),
        original=tuple((n.get(f"{{{XML_NS}}}lang"), name_text(n)) for n in others
                       if n.get(f"{{{XML_NS}}}lang")),
        reconstructed=tuple((n.get(f"{{{XML_NS}}}lang"), name_text(n)) for n in others
                            if n.get(f"{{{XML_NS}}}lang") and n.get("type") == RECONSTRUCTED),
        description=_description(element, main),
        authorities=authorities, uncertain_authorities=uncertain,
        geo=_geo(element, path, problems),
        birth=_when(element, "birth", path, problems),
        death=_when(element, "death", path, problems),
        date=_dated(element, path, problems) if kind == "event" else None,
        cert=element.get("cert", ""), certainty=note_of(element, "certainty"),
        sources=_sources(element, path, problems), path=path, xml_id=xml_id,
        sort_key=sort_key_of(element, main), other_names=other_names(others),
    ), problems


def name_text(element: etree._Element) -> str:
    """A name as an index lists it. Written out (`Anna Berg`, `Berg, Anna`), as written;
    made of parts alone, the parts are words of their own, and the surname leads:
    `<forename>August</forename><surname>Strindberg</surname>` is "Strindberg, August"."""
    parts = [c for c in element if isinstance(c.tag, str)]
    if (element.text or "").strip() or any((c.tail or "").strip() for c in element) \
            or not all(_local(c) in NAME_PARTS for c in parts):
        return text_of(element)
    surnames = [p for p in parts if _local(p) == "surname"]
    rest = [p for p in parts if _local(p) != "surname"]
    words = [" ".join(filter(None, (name_text(p) for p in group))) for group in (surnames, rest)]
    return ", ".join(w for w in words if w) if surnames and rest else " ".join(filter(None, words))


def _description(element: etree._Element, name: etree._Element | None) -> str:
    """`note type="description"`, else a `desc` (not the one that names it), else a note
    that says nothing of its kind, else an event's paragraphs."""
    untyped = (n for n in element.findall("t:note", NS) if not n.get("type"))
    descs = (d for d in element.findall("t:desc", NS) if d is not name)
    for found in (element.find("t:note[@type='description']", NS), next(descs, None),
                  next(untyped, None)):
        if found is not None:
            return prose_of(found)
    return " ".join(text_of(p) for p in element.findall("t:p", NS))


def _authorities(element: etree._Element, names: list[etree._Element], path: str,
                 problems: list[Diagnostic]
                 ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """From `<idno type="wikidata|geonames|viaf|gnd|isni|ror|URI">`, the entry's @sameAs
    and the authority URIs its names point at; each canonical, each once. With them, the
    (URI, @cert) of the `idno`s that carry a @cert short of "high"."""
    found: list[tuple[str, str]] = []
    uncertain: list[tuple[str, str]] = []
    for idno in element.findall("t:idno", NS):
        kind, value = idno.get("type", "").lower(), text_of(idno)
        uri = authority_uri(kind, value)
        read: tuple[str, str] | None = None
        if uri is not None:
            read = (authority(uri)[0], uri)
        elif is_uri(value):
            read = authority(value) or ("uri", value)
        if read is not None:
            found.append(read)
            if idno.get("cert", "") not in SURE:
                uncertain.append((read[1], idno.get("cert", "")))
        elif kind in AUTHORITY_NAMES:
            problems.append(warning(path, idno.sourceline, "W203",
                                    f"the {kind} identifier {value!r} cannot be read: left "
                                    "out", hint="give the identifier or its full URI"))
    pointers = element.get("sameAs", "").split()
    pointers += [t for n in names for a in ("ref", "key") for t in n.get(a, "").split()]
    found += [authority(t) or ("uri", t) for t in pointers if is_uri(t)]
    return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(uncertain))


def _geo(element: etree._Element, path: str, problems: list[Diagnostic]
         ) -> tuple[float, float] | None:
    found = element.find("t:location/t:geo", NS)
    if found is None:
        return None
    point = coordinates(_degrees(text_of(found)))
    if point is None:
        problems.append(warning(path, found.sourceline, "W203",
                                f"<geo>{text_of(found)}</geo> is not 'latitude longitude' "
                                "in degrees: left out"))
    return point


def _degrees(text: str) -> list[str]:
    """The two numbers of a `<geo>` as encoders write them: `51.5 -0.1`, `51.5, -0.1`,
    `51.5,-0.1`, or with decimal commas, `48,2083 16,3731`."""
    parts = text.split()
    if len(parts) == 1:
        return parts[0].split(",")
    return [p.removesuffix(",").replace(",", ".") for p in parts]


def _when(element: etree._Element, tag: str, path: str, problems: list[Diagnostic]) -> str:
    """The calendar point of a `<birth when>` or `<birth><date when>`. A @when that names
    none is a warning (W115) here only where `check` does not judge the dates itself: it
    reads the teiHeader, not a register file nor the lists taken out of a text."""
    found = element.find(f"t:{tag}", NS)
    if found is None:
        return ""
    dated = found if found.get("when") is not None else found.find("t:date", NS)
    value = dated.get("when", "") if dated is not None else ""
    point = calendar_point(value)
    if value and not point and not _in_header(element):
        problems.append(warning(path, dated.sourceline, "W115",
                                f'@when="{value}" on <{_local(dated)}> is not a date TEI '
                                "allows: it is not read as a date",
                                hint="use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss"))
    return point


def _dated(element: etree._Element, path: str, problems: list[Diagnostic]
           ) -> DateValue | None:
    """When an event took place: its @when, else @from/@to, else @notBefore/@notAfter,
    read as a `<date>` is (`common.dates`). A value TEI does not allow is a warning (W115)
    where `check` does not see it (as for births)."""
    attrs = tuple((etree.QName(k).localname, v) for k, v in element.attrib.items())
    node = Node("event", attrs, line=element.sourceline or 0)
    if not _in_header(element):
        problems += [warning(path, element.sourceline, "W115",
                             f'@{name}="{value}" on <event> is not a date TEI allows: it is '
                             "not read as a date", hint=hint)
                     for name, value, hint in nonconforming(node)]
    return date_value(node)


def _in_header(element: etree._Element) -> bool:
    return any(_local(a) == "teiHeader" for a in element.iterancestors())


def _sources(element: etree._Element, path: str, problems: list[Diagnostic]
             ) -> tuple[Source, ...]:
    sources = []
    for note in element.findall("t:note[@type='source']", NS):
        ref = note.find("t:ref", NS)
        url = ref.get("target", "") if ref is not None else ""
        if url and not is_uri(url):
            problems.append(warning(path, note.sourceline, "W203",
                                    f"the source link {url!r} is not an http(s) URL: left out"))
            url = ""
        sources.append(Source(title=prose_of(note), url=url))
    return tuple(sources)
