"""JSON Schemas for editors' tools, generated from the typed model (never written by hand).

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
from .model import RECORD_FOLDERS, SITE_FILE, Record, Site

SCHEMA_FOLDER = "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Record kind → its class: every folder's records, the site file, and the topic's expectations.
SCHEMA_KINDS: dict[str, type[Record]] = {model.record_kind: model for model in RECORD_FOLDERS.values()} | {
    "site": Site,
    "expectations": Expectations,
}

#: The files at the top of the data folder, by kind.
TOP_FILES = {"site": SITE_FILE, "expectations": EXPECTATIONS_FILE}


def json_schema(model: type[Record]) -> dict[str, Any]:
    """The JSON Schema of one record kind, as editors' tools read it."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, **schema}


def schema_text(model: type[Record]) -> str:
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"


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
    if len(relative.parts) == 2 and relative.parts[0] in RECORD_FOLDERS:
        return RECORD_FOLDERS[relative.parts[0]].record_kind
    return None


def stale_schemas(data_dir: Path) -> list[str]:
    """Schema files that are missing or differ from what the model generates."""
    folder = data_dir / SCHEMA_FOLDER
    stale = []
    for kind, model in SCHEMA_KINDS.items():
        path = folder / schema_file(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(model):
            stale.append(path.as_posix())
    return stale


def write_schemas(data_dir: Path) -> list[Path]:
    folder = data_dir / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, model in SCHEMA_KINDS.items():
        path = folder / schema_file(kind)
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
