"""Maps of control at a chosen date (explainer.mapview): gazetteer records, who held what when, the SVG."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT, SYRIA, problems, write
from explainer.charts import ChartContext
from explainer.colours import SHARED
from explainer.derive import build_index
from explainer.generate import generate_site
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.mapview import OUTLINES_FILE, WORLD_OUTLINES_FILE, MapBuilder, MapSpec, MapView, map_dates, natural_earth
from explainer.model import Coordinates

TEMPLATES = ROOT / "templates"
GAZETTEER_HELP = (
    "write the record it comes from as geonames:<number> (GeoNames), wikidata:Q<number> (Wikidata) or"
    " osm:node/<number>, osm:way/<number>, osm:relation/<number> (OpenStreetMap), such as geonames:2643743"
)

PLACE = """\
id: somewhere
name: Somewhere
kind: town
coordinates:
  lat: 35.6
  lon: 36.7
{gazetteer}
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  gazetteer: geonames:abc", f"site_data/places/somewhere.yaml:7:14: 'coordinates.gazetteer': 'geonames:abc' is not a gazetteer record; {GAZETTEER_HELP}"),
        ("  gazetteer: Q3699", f"site_data/places/somewhere.yaml:7:14: 'coordinates.gazetteer': 'Q3699' is not a gazetteer record; {GAZETTEER_HELP}"),
        ("  gazetteer: osm:street/12", f"site_data/places/somewhere.yaml:7:14: 'coordinates.gazetteer': 'osm:street/12' is not a gazetteer record; {GAZETTEER_HELP}"),
        ("  gazetteer: geonames:0170063", f"site_data/places/somewhere.yaml:7:14: 'coordinates.gazetteer': 'geonames:0170063' is not a gazetteer record; {GAZETTEER_HELP}"),
        ("  gazetteer: 'geonames:1 '", f"site_data/places/somewhere.yaml:7:14: 'coordinates.gazetteer': 'geonames:1 ' is not a gazetteer record; {GAZETTEER_HELP}"),
        (
            "  source: https://www.geonames.org/170063",
            "site_data/places/somewhere.yaml:5:3: required field 'gazetteer' is missing in coordinates"
            f" ({Coordinates.model_fields['gazetteer'].description.rstrip('.')})",
        ),
    ],
)
def test_a_position_cites_its_gazetteer_record(mini: Path, line: str, expected: str):
    write(mini / "places" / "somewhere.yaml", PLACE.format(gazetteer=line))
    found = problems(mini)
    assert [problem for problem in found if "somewhere" in problem] == [expected]


@pytest.mark.parametrize(
    ("record", "name", "url"),
    [
        ("geonames:170063", "GeoNames", "https://www.geonames.org/170063"),
        ("wikidata:Q3699", "Wikidata", "https://www.wikidata.org/wiki/Q3699"),
        ("osm:node/240109189", "OpenStreetMap", "https://www.openstreetmap.org/node/240109189"),
        ("osm:relation/2158", "OpenStreetMap", "https://www.openstreetmap.org/relation/2158"),
    ],
)
def test_each_gazetteer_record_links_to_its_page(mini: Path, record: str, name: str, url: str):
    write(mini / "places" / "somewhere.yaml", PLACE.format(gazetteer=f"  gazetteer: {record}"))
    coordinates = load_dataset(mini).places["somewhere"].coordinates
    assert coordinates is not None
    assert (coordinates.gazetteer_name, coordinates.gazetteer_url) == (name, url)


def test_the_place_page_shows_its_position_and_record(mini: Path):
    pages = {page.src: page.html for page in generate_site(mini, TEMPLATES).pages}
    assert (
        "<dt>Position</dt> <dd>0.5, -25.0 (latitude, longitude), from the GeoNames record"
        ' <a href="https://www.geonames.org/1">geonames:1</a></dd>'
    ) in pages["places/riverton.md"]


# --- the map of the fixture topic at two dates --------------------------------------------------------


def _mark(svg: str, place: str) -> str:
    """A place's mark on the map: its classes, link, title and fill."""
    found = re.search(
        rf'<a class="([^"]+)" data-feature="{place}" role="link" xlink:href="([^"]+)"><title>([^<]+)</title>'
        r'<circle class="ex-map-shape" cx="[^"]+" cy="[^"]+" r="7.0" fill="([^"]+)"/>',
        svg,
    )
    assert found is not None, f"no mark of {place}"
    return "|".join(found.groups())


