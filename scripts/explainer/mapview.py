"""Maps of control at a chosen date: each place where a gazetteer puts it, coloured by who held it then.

A map is drawn at build time as SVG, like the charts' previews (preview.py), and
needs nothing else to be read: each place is a link to its page with a title
saying who held it on the map's date, and the table under it says the same in
words. ``explainer-map.js`` then lets the reader move through time: it recolours
the SVG and rewrites the table from the data the page carries (JSON in a
``<template>``), and keeps the date in the address (``?date=2020-02-01``).

What is drawn, and from what:

- **Places** at their ``coordinates`` (a gazetteer record: GeoNames, Wikidata or
  OpenStreetMap, :class:`~explainer.model.Coordinates`). A place without them is
  not placed: it is listed under the map, never given an estimated position.
- **Areas**: a place with places within it (a province) is drawn as the Natural
  Earth province that holds all of their positions, when one does (and only
  then): that is the outline's link to the data, not its name.
- **Who held it**, from the derived control history (:func:`explainer.derive.control_history`):
  what a source reports on that date is solid, what the site presumes between two
  reports is hatched, what no source says is grey and dotted, and a place no source
  reports on at any date is hollow. Part of a place is a ring. Each holder has the
  colour the control chart gives it (:attr:`explainer.charts.ChartContext.holder_colours`):
  one colour means one thing across the site.
- **Zones** of agreements, as the outlines of their areas (dashed where a zone
  covers only part of an area, which part the sources do not say), from the
  agreement's date on; a place covered as a whole is ringed.
- **Outlines** of countries and provinces from Natural Earth (public domain),
  vendored in ``data/natural-earth.json`` by ``scripts/vendor-natural-earth``: no
  tiles, no request to any host.

Everything is in the topic's data; the module reads the vendored outlines once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup, escape

from .charts import UNKNOWN_COLOUR
from .colours import ACTOR_PALETTE, SHARED
from .dataset import Dataset
from .dates import HistoricalDate, month_name
from .derive import ControlPeriod, Index
from .i18n import Words as SiteWords
from .i18n import gettext_noop
from .i18n import words as words_of
from .kinds import PLACES
from .model import Agreement, Place, Zone
from .routes import record_page, section
from .urls import HERE

OUTLINES_FILE = Path(__file__).parent / "data" / "natural-earth.json"
WORLD_OUTLINES_FILE = Path(__file__).parent / "data" / "natural-earth-world.json"
"""Every country, coarser (1:110m): for a map whose view leaves the box of :data:`OUTLINES_FILE`."""

#: Width of every map's drawing, in the SVG's own units (its height follows from the area shown).
WIDTH = 600.0
#: How far around what a map shows it reaches, in degrees of latitude.
MARGIN = 0.25
#: How much of the map a place's own map shows around it, in degrees of latitude, above and below.
PLACE_SPAN = 0.75
#: Widest and narrowest shape of a map (width over height): a view outside them is widened or heightened; the
#: small map of a place or a zone is wider (it sits in the page's text).
WIDEST, NARROWEST, NARROWEST_SMALL = 1.8, 0.8, 1.4
#: The colour of "no source reports it": the control chart's.
UNKNOWN = UNKNOWN_COLOUR

Basis = Literal["reported", "presumed", "unknown", "none"]

PLACE_TITLE = gettext_noop("%(place)s on %(date)s: %(held)s, %(basis)s")
"""A place's title on a map at a date (a catalogue message: the page's script fills it in too)."""
PART_OF_IT = gettext_noop("%(holder)s (part of it)")
"""Who held part of a place (the page's script fills it in too)."""

#: What each basis is called in the map's table and titles (translated where shown: :meth:`Words.basis`).
BASIS_WORDS: dict[str, str] = {
    "reported": gettext_noop("reported"),
    "presumed": gettext_noop("presumed"),
    "unknown": gettext_noop("not reported"),
    "none": gettext_noop("not reported at any date"),
}


# --- outlines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outline:
    """A country or province of Natural Earth: its id, its name and its rings of (longitude, latitude)."""

    id: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]

    def contains(self, lon: float, lat: float) -> bool:
        """Whether a point lies inside (even-odd over every ring, so that holes are outside)."""
        inside = False
        for ring in self.rings:
            previous = ring[-1]
            for point in ring:
                (x1, y1), (x2, y2) = previous, point
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
                previous = point
        return inside

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        lons = [lon for ring in self.rings for lon, _ in ring]
        lats = [lat for ring in self.rings for _, lat in ring]
        return min(lons), min(lats), max(lons), max(lats)


@dataclass(frozen=True)
class Outlines:
    """The vendored Natural Earth outlines and the box they were cut to."""

    bbox: tuple[float, float, float, float]
    countries: tuple[Outline, ...]
    provinces: tuple[Outline, ...]

    def province_holding(self, points: Sequence[tuple[float, float]]) -> Outline | None:
        """The one province that holds every point, or None (no point, or not all in one province)."""
        if not points:
            return None
        found = [province for province in self.provinces if all(province.contains(lon, lat) for lon, lat in points)]
        if not found or found[1:]:
            return None  # none holds them all, or the outlines overlap: which one it is, is not known
        return found[0]


def _outline(entry: dict[str, Any]) -> Outline:
    rings = tuple(tuple(zip(ring[0::2], ring[1::2])) for ring in entry["rings"])
    return Outline(str(entry["id"]), str(entry["name"]), rings)


