"""What every chart kind's figure code shares: the :class:`Chart` a builder makes, the :class:`ChartContext` it
reads, and the pieces of a figure that more than one kind draws (the base layout, event marks, the rings of
inferred dates, captions). What a kind is, and what reads an article's chart block, is :mod:`.spec`.

Dates keep their precision on charts as everywhere: a day is a point, a month
or a year is a bar spanning it, a range is a bar; an approximate, uncertain or
unspecified date is drawn open or hatched, an end that is open or not reported
fades out, and a date the editors inferred is ringed (the legend says so).
Hover text says the date in words, with its markers (see dating.py).
Editors' text reaches Plotly only escaped (Plotly reads hover text and
titles as a subset of HTML), so that only the generator's own tags are markup.
The site's own words on a chart (legends, hover labels, captions, columns, months) come from the topic's
language (:mod:`explainer.i18n`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup, escape

from ..buildmemo import table
from ..colours import INFERRED, INK, UNKNOWN, CategoryMark, Colours, shared_holders
from ..dataset import Dataset
from ..dates import HistoricalDate
from ..dating import Dated, Dates
from ..i18n import Words
from ..i18n import words as site_words
from ..model import Agreement, Event, Source
from ..urls import HERE, page_url
from .spec import ChartSpec

if TYPE_CHECKING:  # imported by what builds charts: checking a chart block (explainer check) needs none of them
    from ..derive import Index
    from ..layout import EventLayout

#: Most events a chart draws one by one; with more, it shows how many there were each month.
MAX_MARKS = 400

#: Colours come from one place (colours.py): actors' colours, categories' shapes in ink, and grey for no one.
UNKNOWN_COLOUR = UNKNOWN
#: The ring around the mark of an event whose date the editors inferred: grey, not an actor's colour (4:1 on white
#: and on Material's dark background).
INFERRED_COLOUR = INFERRED
DAY_MS = 86_400_000
#: The most sources a chart names one by one (its credit, its embed); past it, they are counted and the sources
#: page named (a chart of 100,000 events rests on thousands). Its downloads name every one.
NAMED_SOURCES = 4

#: A trace of a Plotly figure, as JSON.
Trace = dict[str, Any]


def plotly_text(text: str) -> str:
    """Editors' plain text made inert for Plotly's HTML subset: no tag can open, every entity is text.

    (Quotes matter only inside a tag, and no tag can form.)
    """
    return html.escape(str(text), quote=False)


# --- the chart and what builders read ------------------------------------------------------------------


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
    language: str
    """The topic's language, which the chart's words are in (its preview's too)."""
    empty: bool = False
    data_columns: list[str] = field(default_factory=list)
    """Columns that only the CSV and JSON downloads add, after ``columns``: each row's date as data (dating.py)."""
    data_rows: list[list[str]] = field(default_factory=list)
    """For each row, its cells of ``data_columns``."""
    ids: list[str] = field(default_factory=list)
    """For each row, the id of the record it shows (the downloads' Id column); empty for a chart of counts."""

    @property
    def story(self) -> list[list[Any]]:
        """A timeline's events in reading order, for its Previous and Next buttons (see charts/timeline.py)."""
        meta = self.figure["layout"].get("meta")
        return meta["timeline"]["story"] if isinstance(meta, dict) and "timeline" in meta else []

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def names_sources(self) -> bool:
        """Whether the chart's credit and embed name its sources one by one (:data:`NAMED_SOURCES`)."""
        return len(self.sources) <= NAMED_SOURCES

    def table_rows(self, to: Callable[[str], str]) -> Markup:
        """The data table's rows as the chart macro shows them (templates/pages/_chart.j2), each value escaped: the
        first cell a row heading, linked to its record's page when it has one and that is not the page shown
        (``to`` gives its address from the page shown: :data:`explainer.urls.HERE` for that page itself). Written
        here rather than in the template: a large timeline has thousands of rows, drawn on its page and on its
        embed page."""
        out: list[str] = []
        for n, row in enumerate(self.rows):
            link = self.links[n]
            cells = ["<tr>"]
            for column, cell in enumerate(row):
                if column:
                    cells.append(f"<td>{escape(cell)}</td>")
                else:
                    url = to(link) if link else HERE  # no page: the name alone, as on the record's own page
                    name = escape(cell) if url == HERE else f'<a href="{escape(url)}">{escape(cell)}</a>'
                    cells.append(f'<th scope="row">{name}</th>')
            cells.append("</tr>\n")
            out.append("".join(cells))
        return Markup("".join(out))

    @functools.cached_property
    def preview(self) -> Markup:
        """The chart as static SVG, shown until Plotly draws it (see preview.py); the same on every page."""
        from ..preview import chart_preview

        return chart_preview(self.figure, self.height, f"chart-{self.id}", site_words(self.language))


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

    @functools.cached_property
    def shared_holders(self) -> frozenset[str]:
        """The holders past the palette, who share one colour (:data:`explainer.colours.SHARED`): a chart that
        draws any says so."""
        return shared_holders(self.holder_colours)

    @property
    def words(self) -> Words:
        """The site's own words in the topic's language (see :mod:`explainer.i18n`)."""
        return site_words(self.data.site.language)

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
        colours = Colours.build(data, holders_of(index), holder_reports(index))
        dates = dates or Dates(data)
        lowers = [e.date.lower for e in data.events.values()] + [a.date.lower for a in data.agreements.values() if a.date is not None]
        uppers = [reach(dates.of(e)) for e in data.events.values()] + [s.published.upper for s in data.sources.values()]
        first = min(lowers) if lowers else dt.date(2000, 1, 1)
        last = max(uppers) if uppers else first
        return cls(data, index, colours.categories, colours.actors, first, last, layout, use_directory_urls, dates)


def holder_reports(index: Index) -> Counter[str]:
    """How many reports (changes and statements) name each actor as a place's holder, before or after: who
    keeps a colour of its own when there are more holders than colours (:meth:`explainer.colours.Colours.build`)."""
    counts: Counter[str] = Counter()
    for periods in index.control_history.values():
        for period in periods:
            if period.point is not None:
                counts[period.point.holder] += 1
                if period.point.previous:
                    counts[period.point.previous] += 1
    return counts


def holders_of(index: Index) -> list[str]:
    """Every actor that holds a place, or held it before a change, anywhere in the data (each keeps one colour)."""
    holders = {p.holder for periods in index.control_history.values() for p in periods if p.holder}
    holders |= {p.point.previous for periods in index.control_history.values() for p in periods if p.point and p.point.previous}
    return sorted(holders)


# --- small pieces -------------------------------------------------------------------------------------


def iso(day: dt.date) -> str:
    return day.isoformat()


def hover_date(dated: Dated) -> str:
    """A date for a hover label, its lines escaped and joined by Plotly's line breaks."""
    return "<br>".join(plotly_text(line) for line in dated.hover_lines)


def reach(dated: Dated) -> dt.date:
    """The last day a date is known to cover: for an open end, the day its report saw it still going."""
    return dated.date.reach(dated.report)


def events_count(words: Words, n: int) -> str:
    """"1 event", "1,234 events": a count of events, in the topic's language."""
    return words.ngettext("%(num)s event", "%(num)s events", n)


def day_words(words: Words, day: dt.date) -> str:
    """A day in words: "7 March 2020"."""
    return words.gettext(
        "%(day)s %(month)s %(year)s", day=day.day, month=words.month_names()[day.month - 1], year=day.year
    )


def month_words(words: Words, month: dt.date) -> str:
    """A month in words: "March 2020" (its name as the language writes it alone, not in a date)."""
    return words.gettext("%(month)s %(year)s", month=words.month_names("wide", "stand-alone")[month.month - 1], year=month.year)


def agreement_names(words: Words, agreements: list[Agreement]) -> str:
    """"the Riverton accord and the harbour memorandum" (a name that starts with the article gets no second one)."""
    article = words.gettext("the %(agreement)s", agreement="")
    names = [
        a.name if article.strip() and a.name.casefold().startswith(article.casefold()) else words.gettext("the %(agreement)s", agreement=a.name)
        for a in agreements
    ]
    return functools.reduce(lambda first, second: words.gettext("%(first)s and %(second)s", first=first, second=second), names) if names else ""


def source_names(data: Dataset, source_ids: list[str], words: Words) -> str:
    """The sources by publisher and date: "Valley Gazette, 7 March 2020; Valley Herald, 2015"."""
    return words.gettext("; ").join(_source_name(data.sources[s], words) for s in source_ids)


def _source_name(source: Source, words: Words) -> str:
    """A source's name in :func:`source_names`, worked out once a build (:mod:`explainer.buildmemo`): a timeline
    names an event's sources three times, and a large site's charts name each source thousands of times."""
    memo = table("source_names")
    key = (id(source), id(words))  # (the build keeps both)
    found: str | None = memo.get(key) if memo is not None else None
    if found is None:
        found = words.gettext("%(publisher)s, %(published)s", publisher=source.publisher, published=source.published.human())
        if memo is not None:
            memo[key] = found
    return found


def event_sources(event: Event) -> list[str]:
    seen: list[str] = []
    for claim in event.claims:
        if claim.source not in seen:
            seen.append(claim.source)
    return seen


def within(first: dt.date, last: dt.date, start: HistoricalDate | None, end: HistoricalDate | None) -> bool:
    """Whether the days from ``first`` to ``last`` overlap the window [start, end] (either end open)."""
    if start is not None and last < start.lower:
        return False
    return end is None or first <= end.upper


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# --- figures ---------------------------------------------------------------------------------------------


#: Room a chart with its key over the plot keeps for Plotly's toolbar, which stands over the chart's top right corner:
#: the key (HTML, the preview's, which stays when Plotly draws) stands under this band, before and after the chart is
#: drawn (explainer-charts.css, ``.ex-chart-key``'s top margin), and the chart is built with the room.
TOOLBAR_BAND = 30


#: How Plotly's key, which a chart's images carry (the page shows the preview's HTML key), lays out its names: each
#: takes its own width, and they wrap as words do. Plotly's plain horizontal key, once it needs a second line, sets
#: every name in a column as wide as the widest, each line as high as the highest swatch (a ring's): a phone's key of
#: five names took five lines of 29 pixels where three lines of 19 hold it. Each name is a group of its own (or its
#: holder's or category's: one name a group), so the groups are the names.
KEY_FLOW: dict[str, Any] = {"traceorder": "grouped", "tracegroupgap": 0}


def base_layout(height: int, *, legend: bool = True, x_range: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
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
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "xanchor": "left", **KEY_FLOW},
        "barmode": "overlay",
        "dragmode": "pan",
        "xaxis": {"type": "date", "showgrid": True, "automargin": True, "fixedrange": False},
        "yaxis": {"type": "category", "automargin": True, "fixedrange": True, "autorange": "reversed", "showgrid": False},
    }
    if x_range is not None:
        pad = max(15, (x_range[1] - x_range[0]).days // 40)
        layout["xaxis"]["range"] = [iso(x_range[0] - dt.timedelta(days=pad)), iso(x_range[1] + dt.timedelta(days=pad))]
    return layout


def trace(kind: str, **attributes: Any) -> Trace:
    """A trace of the figure, as Plotly's JSON: plain data (the tests check it against Plotly's schema)."""
    return {"type": kind, **attributes}


def figure(ctx: ChartContext, traces: list[Trace], layout: dict[str, Any]) -> dict[str, Any]:
    """The figure's JSON: its traces and its layout, checked against Plotly's schema when validating.

    (Plotly's own classes only to serialise them again would cost a deep copy of everything, and
    their first use in a process, loading their validators, some 20 ms; plotly.py is not imported
    by a build at all.)
    """
    made = {"data": traces, "layout": layout}
    if ctx.validate:
        import plotly.graph_objects as go

        validated: dict[str, Any] = go.Figure(made, _validate=True).to_plotly_json()  # (plotly is untyped)
        return validated
    return made


def event_customdata(ctx: ChartContext, event: Event) -> list[str]:
    return [
        ctx.url(ctx.event_link(event.id)),
        plotly_text(event.title),
        hover_date(ctx.dated(event)),
        plotly_text(source_names(ctx.data, event_sources(event), ctx.words)),
    ]


def event_hover(words: Words) -> str:
    """The hover template of an event's mark: its title, its date, its sources (``customdata``)."""
    return (
        "%{customdata[1]}<br>%{customdata[2]}<br>"
        + words.gettext("Source: %(sources)s", sources="%{customdata[3]}")
        + "<extra></extra>"
    )


@dataclass(frozen=True)
class Mark:
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


def mark(lane: str, dated: Dated, customdata: list[str]) -> Mark:
    return Mark(lane, dated, customdata, dated.date.lower, reach(dated))


def event_mark(ctx: ChartContext, lane: str, event: Event) -> Mark:
    return mark(lane, ctx.dated(event), event_customdata(ctx, event))


def fade_days(first: dt.date, last: dt.date) -> int:
    """How far an open or unreported end fades out: long enough to see, short enough to claim nothing."""
    return max(20, (last - first).days // 25)


def drawn_span(marks: list[Mark]) -> tuple[dt.date, dt.date] | None:
    """The days the marks cover, their fading ends included."""
    if not marks:
        return None
    first, last = min(m.first for m in marks), max(m.last for m in marks)
    tail = dt.timedelta(days=fade_days(first, last))
    return (
        min(m.first - tail if m.fades_before else m.first for m in marks),
        max(m.last + tail if m.fades_after else m.last for m in marks),
    )


class Placement(Protocol):
    """Where marks go on a figure's axes (a date axis in category lanes, or a timeline's rows in pixels)."""

    @property
    def bar_width(self) -> float: ...

    @property
    def mark_size(self) -> int: ...

    def x(self, mark: Mark) -> str | float: ...

    def y(self, mark: Mark) -> str | float: ...

    def start(self, day: dt.date) -> str | float: ...

    def length(self, first: dt.date, end: dt.date) -> float: ...


@dataclass(frozen=True)
class DateLanes:
    """Marks on a Plotly date axis, in category lanes: a day is its ISO date, a length is milliseconds."""

    bar_width: float = 0.5
    mark_size: int = 12

    def x(self, mark: Mark) -> str | float:
        return iso(mark.middle)

    def y(self, mark: Mark) -> str | float:
        return mark.lane

    def start(self, day: dt.date) -> str | float:
        return iso(day)

    def length(self, first: dt.date, end: dt.date) -> float:
        return (end - first).days * DAY_MS


DATE_LANES = DateLanes()


def event_marks(
    words: Words,
    marks: list[Mark],
    *,
    name: str,
    mark: CategoryMark,
    group: str,
    tail_days: int,
    place: Placement = DATE_LANES,
    legend: bool = True,
) -> list[Trace]:
    """Marks for dated records, in ink (colours are actors', colours.py): each record its category's shape at
    the middle of its date, hollow when the date is approximate, uncertain or unspecified; a month, a year or a
    range also a bar under it across the days it may mean, hatched when vague; an end that is open (still going
    when reported) or not reported a bar that fades out beyond what is known. The shape is the mark to point
    at; the last trace returned holds the shapes, in the order of ``marks``.
    """
    hover = event_hover(words)
    spans = [m for m in marks if m.dated.date.precision != "day"]
    traces: list[Trace] = []
    one = dt.timedelta(days=1)
    if spans:
        traces.append(
            trace(
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
                hovertemplate=hover,
                showlegend=False,
            )
        )
    tail = dt.timedelta(days=tail_days)
    tails = [(m, m.first - tail, m.first) for m in spans if m.fades_before] + [(m, m.last + one, m.last + one + tail) for m in spans if m.fades_after]
    if tails:
        traces.append(
            trace(
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
                hovertemplate=hover,
                showlegend=False,
                # Which way each tail fades (the static preview draws it as a gradient).
                meta={"fading": ["before" for m in spans if m.fades_before] + ["after" for m in spans if m.fades_after]},
            )
        )
    if marks:
        traces.append(
            trace(
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
                hovertemplate=hover,
                showlegend=legend,
            )
        )
    return traces


def inferred_rings(words: Words, marks: list[Mark], place: Placement = DATE_LANES) -> list[Trace]:
    """A ring around the mark of each record whose date the editors inferred, and its legend entry.

    The ring is drawn over the mark and lets the pointer through to it (hover and selection are the mark's).
    """
    ringed = [m for m in marks if m.dated.inferred is not None]
    if not ringed:
        return []
    return [
        trace(
            "scatter",
            name=words.gettext("Ringed: date inferred from the source's wording"),
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


def marks_caption(words: Words, marks: list[Mark]) -> str:
    """What the chart's special marks mean, for those it has."""
    parts = []
    if any(m.dated.date.vague for m in marks):
        parts.append(words.gettext("open and hatched marks are approximate, uncertain or unspecified dates"))
    if any(m.fades_before or m.fades_after for m in marks):
        parts.append(
            words.gettext("a bar that fades out has an end the sources leave open (still going when reported) or do not report")
        )
    if any(m.dated.inferred for m in marks):
        parts.append(
            words.gettext("a grey ring marks a date the editors inferred from the source's wording (such as “on Saturday”)")
        )
    text = words.gettext("; ").join(parts)
    return words.gettext("%(sentence)s.", sentence=text[:1].upper() + text[1:]) if parts else ""
