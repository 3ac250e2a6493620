"""The zones chart's spec: the zones of agreements and what the sources record in them afterwards.

Its options (which agreement), the check of a chart block (an agreement that sets up no zones would give an
empty chart), its default title and its line in the registry (:data:`explainer.charts.CHART_KINDS`). Its figure
is drawn by :mod:`.zonesfigure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..dates import HistoricalDate
from ..kinds import AGREEMENTS
from .spec import BlockProblem, ChartKind, ChartSpec, date_option, record_option

if TYPE_CHECKING:  # only types
    from ..dataset import Dataset
    from ..i18n import Words


@dataclass(frozen=True)
class ZonesSpec(ChartSpec):
    """The zones of one agreement, or of every agreement that sets up zones, within a window of dates.

    In a chart block: ``chart: zones``, and any of the options below."""

    kind: ClassVar[str] = "zones"
    agreement: str | None = record_option(AGREEMENTS)
    """Only the zones of this agreement (an id of ``site_data/agreements/``, one that sets up zones)."""
    start: HistoricalDate | None = date_option("from")
    """``from``: only the events whose dates reach this date or later (EDTF)."""
    end: HistoricalDate | None = date_option("to")
    """``to``: only the events whose dates begin by this date."""


def zones_check(data: Dataset, spec: ZonesSpec) -> list[BlockProblem]:
    """A zones chart of an agreement that sets up no zones (or of a topic where none does) would be empty."""
    if spec.agreement is not None and not data.agreements[spec.agreement].zones:
        return [
            BlockProblem(
                f"the agreement '{spec.agreement}' sets up no zones, so its zones chart would be empty; choose an"
                " agreement with zones, or a timeline chart",
                "agreement",
            )
        ]
    if spec.agreement is None and not any(found.zones for found in data.agreements.values()):
        return [
            BlockProblem(
                "no agreement of this topic sets up zones, so a zones chart would be empty; remove the block, or use a"
                " timeline chart",
                "chart",
            )
        ]
    return []


def zones_title(data: Dataset, spec: ZonesSpec, words: Words) -> str:
    """"Riverton accord: zones", "Zones and what became of them"."""
    if spec.agreement:
        return words.gettext("%(agreement)s: zones", agreement=data.agreements[spec.agreement].name)
    return words.gettext("Zones and what became of them")


#: The zones chart, as the registry lists it.
KIND = ChartKind(ZonesSpec, check=zones_check, title=zones_title, figure="zonesfigure")
