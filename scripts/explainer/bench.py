"""``explainer bench``: how the build scales, measured on synthetic sites, beside plain MkDocs.

For each size, a synthetic data tree (``explainer synth``) is built with
``mkdocs build --strict``, and beside it a *baseline*: a plain MkDocs project
derived from that built site, with the same pages at the same addresses and
the same visible text (see :func:`write_baseline`), the same theme, overrides,
search and Markdown settings, the same other files, and no explainer. The two
are built alternately in the same run (site, baseline, site, baseline… for
``repeats`` pairs), so that a busy machine slows both alike; the ratio of each
pair is reported with the median and the range of the ratios.

How each build is measured (:func:`measure_build`):

- every build runs in a fresh process of its own, reaped with ``os.wait4``,
  which gives that process's own CPU time (user + system), not a total over
  earlier builds; its peak resident memory is the one it prints at its end
  (Linux's ``VmHWM``, :data:`PEAK_REPORT`), not ``ru_maxrss``, which keeps the
  size of the process that started it;
- wall time is read from one monotonic clock, injected as ``clock``
  (:func:`time.monotonic` by default), before and after the process;
- the generator's share is measured inside the build: the process imports the
  explainer's MkDocs plugin itself (after the MkDocs modules a build imports
  anyway) and wraps each of the plugin's ``on_*`` hooks to add up the CPU
  time (:func:`time.process_time`) and wall time (:func:`time.monotonic`, the
  same system-wide clock as the parent's) spent in them. "Generator" thus
  means all of the explainer's code in the build: importing it, loading and
  rendering the data, and its per-page work (sanitizing, policies, headers).

Every figure is checked before anything is printed: a build that takes no time
or negative time, more CPU than its cores could give, no memory, or a
generator share over 100 % raises :class:`ImpossibleReading` with what was
read. Benchmarks are measurements, not tests: nothing here passes or fails,
except the budgets it reports against.
"""

from __future__ import annotations

import gzip
import html
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import ExplainerError
from .routes import INDEX_PAGES, embed_page
from .search import INDEX_FOLDER
from .synth import synthesize
from .urls import page_url
from .weight import measure

#: The budgets of the reader's view and of the build (issues #6 and #12), checked in the verdicts.
BUDGET_CHART_PAGE = 600 * 1024
BUDGET_EMBED = 450 * 1024
BUDGET_INDEX_PAGE = 600 * 1024
"""Most an index page may weigh in all (its HTML and every file it loads, Plotly.js included), gzipped."""
BUDGET_SECONDS_10K = 60
BUDGET_MEMORY = 1024 * 1024 * 1024
"""Most a build of up to 10,000 events may hold at its peak (issue #6)."""
BUDGET_MEMORY_LARGE = 2 * 1024 * 1024 * 1024
"""Most a larger build, up to 100,000 events, may hold at its peak (issue #12)."""
BUDGET_GROWTH_100K = 10
"""Most the build at 100,000 events may take, as a multiple of the build at 10,000 (median wall time)."""
BUDGET_PLAIN_RATIO = 1.5
"""Most a build may take, as a multiple of its baseline's (CPU time, median of the pairs)."""
BUDGET_GROWTH = 11
"""Most the build at 10,000 events may take, as a multiple of the build at 1,000 (median wall time)."""
BUDGET_GENERATOR_SHARE = 0.10
"""Most of a build's CPU time the generator may take."""

CPU_TOLERANCE = 0.05
"""Seconds of CPU time a reading may exceed wall time × cores by (the kernel's accounting is not exact)."""

#: The navigation of the measured projects: the generated index pages (but the map: synthetic places have no
#: coordinates), then the hand-written page.
NAV = [src for name, src in INDEX_PAGES.items() if name != "map"] + ["method.md"]

REPORT_PREFIX = "explainer-bench generator "
"""How the build process prints the generator's CPU and wall seconds, as the last line of its stdout."""
#: What a measured build prints of its own peak memory, in KiB.
PEAK_PREFIX = "explainer-bench peak "
#: How a measured build reads its own peak memory: Linux's high-water mark of the process's memory since it
#: started its program (``VmHWM``). Not ``ru_maxrss``: a process started by another keeps, through ``exec``, the
#: largest size of the one that started it (the bench holds whole sites in memory while it weighs them).
PEAK_REPORT = f"""\
try:
    import re as _re
    with open("/proc/self/status", encoding="ascii") as _status:
        _peak = _re.search(r"VmHWM:\\s+(\\d+) kB", _status.read())
except OSError:
    _peak = None
if _peak is not None:
    print({PEAK_PREFIX!r} + _peak.group(1), flush=True)
"""

