"""Plotly charts built at build time from the typed model: figure JSON, captions and data tables.

Every chart is a :class:`Chart`: a Plotly figure (made with
``plotly.graph_objects``, no pandas), a caption saying what it shows, the
rows of its data (the accessible table, the CSV and the JSON downloads), the
sources it rests on and the page it belongs to. Charts are identified by a
stable id, which is also the address of their embed page (``embed/<id>/``).

Dates keep their precision on charts as everywhere: a day is a point, a month
or a year is a bar spanning it, a range is a bar; an approximate, uncertain or
unspecified date is drawn open or hatched, an end that is open or not reported
fades out, and a date the editors inferred is ringed (the legend says so).
Hover text says the date in words, with its markers (see dating.py).
Editors' text reaches Plotly only escaped (Plotly reads hover text and
titles as a subset of HTML), so that only the generator's own tags are markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import textwrap
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from markupsafe import Markup

from .dates import MONTHS as MONTHS_EN
from .dates import HistoricalDate, parse_date
from .colours import GREY, INFERRED, INK, UNKNOWN, CategoryMark, Colours
from .dating import DATA_COLUMNS, Dated, Dates
from .derive import ControlPeriod, ControlPoint, Index, zone_events
from .i18n import Words
from .i18n import words as site_words
from .layout import EventLayout
from .loader import Dataset
from .model import Agreement, Event, Source, Zone
from .preview import chart_preview
from .timelinelayout import MARK_ROOM, REFERENCE_WIDTH, SPACING, WIDE_WIDTH, Item, Skip, Slot, TimeAxis, build_axis
from .timelinelayout import place as place_rows
from .urls import page_url

ChartKind = Literal["timeline", "control", "zones"]

#: Filters each kind of chart accepts, in the order they appear in chart ids.
CHART_FILTERS: dict[str, tuple[str, ...]] = {
    "timeline": ("actor", "place", "category", "from", "to"),
    "control": ("place", "from", "to"),
    "zones": ("agreement", "from", "to"),
}

#: Most events a chart draws one by one; with more, it shows how many there were each month.
MAX_MARKS = 400
#: Most places the control chart of every place shows (those with the most recorded changes).
MAX_CONTROL_LANES = 40

#: Colours come from one place (colours.py): actors' colours, categories' shapes in ink, and grey for no one.
UNKNOWN_COLOUR = UNKNOWN
#: The ring around the mark of an event whose date the editors inferred: grey, not an actor's colour (4:1 on white
#: and on Material's dark background).
INFERRED_COLOUR = INFERRED
INFERRED_LEGEND = "Ringed: date inferred from the source's wording"
DAY_MS = 86_400_000

#: A trace of a Plotly figure, as JSON.
Trace = dict[str, Any]


def plotly_text(text: str) -> str:
    """Editors' plain text made inert for Plotly's HTML subset: no tag can open, every entity is text.

    (Quotes matter only inside a tag, and no tag can form.)
    """
    return html.escape(str(text), quote=False)


@dataclass(frozen=True)
class ChartSpec:
    """Which chart, with which filters. Also what an article's chart block says."""

    kind: ChartKind
    actor: str | None = None
    place: str | None = None
    category: str | None = None
    agreement: str | None = None
    start: HistoricalDate | None = None
    end: HistoricalDate | None = None

    @property
    def id(self) -> str:
        """A stable, URL-safe id: the kind, then each filter given, in a fixed order."""
        parts = [self.kind]
        values = {
            "actor": self.actor,
            "place": self.place,
            "category": self.category,
            "agreement": self.agreement,
            "from": self.start and self.start.text,
            "to": self.end and self.end.text,
        }
        for name in CHART_FILTERS[self.kind]:
            value = values[name]
            if value:
                parts += [name, re.sub(r"[^0-9A-Za-z]+", "-", value).strip("-").lower()]
        return "-".join(parts)


@dataclass(frozen=True)
class Chart:
    """A chart ready to render: figure, caption, data and provenance."""

    spec: ChartSpec
    title: str
    caption: str
    """What the chart shows, in one or two sentences (also its text alternative)."""
    figure: dict[str, Any]
    """Plotly figure JSON: ``{"data": [...], "layout": {...}}``."""
    columns: list[str]
    rows: list[list[str]]
    """The chart's data as plain text, one list per row, in the order of ``columns``."""
    links: list[str | None]
    """For each row, the source path of its record's page (linked from the first column), if any."""
    sources: list[str]
    """Ids of the sources whose claims the charted records rest on."""
    page: str
    """Source path of the page the chart belongs to (the embed page links back to it)."""
    height: int
    empty: bool = False
    data_columns: list[str] = field(default_factory=list)
    """Columns that only the CSV and JSON downloads add, after ``columns``: each row's date as data (dating.py)."""
    data_rows: list[list[str]] = field(default_factory=list)
    """For each row, its cells of ``data_columns``."""
    ids: list[str] = field(default_factory=list)
    """For each row, the id of the record it shows (the downloads' Id column); empty for a chart of counts."""

    @property
    def story(self) -> list[list[Any]]:
        """A timeline's events in reading order, for its Previous and Next buttons (see :func:`timeline_figure`)."""
        meta = self.figure["layout"].get("meta")
        return meta["timeline"]["story"] if isinstance(meta, dict) and "timeline" in meta else []

    @property
    def id(self) -> str:
        return self.spec.id

    @functools.cached_property
    def preview(self) -> Markup:
        """The chart as static SVG, shown until Plotly draws it (see preview.py); the same on every page."""
        return chart_preview(self.figure, self.height, f"chart-{self.id}")


@dataclass
class ChartContext:
    """What every chart builder needs: the data, its indexes and the site's date span."""

    data: Dataset
    index: Index
    category_marks: dict[str, CategoryMark] = field(default_factory=dict)
    """Each category's mark: a shape in ink, never a colour (colours.py)."""
    holder_colours: dict[str, str] = field(default_factory=dict)
    """Each actor that holds a place: its colour on every chart and map (colours.py)."""
    first_day: dt.date = dt.date(2000, 1, 1)
    last_day: dt.date = dt.date(2000, 1, 1)
    layout: EventLayout | None = None
    use_directory_urls: bool = True
    dates: Dates | None = None
    """Each record's date with its markers (made from ``data`` when not given)."""
    validate: bool = False
    """Whether plotly checks every property as traces are made (tests do; a build need not: it costs most of
    the time of making a chart, and the figures a build makes are the ones the tests check)."""

    def url(self, src: str) -> str:
        """Site-root-relative URL of a page (``src`` or ``src#anchor``), for links the browser resolves."""
        return page_url(src, self.use_directory_urls)

    def dated(self, record: Event | Agreement | Source) -> Dated:
        """A record's date with its markers: inferred, still going when reported."""
        if self.dates is None:
            self.dates = Dates(self.data)
        return self.dates.of(record)

    def event_link(self, event_id: str) -> str:
        """``page.md#event-id`` of an event."""
        assert self.layout is not None
        return self.layout.link(event_id)

    @classmethod
    def build(
        cls, data: Dataset, index: Index, layout: EventLayout, use_directory_urls: bool = True, dates: Dates | None = None
    ) -> ChartContext:
        colours = Colours.build(data, holders_of(index))
        dates = dates or Dates(data)
        lowers = [e.date.lower for e in data.events.values()] + [a.date.lower for a in data.agreements.values() if a.date is not None]
        uppers = [_reach(dates.of(e)) for e in data.events.values()] + [s.published.upper for s in data.sources.values()]
        first = min(lowers) if lowers else dt.date(2000, 1, 1)
        last = max(uppers) if uppers else first
        return cls(data, index, colours.categories, colours.actors, first, last, layout, use_directory_urls, dates)


