"""The helpers every page template gets as ``ctx.h``: links relative to the page, dates, names and editors' Markdown.

Beside the contexts (:mod:`explainer.contexts`), which name it for their ``h`` field; the renderer
(:mod:`explainer.render`) makes one per page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from .charts import Chart
from .dataset import Dataset
from .dates import HistoricalDate
from .dating import Dated, Dates
from .derive import ControlPeriod, Index, record_title
from .errors import TemplateError
from .i18n import words
from .kinds import KINDS_BY_SCHEME, IndexSection, RecordKind, TimelineSection, as_kind
from .layout import EventLayout
from .mapview import MapView
from .markup import EditorMarkdown
from .routes import INDEX_PAGES, NOTHING_MOVED, download, embed_page, index_section, record_page
from .urls import HERE, LinksFrom, page_url


def _json_for_script(value: Any) -> Markup:
    """JSON that is safe as the text of an HTML element (<template>, <script>): no <, >, & or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


class Helpers:
    """Functions every page template gets as ``ctx.h``: links, dates, names and editors' Markdown.

    Links are relative to the page being rendered, so the site works from any
    folder and offline. The dataset and its index are the helpers' own (``_data``, ``_index``): a template
    reads the records it shows from its context, and from here only what these methods give (a test checks
    every attribute of ``h`` a template reads against them).
    """

    def __init__(
        self,
        data: Dataset,
        index: Index,
        layout: EventLayout,
        markdown: EditorMarkdown,
        page_src: str,
        use_directory_urls: bool,
        dates: Dates | None = None,
        pages: dict[str, str] = INDEX_PAGES,
        moved: Mapping[tuple[str, str], str] = NOTHING_MOVED,
    ):
        self._data = data
        #: The index pages the site has, name → src (:func:`index_pages`): a link to another is a template's mistake.
        self._pages = pages
        #: The sections of split index pages that are not on the index's first page (:func:`index_section`).
        self._moved = moved
        self._dates = dates or Dates(data)
        self._index = index
        self._layout = layout
        self._markdown = markdown
        self._page_src = page_src
        self._use_directory_urls = use_directory_urls
        self._links_from_here = LinksFrom(page_url(page_src, use_directory_urls))
        self._links: dict[tuple[str, str], Markup] = {}
        self._words = words(data.site.language)

    def file(self, path: str) -> str:
        """URL of a file of the site (an asset, a download, an embed page), relative to this page."""
        if path.endswith("/index.html") and self._use_directory_urls:
            path = path[: -len("index.html")]
        return self._links_from_here.to(path)

    def map_json(self, view: MapView) -> Markup:
        """What a map's script needs to move it through time, as JSON that is safe as the text of a <template>
        (its links relative to this page)."""
        return _json_for_script(view.data(self.to))

    @staticmethod
    def figure_json(chart: Chart) -> Markup:
        """The chart's Plotly figure as JSON that is safe as the text of a <template>."""
        return _json_for_script(chart.figure)

    # links
    def to(self, src: str, anchor: str | None = None) -> str:
        """URL of a page (``src``, or ``src#anchor``) relative to this page."""
        src, _, inline_anchor = src.partition("#")
        anchor = anchor or inline_anchor or None
        url = self._links_from_here.to(page_url(src, self._use_directory_urls))
        if src == self._page_src:
            url = HERE if not anchor else ""
        return f"{url}#{anchor}" if anchor else url

    def url(self, kind: str | RecordKind[Any], record_id: str, anchor: str | None = None) -> str:
        """URL of where a record is shown: its page, or its section of a page (an event's of its timeline page, a
        dispute's of the disputes page), as its kind declares (:mod:`explainer.kinds`). ``kind``: the kind, or
        the name of its folder (``h.url('places', id)``)."""
        kind = as_kind(kind)
        if isinstance(kind.page, IndexSection):
            return self.page(kind.page.index, record_id)
        if isinstance(kind.page, TimelineSection):
            return self.to(self._layout.link(record_id))
        return self.to(record_page(kind, record_id), anchor)

    def embed(self, embed_id: str) -> str:
        """URL of a chart's or map's embed page, relative to this page."""
        return self.file(embed_page(embed_id))

    def download(self, chart_id: str, extension: str) -> str:
        """URL of a chart's data as a file (``csv`` or ``json``), relative to this page."""
        return self.file(download(chart_id, extension))

    def page(self, name: str, anchor: str | None = None) -> str:
        """URL of a generated index page by name: home, timeline, categories, who_is_who, places, zones, control,
        map, disputes, sources. A page the topic has no data for does not exist: linking to it is an error."""
        if name not in self._pages:
            raise TemplateError(f"a link to the page '{name}', which this topic has no data for; link to it only when h.has_page('{name}')")
        return self.to(self._pages[name] if anchor is None else index_section(name, anchor, self._pages, self._moved))

    def has_page(self, name: str) -> bool:
        """Whether the site has the index page ``name`` (it has none that the topic has no data for)."""
        return name in self._pages

    def link(self, folder: str, record_id: str) -> Markup:
        """An HTML link to a record's page, its text the record's name (``folder``: its kind's folder name); on
        the record's own page, the name alone (see :meth:`link_to`)."""
        found = self._links.get((folder, record_id))
        if found is None:  # a page links the same records many times (a year page, its actors)
            kind = as_kind(folder)
            record = self._data.records(kind)[record_id]
            found = self.link_to(self.url(kind, record_id), record_title(record))
            self._links[(folder, record_id)] = found
        return found

    @staticmethod
    def link_to(url: str, text: str, *, new_tab: bool = False) -> Markup:
        """A link to ``url`` (from :meth:`url`, :meth:`to`), ``text`` escaped; or the text alone when ``url`` is
        this very page (:data:`explainer.urls.HERE`: a source's page cites itself under each of its quotes, a
        place's page names itself in its tables). ``new_tab``:
        from an embed, the site's pages open in a tab of their own."""
        if url == HERE:
            return Markup("{}").format(text)
        if new_tab:
            return Markup('<a href="{}" target="_blank" rel="noopener">{}</a>').format(url, text)
        return Markup('<a href="{}">{}</a>').format(url, text)

    def links(self, groups: list[tuple[str, list[str]]]) -> Markup:
        """Comma-separated links to records, given as (folder, ids) groups."""
        return Markup(", ").join(self.link(folder, record_id) for folder, ids in groups for record_id in ids)

    def _resolve(self, scheme: str, record_id: str) -> str:
        return self.url(KINDS_BY_SCHEME[scheme], record_id)

    # editors' text
    def md(self, text: str | None) -> Markup:
        """Editors' Markdown as sanitized HTML (block)."""
        return self._markdown.render(text, self._resolve) if text else Markup("")

    def md_inline(self, text: str | None) -> Markup:
        """Editors' Markdown as sanitized HTML, without the enclosing paragraph."""
        return self._markdown.render_inline(text, self._resolve) if text else Markup("")

    # dates and names
    def date(self, value: HistoricalDate) -> str:
        """A bare date in words, without any marker: only for dates that are no record's own (a chart's filter).
        A record's date is shown with ``m.date(h, h.dated(record))``, which carries its markers."""
        return value.human(lang=self._words)

    def gap_words(self, period: ControlPeriod) -> str:
        """What the sources leave unsaid about a row of a place's control history, in words ("no source reports
        who held it between August 2019 and 30 November 2024"); empty for a reported row."""
        return period.gap_words(self._words)

    def dated(self, record: Any) -> Dated:
        """The date of an event or agreement (or its id, as ``('events', id)``), or a source's publication date, with
        what the site shows beside it (inferred, still going when reported): for the ``date`` macro."""
        if isinstance(record, tuple):
            folder, record_id = record
            record = self._data.records(as_kind(folder))[record_id]
        return self._dates.of(record)

    def dated_value(self, date: HistoricalDate, inferred: Any = None, article: bool = False) -> Dated:
        """A date that is part of a record rather than a record's own (when a source reports who held a place),
        with its ``DateInference`` when it has one, or ``article`` when it is the date of the article that makes
        the statement: for the ``date`` macro."""
        return self._dates.value(date, inferred, article=article)

    def date_span(self, records: list[Any]) -> list[Dated]:
        """The earliest and the latest point of several records' dates, each with its record's markers, for the
        ``date`` macro: "4 May 2017" and "30 November 2024 (inferred)"; one item when they are the same."""
        return self._dates.span(records)

    def source_label(self, source_id: str) -> str:
        """How a source is cited: "The Herald, 10 March 2020"."""
        return self._dates.source_label(source_id)

    def publisher(self, source_id: str) -> str:
        """Who published a source: "The Herald"."""
        return self._data.sources[source_id].publisher

    def title(self, folder: str, record_id: str) -> str:
        """A record's name (an event's title)."""
        return record_title(self._data.records(as_kind(folder))[record_id])

    def chart_credit(self, chart: Chart) -> str:
        """Whose chart it is and the sources it rests on, for a copy of its picture: "Chart: <site>, from The
        Herald, 10 March 2020; …"; past :data:`~explainer.charts.common.NAMED_SOURCES` sources, how many and the
        page that lists them: the credit is one line of the picture, and an attribute of every page the chart is
        on."""
        site = self._data.site.title
        if not chart.sources:
            return self._words.gettext("Chart: %(site)s", site=site)
        if not chart.names_sources:
            return self._words.ngettext(
                "Chart: %(site)s, from %(num)s source, listed on its page “%(page)s”",
                "Chart: %(site)s, from %(num)s sources, listed on its page “%(page)s”",
                len(chart.sources),
                site=site,
                page=self._data.site.titles.sources,
            )
        cited = "; ".join(self.source_label(source_id) for source_id in chart.sources)
        return self._words.gettext("Chart: %(site)s, from %(sources)s", site=site, sources=cited)
