"""The context object each page template receives as ``ctx``.

One frozen dataclass per template, documented field by field: this is the
whole interface between the generator and ``templates/pages/``. A test renders
the bundled site and checks that every template received the context type
listed in :data:`TEMPLATES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .charts import Chart, ChartSpec
from .derive import Citation, ControlPeriod, Index, RelationLink, zone_events, zone_places
from .loader import Dataset
from .model import Actor, Agreement, Camp, Category, Dispute, Event, Place, Site, Source, Zone

if TYPE_CHECKING:
    from .render import Helpers


@dataclass(frozen=True)
class PageContext:
    """Fields every page template gets."""

    site: Site
    """The topic: its title, introduction and the titles of the index pages."""
    h: Helpers
    """Links relative to this page, dates in words, record names, editors' Markdown as safe HTML."""


@dataclass(frozen=True)
class HomeContext(PageContext):
    """``home.md.j2``: the home page."""

    key_events: list[Event]
    """Events marked ``key: true``, oldest first."""
    counts: dict[str, int]
    """Number of records of each kind, by folder name."""
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class TimelineContext(PageContext):
    """``timeline.md.j2``: every event, oldest first, grouped by the year it starts in."""

    years: list[tuple[int, list[Event]]]
    categories: dict[str, Category]
    chart: Chart
    """The master timeline of every event."""


@dataclass(frozen=True)
class EventContext(PageContext):
    """``event.md.j2``: one event with its sources."""

    event: Event
    category: Category
    previous: Event | None
    """The event before it on the timeline."""
    next: Event | None
    disputes: list[Dispute]
    """Disagreements between sources about this event."""


@dataclass(frozen=True)
class ActorContext(PageContext):
    """``actor.md.j2``: one actor, its relations and its part in events."""

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


@dataclass(frozen=True)
class CampGroup:
    """One camp on 'Who is who' and its actors."""

    camp: Camp
    actors: list[Actor]


@dataclass(frozen=True)
class WhoIsWhoContext(PageContext):
    """``who_is_who.md.j2``: actors grouped by camp, with their relations and roles."""

    camps: list[CampGroup]


@dataclass(frozen=True)
class ZoneInAgreement:
    """A zone of an agreement, with the places it covers and what happened there after."""

    agreement: Agreement
    zone: Zone
    events: list[Event]
    """Events in the zone's places from the agreement's date on."""
    places: set[str]
    """Ids of the places it covers: its areas and the places within areas it covers whole."""


@dataclass(frozen=True)
class PlaceContext(PageContext):
    """``place.md.j2``: one place, its control history and its events."""

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


@dataclass(frozen=True)
class PlacesContext(PageContext):
    """``places.md.j2``: every place, grouped by kind."""

    groups: list[tuple[str, list[Place]]]


@dataclass(frozen=True)
class AgreementContext(PageContext):
    """``agreement.md.j2``: one agreement, its zones and the events that concern it."""

    agreement: Agreement
    zones: list[ZoneInAgreement]
    events: list[Event]
    chart: Chart | None
    """Its zones chart; None when it sets up no zones."""


@dataclass(frozen=True)
class ZonesContext(PageContext):
    """``zones.md.j2``: every agreement and its zones, and what became of them."""

    agreements: list[Agreement]
    zones: list[ZoneInAgreement]
    charts: dict[str, Chart]
    """The zones chart of each agreement that sets up zones, by agreement id."""


@dataclass(frozen=True)
class ControlContext(PageContext):
    """``control.md.j2``: the control history of every place that changed hands."""

    places: list[tuple[Place, list[ControlPeriod]]]
    chart: Chart | None
    """Every place's control history in one chart; None when no change of control is recorded."""


@dataclass(frozen=True)
class SourcesContext(PageContext):
    """``sources.md.j2``: every source and how many claims cite it."""

    sources: list[tuple[Source, int]]


@dataclass(frozen=True)
class SourceContext(PageContext):
    """``source.md.j2``: one source and every claim that cites it, grouped by record."""

    source: Source
    citations: list[tuple[str, str, list[Citation]]]
    """(folder, record id, its citations), in the order of the records' pages."""


@dataclass(frozen=True)
class DisputesContext(PageContext):
    """``disputes.md.j2``: every disagreement between sources, each side with its quotes."""

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
    "home.md.j2": HomeContext,
    "timeline.md.j2": TimelineContext,
    "event.md.j2": EventContext,
    "actor.md.j2": ActorContext,
    "who_is_who.md.j2": WhoIsWhoContext,
    "place.md.j2": PlaceContext,
    "places.md.j2": PlacesContext,
    "agreement.md.j2": AgreementContext,
    "zones.md.j2": ZonesContext,
    "control.md.j2": ControlContext,
    "sources.md.j2": SourcesContext,
    "source.md.j2": SourceContext,
    "disputes.md.j2": DisputesContext,
    "chart_block.html.j2": ChartBlockContext,
    "embed.html.j2": EmbedContext,
}
"""Each page template and the context class it receives."""

