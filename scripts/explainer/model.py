"""The typed model of an explainer's facts: one class per record kind.

Each field is documented where it is declared; the JSON Schema that editors'
tools use is generated from these classes (``explainer schema``), never
written by hand. Records are frozen: once loaded and validated, nothing
changes them.

Annotations here are evaluated as each class is made (no ``from __future__ import annotations``): pydantic
would otherwise evaluate every field's annotation from its text, which costs each command that loads the
model some milliseconds. Methods name their own class, or one declared below, in quotes.
"""

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from .dates import EDTF_HELP, EDTF_LEVEL1_HELP, DateError, HistoricalDate, parse_date

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HELP = "an id of lowercase letters, digits and single hyphens, such as town-hall"
#: A BCP 47 language tag: a language, then optional subtags (en, en-GB, ar, zh-Hant).
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"


def _no_control_characters(value: str) -> str:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", value):
        raise ValueError("contains a control character; remove it")
    return value


#: Deepest nesting of square brackets accepted in Markdown: Python-Markdown's time grows with the square of it.
MAX_BRACKET_DEPTH = 10


def bracket_depth(text: str, limit: int = MAX_BRACKET_DEPTH) -> tuple[int, int | None]:
    """How deep square brackets nest in a text (an unclosed one counts as open to the end), and the
    offset of the first "[" that goes deeper than ``limit`` (None when none does)."""
    depth = deepest = 0
    first_too_deep = None
    escaped = False
    for offset, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            deepest = max(deepest, depth)
            if depth > limit and first_too_deep is None:
                first_too_deep = offset
        elif char == "]" and depth:
            depth -= 1
    return deepest, first_too_deep


def _shallow_brackets(value: str) -> str:
    if value.count("[") <= MAX_BRACKET_DEPTH:  # too few brackets to nest too deep: no need to walk the text
        return value
    depth, too_deep = bracket_depth(value)
    if too_deep is not None:
        raise ValueError(
            f"square brackets nest {depth} deep, over the limit of {MAX_BRACKET_DEPTH}; a Markdown link needs one level"
        )
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line of text")
    return value


def _no_items() -> list[Any]:
    """A new empty list, the default of a list field: a function of Python rather than ``list``, whose signature
    (which pydantic reads as it builds a validator) Python would parse from text, at a cost of some milliseconds."""
    return []


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
"""A record's id: lowercase, hyphenated; also the record's file name and its page's URL."""


@dataclass(frozen=True)
class RefersTo:
    """Field metadata: the field holds the id of a record of the kind named ``kind`` (see :mod:`explainer.kinds`).

    Validation checks that each such id names a record of that kind; the JSON Schemas are unchanged by it.
    """

    kind: str


SourceId = Annotated[Id, RefersTo("source")]
EventId = Annotated[Id, RefersTo("event")]
ActorId = Annotated[Id, RefersTo("actor")]
PlaceId = Annotated[Id, RefersTo("place")]
AgreementId = Annotated[Id, RefersTo("agreement")]
CampId = Annotated[Id, RefersTo("camp")]
CategoryId = Annotated[Id, RefersTo("category")]

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_no_control_characters),
    AfterValidator(_single_line),
]
"""One line of plain text (a title, a name). Never read as Markdown or HTML."""

Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    AfterValidator(_no_control_characters),
    AfterValidator(_shallow_brackets),
]
"""A short text in Markdown, in the site's own neutral voice."""

Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_no_control_characters),
]
"""Words copied verbatim from a source's archived text."""


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#]+[^\s]*$", value):
        raise ValueError(f"'{value}' is not a web address; write a full http:// or https:// URL")
    return value


Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=2000),
    AfterValidator(_check_url),
    Field(examples=["https://www.example.org/news/article-1"]),
]
"""An http(s) URL."""


def _to_date(value: Any) -> HistoricalDate:
    if isinstance(value, HistoricalDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # `date: 2015` is read by YAML as a number
    if not isinstance(value, str):
        raise DateError(f"a date must be text; {EDTF_HELP}")
    return parse_date(value)


EdtfDate = Annotated[
    HistoricalDate,
    # What _to_date returns is checked as a HistoricalDate and kept as it is: without this, pydantic would build
    # a validator for the dataclass's own fields (and their points') in each model with a date, never to use it.
    # (Named, as the dataclass's schema is, so that the JSON Schemas give the field no title of its own.)
    GetPydanticSchema(lambda _source, _handler: core_schema.is_instance_schema(HistoricalDate, ref="HistoricalDate")),
    BeforeValidator(_to_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "description": "A date in EDTF (ISO 8601-2) notation, as precise as it is known. "
            + EDTF_HELP
            + "; also "
            + EDTF_LEVEL1_HELP,
            "examples": [
                "2017-04-07",
                "2019-08",
                "2015",
                "2017-05-04/2017-05-05",
                "2020-01-28~",
                "2019-04/..",
                "2019-04/",
                "196X",
                "2019-XX",
            ],
        }
    ),
]
"""A date in EDTF notation, parsed into a :class:`HistoricalDate` that keeps its precision."""


