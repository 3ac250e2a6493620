"""Static previews of charts: SVG drawn at build time from the very figure Plotly draws.

A reader sees the chart with the page's first paint, without waiting for
Plotly.js (1.2 MB, and half a second of a phone's main thread to start);
Plotly replaces the preview when the reader points at, touches or focuses
the chart (``explainer-charts.js``). The preview is also what readers without
JavaScript, printers and feed readers get.

The preview knows only what the generator's figures use: a date x axis, or
the number axis of a timeline that skips the empty years (timelinelayout.py,
with its ticks for narrow and wide screens in ``layout.meta.timeline``);
category lanes, counts on one or two y axes (each named over its panel),
or a y axis that counts a timeline's pixels; dots, squares, diamonds,
triangles and stars, open or filled, and the rings around marks whose date
is inferred; horizontal bars from a date for a duration, hatched or fading
out (an end the sources leave open or do not report: a gradient here, a
faded bar in Plotly); stacked
vertical bars, each category's pattern; text annotations (on the axes or on
the plot's edges, of one or more lines); lines and bands. Ink (colours.INK:
events' marks, which no colour of an actor's may be mistaken for) is drawn in
the text's colour of the reader's palette. Its width follows the page: every x
position is a percentage, and so is every y position, inside a box whose
height (the figure's) is fixed before anything loads, so that nothing moves
when Plotly takes over. A timeline's marks carry their place in its reading
order (``data-step``), which its Previous and Next buttons highlight. Selecting a mark opens what it shows, as in Plotly: its
``data-link`` (the figure's own link, relative to the site's root) is
followed by the same script. (Not an SVG ``<a href>``: Material's instant
navigation rewrites every ``href`` of a page, and an SVG link's is read-only.)
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .colours import INK
from .i18n import Words

DAY_MS = 86_400_000
#: Space kept free inside the plot, as percentages of its width and height.
LEFT, RIGHT, TOP, BOTTOM = 1.0, 1.0, 2.0, 10.0
#: Under the rows of a chart that keeps their room (``layout.meta.plot_height``: a control or zones chart), the
#: pixels of its date ticks: what Plotly's bottom margin takes for them (28 px), with the few pixels by which the
#: preview's key stands closer to the plot than Plotly's (explainer-charts.js, keyRoom).
ROWS_TICKS = 30


def _day(value: str) -> float:
    """An ISO date (or date-time) as a number of days, for positions."""
    return dt.date.fromisoformat(value[:10]).toordinal() + (0.5 if len(value) > 10 else 0.0)


def _pct(value: float) -> str:
    return f"{value:.2f}%"


def _text(plotly_text: Any) -> str:
    """Figure text is escaped for Plotly's HTML subset: back to plain text (escaped again on output)."""
    return html.unescape(str(plotly_text))


def _each(value: Any, count: int) -> list[Any]:
    """A trace attribute that is one value for every point, or one value per point."""
    return list(value) if isinstance(value, (list, tuple)) else [value] * count


@dataclass
class _YAxis:
    """A y axis: its band of the plot (top and bottom, as percentages of the height) and its scale."""

    top: float
    bottom: float
    lanes: list[str] = field(default_factory=list)
    """Category lanes, top to bottom; empty for a count axis."""
    maximum: float = 0.0
    title: str = ""
    span: tuple[float, float] | None = None
    """A number axis's range as Plotly's (bottom, top): reversed when the first is the larger (a timeline's pixels)."""

    def lane(self, name: str) -> tuple[float, float]:
        """Top and height of a lane, as percentages."""
        height = (self.bottom - self.top) / max(1, len(self.lanes))
        return self.top + self.lanes.index(name) * height, height

    def value(self, number: float) -> float:
        """Where a count (or a number on a ranged axis) falls, as a percentage from the top."""
        if self.span is not None:
            low, high = self.span
            return self.top + (self.bottom - self.top) * (high - number) / (high - low)
        return self.bottom - (self.bottom - self.top) * (number / self.maximum if self.maximum else 0)

    def scale(self, length: float) -> float:
        """How tall a length of a ranged axis is, as a percentage."""
        assert self.span is not None
        return (self.bottom - self.top) * length / abs(self.span[1] - self.span[0])


