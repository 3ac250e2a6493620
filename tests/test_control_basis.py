"""Who held what: what a source reports, what the site presumes between reports, and what nobody says.

Every view of control (the derived history, the checks on statements of who held a place, the chart and its
data, the pages) tells the three apart, and an end that no source gives stays open.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from conftest import ROOT, problems
from explainer.charts import DAY_MS, ChartContext, ControlSpec, build_chart
from explainer.derive import build_index, control_history
from explainer.generate import generate_site
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.model import Claim, ControlChange, ControlReport, DateInference, Event

TEMPLATES = ROOT / "templates"


# --- the derived history ------------------------------------------------------------------------------


def _event(event_id: str, date: str, *changes: ControlChange, inferred: bool = False) -> Event:
    return Event(
        id=event_id,
        title=event_id,
        date=date,
        category="fighting",
        summary="s",
        claims=[Claim(source="herald", quote="q")],
        control_changes=list(changes),
        date_inferred=DateInference(source="herald", phrase="on Saturday", reasoning="r") if inferred else None,
    )


def _change(to: str, source: str | None = None, extent: str = "full") -> ControlChange:
    return ControlChange(place="town", to=to, extent=extent, **({"from": source} if source else {}))


def _report(holder: str, date: str, source: str = "herald", extent: str = "full") -> tuple[str, int, ControlReport]:
    return ("town", 0, ControlReport(holder=holder, date=date, extent=extent, claims=[Claim(source=source, quote="q")]))


def rows(periods) -> list[tuple]:
    return [(p.basis, p.holder, p.start and str(p.start), p.end and str(p.end), p.extent, p.missing_change) for p in periods]


def test_changes_only_reported_at_their_dates_presumed_between_open_at_both_ends():
    first = _event("a", "2019-08", _change("front"))
    second = _event("b", "2020-03-07", _change("guard", "front"), inferred=True)
    history = control_history([(second, second.control_changes[0]), (first, first.control_changes[0])])
    assert rows(history) == [
        ("unknown", None, None, "2019-08", "full", None),
        ("reported", "front", "2019-08", "2019-08", "full", None),
        ("presumed", "front", "2019-08", "2020-03-07", "full", None),
        ("reported", "guard", "2020-03-07", "2020-03-07", "full", None),
        ("presumed", "guard", "2020-03-07", None, "full", None),
    ]
    assert [p.gap_words() for p in history] == [
        "no source reports who held it before August 2019",
        "",
        "no source reports who held it between August 2019 and 7 March 2020 (inferred)",
        "",
        "no source reports who held it after 7 March 2020 (inferred)",
    ]
    # Each end of a presumed row is the report it rests on; an open end has none.
    assert (history[2].after.event, history[2].before.event) == ("a", "b")
    assert history[0].open_start and history[0].after is None and history[4].open_end and history[4].before is None


def test_a_statement_alone_is_reported_on_its_date_and_open_before_and_after():
    history = control_history([], [_report("guard", "2020-01-29")])
    assert rows(history) == [
        ("presumed", "guard", None, "2020-01-29", "full", None),
        ("reported", "guard", "2020-01-29", "2020-01-29", "full", None),
        ("presumed", "guard", "2020-01-29", None, "full", None),
    ]
    assert history[1].point.kind == "report" and history[1].point.event is None and history[1].point.sources == ("herald",)
    assert [p.gap_words() for p in history] == [
        "reported held as of 29 January 2020; no source reports since when",
        "",
        "no source reports who held it after 29 January 2020",
    ]


def test_sources_that_disagree_leave_the_time_between_them_unknown():
    history = control_history([], [_report("front", "2020-01", "gazette"), _report("guard", "2020-06", "herald")])
    assert rows(history)[1:4] == [
        ("reported", "front", "2020-01", "2020-01", "full", None),
        ("unknown", None, "2020-01", "2020-06", "full", ("front", "guard")),
        ("reported", "guard", "2020-06", "2020-06", "full", None),
    ]
    assert history[2].gap_words() == "no source reports who held it between January 2020 and June 2020"
    # Two sources naming different holders on the same day: nothing lies between them, but the row says they differ.
    same_day = control_history([], [_report("front", "2020-06-01", "gazette"), _report("guard", "2020-06-01", "herald")])
    assert rows(same_day)[2] == ("unknown", None, "2020-06-01", "2020-06-01", "full", ("front", "guard"))


def test_reports_that_agree_on_the_same_day_presume_nothing_between_them():
    change = _event("a", "2020-06-01", _change("guard"))
    history = control_history([(change, change.control_changes[0])], [_report("guard", "2020-06-01")])
    # The change first, then the statement of that day (which describes the place after the day's events).
    assert [(p.basis, p.point and p.point.kind) for p in history] == [
        ("unknown", None),
        ("reported", "change"),
        ("reported", "report"),
        ("presumed", None),
    ]


def test_a_partial_change_is_partial_before_and_after_it():
    event = _event("a", "2024-11-27/2024-11-30", _change("front", "guard", extent="partial"))
    assert rows(control_history([(event, event.control_changes[0])])) == [
        ("presumed", "guard", None, "2024-11-27/2024-11-30", "partial", None),
        ("reported", "front", "2024-11-27/2024-11-30", "2024-11-27/2024-11-30", "partial", None),
        ("presumed", "front", "2024-11-27/2024-11-30", None, "partial", None),
    ]


def test_the_fixture_topic_reports_presumes_and_leaves_unknown(mini: Path):
    index = build_index(load_dataset(mini))
    history = index.control_history["hillcrest"]
    assert [(p.basis, p.holder, p.extent) for p in history] == [
        ("unknown", None, "full"),
        ("reported", "valley-front", "full"),  # 2015: the Front first enters
        ("unknown", None, "full"),  # the Gazette says the Guard holds it in 2020: who took it from the Front?
        ("reported", "northern-guard", "full"),  # the Gazette's statement, 7 March 2020
        ("presumed", "northern-guard", "full"),
        ("reported", "valley-front", "partial"),  # the Herald: part of it retaken, 9 March 2020
        ("presumed", "valley-front", "partial"),
    ]
    assert history[4].gap_words() == "no source reports who held it between 7 March 2020 (the article's date) and 9 March 2020 (inferred)"
    # The statement's quote is cited like every other claim, on its source's page.
    labels = [c.label for c in index.citations_by_source["gazette-2020-03-07"] if c.record_id == "hillcrest"]
    assert labels == ["who held it"]


# --- checks on statements of who held a place -----------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_statement_names_a_known_holder_and_quotes_its_source(mini: Path):
    place = mini / "places" / "hillcrest.yaml"
    _edit(place, "  - holder: northern-guard", "  - holder: northern-gaurd")
    _edit(place, "quote: Nearby Hillcrest remains held by the Northern Guard.", "quote: Hillcrest remains held by the Guard.")
    assert problems(mini) == [
        "site_data/places/hillcrest.yaml:7:13: unknown actor id 'northern-gaurd' in 'holder' (did you mean"
        " 'northern-guard'?); it must be the id of a file in site_data/actors/",
        "site_data/places/hillcrest.yaml:11:16: the quote is not verbatim in the archived text of source"
        " 'gazette-2020-03-07'; the closest passage is: “Hillcrest remains held by the Northern”",
    ]


def test_a_statement_is_dated_no_later_than_its_source(mini: Path):
    _edit(mini / "places" / "hillcrest.yaml", "    date: 2020-03-07", "    date: 2020-03-08")
    assert problems(mini) == [
        "site_data/places/hillcrest.yaml:8:11: the report's date (8 March 2020) is after the publication of source"
        " 'gazette-2020-03-07' (7 March 2020), which says who held the place; give a date on or before it",
    ]


def test_a_statement_needs_its_quotes_and_a_known_extent(mini: Path):
    place = mini / "places" / "hillcrest.yaml"
    text = place.read_text(encoding="utf-8")
    place.write_text(text[: text.index("    claims:")] + "    extent: most\n    claims: []\n", encoding="utf-8")
    assert problems(mini) == [
        "site_data/places/hillcrest.yaml:9:13: 'control_reports[0].extent' must be one of 'full' or 'partial'; got 'most'",
        "site_data/places/hillcrest.yaml:10:13: 'control_reports[0].claims' needs at least 1 entry (The quotes that say"
        " who held the place)",
    ]


# --- the chart and its data ------------------------------------------------------------------------------


def _control_chart(data_dir: Path, place: str | None = None):
    data = load_dataset(data_dir)
    index = build_index(data)
    ctx = ChartContext.build(data, index, event_layout(index))
    ctx.validate = True  # plotly checks every property
    spec = ControlSpec(place=place)
    return ctx, build_chart(ctx, spec, "control.md", "t")


def _bars(figure: dict) -> list[dict]:
    return [t for t in figure["data"] if t["type"] == "bar" and t["x"] != [None]]


def test_presumed_spans_are_light_and_hatched_in_the_holders_colour(mini: Path):
    ctx, chart = _control_chart(mini, "riverton")
    front = ctx.holder_colours["valley-front"]
    presumed = [t for t in _bars(chart.figure) if t["marker"].get("pattern", {}).get("shape") == "/"]
    assert [(t["name"], t["base"], t["x"], t["marker"]["color"], t["marker"]["opacity"]) for t in presumed] == [
        # From the day after August 2019 to the day the Guard took it.
        ("Valley Front", ["2019-09-01"], [(dt.date(2020, 3, 7) - dt.date(2019, 9, 1)).days * DAY_MS], front, 0.5),
    ]
    assert presumed[0]["customdata"][0][2:] == [
        "Valley Front (presumed)",
        "No source reports who held it between August<br>2019 and 7 March 2020 (inferred).",
    ]
    # The caption explains each style the chart draws (and only those: this one has no statement, no disagreement).
    assert chart.caption == (
        "Who held Riverton, as the sources report it. A diamond is a change of control a source reports, in the colour"
        " of who held it after and with its date (a thin bar under it spans the month, year or days the source gives)."
        " A light hatched bar in the holder's colour is presumed: no source reports who held the place then. An end that"
        " no source gives fades out, grey where none says who held it. Under the last mark of each row: who held the"
        " place at the last report. A grey ring marks a date the editors inferred from the source's wording (such as"
        " “on Saturday”)."
    )
    # The legend says what hatching means.
    keys = [t["name"] for t in chart.figure["data"] if t.get("showlegend") and t["x"] == [None]]
    assert keys == ["Northern Guard", "Valley Front", "Hatched: presumed, no source reports it", "Grey: unknown"]


def test_each_reported_change_is_a_mark_with_its_date(mini: Path):
    _ctx, chart = _control_chart(mini, "riverton")
    marks = [t for t in chart.figure["data"] if t["type"] == "scatter" and t["mode"] == "markers+text"]
    assert [(t["name"], t["x"], t["text"], t["marker"]["symbol"], t["marker"]["size"]) for t in marks] == [
        ("Northern Guard", ["2020-03-07"], ["7 Mar 2020"], ["diamond"], 14),
        ("Valley Front", ["2019-08-16"], ["Aug 2019"], ["diamond"], 14),
    ]
    # A date the editors inferred is ringed, as on every chart.
    rings = [t for t in chart.figure["data"] if (t.get("meta") or {}).get("inferred")]
    assert [ring["x"] for ring in rings] == [["2020-03-07"]]
    # A month is drawn as the month under its mark: the days the date may mean.
    month = [t for t in _bars(chart.figure) if t["width"] == 0.1]
    assert [(t["base"], t["x"]) for t in month] == [(["2019-08-01"], [31 * DAY_MS])]
    # The end of the row says who held the place at the last report, under its mark.
    assert chart.figure["layout"]["annotations"] == [
        {
            "font": {"shadow": "auto", "size": 11},
            "showarrow": False,
            "text": "Last report: Northern Guard",
            "x": "2020-03-07",
            "xanchor": "right",
            "y": 0.36,
            "yanchor": "middle",
        }
    ]


def test_an_end_no_source_gives_fades_out_and_is_never_pinned_to_the_axis(mini: Path):
    ctx, chart = _control_chart(mini)
    axis_start = dt.date.fromisoformat(chart.figure["layout"]["xaxis"]["range"][0])
    tail = max(20, (ctx.last_day - dt.date(2015, 1, 1)).days // 25)  # from the first report (2015) to the last source
    fading = [t for t in _bars(chart.figure) if (t.get("meta") or {}).get("fading")]
    ends = sorted(
        (t["y"][i], t["meta"]["fading"][i], t["base"][i], t["x"][i] // DAY_MS) for t in fading for i in range(len(t["y"]))
    )
    assert ends == [
        ("Hillcrest", "after", "2020-03-10", tail),  # the Front's part, after 9 March 2020
        ("Hillcrest", "before", (dt.date(2015, 1, 1) - dt.timedelta(days=tail)).isoformat(), tail),  # before 2015
        ("Riverton", "after", "2020-03-08", tail),
        ("Riverton", "before", (dt.date(2019, 8, 1) - dt.timedelta(days=tail)).isoformat(), tail),
    ]
    # No bar starts where the axis starts: an unknown start is open, not the axis's first day.
    assert all(dt.date.fromisoformat(base) > axis_start for t in _bars(chart.figure) for base in t["base"])
    assert "An end that no source gives fades out, grey where none says who held it." in chart.caption


def test_the_data_says_what_each_row_rests_on(mini: Path):
    files = {f.path: f.content for f in generate_site(mini, TEMPLATES).files}
    lines = files["charts/control-place-hillcrest.csv"].splitlines()
    header = lines[0].split(",")
    assert header[:6] == ["Place", "Held by", "Basis", "From", "Until", "What the sources say"]
    assert [line.split(",")[2] for line in lines[1:]] == [
        "unknown", "reported", "unknown", "reported", "presumed", "reported", "presumed"
    ]
    assert lines[4] == (
        'Hillcrest,Northern Guard,reported,7 March 2020 (the article\'s date),7 March 2020 (the article\'s date),"Northern Guard held it (a source\'s statement;'
        ' no change reported); reported by Valley Gazette, 7 March 2020",2020-03-07,2020-03-07,day,no,2020-03-07,'
        "hillcrest,places/hillcrest/"
    )
    assert lines[7] == (
        "Hillcrest,Valley Front (part of it),presumed,9 March 2020 (inferred),open (no later report),"
        "No source reports who held it after 9 March 2020 (inferred).,2020-03-09,,day/open,yes,2020-03-09/..,"
        "hillcrest,places/hillcrest/"
    )


# --- the pages -----------------------------------------------------------------------------------------------


def _text(page: str) -> str:
    """A page's text as a reader reads it (and a screen reader: visually hidden words included)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def test_the_place_page_says_what_no_source_reports(mini: Path):
    pages = {p.src: p.html for p in generate_site(mini, TEMPLATES).pages}
    place = _text(pages["places/hillcrest.md"])
    assert "No source reports who held it between 7 March 2020 (the article's date) and 9 March 2020 (inferred)." in place
    assert (
        "At the last report, 9 March 2020 (inferred from “Yesterday” (The Herald, 10 March 2020)): Valley Front held"
        " part of it. No later source reports who held it." in place
    )
    assert (
        "No source reports who held it between 2015 and 7 March 2020 (the article's date). The sources report Valley"
        " Front holding it, then Northern Guard: a change in between is not reported, or they disagree." in place
    )
    # A statement dated by the article that makes it says so wherever its date is shown.
    assert "7 March 2020 (the article's date) Northern GuardReported Northern Guard held it, as a source states" in place
    # A statement is shown with its quote and source.
    assert "Northern Guard held it, as a source states (no change reported): “Nearby Hillcrest remains held by the Northern Guard.” (Valley Gazette, 7 March 2020)" in place
    control = _text(pages["control.md"])
    assert "Between two reports that agree, the site presumes that nothing changed, and says so" in control


