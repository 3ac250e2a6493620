"""Load ``site_data/``: strict YAML, then the typed model, then checks across records.

Validation runs in passes and collects every problem before giving up once,
so that an editor sees all their mistakes in one run:

1. read and parse every file (:mod:`explainer.yamlstrict`);
2. turn each document into its record class, translating pydantic's errors
   into messages that name the field and what is expected;
3. check across records (:mod:`explainer.validate`): references, ids,
   quotes against archived texts, dates against publication dates.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .contentfiles import symlinks_on_path
from .errors import DataError, Problem, display_path
from .i18n import tool_words
from .expectations import EXPECTATIONS_FILE
from .model import DEFAULT_VOCABULARY, ID_HELP, RECORD_FOLDERS, SITE_FILE, TopicContext, Agreement, Actor, Camp, Category, Dispute, Event, Place, Record, Site, Source
from .quotes import ArchivedText
from .suggest import did_you_mean
from .yamlstrict import YamlDocument, load_yaml_file, read_text_file, yaml_type_name

#: Largest archived article text accepted, in bytes.
MAX_TEXT_BYTES = 2 * 1024 * 1024

#: Files and folders in ``site_data/`` that are not records.
IGNORED_NAMES = {"README.md", "schemas", EXPECTATIONS_FILE}

ARTICLES = {
    "source": "a source",
    "event": "an event",
    "actor": "an actor",
    "place": "a place",
    "agreement": "an agreement",
    "dispute": "a dispute",
    "camp": "a camp",
    "category": "a category",
    "site": "the site file",
}


@dataclass
class Dataset:
    """Every record of ``site_data/``, validated and indexed by id (the first phase of a build)."""

    root: Path
    site: Site
    sources: dict[str, Source] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    disputes: dict[str, Dispute] = field(default_factory=dict)
    camps: dict[str, Camp] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    texts: dict[str, ArchivedText] = field(default_factory=dict)
    """Archived text of each source, by source id."""
    documents: dict[tuple[str, str], YamlDocument] = field(default_factory=dict)
    """The parsed file of each record, by (folder, id): positions for later messages."""
    broken_ids: set[tuple[str, str]] = field(default_factory=set)
    unloaded: list[tuple[str, YamlDocument]] = field(default_factory=list)
    """(folder, document) of records that failed the model: their other values are still checked."""
    """(folder, id) of records that failed to load: already reported, so references to them are not."""

    def table(self, folder: str) -> dict[str, Any]:
        return getattr(self, folder)


# --- pass 2: documents to typed records -------------------------------------------------


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The record class inside an annotation such as ``list[Claim] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return inner_model(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
    return None


def _field_info(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel], Any]:
    """The model that owns the last field of ``loc``, and that field's FieldInfo (or None)."""
    current: type[BaseModel] | None = model
    info = None
    owner = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        by_key = {(f.alias or name): f for name, f in current.model_fields.items()}
        info = by_key.get(part)
        owner = current
        if info is None:
            return owner, None
        current = inner_model(info.annotation)
    return owner, info


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…'"


def _expected(info: Any) -> str:
    description = getattr(info, "description", None)
    return f" ({description.rstrip('.')})" if description else ""


