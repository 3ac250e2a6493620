"""Each kind of record, declared once: its folder, its class, its link scheme, its page, how it is named.

One :class:`RecordKind` per kind, in :data:`RECORD_KINDS`, as Pelican has one
generator per kind of content and Material's blog plugin one path builder per
kind of page. Everything that knows about kinds of record reads it from here:

* the loader: which folders of ``site_data/`` hold records, and of which class;
* validation: which fields refer to records of which kind (the :class:`~explainer.model.RefersTo`
  metadata of the model's fields, collected by :func:`references`), and how a message names a kind;
* editors' Markdown (:mod:`explainer.links`, :mod:`explainer.markup`): the link schemes
  (``[text](place:id)``) and the sanitizer's classes for the links;
* ``explainer new`` (:mod:`explainer.scaffold`) and the JSON Schemas (:mod:`explainer.schema`);
* where each record is shown (:mod:`explainer.routes`), and how the command line counts them.

Adding a kind of record: its class in ``model.py`` (its references typed as ids with ``RefersTo``), its
entry here, its skeleton ``templates/scaffolds/<name>.yaml.j2``, and when its records have pages of their
own, their template in ``templates/pages/`` and their context in ``contexts.py``. Then ``explainer schema``
writes its JSON Schema, ``python -m explainer.i18n update`` its count phrase, and a record of it in
``tests/fixtures/mini/`` lets ``tests/test_kinds.py`` check that it is loaded, linked and shown.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .i18n import nplural
from .model import Actor, Agreement, Camp, Category, Dispute, Event, Place, Record, RefersTo, Source

R = TypeVar("R", bound=Record)


# --- where a kind's records are shown ----------------------------------------------------------------


@dataclass(frozen=True)
class OwnPage:
    """A page of its own for each record, ``<folder>/<id>.md``, from ``templates/pages/<template>``."""

    template: str


@dataclass(frozen=True)
class TimelineSection:
    """A section of the timeline page that holds its date (:mod:`explainer.layout`), with a permanent address
    of its own that forwards to it."""


@dataclass(frozen=True)
class IndexSection:
    """A section, anchored by its id, of the generated index page named ``index``
    (:data:`explainer.routes.INDEX_PAGES`)."""

    index: str


Page = OwnPage | TimelineSection | IndexSection | None
"""Where a kind's records are shown; None: nowhere of their own (camps are headings of other pages)."""


@dataclass(frozen=True, eq=False)
class RecordKind(Generic[R]):
    """A kind of record: everything the generator needs to know about it, in one place."""

    name: str
    """The kind's name: what ``explainer new`` takes, its JSON Schema's and its skeleton's file name, and how
    messages name it ("unknown place id …")."""
    folder: str
    """Its folder of ``site_data/``: one ``<id>.yaml`` file per record."""
    model: type[R]
    """The record class of its files."""
    article: str
    """One record of it in a sentence, with its article: "an event"."""
    counted: tuple[str, str]
    """How a number of its records is written (singular and plural, for ``ngettext``): "%(num)s events"."""
    scheme: str | None
    """The link scheme of its records in editors' Markdown (``[text](scheme:id)``); None when they are not linked."""
    page: Page
    """Where each record is shown."""

    def __repr__(self) -> str:
        return f"RecordKind({self.name!r})"


