"""The control chart: who held each place when, as the sources report it.

What the sources report is drawn solid: a diamond for a change of control, a dot for a statement of who
held a place, on the date the source gives (a thin bar under it spans a month or a year), in the colour of
who held it after. What the site presumes between two reports that agree is a light hatched bar in the
holder's colour; what no source tells (the sources disagree, or a change is missing) a grey dotted bar. An
end no source gives fades out (as on every chart): it is never drawn to the axis or to a publication date.
The end of each row says who held the place at the last report. The chart of every place shows the
:data:`MAX_CONTROL_LANES` places with the most reported changes, fewer when their rows add up to more than
:data:`MAX_CONTROL_MARKS`.

This module draws it (:func:`draw`, which :func:`explainer.charts.build_chart` calls); its spec, the check of a
chart block and its default title are :mod:`.control`'s, which checking a block loads without this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..colours import ACTOR_PALETTE
from ..dates import HistoricalDate
from ..dating import DATA_COLUMNS, Dated
from ..i18n import Words, gettext_noop
from ..kinds import PLACES
from ..routes import record_page, section
from .common import (
    DAY_MS,
    TOOLBAR_BAND,
    UNKNOWN_COLOUR,
    Chart,
    ChartContext,
    Mark,
    Trace,
    base_layout,
    fade_days,
    figure,
    hover_date,
    inferred_rings,
    iso,
    marks_caption,
    plotly_text,
    source_names,
    trace,
)
from .control import ControlSpec

if TYPE_CHECKING:  # the index is made by what builds charts: checking a chart block needs none of it
    from ..derive import ControlPeriod, ControlPoint


#: Most places the control chart of every place shows (those with the most recorded changes).
MAX_CONTROL_LANES = 40
#: Most rows the chart of every place draws, all its places together: reported marks, and the bars of what is
#: presumed or unknown between them. On a large topic the busiest places have hundreds of rows each, and forty of
#: them would be a chart no one can read and a page that grows with the topic; 250 rows (each with its own hover
#: text, and as many holders' colours) keep its embed within 0.45 MB gzipped in all, Plotly.js included, at
#: 100,000 events. At least one place is always shown, whole.
MAX_CONTROL_MARKS = 250
#: The reported marks: a change of control, and a statement of who held a place.
CONTROL_SYMBOLS = {"change": "diamond", "report": "circle"}
#: How thick the bar of the days a reported date may mean is, in lanes: a bracket under its mark, not a holding.
WINDOW_WIDTH = 0.1
#: Grey and dotted: no source says who held the place, or the reports on either side disagree.
UNKNOWN_MARKER = {"color": UNKNOWN_COLOUR, "opacity": 0.6, "line": {"color": UNKNOWN_COLOUR, "width": 1}, "pattern": {"shape": "."}}
#: Longest line of a control chart's hover label (a label does not wrap by itself).
HOVER_LINE = 48
CONTROL_HOVER = "%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
#: Each row's height in pixels: its dates above its marks, its last report below.
ROW_HEIGHT = 52
#: Where the note of the last report sits under its lane's middle, in lanes (below the bars, which are half a lane).
LAST_REPORT_OFFSET = 0.36

#: The basis of a row of the control table, in the site's words (the data columns keep the value itself).
BASIS_WORDS = {"reported": gettext_noop("reported"), "presumed": gettext_noop("presumed"), "unknown": gettext_noop("unknown")}


def _short_date(words: Words, text: str) -> str:
    """A date in words with its months abbreviated, for a label on a chart: "30 Nov 2024", "27–29 Jan 2020"."""
    month_name, short = _month_abbreviations(words.month_names(), words.month_names("abbreviated"))
    return month_name.sub(lambda match: short[match.group(1)], text)


@functools.lru_cache(maxsize=16)
def _month_abbreviations(wide: tuple[str, ...], abbreviated: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of a language's months' names, and each name's abbreviation (made once a language: a large
    site has a hundred thousand dates on its control charts)."""
    short = dict(zip(wide, abbreviated))
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in short) + r")\b"), short


