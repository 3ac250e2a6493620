"""Where a timeline chart puts each event: an axis that skips the empty years, and rows that keep marks apart.

An axis that runs evenly from the first event to the last spends its width on the
years in which the sources record nothing, and squeezes the days in which much
happened into a pixel. Two things here prevent that, for the figure Plotly draws
(``charts.timeline.timeline_figure``) and for its static preview alike, since both read the
figure:

- **A broken time axis** (:class:`TimeAxis`). Each long stretch with no event
  (longer than :data:`SKIP_SHARE` of the whole span and than :data:`SKIP_MIN_DAYS`;
  at most :data:`MAX_SKIPS` of them, the longest) is skipped: drawn as a narrow band
  marked "//" that says which dates it skips. The parts between, *segments*, share
  the width by how long they last and how many events they hold, each at least
  enough for a label of its own; within a segment, time runs evenly. The axis is a
  piecewise-linear map from days to numbers (:attr:`TimeAxis.knots`), so that a
  figure's x values are numbers that the page's script and the preview turn back
  into dates (the knots travel in the figure's ``layout.meta``).
- **Rows within each lane** (:func:`place`). Events whose marks, bars or labels
  would meet on a phone's narrow chart (:data:`REFERENCE_WIDTH` pixels of plot) go
  to separate rows of their category's lane, first fit, in the order of their
  dates: same-day events stack, each mark keeps the room of a finger's tap
  (:data:`MARK_ROOM`), and a key event's label sits beside its mark in its row. A
  wider screen only spreads them further apart.

Tick labels (:meth:`TimeAxis.ticks`) are worked out for a width: each segment gets
the finest step whose labels fit (years, months or days), and at least one label.
The page's script does the same at the chart's real width, and again after a zoom
(``explainer-charts.js``, from the same knots).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

#: The width of the axis in its own units, skipped stretches included.
AXIS_UNITS = 1000.0
#: The plot's width, in pixels, that rows are worked out for: a 360-pixel phone's chart (a 390-pixel phone's is 338).
REFERENCE_WIDTH = 300.0
#: The plot's width, in pixels, of a desktop's chart, for the static preview's ticks on a wide screen.
WIDE_WIDTH = 640.0
#: Room each mark keeps around its centre, in pixels: a 24-pixel target (WCAG 2.5.8) plus a margin.
MARK_ROOM = 13.0
#: Room between two things in a row, in pixels.
SPACING = 4.0
#: Width of a character of a label beside a mark (11-pixel text), in pixels: DejaVu Sans's (phones' fonts are narrower).
LABEL_CHAR = 6.1
#: Width of a character of a tick label (12-pixel text), in pixels: DejaVu Sans's digits.
TICK_CHAR = 7.4
#: Room between two tick labels, in pixels.
TICK_SPACING = 8.0
#: Characters in a line of a label, and lines in a label.
LABEL_LINE = 28
LABEL_LINES = 3

#: A stretch without events is skipped when it is longer than this share of the chart's span…
SKIP_SHARE = 0.08
#: …and than this many days.
SKIP_MIN_DAYS = 120
#: Most stretches skipped (the longest): each segment between them needs room for its label.
MAX_SKIPS = 3
#: Width of a skipped stretch, as a share of the axis.
SKIP_WIDTH = 0.045
#: Least share of the axis a segment gets (with fewer segments, this much).
MIN_SEGMENT_SHARE = 0.2
#: Days added before and after each segment's events, as a share of its length (at least a day).
SEGMENT_PAD = 0.04

Side = Literal["right", "left"]


@dataclass(frozen=True)
class Skip:
    """A stretch of days with no event that the axis skips."""

    first: dt.date
    """The first day with nothing drawn."""
    last: dt.date
    """The last day with nothing drawn."""
    start: float
    end: float
    """Where it is drawn, in axis units."""


@dataclass(frozen=True)
class Tick:
    value: float
    label: str


@dataclass(frozen=True)
class TimeAxis:
    """A piecewise-linear map from days (ordinal numbers, fractions within a day) to axis units."""

    knots: tuple[tuple[int, float], ...]
    """(day, units) pairs, days and units increasing; beyond the first and last, the nearest piece extends."""
    skips: tuple[Skip, ...]
    skipped: tuple[int, ...]
    """Which pieces (between knots ``i`` and ``i + 1``) are skipped stretches."""
    spans: tuple[tuple[int, int], ...] = ()
    """Each segment's days with something drawn (first day, last day; ordinals), without its padding."""

    @property
    def range(self) -> tuple[float, float]:
        """The axis's range, with room for a mark's half at each end on a phone."""
        pad = AXIS_UNITS * (MARK_ROOM + SPACING) / (REFERENCE_WIDTH - 2 * (MARK_ROOM + SPACING))
        return (-pad, AXIS_UNITS + pad)

    def _piece(self, index: int) -> tuple[tuple[int, float], tuple[int, float]]:
        return self.knots[index], self.knots[index + 1]

    def at(self, day: float) -> float:
        """Where a day (an ordinal, such as ``date.toordinal() + 0.5`` for noon) falls, in axis units."""
        knots = self.knots
        index = 0
        while index < len(knots) - 2 and day > knots[index + 1][0]:
            index += 1
        (d0, u0), (d1, u1) = self._piece(index)
        return u0 + (day - d0) * (u1 - u0) / (d1 - d0)

    def day(self, value: float) -> float:
        """The day (ordinal, with a fraction) at a point of the axis: the inverse of :meth:`at`."""
        knots = self.knots
        index = 0
        while index < len(knots) - 2 and value > knots[index + 1][1]:
            index += 1
        (d0, u0), (d1, u1) = self._piece(index)
        return d0 + (value - u0) * (d1 - d0) / (u1 - u0)

    def pixel(self, value: float, width: float = REFERENCE_WIDTH, view: tuple[float, float] | None = None) -> float:
        """Where a point of the axis is drawn across a plot ``width`` pixels wide showing ``view``."""
        low, high = view or self.range
        return (value - low) / (high - low) * width

    def meta(self) -> dict[str, object]:
        """What the page's script needs to turn the axis back into dates: its knots (as ISO dates) and skips."""
        return {
            "knots": [[dt.date.fromordinal(day).isoformat(), round(value, 3)] for day, value in self.knots],
            "skipped": list(self.skipped),
            "spans": [[dt.date.fromordinal(first).isoformat(), dt.date.fromordinal(last).isoformat()] for first, last in self.spans],
        }

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> TimeAxis:
        """The axis a figure carries in ``layout.meta.timeline`` (:meth:`meta`), to read its x values as days."""
        knots = tuple((dt.date.fromisoformat(day).toordinal(), float(value)) for day, value in meta["knots"])
        spans = tuple((dt.date.fromisoformat(first).toordinal(), dt.date.fromisoformat(last).toordinal()) for first, last in meta["spans"])
        return cls(knots, (), tuple(meta["skipped"]), spans)

    def date(self, value: float) -> dt.date:
        """The day at a point of the axis (a bar's start, a mark's middle at noon), allowing for the rounding of a
        figure's values to three decimals."""
        return dt.date.fromordinal(math.floor(self.day(value) + 0.1))

    def segments(self) -> list[tuple[int, int]]:
        """The pieces of the axis that are drawn evenly in time, as pairs of knot indices."""
        return [(i, i + 1) for i in range(len(self.knots) - 1) if i not in self.skipped]

    def ticks(self, width: float, view: tuple[float, float] | None = None, *, months: Sequence[str]) -> list[Tick]:
        """Tick labels for a plot ``width`` pixels wide showing ``view``: in each segment, the finest step whose
        labels fit, and at least one label; no two labels meet. ``months``: the twelve months' abbreviated names
        in the topic's language (:meth:`explainer.i18n.Words.month_names`)."""
        view = view or self.range
        low_view, high_view = view

        def pixel(value: float) -> float:
            return self.pixel(value, width, view)

        def value_at(x: float) -> float:
            return low_view + x / width * (high_view - low_view)

        chosen: list[tuple[float, float, Tick, float | None]] = []
        # (left, right, tick, for a segment's only label: how far right it may move, else None)
        segments = self.segments()
        for n, (first_knot, last_knot) in enumerate(segments):
            low, high = max(self.knots[first_knot][1], low_view), min(self.knots[last_knot][1], high_view)
            if high <= low:
                continue
            # A segment's labels may reach the middle of the skipped stretch beside it, or the plot's edge.
            left = pixel((self.knots[first_knot - 1][1] + self.knots[first_knot][1]) / 2) if n > 0 else 0.0
            right = pixel((self.knots[last_knot][1] + self.knots[last_knot + 1][1]) / 2) if n < len(segments) - 1 else width
            left, right = max(left, 0.0), min(right, width)
            first_day, last_day = self.day(low), self.day(high)
            if n < len(self.spans):  # ticks on the days with something drawn, not on the padding around them
                first_day, last_day = max(first_day, self.spans[n][0]), min(last_day, self.spans[n][1] + 1)
            found = _segment_ticks(first_day, last_day, left, right, self.at, pixel, months) if first_day < last_day else []
            if found:
                # A segment's only label may move aside for another's (see below).
                only = None if len(found) > 1 else right
                chosen.extend((a, b, tick, only) for a, b, tick in found)
                continue
            # Too narrow for any step: one label, of the days it shows, in its middle (inside the plot).
            shown_first = math.floor(first_day)
            shown_last = max(shown_first, math.ceil(last_day) - 1)
            label = _span_label(dt.date.fromordinal(shown_first), dt.date.fromordinal(shown_last), months)
            half = _tick_width(label) / 2
            x = min(max(pixel(self.at((shown_first + shown_last + 1) / 2)), half), width - half)
            chosen.append((x - half, x + half, Tick(round(value_at(x), 3), label), max(right, x + half)))
        chosen.sort(key=lambda item: item[0])
        kept: list[tuple[float, float, Tick, float | None]] = []
        for a, b, tick, reach in chosen:
            if kept and a < kept[-1][1] + TICK_SPACING:
                shift = kept[-1][1] + TICK_SPACING - a
                if reach is not None and b + shift <= reach:  # a segment's only label moves aside
                    a, b = a + shift, b + shift
                    tick = Tick(round(value_at((a + b) / 2), 3), tick.label)
                elif reach is not None and kept[-1][3] is None:  # it takes the place of another segment's extra one
                    kept.pop()
                else:
                    continue
            kept.append((a, b, tick, reach))
        return [tick for _, _, tick, _ in kept]


