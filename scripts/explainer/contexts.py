"""The context object each page template receives as ``ctx``.

One frozen dataclass per template, documented field by field: this is the
whole interface between the generator and ``templates/pages/``. A template
reads nothing else: its records, its words and what it may ask of ``ctx.h``
(links, dates, names; tests check both). Each context also declares what the
page is made of for the engine: its ``title`` and the ``headings`` of its
sections, which the template renders (``m.heading(ctx.sections[id])``) and
from which the table of contents is made, never by reading the HTML back.
A test renders the fixture topic and checks that every template received the
context type listed in :data:`TEMPLATES`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .aliases import AliasGroups, alias_groups
from .charts import Chart, ChartSpec, ControlSpec, TimelineSpec, ZonesSpec
from .dataset import Dataset
from .dates import month_name
from .derive import Citation, ControlPeriod, ControlPoint, Index, RelationLink, zone_events, zone_places
from .errors import TemplateError
from .handwritten import HandWrittenPage
from .i18n import Words, nplural
from .i18n import words as site_words
from .kinds import ACTORS, AGREEMENTS, CATEGORIES, COUNTED, EVENTS, PLACES, SOURCES
from .layout import EventLayout, EventPage, YearSummary
from .mapview import MapSpec, MapView, segments, state_at
from .model import Actor, Agreement, Alias, Camp, Category, Dispute, Event, Place, Site, Source, Zone
from .paging import (
    INDEX_PAGE_LIMITS,
    Chunk,
    IndexPlan,
    Ordering,
    Paging,
    by_date,
    by_name,
    split,
    zones_summarised,
)
from .routes import INDEX_PAGES, index_section, record_page, section
from .search import names_html
from .validate import loaded_terms_pattern

if TYPE_CHECKING:
    from .helpers import Helpers


@dataclass(frozen=True)
class SearchHints:
    """What a page tells the site's search beyond its text (Material's ``tags`` and ``search.boost`` front matter)."""

    terms: tuple[str, ...] = ()
    """Names of the page's subject (its name, and the aliases with a word the name lacks): search ranks them
    as it ranks titles, so that "Rivertown" finds the page of Riverton."""
    boost: float = 1.0
    """How much more than other pages its matches weigh."""


#: Events are sections of timeline pages, and search ranks a section below a page that matches as well
#: (Material's search favours whole pages): a search for "chemical attack" should open the attack before
#: the pages of the bodies that investigated it.
EVENT_SECTION_BOOST = 2.0


@dataclass(frozen=True)
class Heading:
    """The heading of a section of a page, as its context declares it: the template renders it
    (``m.heading``), and the page's table of contents lists it."""

    level: int
    """2 for a section of the page, 3 for a section within one (and so on)."""
    id: str
    """Its anchor: the page's address with ``#id`` opens the section."""
    text: str
    """Its words, as plain text (the template escapes them)."""


class Sections(dict[str, Heading]):
    """A page's headings by id; asking for one the context does not declare is the template's mistake."""

    def __missing__(self, key: str) -> Heading:
        declared = ", ".join(f"'{anchor}'" for anchor in self) or "none"
        raise TemplateError(
            f"the page's context declares no heading '{key}' (it declares {declared}); declare it in the context's _headings"
        )


@dataclass(frozen=True)
class PageContext:
    """Fields every page template gets, and what every page declares: its title and its sections' headings."""

    site: Site
    """The topic: its title, introduction and the titles of the index pages."""
    h: Helpers
    """Links relative to this page, dates in words, record names, editors' Markdown as safe HTML."""
    title: str
    """The page's title, as plain text: the template's <h1>, the engine's title of the page."""

    def search(self) -> SearchHints:
        """What the site's search should know of the page beyond its text."""
        return SearchHints()

    def _headings(self) -> Iterator[Heading]:
        """The headings of the page's sections, in the order the template renders them (none by default)."""
        return iter(())

    @functools.cached_property
    def headings(self) -> list[Heading]:
        """The headings of the page's sections, in order: every one is rendered by the template, and no other."""
        return list(self._headings())

    @functools.cached_property
    def sections(self) -> Sections:
        """The headings by id, for the template: ``m.heading(ctx.sections['events'])``; a section is on the page
        when its heading is here (``'events' in ctx.sections``)."""
        return Sections({heading.id: heading for heading in self.headings})

    @property
    def names_html(self) -> Markup:
        """The other names of the page's subject, hidden, for the search index: right after the <h1>."""
        names = [term for term in self.search().terms if term != self.title]
        return Markup("\n" + names_html(names).rstrip("\n")) if names else Markup("")

    @property
    def words(self) -> Words:
        """The site's own words in the topic's language (for headings; templates call ``gettext``)."""
        return site_words(self.site.language)


#: How many of the newest events the home page lists as the latest developments.
LATEST_EVENTS = 5
#: How many places the home page's lede names for one holder, and how many last reported earlier; it counts the
#: others, and the map and the control page show them all.
LEDE_PLACES = 6


@dataclass(frozen=True)
class PlaceAtReport:
    """A place in the home page's lede: the row of its control history on the lede's day, and the report it rests on."""

    place: Place
    """The place."""
    period: ControlPeriod
    """The row on that day: reported (a source reports who held it then), or presumed (no report since ``point``)."""
    point: ControlPoint
    """The report it rests on: the row's own, or for a presumed row the last report before the day."""


@dataclass(frozen=True)
class HolderAtReport:
    """One holder in the home page's lede, and the places a source reports it holding on the lede's day."""

    holder: str
    """The holder's actor id."""
    places: list[PlaceAtReport]
    """The first :data:`LEDE_PLACES` of them, by name."""
    more: int
    """How many others a source reports it holding that day (the map shows them)."""


@dataclass(frozen=True)
class Standing:
    """Where things stand at the latest source, for the home page's lede: what the map shows first, in words.

    Every fact is a row of a place's control history (:func:`explainer.derive.control_history`) on the day of
    the latest source, as the map finds it (:func:`explainer.mapview.state_at`): a place no source reports
    on that day is either presumed (its last report is earlier: the lede says which) or unknown (left out,
    as the map leaves it grey).
    """

    latest: list[Source]
    """The latest sources: those published on the newest publication date (usually one), by publisher."""
    day: dt.date
    """The last day the latest source may have been published: the map's first date."""
    reported: list[HolderAtReport]
    """Who held what according to a report on that day, by holder (holders by name); empty when none does."""
    report_sources: list[str]
    """Ids of the sources those reports rest on (published that day), by publisher."""
    earlier: list[PlaceAtReport]
    """Places whose last report is earlier (presumed unchanged since), the newest report first: the first
    :data:`LEDE_PLACES`."""
    earlier_more: int
    """How many other places were last reported earlier."""