def _view(data_dir: Path, spec: MapSpec | None = None, recolour: dict[str, str] | None = None) -> MapView:
    """A map as the build makes it (render.render_site), for drawing it at other dates; ``recolour``: holders'
    colours other than the build's (as a topic with more holders gives them)."""
    data = load_dataset(data_dir)
    index = build_index(data)
    layout = event_layout(index)
    charts = ChartContext.build(data, index, layout)
    first, last, as_of = map_dates(data, charts.first_day, charts.last_day)
    colours = {**charts.holder_colours, **(recolour or {})}
    builder = MapBuilder(data, index, colours, {e: layout.link(e) for e in data.events}, first, last, as_of)
    return builder.build(spec or MapSpec(), "map.md", "Map")


SHARED_COLOUR = "Beyond the 8 holders the sources report most, the others share one colour, magenta: the legend and each place's title name each."


def test_a_map_that_draws_the_shared_colour_says_what_it_means(mini: Path):
    view = _view(mini, recolour={"valley-front": SHARED})
    assert SHARED_COLOUR in view.caption
    assert "share one colour" not in _view(mini).caption
    # The legend lists the holders with a colour of their own first.
    assert view.holders == ["northern-guard", "valley-front"]
    assert _view(mini, recolour={"northern-guard": SHARED}).legend_holders == ["valley-front", "northern-guard"]
    # Only a map that draws one of those holders says it.
    assert "share one colour" not in _view(mini, recolour={"someone-elsewhere": SHARED}).caption


def _control_chart_colours(data_dir: Path) -> dict[str, str]:
    data = load_dataset(data_dir)
    index = build_index(data)
    return ChartContext.build(data, index, event_layout(index)).holder_colours


def _svg_at(view: MapView, day: dt.date) -> str:
    return str(replace(view, date=day).svg(lambda src: "/" + src))


def test_the_map_colours_a_place_by_who_held_it_on_its_date(mini: Path):
    view = _view(mini)
    assert view.date == dt.date(2020, 3, 10)  # the newest source's
    # Each holder in the control chart's colour (one colour means one thing across the site).
    assert view.colours == _control_chart_colours(mini) and view.colours["northern-guard"] != view.colours["valley-front"]
    assert view.holders == ["northern-guard", "valley-front"]
    svg = _svg_at(view, dt.date(2020, 3, 10))
    # After the Northern Guard took Riverton on 7 March: presumed, in the Guard's hatching.
    assert _mark(svg, "riverton") == (
        "ex-map-place ex-map-point ex-map-presumed|/places/riverton.md|Riverton on 10 March 2020: Northern Guard, presumed|url(#map-presumed-0)"
    )
    # Hillcrest: the Valley Front recaptured part of it on 9 March (inferred), presumed since: a ring in its hatching.
    assert _mark(svg, "hillcrest") == (
        "ex-map-place ex-map-point ex-map-presumed ex-map-partial|/places/hillcrest.md"
        "|Hillcrest on 10 March 2020: Valley Front (part of it), presumed|url(#map-presumed-1)"
    )


def test_the_map_at_other_dates_shows_who_held_each_place_then(mini: Path):
    view = _view(mini)
    # On 7 March the Northern Guard's capture is reported: solid, in its colour.
    assert _mark(_svg_at(view, dt.date(2020, 3, 7)), "riverton") == (
        "ex-map-place ex-map-point ex-map-reported|/places/riverton.md|Riverton on 7 March 2020: Northern Guard, reported|"
        + view.colours["northern-guard"]
    )
    # Before it the Valley Front held Riverton, since August 2019: presumed, in its hatching, not the Guard's.
    assert _mark(_svg_at(view, dt.date(2020, 1, 15)), "riverton") == (
        "ex-map-place ex-map-point ex-map-presumed|/places/riverton.md|Riverton on 15 January 2020: Valley Front, presumed|url(#map-presumed-1)"
    )
    # Before August 2019, no source says who held it: grey dots.
    assert _mark(_svg_at(view, dt.date(2019, 7, 31)), "riverton") == (
        "ex-map-place ex-map-point ex-map-unknown|/places/riverton.md|Riverton on 31 July 2019: no source reports who held it, not reported"
        "|url(#map-unknown)"
    )


