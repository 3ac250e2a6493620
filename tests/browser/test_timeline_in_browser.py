"""The timeline as readers see it, on a desktop and on a 390-pixel phone: every event its own mark that nothing
covers (in the static preview and in the chart Plotly draws), its lanes named, its axis readable, its events read
in order with Previous and Next; and what journalists take away: an embed in the host page's theme, PNG and SVG
images, a link to a view, a printed page without buttons or embed code."""

from __future__ import annotations

import datetime as dt
import re
from itertools import combinations

import pytest

from browser.conftest import Server, Watch, draw
from explainer.timelinelayout import TimeAxis

WIDTHS = [390, 1280]
CHART = "#chart-timeline .ex-chart"

#: Each mark of the preview that has a place in the reading order: its link, its box, and what the page shows at
#: its centre (after scrolling it to the middle of the window).
PREVIEW_MARKS = """chart => [...chart.querySelectorAll('.ex-preview [data-step]')].map(mark => {
    mark.scrollIntoView({block: 'center'});
    const box = mark.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {step: Number(mark.dataset.step), link: mark.getAttribute('data-link'), hit: hit === mark,
            box: [box.left, box.top + window.scrollY, box.right, box.bottom + window.scrollY]};
})"""

#: Each event's mark as Plotly drew it (the point its reading order names): its link and its box on the page.
DRAWN_MARKS = """chart => {
    const story = chart._fullLayout.meta.timeline.story;
    const layers = [...chart.querySelectorAll('.cartesianlayer .scatterlayer .trace')];
    const scatter = chart._fullData.map((trace, index) => trace.type === 'scatter' ? index : -1).filter(index => index >= 0);
    return story.map(([link, , , , , , curve, point]) => {
        const layer = layers[scatter.indexOf(curve)];
        const mark = [...layer.querySelectorAll('path.point')].find(path => path.__data__.i === point);
        const box = mark.getBoundingClientRect();
        return {link, box: [box.left, box.top + window.scrollY, box.right, box.bottom + window.scrollY]};
    });
}"""


def _meets(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture(params=["syria", "fixture"])
def topic(request, syria: Server, site: Server, watch: Watch) -> tuple[Server, int]:
    """The Syria fixture topic (18 events) and the fixture topic (4 events), with their number of events."""
    watch.allowed.append(syria.url)
    return (syria, 18) if request.param == "syria" else (site, 4)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_event_has_its_own_unobstructed_mark_in_the_preview(page, topic, width: int):
    server, events = topic
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url + "timeline/", wait_until="load")
    marks = page.locator(CHART).evaluate(PREVIEW_MARKS)
    # One mark an event, in reading order, each the element the page shows at its own centre.
    assert sorted(mark["step"] for mark in marks) == list(range(events))
    assert len({mark["link"] for mark in marks}) == events
    assert [mark["link"] for mark in marks if not mark["hit"]] == []
    assert [(a["link"], b["link"]) for a, b in combinations(marks, 2) if _meets(a["box"], b["box"])] == []
    # Big enough to see and to tap.
    assert min(mark["box"][2] - mark["box"][0] for mark in marks) >= 12
    assert page.evaluate("typeof window.Plotly") == "undefined"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_event_has_its_own_mark_in_the_drawn_chart_and_pointing_at_it_shows_it(page, topic, width: int):
    server, events = topic
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url + "timeline/", wait_until="load")
    page.locator(CHART).scroll_into_view_if_needed()
    draw(page)
    chart = page.locator(CHART)
    marks = chart.evaluate(DRAWN_MARKS)
    assert len(marks) == events and len({mark["link"] for mark in marks}) == events
    assert [(a["link"], b["link"]) for a, b in combinations(marks, 2) if _meets(a["box"], b["box"])] == []
    # Pointing at the middle of each mark shows that event, and no other.
    chart.evaluate("chart => chart.on('plotly_hover', event => { window.__hovered = event.points[0].customdata[0]; })")
    missed = []
    for mark in marks:
        chart.evaluate(
            "(chart, top) => { window.scrollTo(0, top - window.innerHeight / 2); window.__hovered = null; }", mark["box"][1]
        )
        scroll = page.evaluate("window.scrollY")
        x, y = (mark["box"][0] + mark["box"][2]) / 2, (mark["box"][1] + mark["box"][3]) / 2 - scroll
        page.mouse.move(x, y)
        page.wait_for_function("() => window.__hovered !== null", timeout=2000)
        hovered = page.evaluate("window.__hovered")
        if hovered != mark["link"]:
            missed.append((mark["link"], hovered))
        page.mouse.move(1, 1)
    assert missed == []