@dataclass(frozen=True)
class HomeContext(PageContext):
    """``home.html.j2``: the home page: where things stand, the latest events, the map and the timeline, what to
    read first, then the reference pages."""

    standing: Standing | None
    """The lede's facts; None when the topic has no source."""
    latest: list[Event]
    """The :data:`LATEST_EVENTS` newest events, newest first (the reverse of the timeline's order)."""
    same_date: int
    """How many other events have the newest event's date, as written: the lede names the newest event as one of
    them, not as the latest of all."""
    map: MapView | None
    """The map of every place at the latest source's date (the map page's); None when the site has no map."""
    timeline: Chart | None
    """The timeline of every event (the timeline page's); None when there is no event."""
    articles: list[HandWrittenPage]
    """The hand-written pages under ``articles/``, in site.yaml's order: what to read first."""
    other_pages: list[HandWrittenPage]
    """The other hand-written pages (the method page), in site.yaml's order, listed with the reference pages."""
    counts: dict[str, int]
    """Number of records of each kind, by folder name, and of zones (``zones``)."""
    first_year: int | None
    """The year of the oldest event; None without events."""
    last_year: int | None
    """The year of the newest event; None without events."""

    def _headings(self) -> Iterator[Heading]:
        words = self.words
        if self.standing is not None:
            yield Heading(2, "where-things-stand", words.gettext("Where things stand"))
        if self.timeline is not None:
            yield Heading(2, "the-timeline", words.gettext("The timeline"))
        if self.latest:
            yield Heading(2, "latest-developments", words.gettext("Latest developments"))
        yield Heading(2, "about", words.gettext("About this explainer"))
        if self.articles:
            yield Heading(2, "read-first", words.gettext("Read first"))
        yield Heading(2, "reference", words.gettext("Reference"))


def standing(data: Dataset, index: Index) -> Standing | None:
    """Where things stand on the day of the latest source (see :class:`Standing`); None without a source."""
    if not data.sources:
        return None
    day = max(source.published.upper for source in data.sources.values())
    latest = sorted((s for s in data.sources.values() if s.published.upper == day), key=lambda s: (s.publisher.casefold(), s.id))
    by_holder: dict[str, list[PlaceAtReport]] = {}
    earlier: list[PlaceAtReport] = []
    for place_id, history in sorted(index.control_history.items()):
        period = state_at(segments(history), day)
        if period is None or period.holder is None:
            continue  # no source reports who held it that day, and no earlier report says (the map's grey)
        if period.point is not None:
            by_holder.setdefault(period.holder, []).append(PlaceAtReport(data.places[place_id], period, period.point))
        elif period.after is not None:
            earlier.append(PlaceAtReport(data.places[place_id], period, period.after))

    def by_name(item: PlaceAtReport) -> tuple[str, str]:
        return item.place.name.casefold(), item.place.id

    holders = sorted(by_holder, key=lambda holder: (data.actors[holder].name.casefold(), holder))
    cited = {source for found in by_holder.values() for item in found for source in item.point.sources}
    earlier.sort(key=lambda item: (-item.point.date.upper.toordinal(), *by_name(item)))
    return Standing(
        latest=latest,
        day=day,
        reported=[
            HolderAtReport(holder, sorted(by_holder[holder], key=by_name)[:LEDE_PLACES], max(0, len(by_holder[holder]) - LEDE_PLACES))
            for holder in holders
        ],
        report_sources=sorted(cited, key=lambda s: (data.sources[s].publisher.casefold(), s)),
        earlier=earlier[:LEDE_PLACES],
        earlier_more=max(0, len(earlier) - LEDE_PLACES),
    )


@dataclass(frozen=True)
class TimelineContext(PageContext):
    """``timeline.html.j2``: the timeline's index: the chart of every event, and each year with its pages."""

    years: list[YearSummary]
    """Each year with events, oldest first: its pages and its events."""
    chart: Chart
    """The master timeline of every event."""
    list_every_event: bool
    """Whether the index lists every event (it does while there are few)."""

    def _headings(self) -> Iterator[Heading]:
        for year in self.years:
            yield Heading(2, f"year-{year.year}", str(year.year))


@dataclass(frozen=True)
class EventsPageContext(PageContext):
    """``events_page.html.j2``: a page of the timeline (a year, a month, or part of a month), each event a section."""

    page: EventPage
    """The page: its year (and month), its title, its events."""
    groups: list[tuple[str, str, list[Event]]]
    """(heading, anchor, events): the page's events by month, or one group when the page is a month (whose
    title is the month's: the group has no heading of its own)."""
    subpages: list[EventPage]
    """The month pages of this year, when the year is split."""
    previous: EventPage | None
    """The page before it in the timeline; None for the first."""
    next: EventPage | None
    """The page after it in the timeline; None for the last."""
    categories: dict[str, Category]
    """Every category, by id (each event names one)."""
    disputes: dict[str, list[Dispute]]
    """Disagreements between sources, by the id of the event they are about."""

    def search(self) -> SearchHints:
        return SearchHints(boost=EVENT_SECTION_BOOST)

    def _headings(self) -> Iterator[Heading]:
        by_month = self.page.month is None
        for heading, anchor, events in self.groups:
            if by_month:
                yield Heading(2, anchor, heading)
            for event in events:
                yield Heading(3 if by_month else 2, event.id, event.title)


@dataclass(frozen=True)
class CategoriesContext(PageContext):
    """``categories.html.j2``: every category of event and how many events it has."""

    categories: list[tuple[Category, int]]
    """Each category, in the topic's order, with how many events it has."""


@dataclass(frozen=True)
class CategoryContext(PageContext):
    """``category.html.j2``: one category and its events by year."""

    category: Category
    """The category."""
    years: list[tuple[int, list[Event]]]
    """(year, its events in the category), oldest first."""

    def _headings(self) -> Iterator[Heading]:
        for year, _ in self.years:
            yield Heading(2, f"year-{year}", str(year))


