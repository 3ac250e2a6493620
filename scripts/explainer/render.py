"""Render the generated pages from Jinja templates: dataset in, Markdown pages out.

The core knows nothing of MkDocs: :func:`render_site` returns the pages as
``(path, text)`` pairs; the MkDocs plugin adds them as virtual files, and
``explainer render`` writes them to a folder for any other engine.

Templates live in ``templates/pages/``; each receives one documented context
object (see :mod:`explainer.contexts`) as ``ctx``. Autoescaping is on for every
template, undefined names are errors, and editors' text is only ever data
passed to a template, never a template itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup, escape

from . import contexts as ctx
from .articles import ChartBlock, default_title
from .buildmemo import build_memo
from .charts import Chart, ChartContext, ChartSpec, build_chart
from .dataset import Dataset
from .dating import Dates
from .derive import Index, build_index
from .errors import DataWarning, TemplateError
from .handwritten import HandWrittenPage
from .helpers import Helpers
from .i18n import SOURCE_LANGUAGE, words
from .kinds import KINDS_BY_SCHEME
from .layout import event_layout
from .mapview import MapBuilder, MapSpec, MapView, map_dates
from .markup import EditorMarkdown
from .model import Site
from .routes import AGREEMENTS_INDEX, INDEX_PAGES, download, embed_page, event_permalink, record_location


def index_pages(data: Dataset, index: Index, has_map: bool) -> dict[str, str]:
    """The index pages the topic has data for (name → ``src``), in navigation order.

    A page with nothing to show is not made at all: no page, no link to it, no navigation entry, no search
    entry. A topic without changes of control has no control page; without agreements, no agreements page;
    without disputes, no disputes page; without places that can be drawn, no map. The agreements page of
    a topic whose agreements set up no zones is ``agreements/``, not ``zones/``.
    """
    has = {
        "home": True,
        "timeline": True,
        "categories": bool(data.categories),
        "who_is_who": bool(data.actors),
        "places": bool(data.places),
        "zones": bool(data.agreements),
        "control": bool(index.control_history),
        "map": has_map and bool(index.control_history),
        "disputes": bool(data.disputes),
        "sources": True,
    }
    zones = any(agreement.zones for agreement in data.agreements.values())
    return {name: INDEX_PAGES[name] if name != "zones" or zones else AGREEMENTS_INDEX for name in INDEX_PAGES if has[name]}



@dataclass(frozen=True)
class TocEntry:
    """A heading of a generated page with the headings under it: the page's table of contents, nested by level."""

    level: int
    id: str
    name: str
    """The heading's text, as HTML (escaped)."""
    children: list[TocEntry]


def toc_tree(headings: Sequence[ctx.Heading]) -> list[TocEntry]:
    """The headings a page's context declares, in order, nested by level (an h3 under the h2 before it)."""
    roots: list[TocEntry] = []
    stack: list[TocEntry] = []
    for heading in headings:
        entry = TocEntry(heading.level, heading.id, str(escape(heading.text.strip())), [])
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


_ID = re.compile(r' id="([^"]+)"')


