"""Dates in the editors' prose that the record does not support: warnings, not errors.

Editors write summaries, descriptions, notes, titles and the site's introduction in the site's own
voice. A year or a date written there ("from 2015", "in January 2020", "on 12 January 2020") must come
from somewhere: from one of the record's dates, or from its quotes. When it comes from neither, the
editors may have worked it out, or remembered it: ``explainer check`` and the build print a warning
(``path:line:column: warning: …``) asking to quote the source's words for it or to remove it, with the
passage of a cited source that has it when there is one. Warnings do not stop the build, since a
warning can be wrong (a number that is not a year, say); they are for review.

What a record's dates are: its own (an event's or agreement's date, a source's publication), those of
the sources it cites (their publication dates: "the Gazette reported in March 2020"), those of the events,
agreements and sources its prose links to ("the [Riverton accord](agreement:riverton-accord) of May 2017"),
those its quotes give ("on May 4-5, 2017"), and for the site's introduction every date of the topic. A date mention is supported when its span (a day, a month or a
year) overlaps one of them, or when its words are in one of the record's quotes. Its quotes: its claims'
quotes, its inferred dates' phrases and its aliases; for a source, its archived text.

Dates in prose are read in English (``12 January 2020``, ``January 2020``, ``2015``; years from 1000 to
2099); link targets (``[text](event:an-id-2019)``) and web addresses are not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .dataset import Dataset
from .dates import MONTHS, HistoricalDate
from .kinds import ACTORS, AGREEMENTS, DISPUTES, EVENTS, PLACES, SOURCES, RecordKind
from .links import find_record_links
from .model import Alias, Claim, DateInference, Source
from .quotes import normalise_space

PathKey = tuple[str | int, ...]

_MONTH = "|".join(MONTHS)
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_DAYS = r"[0-3]?[0-9](?:[-–][0-3]?[0-9])?"
#: A date in prose: "12 January 2020", "4–5 May 2017", "January 12, 2020", "May 4-5, 2017", "January 2020",
#: or a bare year.
_MENTION = re.compile(
    rf"(?<![\w.,-])(?:(?P<day>{_DAYS}) (?P<month>{_MONTH}),? (?P<year>{_YEAR})"
    rf"|(?P<month2>{_MONTH}) (?P<day2>{_DAYS}),? (?P<year2>{_YEAR})"
    rf"|(?P<month3>{_MONTH}),? (?P<year3>{_YEAR})"
    rf"|(?P<year4>{_YEAR}))(?![\w-]|[.,]\d)"
)
#: The year every mention has, anywhere (a quick test that a text mentions no date).
_ANY_YEAR = re.compile(_YEAR)
#: What is not prose: link targets of Markdown links, and web addresses.
_NOT_PROSE = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<?https?://[^\s)>]+>?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?”])\s")
#: Longest passage quoted in a warning.
MAX_PASSAGE = 240

#: Fields in the sources' words, or not prose at all: never read for dates.
NOT_PROSE_FIELDS = {
    ("Claim", "quote"),
    ("Claim", "note"),
    ("Alias", "name"),
    ("DateInference", "phrase"),
    ("Source", "title"),
    ("Source", "publisher"),
    ("Source", "url"),
    ("Source", "archived_text"),
    ("Source", "language"),
    ("Site", "language"),
    ("Category", "colour"),
}


@dataclass(frozen=True)
class Mention:
    """A date written in prose, with the days it may mean."""

    text: str
    lower: dt.date
    upper: dt.date
    kind: str
    """'year' or 'date', for the message."""


def mentions(text: str) -> Iterator[Mention]:
    """Every date written in ``text`` (link targets and addresses aside), in order."""
    if _ANY_YEAR.search(text) is None:  # every mention has a year: most texts have none, and need no more looking
        return
    # A link target starts with "](" and an address with "http": without either, the text is all prose.
    prose = _NOT_PROSE.sub(lambda match: " " * len(match.group()), text) if "](" in text or "http" in text else text
    for match in _MENTION.finditer(prose):
        groups = match.groupdict()
        year = int(groups["year"] or groups["year2"] or groups["year3"] or groups["year4"])
        month_name = groups["month"] or groups["month2"] or groups["month3"]
        day_text = groups["day"] or groups["day2"]
        if month_name is None:
            yield Mention(match.group(), dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
            continue
        month = MONTHS.index(month_name) + 1
        last = calendar.monthrange(year, month)[1]
        if day_text is None:
            yield Mention(match.group(), dt.date(year, month, 1), dt.date(year, month, last), "date")
            continue
        first_day, _, last_day = day_text.replace("–", "-").partition("-")
        days = (int(first_day), int(last_day or first_day))
        if 1 <= days[0] <= days[1] <= last:
            yield Mention(match.group(), dt.date(year, month, days[0]), dt.date(year, month, days[1]), "date")


@dataclass
class Support:
    """What a record's prose may rest on: its dates (as day spans) and its quotes, and the sources it cites."""

    spans: list[tuple[dt.date, dt.date]]
    quotes: list[str]
    sources: list[str]

    def supports(self, mention: Mention) -> bool:
        if any(lower <= mention.upper and mention.lower <= upper for lower, upper in self.spans):
            return True
        pattern = re.compile(rf"(?<![\w-]){re.escape(mention.text)}(?![\w-])")
        return any(pattern.search(quote) for quote in self.quotes)


