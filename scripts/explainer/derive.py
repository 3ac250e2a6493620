"""What the pages need that no single record holds: indexes, control history, relations.

Everything here is computed once from a validated :class:`~explainer.loader.Dataset`
(the second phase of a build) and is pure: same data, same result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from pydantic import BaseModel

from .dataset import Dataset
from .dates import HistoricalDate
from .i18n import Words, gettext_noop
from .i18n import words as words_of
from .kinds import RECORD_KINDS, PathKey, field_references, walk
from .model import (
    Actor,
    Agreement,
    Claim,
    ControlChange,
    ControlExtent,
    ControlReport,
    DateInference,
    Dispute,
    Event,
    Relation,
    Zone,
)

#: What a row of a place's control history rests on. "reported": a source says who held it at that date
#: (a change of control, or a statement such as "the Guard-held Hillcrest"); "presumed": no
#: source says who held it then, and the site takes it that nothing changed since the last report (or,
#: before the first, that whoever the first report names held it); "unknown": no source says, or the
#: sources disagree.
ControlBasis = Literal["reported", "presumed", "unknown"]


@dataclass(frozen=True)
class ControlPoint:
    """What one record reports about who held a place at a date: a change of control, or a statement."""

    place: str
    date: HistoricalDate
    kind: Literal["change", "report"]
    holder: str
    """Who took it (a change) or held it (a statement)."""
    previous: str | None
    """For a change, who it was taken from, when the sources say; None for a statement."""
    extent: ControlExtent
    event: str | None
    """Id of the event that records the change; None for a statement."""
    report: int | None
    """Position of the statement in its place's ``control_reports``; None for a change."""
    sources: tuple[str, ...]
    """Ids of the sources it rests on, in the order its claims cite them."""
    claims: tuple[Claim, ...]
    inferred: DateInference | None = None
    """How the date was worked out, when it was (the event's ``date_inferred``)."""
    article_date: bool = False
    """For a statement: its date is the publication date of an article that makes it (a source that says who holds
    the place now gives no other date); the site says so beside the date wherever it shows it."""

    def date_words(self, lang: Words | None = None) -> str:
        """The date in words with its markers: "(inferred)" for an event's worked-out date, "(the article's date)"
        for a statement dated by its article."""
        words = when(self.date, self.inferred, lang)
        return (lang or words_of()).gettext("%(date)s (the article's date)", date=words) if self.article_date else words

    @property
    def held_before(self) -> str | None:
        """Who the record says held the place just before its date: a change's 'from', a statement's holder."""
        return self.holder if self.kind == "report" else self.previous


@dataclass(frozen=True)
class ControlPeriod:
    """A row of a place's control history: a reported point, or what lies between two of them.

    A ``reported`` row is one :class:`ControlPoint`: ``start`` and ``end`` are its date. A
    ``presumed`` or ``unknown`` row lies between the report it follows (``after``) and the one it
    leads to (``before``); where there is none, that end is open (``start`` or ``end`` is None):
    no source gives it, and nothing (an axis, a publication date) stands in for it.
    """

    place: str
    holder: str | None
    """Who held it; None when no source says or the sources disagree."""
    basis: ControlBasis
    start: HistoricalDate | None
    end: HistoricalDate | None
    extent: ControlExtent = "full"
    point: ControlPoint | None = None
    """For a reported row, what was reported."""
    after: ControlPoint | None = None
    """For a presumed or unknown row, the report it follows; None when its start is open."""
    before: ControlPoint | None = None
    """For a presumed or unknown row, the report it leads to; None when its end is open."""
    missing_change: tuple[str, str] | None = None
    """(who a report says held it, who the next report says held it) when they differ and no change between
    them is reported: a change is missing from the sources, or they disagree."""

    @property
    def known(self) -> bool:
        return self.holder is not None

    @property
    def reported(self) -> bool:
        return self.basis == "reported"

    @property
    def open_start(self) -> bool:
        return self.start is None

    @property
    def open_end(self) -> bool:
        return self.end is None

    @property
    def start_inferred(self) -> DateInference | None:
        point = self.point or self.after
        return point.inferred if point is not None else None

    @property
    def end_inferred(self) -> DateInference | None:
        point = self.point or self.before
        return point.inferred if point is not None else None

    def gap_words(self, lang: Words | None = None) -> str:
        """What the sources leave unsaid about this row, in words (``lang``'s, English by default: "no source
        reports who held it between August 2019 and 30 November 2024"); empty for a reported row."""
        if self.reported:
            return ""
        w = lang or words_of()
        start = _end_words(self.start, self.point or self.after, self.start_inferred, w)
        end = _end_words(self.end, self.point or self.before, self.end_inferred, w)
        if start is None and end is not None and self.holder is not None:
            if self.before is not None and self.before.kind == "report":
                return w.gettext("reported held as of %(date)s; no source reports since when", date=end)
            return w.gettext("reported held until %(date)s; no source reports since when", date=end)
        if start is None and end is not None:
            return w.gettext("no source reports who held it before %(date)s", date=end)
        if end is None and start is not None:
            return w.gettext("no source reports who held it after %(date)s", date=start)
        return w.gettext("no source reports who held it between %(start)s and %(end)s", start=start, end=end)


