"""Plotly charts built at build time from the typed model: figure JSON, captions and data tables.

Every chart is a :class:`Chart`: a Plotly figure (plain JSON, checked against plotly.py's schema by the tests,
no pandas), a caption saying what it shows, the rows of its data (the accessible table, the CSV and the JSON
downloads), the sources it rests on and the page it belongs to. Charts are identified by a stable id, which is
also the address of their embed page (``embed/<id>/``).

Each kind of chart is a module of this package that declares its spec (a frozen dataclass whose fields are the
kind's options, documented where declared), the check an article's chart block of it gets, its default title,
and the module that draws its charts; :data:`CHART_KINDS` lists them, in the order editors are told them.
An article's chart block (``chart: timeline`` and options, see articles.py) is read by :func:`read_block`
from the kind's spec alone: checking the blocks (``explainer check``) loads no figure code, which
:func:`build_chart` imports when it first draws a kind. Adding a kind of chart is its module, its figure's
module and its line in :data:`CHART_KINDS` (and its words in the catalogue: ``python -m explainer.i18n update``).

- :mod:`.spec`: :class:`ChartSpec` and its options, :class:`ChartKind`, what a block's problems are;
- :mod:`.common`: the :class:`Chart`, the :class:`ChartContext`, and what several kinds draw (the base layout,
  event marks, the rings of inferred dates, captions of marks);
- :mod:`.timeline` (drawn by :mod:`.timelinefigure`): events on an axis that skips the empty years, one lane per
  category;
- :mod:`.control` (:mod:`.controlfigure`): who held each place when, as the sources report it;
- :mod:`.zones` (:mod:`.zonesfigure`): the zones of agreements and what the sources record in them afterwards.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..suggest import did_you_mean
from . import control, timeline, zones
from .control import ControlSpec
from .spec import BlockProblem, ChartKind, ChartSpec, parse_filter_date
from .spec import default_title as _default_title
from .timeline import TimelineSpec
from .zones import ZonesSpec

if TYPE_CHECKING:  # the figure code's names, imported on first use (see __getattr__)
    from ..dataset import Dataset
    from .common import DAY_MS, MAX_MARKS, UNKNOWN_COLOUR, Chart, ChartContext, holders_of, plotly_text

__all__ = [
    "CHART_KINDS",
    "DAY_MS",
    "MAX_MARKS",
    "UNKNOWN_COLOUR",
    "BlockProblem",
    "Chart",
    "ChartContext",
    "ChartKind",
    "ChartSpec",
    "ControlSpec",
    "TimelineSpec",
    "ZonesSpec",
    "build_chart",
    "default_title",
    "holders_of",
    "parse_filter_date",
    "plotly_text",
    "read_block",
]

#: Every kind of chart, by the name a chart block gives it (``chart: timeline``), in the order editors are told them.
CHART_KINDS: dict[str, ChartKind[Any]] = {kind.name: kind for kind in (timeline.KIND, control.KIND, zones.KIND)}

#: Keys of a chart block besides its kind's options.
BLOCK_KEYS = ("chart", "title")


#: What this package gives from the figure code (:mod:`.common`), loaded only when first asked for.
_FIGURE_NAMES = frozenset({"DAY_MS", "MAX_MARKS", "UNKNOWN_COLOUR", "Chart", "ChartContext", "holders_of", "plotly_text"})


def __getattr__(name: str) -> Any:
    """The figure code's names (``from explainer.charts import Chart``), from :mod:`.common` on first use: what
    checks chart blocks never asks for them, and so never loads it."""
    if name in _FIGURE_NAMES:
        from . import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_chart(ctx: ChartContext, spec: ChartSpec, page: str, title: str) -> Chart:
    """The chart ``spec`` describes, on ``page``, titled ``title``: drawn by its kind's figure module."""
    drawing = importlib.import_module(f"{__name__}.{CHART_KINDS[spec.kind].figure}")
    chart: Chart = drawing.draw(ctx, spec, page, title)
    return chart


def default_title(data: Dataset, spec: ChartSpec) -> str:
    """A chart's title from its kind and options, when the block gives none."""
    return _default_title(CHART_KINDS[spec.kind], data, spec)


def read_block(data: Dataset, raw: dict[str, Any]) -> tuple[ChartSpec | None, str | None, list[BlockProblem]]:
    """The spec an article's chart block describes (its YAML mapping), its title, and its problems (then no spec).

    The block names its kind (``chart:``); every other key but ``title`` must be an option of that kind's spec,
    with a value the option accepts (the id of a record of its kind, or a date); ``to`` may not be before
    ``from``; and the kind's check must find that the topic has something to show."""
    kind_name = raw.get("chart")
    if kind_name is None:
        return None, None, [BlockProblem(f"a chart block needs 'chart:', one of {', '.join(CHART_KINDS)}")]
    if not isinstance(kind_name, str) or kind_name not in CHART_KINDS:  # (a list or a mapping is no kind either)
        hint = did_you_mean(str(kind_name), CHART_KINDS)
        suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
        return None, None, [BlockProblem(f"unknown chart '{kind_name}'{suggestion}; allowed: {', '.join(CHART_KINDS)}", "chart")]
    kind = CHART_KINDS[kind_name]
    options = {option.name: (field_name, option) for field_name, option in kind.spec.options()}
    options_keys = {field_name: option.name for field_name, option in kind.spec.options()}  # "start" → "from"
    problems: list[BlockProblem] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in BLOCK_KEYS:
            continue
        if key not in options:
            allowed = ", ".join([*options, "title"])
            problems.append(BlockProblem(f"'{key}' is not a filter of the {kind_name} chart; allowed: {allowed}", key, at_key=True))
            continue
        field_name, option = options[key]
        read, problem = option.read(data, value)
        if problem is not None:
            problems.append(problem)
        else:
            values[field_name] = read
    title = raw.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip() or "\n" in title):
        problems.append(BlockProblem("'title' must be one line of text", "title"))
        title = None
    spec = kind.spec(**values)
    if spec.start is not None and spec.end is not None and spec.end.upper < spec.start.lower:
        start, end = options_keys["start"], options_keys["end"]
        problems.append(BlockProblem(f"'{end}' ({spec.end.human()}) is before '{start}' ({spec.start.human()}); swap them", end))
    problems += kind.check(data, spec)
    if problems:
        return None, None, problems
    return spec, title, []