#: What a measured build process runs (``python -c BUILD_DRIVER explainer|plain``, in the project folder):
#: ``mkdocs build --strict``, with the explainer plugin's hooks timed when the project uses it.
BUILD_DRIVER = """\
import functools, sys, time
import mkdocs.__main__, mkdocs.commands.build, mkdocs.config.defaults, mkdocs.plugins
import mkdocs.structure.files, mkdocs.structure.pages, mkdocs.structure.toc, markupsafe
spent = [0.0, 0.0]
if sys.argv[1] == "explainer":
    cpu, wall = time.process_time(), time.monotonic()
    import explainer.plugin
    spent[0] += time.process_time() - cpu
    spent[1] += time.monotonic() - wall
    def timed(hook):
        @functools.wraps(hook)
        def timed_hook(*args, **kwargs):
            cpu, wall = time.process_time(), time.monotonic()
            try:
                return hook(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - cpu
                spent[1] += time.monotonic() - wall
        return timed_hook
    for name, hook in list(vars(explainer.plugin.ExplainerPlugin).items()):
        if name.startswith("on_") and callable(hook):
            setattr(explainer.plugin.ExplainerPlugin, name, timed(hook))
try:
    mkdocs.__main__.cli(["build", "--strict"], prog_name="mkdocs")
    status = 0
except SystemExit as exit:
    status = exit.code if isinstance(exit.code, int) else 1
print(f"explainer-bench generator {spent[0]!r} {spent[1]!r}", flush=True)
""" + PEAK_REPORT + """\
sys.exit(status)
"""


class BenchError(ExplainerError):
    """A build of the benchmark failed, or its baseline is not what it must be."""


class ImpossibleReading(BenchError):
    """A measurement that cannot be true (a clock that went backwards, a share over 100 %): never printed."""


# --- one build, measured --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    """What a finished build process reports: its exit status, output and resource usage (``os.wait4``)."""

    status: int
    stdout: str
    stderr: str
    user: float
    """CPU seconds in user mode (``ru_utime``)."""
    system: float
    """CPU seconds in the kernel (``ru_stime``)."""
    maxrss_kib: int
    """Peak resident memory in KiB (``ru_maxrss``, Linux's unit)."""


Clock = Callable[[], float]
Spawn = Callable[[Sequence[str], Path, Mapping[str, str]], Finished]


def spawn_process(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Finished:
    """Run ``argv`` in a fresh process and reap it with ``os.wait4``: its own CPU time and peak memory."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(list(argv), cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        stdout.seek(0)
        stderr.seek(0)
        return Finished(
            process.returncode,
            stdout.read().decode("utf-8", "replace"),
            stderr.read().decode("utf-8", "replace"),
            usage.ru_utime,
            usage.ru_stime,
            usage.ru_maxrss,
        )


@dataclass(frozen=True)
class Build:
    """A build to measure: what it is (for messages), the folder it runs in, and whether it uses the explainer."""

    label: str
    cwd: Path
    explainer: bool

    def argv(self) -> list[str]:
        return [sys.executable, "-c", BUILD_DRIVER, "explainer" if self.explainer else "plain"]


def build_env() -> dict[str, str]:
    """The environment of every measured build: the same for the site and its baseline."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")


@dataclass(frozen=True)
class Reading:
    """One build's figures, each checked when read (:func:`measure_build`)."""

    wall: float
    cpu: float
    peak: int
    """Bytes."""
    generator_cpu: float
    generator_wall: float

    @property
    def share(self) -> float:
        """The generator's share of the build's CPU time."""
        return self.generator_cpu / self.cpu


def _generator_report(build: Build, stdout: str) -> tuple[float, float]:
    lines = [line for line in stdout.splitlines() if line.startswith(REPORT_PREFIX)]
    if not lines:
        raise BenchError(f"{build.label}: the build printed no generator report ({REPORT_PREFIX.strip()!r})")
    cpu, wall = lines[-1][len(REPORT_PREFIX) :].split()
    return float(cpu), float(wall)


def _peak_report(build: Build, stdout: str) -> int:
    """The build's own peak memory in KiB, as it printed it (:data:`PEAK_REPORT`). A build that could not read it
    is an error, not ``ru_maxrss``'s figure, which may be the bench's own size."""
    lines = [line for line in stdout.splitlines() if line.startswith(PEAK_PREFIX)]
    if not lines:
        raise BenchError(f"{build.label}: the build printed no peak memory ({PEAK_PREFIX.strip()!r}; it reads Linux's /proc/self/status)")
    return int(lines[-1][len(PEAK_PREFIX) :])


def measure_build(build: Build, *, clock: Clock, spawn: Spawn, env: Mapping[str, str], cores: int) -> Reading:
    """Build once in a fresh process, after removing the previous output; every figure checked."""
    site = build.cwd / "site"
    if site.exists():  # every build writes a new site, and none leaves an old one to delete in the background
        shutil.rmtree(site)
    start = clock()
    finished = spawn(build.argv(), build.cwd, env)
    end = clock()
    if finished.status != 0:
        raise BenchError(f"{build.label} failed (exit status {finished.status}) in {build.cwd}:\n{finished.stderr[-3000:]}")
    wall = end - start
    if not (math.isfinite(wall) and wall > 0):
        raise ImpossibleReading(
            f"{build.label}: impossible wall time {wall:.6f} s (the clock read {start:.6f} s before the build"
            f" and {end:.6f} s after it); the bench needs a monotonic clock"
        )
    cpu = finished.user + finished.system
    if not (math.isfinite(cpu) and 0 < cpu <= wall * cores + CPU_TOLERANCE):
        raise ImpossibleReading(
            f"{build.label}: impossible CPU time {cpu:.6f} s (user {finished.user:.6f} s + system"
            f" {finished.system:.6f} s) for {wall:.6f} s of wall time on {cores} cores"
        )
    peak_kib = _peak_report(build, finished.stdout)
    if peak_kib <= 0:
        raise ImpossibleReading(f"{build.label}: impossible peak memory {peak_kib} KiB")
    generator_cpu, generator_wall = _generator_report(build, finished.stdout) if build.explainer else (0.0, 0.0)
    if not (math.isfinite(generator_cpu) and 0 <= generator_cpu <= cpu):
        raise ImpossibleReading(
            f"{build.label}: impossible generator CPU time {generator_cpu:.6f} s in a build of {cpu:.6f} s of CPU time"
        )
    if not (math.isfinite(generator_wall) and 0 <= generator_wall <= wall):
        raise ImpossibleReading(
            f"{build.label}: impossible generator wall time {generator_wall:.6f} s in a build of {wall:.6f} s"
        )
    return Reading(wall, cpu, peak_kib * 1024, generator_cpu, generator_wall)