def _end_words(date: HistoricalDate | None, point: ControlPoint | None, inferred: DateInference | None, w: Words) -> str | None:
    """One end of a row in words, with the markers of the report it is the date of (None for an open end)."""
    if date is None:
        return None
    if point is not None and point.date == date:
        return point.date_words(w)
    return when(date, inferred, w)


def when(date: HistoricalDate, inferred: DateInference | None, lang: Words | None = None) -> str:
    """A date in words (``lang``'s, English by default), marked when it is inferred."""
    w = lang or words_of()
    words = date.human(lang=w)
    return w.gettext("%(date)s (inferred)", date=words) if inferred is not None else words


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
    """The places that lie directly within each place ('within'), by name: a province's towns, a town's districts."""
    actors_by_camp: dict[str, list[Actor]] = field(default_factory=dict)
    agreements_by_party: dict[str, list[Agreement]] = field(default_factory=dict)


def control_points(
    changes: list[tuple[Event, ControlChange]],
    reports: Sequence[tuple[str, int, ControlReport]] = (),
    published: Mapping[str, HistoricalDate] | None = None,
) -> list[ControlPoint]:
    """Every reported point of one place's control, oldest first (on the same date, changes before statements:
    a statement that a place is held "now" describes it after that day's events). ``published``: each source's
    publication date, by id, to tell a statement dated by its article."""
    points = [
        ControlPoint(
            place=change.place,
            date=event.date,
            kind="change",
            holder=change.to,
            previous=change.from_,
            extent=change.extent,
            event=event.id,
            report=None,
            sources=_sources_of(event.claims),
            claims=tuple(event.claims),
            inferred=event.date_inferred,
        )
        for event, change in changes
    ]
    points += [
        ControlPoint(
            place=place,
            date=statement.date,
            kind="report",
            holder=statement.holder,
            previous=None,
            extent=statement.extent,
            event=None,
            report=position,
            sources=_sources_of(statement.claims),
            claims=tuple(statement.claims),
            article_date=published is not None and any(published[claim.source] == statement.date for claim in statement.claims),
        )
        for place, position, statement in reports
    ]
    return sorted(
        points,
        key=lambda p: (p.date.sort_key, p.kind == "report", p.event or "", p.report if p.report is not None else -1),
    )


def _sources_of(claims: list[Claim]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(claim.source for claim in claims))


def control_history(
    changes: list[tuple[Event, ControlChange]],
    reports: Sequence[tuple[str, int, ControlReport]] = (),
    published: Mapping[str, HistoricalDate] | None = None,
) -> list[ControlPeriod]:
    """One place's control history: each reported point, and what lies between, before and after them.

    Between two reports that agree (the later names no earlier holder, or the same one) the place is
    presumed to have stayed with its holder, and the row says that no source reports it. When the later
    report names someone else, a change is missing or the sources disagree: the row between is unknown.
    Before the first report the place is presumed held by whoever it names as the earlier holder
    (unknown when it names none), and after the last by whoever held it then; those rows are open at
    their far end, since no source dates it.
    """
    points = control_points(changes, reports, published)
    if not points:
        return []
    place, first = points[0].place, points[0]
    periods = [
        ControlPeriod(
            place, first.held_before, "presumed" if first.held_before else "unknown", None, first.date,
            first.extent, before=first,
        )
    ]
    for position, point in enumerate(points):
        periods.append(ControlPeriod(place, point.holder, "reported", point.date, point.date, point.extent, point=point))
        following = points[position + 1] if position + 1 < len(points) else None
        if following is None:
            periods.append(ControlPeriod(place, point.holder, "presumed", point.date, None, point.extent, after=point))
        else:
            periods.extend(_between(point, following))
    return periods


