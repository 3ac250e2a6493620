"""What the pages need that no single record holds: indexes, control history, relations.

Everything here is computed once from a validated :class:`~explainer.loader.Dataset`
(the second phase of a build) and is pure: same data, same result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from .dates import HistoricalDate
from .loader import Dataset
from .model import RELATION_PHRASES, Actor, Agreement, Claim, ControlChange, Dispute, Event, Relation, Zone
from .validate import walk


@dataclass(frozen=True)
class ControlPeriod:
    """Who held a place from when to when, as far as the recorded changes of control tell.

    ``holder`` is None when the sources do not say who held it. ``start`` is None
    for the time before the first recorded change, ``end`` None when no later
    change is recorded.
    """

    place: str
    holder: str | None
    start: HistoricalDate | None
    end: HistoricalDate | None
    start_event: str | None
    end_event: str | None
    extent: Literal["full", "partial"] = "full"
    note: str | None = None
    """Why the holder is unknown or the period open, in words."""
    missing_change: tuple[str, str] | None = None
    """(actor that took it, actor said to lose it later) when a change between them is not recorded."""

    @property
    def known(self) -> bool:
        return self.holder is not None


@dataclass(frozen=True)
class RelationLink:
    """A relation seen from one actor's page: ``phrase`` reads "<this actor> <phrase> <other>"."""

    phrase: str
    other: str
    relation: Relation
    outgoing: bool


@dataclass(frozen=True)
class Citation:
    """A claim and the record (and part of it) that cites it, for a source's page."""

    folder: str
    record_id: str
    label: str
    claim: Claim


@dataclass
class Index:
    """Cross-references between records, built once per build."""

    events_sorted: list[Event] = field(default_factory=list)
    events_by_year: dict[int, list[Event]] = field(default_factory=dict)
    events_by_actor: dict[str, list[Event]] = field(default_factory=dict)
    events_by_place: dict[str, list[Event]] = field(default_factory=dict)
    events_by_agreement: dict[str, list[Event]] = field(default_factory=dict)
    events_by_category: dict[str, list[Event]] = field(default_factory=dict)
    control_history: dict[str, list[ControlPeriod]] = field(default_factory=dict)
    relations: dict[str, list[RelationLink]] = field(default_factory=dict)
    disputes_by_record: dict[tuple[str, str], list[Dispute]] = field(default_factory=dict)
    citations_by_source: dict[str, list[Citation]] = field(default_factory=dict)
    statements_by_speaker: dict[str, list[Citation]] = field(default_factory=dict)
    places_in_province: dict[str, list[str]] = field(default_factory=dict)
    actors_by_camp: dict[str, list[Actor]] = field(default_factory=dict)
    agreements_by_party: dict[str, list[Agreement]] = field(default_factory=dict)


def control_history(changes: list[tuple[Event, ControlChange]]) -> list[ControlPeriod]:
    """Periods of control of one place from its changes of control, gaps marked unknown.

    Between two recorded changes the place is taken to stay with whoever took it
    (no change is recorded in between) unless the later change says it was taken
    from someone else: then the sources leave a change out, and the period
    between is shown as unknown rather than guessed.
    """
    if not changes:
        return []
    ordered = sorted(changes, key=lambda pair: (pair[0].date.sort_key, pair[0].id))
    place = ordered[0][1].place
    periods: list[ControlPeriod] = []
    first_event, first = ordered[0]
    periods.append(
        ControlPeriod(
            place=place,
            holder=first.from_,
            start=None,
            end=first_event.date,
            start_event=None,
            end_event=first_event.id,
            note=None if first.from_ else "the sources do not say who held it before",
        )
    )
    for position, (event, change) in enumerate(ordered):
        following = ordered[position + 1] if position + 1 < len(ordered) else None
        if following is None:
            periods.append(
                ControlPeriod(place, change.to, event.date, None, event.id, None, change.extent, "no later change is recorded")
            )
            continue
        next_event, next_change = following
        if next_change.from_ is None or next_change.from_ == change.to:
            periods.append(
                ControlPeriod(place, change.to, event.date, next_event.date, event.id, next_event.id, change.extent)
            )
        else:
            periods.append(
                ControlPeriod(
                    place,
                    None,
                    event.date,
                    next_event.date,
                    event.id,
                    next_event.id,
                    note="a change of control in between is not recorded",
                    missing_change=(change.to, next_change.from_),
                )
            )
    return periods