# --- repeats, alternating, and their spread -------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The median of a figure over repeats, and its range."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, what: str, values: Sequence[float]) -> Spread:
        if not values:
            raise BenchError(f"{what}: no readings")
        for value in values:
            if not (math.isfinite(value) and value >= 0):
                raise ImpossibleReading(f"{what}: impossible figure {value!r}")
        return cls(statistics.median(values), min(values), max(values))

    def format(self, number: Callable[[float], str]) -> str:
        return f"{number(self.median)} ({number(self.low)}–{number(self.high)})"


@dataclass(frozen=True)
class Pairs:
    """The readings of a site and of its baseline, built alternately: ``site[i]`` just before ``baseline[i]``."""

    site: list[Reading]
    baseline: list[Reading]


def alternate(
    site: Build,
    baseline: Build,
    repeats: int,
    *,
    clock: Clock,
    spawn: Spawn,
    env: Mapping[str, str],
    cores: int,
    after_first_site: Callable[[], None] = lambda: None,
    after_first_baseline: Callable[[], None] = lambda: None,
) -> Pairs:
    """Build the site and its baseline in turn, ``repeats`` times each: site, baseline, site, baseline…

    ``after_first_site`` runs (unmeasured) once the site has been built the first time, to derive the
    baseline from it; ``after_first_baseline`` once the baseline has been built, to check it.
    """
    if repeats < 1:
        raise BenchError(f"--repeats must be at least 1, not {repeats}")
    pairs = Pairs([], [])
    for run in range(1, repeats + 1):
        pairs.site.append(measure_build(_nth(site, run), clock=clock, spawn=spawn, env=env, cores=cores))
        if run == 1:
            after_first_site()
        pairs.baseline.append(measure_build(_nth(baseline, run), clock=clock, spawn=spawn, env=env, cores=cores))
        if run == 1:
            after_first_baseline()
    return pairs


def _nth(build: Build, run: int) -> Build:
    return Build(f"{build.label}, run {run}", build.cwd, build.explainer)


@dataclass(frozen=True)
class Figures:
    """The figures of one size as printed: medians and ranges, checked when made."""

    site_wall: Spread
    site_cpu: Spread
    site_peak: Spread
    generator_cpu: Spread
    share: Spread
    baseline_wall: Spread
    baseline_cpu: Spread
    baseline_peak: Spread
    ratio_wall: Spread
    ratio_cpu: Spread
    ratio_peak: Spread

    @classmethod
    def of(cls, what: str, pairs: Pairs) -> Figures:
        def ratios(figure: Callable[[Reading], float]) -> list[float]:
            return [figure(site) / figure(base) for site, base in zip(pairs.site, pairs.baseline, strict=True)]

        shares = [reading.share for reading in pairs.site]
        for share in shares:
            if not 0 <= share <= 1:
                raise ImpossibleReading(f"{what}: impossible generator share {share:.1%}")
        return cls(
            site_wall=Spread.of(f"{what}, site wall time", [r.wall for r in pairs.site]),
            site_cpu=Spread.of(f"{what}, site CPU time", [r.cpu for r in pairs.site]),
            site_peak=Spread.of(f"{what}, site peak memory", [r.peak for r in pairs.site]),
            generator_cpu=Spread.of(f"{what}, generator CPU time", [r.generator_cpu for r in pairs.site]),
            share=Spread.of(f"{what}, generator share", shares),
            baseline_wall=Spread.of(f"{what}, baseline wall time", [r.wall for r in pairs.baseline]),
            baseline_cpu=Spread.of(f"{what}, baseline CPU time", [r.cpu for r in pairs.baseline]),
            baseline_peak=Spread.of(f"{what}, baseline peak memory", [r.peak for r in pairs.baseline]),
            ratio_wall=Spread.of(f"{what}, wall time ratio", ratios(lambda r: r.wall)),
            ratio_cpu=Spread.of(f"{what}, CPU time ratio", ratios(lambda r: r.cpu)),
            ratio_peak=Spread.of(f"{what}, peak memory ratio", ratios(lambda r: r.peak)),
        )


# --- the baseline: the built site's pages as plain Markdown ---------------------------------------------

