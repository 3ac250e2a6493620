"""JSON Schemas for editors' tools, generated from the typed model (never written by hand).

The kinds a record's ``kind`` may be are the topic's (site.yaml's vocabulary): each topic's schemas list its
own, so ``explainer schema`` runs again after the vocabulary changes (the drift test says so).

One schema per record kind, in ``site_data/schemas/<kind>.schema.json``. Each
record file points its editor at its schema with a first line such as
``# yaml-language-server: $schema=../schemas/event.schema.json``, so that
VS Code, JetBrains IDEs and Neovim (through yaml-language-server) complete and
check fields as the editor types. A test fails when the committed schemas
drift from the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .expectations import EXPECTATIONS_FILE, Expectations
from .kinds import KINDS_BY_FOLDER, RECORD_KINDS
from .model import DEFAULT_VOCABULARY, SCHEMA_FOLDER, SITE_FILE, Record, Site, Vocabulary
from .records import record_from_document
from .yamlstrict import load_yaml_file

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Record kind → its class: every kind of record (:mod:`explainer.kinds`), the site file, and the topic's
#: expectations.
SCHEMA_KINDS: dict[str, type[Record]] = {kind.name: kind.model for kind in RECORD_KINDS} | {
    "site": Site,
    "expectations": Expectations,
}

#: The files at the top of the data folder, by kind.
TOP_FILES = {"site": SITE_FILE, "expectations": EXPECTATIONS_FILE}


#: The fields whose values are one of the topic's kinds, by (record class, field): the vocabulary's list.
KIND_FIELDS = {
    ("Actor", "kind"): "actor_kinds",
    ("Place", "kind"): "place_kinds",
    ("Agreement", "kind"): "agreement_kinds",
    ("Relation", "kind"): "relation_kinds",
}


def json_schema(model: type[Record], vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> dict[str, Any]:
    """The JSON Schema of one record kind, as editors' tools read it; a ``kind`` lists the topic's kinds, so
    that editors' tools complete them."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    parts = [(schema.get("title", ""), schema)] + sorted(schema.get("$defs", {}).items())
    for name, part in parts:
        for field, table in KIND_FIELDS.items():
            if field[0] == name and field[1] in part.get("properties", {}):
                part["properties"][field[1]]["enum"] = vocabulary.kind_ids(table)
    return {"$schema": DIALECT, **schema}


def schema_text(model: type[Record], vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> str:
    return json.dumps(json_schema(model, vocabulary), indent=2, ensure_ascii=False) + "\n"


def topic_vocabulary(data_dir: Path) -> Vocabulary:
    """The kinds the topic in ``data_dir`` declares (site.yaml); the default ones when it cannot be read
    (``explainer check`` says why)."""
    path = data_dir / SITE_FILE
    if not path.is_file() or path.is_symlink():
        return DEFAULT_VOCABULARY
    doc, _ = load_yaml_file(path, str(path))
    site = record_from_document(doc, Site)[0] if doc is not None else None
    return site.vocabulary if isinstance(site, Site) else DEFAULT_VOCABULARY


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line that ties a record file of ``kind`` to its schema, from where such files live."""
    prefix = "" if kind in TOP_FILES else "../"
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_FOLDER}/{schema_file(kind)}"


def kind_of(path: Path, data_dir: Path) -> str | None:
    """The record kind of a file in the data folder, from where it lies."""
    relative = path.relative_to(data_dir)
    for kind, name in TOP_FILES.items():
        if relative.as_posix() == name:
            return kind
    if len(relative.parts) == 2 and relative.parts[0] in KINDS_BY_FOLDER:
        return KINDS_BY_FOLDER[relative.parts[0]].name
    return None


def stale_schemas(data_dir: Path) -> list[str]:
    """Schema files that are missing or differ from what the model generates."""
    folder = data_dir / SCHEMA_FOLDER
    vocabulary = topic_vocabulary(data_dir)
    stale = []
    for kind, model in SCHEMA_KINDS.items():
        path = folder / schema_file(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(model, vocabulary):
            stale.append(path.as_posix())
    return stale


def write_schemas(data_dir: Path) -> list[Path]:
    folder = data_dir / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = topic_vocabulary(data_dir)
    written = []
    for kind, model in SCHEMA_KINDS.items():
        path = folder / schema_file(kind)
        path.write_text(schema_text(model, vocabulary), encoding="utf-8")
        written.append(path)
    return written
