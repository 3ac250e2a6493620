"""The dataset: every record of ``site_data/``, typed and indexed by id, with what the checks need to locate them.

The loader (:mod:`explainer.loader`) fills it and validation (:mod:`explainer.validate`) reads it; everything
after them (derive, render) takes it as their input. The records of each kind are reached by the kind
(``data.records(PLACES)`` is a ``dict[str, Place]``), or by the kind's folder name as an attribute
(``data.places``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from .kinds import ACTORS, AGREEMENTS, CAMPS, CATEGORIES, DISPUTES, EVENTS, PLACES, RECORD_KINDS, SOURCES, RecordKind
from .model import Actor, Agreement, Camp, Category, Dispute, Event, Place, Record, Site, Source
from .quotes import ArchivedText
from .yamlstrict import YamlDocument

R = TypeVar("R", bound=Record)

#: The key of the site file's document in :attr:`Dataset.documents`.
SITE_DOCUMENT = ("site", "site")


def _empty_tables() -> dict[str, dict[str, Any]]:
    return {kind.name: {} for kind in RECORD_KINDS}


@dataclass
class Dataset:
    """Every record of ``site_data/``, validated and indexed by id (the first phase of a build)."""

    root: Path
    site: Site
    tables: dict[str, dict[str, Any]] = field(default_factory=_empty_tables)
    """The records of each kind, by id, by the kind's name: read them with :meth:`records`."""
    texts: dict[str, ArchivedText] = field(default_factory=dict)
    """Archived text of each source, by source id."""
    documents: dict[tuple[str, str], YamlDocument] = field(default_factory=dict)
    """The parsed file of each record, by (folder, id), and of the site file (:data:`SITE_DOCUMENT`): positions
    for later messages."""
    broken_ids: set[tuple[str, str]] = field(default_factory=set)
    """(folder, id) of records that failed to load: already reported, so references to them are not."""
    unloaded: list[tuple[str, YamlDocument]] = field(default_factory=list)
    """(folder, document) of records that failed the model: their other values are still checked."""

    def without_positions(self) -> Dataset:
        """The same records without their parsed files: for a build whose every message about the data is made
        (checks and warnings), since a file's positions take more memory than its record."""
        return Dataset(self.root, self.site, self.tables, self.texts, broken_ids=self.broken_ids)

    def records(self, kind: RecordKind[R]) -> dict[str, R]:
        """The records of one kind, by id."""
        return cast(dict[str, R], self.tables[kind.name])

    # Each kind's records by the name of its folder. (Cached: a build reads them hundreds of thousands of
    # times, and the tables never change once loaded.)
    @cached_property
    def sources(self) -> dict[str, Source]:
        return self.records(SOURCES)

    @cached_property
    def events(self) -> dict[str, Event]:
        return self.records(EVENTS)

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return self.records(ACTORS)

    @cached_property
    def places(self) -> dict[str, Place]:
        return self.records(PLACES)

    @cached_property
    def agreements(self) -> dict[str, Agreement]:
        return self.records(AGREEMENTS)

    @cached_property
    def disputes(self) -> dict[str, Dispute]:
        return self.records(DISPUTES)

    @cached_property
    def camps(self) -> dict[str, Camp]:
        return self.records(CAMPS)

    @cached_property
    def categories(self) -> dict[str, Category]:
        return self.records(CATEGORIES)