def _point_dated(ctx: ChartContext, point: ControlPoint) -> Dated:
    """A reported point's date with its markers: the event's for a change (inferred…), the statement's own."""
    return ctx.dated(ctx.data.events[point.event]) if point.event is not None else Dated(point.date, lang=ctx.words, article=point.article_date)


def _holder_name(ctx: ChartContext, holder: str | None, extent: str = "full") -> str:
    words = ctx.words
    name = ctx.data.actors[holder].name if holder is not None else words.gettext("Unknown")
    return words.gettext("%(holder)s (part of it)", holder=name) if extent == "partial" else name


def _point_words(ctx: ChartContext, point: ControlPoint) -> str:
    """What a reported point says, in words: "Northern Guard took it from Valley Front"
    (in the past tense, which reads the same after a singular or a plural name)."""
    actors = ctx.data.actors
    words = ctx.words
    holder = actors[point.holder].name
    partial = point.extent == "partial"
    if point.kind == "report":
        if partial:
            return words.gettext("%(holder)s held part of it (a source's statement; no change reported)", holder=holder)
        return words.gettext("%(holder)s held it (a source's statement; no change reported)", holder=holder)
    if point.previous is None:
        if partial:
            return words.gettext("%(holder)s took part of it (from whom, the sources do not say)", holder=holder)
        return words.gettext("%(holder)s took it (from whom, the sources do not say)", holder=holder)
    previous = actors[point.previous].name
    if partial:
        return words.gettext("%(holder)s took part of it from %(previous)s", holder=holder, previous=previous)
    return words.gettext("%(holder)s took it from %(previous)s", holder=holder, previous=previous)


def _period_words(ctx: ChartContext, period: ControlPeriod) -> tuple[str, str]:
    """A row's start and end in words, with their dates' markers; an open end says so."""
    point = period.point
    if point is not None:
        words = _point_dated(ctx, point).short
        return words, words
    start = _point_dated(ctx, period.after).short if period.after is not None else ctx.words.gettext("open (no source gives it)")
    end = _point_dated(ctx, period.before).short if period.before is not None else ctx.words.gettext("open (no later report)")
    return start, end


def _period_note(ctx: ChartContext, period: ControlPeriod) -> str:
    """What a row rests on: the report and its sources, or what no source reports."""
    words = ctx.words
    if period.point is not None:
        return words.gettext(
            "%(what)s; reported by %(sources)s",
            what=_point_words(ctx, period.point),
            sources=source_names(ctx.data, list(period.point.sources), words),
        )
    note = words.gettext("%(sentence)s.", sentence=period.gap_words()[:1].upper() + period.gap_words()[1:])
    if period.missing_change is not None:
        earlier, later = (ctx.data.actors[actor].name for actor in period.missing_change)
        note += " " + words.gettext(
            "The sources report %(earlier)s holding it, then %(later)s: a change in between is not reported, or they disagree.",
            earlier=earlier,
            later=later,
        )
    return note