@dataclass(frozen=True)
class RedirectContext(PageContext):
    """``redirect.html.j2``: the permalink of an event (``events/<id>/``), sending readers to its section."""

    event: Event
    """The event."""
    target: str
    """``page.md#event-id``: where the event is."""


@dataclass(frozen=True)
class ActorContext(PageContext):
    """``actor.html.j2``: one actor, its relations and its part in events."""

    actor: Actor
    """The actor."""
    camp: Camp | None
    """Its camp; None when the topic does not group actors in camps."""
    aliases: AliasGroups
    """Its other names: those the sources use, and the editors' own spellings."""
    relations: list[RelationLink]
    """Its relations, both those it declares and those other actors declare towards it."""
    events: list[Event]
    """Events it is involved in (named, taking or losing control, or quoted), oldest first."""
    agreements: list[Agreement]
    """Agreements it is party to."""
    statements: list[Citation]
    """Quotes the sources attribute to it."""
    held: list[HeldPlace]
    """The places it held (or part of them), each with the rows of the place's control history that name it,
    reported or presumed, as :func:`held_places` finds them."""
    disputes: list[Dispute]
    """Disagreements between sources about it."""
    chart: Chart | None
    """Timeline of its events; None when it has none."""

    def search(self) -> SearchHints:
        return SearchHints(terms=_names(self.site, self.actor.name, self.actor.aliases))

    def _headings(self) -> Iterator[Heading]:
        words = self.words
        if self.relations:
            yield Heading(2, "relations", words.gettext("Relations"))
        if self.events:
            yield Heading(2, "events", words.gettext("Events"))
        if self.agreements:
            yield Heading(2, "agreements", words.gettext("Agreements"))
        if self.held:
            yield Heading(2, "held", words.gettext("Places held"))
        if self.statements:
            yield Heading(2, "statements", words.gettext("Quoted by the sources"))
        yield Heading(2, "sources", words.gettext("What the sources say"))


@dataclass(frozen=True)
class HeldPlace:
    """A place an actor held, for the actor's page."""

    place: str
    """The place's id."""
    periods: list[ControlPeriod]
    """The rows of the place's control history that name the actor: the reports that it took, held or lost the
    place (or part of it), and the rows in which it is presumed to hold it."""


def held_places(data: Dataset, index: Index) -> dict[str, list[HeldPlace]]:
    """Every place the sources report each actor holding or taking (or losing, which means it held it), by name,
    by the actor's id (an actor that no row names has no entry). One pass over the control history: a topic
    of thousands of actors and thousands of places is not read once per actor."""
    named: dict[str, dict[str, list[ControlPeriod]]] = {}
    for place_id, periods in index.control_history.items():
        for period in periods:
            actors = [period.holder] if period.holder is not None else []
            if period.point is not None and period.point.previous is not None and period.point.previous not in actors:
                actors.append(period.point.previous)
            for actor_id in actors:
                named.setdefault(actor_id, {}).setdefault(place_id, []).append(period)
    return {
        actor_id: sorted(
            (HeldPlace(place_id, periods) for place_id, periods in places.items()),
            key=lambda item: (data.places[item.place].name.casefold(), item.place),
        )
        for actor_id, places in named.items()
    }


@dataclass(frozen=True)
class CampGroup:
    """One camp on 'Who is who' and its actors."""

    camp: Camp
    """The camp."""
    actors: list[Actor]
    """Its actors, by name."""


@dataclass(frozen=True)
class KindGroup:
    """The actors of one kind on 'Who is who', for a topic that does not group actors in camps."""

    kind: str
    """The kind's id (the vocabulary's)."""
    heading: str
    """The group's heading: the kind's, for as many actors as it has (:func:`kind_heading`)."""
    actors: list[Actor]
    """The actors of that kind, by name."""


@dataclass(frozen=True)
class WhoIsWhoContext(PageContext):
    """``who_is_who.html.j2``: actors grouped by camp (or by kind, when the topic has no camps), with their
    relations and roles."""

    camps: list[CampGroup]
    """The camps and their actors; empty when the topic does not group actors in camps."""
    kinds: list[KindGroup]
    """The actors by kind, in the vocabulary's order, when the topic does not group them in camps; else empty."""
    aliases: dict[str, AliasGroups]
    """Each actor's other names, by actor id."""
    relations: dict[str, list[RelationLink]]
    """Each actor's relations (both those it declares and those declared towards it), by actor id."""
    events: dict[str, list[Event]]
    """The events each actor is involved in, oldest first, by actor id (an empty list for an actor without)."""
    paging: Paging | None = None
    """Where this page stands among the pages of Who is who, when it is split by name (this page's actors are
    then those of its range); None when it is one page."""

    def _headings(self) -> Iterator[Heading]:
        for group in self.camps:
            if group.actors:
                yield Heading(2, camp_anchor(group.camp.id), group.camp.name)
                yield from (Heading(3, actor.id, actor.name) for actor in group.actors)
        for kind in self.kinds:
            yield Heading(2, kind_anchor(kind.kind), kind.heading)
            yield from (Heading(3, actor.id, actor.name) for actor in kind.actors)


@dataclass(frozen=True)
class ZoneInAgreement:
    """A zone of an agreement, with the places it covers and what happened there after."""

    agreement: Agreement
    """The agreement that sets it up."""
    zone: Zone
    """The zone."""
    events: list[Event]
    """Events in the zone's places from the agreement's date on."""
    places: tuple[str, ...]
    """Ids of the places it covers, sorted: its areas and the places within areas it covers whole."""


@dataclass(frozen=True)
class PlaceContext(PageContext):
    """``place.html.j2``: one place, its control history and its events."""

    place: Place
    """The place."""
    aliases: AliasGroups
    """Its other names: those the sources use, and the editors' own spellings."""
    within: Place | None
    """The place it lies within, if any."""
    places_within: list[Place]
    """The places that lie within it."""
    events: list[Event]
    """Events there, oldest first."""
    control: list[ControlPeriod]
    """Its control history: each report (a change of control, or a statement of who held it), and what lies
    between, before and after them, presumed or unknown; empty when no source reports who held it."""
    zones: list[ZoneInAgreement]
    """Zones that cover it."""
    disputes: list[Dispute]
    """Disagreements between sources about it."""
    timeline_chart: Chart | None
    """Timeline of the events there; None when there are none."""
    control_chart: Chart | None
    """Its control history as a chart; None when no change of control is recorded."""
    map: MapView | None = None
    """A map of who held it and the places around it at a chosen date; None when it cannot be placed (no gazetteer
    position, and no outline that holds its places)."""

    def search(self) -> SearchHints:
        return SearchHints(terms=_names(self.site, self.place.name, self.place.aliases))

    def _headings(self) -> Iterator[Heading]:
        words = self.words
        if self.control:
            yield Heading(2, "control", words.gettext("Who held it"))
        if self.map is not None:
            yield Heading(2, "map", words.gettext("On the map"))
        if self.zones:
            yield Heading(2, "zones", words.gettext("Zones"))
        if self.events:
            yield Heading(2, "events", words.gettext("Events"))
        if self.places_within:
            yield Heading(2, "within", words.gettext("Places within"))
        if self.place.claims:
            yield Heading(2, "sources", words.gettext("What the sources say"))


