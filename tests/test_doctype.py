"""A DOCTYPE as real TEI declares one: the external DTD is never read, internal entities
are expanded within limits, and everything else a DTD can do is refused (E102)."""

from __future__ import annotations

import ctypes
import http.server
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from conftest import FIXTURES, replace_in
from scholion import pipeline
from scholion.diagnostics import Diagnostic
from scholion.load import load_document
from scholion.load import xml as secure_xml
from scholion.load.doctype import (
    MAX_DECLARATIONS,
    MAX_ENTITIES,
    MAX_ENTITY_DEPTH,
    MAX_ENTITY_EXPANSION,
    MAX_ENTITY_VALUE,
    Doctype,
    read_doctype,
)
from scholion.load.xml import parse_xml

TEI_NS = "http://www.tei-c.org/ns/1.0"
PUBLIC = '"-//TEI//DTD TEI P5//EN"'
# What the DTD would change if it were read: an entity the text uses and a default attribute.
DTD_TEXT = '<!ENTITY fromdtd "READ FROM THE DTD">\n<!ATTLIST p rend CDATA "from-the-dtd">\n'


def document(subset: str | None = None, body: str = "x", external: str = "") -> bytes:
    """A TEI document whose DOCTYPE starts on line 2 and whose subset starts on line 3."""
    declared = f" [\n{subset}\n]" if subset is not None else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI{external}{declared}>\n'
            f'<TEI xmlns="{TEI_NS}"><text><body><p>{body}</p></body></text></TEI>\n').encode()


def body_line(data: bytes) -> int:
    return data[: data.index(b"<TEI ")].count(b"\n") + 1


def parsed_text(data: bytes) -> str:
    parsed, problems = parse_xml(data, "doc.xml")
    assert problems == [], [p.format() for p in problems]
    return "".join(parsed.tree.getroot().itertext())


def refused(data: bytes) -> Diagnostic:
    parsed, problems = parse_xml(data, "doc.xml")
    assert parsed is None and [p.code for p in problems] == ["E102"], [
        p.format() for p in problems]
    return problems[0]


