"""Index pages that stay small however large the topic: split into pages by a stable, meaningful key.

An index page lists every record of a kind (Who is who, the places, who held what, the disputes, the
sources), so it grows with the data: at 10,000 events the control page listed hundreds of places, each a
section, and the browser spent seconds on its headings. Past :data:`INDEX_PAGE_LIMITS` entries an index is
split, as long lists are on reference sites: by ranges of names ("A–C", "D–F", "Ba–Be" when one letter
alone would be too long), the sources by ranges of their publication dates ("2015–2017", "March 2019"),
each page with its own title ("Places: A–C") and a list of all the pages at its top and bottom. The first
page stays at the index's own address, so that links to it keep working; the others go beside it
(:func:`part_page`), outside the navigation. A topic under every limit keeps its index pages as they were.

The zones page does not split: past :data:`ZONES_LISTED` zones (or :data:`ZONE_EVENTS_LISTED` events in
them, or :data:`ZONE_CHARTS_LISTED` agreements with charts) it summarises, each agreement with its number of
zones and a link to its own page, which shows its zones in full.

Where each record's section is (``control/#place-id``) follows the split: :class:`IndexPlan` knows the page
that holds every section of a split index, and :func:`explainer.routes.index_section` is the one function
links to sections of index pages go through (``h.page``, ``h.url``, the links of hand-written pages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .routes import part_page, section

T = TypeVar("T")

#: Most entries on one page of each index that splits; an index with more is split (by name; the sources by
#: publication date). A page of Who is who, the control page and the disputes page has a section (a heading)
#: per entry; the places and the sources a line each.
INDEX_PAGE_LIMITS: dict[str, int] = {
    "who_is_who": 100,
    "places": 1_000,
    "control": 100,
    "disputes": 100,
    "sources": 1_000,
}

#: The zones page shows every zone with its map and what happened in it while there are at most this many
#: zones, ...
ZONES_LISTED = 40
#: ... at most this many events listed in them, ...
ZONE_EVENTS_LISTED = 600
#: ... and at most this many agreements with zones (each with its chart); past any of them it summarises.
ZONE_CHARTS_LISTED = 8


def zones_summarised(agreements: int, zones: int, events: Callable[[], int]) -> bool:
    """Whether the zones page summarises: past :data:`ZONE_CHARTS_LISTED` agreements with zones, or
    :data:`ZONES_LISTED` zones, or :data:`ZONE_EVENTS_LISTED` events in them (``events()``: counted only when
    the others are within their limits)."""
    if agreements > ZONE_CHARTS_LISTED or zones > ZONES_LISTED:
        return True
    return events() > ZONE_EVENTS_LISTED


@dataclass(frozen=True)
class Key:
    """Where an entry falls at one level of an ordering: "b" (names starting with B), "2019-03"."""

    value: str
    """What entries of the same group share (compared, never shown)."""
    label: str
    """The group as a reader sees it in a page's name: "B", "Ba", "March 2019"."""
    slug: str
    """The group in a page's address: "b", "ba", "2019-03" (letters, digits and hyphens)."""


@dataclass(frozen=True)
class Ordering(Generic[T]):
    """How the entries of an index split, coarse to fine: ``key(entry, level)`` for ``level`` below
    ``depth(entry)`` (the first letter of a name, then the first two…); entries must come sorted so that the
    entries of a group at each level are next to each other."""

    key: Callable[[T, int], Key]
    depth: Callable[[T], int]

    def at(self, entry: T, level: int) -> Key:
        """The entry's key at ``level``, or its finest when it has no key that fine (a short name)."""
        return self.key(entry, min(level, self.depth(entry) - 1))


@dataclass(frozen=True)
class Chunk(Generic[T]):
    """The entries of one page of a split index, and the name of their range."""

    label: str
    """"A–C", "Ba", "2015–2017"."""
    slug: str
    """"a-c", "ba", "2015-2017": unique among the index's pages."""
    entries: list[T]


def split(entries: Sequence[T], ordering: Ordering[T], limit: int) -> list[Chunk[T]]:
    """``entries`` (in order) on pages of at most ``limit``, each page a range of whole groups of the coarsest
    level that fits (a group too large for one page is split at a finer level, and at the finest in plain
    parts); one chunk (named "") when they fit on one page."""
    if len(entries) <= limit:
        return [Chunk("", "", list(entries))]
    ranges = list(_ranges(entries, ordering, limit, 0))
    used: set[str] = set()
    chunks = []
    for label, slug, found in ranges:
        chunks.append(Chunk(label, _unique(slug or "part", used), found))
    return chunks


def _ranges(entries: Sequence[T], ordering: Ordering[T], limit: int, level: int) -> Iterator[tuple[str, str, list[T]]]:
    current: list[T] = []
    for group in _runs(entries, ordering, level):
        if len(group) > limit:
            if current:
                yield _named(current, ordering, level)
                current = []
            finer = _finer_level(group, ordering, level)
            if finer is None:
                yield from _parts(group, ordering, limit)
            else:
                yield from _ranges(group, ordering, limit, finer)
        elif len(current) + len(group) > limit:
            yield _named(current, ordering, level)
            current = list(group)
        else:
            current += group
    if current:
        yield _named(current, ordering, level)


def _runs(entries: Sequence[T], ordering: Ordering[T], level: int) -> Iterator[list[T]]:
    """Consecutive entries with the same key at ``level``."""
    run: list[T] = []
    value: str | None = None
    for entry in entries:
        key = ordering.at(entry, level).value
        if run and key != value:
            yield run
            run = []
        run.append(entry)
        value = key
    if run:
        yield run