def test_a_tap_on_a_phone_opens_the_event_tapped_among_those_of_one_day(browser, syria: Server, watch: Watch):
    watch.allowed.append(syria.url)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    watch.attach(page)
    page.goto(syria.url + "timeline/", wait_until="load")
    page.locator(CHART).scroll_into_view_if_needed()
    page.locator(CHART).tap(position={"x": 300, "y": 8})  # a first touch draws the chart (on no mark)
    page.wait_for_selector(f"{CHART}[data-drawn=yes]")
    marks = {mark["link"]: mark for mark in page.locator(CHART).evaluate(DRAWN_MARKS)}
    target = "timeline/2024/#opposition-retakes-maarat-al-numan-2024"
    # Three events of 30 November 2024 in the same lane: the one tapped opens.
    box = marks[target]["box"]
    page.evaluate("top => window.scrollTo(0, top - 300)", box[1])
    scroll = page.evaluate("window.scrollY")
    page.touchscreen.tap((box[0] + box[2]) / 2, (box[1] + box[3]) / 2 - scroll)
    page.wait_for_url(syria.url + target)
    context.close()
    assert watch.errors == [] and watch.foreign == []


def test_lanes_are_named_and_the_axis_is_readable_on_a_phone(reader, syria: Server):
    reader.set_viewport_size({"width": 390, "height": 844})
    reader.goto(syria.url + "timeline/", wait_until="load")
    chart = reader.locator(CHART)
    frame = chart.bounding_box()
    lanes = ["● Fighting", "■ Strikes and bombardment", "◆ Chemical weapons", "▲ Diplomacy", "▼ Investigations"]

    def inside(box) -> bool:
        return box is not None and box["width"] > 20 and frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1

    # The preview: each lane's name inside the chart; the phone's ticks, apart from one another.
    labels = chart.locator(".ex-preview-lane")
    assert labels.all_text_contents() == lanes
    assert all(inside(labels.nth(i).bounding_box()) for i in range(len(lanes)))
    ticks = [box for box in (t.bounding_box() for t in chart.locator("text.ex-preview-tick").all()) if box is not None]
    assert len(ticks) >= 4
    assert [pair for pair in combinations(ticks, 2) if pair[0]["x"] < pair[1]["x"] + pair[1]["width"] and pair[1]["x"] < pair[0]["x"] + pair[0]["width"]] == []
    assert [t.text_content() for t in chart.locator("text.ex-preview-tick").all() if t.bounding_box()] == ["2015", "2017", "2020", "Nov 2024"]
    assert chart.locator(".ex-preview-skip").count() == 3
    # Drawn by Plotly: the same names on the plot, and the ticks worked out again at the chart's own width.
    chart.hover()
    reader.wait_for_selector(f"{CHART}[data-drawn=yes]")
    drawn = [chart.locator(".annotation-text", has_text=name.split(" ", 1)[1]).first for name in lanes]
    assert all(inside(label.bounding_box()) for label in drawn)
    texts = chart.locator(".xtick text").all()
    boxes = [t.bounding_box() for t in texts]
    assert len(boxes) >= 4
    assert [pair for pair in combinations(boxes, 2) if pair[0]["x"] < pair[1]["x"] + pair[1]["width"] and pair[1]["x"] < pair[0]["x"] + pair[0]["width"]] == []
    assert "Nov 2024" in [t.text_content() for t in texts]
    # The toolbar has no "Share chart" (an upload to Plotly's cloud): images and links are the buttons under the chart.
    chart.hover()
    titles = chart.locator(".modebar-btn").evaluate_all("buttons => buttons.map(b => b.getAttribute('data-title'))")
    assert titles and not [title for title in titles if "Share" in title or "Download" in title]
    # The toolbar sits above the plot, over no name and no key.
    toolbar = chart.locator(".modebar-container").bounding_box()
    legend = chart.locator(".ex-chart-key").bounding_box()
    assert toolbar["y"] + toolbar["height"] <= drawn[0].bounding_box()["y"] and toolbar["y"] + toolbar["height"] <= legend["y"]


