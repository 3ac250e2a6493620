"""Where every generated page and file goes: the one module that builds their paths.

Pages are given as ``docs``-relative Markdown sources (``places/riverton.md``; a section of one as
``timeline/2020.md#event-id``), as MkDocs takes them; :func:`explainer.urls.page_url` turns a source
into its address. Files that are not pages (an event's permanent address, a chart's embed page and
downloads) are given as the path of the file in the built site.

Each kind of record says where its records are shown (:attr:`explainer.kinds.RecordKind.page`); this
module turns that into paths, as Material's blog plugin has one path builder per kind of page.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .kinds import AGREEMENTS, CATEGORIES, EVENTS, PLACES, RECORD_KINDS, SOURCES, IndexSection, OwnPage, RecordKind, TimelineSection


def kind_index(kind: RecordKind[Any]) -> str:
    """The index page that sits beside a kind's own pages: ``places/index.md``."""
    return f"{kind.folder}/index.md"


#: The generated index pages, by name, in the order of the navigation (the hand-written pages follow).
INDEX_PAGES: dict[str, str] = {
    "home": "index.md",
    "timeline": "timeline.md",
    "categories": kind_index(CATEGORIES),
    "who_is_who": "who-is-who.md",
    "places": kind_index(PLACES),
    "zones": "zones.md",
    "control": "control.md",
    "map": "map.md",
    "disputes": "disputes.md",
    "sources": kind_index(SOURCES),
}

#: Where the agreements page goes when no agreement sets up zones: beside the agreements' own pages.
AGREEMENTS_INDEX = kind_index(AGREEMENTS)

#: The folder of the chart and map embed pages (which any site may frame).
EMBED_FOLDER = "embed"

#: The folder of the charts' data downloads.
DOWNLOADS_FOLDER = "charts"

#: The folder of the timeline's year and month pages.
TIMELINE_FOLDER = "timeline"


def section(src: str, anchor: str) -> str:
    """A section of a page: ``page.md#anchor``."""
    return f"{src}#{anchor}"


def record_page(kind: RecordKind[Any], record_id: str) -> str:
    """The page of a record of a kind whose records have pages of their own: ``places/riverton.md``."""
    if not isinstance(kind.page, OwnPage):
        raise ValueError(f"records of the kind '{kind.name}' have no page of their own")
    return f"{kind.folder}/{record_id}.md"


#: No section of an index page has moved off the index's first page (an index on one page).
NOTHING_MOVED: Mapping[tuple[str, str], str] = MappingProxyType({})


def index_section(name: str, anchor: str, pages: Mapping[str, str] = INDEX_PAGES, moved: Mapping[tuple[str, str], str] = NOTHING_MOVED) -> str:
    """``page.md#anchor``: the section ``anchor`` of the index page ``name``, on whichever of its pages holds it.

    Every link to a section of an index page is made here. ``pages``: the index pages the site has (name → its
    first page); ``moved``: the sections that are elsewhere, ``src#anchor`` by (name, anchor), as
    :class:`explainer.paging.IndexPlan` lays a split index out (a place's section of the control page on its
    page "D–F"; a zone's on its agreement's page when the zones page summarises)."""
    found = moved.get((name, anchor))
    return found if found is not None else section(pages[name], anchor)


def part_page(first: str, slug: str) -> str:
    """A page of a split index after its first (``first``, the index's own page): ``control/d-f.md`` beside
    ``control.md``, ``places/index/d-f.md`` beside ``places/index.md`` (in a folder of its own: a place's id
    could be "d-f"). Out of the navigation: the path has a folder and is no folder's ``index.md``."""
    return f"{first.removesuffix('.md')}/{slug}.md"


def record_location(
    kind: RecordKind[Any], record_id: str, event_pages: Mapping[str, str], moved: Mapping[tuple[str, str], str] = NOTHING_MOVED
) -> str:
    """Where a record is shown: its page, or its section of a page (``event_pages``: the timeline page of each
    event, by id; see :mod:`explainer.layout`; ``moved``: the sections of split index pages, see
    :func:`index_section`)."""
    if isinstance(kind.page, OwnPage):
        return record_page(kind, record_id)
    if isinstance(kind.page, TimelineSection):
        return section(event_pages[record_id], record_id)
    if isinstance(kind.page, IndexSection):
        return index_section(kind.page.index, record_id, INDEX_PAGES, moved)
    raise ValueError(f"records of the kind '{kind.name}' are not shown anywhere of their own")


def timeline_page(year: int, month: int | None = None, part: int | None = None) -> str:
    """A timeline page: a year's (``timeline/2020.md``), a month's (``timeline/2020-02.md``), or a part of a
    month's (``timeline/2020-02-2.md``)."""
    name = str(year) + (f"-{month:02d}" if month is not None else "") + (f"-{part}" if part is not None else "")
    return f"{TIMELINE_FOLDER}/{name}.md"


def event_permalink(event_id: str) -> str:
    """An event's permanent address, a file that forwards to its section wherever the timeline puts it.

    (A file, not a folder with an index.html: a large site has tens of thousands of them.)
    """
    return f"{EVENTS.folder}/{event_id}.html"


def embed_page(embed_id: str) -> str:
    """The page of a chart or map on its own, for other sites to frame: ``embed/<id>/index.html``."""
    return f"{EMBED_FOLDER}/{embed_id}/index.html"


def download(chart_id: str, extension: str) -> str:
    """A chart's data as a file: ``charts/<id>.csv`` or ``charts/<id>.json``."""
    return f"{DOWNLOADS_FOLDER}/{chart_id}.{extension}"


def top_level_names() -> list[str]:
    """The first name of every path the generator writes (``places``, ``index``, ``embed``), without suffix:
    names that hand-written pages may not take."""
    paths = [*INDEX_PAGES.values(), AGREEMENTS_INDEX, timeline_page(2000), event_permalink("id"), embed_page("id"), download("id", "csv")]
    paths += [record_page(kind, "id") for kind in RECORD_KINDS if isinstance(kind.page, OwnPage)]
    return sorted({path.split("/", 1)[0].split(".", 1)[0] for path in paths})
