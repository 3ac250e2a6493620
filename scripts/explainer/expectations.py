"""A topic's own expectations of its site: ``site_data/expectations.yaml``.

What a topic's editors promise about the site built from their data, beside the data: the reader's
searches and the page each must find, the names search must weigh as titles, the articles every
sentence of which a claim quotes, texts that must (or must not) be on a page, dates worked out from
relative phrases, and the like. The test suite checks them with one generic module
(``tests/test_topic_expectations.py``, and the reader's searches in the browser tests) for whatever topic
is in ``site_data/``: a pull request for a new topic brings its own expectations and changes no test.

The file is data like the rest of ``site_data/``: read strictly (:mod:`explainer.yamlstrict`), typed here,
and given a JSON Schema (``explainer schema``). ``explainer check`` reads it too, so that a mistake in it
shows before the tests run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints

from .errors import DataError, Problem, display_path
from .model import Id, Quote, Record, Text
from .records import record_from_document
from .yamlstrict import load_yaml_file

EXPECTATIONS_FILE = "expectations.yaml"

#: An address of the built site from its root: a page ("places/riverton/", "" for the home page), or a
#: section of one ("timeline/2020/#event-id").
SITE_ADDRESS_PATTERN = r"^(?:[a-z0-9][a-z0-9._-]*/)*(?:#[a-z0-9][a-z0-9-]*)?$"

SiteAddress = Annotated[
    str,
    StringConstraints(pattern=SITE_ADDRESS_PATTERN, max_length=300),
    Field(examples=["places/north-district/", "timeline/2019/#council-approves-bridge-2019"]),
]
"""A page (or a section of one) of the built site, as its address from the site's root."""

#: A file name in the seed folder beside the checkout.
SEED_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$"


class Search(Record):
    """A reader's search and the page it must find."""

    query: Text = Field(description="What a reader types into the search box, key by key.", examples=["bridge"])
    page: SiteAddress = Field(description="The page (or section) that must be among the first three results.")
    first: bool = Field(
        default=False, description="Whether the page must be the first result, not only among the first three."
    )


class SearchName(Record):
    """A name that search must weigh as a page's title (the page's name, or one of its other names)."""

    name: Text = Field(description="The name, as a reader would type it.", examples=["the Old Town bridge"])
    page: SiteAddress = Field(description="The page whose title or other names hold it.")


class PageText(Record):
    """Texts that must be on a page of the built site, and texts that must not."""

    page: SiteAddress = Field(description="The page.")
    contains: list[Quote] = Field(default_factory=list, description="Texts the page's visible text must contain.")
    lacks: list[Quote] = Field(default_factory=list, description="Texts the page's visible text must not contain.")


class InferredDate(Record):
    """A date the editors worked out from a source's relative phrase, as it must stay recorded."""

    record: Id = Field(description="Id of the event or agreement whose date is inferred.")
    phrase: Quote = Field(description="The source's relative phrase ('date_inferred.phrase').", examples=["on Tuesday"])
    date: Text = Field(description="The EDTF date of the record that infers it, as written.", examples=["2019-05-14"])


class Speaker(Record):
    """Words a source quotes and credits to an actor: every such credit of the topic is listed."""

    speaker: Id = Field(description="Id of the actor credited.")
    quote: Quote = Field(description="The quote, as the claim gives it.")


class Expectations(Record):
    """What a topic's site must show and find: checked by the test suite for whatever topic is in site_data/."""

    record_kind: ClassVar[str] = "expectations"
    searches: list[Search] = Field(
        default_factory=list,
        description="The reader's searches: each query must put its page among the first three results (a browser test).",
    )
    unmatched_searches: list[Text] = Field(
        default_factory=list,
        description=(
            "Queries whose words no page holds (a name no source mentions, a word only the editors' notes use):"
            " the search box must list nothing and say 'No page mentions “<query>”.' (a browser test)."
        ),
        examples=[["harbour tunnel"]],
    )
    read_first: SiteAddress | None = Field(
        default=None,
        description=(
            "The article the home page's call to read opens ('Read first: …'), by its address; leave out to not"
            " check (a topic without articles has no such call: say so with a page's 'lacks')."
        ),
        examples=["articles/the-bridge-case/"],
    )
    search_names: list[SearchName] = Field(
        default_factory=list, description="Names the search index must weigh as a page's title (its name or other names)."
    )
    covered_sources: list[Id] = Field(
        default_factory=list,
        description="Sources every sentence of which some claim quotes (page furniture aside): `explainer coverage` finds no gap.",
    )
    pages: list[PageText] = Field(default_factory=list, description="Texts that must, or must not, be on a page.")
    inferred_dates: list[InferredDate] = Field(
        default_factory=list, description="Dates worked out from a relative phrase, and the date each must be."
    )
    speakers: list[Speaker] | None = Field(
        default=None,
        description="Every actor credited with words a source quotes, and the words: exactly these (leave out to not check).",
    )
    editors_spellings: dict[Id, list[Text]] = Field(
        default_factory=dict,
        description="For a place, actor or agreement (by id), the other names no archived text has: the editors' own, in order.",
    )
    reporting_actors: list[Id] = Field(
        default_factory=list,
        description="Actors that report events and take no part in them: never an event's actor, nor its speaker.",
    )
    unplaced_events: list[Id] = Field(
        default_factory=list,
        description="Events no source places: listed under no place and in no zone.",
    )
    warnings: list[Text] = Field(
        default_factory=list, description="The warnings `explainer check` prints for the data, exactly (none by default)."
    )
    archived_copies: dict[Id, Annotated[str, StringConstraints(pattern=SEED_NAME_PATTERN)]] = Field(
        default_factory=dict,
        description=(
            "Sources whose archived text must be byte for byte a file of the seed folder beside the checkout"
            " (../shared/seeds/), by source id; checked where that folder exists."
        ),
    )


def load_expectations(data_dir: Path, display_root: Path | None = None) -> Expectations:
    """The topic's expectations (none when it has no expectations.yaml); a :class:`DataError` when the file is wrong."""
    path = Path(data_dir) / EXPECTATIONS_FILE
    if not path.exists():
        return Expectations()
    if path.is_symlink() or not path.is_file():
        raise DataError([Problem(display_path(path, display_root), 1, 1, "expectations.yaml must be a regular file")])
    doc, problems = load_yaml_file(path, display_path(path, display_root))
    if doc is None:
        raise DataError(problems)
    record, found = record_from_document(doc, Expectations)
    if found or problems or record is None:
        raise DataError(problems + found)
    assert isinstance(record, Expectations)
    return record