def test_previous_and_next_read_the_events_in_order(reader, syria: Server):
    reader.set_viewport_size({"width": 390, "height": 844})
    reader.goto(syria.url + "timeline/", wait_until="load")
    order = reader.locator("#chart-timeline details.ex-chart-data tbody th").all_text_contents()
    assert len(order) == 18
    steps = reader.locator("#chart-timeline .ex-steps")
    assert steps.is_visible()
    next_button = steps.locator(".ex-step-next")
    assert steps.locator(".ex-step-count").text_content() == "Read the events in order, oldest first"
    # By keyboard alone: Tab to Next, then Enter, event after event.
    next_button.focus()
    seen = []
    for n in range(18):
        reader.keyboard.press("Enter")
        card = steps.locator(".ex-step-card")
        seen.append(card.locator(".ex-step-title").text_content())
        assert steps.locator(".ex-step-count").text_content() == f"Event {n + 1} of 18"
        # The event's mark is the one highlighted in the chart.
        link = card.locator("a").get_attribute("href")
        current = reader.locator(f"{CHART} .ex-preview .ex-current")
        assert current.count() == 1 and link.endswith(current.get_attribute("data-link"))
    assert seen == order
    assert next_button.is_disabled()
    # Each card says the date with its markers, the category and the source.
    card = steps.locator(".ex-step-card").inner_text()
    assert [line for line in card.split("\n") if line] == [
        "30 November 2024, inferred from “on Saturday” (TRT World, 30 November 2024)",
        "Armed opposition groups retake Maarat al-Numan",
        "Fighting · Source: TRT World, 30 November 2024",
    ]
    steps.locator(".ex-step-prev").click()
    assert steps.locator(".ex-step-title").text_content() == order[-2]
    # Once Plotly draws the chart, a step shows the event's hover label.
    reader.locator(CHART).hover()
    reader.wait_for_selector(f"{CHART}[data-drawn=yes]")
    steps.locator(".ex-step-prev").click()
    reader.wait_for_selector(f"{CHART} .hoverlayer .hovertext")
    assert reader.locator(f"{CHART} .hoverlayer").text_content().startswith(order[-3])


@pytest.mark.parametrize(("query", "dark"), [("", False), ("?theme=light", False), ("?theme=dark", True), ("?theme=auto", True)])
def test_an_embed_takes_the_host_pages_theme_not_the_readers(page, syria: Server, watch: Watch, query: str, dark: bool):
    watch.allowed.append(syria.url)
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme="dark")
    page.goto(syria.url + "embed/timeline/" + query, wait_until="load")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    draw(page)
    font = page.evaluate("document.querySelector('.ex-chart')._fullLayout.font.color")
    ink = page.evaluate("document.querySelector('.ex-chart')._fullData.find(t => t.type === 'scatter').marker.color")
    data = page.locator("a.ex-get-data")
    assert data.is_visible() and data.get_attribute("href") == "../../charts/timeline.csv"
    assert background == ("rgb(30, 33, 41)" if dark else "rgb(255, 255, 255)")
    assert font.startswith("rgba(226, 228, 233" if dark else "rgba(0, 0, 0")
    assert ink == ("#D2D4DA" if dark else "#212121")  # events' marks in the text's colour, made opaque
    assert watch.errors == [] and watch.foreign == []


