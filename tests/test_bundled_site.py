"""The bundled topic: both articles fully covered, every claim on the built site, aliases searchable."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_mkdocs
from explainer.coverage import uncovered_sentences
from explainer.derive import build_index, zone_events
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.model import Claim
from explainer.quotes import normalise_space
from explainer.validate import data_warnings, walk

SEEDS = {
    "trt-world-2024-11-30": "000_18e2e2452dd0ccf5.txt",
    "memo-2020-01-29": "003_6013956efac13f87.txt",
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "site_data")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("bundled")
    for name in ("content", "templates", "site_data"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_the_archived_texts_are_the_seed_articles(dataset):
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seed articles are not beside this checkout")
    for source_id, seed in SEEDS.items():
        archived = ROOT / "site_data" / "sources" / dataset.sources[source_id].archived_text
        assert archived.read_bytes() == (seeds / seed).read_bytes()


def test_every_sentence_of_both_articles_is_quoted(dataset):
    index = build_index(dataset)
    assert set(dataset.sources) == set(SEEDS)
    for source_id in SEEDS:
        assert uncovered_sentences(dataset, index, source_id) == [], source_id


def test_the_disagreement_between_the_articles_is_kept(dataset):
    dispute = dataset.disputes["maarat-al-numan-size"]
    quotes = {claim.quote for position in dispute.positions for claim in position.claims}
    assert any("the largest town in Idlib province" in quote for quote in quotes)
    assert any("the second largest town in Idlib province" in quote for quote in quotes)


def test_relative_dates_are_marked_inferred(dataset):
    phrases = {event.date_inferred.phrase: str(event.date) for event in dataset.events.values() if event.date_inferred}
    assert phrases["on Saturday"] == "2024-11-30"
    assert phrases["Yesterday’s advancement"] == "2020-01-28"
    # Still going when MEMO wrote ("has led a campaign"): an open end, not the publication date as an end.
    assert phrases["Since April last year"] == "2019-04/.."
    assert phrases["since November 27"] in ("2024-11-27", "2024-11-27/2024-11-30")


def _visible_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return normalise_space(htmllib.unescape(text))


def test_every_claim_is_on_the_built_site(dataset, site: Path):
    layout = event_layout(build_index(dataset))
    pages = {}
    for folder in ("events", "actors", "places", "agreements"):
        for record_id, record in getattr(dataset, folder).items():
            if folder == "events":
                page = site / layout.page_of[record_id].removesuffix(".md") / "index.html"
            else:
                page = site / folder / record_id / "index.html"
            pages[page] = pages.get(page) or _visible_text(page)
            for _, part in walk(record):
                if isinstance(part, Claim):
                    assert normalise_space(part.quote) in pages[page], f"{record_id}: {part.quote}"
    disputes = _visible_text(site / "disputes" / "index.html")
    for dispute in dataset.disputes.values():
        for position in dispute.positions:
            for claim in position.claims:
                assert normalise_space(claim.quote) in disputes
    for source_id in dataset.sources:
        text = _visible_text(site / "sources" / source_id / "index.html")
        for citation in build_index(dataset).citations_by_source[source_id]:
            assert normalise_space(citation.claim.quote) in text


@pytest.mark.parametrize(
    ("name", "location"),
    [
        ("Maarat al-Numan", "places/maarat-al-numan/"),
        ("Maarrat al-Numan", "places/maarat-al-numan/"),
        ("Ma'arrat al-Nu'man", "places/maarat-al-numan/"),
        ("Turkey", "actors/turkiye/"),
        ("Türkiye", "actors/turkiye/"),
        ("Shayrat", "places/shayrat-airbase/"),
    ],
)
def test_names_and_aliases_are_in_the_search_index(site: Path, name: str, location: str):
    from explainer.search import indexed_pages

    page = next(page for page in indexed_pages(site) if page.url == "/" + location)
    assert name in f"{page.title}; {page.names}"  # the parts the index weighs as a title


# --- what a fact-check of the bundled data found (issue 9), kept from coming back ---------------------------


def test_the_bundled_data_has_no_warnings(dataset):
    assert [str(warning) for warning in data_warnings(dataset)] == []


def test_a_news_agency_is_a_speaker_not_an_actor_of_events(dataset):
    agencies = {actor.id for actor in dataset.actors.values() if actor.kind == "news agency"}
    assert agencies == {"anadolu-agency", "sana"}
    for event in dataset.events.values():
        assert agencies.isdisjoint(event.actors), event.id
        assert agencies.isdisjoint(claim.speaker for claim in event.claims), event.id


def test_each_speakers_words_are_credited_once(dataset):
    credited = [
        (part.speaker, part.source, part.quote)
        for folder in ("events", "actors", "places", "agreements", "disputes")
        for record in dataset.table(folder).values()
        for _, part in walk(record)
        if isinstance(part, Claim) and part.speaker
    ]
    assert sorted(credited) == sorted(set(credited))


def test_a_name_or_title_does_not_state_an_inferred_year(dataset):
    """"Ceasefire of 12 January 2020" would give as MEMO's a year that the editors inferred."""
    for record in [*dataset.events.values(), *dataset.agreements.values()]:
        if record.date_inferred is None:
            continue
        name = record.title if hasattr(record, "title") else record.name
        for point in record.date.points:
            if str(point.year) not in record.date_inferred.phrase:
                assert str(point.year) not in name, record.id
    assert dataset.agreements["ceasefire-2020-01-12"].name == "Ceasefire of 12 January"


def test_a_finding_about_a_place_is_not_filed_under_it(dataset):
    """The Joint Investigation Mission's finding of October 2017 concerns an attack in Khan Sheikhoun of April 2017,
    before the Astana zones; TRT World does not say where it was made, so it is neither the town's nor the zone's."""
    finding = dataset.events["joint-investigation-mission-finding-2017"]
    assert finding.places == [] and finding.control_changes == []
    index = build_index(dataset)
    assert finding not in index.events_by_place.get("khan-sheikhoun", [])
    astana = dataset.agreements["astana-2017"]
    idlib_zone = next(zone for zone in astana.zones if zone.id == "idlib")
    assert finding not in zone_events(index, astana, idlib_zone)
