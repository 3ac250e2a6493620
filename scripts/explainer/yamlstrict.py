"""Strict YAML: one mapping per file, positions kept for every key and value.

The document is built straight from libyaml's event stream rather than with
PyYAML's constructors, so that

* duplicate keys, explicit tags (``!!python/object``, ``!custom``), anchors and
  aliases are errors, reported with their position, instead of being silently
  resolved (aliases also make "billion laughs" documents fail at once);
* scalars follow the YAML 1.2 core schema: ``no`` and ``on`` stay text, and
  ``2019-08-01`` stays the text an EDTF date is parsed from, not a ``datetime``;
  a number of over :data:`MAX_NUMBER_DIGITS` digits is an error with its
  position (Python refuses to convert integers of over 4,300 digits);
* every value's line and column is kept, so that a problem found later, in the
  typed model or across records, still points at the right place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:  # libyaml's parser is much faster; the pure-Python one gives the same events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

#: Largest YAML file accepted, in bytes. A record is a few kilobytes; this is generous.
MAX_FILE_BYTES = 512 * 1024
#: Deepest nesting of mappings and lists accepted (records need about six levels).
MAX_DEPTH = 32
#: Most digits in a number: Python refuses to convert integers of over 4,300 digits, and no field needs 100.
MAX_NUMBER_DIGITS = 100

PathKey = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

YAML_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "nothing (an empty value)",
}


def yaml_type_name(value: Any) -> str:
    """How a YAML value's type is named in messages to editors."""
    return YAML_TYPE_NAMES.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Position:
    """Where a value (and the key that names it, if any) starts; 1-based."""

    line: int
    column: int
    key_line: int
    key_column: int


@dataclass
class YamlDocument:
    """A parsed file: its data and the position of every key and value in it."""

    path: Path
    display: str
    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)
    refused: set[PathKey] = field(default_factory=set)
    """Paths of values already reported (a tag, an anchor, an alias): the model need not report them again."""

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Position of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        return self.positions.get(probe, Position(1, 1, 1, 1))

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        """A problem located at ``path`` (at its key rather than its value when ``key``)."""
        pos = self.position(path)
        if key and tuple(path) in self.positions:
            return Problem(self.display, pos.key_line, pos.key_column, message)
        return Problem(self.display, pos.line, pos.column, message)


class _Fatal(Exception):
    """Stops parsing one file; carries the problem."""

    def __init__(self, problem: Problem):
        self.problem = problem


def _too_many_digits(text: str) -> str | None:
    """Why a plain scalar that reads as a number is refused, or None (it is not a number, or not too long)."""
    if len(text) <= MAX_NUMBER_DIGITS or not (_INT.match(text) or _FLOAT.match(text)):
        return None
    digits = sum(text.count(digit) for digit in "0123456789")
    if digits <= MAX_NUMBER_DIGITS:
        return None
    return (
        f"this number has {digits:,} digits; numbers may have at most {MAX_NUMBER_DIGITS} digits;"
        " put it in quotes if it is text"
    )


#: The first characters of a plain scalar that may be null, a boolean or a number: any other is text.
_NOT_TEXT_STARTS = frozenset("~nNtTfF+-.0123456789")