@dataclass(frozen=True)
class PlacesContext(PageContext):
    """``places.html.j2``: every place, grouped by kind."""

    groups: list[tuple[str, str, list[Place]]]
    """(kind, heading, places of that kind), in the order of the topic's place kinds."""
    aliases: dict[str, AliasGroups]
    """Each place's other names, by place id."""
    paging: Paging | None = None
    """Where this page stands among the pages of the places, when the index is split by name (its groups then
    hold the places of its range); None when it is one page."""

    def _headings(self) -> Iterator[Heading]:
        for kind, heading, _ in self.groups:
            yield Heading(2, kind_anchor(kind), heading)


@dataclass(frozen=True)
class AgreementContext(PageContext):
    """``agreement.html.j2``: one agreement, its zones and the events that concern it."""

    agreement: Agreement
    """The agreement."""
    aliases: AliasGroups
    """Its other names: those the sources use, and the editors' own spellings."""
    zones: list[ZoneInAgreement]
    """The zones it sets up."""
    events: list[Event]
    """Events that concern it, oldest first."""
    chart: Chart | None
    """Its zones chart; None when it sets up no zones."""
    zone_maps: dict[str, MapView] | None = None
    """A map of each zone that can be drawn, by zone id (a zone none of whose areas can be placed has none)."""

    def search(self) -> SearchHints:
        return SearchHints(terms=_names(self.site, self.agreement.name, self.agreement.aliases))

    def _headings(self) -> Iterator[Heading]:
        words = self.words
        if self.zones:
            yield Heading(2, "zones", words.gettext("Zones"))
            yield from (Heading(3, item.zone.id, item.zone.name) for item in self.zones)
        if self.events:
            yield Heading(2, "events", words.gettext("Events"))
        yield Heading(2, "sources", words.gettext("What the sources say"))


@dataclass(frozen=True)
class ZonesContext(PageContext):
    """``zones.html.j2``: every agreement and its zones, and what became of them. Its title is ``titles.zones``
    when an agreement sets up zones, else ``titles.agreements``."""

    agreements: list[Agreement]
    """Every agreement, in the topic's order."""
    zones: list[ZoneInAgreement]
    """Every zone of every agreement."""
    charts: dict[str, Chart]
    """The zones chart of each agreement that sets up zones, by agreement id."""
    zone_maps: dict[str, MapView] | None = None
    """A map of each zone that can be drawn, by "<agreement id>-<zone id>" (the zone's anchor on the page)."""
    summary: bool = False
    """Whether the page summarises: a table of the agreements, each with its number of zones and a link to its
    page, which shows the zones (:data:`explainer.paging.ZONES_LISTED`); then ``zones``, ``charts`` and
    ``zone_maps`` are empty."""

    def _headings(self) -> Iterator[Heading]:
        if self.summary:
            return
        for agreement in self.agreements:
            yield Heading(2, agreement.id, agreement.name)
            for item in self.zones:
                if item.agreement.id == agreement.id:
                    yield Heading(3, f"{agreement.id}-{item.zone.id}", item.zone.name)


@dataclass(frozen=True)
class ControlContext(PageContext):
    """``control.html.j2``: the control history of every place a source reports who held."""

    places: list[tuple[Place, list[ControlPeriod]]]
    """Each such place, by name, with its history (reported, presumed and unknown rows)."""
    chart: Chart | None
    """Every place's control history in one chart (on the first page only, when the page is split); None when
    no source reports who held any place."""
    paging: Paging | None = None
    """Where this page stands among the pages of the control history, when it is split by name (its places are
    then those of its range); None when it is one page."""

    def search(self) -> SearchHints:
        # Readers ask "who controls Riverton": the page about control is named for it, whatever its title says.
        return SearchHints(terms=(self.words.gettext("Control"),))

    def _headings(self) -> Iterator[Heading]:
        for place, _ in self.places:
            yield Heading(2, place.id, place.name)


@dataclass(frozen=True)
class MapContext(PageContext):
    """``map.html.j2``: the map of who held each place at a chosen date, with its table and what it cannot place."""

    map: MapView
    """The map of every place."""
    control_chart: Chart | None
    """The control chart of every place, whose data the map's "Get the data" links to; None when there is none."""


@dataclass(frozen=True)
class MapEmbedContext(PageContext):
    """``map_embed.html.j2``: a map's standalone embed page, without site chrome, for other sites' iframes."""

    map: MapView
    """The map."""
    data_csv: str | None
    """Site path of the CSV of who held each place when (the control chart's), for "Get the data"; None when none."""


@dataclass(frozen=True)
class SourcesContext(PageContext):
    """``sources.html.j2``: every source and how many claims cite it."""

    sources: list[tuple[Source, int]]
    """Each source, oldest first, with how many claims cite it."""
    paging: Paging | None = None
    """Where this page stands among the pages of the sources, when the list is split by publication date (its
    sources are then those of its range); None when it is one page."""


@dataclass(frozen=True)
class SourceContext(PageContext):
    """``source.html.j2``: one source and every claim that cites it, grouped by record. Its title is the headline
    as a quotation, attributed to its publisher (:func:`source_heading`)."""

    source: Source
    """The source."""
    citations: list[tuple[str, str, list[Citation]]]
    """(folder, record id, its citations), in the order of the records' pages."""

    def _headings(self) -> Iterator[Heading]:
        yield Heading(2, "claims", self.words.gettext("Claims taken from this article"))

    def part_label(self, label: str) -> str:
        """What part of a record a citation is about, as a line above its quote: "On a relation:" (``label`` is a
        :class:`explainer.derive.Citation`'s)."""
        return self.words.gettext("On a %(part)s:", part=self.words.gettext(label))


