"""The site built by each engine, in Chromium: charts draw on a page and in an embed, search answers, and
no page logs an error (a policy violation included) or asks another host for anything.

MkDocs' own build is what every other browser test drives; here, ProperDocs' and Zensical's (each built
once per run: tests/engine_sites.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.conftest import Watch, draw
from engine_sites import EngineSite, engine_site


@pytest.fixture(scope="module", params=("properdocs", "zensical"))
def built(request: pytest.FixtureRequest, shared_folder: Path) -> EngineSite:
    return engine_site(request.param, shared_folder)


@pytest.fixture
def reader(page, watch: Watch, built: EngineSite) -> tuple[object, Watch]:
    watch.allowed[:] = [built.server.url]  # the engine's site only
    return page, watch


def test_the_timeline_draws_its_chart(reader, built: EngineSite):
    page, _ = reader
    page.goto(built.server.url + "timeline/", wait_until="networkidle")
    assert page.locator(".ex-chart svg.ex-preview-plot").count() == 1  # the preview, before Plotly
    draw(page)
    assert page.locator(".ex-chart .cartesianlayer .scatterlayer .point").count() > 0


def test_an_embed_draws_its_chart(reader, built: EngineSite):
    page, _ = reader
    page.goto(built.server.url + "embed/control-place-riverton/", wait_until="networkidle")
    draw(page)
    assert page.locator(".ex-chart .cartesianlayer .barlayer .point").count() > 0


def test_a_chart_of_a_hand_written_page_draws(reader, built: EngineSite):
    page, _ = reader
    page.goto(built.server.url + "report/", wait_until="networkidle")
    draw(page)


def test_search_finds_a_place_page(reader, built: EngineSite):
    page, _ = reader
    page.goto(built.server.url + "timeline/", wait_until="networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input:focus").wait_for()
    page.keyboard.type("Hillcrest", delay=30)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for(timeout=15000)
    assert first.get_attribute("href").endswith("places/hillcrest/")
