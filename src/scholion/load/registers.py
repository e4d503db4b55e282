"""Read the shared registers (`source/registers.xml`) into `Entity` values.

The registers are standoff TEI: `listPerson`, `listPlace`, `listOrg` and `listEvent` in a
`standOff`, shared by every document of the collection. Each entry's first name with
`type="normalized"` (a `persName`, `placeName`, `orgName`; an event's `label`) is the name
the index shows; `type="variant"` names are the forms the text uses; names with an
`xml:lang` are the original-script forms (`type="reconstructed"` those the editors
inferred); `type="alternative"` names are other names of the entity (a later name: the
index files a cross-reference under it). The index files an entry by its @sortKey, else
by the `surname` of its name, else by its name; an `idno` with a @cert is an identifier
the editors give as uncertain, which the index and the data say. The notes keep the
languages of their words (`Prose`). An event is dated by its own @when, @from/@to or
@notBefore/@notAfter (check judges them at their lines, W115), and described by
`note type="description"` or its `desc`.
"""

from __future__ import annotations

import re

from lxml import etree

from ..common.dates import DateValue, calendar_point, date_value
from ..common.kinds import BY_NAME, KINDS
from ..diagnostics import Diagnostic, error
from ..model import Entity, Node, OtherName, Prose, Registers, Relation, Source
from .tei import NS, TEI_NS, XML_NS, normalize_space, to_node
from .xml import ParsedXML

_DECIMAL = re.compile(r"[-+]?\d{1,3}(\.\d+)?")
# a name's @type for a form the editors inferred (`<persName xml:lang="ru"
# type="reconstructed" cert="low">`): listed with the original forms, and said to be one
RECONSTRUCTED = "reconstructed"
# a name's @type for another name of the entity than its heading (a later or an earlier
# one): shown with it, and filed in the index as a cross-reference to it
ALTERNATIVE = "alternative"
SURE = ("", "high")  # the @cert values of an identifier the index shows without a caveat
_LISTED = ", ".join(kind.list for kind in KINDS)


def read_registers(parsed: ParsedXML, path: str) -> tuple[Registers, list[Diagnostic]]:
    root = parsed.tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI" or root.find(f"{{{TEI_NS}}}standOff") is None:
        return Registers(path), [error(path, root.sourceline, "E201",
                                       "the registers file must be a TEI document with a "
                                       f"<standOff> holding {_LISTED}")]
    entities, problems = [], []
    for kind in KINDS:
        for element in root.iterfind(f"{{{TEI_NS}}}standOff//{{{TEI_NS}}}{kind.entries[0]}"):
            entity, found = _entity(element, kind.name, path)
            problems += found
            if entity is not None:
                entities.append(entity)
    return Registers(path, tuple(entities), parsed.data, tree=to_node(root),
                     relations=relations_of(root, path)), problems


def relations_of(root: etree._Element, path: str) -> tuple[Relation, ...]:
    """Every `relation` of the standOff (in a `listRelation`), pointers as written: what
    they reach is `common.relations`' to say, and `check`'s to warn about (W530, W531)."""
    return tuple(
        Relation(name=element.get("name") or element.get("type") or "related",
                 line=element.sourceline or 1, path=path,
                 mutual=tuple(element.get("mutual", "").split()),
                 active=tuple(element.get("active", "").split()),
                 passive=tuple(element.get("passive", "").split()),
                 cert=element.get("cert", ""))
        for element in root.iterfind(f"{{{TEI_NS}}}standOff//{{{TEI_NS}}}relation"))


def _entity(element: etree._Element, kind: str, path: str
            ) -> tuple[Entity | None, list[Diagnostic]]:
    entity_id = element.get(f"{{{XML_NS}}}id", "")
    line = element.sourceline or 1
    if not entity_id:
        return None, [error(path, line, "E202", f"a <{kind}> entry has no xml:id")]
    tag = BY_NAME[kind].names[0]  # persName, placeName, orgName, label
    names = element.findall(f"t:{tag}", NS)
    normalized = [n for n in names if n.get("type") == "normalized"]
    if not normalized:
        return None, [error(path, line, "E202",
                            f"entry '{entity_id}' has no <{tag} type=\"normalized\">")]
    geo, problems = _geo(element, path)
    return Entity(
        id=entity_id, kind=kind, name=text_of(normalized[0]), line=line,
        variants=tuple(text_of(n) for n in names if n.get("type") == "variant"),
        original=tuple((n.get(f"{{{XML_NS}}}lang"), text_of(n)) for n in names
                       if n.get(f"{{{XML_NS}}}lang")),
        reconstructed=tuple((n.get(f"{{{XML_NS}}}lang"), text_of(n)) for n in names
                            if n.get(f"{{{XML_NS}}}lang") and n.get("type") == RECONSTRUCTED),
        description=note_of(element, "description") or _desc(element),
        authorities=tuple((i.get("type", ""), text_of(i)) for i in element.findall("t:idno", NS)),
        uncertain_authorities=tuple((text_of(i), i.get("cert", "")) for i in
                                    element.findall("t:idno", NS)
                                    if i.get("cert", "") not in SURE),
        geo=geo,
        birth=_when(element, "birth"), death=_when(element, "death"),
        date=_dated(element) if kind == "event" else None,
        cert=element.get("cert", ""),
        certainty=note_of(element, "certainty"),
        sources=tuple(source_of(n) for n in element.findall("t:note[@type='source']", NS)),
        path=path, xml_id=entity_id,
        sort_key=sort_key_of(element, normalized[0]), other_names=other_names(names),
    ), problems