def _closed(value: HistoricalDate) -> HistoricalDate:
    if value.open_start or value.open_end:
        raise DateError(
            f"'{value.text}': a publication date has no open or unknown end; write the day, month or year the article"
            " was published, such as 2020-01-29"
        )
    return value


PublicationDate = Annotated[EdtfDate, AfterValidator(_closed)]
"""The date an article was published: an EDTF date without an open or unknown end (an open-ended date that
the article reports as still going runs to it)."""


class Record(BaseModel):
    """Base of every part of a record: unknown fields are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


class Claim(Record):
    """What a source says, in its own words. Every statement on the site rests on claims."""

    source: SourceId = Field(
        description="Id of the source that says this (a file in site_data/sources/).", examples=["city-herald-2019-05-14"]
    )
    quote: Quote = Field(
        description=(
            "The source's exact words, copied from its archived text: spelling, punctuation and curly quotes"
            " included (line breaks and runs of spaces may differ)."
        ),
        examples=["The council voted seven to two on Tuesday to build the bridge"],
    )
    speaker: ActorId | None = Field(
        default=None,
        description="Id of the actor whose words the source reports (an official, a ministry, a news agency), if any.",
    )
    note: Text | None = Field(
        default=None,
        description="Where in the source the quote stands, when that matters: 'headline', 'photo caption'.",
        examples=["photo caption"],
    )


class DateInference(Record):
    """How a date was worked out from a relative expression ("on Saturday") and a publication date."""

    source: SourceId = Field(description="Id of the source whose wording and publication date the date is inferred from.")
    phrase: Quote = Field(
        description="The source's relative expression, verbatim: 'on Saturday', 'Yesterday', 'since April last year'.",
        examples=["on Saturday"],
    )
    reasoning: Text = Field(
        description="How the date follows from the phrase and the publication date, in one sentence.",
        examples=["The article was published on Saturday 30 November 2024."],
    )


def _alias_schema(schema: dict[str, Any]) -> None:
    # Editors may write a bare name for an alias with no source: say so in the schema.
    mapping = dict(schema)
    schema.clear()
    schema.update(
        {
            "title": "Alias",
            "description": mapping.get("description", ""),
            "anyOf": [{"type": "string", "minLength": 1, "maxLength": 300, "description": "A name no source is given for."}, mapping],
        }
    )


class Alias(Record):
    """Another name for an actor, place or agreement: a spelling, transliteration or term a source uses."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_alias_schema)

    name: Text = Field(description="The other name, exactly as written.", examples=["the Old Town bridge"])
    source: SourceId | None = Field(
        default=None,
        description=(
            "Id of a source that uses this name; the name must then appear in its archived text verbatim."
            " Give it for loaded terms, so that the site attributes them."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        # A bare string is shorthand for an alias with no source.
        return {"name": value} if isinstance(value, str) else value


class Source(Record):
    """A published article the facts are taken from, with its archived text."""

    id: Id = Field(description="Id of the source; also its file name (<id>.yaml).")
    title: Text = Field(
        description="The article's headline, as published.", examples=["Council says yes to new river bridge"]
    )
    publisher: Text = Field(description="Who published it.", examples=["City Herald"])
    url: Url = Field(description="Where it was published: an http(s) URL.")
    published: PublicationDate = Field(description="Publication date, as precise as it is known.")
    published_basis: Text | None = Field(
        default=None,
        description=(
            "How the publication date was established when the archived text prints none"
            " (for example from the URL or the publisher's page)."
        ),
    )
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = Field(
        description="Language of the article as a BCP 47 tag.", examples=["en"]
    )
    archived_text: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")] = Field(
        description=(
            "File name of the article's archived plain text, in the same folder as this record."
            " Quotes are checked against it."
        ),
        examples=["city-herald-2019-05-14.txt"],
    )
    note: Markdown | None = Field(default=None, description="Anything a reader should know about this source.")
    furniture: list[Quote] = Field(
        default_factory=_no_items,
        description=(
            "Passages of the archived text that are page furniture, not claims (menus, 'Read More' links, tag lists),"
            " verbatim; `explainer coverage` counts every other sentence as needing a claim."
        ),
    )


ControlExtent = Literal["full", "partial"]


class ControlChange(Record):
    """A change of who holds a place, recorded by an event."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    place: PlaceId = Field(description="Id of the place that changed hands.", examples=["north-district"])
    from_: ActorId | None = Field(
        default=None,
        alias="from",
        description="Id of the actor that held it before, if the sources say; leave out when they do not.",
    )
    to: ActorId = Field(description="Id of the actor that took control.", examples=["city-council"])
    extent: ControlExtent = Field(
        default="full",
        description=(
            "'full', or 'partial' when the sources say only part of the place changed hands"
            " ('much of the city'): the site then says 'part of' it wherever it shows the change."
        ),
    )


class ControlReport(Record):
    """A source's statement of who held a place at a date, when it reports no change of control.

    A newspaper's "the port, run by the harbour authority", in an article of 14 May 2019,
    reports who held the port on that day. The site shows it as reported at
    that date only: between two reports (or changes) it presumes nothing changed,
    and says so.
    """

    holder: ActorId = Field(
        description="Id of the actor the source says held the place.", examples=["harbour-authority"]
    )
    date: EdtfDate = Field(
        description=(
            "The date the statement is about, in EDTF: for a source that says who holds the place now,"
            " its publication date."
        ),
        examples=["2020-01-29"],
    )
    extent: ControlExtent = Field(
        default="full",
        description="'full', or 'partial' when the source says the actor held only part of the place.",
    )
    claims: list[Claim] = Field(min_length=1, description="The quotes that say who held the place.")


class Event(Record):
    """Something that happened, on a date as precise as the sources give it."""

    id: Id = Field(description="Id of the event; also its file name and page address.")
    title: Text = Field(
        description="A short neutral title in the site's own voice.",
        examples=["The city council approves the river bridge"],
    )
    date: EdtfDate = Field(description="When it happened, in EDTF notation.")
    date_inferred: DateInference | None = Field(
        default=None,
        description="Give this when the date is worked out from a relative expression and a publication date.",
    )
    category: CategoryId = Field(
        description="Id of the event's category (a file in site_data/categories/).", examples=["decisions"]
    )
    places: list[PlaceId] = Field(
        default_factory=_no_items, description="Ids of the places where it happened.", examples=[["north-district"]]
    )
    actors: list[ActorId] = Field(
        default_factory=_no_items, description="Ids of the actors involved.", examples=[["city-council"]]
    )
    agreements: list[AgreementId] = Field(default_factory=_no_items, description="Ids of agreements the event concerns.")
    summary: Markdown = Field(
        description=(
            "What happened, in one to three neutral sentences; loaded words only inside quotes."
            " Link records with [text](actor:id), [text](place:id), [text](event:id) or [text](agreement:id)."
        )
    )
    claims: list[Claim] = Field(min_length=1, description="What the sources say about it: at least one quote.")
    control_changes: list[ControlChange] = Field(
        default_factory=_no_items, description="Places that changed hands in this event."
    )
    key: bool = Field(default=False, description="true to list the event among the key dates on the home page.")
    editors_note: Markdown | None = Field(
        default=None,
        description="A remark by the editors, shown as such: for a link between facts that no source makes itself.",
    )


KIND_PATTERN = r"^[a-z][a-z0-9]*(?:[ -][a-z0-9]+)*$"

KindName = Annotated[
    str,
    StringConstraints(pattern=KIND_PATTERN, max_length=40),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": KIND_PATTERN,
            "description": "A kind this topic declares in site.yaml (vocabulary): lowercase words, such as 'city' or 'news agency'.",
        }
    ),
]
"""The id of a kind of actor, place, agreement or relation: lowercase words, as site.yaml's vocabulary declares them."""


class TopicContext(dict[str, Any]):
    """The validation context of a topic's records (``model_validate(..., context=TopicContext(vocabulary))``).

    ``vocabulary``: the kinds site.yaml declares; None when site.yaml could not be read, and kinds are then
    not checked (its own problems say what is wrong).
    """

    def __init__(self, vocabulary: "Vocabulary | None") -> None:
        super().__init__(vocabulary=vocabulary)

    @property
    def vocabulary(self) -> "Vocabulary | None":
        vocabulary: Vocabulary | None = self["vocabulary"]  # (as __init__ stores it)
        return vocabulary


def _declared_kind(value: str, info: ValidationInfo, table: str) -> str:
    """A kind must be one the topic declares (site.yaml's vocabulary; today's lists when it declares none).

    The vocabulary comes in the validation context (the loader reads site.yaml first); without a context,
    the default vocabulary applies.
    """
    if isinstance(info.context, TopicContext):
        if info.context.vocabulary is None:
            return value
        vocabulary = info.context.vocabulary
    else:
        vocabulary = DEFAULT_VOCABULARY
    declared = vocabulary.kind_ids(table)
    if value not in declared:
        raise PydanticCustomError(
            "undeclared_kind",
            "{kind} is not declared",
            {"expected": choices(declared), "table": table},
        )
    return value


def choices(values: list[str]) -> str:
    """'a', 'b' or 'c': how a message lists what is allowed."""
    quoted = [f"'{value}'" for value in values]
    return " or ".join([", ".join(quoted[:-1]), quoted[-1]] if quoted[:-1] else quoted)


class Relation(Record):
    """How an actor stands to another actor, as the sources say."""

    kind: KindName = Field(
        description="What the relation is: one of the relation kinds of site.yaml's vocabulary ('supports' by default).",
        examples=["supports"],
    )
    target: ActorId = Field(description="Id of the other actor.", examples=["city-council"])
    claims: list[Claim] = Field(min_length=1, description="The quotes the relation rests on.")

    @field_validator("kind")
    @classmethod
    def _kind_is_declared(cls, value: str, info: ValidationInfo) -> str:
        return _declared_kind(value, info, "relation_kinds")


class Actor(Record):
    """A state, force, group, body or person that takes part in events."""

    id: Id = Field(description="Id of the actor; also its file name and page address.")
    name: Text = Field(description="Neutral name in the site's voice.", examples=["City council"])
    kind: KindName = Field(
        description="What sort of actor it is: one of the actor kinds of site.yaml's vocabulary.", examples=["person"]
    )
    camp: CampId | None = Field(
        default=None,
        description=(
            "Id of the camp it is grouped under on 'Who is who' (a file in site_data/camps/): required when the"
            " topic groups actors in camps (site.yaml's vocabulary: camps: true, the default), refused otherwise."
        ),
        examples=["residents-groups"],
    )
    aliases: list[Alias] = Field(
        default_factory=_no_items, description="Other names, spellings and terms the sources use (searchable)."
    )
    description: Markdown = Field(description="Who or what it is, in one to three neutral sentences.")
    claims: list[Claim] = Field(min_length=1, description="The quotes the description rests on.")
    relations: list[Relation] = Field(default_factory=_no_items, description="Its relations to other actors.")
    editors_note: Markdown | None = Field(default=None, description="A remark by the editors, shown as such.")

    @field_validator("kind")
    @classmethod
    def _kind_is_declared(cls, value: str, info: ValidationInfo) -> str:
        return _declared_kind(value, info, "actor_kinds")


#: A gazetteer record: GeoNames, Wikidata or OpenStreetMap, by its id there.
GAZETTEER_PATTERN = r"^(?:geonames:[1-9][0-9]{0,9}|wikidata:Q[1-9][0-9]{0,11}|osm:(?:node|way|relation)/[1-9][0-9]{0,15})$"
GAZETTEER_HELP = (
    "write the record it comes from as geonames:<number> (GeoNames), wikidata:Q<number> (Wikidata) or"
    " osm:node/<number>, osm:way/<number>, osm:relation/<number> (OpenStreetMap), such as geonames:2643743"
)

#: Where each gazetteer shows a record, by the prefix of its ids.
GAZETTEER_PAGES = {
    "geonames": ("GeoNames", "https://www.geonames.org/{}"),
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "osm": ("OpenStreetMap", "https://www.openstreetmap.org/{}"),
}


def _check_gazetteer(value: str) -> str:
    if not re.match(GAZETTEER_PATTERN, value):
        raise ValueError(f"'{value}' is not a gazetteer record; {GAZETTEER_HELP}")
    return value


Gazetteer = Annotated[
    str,
    AfterValidator(_check_gazetteer),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": GAZETTEER_PATTERN,
            "description": "A gazetteer record: geonames:<number>, wikidata:Q<number> or osm:node|way|relation/<number>.",
            "examples": ["geonames:2643743", "wikidata:Q84", "osm:node/107775"],
        }
    ),
]
"""A gazetteer record's id, prefixed by its gazetteer: ``geonames:2643743``, ``wikidata:Q84``, ``osm:node/…``."""


