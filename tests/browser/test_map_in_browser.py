"""The map of who held what, as readers use it on the Syria fixture topic's site: at a date, moved by the keyboard, from a link.

The site is built from the repository's own mkdocs.yml and templates and tests/fixtures/syria, and served on 127.0.0.1; every page
is watched (see conftest): a console error, a failed request or a request to another host fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser.conftest import Server, Watch

MAARAT = '.ex-map-place[data-feature="maarat-al-numan"]'


def _map_data(page, map_id: str = "map") -> dict:
    return json.loads(page.locator(f"template#{map_id}-data").evaluate("t => t.content.textContent"))


def _maarat(page) -> tuple[str | None, str | None, str]:
    """Maarat al-Numan's mark: its classes, its fill, its title."""
    mark = page.locator(MAARAT)
    return (
        mark.get_attribute("class"),
        mark.locator(".ex-map-shape").get_attribute("fill"),
        mark.locator("title").text_content() or "",
    )


def _ready(page) -> None:
    page.locator(".ex-map[data-ready=yes]").first.wait_for()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_page_loads_and_fits(page, syria: Server, watch: Watch, width: int, tmp_path: Path):
    watch.allowed.append(syria.url)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(syria.url + "map/", wait_until="load")
    _ready(page)
    for control in (".ex-map-range", ".ex-map-date", ".ex-map-prev"):
        assert page.locator(control).is_enabled()
    box = page.locator(".ex-map-svg").bounding_box()
    assert box is not None and box["width"] > 0.8 * min(width, 700) and box["height"] > 250
    # Nothing wider than the screen (a phone scrolls only down).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The places the sources name, each a link with a title; what has no gazetteer record is listed instead.
    # Six places at their GeoNames positions, three provinces as the Natural Earth outlines that hold their places.
    assert page.locator(".ex-map-point").count() == 6 and page.locator(".ex-map-area").count() == 3
    assert "Shayrat airbase" in page.locator(".ex-map-unplaced").inner_text()
    page.screenshot(path=str(tmp_path / f"map-{width}.png"), full_page=True)
    assert watch.errors == [] and watch.foreign == []


def test_the_keyboard_moves_the_map_from_2020_to_2024_and_the_address_keeps_the_date(reader, syria: Server):
    reader.goto(syria.url + "map/?date=2020-02-01", wait_until="load")
    _ready(reader)
    data = _map_data(reader)
    government, opposition = data["holders"]["syrian-government-forces"], data["holders"]["armed-opposition-groups"]
    # Government forces took the town on 28 January 2020 (reported); on 1 February they are presumed to hold it.
    assert _maarat(reader) == (
        "ex-map-place ex-map-point ex-map-presumed",
        government["presumed"],
        "Maarat al-Numan on 1 February 2020: Syrian government forces, presumed",
    )
    # The keyboard alone: the slider's End, then thirty days back.
    reader.locator(".ex-map-range").focus()
    reader.keyboard.press("End")
    for _ in range(30):
        reader.keyboard.press("ArrowLeft")
    assert reader.locator(".ex-map-date").input_value() == "2024-12-01"
    assert reader.url == syria.url + "map/?date=2024-12-01"
    assert _maarat(reader) == (
        "ex-map-place ex-map-point ex-map-presumed",
        opposition["presumed"],
        "Maarat al-Numan on 1 December 2024: Armed opposition groups, presumed",
    )
    row = reader.locator('tr[data-feature="maarat-al-numan"]')
    assert row.locator(".ex-map-held").inner_text() == "Armed opposition groups"
    assert row.locator(".ex-map-basis").inner_text() == "presumed"
    assert reader.locator(".ex-map-table caption").inner_text() == "Who held each place on 1 December 2024"
    # PageDown jumps to the previous change: the recapture of 30 November 2024, reported, solid.
    reader.keyboard.press("PageDown")
    assert reader.url == syria.url + "map/?date=2024-11-30"
    assert _maarat(reader) == (
        "ex-map-place ex-map-point ex-map-reported",
        opposition["colour"],
        "Maarat al-Numan on 30 November 2024: Armed opposition groups, reported",
    )
    # The buttons too, from the keyboard: the previous change is an earlier day.
    reader.locator(".ex-map-prev").focus()
    reader.keyboard.press("Enter")
    assert reader.locator(".ex-map-date").input_value() < "2024-11-30"


