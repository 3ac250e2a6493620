"""The static chart preview: drawn from the figure Plotly draws, positioned in percentages, text kept as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT
from explainer.i18n import words
from explainer.preview import chart_preview

SVG = "{http://www.w3.org/2000/svg}"
ENGLISH = words("en")


def _figure(traces: list[dict], **layout) -> dict:
    base = {
        "xaxis": {"type": "date", "range": ["2020-01-01", "2020-12-31"]},
        "yaxis": {"type": "category"},
        "showlegend": True,
    }
    base.update(layout)
    return {"data": traces, "layout": base}


def _parse(markup: str) -> ET.Element:
    # The preview is HTML; its pieces are well-formed XML, so a wrapper makes it parseable.
    return ET.fromstring(f'<root xmlns="http://www.w3.org/2000/svg">{markup}</root>')


def _pct(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


def test_a_dot_sits_where_its_date_falls_in_its_lane_and_opens_its_page():
    figure = _figure(
        [
            {"type": "scatter", "mode": "markers", "name": "A", "x": ["2020-01-01", "2020-12-31"], "y": ["First", "Second"],
             "marker": {"color": "#0072B2", "size": 12, "symbol": ["circle", "circle-open"]},
             "customdata": [["timeline/2020/#a", "A"], ["timeline/2020/#b", "B"]]},
        ]
    )
    root = _parse(chart_preview(figure, 300, "chart-x", ENGLISH))
    size, preview = root[0], root[1]
    assert size.get("height") == "300" and size.get("class") == "ex-preview-size"
    circles = preview.findall(f".//{SVG}circle")
    assert [c.get("data-link") for c in circles] == ["timeline/2020/#a", "timeline/2020/#b"]
    # The first day of the range at the left edge of the plot, the last at the right (1% kept free each side).
    assert _pct(circles[0].get("cx")) == pytest.approx(1.0)
    assert _pct(circles[1].get("cx")) == pytest.approx(99.0)
    # Two lanes, the first on top: the second's mark is lower by half the plot's height.
    first, second = _pct(circles[0].get("cy")), _pct(circles[1].get("cy"))
    assert second - first == pytest.approx((100 - 2 - 10) / 2)
    # An open symbol is drawn as a ring, a solid one filled.
    assert circles[0].get("fill") == "#0072B2" and circles[1].get("fill") == "none" and circles[1].get("stroke") == "#0072B2"
    assert [t.text for t in preview.iter(f"{SVG}text") if t.get("class") == "ex-preview-lane"] == ["First", "Second"]


def test_a_bar_runs_from_its_start_for_its_duration_and_hatches_when_vague():
    day = 86_400_000
    figure = _figure(
        [
            {"type": "bar", "orientation": "h", "name": "B", "y": ["Lane", "Lane"], "base": ["2020-01-01", "2020-07-01"],
             "x": [182 * day, 10 * day], "width": 0.5, "marker": {"color": "#D55E00", "pattern": {"shape": ["", "/"]}}},
        ]
    )
    preview = _parse(chart_preview(figure, 200, "chart-y", ENGLISH))
    plain, hatched = preview.findall(f".//{SVG}rect")[-2:]
    assert _pct(plain.get("x")) == pytest.approx(1.0)
    assert _pct(plain.get("width")) == pytest.approx(98 * 182 / 365, abs=0.01)
    assert plain.get("fill") == "#D55E00"
    assert hatched.get("fill") == "url(#chart-y-hatch-0)"
    pattern = preview.find(f".//{SVG}pattern")
    assert pattern.get("id") == "chart-y-hatch-0"


def test_counts_stack_on_the_counts_below():
    day = 86_400_000
    bar = {"type": "bar", "x": ["2020-03-16"], "width": [30 * day]}
    figure = _figure(
        [dict(bar, name="A", y=[3], marker={"color": "#111111"}), dict(bar, name="B", y=[1], marker={"color": "#222222"})],
        barmode="stack",
        yaxis={"domain": [0, 1], "title": {"text": "events a month"}},
    )
    preview = _parse(chart_preview(figure, 200, "chart-z", ENGLISH))
    low, high = [r for r in preview.iter(f"{SVG}rect") if r.get("fill") in ("#111111", "#222222")][-2:]
    # 3 of 4 below, 1 of 4 on top, together the whole height of the axis.
    assert _pct(low.get("height")) == pytest.approx(3 * _pct(high.get("height")))
    assert _pct(high.get("y")) + _pct(high.get("height")) == pytest.approx(_pct(low.get("y")))
    assert "events a month (most: 4)" in [t.text for t in preview.iter(f"{SVG}text")]



def test_a_panel_of_counts_is_named_over_it_as_plotly_draws_it_and_only_once():
    # A count timeline names its two panels with notes over their top left corners ("events a month", "a year (less
    # precise)"), written across: the preview writes each name, with the panel's highest count, over its panel.
    day = 86_400_000
    bar = {"type": "bar", "x": ["2020-03-16"], "width": [30 * day], "marker": {"color": "#111111"}}
    note = {"name": "panel", "xref": "paper", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "showarrow": False}
    figure = _figure(
        [dict(bar, name="A", y=[3]), dict(bar, name="A", y=[2], yaxis="y2", showlegend=False)],
        barmode="stack",
        yaxis={"domain": [0.32, 1]},
        yaxis2={"domain": [0, 0.22]},
        annotations=[dict(note, text="events a month", yref="y domain"), dict(note, text="a year (less precise)", yref="y2 domain")],
    )
    texts = [t.text for t in _parse(chart_preview(figure, 300, "chart-c", ENGLISH)).iter(f"{SVG}text")]
    assert "events a month (most: 3)" in texts and "a year (less precise) (most: 2)" in texts
    assert "".join(str(t) for t in texts).count("events a month") == 1

def test_text_stays_text():
    figure = _figure(
        [
            {"type": "scatter", "mode": "markers", "name": "&lt;img src=x onerror=alert(1)&gt; &amp; co", "x": ["2020-05-01"],
             "y": ["&lt;script&gt;alert(1)&lt;/script&gt;"], "marker": {"color": "#0072B2\" onload=\"alert(1)"}},
        ]
    )
    markup = str(chart_preview(figure, 200, "chart-w", ENGLISH))
    assert "<script" not in markup and "<img" not in markup and 'onload="' not in markup
    root = _parse(markup)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts  # Plotly's escaping undone, the preview's own applied
    assert ["".join(li.itertext()) for li in root.iter(f"{SVG}li")] == ["<img src=x onerror=alert(1)> & co"]


def test_ticks_are_years_for_a_long_span_and_months_for_a_short_one():
    def ticks(start: str, end: str) -> list[str]:
        figure = _figure([], xaxis={"type": "date", "range": [start, end]})
        return [t.text for t in _parse(chart_preview(figure, 200, "c", ENGLISH)).iter(f"{SVG}text") if "ex-preview-tick" in t.get("class")]

    assert ticks("2014-10-03", "2025-02-28") == ["2016", "2018", "2020", "2022", "2024"]
    assert ticks("2019-12-20", "2020-04-10") == ["Jan 2020", "Feb", "Mar", "Apr"]
    # On a phone, every other label gives way (the last one stays).
    figure = _figure([], xaxis={"type": "date", "range": ["2010-01-01", "2017-06-01"]})
    classes = [t.get("class") for t in _parse(chart_preview(figure, 200, "c", ENGLISH)).iter(f"{SVG}text") if "tick" in t.get("class")]
    assert classes[-1] == "ex-preview-tick" and classes[-2] == "ex-preview-tick ex-preview-minor"


def test_a_trace_it_cannot_draw_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="a chart preview cannot draw a 'pie' trace"):
        chart_preview(_figure([{"type": "pie", "x": [], "y": []}]), 200, "c", ENGLISH)


def test_every_chart_of_the_bundled_site_has_a_preview_with_every_mark():
    from conftest import ROOT
    from explainer.generate import generate_site

    output = generate_site(ROOT / "site_data", ROOT / "templates")
    assert output.charts
    for chart in output.charts.values():
        # The marks of the plot: not the legend's swatches, nor the patterns that fill marks.
        preview = re.sub(r'<ul class="ex-chart-key[^"]*"[^>]*>.*?</ul>|<defs>.*?</defs>', "", str(chart.preview))
        # Every point of every trace (a legend entry's empty point is no mark).
        marks = sum(len([x for x in trace["x"] if x is not None]) for trace in chart.figure["data"])
        drawn = len(re.findall(r"<(?:circle|rect x=\"[\d.]+%\"|polygon) ", preview))
        assert drawn == marks, chart.id


def test_the_keys_band_in_the_styles_is_the_room_the_charts_are_built_with():
    # The key over a plot stands under the band Plotly's toolbar takes (explainer-charts.css); control and zones
    # charts are built with that room (charts.common.TOOLBAR_BAND), so that they do not grow when drawn.
    from explainer.charts.common import TOOLBAR_BAND

    styles = ROOT / "templates/overrides/assets/stylesheets"
    charts = re.search(r"^\.ex-chart-key \{[^}]*margin: (\d+)px 0 ", (styles / "explainer-charts.css").read_text(encoding="utf-8"), re.M)
    typeset = re.search(r"^\.md-typeset ul\.ex-chart-key \{[^}]*margin: (\d+)px 0 ", (styles / "explainer.css").read_text(encoding="utf-8"), re.M)
    assert charts and typeset
    assert int(charts.group(1)) == int(typeset.group(1)) == TOOLBAR_BAND