_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "text",
    }
)
"""Elements whose text a browser shows apart from the text around it (``text`` is SVG's label)."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_HIDDEN = frozenset({"script", "style", "template"})


@dataclass(frozen=True)
class Block:
    """A block of text of a page's article: a heading (``level`` 1–6), a list item, a table cell, or a paragraph."""

    level: int
    segments: tuple[tuple[str, bool], ...]
    """The block's text, in runs, each marked True when the site excludes it from search."""
    item: bool = False
    """In a list item (the nearest of a list item and a table cell)."""
    cell: tuple[int, int] | None = None
    """In a table cell: the table's and the row's number in the page."""

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)


class _ArticleText(HTMLParser):
    """The visible text of a page's ``<article>``, as blocks: no scripts, styles, templates or ¶ permalinks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.found = False
        self._stack: list[tuple[str, bool, bool]] = []  # tag, excluded from search, hidden
        self._done = False
        self._level = 0
        self._tables = 0
        self._rows = 0
        self._segments: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        if not self._stack:
            if tag == "article":
                self.found = True
                self._stack.append((tag, False, False))
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _VOID:
            return
        found = dict(attrs)
        _, excluded, hidden = self._stack[-1]
        excluded = excluded or "data-search-exclude" in found
        hidden = hidden or tag in _HIDDEN or (tag == "a" and "headerlink" in (found.get("class") or "").split())
        self._stack.append((tag, excluded, hidden))
        if tag in _HEADINGS:
            self._level = int(tag[1])
        elif tag == "table":
            self._tables += 1
        elif tag == "tr":
            self._rows += 1

    def handle_endtag(self, tag: str) -> None:
        if self._done or not self._stack or all(open_tag != tag for open_tag, _, _ in self._stack):
            return
        if tag in _BLOCKS:
            self._flush()
        while self._stack.pop()[0] != tag:
            pass
        if tag in _HEADINGS:
            self._level = 0
        if not self._stack:
            self._done = True

    def handle_data(self, data: str) -> None:
        if self._stack and not self._done and not self._stack[-1][2]:
            self._segments.append((data, self._stack[-1][1]))

    def _container(self) -> tuple[bool, tuple[int, int] | None]:
        """In a list item, or in a table cell (which wins: Markdown has no lists in tables)."""
        tags = {tag for tag, _, _ in self._stack}
        if "td" in tags or "th" in tags:
            return False, (self._tables, self._rows)
        return "li" in tags, None

    def _flush(self) -> None:
        runs: list[tuple[str, bool]] = []
        for text, excluded in self._segments:
            text = re.sub(r"[ \t\n\r\f]+", " ", text)
            if runs and runs[-1][1] == excluded:
                runs[-1] = (runs[-1][0] + text, excluded)
            else:
                runs.append((text, excluded))
        self._segments = []
        if runs:
            runs[0] = (runs[0][0].lstrip(" "), runs[0][1])
            runs[-1] = (runs[-1][0].rstrip(" "), runs[-1][1])
        runs = [run for run in runs if run[0]]
        if "".join(text for text, _ in runs).strip():
            item, cell = self._container() if not self._level else (False, None)
            self.blocks.append(Block(self._level, tuple(runs), item, cell))


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def article_blocks(page: str) -> list[Block] | None:
    """The blocks of visible text of a built page's ``<article>``, or None for a page without one."""
    parser = _ArticleText()
    parser.feed(page)
    parser.close()
    return parser.blocks if parser.found else None


def article_words(blocks: Sequence[Block]) -> list[str]:
    """The words of a page's article, as a reader sees them one after another."""
    return [word for block in blocks for word in block.text.split()]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|#])")
_BLOCK_START = re.compile(r"[>\-+=!?:~]|[0-9]+[.)]")


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as it is: HTML's specials as entities, Markdown's escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def block_markdown(block: Block) -> str:
    """A block's text as one line of Markdown that shows the same text and keeps the same text out of
    search: what the site excludes from search is in a ``<span data-search-exclude>``."""
    parts = []
    for text, excluded in block.segments:
        if excluded:
            parts.append(f"<span data-search-exclude>{html.escape(text, quote=False)}</span>")
        else:
            parts.append(_markdown_text(text))
    line = "".join(parts)
    if _BLOCK_START.match(line):  # not a list, quotation, admonition or rule: the first character as an entity
        line = f"&#{ord(line[0])};{line[1:]}"
    return line


def _excluded(block: Block) -> bool:
    return all(excluded for _, excluded in block.segments)


def _groups(blocks: Sequence[Block]) -> list[list[Block]]:
    """Consecutive blocks of one kind: a heading, a list's items, a table's cells, a paragraph."""
    groups: list[list[Block]] = []
    for block in blocks:
        last = groups[-1][-1] if groups else None
        same = last is not None and not block.level and not last.level and (
            (block.item and last.item) or (block.cell is not None and last.cell is not None and block.cell[0] == last.cell[0])
        )
        if same:
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _rows(cells: Sequence[Block]) -> list[list[Block]]:
    rows: dict[int, list[Block]] = {}
    for cell in cells:
        assert cell.cell is not None
        rows.setdefault(cell.cell[1], []).append(cell)
    return list(rows.values())


