"""Inferred dates in a real browser: the timeline rings their marks, in the static preview and once Plotly has
drawn, the legend says what a ring means, hover says from which words, and lists show the marker."""

from __future__ import annotations

import datetime as dt

from browser.conftest import draw
from explainer.timelinelayout import TimeAxis

RING = "Ringed: date inferred from the source's wording"
#: The fixture's two events whose date is inferred (from "on Saturday" and "Yesterday").
INFERRED = ["timeline/2020/#guard-takes-riverton", "timeline/2020/#front-retakes-hillcrest"]


def _ring_centres(page) -> list[tuple[float, float]]:
    """Centres of the rings Plotly drew: the points of the trace whose meta says it rings inferred dates."""
    return page.evaluate(
        """() => {
            const chart = document.querySelector('.ex-chart');
            const index = chart._fullData.findIndex(trace => trace.meta && trace.meta.inferred);
            const layer = chart.querySelectorAll('.cartesianlayer .scatterlayer .trace')[
                chart._fullData.filter((t, i) => i < index && t.type === 'scatter').length];
            return [...layer.querySelectorAll('path.point')].map(point => {
                const box = point.getBoundingClientRect();
                return [box.x + box.width / 2, box.y + box.height / 2];
            });
        }"""
    )


def test_the_timeline_rings_each_inferred_date_and_the_legend_says_why(page, site):
    page.goto(site.url + "timeline/")
    chart = page.locator(".ex-chart").first
    # The static preview: a grey ring over each inferred event's mark, explained in its legend.
    preview = chart.locator("svg.ex-preview-plot")
    rings = preview.locator("circle[fill=none][stroke='#7F7F7F']")
    assert rings.count() == 2
    assert chart.locator(".ex-chart-key li").all_inner_texts() == [RING]
    assert chart.locator(".ex-chart-key li").nth(0).locator("circle[fill=none]").count() == 1
    # Each ring is centred on the mark of an inferred event, and lets the pointer through to it.
    marks = {
        link: preview.locator(f"circle[data-link='{link}'], polygon[data-link='{link}']").bounding_box() for link in INFERRED
    }
    for box, ring in zip(marks.values(), [rings.nth(0).bounding_box(), rings.nth(1).bounding_box()]):
        assert abs((box["x"] + box["width"] / 2) - (ring["x"] + ring["width"] / 2)) < 1
        assert ring["width"] > box["width"] * 1.5
    assert preview.locator("circle[stroke='#7F7F7F'][data-link]").count() == 0

    # Drawn by Plotly: the ring trace is styled apart (open grey circles, larger than the marks), and the key, the
    # preview's, still says why.
    draw(page)
    assert chart.locator(".ex-chart-key li").all_inner_texts() == [RING]
    style = page.evaluate(
        """() => {
            const trace = document.querySelector('.ex-chart')._fullData.find(t => t.meta && t.meta.inferred);
            return [trace.marker.symbol, trace.marker.color, trace.marker.size, trace.hoverinfo];
        }"""
    )
    assert style == ["circle-open", "#7F7F7F", 24, "skip"]
    centres = _ring_centres(page)
    assert len(centres) == 2
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.ex-chart .cartesianlayer .scatterlayer .trace')][0]
            .querySelectorAll('path.point').length"""
    )
    assert drawn == 4  # every event's mark; the rings are a trace of their own
    ring_colour = page.locator(".ex-chart .cartesianlayer .scatterlayer .trace").last.locator("path.point").first.evaluate(
        "point => [getComputedStyle(point).stroke, getComputedStyle(point).fill, point.style.fillOpacity]"
    )
    assert ring_colour[0] == "rgb(127, 127, 127)"
    # Pointing at the middle of a ring shows the event under it, and the words its date is inferred from. (The two
    # inferred events are two days apart: zoomed in on March 2020, each ring is on its own.)
    meta = page.evaluate("document.querySelector('.ex-chart')._fullLayout.meta.timeline")
    axis = TimeAxis.from_meta(meta)
    march = [axis.at(dt.date(2020, 3, day).toordinal()) for day in (1, 15)]
    page.evaluate("range => Plotly.relayout(document.querySelector('.ex-chart'), {'xaxis.range': range})", march)
    x, y = _ring_centres(page)[0]
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert page.locator(".hoverlayer").text_content() == (
        "Northern Guard takes Riverton7 March 2020Inferred from “on Saturday” (Valley Gazette, 7 March 2020)"
        "Source: Valley Gazette, 7 March 2020"
    )


def test_lists_show_the_marker_and_explain_it(page, site):
    page.goto(site.url)
    entry = page.locator(".ex-events li", has_text="Northern Guard takes Riverton")
    visible = entry.evaluate(
        """li => { const copy = li.cloneNode(true); copy.querySelectorAll('.ex-visually-hidden').forEach(e => e.remove());
                   return copy.textContent; }"""
    )
    assert visible == "7 March 2020 (inferred) Northern Guard takes Riverton"
    mark = entry.locator(".ex-inferred-mark")
    assert mark.get_attribute("title") == "inferred from “on Saturday” (Valley Gazette, 7 March 2020)"
    # Screen readers read the explanation; sighted readers see "(inferred)" and get the title on hover.
    assert mark.text_content() == "(inferred from “on Saturday” (Valley Gazette, 7 March 2020))"
    assert entry.locator(".ex-visually-hidden").bounding_box()["width"] <= 1


_DATE_AND_TITLE = """li => { const date = li.querySelector('.ex-date').getBoundingClientRect(), title = li.querySelector('a').getBoundingClientRect();
    return {dateBottom: date.bottom, dateTop: date.top, dateRight: date.right, titleTop: title.top, titleLeft: title.left, width: li.getBoundingClientRect().width}; }"""


def test_a_list_puts_each_date_beside_its_title_on_a_desktop_and_above_it_on_a_phone(page, site):
    # On a phone a date beside its title left the title half the width, its second line back under the date.
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + "actors/valley-front/")
        entries = page.locator(".ex-events li")
        assert entries.count() >= 2
        for n in range(entries.count()):
            box = entries.nth(n).evaluate(_DATE_AND_TITLE)
            if width == 1280:
                assert box["dateTop"] <= box["titleTop"] + 2 and box["titleLeft"] >= box["dateRight"], box
            else:
                assert box["titleTop"] >= box["dateBottom"] - 1, box