def _hover_wrapped(text: str) -> str:
    """A sentence for a hover label: escaped, in lines of at most :data:`HOVER_LINE` characters."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, HOVER_LINE))


def _point_link(ctx: ChartContext, point: ControlPoint) -> str:
    """Where a reported point is told: its event's section, or the place's control history for a statement."""
    return ctx.url(ctx.event_link(point.event)) if point.event is not None else ctx.url(section(record_page(PLACES, point.place), "control"))


def _period_link(ctx: ChartContext, period: ControlPeriod) -> str:
    point = period.point or period.after or period.before
    return _point_link(ctx, point) if point is not None else ""


def _period_data_cells(ctx: ChartContext, period: ControlPeriod) -> list[str]:
    """A row's dates for the downloads, in the order of :data:`DATA_COLUMNS`: a reported point's own date; for
    the rows between, from the first day of the report it follows to the last of the one it leads to ("" and
    ".." for an open end)."""
    if period.point is not None:
        return _point_dated(ctx, period.point).data_cells()
    after = _point_dated(ctx, period.after) if period.after is not None else None
    before = _point_dated(ctx, period.before) if period.before is not None else None
    inferred = any(d is not None and d.inferred is not None for d in (after, before))
    return [
        after.date.lower.isoformat() if after else "",
        before.date.upper.isoformat() if before else "",
        f"{after.date.first.precision if after else 'open'}/{before.date.last.precision if before else 'open'}",
        "yes" if inferred else "no",
        f"{_edtf_point(after.date, 'first') if after else '..'}/{_edtf_point(before.date, 'last') if before else '..'}",
    ]


def _edtf_point(date: HistoricalDate, end: Literal["first", "last"]) -> str:
    """A date's first or last point in EDTF: the date as written when it is one point (its qualifiers kept)."""
    if not date.is_range:
        return date.text
    return (date.first if end == "first" else date.last).iso()


@dataclass(frozen=True)
class _ControlLane:
    """One place's lane of the chart: the rows of its history it shows."""

    name: str
    """The place's name, escaped for Plotly (the lane's label)."""
    periods: list[ControlPeriod]
    """The rows of its history the chart shows (those in its window of dates)."""
    last_report: ControlPoint | None
    """The last report of its whole history (which a window of dates may leave out)."""


def _control_geometry(period: ControlPeriod, tail: dt.timedelta) -> tuple[dt.date, dt.date] | None:
    """Where a row is drawn, as [first day, day after the last): a report over the days its date may mean;
    a row between two reports between them; an open end over a fading tail. None when there is no room."""
    one = dt.timedelta(days=1)
    if period.point is not None:
        return period.point.date.lower, period.point.date.upper + one
    if period.after is None and period.before is not None:
        return period.before.date.lower - tail, period.before.date.lower
    if period.before is None and period.after is not None:
        return period.after.date.upper + one, period.after.date.upper + one + tail
    if period.after is not None and period.before is not None and period.before.date.lower > period.after.date.upper + one:
        return period.after.date.upper + one, period.before.date.lower
    return None


def _bar(name: str, items: list[tuple[str, dt.date, dt.date, list[str]]], marker: dict[str, Any], width: float, **extra: Any) -> Trace:
    """A horizontal bar trace: (lane, first day, day after the last, customdata) for each bar; ``name`` is plain
    text (escaped here for Plotly, which reads names as HTML)."""
    return trace(
        "bar",
        name=plotly_text(name),
        orientation="h",
        y=[lane for lane, _, _, _ in items],
        base=[iso(first) for _, first, _, _ in items],
        x=[(end - first).days * DAY_MS for _, first, end, _ in items],
        marker=marker,
        width=width,
        customdata=[data for _, _, _, data in items],
        hovertemplate=CONTROL_HOVER,
        showlegend=False,
        **extra,
    )


def _legend_key(name: str, kind: str, rank: int, **style: Any) -> Trace:
    """A legend entry that draws nothing (its one point is empty): what a colour or a style means (``name`` is
    plain text)."""
    extra = {"orientation": "h", "base": [None]} if kind == "bar" else {"mode": "markers"}
    return trace(kind, name=plotly_text(name), x=[None], y=[None], showlegend=True, legendrank=rank, hoverinfo="skip", **extra, **style)


