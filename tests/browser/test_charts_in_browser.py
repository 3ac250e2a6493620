"""Charts in a real browser: first load, instant navigation, embeds in a cross-origin iframe, keyboard, theme."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from browser.conftest import draw


def test_the_timeline_shows_its_preview_at_once_and_plotly_draws_when_a_reader_points_at_it(fresh_page, site):
    page = fresh_page
    plotly: list[str] = []
    page.on("request", lambda request: plotly.append(request.url) if "plotly" in request.url else None)
    page.goto(site.url + "timeline/", wait_until="networkidle")
    chart = page.locator(".ex-chart").first
    # The static preview: one mark per event in its category's shape (the fixture's 4 events), each opening its
    # event, and a bar under the 2 dated to a month or a year; the legend; the chart's own height.
    preview = chart.locator("svg.ex-preview-plot")
    assert preview.locator("circle[data-link], polygon[data-link]").count() == 4
    assert preview.locator("rect[data-link]").count() == 2
    assert sorted(preview.locator("circle[data-link], polygon[data-link]").evaluate_all("marks => marks.map(m => m.getAttribute('data-link'))")) == [
        "timeline/2015/#front-enters-hillcrest",
        "timeline/2019/#front-takes-riverton",
        "timeline/2020/#front-retakes-hillcrest",
        "timeline/2020/#guard-takes-riverton",
    ]
    # (The fixture's two dates inferred from "on Saturday" and "Yesterday" are ringed: see test_dates_in_browser.py.)
    # The lane is named on the plot, with its shape; the legend keys the rings.
    assert chart.locator(".ex-preview-lane").all_text_contents() == ["● Fighting"]
    assert chart.locator(".ex-chart-key li").all_inner_texts() == ["Ringed: date inferred from the source's wording"]
    height = page.evaluate("JSON.parse(document.getElementById(document.querySelector('.ex-chart').dataset.figure).content.textContent).layout.height")
    assert chart.bounding_box()["height"] == height
    assert plotly == [] and page.evaluate("typeof window.Plotly") == "undefined"
    # A reader points at it: Plotly replaces the preview, in the same place and at the same height.
    top = chart.bounding_box()["y"]
    draw(page)
    assert chart.locator(".ex-preview, .ex-preview-size").count() == 0
    assert chart.bounding_box()["height"] == height and chart.bounding_box()["y"] == top
    assert chart.locator(".cartesianlayer .scatterlayer .point").count() == 4 + 2  # the marks, and the 2 rings
    assert chart.locator(".cartesianlayer .barlayer .point").count() == 2
    assert page.evaluate("typeof window.Plotly.newPlot") == "function"
    assert [url.rsplit("/", 1)[1] for url in plotly] == ["plotly-basic.css", "plotly-basic.min.js"]


def test_a_mark_of_the_preview_opens_its_event(page, site):
    page.goto(site.url + "timeline/")
    page.locator(".ex-chart svg.ex-preview-plot [data-link$='#front-retakes-hillcrest']").click()
    page.wait_for_url(site.url + "timeline/2020/#front-retakes-hillcrest")


def test_the_timeline_draws_again_after_instant_navigation_where_a_site_turns_it_on(page, site):
    page.goto(site.url)
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator(".md-nav--primary a", has_text=re.compile("^\\s*Timeline\\s*$")).first.click()
    page.wait_for_url(site.url + "timeline/")
    draw(page)
    # Material swapped the content without reloading the document.
    assert page.evaluate("window.__stillTheSameDocument") is True
    # And again after going elsewhere and back: the old chart is purged, the new one drawn.
    page.locator(".md-nav--primary a", has_text=re.compile("Who held")).first.click()
    page.wait_for_url(site.url + "control/")
    draw(page)
    assert page.evaluate("window.__stillTheSameDocument") is True


def test_selecting_an_event_opens_its_page(page, site):
    page.goto(site.url + "timeline/")
    draw(page)
    box = page.locator(".ex-chart .cartesianlayer .scatterlayer .point").last.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert "Valley Front recaptures part of Hillcrest" in page.locator(".hoverlayer").text_content()
    page.mouse.click(x, y)
    page.wait_for_url(site.url + "timeline/2020/#front-retakes-hillcrest")


def test_the_chart_answers_the_keyboard_and_its_table_is_reachable(page, site):
    page.goto(site.url + "timeline/")
    draw(page)
    chart = page.locator(".ex-chart").first
    chart.focus()
    before = page.evaluate("document.querySelector('.ex-chart')._fullLayout.xaxis.range.slice()")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('.ex-chart')._fullLayout.xaxis.range[0] !== before[0]", arg=before
    )
    page.keyboard.press("0")
    page.wait_for_function(
        "before => document.querySelector('.ex-chart')._fullLayout.xaxis.range[0] === before[0]", arg=before
    )
    # The data table is a <details> reached with Tab and opened with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('details.ex-chart-data') !== null"):
            break
    page.keyboard.press("Enter")
    assert page.locator("details.ex-chart-data").first.evaluate("d => d.open")
    assert page.locator("details.ex-chart-data table tbody tr").count() == 4


def test_charts_follow_the_dark_palette(page, site, watch):
    page.emulate_media(color_scheme="dark")
    page.goto(site.url + "timeline/")
    draw(page)
    luminance = """colour => {
        const probe = document.createElement('span');
        probe.style.color = colour;
        document.body.appendChild(probe);
        const [r, g, b] = getComputedStyle(probe).color.match(/[\\d.]+/g).map(Number);
        probe.remove();
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }"""
    font = page.evaluate(f"({luminance})(document.querySelector('.ex-chart')._fullLayout.font.color)")
    background = page.evaluate(f"({luminance})(getComputedStyle(document.body).backgroundColor)")
    # Light text on Material's dark ("slate") background.
    assert font > 0.7 and background < 0.25, (font, background)
    assert watch.errors == [] and watch.foreign == []


def test_an_embed_draws_in_a_cross_origin_iframe_and_resizes_it(page, site, host):
    page.goto(host.url + "article.html")
    frame = page.frame_locator("#embed")
    draw(frame)
    page.wait_for_function("parseFloat(document.getElementById('embed').style.height) > 400")
    frame_height = page.evaluate("parseFloat(document.getElementById('embed').style.height)")
    document_height = frame.locator("html").evaluate("html => Math.ceil(html.getBoundingClientRect().height)")
    assert abs(frame_height - document_height) <= 2
    # Opening the data table makes the embed taller, and the frame follows.
    frame.locator("details.ex-chart-data summary").click()
    page.wait_for_function(f"parseFloat(document.getElementById('embed').style.height) > {frame_height + 50}")


def test_the_resize_script_ignores_messages_from_other_windows(page, site, host):
    page.goto(host.url + "article.html")
    draw(page.frame_locator("#embed"))
    page.wait_for_function("parseFloat(document.getElementById('embed').style.height) > 400")
    height = page.evaluate("document.getElementById('embed').style.height")
    # The host page itself (not the iframe) sends a message of the right shape: ignored.
    page.evaluate("window.postMessage({type: 'explainer:height', height: 3000}, '*')")
    page.wait_for_timeout(200)
    assert page.evaluate("document.getElementById('embed').style.height") == height


def test_page_weight_counts_exactly_what_the_browser_downloads(fresh_page, site, built_site_dir):
    page = fresh_page
    from explainer.weight import page_files

    for path in ("timeline/", "embed/timeline/", "who-is-who/"):
        requested: set[str] = set()

        def record(request, requested=requested, path=path):
            if request.url.startswith(site.url):
                local = request.url[len(site.url):].split("?")[0]
                requested.add(local + "index.html" if local == path else local)

        page.on("request", record)
        page.goto(site.url + path, wait_until="networkidle")
        if page.locator(".ex-chart").count():  # counted as a reader who uses the chart: with Plotly
            draw(page)
            page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        page.remove_listener("request", record)
        assert requested == set(page_files(built_site_dir, path)), path


def test_plotly_is_downloaded_once_per_visit(fresh_page, site):
    page = fresh_page
    loads: list[str] = []
    page.on("request", lambda request: loads.append(request.url) if "plotly-basic.min.js" in request.url else None)
    page.goto(site.url + "timeline/")
    draw(page)
    page.locator(".md-nav--primary a", has_text=re.compile("Who held")).first.click()
    page.wait_for_url(site.url + "control/")
    draw(page)
    page.locator(".md-nav--primary a", has_text=re.compile("^\\s*Timeline\\s*$")).first.click()
    page.wait_for_url(site.url + "timeline/")
    draw(page)
    assert len(loads) == 1


def test_charts_resize_with_the_window_and_fit_a_phone(page, site):
    page.goto(site.url + "timeline/")
    draw(page)
    wide = page.evaluate("document.querySelector('.ex-chart .main-svg').getBoundingClientRect().width")
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_function(
        "wide => document.querySelector('.ex-chart .main-svg').getBoundingClientRect().width < wide - 100", arg=wide
    )
    # Nothing sticks out of a phone-width screen.
    assert page.evaluate("document.querySelector('.ex-chart .main-svg').getBoundingClientRect().right") <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_phone_gets_the_chart_with_its_lanes_named_on_the_plot(page, site, watch):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site.url + "timeline/")
    draw(page)
    # The lane's name sits on the plot (not in a margin a phone gives up), inside the chart.
    label = page.locator(".ex-chart .annotation-text", has_text="Fighting")
    box, chart = label.bounding_box(), page.locator(".ex-chart").bounding_box()
    assert box["width"] > 40 and chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"]
    assert watch.errors == [] and watch.foreign == []


_TEXTS = """chart => [...chart.querySelectorAll(
    '.infolayer g.annotation, .scatterlayer .textpoint text, .ex-preview .ex-preview-note, .ex-preview .ex-preview-mark-text,'
    + ' .ex-preview .ex-preview-lane'
)].map(node => {
    const box = node.getBoundingClientRect();
    return {text: node.textContent, hidden: node.getAttribute('visibility') === 'hidden',
            note: node.matches('g.annotation, .ex-preview-note'),
            left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""


def test_no_text_of_a_control_chart_is_drawn_over_another(page, site):
    # Hillcrest's reports of 7 and 9 March 2020 sit two days apart on a five-year axis: their dates cannot both
    # be written. The later one is hidden (its mark stays, with its hover and its row of the data table).
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + "control/")
        chart = page.locator(".ex-chart").first
        chart.locator(".ex-preview").wait_for()
        page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
        # The static preview first, then the chart Plotly draws.
        for drawn in (False, True):
            if drawn:
                draw(page)
            texts = chart.evaluate(_TEXTS)
            shown = [t for t in texts if not t["hidden"]]
            overlapping = [
                (a["text"], b["text"])
                for i, a in enumerate(shown)
                for b in shown[i + 1 :]
                if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
            ]
            assert overlapping == [], (width, drawn)
            # No note runs off the chart, where it would be cut.
            frame = chart.bounding_box()
            assert frame is not None
            cut = [t["text"] for t in shown if t["note"] and not frame["x"] - 0.5 <= t["left"] <= t["right"] <= frame["x"] + frame["width"] + 0.5]
            assert cut == [], (width, drawn)
            hidden = [t["text"] for t in texts if t["hidden"]]
            assert "9 Mar 2020" in hidden, (width, drawn, hidden)
            assert len(shown) > len(hidden)
        # Zoomed in, there is room again: the chart is decluttered anew, and the date comes back.
        page.evaluate("chart => Plotly.relayout(chart, {'xaxis.range': ['2020-03-05', '2020-03-12']})", chart.element_handle())
        page.wait_for_function("chart => [...chart.querySelectorAll('.scatterlayer .textpoint text')].some(t => t.textContent === '9 Mar 2020' && t.getAttribute('visibility') !== 'hidden')", arg=chart.element_handle())


_NOTE_INSIDE = """([chart, selector]) => {
    const frame = chart.getBoundingClientRect(), note = chart.querySelector(selector).getBoundingClientRect();
    return note.width > 0 && frame.left - 0.5 <= note.left && note.right <= frame.right + 0.5;
}"""


def test_a_note_too_long_for_its_side_of_the_mark_is_moved_inside_the_chart_not_cut(page, site):
    # A holder's long name under a mark near the right edge of a phone's plot ran off the chart and was cut
    # ("Last report: Jabel Ummarum Forc"). The chart moves it back inside, in its preview and drawn. And a
    # date that falls on a row's name, which a phone's preview writes over the plot, is hidden, not the name.
    long_name = "Last report: Northern Expeditionary Brigades"
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site.url + "control/")
    chart = page.locator(".ex-chart").first
    chart.locator(".ex-preview").wait_for()
    page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
    # The preview's note, made long and started near the right edge; a narrower screen fits it again.
    chart.evaluate(
        """(chart, text) => {
            const note = chart.querySelector('.ex-preview .ex-preview-note');
            note.textContent = text;
            note.setAttribute('x', '85%');
            note.setAttribute('text-anchor', 'start');
        }""",
        long_name,
    )
    assert not page.evaluate(_NOTE_INSIDE, [chart.element_handle(), ".ex-preview .ex-preview-note"])  # cut, as it was
    # And a date written where a row's name is (a phone's preview writes the names over the plot): the name stays.
    chart.evaluate(
        """chart => {
            const name = chart.querySelector('.ex-preview .ex-preview-lane'), label = chart.querySelector('.ex-preview .ex-preview-mark-text');
            for (const attribute of ['x', 'y', 'dx', 'dy', 'text-anchor']) label.removeAttribute(attribute);
            for (const attribute of ['x', 'y', 'dy']) label.setAttribute(attribute, name.getAttribute(attribute));
        }"""
    )
    page.set_viewport_size({"width": 389, "height": 900})
    page.wait_for_function(_NOTE_INSIDE, arg=[chart.element_handle(), ".ex-preview .ex-preview-note"])
    assert chart.evaluate("chart => chart.querySelector('.ex-preview .ex-preview-mark-text').getAttribute('visibility')") == "hidden"
    assert chart.evaluate("chart => chart.querySelector('.ex-preview .ex-preview-lane').getAttribute('visibility')") is None
    # The drawn chart's note, likewise: fitted after every redraw.
    draw(page)
    chart.evaluate(
        """(chart, text) => Plotly.relayout(chart, {'annotations[0].text': text, 'annotations[0].xanchor': 'left'})""",
        long_name,
    )
    page.wait_for_function(_NOTE_INSIDE, arg=[chart.element_handle(), ".infolayer g.annotation"])
    assert long_name.removeprefix("Last report: ") in chart.locator(".infolayer g.annotation").first.text_content()


_ROOM = """chart => {
    const full = chart._fullLayout;
    return {plot: full._size.h, height: full.height, shown: chart.getBoundingClientRect().height, legend: chart.querySelector('.ex-chart-key').getBoundingClientRect().height};
}"""


def test_a_long_legend_on_a_phone_leaves_each_row_of_a_control_chart_its_room(page, site):
    # A key of many holders wraps to one name a line on a phone. It took the rows' room, until each row's
    # "Last report" lay over the marks of the next: the drawn chart grows instead, and gives the room back when
    # a wider screen wraps the key into fewer lines.
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site.url + "control/")
    chart = page.locator(".ex-chart").first
    page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
    figure = chart.evaluate(
        """chart => {
            const holder = document.getElementById(chart.dataset.figure).content;
            const figure = JSON.parse(holder.textContent), layout = figure.layout;
            // As built for 12 places (Plotly caps a key at half the chart's height, and scrolls the rest)...
            for (let n = layout.yaxis.categoryarray.length + 1; n <= 12; n++) layout.yaxis.categoryarray.push('Place ' + n);
            layout.yaxis.range = [11.5, -0.5];
            layout.meta.plot_height = 52 * 12;
            layout.height = 200 + 52 * 12;
            // ...with 18 holders, in the figure and in its key.
            const key = chart.querySelector('.ex-chart-key');
            for (let n = 1; n <= 16; n++) {
                figure.data.push({type: 'scatter', name: 'Holder of a long name number ' + n, x: [null], y: [null], showlegend: true, marker: {color: '#CC3399'}});
                const item = document.createElement('li');
                item.textContent = 'Holder of a long name number ' + n;
                key.appendChild(item);
            }
            holder.textContent = JSON.stringify(figure);
            return figure.layout;
        }"""
    )
    rows, built = figure["meta"]["plot_height"], figure["height"]
    draw(page)
    page.wait_for_function(f"chart => chart._fullLayout._size.h >= {rows} - 1", arg=chart.element_handle())
    phone = chart.evaluate(_ROOM)
    assert phone["legend"] > built - rows  # the key alone is taller than the room the chart was built with
    assert phone["height"] > built and abs(phone["shown"] - phone["height"]) < 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(f"chart => chart._fullLayout.height < {phone['height']} - 100", arg=chart.element_handle())
    wide = chart.evaluate(_ROOM)
    assert wide["plot"] >= rows - 1 and wide["height"] >= built and abs(wide["shown"] - wide["height"]) < 1


