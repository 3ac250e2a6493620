"""The control chart's spec: who held each place when, as the sources report it.

Its options (which place), the check of a chart block (a place no source says who held would give an empty
chart), its default title and its line in the registry (:data:`explainer.charts.CHART_KINDS`). Its figure is
drawn by :mod:`.controlfigure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..dates import HistoricalDate
from ..kinds import PLACES
from .spec import BlockProblem, ChartKind, ChartSpec, date_option, record_option

if TYPE_CHECKING:  # only types
    from ..dataset import Dataset
    from ..i18n import Words


@dataclass(frozen=True)
class ControlSpec(ChartSpec):
    """Who held one place, or every place, within a window of dates.

    In a chart block: ``chart: control``, and any of the options below."""

    kind: ClassVar[str] = "control"
    place: str | None = record_option(PLACES)
    """Only this place (an id of ``site_data/places/``); without it, the places with the most reported changes."""
    start: HistoricalDate | None = date_option("from")
    """``from``: only the rows of a place's history that reach this date or later (EDTF)."""
    end: HistoricalDate | None = date_option("to")
    """``to``: only the rows that begin by this date."""


def control_check(data: Dataset, spec: ControlSpec) -> list[BlockProblem]:
    """A control chart of a place (or a topic) that no source says who held would be empty."""
    held = {change.place for event in data.events.values() for change in event.control_changes}
    held |= {place.id for place in data.places.values() if place.control_reports}
    if spec.place is not None and spec.place not in held:
        return [
            BlockProblem(
                f"no source says who held '{spec.place}', so its control chart would be empty; choose a place whose"
                " control is reported",
                "place",
            )
        ]
    if spec.place is None and not held:
        return [
            BlockProblem(
                "no source of this topic says who held a place, so a control chart would be empty; remove the block,"
                " or use a timeline chart",
                "chart",
            )
        ]
    return []


def control_title(data: Dataset, spec: ControlSpec, words: Words) -> str:
    """"Who held Riverton", "Who held which place"."""
    if spec.place:
        return words.gettext("Who held %(name)s", name=data.places[spec.place].name)
    return words.gettext("Who held which place")


#: The control chart, as the registry lists it.
KIND = ChartKind(ControlSpec, check=control_check, title=control_title, figure="controlfigure")