@dataclass(frozen=True)
class ControlStyles:
    """Which of its styles a control chart draws: its caption explains those, and only those."""

    changes: bool
    statements: bool
    windows: bool
    presumed: bool
    unknown: bool
    open_ends: bool
    unknown_open_ends: bool
    shared: bool = False
    """Whether it draws a holder past the palette's eight, in the colour they share (colours.py)."""

    def caption(self, words: Words) -> str:
        marks = [
            *([words.gettext("a diamond is a change of control a source reports")] if self.changes else []),
            *([words.gettext("a dot a source's statement of who held the place")] if self.statements else []),
        ]
        parts = []
        if marks:
            listed = words.gettext(", ").join(marks)
            listed = listed[:1].upper() + listed[1:]
            if self.windows:
                parts.append(
                    words.gettext(
                        "%(marks)s, in the colour of who held it after and with its date (a thin bar under it spans the"
                        " month, year or days the source gives).",
                        marks=listed,
                    )
                )
            else:
                parts.append(words.gettext("%(marks)s, in the colour of who held it after and with its date.", marks=listed))
        if self.presumed:
            parts.append(words.gettext("A light hatched bar in the holder's colour is presumed: no source reports who held the place then."))
        if self.unknown:
            parts.append(
                words.gettext(
                    "A grey dotted bar is unknown: the reports on either side name different holders (a change is missing,"
                    " or the sources disagree)."
                )
            )
        if self.open_ends:
            parts.append(
                words.gettext("An end that no source gives fades out, grey where none says who held it.")
                if self.unknown_open_ends
                else words.gettext("An end that no source gives fades out.")
            )
        if self.shared:
            parts.append(
                words.ngettext(
                    "Beyond the holder the sources report most, the others share one colour, magenta: the legend and the"
                    " hover name each.",
                    "Beyond the %(num)s holders the sources report most, the others share one colour, magenta: the legend"
                    " and the hover name each.",
                    len(ACTOR_PALETTE),
                )
            )
        parts.append(words.gettext("Under the last mark of each row: who held the place at the last report."))
        return " ".join(parts)


@dataclass(frozen=True)
class _ControlFigure:
    """What a control chart draws: its traces, the days its axis spans, its notes of the last reports, the styles
    it uses (for its caption) and its reported marks (for the caption of their dates' markers)."""

    traces: list[Trace]
    x_range: tuple[dt.date, dt.date]
    annotations: list[dict[str, Any]]
    styles: ControlStyles
    marks: list[Mark]


