"""Plotly charts built at build time from the typed model: figure JSON, captions and data tables.

Every chart is a :class:`Chart`: a Plotly figure (made with
``plotly.graph_objects``, no pandas), a caption saying what it shows, the
rows of its data (the accessible table, the CSV and the JSON downloads), the
sources it rests on and the page it belongs to. Charts are identified by a
stable id, which is also the address of their embed page (``embed/<id>/``).

Dates keep their precision on charts as everywhere: a day is a point, a month
or a year is a bar spanning it, a range is a bar; hover text says the date in
words. Editors' text reaches Plotly only escaped (Plotly reads hover text and
titles as a subset of HTML), so that only the generator's own tags are markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from markupsafe import Markup

from .dates import MONTHS as MONTHS_EN
from .dates import HistoricalDate, parse_date
from .derive import ControlPeriod, Index, zone_events
from .layout import EventLayout
from .loader import Dataset
from .model import Agreement, Event, Zone
from .preview import chart_preview
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

#: Okabe–Ito colours (distinguishable with colour-blindness), readable on light and dark backgrounds.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D31", "#7F7F7F"]
UNKNOWN_COLOUR = "#9E9E9E"
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
    category_colours: dict[str, str] = field(default_factory=dict)
    holder_colours: dict[str, str] = field(default_factory=dict)
    first_day: dt.date = dt.date(2000, 1, 1)
    last_day: dt.date = dt.date(2000, 1, 1)
    layout: EventLayout | None = None
    use_directory_urls: bool = True
    validate: bool = False
    """Whether plotly checks every property as traces are made (tests do; a build need not: it costs most of
    the time of making a chart, and the figures a build makes are the ones the tests check)."""

    def url(self, src: str) -> str:
        """Site-root-relative URL of a page (``src`` or ``src#anchor``), for links the browser resolves."""
        return page_url(src, self.use_directory_urls)

    def event_link(self, event_id: str) -> str:
        """``page.md#event-id`` of an event."""
        assert self.layout is not None
        return self.layout.link(event_id)

    @classmethod
    def build(cls, data: Dataset, index: Index, layout: EventLayout, use_directory_urls: bool = True) -> ChartContext:
        categories = sorted(data.categories.values(), key=lambda c: (c.order, c.id))
        colours = {c.id: c.colour or PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
        holders = sorted({p.holder for periods in index.control_history.values() for p in periods if p.holder})
        holder_colours = {holder: PALETTE[i % len(PALETTE)] for i, holder in enumerate(holders)}
        lowers = [e.date.lower for e in data.events.values()] + [a.date.lower for a in data.agreements.values()]
        uppers = [e.date.upper for e in data.events.values()] + [s.published.upper for s in data.sources.values()]
        first = min(lowers) if lowers else dt.date(2000, 1, 1)
        last = max(uppers) if uppers else first
        return cls(data, index, colours, holder_colours, first, last, layout, use_directory_urls)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _date_words(date: HistoricalDate, inferred: bool) -> str:
    return date.human() + (" (inferred)" if inferred else "")


def _source_names(data: Dataset, source_ids: list[str]) -> str:
    return "; ".join(f"{data.sources[s].publisher}, {data.sources[s].published.human()}" for s in source_ids)


def _event_sources(event: Event) -> list[str]:
    seen: list[str] = []
    for claim in event.claims:
        if claim.source not in seen:
            seen.append(claim.source)
    return seen


def _within(date: HistoricalDate, start: HistoricalDate | None, end: HistoricalDate | None) -> bool:
    """Whether a date overlaps the window [start, end] (either end open)."""
    if start is not None and date.upper < start.lower:
        return False
    if end is not None and date.lower > end.upper:
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
        and _within(e.date, spec.start, spec.end)
    ]


def _event_customdata(ctx: ChartContext, event: Event) -> list[str]:
    return [
        ctx.url(ctx.event_link(event.id)),
        plotly_text(event.title),
        plotly_text(_date_words(event.date, event.date_inferred is not None)),
        plotly_text(_source_names(ctx.data, _event_sources(event))),
    ]


EVENT_HOVER = "%{customdata[1]}<br>%{customdata[2]}<br>Source: %{customdata[3]}<extra></extra>"


def _event_marks(
    ctx: ChartContext,
    items: list[tuple[str, Event]],
    *,
    name: str,
    colour: str,
    group: str,
    short_days: int,
) -> list[Trace]:
    """Marks for events in lanes: a dot for a day, a square for a short range, a bar for anything longer.

    Approximate or uncertain dates are drawn open (dots, squares) or hatched (bars).
    """
    points = [(lane, e) for lane, e in items if e.date.precision == "day"]
    # Only ranges can be short: a month or a year is always drawn as the bar it spans.
    short = lambda e: e.date.precision == "range" and (e.date.upper - e.date.lower).days < short_days  # noqa: E731
    shorts = [(lane, e) for lane, e in items if short(e)]
    spans = [(lane, e) for lane, e in items if e.date.precision != "day" and not short(e)]
    traces: list[Trace] = []
    vague = lambda e: e.date.approximate or e.date.uncertain  # noqa: E731
    if spans:
        traces.append(
            _trace(
                "bar",
                name=name,
                legendgroup=group,
                orientation="h",
                y=[lane for lane, _ in spans],
                base=[_iso(e.date.lower) for _, e in spans],
                x=[((e.date.upper - e.date.lower).days + 1) * DAY_MS for _, e in spans],
                marker={
                    "color": colour,
                    "opacity": 0.55,
                    "line": {"color": colour, "width": 1},
                    "pattern": {"shape": ["/" if vague(e) else "" for _, e in spans]},
                },
                width=0.5,
                customdata=[_event_customdata(ctx, e) for _, e in spans],
                hovertemplate=EVENT_HOVER,
                showlegend=False,
            )
        )
    for marks, solid, hollow in ((points, "circle", "circle-open"), (shorts, "square", "square-open")):
        if marks:
            traces.append(
                _trace(
                    "scatter",
                    name=name,
                    legendgroup=group,
                    mode="markers",
                    y=[lane for lane, _ in marks],
                    x=[_iso(e.date.lower + (e.date.upper - e.date.lower) / 2) for _, e in marks],
                    marker={
                        "color": colour,
                        "size": 12,
                        "symbol": [hollow if vague(e) else solid for _, e in marks],
                        "line": {"color": colour, "width": 2},
                    },
                    customdata=[_event_customdata(ctx, e) for _, e in marks],
                    hovertemplate=EVENT_HOVER,
                    showlegend=False,
                )
            )
    if traces:
        traces[0]["showlegend"] = True
    return traces


def _short_days(first: dt.date, last: dt.date) -> int:
    """Ranges shorter than this many days are drawn as squares: a bar would be too thin to see or select."""
    return max(3, (last - first).days // 120)


def timeline_figure(ctx: ChartContext, events: list[Event], *, range_slider: bool = True) -> tuple[dict[str, Any], int]:
    """Events on a time axis, one lane per category: a point for a day, a bar for a month, year or range."""
    data = ctx.data
    categories = sorted({e.category for e in events}, key=lambda c: (data.categories[c].order, c))
    span = (min(e.date.lower for e in events), max(e.date.upper for e in events)) if events else None
    short = _short_days(*span) if span else 3
    traces: list[Trace] = []
    for category_id in categories:
        lane = plotly_text(data.categories[category_id].name)
        traces += _event_marks(
            ctx,
            [(lane, e) for e in events if e.category == category_id],
            name=lane,
            colour=ctx.category_colours[category_id],
            group=category_id,
            short_days=short,
        )
    lanes = max(1, len(categories))
    height = 150 + 44 * lanes + (60 if range_slider else 0)
    layout = _base_layout(height, x_range=span)
    layout["yaxis"]["range"] = [lanes - 0.5, -0.5]
    # Lanes are the legend's categories: on a narrow screen the chart drops their labels.
    layout["meta"] = {"lanes_in_legend": True}
    if range_slider:
        layout["xaxis"]["rangeslider"] = {"visible": True, "thickness": 0.12}
    return _figure(ctx, traces, layout), height


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
        colour = ctx.category_colours[category_id]
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
                    marker={"color": colour},
                    customdata=[[ctx.url(t) if t else "", name, label, f"{n} event{'s' if n != 1 else ''}"] for t, label, n in zip(targets, labels, counts)],
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
                    marker={"color": colour, "opacity": 0.6, "pattern": {"shape": "/"}},
                    customdata=[[ctx.url(t) if t else "", name, f"{year}, dated only to the year or a longer range", f"{n} event{'s' if n != 1 else ''}"] for t, year, n in zip(targets, years, counts)],
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
        f"{len(events):,} events, {first.year}–{last.year}: too many to draw one by one, so each bar is the number"
        " of events in a month, by category (stacked); below, hatched, those dated only to a year or to a longer"
        " range. Select a bar to open the timeline at that month."
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


def timeline_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    events = timeline_events(ctx, spec)
    if len(events) > MAX_MARKS:
        return aggregate_timeline(ctx, events, spec, page, title)
    figure, height = timeline_figure(ctx, events)
    data = ctx.data
    sources = sorted({s for e in events for s in _event_sources(e)})
    years = f"{events[0].date.year}–{events[-1].date.year}" if events else ""
    caption = (
        f"{len(events)} event{'s' if len(events) != 1 else ''}{', ' + years if years else ''}, one row per category."
        " A dot is an event dated to the day, a square one dated to a range of a few days, a bar one dated only to"
        " a month, a year or a longer range; open and hatched marks are approximate dates. Select an event to open"
        " its page."
    )
    rows = [
        [
            e.title,
            _date_words(e.date, e.date_inferred is not None),
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
        figure=figure,
        columns=["Event", "Date", "Category", "Places", "Sources"],
        rows=rows,
        links=[ctx.event_link(e.id) for e in events],
        sources=sources,
        page=page,
        height=height,
        empty=not events,
    )


# --- control history -------------------------------------------------------------------


def _period_bounds(ctx: ChartContext, period: ControlPeriod) -> tuple[dt.date, dt.date]:
    start = period.start.lower if period.start else ctx.first_day
    end = period.end.lower if period.end else ctx.last_day
    return start, max(end, start)


def _period_words(period: ControlPeriod) -> str:
    start = period.start.human() if period.start else "start not recorded"
    end = period.end.human() if period.end else "no later change recorded"
    return f"{start} – {end}"


def control_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    """Who held each place from when to when, as horizontal bars; unknown periods hatched grey."""
    data = ctx.data
    history = ctx.index.control_history
    if spec.place:
        places = [spec.place]
    else:
        # Every place's history in one chart stays readable: the places with the most recorded changes.
        busiest = sorted(history, key=lambda p: (-len(history[p]), data.places[p].name.casefold()))[:MAX_CONTROL_LANES]
        places = sorted(busiest, key=lambda p: data.places[p].name.casefold())
    periods = [
        (place, period)
        for place in places
        for period in history.get(place, [])
        if _within_period(ctx, period, spec)
    ]
    by_holder: dict[str | None, list[tuple[str, ControlPeriod]]] = {}
    for place, period in periods:
        by_holder.setdefault(period.holder, []).append((place, period))
    order = sorted((h for h in by_holder if h), key=lambda h: data.actors[h].name.casefold())
    traces: list[Trace] = []
    for holder in [*order, None]:
        items = by_holder.get(holder)
        if not items:
            continue
        colour = ctx.holder_colours.get(holder, UNKNOWN_COLOUR) if holder else UNKNOWN_COLOUR
        name = plotly_text(data.actors[holder].name) if holder else "Unknown"
        bounds = [_period_bounds(ctx, p) for _, p in items]
        customdata = []
        for (place, period), _ in zip(items, bounds):
            event = period.start_event or period.end_event
            extent = " (part of it)" if period.extent == "partial" else ""
            customdata.append(
                [
                    ctx.url(ctx.event_link(event)) if event else "",
                    plotly_text(data.places[place].name),
                    plotly_text(name + extent),
                    plotly_text(_period_words(period)),
                ]
            )
        traces.append(
            _trace(
                "bar",
                name=name,
                orientation="h",
                y=[plotly_text(data.places[place].name) for place, _ in items],
                base=[_iso(start) for start, _ in bounds],
                x=[max(1, (end - start).days) * DAY_MS for start, end in bounds],
                marker={
                    "color": colour,
                    "opacity": 0.85 if holder else 0.5,
                    "line": {"color": colour, "width": 1},
                    "pattern": {
                        "shape": ["/" if holder is None or p.start is None or p.end is None else "" for _, p in items]
                    },
                },
                width=0.6,
                customdata=customdata,
                hovertemplate="%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
            )
        )
    lanes = max(1, len(places))
    height = 140 + 48 * lanes
    layout = _base_layout(height, x_range=(ctx.first_day, ctx.last_day))
    layout["yaxis"]["range"] = [lanes - 0.5, -0.5]
    rows = [
        [
            data.places[place].name,
            (data.actors[period.holder].name if period.holder else "Unknown")
            + (" (part of it)" if period.extent == "partial" else ""),
            period.start.human() if period.start else "not recorded",
            period.end.human() if period.end else "no later change recorded",
        ]
        for place, period in periods
    ]
    events = {e for _, p in periods for e in (p.start_event, p.end_event) if e}
    sources = sorted({s for e in events for s in _event_sources(data.events[e])})
    count = len(places)
    shown = (
        f"the {count} places with the most recorded changes (of {len(history)}; each place's page has its own)"
        if len(history) > count and not spec.place
        else ("each of " + str(count) + " places" if count != 1 else data.places[places[0]].name)
    )
    caption = (
        f"Who held {shown} from when to when, from the changes of control the sources record. Grey hatched bars"
        " are periods for which the sources do not say who held the place; hatched coloured bars have an end the"
        " sources do not record."
    )
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=_figure(ctx, traces, layout),
        columns=["Place", "Held by", "From", "Until"],
        rows=rows,
        links=[f"places/{place}.md" for place, _ in periods],
        sources=sources,
        page=page,
        height=height,
        empty=not periods,
    )


def _within_period(ctx: ChartContext, period: ControlPeriod, spec: ChartSpec) -> bool:
    start, end = _period_bounds(ctx, period)
    if spec.start is not None and end < spec.start.lower:
        return False
    if spec.end is not None and start > spec.end.upper:
        return False
    return True


# --- zones ---------------------------------------------------------------------------


def zones_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    """Each zone of an agreement, the day it was set up, and the events the sources record in it afterwards."""
    data = ctx.data
    agreements: list[Agreement] = (
        [data.agreements[spec.agreement]]
        if spec.agreement
        else sorted((a for a in data.agreements.values() if a.zones), key=lambda a: (a.date.sort_key, a.id))
    )
    lanes: list[tuple[Agreement, Zone, list[Event]]] = [
        (a, z, [e for e in zone_events(ctx.index, a, z) if _within(e.date, spec.start, spec.end)])
        for a in agreements
        for z in a.zones
    ]
    traces: list[Trace] = []
    setup_x, setup_y, setup_data = [], [], []
    for agreement, zone, _ in lanes:
        setup_x.append(_iso(agreement.date.lower))
        setup_y.append(plotly_text(zone.name))
        setup_data.append(
            [
                ctx.url(f"agreements/{agreement.id}.md"),
                plotly_text(zone.name),
                plotly_text(f"Set up: {agreement.name}, {agreement.date.human()}"),
            ]
        )
    traces.append(
        _trace(
            "scatter",
            name="Zone set up",
            mode="markers",
            x=setup_x,
            y=setup_y,
            marker={"symbol": "diamond", "size": 14, "color": "#7F7F7F"},
            customdata=setup_data,
            hovertemplate="%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    )
    marks = sum(len(events) for _, _, events in lanes)
    first = min((a.date.lower for a in agreements), default=ctx.first_day)
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
                marker={"size": [6 + 18 * (per_month[key] / biggest) ** 0.5 for key in keys], "color": "#0072B2", "opacity": 0.7},
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
        by_category: dict[str, list[tuple[str, Event]]] = {}
        for _, zone, events in lanes:
            for event in events:
                by_category.setdefault(event.category, []).append((plotly_text(zone.name), event))
        short = _short_days(first, ctx.last_day)
        for category_id in sorted(by_category, key=lambda c: (data.categories[c].order, c)):
            traces += _event_marks(
                ctx,
                by_category[category_id],
                name=plotly_text(data.categories[category_id].name),
                colour=ctx.category_colours[category_id],
                group=category_id,
                short_days=short,
            )
    count = max(1, len(lanes))
    height = 150 + 52 * count
    layout = _base_layout(height, x_range=(first, ctx.last_day))
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
    links: list[str | None] = []
    for agreement, zone, events in lanes:
        rows.append([zone.name, agreement.date.human(), f"set up by the {agreement.name}", ""])
        links.append(f"agreements/{agreement.id}.md")
        if marks > MAX_MARKS:
            counted: dict[dt.date, int] = {}
            for event in events:
                counted[_month_start(event.date.lower)] = counted.get(_month_start(event.date.lower), 0) + 1
            for month, number in sorted(counted.items()):
                rows.append([zone.name, f"{MONTHS_EN[month.month - 1]} {month.year}", f"{number} events", ""])
                links.append(ctx.layout.period_link(month.year, month.month) if ctx.layout else None)
            continue
        for event in events:
            rows.append([zone.name, _date_words(event.date, event.date_inferred is not None), event.title, data.categories[event.category].name])
            links.append(ctx.event_link(event.id))
    sources = sorted(
        {c.source for a in agreements for z in a.zones for c in z.claims}
        | {s for _, _, events in lanes for e in events for s in _event_sources(e)}
    )
    caption = (
        f"The {len(lanes)} zone{'s' if len(lanes) != 1 else ''} set up by the "
        + " and the ".join(a.name for a in agreements)
        + ", and the events the sources record in their places afterwards. The sources do not say when or whether"
        " a zone ended; an empty row means they record nothing there after it was set up."
    )
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
