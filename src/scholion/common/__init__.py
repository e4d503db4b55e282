"""Rules and services that several stages share, so that each is written once.

`refs` (what counts as a mention and what it points at), `dates` (TEI dating attributes),
`quotes` (where a note's quote sits), `anchors` (the anchor registry's format), `markup`
(Markdown and its allowlist), `citations` (CSL, BibTeX, RIS), `routes` (the site's own
page and folder names), `codes` (every diagnostic code), `placeholders` (what `scholion
new` writes), `progress` (what the build is working on, for the one-line bug report).
Nothing here reads or writes a file: only `load` reads and only `write` writes.
"""
