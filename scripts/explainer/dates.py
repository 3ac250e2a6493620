"""Historical dates in EDTF (ISO 8601-2) notation that keep their precision.

"August 2019" stays a month: it is never turned into "1 August 2019". A date
knows its bounds (the first and last day it may mean), whether it is
approximate (``~``) or uncertain (``?``), which of its digits the source leaves
unspecified (``196X``, ``2019-XX``), whether an interval's end is open (still
going when it was reported: ``2019-04/..``) or unknown (``2019-04/``), and how
to say all of it in words: in the site's language, through its catalogue
(:mod:`explainer.i18n`: each form a message, the months' names Babel's), English
when no language is given.

The site reads EDTF level 1 as editors need it, with its own small reader
(the ``edtf`` package takes milliseconds a date, and prints to standard output
on some inputs): days, months, years, intervals, the qualifiers ``~ ? %``,
unspecified digits and open or unknown ends. What the reader refuses is
explained in the editor's terms ("30 February 2020 does not exist"); a form
that is valid EDTF but that the site does not show (seasons, level 2) is told
apart from a typing mistake with the ``edtf`` package. A test checks that the
site's reading and the ``edtf`` package's agree on every accepted form.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .buildmemo import table
from .i18n import Words
from .i18n import words as words_of

Precision = Literal["day", "month", "year", "decade", "century"]
"""How precisely a point is known: the unit its bounds span."""

Edge = Literal["open", "unknown"]
"""An interval's end that is not a date: ``open`` (``..``, still going, or going back
indefinitely) or ``unknown`` (left empty: the sources do not say)."""

EDTF_HELP = (
    "write a date in EDTF: 2017-04-07 (a day), 2019-08 (a month), 2015 (a year),"
    " 2017-05-04/2017-05-05 (a range), 2020-01-28~ (approximate), 2020-01-28? (uncertain)"
)
EDTF_LEVEL1_HELP = (
    "2019-04/.. (from April 2019, still going when the source was published), 2019-04/ (from April 2019, end not"
    " reported), ../2019-04 or /2019-04 (until April 2019, start open or not reported), 196X (the 1960s),"
    " 2019-XX (some month of 2019), 2019-04-XX (some day in April 2019)"
)
"""The forms beyond the everyday ones, for the schema's description and for messages about them."""

#: The months' names in English, for reading editors' English prose (:mod:`explainer.prosedates`); the site
#: writes dates with its language's names (:meth:`explainer.i18n.Words.month_names`).
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

SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


class DateError(ValueError):
    """A date that cannot be read; the message says what to write instead."""