class Coordinates(Record):
    """Where a place lies, as a gazetteer records it: positions are facts too, and cite their record."""

    lat: Annotated[float, Field(ge=-90, le=90)] = Field(description="Latitude in decimal degrees, as the record gives it.")
    lon: Annotated[float, Field(ge=-180, le=180)] = Field(description="Longitude in decimal degrees, as the record gives it.")
    gazetteer: Gazetteer = Field(
        description=(
            "The gazetteer record the position is taken from: geonames:<id> (GeoNames), wikidata:Q<id> (Wikidata) or"
            " osm:node/<id>, osm:way/<id>, osm:relation/<id> (OpenStreetMap). The place's page links to it, and the"
            " maps draw the place there. A place without a record has no coordinates: it is listed under the maps,"
            " not placed."
        ),
        examples=["geonames:2643743"],
    )
    source: Url | None = Field(
        default=None,
        description="Where the coordinates were read, when that is not the gazetteer record's own page.",
    )

    @property
    def gazetteer_name(self) -> str:
        """The gazetteer's name: GeoNames, Wikidata or OpenStreetMap."""
        return GAZETTEER_PAGES[self.gazetteer.split(":", 1)[0]][0]

    @property
    def gazetteer_id(self) -> str:
        """The record's id within its gazetteer: 2643743, Q84, node/107775."""
        return self.gazetteer.split(":", 1)[1]

    @property
    def gazetteer_url(self) -> str:
        """The record's page at its gazetteer."""
        prefix, record = self.gazetteer.split(":", 1)
        return GAZETTEER_PAGES[prefix][1].format(record)


