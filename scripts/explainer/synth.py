"""``explainer synth``: a deterministic synthetic ``site_data/`` tree of any size, for benchmarks.

N events with proportionate actors, places, sources (with archived texts),
agreements, disputes and claims that quote the sources verbatim; the tree
passes ``explainer check``. The same N and seed always give the same files.
Every record says it is synthetic: nothing here is a fact about anything.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ExplainerError
from .kinds import ACTORS, AGREEMENTS, CAMPS, CATEGORIES, DISPUTES, EVENTS, PLACES, RECORD_KINDS, SOURCES, RecordKind
from .model import SITE_FILE
from .schema import modeline

CATEGORY_NAMES = [
    ("fighting", "Fighting"),
    ("strikes", "Strikes and bombardment"),
    ("diplomacy", "Diplomacy"),
    ("displacement", "Displacement"),
    ("investigations", "Investigations"),
    ("statements", "Statements"),
]
CAMP_NAMES = [("camp-north", "Northern coalition"), ("camp-south", "Southern alliance"), ("camp-east", "Eastern forces"), ("observers", "Observers")]
ACTOR_KINDS = ["armed group", "armed forces", "state", "militia", "international body", "person"]
VERBS = {
    "fighting": "took control of",
    "strikes": "struck targets near",
    "diplomacy": "held talks about",
    "displacement": "reported people fleeing",
    "investigations": "opened an inquiry into events in",
    "statements": "issued a statement on",
}
SYLLABLES = ["al", "bar", "dar", "el", "far", "gha", "ham", "ir", "jab", "kha", "lat", "mar", "nur", "qas", "ras", "sal", "tal", "um", "wad", "zar"]
FIRST = dt.date(2015, 1, 1)
LAST = dt.date(2024, 12, 31)


@dataclass
class _Event:
    id: str
    date: str
    lower: dt.date
    upper: dt.date
    category: str
    place: str
    actor: str
    other: str
    sentence: str
    inferred: bool = False
    control: tuple[str, str | None, str] | None = None
    source: str = ""


@dataclass
class _Source:
    id: str
    published: dt.date
    sentences: list[str] = field(default_factory=list)


def _name(rng: random.Random, words: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(words)
    )


def _yaml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _write(path: Path, kind: str, lines: list[str]) -> None:
    path.write_text("\n".join([modeline(kind), *lines]) + "\n", encoding="utf-8")


def _write_record(out: Path, kind: RecordKind[Any], record_id: str, lines: list[str]) -> None:
    """The file of a record of ``kind``, in its folder, with the modeline of its schema."""
    _write(out / kind.folder / f"{record_id}.yaml", kind.name, lines)


def synthesize(events: int, seed: int, out: Path) -> dict[RecordKind[Any], int]:
    """Write a synthetic data tree of ``events`` events into ``out`` (new or empty); return record counts."""
    if events < 1:
        raise ExplainerError("--events must be at least 1")
    if out.exists() and any(out.iterdir()):
        raise ExplainerError(f"{out}: the folder is not empty; give an empty or new folder")
    rng = random.Random(seed)
    for record_kind in RECORD_KINDS:
        (out / record_kind.folder).mkdir(parents=True, exist_ok=True)

    n_actors = events // 50 + 10
    n_places = events // 25 + 10
    n_provinces = max(3, n_places // 10)
    n_agreements = events // 500 + 2
    n_disputes = events // 200 + 1

    _write(out / SITE_FILE, "site", [
        f"title: {_yaml(f'A synthetic conflict ({events:,} events)')}",
        "intro: >-",
        "  Synthetic data for benchmarks, made by explainer synth. Nothing here is a",
        "  fact about any real place, person or event.",
        "loaded_terms: [regime, massacre]",
    ])  # fmt: skip
    for order, (category_id, name) in enumerate(CATEGORY_NAMES, 1):
        _write_record(out, CATEGORIES, category_id, [f"id: {category_id}", f"name: {name}", f"order: {order}"])
    for order, (camp_id, name) in enumerate(CAMP_NAMES, 1):
        _write_record(out, CAMPS, camp_id, [f"id: {camp_id}", f"name: {name}", f"order: {order}"])

    provinces = [(f"province-{i:03d}", f"{_name(rng, 1)} province") for i in range(1, n_provinces + 1)]
    towns = [(f"town-{i:04d}", _name(rng), rng.choice(provinces)[0]) for i in range(1, n_places - n_provinces + 1)]
    actors = [(f"actor-{i:04d}", f"{_name(rng)} {rng.choice(['Front', 'Brigade', 'Council', 'Forces', 'Union'])}") for i in range(1, n_actors + 1)]
    actor_names = dict(actors)
    town_names = {town_id: name for town_id, name, _province in towns}

    # Events, oldest first, each with the sentence a source will print.
    span = (LAST - FIRST).days
    made: list[_Event] = []
    for number in range(1, events + 1):
        lower = FIRST + dt.timedelta(days=rng.randrange(span))
        roll = rng.random()
        if roll < 0.7:
            upper, text = lower, lower.isoformat()
        elif roll < 0.85:
            lower = lower.replace(day=1)
            upper = (lower.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            text = lower.isoformat()[:7]
        elif roll < 0.9:
            lower, upper, text = dt.date(lower.year, 1, 1), dt.date(lower.year, 12, 31), str(lower.year)
        else:
            upper = lower + dt.timedelta(days=rng.randint(1, 20))
            text = f"{lower.isoformat()}/{upper.isoformat()}"
        if roll < 0.7 and rng.random() < 0.05:
            text += "~"
        category = rng.choice(CATEGORY_NAMES)[0]
        town = rng.choice(towns)
        actor, other = rng.sample(actors, 2)
        sentence = f"In report {number}, {actor[1]} {VERBS[category]} {town[1]} on {lower.strftime('%d %B %Y')}."
        made.append(_Event(f"event-{number:05d}", text, lower, upper, category, town[0], actor[0], other[0], sentence))
    made.sort(key=lambda e: (e.lower, e.id))
    for event in made:
        if event.category == "fighting" and rng.random() < 0.5:
            event.control = (event.place, event.other if rng.random() < 0.7 else None, event.actor)

    # Sources: about 20 consecutive events each, published a few days after the last of them.
    sources: list[_Source] = []
    for start in range(0, len(made), 20):
        chunk = made[start : start + 20]
        published = max(e.upper for e in chunk) + dt.timedelta(days=rng.randint(1, 3))
        source = _Source(f"source-{len(sources) + 1:04d}", published)
        for event in chunk:
            event.source = source.id
            if event.date.count("-") == 2 and "/" not in event.date and event.upper + dt.timedelta(days=1) == published and not event.date.endswith("~"):
                event.inferred = True
                event.sentence = f"Yesterday, in report {event.id[6:].lstrip('0')}, {actor_names[event.actor]} {VERBS[event.category]} {town_names[event.place]}."
            source.sentences.append(event.sentence)
        sources.append(source)

    # Disputes: two sources disagree about a town's rank.
    disputed = rng.sample(towns, min(n_disputes, len(towns)))
    disputes = []
    for index, town in enumerate(disputed, 1):
        first, second = rng.sample(sources, 2) if len(sources) > 1 else (sources[0], sources[0])
        claim_a = f"{town[1]} is the largest town in its province."
        claim_b = f"{town[1]} is the second largest town in its province."
        first.sentences.append(claim_a)
        second.sentences.append(claim_b)
        disputes.append((f"dispute-{index:04d}", town, (first.id, claim_a), (second.id, claim_b)))

    # Actors' descriptions and relations quote the first source that names them.
    actor_sentences: dict[str, tuple[str, str]] = {}
    for actor_id, name in actors:
        source = rng.choice(sources)
        sentence = f"{name} is a party to the conflict."
        source.sentences.append(sentence)
        actor_sentences[actor_id] = (source.id, sentence)
    relation_sentences = []
    for actor_id, name in actors:
        target_id, target_name = rng.choice(actors)
        if target_id == actor_id:
            continue
        kind = rng.choice(["supports", "fights", "allied with"])
        source = rng.choice(sources)
        sentence = f"{name} {kind} {target_name}."
        source.sentences.append(sentence)
        relation_sentences.append((actor_id, kind, target_id, source.id, sentence))

    # Agreements with zones over provinces.
    agreements = []
    for index in range(1, n_agreements + 1):
        day = FIRST + dt.timedelta(days=rng.randrange(span))
        source = next((s for s in sources if s.published >= day), sources[-1])
        covered = rng.sample(provinces, min(2, len(provinces)))
        sentence = f"Agreement {index} set up zones in {covered[0][1]} and {covered[-1][1]}."
        source.sentences.append(sentence)
        agreements.append((f"agreement-{index:03d}", day, covered, source.id, sentence, rng.sample(actors, 2)))

    for source in sources:
        text = f"Synthetic report {source.id}\n\n" + "\n".join(source.sentences) + "\n"
        (out / SOURCES.folder / f"{source.id}.txt").write_text(text, encoding="utf-8")
        _write_record(out, SOURCES, source.id, [
            f"id: {source.id}",
            f"title: Synthetic report {source.id}",
            "publisher: Synthetic Wire",
            f"url: https://example.org/synthetic/{source.id}",
            f"published: {source.published.isoformat()}",
            "language: en",
            f"archived_text: {source.id}.txt",
            "furniture:",
            f"  - Synthetic report {source.id}",
        ])  # fmt: skip

    for province_id, name in provinces:
        _write_record(out, PLACES, province_id, [f"id: {province_id}", f"name: {_yaml(name)}", "kind: province"])
    for town_id, name, province in towns:
        alias = name.replace("a", "aa", 1) if "a" in name else name + "h"
        _write_record(out, PLACES, town_id, [
            f"id: {town_id}", f"name: {_yaml(name)}", "kind: town", f"within: {province}", "aliases:", f"  - {_yaml(alias)}",
        ])  # fmt: skip
    relations_by_actor: dict[str, list[tuple[str, str, str, str]]] = {}
    for actor_id, kind, target_id, source_id, sentence in relation_sentences:
        relations_by_actor.setdefault(actor_id, []).append((kind, target_id, source_id, sentence))
    for index, (actor_id, name) in enumerate(actors):
        source_id, sentence = actor_sentences[actor_id]
        lines = [
            f"id: {actor_id}", f"name: {_yaml(name)}", f"kind: {ACTOR_KINDS[index % len(ACTOR_KINDS)]}",
            f"camp: {CAMP_NAMES[index % len(CAMP_NAMES)][0]}", f"description: {_yaml(f'{name}, a synthetic party to the conflict.')}",
            "claims:", f"  - source: {source_id}", f"    quote: {_yaml(sentence)}",
        ]  # fmt: skip
        relations = relations_by_actor.get(actor_id, [])
        if relations:
            lines.append("relations:")
            for kind, target_id, relation_source, relation_sentence in relations:
                lines += [f"  - kind: {kind}", f"    target: {target_id}", "    claims:", f"      - source: {relation_source}", f"        quote: {_yaml(relation_sentence)}"]
        _write_record(out, ACTORS, actor_id, lines)

    for event in made:
        lines = [
            f"id: {event.id}",
            f"title: {_yaml(f'{actor_names[event.actor]} {VERBS[event.category]} a town')}",
            f"date: {_yaml(event.date)}",
        ]
        if event.inferred:
            lines += ["date_inferred:", f"  source: {event.source}", "  phrase: Yesterday", "  reasoning: The report was published the next day."]
        lines += [
            f"category: {event.category}",
            f"places: [{event.place}]",
            f"actors: [{event.actor}]",
            f"summary: {_yaml(f'[{actor_names[event.actor]}](actor:{event.actor}) {VERBS[event.category]} [a town](place:{event.place}).')}",
            "claims:",
            f"  - source: {event.source}",
            f"    quote: {_yaml(event.sentence)}",
        ]  # fmt: skip
        if event.control:
            place, before, after = event.control
            lines += ["control_changes:", f"  - place: {place}"] + ([f"    from: {before}"] if before else []) + [f"    to: {after}"]
        _write_record(out, EVENTS, event.id, lines)

    for agreement_id, day, covered, source_id, sentence, parties in agreements:
        lines = [
            f"id: {agreement_id}", f"name: {_yaml(f'Agreement {agreement_id[-3:].lstrip(chr(48))}')}", "kind: memorandum",
            f"date: {day.isoformat()}", f"parties: [{parties[0][0]}, {parties[1][0]}]",
            f"summary: {_yaml('A synthetic agreement that set up zones.')}",
            "claims:", f"  - source: {source_id}", f"    quote: {_yaml(sentence)}", "zones:",
        ]  # fmt: skip
        for zone_index, (province_id, province_name) in enumerate(covered, 1):
            lines += [
                f"  - id: zone-{zone_index}", f"    name: {_yaml(f'Zone {zone_index}: {province_name}')}", "    areas:",
                f"      - place: {province_id}", "    claims:", f"      - source: {source_id}", f"        quote: {_yaml(sentence)}",
            ]  # fmt: skip
        _write_record(out, AGREEMENTS, agreement_id, lines)

    for dispute_id, town, (source_a, claim_a), (source_b, claim_b) in disputes:
        _write_record(out, DISPUTES, dispute_id, [
            f"id: {dispute_id}", f"title: {_yaml(f'Is {town[1]} the largest or the second largest town of its province?')}",
            f"places: [{town[0]}]", "positions:",
            "  - statement: The largest", "    claims:", f"      - source: {source_a}", f"        quote: {_yaml(claim_a)}",
            "  - statement: The second largest", "    claims:", f"      - source: {source_b}", f"        quote: {_yaml(claim_b)}",
        ])  # fmt: skip
    return {
        EVENTS: events,
        SOURCES: len(sources),
        ACTORS: len(actors),
        PLACES: n_places,
        AGREEMENTS: len(agreements),
        DISPUTES: len(disputes),
    }
