"""Checks across records: every reference resolves, every quote is verbatim, dates agree.

Runs after every file has been turned into a typed record (see
:func:`explainer.loader.load_dataset`), and returns every problem it finds.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .errors import Problem
from .loader import Dataset
from .model import Alias, Claim, DateInference
from .links import RECORD_LINK, SCHEME_FOLDERS
from .quotes import explain_mismatch

PathKey = tuple[str | int, ...]

# Which table each reference field points into, by (record class name, field name).
REFERENCE_FIELDS: dict[tuple[str, str], str] = {
    ("Claim", "source"): "sources",
    ("Claim", "speaker"): "actors",
    ("DateInference", "source"): "sources",
    ("Alias", "source"): "sources",
    ("Event", "category"): "categories",
    ("Event", "places"): "places",
    ("Event", "actors"): "actors",
    ("Event", "agreements"): "agreements",
    ("ControlChange", "place"): "places",
    ("ControlChange", "from_"): "actors",
    ("ControlChange", "to"): "actors",
    ("Relation", "target"): "actors",
    ("Actor", "camp"): "camps",
    ("Place", "province"): "places",
    ("Area", "place"): "places",
    ("Agreement", "parties"): "agreements_parties",
    ("Dispute", "places"): "places",
    ("Dispute", "actors"): "actors",
    ("Dispute", "events"): "events",
}

SINGULAR = {
    "sources": "source",
    "actors": "actor",
    "places": "place",
    "events": "event",
    "agreements": "agreement",
    "categories": "category",
    "camps": "camp",
}


def walk(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, BaseModel]]:
    """Every record part inside ``model`` (itself included), with its path in YAML keys."""
    yield path, model
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            yield from walk(value, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, path + (key, index))


def check_dataset(data: Dataset) -> list[Problem]:
    """Every problem across records, located in the files they come from."""
    problems: list[Problem] = []
    loaded = loaded_terms_pattern(data.site.loaded_terms)
    for (folder, record_id), doc in sorted(data.documents.items()):
        record = data.site if folder == "site" else data.table(folder)[record_id]

        def report(path: PathKey, message: str) -> None:
            problems.append(doc.problem(path, message))

        for path, part in walk(record):
            _check_references(data, part, path, report)
            if isinstance(part, Claim):
                _check_quote(data, part.source, part.quote, path + ("quote",), report)
            elif isinstance(part, DateInference):
                _check_quote(data, part.source, part.phrase, path + ("phrase",), report, what="phrase")
            elif isinstance(part, Alias) and part.source is not None:
                _check_quote(data, part.source, part.name, path + ("name",), report, what="alias")
            _check_record_links(data, part, path, report)
            if loaded is not None:
                _check_loaded_terms(loaded, part, path, report)
        if folder == "sources":
            for position, passage in enumerate(record.furniture):
                _check_quote(data, record_id, passage, ("furniture", position), report, what="furniture passage")
        checker = _RECORD_CHECKS.get(folder)
        if checker is not None:
            checker(data, record, report)
    return problems


def _check_references(data: Dataset, part: BaseModel, path: PathKey, report: Any) -> None:
    owner = type(part).__name__
    for name, info in type(part).model_fields.items():
        table_name = REFERENCE_FIELDS.get((owner, name))
        if table_name is None:
            continue
        if table_name == "agreements_parties":
            table_name = "actors"
        value = getattr(part, name)
        key = info.alias or name
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        table = data.table(table_name)
        seen: set[str] = set()
        for index, ref in values:
            if ref is None:
                continue
            where = path + ((key, index) if index is not None else (key,))
            if ref in seen:
                report(where, f"'{key}' lists '{ref}' twice; keep one")
                continue
            seen.add(ref)
            if ref not in table and (table_name, ref) not in data.broken_ids:
                kind = SINGULAR[table_name]
                hint = difflib.get_close_matches(ref, list(table), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                report(
                    where,
                    f"unknown {kind} id '{ref}' in '{key}'{suggestion}; it must be the id of a file in site_data/{table_name}/",
                )


def _check_record_links(data: Dataset, part: BaseModel, path: PathKey, report: Any) -> None:
    """Links written [text](place:id) in editors' Markdown must name existing records."""
    for name, info in type(part).model_fields.items():
        value = getattr(part, name)
        if not isinstance(value, str) or "](" not in value:
            continue
        for match in RECORD_LINK.finditer(value):
            scheme, ref = match.group(1), match.group(2)
            folder = SCHEME_FOLDERS[scheme]
            if ref not in data.table(folder) and (folder, ref) not in data.broken_ids:
                hint = difflib.get_close_matches(ref, list(data.table(folder)), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                report(
                    path + (info.alias or name,),
                    f"the link '{scheme}:{ref}' in '{info.alias or name}' names no {scheme}{suggestion};"
                    f" link to the id of a file in site_data/{folder}/",
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


def _check_loaded_terms(pattern: re.Pattern[str], part: BaseModel, path: PathKey, report: Any) -> None:
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


def _check_quote(data: Dataset, source_id: str, quote: str, path: PathKey, report: Any, *, what: str = "quote") -> None:
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


def _check_event(data: Dataset, event: Any, report: Any) -> None:
    for index, change in enumerate(event.control_changes):
        if change.from_ is not None and change.from_ == change.to:
            report(("control_changes", index, "to"), f"control passes from '{change.to}' to itself; fix 'from' or 'to'")
        if change.place not in event.places and change.place in data.places:
            report(
                ("control_changes", index, "place"),
                f"the place '{change.place}' changes hands but is not in the event's 'places'; add it there",
            )
    for index, claim in enumerate(event.claims):
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


def _check_actor(data: Dataset, actor: Any, report: Any) -> None:
    for index, relation in enumerate(actor.relations):
        if relation.target == actor.id:
            report(("relations", index, "target"), "an actor cannot be related to itself; fix 'target'")


def _check_place(data: Dataset, place: Any, report: Any) -> None:
    if place.province is None:
        return
    if place.province == place.id:
        report(("province",), "a place cannot lie in itself; fix 'province'")
        return
    province = data.places.get(place.province)
    if province is not None and province.kind != "province":
        report(("province",), f"'{place.province}' is a {province.kind}, not a province; give the id of a province")


def _check_agreement(data: Dataset, agreement: Any, report: Any) -> None:
    seen: set[str] = set()
    for index, zone in enumerate(agreement.zones):
        if zone.id in seen:
            report(("zones", index, "id"), f"duplicate zone id '{zone.id}' in this agreement; zone ids must be unique")
        seen.add(zone.id)


def _check_dispute(data: Dataset, dispute: Any, report: Any) -> None:
    if not (dispute.places or dispute.actors or dispute.events):
        report(("title",), "a dispute must name what it is about: give 'places', 'actors' or 'events'")
    statements: dict[str, int] = {}
    for index, position in enumerate(dispute.positions):
        if position.statement in statements:
            report(("positions", index, "statement"), "two positions make the same statement; a dispute needs different sides")
        statements[position.statement] = index


_RECORD_CHECKS = {
    "events": _check_event,
    "actors": _check_actor,
    "places": _check_place,
    "agreements": _check_agreement,
    "disputes": _check_dispute,
}
