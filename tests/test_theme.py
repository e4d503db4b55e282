"""An edition changes its presentation without forking Scholion: `templates/` overrides a
template by name (and can extend the one it replaces), `static/` adds or replaces files."""

from __future__ import annotations

from pathlib import Path

from scholion import pipeline


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_template_of_the_edition_overrides_and_extends_scholions(mini, tmp_path):
    write(mini / "templates" / "base.html", '{% extends "scholion/base.html" %}\n'
          '{% block banner %}<p class="edition-banner">Draft edition</p>{% endblock %}\n')
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    for page in ("index.html", "letter-a.html", "about.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert '<p class="edition-banner">Draft edition</p>' in html, page
        assert '<main id="main">' in html and "</footer>" in html  # the rest is still there


def test_static_files_of_the_edition_are_published_and_win(mini, tmp_path):
    write(mini / "static" / "edition.css", ".tei-p { color: teal; }\n")
    write(mini / "static" / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    out = tmp_path / "site"
    assert pipeline.build(mini, out).ok
    assert (out / "static" / "edition.css").read_text() == ".tei-p { color: teal; }\n"
    assert (out / "static" / "favicon.svg").read_text().startswith("<svg xmlns='http")
    assert (out / "static" / "scholion.css").stat().st_size > 1000  # defaults stay


def test_a_broken_template_is_a_located_error_and_nothing_is_written(mini, tmp_path):
    write(mini / "templates" / "index.html", "<h1>{{ config.title }}</h1>\n{% if %}\n")
    result = pipeline.build(mini, tmp_path / "site")
    assert [(d.path, d.line, d.code) for d in result.diagnostics if d.is_error] == [
        ("templates/index.html", 2, "E008")]
    assert not (tmp_path / "site").exists()


def test_theme_files_are_inputs_like_any_other(mini, tmp_path):
    (mini / "static").mkdir()
    (mini / "static" / "link.css").symlink_to("/etc/passwd")
    write(mini / "static" / "bad name.css", "")
    result = pipeline.build(mini, tmp_path / "site")
    assert {(d.path, d.code) for d in result.diagnostics if d.is_error} == {
        ("static/link.css", "E005"), ("static/bad name.css", "E008")}


def test_a_control_character_in_a_template_is_refused(mini, tmp_path):
    write(mini / "templates" / "index.html", "<h1>{{ config.title }}</h1>\n<p>\x1b[31m</p>\n")
    result = pipeline.build(mini, tmp_path / "site")
    assert [(d.path, d.line, d.column, d.code) for d in result.diagnostics if d.is_error] == [
        ("templates/index.html", 2, 4, "E007")]


def test_behaviour_entries_in_the_settings_change_the_reading_text(mini, tmp_path):
    with (mini / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[tool.scholion.behaviours]\n"sic" = "mark"\n'
                       'lg = { html = "div", handler = "element" }\n')
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert '<mark class="tei-sic">brisk brisk</mark>' in (out / "letter-a.html").read_text()


def test_behaviour_entries_are_checked_where_they_are_written(mini, tmp_path):
    settings = mini / "pyproject.toml"
    lines = settings.read_text(encoding="utf-8").count("\n")
    with settings.open("a", encoding="utf-8") as out:
        out.write('[tool.scholion.behaviours]\n"hi[" = "em"\nnote = "script"\n'
                  'sic = { html = "mark", handler = "explode" }\n')
    result = pipeline.check(mini)
    found = [(d.path, d.line, d.code) for d in result.diagnostics if d.is_error]
    assert found == [("pyproject.toml", lines + n, "E002") for n in (2, 3, 4)]
    assert "<script>" in result.diagnostics[1].message
    with settings.open("a", encoding="utf-8") as out:
        out.write("l = 3\n")
    found = [(d.line, d.code) for d in pipeline.check(mini).diagnostics if d.is_error]
    assert found == [(lines + 5, "E002")]


MAP = """{% extends "base.html" %}
{% block title %}{{ route.title }} · {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ route.title }}</h1>
<ul class="places">
{% for entry in site.index.places if entry.entity.geo %}
  <li data-lat="{{ entry.entity.geo[0] }}" data-lon="{{ entry.entity.geo[1] }}">
    <a href="{{ root }}{{ entity_url('place', entry.entity.id) }}">{{ entry.entity.name }}</a></li>
{% endfor %}
</ul>
{% endblock %}
"""
PAGES = '\n[tool.scholion.pages]\n"map.html" = { title = "Map", nav = "Map" }\n'


def test_an_edition_adds_a_page_with_a_template_and_a_route(mini, tmp_path):
    write(mini / "templates" / "map.html", MAP)
    with (mini / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(PAGES)
    out = tmp_path / "site"
    result = pipeline.build(mini, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    page = (out / "map.html").read_text(encoding="utf-8")
    assert '<li data-lat="34.6938" data-lon="135.5011">' in page and ">Osaka</a>" in page
    assert '<a href="map.html" aria-current="page">Map</a>' in page  # in the nav, current
    assert '<a href="map.html">Map</a>' in (out / "index.html").read_text(encoding="utf-8")
    assert "https://editions.test/letters/map.html" in (out / "sitemap.xml").read_text()


def test_a_page_without_its_template_or_named_like_a_document_is_refused(mini, tmp_path):
    first = len((mini / "pyproject.toml").read_text(encoding="utf-8").splitlines()) + 3
    with (mini / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(PAGES + '"letter-a.html" = { title = "Clash", template = "map.html" }\n'
                     '"about.html" = { title = "Mine" }\n')
    result = pipeline.build(mini, tmp_path / "site")
    found = {(d.code, d.line) for d in result.diagnostics if d.is_error}
    assert ("E008", first) in found  # map.html: no such template
    assert ("E114", first + 1) in found  # letter-a.html is a document's page
    assert ("E002", first + 2) in found  # about.html is the site's own
    assert not (tmp_path / "site").exists()