def test_png_and_svg_downloads_make_files_of_the_chart_as_shown(browser, syria: Server, watch: Watch, tmp_path):
    watch.allowed.append(syria.url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch.attach(page)
    page.goto(syria.url + "timeline/", wait_until="load")
    tools = page.locator("#chart-timeline .ex-chart-tools")
    assert tools.is_visible()
    with page.expect_download() as png:
        tools.locator("button[data-tool=png]").click()
    png.value.save_as(tmp_path / "chart.png")
    with page.expect_download() as svg:
        tools.locator("button[data-tool=svg]").click()
    svg.value.save_as(tmp_path / "chart.svg")
    context.close()
    assert png.value.suggested_filename == "timeline.png" and svg.value.suggested_filename == "timeline.svg"
    image = (tmp_path / "chart.png").read_bytes()
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 20_000
    drawing = (tmp_path / "chart.svg").read_text()
    assert drawing.startswith("<svg") and "Timeline: every event" in drawing and "Chart: The war in north-west Syria" in drawing
    assert "Armed opposition groups" in drawing
    # Made in the page (blob: and data: images, allowed by the policy), nothing requested elsewhere.
    assert watch.errors == [] and watch.foreign == []


def test_a_link_to_a_view_restores_its_range(reader, syria: Server):
    reader.goto(syria.url + "timeline/#chart=timeline&from=2019-01&to=2020-02", wait_until="load")
    chart = reader.locator(CHART)
    reader.wait_for_selector(f"{CHART}[data-drawn=yes]")
    reader.wait_for_function(
        "() => { const r = document.querySelector('#chart-timeline .ex-chart')._fullLayout.xaxis.range; return r[1] - r[0] < 500; }"
    )
    meta = chart.evaluate("chart => chart._fullLayout.meta.timeline")
    axis = TimeAxis.from_meta(meta)
    low, high = chart.evaluate("chart => chart._fullLayout.xaxis.range")
    assert (axis.date(low), axis.date(high)) == (dt.date(2019, 1, 1), dt.date(2020, 3, 1))
    # "Link to this view" gives the view shown, and that link opens it again.
    chart.focus()
    reader.keyboard.press("ArrowRight")
    reader.locator("#chart-timeline button[data-tool=link]").click()
    reader.wait_for_function("() => location.hash.includes('from=') && !location.hash.includes('from=2019-01&')")
    shared = reader.url
    assert re.search(r"#chart=timeline&from=\d{4}-\d{2}&to=\d{4}-\d{2}$", shared)
    reader.goto("about:blank")
    reader.goto(shared, wait_until="load")
    reader.wait_for_selector(f"{CHART}[data-drawn=yes]")
    reader.wait_for_function("() => document.querySelector('#chart-timeline .ex-chart')._fullLayout.xaxis.range[1] < 900")
    again = chart.evaluate("chart => chart._fullLayout.xaxis.range")
    frm, to = re.search(r"from=(\d{4}-\d{2})&to=(\d{4}-\d{2})", shared).groups()
    year, month = map(int, to.split("-"))
    # From the first day of its first month to the end of its last (the first day of the next).
    assert axis.date(again[0]) == dt.date.fromisoformat(frm + "-01")
    assert axis.date(again[1]) == dt.date(year + month // 12, month % 12 + 1, 1)


def test_print_shows_the_picture_and_the_facts_once(reader, syria: Server, tmp_path):
    reader.goto(syria.url + "timeline/", wait_until="load")
    reader.emulate_media(media="print")
    shown = reader.evaluate(
        """() => Object.fromEntries([
            ['picture', '#chart-timeline svg.ex-preview-plot'], ['data table', '#chart-timeline details.ex-chart-data'],
            ['embed code', '#chart-timeline textarea.ex-snippet'], ['copy button', '#chart-timeline .ex-copy'],
            ['embed', '#chart-timeline details.ex-chart-share'], ['images and link', '#chart-timeline .ex-chart-tools'],
            ['previous and next', '#chart-timeline .ex-steps'], ['events', '.ex-year li'],
        ].map(([name, selector]) => [name, [...document.querySelectorAll(selector)].some(e => e.getClientRects().length > 0)]))"""
    )
    assert shown == {
        "picture": True, "data table": False, "embed code": False, "copy button": False, "embed": False,
        "images and link": False, "previous and next": False, "events": True,
    }
    reader.pdf(path=str(tmp_path / "timeline.pdf"))
    assert (tmp_path / "timeline.pdf").read_bytes().startswith(b"%PDF")
