"""The zones chart: each zone an agreement set up, the day it was set up, and the events the sources record in
its places afterwards (one lane per zone; past :data:`~explainer.charts.common.MAX_MARKS` events, one circle
a zone a month, its area the number of events).

This module draws it (:func:`draw`, which :func:`explainer.charts.build_chart` calls); its spec, the check of a
chart block and its default title are :mod:`.zones`'s, which checking a block loads without this module.
"""

from __future__ import annotations

import datetime as dt

from ..colours import GREY, INK
from ..dating import DATA_COLUMNS
from ..i18n import Words
from ..kinds import AGREEMENTS
from ..model import Agreement, Event, Zone
from ..routes import record_page
from .common import (
    MAX_MARKS,
    Chart,
    ChartContext,
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
#: How far above its row's middle a zone's name ends, in pixels: clear of its marks, their bars and rings (13 pixels).
LANE_NAME_SHIFT = 16


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
    traces: list[Trace] = []
    setup_x, setup_y, setup_data = [], [], []
    # The agreements' own marks, for the rings of those whose date is inferred.
    setups: list[Mark] = []
    for agreement, zone, _ in lanes:
        assert agreement.date is not None  # an agreement that sets up zones is dated (model.py)
        dated = ctx.dated(agreement)
        setup_x.append(iso(agreement.date.lower))
        setup_y.append(plotly_text(zone.name))
        setup_data.append(
            [
                ctx.url(record_page(AGREEMENTS, agreement.id)),
                plotly_text(zone.name),
                plotly_text(words.gettext("Set up: %(agreement)s", agreement=agreement.name)) + "<br>" + hover_date(dated),
            ]
        )
        setups.append(Mark(plotly_text(zone.name), dated, setup_data[-1], agreement.date.lower, agreement.date.lower))
    traces.append(
        trace(
            "scatter",
            name=words.gettext("Zone set up"),
            mode="markers",
            x=setup_x,
            y=setup_y,
            marker={"symbol": "diamond", "size": 14, "color": GREY},
            customdata=setup_data,
            hovertemplate=ZONE_HOVER,
        )
    )
    marks = sum(len(events) for _, _, events in lanes)
    first = min((a.date.lower for a in agreements if a.date is not None), default=ctx.first_day)
    last = ctx.last_day
    drawn: list[Mark] = []
    if marks > MAX_MARKS:
        # Too many to draw one by one: one circle a zone a month, its area the number of events.
        per_month: dict[tuple[str, dt.date], int] = {}
        for _, zone, events in lanes:
            for event in events:
                key = (zone.name, month_start(event.date.lower))
                per_month[key] = per_month.get(key, 0) + 1
        keys = sorted(per_month, key=lambda key: (key[1], key[0]))
        biggest = max(per_month.values())
        traces.append(
            trace(
                "scatter",
                name=words.gettext("Events a month"),
                mode="markers",
                x=[iso(month + dt.timedelta(days=14)) for _, month in keys],
                y=[plotly_text(zone) for zone, _ in keys],
                marker={"size": [6 + 18 * (per_month[key] / biggest) ** 0.5 for key in keys], "color": INK, "opacity": 0.7},
                customdata=[
                    [
                        ctx.url(target) if (target := ctx.layout.period_link(month.year, month.month) if ctx.layout else None) else "",
                        plotly_text(zone),
                        words.ngettext(
                            "%(month)s: %(num)s event", "%(month)s: %(num)s events", per_month[(zone, month)], month=month_words(words, month)
                        ),
                    ]
                    for zone, month in keys
                ],
                hovertemplate=ZONE_HOVER,
            )
        )
    else:
        by_category: dict[str, list[Mark]] = {}
        for _, zone, events in lanes:
            for event in events:
                by_category.setdefault(event.category, []).append(event_mark(ctx, plotly_text(zone.name), event))
        for category_id in sorted(by_category, key=lambda c: (data.categories[c].order, c)):
            traces += event_marks(
                words,
                by_category[category_id],
                name=plotly_text(data.categories[category_id].name),
                mark=ctx.category_marks[category_id],
                group=category_id,
                tail_days=fade_days(first, ctx.last_day),
            )
            drawn += by_category[category_id]
        span = drawn_span(drawn)
        if span is not None:
            first, last = min(first, span[0]), max(last, span[1])
    traces += inferred_rings(words, setups + drawn)
    count = max(1, len(lanes))
    height = 150 + 52 * count
    layout = base_layout(height, x_range=(first, last))
    layout["yaxis"]["range"] = [count - 0.5, -0.5]
    annotations = []
    for agreement, zone, events in lanes:
        if not events:
            assert agreement.date is not None
            annotations.append(
                {
                    "x": iso(agreement.date.lower),
                    "y": plotly_text(zone.name),
                    "xanchor": "left",
                    "xshift": 14,
                    "showarrow": False,
                    "text": words.gettext("no later event recorded in the sources"),
                    "font": {"size": 11},
                }
            )
    # Each zone's name over the plot, above its row, as the static preview writes it: a zone's name is often long
    # ("Southern Syria (Daraa and Quneitra provinces)"), and in a margin beside the rows it left a phone's plot a
    # sliver and was cut.
    annotations += [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": plotly_text(zone.name),
            "yref": "y",
            "yanchor": "bottom",
            "yshift": LANE_NAME_SHIFT,
            "showarrow": False,
            "text": plotly_text(zone.name),
            "name": "lane",
            "font": {"size": 12},
        }
        for _, zone, _ in lanes
    ]
    layout["annotations"] = annotations
    layout["yaxis"]["showticklabels"] = False
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