class _Plot:
    def __init__(self, figure: dict[str, Any], uid: str, words: Words):
        self.layout = figure["layout"]
        #: The site's own words (the months of the ticks, the count axes' labels), in the topic's language.
        self.words = words
        self.traces = figure["data"]
        self.uid = uid
        #: A number x axis (a timeline's, which skips the empty years), else dates.
        self.linear = self.layout["xaxis"].get("type") == "linear"
        #: A timeline's plot fills its box, whose padding (explainer-charts.css) is the figure's margins.
        self.inset = self.layout.get("legend", {}).get("yref") == "container"
        self.left, self.right, self.top, self.bottom = (0.0, 0.0, 0.0, 0.0) if self.inset else (LEFT, RIGHT, TOP, BOTTOM)
        #: A chart whose rows keep their room (a control or zones chart; Plotly's drawing grows to keep it whatever
        #: its key takes): the preview's plot is never shorter than its rows and ticks, in pixels, so that the picture
        #: grows as the drawn chart does and the first touch moves nothing. The rows fill the plot down to the ticks.
        rows = (self.layout.get("meta") or {}).get("plot_height")
        self.min_height: int | None = None
        if isinstance(rows, int | float) and rows > 0 and not self.inset:
            self.min_height = int(rows) + ROWS_TICKS
            self.top, self.bottom = 0.0, 100 * ROWS_TICKS / self.min_height
        start, end = self.layout["xaxis"]["range"]
        self.x0, self.x1 = self.xnum(start), self.xnum(end)
        self.axes = self._axes()
        self.patterns: dict[str, str] = {}
        self.dot_patterns: dict[str, str] = {}
        self.textures: dict[tuple[str, str], str] = {}
        self.fades: dict[tuple[str, str], str] = {}
        timeline = (self.layout.get("meta") or {}).get("timeline") or {}
        #: Each timeline mark's place in the reading order, by (trace, point).
        self.steps = {(step[-2], step[-1]): n for n, step in enumerate(timeline.get("story", []))}
        #: The links of a timeline's labels, by the annotation's index.
        self.label_links: dict[str, str] = timeline.get("labels", {})
        self.tick_sets: dict[str, list[list[Any]]] = timeline.get("ticks", {})

    # geometry

    def xnum(self, value: Any) -> float:
        """A position on the x axis as a number: a day (ordinal) on a date axis, the value on a number axis."""
        return float(value) if self.linear else _day(value)

    def x(self, day: float) -> float:
        span = self.x1 - self.x0
        return self.left + (100 - self.left - self.right) * (day - self.x0) / (span if self.linear else max(1.0, span))

    def length(self, value: float) -> float:
        """A bar's length in x units: milliseconds on a date axis."""
        return value if self.linear else value / DAY_MS

    def _axes(self) -> dict[str, _YAxis]:
        axes: dict[str, _YAxis] = {}
        for key in ("yaxis", "yaxis2"):
            settings = self.layout.get(key)
            if settings is None:
                continue
            low, high = settings.get("domain", [0, 1])
            span = 100 - self.top - self.bottom
            axis = _YAxis(top=self.top + span * (1 - high), bottom=self.top + span * (1 - low), title=_text(settings.get("title", {}).get("text", "")))
            axes[axes_key(key)] = axis
            if settings.get("type") == "linear" and "range" in settings:
                axis.span = (float(settings["range"][0]), float(settings["range"][1]))
            elif settings.get("type") == "category":
                if settings.get("categoryorder") == "array":  # the lanes in the order the figure gives
                    axis.lanes.extend(settings["categoryarray"])
                for trace in self.traces:
                    if trace.get("yaxis", "y") == axes_key(key):
                        for lane in trace["y"]:
                            # Plotly's order: as the traces first name them (a legend entry's empty point names none)
                            if lane is not None and lane not in axis.lanes:
                                axis.lanes.append(lane)
        for note in self.layout.get("annotations", []):
            if note.get("name") == "panel":  # a panel's name, written over it (a count timeline's): its axis's title
                axes[note["yref"].removesuffix(" domain")].title = _text(note["text"])
        for name, axis in axes.items():
            if not axis.lanes and axis.span is None:
                totals: dict[str, float] = {}
                for trace in self.traces:
                    if trace.get("yaxis", "y") == name:
                        for x, y in zip(trace["x"], trace["y"]):
                            totals[x] = totals.get(x, 0) + y if self.layout.get("barmode") == "stack" else max(totals.get(x, 0), y)
                axis.maximum = max(totals.values(), default=0)
        return axes

    def link(self, trace: dict[str, Any], index: int) -> str:
        """The attribute that makes a mark open its page (none when it has no page, or lets the pointer through to
        the mark under it, as a ring around an inferred date's mark does: ``hoverinfo: skip``)."""
        customdata = trace.get("customdata")
        url = customdata[index][0] if customdata and trace.get("hoverinfo") != "skip" else ""
        return f' data-link="{escape(url)}"' if url else ""

    def fill(self, colour: str, hatched: bool | str) -> str:
        """A colour, or the id of a pattern in that colour: dots for Plotly's pattern shape ".", hatching for "/"
        or True, and Plotly's other shapes ("\\", "-", "|", "x", "+": a category's, in ink) as they are."""
        if not hatched:
            return _paint(colour)
        if isinstance(hatched, str) and hatched not in ("/", "."):
            texture = self.textures.get((colour, hatched))
            if texture is None:
                texture = self.textures[(colour, hatched)] = f"{self.uid}-texture-{len(self.textures)}"
            return f"url(#{texture})"
        if hatched == ".":
            dots = self.dot_patterns.get(colour)
            if dots is None:
                dots = self.dot_patterns[colour] = f"{self.uid}-dots-{len(self.dot_patterns)}"
            return f"url(#{dots})"
        pattern = self.patterns.get(colour)
        if pattern is None:
            pattern = self.patterns[colour] = f"{self.uid}-hatch-{len(self.patterns)}"
        return f"url(#{pattern})"

    def fade(self, colour: str, direction: str) -> str:
        """The id of a gradient that fades ``colour`` out towards the end that is not known."""
        key = (colour, direction)
        gradient = self.fades.get(key)
        if gradient is None:
            gradient = self.fades[key] = f"{self.uid}-fade-{len(self.fades)}"
        return f"url(#{gradient})"

    # marks

    def markers(self, trace: dict[str, Any], number: int) -> Iterable[str]:
        axis = self.axes[trace.get("yaxis", "y")]
        count = len(trace["x"])
        marker = trace.get("marker", {})
        colours = _each(marker.get("color", "#7F7F7F"), count)
        sizes = _each(marker.get("size", 8), count)
        symbols = _each(marker.get("symbol", "circle"), count)
        opacity = marker.get("opacity", 1)
        outline = marker.get("line", {})
        texts = _each(trace.get("text", ""), count) if "text" in trace.get("mode", "") else [""] * count
        positions = _each(trace.get("textposition", "top center"), count)
        for i, (x, y) in enumerate(zip(trace["x"], trace["y"])):
            if x is None:  # a legend entry's empty point
                continue
            top, height = axis.lane(y) if axis.lanes else (axis.value(y), 0)
            cx, cy, r = _pct(self.x(self.xnum(x))), _pct(top + height * 0.6), sizes[i] / 2
            colour = _paint(colours[i])
            hollow = str(symbols[i]).endswith("-open")
            paint = f'fill="none" stroke="{colour}" stroke-width="2"' if hollow else f'fill="{colour}" fill-opacity="{opacity}"'
            if not hollow and outline.get("color") and outline.get("width"):  # an outline that sets a mark apart from a bar under it
                paint += f' stroke="{_paint(outline["color"])}" stroke-width="{outline["width"]}"'
            if texts[i]:
                yield self.mark_text(cx, cy, r, str(texts[i]), str(positions[i]))
            shape = str(symbols[i]).removesuffix("-open")
            link = self.link(trace, i)
            step = self.steps.get((number, i))
            if step is not None:  # its place in a timeline's reading order
                link += f' data-step="{step}"'
            if shape == "circle":
                yield f'<circle cx="{cx}" cy="{cy}" r="{r:.1f}" {paint}{link}/>'
            else:
                yield f'<svg x="{cx}" y="{cy}" overflow="visible"><polygon points="{_symbol_points(shape, r)}" {paint}{link}/></svg>'

    @staticmethod
    def mark_text(cx: str, cy: str, r: float, text: str, position: str) -> str:
        """A mark's text (a control chart's dates), above it and to the side Plotly's ``textposition`` says."""
        anchor = {"left": "end", "right": "start"}.get(position.split()[-1], "middle")
        dx = {"end": -r / 2, "start": r / 2}.get(anchor, 0)
        return (
            f'<text class="ex-preview-mark-text" x="{cx}" y="{cy}" dx="{dx:.1f}" dy="{-r - 3:.1f}"'
            f' text-anchor="{anchor}">{escape(_text(text))}</text>'
        )

    def bars(self, trace: dict[str, Any], stacks: dict[tuple[str, str], float]) -> Iterable[str]:
        axis_name = trace.get("yaxis", "y")
        axis = self.axes[axis_name]
        count = len(trace["x"])
        marker = trace.get("marker", {})
        colour = marker.get("color", "#7F7F7F")
        opacity = marker.get("opacity", 1)
        shapes = _each(marker.get("pattern", {}).get("shape", ""), count)
        outline = marker.get("line", {}).get("color", colour)
        widths = _each(trace.get("width", 0.8), count)
        stroke = marker.get("line", {}).get("width", 1)
        fading = (trace.get("meta") or {}).get("fading")
        for i in range(count):
            if trace["x"][i] is None:  # a legend entry's empty point
                continue
            if fading:  # an end the sources do not give: the colour fades out, without an outline
                paint = f'fill="{self.fade(colour, fading[i])}" stroke="none"'
            else:
                shape = shapes[i]
                paint = (
                    f'fill="{self.fill(colour, shape if shape not in ("", "/") else bool(shape))}" fill-opacity="{opacity}"'
                    f' stroke="{_paint(outline)}" stroke-width="{stroke}"'
                )
            if trace.get("orientation") == "h":  # from a date, for a duration, in a lane
                start = self.xnum(trace["base"][i])
                left, right = self.x(start), self.x(start + self.length(trace["x"][i]))
                if axis.span is not None:  # a timeline's row: the bar is ``width`` pixels thick around its y
                    h = axis.scale(widths[i])
                    y = axis.value(trace["y"][i]) - h / 2
                else:
                    top, height = axis.lane(trace["y"][i])
                    y, h = top + height * (1 - widths[i]) / 2 + height * 0.1, height * widths[i] * 0.9
            else:  # a count over a period, stacked on the counts of earlier traces
                middle, half = self.xnum(trace["x"][i]), self.length(widths[i]) / 2
                left, right = self.x(middle - half), self.x(middle + half)
                below = stacks.get((axis_name, trace["x"][i]), 0)
                stacks[(axis_name, trace["x"][i])] = below + trace["y"][i]
                y = axis.value(below + trace["y"][i])
                h = axis.value(below) - y
            yield f'<rect x="{_pct(left)}" y="{_pct(y)}" width="{_pct(max(0.15, right - left))}" height="{_pct(h)}" {paint}{self.link(trace, i)}/>'

    # axes and text

    def ticks(self) -> Iterable[str]:
        """Dates along the bottom: a timeline's own ticks (one set for narrow screens, one for wide), the figure's
        ticks, or years (months for a short span), at most eight."""
        if self.tick_sets:
            for size, ticks in sorted(self.tick_sets.items()):
                yield from self.tick_marks([(self.x(float(value)), str(label)) for value, label in ticks], f" ex-preview-{size}")
            return
        xaxis = self.layout["xaxis"]
        if xaxis.get("tickmode") == "array":
            yield from self.tick_marks([(self.x(self.xnum(v)), _text(t)) for v, t in zip(xaxis["tickvals"], xaxis["ticktext"])], "")
            return
        first, last = dt.date.fromordinal(math.ceil(self.x0)), dt.date.fromordinal(math.floor(self.x1))
        years = last.year - first.year
        if years >= 3:
            step = max(1, math.ceil(years / 8))
            marks = [(dt.date(year, 1, 1), str(year)) for year in range(first.year + 1, last.year + 1) if year % step == 0]
        else:
            months = (last.year - first.year) * 12 + last.month - first.month
            step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
            names = self.words.month_names("abbreviated", "stand-alone")  # "Mar 2020", "Jun": no day
            marks = []
            for n in range(first.year * 12 + first.month, last.year * 12 + last.month + 1):
                year, month = divmod(n, 12)
                day = dt.date(year, month + 1, 1)
                if first < day <= last and month % step == 0:
                    marks.append((day, self.words.gettext("%(month)s %(year)s", month=names[month], year=year) if month == 0 or step >= 12 or not marks else names[month]))
        for n, (day, label) in enumerate(marks):
            x = self.x(day.toordinal())
            anchor = "start" if x < 4 else "end" if x > 96 else "middle"
            # Every other label is minor: a phone's narrow chart shows only the others (explainer.css).
            minor = " ex-preview-minor" if len(marks) > 4 and n % 2 != (len(marks) - 1) % 2 else ""
            yield f'<line class="ex-preview-grid" x1="{_pct(x)}" x2="{_pct(x)}" y1="{_pct(TOP)}" y2="{_pct(100 - BOTTOM)}"/>'
            yield f'<text class="ex-preview-tick{minor}" x="{_pct(x)}" y="100%" dy="-0.5em" text-anchor="{anchor}">{escape(label)}</text>'

    def tick_marks(self, ticks: list[tuple[float, str]], kind: str) -> Iterable[str]:
        """Given ticks (x as a percentage, label) with their grid lines; inside a timeline's inset plot, the labels
        hang under its bottom edge."""
        bottom = 100 - self.bottom
        for x, label in ticks:
            yield f'<line class="ex-preview-grid{kind}" x1="{_pct(x)}" x2="{_pct(x)}" y1="{_pct(self.top)}" y2="{_pct(bottom)}"/>'
            place = f'y="{_pct(bottom)}" dy="1.2em"' if self.inset else 'y="100%" dy="-0.5em"'
            yield f'<text class="ex-preview-tick{kind}" x="{_pct(x)}" {place} text-anchor="middle">{escape(label)}</text>'
        if self.layout["xaxis"].get("showline"):
            yield f'<line class="ex-preview-axis{kind}" x1="0%" x2="100%" y1="{_pct(bottom)}" y2="{_pct(bottom)}"/>'

    def axis_text(self) -> Iterable[str]:
        for axis in self.axes.values():
            for lane in axis.lanes:
                top, _ = axis.lane(lane)
                yield f'<text class="ex-preview-lane" x="{_pct(LEFT)}" y="{_pct(top)}" dy="1em">{escape(_text(lane))}</text>'
            if not axis.lanes and axis.span is None:
                yield f'<line class="ex-preview-axis" x1="{_pct(LEFT)}" x2="{_pct(100 - RIGHT)}" y1="{_pct(axis.bottom)}" y2="{_pct(axis.bottom)}"/>'
                most = f"{axis.maximum:g}"
                label = (
                    self.words.gettext("%(axis)s (most: %(most)s)", axis=axis.title, most=most)
                    if axis.title
                    else self.words.gettext("most: %(most)s", most=most)
                )
                yield f'<text class="ex-preview-lane" x="{_pct(LEFT)}" y="{_pct(axis.top)}" dy="-0.3em">{escape(label)}</text>'

    def annotations(self) -> Iterable[str]:
        for number, note in enumerate(self.layout.get("annotations", [])):
            if note.get("name") == "panel":  # written as its axis's title (axis_text)
                continue
            axis = self.axes["y"]
            if note.get("xref") == "paper" or note.get("yref") == "paper" or "name" in note or not axis.lanes:
                yield self.placed_text(str(number), note)
                continue
            if isinstance(note["y"], str):
                top, height = axis.lane(note["y"])
            else:  # a position between lanes (Plotly's category axis counts its lanes 0, 1, …)
                lane = min(max(round(note["y"]), 0), len(axis.lanes) - 1)
                top, height = axis.lane(axis.lanes[lane])
                top += (note["y"] - lane) * height
            x = self.x(_day(note["x"]))
            anchor = {"right": "end", "center": "middle"}.get(note.get("xanchor", "left"), "start")
            yield (
                f'<text class="ex-preview-note" x="{_pct(x)}" y="{_pct(top + height * 0.6)}" dx="{note.get("xshift", 0)}"'
                f' dy="0.35em" text-anchor="{anchor}">{escape(_text(note["text"]))}</text>'
            )

    def placed_text(self, number: str, note: dict[str, Any]) -> str:
        """A note placed on the plot's edges (``paper``) or at a point of a number axis, of one or more lines: a
        timeline's or a zones chart's lanes' names, a timeline's labels (which open their event) and the marks of its
        skipped years, a zones chart's note on a zone with no later event."""
        span = 100 - self.left - self.right
        x = self.left + span * float(note["x"]) if note.get("xref") == "paper" else self.x(self.xnum(note["x"]))
        if note.get("yref") == "paper":
            y = self.top + (100 - self.top - self.bottom) * (1 - float(note["y"]))
        else:
            y = self.axes["y"].value(float(note["y"]))
        anchor = {"right": "end", "center": "middle", "left": "start"}.get(note.get("xanchor", "center"), "middle")
        lines = [_text(line) for line in str(note["text"]).split("<br>")]
        first = -(len(lines) - 1) * 0.6 + 0.35  # the lines' middle on y, in em (line height 1.2em)
        spans = "".join(
            f'<tspan x="{_pct(x)}" dx="{note.get("xshift", 0)}" dy="{first if n == 0 else 1.2:.2f}em">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        link = self.label_links.get(number)
        kind = {"lane": "ex-preview-lane", "label": "ex-preview-label", "skip": "ex-preview-skip"}.get(note.get("name", ""), "ex-preview-note")
        title = f"<title>{escape(_text(note['hovertext']))}</title>" if note.get("hovertext") else ""
        return (
            f'<text class="{kind}" x="{_pct(x)}" y="{_pct(y)}" text-anchor="{anchor}"'
            f'{f" data-link={chr(34)}{escape(link)}{chr(34)}" if link else ""}>{title}{spans}</text>'
        )

    def shapes(self) -> Iterable[str]:
        """Lines and bands under the marks: a timeline's lanes' separators and the bands of its skipped years."""
        span_x = 100 - self.left - self.right
        span_y = 100 - self.top - self.bottom

        def x(ref: str, value: Any) -> float:
            return self.left + span_x * float(value) if ref == "paper" else self.x(self.xnum(value))

        def y(ref: str, value: Any) -> float:
            return self.top + span_y * (1 - float(value)) if ref == "paper" else self.axes["y"].value(float(value))

        for shape in self.layout.get("shapes", []):
            xref, yref = shape.get("xref", "x"), shape.get("yref", "y")
            x0, x1 = x(xref, shape["x0"]), x(xref, shape["x1"])
            y0, y1 = y(yref, shape["y0"]), y(yref, shape["y1"])
            if shape["type"] == "line":
                yield f'<line class="ex-preview-rule" x1="{_pct(x0)}" x2="{_pct(x1)}" y1="{_pct(y0)}" y2="{_pct(y1)}"/>'
            elif shape["type"] == "rect":
                top, height = min(y0, y1), abs(y1 - y0)
                yield f'<rect class="ex-preview-band" x="{_pct(x0)}" y="{_pct(top)}" width="{_pct(x1 - x0)}" height="{_pct(height)}"/>'

    def legend(self) -> str:
        """The chart's key, in HTML: it stays when Plotly draws the chart (explainer-charts.js), and each name hides
        and shows the traces it names (``data-traces``: their indices, those of its group, as Plotly's key did)."""
        items: dict[str, str] = {}
        named: dict[str, list[int]] = {}
        groups: dict[str, list[int]] = {}
        for index, trace in enumerate(self.traces):
            if trace.get("legendgroup"):
                groups.setdefault(trace["legendgroup"], []).append(index)
        # Plotly's order: by legendrank (1000 unless given), then as the traces come.
        for index, trace in sorted(enumerate(self.traces), key=lambda item: item[1].get("legendrank", 1000)):
            if trace.get("showlegend") is False or not trace.get("name"):
                continue
            name = _text(trace["name"])
            named.setdefault(name, []).extend(groups[trace["legendgroup"]] if trace.get("legendgroup") else [index])
            colour = trace.get("marker", {}).get("color", "#7F7F7F")
            if name not in items and isinstance(colour, str):
                symbol = trace.get("marker", {}).get("symbol")
                symbol = symbol[0] if isinstance(symbol, list) and symbol else symbol
                ring = symbol == "circle-open"
                pattern = trace.get("marker", {}).get("pattern", {}).get("shape")
                if ring:
                    swatch = f'<circle cx="6" cy="6" r="5" fill="none" stroke="{_paint(colour)}" stroke-width="2"/>'
                elif isinstance(pattern, str) and pattern:  # a key to a style: hatched, dotted; a category's pattern
                    fill = self.fill(colour, pattern if pattern != "/" else True)
                    swatch = f'<rect x="0.5" y="0.5" width="11" height="11" fill="{fill}" stroke="{_paint(colour)}"/>'
                elif trace["type"] == "scatter" and isinstance(symbol, str) and symbol.removesuffix("-open") in _SHAPES:
                    # A category's shape (in ink).
                    swatch = f'<svg x="6" y="6" overflow="visible"><polygon points="{_symbol_points(symbol.removesuffix("-open"), 5)}" fill="{_paint(colour)}"/></svg>'
                else:
                    swatch = f'<rect width="12" height="12" fill="{_paint(colour)}"/>'
                items[name] = f'<svg width="12" height="12" aria-hidden="true">{swatch}</svg>{escape(name)}'
        if not items or not self.layout.get("showlegend", True):
            return ""
        below = " ex-chart-key-below" if self.inset else ""
        return f'<ul class="ex-chart-key{below}" aria-hidden="true">' + "".join(
            f'<li data-traces="{" ".join(str(n) for n in sorted(set(named[name])))}">{item}</li>' for name, item in items.items()
        ) + "</ul>"

    def svg(self) -> str:
        stacks: dict[tuple[str, str], float] = {}
        marks: list[str] = []
        for number, trace in enumerate(self.traces):
            if trace["type"] == "bar":
                marks.extend(self.bars(trace, stacks))
            elif trace["type"] == "scatter":
                marks.extend(self.markers(trace, number))
            else:
                raise ValueError(f"a chart preview cannot draw a {trace['type']!r} trace")
        defs = "".join(
            f'<pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{_paint(colour)}" fill-opacity="0.25"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{_paint(colour)}" stroke-width="2"/></pattern>'
            for colour, pattern in self.patterns.items()
        ) + "".join(
            f'<pattern id="{pattern}" width="5" height="5" patternUnits="userSpaceOnUse">'
            f'<rect width="5" height="5" fill="{_paint(colour)}" fill-opacity="0.2"/>'
            f'<rect x="1.6" y="1.6" width="1.8" height="1.8" fill="{_paint(colour)}"/></pattern>'
            for colour, pattern in self.dot_patterns.items()
        ) + "".join(
            f'<pattern id="{texture}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{_paint(colour)}" fill-opacity="0.2"/>{_TEXTURES[shape].format(colour=_paint(colour))}</pattern>'
            for (colour, shape), texture in self.textures.items()
        ) + "".join(
            f'<linearGradient id="{gradient}"{_REVERSED if direction == "before" else ""}>'
            f'<stop offset="0" stop-color="{_paint(colour)}" stop-opacity="0.5"/>'
            f'<stop offset="1" stop-color="{_paint(colour)}" stop-opacity="0"/></linearGradient>'
            for (colour, direction), gradient in self.fades.items()
        )
        return (
            f'<svg class="ex-preview-plot{" ex-preview-inset" if self.inset else ""}{" ex-preview-rows" if self.min_height else ""}"'
            f' width="100%" height="{self.min_height or "100%"}" focusable="false" aria-hidden="true">'
            + (f"<defs>{defs}</defs>" if defs else "")
            + "".join(self.shapes())
            + "".join(self.ticks())
            + "".join(self.axis_text())
            + "".join(marks)
            + "".join(self.annotations())
            + "</svg>"
        )


#: A gradient that runs right to left: a start the sources do not give fades out towards the past.
_REVERSED = ' x1="1" x2="0"'

#: The lines of Plotly's other pattern shapes, in a 6-pixel tile.
_TEXTURES = {
    "\\": '<line x1="0" y1="0" x2="6" y2="6" stroke="{colour}" stroke-width="1.5"/>',
    "-": '<line x1="0" y1="3" x2="6" y2="3" stroke="{colour}" stroke-width="1.5"/>',
    "|": '<line x1="3" y1="0" x2="3" y2="6" stroke="{colour}" stroke-width="1.5"/>',
    "x": '<path d="M0 0L6 6M6 0L0 6" stroke="{colour}" stroke-width="1.2"/>',
    "+": '<path d="M3 0V6M0 3H6" stroke="{colour}" stroke-width="1.2"/>',
}

#: The symbols the preview draws besides circles, as polygons around their centre (Plotly's shapes).
_SHAPES = ("circle", "square", "diamond", "triangle-up", "triangle-down", "triangle-left", "triangle-right", "star")


def _symbol_points(shape: str, r: float) -> str:
    """A symbol's outline, ``r`` its radius (half Plotly's size), as a polygon's points around (0, 0)."""
    side = r * 2 / math.sqrt(3)
    if shape == "circle":  # a legend's swatch: a polygon close enough to a circle
        corners = [(r * math.cos(2 * math.pi * k / 16), r * math.sin(2 * math.pi * k / 16)) for k in range(16)]
    elif shape == "square":
        corners = [(-r, -r), (r, -r), (r, r), (-r, r)]
    elif shape == "diamond":
        corners = [(0, -r), (r, 0), (0, r), (-r, 0)]
    elif shape == "triangle-up":
        corners = [(-side, r / 2), (side, r / 2), (0, -r)]
    elif shape == "triangle-down":
        corners = [(-side, -r / 2), (side, -r / 2), (0, r)]
    elif shape == "triangle-left":
        corners = [(r / 2, -side), (r / 2, side), (-r, 0)]
    elif shape == "triangle-right":
        corners = [(-r / 2, -side), (-r / 2, side), (r, 0)]
    elif shape == "star":
        corners = [
            ((r * 1.2 if k % 2 == 0 else r * 0.5) * math.sin(math.pi * k / 5), -(r * 1.2 if k % 2 == 0 else r * 0.5) * math.cos(math.pi * k / 5))
            for k in range(10)
        ]
    else:
        raise ValueError(f"a chart preview cannot draw a {shape!r} symbol")
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


def _paint(colour: str) -> str:
    """A colour for an attribute: ink is the text's colour of the reader's palette (colours.INK)."""
    return "currentColor" if colour == INK else str(escape(colour))


def axes_key(layout_key: str) -> str:
    """The name traces use for a y axis of the layout: ``yaxis`` is ``y``, ``yaxis2`` is ``y2``."""
    return "y" + layout_key.removeprefix("yaxis")


def chart_preview(figure: dict[str, Any], height: int, uid: str, words: Words) -> Markup:
    """The static preview of a figure, ``height`` pixels tall and as wide as its container.

    ``uid`` makes the ids of its patterns unique on the page; ``words`` are the site's own, in the topic's language.
    """
    plot = _Plot(figure, uid, words)
    legend = plot.legend()  # first: a key to a hatched or dotted style needs its pattern among the plot's
    body = plot.svg()
    # A timeline's key is under its plot (the toolbar, above, then covers nothing).
    below = " ex-preview-below" if plot.inset and legend else ""
    return Markup(
        f'<svg class="ex-preview-size" width="1" height="{int(height)}" aria-hidden="true" focusable="false"></svg>'
        f'<div class="ex-preview{below}" aria-hidden="true">{legend}{body}</div>'
    )