def _parts(model: BaseModel) -> Iterator[BaseModel]:
    yield model
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _parts(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _parts(item)


def _span(date: HistoricalDate) -> tuple[dt.date, dt.date]:
    return date.lower, date.upper


#: The records whose dates and quotes the site file's prose (its introduction) may rest on: all that have any.
SITE_SUPPORT: tuple[RecordKind[Any], ...] = (SOURCES, EVENTS, AGREEMENTS, ACTORS, PLACES, DISPUTES)


def support_of(data: Dataset, record: BaseModel, folder: str) -> Support:
    """The dates and quotes a record's prose may rest on."""
    if folder == "site":
        records: list[BaseModel] = [r for kind in SITE_SUPPORT for r in data.records(kind).values()]
    else:
        records = [record]
    spans: list[tuple[dt.date, dt.date]] = []
    quotes: list[str] = []
    sources: list[str] = []
    linked: list[HistoricalDate] = []
    for each in records:
        for part in _parts(each):
            for name in type(part).model_fields:
                value = getattr(part, name)
                if isinstance(value, HistoricalDate):
                    spans.append(_span(value))
            if isinstance(part, Claim):
                quotes.append(part.quote)
                spans += [(found.lower, found.upper) for found in mentions(part.quote)]
                sources.append(part.source)
            elif isinstance(part, DateInference):
                quotes.append(part.phrase)
                spans += [(found.lower, found.upper) for found in mentions(part.phrase)]
                sources.append(part.source)
            elif isinstance(part, Alias):
                quotes.append(part.name)
                if part.source is not None:
                    sources.append(part.source)
            elif isinstance(part, Source):
                sources.append(part.id)
                if part.id in data.texts:
                    quotes.append(data.texts[part.id].normalised)
            linked += _linked_dates(data, part)
    cited = list(dict.fromkeys(source for source in sources if source in data.sources))
    spans += [_span(data.sources[source].published) for source in cited]
    spans += [_span(date) for date in linked]
    return Support(spans, quotes, cited)


def _linked_dates(data: Dataset, part: BaseModel) -> Iterator[HistoricalDate]:
    """The dates of the events, agreements and sources that a record part's prose links to ([text](event:id))."""
    for _, _, text in prose_fields(part):
        if "](" not in text and "]:" not in text:  # no link in either form (see links.py): most texts
            continue
        for link in find_record_links(text, fenced_code=False):
            linked = data.records(link.kind).get(link.record_id)
            if linked is None:
                continue
            for name in type(linked).model_fields:
                value = getattr(linked, name)
                if isinstance(value, HistoricalDate):
                    yield value


def passage_with(data: Dataset, sources: list[str], mention: Mention) -> tuple[str, str] | None:
    """(source id, the sentence) of the first cited source whose archived text has the mention's words."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(mention.text)}(?![\w-])")
    for source in sources:
        text = data.texts.get(source)
        if text is None or pattern.search(text.normalised) is None:
            continue
        for paragraph in _PARAGRAPH_BREAK.split(text.raw):
            normalised = normalise_space(paragraph)
            found = pattern.search(normalised)
            if found is not None:
                return source, _sentence_around(normalised, found.start(), found.end())
    return None


def _sentence_around(paragraph: str, start: int, end: int) -> str:
    """The sentence of ``paragraph`` that holds ``paragraph[start:end]``, cut to :data:`MAX_PASSAGE` characters."""
    starts = [match.end() for match in _SENTENCE_END.finditer(paragraph, 0, start)]
    first = starts[-1] if starts else 0
    after = _SENTENCE_END.search(paragraph, end)
    last = after.start() if after else len(paragraph)
    if last - first <= MAX_PASSAGE:
        return paragraph[first:last]
    left = max(first, start - MAX_PASSAGE // 2)
    right = min(last, left + MAX_PASSAGE)
    return ("…" if left > first else "") + paragraph[left:right].strip() + ("…" if right < last else "")


def warning_message(data: Dataset, key: str, mention: Mention, support: Support) -> str:
    """What to do about a date in prose that nothing in its record supports."""
    what = f"the year {mention.text}" if mention.kind == "year" else f"the date {mention.text}"
    message = f"{what} in '{key}' is not in the record's dates or quotes; quote the source's words for it or remove it"
    found = passage_with(data, support.sources, mention)
    if found is not None:
        source, sentence = found
        message += f" (source '{source}' has it: “{sentence}”)"
    return message


def prose_fields(part: BaseModel) -> Iterator[tuple[str, str, str]]:
    """(field name, YAML key, text) of each text field of ``part`` that may be the editors' own voice (the caller
    leaves out references to other records)."""
    owner = type(part).__name__
    for name, info in type(part).model_fields.items():
        value = getattr(part, name)
        if not isinstance(value, str) or (owner, name) in NOT_PROSE_FIELDS or name == "id":
            continue
        yield name, info.alias or name, value