def _group_markdown(group: Sequence[Block]) -> str:
    first = group[0]
    if first.level:
        return "#" * first.level + " " + block_markdown(first)
    if first.item:
        return "\n".join(f"- {block_markdown(item)}" for item in group)
    if first.cell is not None:
        rows = [[block_markdown(cell) for cell in row] for row in _rows(group)]
        columns = max(len(row) for row in rows)
        lines = ["| " + " | ".join(rows[0] + [""] * (columns - len(rows[0]))) + " |", "|" + "---|" * columns]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]])
    return block_markdown(first)


def _group_html(group: Sequence[Block]) -> str:
    def text(block: Block) -> str:
        return html.escape(block.text, quote=False)

    first = group[0]
    if first.item:
        return "<ul>" + "".join(f"<li>{text(item)}</li>" for item in group) + "</ul>"
    if first.cell is not None:
        rows = "".join("<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in _rows(group))
        return f"<table>{rows}</table>"
    return f"<p>{text(first)}</p>"


def page_markdown(blocks: Sequence[Block]) -> str:
    """A page's article as Markdown: headings as headings, list items as a list, table cells as a table
    (its first row as the header), every other block as a paragraph.

    What the site keeps out of search stays out of it: a part of a block in a ``<span data-search-exclude>``;
    whole blocks (a chart's caption and data table) as they are in the site, HTML in a
    ``<div data-search-exclude>``, which Markdown passes through.
    """
    parts: list[str] = []
    excluded: list[str] = []
    for group in _groups(blocks):
        if not group[0].level and all(_excluded(block) for block in group):
            excluded.append(_group_html(group))
            continue
        if excluded:
            parts.append("<div data-search-exclude>\n" + "\n".join(excluded) + "\n</div>")
            excluded = []
        parts.append(_group_markdown(group))
    if excluded:
        parts.append("<div data-search-exclude>\n" + "\n".join(excluded) + "\n</div>")
    return "\n\n".join(parts) + "\n"


def _page_url(path: str) -> str:
    """The address of a built page (``a/b/index.html``) as MkDocs names it (``a/b/``)."""
    return path[: -len("index.html")]


def _source_path(url: str, nav: Sequence[str]) -> str:
    """The Markdown file of the baseline that MkDocs publishes at ``url``: the nav's own name when it has one."""
    for entry in nav:
        entry_url = entry[: -len("index.md")] if entry.endswith("index.md") else entry[: -len(".md")] + "/"
        if entry_url == url:
            return entry
    return url[:-1] + ".md" if url else "index.md"


@dataclass(frozen=True)
class BaselineSource:
    """What the baseline was derived from: its pages (address → words of its article)."""

    pages: dict[str, list[str]]

    @property
    def text_bytes(self) -> int:
        return sum(len(" ".join(words).encode("utf-8")) for words in self.pages.values())


def built_pages(site: Path) -> dict[str, list[Block]]:
    """Every page of a built site that MkDocs rendered (it has an ``<article>``), by address, in path order."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html" or not relative.endswith("index.html"):
            continue
        blocks = article_blocks(path.read_text(encoding="utf-8"))
        if blocks is not None:
            pages[_page_url(relative)] = blocks
    return pages


def _search_meta(site: Path) -> dict[str, dict[str, object]]:
    """Each page's search tags and boost, as Material's search index holds them (none for the site's own
    search, Pagefind's, whose names are in the pages' HTML: explainer.search)."""
    if not (site / "search" / "search_index.json").exists():
        return {}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    meta: dict[str, dict[str, object]] = {}
    for doc in index["docs"]:
        if "#" in doc["location"]:
            continue
        found = {key: doc[key] for key in ("tags", "boost") if key in doc}
        if found:
            meta[doc["location"]] = found
    return meta


def _theme_files(repo: Path) -> set[str]:
    """Paths the theme publishes (Material's files and the project's overrides): both builds have them."""
    import material

    folders = [Path(material.__file__).parent / "templates", repo / "templates" / "overrides"]
    return {path.relative_to(folder).as_posix() for folder in folders for path in folder.rglob("*") if path.is_file()}


def _baseline_config(repo: Path) -> str:
    """The site's MkDocs configuration without the explainer: same theme, overrides, search, Markdown, checks."""
    lines = _mkdocs_config(repo, NAV).split("\n")
    kept: list[str] = []
    skipping_indent: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if skipping_indent is not None and (not line.strip() or indent > skipping_indent):
            continue
        skipping_indent = None
        if line.strip() == "- explainer:":
            skipping_indent = indent
            continue
        kept.append(line)
    config = "\n".join(kept).replace("docs_dir: content", "docs_dir: docs").replace("custom_dir: templates/overrides", "custom_dir: overrides")
    # The records' pages are outside the nav, as the plugin marks them; plain MkDocs is told so.
    return config + "not_in_nav: |\n  /**\n"


def write_baseline(site: Path, root: Path, repo: Path) -> BaselineSource:
    """A plain MkDocs project in ``root`` with the pages of the built ``site`` and their visible text.

    For each page MkDocs rendered, a Markdown page at the same address holding the text of the page's
    ``<article>``, block by block (:func:`page_markdown`: headings, lists, tables and paragraphs), the
    text the site keeps out of search kept out of it here too, and the page's search tags and boost. The site's
    other files (embeds, redirects, chart downloads) are copied as they are; the theme's come from the
    theme, with the project's overrides.
    """
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(repo / "templates" / "overrides", root / "overrides")
    pages = built_pages(site)
    meta = _search_meta(site)
    for url, blocks in pages.items():
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.get(url, {}).items())
        body = page_markdown(blocks)
        target = docs / _source_path(url, NAV)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((f"---\n{front}---\n\n" if front else "") + body, encoding="utf-8")
    theme = _theme_files(repo)
    made_by_mkdocs = {"404.html", "sitemap.xml", "sitemap.xml.gz", "_headers", "search/search_index.json"}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative in made_by_mkdocs or relative in theme or relative.startswith(f"{INDEX_FOLDER}/"):
            continue
        if relative.endswith("index.html") and _page_url(relative) in pages:
            continue
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / relative)
    (root / "mkdocs.yml").write_text(_baseline_config(repo), encoding="utf-8")
    return BaselineSource({url: article_words(blocks) for url, blocks in pages.items()})