def _control_of_many_holders(folder: Path) -> tuple[dict, str]:
    """The control chart of 300 synthetic events (16 places, 12 holders) with 20 more holders in its key (as a
    topic of a few thousand events has): its figure and its preview."""
    from explainer.charts import ChartContext, build_chart
    from explainer.charts.control import ControlSpec
    from explainer.derive import build_index
    from explainer.i18n import words
    from explainer.layout import event_layout
    from explainer.loader import load_dataset
    from explainer.preview import chart_preview
    from explainer.synth import synthesize

    synthesize(300, 1, folder)
    data = load_dataset(folder)
    index = build_index(data)
    chart = build_chart(ChartContext.build(data, index, event_layout(index)), ControlSpec(), "control.md", "Control")
    figure = json.loads(json.dumps(chart.figure))
    for n in range(1, 21):
        figure["data"].append({"type": "scatter", "name": f"Holder number {n}", "x": [None], "y": [None], "showlegend": True, "marker": {"color": "#CC3399"}})
    return figure, str(chart_preview(figure, figure["layout"]["height"], f"chart-{chart.id}", words("en")))


_ROWS = """chart => {
    const middle = node => { const r = node.getBoundingClientRect(); return r.top + r.height / 2 - chart.getBoundingClientRect().top; };
    const names = chart.dataset.drawn === 'yes' ? '.ytick text' : '.ex-preview-lane';
    return {height: chart.getBoundingClientRect().height, rows: [...chart.querySelectorAll(names)].map(node => [node.textContent, middle(node)])};
}"""