def holders_of(index: Index) -> list[str]:
    """Every actor that holds a place, or held it before a change, anywhere in the data (each keeps one colour)."""
    holders = {p.holder for periods in index.control_history.values() for p in periods if p.holder}
    holders |= {p.point.previous for periods in index.control_history.values() for p in periods if p.point and p.point.previous}
    return sorted(holders)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _hover_date(dated: Dated) -> str:
    """A date for a hover label, its lines escaped and joined by Plotly's line breaks."""
    return "<br>".join(plotly_text(line) for line in dated.hover_lines)


def _reach(dated: Dated) -> dt.date:
    """The last day a date is known to cover: for an open end, the day its report saw it still going."""
    return dated.date.reach(dated.report)


def _words(ctx: ChartContext) -> Words:
    """The site's own words in the topic's language (see :mod:`explainer.i18n`)."""
    return site_words(ctx.data.site.language)


def _events_count(ctx: ChartContext, n: int) -> str:
    """"1 event", "1,234 events": a count of events, in the topic's language."""
    return _words(ctx).ngettext("%(num)s event", "%(num)s events", n)


def _agreement_names(agreements: list[Agreement]) -> str:
    """"the Astana meeting and the Sochi memorandum" (a name that starts with "the" gets no second one)."""
    return " and ".join(a.name if a.name.casefold().startswith("the ") else f"the {a.name}" for a in agreements)


def _source_names(data: Dataset, source_ids: list[str]) -> str:
    return "; ".join(f"{data.sources[s].publisher}, {data.sources[s].published.human()}" for s in source_ids)


def _event_sources(event: Event) -> list[str]:
    seen: list[str] = []
    for claim in event.claims:
        if claim.source not in seen:
            seen.append(claim.source)
    return seen


def _within(first: dt.date, last: dt.date, start: HistoricalDate | None, end: HistoricalDate | None) -> bool:
    """Whether the days from ``first`` to ``last`` overlap the window [start, end] (either end open)."""
    if start is not None and last < start.lower:
        return False
    if end is not None and first > end.upper:
        return False
    return True


