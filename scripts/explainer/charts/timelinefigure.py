"""The timeline chart: events on a time axis that skips the empty years, one lane per category.

Every event is its own mark, in its category's shape at the middle of its date, with a bar under it spanning
the month, the year or the range it may mean; events that would meet take separate rows of their lane
(timelinelayout.py), key events are labelled, and the figure carries its events in reading order for the
Previous and Next buttons. Past :data:`~explainer.charts.common.MAX_MARKS` events (or a figure taller than
:data:`MAX_TIMELINE_HEIGHT`), it counts them by month instead, as stacked bars.

This module draws it (:func:`draw`, which :func:`explainer.charts.build_chart` calls); its spec, the check of a
chart block and its default title are :mod:`.timeline`'s, which checking a block loads without this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..colours import INK
from ..dating import DATA_COLUMNS
from ..i18n import Words
from ..model import Event
from .common import (
    DAY_MS,
    KEY_FLOW,
    MAX_MARKS,
    Chart,
    ChartContext,
    Mark,
    Trace,
    base_layout,
    day_words,
    event_mark,
    event_marks,
    event_sources,
    events_count,
    fade_days,
    figure,
    inferred_rings,
    iso,
    marks_caption,
    month_start,
    month_words,
    next_month,
    plotly_text,
    reach,
    source_names,
    trace,
    within,
)
from .timeline import TimelineSpec

if TYPE_CHECKING:  # the layout is imported by what draws a timeline: checking a chart block needs none of it
    from ..timelinelayout import Skip, Slot, TimeAxis


def timeline_events(ctx: ChartContext, spec: TimelineSpec) -> list[Event]:
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
        and within(e.date.lower, reach(ctx.dated(e)), spec.start, spec.end)
    ]


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
#: Tallest timeline drawn one event at a time, in pixels; a taller one (events piled on few days) is counted by month.
MAX_TIMELINE_HEIGHT = 4000


@dataclass(frozen=True)
class TimelineRows:
    """Marks on a timeline's axis that skips the empty years (timelinelayout.py), in rows counted in pixels."""

    axis: TimeAxis
    bar_width: float = 8.0
    mark_size: int = 14

    def x(self, mark: Mark) -> str | float:
        return round(self.axis.at(mark.centre), 3)

    def y(self, mark: Mark) -> str | float:
        assert mark.y is not None
        return mark.y

    def start(self, day: dt.date) -> str | float:
        return round(self.axis.at(day.toordinal()), 3)

    def length(self, first: dt.date, end: dt.date) -> float:
        return round(self.axis.at(end.toordinal()) - self.axis.at(first.toordinal()), 3)


def _skip_words(words: Words, skip: Skip) -> str:
    """What a skipped stretch of the axis hides (nothing): 'No event recorded from … to …: the axis skips it.'"""
    return words.gettext(
        "No event recorded from %(first)s to %(last)s: the axis skips these dates.",
        first=day_words(words, skip.first),
        last=day_words(words, skip.last),
    )


@dataclass(frozen=True)
class TimelineFigure:
    """A timeline chart's figure and what its caption and its reading order need."""

    figure: dict[str, Any]
    height: int
    marks: list[Mark]
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


def _label(placement: TimelineRows, mark: Mark, slot: Slot) -> dict[str, Any]:
    """A key event's label beside its mark, on the side its slot gives (it opens the event: ``captureevents``)."""
    from ..timelinelayout import MARK_ROOM, SPACING

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