@dataclass(frozen=True)
class DisputesContext(PageContext):
    """``disputes.html.j2``: every disagreement between sources, each side with its quotes."""

    disputes: list[Dispute]
    """Every disagreement, by title."""
    paging: Paging | None = None
    """Where this page stands among the pages of the disputes, when the page is split by title (its disputes
    are then those of its range); None when it is one page."""

    def _headings(self) -> Iterator[Heading]:
        for dispute in self.disputes:
            yield Heading(2, dispute.id, dispute.title)


@dataclass(frozen=True)
class ChartBlockContext(PageContext):
    """``chart_block.html.j2``: a chart placed in a hand-written page by an ``explainer-chart`` block (its title
    is the chart's; the hand-written page has its own)."""

    chart: Chart
    """The chart."""


@dataclass(frozen=True)
class EmbedContext(PageContext):
    """``embed.html.j2``: a chart's standalone embed page, without site chrome, for other sites' iframes."""

    chart: Chart
    """The chart."""
    sources: list[Source]
    """The sources the chart rests on, in the chart's order, for the list under it; none past
    :data:`~explainer.charts.common.NAMED_SOURCES` (a chart of 100,000 events rests on thousands)."""
    source_count: int
    """How many sources the chart rests on: the embed counts them when it does not list them."""


TEMPLATES: dict[str, type[PageContext]] = {
    "home.html.j2": HomeContext,
    "timeline.html.j2": TimelineContext,
    "events_page.html.j2": EventsPageContext,
    "categories.html.j2": CategoriesContext,
    "category.html.j2": CategoryContext,
    "redirect.html.j2": RedirectContext,
    "actor.html.j2": ActorContext,
    "who_is_who.html.j2": WhoIsWhoContext,
    "place.html.j2": PlaceContext,
    "places.html.j2": PlacesContext,
    "agreement.html.j2": AgreementContext,
    "zones.html.j2": ZonesContext,
    "control.html.j2": ControlContext,
    "map.html.j2": MapContext,
    "sources.html.j2": SourcesContext,
    "source.html.j2": SourceContext,
    "disputes.html.j2": DisputesContext,
    "chart_block.html.j2": ChartBlockContext,
    "embed.html.j2": EmbedContext,
    "map_embed.html.j2": MapEmbedContext,
}
"""Each page template and the context class it receives."""

#: The heading of each built-in kind of place on the index of places, singular and plural (as many as it
#: lists), in the site's catalogue; a topic's own kinds give their heading in site.yaml.
PLACE_KIND_HEADINGS: dict[str, tuple[str, str]] = {
    "country": nplural("Country", "Countries"),
    "province": nplural("Province", "Provinces"),
    "region": nplural("Region", "Regions"),
    "city": nplural("City", "Cities"),
    "town": nplural("Town", "Towns"),
    "district": nplural("District", "Districts"),
    "village": nplural("Village", "Villages"),
    "airbase": nplural("Airbase", "Airbases"),
    "road": nplural("Road", "Roads"),
    "other": nplural("Other place", "Other places"),
}


def kind_heading(words: Words, site: Site, table: str, kind_id: str, count: int) -> str:
    """The heading of a group of records of one kind (the index of places; Who is who without camps).

    The heading site.yaml gives the kind, whatever the count; else, for a built-in kind of place, the
    catalogue's singular or plural for the count; else the kind's label, capitalised.
    """
    kind = site.vocabulary.kind(table, kind_id)
    if kind.heading is not None:
        return kind.heading
    if table == "place_kinds" and kind.label is None and kind_id in PLACE_KIND_HEADINGS:
        return words.ngettext(*PLACE_KIND_HEADINGS[kind_id], count)
    return kind.shown[:1].upper() + kind.shown[1:]


def month_heading(words: Words, year: int, month: int) -> str:
    """A month of a year as a heading: "March 2020" (the month's name as the language writes it alone)."""
    return words.gettext("%(month)s %(year)s", month=month_name(words, month, alone=True), year=year)


def source_heading(words: Words, source: Source) -> str:
    """A source as a title: "Valley Gazette: “Guard conquers Riverton”".

    A headline is the publisher's words, often loaded ("conquers"): the site never makes it its own title,
    heading or navigation entry, but shows it as a quotation and says whose it is.
    """
    return words.gettext("%(publisher)s: “%(headline)s”", publisher=source.publisher, headline=source.title)


def _names(site: Site, name: str, aliases: list[Alias]) -> tuple[str, ...]:
    """The aliases that search should know: those with a word the name lacks ("Rivertown" for Riverton, not "Ana
    RUIZ" for Ana Ruiz, whose words are the name's and would add nothing to a title's weight), and no loaded
    term ("the tyrants" would stand in search results without its quotation marks or its source)."""
    loaded = loaded_terms_pattern(site.loaded_terms)
    words = set(_WORD.findall(name.casefold()))
    return tuple(
        dict.fromkeys(
            [name]
            + [
                alias.name
                for alias in aliases
                if not set(_WORD.findall(alias.name.casefold())) <= words and not (loaded and loaded.search(alias.name))
            ]
        )
    )


_WORD = re.compile(r"\w+")


def _zones(data: Dataset, index: Index, agreement: Agreement) -> list[ZoneInAgreement]:
    return [
        ZoneInAgreement(agreement, zone, zone_events(index, agreement, zone), zone_places(index, zone))
        for zone in agreement.zones
    ]


#: The timeline's index lists every event while there are at most this many.
LIST_EVERY_EVENT = 300


def camp_anchor(camp_id: str) -> str:
    """The anchor of a camp's section of Who is who: ``camp-<id>``."""
    return f"camp-{camp_id}"


def kind_anchor(kind: str) -> str:
    """The anchor of the section of a kind of record on an index (places, actors without camps): ``kind-<kind>``."""
    return "kind-" + kind.replace(" ", "-")


def _places_by_name(data: Dataset) -> list[Place]:
    return sorted(data.places.values(), key=lambda place: place.name.casefold())


def _camps(data: Dataset) -> list[Camp]:
    return sorted(data.camps.values(), key=lambda camp: (camp.order, camp.name.casefold()))


