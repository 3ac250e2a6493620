"""An inferred date says so everywhere the site shows it: every page, table, chart and download.

For the fixture topic and the bundled site, every page the generator writes (and
each chart block of the hand-written pages, and each embed) is read as text,
without what is not the site's own showing of a date: the editors' own text
(titles, names, summaries, reasoning: checked for dates by ``explainer check``),
the sources' quotes, headings, source labels ("TRT World, 30 November 2024"),
and what the ``date`` macro shows without a marker (publication dates, dates that
are not inferred). In what remains, every occurrence of the date of an event or
agreement whose date is inferred must be followed by its marker, "(inferred…"
(unless another date of the data reads the same);
and any list entry or table row that links to such a record and shows its date
(a year included) must carry the marker. Every chart's hover text and every
download row of such a record says so too, and every timeline and zones chart
rings its mark.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BRIDGE, FIXTURES, ROOT, SYRIA
from explainer.dataset import Dataset
from explainer.dates import HistoricalDate
from explainer.dating import Dates
from explainer.generate import generate_site
from explainer.kinds import KINDS_BY_FOLDER
from explainer.loader import load_dataset
from explainer.model import Agreement, Event, Record, Source
from explainer.render import SiteOutput

TEMPLATES = ROOT / "templates"
MARKER = "(inferred"


# --- a small reading of HTML into elements -------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "caption", "figcaption", "br"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def text(self, skip=lambda element: None) -> str:
        """The element's text; ``skip(element)`` may give a text to stand for an element instead of its own."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                instead = skip(child)
                parts.append(child.text(skip) if instead is None else instead)
                if child.tag in BLOCKS:  # table cells and list items do not run into each other
                    parts.append(" ")
        return "".join(parts)

    def links(self) -> list[str]:
        return [element.attrs.get("href", "") for element in self.walk() if element.tag == "a"]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def read_html(html: str) -> Element:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.root


# --- what is not the site's own showing of a date ------------------------------------------------------

#: Elements whose text is not a date the site shows: headings (period labels such as "August 2019"), the sources'
#: quotes, chart figures (checked on their own), scripts, publication dates, and the ticks of a chart preview's
#: axis (dates of the axis, not of a record: a stretch of one day names its day).
SKIPPED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "template", "script", "style", "title", "textarea"}
SKIPPED_CLASSES = {"ex-date-published", "ex-preview-tick"}
#: The marker, whose explanation (the source's words, its publication date) stands for itself.
MARKER_CLASSES = {"ex-inferred", "ex-inferred-mark"}


def skipped(element: Element) -> str | None:
    if element.classes & MARKER_CLASSES:
        return f"{MARKER})"
    if element.tag in SKIPPED_TAGS or element.classes & SKIPPED_CLASSES:
        return " "
    return None


def outside_dates(element: Element) -> str | None:
    """For the text of a whole page: what the ``date`` macro shows without a marker is the date of something whose
    date is not inferred (a record that is not, a source's publication); a chart's data table is plain text, checked
    with its downloads. What is left are dates written outside the macro."""
    if "ex-date-text" in element.classes and "ex-date-inferred" not in element.classes:
        return " "
    if element.tag == "details" and "ex-chart-data" in element.classes:
        return " "
    return skipped(element)