def control_figure(ctx: ChartContext, lanes: list[_ControlLane]) -> _ControlFigure:
    """The traces, notes and reported marks of a control chart of ``lanes``."""
    data = ctx.data
    words = ctx.words
    points = [(lane, p) for lane in lanes for p in lane.periods if p.point is not None]
    # A reported row's start and end are its point's date.
    known = [day for _, p in points if p.point is not None for day in (p.point.date.lower, p.point.date.upper)]
    # From the first report to the newest source (how long ago the last report was is part of the story).
    first, last = (min(known, default=ctx.first_day), max(known + [ctx.last_day]))
    tail = dt.timedelta(days=fade_days(first, last))
    holders = sorted({p.holder for lane in lanes for p in lane.periods if p.holder}, key=lambda h: data.actors[h].name.casefold())

    def customdata(lane: _ControlLane, period: ControlPeriod, what: str) -> list[str]:
        if period.point is not None:
            reported = words.gettext("Reported by %(sources)s", sources=source_names(data, list(period.point.sources), words))
            detail = hover_date(_point_dated(ctx, period.point)) + "<br>" + _hover_wrapped(reported)
        else:
            detail = _hover_wrapped(_period_note(ctx, period))
        return [_period_link(ctx, period), lane.name, _hover_wrapped(what), detail]

    presumed: dict[str, list[tuple[str, dt.date, dt.date, list[str]]]] = {}
    windows: dict[str, list[tuple[str, dt.date, dt.date, list[str]]]] = {}
    fading: dict[str, list[tuple[str, dt.date, dt.date, list[str]]]] = {}
    fade_towards: dict[str, list[str]] = {}
    unknown: list[tuple[str, dt.date, dt.date, list[str]]] = []
    marks: dict[str, list[tuple[Mark, ControlPoint]]] = {}
    for lane in lanes:
        for period in lane.periods:
            drawn = _control_geometry(period, tail)
            if drawn is None:
                continue
            colour_key = period.holder or ""
            label = _holder_name(ctx, period.holder, period.extent)
            if period.point is not None:
                point = period.point
                item = customdata(lane, period, _point_words(ctx, point))
                if (point.date.upper - point.date.lower).days >= 1:
                    windows.setdefault(point.holder, []).append((lane.name, *drawn, item))
                dated = _point_dated(ctx, point)
                marks.setdefault(point.holder, []).append((Mark(lane.name, dated, item, point.date.lower, point.date.upper), point))
            elif period.open_start or period.open_end:
                what = (
                    words.gettext("%(holder)s (presumed, open end)", holder=label)
                    if period.basis == "presumed"
                    else words.gettext("%(holder)s (open end)", holder=label)
                )
                fading.setdefault(colour_key, []).append((lane.name, *drawn, customdata(lane, period, what)))
                fade_towards.setdefault(colour_key, []).append("before" if period.open_start else "after")
            elif period.basis == "presumed":
                presumed.setdefault(colour_key, []).append(
                    (lane.name, *drawn, customdata(lane, period, words.gettext("%(holder)s (presumed)", holder=label)))
                )
            else:
                unknown.append((lane.name, *drawn, customdata(lane, period, words.gettext("Unknown"))))

    def colour(holder: str) -> str:
        return ctx.holder_colours.get(holder, UNKNOWN_COLOUR) if holder else UNKNOWN_COLOUR

    traces: list[Trace] = []
    for holder in [*holders, ""]:
        if holder in presumed:
            c = colour(holder)
            # Light and hatched: no source reports who held it then.
            marker = {"color": c, "opacity": 0.5, "line": {"color": c, "width": 1}, "pattern": {"shape": "/"}}
            traces.append(_bar(_holder_name(ctx, holder or None), presumed[holder], marker, 0.5, legendgroup=holder or "unknown"))
    if unknown:
        traces.append(_bar(words.gettext("Unknown"), unknown, UNKNOWN_MARKER, 0.5, legendgroup="unknown"))
    for holder in [*holders, ""]:
        if holder in fading:
            c = colour(holder)
            # Faded, without an outline: no source gives this end (as on every chart of the site).
            marker = {"color": c, "opacity": 0.18, "line": {"color": c, "width": 0}}
            traces.append(
                _bar(
                    _holder_name(ctx, holder or None), fading[holder], marker, 0.5,
                    legendgroup=holder or "unknown", meta={"fading": fade_towards[holder]},
                )
            )
    for holder in holders:
        if holder in windows:
            c = colour(holder)
            # The days a reported date may mean (a month, a year, a range): solid and thin, under its mark.
            marker = {"color": c, "opacity": 1, "line": {"color": c, "width": 0}}
            traces.append(_bar(_holder_name(ctx, holder), windows[holder], marker, WINDOW_WIDTH, legendgroup=holder))
    for holder in holders:
        pairs = marks.get(holder, [])
        if not pairs:
            continue
        found = [mark for mark, _ in pairs]
        traces.append(
            trace(
                "scatter",
                name=plotly_text(_holder_name(ctx, holder)),
                legendgroup=holder,
                mode="markers+text",
                y=[m.lane for m in found],
                x=[iso(m.middle) for m in found],
                text=[plotly_text(_short_date(words, m.dated.plain_words)) for m in found],
                # The date beside its mark, on the side with room: left of a mark in the right part of the chart.
                textposition=["top right" if _share(m.middle, first, last, tail) < 0.25 else "top left" for m in found],
                textfont={"size": 11, "shadow": "auto"},  # a halo in the page's colour, over a bar
                cliponaxis=False,
                marker={
                    "color": colour(holder),
                    "size": 14,
                    "symbol": [CONTROL_SYMBOLS[point.kind] for _, point in pairs],
                    "line": {"color": "#FFFFFF", "width": 1.5},
                },
                customdata=[m.customdata for m in found],
                hovertemplate=CONTROL_HOVER,
                showlegend=False,
            )
        )
    every_mark = [mark for holder in holders for mark, _ in marks.get(holder, [])]
    traces += inferred_rings(words, every_mark)
    # The legend: holders with a colour of their own, then those that share one (colours.py), each by name.
    for rank, holder in enumerate(sorted(holders, key=lambda holder: holder in ctx.shared_holders)):
        key = {"color": colour(holder), "symbol": "square", "size": 12}
        traces.append(_legend_key(_holder_name(ctx, holder), "scatter", rank, legendgroup=holder, marker=key))
    if presumed:
        key = {"color": UNKNOWN_COLOUR, "opacity": 0.5, "line": {"color": UNKNOWN_COLOUR, "width": 1}, "pattern": {"shape": "/"}}
        traces.append(_legend_key(words.gettext("Hatched: presumed, no source reports it"), "bar", 1000, marker=key))
    if unknown or "" in fading:
        traces.append(_legend_key(words.gettext("Grey: unknown"), "bar", 1001, marker=UNKNOWN_MARKER))
    kinds = {point.kind for pairs in marks.values() for _, point in pairs}
    styles = ControlStyles(
        changes="change" in kinds,
        statements="report" in kinds,
        windows=bool(windows),
        presumed=bool(presumed),
        unknown=bool(unknown),
        open_ends=bool(fading),
        unknown_open_ends="" in fading,
        shared=any(holder in ctx.shared_holders for holder in holders),
    )
    return _ControlFigure(traces, (first - tail, last + tail), _last_reports(ctx, lanes, first, last, tail), styles, every_mark)