def _actors_shown(data: Dataset, index: Index) -> list[Actor]:
    """The actors Who is who lists, by name: those of a camp, or every actor when the topic has no camps."""
    if data.site.vocabulary.camps:
        shown = [actor for camp in _camps(data) for actor in index.actors_by_camp.get(camp.id, [])]
    else:
        kinds = set(data.site.vocabulary.kind_ids("actor_kinds"))
        shown = [actor for actor in data.actors.values() if actor.kind in kinds]
    return sorted(shown, key=lambda actor: (actor.name.casefold(), actor.id))


def _control_places(data: Dataset, index: Index) -> list[Place]:
    return sorted((data.places[place_id] for place_id in index.control_history), key=lambda place: place.name.casefold())


def _disputes_by_title(data: Dataset) -> list[Dispute]:
    return sorted(data.disputes.values(), key=lambda dispute: dispute.title.casefold())


def _sources_by_date(data: Dataset) -> list[Source]:
    return sorted(data.sources.values(), key=lambda source: (source.published.sort_key, source.id))


def _zones_summarised(data: Dataset, index: Index) -> bool:
    """Whether the zones page summarises rather than shows every zone (see :mod:`explainer.paging`)."""
    with_zones = [agreement for agreement in data.agreements.values() if agreement.zones]
    return zones_summarised(
        len(with_zones),
        sum(len(agreement.zones) for agreement in with_zones),
        lambda: sum(len(zone_events(index, agreement, zone)) for agreement in with_zones for zone in agreement.zones),
    )


@dataclass(frozen=True)
class SplitIndexes:
    """The pages of each index that splits, as :func:`index_plan` lays them out (for :func:`page_contexts`)."""

    plan: IndexPlan
    """The plan: where each section is (for links), and whether the zones page summarises."""
    chunks: dict[str, list[Chunk[Any]]]
    """Each index's entries on its pages, in order (one chunk for an index on one page), by index name."""
    paging: dict[str, list[Paging]]
    """The paging of each page of each split index, by index name (none for an index on one page)."""

    def pages_of(self, name: str) -> list[tuple[Chunk[Any], Paging | None]]:
        """Each page of the index ``name``: its entries, and where it stands among the others (None: one page)."""
        paging: list[Paging | None] = list(self.paging.get(name, [])) or [None]
        return list(zip(self.chunks[name], paging, strict=True))


def index_plan(data: Dataset, index: Index, pages: dict[str, str] | None = None) -> SplitIndexes:
    """How the index pages are laid out: each one over its limit (:data:`explainer.paging.INDEX_PAGE_LIMITS`)
    split by name (the sources by date), and the zones page summarised past its limits. ``pages``: the index
    pages the site has (name → its first page); every one when None."""
    present = pages if pages is not None else INDEX_PAGES
    words = site_words(data.site.language)
    plan = IndexPlan()
    chunks: dict[str, list[Chunk[Any]]] = {}
    paging: dict[str, list[Paging]] = {}

    def lay_out(name: str, entries: list[Any], ordering: Ordering[Any], entry_id: Callable[[Any], str]) -> None:
        chunks[name] = split(entries, ordering, INDEX_PAGE_LIMITS[name])
        if name in present and len(chunks[name]) > 1:
            paging[name] = plan.add(name, present[name], chunks[name], entry_id)

    def record_id(record: Any) -> str:
        return str(record.id)

    lay_out("who_is_who", _actors_shown(data, index), by_name(lambda actor: actor.name), record_id)
    lay_out("places", _places_by_name(data), by_name(lambda place: place.name), record_id)
    lay_out("control", _control_places(data, index), by_name(lambda place: place.name), record_id)
    lay_out("disputes", _disputes_by_title(data), by_name(lambda dispute: dispute.title), record_id)
    lay_out(
        "sources",
        _sources_by_date(data),
        by_date(
            lambda source: source.published.lower.year,
            lambda source: source.published.lower.month,
            lambda year, month: month_heading(words, year, month),
        ),
        record_id,
    )
    # Where each section of a split index is: a record's on the page of its range, a group's (a camp, a kind)
    # on the first page that lists one of its records.
    camp_of = {actor.id: actor.camp for actor in data.actors.values()}
    for name, found in paging.items():
        first = present[name]
        for page, chunk in zip(found, chunks[name], strict=True):
            for entry in chunk.entries:
                if name in ("who_is_who", "control", "disputes"):
                    plan.place(name, entry.id, page.here.src, first)
                if name == "who_is_who" and data.site.vocabulary.camps and camp_of[entry.id] is not None:
                    plan.place(name, camp_anchor(str(camp_of[entry.id])), page.here.src, first)
                elif name in ("who_is_who", "places"):
                    plan.place(name, kind_anchor(entry.kind), page.here.src, first)
    if "zones" in present and present["zones"] == INDEX_PAGES["zones"] and _zones_summarised(data, index):
        plan.zones_summary = True
        for agreement in data.agreements.values():
            for zone in agreement.zones:
                plan.moved[("zones", f"{agreement.id}-{zone.id}")] = section(record_page(AGREEMENTS, agreement.id), zone.id)
    return SplitIndexes(plan, chunks, paging)