def _resolve_plain(text: str) -> Any:
    if text and text[0] not in _NOT_TEXT_STARTS:  # most values (words, ids): no pattern needs trying
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _friendly_syntax(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = (error.problem or "syntax error").strip()
    mark = error.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return "YAML syntax error: a tab character here; YAML is indented with spaces, not tabs"
    context = (error.context or "").strip()
    hints = {
        "found character that cannot start any token": "put text that starts with a symbol such as @ or ` in quotes",
        "mapping values are not allowed here": (
            "a ':' followed by a space starts a new key here; put text that contains ': ' in quotes"
            " or check the indentation"
        ),
        "could not find expected ':'": "a key is missing its ':' or the indentation is wrong",
        "found undefined alias": "aliases (*name) are not allowed",
    }
    hint = hints.get(problem)
    text = f"YAML syntax error: {problem}"
    if context and context != problem:
        text += f" ({context})"
    if hint:
        text += f"; {hint}"
    else:
        text += "; check the indentation and quoting here"
    return text


_FLOW_MARKS = re.compile(r"[\[\]{}'\"#\n]")


def _flow_too_deep(text: str, display: str) -> Problem | None:
    """Flow brackets ([ and {) nested deeper than MAX_DEPTH, found before the text reaches libyaml.

    Quoted scalars and comments are skipped; the count errs towards too deep,
    which is then reported, never towards a crash. Only the characters that
    matter are looked at.
    """
    if text.count("[") + text.count("{") < MAX_DEPTH:  # too few brackets to reach the limit: nothing to scan
        return None
    depth = 0
    line, line_start = 1, 0
    quote = ""
    comment = False
    for match in _FLOW_MARKS.finditer(text):
        char, index = match.group(), match.start()
        if char == "\n":
            line, line_start, comment = line + 1, index + 1, False
            continue
        if comment:
            continue
        previous = text[index - 1] if index else "\n"
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (previous in " \t\n[{,:" or depth):
            quote = char
        elif char == "#" and previous in " \t\n":
            comment = True
        elif char in "[{":
            depth += 1
            if depth >= MAX_DEPTH:  # the record's own mapping is the first level
                return Problem(
                    display,
                    line,
                    index - line_start + 1,
                    f"nested deeper than {MAX_DEPTH} levels; records need only a few levels of nesting",
                )
        elif char in "]}" and depth:
            depth -= 1
    return None


def parse_yaml_text(text: str, path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML record; return the document (None when unusable) and every problem found."""
    problems: list[Problem] = []
    # PyYAML's C loader can crash on very deep flow nesting: refuse it before libyaml sees it.
    too_deep = _flow_too_deep(text, display)
    if too_deep is not None:
        return None, [too_deep]

    def at(mark: Any) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    doc = YamlDocument(path=path, display=display, data=None)
    loader = _EventLoader(text)
    try:
        _build(loader, doc, problems, at)
    except _Fatal as fatal:
        problems.append(fatal.problem)
        return None, problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = at(mark) if mark is not None else (1, 1)
        problems.append(Problem(display, line, column, _friendly_syntax(error, text)))
        return None, problems
    except yaml.YAMLError as error:  # reader errors (control characters) carry no mark
        problems.append(Problem(display, 1, 1, f"YAML error: {error}"))
        return None, problems
    finally:
        loader.dispose()
    return doc, problems


def _build(loader: Any, doc: YamlDocument, problems: list[Problem], at: Any) -> None:
    display = doc.display
    documents = 0
    # Frames: [container, path, pending_key, pending_key_pos, seen_keys]
    stack: list[list[Any]] = []
    root_set = False

    def fatal(mark: Any, message: str) -> _Fatal:
        line, column = at(mark)
        return _Fatal(Problem(display, line, column, message))

    def note(mark: Any, message: str) -> None:
        line, column = at(mark)
        problems.append(Problem(display, line, column, message))

    def attach(value: Any, mark: Any) -> tuple[bool, PathKey]:
        """Place ``value`` in the current container; return (attached, its path)."""
        nonlocal root_set
        line, column = at(mark)
        if not stack:
            doc.data = value
            root_set = True
            doc.positions[()] = Position(line, column, line, column)
            return True, ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            item_path = path + (len(container),)
            container.append(value)
            doc.positions[item_path] = Position(line, column, line, column)
            return True, item_path
        key, key_pos, seen = frame[2], frame[3], frame[4]
        frame[2] = None
        item_path = path + (key,)
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    display,
                    key_pos[0],
                    key_pos[1],
                    f"duplicate key '{key}' (first given at line {first[0]}); keep one of them",
                )
            )
            return False, item_path
        seen[key] = key_pos
        container[key] = value
        doc.positions[item_path] = Position(line, column, key_pos[0], key_pos[1])
        return True, item_path

    def check_node(event: Any) -> bool:
        """Report anchors and tags on a node; True when it had any."""
        refused = False
        if getattr(event, "anchor", None):
            note(
                event.start_mark,
                f"anchors (&{event.anchor}) are not allowed; write the value out in full",
            )
            refused = True
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            note(event.start_mark, f"tags ({shown}) are not allowed; remove the tag and write a plain value")
            refused = True
        return refused

    while True:
        event = loader.get_event()
        if event is None:
            break
        kind = type(event)
        if kind is yaml.StreamStartEvent:
            continue
        if kind is yaml.StreamEndEvent:
            break
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fatal(
                    event.start_mark,
                    "a file holds one record, but a second YAML document ('---') starts here;"
                    " move it to a file of its own",
                )
            continue
        if kind is yaml.DocumentEndEvent:
            continue
        if kind is yaml.AliasEvent:
            note(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out in full")
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                raise fatal(event.start_mark, "an alias cannot be a key")
            doc.refused.add(attach(None, event.start_mark)[1])
            continue
        if kind is yaml.ScalarEvent:
            refused = check_node(event)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                # A key. Keys are field names: always text, whatever they look like.
                if event.value == "<<" and event.implicit[0]:
                    raise fatal(event.start_mark, "merge keys (<<) are not allowed; write the fields out in full")
                stack[-1][2] = event.value
                stack[-1][3] = at(event.start_mark)
                continue
            too_long = _too_many_digits(event.value) if event.implicit[0] else None
            if too_long is not None:  # kept as the text it is, and reported once
                note(event.start_mark, too_long)
                value, refused = event.value, True
            elif event.implicit[0]:  # plain (unquoted, untagged) scalar
                value = _resolve_plain(event.value)
            else:
                value = event.value
            path = attach(value, event.start_mark)[1]
            if refused:
                doc.refused.add(path)
            continue
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            refused = check_node(event)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                raise fatal(event.start_mark, "a key must be plain text, not a mapping or a list")
            if len(stack) >= MAX_DEPTH:
                raise fatal(
                    event.start_mark,
                    f"nested deeper than {MAX_DEPTH} levels; records need only a few levels of nesting",
                )
            container: Any = {} if kind is yaml.MappingStartEvent else []
            attached, path = attach(container, event.start_mark)
            if refused:
                doc.refused.add(path)
            if not attached:
                container = {} if kind is yaml.MappingStartEvent else []  # a duplicate's value: parse, discard
            stack.append([container, path, None, None, {}])
            continue
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            stack.pop()
            continue
    if not root_set:
        raise _Fatal(
            Problem(
                display,
                1,
                1,
                "the file is empty; a record is a mapping of fields, starting with 'id: …'",
            )
        )
    if not isinstance(doc.data, dict):
        raise _Fatal(
            Problem(
                display,
                doc.positions[()].line,
                doc.positions[()].column,
                f"expected a mapping of fields ('key: value' lines) at the top level, found {yaml_type_name(doc.data)}",
            )
        )


def read_text_file(path: Path, display: str, *, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file with the generator's limits; problems instead of exceptions."""
    try:
        if path.is_symlink():
            return None, [Problem(display, 1, 1, "symbolic links are not allowed; replace the link by the file itself")]
        if not path.is_file():
            return None, [Problem(display, 1, 1, "not a regular file; only regular files are allowed here")]
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    display,
                    1,
                    1,
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; split it or shorten it",
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror or error}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(display, 1, 1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                display,
                line,
                column,
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ]
    return text, []


def load_yaml_file(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse one YAML record file."""
    text, problems = read_text_file(path, display, max_bytes=MAX_FILE_BYTES)
    if text is None:
        return None, problems
    return parse_yaml_text(text, path, display)