def test_a_control_chart_of_many_holders_is_drawn_where_its_picture_stood(page, site, tmp_path: Path):
    # On a phone, a key of many holders takes many lines. The drawn chart grows to keep each row its room; the
    # picture kept its height and squeezed its rows, so the first touch grew the chart by the key's extra lines and
    # moved every row down, the last ones most (225 px on a 1,000-event topic). And Plotly padded the rows' range
    # by a row and a half at each end, so each row was drawn shorter than its room, and lower than in the picture.
    figure, preview = _control_of_many_holders(tmp_path / "data")
    rows = figure["layout"]["meta"]["plot_height"]
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + "control/")
        chart = page.locator(".ex-chart").first
        page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
        chart.evaluate(_SWAP, [json.dumps(figure), preview])
        pictured = chart.evaluate(_ROWS)
        assert len(pictured["rows"]) == len(figure["layout"]["yaxis"]["categoryarray"]) == 16
        draw(page)
        page.wait_for_function(f"chart => chart._fullLayout._size.h >= {rows} - 1", arg=chart.element_handle())
        page.wait_for_timeout(200)  # (any relayout after the first drawing)
        drawn = chart.evaluate(_ROWS)
        if width == 390:
            assert drawn["height"] > figure["layout"]["height"] + 100  # the key took more than the room it was built with
        assert abs(drawn["height"] - pictured["height"]) <= 2, (width, pictured["height"], drawn["height"])
        assert chart.evaluate("chart => chart._fullLayout.yaxis.range") == [15.5, -0.5]  # no padding: each row its room
        # The picture names a row at its top, Plotly beside its middle: the same way down every row.
        shifts = [middle - dict(pictured["rows"])[name] for name, middle in drawn["rows"]]
        assert len(shifts) == 16 and max(shifts) - min(shifts) <= 4, (width, shifts)


