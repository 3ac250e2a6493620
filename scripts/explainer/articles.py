"""Hand-written pages in ``content/``: chart blocks, and quotations checked against the sources.

An author links a record as in editors' Markdown fields, by its id:
``[the capture](event:government-forces-capture-maarat-al-numan-2020)``,
``[Khan Sheikhoun](place:khan-sheikhoun)``; the link is turned into a link
to wherever the record's page or section is (which MkDocs then checks), and an
unknown id stops the build.

An author puts a chart in any page with a fenced block::

    ```explainer-chart
    chart: timeline
    actor: russia
    from: 2019
    to: 2020-01
    ```

The block's body is strict YAML naming a chart (``timeline``, ``control`` or
``zones``) and optional filters. An unknown chart, filter or id stops the build
with ``path:line:column`` and what is allowed.

Text in curly quotation marks (“…”) in a hand-written page must be verbatim in
one of the sources' archived texts, so that an article quotes only what a
source says.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .charts import CHART_FILTERS, ChartSpec, parse_filter_date
from .dates import DateError, HistoricalDate
from .errors import Problem, display_path
from .links import RECORD_LINK, SCHEME_FOLDERS
from .loader import Dataset
from .model import MAX_BRACKET_DEPTH, bracket_depth
from .quotes import normalise_space
from .yamlstrict import parse_yaml_text, read_text_file

FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*explainer-chart[ \t]*$")
OTHER_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
QUOTATION = re.compile(r"“([^”\n]{1,2000}(?:\n[^”\n]{1,2000}){0,5})”")
INLINE_CODE = re.compile(r"`[^`\n]*`")

BLOCK_KEYS = ("chart", "title", "actor", "place", "category", "agreement", "from", "to")
FILTER_TABLES = {"actor": "actors", "place": "places", "category": "categories", "agreement": "agreements"}

#: Largest hand-written page accepted, in bytes.
MAX_PAGE_BYTES = 512 * 1024


@dataclass(frozen=True)
class ChartBlock:
    """A chart block of a hand-written page, validated."""

    spec: ChartSpec
    title: str | None
    line: int
    """1-based line of the opening fence in the page's file."""


@dataclass(frozen=True)
class _Fenced:
    start: int
    end: int
    body: str
    closed: bool


def _fenced_blocks(text: str) -> tuple[list[_Fenced], set[int]]:
    """Chart blocks (0-based start/end line of their fences) and the lines inside any fenced code."""
    lines = text.split("\n")
    blocks: list[_Fenced] = []
    in_code: set[int] = set()
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index]) or OTHER_FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group("fence")
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        in_code.update(range(index, min(end, len(lines) - 1) + 1))
        if FENCE_OPEN.match(lines[index]):
            blocks.append(_Fenced(index, end, "\n".join(lines[index + 1 : end]), end < len(lines)))
        index = end + 1
    return blocks, in_code