def page_contexts(
    data: Dataset,
    index: Index,
    layout: EventLayout,
    helpers: Callable[[str], Helpers],
    chart: Callable[[ChartSpec, str, str], Chart],
    maps: Callable[[MapSpec, str, str], MapView | None] = lambda spec, page, title: None,
    pages: dict[str, str] | None = None,
    hand_written: Sequence[HandWrittenPage] = (),
    indexes: SplitIndexes | None = None,
) -> Iterator[tuple[str, str, PageContext]]:
    """(page path, template name, context) for every generated page, in a stable order.

    ``chart(spec, page, title)`` makes (or reuses) the chart a page shows; ``maps(spec, page, title)`` the map
    (None when nothing of it can be placed). ``pages``: the index pages the topic has data for, name → src
    (the others are not made; see :func:`explainer.render.index_pages`); every one when None. ``hand_written``:
    the pages of ``content/`` that site.yaml lists, for the home page. ``indexes``: how the index pages are laid
    out (:func:`index_plan`, made here when None); the helpers' links must follow the same plan.
    """

    def has(name: str) -> bool:
        return pages is None or name in pages

    laid_out = indexes if indexes is not None else index_plan(data, index, pages)

    def index_title(title: str, paging: Paging | None) -> str:
        """An index page's title: the index's own, or with its range when the index is split ("Places: A–C")."""
        return title if paging is None else words.gettext("%(title)s: %(range)s", title=title, range=paging.here.label)

    def src_of(name: str, paging: Paging | None) -> str:
        return paging.here.src if paging is not None else INDEX_PAGES[name]

    site = data.site
    words = site_words(site.language)
    events = index.events_sorted
    years = sorted(index.events_by_year.items())
    agreements = sorted(data.agreements.values(), key=lambda a: a.order)

    # The home page shows the timeline page's chart and the map page's map: the same objects, made once.
    timeline_chart = chart(TimelineSpec(), INDEX_PAGES["timeline"], words.gettext("%(timeline)s: every event", timeline=site.titles.timeline))
    yield INDEX_PAGES["home"], "home.html.j2", HomeContext(
        site,
        helpers(INDEX_PAGES["home"]),
        site.title,
        standing=standing(data, index),
        latest=events[-LATEST_EVENTS:][::-1],
        same_date=sum(1 for event in events if event.date.text == events[-1].date.text) - 1 if events else 0,
        map=maps(MapSpec(), INDEX_PAGES["map"], site.titles.map) if has("map") else None,
        timeline=timeline_chart if events else None,
        articles=[page for page in hand_written if page.article],
        other_pages=[page for page in hand_written if not page.article],
        counts={kind.folder: len(data.records(kind)) for kind in COUNTED}
        | {"zones": sum(len(agreement.zones) for agreement in agreements)},
        first_year=years[0][0] if years else None,
        last_year=years[-1][0] if years else None,
    )
    yield INDEX_PAGES["timeline"], "timeline.html.j2", TimelineContext(
        site,
        helpers(INDEX_PAGES["timeline"]),
        site.titles.timeline,
        years=layout.years,
        chart=timeline_chart,
        list_every_event=len(events) <= LIST_EVERY_EVENT,
    )
    event_disputes = {
        record_id: found for (folder, record_id), found in index.disputes_by_record.items() if folder == EVENTS.folder
    }
    for position, page in enumerate(layout.pages):
        if page.month is None:
            by_month: dict[int | None, list[Event]] = {}
            for event in page.events:
                by_month.setdefault(event.date.first.month, []).append(event)
            grouped = [
                (
                    month_heading(words, page.year, month) if month else words.gettext("During %(year)s", year=page.year),
                    f"{page.year}-{month:02d}" if month else f"{page.year}-year",
                    found,
                )
                for month, found in sorted(by_month.items(), key=lambda item: item[0] or 0)
            ]
        else:
            grouped = [(page.title, page.anchor, page.events)]
        yield page.src, "events_page.html.j2", EventsPageContext(
            site,
            helpers(page.src),
            page.title,
            page=page,
            groups=grouped,
            subpages=[p for p in layout.pages if p.year == page.year and p.month is not None] if page.month is None else [],
            previous=layout.pages[position - 1] if position > 0 else None,
            next=layout.pages[position + 1] if position + 1 < len(layout.pages) else None,
            categories=data.categories,
            disputes={event.id: event_disputes[event.id] for event in page.events if event.id in event_disputes},
        )

    categories = sorted(data.categories.values(), key=lambda c: (c.order, c.name.casefold()))
    if has("categories"):
        yield INDEX_PAGES["categories"], "categories.html.j2", CategoriesContext(
            site,
            helpers(INDEX_PAGES["categories"]),
            site.titles.categories,
            categories=[(category, len(index.events_by_category.get(category.id, []))) for category in categories],
        )
    for category in categories:
        src = record_page(CATEGORIES, category.id)
        by_year: dict[int, list[Event]] = {}
        for event in index.events_by_category.get(category.id, []):
            by_year.setdefault(event.date.year, []).append(event)
        yield src, "category.html.j2", CategoryContext(site, helpers(src), category.name, category=category, years=sorted(by_year.items()))

    camps = _camps(data)
    by_name = sorted(data.actors.values(), key=lambda actor: (actor.name.casefold(), actor.id))
    if has("who_is_who"):
        for chunk, paging in laid_out.pages_of("who_is_who"):
            # An index on one page lists every actor (and gets every actor's names, as it always has).
            shown = {actor.id for actor in chunk.entries} if paging is not None else set(data.actors)
            kinds = [] if site.vocabulary.camps else [
                KindGroup(kind, kind_heading(words, site, "actor_kinds", kind, len(of_kind)), of_kind)
                for kind in site.vocabulary.kind_ids("actor_kinds")
                if (of_kind := [actor for actor in by_name if actor.kind == kind and actor.id in shown])
            ]
            src = src_of("who_is_who", paging)
            yield src, "who_is_who.html.j2", WhoIsWhoContext(
                site,
                helpers(src),
                index_title(site.titles.who_is_who, paging),
                camps=[
                    CampGroup(camp, [actor for actor in index.actors_by_camp.get(camp.id, []) if actor.id in shown]) for camp in camps
                ]
                if site.vocabulary.camps
                else [],
                kinds=kinds,
                aliases={actor_id: alias_groups(data, actor.name, actor.aliases) for actor_id, actor in sorted(data.actors.items()) if actor_id in shown},
                relations={actor_id: index.relations.get(actor_id, []) for actor_id in sorted(shown)},
                events={actor_id: index.events_by_actor.get(actor_id, []) for actor_id in sorted(shown)},
                paging=paging,
            )
    held_by_actor = held_places(data, index)
    for actor_id, actor in sorted(data.actors.items()):
        src = record_page(ACTORS, actor_id)
        held = held_by_actor.get(actor_id, [])
        yield src, "actor.html.j2", ActorContext(
            site,
            helpers(src),
            actor.name,
            actor=actor,
            camp=data.camps[actor.camp] if actor.camp is not None else None,
            aliases=alias_groups(data, actor.name, actor.aliases),
            relations=index.relations.get(actor_id, []),
            events=index.events_by_actor.get(actor_id, []),
            agreements=index.agreements_by_party.get(actor_id, []),
            statements=index.statements_by_speaker.get(actor_id, []),
            held=held,
            disputes=index.disputes_by_record.get((ACTORS.folder, actor_id), []),
            chart=chart(TimelineSpec(actor=actor_id), src, words.gettext("Events involving %(name)s", name=actor.name))
            if actor_id in index.events_by_actor
            else None,
        )

    places = _places_by_name(data)
    if has("places"):
        for chunk, paging in laid_out.pages_of("places"):
            listed: list[Place] = chunk.entries
            place_groups = []
            for kind in site.vocabulary.kind_ids("place_kinds"):
                places_of_kind = [place for place in listed if place.kind == kind]
                if places_of_kind:
                    place_groups.append((kind, kind_heading(words, site, "place_kinds", kind, len(places_of_kind)), places_of_kind))
            src = src_of("places", paging)
            yield src, "places.html.j2", PlacesContext(
                site,
                helpers(src),
                index_title(site.titles.places, paging),
                groups=place_groups,
                aliases={place.id: alias_groups(data, place.name, place.aliases) for place in listed},
                paging=paging,
            )
    all_zones = [zone for agreement in agreements for zone in _zones(data, index, agreement)]
    zones_of_place: dict[str, list[ZoneInAgreement]] = {}  # in the order of all_zones: one pass, not one a place
    for zone in all_zones:
        for place_id in dict.fromkeys(zone.places):
            zones_of_place.setdefault(place_id, []).append(zone)
    for place in places:
        src = record_page(PLACES, place.id)
        yield src, "place.html.j2", PlaceContext(
            site,
            helpers(src),
            place.name,
            place=place,
            aliases=alias_groups(data, place.name, place.aliases),
            within=data.places[place.within] if place.within else None,
            places_within=[data.places[pid] for pid in index.places_in_province.get(place.id, [])],
            events=index.events_by_place.get(place.id, []),
            control=index.control_history.get(place.id, []),
            zones=zones_of_place.get(place.id, []),
            disputes=index.disputes_by_record.get((PLACES.folder, place.id), []),
            timeline_chart=chart(TimelineSpec(place=place.id), src, words.gettext("Events in %(name)s", name=place.name))
            if place.id in index.events_by_place
            else None,
            control_chart=chart(ControlSpec(place=place.id), src, words.gettext("Who held %(name)s", name=place.name))
            if place.id in index.control_history
            else None,
            map=maps(MapSpec("place", place=place.id), src, words.gettext("%(name)s on the map", name=place.name)),
        )

    # A summarised zones page shows no chart or map: each agreement's page is theirs.
    summary = laid_out.plan.zones_summary
    zone_charts = {
        agreement.id: chart(
            ZonesSpec(agreement=agreement.id),
            record_page(AGREEMENTS, agreement.id) if summary else INDEX_PAGES["zones"],
            words.gettext("%(name)s: zones and what became of them", name=agreement.name),
        )
        for agreement in agreements
        if agreement.zones
    }
    zone_maps = {
        f"{agreement.id}-{zone.id}": found
        for agreement in agreements
        for zone in agreement.zones
        if (
            found := maps(
                MapSpec("zone", agreement=agreement.id, zone=zone.id),
                index_section("zones", f"{agreement.id}-{zone.id}", moved=laid_out.plan.moved),
                words.gettext("%(name)s on the map", name=zone.name),
            )
        )
        is not None
    }
    if has("zones"):
        zones_src = pages["zones"] if pages is not None else INDEX_PAGES["zones"]
        yield zones_src, "zones.html.j2", ZonesContext(
            site,
            helpers(zones_src),
            site.titles.zones if all_zones else site.titles.agreements,
            agreements=agreements,
            zones=[] if summary else all_zones,
            charts={} if summary else zone_charts,
            zone_maps={} if summary else zone_maps,
            summary=summary,
        )
    for agreement in agreements:
        src = record_page(AGREEMENTS, agreement.id)
        yield src, "agreement.html.j2", AgreementContext(
            site,
            helpers(src),
            agreement.name,
            agreement=agreement,
            aliases=alias_groups(data, agreement.name, agreement.aliases),
            zones=[zone for zone in all_zones if zone.agreement.id == agreement.id],
            events=index.events_by_agreement.get(agreement.id, []),
            chart=zone_charts.get(agreement.id),
            zone_maps={zone.id: zone_maps[f"{agreement.id}-{zone.id}"] for zone in agreement.zones if f"{agreement.id}-{zone.id}" in zone_maps},
        )

    if has("control"):
        for chunk, paging in laid_out.pages_of("control"):
            src = src_of("control", paging)
            first = paging is None or paging.current == 0
            yield src, "control.html.j2", ControlContext(
                site,
                helpers(src),
                index_title(site.titles.control, paging),
                places=[(place, index.control_history[place.id]) for place in chunk.entries],
                chart=chart(ControlSpec(), INDEX_PAGES["control"], site.titles.control) if index.control_history and first else None,
                paging=paging,
            )
    every_place = chart(ControlSpec(), INDEX_PAGES["control"], site.titles.control) if index.control_history else None
    overview = maps(MapSpec(), INDEX_PAGES["map"], site.titles.map) if has("map") else None
    if overview is not None and has("map"):
        yield INDEX_PAGES["map"], "map.html.j2", MapContext(site, helpers(INDEX_PAGES["map"]), site.titles.map, map=overview, control_chart=every_place)

    sources = _sources_by_date(data)
    for chunk, paging in laid_out.pages_of("sources"):
        src = src_of("sources", paging)
        yield src, "sources.html.j2", SourcesContext(
            site,
            helpers(src),
            index_title(site.titles.sources, paging),
            sources=[(source, len(index.citations_by_source.get(source.id, []))) for source in chunk.entries],
            paging=paging,
        )
    for source in sources:
        src = record_page(SOURCES, source.id)
        by_record: dict[tuple[str, str], list[Citation]] = {}
        for citation in index.citations_by_source.get(source.id, []):
            by_record.setdefault((citation.folder, citation.record_id), []).append(citation)
        yield src, "source.html.j2", SourceContext(
            site,
            helpers(src),
            source_heading(words, source),
            source=source,
            citations=[(folder, record_id, found) for (folder, record_id), found in by_record.items()],
        )

    if has("disputes"):
        for chunk, paging in laid_out.pages_of("disputes"):
            src = src_of("disputes", paging)
            yield src, "disputes.html.j2", DisputesContext(
                site, helpers(src), index_title(site.titles.disputes, paging), disputes=chunk.entries, paging=paging
            )


def context_fields(context: Any) -> list[str]:
    """Names of a context's fields (for tests and documentation)."""
    return list(context.__dataclass_fields__)