def test_a_zones_chart_names_each_row_over_the_plot_and_keeps_the_width_for_it(page, site):
    # A zone's name is often long ("Southern Syria (Daraa and Quneitra provinces)"). Beside the rows, as Plotly
    # writes an axis's labels, it took a phone's plot down to a sliver and was cut at the chart's left edge.
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + "zones/")
        draw(page)
        chart = page.locator(".ex-chart").first
        plot = chart.evaluate("chart => chart._fullLayout._size.w / chart._fullLayout.width")
        assert plot > 0.9, (width, plot)
        frame = chart.bounding_box()
        texts = [t for t in chart.evaluate(_TEXTS) if not t["hidden"]]
        names = [t for t in texts if t["text"] in ("Riverton district", "North of Hill province")]
        assert len(names) == 2, (width, texts)
        for name in names:
            assert frame["x"] <= name["left"] and name["right"] <= frame["x"] + frame["width"], (width, name)
        overlapping = [
            (a["text"], b["text"])
            for i, a in enumerate(texts)
            for b in texts[i + 1 :]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
        ]
        assert overlapping == [], width


def _count_timeline(folder: Path) -> tuple[dict, str]:
    """The timeline of 600 synthetic events (too many to draw one by one, so counted by month, in two panels): its
    figure and its preview."""
    from explainer.charts import ChartContext, build_chart
    from explainer.charts.timeline import TimelineSpec
    from explainer.derive import build_index
    from explainer.layout import event_layout
    from explainer.loader import load_dataset
    from explainer.synth import synthesize

    synthesize(600, 1, folder)
    data = load_dataset(folder)
    index = build_index(data)
    chart = build_chart(ChartContext.build(data, index, event_layout(index)), TimelineSpec(), "timeline.md", "Timeline")
    assert chart.figure["layout"]["barmode"] == "stack"
    return chart.figure, str(chart.preview)


