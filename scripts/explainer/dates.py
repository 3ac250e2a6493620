"""Historical dates in EDTF (ISO 8601-2) notation that keep their precision.

"August 2019" stays a month: it is never turned into "1 August 2019". A date
knows its bounds (the first and last day it may mean), whether it is
approximate (``~``) or uncertain (``?``), and how to say itself in English.
The common forms (a day, a month, a year, with their qualifiers, alone or as
an interval) are read directly; every other form goes to the maintained
``edtf`` package, whose errors are rewritten into messages an editor can act
on. A test checks that both readings agree on the common forms.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "month", "year"]

EDTF_HELP = (
    "write a date in EDTF: 2017-04-07 (a day), 2019-08 (a month), 2015 (a year),"
    " 2017-05-04/2017-05-05 (a range), 2020-01-28~ (approximate), 2020-01-28? (uncertain)"
)

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class DateError(ValueError):
    """A date that cannot be read; the message says what to write instead."""


@dataclass(frozen=True, order=True)
class Point:
    """One end of a date: a year, a month or a day, possibly approximate or uncertain."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def lower(self) -> dt.date:
        """The first day this point may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> dt.date:
        """The last day this point may mean."""
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def words(self, *, with_year: bool = True, with_month: bool = True) -> str:
        """English words for this point, without its approximation mark."""
        pieces = []
        if self.day is not None:
            pieces.append(str(self.day))
        if self.month is not None and with_month:
            pieces.append(MONTHS[self.month - 1])
        if with_year:
            pieces.append(str(self.year))
        return " ".join(pieces)


@dataclass(frozen=True)
class HistoricalDate:
    """A date as precise as it is known: a single point, or a range from ``start`` to ``end``."""

    text: str
    start: Point
    end: Point | None = None

    @property
    def is_range(self) -> bool:
        return self.end is not None

    @property
    def last(self) -> Point:
        return self.end if self.end is not None else self.start

    @property
    def lower(self) -> dt.date:
        """First day the date may mean."""
        return self.start.lower

    @property
    def upper(self) -> dt.date:
        """Last day the date may mean."""
        return self.last.upper

    @property
    def precision(self) -> Precision | Literal["range"]:
        return "range" if self.end is not None else self.start.precision

    @property
    def approximate(self) -> bool:
        return self.start.approximate or (self.end is not None and self.end.approximate)

    @property
    def uncertain(self) -> bool:
        return self.start.uncertain or (self.end is not None and self.end.uncertain)

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        return (self.lower, self.upper, self.text)

    @property
    def year(self) -> int:
        return self.start.year

    def __str__(self) -> str:
        return self.text

    def human(self) -> str:
        """The date in English words, as precise as it is known: "August 2019", "4–5 May 2017"."""
        start, end = self.start, self.end
        if end is None:
            return _mark(start, start.words())
        if start.approximate or start.uncertain or end.approximate or end.uncertain:
            return f"{_mark(start, start.words())} – {_mark(end, end.words())}"
        if start.precision == end.precision == "day" and start.year == end.year:
            if start.month == end.month:
                return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"  # type: ignore[index,operator]
            return f"{start.words(with_year=False)} – {end.words()}"
        if start.precision == end.precision == "month" and start.year == end.year:
            return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {end.year}"  # type: ignore[index,operator]
        return f"{start.words()} – {end.words()}"


def _mark(point: Point, words: str) -> str:
    if point.approximate and point.uncertain:
        return f"about {words} (uncertain)"
    if point.approximate:
        return f"about {words}"
    if point.uncertain:
        return f"{words} (uncertain)"
    return words


def _point(node: object, text: str) -> Point:
    """One end of a date as the edtf package parsed it."""
    from edtf.parser.parser_classes import Date as _EdtfDate, UncertainOrApproximate as _EdtfUA

    approximate = uncertain = False
    if isinstance(node, _EdtfUA):
        approximate = bool(node.is_approximate or node.is_uncertain_and_approximate)
        uncertain = bool(node.is_uncertain or node.is_uncertain_and_approximate)
        node = node.date
    if type(node) is not _EdtfDate:
        raise DateError(
            f"'{text}' uses an EDTF form this site does not support (unspecified digits, seasons or open ends);"
            f" {EDTF_HELP}"
        )
    if node.year.startswith("-"):
        raise DateError(f"'{text}': years before year 1 are not supported; {EDTF_HELP}")
    return _valid_point(int(node.year), node.month and int(node.month), node.day and int(node.day), approximate, uncertain, text)


def _valid_point(year: int, month: int | None, day: int | None, approximate: bool, uncertain: bool, text: str) -> Point:
    """A point, once its year, month and day are known to exist (the edtf package accepts 2021-02-29)."""
    if year < 1:
        raise DateError(f"'{text}': years before year 1 are not supported; {EDTF_HELP}")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a valid EDTF date; {EDTF_HELP}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
        raise DateError(f"'{text}' is not a valid EDTF date; {EDTF_HELP}")
    return Point(year=year, month=month, day=day, approximate=approximate, uncertain=uncertain)


# The forms editors write nearly always: a day, a month or a year, perhaps with ~ ? or %,
# alone or as the two ends of an interval. They are read here directly (the edtf
# package's parser takes some milliseconds a date); anything else goes to edtf.
_POINT = r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)"
_COMMON = re.compile(rf"^{_POINT}(?:/{_POINT})?$")


def _common_point(year: str, month: str | None, day: str | None, mark: str, text: str) -> Point:
    return _valid_point(
        int(year), int(month) if month else None, int(day) if day else None, mark in ("~", "%"), mark in ("?", "%"), text
    )


def _checked_range(text: str, start: Point, end: Point) -> HistoricalDate:
    if end.upper < start.lower:
        raise DateError(
            f"the range '{text}' ends ({end.words()}) before it starts ({start.words()}); write the earlier date first"
        )
    return HistoricalDate(text=text, start=start, end=end)


@lru_cache(maxsize=65536)
def parse_date(text: str) -> HistoricalDate:
    """Parse an EDTF date; raise :class:`DateError` with a readable message when it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise DateError(f"a date is required; {EDTF_HELP}")
    text = text.strip()
    common = _COMMON.match(text)
    if common:
        groups = common.groups()
        start = _common_point(*groups[:4], text)
        if groups[4] is None:
            return HistoricalDate(text=text, start=start)
        return _checked_range(text, start, _common_point(*groups[4:], text))
    return _parse_with_edtf(text)


def _parse_with_edtf(text: str) -> HistoricalDate:
    import edtf
    from edtf.parser.parser_classes import Interval as _EdtfInterval, Level1Interval as _EdtfLevel1Interval

    try:
        node = edtf.parse_edtf(text)
    except Exception as error:  # the edtf package raises several types; all mean "not EDTF"
        raise DateError(f"'{text}' is not a valid EDTF date; {EDTF_HELP}") from error
    if isinstance(node, (_EdtfInterval, _EdtfLevel1Interval)):
        return _checked_range(text, _point(node.lower, text), _point(node.upper, text))
    return HistoricalDate(text=text, start=_point(node, text))


def days_between(earlier: dt.date, later: dt.date) -> int:
    return (later - earlier).days