@functools.cache
def natural_earth(path: Path = OUTLINES_FILE) -> Outlines:
    """The vendored outlines (read once per process: they never change during a build)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return Outlines(
        tuple(document["bbox"]),
        tuple(_outline(entry) for entry in document["countries"]),
        tuple(_outline(entry) for entry in document["provinces"]),
    )


# --- projection --------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """The area a map shows, in degrees, and how it is projected onto the SVG: longitudes shrink by the cosine
    of the middle latitude (an equirectangular projection, true enough for a region)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def squeeze(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        """SVG units per degree of latitude."""
        return WIDTH / ((self.east - self.west) * self.squeeze)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.squeeze * self.scale, (self.north - lat) * self.scale

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @classmethod
    def around(
        cls, west: float, south: float, east: float, north: float, *, least: float = 0.0, narrowest: float = NARROWEST
    ) -> View:
        """A view of a box with a margin, at least ``least`` degrees of latitude tall, its shape (width over height)
        between ``narrowest`` and :data:`WIDEST`: a view too tall is widened, one too wide heightened."""
        middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
        squeeze = math.cos(math.radians(middle_lat))
        half_height = max((north - south) / 2 + MARGIN, least / 2)
        half_width = (east - west) / 2 + MARGIN / squeeze  # in degrees of longitude
        shape = half_width * squeeze / half_height
        if shape < narrowest:
            half_width = half_height * narrowest / squeeze
        elif shape > WIDEST:
            half_height = half_width * squeeze / WIDEST
        return cls(middle_lon - half_width, middle_lat - half_height, middle_lon + half_width, middle_lat + half_height)


def _clip(ring: Sequence[tuple[float, float]], view: View) -> list[tuple[float, float]]:
    """A ring cut to the view with a margin (Sutherland–Hodgman): the cut edges fall outside what is shown."""
    pad_lat = (view.north - view.south) * 0.05
    pad_lon = (view.east - view.west) * 0.05
    west, east, south, north = view.west - pad_lon, view.east + pad_lon, view.south - pad_lat, view.north + pad_lat

    def cut(points: list[tuple[float, float]], inside: Callable[[tuple[float, float]], bool], cross: Callable[[tuple[float, float], tuple[float, float]], tuple[float, float]]) -> list[tuple[float, float]]:
        result: list[tuple[float, float]] = []
        previous = points[-1] if points else None
        for point in points:
            assert previous is not None
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        return result

    def at_lon(a: tuple[float, float], b: tuple[float, float], lon: float) -> tuple[float, float]:
        return lon, a[1] + (lon - a[0]) / (b[0] - a[0]) * (b[1] - a[1])

    def at_lat(a: tuple[float, float], b: tuple[float, float], lat: float) -> tuple[float, float]:
        return a[0] + (lat - a[1]) / (b[1] - a[1]) * (b[0] - a[0]), lat

    points = list(ring)
    points = cut(points, lambda p: p[0] >= west, lambda a, b: at_lon(a, b, west))
    points = cut(points, lambda p: p[0] <= east, lambda a, b: at_lon(a, b, east))
    points = cut(points, lambda p: p[1] >= south, lambda a, b: at_lat(a, b, south))
    points = cut(points, lambda p: p[1] <= north, lambda a, b: at_lat(a, b, north))
    return points


def _reaches(bounds: tuple[float, float, float, float], view: View) -> bool:
    """Whether a box (west, south, east, north) and the view's overlap."""
    west, south, east, north = bounds
    return west <= view.east and view.west <= east and south <= view.north and view.south <= north


def _path(outline: Outline, view: View) -> str:
    """SVG path data of an outline within a view ("" when none of it is in the view)."""
    parts = []
    for ring in outline.rings:
        points = _clip(ring, view)
        if len(points) < 3:
            continue
        coordinates = [view.xy(lon, lat) for lon, lat in points]
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in coordinates) + "Z")
    return "".join(parts)