def _finer_level(group: list[T], ordering: Ordering[T], level: int) -> int | None:
    """The first level below ``level`` at which the group's entries differ; None when they never do."""
    deepest = max(ordering.depth(entry) for entry in group)
    for finer in range(level + 1, deepest):
        first = ordering.at(group[0], finer).value
        if any(ordering.at(entry, finer).value != first for entry in group):
            return finer
    return None


def _named(entries: list[T], ordering: Ordering[T], level: int) -> tuple[str, str, list[T]]:
    first, last = ordering.at(entries[0], level), ordering.at(entries[-1], level)
    if first.value == last.value:
        return first.label, first.slug, entries
    dash = " – " if " " in first.label + last.label else "–"
    return f"{first.label}{dash}{last.label}", f"{first.slug}-{last.slug}", entries


def _parts(group: list[T], ordering: Ordering[T], limit: int) -> Iterator[tuple[str, str, list[T]]]:
    """A group whose entries cannot be told apart (one name, too many times): numbered parts."""
    key = ordering.at(group[0], ordering.depth(group[0]) - 1)
    for number, start in enumerate(range(0, len(group), limit), 1):
        yield f"{key.label} ({number})", f"{key.slug}-{number}", group[start : start + limit]


def _unique(slug: str, used: set[str]) -> str:
    # "index" would be the address of the index itself (and of a page in the navigation).
    found, number = slug, 1
    while found in used or found == "index":
        number += 1
        found = f"{slug}-{number}"
    used.add(found)
    return found


# --- the orderings ------------------------------------------------------------------------------------------------

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
#: The first letter of each word of a name's beginning, capitalised for a page's name: "is a" → "Is A".
_CAPITAL_AFTER_SPACE = re.compile(r"(?:^|(?<=\s))\S")


def slug_of(text: str) -> str:
    """Letters and digits of ``text`` for an address: accents dropped, lower case, anything else a hyphen;
    "u" and the code points for a script without Latin letters ("u0628")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    return slug or "u" + "-".join(f"{ord(char):04x}" for char in text if not char.isspace())


def by_name(name: Callable[[T], str]) -> Ordering[T]:
    """Entries sorted by ``name(entry).casefold()``, split by its first letter, then its first two letters…"""

    def key(entry: T, level: int) -> Key:
        prefix = name(entry).casefold()[: level + 1]
        return Key(prefix, _CAPITAL_AFTER_SPACE.sub(lambda letter: letter.group().upper(), prefix).rstrip(), slug_of(prefix))

    return Ordering(key, lambda entry: max(1, len(name(entry).casefold())))


def by_date(year: Callable[[T], int], month: Callable[[T], int], month_label: Callable[[int, int], str]) -> Ordering[T]:
    """Entries sorted by date, split by year, then by month (``month_label(year, month)``: "March 2019")."""

    def key(entry: T, level: int) -> Key:
        found_year = year(entry)
        if level == 0:
            return Key(str(found_year), str(found_year), str(found_year))
        found_month = month(entry)
        return Key(f"{found_year}-{found_month:02d}", month_label(found_year, found_month), f"{found_year}-{found_month:02d}")

    return Ordering(key, lambda entry: 2)


# --- the plan of the index pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexPart:
    """One page of a split index."""

    src: str
    """Its page: the index's own for the first, :func:`explainer.routes.part_page` for the others."""
    label: str
    """Its range, as the page list and its title show it: "A–C"."""


@dataclass(frozen=True)
class Paging:
    """Where a page stands among the pages of its index, for the page list at its top and bottom."""

    parts: tuple[IndexPart, ...]
    """Every page of the index, in order."""
    current: int
    """The position of this page among them."""

    @property
    def here(self) -> IndexPart:
        """This page."""
        return self.parts[self.current]


@dataclass
class IndexPlan:
    """How each index page is laid out: the pages of each split index, and where each of their sections is."""

    pages: dict[str, list[tuple[IndexPart, frozenset[str]]]] = field(default_factory=dict)
    """Each split index's pages (by index name), first page first, each with the ids of the entries it lists;
    an index on one page is not here."""
    moved: dict[tuple[str, str], str] = field(default_factory=dict)
    """Where each section of an index page that is not on the index's first page is (``src#anchor``), by
    (index name, anchor): for :func:`explainer.routes.index_section`."""
    zones_summary: bool = False
    """Whether the zones page summarises (each agreement's page shows its zones)."""
    _placed: set[tuple[str, str]] = field(default_factory=set)

    def add(self, name: str, first_src: str, chunks: list[Chunk[T]], entry_id: Callable[[T], str]) -> list[Paging]:
        """Record an index split into ``chunks``; the paging of each of its pages (none for an index on one page)."""
        if len(chunks) < 2:
            return []
        parts = tuple(
            IndexPart(first_src if number == 0 else part_page(first_src, chunk.slug), chunk.label) for number, chunk in enumerate(chunks)
        )
        self.pages[name] = [(part, frozenset(entry_id(entry) for entry in chunk.entries)) for part, chunk in zip(parts, chunks)]
        return [Paging(parts, number) for number in range(len(parts))]

    def place(self, name: str, anchor: str, src: str, first_src: str) -> None:
        """Record that the section ``anchor`` of the index ``name`` is on ``src`` (nothing when on the first page,
        or when an earlier page of the index already has it: a camp's heading is on each page with its actors)."""
        if (name, anchor) in self._placed:
            return
        self._placed.add((name, anchor))
        if src != first_src:
            self.moved[(name, anchor)] = section(src, anchor)
