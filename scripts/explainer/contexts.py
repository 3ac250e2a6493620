"""The context object each page template receives as ``ctx``.

One frozen dataclass per template, documented field by field: this is the
whole interface between the generator and ``templates/pages/``. A test renders
the bundled site and checks that every template received the context type
listed in :data:`TEMPLATES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .charts import Chart, ChartSpec
from .dates import MONTHS
from .derive import Citation, ControlPeriod, Index, RelationLink, zone_events, zone_places
from .layout import EventLayout, EventPage, YearSummary
from .loader import Dataset
from .model import Actor, Agreement, Alias, Camp, Category, Dispute, Event, Place, Site, Source, Zone
from .validate import loaded_terms_pattern

if TYPE_CHECKING:
    from .render import Helpers


@dataclass(frozen=True)
class SearchHints:
    """What a page tells the site's search beyond its text (Material's ``tags`` and ``search.boost`` front matter)."""

    terms: tuple[str, ...] = ()
    """Names of the page's subject (its name, and the aliases with a word the name lacks): search ranks them
    as it ranks titles, so that "Turkey" finds the page of Türkiye."""
    boost: float = 1.0
    """How much more than other pages its matches weigh."""


#: Events are sections of timeline pages, and search ranks a section below a page that matches as well
#: (Material's search favours whole pages): a search for "chemical attack" should open the attack before
#: the pages of the bodies that investigated it.
EVENT_SECTION_BOOST = 2.0


@dataclass(frozen=True)
class PageContext:
    """Fields every page template gets."""

    site: Site
    """The topic: its title, introduction and the titles of the index pages."""
    h: Helpers
    """Links relative to this page, dates in words, record names, editors' Markdown as safe HTML."""

    def search(self) -> SearchHints:
        """What the site's search should know of the page beyond its text."""
        return SearchHints()


@dataclass(frozen=True)
class HomeContext(PageContext):
    """``home.html.j2``: the home page."""

    key_events: list[Event]
    """Events marked ``key: true``, oldest first."""
    counts: dict[str, int]
    """Number of records of each kind, by folder name."""
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class TimelineContext(PageContext):
    """``timeline.html.j2``: the timeline's index: the chart of every event, and each year with its pages."""

    years: list[YearSummary]
    chart: Chart
    """The master timeline of every event."""
    list_every_event: bool
    """Whether the index lists every event (it does while there are few)."""


@dataclass(frozen=True)
class EventsPageContext(PageContext):
    """``events_page.html.j2``: a page of the timeline (a year, a month, or part of a month), each event a section."""

    page: EventPage
    groups: list[tuple[str, str, list[Event]]]
    """(heading, anchor, events): the page's events by month, or one group when the page is a month."""
    subpages: list[EventPage]
    """The month pages of this year, when the year is split."""
    previous: EventPage | None
    next: EventPage | None
    categories: dict[str, Category]
    disputes: dict[str, list[Dispute]]
    """Disagreements between sources, by the id of the event they are about."""

    def search(self) -> SearchHints:
        return SearchHints(boost=EVENT_SECTION_BOOST)


@dataclass(frozen=True)
class CategoriesContext(PageContext):
    """``categories.html.j2``: every category of event and how many events it has."""

    categories: list[tuple[Category, int]]


@dataclass(frozen=True)
class CategoryContext(PageContext):
    """``category.html.j2``: one category and its events by year."""

    category: Category
    years: list[tuple[int, list[Event]]]


@dataclass(frozen=True)
class RedirectContext(PageContext):
    """``redirect.html.j2``: the permalink of an event (``events/<id>/``), sending readers to its section."""

    event: Event
    target: str
    """``page.md#event-id``: where the event is."""


@dataclass(frozen=True)
class ActorContext(PageContext):
    """``actor.html.j2``: one actor, its relations and its part in events."""

    actor: Actor
    camp: Camp
    relations: list[RelationLink]
    """Its relations, both those it declares and those other actors declare towards it."""
    events: list[Event]
    """Events it is involved in (named, taking or losing control, or quoted), oldest first."""
    agreements: list[Agreement]
    """Agreements it is party to."""
    statements: list[Citation]
    """Quotes the sources attribute to it."""
    held: list[ControlPeriod]
    """Periods in which it held a place."""
    disputes: list[Dispute]
    chart: Chart | None
    """Timeline of its events; None when it has none."""

    def search(self) -> SearchHints:
        return SearchHints(terms=_names(self.site, self.actor.name, self.actor.aliases))