def test_places_held_say_reported_and_presumed_and_part_of(mini: Path):
    pages = {p.src: p.html for p in generate_site(mini, TEMPLATES).pages}
    front = _text(pages["actors/valley-front.md"])
    held = front[front.index("Places held") :]
    assert held.startswith(
        "Places held¶ What the sources report about the places Valley Front held, and what the site presumes between"
        " their reports."
        " Hillcrest Reported, 2015: took it."
        " Reported, 9 March 2020 (inferred from “Yesterday” (The Herald, 10 March 2020)): took part of it from Northern Guard."
        " Presumed: held part of it; no source reports who held it after 9 March 2020 (inferred)."
        " Riverton Reported, August 2019: took it."
        " Presumed: held it; no source reports who held it between August 2019 and 7 March 2020 (inferred)."
        " Reported, 7 March 2020 (inferred from “on Saturday” (Valley Gazette, 7 March 2020)): lost it to Northern Guard."
    )


def test_names_reach_the_control_chart_escaped(mini: Path):
    payload = "<img src=x onerror=alert(1)> <b>&amp;</b>"
    escaped = "&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;&amp;amp;&lt;/b&gt;"
    _edit(mini / "actors" / "valley-front.yaml", "name: Valley Front", f"name: {payload!r}".replace("'", '"'))
    _ctx, chart = _control_chart(mini, "hillcrest")
    figure = chart.figure
    # Every name Plotly reads as HTML (legend, marks, hover, the last report) is escaped for it.
    names = {t["name"] for t in figure["data"] if "Valley" not in t["name"] and "Guard" not in t["name"]} - {
        "Unknown", "Hatched: presumed, no source reports it", "Grey: unknown", "Ringed: date inferred from the source's wording"
    }
    assert names == {escaped}
    assert figure["layout"]["annotations"][0]["text"] == f"Last report: {escaped} (part of it)"
    hovers = [cell for t in figure["data"] for row in t.get("customdata") or [] for cell in row]
    assert f"{escaped} took<br>part of it from Northern Guard" in hovers
    assert "<img" not in str(chart.preview) and "<b>" not in str(chart.preview)