def check_baseline(source: BaselineSource, site: Path) -> None:
    """The built baseline has exactly the site's pages, each with the same words in its article."""
    built = {url: article_words(blocks) for url, blocks in built_pages(site).items()}
    missing = sorted(set(source.pages) - set(built))
    extra = sorted(set(built) - set(source.pages))
    if missing or extra:
        raise BenchError(f"the baseline's pages differ from the site's: missing {missing[:5]}, extra {extra[:5]}")
    for url, words in source.pages.items():
        if built[url] != words:
            at = next((i for i, pair in enumerate(zip(words, built[url])) if pair[0] != pair[1]), min(len(words), len(built[url])))
            raise BenchError(
                f"the baseline's page {url or '(home)'} does not show the site's text: word {at + 1} is"
                f" {built[url][at:at + 1]} instead of {words[at:at + 1]}"
            )


# --- one size, end to end -------------------------------------------------------------------------------


def _mkdocs_config(repo: Path, nav: list[str]) -> str:
    """The repository's mkdocs.yml with a navigation (the plain baseline needs one; the explainer's build
    replaces it with the topic's, which is the same)."""
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    head = config.split("\nnav:\n")[0].rstrip("\n") + "\n"
    return head + "nav:\n" + "".join(f"  - {page}\n" for page in nav)


def _tree_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@dataclass(frozen=True)
class Weights:
    """What the built site weighs (the same every repeat: measured once)."""

    site_bytes: int
    text_bytes: int
    """The visible text of every page's article, the site's and the baseline's alike."""
    timeline_gz: int
    embed_gz: int
    search_gz: int
    """The site's search index in all its pieces (a reader's search fetches a few of them; a page's load none)."""
    first_visit_gz: int = 0
    """What a first visit to the home page downloads before a chart is used (the search index is not part of it)."""
    index_gz: int = 0
    """The heaviest index page in all (its HTML and every file it loads, Plotly.js included)."""
    index_page: str = ""
    """Its address."""
    embed_page: str = ""
    """The address of the heaviest embed of an index page's chart (:data:`MEASURED_EMBEDS`), whose weight is
    ``embed_gz``."""


#: The embeds weighed: those of the index pages' charts, which grow with the topic (a place's or an actor's chart
#: holds what one record has).
MEASURED_EMBEDS = ("timeline", "control", "zones", "map")


def site_weights(site: Path, text_bytes: int) -> Weights:
    timeline = measure(site, page_url(INDEX_PAGES["timeline"]))
    embeds = [page_url(embed_page(name)) for name in MEASURED_EMBEDS if (site / page_url(embed_page(name)) / "index.html").is_file()]
    embed = max((measure(site, url) for url in embeds), key=lambda weight: (weight.gzipped, weight.page))
    search = [path.read_bytes() for path in sorted((site / INDEX_FOLDER).rglob("*")) if path.is_file()]
    heaviest = max((measure(site, url) for url in index_page_urls(site)), key=lambda weight: (weight.gzipped, weight.page))
    return Weights(
        site_bytes=_tree_bytes(site),
        text_bytes=text_bytes,
        timeline_gz=timeline.gzipped,
        embed_gz=embed.gzipped,
        search_gz=sum(len(gzip.compress(data, 6, mtime=0)) for data in search),
        first_visit_gz=measure(site, page_url(INDEX_PAGES["home"])).at_load,
        index_gz=heaviest.gzipped,
        index_page=heaviest.page,
        embed_page=embed.page,
    )


def index_page_urls(site: Path) -> list[str]:
    """The addresses of the built site's index pages: the first page of each, and every page of a split index
    (they carry the list of the index's pages)."""
    urls = [page_url(src) for src in INDEX_PAGES.values() if (site / page_url(src) / "index.html").is_file()]
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        if url not in urls and 'class="ex-pages"' in path.read_text(encoding="utf-8"):
            urls.append(url)
    return urls


@dataclass(frozen=True)
class SizeResult:
    events: int
    pages: int
    """Pages MkDocs rendered, in the site and in its baseline alike."""
    repeats: int
    figures: Figures
    weights: Weights