PLACE_KIND_ORDER = ["country", "province", "region", "city", "town", "district", "village", "airbase", "road", "other"]


def _zones(data: Dataset, index: Index, agreement: Agreement) -> list[ZoneInAgreement]:
    return [
        ZoneInAgreement(agreement, zone, zone_events(index, agreement, zone), zone_places(index, zone))
        for zone in agreement.zones
    ]


def page_contexts(
    data: Dataset,
    index: Index,
    helpers: Callable[[str], Helpers],
    chart: Callable[[ChartSpec, str, str], Chart],
) -> Iterator[tuple[str, str, PageContext]]:
    """(page path, template name, context) for every generated page, in a stable order.

    ``chart(spec, page, title)`` makes (or reuses) the chart a page shows.
    """
    site = data.site
    events = index.events_sorted
    years = sorted(index.events_by_year.items())
    agreements = sorted(data.agreements.values(), key=lambda a: a.date.sort_key)

    yield "index.md", "home.md.j2", HomeContext(
        site,
        helpers("index.md"),
        key_events=[event for event in events if event.key],
        counts={name: len(data.table(name)) for name in ("events", "actors", "places", "agreements", "sources", "disputes")},
        first_year=years[0][0] if years else None,
        last_year=years[-1][0] if years else None,
    )
    yield "timeline.md", "timeline.md.j2", TimelineContext(
        site,
        helpers("timeline.md"),
        years=years,
        categories=data.categories,
        chart=chart(ChartSpec("timeline"), "timeline.md", f"{site.titles.timeline}: every event"),
    )
    for position, event in enumerate(events):
        src = f"events/{event.id}.md"
        yield src, "event.md.j2", EventContext(
            site,
            helpers(src),
            event=event,
            category=data.categories[event.category],
            previous=events[position - 1] if position > 0 else None,
            next=events[position + 1] if position + 1 < len(events) else None,
            disputes=index.disputes_by_record.get(("events", event.id), []),
        )

    camps = sorted(data.camps.values(), key=lambda camp: (camp.order, camp.name.casefold()))
    yield "who-is-who.md", "who_is_who.md.j2", WhoIsWhoContext(
        site,
        helpers("who-is-who.md"),
        camps=[CampGroup(camp, index.actors_by_camp.get(camp.id, [])) for camp in camps],
    )
    for actor_id, actor in sorted(data.actors.items()):
        src = f"actors/{actor_id}.md"
        held = [period for periods in index.control_history.values() for period in periods if period.holder == actor_id]
        yield src, "actor.md.j2", ActorContext(
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
    yield "places/index.md", "places.md.j2", PlacesContext(site, helpers("places/index.md"), groups=groups)
    all_zones = [zone for agreement in agreements for zone in _zones(data, index, agreement)]
    for place in places:
        src = f"places/{place.id}.md"
        yield src, "place.md.j2", PlaceContext(
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
    yield "zones.md", "zones.md.j2", ZonesContext(
        site, helpers("zones.md"), agreements=agreements, zones=all_zones, charts=zone_charts
    )
    for agreement in agreements:
        src = f"agreements/{agreement.id}.md"
        yield src, "agreement.md.j2", AgreementContext(
            site,
            helpers(src),
            agreement=agreement,
            zones=[zone for zone in all_zones if zone.agreement.id == agreement.id],
            events=index.events_by_agreement.get(agreement.id, []),
            chart=zone_charts.get(agreement.id),
        )

    yield "control.md", "control.md.j2", ControlContext(
        site,
        helpers("control.md"),
        places=[(data.places[place_id], periods) for place_id, periods in sorted(
            index.control_history.items(), key=lambda item: data.places[item[0]].name.casefold()
        )],
        chart=chart(ChartSpec("control"), "control.md", site.titles.control) if index.control_history else None,
    )

    sources = sorted(data.sources.values(), key=lambda source: (source.published.sort_key, source.id))
    yield "sources/index.md", "sources.md.j2", SourcesContext(
        site,
        helpers("sources/index.md"),
        sources=[(source, len(index.citations_by_source.get(source.id, []))) for source in sources],
    )
    for source in sources:
        src = f"sources/{source.id}.md"
        grouped: dict[tuple[str, str], list[Citation]] = {}
        for citation in index.citations_by_source.get(source.id, []):
            grouped.setdefault((citation.folder, citation.record_id), []).append(citation)
        yield src, "source.md.j2", SourceContext(
            site,
            helpers(src),
            source=source,
            citations=[(folder, record_id, found) for (folder, record_id), found in grouped.items()],
        )

    yield "disputes.md", "disputes.md.j2", DisputesContext(
        site, helpers("disputes.md"), disputes=sorted(data.disputes.values(), key=lambda d: d.title.casefold())
    )


def context_fields(context: Any) -> list[str]:
    """Names of a context's fields (for tests and documentation)."""
    return list(context.__dataclass_fields__)
