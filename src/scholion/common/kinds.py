"""The kinds of register entry: persons, places, organizations and events.

One table, read by every stage, so that a kind is added in one place: `load` reads entries
of these elements from these lists, `common.refs` knows which name elements and `@type`s
say a kind, `common.routes` gives each kind its index page, `render` its class, colour
switch and search filter, `export` its value in the data. Dates are mentions too, but of
no register: they have a chronology of their own (`common.dates`, `DATE`).

TEI has a name element for three of the kinds (`persName`, `placeName`, `orgName`) and
none for events (TEI P5 4.x, the schema Scholion bundles, has no `eventName`): an event is
named with `name` or `rs`, typed `event`, or by a `name` that says no kind and points at an
event entry (`Kind.untyped`). An event entry is named by its `label`s (`event` holds
`label`/`desc` or paragraphs, not name elements).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of register entry, and every name TEI and the site give it."""

    name: str  # Entity.kind, rs/@type, the CSS classes mention-NAME and hl-NAME
    entries: tuple[str, ...]  # the TEI elements of an entry
    list: str  # the TEI list that holds them
    names: tuple[str, ...]  # what names an entry inside it (the registers' is the first)
    element: str  # the name element of the running text that says this kind ('' for none)
    types: tuple[str, ...]  # the @type values of `rs` and `name` that say this kind
    page: str  # its index page
    heading: str  # that page's heading
    plural: str  # in running words: "highlight mentions of organizations"
    attribute: str  # its entries on `link.index.Index` (`site.index.orgs` in templates)
    untyped: bool = False  # a name saying no kind that reaches such an entry mentions it
    schema_org: str = ""  # the schema.org class of its entries: what its index page is about
    noun: str = ""  # one entry in words ("organization"), when it is not `name`

    @property
    def singular(self) -> str:
        return self.noun or self.name


KINDS: tuple[Kind, ...] = (
    Kind("person", ("person", "personGrp"), "listPerson", ("persName", "name"), "persName",
         ("person",), "persons.html", "Persons", "persons", "persons",
         schema_org="Person"),
    Kind("place", ("place",), "listPlace", ("placeName", "geogName", "name"), "placeName",
         ("place",), "places.html", "Places", "places", "places", schema_org="Place"),
    Kind("org", ("org",), "listOrg", ("orgName", "name"), "orgName",
         ("org", "organization"), "organizations.html", "Organizations",
         "organizations", "orgs", schema_org="Organization", noun="organization"),
    Kind("event", ("event",), "listEvent", ("label", "head"), "", ("event",),
         "events.html", "Events", "events", "events", untyped=True, schema_org="Event"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
# an authority identifier's kind (`Entity.authorities`) as readers know it: the index
# pages and the entity cards name each link so
AUTHORITY_LABELS = {"wikidata": "Wikidata", "geonames": "GeoNames", "viaf": "VIAF",
                    "isni": "ISNI", "ror": "ROR", "gnd": "GND", "uri": "URI"}
NAMES = tuple(BY_NAME)  # "person", "place", "org", "event"
DATE = "date"  # the kind of a mention that is a date (see common.dates)
MENTION_KINDS = (*NAMES, DATE)  # every value of a mention's kind, in the data exports
# entry element -> kind: `personGrp` is a person entry
ENTRY_KINDS = {element: kind.name for kind in KINDS for element in kind.entries}
# name element of the text -> kind; `rs`/`name` @type -> kind
NAME_ELEMENTS = {kind.element: kind.name for kind in KINDS if kind.element}
TYPES = {value: kind.name for kind in KINDS for value in kind.types}
LISTS = frozenset(kind.list for kind in KINDS)
UNTYPED = frozenset(kind.name for kind in KINDS if kind.untyped)
