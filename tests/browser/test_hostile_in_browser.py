"""Injected payloads do not run in a real browser: on pages, in a chart's hover, in an embed; forged resize messages fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.conftest import Server, built_and_served, draw
from conftest import make_project

PWNED = "window.__pwned = 1"
TITLE = f"<img src=x onerror=\"{PWNED}\"><script>{PWNED}</script> Guard & Riverton"
ALIAS = f"Riverton <img src=x onerror=\"{PWNED}\"> & <b>co</b>"
SUMMARY = f"Took it. <script>{PWNED}</script> [x](javascript:{PWNED}) <a href=\"#\" onclick=\"{PWNED}\">y</a>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import json

    project = make_project(tmp_path_factory.mktemp("hostile-browser"))
    event = project / "site_data" / "events" / "guard-takes-riverton.yaml"
    text = event.read_text().replace("title: Northern Guard takes Riverton", f"title: {json.dumps(TITLE)}")
    text = text.replace("summary: >-", f"summary: {json.dumps(SUMMARY)}\nx: >-")
    text = text.replace("x: >-\n  The [Northern Guard](actor:northern-guard) took control of\n  [Riverton](place:riverton) from the Valley Front.\n", "")
    event.write_text(text)
    place = project / "site_data" / "places" / "riverton.yaml"
    place.write_text(place.read_text().replace("  - Rivertown\n", f"  - Rivertown\n  - {json.dumps(ALIAS)}\n"))
    report = project / "content" / "report.md"
    report.write_text(report.read_text() + f"\n<script>{PWNED}</script>\n\n<img src=\"https://evil.example/x.png\" onerror=\"{PWNED}\">\n")
    with built_and_served(project) as server:
        yield server


def _not_pwned(page) -> None:
    assert page.evaluate("window.__pwned") is None


@pytest.fixture
def on_hostile(page, watch, hostile):
    watch.allowed.append(hostile.url)
    return page


def _hover_the_hostile_event(page) -> None:
    """Show the hover label of the hostile event's mark (its neighbours are too close for a mouse)."""
    found = page.evaluate(
        """() => {
            const chart = document.querySelector('.ex-chart');
            for (const [curveNumber, trace] of chart.data.entries()) {
                const pointNumber = (trace.customdata || []).findIndex(row => row[0].endsWith('#guard-takes-riverton'));
                if (pointNumber >= 0) {
                    Plotly.Fx.hover(chart, [{curveNumber, pointNumber}]);
                    return true;
                }
            }
            return false;
        }"""
    )
    assert found
    page.wait_for_selector(".hoverlayer .hovertext")
    # The payload is shown as the text it is: no image, no link in the hover label.
    assert "<img src=x" in page.locator(".hoverlayer").text_content()
    assert "Guard & Riverton" in page.locator(".hoverlayer").text_content()
    assert page.locator(".hoverlayer image, .hoverlayer a").count() == 0


def test_a_payload_does_not_run_on_the_page(on_hostile, hostile):
    page = on_hostile
    for path in ("events/guard-takes-riverton.html", "timeline/2020/", "timeline/", "report/", ""):
        page.goto(hostile.url + path, wait_until="networkidle")
        _not_pwned(page)
    # The permalink leads to the event's section, whose title is shown as the text it is.
    page.goto(hostile.url + "events/guard-takes-riverton.html")
    page.wait_for_url(hostile.url + "timeline/2020/#guard-takes-riverton")
    assert TITLE in page.locator("#guard-takes-riverton").inner_text()
    _not_pwned(page)


def test_a_payload_does_not_run_in_a_charts_hover(on_hostile, hostile):
    page = on_hostile
    page.goto(hostile.url + "timeline/")
    draw(page)
    _hover_the_hostile_event(page)
    _not_pwned(page)


def test_a_payload_does_not_run_in_an_embed(on_hostile, hostile):
    page = on_hostile
    page.goto(hostile.url + "embed/timeline/")
    draw(page)
    _hover_the_hostile_event(page)
    _not_pwned(page)
    assert page.locator("details.ex-chart-data table").inner_html().count("&lt;script&gt;") >= 1


def test_a_payload_does_not_run_in_search_results(on_hostile, hostile):
    """Search results show titles and a place's other names (Material's "tags") as HTML: they stay text."""
    page = on_hostile
    page.goto(hostile.url)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Riverton", delay=20)
    result = page.locator(".md-search-result__item").filter(has=page.locator(".md-tag", has_text="& <b>co</b>")).first
    result.wait_for()
    assert page.locator(".md-search-result img, .md-search-result b").count() == 0
    assert result.locator(".md-tag", has_text="onerror").first.text_content() == ALIAS
    page.locator(".md-search__input").fill("Guard")
    page.locator(".md-search-result__article", has_text="<script>").first.wait_for()
    _not_pwned(page)


def test_forged_resize_messages_are_ignored(page, site, host):
    page.goto(host.url + "article.html")
    draw(page.frame_locator("#embed"))
    page.wait_for_function("parseFloat(document.getElementById('embed').style.height) > 400")
    height = page.evaluate("document.getElementById('embed').style.height")
    frame = next(f for f in page.frames if f.url.startswith(site.url + "embed/"))
    forged = [
        "{type: 'explainer:height', height: 1e9}",
        "{type: 'explainer:height', height: Infinity}",
        "{type: 'explainer:height', height: NaN}",
        "{type: 'explainer:height', height: -500}",
        "{type: 'explainer:height', height: 50}",
        "{type: 'explainer:height', height: '900px'}",
        "{type: 'explainer:height', height: '900'}",
        "{type: 'other', height: 900}",
        "'explainer:height 900'",
        "{type: 'explainer:height', height: [900]}",
    ]
    for message in forged:
        frame.evaluate(f"window.parent.postMessage({message}, '*')")
    # A message of the right shape from the host page itself, not from the frame.
    page.evaluate("window.postMessage({type: 'explainer:height', height: 900}, '*')")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('embed').style.height") == height
    # The frame's own well-formed message is still obeyed.
    frame.evaluate("window.parent.postMessage({type: 'explainer:height', height: 901}, '*')")
    page.wait_for_function("document.getElementById('embed').style.height === '901px'")


def test_a_message_resizes_only_the_frame_that_sent_it(page, site, host, tmp_path: Path):
    page.goto(host.url + "article.html")
    page.evaluate(
        """src => {
            const second = document.createElement('iframe');
            second.id = 'second';
            second.src = src;
            second.setAttribute('sandbox', 'allow-scripts');
            second.style.height = '150px';
            document.body.appendChild(second);
        }""",
        site.url + "embed/control/",
    )
    page.wait_for_function("parseFloat(document.getElementById('second').style.height) > 200")
    # The first frame's own message (its height) has arrived too: what follows must leave it as it is.
    page.wait_for_function("parseFloat(document.getElementById('embed').style.height) > 200")
    second = next(f for f in page.frames if f.url.startswith(site.url + "embed/control/"))
    first_height = page.evaluate("document.getElementById('embed').style.height")
    second.evaluate("window.parent.postMessage({type: 'explainer:height', height: 777}, '*')")
    page.wait_for_function("document.getElementById('second').style.height === '777px'")
    assert page.evaluate("document.getElementById('embed').style.height") == first_height