def _skip_marks(words: Words, axis: TimeAxis) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
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
            "hovertext": plotly_text(_skip_words(words, skip)),
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
            source_names(ctx.data, event_sources(event), ctx.words),
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
    from ..timelinelayout import REFERENCE_WIDTH, WIDE_WIDTH, Item, build_axis
    from ..timelinelayout import place as place_rows

    data = ctx.data
    words = ctx.words
    categories = sorted({e.category for e in events}, key=lambda c: (data.categories[c].order, c))
    names = {category_id: plotly_text(data.categories[category_id].name) for category_id in categories}
    plain = [event_mark(ctx, names[e.category], e) for e in events]
    known = (min(m.first for m in plain), max(m.last for m in plain)) if plain else None
    tail_days = fade_days(*known) if known else 20
    tail = dt.timedelta(days=tail_days)
    one = dt.timedelta(days=1)

    def extent(m: Mark) -> tuple[float, float]:
        start = m.first - tail if m.fades_before else m.first
        end = m.last + one + tail if m.fades_after else m.last + one
        return float(start.toordinal()), float(end.toordinal())

    axis = build_axis([extent(m) for m in plain], [m.centre for m in plain])
    slots = place_rows([Item(e.category, *extent(m), m.centre, e.title if e.key else None) for e, m in zip(events, plain)], axis)
    tops, centres, total = _rows(categories, events, slots)
    marks = [replace(m, y=centres[(e.category, s.row)]) for m, e, s in zip(plain, events, slots)]
    placement = TimelineRows(axis)
    traces: list[Trace] = []
    mark_of: dict[str, tuple[int, int]] = {}
    for category_id in categories:
        chosen = [(e, m) for e, m in zip(events, marks) if e.category == category_id]
        traces += event_marks(
            words,
            [m for _, m in chosen],
            name=names[category_id],
            mark=ctx.category_marks[category_id],
            group=category_id,
            tail_days=tail_days,
            place=placement,
            legend=False,  # each lane is named, with its shape, beside its rows
        )
        mark_of.update({e.id: (len(traces) - 1, n) for n, (e, _) in enumerate(chosen)})
    traces += inferred_rings(words, marks, placement)

    annotations = _lane_names(ctx, categories, names, tops)
    label_links: dict[str, str] = {}
    for event, m, slot in zip(events, marks, slots):
        if slot.side is not None:
            label_links[str(len(annotations))] = ctx.url(ctx.event_link(event.id))
            annotations.append(_label(placement, m, slot))
    bands, skips = _skip_marks(words, axis)
    annotations += skips
    rules = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": tops[c], "y1": tops[c], "line": {"color": RULE, "width": 1}, "layer": "below"}
        for c in categories[1:]
    ]

    ringed = any(m.dated.inferred is not None for m in marks)
    bottom = TIMELINE_BOTTOM + (TIMELINE_LEGEND if ringed else 0)
    # At least a chart's least height (explainer-charts.css): a few events get room under their rows.
    total = max(total, TIMELINE_MIN_HEIGHT - TIMELINE_TOP - bottom)
    height = round(TIMELINE_TOP + total + bottom)
    months = words.month_names("abbreviated")
    narrow = axis.ticks(REFERENCE_WIDTH, months=months)
    layout = base_layout(height)
    layout["margin"] = {"l": 10, "r": 10, "t": TIMELINE_TOP, "b": bottom}
    # The legend (the rings' key) under the plot: the toolbar, above it, then covers nothing.
    layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom", **KEY_FLOW}
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
                "wide": [[tick.value, tick.label] for tick in axis.ticks(WIDE_WIDTH, months=months)],
            },
            "story": _story(ctx, events, mark_of),
            "labels": label_links,
            # The months as the axis's ticks name them, for the ticks the page's script makes when zoomed.
            "months": list(months),
        }
    }
    return TimelineFigure(figure(ctx, traces, layout), height, marks, axis.skips)


#: Where a count timeline's key stands, in the plot's heights over its bottom: above the upper panel's name.
COUNT_LEGEND_Y = 1.09


def panel_name(text: str, axis: str) -> dict[str, Any]:
    """The name of a panel of counts (its y axis: ``y``, ``y2``), written across over its top left corner; the static
    preview reads it as that axis's title (:mod:`explainer.preview`)."""
    return {
        "name": "panel",
        "text": plotly_text(text),
        "xref": "paper",
        "x": 0,
        "xanchor": "left",
        "yref": f"{axis} domain",
        "y": 1,
        "yanchor": "bottom",
        "showarrow": False,
    }