def synthetic_project(events: int, seed: int, work: Path, repo: Path) -> Path:
    """A project of ``events`` synthetic events with the repository's templates and configuration."""
    project = work / f"site-{events}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    synthesize(events, seed, project / "site_data")
    shutil.copytree(repo / "templates", project / "templates")
    (project / "content").mkdir()
    (project / "content" / "method.md").write_text("# How this site is made\n\nSynthetic data.\n", encoding="utf-8")
    with (project / "site_data" / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("pages:\n  - method.md\n")  # the hand-written page, in the navigation
    (project / "mkdocs.yml").write_text(_mkdocs_config(repo, NAV), encoding="utf-8")
    return project


def bench_size(
    events: int,
    seed: int,
    work: Path,
    repo: Path,
    *,
    repeats: int,
    clock: Clock = time.monotonic,
    spawn: Spawn = spawn_process,
) -> SizeResult:
    """Build a synthetic site of ``events`` events and its baseline alternately, ``repeats`` times each."""
    project = synthetic_project(events, seed, work, repo)
    plain = work / f"plain-{events}"
    derived: list[BaselineSource] = []
    weights: list[Weights] = []

    def derive() -> None:
        source = write_baseline(project / "site", plain, repo)
        derived.append(source)
        weights.append(site_weights(project / "site", source.text_bytes))

    def check() -> None:
        check_baseline(derived[0], plain / "site")

    name = f"{events:,} events"
    pairs = alternate(
        Build(f"{name}, explainer site", project, explainer=True),
        Build(f"{name}, plain MkDocs baseline", plain, explainer=False),
        repeats,
        clock=clock,
        spawn=spawn,
        env=build_env(),
        cores=os.cpu_count() or 1,
        after_first_site=derive,
        after_first_baseline=check,
    )
    return SizeResult(events, len(derived[0].pages), repeats, Figures.of(name, pairs), weights[0])


def bundled_project(repo: Path, work: Path) -> Path:
    """A copy of the repository's own project (its data, pages, templates and mkdocs.yml) in ``work``."""
    project = work / "bundled"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("site_data", "content", "templates"):
        shutil.copytree(repo / name, project / name)
    shutil.copy(repo / "mkdocs.yml", project / "mkdocs.yml")
    return project


@dataclass(frozen=True)
class Bundled:
    """The generator's share of builds of the repository's own site."""

    generator_cpu: Spread
    cpu: Spread
    share: Spread


def bench_bundled(repo: Path, work: Path, *, repeats: int, clock: Clock = time.monotonic, spawn: Spawn = spawn_process) -> Bundled:
    """Build the repository's own site (its data, pages and templates) ``repeats`` times; the generator's share."""
    build = Build("bundled site", bundled_project(repo, work), explainer=True)
    readings = [
        measure_build(_nth(build, run), clock=clock, spawn=spawn, env=build_env(), cores=os.cpu_count() or 1)
        for run in range(1, repeats + 1)
    ]
    return Bundled(
        Spread.of("bundled site, generator CPU time", [r.generator_cpu for r in readings]),
        Spread.of("bundled site, CPU time", [r.cpu for r in readings]),
        Spread.of("bundled site, generator share", [r.share for r in readings]),
    )


# --- what is printed ------------------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:,.2f}"


def _megabytes(value: float) -> str:
    return f"{value / 2**20:,.0f}"


def _ratio(value: float) -> str:
    return f"{value:.2f}"


def _percent(value: float) -> str:
    return f"{value * 100:.0f}"


def _kilobytes(value: int) -> str:
    return f"{value / 1024:,.0f}"


def table(results: Sequence[SizeResult]) -> str:
    """The build figures as a Markdown table: medians, with the range over the repeats in brackets."""
    lines = [
        "| events | pages | build | runs | wall s | CPU s | peak MB | generator CPU s | generator % of CPU |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        f = r.figures
        head = f"| {r.events:,} | {r.pages:,} |"
        lines.append(
            f"{head} explainer | {r.repeats} | {f.site_wall.format(_seconds)} | {f.site_cpu.format(_seconds)} |"
            f" {f.site_peak.format(_megabytes)} | {f.generator_cpu.format(_seconds)} | {f.share.format(_percent)} |"
        )
        lines.append(
            f"{head} plain MkDocs | {r.repeats} | {f.baseline_wall.format(_seconds)} | {f.baseline_cpu.format(_seconds)} |"
            f" {f.baseline_peak.format(_megabytes)} | | |"
        )
        lines.append(
            f"{head} ratio | {r.repeats} | {f.ratio_wall.format(_ratio)} | {f.ratio_cpu.format(_ratio)} |"
            f" {f.ratio_peak.format(_ratio)} | | |"
        )
    return "\n".join(lines) + "\n"


def weights_table(results: Sequence[SizeResult]) -> str:
    """What each size's site weighs, as a Markdown table (the same every repeat)."""
    lines = [
        "| events | pages | page text KB | site MB | timeline page KB gz | heaviest embed KB gz | first visit KB gz"
        " | heaviest index page KB gz | search index, all pieces, KB gz |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        w = r.weights
        lines.append(
            f"| {r.events:,} | {r.pages:,} | {_kilobytes(w.text_bytes)} | {_megabytes(w.site_bytes)} |"
            f" {_kilobytes(w.timeline_gz)} | {_kilobytes(w.embed_gz)} (`{w.embed_page}`) | {_kilobytes(w.first_visit_gz)} |"
            f" {_kilobytes(w.index_gz)} (`{w.index_page}`) | {_kilobytes(w.search_gz)} |"
        )
    return "\n".join(lines) + "\n"


def _judged(shown: str, budget: float, *, strictly: bool = False) -> str:
    """Whether a figure meets its budget, judged on the figure as printed (so that the line agrees with itself)."""
    value = float(shown.replace(",", ""))
    return "within" if (value < budget if strictly else value <= budget) else "OVER"


def verdicts(results: Sequence[SizeResult]) -> list[str]:
    """Each budget, met or not, in words (medians over the repeats)."""
    lines = []
    by_size = {r.events: r for r in results}
    for r in results:
        w, f = r.weights, r.figures
        timeline, embed, index = _kilobytes(w.timeline_gz), _kilobytes(w.embed_gz), _kilobytes(w.index_gz)
        peak, ratio, share = _megabytes(f.site_peak.median), _ratio(f.ratio_cpu.median), _percent(f.share.median)
        memory = BUDGET_MEMORY if r.events <= 10_000 else BUDGET_MEMORY_LARGE
        lines.append(
            f"{r.events:,} events: timeline page {timeline} KB gz ({_judged(timeline, BUDGET_CHART_PAGE / 1024)} 600 KB),"
            f" heaviest embed {embed} KB gz ({_judged(embed, BUDGET_EMBED / 1024)} 450 KB), heaviest index page {index} KB gz in all"
            f" ({_judged(index, BUDGET_INDEX_PAGE / 1024)} 600 KB), peak memory {peak} MB"
            f" ({_judged(peak, memory / 2**20)} {memory // 2**30} GB), CPU time {ratio} × plain MkDocs"
            f" ({_judged(ratio, BUDGET_PLAIN_RATIO)} {BUDGET_PLAIN_RATIO} ×), generator {share}% of the CPU time"
            f" ({_judged(share, BUDGET_GENERATOR_SHARE * 100)} {_percent(BUDGET_GENERATOR_SHARE)}%)"
        )
    if len(results) > 1:
        smallest, largest = min(results, key=lambda r: r.events), max(results, key=lambda r: r.events)
        lines.append(
            f"first visit (the home page until a chart is used, no search index): {_kilobytes(smallest.weights.first_visit_gz)} KB gz"
            f" at {smallest.events:,} events, {_kilobytes(largest.weights.first_visit_gz)} KB gz at {largest.events:,}"
        )
    if 10_000 in by_size:
        big = by_size[10_000].figures.site_wall.median
        lines.append(f"10,000 events in {_seconds(big)} s ({_judged(_seconds(big), BUDGET_SECONDS_10K, strictly=True)} 60 s)")
        if 1_000 in by_size:
            growth = f"{big / by_size[1_000].figures.site_wall.median:.1f}"
            lines.append(f"time at 10,000 / time at 1,000 = {growth} ({_judged(growth, BUDGET_GROWTH)} {BUDGET_GROWTH})")
        if 100_000 in by_size:
            growth = f"{by_size[100_000].figures.site_wall.median / big:.1f}"
            lines.append(f"time at 100,000 / time at 10,000 = {growth} ({_judged(growth, BUDGET_GROWTH_100K)} {BUDGET_GROWTH_100K})")
    return lines


def report(results: Sequence[SizeResult], bundled: Bundled | None) -> str:
    """What ``explainer bench`` prints: the build table, the weights table and the budgets' verdicts."""
    lines = [table(results), weights_table(results)]
    lines += [f"- {line}" for line in verdicts(results)]
    if bundled is not None:
        lines.append(f"- {bundled_verdict(bundled)}")
    return "\n".join(lines) + "\n"


def bundled_verdict(bundled: Bundled) -> str:
    return (
        f"bundled site: the generator takes {_seconds(bundled.generator_cpu.median)} s of a"
        f" {_seconds(bundled.cpu.median)} s build (CPU time), {_percent(bundled.share.median)}%"
        f" ({_percent(bundled.share.low)}–{_percent(bundled.share.high)}%)"
        f" ({_judged(_percent(bundled.share.median), BUDGET_GENERATOR_SHARE * 100)} {_percent(BUDGET_GENERATOR_SHARE)}%)"
    )


# --- the command's arguments ----------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    """``--sizes``: event counts, comma-separated, each at least 1 (``1000,10000,100000``)."""
    sizes = []
    for part in text.split(","):
        if not re.fullmatch(r"[0-9][0-9_]*", part.strip()) or int(part) < 1:
            raise ValueError(f"{part.strip()!r} is not a number of events; give whole numbers of at least 1, such as 1000,10000")
        sizes.append(int(part))
    return sizes


def parse_repeats(text: str) -> int:
    """``--repeats``: how many times each build runs, at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"{text!r} is not a number of repeats; give a whole number of at least 1")
    return int(text)