@dataclass(frozen=True)
class GeneratedPage:
    """A generated page: where it goes (``docs``-relative .md path), its title, its HTML, its headings.

    Generated pages are HTML already: an engine need not run Markdown over them. The title and the headings
    are those the page's context declares (the template renders them from it); an engine's adapter turns
    them into what the engine wants (front matter, table-of-contents tokens: :mod:`explainer.mkdocs_adapter`).
    """

    src: str
    title: str
    """The page's title as HTML (escaped text): its context's ``title``, the text of its <h1>."""
    html: str
    headings: tuple[ctx.Heading, ...]
    """The headings of its sections, in order (its context's ``headings``)."""
    anchors: frozenset[str]
    """Every id in the page, for an engine's check of links to anchors."""
    search: ctx.SearchHints = field(default_factory=ctx.SearchHints)
    """Names of the page's subject and its weight, for the site's search."""
    spilled: SpilledText | None = None
    """Where its HTML was written as it was made, when the build asked for that (:func:`render_site`'s
    ``spill``): then :attr:`html` is empty, and :meth:`text` reads it back."""
    titled: bool = True
    """Whether its HTML has an <h1> (every page template writes one; a theme adds one to a page without)."""

    def text(self, spill: BinaryIO | None = None) -> str:
        """Its HTML, from memory or from where it was written (``spill``: the spill file, open)."""
        return self.spilled.read(spill) if self.spilled is not None else self.html

    @classmethod
    def from_context(cls, src: str, html: str, context: ctx.PageContext) -> GeneratedPage:
        """The page a template rendered from ``context``: its title and headings are the context's."""
        ids = _ID.findall(html)
        anchors = frozenset(ids)
        if len(anchors) != len(ids):
            twice = sorted({anchor for anchor in ids if ids.count(anchor) > 1})
            raise TemplateError(f"{src}: the id {', '.join(map(repr, twice))} is used twice on the page; links to it would be ambiguous")
        headings = tuple(context.headings)
        missing = [heading.id for heading in headings if heading.id not in anchors]
        if missing:
            raise TemplateError(
                f"{src}: the context declares the heading {', '.join(map(repr, missing))}, which the template does not"
                " render; render each with m.heading(ctx.sections[id])"
            )
        return cls(src, str(escape(context.title)), html, headings, anchors, context.search(), titled="<h1" in html)

    @property
    def toc(self) -> list[TocEntry]:
        """The headings nested by level: the page's table of contents."""
        return toc_tree(self.headings)




class Renderer:
    """The Jinja environment for the page templates, with Jinja's i18n extension: the templates write the site's
    own words with ``gettext`` and ``ngettext`` in the topic's language (:meth:`use_language`, :mod:`explainer.i18n`)."""

    def __init__(self, templates_dir: Path):
        self.templates_dir = Path(templates_dir)
        folders = [self.templates_dir / "pages", self.templates_dir / "embeds"]
        for folder in folders:
            if not folder.is_dir():
                raise TemplateError(f"{folder}: this templates folder does not exist")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.filters["e_attr"] = escape
        self.env.globals["Markup"] = Markup
        self.language: str | None = None
        self.use_language(SOURCE_LANGUAGE)
        #: Called with (template name, context) before each render; tests record contexts with it.
        self.on_render: Callable[[str, Any], None] | None = None

    def use_language(self, language: str) -> None:
        """Write the site's own words in ``language`` (its gettext catalogue, plural rule and numbers).

        The templates call ``gettext`` and ``ngettext`` (``jinja2.ext.i18n``, newstyle: see
        :mod:`explainer.i18n`); a rebuild under ``mkdocs serve`` may change the language.
        """
        if language != self.language:
            words(language).install(self.env)
            self.language = language

    def render(self, template: str, context: Any) -> str:
        if self.on_render is not None:
            self.on_render(template, context)
        try:
            return self.env.get_template(template).render(ctx=context)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"{error.filename or template}:{error.lineno}: template syntax error: {error.message}") from None
        except Exception as error:  # a broken template is reported with its position, not a traceback
            raise TemplateError(f"{_template_position(error, template)}: error in template: {type(error).__name__}: {error}") from None


def _template_position(error: BaseException, template: str) -> str:
    """file:line of the innermost template frame in the error's traceback."""
    position = template
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            position = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return position


#: The file in a spill folder (:func:`render_site`) that holds every page's HTML and every file's text, one
#: after the other as they were made (one file: files are slow to open, and a site has tens of thousands).
SPILLED = "spilled"


@dataclass(frozen=True)
class SpilledText:
    """A text written into a spill (:data:`SPILLED`): where it starts, how many bytes of UTF-8."""

    path: Path
    start: int
    size: int

    def read(self, spill: BinaryIO | None = None) -> str:
        """The text, read from ``spill`` (the spill file, open) or by opening the file."""
        if spill is None:
            with self.path.open("rb") as opened:
                return self.read(opened)
        spill.seek(self.start)
        return spill.read(self.size).decode("utf-8")