def test_the_map_data_holds_each_places_history_by_days(mini: Path):
    view = _view(mini)
    data = view.data(lambda src: "/" + src)
    riverton = next(feature for feature in data["features"] if feature["id"] == "riverton")
    assert [segment[:5] for segment in riverton["segments"]] == [
        [None, "2019-07-31", None, "unknown", False],
        ["2019-08-01", "2019-08-31", "valley-front", "reported", False],
        ["2019-09-01", "2020-03-06", "valley-front", "presumed", False],
        ["2020-03-07", "2020-03-07", "northern-guard", "reported", False],
        ["2020-03-08", None, "northern-guard", "presumed", False],
    ]
    assert riverton["segments"][3][5:] == [
        "Northern Guard took it from Valley Front, 7 March 2020 (inferred); reported by Valley Gazette, 7 March 2020.",
        "/timeline/2020.md#guard-takes-riverton",
        None,
    ]
    # A change dated to a month is shown on each of its days, and says that no source names the day of it.
    assert riverton["segments"][1][7] == "taken in August 2019, no single day given"
    assert (data["title"], data["part"]) == ("%(place)s on %(date)s: %(held)s, %(basis)s", "%(holder)s (part of it)")
    feature = next(feature for feature in view.features if feature.id == "riverton")
    assert view.title_of(feature, dt.date(2019, 8, 15)) == "Riverton on 15 August 2019: Valley Front, taken in August 2019, no single day given"
    assert view.title_of(feature, dt.date(2020, 3, 7)) == "Riverton on 7 March 2020: Northern Guard, reported"
    row = next(row for row in view.rows(dt.date(2019, 8, 1)) if row.feature.id == "riverton")
    assert row.basis_words == "taken in August 2019, no single day given"
    assert (data["first"], data["last"], data["date"]) == ("2015-01-01", "2020-04-30", "2020-03-10")
    assert data["zones"] == {"riverton-accord-riverton-district": "2017-05-04"}
    assert data["changes"][:4] == ["2015-01-01", "2016-01-01", "2017-05-04", "2019-08-01"]



def test_a_change_dated_to_a_month_says_the_place_was_taken_that_month_not_held_all_of_it():
    from explainer.dates import parse_date
    from explainer.derive import ControlPeriod, ControlPoint
    from explainer.mapview import Words

    words = Words(names={"valley-front": "Valley Front", "northern-guard": "Northern Guard"}, sources={}, events={})
    august = parse_date("2019-08")
    change = ControlPoint("riverton", august, "change", "valley-front", "northern-guard", "full", "front-takes-riverton", None, ("gazette",), ())
    report = replace(change, kind="report", previous=None, event=None, report=0)
    on_a_day = replace(change, date=parse_date("2019-08-15"))
    period = ControlPeriod("riverton", "valley-front", "reported", august, august, point=change)
    assert words.basis_of(period) == "taken in August 2019, no single day given"
    assert words.basis_of(replace(period, point=report)) == "reported for August 2019, no single day given"
    assert words.basis_of(replace(period, point=on_a_day)) == "reported"

def test_a_zone_is_drawn_from_its_agreements_date(mini: Path):
    view = _view(mini)
    zone = '<g class="ex-map-zone{}" data-zone="riverton-accord-riverton-district" data-since="2017-05-04">'
    assert zone.format("") in _svg_at(view, dt.date(2017, 5, 4))
    assert zone.format(" ex-map-hidden") in _svg_at(view, dt.date(2017, 5, 3))


def test_the_map_lists_what_it_cannot_place(mini: Path):
    html = {page.src: page.html for page in generate_site(mini, TEMPLATES).pages}["map.md"]
    assert '<p class="ex-map-unplaced">Not placed on the map: no gazetteer position recorded: <a href="../places/hill-province/">Hill province</a>.</p>' in html


# --- the Syria fixture topic -----------------------------------------------------------------------------------


def test_the_vendored_outlines_stay_small_and_credit_natural_earth():
    assert OUTLINES_FILE.stat().st_size < 40_000
    outlines = natural_earth()
    assert {country.name for country in outlines.countries} >= {"Syria", "Turkey", "Lebanon", "Iraq", "Jordan"}
    idlib = next(province for province in outlines.provinces if province.id == "SY.ID")
    assert idlib.contains(36.67693, 35.6483)  # Maarat al-Numan's GeoNames position
    assert not idlib.contains(37.16117, 36.20124)  # Aleppo's
    assert "public domain" in (OUTLINES_FILE.parent / "NATURAL-EARTH.md").read_text(encoding="utf-8")