_SWAP = """(chart, [json, preview]) => {
    document.getElementById(chart.dataset.figure).content.textContent = json;
    chart.querySelectorAll('.ex-preview, .ex-preview-size').forEach(node => node.remove());
    chart.insertAdjacentHTML('afterbegin', preview);
}"""

_BOXES = """chart => {
    const box = node => { const r = node.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    return {
        toolbar: box(chart.querySelector('.modebar')),
        keys: [...chart.querySelectorAll('.ex-chart-key li')].map(item => ({text: item.textContent, ...box(item)})),
        names: [...chart.querySelectorAll('.infolayer g.annotation')].map(node => ({text: node.textContent, ...box(node)})),
        ticks: [...chart.querySelectorAll('.ytick text')].map(box),
        frame: box(chart.querySelector('.main-svg')),
        plot: chart._fullLayout._size,
        chart: box(chart),
    };
}"""

_KEY_LINES = """chart => [...chart.querySelectorAll('.ex-chart-key li')].map(item => {
    const r = item.getBoundingClientRect(), frame = chart.getBoundingClientRect();
    return [item.textContent, Math.round(r.left - frame.left), Math.round(r.top - frame.top)];
})"""


def _meet(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_the_key_stays_as_the_preview_showed_it_clear_of_the_toolbar_and_each_panel_of_counts_is_named_across(
    reader, site, bundled, tmp_path: Path
):
    page = reader
    # Plotly's toolbar stands over a chart's top right corner, and hid the names of Plotly's key over the plot that
    # reached under it (a count timeline's six categories, at every width; a control chart's key on a phone); and at
    # the first touch Plotly's key replaced the preview's with another layout, taller on a phone. The key is now the
    # preview's, under the toolbar's band. The names of a count timeline's two panels were its axes' titles, on their
    # side: the lower one was longer than its panel, and cut.
    figure, preview = _count_timeline(tmp_path / "site_data")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url + "timeline/")
    chart = page.locator(".ex-chart").first
    page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
    chart.evaluate(_SWAP, [json.dumps(figure), preview])
    before = chart.evaluate(_KEY_LINES)
    assert len(before) == 6, before  # a name a category
    draw(page)
    assert chart.evaluate(_KEY_LINES) == before  # the same key, in the same place
    assert chart.locator(".legend").count() == 0  # Plotly's own is in the chart's images only
    for width in (1280, 390):  # drawn on a desktop, then the same chart on a phone's width
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function(
            "chart => Math.abs(chart._fullLayout.width - chart.getBoundingClientRect().width) < 1 && chart._fullLayout.width < window.innerWidth",
            arg=chart.element_handle(),
        )
        # The plot under the key (wrapped anew), and the name of its upper panel too.
        page.wait_for_function(
            "chart => { const key = chart.querySelector('.ex-chart-key').getBoundingClientRect(), note = chart.querySelector('.infolayer g.annotation').getBoundingClientRect(); return note.top >= key.bottom; }",
            arg=chart.element_handle(),
        )
        boxes = chart.evaluate(_BOXES)
        assert [key["text"] for key in boxes["keys"] if _meet(key, boxes["toolbar"])] == [], width
        assert boxes["toolbar"]["bottom"] <= min(key["top"] for key in boxes["keys"]), width
        names = {name["text"]: name for name in boxes["names"]}
        assert sorted(names) == ["a year (less precise)", "events a month"], width
        for name in names.values():
            assert name["right"] - name["left"] > 3 * (name["bottom"] - name["top"]), (width, name)  # across, not on its side
            frame = boxes["frame"]
            assert frame["left"] <= name["left"] and name["right"] <= frame["right"] and frame["top"] <= name["top"] and name["bottom"] <= frame["bottom"], (width, name)
            assert [box for box in boxes["keys"] + boxes["ticks"] if _meet(box, name)] == [], (width, name)
        assert names["events a month"]["bottom"] <= names["a year (less precise)"]["top"]
    # The bundled topic's control chart on a phone: the key under the toolbar, as the preview showed it, and each
    # row keeps its room in the room the chart was built with: it does not grow when the reader first touches it.
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(bundled.url + "control/")
    chart = page.locator(".ex-chart").first
    page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
    built = chart.bounding_box()["height"]
    before = chart.evaluate(_KEY_LINES)
    draw(page)
    page.wait_for_function("chart => chart._fullLayout._size.h >= chart.layout.meta.plot_height - 1", arg=chart.element_handle())
    boxes = chart.evaluate(_BOXES)
    assert chart.evaluate(_KEY_LINES) == before
    assert [key["text"] for key in boxes["keys"] if _meet(key, boxes["toolbar"])] == []
    assert boxes["chart"]["top"] + boxes["plot"]["t"] >= max(key["bottom"] for key in boxes["keys"])  # the plot under the key
    assert abs(chart.bounding_box()["height"] - built) < 1