@dataclass(frozen=True)
class CampGroup:
    """One camp on 'Who is who' and its actors."""

    camp: Camp
    actors: list[Actor]


@dataclass(frozen=True)
class WhoIsWhoContext(PageContext):
    """``who_is_who.html.j2``: actors grouped by camp, with their relations and roles."""

    camps: list[CampGroup]


@dataclass(frozen=True)
class ZoneInAgreement:
    """A zone of an agreement, with the places it covers and what happened there after."""

    agreement: Agreement
    zone: Zone
    events: list[Event]
    """Events in the zone's places from the agreement's date on."""
    places: tuple[str, ...]
    """Ids of the places it covers, sorted: its areas and the places within areas it covers whole."""


@dataclass(frozen=True)
class PlaceContext(PageContext):
    """``place.html.j2``: one place, its control history and its events."""

    place: Place
    province: Place | None
    places_within: list[Place]
    events: list[Event]
    control: list[ControlPeriod]
    """Who held it from when to when; empty when no change of control is recorded."""
    zones: list[ZoneInAgreement]
    """Zones that cover it."""
    disputes: list[Dispute]
    timeline_chart: Chart | None
    """Timeline of the events there; None when there are none."""
    control_chart: Chart | None
    """Its control history as a chart; None when no change of control is recorded."""

    def search(self) -> SearchHints:
        return SearchHints(terms=_names(self.site, self.place.name, self.place.aliases))


@dataclass(frozen=True)
class PlacesContext(PageContext):
    """``places.html.j2``: every place, grouped by kind."""

    groups: list[tuple[str, list[Place]]]


@dataclass(frozen=True)
class AgreementContext(PageContext):
    """``agreement.html.j2``: one agreement, its zones and the events that concern it."""

    agreement: Agreement
    zones: list[ZoneInAgreement]
    events: list[Event]
    chart: Chart | None
    """Its zones chart; None when it sets up no zones."""

    def search(self) -> SearchHints:
        return SearchHints(terms=_names(self.site, self.agreement.name, self.agreement.aliases))


@dataclass(frozen=True)
class ZonesContext(PageContext):
    """``zones.html.j2``: every agreement and its zones, and what became of them."""

    agreements: list[Agreement]
    zones: list[ZoneInAgreement]
    charts: dict[str, Chart]
    """The zones chart of each agreement that sets up zones, by agreement id."""


@dataclass(frozen=True)
class ControlContext(PageContext):
    """``control.html.j2``: the control history of every place that changed hands."""

    places: list[tuple[Place, list[ControlPeriod]]]
    chart: Chart | None
    """Every place's control history in one chart; None when no change of control is recorded."""


@dataclass(frozen=True)
class SourcesContext(PageContext):
    """``sources.html.j2``: every source and how many claims cite it."""

    sources: list[tuple[Source, int]]


@dataclass(frozen=True)
class SourceContext(PageContext):
    """``source.html.j2``: one source and every claim that cites it, grouped by record."""

    source: Source
    citations: list[tuple[str, str, list[Citation]]]
    """(folder, record id, its citations), in the order of the records' pages."""


@dataclass(frozen=True)
class DisputesContext(PageContext):
    """``disputes.html.j2``: every disagreement between sources, each side with its quotes."""

    disputes: list[Dispute]


@dataclass(frozen=True)
class ChartBlockContext(PageContext):
    """``chart_block.html.j2``: a chart placed in a hand-written page by an ``explainer-chart`` block."""

    chart: Chart


@dataclass(frozen=True)
class EmbedContext(PageContext):
    """``embed.html.j2``: a chart's standalone embed page, without site chrome, for other sites' iframes."""

    chart: Chart


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
    "sources.html.j2": SourcesContext,
    "source.html.j2": SourceContext,
    "disputes.html.j2": DisputesContext,
    "chart_block.html.j2": ChartBlockContext,
    "embed.html.j2": EmbedContext,
}
"""Each page template and the context class it receives."""

