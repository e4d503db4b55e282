"""The map of places and the timeline (issue 15, item 10): what `link.maps` plans, how
`render.figures` projects and places it, and the pages the build writes."""

from __future__ import annotations

import re

import lxml.html
import pytest

from conftest import replace_in
from scholion import pipeline
from scholion.link import link_edition
from scholion.link.maps import MapPlace
from scholion.load import load_edition
from scholion.render import figures
from scholion.render.figures import Projection, draw_map, draw_timeline, main_projection

RELATIONS = """    <listRelation>
      <relation name="sister-city" mutual="#osaka #kobe"/>
      <relation name="trade" active="#osaka" passive="#nowhere"/>
      <relation name="lonely" mutual="#osaka"/>
    </listRelation>
  </standOff>"""
KOBE = """      <place xml:id="kobe">
        <placeName type="normalized">Kobe</placeName>
        <location><geo>34.6913 135.1830</geo></location>
      </place>
    </listPlace>"""


def _place(pid: str, lat: float, lon: float, mentions: int = 1) -> MapPlace:
    return MapPlace(pid, pid.title(), lat, lon, f"places.html#{pid}", mentions)


# --- projection and drawing ------------------------------------------------------------

def test_the_main_map_puts_known_cities_west_to_east_and_north_up(real_site):
    near = real_site.place_map.near
    projection = main_projection(near)
    x = {p.id: projection.place(p)[0] for p in near}
    y = {p.id: projection.place(p)[1] for p in near}
    assert x["xian"] < x["tianjin"] < x["shanghai"] < x["kobe"] < x["osaka"] < x["kyoto"]
    assert y["tianjin"] < y["kyoto"] < y["osaka"] < y["shanghai"]  # north is up
    assert all(0 < x[p] < figures.WIDTH and 0 < y[p] < projection.height for p in x)


def test_far_places_go_to_the_inset_centred_on_the_main_map(real_site):
    place_map = real_site.place_map
    assert {p.id for p in place_map.far} == {"leningrad", "milan", "san-francisco",
                                            "sao-paulo", "melbourne", "chicago"}
    inset = draw_map(place_map).inset
    x = {m.place.id: m.x for m in inset.marks}
    # centred on East Asia: Europe to the west, the Americas to the east, across the Pacific
    assert x["milan"] < x["leningrad"] < x["osaka"] < x["san-francisco"] < x["chicago"]
    assert inset.frame is not None and inset.frame[0] < x["osaka"] < sum(inset.frame[::2])


def test_a_cluster_across_the_date_line_is_drawn_together():
    places = [_place("suva", -18.14, 178.44), _place("apia", -13.83, -171.76),
              _place("nukualofa", -21.14, -175.2)]
    projection = main_projection(places)
    xs = sorted(projection.place(p)[0] for p in places)
    assert xs[-1] - xs[0] < figures.WIDTH * 0.8  # not spread across the whole world
    land, _ = figures.base_map(projection, 1)
    assert land  # Fiji's islands are drawn, from the copy shifted by 360°