def _anchor(share: float) -> str:
    """Which end of a text sits at a point that far along the axis: its start in the left third, its end in the
    right third, its middle between."""
    return "left" if share < 1 / 3 else "right" if share > 2 / 3 else "center"


def _share(day: dt.date, first: dt.date, last: dt.date, tail: dt.timedelta) -> float:
    """How far along the chart's axis a day falls, from 0 to 1."""
    start, end = first - tail, last + tail
    return (day - start).days / max(1, (end - start).days)


def _last_reports(ctx: ChartContext, lanes: list[_ControlLane], first: dt.date, last: dt.date, tail: dt.timedelta) -> list[dict[str, Any]]:
    """Under the last reported mark of each row: who held the place at the last report (none when the chart's
    window of dates leaves that report out: its last mark is then not the last report).

    The note's ``y`` is a number, the lane's position plus :data:`LAST_REPORT_OFFSET` (Plotly places a number on
    a category axis between its categories), so that it stays clear of the bars at any height."""
    notes = []
    for position, lane in enumerate(lanes):
        point = lane.last_report
        if point is None or not any(period.point is point for period in lane.periods):
            continue
        middle = point.date.lower + (point.date.upper - point.date.lower) / 2
        notes.append(
            {
                "x": iso(middle),
                "y": position + LAST_REPORT_OFFSET,
                # Towards the side with room: the text is long beside a phone's narrow plot.
                "xanchor": _anchor(_share(middle, first, last, tail)),
                "yanchor": "middle",
                "showarrow": False,
                "text": plotly_text(ctx.words.gettext("Last report: %(holder)s", holder=_holder_name(ctx, point.holder, point.extent))),
                "font": {"size": 11, "shadow": "auto"},
            }
        )
    return notes