PLACE_KIND_ORDER = ["country", "province", "region", "city", "town", "district", "village", "airbase", "road", "other"]


def _names(site: Site, name: str, aliases: list[Alias]) -> tuple[str, ...]:
    """The aliases that search should know: those with a word the name lacks ("Turkey" for Türkiye, not "Bashar
    Al-Assad" for Bashar al-Assad, which would only lift "al" to a title's weight), and no loaded term ("the
    regime" would stand in search results without its quotation marks or its source)."""
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


def page_contexts(
    data: Dataset,
    index: Index,
    layout: EventLayout,
    helpers: Callable[[str], Helpers],
    chart: Callable[[ChartSpec, str, str], Chart],
) -> Iterator[tuple[str, str, PageContext]]:
    """(page path, template name, context) for every generated page, in a stable order.

    ``chart(spec, page, title)`` makes (or reuses) the chart a page shows.
    """
    site = data.site
    events = index.events_sorted
    years = sorted(index.events_by_year.items())
    agreements = sorted(data.agreements.values(), key=lambda a: (a.date.sort_key, a.id))

    yield "index.md", "home.html.j2", HomeContext(
        site,
        helpers("index.md"),
        key_events=[event for event in events if event.key],
        counts={name: len(data.table(name)) for name in ("events", "actors", "places", "agreements", "sources", "disputes")},
        first_year=years[0][0] if years else None,
        last_year=years[-1][0] if years else None,
    )
    yield "timeline.md", "timeline.html.j2", TimelineContext(
        site,
        helpers("timeline.md"),
        years=layout.years,
        chart=chart(ChartSpec("timeline"), "timeline.md", f"{site.titles.timeline}: every event"),
        list_every_event=len(events) <= LIST_EVERY_EVENT,
    )
    event_disputes = {
        record_id: found for (folder, record_id), found in index.disputes_by_record.items() if folder == "events"
    }
    for position, page in enumerate(layout.pages):
        if page.month is None:
            groups: dict[int | None, list[Event]] = {}
            for event in page.events:
                groups.setdefault(event.date.start.month, []).append(event)
            grouped = [
                (f"{MONTHS[month - 1]} {page.year}" if month else f"During {page.year}", f"{page.year}-{month:02d}" if month else f"{page.year}-year", found)
                for month, found in sorted(groups.items(), key=lambda item: item[0] or 0)
            ]
        else:
            grouped = [(page.title, page.anchor, page.events)]
        yield page.src, "events_page.html.j2", EventsPageContext(
            site,
            helpers(page.src),
            page=page,
            groups=grouped,
            subpages=[p for p in layout.pages if p.year == page.year and p.month is not None] if page.month is None else [],
            previous=layout.pages[position - 1] if position > 0 else None,
            next=layout.pages[position + 1] if position + 1 < len(layout.pages) else None,
            categories=data.categories,
            disputes={event.id: event_disputes[event.id] for event in page.events if event.id in event_disputes},
        )

    categories = sorted(data.categories.values(), key=lambda c: (c.order, c.name.casefold()))
    yield "categories/index.md", "categories.html.j2", CategoriesContext(
        site,
        helpers("categories/index.md"),
        categories=[(category, len(index.events_by_category.get(category.id, []))) for category in categories],
    )
    for category in categories:
        src = f"categories/{category.id}.md"
        by_year: dict[int, list[Event]] = {}
        for event in index.events_by_category.get(category.id, []):
            by_year.setdefault(event.date.year, []).append(event)
        yield src, "category.html.j2", CategoryContext(site, helpers(src), category=category, years=sorted(by_year.items()))

    camps = sorted(data.camps.values(), key=lambda camp: (camp.order, camp.name.casefold()))
    yield "who-is-who.md", "who_is_who.html.j2", WhoIsWhoContext(
        site,
        helpers("who-is-who.md"),
        camps=[CampGroup(camp, index.actors_by_camp.get(camp.id, [])) for camp in camps],
    )
    for actor_id, actor in sorted(data.actors.items()):
        src = f"actors/{actor_id}.md"
        held = [period for periods in index.control_history.values() for period in periods if period.holder == actor_id]
        yield src, "actor.html.j2", ActorContext(
            site,
            helpers(src),
            actor=actor,
            camp=data.camps[actor.camp],
            relations=index.relations.get(actor_id, []),
            events=index.events_by_actor.get(actor_id, []),
            agreements=index.agreements_by_party.get(actor_id, []),
            statements=index.statements_by_speaker.get(actor_id, []),
            held=held,
            disputes=index.disputes_by_record.get(("actors", actor_id), []),
            chart=chart(ChartSpec("timeline", actor=actor_id), src, f"Events involving {actor.name}")
            if actor_id in index.events_by_actor
            else None,
        )

    places = sorted(data.places.values(), key=lambda place: place.name.casefold())
    groups = [
        (kind, [place for place in places if place.kind == kind])
        for kind in PLACE_KIND_ORDER
        if any(place.kind == kind for place in places)
    ]
    yield "places/index.md", "places.html.j2", PlacesContext(site, helpers("places/index.md"), groups=groups)
    all_zones = [zone for agreement in agreements for zone in _zones(data, index, agreement)]
    for place in places:
        src = f"places/{place.id}.md"
        yield src, "place.html.j2", PlaceContext(
            site,
            helpers(src),
            place=place,
            province=data.places[place.province] if place.province else None,
            places_within=[data.places[pid] for pid in index.places_in_province.get(place.id, [])],
            events=index.events_by_place.get(place.id, []),
            control=index.control_history.get(place.id, []),
            zones=[zone for zone in all_zones if place.id in zone.places],
            disputes=index.disputes_by_record.get(("places", place.id), []),
            timeline_chart=chart(ChartSpec("timeline", place=place.id), src, f"Events in {place.name}")
            if place.id in index.events_by_place
            else None,
            control_chart=chart(ChartSpec("control", place=place.id), src, f"Who held {place.name}")
            if place.id in index.control_history
            else None,
        )

    zone_charts = {
        agreement.id: chart(ChartSpec("zones", agreement=agreement.id), "zones.md", f"{agreement.name}: zones and what became of them")
        for agreement in agreements
        if agreement.zones
    }
    yield "zones.md", "zones.html.j2", ZonesContext(
        site, helpers("zones.md"), agreements=agreements, zones=all_zones, charts=zone_charts
    )
    for agreement in agreements:
        src = f"agreements/{agreement.id}.md"
        yield src, "agreement.html.j2", AgreementContext(
            site,
            helpers(src),
            agreement=agreement,
            zones=[zone for zone in all_zones if zone.agreement.id == agreement.id],
            events=index.events_by_agreement.get(agreement.id, []),
            chart=zone_charts.get(agreement.id),
        )

    yield "control.md", "control.html.j2", ControlContext(
        site,
        helpers("control.md"),
        places=[(data.places[place_id], periods) for place_id, periods in sorted(
            index.control_history.items(), key=lambda item: data.places[item[0]].name.casefold()
        )],
        chart=chart(ChartSpec("control"), "control.md", site.titles.control) if index.control_history else None,
    )

    sources = sorted(data.sources.values(), key=lambda source: (source.published.sort_key, source.id))
    yield "sources/index.md", "sources.html.j2", SourcesContext(
        site,
        helpers("sources/index.md"),
        sources=[(source, len(index.citations_by_source.get(source.id, []))) for source in sources],
    )
    for source in sources:
        src = f"sources/{source.id}.md"
        grouped: dict[tuple[str, str], list[Citation]] = {}
        for citation in index.citations_by_source.get(source.id, []):
            grouped.setdefault((citation.folder, citation.record_id), []).append(citation)
        yield src, "source.html.j2", SourceContext(
            site,
            helpers(src),
            source=source,
            citations=[(folder, record_id, found) for (folder, record_id), found in grouped.items()],
        )

    yield "disputes.md", "disputes.html.j2", DisputesContext(
        site, helpers("disputes.md"), disputes=sorted(data.disputes.values(), key=lambda d: d.title.casefold())
    )


def context_fields(context: Any) -> list[str]:
    """Names of a context's fields (for tests and documentation)."""
    return list(context.__dataclass_fields__)
