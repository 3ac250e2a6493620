"""The zones chart: each zone an agreement set up, the day it was set up, and the events the sources record in
its places afterwards (one lane per zone; past :data:`~explainer.charts.common.MAX_MARKS` events, one circle
a zone a month, its area the number of events).

This module draws it (:func:`draw`, which :func:`explainer.charts.build_chart` calls); its spec, the check of a
chart block and its default title are :mod:`.zones`'s, which checking a block loads without this module.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from ..colours import GREY, INK
from ..dating import DATA_COLUMNS
from ..i18n import Words
from ..kinds import AGREEMENTS
from ..model import Agreement, Event, Zone
from ..routes import record_page
from .common import (
    MAX_MARKS,
    TOOLBAR_BAND,
    Chart,
    ChartContext,
    DateLanes,
    Mark,
    Trace,
    agreement_names,
    base_layout,
    drawn_span,
    event_mark,
    event_marks,
    event_sources,
    events_count,
    fade_days,
    figure,
    hover_date,
    inferred_rings,
    iso,
    marks_caption,
    month_start,
    month_words,
    next_month,
    plotly_text,
    reach,
    trace,
    within,
)
from .zones import ZonesSpec

ZONE_HOVER = "%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
#: The narrowest plot a zones chart is laid out for, in pixels (a 360-pixel phone's, less the page's margins and
#: the chart's): marks that would meet there take rows of their own, so that none hides another at any width.
NARROW_PLOT = 300
#: Pixels between two rows of a zone, and above its first row for its name, and between two zones.
ROW, NAME_BAND, LANE_GAP = 30, 22, 6
#: How wide a mark is, and a ring around an inferred date's (explainer.charts.common), with a pixel to spare.
MARK_SIZE, RING_SIZE = 16, 28
#: Pixels kept free at each end of the axis: half a ring, and two.
EDGE = RING_SIZE / 2 + 2
#: The line between two zones' lanes.
LANE_RULE = "rgba(127,127,127,0.35)"


@dataclass(frozen=True)
class ZoneRows(DateLanes):
    """Marks on a date axis, in the rows of the zones' lanes, counted in pixels from the top (:attr:`Mark.y`)."""

    bar_width: float = 16.0

    def y(self, mark: Mark) -> str | float:
        assert mark.y is not None
        return mark.y


ZONE_ROWS = ZoneRows()


def stacked_rows(items: list[tuple[int, tuple[float, float]]], gap: float = 2.0) -> list[int]:
    """Each item's row in its lane (``items``: lane and extent, left and right, in pixels): the first row where it
    is ``gap`` clear of every other, taking the items by their left edges (as few rows as any order could), the
    first item of each lane first (a zone's setting up, on its first row)."""
    rows = [0] * len(items)
    ends: dict[int, list[float]] = {}
    leading = {lane: n for n, (lane, _) in reversed(list(enumerate(items)))}
    for n in sorted(range(len(items)), key=lambda n: (items[n][0], leading[items[n][0]] != n, items[n][1], n)):
        lane, (left, right) = items[n]
        lane_ends = ends.setdefault(lane, [])
        row = next((r for r, end in enumerate(lane_ends) if left >= end + gap), len(lane_ends))
        if row == len(lane_ends):
            lane_ends.append(right)
        else:
            lane_ends[row] = right
        rows[n] = row
    return rows