def test_clipping_keeps_what_is_inside_the_view():
    square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)]
    clipped = figures._clip_ring(square, (0.0, 0.0, 20.0, 20.0))
    assert sorted(clipped) == [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    pieces = figures._clip_line([(-5.0, 1.0), (5.0, 1.0), (5.0, 30.0)], (0.0, 0.0, 10.0, 10.0))
    assert pieces == [[(0.0, 1.0), (5.0, 1.0), (5.0, 10.0)]]


def test_labels_overlap_neither_each_other_nor_leave_the_map(real_site):
    main = draw_map(real_site.place_map).main
    boxes = []
    for mark in main.marks:
        assert mark.label is not None, mark.place.id  # every near place is named
        lx, ly, anchor = mark.label
        size = len(mark.place.name) * figures.FONT * figures.CHAR
        x0 = {"start": lx, "end": lx - size, "middle": lx - size / 2}[anchor]
        boxes.append((x0, ly - 10, x0 + size, ly + 3))
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= main.width and a[1] >= 0 and a[3] <= main.height
        assert not any(figures._meet(a, b) for b in boxes[i + 1:])


def test_a_projection_fits_its_box():
    projection = Projection(0.0, 0.0, -180.0, 180.0, -58.0, 78.0)
    assert projection.xy(-180.0, 78.0) == (0.0, 0.0)
    assert projection.xy(180.0, -58.0) == pytest.approx((figures.WIDTH, projection.height))


# --- the plan --------------------------------------------------------------------------

def test_ties_are_the_registers_relations_between_places_with_coordinates(real_site):
    ties = {(t.a, t.b, t.name) for t in real_site.place_map.ties}
    assert ("osaka", "shanghai", "sister-city") in ties
    assert ("kobe", "tianjin", "sister-city") in ties
    assert ("osaka-prefecture", "shanghai", "friendly-relations") in ties
    assert len(ties) == 10
    assert real_site.place_map.labels == ("sister city", "friendly relations")


def test_relations_that_cannot_be_drawn_are_warned_about(mini):
    registers = mini / "source" / "registers.xml"
    replace_in(registers, "    </listPlace>", KOBE)
    replace_in(registers, "  </standOff>", RELATIONS)
    result = pipeline.check(mini)
    found = sorted((d.code, d.path, d.line) for d in result.diagnostics
                   if d.code.startswith("W53"))
    text = registers.read_text(encoding="utf-8").splitlines()
    trade = next(n for n, line in enumerate(text, 1) if 'name="trade"' in line)
    assert found == [("W530", "source/registers.xml", trade),
                     ("W531", "source/registers.xml", trade),
                     ("W531", "source/registers.xml", trade + 1)]
    site = link_edition(load_edition(mini).edition)
    assert [(t.a, t.b) for t in site.place_map.ties] == [("osaka", "kobe")]


def test_an_edition_without_coordinates_or_dates_gets_no_empty_page(mini):
    site = link_edition(load_edition(mini).edition)
    assert {"map.html", "timeline.html"} <= {r.url for r in site.routes}
    replace_in(mini / "source" / "registers.xml",
               "<location><geo>34.6938 135.5011</geo></location>", "")
    site = link_edition(load_edition(mini).edition)
    assert not site.place_map and "map.html" not in {r.url for r in site.routes}
    assert "timeline.html" in {r.url for r in site.routes}


def test_timeline_marks_are_in_date_order_and_ranges_are_spans(mini):
    site = link_edition(load_edition(mini).edition)
    moments = site.timeline.moments
    assert [m.value for m in moments] == sorted(m.value for m in moments)
    spans = {m.value.key: m for m in moments if m.is_span}
    assert set(spans) == {"1974/1975", "1974-04/1974-05"}  # a date of the text, an event
    assert spans["1974-04/1974-05"].what == "The arrival of the ships"
    drawing = draw_timeline(site.timeline)
    for mark in drawing.marks:
        if mark.moment.is_span:
            assert mark.y_end > mark.y and mark.lane >= 1
        else:
            assert mark.y_end == mark.y and mark.lane == 0
    assert [m.label_y for m in drawing.marks] == sorted(m.label_y for m in drawing.marks)


def test_a_date_in_several_paragraphs_is_one_mark_with_a_link_to_each(real_site):
    by_key = {m.value.key: m for m in real_site.timeline.moments if m.kind == "date"}
    assert by_key["1972"].links == (("kansai-1987.html#p3", "¶ 6"),
                                    ("kansai-1987.html#l1-5", "¶ 11"))
    assert (real_site.timeline.first, real_site.timeline.last) == (1972, 1987)


# --- the built pages -------------------------------------------------------------------

@pytest.fixture(scope="module")
def map_page(real_build):
    return lxml.html.fromstring((real_build / "map.html").read_bytes())


def test_every_place_with_coordinates_is_a_link_on_the_map_and_a_row_of_the_table(
        map_page, real_site):
    located = [e.entity for e in real_site.index.places if e.entity.geo]
    svg_links = map_page.xpath("//*[local-name()='svg']//*[local-name()='a']/@href")
    rows = map_page.xpath("//table[@class='map-table']/tbody/tr/th/a/@href")
    expected = sorted(f"places.html#{e.id}" for e in located)
    assert sorted(svg_links) == expected  # each once: no duplicate tab stop in the inset
    assert sorted(rows) == expected


def test_the_map_draws_each_tie_once_and_lists_it_in_the_table(map_page):
    titles = map_page.xpath("//*[local-name()='line'][contains(@class,'tie ')]"
                            "/*[local-name()='title']/text()")
    assert len(titles) == 10
    assert "Osaka – Shanghai: sister city" in titles
    assert "Osaka – Milan: sister city" in titles
    row = map_page.xpath("//tr[@id='map-osaka']/td[3]")[0].text_content()
    assert row.startswith("sister city: Shanghai, Leningrad, Milan")


def test_timeline_links_go_to_anchors_that_exist(real_build):
    page = (real_build / "timeline.html").read_text(encoding="utf-8")
    document = (real_build / "kansai-1987.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'href="kansai-1987\.html#([^"]+)"', page))
    assert len(anchors) > 15
    assert all(f'id="{a}"' in document for a in anchors)
    assert 'class="span"' in page and 'class="arrow"' in page  # "from 1986", open ended


def test_the_index_of_places_has_a_small_map_and_the_indexes_link_the_figures(real_build):
    places = (real_build / "places.html").read_text(encoding="utf-8")
    assert 'class="map map-small"' in places and 'href="map.html"' in places
    assert 'static/figures.css' in places
    persons = (real_build / "persons.html").read_text(encoding="utf-8")
    assert 'href="timeline.html"' in persons and 'static/figures.css' not in persons