def _between(earlier: ControlPoint, later: ControlPoint) -> list[ControlPeriod]:
    """The row between two consecutive reported points of a place (none when nothing lies between)."""
    held_before = later.held_before
    if held_before is None or held_before == earlier.holder:
        if later.date.lower <= earlier.date.upper:
            return []  # the same day, or dates that overlap: nothing is presumed between them
        return [
            ControlPeriod(
                earlier.place, earlier.holder, "presumed", earlier.date, later.date, earlier.extent,
                after=earlier, before=later,
            )
        ]
    return [
        ControlPeriod(
            earlier.place, None, "unknown", earlier.date, later.date, after=earlier, before=later,
            missing_change=(earlier.holder, held_before),
        )
    ]


_K = TypeVar("_K")
_V = TypeVar("_V")


def _append(table: dict[_K, list[_V]], key: _K, value: _V) -> None:
    table.setdefault(key, []).append(value)


#: What a claim of a part of a record is about, by the record's field (shown as "On a relation:"; translated
#: where it is shown, :meth:`explainer.contexts.SourceContext.on_part`).
_PART_LABELS = {
    "relations": gettext_noop("relation"),
    "zones": gettext_noop("zone"),
    "positions": gettext_noop("position"),
    "date_inferred": gettext_noop("date"),
    "control_reports": gettext_noop("who held it"),
}


def _label(path: PathKey) -> str:
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
    reports: dict[str, list[tuple[str, int, ControlReport]]] = defaultdict(list)
    for place in data.places.values():
        for position, statement in enumerate(place.control_reports):
            reports[place.id].append((place.id, position, statement))
    published = {source.id: source.published for source in data.sources.values()}
    index.control_history = {
        place: control_history(changes.get(place, []), reports.get(place, []), published)
        for place in sorted(set(changes) | set(reports))
    }

    for actor in sorted(data.actors.values(), key=lambda a: a.name.casefold()):
        if actor.camp is not None:
            _append(index.actors_by_camp, actor.camp, actor)
        for relation in actor.relations:
            forward, backward = data.site.vocabulary.relation_phrases(relation.kind)
            _append(index.relations, actor.id, RelationLink(forward, relation.target, relation, True))
            _append(index.relations, relation.target, RelationLink(backward, actor.id, relation, False))

    for links in index.relations.values():
        links.sort(key=lambda link: (not link.outgoing, data.actors[link.other].name.casefold() if link.other in data.actors else link.other))

    for agreement in sorted(data.agreements.values(), key=lambda a: a.order):
        for party in agreement.parties:
            _append(index.agreements_by_party, party, agreement)

    for place in sorted(data.places.values(), key=lambda p: p.name.casefold()):
        if place.within:
            _append(index.places_in_province, place.within, place.id)

    # What a dispute is about: the records its reference fields name (places, actors, events).
    about = field_references(Dispute)
    for dispute in data.disputes.values():
        for name, kind in about.items():
            for record_id in getattr(dispute, name):
                _append(index.disputes_by_record, (kind.folder, record_id), dispute)

    for kind in RECORD_KINDS:
        for record_id, record in sorted(data.records(kind).items()):
            for path, part in walk(record):
                if isinstance(part, Claim):
                    citation = Citation(kind.folder, record_id, _label(path), part)
                    _append(index.citations_by_source, part.source, citation)
                    if part.speaker:
                        _append(index.statements_by_speaker, part.speaker, citation)
    return index


def zone_places(index: Index, zone: Zone) -> tuple[str, ...]:
    """Places a zone covers, sorted by id: its areas, and places within the areas it covers whole (and the
    places within those, however deep they nest).

    A place within an area the zone covers only in part ("the north of a
    province") is not counted: the sources do not say which part it is in.
    """
    covered = {area.place for area in zone.areas}
    pending = [area.place for area in zone.areas if area.extent == "whole"]
    while pending:
        for place_id in index.places_in_province.get(pending.pop(), []):
            if place_id not in covered:  # validation refuses circles; this also stops one
                covered.add(place_id)
                pending.append(place_id)
    return tuple(sorted(covered))


def zone_events(index: Index, agreement: Agreement, zone: Zone) -> list[Event]:
    """Events in a zone's places from the agreement's date on, oldest first (ties by id)."""
    assert agreement.date is not None, "an agreement that sets up zones has a date (the model requires it)"
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
