"""Control charts as readers see them: a change of control stays visible however short the time after it.

The Syria fixture topic's Maarat al-Numan changed hands on 30 November 2024, the day of the newest source: the
time after it is a day. Its mark must still be seen, with its date, in the static preview and in the
chart Plotly draws, on a phone and on a desktop, and the row must end by saying who held the town at the
last report.
"""

from __future__ import annotations

import pytest

from browser.conftest import Server

CHART = "#chart-control-place-maarat-al-numan .ex-chart"
#: The event of 30 November 2024, which each mark of the change links to.
RECAPTURE = "timeline/2024/#opposition-retakes-maarat-al-numan-2024"
LAST_REPORT = "Last report: Armed opposition groups"

#: The drawn chart's mark of a point, found by the link in its customdata: its box on the page, and its date's text.
PLOTLY_MARK = """([chart, link]) => {
    for (const group of chart.querySelectorAll('.scatterlayer .trace')) {
        const trace = group.__data__[0].trace;
        if (trace.mode !== 'markers+text' || !trace.customdata) continue;
        for (const point of group.querySelectorAll('.points .point')) {
            const index = point.__data__.i;
            if (trace.customdata[index][0] === link) {
                const box = point.getBoundingClientRect();
                return {width: box.width, height: box.height, left: box.left, right: box.right, top: box.top, text: trace.text[index]};
            }
        }
    }
    return null;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_latest_change_is_a_visible_mark_in_the_preview_and_the_drawn_chart(reader, syria: Server, width: int):
    reader.set_viewport_size({"width": width, "height": 900})
    reader.goto(syria.url + "places/maarat-al-numan/", wait_until="load")
    chart = reader.locator(CHART)
    chart.scroll_into_view_if_needed()
    frame = chart.bounding_box()

    # The preview: the change's diamond, wide enough to see and to select, inside the chart, with its date.
    mark = reader.locator(f'{CHART} .ex-preview polygon[data-link="{RECAPTURE}"]')
    assert mark.count() == 1
    box = mark.bounding_box()
    assert box["width"] >= 8 and box["height"] >= 8
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    texts = reader.locator(f"{CHART} .ex-preview text").all_text_contents()
    assert "30 Nov 2024" in texts and LAST_REPORT in texts

    # The drawn chart: the same mark, as Plotly draws it, and the row's end says who held the town.
    chart.hover()
    reader.wait_for_selector(f"{CHART}[data-drawn=yes]")
    drawn = reader.evaluate(PLOTLY_MARK, [chart.element_handle(), RECAPTURE])
    assert drawn is not None and drawn["text"] == "30 Nov 2024"
    assert drawn["width"] >= 8 and drawn["height"] >= 8
    assert frame["x"] <= drawn["left"] and drawn["right"] <= frame["x"] + frame["width"] + 1
    notes = reader.locator(f"{CHART} .annotation-text").all_text_contents()
    assert notes == [LAST_REPORT]
    # Pointing at the mark says what the source reports, and when.
    reader.mouse.move(drawn["left"] + drawn["width"] / 2, drawn["top"] + drawn["height"] / 2)
    hover = reader.locator(f"{CHART} .hoverlayer .hovertext")
    hover.wait_for()
    assert " ".join(hover.all_text_contents()).startswith(
        "Maarat al-NumanArmed opposition groups took it from Syriangovernment forces30 November 2024"
    )
