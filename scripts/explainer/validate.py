"""Checks across records: every reference resolves, every quote is verbatim, dates agree.

Runs after every file has been turned into a typed record (see
:func:`explainer.loader.load_dataset`), and returns every problem it finds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .aliases import sources_using
from .attribution import quoted_text, speaker_message
from .dataset import SITE_DOCUMENT, Dataset
from .errors import DataWarning, Problem
from .i18n import catalogue_for, catalogue_languages
from .kinds import (
    ACTORS,
    AGREEMENTS,
    CAMPS,
    DISPUTES,
    EVENTS,
    KINDS_BY_FOLDER,
    PLACES,
    RECORD_KINDS,
    REFERENCES,
    SOURCES,
    PathKey,
    RecordKind,
    inner_model,
    walk,
)
from .links import find_record_links
from .model import ID_PATTERN, Actor, Agreement, Alias, Camp, Claim, DateInference, Dispute, Event, Place, Record, Source
from .prosedates import Support, mentions, prose_fields, support_of, warning_message
from .quotes import explain_mismatch
from .suggest import did_you_mean
from .yamlstrict import YamlDocument

_ID = re.compile(ID_PATTERN)

Report = Callable[[PathKey, str], None]
"""Reports a problem at a path of the record's file."""


def _unknown_reference(data: Dataset, kind: RecordKind[Any], ref: str) -> bool:
    """Whether ``ref`` names no record of ``kind`` (one that failed to load is known: it is reported already)."""
    return ref not in data.records(kind) and (kind.folder, ref) not in data.broken_ids


def _unknown_message(data: Dataset, kind: RecordKind[Any], ref: str, key: str) -> str:
    hint = did_you_mean(ref, data.records(kind))
    suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
    # An id of another kind of record is a likely mix-up: say which kind it is.
    others = [other for other in RECORD_KINDS if other is not kind and ref in data.records(other)]
    mixed = "".join(f" ('{ref}' is {other.article}, not {kind.article})" for other in others)
    return (
        f"unknown {kind.name} id '{ref}' in '{key}'{suggestion}{mixed};"
        f" it must be the id of a file in site_data/{kind.folder}/"
    )


def _reporter(problems: list[Problem], doc: YamlDocument) -> Report:
    """How the checks of one file's record report a problem: located in ``doc``, added to ``problems``."""

    def report(path: PathKey, message: str) -> None:
        problems.append(doc.problem(path, message))

    return report


@dataclass
class CheckedRecords:
    """A preview's checks of each record as its last build made them (:func:`check_dataset`).

    A record's checks read the record, its file (for positions), and beyond them only what
    :func:`record_surroundings` gives: which records exist, and the topic, the sources, their texts and the
    places. So when those are the last build's, a record read as before (the same objects: the loader keeps
    them while their files' bytes stay) has the problems it had, and is not checked again.
    """

    surroundings: tuple[object, ...] | None = None
    """What the last build's checks read beyond each record."""
    problems: dict[tuple[str, str], tuple[YamlDocument, Record, list[Problem]]] = field(default_factory=dict)
    """Each record's file, record and problems, by (folder, id), as the last build checked them."""
    reused: int = 0
    """How many records the last build did not check again."""


def record_surroundings(data: Dataset) -> tuple[object, ...]:
    """What the checks of one record read beyond it (compared by value; unchanged records are the same objects)."""
    return (
        tuple(frozenset(data.records(kind)) for kind in RECORD_KINDS),
        frozenset(data.broken_ids),
        data.site,
        dict(data.sources),
        dict(data.texts),
        dict(data.places),
    )


def check_dataset(data: Dataset, checked: CheckedRecords | None = None) -> list[Problem]:
    """Every problem across records, located in the files they come from.

    ``checked``: a preview's checks of the last build, reused for each record they still hold for, and
    replaced by this build's."""
    problems: list[Problem] = []
    loaded = loaded_terms_pattern(data.site.loaded_terms)
    last: dict[tuple[str, str], tuple[YamlDocument, Record, list[Problem]]] = {}
    if checked is not None:
        surroundings = record_surroundings(data)
        if checked.surroundings == surroundings:
            last = checked.problems
        checked.surroundings, checked.problems, checked.reused = surroundings, {}, 0
    for (folder, record_id), doc in sorted(data.documents.items()):
        kind = None if (folder, record_id) == SITE_DOCUMENT else KINDS_BY_FOLDER[folder]
        record: Record = data.site if kind is None else data.records(kind)[record_id]
        found = last.get((folder, record_id))
        if checked is not None and found is not None and found[0] is doc and found[1] is record:
            problems += found[2]
            checked.problems[(folder, record_id)] = found
            checked.reused += 1
            continue
        start = len(problems)
        _check_record(data, kind, record, _reporter(problems, doc), loaded)
        if checked is not None:
            checked.problems[(folder, record_id)] = (doc, record, problems[start:])
    for folder, doc in data.unloaded:
        problems += _check_unloaded(data, KINDS_BY_FOLDER[folder].model, doc)
    return problems