def sort_key_of(entry: etree._Element, name: etree._Element | None) -> str:
    """What the index files an entry by: its @sortKey (TEI's att.sortable, on the entry:
    a name element has none), else its name with the surname first when the name marks
    one (`<forename>A. N.</forename> <surname>Shepelenko</surname>` files under S, as
    "Shepelenko A. N."), else '' (by the name as shown)."""
    if entry.get("sortKey"):
        return entry.get("sortKey", "")
    return surname_first(name) if name is not None else ""


def surname_first(name: etree._Element) -> str:
    """A name's words with its surnames first, or '' when it marks no surname."""
    surnames = [s for s in name.iter(f"{{{TEI_NS}}}surname") if s is not name]
    if not surnames:
        return ""
    rest: list[str] = []

    def walk(node: etree._Element) -> None:  # the name's words outside its surnames
        rest.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child not in surnames:
                walk(child)
            rest.append(child.tail or "")

    walk(name)
    return normalize_space(" ".join([*(text_of(s) for s in surnames), "".join(rest)]))


def other_names(names: list[etree._Element]) -> tuple[OtherName, ...]:
    """The `type="alternative"` names in the edition's language (those with an xml:lang
    are original-script forms), each with when the entity bore it, if the name says."""
    return tuple(OtherName(text_of(n), _dated(n), surname_first(n)) for n in names
                 if n.get("type") == ALTERNATIVE and not n.get(f"{{{XML_NS}}}lang"))


def text_of(element: etree._Element) -> str:
    return normalize_space("".join(element.itertext()))


def prose_of(element: etree._Element) -> Prose:
    """An element's words, white space normalized as `text_of` does, with the language
    of each part (its nearest `xml:lang` inside the element; '' for none)."""
    raw: list[tuple[str, str]] = []

    def walk(node: etree._Element, lang: str) -> None:
        lang = node.get(f"{{{XML_NS}}}lang", lang)
        raw.append((lang, node.text or ""))
        for child in node:
            if isinstance(child.tag, str):  # a comment's or a PI's text is no text
                walk(child, lang)
            raw.append((lang, child.tail or ""))

    walk(element, "")
    runs: list[tuple[str, str]] = []
    for lang, text in raw:
        text = re.sub(r"\s+", " ", text)
        if (not runs or runs[-1][1].endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if runs and runs[-1][0] == lang:
            runs[-1] = (lang, runs[-1][1] + text)
        else:
            runs.append((lang, text))
    while runs and not runs[-1][1].rstrip():
        runs.pop()
    if runs:
        runs[-1] = (runs[-1][0], runs[-1][1].rstrip())
    return Prose(runs)


def note_of(element: etree._Element, kind: str) -> Prose:
    found = element.find(f"t:note[@type='{kind}']", NS)
    return prose_of(found) if found is not None else Prose()


def _when(element: etree._Element, tag: str) -> str:
    """The calendar point of a <birth> or <death>; check warns (W115) when there is a
    @when that names none."""
    found = element.find(f"t:{tag}", NS)
    return calendar_point(found.get("when", "")) if found is not None else ""


def _desc(element: etree._Element) -> Prose:
    found = element.find("t:desc", NS)
    return prose_of(found) if found is not None else Prose()


def _dated(element: etree._Element) -> DateValue | None:
    """When an event took place (or the entity bore a name), read as a `<date>` is; None
    for a value TEI does not allow (check warns about it at its line, W115)."""
    return date_value(Node("event", tuple((etree.QName(k).localname, v)
                                          for k, v in element.attrib.items())))


def _geo(element: etree._Element, path: str
         ) -> tuple[tuple[float, float] | None, list[Diagnostic]]:
    found = element.find("t:location/t:geo", NS)
    if found is None:
        return None, []
    point = coordinates(text_of(found).split())
    if point is None:
        return None, [error(path, found.sourceline, "E204",
                            f"<geo>{text_of(found)}</geo> is not 'latitude longitude' in degrees",
                            hint="write two decimal numbers, e.g. <geo>34.6938 135.5011</geo>")]
    return point, []


def coordinates(parts: list[str]) -> tuple[float, float] | None:
    """(latitude, longitude) from two decimal numbers in degrees, or None."""
    if len(parts) != 2 or not all(_DECIMAL.fullmatch(p) for p in parts):
        return None
    lat, lon = (float(p) for p in parts)
    return (lat, lon) if abs(lat) <= 90 and abs(lon) <= 180 else None


def source_of(note: etree._Element) -> Source:
    ref = note.find("t:ref", NS)
    return Source(title=prose_of(note), url=ref.get("target", "") if ref is not None else "")
