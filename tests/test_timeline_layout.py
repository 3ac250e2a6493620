"""The timeline: every event its own mark that nothing covers, an axis that skips the empty years, labelled key
events, its reading order; and what its downloads and embeds carry (ids, ISO dates, absolute addresses, a theme).

Marks are checked as boxes in pixels, in the figure Plotly draws (at the phone's width the rows are worked out
for) and in the static preview (at a 390-pixel phone's width and at a desktop's)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from conftest import ROOT, SYRIA, write
from explainer.charts import ChartContext, ChartSpec, TimelineSpec, build_chart
from explainer.derive import build_index
from explainer.generate import generate_site
from explainer.i18n import words
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.timelinelayout import LABEL_CHAR, REFERENCE_WIDTH, TimeAxis, build_axis

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = words("en").month_names("abbreviated")
TEMPLATES = ROOT / "templates"

Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels)


def _timeline(data_dir: Path, spec: ChartSpec | None = None):
    data = load_dataset(data_dir)
    index = build_index(data)
    ctx = ChartContext.build(data, index, event_layout(index))
    return build_chart(ctx, spec or TimelineSpec(), "timeline.md", "Timeline")


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- boxes of a figure, in pixels at the width the rows are worked out for ------------------------------


def figure_boxes(figure: dict, width: float = REFERENCE_WIDTH) -> dict[str, dict[str, list[Box]]]:
    """For each event (by link): the box of its mark (its ring's, when ringed), its bars and its label."""
    timeline = figure["layout"]["meta"]["timeline"]
    axis = TimeAxis.from_meta(timeline)
    traces = figure["data"]
    boxes: dict[str, dict[str, list[Box]]] = {}
    for link, _, _, _, _, _, curve, point in timeline["story"]:
        trace = traces[curve]
        x, y = axis.pixel(trace["x"][point], width), trace["y"][point]
        radius = trace["marker"]["size"] / 2
        boxes[link] = {"mark": [(x - radius, y - radius, x + radius, y + radius)], "bars": [], "label": []}
    for trace in traces:
        if trace.get("meta", {}).get("inferred"):  # a ring: the mark's box grows to it
            for row, x, y in zip(trace["customdata"], trace["x"], trace["y"]):
                px, r = axis.pixel(x, width), trace["marker"]["size"] / 2
                boxes[row[0]]["mark"] = [(px - r, y - r, px + r, y + r)]
        elif trace["type"] == "bar":
            for row, base, length, y in zip(trace["customdata"], trace["base"], trace["x"], trace["y"]):
                half = trace["width"] / 2
                boxes[row[0]]["bars"].append((axis.pixel(base, width), y - half, axis.pixel(base + length, width), y + half))
    for number, note in enumerate(figure["layout"]["annotations"]):
        if note.get("name") != "label":
            continue
        link = timeline["labels"][str(number)]
        lines = note["text"].split("<br>")
        reach = max(len(line) for line in lines) * LABEL_CHAR
        x = axis.pixel(note["x"], width) + note["xshift"]
        left, right = (x, x + reach) if note["xanchor"] == "left" else (x - reach, x)
        half = len(lines) * 14 / 2
        boxes[link]["label"].append((left, note["y"] - half, right, note["y"] + half))
    return boxes


def assert_nothing_covers_a_mark(boxes: dict[str, dict[str, list[Box]]]) -> None:
    """No event's mark meets another event's mark, bar or label."""
    covered = []
    for a, b in combinations(boxes, 2):
        for first, second in ((a, b), (b, a)):
            mark = boxes[first]["mark"][0]
            for kind in ("mark", "bars", "label"):
                if any(_meets(mark, other) for other in boxes[second][kind]):
                    covered.append(f"{first}'s mark meets {second}'s {kind}")
    assert covered == []


# --- boxes of the static preview ----------------------------------------------------------------------------


def preview_marks(markup: str, width: float, height: float, top: float = 30, bottom: float = 34) -> dict[str, Box]:
    """The box of each event's mark in the preview (elements with a place in the reading order), in pixels, for a
    chart ``width`` by ``height`` pixels (the plot is inset by the figure's margins: 10 at the sides)."""
    root = ET.fromstring(f'<root xmlns="http://www.w3.org/2000/svg">{markup}</root>')
    plot_width, plot_height = width - 20, height - top - bottom

    def px(value: str, span: float) -> float:
        assert value.endswith("%"), value
        return float(value[:-1]) / 100 * span

    marks: dict[str, Box] = {}
    for element in root.iter():
        if element.get("data-step") is None:
            continue
        link = element.get("data-link")
        assert link not in marks, f"{link} has two marks"
        if element.tag == f"{SVG}circle":
            x, y, r = px(element.get("cx"), plot_width), px(element.get("cy"), plot_height), float(element.get("r"))
            marks[link] = (x - r, y - r, x + r, y + r)
        else:
            assert element.tag == f"{SVG}polygon", element.tag
            parent = next(p for p in root.iter() if element in list(p))
            x, y = px(parent.get("x"), plot_width), px(parent.get("y"), plot_height)
            points = [tuple(map(float, pair.split(","))) for pair in element.get("points").split()]
            marks[link] = (x + min(p[0] for p in points), y + min(p[1] for p in points), x + max(p[0] for p in points), y + max(p[1] for p in points))
    return marks


# --- the Syria fixture topic's timeline ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def syria():
    return _timeline(SYRIA / "site_data")


def test_no_two_events_of_the_syria_timeline_share_a_mark_or_cover_one(syria):
    figure = syria.figure
    boxes = figure_boxes(figure)
    # Every event has its own mark: 18 events, 18 marks, in reading order.
    assert len(boxes) == len(syria.rows) == 18
    assert_nothing_covers_a_mark(boxes)
    # The four events of 30 November 2024 in one lane (Fighting) are four marks, one above the other.
    day = dt.date(2024, 11, 30)
    axis = TimeAxis.from_meta(figure["layout"]["meta"]["timeline"])
    same_day = [
        (x, y) for trace in figure["data"] if trace["type"] == "scatter" and trace["legendgroup"] == "fighting"
        for x, y in zip(trace["x"], trace["y"]) if axis.date(x) == day
    ]
    assert len(same_day) == 3 and len({y for _, y in same_day}) == 3


@pytest.mark.parametrize("width", [338, 1000])
def test_no_two_marks_of_the_syria_preview_meet(syria, width: int):
    marks = preview_marks(str(syria.preview), width, syria.height, bottom=60)
    assert len(marks) == 18
    assert [pair for pair in combinations(marks, 2) if _meets(marks[pair[0]], marks[pair[1]])] == []


def test_the_axis_skips_the_empty_years_and_says_so(syria):
    figure = syria.figure
    axis = TimeAxis.from_meta(figure["layout"]["meta"]["timeline"])
    skips = [note for note in figure["layout"]["annotations"] if note["name"] == "skip"]
    assert [note["hovertext"] for note in skips] == [
        "No event recorded from 1 January 2016 to 3 April 2017: the axis skips these dates.",
        "No event recorded from 28 October 2017 to 31 December 2018: the axis skips these dates.",
        "No event recorded from 22 June 2020 to 26 November 2024: the axis skips these dates.",
    ]
    assert [note["text"] for note in skips] == ["//"] * 3
    # Four years with nothing take a band of 4.5% of the width (and the days around it a few more), not a third.
    start, end = axis.at(dt.date(2020, 6, 22).toordinal()), axis.at(dt.date(2024, 11, 27).toordinal())
    assert (end - start) / 1000 < 0.1
    assert [round((skip.end - skip.start) / 1000, 3) for skip in build_axis(*_extents(figure)).skips] == [0.045] * 3
    # And the four days of November 2024 that hold six events get more than a tenth of it.
    first, last = axis.at(dt.date(2024, 11, 27).toordinal()), axis.at(dt.date(2024, 12, 1).toordinal())
    assert (last - first) / 1000 > 0.1
    assert "The axis skips the stretches with no event (marked //: 1 January 2016 to 3 April 2017;" in syria.caption


def _extents(figure: dict) -> tuple[list[tuple[float, float]], list[float]]:
    """Where the figure's bars and marks are, in days: what its axis was built from."""
    axis = TimeAxis.from_meta(figure["layout"]["meta"]["timeline"])
    bars = [(axis.day(base), axis.day(base + x)) for trace in figure["data"] if trace["type"] == "bar" for base, x in zip(trace["base"], trace["x"])]
    marks = [axis.day(x) for trace in figure["data"] if trace["type"] == "scatter" and not trace.get("meta") for x in trace["x"]]
    return bars + [(m - 0.5, m + 0.5) for m in marks], marks


def test_key_events_are_labelled_on_the_chart(syria):
    figure = syria.figure
    labels = {figure["layout"]["meta"]["timeline"]["labels"][str(n)]: note["text"] for n, note in enumerate(figure["layout"]["annotations"]) if note["name"] == "label"}
    data = load_dataset(SYRIA / "site_data")
    keys = sorted(event.id for event in data.events.values() if event.key)
    assert sorted(link.rsplit("#", 1)[1] for link in labels) == keys
    assert labels["timeline/2020/#government-forces-capture-maarat-al-numan-2020"] == "Syrian government forces<br>capture Maarat al-Numan"
    # Each lane is named on the plot, with its category's shape: readable at any width.
    assert [note["text"] for note in figure["layout"]["annotations"] if note["name"] == "lane"] == [
        "● Fighting", "■ Strikes and bombardment", "◆ Chemical weapons", "▲ Diplomacy", "▼ Investigations"
    ]


def test_the_reading_order_is_the_events_in_order_with_their_marks(syria):
    story = syria.figure["layout"]["meta"]["timeline"]["story"]
    assert [step[1] for step in story] == [row[0] for row in syria.rows]
    first = story[0]
    assert first[:6] == ["timeline/2015/#idlib-centre-opposition-control-2015", "Centre of Idlib comes under opposition control",
                         "2015", "Fighting", "TRT World, 30 November 2024", 0]
    # Each step names the mark that draws its event.
    for link, *_, curve, point in story:
        assert syria.figure["data"][curve]["customdata"][point][0] == link
    # An inferred date says so in the reading order too.
    assert any(step[2].startswith("30 November 2024, inferred from") for step in story)


# --- a day with six events in one lane -----------------------------------------------------------------------


def _six_on_one_day(mini: Path) -> None:
    for n in range(6):
        write(
            mini / "events" / f"clash-{n}.yaml",
            f"id: clash-{n}\ntitle: A clash in the valley number {n} with a long title\ndate: 2020-03-08\ncategory: fighting\n"
            f"key: {'true' if n % 2 else 'false'}\n"
            "summary: Something happened.\nclaims:\n  - source: herald-2020-03-10\n"
            "    quote: Riverton, the second largest town in the valley, changed hands last week.\n",
        )


def test_six_events_of_one_day_in_one_lane_are_six_marks_apart(mini: Path):
    _six_on_one_day(mini)
    chart = _timeline(mini)
    boxes = figure_boxes(chart.figure)
    assert len(boxes) == 10
    assert_nothing_covers_a_mark(boxes)
    ys = sorted(box["mark"][0][1] for link, box in boxes.items() if "#clash-" in link)
    assert len(ys) == 6 and all(b - a >= 24 for a, b in pairwise(ys))
    for width in (338, 1000):
        marks = preview_marks(str(chart.preview), width, chart.height, bottom=60)
        assert len(marks) == 10
        assert [pair for pair in combinations(marks, 2) if _meets(marks[pair[0]], marks[pair[1]])] == []


def test_a_timeline_of_one_event_has_one_mark_and_a_segment_label(mini: Path):
    chart = _timeline(mini, TimelineSpec(actor="ana-ruiz"))
    timeline = chart.figure["layout"]["meta"]["timeline"]
    assert len(timeline["story"]) == len(chart.rows) == 1
    assert timeline["ticks"]["narrow"] and chart.height >= 240


# --- the axis ------------------------------------------------------------------------------------------------


def _ordinal(text: str) -> float:
    return float(dt.date.fromisoformat(text).toordinal())


def test_each_segment_of_the_axis_gets_a_label_and_no_two_labels_meet():
    extents = [("2015-01-01", "2016-01-01"), ("2017-04-04", "2017-04-05"), ("2019-01-01", "2020-02-01"), ("2024-11-27", "2024-12-01")]
    spans = [(_ordinal(a), _ordinal(b)) for a, b in extents]
    axis = build_axis(spans, [(a + b) / 2 for a, b in spans])
    assert len(axis.skips) == 3 and len(axis.segments()) == 4
    for width in (300, 338, 640, 1200):
        ticks = axis.ticks(width, months=MONTHS)
        xs = [axis.pixel(tick.value, width) for tick in ticks]
        halves = [len(tick.label) * 7.4 / 2 for tick in ticks]
        assert all(xs[i] + halves[i] <= xs[i + 1] - halves[i + 1] for i in range(len(ticks) - 1)), (width, ticks)
        # Every segment shows at least one label.
        for first, last in axis.segments():
            low, high = axis.knots[first][1], axis.knots[last][1]
            mid_skip = [(axis.knots[i][1] + axis.knots[i + 1][1]) / 2 for i in axis.skipped]
            lows = max([m for m in mid_skip if m <= low], default=axis.range[0])
            highs = min([m for m in mid_skip if m >= high], default=axis.range[1])
            assert any(lows <= tick.value <= highs for tick in ticks), (width, first, ticks)
    # A phone: a label a segment (a segment of one day names its month, one too narrow for two years both).
    assert [tick.label for tick in axis.ticks(300, months=MONTHS)] == ["2015", "Apr 2017", "2019–2020", "Nov 2024"]


def test_a_short_empty_stretch_is_not_skipped():
    spans = [(_ordinal("2020-01-01"), _ordinal("2020-01-02")), (_ordinal("2020-03-01"), _ordinal("2020-03-02"))]
    assert build_axis(spans, [a for a, _ in spans]).skips == ()


# --- downloads and embeds -------------------------------------------------------------------------------------


def test_the_csv_gives_iso_dates_precision_ids_and_absolute_addresses(mini: Path):
    output = generate_site(mini, TEMPLATES, site_url="https://example.org/valley/")
    files = {f.path: f.content for f in output.files}
    rows = list(csv.DictReader(io.StringIO(files["charts/timeline.csv"])))
    assert list(rows[0]) == ["Event", "Date", "Category", "Places", "Sources", "Start (ISO 8601)", "End (ISO 8601)", "Precision",
                             "Date inferred", "Date (EDTF)", "Id", "Page"]
    guard = next(row for row in rows if row["Id"] == "guard-takes-riverton")
    assert (guard["Start (ISO 8601)"], guard["End (ISO 8601)"], guard["Precision"], guard["Date inferred"]) == ("2020-03-07", "2020-03-07", "day", "yes")
    assert guard["Page"] == "https://example.org/valley/timeline/2020/#guard-takes-riverton"
    year = next(row for row in rows if row["Id"] == "front-enters-hillcrest")
    assert (year["Start (ISO 8601)"], year["End (ISO 8601)"], year["Precision"]) == ("2015-01-01", "2015-12-31", "year")
    document = json.loads(files["charts/timeline.json"])
    assert document["columns"][-2:] == ["Id", "Page"]
    assert document["rows"][0][-1].startswith("https://example.org/valley/")
    # The control chart's rows carry their place's id.
    control = list(csv.DictReader(io.StringIO(files["charts/control.csv"])))
    assert {row["Id"] for row in control} == {"hillcrest", "riverton"}
    # Without the site's address, the pages are site-root-relative.
    relative = {f.path: f.content for f in generate_site(mini, TEMPLATES).files}
    assert "\r\nNorthern Guard takes Riverton," in relative["charts/timeline.csv"]
    assert ",guard-takes-riverton,timeline/2020/#guard-takes-riverton\r\n" in relative["charts/timeline.csv"]


def test_an_embed_is_light_unless_its_address_says_otherwise_and_links_its_data(mini: Path):
    files = {f.path: f.content for f in generate_site(mini, TEMPLATES).files}
    embed = files["embed/timeline/index.html"]
    # The theme is read before the first paint (in the head, before the styles), from the embed's own address.
    head = embed[: embed.index("</head>")]
    assert head.index('<script src="../../assets/javascripts/explainer-theme.js"></script>') < head.index("explainer-embed.css")
    assert '<a class="ex-get-data" href="../../charts/timeline.csv" target="_blank" rel="noopener" download>Get the data</a> (CSV)' in embed
    css = (TEMPLATES / "overrides" / "assets" / "stylesheets" / "explainer-embed.css").read_text()
    # The reader's dark mode alone changes nothing: only ?theme=auto follows it.
    assert re.findall(r"@media \(prefers-color-scheme: dark\) \{\s*([^{]+)\{", css) == [':root[data-ex-theme="auto"] ']
    script = (TEMPLATES / "overrides" / "assets" / "javascripts" / "explainer-theme.js").read_text()
    assert 'theme === "dark" || theme === "auto" ? theme : "light"' in script


def test_a_page_chart_offers_images_and_a_link_to_its_view_and_a_timeline_its_reading_order(mini: Path):
    output = generate_site(mini, TEMPLATES)
    page = next(p.html for p in output.pages if p.src == "timeline.md")
    # The tools and the reading order carry the words the page's script writes, from the catalogue.
    assert (
        '<div class="ex-chart-tools" hidden data-copied="Link to this view copied (and in the address bar)."'
        ' data-saved="%(format)s saved." data-failed="The image could not be made (%(error)s).">'
        '<button type="button" class="ex-tool" data-tool="png">Download PNG</button>'
    ) in page
    steps = (
        '<div class="ex-steps" hidden data-start="Read the events in order, oldest first" data-count="Event %(n)s of %(count)s"'
        ' data-meta="%(category)s · Source: %(source)s" data-meta-key="%(category)s · key event · Source: %(source)s">'
    )
    assert steps in page and 'data-chart="timeline"' in page
    assert 'data-credit="Chart: The Valley, explained, from Valley Gazette, 7 March 2020; The Herald, 10 March 2020"' in page
    # A control chart has no reading order; an embed no image buttons (a sandboxed frame cannot download).
    control = next(p.html for p in output.pages if p.src == "control.md")
    assert '<div class="ex-steps"' not in control and 'class="ex-chart-tools"' in control
    embed = {f.path: f.content for f in output.files}["embed/timeline/index.html"]
    assert 'class="ex-chart-tools"' not in embed and steps in embed