def test_a_link_with_a_date_shows_that_date(reader, syria: Server):
    reader.goto(syria.url + "map/?date=2020-02-01", wait_until="load")
    _ready(reader)
    data = _map_data(reader)
    assert reader.locator(".ex-map-date").input_value() == "2020-02-01"
    assert reader.locator(".ex-map-range").get_attribute("aria-valuetext") == "1 February 2020"
    assert reader.locator(".ex-map-shown").inner_text() == "Map of 1 February 2020"
    assert _maarat(reader)[1] == data["holders"]["syrian-government-forces"]["presumed"]
    # The zones of May 2017 are on the map in 2020, not in 2016.
    assert reader.locator('[data-zone="astana-2017-idlib"]').get_attribute("class") == "ex-map-zone"
    reader.goto(syria.url + "map/?date=2016-06-01", wait_until="load")
    _ready(reader)
    assert reader.locator('[data-zone="astana-2017-idlib"]').get_attribute("class") == "ex-map-zone ex-map-hidden"
    # A date that does not exist is ignored: the map shows its own first date.
    reader.goto(syria.url + "map/?date=2020-02-30", wait_until="load")
    _ready(reader)
    assert reader.locator(".ex-map-date").input_value() == data["date"]


def test_the_maps_colours_are_the_control_charts(reader, syria: Server):
    reader.goto(syria.url + "control/", wait_until="load")
    figure = json.loads(reader.locator("template#chart-control-figure").evaluate("t => t.content.textContent"))
    chart = {trace["name"]: trace["marker"]["color"] for trace in figure["data"] if trace.get("legendrank") is not None and trace["type"] == "scatter"}
    reader.goto(syria.url + "map/", wait_until="load")
    _ready(reader)
    holders = _map_data(reader)["holders"]
    assert {holder["name"]: holder["colour"] for holder in holders.values()} == {
        name: colour for name, colour in chart.items() if name in {h["name"] for h in holders.values()}
    }
    assert len(holders) == 2


def test_a_place_on_the_map_opens_its_page_with_its_own_map(reader, syria: Server):
    reader.goto(syria.url, wait_until="load")
    reader.locator("nav.md-nav--primary a", has_text="Map of who held what").first.click()
    reader.wait_for_url(syria.url + "map/")
    _ready(reader)
    reader.locator(MAARAT).click()
    reader.wait_for_url(syria.url + "places/maarat-al-numan/")
    # Its page has its own map, centred on it, and its position with its GeoNames record.
    _ready(reader)
    assert reader.locator("#map-place-maarat-al-numan " + MAARAT).count() == 1
    record = reader.locator(".ex-facts a", has_text="geonames:167611")
    assert record.get_attribute("href") == "https://www.geonames.org/167611"


def test_the_embed_moves_through_time_and_resizes_its_frame_on_another_site(reader, syria: Server, watch: Watch, tmp_path: Path):
    reader.goto(syria.url + "embed/map/?date=2020-02-01", wait_until="load")
    _ready(reader)
    data = _map_data(reader)
    assert _maarat(reader)[1] == data["holders"]["syrian-government-forces"]["presumed"]
    reader.locator(".ex-map-range").focus()
    reader.keyboard.press("End")
    assert _maarat(reader)[1] == data["holders"]["armed-opposition-groups"]["presumed"]
    # In a publisher's page, in a sandboxed frame, with the loader: the frame takes the map's height.
    root = tmp_path / "publisher"
    root.mkdir()
    (root / "article.html").write_text(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>An article</title><link rel=icon href='data:,'></head><body>"
        f'<iframe id="map" src="{syria.url}embed/map/?date=2024-12-01" title="Map" width="100%" height="150" style="border:0"'
        ' sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
        f'<script src="{syria.url}assets/javascripts/explainer-embed.js" async></script></body></html>',
        encoding="utf-8",
    )
    publisher = Server(root).start()
    watch.allowed.append(publisher.url)
    try:
        reader.goto(publisher.url + "article.html", wait_until="load")
        frame = reader.frame_locator("#map")
        frame.locator(".ex-map[data-ready=yes]").wait_for()
        assert frame.locator(MAARAT + " title").text_content() == "Maarat al-Numan on 1 December 2024: Armed opposition groups, presumed"
        reader.wait_for_function("document.getElementById('map').getBoundingClientRect().height > 600")
    finally:
        publisher.close()


@pytest.mark.parametrize(("path", "picture", "caption"), [("map/", ".ex-map-frame", ".ex-map-figure > figcaption"), ("control/", ".ex-chart", ".ex-chart-figure > figcaption")])
def test_on_a_phone_the_picture_comes_before_its_long_caption_and_after_it_on_a_desktop(
    page, syria: Server, watch: Watch, path: str, picture: str, caption: str
):
    watch.allowed.append(syria.url)
    tops = {}
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(syria.url + path, wait_until="load")
        picture_box = page.locator(picture).first.bounding_box()
        caption_box = page.locator(caption).first.bounding_box()
        assert picture_box is not None and caption_box is not None
        tops[width] = (picture_box["y"], caption_box["y"])
    phone_picture, phone_caption = tops[390]
    desktop_picture, desktop_caption = tops[1280]
    assert phone_picture < phone_caption, "on a phone a long caption pushes the picture off the first screen"
    assert desktop_caption < desktop_picture
    assert watch.errors == [] and watch.foreign == []


