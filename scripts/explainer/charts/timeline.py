"""The timeline chart's spec: events on a time axis that skips the empty years, one lane per category.

Its options (which events), its default title and its line in the registry (:data:`explainer.charts.CHART_KINDS`);
a timeline is never refused (one with no event says so). Its figure is drawn by :mod:`.timelinefigure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..dates import HistoricalDate
from ..kinds import ACTORS, CATEGORIES, PLACES
from .spec import ChartKind, ChartSpec, date_option, no_check, record_option

if TYPE_CHECKING:  # only types
    from ..dataset import Dataset
    from ..i18n import Words


@dataclass(frozen=True)
class TimelineSpec(ChartSpec):
    """A timeline of every event, or of those of one actor, place or category, within a window of dates.

    In a chart block: ``chart: timeline``, and any of the options below."""

    kind: ClassVar[str] = "timeline"
    actor: str | None = record_option(ACTORS)
    """Only the events this actor (an id of ``site_data/actors/``) takes part in."""
    place: str | None = record_option(PLACES)
    """Only the events in this place (an id of ``site_data/places/``)."""
    category: str | None = record_option(CATEGORIES)
    """Only the events of this category (an id of ``site_data/categories/``)."""
    start: HistoricalDate | None = date_option("from")
    """``from``: only the events whose dates reach this date or later (EDTF: ``2019``, ``2020-01``)."""
    end: HistoricalDate | None = date_option("to")
    """``to``: only the events whose dates begin by this date."""


def timeline_title(data: Dataset, spec: TimelineSpec, words: Words) -> str:
    """"Events", "Events involving Ana Ruiz in Riverton: Fighting"."""
    title = words.gettext("Events")
    if spec.actor:
        title = words.gettext("%(title)s involving %(actor)s", title=title, actor=data.actors[spec.actor].name)
    if spec.place:
        title = words.gettext("%(title)s in %(place)s", title=title, place=data.places[spec.place].name)
    if spec.category:
        title = words.gettext("%(title)s: %(category)s", title=title, category=data.categories[spec.category].name)
    return title


#: The timeline, as the registry lists it (a timeline is never refused: one with no event says so).
KIND = ChartKind(TimelineSpec, check=no_check, title=timeline_title, figure="timelinefigure")