def _fine(event: Event) -> bool:
    """Whether an event falls within one month (so that it can be counted in that month)."""
    return event.date.precision in ("day", "month") or (event.date.upper - event.date.lower).days < 31


def aggregate_timeline(ctx: ChartContext, events: list[Event], spec: TimelineSpec, page: str, title: str) -> Chart:
    """Too many events to draw one by one: how many there were each month (and each year, for those dated only
    to a year or a longer range), by category, as stacked bars. A bar opens the timeline at that month."""
    data = ctx.data
    words = ctx.words
    categories = sorted({e.category for e in events}, key=lambda c: (data.categories[c].order, c))
    monthly: dict[tuple[str, dt.date], int] = {}
    yearly: dict[tuple[str, int], int] = {}
    for event in events:
        if _fine(event):
            key = (event.category, month_start(event.date.lower))
            monthly[key] = monthly.get(key, 0) + 1
        else:
            yearly[(event.category, event.date.year)] = yearly.get((event.category, event.date.year), 0) + 1
    traces: list[Trace] = []
    rows: list[list[str]] = []
    links: list[str | None] = []
    hover = "%{customdata[2]} · %{customdata[1]}<br>%{customdata[3]}<extra></extra>"
    for category_id in categories:
        name = plotly_text(data.categories[category_id].name)
        # Ink, told apart by each category's pattern (colours are actors', colours.py).
        pattern = ctx.category_marks[category_id].pattern
        months = sorted(month for (category, month) in monthly if category == category_id)
        if months:
            counts = [monthly[(category_id, month)] for month in months]
            labels = [month_words(words, m) for m in months]
            targets = [ctx.layout.period_link(m.year, m.month) if ctx.layout else None for m in months]
            traces.append(
                trace(
                    "bar",
                    name=name,
                    legendgroup=category_id,
                    x=[iso(m + (next_month(m) - m) / 2) for m in months],
                    y=counts,
                    width=[(next_month(m) - m).days * DAY_MS * 0.9 for m in months],
                    marker={"color": INK, "opacity": 0.8, "line": {"color": INK, "width": 1}, "pattern": {"shape": pattern}},
                    customdata=[[ctx.url(t) if t else "", name, label, events_count(words, n)] for t, label, n in zip(targets, labels, counts)],
                    hovertemplate=hover,
                    xaxis="x",
                    yaxis="y",
                )
            )
            for label, n, target in zip(labels, counts, targets):
                rows.append([label, data.categories[category_id].name, str(n)])
                links.append(target)
        years = sorted(year for (category, year) in yearly if category == category_id)
        if years:
            counts = [yearly[(category_id, year)] for year in years]
            targets = [ctx.layout.period_link(year) if ctx.layout else None for year in years]
            traces.append(
                trace(
                    "bar",
                    name=name,
                    legendgroup=category_id,
                    showlegend=not months,
                    x=[iso(dt.date(year, 7, 2)) for year in years],
                    y=counts,
                    width=[365 * DAY_MS * 0.95 for _ in years],
                    marker={"color": INK, "opacity": 0.45, "line": {"color": INK, "width": 1}, "pattern": {"shape": pattern}},
                    customdata=[
                        [ctx.url(t) if t else "", name, words.gettext("%(year)s, dated only to the year or a longer range", year=year), events_count(words, n)]
                        for t, year, n in zip(targets, years, counts)
                    ],
                    hovertemplate=hover,
                    xaxis="x",
                    yaxis="y2",
                )
            )
            for year, n, target in zip(years, counts, targets):
                rows.append([words.gettext("%(year)s (dated only to the year or a longer range)", year=year), data.categories[category_id].name, str(n)])
                links.append(target)
    height = 460
    first = min(e.date.lower for e in events)
    last = max(e.date.upper for e in events)
    layout = base_layout(height, x_range=(first, last))
    layout["barmode"] = "stack"
    layout["yaxis"] = {"domain": [0.32, 1], "automargin": True, "fixedrange": True, "rangemode": "tozero"}
    layout["yaxis2"] = {"domain": [0, 0.22], "automargin": True, "fixedrange": True, "rangemode": "tozero"}
    layout["xaxis"]["anchor"] = "y2"
    # Each panel's name over its top left corner, written across as the static preview writes it: as an axis's
    # title, turned on its side, the lower panel's was longer than the panel and was cut. The key stands higher,
    # leaving the upper panel's name its line.
    layout["annotations"] = [
        panel_name(words.gettext("events a month"), "y"),
        panel_name(words.gettext("a year (less precise)"), "y2"),
    ]
    layout["legend"]["y"] = COUNT_LEGEND_Y
    sources = sorted({s for e in events for s in event_sources(e)})
    caption = words.gettext(
        "%(events)s, %(first)s–%(last)s: too many to draw one by one, so each bar is the number of events in a month,"
        " by category (stacked, each category its pattern); below, lighter, those dated only to a year or to a longer"
        " range. Select a bar to open the timeline at that month.",
        events=events_count(words, len(events)),
        first=first.year,
        last=last.year,
    )
    return Chart(
        spec=spec,
        title=title,
        caption=caption,
        figure=figure(ctx, traces, layout),
        columns=[words.gettext("Period"), words.gettext("Category"), words.gettext("Events")],
        rows=rows,
        links=links,
        sources=sources,
        page=page,
        height=height,
        language=data.site.language,
        empty=False,
    )