_IMAGE = """() => {
    const image = document.querySelector('svg'), frame = image.getBoundingClientRect();
    const box = node => { const r = node.getBoundingClientRect(); return {left: r.left - frame.left, right: r.right - frame.left, top: r.top - frame.top, bottom: r.bottom - frame.top}; };
    const [title, credit] = [...image.querySelectorAll('.infolayer .annotation')].slice(-2);
    const [top, bottom] = [box(title), box(credit)];
    const lines = note => [...note.querySelectorAll('.annotation-text')].map(text => {
        const found = [...text.querySelectorAll('tspan.line')].map(line => line.textContent);
        return found.length ? found : [text.textContent];
    }).flat();
    const found = {
        width: frame.width,
        header: {left: Math.min(top.left, bottom.left), right: Math.max(top.right, bottom.right), top: top.top, bottom: bottom.bottom, between: bottom.top - top.bottom},
        lines: lines(title).concat(lines(credit)),
        key: box(image.querySelector('.legend')),
        room: Number(image.querySelector('clipPath.plotclip rect').getAttribute('width')),  // the plot's width, the key's
        names: [...image.querySelectorAll('.legend .traces')].map(entry => {
            const swatch = box(entry.querySelector('.legendpoints')), text = box(entry.querySelector('.legendtext'));
            return {name: entry.querySelector('.legendtext').textContent, left: swatch.left, right: text.right, top: Math.round(text.top), height: text.bottom - text.top};
        }),
        plot: box(image.querySelector('.cartesianlayer .subplot .gridlayer').closest('.subplot')),
    };
    return found;
}"""


_HOLDERS = ("Ab", "Bc", "Cd", "A holder whose name is rather long", "De", "Ef")


def _key_lines(names: list[dict]) -> list[list[dict]]:
    """The names of a key, line by line."""
    lines: list[list[dict]] = []
    for entry in names:
        if lines and entry["top"] == lines[-1][-1]["top"]:
            lines[-1].append(entry)
        else:
            lines.append([entry])
    return lines


def test_a_charts_image_gives_its_title_whole_credit_and_key_each_set_as_words_are(browser, site, watch, tmp_path: Path):
    # The image's credit (the site and its sources) was one line written at the key's height: on a desktop over
    # the key's names, on a phone cut at the image's right edge, its sources lost. The title's line stood beside
    # the plot, not at the image's edge. And Plotly's key, which the image keeps, set every name in a column as
    # wide as the widest once it needed a second line, each line as high as its highest swatch (a ring's).
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    watch.attach(page)
    # The image is read in a tab of its own, with no policy: the site's forbids the image's style attributes.
    reading = context.new_page()
    try:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site.url + "control/")
            chart = page.locator(".ex-chart").first
            page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
            chart.evaluate(
                """(chart, names) => {
                    const holder = document.getElementById(chart.dataset.figure).content;
                    const figure = JSON.parse(holder.textContent);
                    for (const name of names) {
                        figure.data.push({type: 'scatter', name: name, x: [null], y: [null], showlegend: true, marker: {color: '#CC3399'}});
                    }
                    holder.textContent = JSON.stringify(figure);
                }""",
                list(_HOLDERS),
            )
            draw(page)
            title = page.locator(".ex-chart-title").first.text_content()
            credit = chart.get_attribute("data-credit")
            assert title and credit and len(credit) > 60  # longer than a phone's line
            with page.expect_download() as svg:
                page.locator(".ex-tool[data-tool=svg]").first.click()
            svg.value.save_as(tmp_path / f"control-{width}.svg")
            reading.set_content('<!doctype html><body style="margin:0">' + (tmp_path / f"control-{width}.svg").read_text(encoding="utf-8"))
            image = reading.evaluate(_IMAGE)
            header, key = image["header"], image["key"]
            # Word for word, the title then the credit, in lines no wider than the image, from its left edge.
            assert " ".join(image["lines"]).split() == f"{title} {credit}".split(), width
            assert 0 < header["left"] <= 12 and header["right"] <= image["width"] and header["top"] >= 0, (width, header, image["width"])
            assert len(image["lines"]) >= (3 if width == 390 else 2), (width, image["lines"])
            assert -2 <= header["between"] < 10, (width, header)  # the credit under the title (their boxes have a pixel of padding)
            # Above the key, which stands above the plot.
            assert header["bottom"] <= key["top"] and key["bottom"] <= image["plot"]["top"] + 1, (width, header, key)
            # The key's names follow one another as words do.
            names, room = image["names"], image["room"]
            assert set(_HOLDERS) <= {entry["name"] for entry in names}
            lines = _key_lines(names)
            for line in lines:
                # On a line each name follows the one before it, not the column of the widest name.
                for before, after in itertools.pairwise(line):
                    assert 0 < after["left"] - before["right"] < 30, (width, before["name"], after["name"])
            for line, below in itertools.pairwise(lines):
                # A name starts a line only where it would not fit at the end of the one before.
                start, first = line[0]["left"], below[0]
                assert line[-1]["right"] - start + 10 + (first["right"] - first["left"]) > room - 12, (width, line[-1]["name"], first["name"])
                # Each line as high as its names, not as the ring's swatch.
                assert below[0]["top"] - line[0]["top"] < 1.5 * line[0]["height"] + 2, (width, [entry["name"] for entry in line])
            short = [line for line in lines if any(entry["name"] in _HOLDERS[:3] + _HOLDERS[4:] for entry in line)]
            assert max(len(line) for line in short) >= 2, width  # short names share their lines, even on a phone
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []


