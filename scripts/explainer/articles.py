"""Hand-written pages in ``content/``: chart blocks, and quotations checked against the sources.

A page is refused, with where, if it goes over a limit of
:mod:`explainer.pagelimits` (tag soup, deep nesting, unclosed code or link
addresses, very long paragraphs…): Python-Markdown never reads it, in the build
or under ``mkdocs serve`` (:func:`page_markdown`).

An author links a record as in editors' Markdown fields, by its id:
``[the capture](event:guard-takes-riverton)``,
``[Hillcrest](place:hillcrest "title")``, ``[text][label]`` with
``[label]: actor:valley-front``; the link is turned into a link to wherever the
record's page or section is (which MkDocs then checks), and an unknown id stops
the build. The check and the resolver take their links from the same scanner
(:func:`explainer.links.find_record_links`), which leaves code alone.

An author puts a chart in any page with a fenced block::

    ```explainer-chart
    chart: timeline
    actor: northern-guard
    from: 2019
    to: 2020-01
    ```

The block's body is strict YAML naming a chart (a kind of
:data:`explainer.charts.CHART_KINDS`: ``timeline``, ``control`` or ``zones``)
and the options of that kind's spec (:func:`explainer.charts.read_block`). An
unknown chart, option or id, or a chart the topic has nothing to show in, stops
the build with ``path:line:column`` and what is allowed.

Text in curly quotation marks (“…”) in a hand-written page must be verbatim in
one of the sources' archived texts, so that an article quotes only what a
source says (at most :data:`MAX_QUOTATIONS` a page; each distinct one is looked
for once).
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .charts import ChartSpec, read_block
from .charts import default_title as chart_title
from .contentfiles import MAX_PAGE_BYTES, list_content, shown_path
from .dataset import Dataset
from .errors import Problem
from .frontmatter import read_front_matter
from .links import find_record_links
from .markdownscan import fenced_blocks, line_starts, position
from .model import MAX_BRACKET_DEPTH, bracket_depth
from .pagelimits import outside_code, page_limit_problems
from .quotes import normalise_space
from .suggest import did_you_mean
from .yamlstrict import parse_yaml_text, read_text_file

FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*explainer-chart[ \t]*$")
OTHER_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
QUOTATION = re.compile(r"“([^”\n]{1,2000}(?:\n[^”\n]{1,2000}){0,5})”")

#: Most quotations (“…”) in one page: each is looked for in every archived text.
MAX_QUOTATIONS = 500
#: What a page that goes over a limit of :mod:`explainer.pagelimits` shows instead (``mkdocs serve`` only:
#: the checks stop a build first).
NOT_SHOWN = "This page is not shown: it has problems, which `explainer check` lists.\n"


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


def _too_deep(text: str, display: str) -> Problem | None:
    """Square brackets nested deeper than Python-Markdown can render quickly, with where it happens."""
    _, offset = bracket_depth(text)
    if offset is None:
        return None
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return Problem(display, line, column, f"square brackets nest more than {MAX_BRACKET_DEPTH} deep here; a Markdown link needs one level")


def _chart_lines(fenced: list[_Fenced], line_count: int) -> set[int]:
    """The lines of a page's chart blocks, which the plugin replaces before Python-Markdown reads the page."""
    return {number for block in fenced for number in range(block.start, min(block.end, line_count - 1) + 1)}


def _limit_problems(text: str, display: str, fenced: list[_Fenced]) -> list[Problem]:
    """Where a page goes over the limits that keep Python-Markdown's work on it bounded (see pagelimits)."""
    problems = page_limit_problems(text, display, _chart_lines(fenced, text.count("\n") + 1))
    too_deep = _too_deep(text, display)
    return sorted(problems + [too_deep]) if too_deep is not None else problems


class ArchiveSearch:
    """Whether a quotation is verbatim in one of the archived texts; each distinct quotation is looked up once."""

    def __init__(self, data: Dataset) -> None:
        # One string, the texts apart by a character no quotation has, searched once per quotation.
        self._corpus = "\x00".join(archived.normalised for archived in data.texts.values())
        self._found: dict[str, bool] = {}

    def contains(self, quoted: str) -> bool:
        if quoted not in self._found:
            self._found[quoted] = "\x00" not in quoted and quoted in self._corpus
        return self._found[quoted]