def _tick_width(label: str) -> float:
    return len(label) * TICK_CHAR


def _span_label(first: dt.date, last: dt.date, months: Sequence[str]) -> str:
    """A segment's only label: its month, its year, or its years."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{months[first.month - 1]} {first.year}"
    if first.year == last.year:
        return str(first.year)
    return f"{first.year}–{last.year}"


#: Steps of ticks, finest first: (unit, how many).
STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1), ("day", 2), ("day", 5), ("day", 10),
    ("month", 1), ("month", 3), ("month", 6),
    ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 20), ("year", 50), ("year", 100),
)


#: Most ticks a step may have in a segment: beyond this many, the step is rejected without placing them.
MOST_TICKS = 400


def _tick_days(unit: str, step: int, first: dt.date, last: dt.date, most: int = MOST_TICKS) -> list[dt.date]:
    """The days from ``first`` to ``last`` that a step ticks: years' and months' first days, days of a month.
    It stops at ``most + 1`` days: a step with more cannot fit, and the caller tries a longer one."""
    days: list[dt.date] = []
    if unit == "year":
        year = first.year + (-first.year) % step
        while year <= last.year and len(days) <= most:
            day = dt.date(year, 1, 1)
            if first <= day <= last:
                days.append(day)
            year += step
    elif unit == "month":
        # Months are counted from year 0's January, so every ``step``-th month of a year (step divides 12)
        # is every ``step``-th month counted.
        month = first.year * 12 + first.month - 1
        month += (-month) % step
        while month <= last.year * 12 + last.month - 1 and len(days) <= most:
            year, index = divmod(month, 12)
            day = dt.date(year, index + 1, 1)
            if first <= day <= last:
                days.append(day)
            month += step
    else:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month) and len(days) <= most:
            length = _month_length(dt.date(year, month, 1))
            # Every ``step``-th day of a month from the 1st, none too close to the next month's 1st.
            for number in range(1, length + 1, step):
                if length - number < step / 2:
                    break
                day = dt.date(year, month, number)
                if first <= day <= last:
                    days.append(day)
                    if len(days) > most:
                        break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _month_length(day: dt.date) -> int:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - dt.date(day.year, day.month, 1)).days


def _tick_label(unit: str, day: dt.date, first_in_segment: bool, months: Sequence[str]) -> str:
    month = months[day.month - 1]
    if unit == "year":
        return str(day.year)
    if unit == "month":
        if day.month == 1:
            return str(day.year)
        return f"{month} {day.year}" if first_in_segment else month
    if first_in_segment:
        return f"{day.day} {month} {day.year}"
    # The month on its first day; the day alone after it.
    return str(day.day) if day.day > 1 else f"{day.day} {month}"


def _segment_ticks(
    first_day: float,
    last_day: float,
    left: float,
    right: float,
    at: Callable[[float], float],
    pixel: Callable[[float], float],
    months: Sequence[str],
) -> list[tuple[float, float, Tick]]:
    """The finest ticks of a segment (days ``first_day`` to ``last_day``) whose labels fit between ``left`` and
    ``right`` (pixels) without meeting; none when no step fits. ``at`` maps days to axis units, ``pixel`` units to
    pixels."""
    first = dt.date.fromordinal(math.ceil(first_day))
    last = dt.date.fromordinal(max(math.ceil(first_day), math.ceil(last_day) - 1))
    for unit, step in STEPS:
        # n labels of at least ``least`` pixels each, TICK_SPACING apart, take n * least + (n - 1) * TICK_SPACING
        # pixels: a step with more days than fit so is rejected without walking or placing them all.
        least = _tick_width("x") if unit != "month" or all(months) else 0.0
        most = min(MOST_TICKS, math.floor((right - left + TICK_SPACING) / (least + TICK_SPACING) + 1e-6))
        days = _tick_days(unit, step, first, last, max(most, 0))
        if not days or len(days) > most:
            continue
        placed = []
        for n, day in enumerate(days):
            label = _tick_label(unit, day, n == 0, months)
            value = at(day.toordinal())
            x = pixel(value)
            half = _tick_width(label) / 2
            placed.append((x - half, x + half, Tick(round(value, 3), label)))
        inside = all(a >= left and b <= right for a, b, _ in placed)
        apart = all(placed[i + 1][0] - placed[i][1] >= TICK_SPACING for i in range(len(placed) - 1))
        if inside and apart:
            return placed
    return []


def build_axis(extents: Sequence[tuple[float, float]], centres: Sequence[float]) -> TimeAxis:
    """The axis for marks drawn over ``extents`` ((first day, day after the last), ordinals), centred at
    ``centres``: long empty stretches skipped, segments sized by their length and their number of marks."""
    if not extents:
        today = dt.date(2000, 1, 1).toordinal()
        return TimeAxis(((today, 0.0), (today + 1, AXIS_UNITS)), (), (), ((today, today),))
    merged: list[list[float]] = []
    for start, end in sorted(extents):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    first, last = merged[0][0], merged[-1][1]
    span = max(1.0, last - first)
    gaps = [(merged[i][1], merged[i + 1][0]) for i in range(len(merged) - 1)]
    long = [gap for gap in gaps if gap[1] - gap[0] > max(SKIP_MIN_DAYS, SKIP_SHARE * span)]
    skipped = sorted(sorted(long, key=lambda gap: (-(gap[1] - gap[0]), gap[0]))[:MAX_SKIPS])
    bounds = [first, *[day for gap in skipped for day in gap], last]
    segments = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    counts = [sum(1 for c in centres if start <= c <= end) for start, end in segments]
    lengths = [end - start for start, end in segments]
    shares = [0.5 * length / sum(lengths) + 0.5 * count / max(1, sum(counts)) for length, count in zip(lengths, counts)]
    shares = _at_least(shares, min(MIN_SEGMENT_SHARE, 0.8 / len(segments)))
    drawn = AXIS_UNITS * (1 - SKIP_WIDTH * len(skipped))
    knots: list[tuple[int, float]] = []
    skip_pieces: list[int] = []
    skips: list[Skip] = []
    position = 0.0
    for n, ((start, end), share) in enumerate(zip(segments, shares)):
        pad = max(1, round(SEGMENT_PAD * (end - start)))
        if n > 0:
            skip_pieces.append(len(knots) - 1)
            gap_first, gap_end = skipped[n - 1]
            skips.append(
                Skip(
                    dt.date.fromordinal(int(gap_first)),
                    dt.date.fromordinal(int(gap_end) - 1),
                    knots[-1][1],
                    position,
                )
            )
        knots.append((math.floor(start) - pad, round(position, 6)))
        position += drawn * share
        knots.append((math.ceil(end) + pad, round(position, 6)))
        position += AXIS_UNITS * SKIP_WIDTH
    spans = tuple((math.floor(start), math.ceil(end) - 1) for start, end in segments)
    return TimeAxis(tuple(knots), tuple(skips), tuple(skip_pieces), spans)


def _at_least(shares: list[float], least: float) -> list[float]:
    """Shares that sum to 1, none below ``least``: the small ones raised, the others scaled down to make room."""
    total = sum(shares)
    shares = [share / total for share in shares]
    fixed: set[int] = set()
    while True:
        small = [i for i, share in enumerate(shares) if share < least - 1e-9 and i not in fixed]
        if not small:
            return shares
        fixed.update(small)
        free = 1 - least * len(fixed)
        rest = sum(share for i, share in enumerate(shares) if i not in fixed)
        shares = [least if i in fixed else share * free / rest for i, share in enumerate(shares)]


# --- rows ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Something to place in a lane: a mark over the days it is drawn, and the label beside it, if any."""

    lane: str
    start: float
    end: float
    """The days it is drawn over (ordinals: first day, day after the last), its fading ends included."""
    centre: float
    """Where its mark sits (an ordinal with a fraction)."""
    label: str | None = None