def test_a_map_outside_the_detailed_outlines_draws_the_worlds_countries(mini: Path):
    # The small topic's places lie in the open ocean: no country reaches its map.
    assert _view(mini).countries == []
    # Moved to the Strait of Dover, its map draws the countries around it from the world's outlines, which any
    # topic has without running scripts/vendor-natural-earth.
    for place, (lat, lon) in {"riverton": (51.0, 1.4), "hillcrest": (51.1, 1.6)}.items():
        path = mini / "places" / f"{place}.yaml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"lat: [-0-9.]+\n  lon: [-0-9.]+", f"lat: {lat}\n  lon: {lon}", text)
        path.write_text(text, encoding="utf-8")
    view = _view(mini)
    world = natural_earth(WORLD_OUTLINES_FILE)
    assert WORLD_OUTLINES_FILE.stat().st_size < 200_000 and len(world.countries) > 170
    reaching = {country.name for country in world.countries if country.bounds[0] <= 3.0 and country.bounds[2] >= 0.0 and country.bounds[1] <= 52.5 and country.bounds[3] >= 49.5}
    assert {"France", "United Kingdom"} <= reaching
    assert len(view.countries) >= 2  # both shores of the strait
    assert 'class="ex-map-country"' in _svg_at(view, view.date)


def test_the_syria_fixtures_map_of_maarat_al_numan_in_2020_and_2024():
    pages = {page.src: page.html for page in generate_site(SYRIA / "site_data", TEMPLATES).pages}
    html = pages["map.md"]
    data = json.loads(re.search(r'<template id="map-data">(.*?)</template>', html, re.S).group(1))
    maarat = next(feature for feature in data["features"] if feature["id"] == "maarat-al-numan")

    def at(day: str) -> tuple[str | None, str]:
        segment = next(s for s in reversed(maarat["segments"]) if (s[0] is None or s[0] <= day) and (s[1] is None or day <= s[1]))
        return segment[2], segment[3]

    assert at("2020-02-01") == ("syrian-government-forces", "presumed")
    # The January 2020 capture names who held the town just before it, not since when: in 2017 no source says.
    assert at("2017-05-05") == (None, "unknown")
    assert at("2024-11-30") == ("armed-opposition-groups", "reported")
    assert at("2024-12-01") == ("armed-opposition-groups", "presumed")
    # Places are where their GeoNames records put them; what has no record is listed, not placed.
    assert 'data-feature="maarat-al-numan" role="link" xlink:href="../places/maarat-al-numan/"' in html
    assert "Not placed on the map: no gazetteer position recorded:" in html
    assert '>Shayrat airbase</a>' in html.split("Not placed on the map")[1]
    # Idlib province is drawn as the Natural Earth province that holds its three placed places.
    assert 'class="ex-map-place ex-map-area' in html and 'data-feature="idlib-province"' in html
    assert '<p class="ex-lede">' in html


def test_the_sizes_a_zones_name_is_placed_by_are_a_phones_in_the_styles():
    # A zone's name is written clear of the places' marks and names as a phone draws them (mapview: its words are
    # largest there in the map's units); the sizes it reckons with are the phone's styles (explainer-map.css).
    from explainer.mapview import LABEL_EM, PHONE_MARK, PLACE_LABEL_EM

    styles = (TEMPLATES / "overrides/assets/stylesheets/explainer-map.css").read_text(encoding="utf-8")
    phone = re.search(r"@media \(max-width: 600px\) \{(.*?)\n\}", styles, re.S)
    assert phone
    sizes = {
        rule: float(found.group(1))
        for rule, pattern in [
            ("mark", r"\.ex-map-point \.ex-map-shape \{ r: ([\d.]+)px;"),
            ("place", r"\.ex-map-label \{ font-size: ([\d.]+)px;"),
            ("zone", r"\.ex-map-zone-label \{ font-size: ([\d.]+)px;"),
        ]
        if (found := re.search(pattern, phone.group(1)))
    }
    assert sizes == {"mark": PHONE_MARK, "place": PLACE_LABEL_EM, "zone": LABEL_EM}