def test_a_name_of_the_key_hides_what_it_names_and_shows_it_again_by_pointer_and_by_keyboard(page, site):
    # Plotly's key did this by pointer only; the key is now the preview's HTML, whose names become toggle buttons
    # once the chart is drawn: a keyboard reaches them after the chart, and a screen reader reads each with its state.
    page.goto(site.url + "control/")
    chart = page.locator(".ex-chart").first
    key = chart.locator(".ex-chart-key")
    assert key.get_attribute("aria-hidden") == "true" and chart.locator(".ex-chart-key button").count() == 0  # a picture
    chart.focus()
    page.wait_for_function("chart => chart.getAttribute('data-drawn') === 'yes'", arg=chart.element_handle())
    assert key.get_attribute("aria-hidden") is None
    assert key.get_attribute("aria-label") == "Key: select a name to hide what it names in the chart, or to show it again"
    names = chart.locator(".ex-chart-key li[data-traces] > button.ex-key-name")
    assert names.count() == chart.locator(".ex-chart-key li").count() > 1
    # Each a target a finger can take: 24 px high at least (WCAG 2.5.8), none over another.
    boxes = chart.evaluate("chart => [...chart.querySelectorAll('.ex-key-name')].map(name => name.getBoundingClientRect().toJSON())")
    assert min(box["height"] for box in boxes) >= 24
    assert not any(a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"] for a, b in itertools.combinations(boxes, 2))
    first = names.first
    name = first.inner_text()
    assert name and first.get_attribute("aria-pressed") == "true"
    traces = [int(n) for n in chart.locator(".ex-chart-key li").first.get_attribute("data-traces").split()]
    shown = "(chart, traces) => traces.map(n => chart._fullData[n].visible)"
    assert traces and chart.evaluate(shown, traces) == [True] * len(traces)
    named = chart.evaluate("(chart, traces) => traces.map(n => chart.data[n].legendgroup || chart.data[n].name)", traces)
    assert len(set(named)) == 1, named  # its group: the holder's traces
    # From the chart, Tab goes through Plotly's toolbar, which stands above the key, then to the key's first name.
    for _ in range(20):
        page.keyboard.press("Tab")
        assert chart.evaluate("chart => chart.contains(document.activeElement)")
        if page.evaluate("() => document.activeElement.matches('.ex-key-name')"):
            break
    assert page.evaluate("() => document.activeElement.textContent") == name
    page.keyboard.press("Space")
    page.wait_for_function("([chart, n]) => chart._fullData[n].visible === 'legendonly'", arg=[chart.element_handle(), traces[0]])
    assert chart.evaluate(shown, traces) == ["legendonly"] * len(traces)
    assert first.get_attribute("aria-pressed") == "false" and first.inner_text() == name
    assert first.evaluate("b => getComputedStyle(b).textDecorationLine") == "line-through"
    others = [n for n in range(chart.evaluate("chart => chart.data.length")) if n not in traces]
    assert set(chart.evaluate(shown, others)) == {True}
    page.keyboard.press("Enter")
    page.wait_for_function("([chart, n]) => chart._fullData[n].visible === true", arg=[chart.element_handle(), traces[0]])
    assert chart.evaluate(shown, traces) == [True] * len(traces) and first.get_attribute("aria-pressed") == "true"
    first.click()  # and by pointer
    page.wait_for_function("([chart, n]) => chart._fullData[n].visible === 'legendonly'", arg=[chart.element_handle(), traces[0]])
    assert first.get_attribute("aria-pressed") == "false"


def test_a_palette_switch_keeps_a_drawn_chart_as_the_reader_left_it(page, site):
    # Switching the palette draws each chart again in its colours, from its figure: Plotly's own key came back over
    # the page's, and every name the reader had hidden was shown again while the key still said hidden.
    page.goto(site.url + "control/")
    chart = page.locator(".ex-chart").first
    draw(page)
    state = """chart => ({
        plotlyKeys: chart.querySelectorAll('.main-svg g.legend').length,
        top: chart._fullLayout.margin.t,
        height: chart._fullLayout.height,
        visible: chart._fullData.map(trace => trace.visible),
        pressed: [...chart.querySelectorAll('.ex-key-name')].map(name => name.getAttribute('aria-pressed')),
        ink: chart._fullLayout.font.color,
        range: chart._fullLayout.xaxis.range,
    })"""
    chart.locator(".ex-key-name").first.click()
    page.wait_for_function("chart => chart._fullData.some(trace => trace.visible === 'legendonly')", arg=chart.element_handle())
    built = chart.evaluate("chart => chart._fullLayout.xaxis.range")
    chart.focus()
    page.keyboard.press("ArrowRight")  # and a view of the reader's own
    page.wait_for_function("([chart, range]) => chart._fullLayout.xaxis.range[0] !== range[0]", arg=[chart.element_handle(), built])
    light = chart.evaluate(state)
    assert light["plotlyKeys"] == 0 and light["pressed"][0] == "false" and "legendonly" in light["visible"]
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    page.wait_for_function("ink => document.querySelector('.ex-chart')._fullLayout.font.color !== ink", arg=light["ink"])
    dark = chart.evaluate(state)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert {key: dark[key] for key in ("plotlyKeys", "top", "height", "visible", "pressed", "range")} == {
        key: light[key] for key in ("plotlyKeys", "top", "height", "visible", "pressed", "range")
    }
    chart.locator(".ex-key-name").first.click()  # and the key still works
    page.wait_for_function("chart => chart._fullData.every(trace => trace.visible === true)", arg=chart.element_handle())


def test_a_link_to_a_view_keeps_the_names_the_reader_hid(page, site):
    # A journalist who hid a holder to show the others shares the chart as they see it.
    page.goto(site.url + "control/")
    chart = page.locator("#chart-control .ex-chart")
    draw(page)
    first = chart.locator(".ex-key-name").first
    name = first.inner_text()
    first.click()
    page.locator("#chart-control button[data-tool=link]").click()
    page.wait_for_function("() => location.hash.includes('hide=')")
    shared = page.url
    view = parse_qs(urlsplit(shared).fragment)
    assert sorted(view) == ["chart", "from", "hide", "to"] and view["chart"] == ["control"] and view["hide"] == [name]
    page.goto("about:blank")
    page.goto(shared + "&hide=A+name+no+key+has")
    page.wait_for_selector("#chart-control .ex-chart[data-drawn=yes]")
    page.wait_for_function("chart => chart.querySelector('.ex-key-name').getAttribute('aria-pressed') === 'false'", arg=chart.element_handle())
    pressed = chart.evaluate("chart => [...chart.querySelectorAll('.ex-key-name')].map(name => [name.textContent, name.getAttribute('aria-pressed')])")
    assert pressed[0] == [name, "false"] and {state for _, state in pressed[1:]} == {"true"}
    traces = [int(n) for n in chart.locator(".ex-chart-key li").first.get_attribute("data-traces").split()]
    visible = chart.evaluate("chart => chart._fullData.map(trace => trace.visible)")
    assert [visible[n] for n in traces] == ["legendonly"] * len(traces)
    assert {visible[n] for n in range(len(visible)) if n not in traces} == {True}


_SNIPPET_SRC = """chart => {
    const code = chart.closest('figure').querySelector('textarea.ex-snippet').value;
    const decode = document.createElement('textarea');  // (the attribute's entities; parsing the code would apply its style)
    decode.innerHTML = code.match(/^<iframe src="([^"]*)"/)[1];
    return decode.value;
}"""


def test_a_charts_embed_code_shows_the_view_the_reader_chose(page, site):
    # A journalist hides a name and moves the dates, then copies the embed code: the chart in their article shows
    # that view, as the map's embed code shows the date chosen. Until the reader chooses, the chart as built.
    page.goto(site.url + "control/")
    chart = page.locator("#chart-control .ex-chart")
    draw(page)
    assert chart.evaluate(_SNIPPET_SRC) == site.url + "embed/control/"  # the page's own fitting chose nothing
    first = chart.locator(".ex-key-name").first
    name = first.inner_text()
    first.click()
    page.wait_for_function(f"chart => ({_SNIPPET_SRC})(chart).includes('hide=')", arg=chart.element_handle())
    chosen = urlsplit(chart.evaluate(_SNIPPET_SRC))
    assert chosen._replace(fragment="").geturl() == site.url + "embed/control/"
    view = parse_qs(chosen.fragment)
    assert view["chart"] == ["control"] and view["hide"] == [name]
    chart.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"([chart, before]) => ({_SNIPPET_SRC})(chart) !== before", arg=[chart.element_handle(), chosen.geturl()])
    moved = parse_qs(urlsplit(chart.evaluate(_SNIPPET_SRC)).fragment)
    assert moved["hide"] == [name] and (moved["from"], moved["to"]) != (view["from"], view["to"])
    # The embed opens that view, and a ?theme= added at the end of its address is the embed's theme.
    page.goto(chart.evaluate(_SNIPPET_SRC) + "?theme=dark")
    page.wait_for_selector(".ex-chart[data-drawn=yes]")
    assert page.evaluate("document.documentElement.getAttribute('data-ex-theme')") == "dark"
    page.wait_for_function("() => document.querySelector('.ex-key-name').getAttribute('aria-pressed') === 'false'")
    assert page.locator(".ex-key-name").first.inner_text() == name