def _translate(error: dict[str, Any], model: type[BaseModel]) -> tuple[tuple[Any, ...], str, bool]:
    """(location, message, point at key?) for one pydantic error, in editors' words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    owner, info = _field_info(model, loc)
    name = _loc_text(loc) or "the record"
    if kind == "missing" and loc:
        parent = loc[:-1]
        where = f" in {_loc_text(parent)}" if parent else ""
        return parent, f"required field '{loc[-1]}' is missing{where}{_expected(info)}", False
    if kind == "extra_forbidden" and loc and (owner.__name__, str(loc[-1])) in RENAMED_FIELDS:
        new_name, what = RENAMED_FIELDS[(owner.__name__, str(loc[-1]))]
        return loc, f"'{name}' is now called '{new_name}' ({what}); rename the key", True
    if kind == "extra_forbidden" and loc:
        allowed = _allowed_keys(owner)
        hint = did_you_mean(str(loc[-1]), allowed)
        suggestion = f"did you mean '{hint}'? " if hint is not None else ""
        return loc, f"unknown field '{name}'; {suggestion}allowed here: {', '.join(allowed)}", True
    if kind in ("string_type", "str_type"):
        return loc, f"'{name}' must be text, not {yaml_type_name(value)}", False
    if kind == "list_type":
        return loc, f"'{name}' must be a list (one '- ' line per item), not {yaml_type_name(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        inner = inner_model(info.annotation) if info is not None else None
        fields = ", ".join(_allowed_keys(inner)[:4]) if inner is not None else "key: value"
        return loc, f"'{name}' must be a mapping of fields ({fields}, …), not {yaml_type_name(value)}", False
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern", "").startswith("^[a-z0-9]+(?:-"):
            return loc, f"'{name}' must be {ID_HELP}; got {_shown(value)}", False
        return loc, f"'{name}' has the wrong form: got {_shown(value)}; expected{_expected(info) or ' ' + ctx.get('pattern', '')}", False
    if kind == "string_too_short":
        return loc, f"'{name}' is empty; write the text or remove the field", False
    if kind == "string_too_long":
        return loc, f"'{name}' is {len(value)} characters long, over the limit of {ctx.get('max_length')}; shorten it", False
    if kind == "too_short":
        least = tool_words().ngettext("needs at least %(num)s entry", "needs at least %(num)s entries", ctx.get("min_length", 1))
        return loc, f"'{name}' {least}{_expected(info)}", False
    if kind == "undeclared_kind":
        return loc, (
            f"'{name}' must be one of {ctx['expected']}; got {_shown(value)} (the kinds site.yaml declares:"
            f" vocabulary.{ctx['table']}; add it there if the topic needs it)"
        ), False
    if kind == "literal_error":
        return loc, f"'{name}' must be one of {ctx.get('expected')}; got {_shown(value)}", False
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"'{name}' must be true or false, not {yaml_type_name(value)} {_shown(value)}", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"'{name}' must be a whole number, not {yaml_type_name(value)} {_shown(value)}", False
    if kind in ("float_type", "float_parsing"):
        return loc, f"'{name}' must be a number, not {yaml_type_name(value)} {_shown(value)}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = next(iter(ctx.values()), "")
        words = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than", "less_than": "less than"}
        return loc, f"'{name}' must be {words[kind]} {limit}; got {_shown(value)}", False
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error") or error["msg"])
        prefix = f"'{name}': " if loc else ""
        return loc, f"{prefix}{message}", False
    return loc, f"'{name}': {error['msg']}", False


#: Fields that an older version of the model called otherwise: (record class, old key) → (new key, what it is).
RENAMED_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("Place", "province"): ("within", "the id of any place it lies within"),
}

#: What scaffolds (``explainer new``) put where an editor has to write something.
PLACEHOLDER = "FILL IN"


def _placeholders(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        return [(path, value)] if PLACEHOLDER in value else []
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _placeholders(item, path + (key,))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _placeholders(item, path + (index,))]
    return []


#: Characters that change how text reads without being seen: bidirectional controls and zero-width marks.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

#: Fields whose values are ids or addresses: no invisible character may hide in them.
IDENTIFIER_FIELDS = {
    "id", "url", "archived_text", "source", "speaker", "category", "places", "actors", "agreements", "events",
    "place", "from", "to", "target", "camp", "within", "parties", "kind",
}  # fmt: skip


def _invisibles(value: Any, path: tuple[Any, ...] = (), field: str = "") -> list[tuple[tuple[Any, ...], str, bool]]:
    """(path, message, at key) for each key, id or URL with an invisible character in it."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            match = INVISIBLE.search(str(key))
            if match:
                found.append((path + (key,), _invisible_message("the key", match), True))
            found += _invisibles(item, path + (key,), str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _invisibles(item, path + (index,), field)
    elif isinstance(value, str) and field in IDENTIFIER_FIELDS:
        match = INVISIBLE.search(value)
        if match:
            found.append((path, _invisible_message(f"'{_loc_text(path)}'", match), False))
    return found


def _invisible_message(what: str, match: re.Match[str]) -> str:
    char = match.group()
    name = unicodedata.name(char, "FORMAT CHARACTER")
    return (
        f"{what} contains an invisible character, U+{ord(char):04X} ({name}), at character {match.start() + 1};"
        " delete it: it makes text read differently from what it is"
    )


def record_from_document(
    doc: YamlDocument, model: type[Record], topic: TopicContext | None = None
) -> tuple[Record | None, list[Problem]]:
    """Validate one parsed document as ``model``; problems carry the positions of the fields.

    ``topic``: what the records are checked against beyond their own values (the kinds site.yaml declares,
    which a record's ``kind`` must be one of); the default vocabulary when None.
    """
    placeholders = _placeholders(doc.data)
    invisibles = _invisibles(doc.data)
    problems = [
        doc.problem(path, f"'{_loc_text(path)}' still holds a placeholder: replace \"{text.strip()}\"")
        for path, text in placeholders
    ] + [doc.problem(path, message, key=at_key) for path, message, at_key in invisibles]
    try:
        record = model.model_validate(doc.data, context=topic or TopicContext(DEFAULT_VOCABULARY))
    except ValidationError as error:
        errors = error.errors(include_url=False)
        translated = [(item, *_translate(item, model)) for item in errors]
        # A misspelt field ("titel") is also a missing one ("title"): say it once.
        suggested = {
            loc[:-1] + (message.split("did you mean '")[1].split("'")[0],)
            for item, loc, message, _ in translated
            if item["type"] == "extra_forbidden" and "did you mean '" in message
        }
        filled = [path for path, _ in placeholders] + [path for path, _, _ in invisibles] + list(doc.refused)
        for item, loc, message, at_key in translated:
            if item["type"] == "missing" and tuple(item["loc"]) in suggested:
                continue
            if any(tuple(loc[: len(path)]) == path for path in filled):
                continue  # already reported as a placeholder
            problems.append(doc.problem(loc, message, key=at_key))
        return None, problems
    return (None, problems) if problems else (record, [])


# --- the whole tree -----------------------------------------------------------------


def load_dataset(root: Path, *, display_root: Path | None = None) -> Dataset:
    """Load and validate every record under ``root``; raise :class:`DataError` listing every problem."""
    from .validate import check_dataset  # validate imports Dataset from here

    root = Path(root)
    problems: list[Problem] = []
    show = lambda path: display_path(path, display_root)  # noqa: E731

    # What a link points to is outside review, and maybe outside the repository: the data folder and the
    # folders above it (up to the project's) must be real folders, and nothing is read through a link.
    linked = symlinks_on_path(root, display_root, "data folder", display_root)
    if linked:
        raise DataError(linked)
    if not root.is_dir():
        raise DataError([Problem(show(root), 1, 1, "the data folder does not exist; create it or fix the path")])

    site: Site | None = None
    site_doc = None
    site_path = root / SITE_FILE
    if site_path.exists() or site_path.is_symlink():
        site_doc, found = load_yaml_file(site_path, show(site_path))
        problems += found
        if site_doc is not None:
            record, found = record_from_document(site_doc, Site)
            problems += found
            site = record  # type: ignore[assignment]
    else:
        problems.append(Problem(show(site_path), 1, 1, "missing: the site file gives the site's title and introduction"))

    for entry in sorted(root.iterdir()):
        if entry.name in IGNORED_NAMES or entry.name == SITE_FILE or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            problems.append(Problem(show(entry), 1, 1, "symbolic links are not allowed in the data folder"))
        elif entry.is_dir() and entry.name not in RECORD_FOLDERS:
            hint = did_you_mean(entry.name, RECORD_FOLDERS)
            suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
            problems.append(
                Problem(show(entry), 1, 1, f"unknown folder{suggestion}; records go in: {', '.join(RECORD_FOLDERS)}")
            )
        elif not entry.is_dir():
            problems.append(Problem(show(entry), 1, 1, f"unexpected file; records go in the folders {', '.join(RECORD_FOLDERS)}"))

    dataset = Dataset(root=root, site=site or Site(title="(missing)", intro="(missing)"))
    # Kinds are checked against the topic's vocabulary; when site.yaml is broken, not at all (its problems are
    # reported, and a kind it would declare must not be reported too).
    topic = TopicContext(site.vocabulary if site is not None else None)
    if site_doc is not None:
        dataset.documents[("site", "site")] = site_doc

    for folder, model in RECORD_FOLDERS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        loaded: list[tuple[Path, YamlDocument, Record]] = []
        for path in sorted(directory.iterdir()):
            display = show(path)
            if path.name.startswith("."):
                continue
            if folder == "sources" and path.suffix == ".txt":
                continue  # archived texts, read when their source record is
            if path.suffix == ".yml":
                problems.append(Problem(display, 1, 1, "use the extension .yaml, not .yml"))
                continue
            if path.suffix != ".yaml":
                problems.append(Problem(display, 1, 1, f"unexpected file in {folder}/; records are .yaml files"))
                continue
            doc, found = load_yaml_file(path, display)
            problems += found
            if doc is None:
                dataset.broken_ids.add((folder, path.stem))  # unreadable: its id is presumably its name
                continue
            record, found = record_from_document(doc, model, topic)
            problems += found
            if record is None:
                # Other records may still refer to it: remember its id so that they are not
                # reported too (one mistake, one message).
                raw_id = doc.data.get("id") if isinstance(doc.data, dict) else None
                if isinstance(raw_id, str):
                    dataset.broken_ids.add((folder, raw_id))
                dataset.unloaded.append((folder, doc))
                continue
            loaded.append((path, doc, record))
        table = dataset.table(folder)
        # Records whose file name matches their id first: a duplicate is then reported
        # on the file that is misnamed.
        loaded.sort(key=lambda item: (item[0].stem != item[2].id, item[0].name))  # type: ignore[attr-defined]
        for path, doc, record in loaded:
            record_id = record.id  # type: ignore[attr-defined]
            if path.stem != record_id:
                problems.append(
                    doc.problem(("id",), f"the id '{record_id}' does not match the file name '{path.name}'; rename the file to {record_id}.yaml or fix the id")
                )
            if record_id in table:
                first = dataset.documents[(folder, record_id)]
                problems.append(
                    doc.problem(("id",), f"duplicate id '{record_id}': {first.display} has it too; ids must be unique")
                )
                continue
            table[record_id] = record
            dataset.documents[(folder, record_id)] = doc
            if folder == "sources":
                text = _load_archived_text(directory, record, doc, problems, show)  # type: ignore[arg-type]
                if text is not None:
                    dataset.texts[record_id] = text
                else:
                    dataset.broken_ids.add((folder, record_id))

    if site is not None:
        problems += check_dataset(dataset)
    if problems:
        raise DataError(problems)
    return dataset


def _load_archived_text(directory: Path, source: Source, doc: YamlDocument, problems: list[Problem], show: Any) -> ArchivedText | None:
    path = directory / source.archived_text
    if not (path.exists() or path.is_symlink()):
        problems.append(
            doc.problem(("archived_text",), f"the archived text '{source.archived_text}' is not in {show(directory)}/; add the article's text there")
        )
        return None
    raw, found = read_text_file(path, show(path), max_bytes=MAX_TEXT_BYTES)
    problems += found
    if raw is not None and PLACEHOLDER in raw:
        before = raw[: raw.index(PLACEHOLDER)]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        problems.append(Problem(show(path), line, column, "the archived text is still a placeholder: paste the article's text here"))
        return None
    return ArchivedText.from_raw(raw) if raw is not None else None