def scan_page(data: Dataset, text: str, display: str, archive: ArchiveSearch | None = None) -> tuple[list[ChartBlock], list[Problem]]:
    """Validate a hand-written page's chart blocks, quotations and record links.

    A page that goes over a limit of :mod:`explainer.pagelimits` (or nests square brackets too deep) is
    refused with only those problems: the rest is not looked at, and Python-Markdown must not read it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as MkDocs reads files (universal newlines)
    fenced, _ = _fenced_blocks(text)
    limits = _limit_problems(text, display, fenced)
    if limits:
        return [], limits
    problems: list[Problem] = []
    found: list[ChartBlock] = []
    for block in fenced:
        if not block.closed:
            problems.append(Problem(display, block.start + 1, 1, "this chart block is never closed; end it with ```"))
            continue
        doc, yaml_problems = parse_yaml_text(block.body, Path(display), display)
        for problem in yaml_problems:  # positions inside the block → positions in the page
            problems.append(Problem(display, problem.line + block.start + 1, problem.column, problem.message))
        if doc is None:
            continue
        spec, title, spec_problems = read_block(data, doc.data)
        for found_problem in spec_problems:
            path = (found_problem.key,) if found_problem.key is not None else ()
            where = doc.problem(path, found_problem.message, key=found_problem.at_key)
            problems.append(Problem(display, where.line + block.start + 1, where.column, found_problem.message))
        if spec is not None:
            found.append(ChartBlock(spec, title, block.start + 1))
    problems += _check_quotations(text, display, archive or ArchiveSearch(data))
    problems += _check_record_links(data, text, display)
    return found, problems


def _check_record_links(data: Dataset, text: str, display: str) -> list[Problem]:
    """Links to records that name no record, wherever the resolver would resolve them (and in bad forms)."""
    problems = []
    starts = line_starts(text)
    for link in find_record_links(text):
        table = data.records(link.kind)
        if link.record_id in table:
            continue
        hint = did_you_mean(link.record_id, table)
        suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
        line, column = position(starts, link.start)
        problems.append(
            Problem(
                display,
                line,
                column,
                f"the link '{link.target}' names no {link.scheme}{suggestion}; link to the id of a file in site_data/{link.kind.folder}/",
            )
        )
    return problems


def resolve_record_links(markdown: str, page_src: str, record_pages: Mapping[tuple[str, str], str]) -> str:
    """Turn a page's links to records into relative links to where the records are.

    ``record_pages``: ``src`` or ``src#anchor`` by (scheme, id). Links in code stay as they are; so does a
    link the checks would have refused, or to a record ``record_pages`` does not have (under ``mkdocs
    serve``, the last good build's pages may not have a record added since)."""
    base = posixpath.dirname(page_src) or "."
    pieces: list[str] = []
    done = 0
    for link in find_record_links(markdown):
        key = (link.scheme, link.record_id)
        if not link.well_formed or key not in record_pages:
            continue
        src, _, anchor = record_pages[key].partition("#")
        pieces += [markdown[done : link.start], posixpath.relpath(src, base) + (f"#{anchor}" if anchor else "")]
        done = link.end
    pieces.append(markdown[done:])
    return "".join(pieces)


def page_markdown(markdown: str, page_src: str, record_pages: Mapping[tuple[str, str], str]) -> str:
    """A hand-written page's Markdown as Python-Markdown is to read it: its record links resolved, or
    :data:`NOT_SHOWN` if it goes over a limit (``mkdocs serve`` renders pages even when the checks failed)."""
    fenced, _ = _fenced_blocks(markdown)
    if _limit_problems(markdown, page_src, fenced):
        return NOT_SHOWN
    return resolve_record_links(markdown, page_src, record_pages)


def _check_quotations(text: str, display: str, archive: ArchiveSearch) -> list[Problem]:
    starts = line_starts(text)
    opening = -1
    for _ in range(MAX_QUOTATIONS + 1):
        opening = text.find("“", opening + 1)
        if opening == -1:
            break
    else:
        line, column = position(starts, opening)
        return [
            Problem(
                display,
                line,
                column,
                f"more than {MAX_QUOTATIONS} quotations (“…”) in this page; each is looked for in every archived"
                " text: split the page into several pages",
            )
        ]
    problems = []
    lines = text.split("\n")
    # Code as Python-Markdown reads it (markdownscan, as the renderer, links and page limits see it): a
    # quotation skipped here must be one the reader never sees as prose.
    in_code = fenced_blocks(lines).lines()
    masked = "\n".join(outside_code(line) for line in lines)
    for match in QUOTATION.finditer(masked):
        line_index = bisect_right(starts, match.start()) - 1
        if line_index in in_code:
            continue
        quoted = normalise_space(match.group(1))
        if not archive.contains(quoted):
            problems.append(
                Problem(
                    display,
                    line_index + 1,
                    match.start() - starts[line_index] + 1,
                    f"the quotation “{quoted[:60]}{'…' if len(quoted) > 60 else ''}” is not verbatim in any source;"
                    " copy it from an archived text in site_data/sources/, or use straight quotes for a term",
                )
            )
    return problems


def scan_content(data: Dataset, content_dir: Path, display_root: Path | None = None) -> tuple[dict[str, list[ChartBlock]], list[Problem]]:
    """Chart blocks of every Markdown page under ``content_dir`` (by docs-relative path), and every problem."""
    blocks: dict[str, list[ChartBlock]] = {}
    # Markdown pages and real images only, no links, no names unsafe in URLs, nothing that could replace
    # the site's own files (MkDocs publishes whatever is there): see contentfiles.
    listing = list_content(content_dir, display_root)
    problems: list[Problem] = list(listing.problems)
    archive = ArchiveSearch(data)
    for path in listing.pages:
        display = shown_path(path, display_root)
        text, found = read_text_file(path, display, max_bytes=MAX_PAGE_BYTES)
        problems += found
        if text is None:
            continue
        problems += read_front_matter(text, display).problems
        page_blocks, found = scan_page(data, text, display, archive)
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
    """A chart's title from its kind and options, when the block gives none (each kind's: see charts/)."""
    return chart_title(data, spec)