def test_a_chart_whose_plotly_cannot_be_loaded_keeps_its_picture_in_its_place(page, site, watch):
    # The picture and the data table remain, with a note that says so; the picture keeps its place and its height.
    page.route("**/plotly-basic.min.js", lambda route: route.abort())
    page.goto(site.url + "control/")
    chart = page.locator("#chart-control .ex-chart")
    page.wait_for_function("chart => chart.dataset.armed", arg=chart.element_handle())
    box = "node => { const r = node.getBoundingClientRect(); return {top: r.top + window.scrollY, height: r.height}; }"
    before = chart.evaluate(box)
    chart.hover()
    page.wait_for_function("chart => chart.dataset.drawn === 'failed'", arg=chart.element_handle())
    note = page.locator("#chart-control .ex-chart-error")
    assert note.inner_text().startswith("The interactive chart could not be loaded (") and note.inner_text().endswith(
        "); the picture and the data table below remain."
    )
    assert chart.evaluate(box) == before == chart.locator(".ex-preview").evaluate(box)
    # What the failed download told the console (which may come after the note), and nothing else.
    for _ in range(40):
        if watch.errors:
            break
        page.wait_for_timeout(50)
    assert watch.errors == ["Failed to load resource: net::ERR_FAILED"]
    watch.errors.clear()
