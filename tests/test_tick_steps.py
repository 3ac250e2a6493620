"""Tick steps rejected early (by counting at most as many days as labels could fit, month by month) give exactly
the ticks of the full search that walks every day of every step: compared with that search, kept here as it was,
over many random axes, widths and zooms, in two languages."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Sequence

import pytest

from explainer import timelinelayout
from explainer.i18n import words
from explainer.timelinelayout import STEPS, TICK_SPACING, Tick, build_axis


def _reference_tick_days(unit: str, step: int, first: dt.date, last: dt.date) -> list[dt.date]:
    """The full walk: every year, every month, every day from ``first`` to ``last`` (up to 401 days)."""
    days: list[dt.date] = []
    if unit == "year":
        year = first.year + (-first.year) % step
        while year <= last.year:
            day = dt.date(year, 1, 1)
            if first <= day <= last:
                days.append(day)
            year += step
    elif unit == "month":
        month = first.year * 12 + first.month - 1
        while month <= last.year * 12 + last.month - 1:
            year, index = divmod(month, 12)
            if index % step == 0:
                day = dt.date(year, index + 1, 1)
                if first <= day <= last:
                    days.append(day)
            month += 1
    else:
        day = first
        while day <= last:
            following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
            length = (following - dt.date(day.year, day.month, 1)).days
            if (day.day - 1) % step == 0 and length - day.day >= step / 2:
                days.append(day)
            day += dt.timedelta(days=1)
            if len(days) > 400:
                break
    return days


def _reference_segment_ticks(
    first_day: float,
    last_day: float,
    left: float,
    right: float,
    at: Callable[[float], float],
    pixel: Callable[[float], float],
    months: Sequence[str],
) -> list[tuple[float, float, Tick]]:
    return _reference_step_and_ticks(first_day, last_day, left, right, at, pixel, months)[1]


def _reference_step_and_ticks(
    first_day: float,
    last_day: float,
    left: float,
    right: float,
    at: Callable[[float], float],
    pixel: Callable[[float], float],
    months: Sequence[str],
) -> tuple[tuple[str, int] | None, list[tuple[float, float, Tick]]]:
    """Every step, finest first, placed in full and checked: the first that fits, and its ticks."""
    first = dt.date.fromordinal(math.ceil(first_day))
    last = dt.date.fromordinal(max(math.ceil(first_day), math.ceil(last_day) - 1))
    for unit, step in STEPS:
        days = _reference_tick_days(unit, step, first, last)
        if not days or len(days) > 400:
            continue
        placed = []
        for n, day in enumerate(days):
            label = timelinelayout._tick_label(unit, day, n == 0, months)
            value = at(day.toordinal())
            x = pixel(value)
            half = timelinelayout._tick_width(label) / 2
            placed.append((x - half, x + half, Tick(round(value, 3), label)))
        inside = all(a >= left and b <= right for a, b, _ in placed)
        apart = all(placed[i + 1][0] - placed[i][1] >= TICK_SPACING for i in range(len(placed) - 1))
        if inside and apart:
            return (unit, step), placed
    return None, []


def _random_extents(rng: random.Random) -> list[tuple[float, float]]:
    """Events over a span of a few days to a few centuries, in clusters (so that some stretches are skipped)."""
    start = dt.date(rng.randint(1, 2100), rng.randint(1, 12), rng.randint(1, 28)).toordinal()
    span = rng.choice([3, 20, 60, 200, 500, 1500, 5000, 20000, 80000])
    extents = []
    for _ in range(rng.randint(1, 4)):
        centre = start + rng.uniform(0, span)
        for _ in range(rng.randint(1, 6)):
            first = centre + rng.uniform(0, span / 10)
            extents.append((math.floor(first), math.floor(first) + rng.choice([1, 1, 2, 30])))
    return extents


#: Months' names: abbreviated, wide, and (as no language has, but the bound must allow) some empty.
MONTH_NAMES = {
    "abbreviated": words("en").month_names("abbreviated"),
    "wide": words("en").month_names("wide"),
    "some empty": ("", "F", "", "Apr", "", "", "July", "", "", "", "Nov", ""),
}


@pytest.mark.parametrize("names", sorted(MONTH_NAMES))
def test_early_rejection_gives_the_full_searchs_ticks(names: str, monkeypatch: pytest.MonkeyPatch) -> None:
    months = MONTH_NAMES[names]
    rng = random.Random(12)
    cases = 0
    for _ in range(80):
        axis = build_axis(_random_extents(rng), [])
        low, high = axis.range
        for width in (rng.uniform(5, 120), rng.uniform(120, 700), rng.uniform(700, 3000)):
            view = None
            if rng.random() < 0.4:  # zoomed in on part of the axis
                a, b = sorted((rng.uniform(low, high), rng.uniform(low, high)))
                view = (a, max(b, a + 0.5))
            monkeypatch.setattr(timelinelayout, "_segment_ticks", _reference_segment_ticks)
            expected = axis.ticks(width, view, months=months)
            monkeypatch.undo()
            assert axis.ticks(width, view, months=months) == expected, (axis, width, view)
            cases += 1
    assert cases == 240


@pytest.mark.parametrize("names", sorted(MONTH_NAMES))
def test_every_step_wins_somewhere(names: str) -> None:
    """Segments of random lengths and widths, each compared with the full search: every step is the finest that
    fits for some of them, and some fit none."""
    months = MONTH_NAMES[names]
    rng = random.Random(3)
    winners: set[tuple[str, int] | None] = set()
    for _ in range(250):
        first = rng.randint(dt.date(1, 1, 1).toordinal(), dt.date(2200, 1, 1).toordinal()) + rng.random()
        days = rng.choice([1, 2, 10, 40, 100, 400, 1000, 3000, 10000, 40000, 100000, 300000])
        left = rng.uniform(0, 100)
        right = left + rng.uniform(5, 2000)

        def at(day: float) -> float:
            return day - first  # noqa: B023 (used within the iteration)

        def pixel(value: float) -> float:
            return left + value * (right - left) / days  # noqa: B023

        step, expected = _reference_step_and_ticks(first, first + days, left, right, at, pixel, months)
        assert timelinelayout._segment_ticks(first, first + days, left, right, at, pixel, months) == expected
        winners.add(step)
    assert winners == {*STEPS, None}


def test_a_long_segment_counts_no_more_days_than_could_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A segment of five centuries on a wide chart: each step is rejected after counting at most one day more
    than its labels could fit (the full walk counted up to 400 days for each of the day and month steps)."""
    months = words("en").month_names("abbreviated")
    first, last = dt.date(1500, 1, 1).toordinal(), dt.date(2000, 1, 1).toordinal()
    counted: list[tuple[int, int]] = []
    tick_days = timelinelayout._tick_days

    def counting(unit: str, step: int, start: dt.date, end: dt.date, most: int = timelinelayout.MOST_TICKS) -> list[dt.date]:
        found = tick_days(unit, step, start, end, most)
        counted.append((len(found), most))
        return found

    monkeypatch.setattr(timelinelayout, "_tick_days", counting)
    placed = timelinelayout._segment_ticks(first, last, -20.0, 660.0, lambda d: d - first, lambda v: v * 640 / (last - first), months)
    assert [tick.label for _, _, tick in placed] == ["1500", "1550", "1600", "1650", "1700", "1750", "1800", "1850", "1900", "1950"]
    assert counted and all(found <= most + 1 for found, most in counted), counted
    assert max(most for _, most in counted) < 100  # what 680 pixels can hold, far fewer than the walk's 400