def draw(ctx: ChartContext, spec: ControlSpec, page: str, title: str) -> Chart:
    """Who held each place when: what the sources report, what the site presumes between, what no one says."""
    data = ctx.data
    history = ctx.index.control_history
    if spec.place:
        places = [spec.place]
    else:
        # Every place's history in one chart stays readable: the places with the most reported points.
        ranked = sorted(history, key=lambda p: (-_reported_count(history[p]), data.places[p].name.casefold()))[:MAX_CONTROL_LANES]
        busiest: list[str] = []
        marks = 0
        for place in ranked:
            marks += len(history[place])
            if busiest and marks > MAX_CONTROL_MARKS:
                break
            busiest.append(place)
        places = sorted(busiest, key=lambda p: data.places[p].name.casefold())
    lanes = [
        _ControlLane(
            plotly_text(data.places[place].name),
            [p for p in history.get(place, []) if _within_period(p, spec)],
            next((p.point for p in reversed(history.get(place, [])) if p.point is not None), None),
        )
        for place in places
    ]
    periods = [(place, period) for place, lane in zip(places, lanes) for period in lane.periods]
    drawn = control_figure(ctx, lanes)
    count = max(1, len(places))
    # Room for the toolbar and the key under it (several lines on a phone), each row's dates above its marks and its
    # last report below.
    rows_height = ROW_HEIGHT * count
    height = 200 + TOOLBAR_BAND + rows_height
    layout = base_layout(height, x_range=drawn.x_range)
    # The rows' room, which the drawn chart keeps by growing when its key takes more (explainer-charts.js).
    layout["meta"] = {"plot_height": rows_height}
    # Each row its room, top to bottom: the range, which an autorange would pad by a row and a half at each end (and
    # then each row would be drawn shorter than its room, and lower than in the picture, preview.py).
    layout["yaxis"]["range"] = [count - 0.5, -0.5]
    layout["yaxis"]["autorange"] = False
    # The places in the order of their names, not as the traces first name them.
    layout["yaxis"]["categoryorder"] = "array"
    layout["yaxis"]["categoryarray"] = [lane.name for lane in lanes]
    if drawn.annotations:
        layout["annotations"] = drawn.annotations
    rows = []
    data_rows = []
    for place, period in periods:
        start, end = _period_words(ctx, period)
        rows.append([data.places[place].name, _holder_name(ctx, period.holder, period.extent), ctx.words.gettext(BASIS_WORDS[period.basis]), start, end, _period_note(ctx, period)])
        data_rows.append(_period_data_cells(ctx, period))
    sources = sorted({s for _, p in periods if p.point is not None for s in p.point.sources})
    words = ctx.words
    if len(history) > count and not spec.place:
        shown = words.ngettext(
            "the %(num)s place with the most reported changes (of %(total)s; each place's page has its own)",
            "the %(num)s places with the most reported changes (of %(total)s; each place's page has its own)",
            count,
            total=words.number(len(history)),
        )
    elif count == 1:
        shown = data.places[places[0]].name
    else:
        shown = words.ngettext("each of %(num)s place", "each of %(num)s places", count)
    dates_caption = marks_caption(words, drawn.marks) if drawn.marks else ""
    caption = " ".join(
        part
        for part in (words.gettext("Who held %(shown)s, as the sources report it.", shown=shown), drawn.styles.caption(words), dates_caption)
        if part
    )
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=figure(ctx, drawn.traces, layout),
        columns=[
            words.gettext("Place"),
            words.gettext("Held by"),
            words.gettext("Basis"),
            words.gettext("From"),
            words.gettext("Until"),
            words.gettext("What the sources say"),
        ],
        rows=rows,
        links=[record_page(PLACES, place) for place, _ in periods],
        ids=[place for place, _ in periods],
        sources=sources,
        page=page,
        height=height,
        language=data.site.language,
        empty=not periods,
        data_columns=DATA_COLUMNS,
        data_rows=data_rows,
    )


def _reported_count(periods: list[ControlPeriod]) -> int:
    return sum(1 for period in periods if period.reported)


def _within_period(period: ControlPeriod, spec: ControlSpec) -> bool:
    """Whether a row falls in the chart's window: an open end counts only as the report it starts from."""
    first = period.start or period.end
    last = period.end or period.start
    if first is None or last is None:
        return True
    if spec.start is not None and last.upper < spec.start.lower:
        return False
    return spec.end is None or first.lower <= spec.end.upper