# --- who held what, when -------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """The days over which one row of a place's control history holds, both ends included (None: open)."""

    first: dt.date | None
    last: dt.date | None
    period: ControlPeriod

    def covers(self, day: dt.date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


def segments(history: Sequence[ControlPeriod]) -> list[Segment]:
    """Each row of a history as the days it holds: a report over the days its date may mean; a row between two
    reports from the day after the first to the day before the second; after the last report, without a limit.

    Before a place's first report the map says that no source reports who held it: a change names who held
    the place just before it, never since when (the control chart draws that row fading out instead)."""
    one = dt.timedelta(days=1)
    found = []
    first: dt.date | None
    last: dt.date | None
    for period in history:
        if period.point is None and period.after is None and period.holder is not None:
            period = dataclasses.replace(period, holder=None, basis="unknown")
        if period.point is not None:
            first, last = period.point.date.lower, period.point.date.upper
        else:
            first = period.after.date.upper + one if period.after is not None else None
            last = period.before.date.lower - one if period.before is not None else None
        if first is not None and last is not None and last < first:
            continue  # two reports with no day between them
        found.append(Segment(first, last, period))
    return found


def state_at(found: Sequence[Segment], day: dt.date) -> ControlPeriod | None:
    """The row that holds on a day: the latest in the history's order when reports overlap (None: no row does)."""
    for segment in reversed(found):
        if segment.covers(day):
            return segment.period
    return None


def basis_of(period: ControlPeriod | None) -> Basis:
    if period is None:
        return "none"
    if period.holder is None:
        return "unknown"
    return period.basis


# --- what a map shows ---------------------------------------------------------------------


MapKind = Literal["all", "place", "zone"]


@dataclass(frozen=True)
class MapSpec:
    """Which map: every place, the surroundings of one place, or one zone of an agreement."""

    kind: MapKind = "all"
    place: str | None = None
    agreement: str | None = None
    zone: str | None = None

    @property
    def id(self) -> str:
        """A stable id, also the address of the map's embed page (``embed/<id>/``)."""
        if self.kind == "place":
            return f"map-place-{self.place}"
        if self.kind == "zone":
            return f"map-zone-{self.agreement}-{self.zone}"
        return "map"


@dataclass(frozen=True)
class Feature:
    """A place a map lists: drawn as a point (its position) or an area (its outline), or only listed in its table
    (``kind`` "listed": a place whose holders are reported but which cannot be placed), with its history by days."""

    place: Place
    kind: Literal["point", "area", "listed"]
    shape: str
    """For a point, "x y" of its centre; for an area, its SVG path data; for a listed place, ""."""
    segments: list[Segment]

    @property
    def id(self) -> str:
        return self.place.id

    @property
    def drawn(self) -> bool:
        return self.kind != "listed"


@dataclass(frozen=True)
class ZoneArea:
    """One area of a zone as drawn: an outline (dashed when the zone covers only part of it) or a ring."""

    place: Place
    extent: Literal["whole", "part"]
    shape: str
    ring: bool = False
    """Whether it is drawn as a ring around a place's position (a place without an outline)."""


@dataclass(frozen=True)
class ZoneDrawing:
    """A zone of an agreement as drawn on a map, from the agreement's date on."""

    agreement: Agreement
    zone: Zone
    areas: list[ZoneArea]
    since: dt.date
    label: tuple[float, float]

    @property
    def id(self) -> str:
        return f"{self.agreement.id}-{self.zone.id}"


@dataclass(frozen=True)
class Row:
    """A row of the table under a map: who held a place on the map's date, and what that rests on."""

    feature: Feature
    period: ControlPeriod | None
    basis: Basis
    held: str
    """Who held it, in words: "Valley Front (part of it)", or that no source reports it."""
    note: str
    link: str | None
    """Where what the row rests on is told (an event's section, a place's history), as ``src#anchor``."""
    basis_words: str
    """What the row rests on, in a word or two: "reported", "presumed", "not reported"."""


@dataclass(frozen=True)
class Words:
    """The words a map writes, in the site's language: each actor's name, how each source is cited, what each
    row rests on; and where each event is told."""

    names: dict[str, str]
    """Each actor's name, by id."""
    sources: dict[str, str]
    """"The Herald, 10 March 2020", by source id."""
    events: dict[str, str]
    """``page.md#event-id`` of each event."""
    lang: SiteWords = field(default_factory=words_of)
    """The site's own words (:mod:`explainer.i18n`)."""

    def held(self, period: ControlPeriod | None) -> str:
        if period is None or period.holder is None:
            return self.lang.gettext("no source reports who held it")
        if period.extent == "partial":
            return self.lang.gettext(PART_OF_IT, holder=self.names[period.holder])
        return self.names[period.holder]

    def basis(self, basis: str) -> str:
        """A basis (:data:`BASIS_WORDS`) in words."""
        return self.lang.gettext(BASIS_WORDS[basis])

    def basis_of(self, period: ControlPeriod | None) -> str:
        """What a row rests on, in words: its basis (:meth:`basis`), or :meth:`undated_day` where that says more."""
        return self.undated_day(period) or self.basis(basis_of(period))

    def undated_day(self, period: ControlPeriod | None) -> str | None:
        """For a report dated to a month, a year or a range, which the map shows on each of its days while no
        source names the day: that date, in words; else None. A statement held the place for all of it ("reported
        for March 2020, no single day given"); a change happened on some day of it, so the map's holder may not yet
        hold the place on the day shown ("taken in March 2020, no single day given")."""
        if period is None or period.holder is None or period.point is None or period.point.date.precision == "day":
            return None
        date = period.point.date_words(self.lang)
        if period.point.kind == "change":
            return self.lang.gettext("taken in %(date)s, no single day given", date=date)
        return self.lang.gettext("reported for %(date)s, no single day given", date=date)

    def cited(self, ids: Iterable[str]) -> str:
        return "; ".join(self.sources[source] for source in ids)

    def day(self, day: dt.date) -> str:
        """A day in words: "1 February 2020"."""
        return self.lang.gettext("%(day)s %(month)s %(year)s", day=day.day, month=month_name(self.lang, day.month), year=day.year)

    def note(self, period: ControlPeriod | None) -> str:
        """What a row rests on, in a sentence: the report and its sources, or what no source reports."""
        w = self.lang
        if period is None:
            return w.gettext("No source reports who held it at any date.")
        point = period.point
        if point is not None:
            holder = self.names[point.holder]
            partial = point.extent == "partial"
            if point.kind == "report":
                what = w.gettext("%(holder)s held part of it", holder=holder) if partial else w.gettext("%(holder)s held it", holder=holder)
            elif point.previous is not None:
                previous = self.names[point.previous]
                what = (
                    w.gettext("%(holder)s took part of it from %(previous)s", holder=holder, previous=previous)
                    if partial
                    else w.gettext("%(holder)s took it from %(previous)s", holder=holder, previous=previous)
                )
            else:
                what = w.gettext("%(holder)s took part of it", holder=holder) if partial else w.gettext("%(holder)s took it", holder=holder)
            return w.gettext(
                "%(what)s, %(date)s; reported by %(sources)s.", what=what, date=point.date_words(w), sources=self.cited(point.sources)
            )
        gap = period.gap_words(w)
        sentences = [w.gettext("%(sentence)s.", sentence=gap[:1].upper() + gap[1:])]
        if period.missing_change is not None:
            earlier, later = (self.names[actor] for actor in period.missing_change)
            sentences.append(
                w.gettext(
                    "The sources report %(earlier)s holding it, then %(later)s: a change in between is not reported, or they disagree.",
                    earlier=earlier,
                    later=later,
                )
            )
        reports = [
            w.gettext("%(date)s, %(sources)s", date=p.date_words(w), sources=self.cited(p.sources))
            for p in (period.after, period.before)
            if p is not None
        ]
        if len(reports) == 2:
            sentences.append(w.gettext("It lies between the report of %(first)s and that of %(second)s.", first=reports[0], second=reports[1]))
        elif reports:
            sentences.append(w.gettext("The nearest report: %(report)s.", report=reports[0]))
        return " ".join(sentences)

    def link(self, period: ControlPeriod | None) -> str | None:
        """Where the report a row rests on is told: its event's section, or the place's history for a statement."""
        point = None if period is None else period.point or period.after or period.before
        if point is None:
            return None
        return self.events[point.event] if point.event is not None else section(record_page(PLACES, point.place), "control")


@dataclass(frozen=True)
class MapView:
    """A map ready to render: what it shows, drawn at its default date, and the data to move it through time."""

    spec: MapSpec
    title: str
    caption: str
    page: str
    """Source path of the page the map belongs to (its embed page links back to it)."""
    view: View
    countries: list[str]
    """Path data of the countries' outlines."""
    provinces: list[str]
    """Path data of the provinces' outlines."""
    features: list[Feature]
    """The places drawn (areas first, then points), then those only listed, each group by name."""
    zones: list[ZoneDrawing]
    date: dt.date
    """The date the map shows first: the newest source's (the agreement's, on a zone's map)."""
    first: dt.date
    last: dt.date
    """The first and last dates the reader can choose."""
    unplaced: list[Place]
    """Places the map would show but cannot place: no gazetteer position is recorded."""
    colours: dict[str, str]
    """Each holder's colour: the control chart's."""
    words: Words
    changes: list[dt.date] = field(default_factory=list)
    """The days on which what the map shows changes, for its previous and next buttons."""

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def drawn(self) -> list[Feature]:
        return [feature for feature in self.features if feature.drawn]

    @functools.cached_property
    def holders(self) -> list[str]:
        """Every holder the map can show, at any date, in the order of their names."""
        found = {segment.period.holder for feature in self.features for segment in feature.segments if segment.period.holder}
        return sorted(found, key=lambda holder: (self.words.names[holder].casefold(), holder))

    @property
    def legend_holders(self) -> list[str]:
        """:attr:`holders` as the legend lists them: those with a colour of their own first, then those that share
        one (:data:`explainer.colours.SHARED`)."""
        return sorted(self.holders, key=lambda holder: self.colours[holder] == SHARED)

    def pattern(self, holder: str) -> str:
        """The id of the hatching that marks a holder presumed."""
        return f"{self.id}-presumed-{self.holders.index(holder)}"

    def fill(self, period: ControlPeriod | None) -> str:
        """The fill of a place in a state: the holder's colour, its hatching, grey dots, or none."""
        basis = basis_of(period)
        if basis == "none":
            return "none"
        if basis == "unknown":
            return f"url(#{self.id}-unknown)"
        assert period is not None and period.holder is not None
        return self.colours[period.holder] if basis == "reported" else f"url(#{self.pattern(period.holder)})"

    def state(self, feature: Feature, day: dt.date | None = None) -> ControlPeriod | None:
        return state_at(feature.segments, day or self.date)

    def title_of(self, feature: Feature, day: dt.date | None = None) -> str:
        """A place's title on the map: "Riverton on 7 March 2020: Northern Guard, reported" (``explainer-map.js``
        fills in :data:`PLACE_TITLE` the same way when the reader moves the date)."""
        period = self.state(feature, day)
        return self.words.lang.gettext(
            PLACE_TITLE,
            place=feature.place.name,
            held=self.words.held(period),
            basis=self.words.basis_of(period),
            date=self.words.day(day or self.date),
        )

    def rows(self, day: dt.date | None = None) -> list[Row]:
        """Who held each place the map lists on a day (its date by default), in the order of their names."""
        rows = []
        for feature in sorted(self.features, key=lambda f: (f.place.name.casefold(), f.id)):
            period = self.state(feature, day)
            basis = basis_of(period)
            rows.append(
                Row(feature, period, basis, self.words.held(period), self.words.note(period), self.words.link(period), self.words.basis_of(period))
            )
        return rows

    @property
    def has_partial(self) -> bool:
        """Whether a source reports anyone holding part of a place the map shows, at any date."""
        return any(segment.period.extent == "partial" for feature in self.drawn for segment in feature.segments)

    @property
    def has_none(self) -> bool:
        """Whether the map shows a place no source reports the holder of, at any date."""
        return any(not feature.segments for feature in self.drawn)

    @property
    def has_part_zone(self) -> bool:
        return any(area.extent == "part" for drawing in self.zones for area in drawing.areas)

    def key(self, kind: str, holder: str | None = None) -> Markup:
        """A key of the legend (see :func:`legend_key`)."""
        return legend_key(self, kind, holder)

    def date_words(self, day: dt.date | None = None) -> str:
        """The map's date (or ``day``) in words: "1 February 2020"."""
        return self.words.day(day or self.date)

    @property
    def days(self) -> int:
        """How many days the reader can choose from, less one (the range control's last value)."""
        return (self.last - self.first).days

    @property
    def day(self) -> int:
        """The map's date as the range control's value."""
        return (self.date - self.first).days

    def svg(self, link: Callable[[str], str], new_tab: bool = False) -> Markup:
        """The map as SVG at its date; ``link(src)`` is a page's address from where the map is shown."""
        return Markup(_svg(self, link, new_tab))

    def data(self, link: Callable[[str], str]) -> dict[str, Any]:
        """What ``explainer-map.js`` needs to show the map at any date (JSON in the page)."""
        return {
            "map": self.id,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "date": self.date.isoformat(),
            "months": list(self.words.lang.month_names()),
            "changes": [day.isoformat() for day in self.changes],
            "basis": {basis: self.words.basis(basis) for basis in BASIS_WORDS},
            "title": self.words.lang.translations.gettext(PLACE_TITLE),
            "part": self.words.lang.translations.gettext(PART_OF_IT),
            "none": self.words.held(None),
            "nothing": self.words.note(None),
            "unknown": f"url(#{self.id}-unknown)",
            "holders": {
                holder: {"name": self.words.names[holder], "colour": self.colours[holder], "presumed": f"url(#{self.pattern(holder)})"}
                for holder in self.holders
            },
            "features": [
                {
                    "id": feature.id,
                    "name": feature.place.name,
                    "segments": [
                        [
                            segment.first.isoformat() if segment.first else None,
                            segment.last.isoformat() if segment.last else None,
                            segment.period.holder,
                            basis_of(segment.period),
                            segment.period.extent == "partial",
                            self.words.note(segment.period),
                            link(target) if (target := self.words.link(segment.period)) else "",
                            # What it rests on, where the basis alone says less (a report dated to a month).
                            self.words.undated_day(segment.period),
                        ]
                        for segment in feature.segments
                    ],
                }
                for feature in self.features
            ],
            "zones": {drawing.id: drawing.since.isoformat() for drawing in self.zones},
        }


# --- building maps -------------------------------------------------------------------------


@dataclass
class MapBuilder:
    """Makes the maps of a site: where each place is drawn is found once, then each map is a view of them."""

    data: Dataset
    index: Index
    colours: dict[str, str]
    """Each holder's colour: the control chart's (:attr:`explainer.charts.ChartContext.holder_colours`)."""
    events: dict[str, str]
    """``page.md#event-id`` of each event (:meth:`explainer.layout.EventLayout.link`)."""
    first: dt.date
    last: dt.date
    as_of: dt.date
    """The last day the newest source may have been published: the date maps show first."""
    outlines: Outlines = field(default_factory=natural_earth)

    def __post_init__(self) -> None:
        lang = words_of(self.data.site.language)
        self.words = Words(
            {actor_id: actor.name for actor_id, actor in self.data.actors.items()},
            {
                s.id: lang.gettext("%(publisher)s, %(date)s", publisher=s.publisher, date=s.published.human(lang=lang))
                for s in self.data.sources.values()
            },
            self.events,
            lang,
        )
        self.by_name = sorted(self.data.places.values(), key=lambda p: (p.name.casefold(), p.id))
        #: Each place's control history by days, found once for every map.
        self.segments = {place: segments(history) for place, history in self.index.control_history.items()}
        #: The outline each area is drawn as: a place with no position whose places within all lie in one province.
        self.areas: dict[str, Outline] = {}
        for place in sorted(self.data.places.values(), key=lambda p: p.id):
            if place.coordinates is None:
                outline = self.outlines.province_holding(self._positions_within(place.id))
                if outline is not None:
                    self.areas[place.id] = outline

    def _positions_within(self, place_id: str) -> list[tuple[float, float]]:
        """The positions of the places that lie within a place, however deep (a province's towns, their districts)."""
        found: list[tuple[float, float]] = []
        pending, seen = [place_id], {place_id}
        while pending:
            for inner in self.index.places_in_province.get(pending.pop(), []):
                if inner in seen:
                    continue
                seen.add(inner)
                pending.append(inner)
                coordinates = self.data.places[inner].coordinates
                if coordinates is not None:
                    found.append((coordinates.lon, coordinates.lat))
        return found

    def placed(self, place_id: str) -> bool:
        return self.data.places[place_id].coordinates is not None or place_id in self.areas

    def bounds_of(self, place_id: str) -> tuple[float, float, float, float] | None:
        place = self.data.places[place_id]
        if place.coordinates is not None:
            c = place.coordinates
            return c.lon, c.lat, c.lon, c.lat
        return self.areas[place_id].bounds if place_id in self.areas else None

    def zone_bounds(self, zone: Zone) -> list[tuple[float, float, float, float]]:
        return [bounds for bounds in (self.bounds_of(area.place) for area in zone.areas) if bounds is not None]

    def _countries(self, view: View) -> tuple[Outline, ...]:
        """The countries to draw: the detailed ones when the view lies in their box, else every country of the
        world at 1:110m that reaches into the view (a topic anywhere has its countries drawn)."""
        west, south, east, north = self.outlines.bbox
        if west <= view.west and view.east <= east and south <= view.south and view.north <= north:
            return self.outlines.countries
        return tuple(
            outline
            for outline in natural_earth(WORLD_OUTLINES_FILE).countries
            if _reaches(outline.bounds, view)
        )

    def has_map(self, spec: MapSpec) -> bool:
        """Whether a map can be drawn: its place is placed, or its zone has an area that is."""
        if spec.kind == "place":
            return spec.place is not None and self.placed(spec.place)
        if spec.kind == "zone":
            return bool(self.zone_bounds(self._zone(spec)))
        return True

    @staticmethod
    def _zones_since(agreement: Agreement) -> HistoricalDate:
        """When an agreement set up its zones: its date, which one with zones always has (model.Agreement)."""
        assert agreement.date is not None, f"{agreement.id}: an agreement that sets up zones has a date"
        return agreement.date

    def _zone(self, spec: MapSpec) -> Zone:
        return next(z for z in self.data.agreements[spec.agreement or ""].zones if z.id == spec.zone)

    def build(self, spec: MapSpec, page: str, title: str) -> MapView:
        data = self.data
        date = self.as_of
        unplaced: list[Place] = []
        if spec.kind == "place":
            bounds = self.bounds_of(spec.place or "")
            assert bounds is not None, "a place's map needs the place on it (see has_map)"
            view = View.around(*bounds, least=2 * PLACE_SPAN, narrowest=NARROWEST_SMALL)
        elif spec.kind == "zone":
            zone = self._zone(spec)
            view = View.around(*_union(self.zone_bounds(zone)), least=2 * PLACE_SPAN, narrowest=NARROWEST_SMALL)
            date = min(max(self._zones_since(data.agreements[spec.agreement or ""]).upper, self.first), self.last)
            unplaced = [data.places[area.place] for area in zone.areas if not self.placed(area.place)]
        else:
            drawn = [b for b in (self.bounds_of(p) for p in sorted(data.places)) if b is not None]
            view = View.around(*_union(drawn), least=2 * PLACE_SPAN) if drawn else View.around(*self.outlines.bbox)
            unplaced = sorted((p for p in data.places.values() if not self.placed(p.id)), key=lambda p: (p.name.casefold(), p.id))
        features = self._features(view, listed=spec.kind == "all")
        zones = self._zones(view, spec)
        changes = {
            day
            for feature in features
            for segment in feature.segments
            for day in (segment.first, segment.last + dt.timedelta(days=1) if segment.last else None)
            if day is not None
        } | {drawing.since for drawing in zones}
        shared = any(
            self.colours[holder] == SHARED for feature in features for segment in feature.segments if (holder := segment.period.holder)
        )
        return MapView(
            spec=spec,
            title=title,
            caption=self._caption(spec, bool(zones), shared, self.words.lang),
            page=page,
            view=view,
            countries=[d for d in (_path(o, view) for o in self._countries(view)) if d],
            provinces=[d for d in (_path(o, view) for o in self.outlines.provinces) if d],
            features=features,
            zones=zones,
            date=date,
            first=self.first,
            last=self.last,
            unplaced=unplaced,
            colours=self.colours,
            words=self.words,
            changes=sorted(day for day in changes if self.first <= day <= self.last),
        )

    def _features(self, view: View, *, listed: bool) -> list[Feature]:
        """The places within a view (areas first: drawn under the points; each kind by name); with ``listed``, then
        every place whose holders a source reports that is not drawn."""
        areas: list[Feature] = []
        points: list[Feature] = []
        others: list[Feature] = []
        for place in self.by_name:
            history = self.segments.get(place.id, [])
            if place.coordinates is not None and view.holds(place.coordinates.lon, place.coordinates.lat):
                x, y = view.xy(place.coordinates.lon, place.coordinates.lat)
                points.append(Feature(place, "point", f"{x:.1f} {y:.1f}", history))
            elif place.id in self.areas and (shape := _path(self.areas[place.id], view)):
                areas.append(Feature(place, "area", shape, history))
            elif listed and history:
                others.append(Feature(place, "listed", "", history))
        return areas + points + others

    def _zones(self, view: View, spec: MapSpec) -> list[ZoneDrawing]:
        found = []
        for agreement in sorted(self.data.agreements.values(), key=lambda a: a.order):
            for zone in agreement.zones:
                if spec.kind == "zone" and (agreement.id, zone.id) != (spec.agreement, spec.zone):
                    continue
                areas = []
                for area in zone.areas:
                    place = self.data.places[area.place]
                    if place.id in self.areas and (shape := _path(self.areas[place.id], view)):
                        areas.append(ZoneArea(place, area.extent, shape))
                    elif place.coordinates is not None and view.holds(place.coordinates.lon, place.coordinates.lat):
                        x, y = view.xy(place.coordinates.lon, place.coordinates.lat)
                        areas.append(ZoneArea(place, area.extent, f"{x:.1f} {y:.1f}", ring=True))
                if areas:
                    found.append(ZoneDrawing(agreement, zone, areas, self._zones_since(agreement).lower, self._zone_label(areas, view)))
        return found

    def _zone_label(self, areas: list[ZoneArea], view: View) -> tuple[float, float]:
        """Where a zone's name goes: inside the top of its first whole area (or of its first area), or above a ring."""
        area = next((a for a in areas if a.extent == "whole"), areas[0])
        if area.ring:
            x, y = (float(v) for v in area.shape.split())
            return x, y - MARK - 12
        west, _, east, north = self.areas[area.place.id].bounds
        x, y = view.xy((west + east) / 2, min(north, view.north))
        return min(max(x, 90.0), WIDTH - 90), y + 16

    @staticmethod
    def _caption(spec: MapSpec, zones: bool, shared: bool, w: SiteWords) -> str:
        what = {
            "all": w.gettext("Who held each place on the chosen date, as the sources report it."),
            "place": w.gettext("Who held this place and those around it on the chosen date, as the sources report it."),
            "zone": w.gettext("The zone, and who held the places in and around it on the chosen date, as the sources report it."),
        }[spec.kind]
        sentences = [
            what,
            w.gettext(
                "A place is drawn where its gazetteer record puts it, a province as the Natural Earth province that holds"
                " its places. Solid: a source reports who held it on that date, or who held or took it in the month, year or range that holds that date; hatched: presumed, no source reports it"
                " then; grey dots: no source reports who held it then; hollow: no source reports who held it at any"
                " date; a ring: part of the place. Each colour is an actor's, as on the control chart."
            ),
        ]
        if shared:
            sentences.append(
                w.ngettext(
                    "Beyond the holder the sources report most, the others share one colour, magenta: the legend and each"
                    " place's title name each.",
                    "Beyond the %(num)s holders the sources report most, the others share one colour, magenta: the legend"
                    " and each place's title name each.",
                    len(ACTOR_PALETTE),
                )
            )
        if zones:
            sentences.append(
                w.gettext(
                    "A zone's outline is drawn from the date of the agreement that set it up (the sources do not say when"
                    " or whether it ended); dashed where the zone covers only part of an area, which part the sources do"
                    " not say."
                )
            )
        sentences.append(w.gettext("Outlines: Natural Earth (public domain), with its borders."))
        return " ".join(sentences)


def _union(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


# --- drawing -------------------------------------------------------------------------------

#: Radius of a place's mark and of the hole that marks part of a place, in SVG units.
MARK, HOLE = 7.0, 3.2


def _svg(view: MapView, link: Callable[[str], str], new_tab: bool) -> str:
    v = view.view
    uid = view.id
    out = [
        f'<svg class="ex-map-svg" viewBox="0 0 {WIDTH:.0f} {v.height:.0f}" width="100%" role="group"'
        f' aria-labelledby="{uid}-caption" preserveAspectRatio="xMidYMid meet">',
        _defs(view),
        '<g class="ex-map-base" aria-hidden="true">',
        f'<rect class="ex-map-sea" width="{WIDTH:.0f}" height="{v.height:.0f}"/>',
        *(f'<path class="ex-map-country" d="{d}"/>' for d in view.countries),
        *(f'<path class="ex-map-province" d="{d}"/>' for d in view.provinces),
        "</g>",
    ]
    target = ' target="_blank" rel="noopener"' if new_tab else ""
    for feature in view.drawn:
        period = view.state(feature)
        classes = f"ex-map-place ex-map-{feature.kind} ex-map-{basis_of(period)}" + (
            " ex-map-partial" if period is not None and period.extent == "partial" else ""
        )
        href = escape(link(record_page(PLACES, feature.id)))
        title = f"<title>{escape(view.title_of(feature))}</title>"
        fill = escape(view.fill(period))
        if feature.kind == "area":
            shape = f'<path class="ex-map-shape" d="{feature.shape}" fill="{fill}" fill-rule="evenodd"/>'
        else:
            cx, cy = feature.shape.split()
            shape = (
                f'<circle class="ex-map-shape" cx="{cx}" cy="{cy}" r="{MARK}" fill="{fill}"/>'
                f'<circle class="ex-map-hole" cx="{cx}" cy="{cy}" r="{HOLE}"/>'
            )
        # xlink:href, not href: Material's instant navigation writes every [href] of a new page back to itself,
        # which throws for an SVG link's read-only href and leaves the page unchanged. (role="link" is what an SVG
        # link is anyway; it tells crawlers' audits that this is a link, as they do not read xlink:href.)
        if href == HERE:  # the page's own place (the map of a place's page)
            out.append(f'<g class="{classes}" data-feature="{escape(feature.id)}">{title}{shape}</g>')
        else:
            out.append(f'<a class="{classes}" data-feature="{escape(feature.id)}" role="link" xlink:href="{href}"{target}>{title}{shape}</a>')
    points: list[tuple[Feature, float, float]] = []
    for feature in view.drawn:
        if feature.kind == "point":
            x, y = (float(v) for v in feature.shape.split())
            points.append((feature, x, y))
    # What a zone's name must not be written over: each place's mark and name, as big as a phone draws them.
    taken = [box for feature, x, y in points for box in (_mark_box(x, y), _place_label(x, y, feature.place.name)[2])]
    for drawing in view.zones:
        out.append(_zone(drawing, view, taken))
    for feature, x, y in points:
        anchor, dx, _ = _place_label(x, y, feature.place.name)
        out.append(
            f'<text class="ex-map-label" x="{x:.1f}" y="{y:.1f}" dx="{dx:.0f}" dy="0.35em" text-anchor="{anchor}"'
            f' aria-hidden="true">{escape(feature.place.name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


Box = tuple[float, float, float, float]
"""A rectangle on the map: west, north, east, south edges, in the map's units."""


def _mark_box(x: float, y: float) -> Box:
    return x - PHONE_MARK, y - PHONE_MARK, x + PHONE_MARK, y + PHONE_MARK


def _place_label(x: float, y: float, name: str) -> tuple[str, float, Box]:
    """A place's name beside its mark at (x, y): its anchor, its offset, and the box it takes on a phone (whose
    words are the largest, in the map's units)."""
    width = len(name) * PLACE_LABEL_EM * LABEL_EM_WIDTH
    if x > WIDTH * 0.8:  # towards the map's inside
        return "end", -MARK - 3, (x - MARK - 3 - width, y - PLACE_LABEL_EM * 0.6, x - MARK - 3, y + PLACE_LABEL_EM * 0.6)
    return "start", MARK + 3, (x + MARK + 3, y - PLACE_LABEL_EM * 0.6, x + MARK + 3 + width, y + PLACE_LABEL_EM * 0.6)


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clear_of(x: float, y: float, half: float, lines: int, height: float, taken: list[Box]) -> tuple[float, Box]:
    """Where a zone's name of ``lines`` lines, ``half`` wide each side of ``x``, with its first line's baseline
    near ``y``, is written over no place's mark or name nor another zone's name: the nearest height that is, up
    or down, within the map and within 72 units (four lines) of ``y``, so that the name stays by its zone; the
    height asked when none is."""

    def box(at: float) -> Box:
        return x - half, at - 0.8 * LABEL_EM, x + half, at + ((lines - 1) * 1.1 + 0.3) * LABEL_EM

    for step in range(0, 13):
        for at in ((y,) if step == 0 else (y - 6 * step, y + 6 * step)):
            found = box(at)
            if found[1] >= 0 and found[3] <= height and not any(_meets(found, other) for other in taken):
                return at, found
    return y, box(y)


def _zone(drawing: ZoneDrawing, view: MapView, taken: list[Box]) -> str:
    """A zone's areas and its name, written clear of what ``taken`` holds (which then holds the name too)."""
    zone_id = drawing.id
    hidden = " ex-map-hidden" if view.date < drawing.since else ""
    parts = [f'<g class="ex-map-zone{hidden}" data-zone="{escape(zone_id)}" data-since="{drawing.since.isoformat()}">']
    w = view.words.lang
    for area in drawing.areas:
        where = (
            w.gettext("part of %(place)s (which part, the sources do not say)", place=area.place.name)
            if area.extent == "part"
            else area.place.name
        )
        what = w.gettext(
            "%(zone)s: %(where)s, set up by the %(agreement)s", zone=drawing.zone.name, where=where, agreement=drawing.agreement.name
        )
        title = f"<title>{escape(what)}</title>"
        classes = "ex-map-zone-area" + (" ex-map-zone-part" if area.extent == "part" else "")
        if area.ring:
            cx, cy = area.shape.split()
            parts.append(f'<circle class="{classes}" cx="{cx}" cy="{cy}" r="{MARK + 7}">{title}</circle>')
        else:
            parts.append(f'<path class="{classes}" d="{area.shape}" fill-rule="evenodd">{title}</path>')
    x, y = drawing.label
    lines = textwrap.wrap(drawing.zone.name, LABEL_LINE) or [""]
    # Within the map however wide its lines are on a phone (where the words are largest; see explainer-map.css).
    half = max(len(line) for line in lines) * LABEL_EM * LABEL_EM_WIDTH / 2
    x = min(max(x, half + 4), WIDTH - half - 4)
    y, box = _clear_of(x, y, half, len(lines), view.view.height, taken)
    taken.append(box)
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if n == 0 else 1.1}em">{escape(line)}</tspan>' for n, line in enumerate(lines))
    parts.append(f'<text class="ex-map-zone-label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" aria-hidden="true">{spans}</text></g>')
    return "".join(parts)


#: Longest line of a zone's name on a map, in characters; its largest size (a phone's, in the map's units) and the
#: width of a character, in ems (about half, for the system fonts).
LABEL_LINE, LABEL_EM, LABEL_EM_WIDTH = 28, 18, 0.55
#: A place's name and the radius of its mark on a phone, in the map's units (explainer-map.css).
PLACE_LABEL_EM, PHONE_MARK = 21, 10.0


def _defs(view: MapView) -> str:
    """The hatching of each holder (presumed) and the grey dots (not reported), as the control chart draws them."""
    patterns = [
        f'<pattern id="{view.pattern(holder)}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="5" height="5" fill="{escape(view.colours[holder])}" fill-opacity="0.3"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{escape(view.colours[holder])}" stroke-width="2.4"/></pattern>'
        for holder in view.holders
    ]
    # The legend's key to hatching, in the text's colour: a style, not an actor.
    patterns.append(
        f'<pattern id="{view.id}-presumed-key" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="currentColor" stroke-width="1.6"/></pattern>'
    )
    patterns.append(
        f'<pattern id="{view.id}-unknown" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<rect width="4" height="4" fill="{UNKNOWN}" fill-opacity="0.3"/>'
        f'<rect x="1" y="1" width="2" height="2" fill="{UNKNOWN}"/></pattern>'
    )
    return "<defs>" + "".join(patterns) + "</defs>"


def legend_key(view: MapView, kind: str, holder: str | None = None) -> Markup:
    """A small SVG key for a map's legend: a holder's colour, or a style in the text's colour (not an actor's), its
    hatching and dots the map's own patterns."""
    colour = view.colours[holder] if holder else "currentColor"
    shapes = {
        "reported": f'<circle cx="7" cy="7" r="6" fill="{colour}"/>',
        "presumed": f'<circle cx="7" cy="7" r="6" fill="url(#{view.id}-presumed-key)" stroke="currentColor" stroke-width="0.8"/>',
        "unknown": f'<circle cx="7" cy="7" r="6" fill="url(#{view.id}-unknown)" stroke="{UNKNOWN}" stroke-width="0.8"/>',
        "none": '<circle class="ex-map-key-none" cx="7" cy="7" r="5.5"/>',
        "partial": '<circle cx="7" cy="7" r="6" fill="currentColor"/><circle class="ex-map-key-hole" cx="7" cy="7" r="2.7"/>',
        "zone": '<rect class="ex-map-key-zone" x="1.5" y="2.5" width="11" height="9"/>',
        "zone-part": '<rect class="ex-map-key-zone ex-map-key-zone-part" x="1.5" y="2.5" width="11" height="9"/>',
    }
    return Markup(
        f'<svg class="ex-map-key" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">{shapes[kind]}</svg>'
    )


def map_dates(data: Dataset, first_day: dt.date, last_day: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The first and last dates a map lets the reader choose, and the date it shows first.

    From the first day of the earliest event or agreement (``first_day``) to the end of the month after the
    newest source (what a reader checks a month later is still the map's, marked presumed); first the last day
    the newest source may have been published (``last_day`` when there is no source).
    """
    as_of = max((source.published.upper for source in data.sources.values()), default=last_day)
    following = (as_of.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last = (following + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return min(first_day, as_of), last, as_of