def _base_layout(height: int, *, legend: bool = True, x_range: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
    layout: dict[str, Any] = {
        # What plotly's "none" template expands to, written out: without validation it is not expanded.
        "template": {"data": {"scatter": [{"type": "scatter"}]}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "showlegend": legend,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "xanchor": "left"},
        "barmode": "overlay",
        "dragmode": "pan",
        "xaxis": {"type": "date", "showgrid": True, "automargin": True, "fixedrange": False},
        "yaxis": {"type": "category", "automargin": True, "fixedrange": True, "autorange": "reversed", "showgrid": False},
    }
    if x_range is not None:
        pad = max(15, (x_range[1] - x_range[0]).days // 40)
        layout["xaxis"]["range"] = [_iso(x_range[0] - dt.timedelta(days=pad)), _iso(x_range[1] + dt.timedelta(days=pad))]
    return layout


def _trace(kind: str, **attributes: Any) -> Trace:
    """A trace of the figure, as Plotly's JSON: plain data (the tests check it against Plotly's schema)."""
    return {"type": kind, **attributes}


def _figure(ctx: ChartContext, traces: list[Trace], layout: dict[str, Any]) -> dict[str, Any]:
    """The figure's JSON: its traces and its layout, checked against Plotly's schema when validating.

    (Plotly's own classes only to serialise them again would cost a deep copy of everything, and
    their first use in a process, loading their validators, some 20 ms; plotly.py is not imported
    by a build at all.)
    """
    figure = {"data": traces, "layout": layout}
    if ctx.validate:
        import plotly.graph_objects as go

        return go.Figure(figure, _validate=True).to_plotly_json()
    return figure


# --- timeline ------------------------------------------------------------------------


def timeline_events(ctx: ChartContext, spec: ChartSpec) -> list[Event]:
    """The events a timeline chart shows, oldest first."""
    if spec.actor:
        events = ctx.index.events_by_actor.get(spec.actor, [])
    elif spec.place:
        events = ctx.index.events_by_place.get(spec.place, [])
    else:
        events = ctx.index.events_sorted
    return [
        e
        for e in events
        if (not spec.category or e.category == spec.category)
        and (not spec.place or e in ctx.index.events_by_place.get(spec.place, []))
        and _within(e.date.lower, _reach(ctx.dated(e)), spec.start, spec.end)
    ]


def _event_customdata(ctx: ChartContext, event: Event) -> list[str]:
    return [
        ctx.url(ctx.event_link(event.id)),
        plotly_text(event.title),
        _hover_date(ctx.dated(event)),
        plotly_text(_source_names(ctx.data, _event_sources(event))),
    ]


EVENT_HOVER = "%{customdata[1]}<br>%{customdata[2]}<br>Source: %{customdata[3]}<extra></extra>"


@dataclass(frozen=True)
class _Mark:
    """Where a dated record is drawn in its lane: the days it is known to cover, drawn solid, and whether an
    end that is open or not reported fades out before or after them."""

    lane: str
    dated: Dated
    customdata: list[str]
    first: dt.date
    last: dt.date
    y: float | None = None
    """Its place on a y axis that counts pixels (a timeline's rows), when it is not the lane's."""

    @property
    def middle(self) -> dt.date:
        return self.first + (self.last - self.first) / 2

    @property
    def centre(self) -> float:
        """The middle of the days it covers, as an ordinal with a fraction (noon of a single day)."""
        return (self.first.toordinal() + self.last.toordinal() + 1) / 2

    @property
    def fades_before(self) -> bool:
        return self.dated.date.open_start

    @property
    def fades_after(self) -> bool:
        return self.dated.date.open_end


def _mark(lane: str, dated: Dated, customdata: list[str]) -> _Mark:
    return _Mark(lane, dated, customdata, dated.date.lower, _reach(dated))


def _event_mark(ctx: ChartContext, lane: str, event: Event) -> _Mark:
    return _mark(lane, ctx.dated(event), _event_customdata(ctx, event))


def _tail_days(first: dt.date, last: dt.date) -> int:
    """How far an open or unreported end fades out: long enough to see, short enough to claim nothing."""
    return max(20, (last - first).days // 25)


def _drawn_span(marks: list[_Mark]) -> tuple[dt.date, dt.date] | None:
    """The days the marks cover, their fading ends included."""
    if not marks:
        return None
    first, last = min(m.first for m in marks), max(m.last for m in marks)
    tail = dt.timedelta(days=_tail_days(first, last))
    return (
        min(m.first - tail if m.fades_before else m.first for m in marks),
        max(m.last + tail if m.fades_after else m.last for m in marks),
    )


@dataclass(frozen=True)
class _DateLanes:
    """Marks on a Plotly date axis, in category lanes: a day is its ISO date, a length is milliseconds."""

    bar_width: float = 0.5
    mark_size: int = 12

    def x(self, mark: _Mark) -> str | float:
        return _iso(mark.middle)

    def y(self, mark: _Mark) -> str | float:
        return mark.lane

    def start(self, day: dt.date) -> str | float:
        return _iso(day)

    def length(self, first: dt.date, end: dt.date) -> float:
        return (end - first).days * DAY_MS


@dataclass(frozen=True)
class _TimelineRows:
    """Marks on a timeline's axis that skips the empty years (timelinelayout.py), in rows counted in pixels."""

    axis: TimeAxis
    bar_width: float = 8.0
    mark_size: int = 14

    def x(self, mark: _Mark) -> str | float:
        return round(self.axis.at(mark.centre), 3)

    def y(self, mark: _Mark) -> str | float:
        assert mark.y is not None
        return mark.y

    def start(self, day: dt.date) -> str | float:
        return round(self.axis.at(day.toordinal()), 3)

    def length(self, first: dt.date, end: dt.date) -> float:
        return round(self.axis.at(end.toordinal()) - self.axis.at(first.toordinal()), 3)


_Placement = _DateLanes | _TimelineRows
_DATE_LANES = _DateLanes()


def _event_marks(
    marks: list[_Mark],
    *,
    name: str,
    mark: CategoryMark,
    group: str,
    tail_days: int,
    place: _Placement = _DATE_LANES,
    legend: bool = True,
) -> list[Trace]:
    """Marks for dated records, in ink (colours are actors', colours.py): each record its category's shape at
    the middle of its date, hollow when the date is approximate, uncertain or unspecified; a month, a year or a
    range also a bar under it across the days it may mean, hatched when vague; an end that is open (still going
    when reported) or not reported a bar that fades out beyond what is known. The shape is the mark to point
    at; the last trace returned holds the shapes, in the order of ``marks``.
    """
    spans = [m for m in marks if m.dated.date.precision != "day"]
    traces: list[Trace] = []
    one = dt.timedelta(days=1)
    if spans:
        traces.append(
            _trace(
                "bar",
                name=name,
                legendgroup=group,
                orientation="h",
                y=[place.y(m) for m in spans],
                base=[place.start(m.first) for m in spans],
                x=[place.length(m.first, m.last + one) for m in spans],
                marker={
                    "color": INK,
                    "opacity": 0.35,
                    "line": {"color": INK, "width": 1},
                    "pattern": {"shape": ["/" if m.dated.date.vague else "" for m in spans]},
                },
                width=place.bar_width,
                customdata=[m.customdata for m in spans],
                hovertemplate=EVENT_HOVER,
                showlegend=False,
            )
        )
    tail = dt.timedelta(days=tail_days)
    tails = [(m, m.first - tail, m.first) for m in spans if m.fades_before] + [(m, m.last + one, m.last + one + tail) for m in spans if m.fades_after]
    if tails:
        traces.append(
            _trace(
                "bar",
                name=name,
                legendgroup=group,
                orientation="h",
                y=[place.y(m) for m, _, _ in tails],
                base=[place.start(start) for _, start, _ in tails],
                x=[place.length(start, end) for _, start, end in tails],
                # Faded, without an outline: the sources give no end here (see the caption).
                marker={"color": INK, "opacity": 0.18, "line": {"color": INK, "width": 0}},
                width=place.bar_width,
                customdata=[m.customdata for m, _, _ in tails],
                hovertemplate=EVENT_HOVER,
                showlegend=False,
                # Which way each tail fades (the static preview draws it as a gradient).
                meta={"fading": ["before" for m in spans if m.fades_before] + ["after" for m in spans if m.fades_after]},
            )
        )
    if marks:
        traces.append(
            _trace(
                "scatter",
                name=name,
                legendgroup=group,
                mode="markers",
                y=[place.y(m) for m in marks],
                x=[place.x(m) for m in marks],
                marker={
                    "color": INK,
                    "size": place.mark_size,
                    "symbol": [f"{mark.symbol}-open" if m.dated.date.vague else mark.symbol for m in marks],
                    "line": {"color": INK, "width": 2},
                },
                customdata=[m.customdata for m in marks],
                hovertemplate=EVENT_HOVER,
                showlegend=legend,
            )
        )
    return traces


def _inferred_rings(marks: list[_Mark], place: _Placement = _DATE_LANES) -> list[Trace]:
    """A ring around the mark of each record whose date the editors inferred, and its legend entry.

    The ring is drawn over the mark and lets the pointer through to it (hover and selection are the mark's).
    """
    ringed = [m for m in marks if m.dated.inferred is not None]
    if not ringed:
        return []
    return [
        _trace(
            "scatter",
            name=INFERRED_LEGEND,
            legendgroup="inferred",
            mode="markers",
            y=[place.y(m) for m in ringed],
            x=[place.x(m) for m in ringed],
            marker={"color": INFERRED_COLOUR, "size": 24, "symbol": "circle-open", "line": {"color": INFERRED_COLOUR, "width": 2}},
            customdata=[m.customdata for m in ringed],
            hoverinfo="skip",
            showlegend=True,
            meta={"inferred": True},
        )
    ]


def _marks_caption(marks: list[_Mark]) -> str:
    """What the chart's special marks mean, for those it has."""
    parts = []
    if any(m.dated.date.vague for m in marks):
        parts.append("open and hatched marks are approximate, uncertain or unspecified dates")
    if any(m.fades_before or m.fades_after for m in marks):
        parts.append("a bar that fades out has an end the sources leave open (still going when reported) or do not report")
    if any(m.dated.inferred for m in marks):
        parts.append("a grey ring marks a date the editors inferred from the source's wording (such as “on Saturday”)")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if parts else ""


# A timeline's rows, in pixels: the y axis counts pixels from the top of the plot (timelinelayout.py places
# each event in a row of its category's lane, so that no two marks meet on a phone).
#: The row of a lane's name, above its events.
LANE_HEAD = 22.0
#: A row of events (a row with a label of several lines is taller).
ROW = 30.0
#: A line of a label beside a mark (11-pixel text).
LABEL_LINE_HEIGHT = 14.0
#: Space under a lane's last row.
LANE_GAP = 8.0
#: Margins of a timeline's figure: the top keeps the toolbar off the marks, the bottom holds the ticks and
#: the legend.
TIMELINE_TOP = 30
TIMELINE_BOTTOM = 34
TIMELINE_LEGEND = 26
#: The least height of a chart (explainer-charts.css's 12rem, at Material's 20-pixel rem).
TIMELINE_MIN_HEIGHT = 240
#: Neutral lines and bands (not an actor's colour): lanes' separators, the bands of the skipped years.
RULE = "rgba(127,127,127,0.35)"
SKIP_BAND = "rgba(127,127,127,0.14)"


def _day_words(day: dt.date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _skip_words(skip: Skip) -> str:
    """What a skipped stretch of the axis hides (nothing): 'No event recorded from … to …: the axis skips it.'"""
    return f"No event recorded from {_day_words(skip.first)} to {_day_words(skip.last)}: the axis skips these dates."


@dataclass(frozen=True)
class TimelineFigure:
    """A timeline chart's figure and what its caption and its reading order need."""

    figure: dict[str, Any]
    height: int
    marks: list[_Mark]
    skips: tuple[Skip, ...]


def _rows(categories: list[str], events: list[Event], slots: list[Slot]) -> tuple[dict[str, float], dict[tuple[str, int], float], float]:
    """Where each lane starts and where each of its rows is centred, in pixels from the top, and the total: a
    lane's name, then its rows, each as tall as its longest label needs (a row without one: :data:`ROW`)."""
    heights: dict[tuple[str, int], float] = {}
    for slot, event in zip(slots, events):
        key = (event.category, slot.row)
        heights[key] = max(heights.get(key, ROW), LABEL_LINE_HEIGHT * len(slot.lines) + 6)
    tops: dict[str, float] = {}
    centres: dict[tuple[str, int], float] = {}
    total = 0.0
    for category_id in categories:
        tops[category_id] = total
        total += LANE_HEAD
        for row in range(1 + max((s.row for s, e in zip(slots, events) if e.category == category_id), default=0)):
            height = heights.get((category_id, row), ROW)
            centres[(category_id, row)] = round(total + height / 2, 3)
            total += height
        total += LANE_GAP
    return tops, centres, max(total, LANE_HEAD + ROW + LANE_GAP)


def _lane_names(ctx: ChartContext, categories: list[str], names: dict[str, str], tops: dict[str, float]) -> list[dict[str, Any]]:
    """Each lane's name with its category's shape, at the plot's left edge above its rows (never in a margin that a
    phone's narrow chart gives up)."""
    return [
        {
            "name": "lane",
            "text": f"{ctx.category_marks[category_id].glyph} {names[category_id]}",
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "y",
            "y": tops[category_id] + LANE_HEAD / 2,
            "yanchor": "middle",
            "showarrow": False,
            "font": {"size": 12},
        }
        for category_id in categories
    ]


def _label(placement: _TimelineRows, mark: _Mark, slot: Slot) -> dict[str, Any]:
    """A key event's label beside its mark, on the side its slot gives (it opens the event: ``captureevents``)."""
    right = slot.side == "right"
    return {
        "name": "label",
        "text": "<br>".join(plotly_text(line) for line in slot.lines),
        "x": placement.x(mark),
        "y": mark.y,
        "xanchor": "left" if right else "right",
        "xshift": (MARK_ROOM + SPACING) * (1 if right else -1),
        "yanchor": "middle",
        "align": "left" if right else "right",
        "showarrow": False,
        "captureevents": True,
        "font": {"size": 11},
    }


def _skip_marks(axis: TimeAxis) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bands of the stretches the axis skips, and their "//" on the axis, which says what they skip."""
    bands = [
        {"type": "rect", "xref": "x", "x0": skip.start, "x1": skip.end, "yref": "paper", "y0": 0, "y1": 1, "fillcolor": SKIP_BAND, "line": {"width": 0}, "layer": "below"}
        for skip in axis.skips
    ]
    notes = [
        {
            "name": "skip",
            "text": "//",
            "x": round((skip.start + skip.end) / 2, 3),
            "xref": "x",
            "y": 0,
            "yref": "paper",
            "yanchor": "middle",
            "showarrow": False,
            "font": {"size": 13},
            "hovertext": plotly_text(_skip_words(skip)),
        }
        for skip in axis.skips
    ]
    return bands, notes


def _story(ctx: ChartContext, events: list[Event], mark_of: dict[str, tuple[int, int]]) -> list[list[Any]]:
    """Each event in reading order, as plain text (the page's script writes it as text): link, title, date with its
    markers, category, sources, whether it is a key event, and its mark (trace, point)."""
    return [
        [
            ctx.url(ctx.event_link(event.id)),
            event.title,
            ctx.dated(event).hover,
            ctx.data.categories[event.category].name,
            _source_names(ctx.data, _event_sources(event)),
            1 if event.key else 0,
            *mark_of[event.id],
        ]
        for event in events
    ]


def timeline_figure(ctx: ChartContext, events: list[Event]) -> TimelineFigure:
    """Events on a time axis that skips the empty years, one lane per category, each event its own mark in its
    category's shape; events that would meet take separate rows of their lane, and key events are labelled.

    The figure's ``layout.meta.timeline`` carries what the page's script needs: the axis's knots (to turn it
    back into dates, for ticks and shared links), ticks for narrow and wide charts (the static preview's),
    each event in reading order with the mark that draws it, and the links of the labels.
    """
    data = ctx.data
    categories = sorted({e.category for e in events}, key=lambda c: (data.categories[c].order, c))
    names = {category_id: plotly_text(data.categories[category_id].name) for category_id in categories}
    plain = [_event_mark(ctx, names[e.category], e) for e in events]
    known = (min(m.first for m in plain), max(m.last for m in plain)) if plain else None
    tail_days = _tail_days(*known) if known else 20
    tail = dt.timedelta(days=tail_days)
    one = dt.timedelta(days=1)

    def extent(m: _Mark) -> tuple[float, float]:
        start = m.first - tail if m.fades_before else m.first
        end = m.last + one + tail if m.fades_after else m.last + one
        return float(start.toordinal()), float(end.toordinal())

    axis = build_axis([extent(m) for m in plain], [m.centre for m in plain])
    slots = place_rows([Item(e.category, *extent(m), m.centre, e.title if e.key else None) for e, m in zip(events, plain)], axis)
    tops, centres, total = _rows(categories, events, slots)
    marks = [replace(m, y=centres[(e.category, s.row)]) for m, e, s in zip(plain, events, slots)]
    placement = _TimelineRows(axis)
    traces: list[Trace] = []
    mark_of: dict[str, tuple[int, int]] = {}
    for category_id in categories:
        chosen = [(e, m) for e, m in zip(events, marks) if e.category == category_id]
        traces += _event_marks(
            [m for _, m in chosen],
            name=names[category_id],
            mark=ctx.category_marks[category_id],
            group=category_id,
            tail_days=tail_days,
            place=placement,
            legend=False,  # each lane is named, with its shape, beside its rows
        )
        mark_of.update({e.id: (len(traces) - 1, n) for n, (e, _) in enumerate(chosen)})
    traces += _inferred_rings(marks, placement)

    annotations = _lane_names(ctx, categories, names, tops)
    label_links: dict[str, str] = {}
    for event, m, slot in zip(events, marks, slots):
        if slot.side is not None:
            label_links[str(len(annotations))] = ctx.url(ctx.event_link(event.id))
            annotations.append(_label(placement, m, slot))
    bands, skips = _skip_marks(axis)
    annotations += skips
    rules = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": tops[c], "y1": tops[c], "line": {"color": RULE, "width": 1}, "layer": "below"}
        for c in categories[1:]
    ]

    ringed = any(m.dated.inferred is not None for m in marks)
    bottom = TIMELINE_BOTTOM + (TIMELINE_LEGEND if ringed else 0)
    # At least a chart's least height (explainer-charts.css): a few events get room under their rows.
    total = max(total, TIMELINE_MIN_HEIGHT - TIMELINE_TOP - bottom)
    height = int(round(TIMELINE_TOP + total + bottom))
    narrow = axis.ticks(REFERENCE_WIDTH)
    layout = _base_layout(height)
    layout["margin"] = {"l": 10, "r": 10, "t": TIMELINE_TOP, "b": bottom}
    # The legend (the rings' key) under the plot: the toolbar, above it, then covers nothing.
    layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom"}
    layout["xaxis"] = {
        "type": "linear",
        "range": [round(value, 3) for value in axis.range],
        "tickmode": "array",
        "tickvals": [tick.value for tick in narrow],
        "ticktext": [tick.label for tick in narrow],
        "showgrid": True,
        "zeroline": False,
        "showline": True,
        "automargin": False,
        "fixedrange": False,
    }
    layout["yaxis"] = {"type": "linear", "range": [round(total, 3), 0], "visible": False, "fixedrange": True}
    layout["annotations"] = annotations
    layout["shapes"] = rules + bands
    layout["meta"] = {
        "timeline": {
            **axis.meta(),
            "ticks": {
                "narrow": [[tick.value, tick.label] for tick in narrow],
                "wide": [[tick.value, tick.label] for tick in axis.ticks(WIDE_WIDTH)],
            },
            "story": _story(ctx, events, mark_of),
            "labels": label_links,
        }
    }
    return TimelineFigure(_figure(ctx, traces, layout), height, marks, axis.skips)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _fine(event: Event) -> bool:
    """Whether an event falls within one month (so that it can be counted in that month)."""
    return event.date.precision in ("day", "month") or (event.date.upper - event.date.lower).days < 31


def aggregate_timeline(ctx: ChartContext, events: list[Event], spec: ChartSpec, page: str, title: str) -> Chart:
    """Too many events to draw one by one: how many there were each month (and each year, for those dated only
    to a year or a longer range), by category, as stacked bars. A bar opens the timeline at that month."""
    data = ctx.data
    categories = sorted({e.category for e in events}, key=lambda c: (data.categories[c].order, c))
    monthly: dict[tuple[str, dt.date], int] = {}
    yearly: dict[tuple[str, int], int] = {}
    for event in events:
        if _fine(event):
            key = (event.category, _month_start(event.date.lower))
            monthly[key] = monthly.get(key, 0) + 1
        else:
            yearly[(event.category, event.date.year)] = yearly.get((event.category, event.date.year), 0) + 1
    traces: list[Trace] = []
    rows: list[list[str]] = []
    links: list[str | None] = []
    for category_id in categories:
        name = plotly_text(data.categories[category_id].name)
        # Ink, told apart by each category's pattern (colours are actors', colours.py).
        pattern = ctx.category_marks[category_id].pattern
        months = sorted(month for (category, month) in monthly if category == category_id)
        if months:
            counts = [monthly[(category_id, month)] for month in months]
            labels = [f"{MONTHS_EN[m.month - 1]} {m.year}" for m in months]
            targets = [ctx.layout.period_link(m.year, m.month) if ctx.layout else None for m in months]
            traces.append(
                _trace(
                    "bar",
                    name=name,
                    legendgroup=category_id,
                    x=[_iso(m + (_next_month(m) - m) / 2) for m in months],
                    y=counts,
                    width=[(_next_month(m) - m).days * DAY_MS * 0.9 for m in months],
                    marker={"color": INK, "opacity": 0.8, "line": {"color": INK, "width": 1}, "pattern": {"shape": pattern}},
                    customdata=[[ctx.url(t) if t else "", name, label, _events_count(ctx, n)] for t, label, n in zip(targets, labels, counts)],
                    hovertemplate="%{customdata[2]} · %{customdata[1]}<br>%{customdata[3]}<extra></extra>",
                    xaxis="x",
                    yaxis="y",
                )
            )
            for month, label, n, target in zip(months, labels, counts, targets):
                rows.append([label, data.categories[category_id].name, str(n)])
                links.append(target)
        years = sorted(year for (category, year) in yearly if category == category_id)
        if years:
            counts = [yearly[(category_id, year)] for year in years]
            targets = [ctx.layout.period_link(year) if ctx.layout else None for year in years]
            traces.append(
                _trace(
                    "bar",
                    name=name,
                    legendgroup=category_id,
                    showlegend=not months,
                    x=[_iso(dt.date(year, 7, 2)) for year in years],
                    y=counts,
                    width=[365 * DAY_MS * 0.95 for _ in years],
                    marker={"color": INK, "opacity": 0.45, "line": {"color": INK, "width": 1}, "pattern": {"shape": pattern}},
                    customdata=[[ctx.url(t) if t else "", name, f"{year}, dated only to the year or a longer range", _events_count(ctx, n)] for t, year, n in zip(targets, years, counts)],
                    hovertemplate="%{customdata[2]} · %{customdata[1]}<br>%{customdata[3]}<extra></extra>",
                    xaxis="x",
                    yaxis="y2",
                )
            )
            for year, n, target in zip(years, counts, targets):
                rows.append([f"{year} (dated only to the year or a longer range)", data.categories[category_id].name, str(n)])
                links.append(target)
    height = 460
    first = min(e.date.lower for e in events)
    last = max(e.date.upper for e in events)
    layout = _base_layout(height, x_range=(first, last))
    layout["barmode"] = "stack"
    layout["yaxis"] = {"domain": [0.32, 1], "title": {"text": "events a month"}, "automargin": True, "fixedrange": True, "rangemode": "tozero"}
    layout["yaxis2"] = {"domain": [0, 0.22], "title": {"text": "a year (less precise)"}, "automargin": True, "fixedrange": True, "rangemode": "tozero"}
    layout["xaxis"]["anchor"] = "y2"
    sources = sorted({s for e in events for s in _event_sources(e)})
    caption = (
        f"{_events_count(ctx, len(events))}, {first.year}–{last.year}: too many to draw one by one, so each bar is the number"
        " of events in a month, by category (stacked, each category its pattern); below, lighter, those dated only to a"
        " year or to a longer range. Select a bar to open the timeline at that month."
    )
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=_figure(ctx, traces, layout),
        columns=["Period", "Category", "Events"],
        rows=rows,
        links=links,
        sources=sources,
        page=page,
        height=height,
        empty=False,
    )


#: Tallest timeline drawn one event at a time, in pixels; a taller one (events piled on few days) is counted by month.
MAX_TIMELINE_HEIGHT = 4000


def timeline_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    events = timeline_events(ctx, spec)
    if len(events) > MAX_MARKS:
        return aggregate_timeline(ctx, events, spec, page, title)
    drawn = timeline_figure(ctx, events)
    if drawn.height > MAX_TIMELINE_HEIGHT:
        return aggregate_timeline(ctx, events, spec, page, title)
    data = ctx.data
    sources = sorted({s for e in events for s in _event_sources(e)})
    years = f"{events[0].date.year}–{events[-1].date.year}" if events else ""
    skipped = "; ".join(f"{_day_words(skip.first)} to {_day_words(skip.last)}" for skip in drawn.skips)
    caption = (
        f"{_events_count(ctx, len(events)) if events else _words(ctx).gettext('No events recorded')}{', ' + years if years else ''}, one lane per category,"
        " each with its shape. Every event is its own mark, at the middle of its date; a bar under it spans a month, a"
        " year or a range of days. Events that would overlap take separate rows; key events are labelled. "
        + (f"The axis skips the stretches with no event (marked //: {skipped}). " if skipped else "")
        + _marks_caption(drawn.marks)
        + " Select an event to open its page, or read them in order with Previous and Next."
    ).replace("  ", " ")
    rows = [
        [
            e.title,
            ctx.dated(e).short,
            data.categories[e.category].name,
            ", ".join(data.places[p].name for p in e.places),
            _source_names(data, _event_sources(e)),
        ]
        for e in events
    ]
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=drawn.figure,
        columns=["Event", "Date", "Category", "Places", "Sources"],
        rows=rows,
        links=[ctx.event_link(e.id) for e in events],
        sources=sources,
        page=page,
        height=drawn.height,
        empty=not events,
        data_columns=DATA_COLUMNS,
        data_rows=[ctx.dated(e).data_cells() for e in events],
        ids=[e.id for e in events],
    )


# --- control history -------------------------------------------------------------------
#
# What the sources report is drawn solid: a diamond for a change of control, a dot for a statement of who
# held a place, on the date the source gives (a thin bar under it spans a month or a year), in the colour of
# who held it after. What the site presumes between two reports that agree is a light hatched bar in the
# holder's colour; what no source tells (the sources disagree, or a change is missing) a grey dotted bar. An
# end no source gives fades out (as on every chart): it is never drawn to the axis or to a publication date.
# The end of each row says who held the place at the last report.

#: The reported marks: a change of control, and a statement of who held a place.
CONTROL_SYMBOLS = {"change": "diamond", "report": "circle"}
PRESUMED_LEGEND = "Hatched: presumed, no source reports it"
#: How thick the bar of the days a reported date may mean is, in lanes: a bracket under its mark, not a holding.
WINDOW_WIDTH = 0.1
UNKNOWN_LEGEND = "Grey: unknown"
#: Grey and dotted: no source says who held the place, or the reports on either side disagree.
UNKNOWN_MARKER = {"color": UNKNOWN_COLOUR, "opacity": 0.6, "line": {"color": UNKNOWN_COLOUR, "width": 1}, "pattern": {"shape": "."}}
#: Abbreviated month names for the date written beside each reported mark.
_SHORT_MONTHS = {name: name[:3] for name in MONTHS_EN}
_MONTH_NAME = re.compile(r"\b(" + "|".join(MONTHS_EN) + r")\b")


def _short_date(words: str) -> str:
    """A date in words with its months abbreviated, for a label on a chart: "30 Nov 2024", "27–29 Jan 2020"."""
    return _MONTH_NAME.sub(lambda match: _SHORT_MONTHS[match.group(1)], words)


def _point_dated(ctx: ChartContext, point: ControlPoint) -> Dated:
    """A reported point's date with its markers: the event's for a change (inferred…), the statement's own."""
    return ctx.dated(ctx.data.events[point.event]) if point.event is not None else Dated(point.date)


def _holder_name(ctx: ChartContext, holder: str | None, extent: str = "full") -> str:
    name = ctx.data.actors[holder].name if holder is not None else "Unknown"
    return name + (" (part of it)" if extent == "partial" else "")


def _point_words(ctx: ChartContext, point: ControlPoint) -> str:
    """What a reported point says, in words: "Armed opposition groups took it from Syrian government forces"
    (in the past tense, which reads the same after a singular or a plural name)."""
    actors = ctx.data.actors
    part = "part of it" if point.extent == "partial" else "it"
    if point.kind == "report":
        return f"{actors[point.holder].name} held {part} (a source's statement; no change reported)"
    taken_from = f" from {actors[point.previous].name}" if point.previous is not None else " (from whom, the sources do not say)"
    return f"{actors[point.holder].name} took {part}{taken_from}"


def _period_words(ctx: ChartContext, period: ControlPeriod) -> tuple[str, str]:
    """A row's start and end in words, with their dates' markers; an open end says so."""
    point = period.point
    if point is not None:
        words = _point_dated(ctx, point).short
        return words, words
    start = _point_dated(ctx, period.after).short if period.after is not None else "open (no source gives it)"
    end = _point_dated(ctx, period.before).short if period.before is not None else "open (no later report)"
    return start, end


def _period_note(ctx: ChartContext, period: ControlPeriod) -> str:
    """What a row rests on: the report and its sources, or what no source reports."""
    if period.point is not None:
        return f"{_point_words(ctx, period.point)}; reported by {_source_names(ctx.data, list(period.point.sources))}"
    words = period.gap_words()[:1].upper() + period.gap_words()[1:] + "."
    if period.missing_change is not None:
        earlier, later = (ctx.data.actors[actor].name for actor in period.missing_change)
        words += f" The sources report {earlier} holding it, then {later}: a change in between is not reported, or they disagree."
    return words


#: Longest line of a control chart's hover label (a label does not wrap by itself).
HOVER_LINE = 48


def _hover_wrapped(text: str) -> str:
    """A sentence for a hover label: escaped, in lines of at most :data:`HOVER_LINE` characters."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, HOVER_LINE))


def _point_link(ctx: ChartContext, point: ControlPoint) -> str:
    """Where a reported point is told: its event's section, or the place's control history for a statement."""
    return ctx.url(ctx.event_link(point.event)) if point.event is not None else ctx.url(f"places/{point.place}.md#control")


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
    return _trace(
        "bar",
        name=plotly_text(name),
        orientation="h",
        y=[lane for lane, _, _, _ in items],
        base=[_iso(first) for _, first, _, _ in items],
        x=[(end - first).days * DAY_MS for _, first, end, _ in items],
        marker=marker,
        width=width,
        customdata=[data for _, _, _, data in items],
        hovertemplate=CONTROL_HOVER,
        showlegend=False,
        **extra,
    )


CONTROL_HOVER = "%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"


def _legend_key(name: str, kind: str, rank: int, **style: Any) -> Trace:
    """A legend entry that draws nothing (its one point is empty): what a colour or a style means (``name`` is
    plain text)."""
    extra = {"orientation": "h", "base": [None]} if kind == "bar" else {"mode": "markers"}
    return _trace(kind, name=plotly_text(name), x=[None], y=[None], showlegend=True, legendrank=rank, hoverinfo="skip", **extra, **style)


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

    def caption(self) -> str:
        marks = [
            *(["a diamond is a change of control a source reports"] if self.changes else []),
            *(["a dot a source's statement of who held the place"] if self.statements else []),
        ]
        parts = [
            ", ".join(marks)[:1].upper()
            + ", ".join(marks)[1:]
            + ", in the colour of who held it after and with its date"
            + (" (a thin bar under it spans the month, year or days the source gives)." if self.windows else ".")
        ] if marks else []
        if self.presumed:
            parts.append(
                "A light hatched bar in the holder's colour is presumed: no source reports who held the place then."
            )
        if self.unknown:
            parts.append(
                "A grey dotted bar is unknown: the reports on either side name different holders (a change is missing,"
                " or the sources disagree)."
            )
        if self.open_ends:
            parts.append(
                "An end that no source gives fades out" + (", grey where none says who held it." if self.unknown_open_ends else ".")
            )
        parts.append("Under the last mark of each row: who held the place at the last report.")
        return " ".join(parts)


@dataclass(frozen=True)
class _ControlFigure:
    """What a control chart draws: its traces, the days its axis spans, its notes of the last reports, the styles
    it uses (for its caption) and its reported marks (for the caption of their dates' markers)."""

    traces: list[Trace]
    x_range: tuple[dt.date, dt.date]
    annotations: list[dict[str, Any]]
    styles: ControlStyles
    marks: list[_Mark]


def control_figure(ctx: ChartContext, lanes: list[_ControlLane]) -> _ControlFigure:
    """The traces, notes and reported marks of a control chart of ``lanes``."""
    data = ctx.data
    points = [(lane, p) for lane in lanes for p in lane.periods if p.point is not None]
    known = [day for _, p in points for day in (p.start.lower, p.end.upper)]  # type: ignore[union-attr]
    # From the first report to the newest source (how long ago the last report was is part of the story).
    first, last = (min(known, default=ctx.first_day), max(known + [ctx.last_day]))
    tail = dt.timedelta(days=_tail_days(first, last))
    holders = sorted({p.holder for lane in lanes for p in lane.periods if p.holder}, key=lambda h: data.actors[h].name.casefold())

    def customdata(lane: _ControlLane, period: ControlPeriod, what: str) -> list[str]:
        if period.point is not None:
            reported = f"Reported by {_source_names(data, list(period.point.sources))}"
            detail = _hover_date(_point_dated(ctx, period.point)) + "<br>" + _hover_wrapped(reported)
        else:
            detail = _hover_wrapped(_period_note(ctx, period))
        return [_period_link(ctx, period), lane.name, _hover_wrapped(what), detail]

    presumed: dict[str, list[tuple[str, dt.date, dt.date, list[str]]]] = {}
    windows: dict[str, list[tuple[str, dt.date, dt.date, list[str]]]] = {}
    fading: dict[str, list[tuple[str, dt.date, dt.date, list[str]]]] = {}
    fade_towards: dict[str, list[str]] = {}
    unknown: list[tuple[str, dt.date, dt.date, list[str]]] = []
    marks: dict[str, list[tuple[_Mark, ControlPoint]]] = {}
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
                marks.setdefault(point.holder, []).append((_Mark(lane.name, dated, item, point.date.lower, point.date.upper), point))
            elif period.open_start or period.open_end:
                fading.setdefault(colour_key, []).append((lane.name, *drawn, customdata(lane, period, label + (" (presumed, open end)" if period.basis == "presumed" else " (open end)"))))
                fade_towards.setdefault(colour_key, []).append("before" if period.open_start else "after")
            elif period.basis == "presumed":
                presumed.setdefault(colour_key, []).append((lane.name, *drawn, customdata(lane, period, label + " (presumed)")))
            else:
                unknown.append((lane.name, *drawn, customdata(lane, period, "Unknown")))

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
        traces.append(_bar("Unknown", unknown, UNKNOWN_MARKER, 0.5, legendgroup="unknown"))
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
            _trace(
                "scatter",
                name=plotly_text(_holder_name(ctx, holder)),
                legendgroup=holder,
                mode="markers+text",
                y=[m.lane for m in found],
                x=[_iso(m.middle) for m in found],
                text=[plotly_text(_short_date(m.dated.words)) for m in found],
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
    traces += _inferred_rings(every_mark)
    for rank, holder in enumerate(holders):
        key = {"color": colour(holder), "symbol": "square", "size": 12}
        traces.append(_legend_key(_holder_name(ctx, holder), "scatter", rank, legendgroup=holder, marker=key))
    if presumed:
        key = {"color": UNKNOWN_COLOUR, "opacity": 0.5, "line": {"color": UNKNOWN_COLOUR, "width": 1}, "pattern": {"shape": "/"}}
        traces.append(_legend_key(PRESUMED_LEGEND, "bar", 1000, marker=key))
    if unknown or "" in fading:
        traces.append(_legend_key(UNKNOWN_LEGEND, "bar", 1001, marker=UNKNOWN_MARKER))
    kinds = {point.kind for pairs in marks.values() for _, point in pairs}
    styles = ControlStyles(
        changes="change" in kinds,
        statements="report" in kinds,
        windows=bool(windows),
        presumed=bool(presumed),
        unknown=bool(unknown),
        open_ends=bool(fading),
        unknown_open_ends="" in fading,
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


#: Where the note of the last report sits under its lane's middle, in lanes (below the bars, which are half a lane).
LAST_REPORT_OFFSET = 0.36


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
                "x": _iso(middle),
                "y": position + LAST_REPORT_OFFSET,
                # Towards the side with room: the text is long beside a phone's narrow plot.
                "xanchor": _anchor(_share(middle, first, last, tail)),
                "yanchor": "middle",
                "showarrow": False,
                "text": plotly_text(f"Last report: {_holder_name(ctx, point.holder, point.extent)}"),
                "font": {"size": 11, "shadow": "auto"},
            }
        )
    return notes


def control_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    """Who held each place when: what the sources report, what the site presumes between, what no one says."""
    data = ctx.data
    history = ctx.index.control_history
    if spec.place:
        places = [spec.place]
    else:
        # Every place's history in one chart stays readable: the places with the most reported points.
        busiest = sorted(history, key=lambda p: (-_reported_count(history[p]), data.places[p].name.casefold()))[:MAX_CONTROL_LANES]
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
    # Room for the legend (several rows on a phone), each row's dates above its marks and its last report below.
    height = 200 + 52 * count
    layout = _base_layout(height, x_range=drawn.x_range)
    layout["yaxis"]["range"] = [count - 0.5, -0.5]
    # The places in the order of their names, not as the traces first name them.
    layout["yaxis"]["categoryorder"] = "array"
    layout["yaxis"]["categoryarray"] = [lane.name for lane in lanes]
    if drawn.annotations:
        layout["annotations"] = drawn.annotations
    rows = []
    data_rows = []
    for place, period in periods:
        start, end = _period_words(ctx, period)
        rows.append([data.places[place].name, _holder_name(ctx, period.holder, period.extent), period.basis, start, end, _period_note(ctx, period)])
        data_rows.append(_period_data_cells(ctx, period))
    sources = sorted({s for _, p in periods if p.point is not None for s in p.point.sources})
    words = _words(ctx)
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
    caption = (
        f"Who held {shown}, as the sources report it. "
        + drawn.styles.caption()
        + (" " + _marks_caption(drawn.marks) if drawn.marks and _marks_caption(drawn.marks) else "")
    )
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=_figure(ctx, drawn.traces, layout),
        columns=["Place", "Held by", "Basis", "From", "Until", "What the sources say"],
        rows=rows,
        links=[f"places/{place}.md" for place, _ in periods],
        ids=[place for place, _ in periods],
        sources=sources,
        page=page,
        height=height,
        empty=not periods,
        data_columns=DATA_COLUMNS,
        data_rows=data_rows,
    )


def _reported_count(periods: list[ControlPeriod]) -> int:
    return sum(1 for period in periods if period.reported)


def _within_period(period: ControlPeriod, spec: ChartSpec) -> bool:
    """Whether a row falls in the chart's window: an open end counts only as the report it starts from."""
    first = period.start or period.end
    last = period.end or period.start
    if first is None or last is None:
        return True
    if spec.start is not None and last.upper < spec.start.lower:
        return False
    if spec.end is not None and first.lower > spec.end.upper:
        return False
    return True


# --- zones ---------------------------------------------------------------------------


def zones_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    """Each zone of an agreement, the day it was set up, and the events the sources record in it afterwards."""
    data = ctx.data
    agreements: list[Agreement] = (
        [data.agreements[spec.agreement]]
        if spec.agreement
        else sorted((a for a in data.agreements.values() if a.zones), key=lambda a: a.order)
    )
    lanes: list[tuple[Agreement, Zone, list[Event]]] = [
        (a, z, [e for e in zone_events(ctx.index, a, z) if _within(e.date.lower, _reach(ctx.dated(e)), spec.start, spec.end)])
        for a in agreements
        for z in a.zones
    ]
    traces: list[Trace] = []
    setup_x, setup_y, setup_data = [], [], []
    # The agreements' own marks, for the rings of those whose date is inferred.
    setups: list[_Mark] = []
    for agreement, zone, _ in lanes:
        dated = ctx.dated(agreement)
        setup_x.append(_iso(agreement.date.lower))
        setup_y.append(plotly_text(zone.name))
        setup_data.append(
            [
                ctx.url(f"agreements/{agreement.id}.md"),
                plotly_text(zone.name),
                plotly_text(f"Set up: {agreement.name}") + "<br>" + _hover_date(dated),
            ]
        )
        setups.append(_Mark(plotly_text(zone.name), dated, setup_data[-1], agreement.date.lower, agreement.date.lower))
    traces.append(
        _trace(
            "scatter",
            name="Zone set up",
            mode="markers",
            x=setup_x,
            y=setup_y,
            marker={"symbol": "diamond", "size": 14, "color": GREY},
            customdata=setup_data,
            hovertemplate="%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    )
    marks = sum(len(events) for _, _, events in lanes)
    first = min((a.date.lower for a in agreements), default=ctx.first_day)
    last = ctx.last_day
    drawn: list[_Mark] = []
    if marks > MAX_MARKS:
        # Too many to draw one by one: one circle a zone a month, its area the number of events.
        per_month: dict[tuple[str, dt.date], int] = {}
        for _, zone, events in lanes:
            for event in events:
                key = (zone.name, _month_start(event.date.lower))
                per_month[key] = per_month.get(key, 0) + 1
        keys = sorted(per_month, key=lambda key: (key[1], key[0]))
        biggest = max(per_month.values())
        traces.append(
            _trace(
                "scatter",
                name="Events a month",
                mode="markers",
                x=[_iso(month + dt.timedelta(days=14)) for _, month in keys],
                y=[plotly_text(zone) for zone, _ in keys],
                marker={"size": [6 + 18 * (per_month[key] / biggest) ** 0.5 for key in keys], "color": INK, "opacity": 0.7},
                customdata=[
                    [
                        ctx.url(target) if (target := ctx.layout.period_link(month.year, month.month) if ctx.layout else None) else "",
                        plotly_text(zone),
                        f"{MONTHS_EN[month.month - 1]} {month.year}: {per_month[(zone, month)]} events",
                    ]
                    for zone, month in keys
                ],
                hovertemplate="%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )
    else:
        by_category: dict[str, list[_Mark]] = {}
        for _, zone, events in lanes:
            for event in events:
                by_category.setdefault(event.category, []).append(_event_mark(ctx, plotly_text(zone.name), event))
        for category_id in sorted(by_category, key=lambda c: (data.categories[c].order, c)):
            traces += _event_marks(
                by_category[category_id],
                name=plotly_text(data.categories[category_id].name),
                mark=ctx.category_marks[category_id],
                group=category_id,
                tail_days=_tail_days(first, ctx.last_day),
            )
            drawn += by_category[category_id]
        span = _drawn_span(drawn)
        if span is not None:
            first, last = min(first, span[0]), max(last, span[1])
    traces += _inferred_rings(setups + drawn)
    count = max(1, len(lanes))
    height = 150 + 52 * count
    layout = _base_layout(height, x_range=(first, last))
    layout["yaxis"]["range"] = [count - 0.5, -0.5]
    annotations = []
    for agreement, zone, events in lanes:
        if not events:
            annotations.append(
                {
                    "x": _iso(agreement.date.lower),
                    "y": plotly_text(zone.name),
                    "xanchor": "left",
                    "xshift": 14,
                    "showarrow": False,
                    "text": "no later event recorded in the sources",
                    "font": {"size": 11},
                }
            )
    layout["annotations"] = annotations
    layout["yaxis"]["showticklabels"] = True
    rows = []
    data_rows: list[list[str]] = []
    links: list[str | None] = []
    ids: list[str] = []
    for agreement, zone, events in lanes:
        rows.append([zone.name, ctx.dated(agreement).short, f"set up by the {agreement.name}", ""])
        data_rows.append(ctx.dated(agreement).data_cells())
        links.append(f"agreements/{agreement.id}.md")
        ids.append(agreement.id)
        if marks > MAX_MARKS:
            counted: dict[dt.date, int] = {}
            for event in events:
                counted[_month_start(event.date.lower)] = counted.get(_month_start(event.date.lower), 0) + 1
            for month, number in sorted(counted.items()):
                rows.append([zone.name, f"{MONTHS_EN[month.month - 1]} {month.year}", _events_count(ctx, number), ""])
                data_rows.append([month.isoformat(), (_next_month(month) - dt.timedelta(days=1)).isoformat(), "month", "", ""])
                links.append(ctx.layout.period_link(month.year, month.month) if ctx.layout else None)
                ids.append("")
            continue
        for event in events:
            rows.append([zone.name, ctx.dated(event).short, event.title, data.categories[event.category].name])
            data_rows.append(ctx.dated(event).data_cells())
            links.append(ctx.event_link(event.id))
            ids.append(event.id)
    sources = sorted(
        {c.source for a in agreements for z in a.zones for c in z.claims}
        | {s for _, _, events in lanes for e in events for s in _event_sources(e)}
    )
    words = _words(ctx)
    if lanes:
        caption = (
            words.ngettext(
                "The zone set up by %(agreements)s", "The %(num)s zones set up by %(agreements)s", len(lanes), agreements=_agreement_names(agreements)
            )
            + ", and the events the sources record in their places afterwards. The sources do not say when or whether"
            " a zone ended; an empty row means they record nothing there after it was set up."
            + (" Each event is a mark in its category's shape (the legend names them); a bar under it spans a month,"
               " a year or a range of days. " if drawn else " ")
            + _marks_caption(setups + drawn)
        ).strip()
    else:
        caption = words.gettext("The sources record no zone set up by %(agreements)s.", agreements=_agreement_names(agreements))
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=_figure(ctx, traces, layout),
        columns=["Zone", "Date", "What happened", "Category"],
        rows=rows,
        links=links,
        sources=sources,
        page=page,
        height=height,
        empty=not lanes,
        data_columns=DATA_COLUMNS,
        data_rows=data_rows,
        ids=ids,
    )


BUILDERS = {"timeline": timeline_chart, "control": control_chart, "zones": zones_chart}


def build_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    return BUILDERS[spec.kind](ctx, spec, page, title)


def parse_filter_date(value: Any) -> HistoricalDate:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("a date must be text in EDTF, such as 2019 or 2020-01")
    return parse_date(value)