class Place(Record):
    """A place the sources name: a town, a district, a region, a building, a road (the kinds the topic declares)."""

    id: Id = Field(description="Id of the place; also its file name and page address.")
    name: Text = Field(description="The name in the site's chosen transliteration.", examples=["North District"])
    kind: KindName = Field(
        description="What sort of place it is: one of the place kinds of site.yaml's vocabulary.", examples=["city"]
    )
    within: PlaceId | None = Field(
        default=None,
        description="Id of the place it lies within (any place: a city, a district, a province), if any.",
        examples=["north-district"],
    )
    aliases: list[Alias] = Field(
        default_factory=_no_items, description="Other spellings and transliterations (searchable)."
    )
    coordinates: Coordinates | None = Field(
        default=None,
        description=(
            "Where it lies, as a gazetteer records it (GeoNames, Wikidata or OpenStreetMap): the maps draw it there."
            " Leave it out when no gazetteer record is known; never estimate a position."
        ),
    )
    description: Markdown | None = Field(default=None, description="What the sources say it is, in neutral words.")
    claims: list[Claim] = Field(default_factory=_no_items, description="The quotes about this place.")
    control_reports: list[ControlReport] = Field(
        default_factory=_no_items,
        description=(
            "Statements of who held the place at a date, where a source reports no change of control"
            " ('the port, run by the harbour authority'). Changes of control belong to events ('control_changes')."
        ),
    )
    editors_note: Markdown | None = Field(default=None, description="A remark by the editors, shown as such.")

    @field_validator("kind")
    @classmethod
    def _kind_is_declared(cls, value: str, info: ValidationInfo) -> str:
        return _declared_kind(value, info, "place_kinds")

    @model_validator(mode="after")
    def _description_needs_claims(self) -> "Place":
        if self.description is not None and not self.claims:
            raise ValueError("a place with a description needs at least one claim that the description rests on")
        return self


