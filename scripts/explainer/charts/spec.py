"""What a kind of chart is, and what an article's chart block is read by: the :class:`ChartSpec` each kind's spec
extends, the :class:`Option` each of its fields is, the :class:`BlockProblem` a block can have, the
:class:`ChartKind` the registry (:data:`explainer.charts.CHART_KINDS`) lists, and a chart's default title.

Nothing here draws: checking a chart block (``explainer check``) loads this module and the kinds' specs
(``charts/<kind>.py``), never their figure code (``charts/<kind>figure.py``, :mod:`.common`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..dates import DateError, HistoricalDate, parse_date
from ..i18n import Words
from ..i18n import words as site_words
from ..suggest import did_you_mean

if TYPE_CHECKING:  # only types
    from ..dataset import Dataset
    from ..kinds import RecordKind

#: The key of a spec field's metadata that holds its :class:`Option`.
OPTION = "explainer-chart-option"


@dataclass(frozen=True)
class BlockProblem:
    """A problem of an article's chart block: what is wrong, and where: at the value of ``key`` (at the key
    itself when ``at_key``), or at the block's first line when there is no key."""

    message: str
    key: str | None = None
    at_key: bool = False


@dataclass(frozen=True)
class Option:
    """One option of a chart kind's spec, as an article's chart block gives it (and as the chart's id names it)."""

    name: str
    """Its key in a chart block and in the chart's id: ``actor``, ``from``…"""
    kind: RecordKind[Any] | None = None
    """For an option that names a record by its id: the kind of that record; None for a date."""

    def read(self, data: Dataset, value: Any) -> tuple[Any, BlockProblem | None]:
        """The option's value from a block (an id it checks, or a date it reads), or what is wrong with it."""
        if self.kind is None:
            try:
                return parse_filter_date(value), None
            except (DateError, ValueError) as error:
                return None, BlockProblem(f"'{self.name}': {error}", self.name)
        table = data.records(self.kind)
        if not isinstance(value, str) or value not in table:
            hint = did_you_mean(str(value), table)
            suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
            return None, BlockProblem(
                f"unknown {self.name} '{value}'{suggestion}; give the id of a file in site_data/{self.kind.folder}/", self.name
            )
        return value, None

    def id_text(self, value: Any) -> str | None:
        """The value as the chart's id writes it (before it is made URL-safe): an id, or a date's EDTF."""
        if value is None:
            return None
        return value.text if isinstance(value, HistoricalDate) else str(value)


def record_option(kind: RecordKind[Any]) -> Any:
    """A spec field for an option that names a record of ``kind`` by its id, under the kind's name
    (``actor: valley-front``); None when not given."""
    return field(default=None, metadata={OPTION: Option(kind.name, kind)})


def date_option(name: str) -> Any:
    """A spec field for an option that is a date in EDTF (``from: 2019``); None when not given."""
    return field(default=None, metadata={OPTION: Option(name)})


def parse_filter_date(value: Any) -> HistoricalDate:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("a date must be text in EDTF, such as 2019 or 2020-01")
    return parse_date(value)


class ChartSpec:
    """Which chart, with which options: what every kind's spec has (each kind declares its own, a frozen
    dataclass whose fields are its options, in the order its ids name them: see :mod:`explainer.charts`).

    Every kind has a window of dates (``from`` and ``to`` in a chart block, either end open)."""

    kind: ClassVar[str]
    """The kind's name: ``chart:`` in a block, and the first word of its charts' ids."""
    start: HistoricalDate | None
    end: HistoricalDate | None
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    """(Every kind is a dataclass: :func:`dataclasses.fields` reads its options.)"""

    @classmethod
    @functools.cache  # a kind's fields never change, and every chart's id reads them
    def options(cls) -> tuple[tuple[str, Option], ...]:
        """(field, option) for each option of the kind, in the order the chart's id names them."""
        return tuple((spec_field.name, spec_field.metadata[OPTION]) for spec_field in fields(cls))

    @classmethod
    def option_names(cls) -> list[str]:
        return [option.name for _, option in cls.options()]

    @functools.cached_property  # a spec is frozen, and a page names its chart's id many times
    def id(self) -> str:
        """A stable, URL-safe id: the kind, then each option given, in a fixed order."""
        parts = [self.kind]
        for name, option in self.options():
            value = option.id_text(getattr(self, name))
            if value:
                parts += [option.name, re.sub(r"[^0-9A-Za-z]+", "-", value).strip("-").lower()]
        return "-".join(parts)


S = TypeVar("S", bound=ChartSpec)


@dataclass(frozen=True)
class ChartKind(Generic[S]):
    """A kind of chart, as the registry (:data:`explainer.charts.CHART_KINDS`) lists it: its spec, the check an
    article's chart block of it gets once its options are read, the title a block that gives none gets, and the
    module of this package that draws its charts."""

    spec: type[S]
    check: Callable[[Dataset, S], list[BlockProblem]]
    """What the topic lacks for such a chart (a chart that would be empty): problems of the block, or none."""
    title: Callable[[Dataset, S, Words], str]
    """The title of a block's chart that gives none, its window of dates aside (see :func:`default_title`)."""
    figure: str
    """The module of :mod:`explainer.charts` that builds its charts, with its ``draw(context, spec, page, title)``:
    named, not imported, so that reading and checking a block loads no figure code."""

    @property
    def name(self) -> str:
        return self.spec.kind


def no_check(data: Dataset, spec: ChartSpec) -> list[BlockProblem]:
    """A kind whose charts always have something to show (or say that they have nothing)."""
    return []


def default_title(kind: ChartKind[Any], data: Dataset, spec: ChartSpec) -> str:
    """A chart's title from its kind and options, when the block gives none: the kind's, then its window."""
    words = site_words(data.site.language)
    title = kind.title(data, spec, words)
    if spec.start or spec.end:
        title = words.gettext(
            "%(title)s, %(start)s – %(end)s",
            title=title,
            start=spec.start.human() if spec.start else "…",
            end=spec.end.human() if spec.end else "…",
        )
    return title