def _check_record(data: Dataset, kind: RecordKind[Any] | None, record: Record, report: Report, loaded: re.Pattern[str] | None) -> None:
    """The checks of one record (``kind`` None: the site's), reporting through ``report``."""
    for path, part in walk(record):
        _check_references(data, part, path, report)
        if isinstance(part, Claim):
            _check_quote(data, part.source, part.quote, path + ("quote",), report)
            if part.speaker is not None:
                _check_speaker(data, part, path, report)
        elif isinstance(part, DateInference):
            _check_quote(data, part.source, part.phrase, path + ("phrase",), report, what="phrase")
        elif isinstance(part, Alias):
            if part.source is not None:
                _check_quote(data, part.source, part.name, path + ("name",), report, what="alias")
            elif loaded is not None:
                _check_loaded_alias(data, loaded, part, path, report)
        _check_record_links(data, part, path, report)
        if loaded is not None:
            _check_loaded_terms(loaded, part, path, report)
    if kind is None:
        _check_language(data.site.language, report)
    else:
        checker = _RECORD_CHECKS.get(kind)
        if checker is not None:
            checker(data, record, report)


def _check_unloaded(data: Dataset, model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    """References and quotes of a record that failed the model, read from its raw values.

    One wrong value (a date, a misspelt field) must not hide the file's other mistakes: every value
    that has the right shape is checked as it would be in a loaded record.
    """
    problems: list[Problem] = []

    def report(path: PathKey, message: str) -> None:
        problems.append(doc.problem(path, message))

    for path, owner, raw in _raw_parts(model, doc.data, ()):
        for name, info in owner.model_fields.items():
            key = info.alias or name
            kind = REFERENCES.get((owner, name))
            value = raw.get(key)
            if kind is None or value is None:
                continue
            refs = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for index, ref in refs:
                # A value that is not even an id (a placeholder, capitals) was refused by the model already.
                if not isinstance(ref, str) or not _ID.fullmatch(ref):
                    continue
                if _unknown_reference(data, kind, ref):
                    where = path + ((key, index) if index is not None else (key,))
                    report(where, _unknown_message(data, kind, ref, key))
        source, quote = raw.get("source"), raw.get("quote")
        if owner is Claim and isinstance(source, str) and isinstance(quote, str) and quote.strip():
            _check_quote(data, source, quote, path + ("quote",), report)
    return problems


def _raw_parts(model: type[BaseModel], raw: Any, path: PathKey) -> Iterator[tuple[PathKey, type[BaseModel], dict[str, Any]]]:
    """Every mapping of a raw document that stands for a record part, with its model class and path."""
    if not isinstance(raw, dict):
        return
    yield path, model, raw
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = inner_model(info.annotation)
        value = raw.get(key)
        if inner is None or value is None:
            continue
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _raw_parts(inner, item, path + (key, index))
        else:
            yield from _raw_parts(inner, value, path + (key,))


def _check_references(data: Dataset, part: BaseModel, path: PathKey, report: Report) -> None:
    """Each id in a reference field (see :data:`explainer.kinds.REFERENCES`) names a record of its kind, once."""
    owner = type(part)
    for name, info in owner.model_fields.items():
        kind = REFERENCES.get((owner, name))
        if kind is None:
            continue
        value = getattr(part, name)
        key = info.alias or name
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        seen: set[str] = set()
        for index, ref in values:
            if ref is None:
                continue
            where = path + ((key, index) if index is not None else (key,))
            if ref in seen:
                report(where, f"'{key}' lists '{ref}' twice; keep one")
                continue
            seen.add(ref)
            if _unknown_reference(data, kind, ref):
                report(where, _unknown_message(data, kind, ref, key))


def _check_record_links(data: Dataset, part: BaseModel, path: PathKey, report: Report) -> None:
    """Links to records in editors' Markdown (every form: see links) must name existing records."""
    for name, info in type(part).model_fields.items():
        value = getattr(part, name)
        if not isinstance(value, str) or ("](" not in value and "]:" not in value):
            continue
        for link in find_record_links(value, fenced_code=False):  # the scanner markup.py resolves by
            scheme, ref, kind = link.scheme, link.record_id, link.kind
            if _unknown_reference(data, kind, ref):
                hint = did_you_mean(ref, data.records(kind))
                suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
                report(
                    path + (info.alias or name,),
                    f"the link '{scheme}:{ref}' in '{info.alias or name}' names no {scheme}{suggestion};"
                    f" link to the id of a file in site_data/{kind.folder}/",
                )


# Fields in a source's words rather than the site's own voice.
SOURCE_WORDS = {("Claim", "quote"), ("Claim", "note"), ("Alias", "name"), ("DateInference", "phrase"), ("Source", "title"), ("Source", "furniture"), ("Source", "publisher")}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def loaded_terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A pattern that finds any of the loaded terms as a whole word, in any case; None when there are none."""
    return _loaded_terms_pattern(tuple(terms))


@functools.lru_cache(maxsize=8)
def _loaded_terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)


def _check_loaded_terms(pattern: re.Pattern[str], part: BaseModel, path: PathKey, report: Report) -> None:
    """Loaded words stay inside quotation marks in the site's own voice."""
    owner = type(part).__name__
    for name, info in type(part).model_fields.items():
        if (owner, name) in SOURCE_WORDS or name in ("id", "url"):
            continue
        value = getattr(part, name)
        if not isinstance(value, str):
            continue
        match = pattern.search(_QUOTED.sub(" ", value))
        if match:
            key = info.alias or name
            report(
                path + (key,),
                f"'{key}' uses the loaded term '{match.group(1)}' in the site's own voice; use a neutral term,"
                " or quote the source's words in quotation marks “…” and say whose they are",
            )


def _check_quote(data: Dataset, source_id: str, quote: str, path: PathKey, report: Report, *, what: str = "quote") -> None:
    if source_id not in data.sources:
        return  # reported as an unknown reference
    text = data.texts.get(source_id)
    if text is None:
        return  # the archived text is missing or unreadable: reported on the source
    if not text.contains(quote):
        report(
            path,
            f"the {what} is not verbatim in the archived text of source '{source_id}'; {explain_mismatch(quote, text)}",
        )


def _check_speaker(data: Dataset, claim: Claim, path: PathKey, report: Report) -> None:
    """A speaker is credited only with words the source prints inside quotation marks."""
    text = data.texts.get(claim.source)
    if claim.source not in data.sources or text is None or not text.contains(claim.quote):
        return  # reported already: an unknown source, a missing text, a quote that is not verbatim
    if not quoted_text(text).quotes(claim.quote):
        report(path + ("speaker",), speaker_message(claim.speaker or ""))


def _check_loaded_alias(data: Dataset, pattern: re.Pattern[str], alias: Alias, path: PathKey, report: Report) -> None:
    """An alias with a loaded term must be a source's word, never the editors' own."""
    match = pattern.search(alias.name)
    if match is not None and not sources_using(data, alias):
        report(
            path + ("name",),
            f"the alias '{alias.name}' uses the loaded term '{match.group(1)}' and no archived text has it, so the"
            " site would use it in its own voice; give the 'source' whose word it is, or remove it",
        )


def _check_language(language: str, report: Report) -> None:
    """The site's own words need a catalogue in the topic's language."""
    if catalogue_for(language) is None:
        report(
            ("language",),
            f"the site's own words have no catalogue for the language '{language}' (there are:"
            f" {', '.join(catalogue_languages())}); use one of them, or start one with"
            f" python -m explainer.i18n update --add {language} and translate it",
        )


def data_warnings(data: Dataset) -> list[DataWarning]:
    """What review should look at without stopping the build: dates in the editors' prose that the record's
    dates and quotes do not support (see :mod:`explainer.prosedates`)."""
    warnings: list[DataWarning] = []
    for (folder, record_id), doc in sorted(data.documents.items()):
        kind = None if (folder, record_id) == SITE_DOCUMENT else KINDS_BY_FOLDER[folder]
        record: Record = data.site if kind is None else data.records(kind)[record_id]
        support: Support | None = None
        for path, part in walk(record):
            owner = type(part)
            for name, key, text in prose_fields(part):
                if (owner, name) in REFERENCES:
                    continue  # an id, not prose
                seen: set[str] = set()
                for mention in mentions(text):
                    if mention.text in seen:
                        continue
                    seen.add(mention.text)
                    support = support or support_of(data, record, folder)
                    if not support.supports(mention):
                        warnings.append(DataWarning.of(doc.problem(path + (key,), warning_message(data, key, mention, support))))
    return sorted(warnings)


def _check_event(data: Dataset, event: Event, report: Report) -> None:
    for index, change in enumerate(event.control_changes):
        if change.from_ is not None and change.from_ == change.to:
            report(("control_changes", index, "to"), f"control passes from '{change.to}' to itself; fix 'from' or 'to'")
        if change.place not in event.places and change.place in data.places:
            report(
                ("control_changes", index, "place"),
                f"the place '{change.place}' changes hands but is not in the event's 'places'; add it there",
            )
    for claim in event.claims:
        source = data.sources.get(claim.source)
        if source is not None and event.date.lower > source.published.upper:
            report(
                ("date",),
                f"the event's date ({event.date.human()}) is after the publication of source '{source.id}'"
                f" ({source.published.human()}), which reports it; check the date",
            )
    if event.date_inferred is not None:
        source = data.sources.get(event.date_inferred.source)
        if source is not None and event.date.lower > source.published.upper:
            report(
                ("date",),
                f"the date is inferred from source '{source.id}' but falls after its publication"
                f" ({source.published.human()}); check the date",
            )


def _check_actor(data: Dataset, actor: Actor, report: Report) -> None:
    for index, relation in enumerate(actor.relations):
        if relation.target == actor.id:
            report(("relations", index, "target"), "an actor cannot be related to itself; fix 'target'")
    if data.site.vocabulary.camps and actor.camp is None:
        report(
            (),
            "required field 'camp' is missing (this topic groups actors in camps: give the id of a file in"
            " site_data/camps/, or set 'camps: false' under 'vocabulary' in site.yaml)",
        )
    elif not data.site.vocabulary.camps and actor.camp is not None:
        report(
            ("camp",),
            "this topic does not group actors in camps ('camps: false' under 'vocabulary' in site.yaml); remove 'camp'",
        )


def _check_camp(data: Dataset, camp: Camp, report: Report) -> None:
    if not data.site.vocabulary.camps:
        report(
            ("id",),
            "this topic does not group actors in camps ('camps: false' under 'vocabulary' in site.yaml);"
            " remove this file, or set 'camps: true'",
        )


def _check_place(data: Dataset, place: Place, report: Report) -> None:
    _check_control_reports(data, place, report)
    if place.within is None:
        return
    if place.within == place.id:
        report(("within",), "a place cannot lie within itself; fix 'within'")
        return
    # Places nest in any place, but never in a circle: follow 'within' up until it ends or comes back.
    chain = [place.id]
    current = data.places.get(place.within)
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = data.places.get(current.within) if current.within is not None else None
    if current is not None and current.id == place.id:
        circle = " within ".join(f"'{place_id}'" for place_id in [*chain, place.id])
        report(("within",), f"places nest in a circle: {circle}; fix 'within' in one of them")


def _check_control_reports(data: Dataset, place: Place, report: Report) -> None:
    """A statement of who held a place is about a date its source could know: not after its publication."""
    for index, statement in enumerate(place.control_reports):
        for source_id in dict.fromkeys(claim.source for claim in statement.claims):
            source = data.sources.get(source_id)
            if source is not None and statement.date.lower > source.published.upper:
                report(
                    ("control_reports", index, "date"),
                    f"the report's date ({statement.date.human()}) is after the publication of source '{source.id}'"
                    f" ({source.published.human()}), which says who held the place; give a date on or before it",
                )


def _check_agreement(data: Dataset, agreement: Agreement, report: Report) -> None:
    seen: set[str] = set()
    for index, zone in enumerate(agreement.zones):
        if zone.id in seen:
            report(("zones", index, "id"), f"duplicate zone id '{zone.id}' in this agreement; zone ids must be unique")
        seen.add(zone.id)


def _check_dispute(data: Dataset, dispute: Dispute, report: Report) -> None:
    if not (dispute.places or dispute.actors or dispute.events):
        report(("title",), "a dispute must name what it is about: give 'places', 'actors' or 'events'")
    statements: dict[str, int] = {}
    for index, position in enumerate(dispute.positions):
        if position.statement in statements:
            report(("positions", index, "statement"), "two positions make the same statement; a dispute needs different sides")
        statements[position.statement] = index


def _check_source(data: Dataset, source: Source, report: Report) -> None:
    for position, passage in enumerate(source.furniture):
        _check_quote(data, source.id, passage, ("furniture", position), report, what="furniture passage")


#: The checks of one record of a kind beyond its references and quotes.
_RECORD_CHECKS: dict[RecordKind[Any], Callable[[Dataset, Any, Report], None]] = {
    SOURCES: _check_source,
    EVENTS: _check_event,
    ACTORS: _check_actor,
    CAMPS: _check_camp,
    PLACES: _check_place,
    AGREEMENTS: _check_agreement,
    DISPUTES: _check_dispute,
}