@dataclass(frozen=True)
class GeneratedFile:
    """A file that is not a Markdown page: an embed page, a chart's CSV or JSON download."""

    path: str
    content: str = ""
    """Its text; empty when it was written to :attr:`spilled` as it was made."""
    spilled: SpilledText | None = None
    """Where its text was written as it was made, when the build asked for that (:func:`render_site`'s
    ``spill``): a large site's files are not all held in memory at once."""

    def text(self, spill: BinaryIO | None = None) -> str:
        """Its text, from memory or from where it was written (``spill``: the spill file, open)."""
        return self.spilled.read(spill) if self.spilled is not None else self.content


@dataclass
class SiteOutput:
    """Everything the generator makes for one build."""

    pages: list[GeneratedPage]
    files: list[GeneratedFile]
    charts: dict[str, Chart]
    """Every chart of the site by id, those of hand-written pages included."""
    chart_blocks: dict[str, list[str]]
    """For each hand-written page with chart blocks (docs-relative path), the HTML of each block in order."""
    as_of: dt.date | None
    """The last day the newest source may have been published: what the site knows up to."""
    record_pages: dict[tuple[str, str], str]
    """Where each record is, as ``src`` or ``src#anchor``, by (link scheme, id): for links in hand-written pages."""
    warnings: list[DataWarning] = field(default_factory=list)
    """What review should look at (dates in the editors' prose that nothing supports); the build prints them."""
    site: Site = field(default_factory=lambda: Site(title="Explainer", intro="Explainer"))
    """The topic (site.yaml): the site's name, description and language, and its hand-written pages' order."""
    index_pages: tuple[str, ...] = tuple(INDEX_PAGES.values())
    """The generated index pages the site has (``src``), in navigation order (see :func:`index_pages`)."""
    nav_titles: dict[str, str] = field(default_factory=dict)
    """The navigation's title of an index page whose own title says which of its pages it is ("Places" for the first
    page of a split index, titled "Places: A–C"), by ``src``; other pages are listed by their titles."""

    @property
    def nav(self) -> list[str | dict[str, list[str] | str]]:
        """The navigation, as ``mkdocs.yml``'s ``nav`` would give it: the index pages the site has (``{title: page}``
        where :attr:`nav_titles` names it), then the hand-written pages in site.yaml's order (a section as
        ``{title: [pages]}``)."""
        entries: list[str | dict[str, list[str] | str]] = [
            {self.nav_titles[src]: src} if src in self.nav_titles else src for src in self.index_pages
        ]
        for entry in self.site.pages:
            if entry.page is not None:
                entries.append(entry.page)
            elif entry.section is not None:  # the model allows no third form
                entries.append({entry.section: list(entry.pages)})
        return entries

    def record_link(self, scheme: str, record_id: str) -> str:
        return self.record_pages[(scheme, record_id)]




_FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading apostrophe.

    Spreadsheets run a cell that starts with = + - @ (or a tab or return) as a formula (OWASP "CSV
    injection"), and some skip what comes first: a byte-order mark, spaces, line breaks, controls,
    zero-width characters; and they read fullwidth and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) as the
    ASCII ones, which is what NFKC maps them to.
    """
    if value[:1] in ("\t", "\r", "\n"):
        return "'" + value
    start = 0
    while start < len(value) and (value[start].isspace() or unicodedata.category(value[start]) in ("Cc", "Cf")):
        start += 1
    first = unicodedata.normalize("NFKC", value[start : start + 1])
    return "'" + value if first.startswith(_FORMULA_STARTS) else value


def chart_csv(chart: Chart, url: Callable[[str], str]) -> str:
    """The chart's data as CSV (RFC 4180): a header row; each row's cells, its dates as data (ISO 8601 start
    and end, precision: dating.DATA_COLUMNS), the id of its record and the address of its page (``url``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*chart.columns, *chart.data_columns, "Id", "Page"])
    for row, cells, record, link in zip(chart.rows, _data_rows(chart), _ids(chart), chart.links):
        writer.writerow([_csv_cell(cell) for cell in [*row, *cells, record]] + [url(link) if link else ""])
    return buffer.getvalue()


