"""The bundled topic: both articles fully covered, every claim on the built site, aliases searchable."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_mkdocs
from explainer.coverage import uncovered_sentences
from explainer.derive import build_index
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.model import Claim
from explainer.quotes import normalise_space
from explainer.validate import walk

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
    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"] if doc["location"].startswith(location))
    assert name in htmllib.unescape(text)