class Area(Record):
    """A place that a zone covers, whole or in part."""

    place: PlaceId = Field(description="Id of the place.")
    extent: Literal["whole", "part"] = Field(default="whole", description="'whole', or 'part' of the place.")
    note: Text | None = Field(default=None, description="Which part, in the source's terms: 'the north of'.")


class Zone(Record):
    """An area an agreement sets up (a de-escalation zone, say)."""

    id: Id = Field(description="Id of the zone, unique within its agreement.")
    name: Text = Field(description="The zone's name.")
    areas: list[Area] = Field(min_length=1, description="The places it covers.")
    claims: list[Claim] = Field(min_length=1, description="The quotes that describe it.")


class Agreement(Record):
    """An agreement between parties: a contract, a deal, a memorandum, a ceasefire (the kinds the topic declares)."""

    id: Id = Field(description="Id of the agreement; also its file name and page address.")
    name: Text = Field(description="A neutral name.", examples=["Construction contract of March 2019"])
    kind: KindName = Field(
        description="What sort of agreement it is: one of the agreement kinds of site.yaml's vocabulary.",
        examples=["memorandum"],
    )
    date: EdtfDate | None = Field(
        default=None,
        description=(
            "When it was made or took effect, in EDTF notation; leave it out when the sources do not date it"
            " (an agreement that sets up zones needs one: what happens in a zone is counted from it)."
        ),
    )
    date_inferred: DateInference | None = Field(
        default=None, description="Give this when the date is worked out from a publication date."
    )
    parties: list[ActorId] = Field(default_factory=_no_items, description="Ids of the actors that are party to it.")
    aliases: list[Alias] = Field(default_factory=_no_items, description="Other names the sources use.")
    summary: Markdown = Field(description="What it is, in neutral words.")
    claims: list[Claim] = Field(min_length=1, description="The quotes it rests on.")
    zones: list[Zone] = Field(default_factory=_no_items, description="The zones it sets up, if any.")
    editors_note: Markdown | None = Field(default=None, description="A remark by the editors, shown as such.")

    @field_validator("kind")
    @classmethod
    def _kind_is_declared(cls, value: str, info: ValidationInfo) -> str:
        return _declared_kind(value, info, "agreement_kinds")

    @model_validator(mode="after")
    def _dated_when_needed(self) -> "Agreement":
        if self.date is None and self.zones:
            raise ValueError(
                "an agreement that sets up zones needs a 'date' (what the sources record in a zone is counted from it);"
                " give the date, as precise as the sources give it"
            )
        if self.date is None and self.date_inferred is not None:
            raise ValueError("'date_inferred' says how a date was worked out, but the agreement has no 'date'; give it")
        return self

    @property
    def order(self) -> tuple[Any, ...]:
        """Where it comes in lists: oldest first, undated ones last, then by id."""
        if self.date is None:
            return (1, (), self.id)
        return (0, self.date.sort_key, self.id)