def _ids(chart: Chart) -> list[str]:
    """Each row's record id (none for a chart of counts)."""
    return chart.ids if chart.ids else ["" for _ in chart.rows]


def page_address(site_url: str | None, path: str) -> str:
    """A page's address in the downloads: absolute under the site's address (mkdocs.yml's ``site_url``) when it
    is known, so that a row still leads to its page once the file has left the site; else site-root-relative."""
    return urljoin(site_url.rstrip("/") + "/", path) if site_url else path


def _data_rows(chart: Chart) -> list[list[str]]:
    """Each row's cells of the chart's download-only columns (none for a chart without them)."""
    return chart.data_rows if chart.data_columns else [[] for _ in chart.rows]


def chart_json(chart: Chart, sources: list[dict[str, str]], url: Callable[[str], str]) -> str:
    """The chart's data as JSON: title, caption, sources, columns and rows."""
    document = {
        "chart": chart.id,
        "title": chart.title,
        "caption": chart.caption,
        "sources": sources,
        "columns": [*chart.columns, *chart.data_columns, "Id", "Page"],
        "rows": [
            [*row, *cells, record, url(link) if link else ""]
            for row, cells, record, link in zip(chart.rows, _data_rows(chart), _ids(chart), chart.links)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def render_site(
    data: Dataset,
    templates_dir: Path,
    *,
    use_directory_urls: bool = True,
    renderer: Renderer | None = None,
    content_blocks: dict[str, list[ChartBlock]] | None = None,
    site_url: str | None = None,
    hand_written: Sequence[HandWrittenPage] = (),
    spill: Path | None = None,
    warnings: Sequence[DataWarning],
) -> SiteOutput:
    """Every generated page, chart, embed and download of the site, in a stable order.

    ``site_url`` is where the site is published (mkdocs.yml's): the downloads give each row's page under it.
    ``hand_written``: the pages of ``content/`` that site.yaml lists (the home page lists them).
    ``spill``: an empty folder, kept for the build, where each page's HTML and each file is written as it is
    made instead of being held in memory (:attr:`GeneratedPage.spilled`, :attr:`GeneratedFile.spilled`): a large
    site's text is several times its data.
    ``warnings``: what review should look at in the data (:func:`explainer.validate.data_warnings`), made by the
    caller while the data still has its files' positions: the output carries them to the build's log.
    """
    # build_memo: what the build works out once (dates, sources' names, aliases), dropped when it ends; closing:
    # the spill's file, if any.
    with build_memo(), ExitStack() as closing:
        renderer = renderer or Renderer(templates_dir)
        renderer.use_language(data.site.language)
        index = build_index(data)
        layout = event_layout(index, lang=words(data.site.language))
        markdown = EditorMarkdown()
        dates = Dates(data)
        chart_context = ChartContext.build(data, index, layout, use_directory_urls, dates)

        first_day, last_day, as_of_day = map_dates(data, chart_context.first_day, chart_context.last_day)
        mapper = MapBuilder(
            data, index, chart_context.holder_colours, {event_id: layout.link(event_id) for event_id in data.events}, first_day, last_day, as_of_day
        )
        # The map of who held what: only when a source says who held a place and some place can be placed.
        can_map = mapper.has_map(MapSpec()) and any(mapper.placed(place_id) for place_id in sorted(data.places))
        pages_present = index_pages(data, index, can_map)
        indexes = ctx.index_plan(data, index, pages_present)  # split index pages: links follow where each section is

        def helpers(src: str) -> Helpers:
            return Helpers(data, index, layout, markdown, src, use_directory_urls, dates, pages_present, indexes.plan.moved)

        charts: dict[str, Chart] = {}

        def chart(spec: ChartSpec, page: str, title: str) -> Chart:
            found = charts.get(spec.id)
            if found is None:
                found = charts[spec.id] = build_chart(chart_context, spec, page, title)
            return found

        maps: dict[str, MapView] = {}

        def map_view(spec: MapSpec, page: str, title: str) -> MapView | None:
            """The map a page shows (made once), or None when nothing of it can be placed."""
            if spec.id not in maps:
                if not mapper.has_map(spec):
                    return None
                maps[spec.id] = mapper.build(spec, page, title)
            return maps[spec.id]

        writer = closing.enter_context((spill / SPILLED).open("ab")) if spill is not None else None

        def spilled(text: str) -> SpilledText:
            assert spill is not None and writer is not None
            encoded = text.encode("utf-8")
            start = writer.tell()
            writer.write(encoded)
            return SpilledText(spill / SPILLED, start, len(encoded))

        pages = []
        for src, template, context in ctx.page_contexts(data, index, layout, helpers, chart, map_view, pages_present, hand_written, indexes):
            page = GeneratedPage.from_context(src, renderer.render(template, context), context)
            pages.append(page if writer is None else replace(page, html="", spilled=spilled(page.html)))

        chart_blocks: dict[str, list[str]] = {}
        for src, blocks in sorted((content_blocks or {}).items()):
            rendered = []
            for block in blocks:
                found = chart(block.spec, src, block.title or default_title(data, block.spec))
                rendered.append(renderer.render("chart_block.html.j2", ctx.ChartBlockContext(data.site, helpers(src), found.title, found)))
            chart_blocks[src] = rendered

        files: list[GeneratedFile] = []

        def made(path: str, content: str) -> GeneratedFile:
            return GeneratedFile(path, content) if writer is None else GeneratedFile(path, spilled=spilled(content))

        for event in index.events_sorted:
            # events/<id>.html stays a stable address of each event: a redirect to its section. (A file,
            # not a folder with an index.html: a large site has tens of thousands of them.)
            stub = event_permalink(event.id)
            stub_context = ctx.RedirectContext(data.site, helpers(stub), event.title, event, layout.link(event.id))
            files.append(made(stub, renderer.render("redirect.html.j2", stub_context)))
        addresses: dict[str, str] = {}

        def address(src: str) -> str:
            # Each row of every chart's downloads gives its page's address: a record's page is named in many charts.
            found = addresses.get(src)
            if found is None:
                found = addresses[src] = page_address(site_url, chart_context.url(src))
            return found

        for chart_id, found in sorted(charts.items()):
            embed = embed_page(chart_id)
            here = helpers(embed)
            sources = [
                {"publisher": data.sources[s].publisher, "title": data.sources[s].title, "published": str(data.sources[s].published), "url": data.sources[s].url}
                for s in found.sources
            ]
            listed = [data.sources[source_id] for source_id in found.sources] if found.names_sources else []
            embed_context = ctx.EmbedContext(data.site, here, found.title, found, listed, len(found.sources))
            files.append(made(embed, renderer.render("embed.html.j2", embed_context)))
            files.append(made(download(chart_id, "csv"), chart_csv(found, address)))
            files.append(made(download(chart_id, "json"), chart_json(found, sources, address)))
        for map_id, view in sorted(maps.items()):
            embed = embed_page(map_id)
            data_csv = download("control", "csv") if "control" in charts else None
            context = ctx.MapEmbedContext(data.site, helpers(embed), view.title, view, data_csv)
            files.append(made(embed, renderer.render("map_embed.html.j2", context)))
        as_of = max((source.published.upper for source in data.sources.values()), default=None)
        record_pages = {
            (scheme, record_id): record_location(kind, record_id, layout.page_of, indexes.plan.moved)
            for scheme, kind in KINDS_BY_SCHEME.items()
            for record_id in data.records(kind)
        }
        return SiteOutput(
            pages, files, charts, chart_blocks, as_of, record_pages, list(warnings), data.site,
            tuple(pages_present.values()),
            # A split index is listed by its own title, not by its first page's ("Places: A–C").
            {pages_present[name]: getattr(data.site.titles, name) for name in sorted(indexes.paging)},
        )