@contextmanager
def watched(path: Path) -> Iterator[list[bytes]]:
    """Every open or read of `path` while the block runs (Linux inotify), listed after it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        watch = libc.inotify_init1(os.O_NONBLOCK)
    except (OSError, AttributeError):
        pytest.skip("inotify is not available")
    if watch < 0 or libc.inotify_add_watch(watch, bytes(path), 0x20 | 0x01) < 0:
        pytest.skip("inotify is not available")
    events: list[bytes] = []
    try:
        yield events
        with suppress(BlockingIOError):  # raised when nothing happened to the file
            events.append(os.read(watch, 4096))
    finally:
        os.close(watch)


@contextmanager
def dtd_server() -> Iterator[tuple[str, list[str]]]:
    """An http server on 127.0.0.1 that serves a DTD and lists every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(DTD_TEXT.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tei_all.dtd", requests
    finally:
        server.shutdown()
        server.server_close()


# --- the external DTD: declared, ignored, never read ------------------------------------


@pytest.mark.parametrize("external", [
    f' PUBLIC {PUBLIC} "tei_all.dtd"',
    ' SYSTEM "tei_all.dtd"',
    ' SYSTEM "http://www.tei-c.org/release/xml/tei/custom/schema/dtd/tei_all.dtd"',
    ' SYSTEM "/no/such/folder/tei_all.dtd"',
    f"\n  PUBLIC {PUBLIC}\n  'tëi_all.dtd'",  # over three lines, with a non-ASCII name
])
def test_a_declared_dtd_that_is_not_there_is_ignored(external):
    data = document(body="A poem.", external=external)
    assert parsed_text(data) == "A poem."


def test_a_dtd_file_that_exists_is_never_opened(tmp_path):
    dtd = tmp_path / "tei_all.dtd"
    dtd.write_text(DTD_TEXT)
    data = document(body="x", external=f' PUBLIC {PUBLIC} "{dtd}"')
    with watched(dtd) as events:
        parsed, problems = parse_xml(data, "doc.xml")
    assert problems == [] and events == []
    assert parsed.tree.getroot().find(f".//{{{TEI_NS}}}p").get("rend") is None


def test_a_dtd_that_would_declare_the_entity_is_not_read_for_it(tmp_path):
    dtd = tmp_path / "tei_all.dtd"
    dtd.write_text(DTD_TEXT)
    with watched(dtd) as events:
        problem = refused(document(body="&fromdtd;", external=f' SYSTEM "{dtd}"'))
    assert events == [] and problem.line == 3
    assert "Entity 'fromdtd' not defined" in problem.message
    assert "never reads an external DTD" in problem.hint


def test_a_dtd_url_is_never_fetched():
    with dtd_server() as (url, requests):
        assert parsed_text(document(body="x", external=f' PUBLIC {PUBLIC} "{url}"')) == "x"
        assert parsed_text(document(body="x", external=f' SYSTEM "{url}" [ ]')) == "x"
    assert requests == []


def test_libxml2_gets_the_file_without_the_dtd_id_but_with_its_lines_and_bytes():
    data = document('<!-- the editors ]> -->\n<!ENTITY ed "Ed">', external=(
        f"\n  PUBLIC {PUBLIC}\n  'tëi_all.dtd'"))
    doctype, problem = read_doctype(data, "doc.xml")
    assert problem is None and doctype.entities == {"ed"}
    assert len(doctype.parse_input) == len(data)
    assert doctype.parse_input.count(b"\n") == data.count(b"\n")
    assert b"PUBLIC" not in doctype.parse_input and b"editors" not in doctype.parse_input
    assert b'<!ENTITY ed "Ed">' in doctype.parse_input


def test_the_parser_itself_answers_no_request_for_a_dtd(tmp_path):
    """Behind the blanking: were libxml2 ever handed a DTD's id (lxml 6 with collect_ids=False
    asks for it although load_dtd=False), the resolver answers and the file is refused."""
    dtd = tmp_path / "tei_all.dtd"
    dtd.write_text(DTD_TEXT)
    data = document(external=f' SYSTEM "{dtd}"')
    with watched(dtd) as events:
        parsed, problems = secure_xml._parse(data, Doctype(data, frozenset()), "doc.xml")
    assert events == [] and parsed is None
    assert [p.code for p in problems] == ["E103"] and str(dtd) in problems[0].message


# --- internal entities: expanded, and the lines stay the file's -----------------------


def test_internal_entities_are_expanded_in_text_and_attributes():
    data = document('<!ENTITY amp2 "&#38;">\n<!ENTITY ed "Editor&#39;s name">\n'
                    '<!ENTITY credit "by &ed; &#38;#38; &ed;">',
                    body='<hi rend="&ed;">&credit;</hi>')
    parsed, problems = parse_xml(data, "doc.xml")
    assert problems == []
    hi = parsed.tree.getroot().find(f".//{{{TEI_NS}}}hi")
    assert hi.text == "by Editor's name & Editor's name" and hi.get("rend") == "Editor's name"
    assert parsed.data == data  # the file's own bytes, for the TEI download


def test_entity_in_the_reading_page_and_in_the_downloads(mini, tmp_path):
    letter = mini / "source" / "letter-b.xml"
    replace_in(letter, '<?xml version="1.0" encoding="UTF-8"?>\n',
               '<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<!DOCTYPE TEI PUBLIC {PUBLIC} "tei_all.dtd" [\n'
               '  <!ENTITY ed "Ædith Ōsaka-Müller">\n'
               '  <!ENTITY editor "&ed;, editor">\n'
               ']>\n')
    replace_in(letter, "Thank you for", "Thank you, &editor;, for")
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    page = (out / "letter-b.html").read_text(encoding="utf-8")
    assert "Thank you, Ædith Ōsaka-Müller, editor, for the letter" in page
    assert "&amp;ed" not in page and "&amp;editor" not in page
    assert "Ædith Ōsaka-Müller, editor" in (out / "data" / "letter-b.txt").read_text()
    assert (out / "data" / "letter-b.xml").read_bytes() == letter.read_bytes()


def test_lines_after_a_doctype_and_multi_line_entities_are_the_files(mini):
    letter = mini / "source" / "letter-b.xml"
    replace_in(letter, '<?xml version="1.0" encoding="UTF-8"?>\n',
               '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI\n'
               f'  PUBLIC {PUBLIC}\n  "tei_all.dtd" [\n'
               '  <!-- a comment\n  over two lines -->\n'
               '  <!ENTITY lines "one\ntwo\nthree">\n  <!ENTITY more "&lines;\n&lines;">\n]>\n')
    replace_in(letter, "Thank you for", "Thank you &more; &lines; for")
    text = letter.read_text()
    document_, problems = load_document(mini, letter)
    assert problems == [] and document_.blocks[0].text.startswith(
        "Thank you one two three one two three one two three for")
    parsed, _ = parse_xml(letter.read_bytes(), "letter-b.xml")
    signed = parsed.tree.getroot().find(f".//{{{TEI_NS}}}signed")
    assert signed.sourceline == text[: text.index("<signed")].count("\n") + 1 == 33
    letter.write_text(text.replace("</closer>", "</closr>"))  # not well-formed, line 34
    _, problems = load_document(mini, letter)
    assert [(p.code, p.line) for p in problems] == [("E101", 34)]


# --- the limits ---------------------------------------------------------------------------


def test_entities_up_to_the_limits_are_accepted():
    subset = "\n".join([
        *(f'<!ENTITY e{i} "{i}">' for i in range(MAX_ENTITIES - 4)),
        f'<!ENTITY long "{"x" * MAX_ENTITY_VALUE}">',
        '<!ENTITY c "C">', '<!ENTITY b "[&c;]">', '<!ENTITY a "[&b;]">',  # 3 levels
    ])
    assert parsed_text(document(subset, body="&a;&long;&e0;")) == "[[C]]" + "x" * 4096 + "0"


def test_too_many_entities():
    subset = "\n".join(f'<!ENTITY e{i} "{i}">' for i in range(MAX_ENTITIES + 1))
    problem = refused(document(subset))
    assert problem.line == 3 + MAX_ENTITIES and "more than 256 entities" in problem.message


def test_too_many_declarations_and_comments():
    subset = "\n".join(["<!-- a comment -->"] * MAX_DECLARATIONS + ["<!ELEMENT p ANY>"])
    problem = refused(document(subset))
    assert problem.line == 3 + MAX_DECLARATIONS and "more than 1,024" in problem.message


def test_too_long_a_value():
    problem = refused(document(f'<!ENTITY ok "x">\n<!ENTITY long "{"x" * 4097}">'))
    assert (problem.line, problem.column) == (4, 1)
    assert "entity 'long' is 4,097 characters long; the limit is 4,096" in problem.message


def test_too_deep_a_nesting():
    problem = refused(document('<!ENTITY d "D">\n<!ENTITY c "&d;">\n<!ENTITY b "&c;">\n'
                               '<!ENTITY a "&b;">', body="&b;"))
    assert problem.line == 6 and MAX_ENTITY_DEPTH == 3
    assert "entity 'a' nests entity references 4 levels deep; the limit is 3" in problem.message


def test_too_large_an_expansion_of_one_entity():
    x = "x" * 4000
    problem = refused(document(f'<!ENTITY x "{x}">\n<!ENTITY y "{"&x;" * 17}">'))
    assert problem.line == 4 and "entity 'y' expands to 68,000 characters" in problem.message
    assert parsed_text(document(f'<!ENTITY x "{x}">\n<!ENTITY y "{"&x;" * 16}">',
                                body="&y;")) == x * 16


def test_too_large_an_expansion_of_the_document_is_refused_at_the_reference():
    uses = "\n".join(["&x;"] * 100)
    data = document(f'<!ENTITY x "{"x" * 4000}">', body=uses)
    problem = refused(data)
    crossing = (MAX_ENTITY_EXPANSION // 3997) + 1  # each use adds 4,000 - len("&x;")
    assert problem.line == body_line(data) + crossing - 1
    assert "with &x; here" in problem.message and "67,949 characters" in problem.message


def test_a_large_file_may_grow_by_its_own_length():
    padding = "<!-- padding -->" * 10_000  # 160,000 characters
    x = "x" * 4000
    assert len(parsed_text(document(f'<!ENTITY x "{x}">',
                                    body=padding + "&x;" * 30))) == 30 * 4000
    data = document(f'<!ENTITY x "{x}">', body=padding + "&x;" * 60)
    assert f"the limit is {len(data.decode()):,} (the file's length" in refused(data).message


def test_references_in_comments_and_cdata_are_not_expansions():
    data = document(f'<!ENTITY x "{"x" * 4000}">',
                    body="<!--" + "&x;" * 100 + "--><![CDATA[" + "&x;" * 100 + "]]>")
    assert parsed_text(data) == "&x;" * 100


@pytest.mark.parametrize("subset", [
    (FIXTURES / "hostile" / "entity-bomb.xml").read_text().split("[", 1)[1].split("]>")[0],
    # wide rather than deep: 3 levels of 4 KB values, 1,365 references each
    '<!ENTITY a "' + "a" * 4096 + '">\n<!ENTITY b "' + "&a;" * 1365 + '">\n'
    '<!ENTITY c "' + "&b;" * 1365 + '">',
    "\n".join(f'<!ENTITY e{i} "&e{i + 1};&e{i + 1};">' for i in range(255)),
])
def test_entity_bombs_are_refused_quickly(subset):
    start = time.perf_counter()
    problem = refused(document(subset, body="&lol9;&c;&e0;"))
    assert time.perf_counter() - start < 0.5
    assert "levels deep" in problem.message or "expands to" in problem.message


# --- what is refused, and what is ignored ------------------------------------------------


@pytest.mark.parametrize(("declaration", "words"), [
    ('<!ENTITY secret SYSTEM "file:///etc/passwd">', "external entity 'secret'"),
    ('<!ENTITY remote PUBLIC "-//X//EN" "http://127.0.0.1:9/x">', "external entity 'remote'"),
    ('<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">', "parameter entity 'remote'"),
    ('<!ENTITY picture SYSTEM "pic.png" NDATA png>', "unparsed entity 'picture' (NDATA png)"),
    ("%para;", "parameter-entity reference '%para;'"),
    ('<!ELEMENT p %content;>', "ELEMENT declaration of 'p' uses a parameter entity"),
    ('<![INCLUDE[ <!ENTITY e "x"> ]]>', "conditional sections"),
    ("<?editor note?>", "processing instructions"),
    ('<!ATTLIST p rend CDATA "bold">', "ATTLIST of <p> gives an attribute a default"),
    (f'<!ATTLIST TEI xmlns CDATA #FIXED "{TEI_NS}">', "ATTLIST of <TEI> gives an attribute"),
    ('<!ENTITY pct "100%">', "entity 'pct' contains '%'"),
    ('<!ENTITY and "A & B">', "entity 'and' has an '&' that begins no reference"),
    ('<!ENTITY lt "less than">', "entity 'lt' is predefined as '<'"),
    ('<!ENTITY ping "&pong;">\n<!ENTITY pong "&ping;">', "entity 'ping' refers to itself"),
    ('<!ENTITY broken "x>', "declaration of entity 'broken' is not well-formed"),
    ("<!ENTITY e 'x'> stray text", "unexpected text in the DOCTYPE: 'stray text"),
])
def test_refused_declarations_name_what_is_refused(declaration, words):
    problem = refused(document(declaration, body="x"))
    assert problem.line == 3 and words in problem.message, problem.message


def test_an_unclosed_doctype():
    problem = refused(b'<!DOCTYPE TEI [\n<!ENTITY e "x">\n')
    assert problem.line == 3 and "not closed" in problem.message


def test_a_parameter_entity_with_a_value_is_inert_and_ignored():
    """TEI's own test files declare `<!ENTITY % TEI.header "INCLUDE">` for a DTD: no DTD is
    read and `%p;` is refused, so the declaration can do nothing; the file loads."""
    parsed, problems = parse_xml(document('<!ENTITY % TEI.header "INCLUDE">', body="x"),
                                 "source/t.xml")
    assert parsed is not None and problems == []


def test_declarations_that_only_constrain_validation_are_ignored():
    subset = ("<!ELEMENT p (#PCDATA|hi)*>\n<!ATTLIST p rend CDATA #IMPLIED n NMTOKEN #REQUIRED>\n"
              '<!NOTATION png SYSTEM "image/png">\n<!-- ]> is no end inside a comment -->\n'
              '<!ENTITY lt "&#38;#60;">\n<!ENTITY e "first">\n<!ENTITY e "second">')
    parsed, problems = parse_xml(document(subset, body="&e; &lt;"), "doc.xml")
    assert problems == [] and parsed.tree.getroot().find(f".//{{{TEI_NS}}}p").attrib == {}
    assert "".join(parsed.tree.getroot().itertext()) == "first <"


@pytest.mark.parametrize(("declaration", "words"), [
    ('<!ENTITY amp2 "&#38;">', "entity 'amp2' stands for a lone '&'"),
    ('<!ENTITY hi "<hi>x</hi>">', "entity 'hi' contains markup"),
    ('<!ENTITY ref "see &nowhere;">', "entity 'ref' refers to &nowhere;, which is not declared"),
])
def test_an_entity_that_is_not_plain_text_is_refused_where_it_is_used(declaration, words):
    assert parsed_text(document(declaration, body="<!-- unused -->x")) == "x"
    data = document(declaration, body="x\n<hi>&" + declaration.split()[1] + ";</hi>")
    problem = refused(data)
    assert problem.line == body_line(data) + 1 and words in problem.message


def test_a_doctype_in_a_comment_is_no_doctype():
    data = f'<TEI xmlns="{TEI_NS}"><!-- <!DOCTYPE TEI [ <!ENTITY e "x"> ]> --></TEI>'
    parsed, problems = parse_xml(data.encode(), "doc.xml")
    assert problems == [] and parsed is not None
