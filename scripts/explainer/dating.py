"""A record's date as the site shows it, with every marker it carries, wherever it appears.

A date the editors worked out from a relative expression ("on Saturday") and a
publication date is *inferred*, and says so in every list, table, chart, hover
text and download; an interval that was still going when it was reported
(``2019-04/..``) says who reported it going, and when. The words come from here
(:class:`Dated`) for text (chart hover, CSV, captions) and from the ``date``
macro of ``templates/pages/_macros.j2`` for HTML, which reads the same object:
templates get a date to show only through ``h.dated(record)``, never as a bare
:class:`~explainer.dates.HistoricalDate` of an event or agreement. The words are
the site's language's (:mod:`explainer.i18n`), English when none is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup, escape

from .dataset import Dataset
from .dates import HistoricalDate, Point, Report
from .i18n import Words
from .i18n import words as words_of
from .model import Agreement, DateInference, Event, Source


@dataclass(frozen=True)
class Inference:
    """How an inferred date was worked out, with its source named for readers."""

    phrase: str
    """The source's relative expression, verbatim."""
    reasoning: str
    source: str
    """Id of the source."""
    source_label: str
    """The source as readers see it cited: "Valley Gazette, 7 March 2020"."""
    lang: Words | None = field(default=None, compare=False, repr=False)
    """The site's words (English when None)."""

    @property
    def note(self) -> str:
        """The short explanation: inferred from “on Saturday” (Valley Gazette, 7 March 2020)."""
        return (self.lang or words_of()).gettext("inferred from “%(phrase)s” (%(source)s)", phrase=self.phrase, source=self.source_label)


@dataclass(frozen=True)
class Dated:
    """A date and what the site shows beside it: how it was inferred, who saw an open end still going."""

    date: HistoricalDate
    inferred: Inference | None = None
    report: Report | None = None
    """The report an open end runs to (the source the date is inferred from, or the newest that cites the record)."""
    still_going: bool = False
    """For the end of a span of dates (:meth:`Dates.span`): the day of ``report``, when a record was still going."""
    published: bool = False
    """A source's publication date (the date of the article, not of what it reports)."""
    lang: Words | None = field(default=None, compare=False, repr=False)
    """The site's words (English when None)."""
    article: bool = False
    """A statement's date that is the publication date of the article that makes it (a source that says who holds
    a place now gives no other date): its words say so, "29 January 2020 (the article's date)"."""

    @property
    def _words(self) -> Words:
        return self.lang or words_of()

    @property
    def lines(self) -> list[str]:
        """The date in words, without the inferred marker, in one line or two: "from April 2019,", "still going on
        10 March 2020 according to The Herald" (:meth:`explainer.dates.HistoricalDate.human_lines`)."""
        return list(self._lines)

    # Worked out on first use and kept (the object is immutable): a page shows a record's date many times.
    @cached_property
    def _lines(self) -> tuple[str, ...]:
        if self.still_going and self.report is not None:
            return (
                self._words.gettext("%(date)s,", date=self.date.human(lang=self._words)),
                self._words.gettext("still going according to %(publisher)s", publisher=self.report.publisher),
            )
        lines = tuple(self.date.human_lines(self.report, lang=self._words))
        if self.article:
            return (*lines[:-1], self._words.gettext("%(date)s (the article's date)", date=lines[-1]))
        return lines

    @property
    def plain_words(self) -> str:
        """The date in words alone, without "(the article's date)": for a mark's short label on a chart, whose
        hover text and data table carry the marker."""
        return " ".join(self.date.human_lines(self.report, lang=self._words)) if self.article else self.words

    @cached_property
    def words(self) -> str:
        """The date in words, without the inferred marker: "from April 2019, still going on 10 March 2020
        according to The Herald"."""
        return " ".join(self._lines)

    @cached_property
    def html_start(self) -> Markup:
        """The start of the ``date`` macro's HTML (templates/pages/_macros.j2), which adds the inferred marker and
        closes the span: the span with the classes that style the date, and its words, in a ``<time>`` when the
        date is a plain day, month or year. Made once: a large site shows each date on many pages."""
        date = self.date
        classes = "ex-date-text"
        if self.published:
            classes += " ex-date-published"
        if self.inferred:
            classes += " ex-date-inferred"
        if date.vague:
            classes += " ex-date-vague"
        if date.open_start or date.open_end:
            classes += " ex-date-open"
        machine = date.machine_value()
        words = escape(self.words)
        shown = Markup(f'<time datetime="{escape(machine)}">{words}</time>') if machine else words
        return Markup(f'<span class="{classes}">{shown}')

    @property
    def short(self) -> str:
        """The date with a short marker, for list entries, table cells and CSV: "30 November 2024 (inferred)"."""
        return self._words.gettext("%(date)s (inferred)", date=self.words) if self.inferred else self.words

    @property
    def hover(self) -> str:
        """The date for a chart's hover text: with the phrase it is inferred from."""
        return self._words.gettext("%(date)s, %(note)s", date=self.words, note=self.inferred.note) if self.inferred else self.words

    @property
    def hover_lines(self) -> list[str]:
        """The date for a chart's hover label, in short lines (a label does not wrap): "from April 2019,", "still
        going on 10 March 2020 according to The Herald", "Inferred from “Since April last year” (…)"."""
        lines = list(self.lines)
        if self.inferred is not None:
            lines.append(self.inferred.note[:1].upper() + self.inferred.note[1:])
        return lines

    @property
    def full(self) -> str:
        """The date and, when inferred, how: the phrase, its source and the editors' reasoning."""
        if self.inferred is None:
            return self.words
        return self._words.gettext(
            "%(date)s, %(note)s: %(reasoning)s", date=self.words, note=self.inferred.note, reasoning=self.inferred.reasoning
        )

    def data_cells(self) -> list[str]:
        """The date for a data download, in the order of :data:`DATA_COLUMNS`."""
        start, end = self.date.iso_bounds()
        return [start, end, self.date.precision_label(), "yes" if self.inferred else "no", self.date.text]


