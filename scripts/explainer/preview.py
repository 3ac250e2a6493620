"""Static previews of charts: SVG drawn at build time from the very figure Plotly draws.

A reader sees the chart with the page's first paint, without waiting for
Plotly.js (1.2 MB, and half a second of a phone's main thread to start);
Plotly replaces the preview when the reader points at, touches or focuses
the chart (``explainer-charts.js``). The preview is also what readers without
JavaScript, printers and feed readers get.

The preview knows only what the generator's figures use: a date x axis;
category lanes or counts on one or two y axes; dots, squares and diamonds,
open or filled, and the rings around marks whose date is inferred; horizontal
bars from a date for a duration, hatched or fading out (an end the sources
leave open or do not report: a gradient here, a faded bar in Plotly); stacked
vertical bars; text annotations. Its width follows the page: every x position is a
percentage, and so is every y position, inside a box whose height (the
figure's) is fixed before anything loads, so that nothing moves when Plotly
takes over. Selecting a mark opens what it shows, as in Plotly: its
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

DAY_MS = 86_400_000
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
#: Space kept free inside the plot, as percentages of its width and height.
LEFT, RIGHT, TOP, BOTTOM = 1.0, 1.0, 2.0, 10.0


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

    def lane(self, name: str) -> tuple[float, float]:
        """Top and height of a lane, as percentages."""
        height = (self.bottom - self.top) / max(1, len(self.lanes))
        return self.top + self.lanes.index(name) * height, height

    def value(self, number: float) -> float:
        """Where a count falls, as a percentage from the top."""
        return self.bottom - (self.bottom - self.top) * (number / self.maximum if self.maximum else 0)


class _Plot:
    def __init__(self, figure: dict[str, Any], uid: str):
        self.layout = figure["layout"]
        self.traces = figure["data"]
        self.uid = uid
        start, end = self.layout["xaxis"]["range"]
        self.x0, self.x1 = _day(start), _day(end)
        self.axes = self._axes()
        self.patterns: dict[str, str] = {}
        self.dot_patterns: dict[str, str] = {}
        self.fades: dict[tuple[str, str], str] = {}

    # geometry

    def x(self, day: float) -> float:
        return LEFT + (100 - LEFT - RIGHT) * (day - self.x0) / max(1.0, self.x1 - self.x0)

    def _axes(self) -> dict[str, _YAxis]:
        axes: dict[str, _YAxis] = {}
        for key in ("yaxis", "yaxis2"):
            settings = self.layout.get(key)
            if settings is None:
                continue
            low, high = settings.get("domain", [0, 1])
            span = 100 - TOP - BOTTOM
            axis = _YAxis(top=TOP + span * (1 - high), bottom=TOP + span * (1 - low), title=_text(settings.get("title", {}).get("text", "")))
            axes[axes_key(key)] = axis
            if settings.get("type") == "category":
                if settings.get("categoryorder") == "array":  # the lanes in the order the figure gives
                    axis.lanes.extend(settings["categoryarray"])
                for trace in self.traces:
                    if trace.get("yaxis", "y") == axes_key(key):
                        for lane in trace["y"]:
                            # Plotly's order: as the traces first name them (a legend entry's empty point names none)
                            if lane is not None and lane not in axis.lanes:
                                axis.lanes.append(lane)
        for name, axis in axes.items():
            if not axis.lanes:
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
        """A colour, or the id of a pattern in that colour: dots for Plotly's pattern shape ".", else hatching."""
        if not hatched:
            return str(escape(colour))
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

    def markers(self, trace: dict[str, Any]) -> Iterable[str]:
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
            cx, cy, r = _pct(self.x(_day(x))), _pct(top + height * 0.6), sizes[i] / 2
            colour = escape(colours[i])
            hollow = str(symbols[i]).endswith("-open")
            paint = f'fill="none" stroke="{colour}" stroke-width="2"' if hollow else f'fill="{colour}" fill-opacity="{opacity}"'
            if not hollow and outline.get("color") and outline.get("width"):  # an outline that sets a mark apart from a bar under it
                paint += f' stroke="{escape(outline["color"])}" stroke-width="{outline["width"]}"'
            if texts[i]:
                yield self.mark_text(cx, cy, r, str(texts[i]), str(positions[i]))
            shape = str(symbols[i]).removesuffix("-open")
            link = self.link(trace, i)
            if shape == "circle":
                yield f'<circle cx="{cx}" cy="{cy}" r="{r:.1f}" {paint}{link}/>'
            else:
                points = {"square": f"{-r},{-r} {r},{-r} {r},{r} {-r},{r}", "diamond": f"0,{-r} {r},0 0,{r} {-r},0"}[shape]
                yield f'<svg x="{cx}" y="{cy}" overflow="visible"><polygon points="{points}" {paint}{link}/></svg>'

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
        widths = _each(trace.get("width", 0.8), count)
        stroke = marker.get("line", {}).get("width", 1)
        fading = (trace.get("meta") or {}).get("fading")
        for i in range(count):
            if trace["x"][i] is None:  # a legend entry's empty point
                continue
            if fading:  # an end the sources do not give: the colour fades out, without an outline
                paint = f'fill="{self.fade(colour, fading[i])}" stroke="none"'
            else:
                paint = (
                    f'fill="{self.fill(colour, shapes[i] if shapes[i] == "." else bool(shapes[i]))}" fill-opacity="{opacity}"'
                    f' stroke="{escape(colour)}" stroke-width="{stroke}"'
                )
            if trace.get("orientation") == "h":  # from a date, for a duration, in a lane
                start = _day(trace["base"][i])
                left, right = self.x(start), self.x(start + trace["x"][i] / DAY_MS)
                top, height = axis.lane(trace["y"][i])
                y, h = top + height * (1 - widths[i]) / 2 + height * 0.1, height * widths[i] * 0.9
            else:  # a count over a period, stacked on the counts of earlier traces
                middle, half = _day(trace["x"][i]), widths[i] / DAY_MS / 2
                left, right = self.x(middle - half), self.x(middle + half)
                below = stacks.get((axis_name, trace["x"][i]), 0)
                stacks[(axis_name, trace["x"][i])] = below + trace["y"][i]
                y = axis.value(below + trace["y"][i])
                h = axis.value(below) - y
            yield f'<rect x="{_pct(left)}" y="{_pct(y)}" width="{_pct(max(0.15, right - left))}" height="{_pct(h)}" {paint}{self.link(trace, i)}/>'

    # axes and text

    def ticks(self) -> Iterable[str]:
        """Dates along the bottom: years, or months for a short span, at most eight."""
        first, last = dt.date.fromordinal(math.ceil(self.x0)), dt.date.fromordinal(math.floor(self.x1))
        years = last.year - first.year
        if years >= 3:
            step = max(1, math.ceil(years / 8))
            marks = [(dt.date(year, 1, 1), str(year)) for year in range(first.year + 1, last.year + 1) if year % step == 0]
        else:
            months = (last.year - first.year) * 12 + last.month - first.month
            step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
            marks = []
            for n in range(first.year * 12 + first.month, last.year * 12 + last.month + 1):
                year, month = divmod(n, 12)
                day = dt.date(year, month + 1, 1)
                if first < day <= last and month % step == 0:
                    marks.append((day, f"{MONTHS[month]} {year}" if month == 0 or step >= 12 or not marks else MONTHS[month]))
        for n, (day, label) in enumerate(marks):
            x = self.x(day.toordinal())
            anchor = "start" if x < 4 else "end" if x > 96 else "middle"
            # Every other label is minor: a phone's narrow chart shows only the others (explainer.css).
            minor = " ex-preview-minor" if len(marks) > 4 and n % 2 != (len(marks) - 1) % 2 else ""
            yield f'<line class="ex-preview-grid" x1="{_pct(x)}" x2="{_pct(x)}" y1="{_pct(TOP)}" y2="{_pct(100 - BOTTOM)}"/>'
            yield f'<text class="ex-preview-tick{minor}" x="{_pct(x)}" y="100%" dy="-0.5em" text-anchor="{anchor}">{escape(label)}</text>'

    def axis_text(self) -> Iterable[str]:
        for axis in self.axes.values():
            for lane in axis.lanes:
                top, _ = axis.lane(lane)
                yield f'<text class="ex-preview-lane" x="{_pct(LEFT)}" y="{_pct(top)}" dy="1em">{escape(_text(lane))}</text>'
            if not axis.lanes:
                yield f'<line class="ex-preview-axis" x1="{_pct(LEFT)}" x2="{_pct(100 - RIGHT)}" y1="{_pct(axis.bottom)}" y2="{_pct(axis.bottom)}"/>'
                label = f"{axis.title} (most: {axis.maximum:g})" if axis.title else f"most: {axis.maximum:g}"
                yield f'<text class="ex-preview-lane" x="{_pct(LEFT)}" y="{_pct(axis.top)}" dy="-0.3em">{escape(label)}</text>'

    def annotations(self) -> Iterable[str]:
        for note in self.layout.get("annotations", []):
            axis = self.axes["y"]
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

    def legend(self) -> str:
        items: dict[str, str] = {}
        # Plotly's order: by legendrank (1000 unless given), then as the traces come.
        for trace in sorted(self.traces, key=lambda trace: trace.get("legendrank", 1000)):
            if trace.get("showlegend") is False or not trace.get("name"):
                continue
            name = _text(trace["name"])
            colour = trace.get("marker", {}).get("color", "#7F7F7F")
            if name not in items and isinstance(colour, str):
                ring = trace.get("marker", {}).get("symbol") == "circle-open"
                pattern = trace.get("marker", {}).get("pattern", {}).get("shape")
                if ring:
                    swatch = f'<circle cx="6" cy="6" r="5" fill="none" stroke="{escape(colour)}" stroke-width="2"/>'
                elif isinstance(pattern, str) and pattern:  # a key to a style: hatched, dotted
                    fill = self.fill(colour, pattern if pattern == "." else True)
                    swatch = f'<rect x="0.5" y="0.5" width="11" height="11" fill="{fill}" stroke="{escape(colour)}"/>'
                else:
                    swatch = f'<rect width="12" height="12" fill="{escape(colour)}"/>'
                items[name] = f'<li><svg width="12" height="12" aria-hidden="true">{swatch}</svg>{escape(name)}</li>'
        if not items or not self.layout.get("showlegend", True):
            return ""
        return '<ul class="ex-preview-legend">' + "".join(items.values()) + "</ul>"

    def svg(self) -> str:
        stacks: dict[tuple[str, str], float] = {}
        marks: list[str] = []
        for trace in self.traces:
            if trace["type"] == "bar":
                marks.extend(self.bars(trace, stacks))
            elif trace["type"] == "scatter":
                marks.extend(self.markers(trace))
            else:
                raise ValueError(f"a chart preview cannot draw a {trace['type']!r} trace")
        defs = "".join(
            f'<pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{escape(colour)}" fill-opacity="0.25"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{escape(colour)}" stroke-width="2"/></pattern>'
            for colour, pattern in self.patterns.items()
        ) + "".join(
            f'<pattern id="{pattern}" width="5" height="5" patternUnits="userSpaceOnUse">'
            f'<rect width="5" height="5" fill="{escape(colour)}" fill-opacity="0.2"/>'
            f'<rect x="1.6" y="1.6" width="1.8" height="1.8" fill="{escape(colour)}"/></pattern>'
            for colour, pattern in self.dot_patterns.items()
        ) + "".join(
            f'<linearGradient id="{gradient}"{_REVERSED if direction == "before" else ""}>'
            f'<stop offset="0" stop-color="{escape(colour)}" stop-opacity="0.5"/>'
            f'<stop offset="1" stop-color="{escape(colour)}" stop-opacity="0"/></linearGradient>'
            for (colour, direction), gradient in self.fades.items()
        )
        return (
            '<svg class="ex-preview-plot" width="100%" height="100%" focusable="false" aria-hidden="true">'
            + (f"<defs>{defs}</defs>" if defs else "")
            + "".join(self.ticks())
            + "".join(self.axis_text())
            + "".join(marks)
            + "".join(self.annotations())
            + "</svg>"
        )


#: A gradient that runs right to left: a start the sources do not give fades out towards the past.
_REVERSED = ' x1="1" x2="0"'


def axes_key(layout_key: str) -> str:
    """The name traces use for a y axis of the layout: ``yaxis`` is ``y``, ``yaxis2`` is ``y2``."""
    return "y" + layout_key.removeprefix("yaxis")


def chart_preview(figure: dict[str, Any], height: int, uid: str) -> Markup:
    """The static preview of a figure, ``height`` pixels tall and as wide as its container.

    ``uid`` makes the ids of its patterns unique on the page.
    """
    plot = _Plot(figure, uid)
    legend = plot.legend()  # first: a key to a hatched or dotted style needs its pattern among the plot's
    body = plot.svg()
    return Markup(
        f'<svg class="ex-preview-size" width="1" height="{int(height)}" aria-hidden="true" focusable="false"></svg>'
        f'<div class="ex-preview" aria-hidden="true">{legend}{body}</div>'
    )
