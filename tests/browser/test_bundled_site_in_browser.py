"""The repository's topic as its readers see it: every page, search as a reader types it, the keyboard, the dark
palette. Whatever the topic: what these tests expect of it comes from its data and its expectations.yaml.

The site is built from the repository's own mkdocs.yml, content and data, and
served on 127.0.0.1. Every page the browser opens is watched (see conftest):
a console error, an uncaught exception, a failed request or a request to
another host fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.conftest import CHART, Server, Watch, draw
from conftest import ROOT, TOPICS, TopicBuilds
from explainer.expectations import Search, load_expectations
from explainer.loader import load_dataset

#: The topic in site_data/, whatever it is: what these tests expect of its pages comes from its data.
TOPIC = load_dataset(ROOT / "site_data")
#: The index pages with a chart that the topic has: the timeline, and the control and zones pages when it has them.
CHART_PAGES = (
    ["timeline/"]
    + (["control/"] if any(event.control_changes for event in TOPIC.events.values()) or any(place.control_reports for place in TOPIC.places.values()) else [])
    + (["zones/"] if any(agreement.zones for agreement in TOPIC.agreements.values()) else [])
)


def _pages(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site)).removesuffix("index.html") for path in site.rglob("*.html"))


#: The site's pages are visited in this many shares, one test each, so that the suite's workers share them.
PAGE_SHARES = 2


def _charts_on(site: Path, path: str) -> int:
    """How many charts a page of the built site shows (an event's permalink shows none: it forwards)."""
    html = (site / (path if path.endswith(".html") else path + "index.html")).read_text(encoding="utf-8")
    return 0 if path.startswith("events/") else html.count('<div class="ex-chart" ')


def _first_embed_of_each_kind(paths: list[str]) -> set[str]:
    """The first embed page of each kind of chart or map ("embed/timeline-actor-russia/" is a timeline's)."""
    first: dict[str, str] = {}
    for path in paths:
        if path.startswith("embed/"):
            first.setdefault(path.split("/")[1].split("-")[0], path)
    return set(first.values())


# What a keyboard reaches that a screen reader is told is not there (inside aria-hidden): a chart's picture is
# hidden, and its key's names are buttons only once the chart is drawn, outside it.
HIDDEN_FOCUSABLE = """() => [...document.querySelectorAll(
    '[aria-hidden="true"] :is(a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])),'
    + ' [aria-hidden="true"]:is(a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]))')]
    .filter(node => !node.disabled && node.getClientRects().length && getComputedStyle(node).visibility !== 'hidden')
    .map(node => node.outerHTML.slice(0, 200))"""


@pytest.mark.parametrize("share", range(PAGE_SHARES))
def test_every_page_loads_without_an_error_or_a_request_elsewhere(reader, bundled: Server, watch: Watch, share: int):
    paths = _pages(bundled.root)
    assert {"", "timeline/", "embed/timeline/"} | {f"actors/{actor}/" for actor in TOPIC.actors} <= set(paths)
    # Every chart is on its page and on its embed page (charts/<id>.json: one per chart).
    assert sum(_charts_on(bundled.root, path) for path in paths) >= 2 * len(list((bundled.root / "charts").glob("*.json"))) > 0
    drawn_embeds = _first_embed_of_each_kind(paths)
    for path in paths[share::PAGE_SHARES]:
        reader.goto(bundled.url + path, wait_until="load")
        if path.startswith("events/"):  # an event's permalink: it forwards to the event's section
            anchor = "#" + path[len("events/") : -len(".html")]
            reader.wait_for_url(lambda url, anchor=anchor: "/timeline/" in url and anchor in url)
        # Each chart is drawn when a reader points at it: every one the page's HTML has. An embed shows a chart of
        # a page, drawn there from the same data: one embed of each kind of chart is drawn too, and every other
        # embed's chart must be armed (its script ran and waits for the reader).
        shown = reader.locator(".ex-chart").count()
        assert shown == _charts_on(bundled.root, path), path
        if path.startswith("embed/") and path not in drawn_embeds:
            reader.wait_for_function("n => document.querySelectorAll('.ex-chart[data-armed]').length === n", arg=shown)
        else:
            for _ in range(shown):
                draw(reader)
        assert reader.title(), path
        assert reader.evaluate(HIDDEN_FOCUSABLE) == [], path  # once its charts are drawn too
        assert watch.errors == [] and watch.foreign == [], path


# What a reader types, and the page that must be first or among the first three results (a page, or a section of
# one); and what no page answers: each topic's own expectations (its expectations.yaml), for the topic in
# site_data/, whatever it is, and for the fixture topic unlike the Syria one (built once a session, shared with
# the other tests that build it).
SEARCH_TOPICS = ("site_data", "bridge")
EXPECTED = {name: load_expectations(TOPICS[name][0]) for name in SEARCH_TOPICS}
SEARCHES = [pytest.param(name, search, id=f"{name}-{search.query}") for name in SEARCH_TOPICS for search in EXPECTED[name].searches]
UNMATCHED = [pytest.param(name, query, id=f"{name}-{query}") for name in SEARCH_TOPICS for query in EXPECTED[name].unmatched_searches]

TOP_THREE = """base => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')].slice(0, 3).map(
    item => [...item.querySelectorAll('a.md-search-result__link')].map(link => {
        const url = new URL(link.getAttribute('href'), document.baseURI);
        return url.href.slice(base.length).split(/[?#]/)[0] + url.hash;
    }))"""


def _search(page, watch: Watch, topic_builds: TopicBuilds, name: str, query: str) -> Server:
    """As a reader does, on the topic's site: the search shortcut, then the words, key by key."""
    server = topic_builds(name).served()
    watch.allowed.append(server.url)
    page.goto(server.url + "timeline/")
    page.keyboard.press("/")
    page.locator(".md-search__input:focus").wait_for()
    page.keyboard.type(query, delay=15)
    assert page.locator(".md-search__input").input_value() == query
    return server


@pytest.mark.parametrize(("name", "expected"), SEARCHES)
def test_search_puts_the_right_page_first_or_in_the_top_three(page, watch: Watch, topic_builds: TopicBuilds, name: str, expected: Search):
    server = _search(page, watch, topic_builds, name, expected.query)
    wanted = expected.page
    # The links of the first result (first: true), or of the first three.
    shown = f"({TOP_THREE})(base).slice(0, {1 if expected.first else 3})"
    try:
        page.wait_for_function(f"([base, wanted]) => {shown}.some(links => links.includes(wanted))", arg=[server.url, wanted], timeout=5000)
    except Exception:  # Playwright's TimeoutError: say what the reader saw instead
        where = "the first result" if expected.first else "in the top three results"
        pytest.fail(f"{expected.query!r}: {wanted} is not {where}: {page.evaluate(TOP_THREE, server.url)}")
    # The result opens the page.
    page.locator(".md-search-result__list > .md-search-result__item").locator(
        f"a.md-search-result__link[href*='{wanted.split('#')[0]}']"
    ).first.click()
    page.wait_for_url(lambda url: url.split("?")[0].split("#")[0] == server.url + wanted.split("#")[0])


@pytest.mark.parametrize(("name", "query"), UNMATCHED)
def test_a_query_no_page_answers_is_said_so(page, watch: Watch, topic_builds: TopicBuilds, name: str, query: str):
    _search(page, watch, topic_builds, name, query)
    page.wait_for_function(
        "query => { const box = document.querySelector('[data-ex-search]'); return box.dataset.query === query && box.dataset.state === 'done'; }",
        arg=query,
    )
    # The box's own words (in the site's language), with the query in place of "#"; and no result.
    said = page.locator("[data-ex-search]").get_attribute("data-none").replace("#", query)
    assert page.locator(".md-search-result__meta").first.text_content() == said
    assert page.locator(".md-search-result__list > .md-search-result__item").count() == 0


def _tab_to(page, condition: str, limit: int = 250) -> int:
    """Press Tab until the focused element meets ``condition`` (JavaScript, given ``element``); how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {condition})(document.activeElement)"):
            return presses
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_the_keyboard_alone_reaches_the_timeline_and_a_charts_data_table(reader, bundled: Server):
    reader.goto(bundled.url)
    # Material's first stop is its "Skip to content" link; the navigation follows.
    assert _tab_to(reader, "element.classList.contains('md-skip')") == 1
    _tab_to(reader, f"element.href === {bundled.url + 'timeline/'!r}")
    reader.keyboard.press("Enter")
    reader.wait_for_url(bundled.url + "timeline/")
    # The chart itself takes the focus (its arrows move in time), then its data table opens with Enter.
    _tab_to(reader, "element.classList.contains('ex-chart')")
    reader.locator(CHART).first.wait_for()  # focus draws it
    _tab_to(reader, "element.matches('details.ex-chart-data > summary')")
    reader.keyboard.press("Enter")
    table = reader.locator("details.ex-chart-data").first
    assert table.evaluate("details => details.open")
    assert table.locator("tbody tr").count() == len(TOPIC.events)  # one row per event of the topic
    # A row's link is reached with Tab and leads to its event.
    _tab_to(reader, "element.closest('details.ex-chart-data tbody') !== null && element.matches('a')")
    target = reader.evaluate("document.activeElement.href")
    reader.keyboard.press("Enter")
    reader.wait_for_url(target)


LUMINANCE = """colour => {
    const probe = document.createElement('span');
    probe.style.color = colour;
    document.body.appendChild(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => {
        c /= 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    probe.remove();
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def _contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two relative luminances."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


# Each text of a shaded row against its shading laid over the page, as the eye sees them (colours with their
# opacity, composited): [text, contrast] of those under 4.5:1.
FAINT_IN_SHADED_ROWS = """selector => {
    const rgba = colour => { const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number); return [r, g, b, a]; };
    const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
    const luminance = rgb => { const [r, g, b] = rgb.map(c => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const page = rgba(getComputedStyle(document.querySelector('.md-main') || document.body).backgroundColor);
    const base = page[3] ? page.slice(0, 3) : rgba(getComputedStyle(document.body).backgroundColor).slice(0, 3);
    const faint = [];
    for (const cell of document.querySelectorAll(selector)) {
        const shade = over(rgba(getComputedStyle(cell).backgroundColor), base);
        for (const node of [cell, ...cell.querySelectorAll('*')]) {
            const own = [...node.childNodes].filter(child => child.nodeType === 3).map(child => child.textContent).join('').trim();
            if (!own || !node.getClientRects().length) continue;
            const [a, b] = [luminance(over(rgba(getComputedStyle(node).color), shade)), luminance(shade)];
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < 4.5) faint.push([own, Math.round(ratio * 100) / 100]);
        }
    }
    return faint;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_text_of_a_control_tables_shaded_row_stays_legible(page, bundled: Server, watch: Watch, scheme: str):
    # A row whose holder no source names is shaded; the inferred date's marker in it, light text on that shade, had
    # 4.41:1 in the light palette (WCAG asks 4.5:1 of text).
    watch.allowed.append(bundled.url)
    page.emulate_media(color_scheme=scheme)
    page.goto(bundled.url + "control/")
    cells = ".ex-control tr.ex-unknown td"
    assert page.locator(f"{cells} .ex-inferred-mark").count() > 0
    assert page.evaluate(FAINT_IN_SHADED_ROWS, cells) == []
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("path", CHART_PAGES)
def test_the_dark_palette_leaves_charts_legible(page, bundled: Server, watch: Watch, path: str):
    watch.allowed.append(bundled.url)
    page.emulate_media(color_scheme="dark")
    page.goto(bundled.url + path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    background = page.evaluate(f"({LUMINANCE})(getComputedStyle(document.body).backgroundColor)")
    # First the static preview, which every reader sees: its text and its marks.
    preview = page.evaluate(
        f"""() => [...document.querySelector('.ex-chart').querySelectorAll('.ex-preview text, .ex-preview li')]
            .filter(text => text.textContent.trim() && getComputedStyle(text).display !== 'none')
            .map(text => [text.textContent, ({LUMINANCE})(text.tagName === 'LI' ? getComputedStyle(text).color : getComputedStyle(text).fill)])"""
    )
    assert len(preview) > 5
    assert [(text, round(_contrast(luminance, background), 2)) for text, luminance in preview if _contrast(luminance, background) < 4.5] == []
    marks = page.evaluate(
        f"""() => [...document.querySelectorAll('.ex-preview [data-link]')].map(mark => getComputedStyle(mark).fill)
            .filter(fill => fill.startsWith('rgb')).map(fill => [fill, ({LUMINANCE})(fill)])"""
    )
    assert marks
    assert sorted({(fill, round(_contrast(luminance, background), 2)) for fill, luminance in marks if _contrast(luminance, background) < 3}) == []
    # Then the chart Plotly draws.
    draw(page)
    # Every text Plotly drew (ticks, labels) and the key's names against the page, as WCAG asks of text: 4.5:1.
    texts = page.evaluate(
        f"""() => [...document.querySelectorAll('.ex-chart .main-svg text, .ex-chart .ex-chart-key li')]
            .filter(text => text.textContent.trim())
            .map(text => [text.textContent, ({LUMINANCE})(text.tagName === 'LI' ? getComputedStyle(text).color : getComputedStyle(text).fill)])"""
    )
    assert texts
    faint = [(text, round(_contrast(luminance, background), 2)) for text, luminance in texts if _contrast(luminance, background) < 4.5]
    assert faint == []
    # Every mark's colour against the page, as WCAG asks of graphics: 3:1 (hatched marks are filled
    # with a pattern of the same colours).
    marks = page.evaluate(
        f"""() => [...document.querySelectorAll('.ex-chart path.point, .ex-chart g.point > path, .ex-chart .ex-chart-key svg :is(rect, polygon, circle)')]
            .map(mark => getComputedStyle(mark).fill).filter(fill => fill.startsWith('rgb'))
            .map(fill => [fill, ({LUMINANCE})(fill)])"""
    )
    assert marks
    dim = sorted({(fill, round(_contrast(luminance, background), 2)) for fill, luminance in marks if _contrast(luminance, background) < 3})
    assert dim == []
    assert watch.errors == [] and watch.foreign == []