DATA_COLUMNS = ["Start (ISO 8601)", "End (ISO 8601)", "Precision", "Date inferred", "Date (EDTF)"]
"""Columns a chart's CSV and JSON add for each dated row: the first and last day the date may mean (empty for an
open or unknown end), its precision (day, month, year, decade, century; an interval's two ends joined by "/",
"open" or "unknown" for an end that is not a date), whether the editors inferred it, and the date as written."""


def _point_dated(point: Point, dated: Dated, still_going: bool) -> Dated:
    """One point of a record's date (or the day it was reported still going), as a date of its own that keeps the
    record's markers."""
    return Dated(HistoricalDate(text=point.iso(), start=point), dated.inferred, dated.report, still_going, lang=dated.lang)


class Dates:
    """Every record's :class:`Dated`, made once per build."""

    def __init__(self, data: Dataset):
        self._data = data
        self._cache: dict[tuple[str, str], Dated] = {}
        #: The site's words: every date is written in the topic's language.
        self.lang = words_of(data.site.language)

    def source_label(self, source_id: str) -> str:
        """How a source is cited: "The Herald, 10 March 2020"."""
        source = self._data.sources[source_id]
        return self.lang.gettext("%(publisher)s, %(date)s", publisher=source.publisher, date=source.published.human(lang=self.lang))

    def of(self, record: Event | Agreement | Source) -> Dated:
        """The date of an event or agreement with its markers; a source's publication date."""
        key = (type(record).__name__, record.id)
        found = self._cache.get(key)
        if found is None:
            if isinstance(record, Source):
                found = Dated(record.published, published=True, lang=self.lang)
            elif record.date is None:
                # Only an agreement may be undated: its pages say "date not reported" instead of asking for it.
                raise ValueError(f"{record.id}: the agreement has no date to show")
            else:
                found = self._record(record, record.date)
            self._cache[key] = found
        return found

    def event(self, event_id: str) -> Dated:
        return self.of(self._data.events[event_id])

    def value(self, date: HistoricalDate, inference: DateInference | None = None, *, article: bool = False) -> Dated:
        """A date that is part of a record (a statement of who held a place, say), with how it was inferred, or
        whether it is the date of the article that makes the statement (``article``)."""
        inferred = (
            Inference(inference.phrase, inference.reasoning, inference.source, self.source_label(inference.source), self.lang)
            if inference is not None
            else None
        )
        return Dated(date, inferred, lang=self.lang, article=article)

    def span(self, records: list[Event | Agreement]) -> list[Dated]:
        """The span of several records' dates: the earliest point any of them gives and the latest, each with the
        marker of its record ("4 May 2017", "30 November 2024 (inferred)"): one item when they are the same. A
        record still going when reported reaches the day of its report ("10 March 2020, still going according
        to The Herald").

        Of records that give the same point, one whose date is not inferred vouches for it, and a point a record
        gives is preferred to the day a record was seen still going."""
        points: list[tuple[Point, Dated, bool]] = []
        for record in records:
            dated = self.of(record)
            points += [(point, dated, False) for point in dated.date.points]
            if dated.report is not None:
                points.append((dated.report.published.last, dated, True))
        if not points:
            return []
        earliest = min(points, key=lambda item: (item[0].lower, item[0].upper, item[1].inferred is not None, item[2]))
        latest = max(points, key=lambda item: (item[0].upper, item[0].lower, item[1].inferred is None, not item[2]))
        ends = [_point_dated(*earliest)]
        if (latest[0].lower, latest[0].upper) != (earliest[0].lower, earliest[0].upper):
            ends.append(_point_dated(*latest))
        return ends

    def _record(self, record: Event | Agreement, date: HistoricalDate) -> Dated:
        """The Dated of ``record``, whose date is ``date``."""
        inferred = self.value(date, record.date_inferred).inferred
        return Dated(date, inferred, self._report(record) if date.end_edge == "open" else None, lang=self.lang)

    def _report(self, record: Event | Agreement) -> Report | None:
        """Who saw an open-ended record still going: the source its date is inferred from, else the newest source
        that cites it (ties: the first cited)."""
        sources = self._data.sources
        if record.date_inferred is not None:
            source = sources[record.date_inferred.source]
        else:
            cited = [sources[claim.source] for claim in record.claims if claim.source in sources]
            if not cited:
                return None
            source = max(cited, key=lambda found: (found.published.upper, -cited.index(found)))
        return Report(source.publisher, source.published)