def test_on_a_phone_a_places_facts_stand_under_their_labels(page, syria: Server, watch: Watch):
    watch.allowed.append(syria.url)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(syria.url + "places/maarat-al-numan/", wait_until="load")
    label = page.locator(".ex-facts dt").first.bounding_box()
    value = page.locator(".ex-facts dd").first.bounding_box()
    assert label is not None and value is not None
    # Beside a label as wide as "Other spellings used by the editors", a value would be a sliver of the screen.
    assert value["x"] == label["x"] and value["y"] > label["y"] and value["width"] > 300
    assert watch.errors == [] and watch.foreign == []


def test_the_map_works_after_instant_navigation_where_a_site_turns_it_on(page, site: Server):
    page.goto(site.url, wait_until="load")
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator("nav.md-nav--primary a", has_text="Map of who held what").first.click()
    page.wait_for_url(site.url + "map/")
    _ready(page)
    riverton = page.locator('.ex-map-place[data-feature="riverton"]')
    assert riverton.count() == 1
    # Material swapped the page in without loading a new document, and the map's script ran on it.
    assert page.evaluate("window.__stillTheSameDocument") is True
    riverton.click()
    page.wait_for_url(site.url + "places/riverton/")
    _ready(page)
    # (A place's SVG link loads its page anew: instant navigation handles HTML links only, mapview.py.)
    assert page.locator('#map-place-riverton .ex-map-place[data-feature="riverton"]').count() == 1


def test_a_change_dated_to_a_month_says_so_on_each_of_its_days(page, site: Server):
    # The date comes from the address: the page's script draws the map at it, with the site's words.
    page.goto(site.url + "map/?date=2019-08-15", wait_until="load")
    _ready(page)
    riverton = '[data-feature="riverton"]'
    assert page.locator(f".ex-map-place{riverton} title").text_content() == (
        "Riverton on 15 August 2019: Valley Front, taken in August 2019, no single day given"
    )
    assert page.locator(f"tr{riverton} .ex-map-basis").text_content() == "taken in August 2019, no single day given"
    page.locator(".ex-map-range").focus()
    page.keyboard.press("End")
    assert page.locator(f".ex-map-place{riverton} title").text_content().endswith(": Northern Guard, presumed")
    assert page.locator(f"tr{riverton} .ex-map-basis").text_content() == "presumed"


_CROWDED = """() => {
    const shown = node => node.getClientRects().length && getComputedStyle(node).visibility !== 'hidden';
    const box = node => node.getBoundingClientRect();
    const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const crowded = [];
    for (const map of document.querySelectorAll('.ex-map-svg')) {
        const texts = [...map.querySelectorAll('text')].filter(shown);
        const marks = [...map.querySelectorAll('.ex-map-point .ex-map-shape')].filter(shown);
        texts.forEach((text, n) => {
            for (const other of texts.slice(n + 1)) if (meet(box(text), box(other))) crowded.push([text.textContent, other.textContent]);
            for (const mark of marks) if (meet(box(text), box(mark))) crowded.push([text.textContent, mark.closest('[data-feature]').dataset.feature]);
        });
    }
    return crowded;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_name_on_a_map_is_written_over_another_or_over_a_places_mark(page, syria: Server, watch: Watch, width: int):
    # On a phone, where a map's words are largest, the zone's name stood over Aleppo's mark and name.
    watch.allowed.append(syria.url)
    # (An embed draws the map of its page, in the same words and places: only its links differ.)
    pages = [path.parent.relative_to(syria.root).as_posix() + "/" for path in syria.root.rglob("index.html") if "ex-map-svg" in path.read_text(encoding="utf-8")]
    mapped = sorted(path for path in pages if not path.startswith("embed/"))
    assert {"./", "map/", "places/aleppo/"} <= set(mapped) and len(mapped) > 5
    if width > 600:  # words drawn smaller in the map's units than on a phone: the maps of the pages that are not a place's
        mapped = [path for path in mapped if not path.startswith(("places/", "embed/map-place-"))]
    page.set_viewport_size({"width": width, "height": 900})
    for path in mapped:
        page.goto(syria.url + path.removeprefix("./"), wait_until="load")
        page.wait_for_function("() => [...document.querySelectorAll('.ex-map')].every(map => map.dataset.ready === 'yes')")
        assert page.evaluate(_CROWDED) == [], path
    assert watch.errors == [] and watch.foreign == []