def _append(table: dict, key: object, value: object) -> None:
    table.setdefault(key, []).append(value)


_PART_LABELS = {"relations": "relation", "zones": "zone", "positions": "position", "date_inferred": "date"}


def _label(path: tuple) -> str:
    """Which part of a record a claim belongs to: '' for the record itself, else 'relation', 'zone'…"""
    return _PART_LABELS.get(str(path[0]), "") if len(path) > 2 else ""


def build_index(data: Dataset) -> Index:
    """Every cross-reference the pages need, in one pass over the records."""
    index = Index()
    index.events_sorted = sorted(data.events.values(), key=lambda event: (event.date.sort_key, event.id))
    changes: dict[str, list[tuple[Event, ControlChange]]] = defaultdict(list)
    for event in index.events_sorted:
        _append(index.events_by_year, event.date.year, event)
        _append(index.events_by_category, event.category, event)
        involved = set(event.actors)
        involved.update(change.to for change in event.control_changes)
        involved.update(change.from_ for change in event.control_changes if change.from_)
        involved.update(claim.speaker for claim in event.claims if claim.speaker)
        for actor_id in sorted(involved):
            _append(index.events_by_actor, actor_id, event)
        for place_id in sorted(set(event.places) | {change.place for change in event.control_changes}):
            _append(index.events_by_place, place_id, event)
        for agreement_id in event.agreements:
            _append(index.events_by_agreement, agreement_id, event)
        for change in event.control_changes:
            changes[change.place].append((event, change))
    index.control_history = {place: control_history(found) for place, found in sorted(changes.items())}

    for actor in sorted(data.actors.values(), key=lambda a: a.name.casefold()):
        _append(index.actors_by_camp, actor.camp, actor)
        for relation in actor.relations:
            forward, backward = RELATION_PHRASES[relation.kind]
            _append(index.relations, actor.id, RelationLink(forward, relation.target, relation, True))
            _append(index.relations, relation.target, RelationLink(backward, actor.id, relation, False))

    for links in index.relations.values():
        links.sort(key=lambda link: (not link.outgoing, data.actors[link.other].name.casefold() if link.other in data.actors else link.other))

    for agreement in sorted(data.agreements.values(), key=lambda a: (a.date.sort_key, a.id)):
        for party in agreement.parties:
            _append(index.agreements_by_party, party, agreement)

    for place in sorted(data.places.values(), key=lambda p: p.name.casefold()):
        if place.province:
            _append(index.places_in_province, place.province, place.id)

    for dispute in data.disputes.values():
        for folder, ids in (("places", dispute.places), ("actors", dispute.actors), ("events", dispute.events)):
            for record_id in ids:
                _append(index.disputes_by_record, (folder, record_id), dispute)

    for folder in ("events", "actors", "places", "agreements", "disputes"):
        for record_id, record in sorted(data.table(folder).items()):
            for path, part in walk(record):
                if isinstance(part, Claim):
                    citation = Citation(folder, record_id, _label(path), part)
                    _append(index.citations_by_source, part.source, citation)
                    if part.speaker:
                        _append(index.statements_by_speaker, part.speaker, citation)
    return index


def zone_places(index: Index, zone: Zone) -> tuple[str, ...]:
    """Places a zone covers, sorted by id: its areas, and places within the areas it covers whole.

    A place within an area the zone covers only in part ("the north of Homs
    province") is not counted: the sources do not say which part it is in.
    """
    covered = {area.place for area in zone.areas}
    for area in zone.areas:
        if area.extent == "whole":
            covered.update(index.places_in_province.get(area.place, []))
    return tuple(sorted(covered))


def zone_events(index: Index, agreement: Agreement, zone: Zone) -> list[Event]:
    """Events in a zone's places from the agreement's date on, oldest first (ties by id)."""
    since = agreement.date.lower
    found = {
        event.id: event
        for place in zone_places(index, zone)
        for event in index.events_by_place.get(place, [])
        if event.date.upper >= since
    }
    return sorted(found.values(), key=lambda event: (event.date.sort_key, event.id))


def record_title(record: BaseModel) -> str:
    """The display name of any record."""
    for name in ("title", "name"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return str(getattr(record, "id", "?"))