@dataclass(frozen=True)
class Slot:
    """Where an item goes: its row in its lane (0 is the top row), and its label's side and lines."""

    row: int
    side: Side | None
    lines: tuple[str, ...]


def label_lines(text: str, room: float) -> tuple[str, ...]:
    """A label in at most :data:`LABEL_LINES` lines that fit ``room`` pixels (and :data:`LABEL_LINE` characters);
    what does not fit ends in an ellipsis (the hover text and the reading order give it whole)."""
    chars = max(8, min(LABEL_LINE, int(room // LABEL_CHAR)))
    lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        rest = " ".join(lines[LABEL_LINES - 1 :])
        lines = lines[: LABEL_LINES - 1] + [rest[: chars - 1].rstrip() + "…"]
    return tuple(lines)


def _label_width(lines: tuple[str, ...]) -> float:
    return max(len(line) for line in lines) * LABEL_CHAR


def place(items: Sequence[Item], axis: TimeAxis, width: float = REFERENCE_WIDTH) -> list[Slot]:
    """A slot for each item (in the order given): first fit, in the order of their dates, so that in each row
    of a lane no two marks, bars or labels come within :data:`SPACING` pixels at ``width``."""
    rows: dict[str, list[list[tuple[float, float]]]] = {}
    slots: list[Slot | None] = [None] * len(items)

    def pixel(day: float) -> float:
        return axis.pixel(axis.at(day), width)

    order = sorted(range(len(items)), key=lambda i: (items[i].lane, pixel(items[i].start), items[i].centre, i))
    for i in order:
        item = items[i]
        centre = pixel(item.centre)
        body = (min(pixel(item.start), centre - MARK_ROOM), max(pixel(item.end), centre + MARK_ROOM))
        options: list[tuple[Side | None, tuple[str, ...], tuple[float, float]]] = []
        if item.label is None:
            options.append((None, (), body))
        else:
            rooms: dict[Side, float] = {"right": width - (centre + MARK_ROOM + SPACING), "left": centre - MARK_ROOM - SPACING}
            ranked: list[tuple[bool, bool, Side, tuple[str, ...]]] = []
            for side, room in rooms.items():
                lines = label_lines(item.label, room)
                whole = not lines[-1].endswith("…")
                # A whole label first, then on the right (where one reads on), unless the right is cramped.
                ranked.append((not whole, side != "right" and rooms["right"] >= 12 * LABEL_CHAR, side, lines))
            for _, _, side, lines in sorted(ranked, key=lambda option: option[:2]):
                reach = _label_width(lines)
                if side == "right":
                    options.append(("right", lines, (body[0], max(body[1], centre + MARK_ROOM + SPACING + reach))))
                else:
                    options.append(("left", lines, (min(body[0], centre - MARK_ROOM - SPACING - reach), body[1])))
        # A label inside the plot (one side always has room for one, wrapped to fit).
        inside = [option for option in options if _outside(option[2], width) == 0] or options
        lane = rows.setdefault(item.lane, [])
        for number in range(len(lane) + 1):
            if number == len(lane):
                lane.append([])
            taken = lane[number]
            fitting = [option for option in inside if _free(taken, option[2])]
            if fitting:
                label_side, label, box = fitting[0]
                taken.append(box)
                slots[i] = Slot(number, label_side, label)
                break
    return [slot for slot in slots if slot is not None]


def _free(taken: list[tuple[float, float]], box: tuple[float, float]) -> bool:
    return all(box[0] >= end + SPACING or box[1] <= start - SPACING for start, end in taken)


def _outside(box: tuple[float, float], width: float) -> float:
    return max(0.0, -box[0]) + max(0.0, box[1] - width)