SOURCES = RecordKind(
    name="source",
    folder="sources",
    model=Source,
    article="a source",
    counted=nplural("%(num)s source", "%(num)s sources"),
    scheme="source",
    page=OwnPage("source.html.j2"),
)
EVENTS = RecordKind(
    name="event",
    folder="events",
    model=Event,
    article="an event",
    counted=nplural("%(num)s event", "%(num)s events"),
    scheme="event",
    page=TimelineSection(),
)
ACTORS = RecordKind(
    name="actor",
    folder="actors",
    model=Actor,
    article="an actor",
    counted=nplural("%(num)s actor", "%(num)s actors"),
    scheme="actor",
    page=OwnPage("actor.html.j2"),
)
PLACES = RecordKind(
    name="place",
    folder="places",
    model=Place,
    article="a place",
    counted=nplural("%(num)s place", "%(num)s places"),
    scheme="place",
    page=OwnPage("place.html.j2"),
)
AGREEMENTS = RecordKind(
    name="agreement",
    folder="agreements",
    model=Agreement,
    article="an agreement",
    counted=nplural("%(num)s agreement", "%(num)s agreements"),
    scheme="agreement",
    page=OwnPage("agreement.html.j2"),
)
DISPUTES = RecordKind(
    name="dispute",
    folder="disputes",
    model=Dispute,
    article="a dispute",
    counted=nplural("%(num)s dispute", "%(num)s disputes"),
    scheme=None,
    page=IndexSection("disputes"),
)
CAMPS = RecordKind(
    name="camp",
    folder="camps",
    model=Camp,
    article="a camp",
    counted=nplural("%(num)s camp", "%(num)s camps"),
    scheme=None,
    page=None,
)
CATEGORIES = RecordKind(
    name="category",
    folder="categories",
    model=Category,
    article="a category",
    counted=nplural("%(num)s category", "%(num)s categories"),
    scheme=None,
    page=OwnPage("category.html.j2"),
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (SOURCES, EVENTS, ACTORS, PLACES, AGREEMENTS, DISPUTES, CAMPS, CATEGORIES)
"""Every kind of record, in the order the loader reads their folders (sources first: quotes are checked
against their archived texts)."""

COUNTED: tuple[RecordKind[Any], ...] = (EVENTS, ACTORS, PLACES, AGREEMENTS, SOURCES, DISPUTES)
"""The kinds a summary counts (``explainer check``'s "OK: 4 events, …"), in the order it lists them."""

KINDS_BY_NAME: dict[str, RecordKind[Any]] = {kind.name: kind for kind in RECORD_KINDS}
KINDS_BY_FOLDER: dict[str, RecordKind[Any]] = {kind.folder: kind for kind in RECORD_KINDS}
KINDS_BY_SCHEME: dict[str, RecordKind[Any]] = {kind.scheme: kind for kind in RECORD_KINDS if kind.scheme is not None}
"""The kinds editors link in Markdown, by link scheme."""

RECORD_FOLDERS: dict[str, type[Record]] = {kind.folder: kind.model for kind in RECORD_KINDS}
"""Each folder of ``site_data/`` and the record class of its files."""


def as_kind(folder_or_kind: str | RecordKind[Any]) -> RecordKind[Any]:
    """The kind itself, or the kind whose folder is named so (as templates name kinds: ``h.url('places', id)``)."""
    if isinstance(folder_or_kind, RecordKind):
        return folder_or_kind
    return KINDS_BY_FOLDER[folder_or_kind]


# --- the parts of a record, and the references among them --------------------------------------------


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The record class inside an annotation such as ``list[Claim] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return inner_model(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
    return None


PathKey = tuple[str | int, ...]


def walk(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, BaseModel]]:
    """Every record part inside ``model`` (itself included), with its path in YAML keys."""
    yield path, model
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            yield from walk(value, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, path + (key, index))


def _refers_to(metadata: list[Any], annotation: Any) -> RefersTo | None:
    """The ``RefersTo`` of a field: in its own metadata, or inside its type (``list[PlaceId]``, ``ActorId | None``)."""
    for item in metadata:
        if isinstance(item, RefersTo):
            return item
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _refers_to(list(annotation.__metadata__), typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _refers_to([], arg)
            if found is not None:
                return found
    return None


def field_references(model: type[BaseModel]) -> dict[str, RecordKind[Any]]:
    """The fields of one record class (not of its parts) that hold ids of other records: field name → kind."""
    found = {}
    for name, info in model.model_fields.items():
        refers = _refers_to(list(info.metadata), info.annotation)
        if refers is not None:
            found[name] = KINDS_BY_NAME[refers.kind]
    return found


def _part_classes(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """A record class and the classes of its parts, however deep, each once, in field order."""
    seen: list[type[BaseModel]] = []
    pending = [model]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.append(current)
        yield current
        pending += [inner for info in current.model_fields.values() if (inner := inner_model(info.annotation)) is not None]


def references() -> dict[tuple[type[BaseModel], str], RecordKind[Any]]:
    """Every field of every record class and part that holds ids of records: (class, field name) → kind."""
    found: dict[tuple[type[BaseModel], str], RecordKind[Any]] = {}
    for kind in RECORD_KINDS:
        for part in _part_classes(kind.model):
            for name, target in field_references(part).items():
                found[(part, name)] = target
    return found


REFERENCES = references()
"""Which kind each reference field points into, by (record class or part class, field name)."""