def _caption(words: Words, events: list[Event], drawn: TimelineFigure) -> str:
    """What a timeline drawn one event at a time shows: its events, its lanes, its marks, what the axis skips."""
    count = events_count(words, len(events)) if events else words.gettext("No events recorded")
    if events:
        count = words.gettext("%(events)s, %(first)s–%(last)s", events=count, first=events[0].date.year, last=events[-1].date.year)
    skipped = words.gettext("; ").join(
        words.gettext("%(first)s to %(last)s", first=day_words(words, skip.first), last=day_words(words, skip.last))
        for skip in drawn.skips
    )
    sentences = [
        words.gettext("%(events)s, one lane per category, each with its shape.", events=count),
        words.gettext(
            "Every event is its own mark, at the middle of its date; a bar under it spans a month, a year or a range"
            " of days. Events that would overlap take separate rows; key events are labelled."
        ),
        words.gettext("The axis skips the stretches with no event (marked //: %(stretches)s).", stretches=skipped) if skipped else "",
        marks_caption(words, drawn.marks),
        words.gettext("Select an event to open its page, or read them in order with Previous and Next."),
    ]
    return " ".join(sentence for sentence in sentences if sentence)


def draw(ctx: ChartContext, spec: TimelineSpec, page: str, title: str) -> Chart:
    events = timeline_events(ctx, spec)
    if len(events) > MAX_MARKS:
        return aggregate_timeline(ctx, events, spec, page, title)
    drawn = timeline_figure(ctx, events)
    if drawn.height > MAX_TIMELINE_HEIGHT:
        return aggregate_timeline(ctx, events, spec, page, title)
    data = ctx.data
    words = ctx.words
    sources = sorted({s for e in events for s in event_sources(e)})
    rows = [
        [
            e.title,
            ctx.dated(e).short,
            data.categories[e.category].name,
            words.gettext(", ").join(data.places[p].name for p in e.places),
            source_names(data, event_sources(e), words),
        ]
        for e in events
    ]
    return Chart(
        spec=spec,
        title=title,
        caption=_caption(words, events, drawn),
        figure=drawn.figure,
        columns=[words.gettext("Event"), words.gettext("Date"), words.gettext("Category"), words.gettext("Places"), words.gettext("Sources")],
        rows=rows,
        links=[ctx.event_link(e.id) for e in events],
        sources=sources,
        page=page,
        height=drawn.height,
        language=data.site.language,
        empty=not events,
        data_columns=DATA_COLUMNS,
        data_rows=[ctx.dated(e).data_cells() for e in events],
        ids=[e.id for e in events],
    )