class Position(Record):
    """One side of a disagreement between sources."""

    statement: Text = Field(description="What this side says, in neutral words.")
    claims: list[Claim] = Field(min_length=1, description="The quotes that say it.")


class Dispute(Record):
    """Sources that disagree about a fact; every side is shown."""

    id: Id = Field(description="Id of the dispute; also its file name.")
    title: Text = Field(description="The question the sources disagree on.")
    places: list[PlaceId] = Field(default_factory=_no_items, description="Ids of places the dispute is about.")
    actors: list[ActorId] = Field(default_factory=_no_items, description="Ids of actors the dispute is about.")
    events: list[EventId] = Field(default_factory=_no_items, description="Ids of events the dispute is about.")
    summary: Markdown | None = Field(default=None, description="A neutral note on the disagreement.")
    positions: list[Position] = Field(min_length=2, description="The sides: at least two.")


class Camp(Record):
    """A group of actors on the 'Who is who' page (an editorial grouping, neutral in its name)."""

    id: Id = Field(description="Id of the camp; also its file name.")
    name: Text = Field(description="Neutral name of the group.")
    description: Markdown | None = Field(default=None, description="What the group has in common.")
    order: int = Field(default=100, description="Position on the 'Who is who' page, lowest first.")


class Category(Record):
    """A kind of event (fighting, diplomacy, …), used to group and colour events."""

    id: Id = Field(description="Id of the category; also its file name.")
    name: Text = Field(description="Its name, as shown in legends.")
    description: Text | None = Field(default=None, description="What belongs in it.")
    order: int = Field(default=100, description="Position in lists and legends, lowest first.")
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = Field(
        default=None,
        description="Colour of its events on charts, as #RRGGBB; by default one of a colour-blind-safe palette.",
        examples=["#0072B2"],
    )


class PageTitles(Record):
    """Titles of the generated index pages, so that each topic can name them."""

    timeline: Text = Field(default="Timeline", description="Title of the chronological timeline page.")
    categories: Text = Field(default="Categories", description="Title of the index of the categories of events.")
    who_is_who: Text = Field(default="Who is who", description="Title of the page of actors grouped by camp.")
    places: Text = Field(default="Places", description="Title of the index of places.")
    zones: Text = Field(
        default="Agreements and zones", description="Title of the agreements page when an agreement sets up zones."
    )
    agreements: Text = Field(default="Agreements", description="Title of the agreements page when no agreement sets up zones.")
    control: Text = Field(default="Who held what", description="Title of the control history page.")
    map: Text = Field(default="Map of who held what", description="Title of the map of control at a chosen date.")
    sources: Text = Field(default="Sources", description="Title of the sources page.")
    disputes: Text = Field(default="Disputed claims", description="Title of the page of disagreements.")


