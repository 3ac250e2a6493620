"""A topic's own expectations (its ``site_data/expectations.yaml``), checked for whatever topic is there.

One generic module: nothing here names a record of any topic. It runs on the repository's topic
(``site_data/`` and ``content/``) and on the fixture topics (``tests/fixtures/syria/``, the topic the
repository first shipped, and ``tests/fixtures/bridge/``, unlike it), each built once a session with the
repository's own ``mkdocs.yml`` and templates (the repository's topic shares the build of a fixture it is
byte for byte). A pull request that replaces the topic brings its expectations in ``site_data/`` and
changes no test. (The reader's searches are checked in a browser: ``tests/browser/test_bundled_site_in_browser.py``.)
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, TOPICS, TopicBuilds
from explainer.aliases import alias_groups
from explainer.attribution import quoted_text
from explainer.coverage import uncovered_sentences
from explainer.dataset import Dataset
from explainer.derive import build_index, zone_events
from explainer.expectations import Expectations, load_expectations
from explainer.kinds import KINDS_BY_FOLDER, walk
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.model import Claim
from explainer.quotes import normalise_space
from explainer.validate import data_warnings

#: Where the seed articles are, beside the checkout (archived_copies).
SEEDS = ROOT.parent / "shared" / "seeds"
#: mkdocs.yml's site_name, which the topic's title always replaces.
PLACEHOLDER = "(the title of site_data/site.yaml)"


@dataclass(frozen=True)
class Topic:
    name: str
    data: Dataset
    expected: Expectations
    site: Path
    """The built site."""


@pytest.fixture(scope="module", params=sorted(TOPICS))
def topic(request: pytest.FixtureRequest, topic_builds: TopicBuilds) -> Topic:
    data_dir, _ = TOPICS[request.param]
    site = topic_builds(request.param).site
    return Topic(request.param, load_dataset(data_dir), load_expectations(data_dir), site)


def visible_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return normalise_space(htmllib.unescape(text))


def page_file(site: Path, address: str) -> Path:
    return site / address.split("#")[0] / "index.html"


# --- the topic's own expectations -----------------------------------------------------------------------


def test_the_archived_copies_are_the_seed_files(topic: Topic):
    if not topic.expected.archived_copies:
        pytest.skip("the topic names no seed file")
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not beside this checkout")
    for source_id, seed in topic.expected.archived_copies.items():
        archived = topic.data.root / "sources" / topic.data.sources[source_id].archived_text
        assert archived.read_bytes() == (SEEDS / seed).read_bytes(), source_id


def test_every_sentence_of_the_covered_sources_is_quoted(topic: Topic):
    index = build_index(topic.data)
    assert topic.expected.covered_sources, "the topic's expectations name the sources it quotes in full"
    for source_id in topic.expected.covered_sources:
        assert uncovered_sentences(topic.data, index, source_id) == [], source_id


def test_the_pages_show_what_they_must(topic: Topic):
    for expected in topic.expected.pages:
        text = visible_text(page_file(topic.site, expected.page))
        assert [found for found in expected.contains if normalise_space(found) not in text] == [], expected.page
        assert [found for found in expected.lacks if normalise_space(found) in text] == [], expected.page


def test_the_home_page_calls_to_read_the_article_expected(topic: Topic):
    if topic.expected.read_first is None:
        pytest.skip("the topic names no article to read first")
    home = (topic.site / "index.html").read_text(encoding="utf-8")
    calls = re.findall(r'<p class="ex-home-start"><a class="ex-home-button" href="([^"]*)">', home)
    assert calls == [topic.expected.read_first]


def test_inferred_dates_stay_as_worked_out(topic: Topic):
    for expected in topic.expected.inferred_dates:
        record = topic.data.events.get(expected.record) or topic.data.agreements[expected.record]
        assert record.date_inferred is not None and record.date_inferred.phrase == expected.phrase, expected.record
        assert str(record.date) == expected.date, expected.record


def test_search_weighs_the_names_as_titles(topic: Topic):
    from explainer.search import indexed_pages

    pages = {page.url: page for page in indexed_pages(topic.site)}
    for expected in topic.expected.search_names:
        page = pages["/" + expected.page]
        assert expected.name in f"{page.title}; {page.names}", expected  # the parts the index weighs as a title


def test_the_speakers_are_credited_with_quoted_words_only(topic: Topic):
    if topic.expected.speakers is None:
        pytest.skip("the topic does not list its speakers")
    credited = []
    for folder in ("events", "actors", "agreements", "places", "disputes"):
        for record in topic.data.records(KINDS_BY_FOLDER[folder]).values():
            for _, part in walk(record):
                if isinstance(part, Claim) and part.speaker:
                    assert quoted_text(topic.data.texts[part.source]).quotes(part.quote), part.quote
                    credited.append((part.speaker, part.quote))
    assert sorted(set(credited)) == sorted((speaker.speaker, speaker.quote) for speaker in topic.expected.speakers)


def test_the_editors_spellings_are_marked_as_theirs(topic: Topic):
    for record_id, spellings in topic.expected.editors_spellings.items():
        record = next(table[record_id] for table in (topic.data.actors, topic.data.places, topic.data.agreements) if record_id in table)
        assert [view.name for view in alias_groups(topic.data, record.name, record.aliases).editors] == spellings


def test_reporting_actors_take_no_part_in_events(topic: Topic):
    reporters = set(topic.expected.reporting_actors)
    assert reporters <= set(topic.data.actors)
    for event in topic.data.events.values():
        assert reporters.isdisjoint(event.actors), event.id
        assert reporters.isdisjoint(claim.speaker for claim in event.claims), event.id


def test_unplaced_events_are_under_no_place_and_in_no_zone(topic: Topic):
    index = build_index(topic.data)
    for event_id in topic.expected.unplaced_events:
        event = topic.data.events[event_id]
        assert event.places == [] and event.control_changes == [], event_id
        assert all(event not in events for events in index.events_by_place.values()), event_id
        for agreement in topic.data.agreements.values():
            for zone in agreement.zones:
                assert event not in zone_events(index, agreement, zone), (event_id, zone.id)


def test_the_warnings_are_those_expected(topic: Topic):
    assert [str(warning) for warning in data_warnings(topic.data)] == topic.expected.warnings


# --- what holds of every topic -----------------------------------------------------------------------------


def test_every_claim_is_on_the_built_site(topic: Topic):
    data, site = topic.data, topic.site
    layout = event_layout(build_index(data))
    pages: dict[Path, str] = {}
    for folder in ("events", "actors", "places", "agreements"):
        for record_id, record in data.records(KINDS_BY_FOLDER[folder]).items():
            if folder == "events":
                page = site / layout.page_of[record_id].removesuffix(".md") / "index.html"
            else:
                page = site / folder / record_id / "index.html"
            pages[page] = pages.get(page) or visible_text(page)
            for _, part in walk(record):
                if isinstance(part, Claim):
                    assert normalise_space(part.quote) in pages[page], f"{record_id}: {part.quote}"
    if data.disputes:
        disputes = visible_text(site / "disputes" / "index.html")
        for dispute in data.disputes.values():
            for position in dispute.positions:
                for claim in position.claims:
                    assert normalise_space(claim.quote) in disputes
    for source_id in data.sources:
        text = visible_text(site / "sources" / source_id / "index.html")
        for citation in build_index(data).citations_by_source[source_id]:
            assert normalise_space(citation.claim.quote) in text


def test_each_speakers_words_are_credited_once(topic: Topic):
    credited = [
        (part.speaker, part.source, part.quote)
        for folder in ("events", "actors", "places", "agreements", "disputes")
        for record in topic.data.records(KINDS_BY_FOLDER[folder]).values()
        for _, part in walk(record)
        if isinstance(part, Claim) and part.speaker
    ]
    assert sorted(credited) == sorted(set(credited))


def test_a_name_or_title_does_not_state_an_inferred_year(topic: Topic):
    """A name such as "Ceasefire of 12 January 2020" would give as the source's a year that the editors inferred."""
    for record in [*topic.data.events.values(), *topic.data.agreements.values()]:
        if record.date_inferred is None or record.date is None:
            continue
        name = record.title if hasattr(record, "title") else record.name
        for point in record.date.points:
            if str(point.year) not in record.date_inferred.phrase:
                assert str(point.year) not in name, record.id


def test_the_site_is_named_by_its_topic_and_never_by_the_placeholder(topic: Topic):
    title = topic.data.site.title
    pages = sorted(topic.site.rglob("*.html"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert PLACEHOLDER not in htmllib.unescape(text), path
        found = re.search(r"<title>(.*?)</title>", text, re.S)
        relative = path.relative_to(topic.site).as_posix()
        if found is not None and not relative.startswith(("embed/", "events/")):  # the theme's pages
            shown = htmllib.unescape(found.group(1))
            assert shown == title or shown.endswith(f" - {title}"), (path, shown)
    home = (topic.site / "index.html").read_text(encoding="utf-8")
    description = topic.data.site.description
    if description is not None:
        assert f'<meta name="description" content="{htmllib.escape(description)}">' in home