def draw(ctx: ChartContext, spec: ZonesSpec, page: str, title: str) -> Chart:
    """Each zone of an agreement, the day it was set up, and the events the sources record in it afterwards."""
    from ..derive import zone_events  # the index is made by what builds charts: checking a block needs none of it

    data = ctx.data
    words = ctx.words
    agreements: list[Agreement] = (
        [data.agreements[spec.agreement]]
        if spec.agreement
        else sorted((a for a in data.agreements.values() if a.zones), key=lambda a: a.order)
    )
    lanes: list[tuple[Agreement, Zone, list[Event]]] = [
        (a, z, [e for e in zone_events(ctx.index, a, z) if within(e.date.lower, reach(ctx.dated(e)), spec.start, spec.end)])
        for a in agreements
        for z in a.zones
    ]
    setups: list[Mark] = []  # each zone's setting up: a grey diamond at its agreement's date, first in its lane
    for lane, (agreement, zone, _) in enumerate(lanes):
        assert agreement.date is not None  # an agreement that sets up zones is dated (model.py)
        dated = ctx.dated(agreement)
        customdata = [
            ctx.url(record_page(AGREEMENTS, agreement.id)),
            plotly_text(zone.name),
            plotly_text(words.gettext("Set up: %(agreement)s", agreement=agreement.name)) + "<br>" + hover_date(dated),
        ]
        setups.append(Mark(str(lane), dated, customdata, agreement.date.lower, agreement.date.lower))
    marks = sum(len(events) for _, _, events in lanes)
    first = min((a.date.lower for a in agreements if a.date is not None), default=ctx.first_day)
    last = ctx.last_day
    # Each event a mark (``by_category``), or past MAX_MARKS one circle a zone a month, its area the number of
    # events (``per_month``, by lane and month).
    by_category: dict[str, list[Mark]] = {}
    per_month: dict[tuple[int, dt.date], int] = {}
    for lane, (_, _, events) in enumerate(lanes):
        for event in events:
            if marks > MAX_MARKS:
                key = (lane, month_start(event.date.lower))
                per_month[key] = per_month.get(key, 0) + 1
            else:
                by_category.setdefault(event.category, []).append(event_mark(ctx, str(lane), event))
    categories = sorted(by_category, key=lambda c: (data.categories[c].order, c))
    drawn = [m for category_id in categories for m in by_category[category_id]]
    tail_days = fade_days(first, ctx.last_day)
    span = drawn_span(drawn)
    if span is not None:
        first, last = min(first, span[0]), max(last, span[1])
    layout = base_layout(0, x_range=(first, last))
    # Room at both ends for a mark on the first or the last day, ring included, on the narrowest plot.
    days = max(1, (last - first).days)
    pad = dt.timedelta(days=max(15, days // 40, math.ceil(days * EDGE / (NARROW_PLOT - 2 * EDGE))))
    layout["xaxis"]["range"] = [iso(first - pad), iso(last + pad)]
    months = sorted(per_month, key=lambda key: (key[1], key[0]))
    biggest = max(per_month.values(), default=1)
    sizes = {key: 6 + 18 * (per_month[key] / biggest) ** 0.5 for key in months}

    # Rows: within its zone's lane, a mark that would meet another on the narrowest plot takes a row of its own.
    x0, x1 = (dt.date.fromisoformat(end) for end in layout["xaxis"]["range"])
    scale = NARROW_PLOT / max(1, (x1 - x0).days)  # pixels a day

    def pixel(day: float) -> float:
        return (day - x0.toordinal()) * scale

    def extent(centre: float, half: float, left: float | None = None, right: float | None = None) -> tuple[float, float]:
        """From a mark's left edge (or its bar's start) to its right edge (or its bar's end), in pixels."""
        middle = pixel(centre)
        return (
            min(middle - half, middle if left is None else pixel(left)),
            max(middle + half, middle if right is None else pixel(right)),
        )

    def mark_extent(mark: Mark) -> tuple[float, float]:
        half = (RING_SIZE if mark.dated.inferred is not None else MARK_SIZE) / 2
        if mark.dated.date.precision == "day":
            return extent(mark.centre, half)
        left = mark.first.toordinal() - (tail_days if mark.fades_before else 0)
        right = mark.last.toordinal() + 1 + (tail_days if mark.fades_after else 0)
        return extent(mark.centre, half, left, right)

    # What takes room in a lane, by a key of its own: each setting up, each event's mark, each month's circle.
    placed: dict[tuple[object, ...], tuple[int, tuple[float, float]]] = {("setup", n): (n, mark_extent(m)) for n, m in enumerate(setups)}
    for category_id in categories:
        placed.update({("event", category_id, n): (int(m.lane), mark_extent(m)) for n, m in enumerate(by_category[category_id])})
    placed.update({("month", lane, month): (lane, extent(month.toordinal() + 14.5, sizes[(lane, month)] / 2)) for lane, month in months})
    row_of = dict(zip(placed, stacked_rows(list(placed.values()))))
    lane_rows = [1] * len(lanes)
    for item, (lane, _) in placed.items():
        lane_rows[lane] = max(lane_rows[lane], row_of[item] + 1)
    tops = [0]  # each lane's top, and the plot's height last
    for rows_in_lane in lane_rows:
        tops.append(tops[-1] + NAME_BAND + ROW * rows_in_lane + LANE_GAP)
    plot_height = tops.pop() if lanes else ROW

    def middle(lane: int, row: int) -> float:
        return tops[lane] + NAME_BAND + ROW * row + ROW / 2

    setups = [replace(m, y=middle(n, row_of[("setup", n)])) for n, m in enumerate(setups)]
    by_category = {c: [replace(m, y=middle(int(m.lane), row_of[("event", c, n)])) for n, m in enumerate(by_category[c])] for c in categories}
    drawn = [m for category_id in categories for m in by_category[category_id]]

    traces: list[Trace] = [
        trace(
            "scatter",
            name=words.gettext("Zone set up"),
            mode="markers",
            x=[iso(m.first) for m in setups],
            y=[m.y for m in setups],
            marker={"symbol": "diamond", "size": 14, "color": GREY},
            customdata=[m.customdata for m in setups],
            hovertemplate=ZONE_HOVER,
        )
    ]
    if months:
        traces.append(
            trace(
                "scatter",
                name=words.gettext("Events a month"),
                mode="markers",
                x=[iso(month + dt.timedelta(days=14)) for _, month in months],
                y=[middle(lane, row_of[("month", lane, month)]) for lane, month in months],
                marker={"size": [sizes[key] for key in months], "color": INK, "opacity": 0.7},
                customdata=[
                    [
                        ctx.url(target) if (target := ctx.layout.period_link(month.year, month.month) if ctx.layout else None) else "",
                        plotly_text(lanes[lane][1].name),
                        words.ngettext(
                            "%(month)s: %(num)s event", "%(month)s: %(num)s events", per_month[(lane, month)], month=month_words(words, month)
                        ),
                    ]
                    for lane, month in months
                ],
                hovertemplate=ZONE_HOVER,
            )
        )
    for category_id in categories:
        traces += event_marks(
            words,
            by_category[category_id],
            name=plotly_text(data.categories[category_id].name),
            mark=ctx.category_marks[category_id],
            group=category_id,
            tail_days=tail_days,
            place=ZONE_ROWS,
        )
    traces += inferred_rings(words, setups + drawn, place=ZONE_ROWS)
    height = 150 + TOOLBAR_BAND + plot_height
    layout["height"] = height
    # The rows' room, which the drawn chart keeps by growing when its key takes more (explainer-charts.js).
    layout["meta"] = {"plot_height": plot_height}
    # A y axis in pixels, top down: each zone's name over the plot, above its rows, as the static preview writes
    # it (a zone's name is often long, a region and the provinces it spans: in a margin beside the
    # rows it left a phone's plot a sliver, and was cut); a line between zones.
    layout["yaxis"] = {"type": "linear", "range": [plot_height, 0], "visible": False, "fixedrange": True}
    annotations: list[dict[str, object]] = []
    for lane, (_, zone, events) in enumerate(lanes):
        annotations.append(
            {
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": tops[lane] + NAME_BAND / 2 + 2,
                "yref": "y",
                "showarrow": False,
                "text": plotly_text(zone.name),
                "name": "lane",
                "font": {"size": 12},
            }
        )
        if not events:
            annotations.append(
                {
                    "x": iso(setups[lane].first),
                    "y": middle(lane, 0),
                    "yref": "y",
                    "xanchor": "left",
                    "xshift": 14,
                    "showarrow": False,
                    "text": words.gettext("no later event recorded in the sources"),
                    "font": {"size": 11},
                }
            )
    layout["annotations"] = annotations
    layout["shapes"] = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": top, "y1": top, "layer": "below", "line": {"color": LANE_RULE, "width": 1}}
        for top in tops[1:]
    ]

    rows = []
    data_rows: list[list[str]] = []
    links: list[str | None] = []
    ids: list[str] = []
    for agreement, zone, events in lanes:
        rows.append([zone.name, ctx.dated(agreement).short, words.gettext("set up by %(agreements)s", agreements=agreement_names(words, [agreement])), ""])
        data_rows.append(ctx.dated(agreement).data_cells())
        links.append(record_page(AGREEMENTS, agreement.id))
        ids.append(agreement.id)
        if marks > MAX_MARKS:
            counted: dict[dt.date, int] = {}
            for event in events:
                counted[month_start(event.date.lower)] = counted.get(month_start(event.date.lower), 0) + 1
            for month, number in sorted(counted.items()):
                rows.append([zone.name, month_words(words, month), events_count(words, number), ""])
                data_rows.append([month.isoformat(), (next_month(month) - dt.timedelta(days=1)).isoformat(), "month", "", ""])
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
        | {s for _, _, events in lanes for e in events for s in event_sources(e)}
    )
    return Chart(
        spec=spec,
        title=title,
        caption=_caption(words, agreements, len(lanes), bool(drawn), marks_caption(words, setups + drawn)),
        figure=figure(ctx, traces, layout),
        columns=[words.gettext("Zone"), words.gettext("Date"), words.gettext("What happened"), words.gettext("Category")],
        rows=rows,
        links=links,
        sources=sources,
        page=page,
        height=height,
        language=data.site.language,
        empty=not lanes,
        data_columns=DATA_COLUMNS,
        data_rows=data_rows,
        ids=ids,
    )


def _caption(words: Words, agreements: list[Agreement], zones: int, drawn: bool, dates_caption: str) -> str:
    """What a zones chart shows: its zones, the events after them, and what its marks mean."""
    names = agreement_names(words, agreements)
    if not zones:
        return words.gettext("The sources record no zone set up by %(agreements)s.", agreements=names)
    sentences = [
        words.gettext(
            "%(zones)s, and the events the sources record in their places afterwards. The sources do not say when or"
            " whether a zone ended; an empty row means they record nothing there after it was set up.",
            zones=words.ngettext("The zone set up by %(agreements)s", "The %(num)s zones set up by %(agreements)s", zones, agreements=names),
        ),
        words.gettext(
            "Each event is a mark in its category's shape (the legend names them); a bar under it spans a month, a year"
            " or a range of days."
        )
        if drawn
        else "",
        dates_caption,
    ]
    return " ".join(sentence for sentence in sentences if sentence)