def _block_spec(data: Dataset, raw: dict[str, Any], at: Any) -> tuple[ChartSpec | None, str | None, list[tuple[tuple, str]]]:
    """The spec a block's YAML describes, its title, and (path, message) problems."""
    problems: list[tuple[tuple, str]] = []
    kind = raw.get("chart")
    if kind is None:
        return None, None, [((), f"a chart block needs 'chart:', one of {', '.join(CHART_FILTERS)}")]
    if kind not in CHART_FILTERS:
        hint = difflib.get_close_matches(str(kind), list(CHART_FILTERS), n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        return None, None, [(("chart",), f"unknown chart '{kind}'{suggestion}; allowed: {', '.join(CHART_FILTERS)}")]
    allowed = CHART_FILTERS[kind]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("chart", "title"):
            continue
        if key not in BLOCK_KEYS or key not in allowed:
            problems.append(
                (("@key", key), f"'{key}' is not a filter of the {kind} chart; allowed: {', '.join(allowed)}, title")
            )
            continue
        if key in FILTER_TABLES:
            table = data.table(FILTER_TABLES[key])
            if not isinstance(value, str) or value not in table:
                hint = difflib.get_close_matches(str(value), list(table), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                problems.append(
                    ((key,), f"unknown {key} '{value}'{suggestion}; give the id of a file in site_data/{FILTER_TABLES[key]}/")
                )
                continue
            values[key] = value
        else:
            try:
                values[key] = parse_filter_date(value)
            except (DateError, ValueError) as error:
                problems.append(((key,), f"'{key}': {error}"))
    title = raw.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip() or "\n" in title):
        problems.append((("title",), "'title' must be one line of text"))
        title = None
    start: HistoricalDate | None = values.get("from")
    end: HistoricalDate | None = values.get("to")
    if start is not None and end is not None and end.upper < start.lower:
        problems.append((("to",), f"'to' ({end.human()}) is before 'from' ({start.human()}); swap them"))
    if problems:
        return None, None, problems
    spec = ChartSpec(
        kind=kind,
        actor=values.get("actor"),
        place=values.get("place"),
        category=values.get("category"),
        agreement=values.get("agreement"),
        start=start,
        end=end,
    )
    return spec, title, []


def _too_deep(text: str, display: str) -> Problem | None:
    """Square brackets nested deeper than Python-Markdown can render quickly, with where it happens."""
    _, offset = bracket_depth(text)
    if offset is None:
        return None
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return Problem(display, line, column, f"square brackets nest more than {MAX_BRACKET_DEPTH} deep here; a Markdown link needs one level")


def scan_page(data: Dataset, text: str, display: str) -> tuple[list[ChartBlock], list[Problem]]:
    """Validate a hand-written page's chart blocks and quotations (and refuse pathological nesting)."""
    too_deep = _too_deep(text, display)
    if too_deep is not None:
        return [], [too_deep]
    problems: list[Problem] = []
    found: list[ChartBlock] = []
    fenced, in_code = _fenced_blocks(text)
    for block in fenced:
        if not block.closed:
            problems.append(Problem(display, block.start + 1, 1, "this chart block is never closed; end it with ```"))
            continue
        doc, yaml_problems = parse_yaml_text(block.body, Path(display), display)
        for problem in yaml_problems:  # positions inside the block → positions in the page
            problems.append(Problem(display, problem.line + block.start + 1, problem.column, problem.message))
        if doc is None:
            continue
        spec, title, spec_problems = _block_spec(data, doc.data, doc)
        for path, message in spec_problems:
            at_key = bool(path) and path[0] == "@key"
            where = doc.problem(path[1:] if at_key else path, message, key=at_key)
            problems.append(Problem(display, where.line + block.start + 1, where.column, message))
        if spec is not None:
            found.append(ChartBlock(spec, title, block.start + 1))
    problems += _check_quotations(data, text, display, in_code)
    problems += _check_record_links(data, text, display, in_code)
    return found, problems


def _check_record_links(data: Dataset, text: str, display: str, in_code: set[int]) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n")):
        if number in in_code:
            continue
        for match in RECORD_LINK.finditer(line):
            scheme, ref = match.group(1), match.group(2)
            folder = SCHEME_FOLDERS[scheme]
            if ref not in data.table(folder):
                hint = difflib.get_close_matches(ref, list(data.table(folder)), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                problems.append(
                    Problem(
                        display,
                        number + 1,
                        match.start() + 1,
                        f"the link '{scheme}:{ref}' names no {scheme}{suggestion}; link to the id of a file in site_data/{folder}/",
                    )
                )
    return problems


def resolve_record_links(markdown: str, page_src: str, target: Callable[[str, str], str]) -> str:
    """Turn ``](place:id)`` links into relative links to the record's page (``target(scheme, id)``: ``src#anchor``)."""
    base = posixpath.dirname(page_src)

    def replace(match: re.Match[str]) -> str:
        src, _, anchor = target(match.group(1), match.group(2)).partition("#")
        relative = posixpath.relpath(src, base or ".")
        return f"]({relative}{'#' + anchor if anchor else ''})"

    return RECORD_LINK.sub(replace, markdown)


def _check_quotations(data: Dataset, text: str, display: str, in_code: set[int]) -> list[Problem]:
    problems = []
    texts = [archived.normalised for archived in data.texts.values()]
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    masked = "\n".join(INLINE_CODE.sub(lambda m: " " * len(m.group()), line) for line in lines)
    for match in QUOTATION.finditer(masked):
        line_index = next(i for i in range(len(lines)) if offsets[i + 1] > match.start())
        if line_index in in_code:
            continue
        quoted = normalise_space(match.group(1))
        if not any(quoted in haystack for haystack in texts):
            problems.append(
                Problem(
                    display,
                    line_index + 1,
                    match.start() - offsets[line_index] + 1,
                    f"the quotation “{quoted[:60]}{'…' if len(quoted) > 60 else ''}” is not verbatim in any source;"
                    " copy it from an archived text in site_data/sources/, or use straight quotes for a term",
                )
            )
    return problems


def scan_content(data: Dataset, content_dir: Path, display_root: Path | None = None) -> tuple[dict[str, list[ChartBlock]], list[Problem]]:
    """Chart blocks of every Markdown page under ``content_dir`` (by docs-relative path), and every problem."""
    blocks: dict[str, list[ChartBlock]] = {}
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return blocks, problems
    pages = []
    # MkDocs follows symbolic links and publishes their targets, outside the repository too: refuse them.
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                problems.append(Problem(display_path(path, display_root), 1, 1, "symbolic links are not allowed in the pages folder; put the file itself here"))
            elif name in files and not stat.S_ISREG(path.lstat().st_mode):
                problems.append(Problem(display_path(path, display_root), 1, 1, "not a regular file; only regular files are allowed in the pages folder"))
            elif name in files and name.endswith(".md"):
                pages.append(path)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    for path in sorted(pages):
        display = display_path(path, display_root)
        text, found = read_text_file(path, display, max_bytes=MAX_PAGE_BYTES)
        problems += found
        if text is None:
            continue
        page_blocks, found = scan_page(data, text, display)
        problems += found
        if page_blocks:
            blocks[path.relative_to(content_dir).as_posix()] = page_blocks
    return blocks, problems


def replace_chart_blocks(markdown: str, rendered: list[str]) -> str:
    """Replace the chart blocks of a page, in order, by their rendered HTML."""
    fenced, _ = _fenced_blocks(markdown)
    if len(fenced) != len(rendered):
        raise ValueError(f"expected {len(rendered)} chart blocks, found {len(fenced)}")
    lines = markdown.split("\n")
    for block, html in reversed(list(zip(fenced, rendered))):
        lines[block.start : block.end + 1] = ["", html.strip("\n"), ""]
    return "\n".join(lines)


def chart_slot(index: int) -> str:
    """A paragraph that stands for a page's chart block while its Markdown is rendered and sanitized."""
    return f"explainer-chart-slot-{index}"


def fill_chart_slots(html: str, rendered: list[str]) -> str:
    """Put the charts in place of their slots in a page's rendered (and sanitized) HTML."""
    for index, chart in enumerate(rendered):
        html = html.replace(f"<p>{chart_slot(index)}</p>", chart.strip("\n"), 1)
    return html


def default_title(data: Dataset, spec: ChartSpec) -> str:
    """A chart's title from its kind and filters, when the block gives none."""
    if spec.kind == "timeline":
        title = "Events"
        if spec.actor:
            title += f" involving {data.actors[spec.actor].name}"
        if spec.place:
            title += f" in {data.places[spec.place].name}"
        if spec.category:
            title += f": {data.categories[spec.category].name}"
    elif spec.kind == "control":
        title = f"Who held {data.places[spec.place].name}" if spec.place else "Who held which place"
    else:
        title = f"{data.agreements[spec.agreement].name}: zones" if spec.agreement else "Zones and what became of them"
    if spec.start or spec.end:
        title += ", " + (spec.start.human() if spec.start else "…") + " – " + (spec.end.human() if spec.end else "…")
    return title
