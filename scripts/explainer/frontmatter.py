"""Front matter of hand-written pages: data, read strictly, with a short allow-list of keys.

MkDocs reads a YAML block between ``---`` lines at the top of a page (or, with
no such block, ``key: value`` lines up to the first blank line) into
``page.meta``, and Material acts on what it finds there: it prints ``title``,
``description``, ``author``, ``subtitle`` and ``status`` into the HTML without
escaping, renders the page with another template (``template``), sends the
reader elsewhere (``location``), adds search results (``tags``, ``search``)…
So front matter is read here as data, with the same strict YAML reader as
``site_data/`` (no tags, anchors or aliases), and only these keys are allowed:

``title``
    The page's title, as in the navigation, the browser tab and search: one
    line of plain text, at most :data:`MAX_TEXT_CHARS` characters.
``description``
    The page's summary for search engines (``<meta name="description">``):
    one line of plain text, at most :data:`MAX_TEXT_CHARS` characters.
``hide``
    A list of parts of the page Material can hide: ``navigation``, ``toc``,
    ``footer``.

Anything else is an error naming the allowed keys, and so is the
``key: value`` form (MkDocs would silently eat a first line such as
``Note: …``). :meth:`FrontMatter.theme_meta` gives the theme the values
escaped as HTML, since Material prints them as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from .errors import Problem
from .yamlstrict import parse_yaml_text, yaml_type_name

#: MkDocs' own patterns (mkdocs.utils.meta, 1.6): a YAML block first, else "key: value" lines.
YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
METADATA_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")

#: Longest title or description accepted (as for a title in site_data/).
MAX_TEXT_CHARS = 300
TEXT_KEYS = ("title", "description")
#: What Material may hide on a page.
HIDE_VALUES = ("navigation", "toc", "footer")
ALLOWED_KEYS = (*TEXT_KEYS, "hide")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter, validated, and the Markdown after it."""

    body: str
    """The page's Markdown after its front matter (as MkDocs would give it to Python-Markdown)."""
    title: str | None = None
    description: str | None = None
    hide: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    def theme_meta(self) -> dict[str, Any]:
        """``page.meta`` for the theme: the valid values only, texts escaped as HTML (Material prints them as is)."""
        meta: dict[str, Any] = {}
        if self.title is not None:
            meta["title"] = str(escape(self.title))
        if self.description is not None:
            meta["description"] = str(escape(self.description))
        if self.hide:
            meta["hide"] = list(self.hide)
        return meta


def read_front_matter(text: str, display: str) -> FrontMatter:
    """Split a page into its front matter and its Markdown; every problem with the front matter, positioned."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as MkDocs reads files (universal newlines)
    block = YAML_BLOCK.match(text)
    if block is None:
        first = text.split("\n", 1)[0]
        line = METADATA_LINE.match(first)
        if line is None:
            return FrontMatter(body=text)
        key = _printable(line.group("key"))
        return FrontMatter(
            body=text,
            problems=[
                Problem(
                    display,
                    1,
                    1,
                    f"MkDocs reads a first line of the form '{key}: …' as metadata, not as text; start the page with"
                    " a heading or a blank line, or put front matter between '---' lines",
                )
            ],
        )
    body = text[block.end() :].lstrip("\n")
    source = block.group(1)
    if all(not line.strip() or line.lstrip().startswith("#") for line in source.split("\n")):
        message = "the front matter is empty; give the page's title or description, or remove the '---' lines"
        return FrontMatter(body=body, problems=[Problem(display, 1, 1, message)])
    # Parsed after an empty line that stands for the opening '---', so that every line number (in
    # positions and in messages such as "first given at line 3") is the page's.
    doc, problems = parse_yaml_text("\n" + source, Path(display), display)
    if doc is None:
        return FrontMatter(body=body, problems=problems)
    values: dict[str, Any] = {}
    for key, value in doc.data.items():
        if key not in ALLOWED_KEYS:
            shown = _printable(str(key))
            message = f"'{shown}' is not allowed in a page's front matter; the allowed keys are {', '.join(ALLOWED_KEYS)}"
            problems.append(doc.problem((key,), message, key=True))
            continue
        if (key,) in doc.refused:
            continue  # a tag, an anchor or an alias: already reported
        problem = _text_problem(key, value) if key in TEXT_KEYS else _hide_problem(value)
        if problem is not None:
            path, message = problem if isinstance(problem, tuple) else ((key,), problem)
            problems.append(doc.problem(path, message))
            continue
        values[key] = value.strip() if isinstance(value, str) else tuple(value)
    return FrontMatter(
        body=body,
        title=values.get("title"),
        description=values.get("description"),
        hide=values.get("hide", ()),
        problems=problems,
    )


def _text_problem(key: str, value: Any) -> str | None:
    if not isinstance(value, str):
        hint = "; put it in quotes" if isinstance(value, (bool, int, float)) else ""
        return f"'{key}' must be one line of text, found {yaml_type_name(value)}{hint}"
    text = value.strip()
    if not text:
        return f"'{key}' is empty; write it, or remove the line"
    if "\n" in text:
        return f"'{key}' must be a single line of text"
    control = _CONTROL.search(text)
    if control is not None:
        return f"'{key}' contains a control character, U+{ord(control.group()):04X}; remove it"
    if len(text) > MAX_TEXT_CHARS:
        return f"'{key}' is {len(text)} characters long, over the limit of {MAX_TEXT_CHARS}; shorten it"
    return None


def _hide_problem(value: Any) -> str | tuple[tuple[str | int, ...], str] | None:
    allowed = ", ".join(HIDE_VALUES)
    if not isinstance(value, list) or not value:
        return f"'hide' must be a list of what to hide, among: {allowed}"
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in HIDE_VALUES:
            shown = f"'{_printable(item)}'" if isinstance(item, str) else yaml_type_name(item)
            return ("hide", index), f"'hide' cannot hide {shown}; it can hide: {allowed}"
        if item in seen:
            return ("hide", index), f"'hide' lists '{item}' twice; keep one"
        seen.add(item)
    return None


def _printable(text: str) -> str:
    """Text from a page as a message quotes it: at most 60 characters (a printed problem escapes the rest)."""
    return text if len(text) <= 60 else text[:60] + "…"
