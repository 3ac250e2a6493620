"""Where each event lives: a section of a timeline page, with a permalink of its own.

Events do not get a page each: MkDocs spends about 10 ms on every page with
Material, so 10,000 event pages would take minutes. An event is a section
(anchored by its id) of the page of its year, ``timeline/<year>/``; a year with
more than :data:`PAGE_LIMIT` events is split into month pages
``timeline/<year>-<month>/`` (and a month with more into parts), so that no
page grows without bound. ``events/<id>/`` stays a stable permalink: a small
redirect to wherever the event is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import month_name
from .derive import Index
from .i18n import Words
from .i18n import words as words_of
from .model import Event
from .routes import section, timeline_page

#: Most events on one timeline page.
PAGE_LIMIT = 150


@dataclass(frozen=True)
class EventPage:
    """A timeline page: a year, a month of a year, or a part of a month, and its events in order."""

    src: str
    title: str
    year: int
    month: int | None
    part: int | None
    events: list[Event]

    @property
    def anchor(self) -> str:
        return f"{self.year}" + (f"-{self.month:02d}" if self.month else "") + (f"-{self.part}" if self.part else "")


@dataclass(frozen=True)
class YearSummary:
    """A year on the timeline's index: its events and the pages they are on."""

    year: int
    events: list[Event]
    pages: list[EventPage]


@dataclass
class EventLayout:
    """Every timeline page, and which page holds each event."""

    pages: list[EventPage] = field(default_factory=list)
    years: list[YearSummary] = field(default_factory=list)
    page_of: dict[str, str] = field(default_factory=dict)
    """Source path of the page that holds each event, by event id."""

    def link(self, event_id: str) -> str:
        """``page.md#event-id``: where an event is."""
        return section(self.page_of[event_id], event_id)

    def period_link(self, year: int, month: int | None = None) -> str | None:
        """Where the events of a year, or of a month of it, start: ``page.md`` or ``page.md#year-month``."""
        pages = [page for page in self.pages if page.year == year]
        if not pages:
            return None
        if month is not None:
            for page in pages:
                if page.month == month:
                    return page.src  # the month's own page (its first part)
            if pages[0].month is None and any(e.date.first.month == month for e in pages[0].events):
                return section(pages[0].src, f"{year}-{month:02d}")  # its section of the year page
        return pages[0].src


def _chunks(events: list[Event], size: int) -> list[list[Event]]:
    return [events[start : start + size] for start in range(0, len(events), size)] or [[]]


def event_layout(index: Index, limit: int = PAGE_LIMIT, lang: Words | None = None) -> EventLayout:
    """Put every event on a timeline page, in a stable order."""
    layout = EventLayout()
    for year, events in sorted(index.events_by_year.items()):
        year_pages: list[EventPage] = []
        if len(events) <= limit:
            year_pages.append(EventPage(timeline_page(year), str(year), year, None, None, events))
        else:
            # The year page keeps what is dated only to the year; each month gets its own pages.
            year_only: list[Event] = []
            by_month: dict[int, list[Event]] = {}
            for event in events:
                month = event.date.first.month
                if month is None:
                    year_only.append(event)
                else:
                    by_month.setdefault(month, []).append(event)
            year_pages.append(EventPage(timeline_page(year), str(year), year, None, None, year_only))
            for month in sorted(by_month):
                parts = _chunks(by_month[month], limit)
                for number, chunk in enumerate(parts, 1):
                    part = number if len(parts) > 1 else None
                    title = _month_title(lang or words_of(), year, month, part, len(parts))
                    year_pages.append(EventPage(timeline_page(year, month, part), title, year, month, part, chunk))
        for page in year_pages:
            for event in page.events:
                layout.page_of[event.id] = page.src
        layout.pages += year_pages
        layout.years.append(YearSummary(year, events, year_pages))
    return layout


def _month_title(lang: Words, year: int, month: int, part: int | None, parts: int) -> str:
    """The title of a month's page: "March 2020", or "March 2020, part 2 of 3"."""
    name = month_name(lang, month, alone=True)
    if part is None:
        return lang.gettext("%(month)s %(year)s", month=name, year=year)
    return lang.gettext("%(month)s %(year)s, part %(part)s of %(parts)s", month=name, year=year, part=part, parts=parts)
