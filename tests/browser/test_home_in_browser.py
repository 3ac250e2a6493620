"""The home page of the Syria fixture topic's site as a reader sees it on a desktop (1280 px) and on a phone
(390 px): where things stand, the map and the timeline within the first two screens, nothing wider than the
screen, what a reader taps at least 44 px high, and the article to read first one tap away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import Server, Watch

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
#: What a reader taps on the home page, other than links inside sentences (WCAG 2.5.8 leaves those to the text).
TAPPED = ".ex-home-start a, .ex-home-more a, .ex-home-latest li a, .ex-home-articles a, .ex-home-reference a"


@pytest.fixture(params=sorted(VIEWPORTS))
def reader(request, page, watch: Watch, syria: Server):
    width, height = VIEWPORTS[request.param]
    watch.allowed[:] = [syria.url]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(syria.url, wait_until="load")
    return page


def top_of(page, selector: str) -> float:
    """Where an element starts, from the top of the page, in CSS pixels (it must be shown)."""
    element = page.locator(selector).first
    assert element.is_visible(), selector
    return element.evaluate("element => element.getBoundingClientRect().top + window.scrollY")


def test_the_lede_the_map_and_the_timeline_come_first(reader):
    screen = reader.viewport_size["height"]
    lede = reader.locator(".ex-home-lede")
    assert lede.locator("h2").inner_text() == "Where things stand¶"  # with its permalink
    assert "At the last report:" in lede.inner_text()
    assert top_of(reader, "#where-things-stand") < screen  # in the first screen
    assert top_of(reader, ".ex-home-start a") < 2 * screen  # what to read first
    assert top_of(reader, ".ex-home-map svg.ex-map-svg") < 2 * screen
    assert top_of(reader, ".ex-home-timeline .ex-chart") < 2 * screen
    # The pictures are drawn: the map's places and the timeline's static preview, with a size.
    assert reader.locator(".ex-home-map a.ex-map-place").count() > 0
    for selector in (".ex-home-map svg.ex-map-svg", ".ex-home-timeline .ex-chart"):
        box = reader.locator(selector).first.bounding_box()
        assert box is not None and box["width"] > 250 and box["height"] > 250, selector


def test_nothing_is_wider_than_the_screen(reader):
    width = reader.viewport_size["width"]
    assert reader.evaluate("document.documentElement.scrollWidth") == width
    wider = reader.evaluate(
        """width => [...document.querySelectorAll('.md-content *')]
            .filter(element => element.getBoundingClientRect().right > width + 0.5 && element.checkVisibility())
            .map(element => element.tagName + '.' + element.className)""",
        width,
    )
    assert wider == []


def test_what_a_reader_taps_is_at_least_44_pixels_high(reader):
    targets = reader.locator(TAPPED)
    assert targets.count() >= 15  # the call to read, the map's and the timeline's links, 5 events, the pages
    small = targets.evaluate_all(
        "elements => elements.map(element => [element.textContent.trim(), element.getBoundingClientRect().height])"
        ".filter(([text, height]) => height < 44)"
    )
    assert small == []


def test_the_article_to_read_first_is_one_tap_away(reader, syria: Server):
    button = reader.locator(".ex-home-start a")
    assert button.inner_text() == "Read first: The offensive on Idlib province up to January 2020"
    button.click()
    reader.wait_for_url(syria.url + "articles/idlib-offensive-2019-2020/")
    # Material's instant navigation changes the address, then the page: wait for the page.
    expect(reader.locator("h1").first).to_have_text("The offensive on Idlib province up to January 2020¶")
    reader.go_back()
    expect(reader.locator("h1").first).to_have_text("The war in north-west Syria")
    card = reader.locator(".ex-home-articles a")
    assert card.locator(".ex-home-article-description").inner_text().startswith("The Syrian government offensive on Idlib province")
    card.click()
    reader.wait_for_url(syria.url + "articles/idlib-offensive-2019-2020/")
    expect(reader.locator("h1").first).to_have_text("The offensive on Idlib province up to January 2020¶")
