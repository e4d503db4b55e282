"""The catalogue of diagnostic codes.

Codes are part of the contributor interface: CI output, CONTRIBUTING.md and the tests all
name them, so a code is never reused for a different problem. Ranges:
E0xx configuration and files, E1xx TEI structure, E2xx entities and registers, E3xx annotations,
E4xx anchors, E5xx the built site; W-codes are warnings. A retired code stays here as a
comment, so that nobody gives its number to something else.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # configuration and files
    "E001": "the edition configuration ([tool.scholion] in pyproject.toml) is missing or invalid",
    "E002": "a configuration key is misspelt, missing, or has the wrong type or a value "
             "it cannot take",
    "W003": "the build cache (.scholion-cache/) is committed to the repository: not used",
    "W004": "a release tag whose version cannot be a path of the site is not published",
    "W005": "a shallow clone: not all release tags are known, no release is built",
    "W006": "the edition changed since the release its version names: raise the version",
    "W007": "a release cannot be built from its tag's files: not published (an earlier "
            "build of it is kept)",
    "E003": "no TEI documents found in source/",
    "E004": "a source file cannot be read as UTF-8 text",
    "E006": "the output folder is unsafe to replace (the edition, its sources, or a foreign "
            "folder)",
    "E005": "an input file is a symbolic link (links are never read)",
    "E007": "an input file contains a control character",
    "E008": "a file of the edition's templates/ or static/ cannot be read or does not compile",
    "E010": "the editorial principles file named in the settings cannot be read, or holds "
            "HTML that is not allowed",
    "E009": "scholion init was given a folder that is not empty (nothing is overwritten)",
    # XML and TEI
    "E101": "the XML is not well-formed",
    "E102": "a DOCTYPE declares what is not allowed (an external, parameter or unparsed "
            "entity, an attribute default, ...), an entity breaks a limit or is not plain "
            "text, or an entity is not declared",
    "E103": "an XInclude without fallback in the text, or another external reference "
            "(never loaded)",
    "W103": "an XInclude is not followed: in the header it is left out, elsewhere its "
            "fallback stands in",
    "E104": "the root element is not a TEI P5 <TEI>",
    "E105": "a required part of the teiHeader is missing",
    "E106": "the document does not validate against TEI P5 (tei_all)",
    "E112": "an xml:id is used twice in one document",
    "E114": "a document identifier (idno type='scholion', else the file name) is malformed, "
            "reserved or duplicated",
    "E117": "a source link in the teiHeader is a script URL (javascript:, data:, vbscript:)",
    "E116": "an xml:id is not a valid XML name (it becomes a URL fragment and a file name)",
    "E118": "minting anchors would change a document (a bug of Scholion's; nothing is written)",
    # E115 is retired, never to be reused: it was an error for any @when, @from, @to,
    # @notBefore or @notAfter not of the form YYYY[-MM[-DD]], on any element (a <locus
    # from="1r"> too); that is now W115, a warning, on dated elements only.
    "W117": "a source link in the teiHeader is not a web address: it is not linked",
    "W118": "an xml:lang is not a BCP 47 language tag: the page does not mark its language",
    "W124": "a ref or ptr of the text points at nothing the edition holds: not linked",
    "W125": "a ref or ptr target is not an address Scholion links (javascript:, data:, "
            "file:, an undeclared scheme): not linked",
    "W115": "a dating attribute of a dated element (att.datable) is not in a form TEI "
            "allows: it is not read as a date",
    # images: graphic/@url, pb/@facs and the facsimile's surfaces
    "W127": "an image reference names a file outside the edition, by an absolute path or a "
            "file: or script URL: never read, not published",
    "W119": "an image is outside source/: it is not published",
    "W120": "an image file is missing (or not a regular file): it is not published",
    "W121": "an image reference is neither a web address nor a file in a format browsers "
            "show (png, jpg, gif, webp, avif; svg is refused): it is not published",
    "W122": "a page break's @facs points to no surface of the document's facsimile",
    "W123": "an image of the text has no description (figDesc, desc, or a figure head): "
            "its text alternative is empty (one line per document)",
    # entities and registers
    "E201": "the registers file is not a TEI document with a <standOff>",
    "E202": "a register entry has no xml:id or no normalized name",
    "E203": "an authority identifier is not a well-formed URI of its kind",
    "E204": "geographic coordinates are not 'latitude longitude' in degrees",
    "E206": "a name points to a register entry of the wrong kind",
    "E208": "a register id is used twice, or also as a block id",
    "E209": "a source link in the registers is not an http(s) URL",
    "W002": "a configuration key Scholion does not know (perhaps a plugin's) is ignored",
    "W110": "citable blocks of a document have no xml:id: their anchors are provisional "
            "(one line per document)",
    "W111": "citable blocks of a document have no @n: numbered by their place (one line per "
            "document)",
    "W113": "a display number @n is used twice in one document",
    "W126": "an apparatus entry's @from/@to reach nothing in the document: its readings "
            "are attached where it stands",
    "W201": "a register entry (not of a document's own lists) is not mentioned in the text",
    "W203": "a detail of an entry listed outside registers.xml cannot be read: left out",
    "W205": "a pointer (@ref, @key, @corresp, @sameAs, @who) reaches no entry",
    "W207": "a pointer is of a form Scholion cannot read",
    # annotations
    "E301": "an annotation's front matter is missing, unclosed or not valid YAML",
    "E302": "an annotation has an unknown key (often a typo)",
    "E303": "an annotation lacks a required key",
    "E304": "an annotation key has a value of the wrong type or not one of the allowed values",
    "E305": "an annotation's target is neither a block id nor a register id",
    "E306": "an annotation's quote is not in its target block",
    "E307": "an annotation's quote occurs more than once in its target block",
    "E308": "two annotations' quotes overlap",
    "E309": "an annotation has no text",
    "E310": "two annotations have the same slug, or a slug clashes with an anchor",
    "E311": "an annotation's file name is not a valid slug",
    "E312": "an annotation contains HTML that is not allowed",
    "E313": "a source URL in an annotation is malformed",
    "E314": "an annotation file cannot be read as UTF-8 text, or is too large",
    "E315": "an annotation's Markdown is too complex (deep nesting, runs of brackets)",
    "E316": "an annotation still holds the placeholder text of `scholion new`",
    "E317": "an annotation's target is an anchor of several documents (write DOC#ID)",
    "E318": "a headnote's target is not a document id, or it has a quote",
    "E319": "a document has two headnotes",
    # anchors
    "E401": "a published anchor is gone from the source and has no alias",
    "E402": "an anchor alias points to no block, or aliases a live anchor",
    "E403": "a line of the anchor registry (source/anchors.lock) cannot be read",
    "E404": "a published document is gone from the source",
    "W402": "the text of a published block has changed",
    "W403": "a new anchor is not in the registry yet",
    "W404": "there is no anchor registry yet",
    # the map and the timeline (relations of the registers)
    "W530": "an end of a relation (@mutual, @active, @passive) reaches no entry: not drawn",
    "W531": "a relation ties fewer than two entries: it is not drawn",
    # a large collection's lists (issue 17)
    "W545": "two names of the letters' headers differ only in case, accents or punctuation: "
            "each has a list of its own",
    # the built site
    "E501": "a link in the built site points at a missing file or anchor",
    "W501": "the search index was not built (Pagefind is missing or failed)",
    "W515": "the PDFs were not made (WeasyPrint or the Pango library it needs is missing)",
}

# Codes that are no longer emitted. A code is never given a new meaning, so these stay
# here, out of the table in CONTRIBUTING.md.
RETIRED: dict[str, str] = {
    "E110": "a citable block had no xml:id (now provisional anchors and W110)",
    "E111": "a citable block had no @n (now numbered by place and W111)",
    "E113": "a display number @n was used twice (now the warning W113)",
    "E115": "any @when/@from/@to/@notBefore/@notAfter not YYYY[-MM[-DD]] (now W115, on dated "
            "elements only)",
    "E205": "a @ref pointed to no register entry (an error until references of every TEI "
            "form were read: now W205, a warning)",
    "E207": "a @ref was not of the form 'reg:ID' (now W207, for the forms Scholion cannot "
            "read)",
}