def _bare_id(value: Any) -> Any:
    # A bare string is shorthand for an entry that gives only its id.
    return {"id": value} if isinstance(value, str) else value


def _string_or_mapping_schema(title: str, string_description: str, string_schema: dict[str, Any]) -> Any:
    """A schema hook: the entry may also be written as a bare string (its id, or its page)."""

    def hook(schema: dict[str, Any]) -> None:
        mapping = dict(schema)
        schema.clear()
        schema.update(
            {
                "title": title,
                "description": mapping.get("description", ""),
                "anyOf": [{**string_schema, "description": string_description}, mapping],
            }
        )

    return hook


class Kind(Record):
    """A kind of actor, place or agreement the topic uses, and how the site names it."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra=_string_or_mapping_schema("Kind", "The kind's id, also its label.", {"type": "string", "pattern": KIND_PATTERN}),
    )

    id: KindName = Field(description="What records write as their 'kind': lowercase words.", examples=["company"])
    label: Text | None = Field(
        default=None,
        description="How the site names the kind (after 'Kind' on a record's page, in lists); the id itself when left out.",
        examples=["construction company"],
    )
    heading: Text | None = Field(
        default=None,
        description=(
            "Heading of the records of this kind where the site groups them by kind (the index of places; Who is who"
            " when actors have no camps), whatever their number ('Companies'); when left out, the site's own words for"
            " a built-in kind of place ('Town' or 'Towns'), else the label."
        ),
        examples=["Companies"],
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return _bare_id(value)

    @property
    def shown(self) -> str:
        """The kind as the site writes it."""
        return self.label or self.id


class RelationKind(Record):
    """A kind of relation between two actors, and how it reads from each side."""

    id: KindName = Field(description="What a relation writes as its 'kind'.", examples=["supports"])
    forward: Text = Field(
        description="How it reads on the actor's own page: '<actor> supports <target>'.", examples=["supports"]
    )
    backward: Text = Field(
        description="How it reads on the target's page: '<target> supported by <actor>'.", examples=["supported by"]
    )


def _kinds(*ids: str) -> list[Kind]:
    return [Kind(id=kind) for kind in ids]


class Vocabulary(Record):
    """The kinds of record a topic uses and how the site names them; by default, those of a conflict's explainer."""

    actor_kinds: list[Kind] = Field(
        default_factory=lambda: _kinds(
            "state", "government", "armed forces", "armed group", "militia", "ministry", "international body",
            "person", "news agency", "other",
        ),
        min_length=1,
        description="The kinds of actor, in the order the site lists them. Each is an id, or {id, label}.",
    )
    place_kinds: list[Kind] = Field(
        default_factory=lambda: _kinds(
            "country", "province", "region", "city", "town", "district", "village", "airbase", "road", "other"
        ),
        min_length=1,
        description="The kinds of place, in the order of their groups on the index of places. Each is an id, or {id, label, heading}.",
    )
    agreement_kinds: list[Kind] = Field(
        default_factory=lambda: _kinds("memorandum", "deal", "ceasefire", "meeting", "treaty", "other"),
        min_length=1,
        description="The kinds of agreement. Each is an id, or {id, label}.",
    )
    relation_kinds: list[RelationKind] = Field(
        default_factory=lambda: [
            RelationKind(id=kind, forward=forward, backward=backward)
            for kind, forward, backward in (
                ("supports", "supports", "supported by"),
                ("fights", "fights", "fought by"),
                ("part of", "part of", "includes"),
                ("leads", "leads", "led by"),
                ("allied with", "allied with", "allied with"),
                ("reports for", "reports for", "reported for by"),
            )
        ],
        min_length=1,
        description="The kinds of relation between actors, each with how it reads from both sides: {id, forward, backward}.",
    )
    camps: bool = Field(
        default=True,
        description=(
            "true when 'Who is who' groups actors in camps (site_data/camps/; every actor names its camp);"
            " false when the topic has no camps: actors are then listed by kind."
        ),
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> "Vocabulary":
        for name in ("actor_kinds", "place_kinds", "agreement_kinds", "relation_kinds"):
            ids = [kind.id for kind in getattr(self, name)]
            twice = sorted({kind for kind in ids if ids.count(kind) > 1})
            if twice:
                raise ValueError(f"'{name}' declares {choices(twice)} twice; keep one of each")
        return self

    def kind_ids(self, table: str) -> list[str]:
        """The ids of ``actor_kinds``, ``place_kinds``, ``agreement_kinds`` or ``relation_kinds``, in order."""
        return [kind.id for kind in getattr(self, table)]

    def label(self, table: str, kind_id: str) -> str:
        """How the site names a kind of ``actor_kinds``, ``place_kinds`` or ``agreement_kinds``."""
        return self.kind(table, kind_id).shown

    def kind(self, table: str, kind_id: str) -> Kind:
        """The entry of a kind of ``actor_kinds``, ``place_kinds`` or ``agreement_kinds``."""
        kinds: list[Kind] = getattr(self, table)
        return next(kind for kind in kinds if kind.id == kind_id)

    def relation_phrases(self, kind_id: str) -> tuple[str, str]:
        """How a relation of this kind reads from its actor's page and from its target's page."""
        kind = next(kind for kind in self.relation_kinds if kind.id == kind_id)
        return kind.forward, kind.backward


DEFAULT_VOCABULARY = Vocabulary()
"""The vocabulary of a topic whose site.yaml declares none (and of records validated without a topic)."""

#: A hand-written page: its path under content/, a Markdown file.
CONTENT_PAGE_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.md$"

ContentPage = Annotated[
    str,
    StringConstraints(pattern=CONTENT_PAGE_PATTERN, max_length=300),
    Field(examples=["method.md", "articles/the-bridge-case.md"]),
]
"""The path of a hand-written Markdown page under content/."""


class NavEntry(Record):
    """A hand-written page in the navigation, or a titled section of them."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra=_string_or_mapping_schema(
            "NavEntry", "A page's path under content/ (its title comes from the page).", {"type": "string", "pattern": CONTENT_PAGE_PATTERN}
        ),
    )

    page: ContentPage | None = Field(
        default=None, description="A page's path under content/; its title comes from the page (front matter, or its first heading)."
    )
    section: Text | None = Field(default=None, description="The title of a section of pages.", examples=["Articles"])
    pages: list[ContentPage] = Field(default_factory=_no_items, description="The section's pages, in order.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"page": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _page_or_section(self) -> "NavEntry":
        if self.page is not None and (self.section is not None or self.pages):
            raise ValueError("an entry is either a page or a section ('section' and its 'pages'), not both")
        if self.page is None and (self.section is None or not self.pages):
            raise ValueError("a section needs its title ('section') and its 'pages'")
        return self

    @property
    def paths(self) -> list[str]:
        return [self.page] if self.page is not None else list(self.pages)


class Site(Record):
    """The topic of the site: its name, description, language, vocabulary, pages and the names of its index pages."""

    title: Text = Field(description="Title of the explainer: the site's name, in every page's title and header.")
    description: Text | None = Field(
        default=None,
        description="One sentence on what the site is, for search engines and link previews (each page's meta description).",
        examples=["How a city built its new river bridge, and the court case about it, as three newspapers reported it."],
    )
    intro: Markdown = Field(description="What the explainer is about and where to start, for the home page.")
    titles: PageTitles = Field(default_factory=PageTitles, description="Titles of the generated index pages.")
    pages: list[NavEntry] = Field(
        default_factory=_no_items,
        description=(
            "The hand-written pages of content/, in the order the navigation lists them (after the generated pages):"
            " each a path, or a section {section: title, pages: [paths]}. Every page of content/ is listed once."
        ),
    )
    vocabulary: Vocabulary = Field(
        default_factory=Vocabulary,
        description="The kinds of actor, place, agreement and relation the topic uses, and whether actors are grouped in camps.",
    )
    loaded_terms: list[Text] = Field(
        default_factory=_no_items,
        description=(
            "Words that carry a judgement ('regime', 'massacre'): in the site's own voice (titles, names, summaries,"
            " descriptions, notes) they may appear only inside quotation marks, attributed to a source."
        ),
        examples=[["regime", "massacre", "liberated"]],
    )
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = Field(
        default="en",
        description=(
            "Language of the site's own words, as a BCP 47 tag: which catalogue of scripts/explainer/locale/ gives"
            " its headings, count phrases and plurals, how numbers are written, and the pages' language and direction."
        ),
        examples=["en"],
    )


SITE_FILE = "site.yaml"
SCHEMA_FOLDER = "schemas"
"""The folder of ``site_data/`` where ``explainer schema`` writes the records' JSON Schemas (not records)."""