def _plain(markdown: str) -> list[str]:
    """Editors' Markdown as the plain text of each of its paragraphs."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = text.replace("**", "").replace("*", "").replace("_", " ")
    return [" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def editors_texts(data: Dataset) -> list[str]:
    """Every text the editors wrote or copied (names, titles, summaries, reasoning, quotes), longest first."""
    found: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, str):
            found.update(_plain(value))
        elif isinstance(value, Record):
            for name in type(value).model_fields:
                collect(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    collect(data.site)
    for folder in ("sources", "events", "actors", "places", "agreements", "disputes", "camps", "categories"):
        for record in data.records(KINDS_BY_FOLDER[folder]).values():
            collect(record)
    dates = Dates(data)
    found.update(dates.source_label(source_id) for source_id in data.sources)
    return sorted((text for text in found if len(text) > 3), key=len, reverse=True)


def masked(text: str, editors: list[str]) -> str:
    text = " ".join(unescape(text).split())
    for found in editors:
        if found in text:
            text = text.replace(found, " ¶ ")
    return " ".join(text.split())


# --- the records whose date is inferred -----------------------------------------------------------------


@dataclass(frozen=True)
class Inferred:
    record: Event | Agreement
    words: str
    """The date in words, as the site shows it."""
    links: tuple[str, ...]
    """How a page links to the record (the end of an href)."""

    @property
    def specific(self) -> bool:
        """More precise than a bare year: found by its words anywhere, not only beside a link to the record."""
        return not re.fullmatch(r"\d{4}", self.words)


def other_dates(data: Dataset) -> set[str]:
    """The words of every date in the data that is neither an inferred record's nor a publication date (a record
    whose date is not inferred, a statement of who held a place): when an inferred date reads the same, a bare
    occurrence of the words may be one of these, and only the entries that link to the record tell them apart."""
    found: set[str] = set()

    def collect(value: object, inferred: bool) -> None:
        if isinstance(value, HistoricalDate):
            if not inferred:
                found.add(value.human())
        elif isinstance(value, Record):
            for name in type(value).model_fields:
                own_date = name == "date" and getattr(value, "date_inferred", None) is not None
                if not (isinstance(value, Source) and name == "published"):
                    collect(getattr(value, name), own_date)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item, False)

    for folder in ("events", "places", "agreements", "actors", "disputes"):
        for record in data.records(KINDS_BY_FOLDER[folder]).values():
            collect(record, False)
    return found


def inferred_records(data: Dataset, output: SiteOutput) -> list[Inferred]:
    dates = Dates(data)
    found = []
    for event in data.events.values():
        if event.date_inferred is not None:
            anchor = output.record_link("event", event.id).replace(".md#", "/#")
            found.append(Inferred(event, dates.of(event).words, (f"#{event.id}", anchor, f"events/{event.id}.html")))
    for agreement in data.agreements.values():
        if agreement.date_inferred is not None:
            found.append(Inferred(agreement, dates.of(agreement).words, (f"agreements/{agreement.id}/",)))
    return sorted(found, key=lambda item: item.record.id)


def built(data_dir: Path, content_dir: Path | None) -> tuple[Dataset, SiteOutput]:
    return load_dataset(data_dir), generate_site(data_dir, TEMPLATES, content_dir=content_dir)


TOPICS = {
    "fixture": (FIXTURES / "mini", FIXTURES / "mini-content"),
    "syria": (SYRIA / "site_data", SYRIA / "content"),
    "bridge": (BRIDGE / "site_data", BRIDGE / "content"),
}


@pytest.fixture(scope="module", params=sorted(TOPICS))
def topic(request) -> tuple[Dataset, SiteOutput, list[Inferred]]:
    data, output = built(*TOPICS[request.param])
    return data, output, inferred_records(data, output)


def html_documents(output: SiteOutput) -> dict[str, str]:
    documents = {page.src: page.html for page in output.pages}
    for src, blocks in output.chart_blocks.items():
        for number, block in enumerate(blocks):
            documents[f"{src} (chart block {number + 1})"] = block
    documents.update({file.path: file.content for file in output.files if file.path.endswith("index.html")})
    return documents


def test_the_topics_have_inferred_dates_of_every_kind(topic):
    _, _, inferred = topic
    assert inferred, "the topic must have inferred dates for this test to mean anything"


def bare_dates(data: Dataset, output: SiteOutput, inferred: list[Inferred]) -> list[str]:
    """Where a page shows the date of an inferred record without its marker."""
    editors = editors_texts(data)
    ambiguous = other_dates(data)
    bare: list[str] = []
    for name, html in html_documents(output).items():
        root = read_html(html)
        text = masked(root.text(outside_dates), editors)
        for item in inferred:
            if not item.specific or item.words in ambiguous:
                continue
            for match in re.finditer(re.escape(item.words), text):
                if not text[match.end() :].startswith(" " + MARKER):
                    bare.append(f"{name}: {item.record.id}: “{text[max(0, match.start() - 40) : match.end() + 20]}”")
        # A list entry or a table row that links to the record and shows its date (a year too) says it is inferred.
        for element in root.walk():
            if element.tag not in ("li", "tr", "dd") and not element.classes & {"ex-when", "ex-more"}:
                continue
            hrefs = element.links()
            entry = masked(element.text(skipped), editors)
            for item in inferred:
                shows_date = any(href.endswith(link) for href in hrefs for link in item.links) and item.words in entry
                if shows_date and MARKER not in entry:
                    bare.append(f"{name}: an entry about {item.record.id}: “{entry[:120]}”")
    return bare


def test_every_date_shown_of_an_inferred_record_carries_its_marker(topic):
    data, output, inferred = topic
    assert bare_dates(data, output, inferred) == []


def test_chart_hover_text_and_rings_say_a_date_is_inferred(topic):
    _, output, inferred = topic
    missing: list[str] = []
    for chart_id, chart in output.charts.items():
        rings = [trace for trace in chart.figure["data"] if (trace.get("meta") or {}).get("inferred")]
        ringed = {row[0] for trace in rings for row in trace["customdata"]}
        for trace in chart.figure["data"]:
            if trace in rings:
                continue
            for row in trace.get("customdata") or []:
                for item in inferred:
                    if any(row[0].endswith(link) for link in item.links):
                        if not any("nferred" in str(cell) for cell in row[1:]):
                            missing.append(f"{chart_id}: hover of {item.record.id}: {row}")
                        if chart.spec.kind in ("timeline", "zones") and row[0] not in ringed:
                            missing.append(f"{chart_id}: no ring around {item.record.id}")
        if rings:
            assert [trace["name"] for trace in rings] == ["Ringed: date inferred from the source's wording"], chart_id
            assert all(trace["showlegend"] for trace in rings)
    assert missing == []


def test_every_download_row_says_a_date_is_inferred(topic):
    _, output, inferred = topic
    missing: list[str] = []
    files = {file.path: file.content for file in output.files}
    for chart_id in output.charts:
        rows = list(csv.reader(io.StringIO(files[f"charts/{chart_id}.csv"])))
        header, body = rows[0], rows[1:]
        document = json.loads(files[f"charts/{chart_id}.json"])
        assert document["columns"] == header
        assert document["rows"] == body
        for row in body:
            for item in inferred:
                if any(row[-1].endswith(link) for link in item.links):
                    if not any(MARKER in cell for cell in row):
                        missing.append(f"{chart_id}.csv: {row}")
                    if "Date inferred" in header and row[header.index("Date inferred")] != "yes":
                        missing.append(f"{chart_id}.csv: 'Date inferred' of {item.record.id} is not yes")
    assert missing == []


def test_a_bare_date_is_found(tmp_path: Path):
    """The scan itself: lists that print an inferred event's date without its marker are reported."""
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    macros = templates / "pages" / "_macros.j2"
    text = macros.read_text()
    assert text.count("{{ date(h, h.dated(event)) }}") == 1
    macros.write_text(text.replace("{{ date(h, h.dated(event)) }}", "{{ h.dated(event).words }}"))
    data = load_dataset(FIXTURES / "mini")
    output = generate_site(FIXTURES / "mini", templates)
    found = bare_dates(data, output, inferred_records(data, output))
    # By the entries that link to the events: every list of events.
    assert sorted(entry.split(":")[0] for entry in found if "an entry about" in entry) == [
        "actors/ana-ruiz.md", "actors/northern-guard.md", "actors/northern-guard.md", "actors/valley-front.md",
        "actors/valley-front.md", "agreements/riverton-accord.md", "categories/fighting.md", "categories/fighting.md",
        "index.md", "index.md", "places/hillcrest.md", "places/riverton.md", "timeline.md", "timeline.md", "zones.md",
    ]
    assert "index.md: an entry about guard-takes-riverton: “7 March 2020 ¶”" in found
    # By the words, anywhere on a page: "9 March 2020" is no other date of the fixture's ("7 March 2020" is also
    # the date of a statement of who held Hillcrest, so only the entries tell that one apart).
    assert "places/hillcrest.md: front-retakes-hillcrest: “JSON · the chart on its own page 2015 ¶ 9 March 2020 ¶”" in found
