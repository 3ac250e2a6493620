"""From a parsed YAML document to a typed record, with every problem in editors' words.

The second pass of loading (see :mod:`explainer.loader`): a document becomes its record class, and
pydantic's errors become messages that name the field and what is expected, at the field's position.
Placeholders left by ``explainer new`` and invisible characters in ids are reported here too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem
from .i18n import tool_words
from .kinds import REFERENCES, inner_model
from .model import DEFAULT_VOCABULARY, ID_HELP, Record, TopicContext
from .suggest import did_you_mean
from .yamlstrict import YamlDocument, yaml_type_name


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


def _translate(error: ErrorDetails, model: type[BaseModel]) -> tuple[tuple[Any, ...], str, bool]:
    """(location, message, point at key?) for one pydantic error, in editors' words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value: Any = error.get("input")  # what the YAML gave, of any type
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

#: Fields whose values are ids or addresses: no invisible character may hide in them. (Their keys in YAML:
#: the references of every kind, by the key editors write.)
IDENTIFIER_FIELDS = {"id", "url", "archived_text", "kind"} | {
    owner.model_fields[name].alias or name for owner, name in REFERENCES
}


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