@dataclass(frozen=True, order=True)
class Point:
    """One end of a date: a day, a month, a year, a decade or a century, possibly approximate or uncertain.

    ``year`` is the first year it may mean: 1960 for ``196X``. ``unspecified`` names the unit the
    source gives but the date leaves out: ``"month"`` for ``2019-XX`` (some month of 2019), ``"day"``
    for ``2019-04-XX`` (some day in April 2019) and ``2019-XX-XX``; ``"year"`` for ``196X`` and ``19XX``.
    """

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False
    unspecified: Literal["year", "month", "day"] | None = None
    years: int = 1
    """How many years the year stands for: 1, or 10 for ``196X``, 100 for ``19XX``."""

    @property
    def precision(self) -> Precision:
        """The unit of what is known (``2019-04-XX`` is known to the month)."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        by_years: dict[int, Precision] = {1: "year", 10: "decade", 100: "century"}
        return by_years[self.years]

    @property
    def vague(self) -> bool:
        """Approximate, uncertain, or with digits left unspecified: drawn open or hatched on charts."""
        return self.approximate or self.uncertain or self.unspecified is not None

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
        return dt.date(self.year + self.years - 1, 12, 31)

    def iso(self) -> str:
        """The point in ISO 8601 as precise as it is known: 2019-08, 2019, 196 (a decade: ISO's reduced form)."""
        if self.years != 1:
            return f"{self.year:04d}"[: 4 - len(str(self.years)) + 1]
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def words(self, *, with_year: bool = True, lang: Words | None = None) -> str:
        """This point in words (``lang``'s, English by default), without its approximation mark."""
        w = lang or words_of()
        if self.unspecified == "year":
            if self.years == 10:
                return w.gettext("the %(decade)ss", decade=self.year)
            return w.gettext("some year from %(first)s to %(last)s", first=self.year, last=self.year + self.years - 1)
        if self.unspecified == "month":
            return w.gettext("some month of %(year)s", year=self.year)
        if self.unspecified == "day":
            if self.month:
                return w.gettext("some day in %(month)s %(year)s", month=month_name(w, self.month), year=self.year)
            return w.gettext("some day of %(year)s", year=self.year)
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return w.gettext("%(month)s %(year)s", month=month_name(w, self.month, alone=True), year=self.year)
        if not with_year:
            return w.gettext("%(day)s %(month)s", day=self.day, month=month_name(w, self.month))
        return w.gettext("%(day)s %(month)s %(year)s", day=self.day, month=month_name(w, self.month), year=self.year)

    @property
    def plain(self) -> bool:
        """Neither approximate, uncertain nor unspecified: its words can be shortened in a range."""
        return not self.vague


@dataclass(frozen=True)
class Report:
    """Who reported an open-ended date as still going, and when: the end of what is known of it."""

    publisher: str
    published: HistoricalDate


@dataclass(frozen=True)
class HistoricalDate:
    """A date as precise as it is known: one point, or an interval from ``start`` to ``end``.

    An interval's start or end may be open (``..``) or unknown (empty) instead of a point: then
    ``start`` (or ``end``) is None and ``start_edge`` (or ``end_edge``) says which.
    """

    text: str
    start: Point | None
    end: Point | None = None
    start_edge: Edge | None = None
    end_edge: Edge | None = None

    @property
    def is_range(self) -> bool:
        return self.end is not None or self.start_edge is not None or self.end_edge is not None

    @property
    def first(self) -> Point:
        """The first point the date gives: its start, or its end when the start is open or unknown.

        The date is filed under it (its year's and month's pages)."""
        point = self.start or self.end
        assert point is not None  # the reader refuses a date with neither
        return point

    @property
    def last(self) -> Point:
        """The last point the date gives: its end, or its start when the end is open, unknown or absent."""
        point = self.end or self.start
        assert point is not None
        return point

    @property
    def lower(self) -> dt.date:
        """The first day the date may mean; for an open or unknown start, the first day of its end
        (the earliest day it is known to cover)."""
        return self.first.lower

    @property
    def upper(self) -> dt.date:
        """The last day the date may mean; for an open or unknown end, the last day of its start (the
        latest day it is known to cover without a report: see :meth:`reach`)."""
        return self.last.upper

    def reach(self, report: Report | None) -> dt.date:
        """The last day the date is known to cover: for an open end (still going when reported), the day
        its report was published, when that is later; otherwise :attr:`upper`."""
        if self.end_edge == "open" and report is not None:
            return max(self.upper, report.published.upper)
        return self.upper

    @property
    def open_start(self) -> bool:
        return self.start_edge is not None

    @property
    def open_end(self) -> bool:
        return self.end_edge is not None

    @property
    def precision(self) -> Precision | Literal["range"]:
        return "range" if self.is_range else self.first.precision

    def precision_label(self) -> str:
        """Precision for a data download: ``day``, ``month``, …; for an interval each end's, joined by a slash,
        an open end ``open`` and an unknown one ``unknown`` (as EDTF writes them: ``month/open``)."""
        if not self.is_range:
            return self.first.precision
        start = self.start.precision if self.start else self.start_edge
        end = self.end.precision if self.end else self.end_edge
        return f"{start}/{end}"

    @property
    def approximate(self) -> bool:
        return any(point.approximate for point in self.points)

    @property
    def uncertain(self) -> bool:
        return any(point.uncertain for point in self.points)

    @property
    def unspecified(self) -> bool:
        """Whether the source leaves some of its digits unspecified (``196X``, ``2019-XX``)."""
        return any(point.unspecified is not None for point in self.points)

    @property
    def vague(self) -> bool:
        """Approximate, uncertain or unspecified at either end: its marks are drawn open or hatched."""
        return any(point.vague for point in self.points)

    @property
    def points(self) -> tuple[Point, ...]:
        return tuple(point for point in (self.start, self.end) if point is not None)

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        """Oldest first; of two dates that start together, the shorter first, and one still going last."""
        return (self.lower, dt.date.max if self.open_end else self.upper, self.text)

    @property
    def year(self) -> int:
        """The year the date is filed under: that of its first point."""
        return self.first.year

    def iso_bounds(self) -> tuple[str, str]:
        """First and last day the date may mean, as ISO 8601 days; empty for an open or unknown end."""
        return ("" if self.open_start else self.lower.isoformat(), "" if self.open_end else self.upper.isoformat())

    def machine_value(self) -> str | None:
        """A value for an HTML ``<time datetime>``: a single plain day, month or year; None otherwise."""
        if self.is_range or self.vague or self.first.years != 1:
            return None
        return self.first.iso()

    def __str__(self) -> str:
        return self.text

    def human(self, report: Report | None = None, *, lang: Words | None = None) -> str:
        """The date in words (``lang``'s, English by default), as precise as it is known: "August 2019", "4–5
        May 2017", "from April 2019, still going on 10 March 2020 according to The Herald" (an open
        end, with the report that saw it going), "from April 2019 (ongoing)" (the same without one)."""
        return " ".join(self.human_lines(report, lang=lang))

    def human_lines(self, report: Report | None = None, *, lang: Words | None = None) -> list[str]:
        """The date in words as :meth:`human` gives it, in the lines a label that does not wrap shows: one, or for
        an open end seen still going, two ("from April 2019,", "still going on 10 March 2020 according to
        The Herald"). :meth:`human` joins them with a space."""
        w = lang or words_of()
        # Worked out once per date, report and language in a build: a large site shows the same dates hundreds of
        # thousands of times. (Keyed by the language's identity, which the build keeps, rather than by hashing it.)
        memo = table("human_lines")
        if memo is None:
            return self._human_lines(report, w)
        key = (self, report, id(w))
        found = memo.get(key)
        if found is None:
            found = memo[key] = tuple(self._human_lines(report, w))
        return list(found)

    def _human_lines(self, report: Report | None, w: Words) -> list[str]:
        start, end = self.start, self.end
        if not self.is_range:
            assert start is not None
            return [point_words(start, w)]
        if start is None:
            assert end is not None
            if self.start_edge == "open":
                return [w.gettext("until %(date)s (start open)", date=point_words(end, w))]
            return [w.gettext("until %(date)s; start not reported", date=point_words(end, w))]
        if end is None:
            if self.end_edge == "open":
                if report is not None:
                    return [
                        w.gettext("from %(date)s,", date=point_words(start, w)),
                        w.gettext(
                            "still going on %(date)s according to %(publisher)s",
                            date=report.published.human(lang=w),
                            publisher=report.publisher,
                        ),
                    ]
                return [w.gettext("from %(date)s (ongoing)", date=point_words(start, w))]
            return [w.gettext("from %(date)s; end not reported", date=point_words(start, w))]
        if not (start.plain and end.plain):
            return [w.gettext("%(start)s – %(end)s", start=point_words(start, w), end=point_words(end, w))]
        if start.precision == end.precision == "day" and start.year == end.year:
            assert start.month is not None and end.month is not None
            if start.month == end.month:
                return [
                    w.gettext(
                        "%(first)s–%(last)s %(month)s %(year)s", first=start.day, last=end.day, month=month_name(w, end.month), year=end.year
                    )
                ]
            return [w.gettext("%(start)s – %(end)s", start=start.words(with_year=False, lang=w), end=end.words(lang=w))]
        if start.precision == end.precision == "month" and start.year == end.year:
            assert start.month is not None and end.month is not None
            return [
                w.gettext(
                    "%(first)s–%(last)s %(year)s",
                    first=month_name(w, start.month, alone=True),
                    last=month_name(w, end.month, alone=True),
                    year=end.year,
                )
            ]
        return [w.gettext("%(start)s – %(end)s", start=start.words(lang=w), end=end.words(lang=w))]


def month_name(lang: Words, month: int, *, alone: bool = False) -> str:
    """A month's name (1 to 12) in ``lang``: as a date writes it ("4 March 2020"), or ``alone`` ("March 2020")."""
    return lang.month_names(context="stand-alone" if alone else "format")[month - 1]


def point_words(point: Point, lang: Words | None = None) -> str:
    """A point in words with its approximation marks: "about August 2019", "some month of 2019 (uncertain)"."""
    w = lang or words_of()
    words = point.words(lang=w)
    if point.approximate and point.uncertain:
        if point.unspecified:
            return w.gettext("%(date)s (approximate, uncertain)", date=words)
        return w.gettext("about %(date)s (uncertain)", date=words)
    if point.approximate:
        return w.gettext("%(date)s (approximate)", date=words) if point.unspecified else w.gettext("about %(date)s", date=words)
    if point.uncertain:
        return w.gettext("%(date)s (uncertain)", date=words)
    return words


# --- reading ------------------------------------------------------------------------------

# One point: a year (its last one or two digits may be X), then a month and a day (either may be XX),
# then a qualifier. Which combinations EDTF allows is checked after the match, with a message.
_POINT = r"(\d{4}|\d{3}X|\d{2}XX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([~?%]?)"
_POINT_RE = re.compile(rf"^{_POINT}$")
_EDGES: dict[str, Edge] = {"..": "open", "": "unknown"}


def _valid_point(year_text: str, month_text: str | None, day_text: str | None, mark: str, text: str) -> Point:
    """A point, once its year, month and day are known to exist, in words an editor can act on."""
    approximate, uncertain = mark in ("~", "%"), mark in ("?", "%")
    years = 10 ** year_text.count("X")
    year = int(year_text.replace("X", "0"))
    if year < 1:
        raise DateError(f"'{text}': years before year 1 are not supported; {EDTF_HELP}")
    if years != 1:
        if month_text is not None:
            raise DateError(
                f"'{text}': a year with unspecified digits ({year_text}) cannot have a month; write {year_text} alone,"
                f" or the year in full with the month"
            )
        return Point(year, approximate=approximate, uncertain=uncertain, unspecified="year", years=years)
    if month_text is None:
        return Point(year, approximate=approximate, uncertain=uncertain)
    if month_text == "XX":
        if day_text is not None and day_text != "XX":
            raise DateError(
                f"'{text}': a day ({day_text}) in an unspecified month cannot be shown; write {year_text}-XX-XX"
                f" (some day of {year}) or give the month"
            )
        unspecified: Literal["month", "day"] = "day" if day_text == "XX" else "month"
        return Point(year, approximate=approximate, uncertain=uncertain, unspecified=unspecified)
    month = int(month_text)
    if month in SEASONS:
        raise DateError(
            f"'{text}' is a season in EDTF ({SEASONS[month]} {year}); this site does not show seasons, whose months"
            f" differ between hemispheres: write the months the source means, such as {year}-03/{year}-05"
        )
    if not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a valid EDTF date: there is no month {month_text}; write the month as 01 to 12")
    if day_text is None:
        return Point(year, month, approximate=approximate, uncertain=uncertain)
    if day_text == "XX":
        return Point(year, month, approximate=approximate, uncertain=uncertain, unspecified="day")
    day = int(day_text)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = f"{MONTHS[month - 1]} {year}"
        if day < 1:
            raise DateError(f"'{text}': there is no day {day_text}; write the day as 01 to {days}")
        reason = f"{name} has {days} days" + (f" ({year} is not a leap year)" if month == 2 and days == 28 else "")
        raise DateError(f"'{text}': {day} {name} does not exist; {reason}")
    return Point(year, month, day, approximate, uncertain)


def _read_point(part: str, text: str) -> Point | None:
    match = _POINT_RE.match(part)
    if match is None:
        return None
    year_text, month_text, day_text, mark = match.groups()
    return _valid_point(year_text, month_text, day_text, mark, text)


def _checked_range(text: str, start: Point | None, end: Point | None, start_edge: Edge | None, end_edge: Edge | None) -> HistoricalDate:
    if start is None and end is None:
        raise DateError(f"'{text}' gives no date at either end; write at least one, such as 2019-04/..")
    if start is not None and end is not None and end.upper < start.lower:
        raise DateError(
            f"the range '{text}' ends ({end.words()}) before it starts ({start.words()}); write the earlier date first"
        )
    return HistoricalDate(text=text, start=start, end=end, start_edge=start_edge, end_edge=end_edge)


@lru_cache(maxsize=65536)
def parse_date(text: str) -> HistoricalDate:
    """Parse an EDTF date; raise :class:`DateError` with a readable message when it is not one the site shows."""
    if not isinstance(text, str) or not text.strip():
        raise DateError(f"a date is required; {EDTF_HELP}")
    text = text.strip()
    if text.count("/") == 1:
        left, right = text.split("/")
        ends: list[tuple[Point | None, Edge | None]] = []
        for part in (left, right):
            if part in _EDGES:
                ends.append((None, _EDGES[part]))
                continue
            point = _read_point(part, text)
            if point is None:
                raise _unreadable(text)
            ends.append((point, None))
        (start, start_edge), (end, end_edge) = ends
        return _checked_range(text, start, end, start_edge, end_edge)
    point = _read_point(text, text)
    if point is None:
        raise _unreadable(text)
    return HistoricalDate(text=text, start=point)


def _unreadable(text: str) -> DateError:
    """Why a text the reader does not accept is refused, as precisely as can be said."""
    if re.fullmatch(r"[\dXxu\-~?%/.]+", text) and ("u" in text or "x" in text):
        fixed = text.replace("u", "X").replace("x", "X")
        old = " (the 'u' of an old EDTF draft)" if "u" in text else ""
        return DateError(f"'{text}': write an unspecified digit as a capital X{old}: {fixed}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", text):
        return DateError(f"'{text}' has a time of day; this site dates to the day: write {text[:10]}")
    if re.fullmatch(r"-\d{4}.*", text):
        return DateError(f"'{text}': years before year 1 are not supported; {EDTF_HELP}")
    if re.fullmatch(r"Y-?\d{5,}.*|\d{5,}", text):
        return DateError(f"'{text}': years after 9999 are not supported; {EDTF_HELP}")
    if len(text) <= MAX_EDTF_LENGTH and _is_edtf(text):
        return DateError(
            f"'{text}' is EDTF beyond what this site shows (such as a set of dates, or a qualifier or X inside a"
            f" date); {EDTF_HELP}, or {EDTF_LEVEL1_HELP}"
        )
    shown = text if len(text) <= MAX_EDTF_LENGTH else text[:MAX_EDTF_LENGTH] + "…"
    return DateError(f"'{shown}' is not a valid EDTF date; {EDTF_HELP}")


#: Longer than any EDTF date this site could show: the edtf package's parser is not asked about such a text.
MAX_EDTF_LENGTH = 64


def _is_edtf(text: str) -> bool:
    """Whether the ``edtf`` package reads the text (it prints to standard output on some inputs: kept quiet)."""
    import edtf

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            edtf.parse_edtf(text)
        except Exception:  # the edtf package raises several types; all mean "not EDTF"
            return False
    return True


def _parse_with_edtf(text: str) -> HistoricalDate:
    """The same date read by the ``edtf`` package instead: the tests compare both readings.

    Only the forms the site accepts are mapped; a text the package refuses gets the site's own
    message, so that both readings can be compared on mistakes too.
    """
    import edtf
    from edtf.parser import parser_classes as edtf_classes

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            node = edtf.parse_edtf(text)
        except Exception:
            node = None
    try:
        if node is None:
            raise _Unmapped
        if isinstance(node, (edtf_classes.Interval, edtf_classes.Level1Interval)):
            ends: list[tuple[Point | None, Edge | None]] = []
            for section in (node.lower, node.upper):
                if isinstance(section, edtf_classes.UnspecifiedIntervalSection):
                    ends.append((None, "open" if section.is_open else "unknown"))
                else:
                    ends.append((_edtf_point(section, text), None))
            (start, start_edge), (end, end_edge) = ends
            return _checked_range(text, start, end, start_edge, end_edge)
        return HistoricalDate(text=text, start=_edtf_point(node, text))
    except _Unmapped:
        return parse_date.__wrapped__(text)  # a form the site refuses: its message for it


class _Unmapped(Exception):
    """A node of the edtf package that is not one of the forms the site reads."""


def _edtf_point(node: object, text: str) -> Point:
    """One end of a date as the edtf package parsed it."""
    from edtf.parser import parser_classes as edtf_classes

    mark = ""
    if isinstance(node, edtf_classes.UncertainOrApproximate):
        mark = str(node.ua or "")
        node = node.date
    if isinstance(node, edtf_classes.Unspecified) and node._year is not None and re.fullmatch(r"\d{4}|\d{3}X|\d{2}XX", node._year):
        return _valid_point(node._year, node._month, node._day, str(node.ua or "") or mark, text)
    if type(node) is not edtf_classes.Date:
        raise _Unmapped
    return _valid_point(str(node.year), node.month, node.day, mark, text)


def days_between(earlier: dt.date, later: dt.date) -> int:
    return (later - earlier).days
