"""The site's search as readers use it (Pagefind's index, the site's own search box), on the Syria fixture
topic's site.

What a reader's query finds and what the box says, typed key by key; what it costs: what a page's load
downloads before any search (none of the index), what the first search downloads, and how long after
the last key the results are shown.

The measurements can run on any built site: ``EXPLAINER_SEARCH_SITE=/path/to/site`` serves that folder
instead (BENCHMARKS.md's synthetic sites, built with ``explainer synth`` and ``mkdocs build``), with
queries made from its own place names; ``-s`` prints the figures. The reader's queries run on the
Syria fixture topic only (what any topic's own searches must find is its expectations.yaml's, checked by
test_bundled_site_in_browser.py).
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser.conftest import Server, Watch
from explainer.weight import GZIP_LEVEL, measure

OTHER_SITE = os.environ.get("EXPLAINER_SEARCH_SITE")

#: Generous bounds (the issue's target is 300 ms at 100,000 events; the Syria fixture's site answers in tens of ms).
LATENCY_BOUND_MS = 1000
#: What a page's load may weigh in all, gzipped (the Syria fixture's home page is about 100 KiB).
FIRST_VISIT_BOUND = 160 * 1024


@pytest.fixture(scope="module")
def measured(request: pytest.FixtureRequest) -> Iterator[Server]:
    """The site the measurements run on: the Syria fixture's, or the built site given in EXPLAINER_SEARCH_SITE."""
    if not OTHER_SITE:
        yield request.getfixturevalue("syria")
        return
    server = Server(Path(OTHER_SITE)).start()
    yield server
    server.close()


@pytest.fixture
def measurer(fresh_page, watch: Watch, measured: Server):
    """A reader's first visit to the measured site: nothing of it in the browser's cache."""
    watch.allowed.append(measured.url)
    return fresh_page


@dataclass(frozen=True)
class Result:
    href: str
    """The page's address from the site's root, without its query or fragment."""
    title: str
    excerpt: str
    missing: str
    """The result's "Missing: …" line, or ""."""
    sections: list[str]
    """The addresses of the page's sections the result also links to (``timeline/2017/#id``)."""
    tags: list[str]


@dataclass(frozen=True)
class Search:
    status: str
    results: list[Result]
    latency_ms: float
    """From the last key typed to the results shown (the next frame after the box rendered them)."""


_WATCH = """() => {
    window.exSearch = {lastKey: 0, shown: {}};
    document.addEventListener('keydown', () => { window.exSearch.lastKey = performance.now(); }, true);
    const box = document.querySelector('[data-ex-search]');
    new MutationObserver(() => {
        if (box.dataset.state !== 'done') return;
        const query = box.dataset.query;
        requestAnimationFrame(() => { window.exSearch.shown[query] = performance.now(); });
    }).observe(box, {attributes: true, attributeFilter: ['data-state', 'data-query']});
}"""

_RESULTS = """base => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')].map(item => {
    const address = link => { const url = new URL(link.getAttribute('href'), document.baseURI); return url.href.slice(base.length).split(/[?#]/)[0] + url.hash; };
    const [page, ...sections] = item.querySelectorAll(':scope > a.md-search-result__link');
    return {
        href: address(page),
        title: page.querySelector('h1').textContent,
        excerpt: page.querySelector('article > p') ? page.querySelector('article > p').textContent : '',
        missing: page.querySelector('.md-search-result__terms') ? page.querySelector('.md-search-result__terms').textContent : '',
        sections: sections.map(address),
        tags: [...page.querySelectorAll('.md-tag')].map(tag => tag.textContent),
    };
})"""


def search(page, server: Server, query: str, *, start: str | None = "timeline/", open_with: str = "/") -> Search:
    """As a reader does: open a page, the search key, then the words key by key; what the box shows."""
    if start is not None:
        page.goto(server.url + start)
        page.evaluate(_WATCH)
        page.keyboard.press(open_with)
    page.locator(".md-search__input:focus").wait_for()
    page.keyboard.type(query, delay=15)
    assert page.locator(".md-search__input").input_value() == query
    page.wait_for_function("query => window.exSearch.shown[query] !== undefined", arg=query, timeout=15000)
    latency = page.evaluate("query => window.exSearch.shown[query] - window.exSearch.lastKey", query)
    # The first page of results is all in once the list is no longer busy (the first results come together, the
    # rest as they arrive).
    page.wait_for_function(
        "query => document.querySelector('[data-ex-search]').dataset.query === query"
        " && document.getElementById('ex-search-results').getAttribute('aria-busy') === 'false'",
        arg=query,
    )
    status = page.locator(".md-search-result__meta").first.text_content() or ""
    results = [Result(**found) for found in page.evaluate(_RESULTS, server.url)]
    return Search(status, results, latency)


def hrefs(found: Search) -> list[str]:
    return [result.href for result in found.results]


# --- what readers find --------------------------------------------------------------------------------


def test_who_controls_idlib_opens_the_control_page_first(reader, syria: Server):
    found = search(reader, syria, "who controls Idlib")
    assert hrefs(found)[0] == "control/"
    assert found.results[0].tags == ["Control"]
    # The editors' housekeeping notes of the sources never make a snippet.
    for result in found.results:
        assert "furniture" not in result.excerpt and "Who is who in northern Syria?" not in result.excerpt


def test_a_name_no_source_mentions_is_said_so_not_matched_on_a_particle(reader, syria: Server):
    found = search(reader, syria, "Hayat Tahrir al-Sham")
    assert found.status == "No page mentions “Hayat Tahrir al-Sham”."
    assert found.results == []


def test_the_editors_housekeeping_is_not_searched(reader, syria: Server):
    # "page furniture" is only in the editors' notes on the sources' pages.
    found = search(reader, syria, "furniture")
    assert found.status == "No page mentions “furniture”."
    assert found.results == []


def test_diacritics_fold_both_ways(reader, syria: Server):
    found = search(reader, syria, "Erdoğan")
    assert hrefs(found)[0] == "actors/recep-tayyip-erdogan/"
    assert found.results[0].title == "Recep Tayyip Erdogan"
    reader.locator(".md-search__input").fill("")
    found = search(reader, syria, "Turkiye", start=None)
    assert hrefs(found)[0] == "actors/turkiye/"


def test_pages_with_every_word_come_before_pages_with_some(reader, syria: Server):
    found = search(reader, syria, "Erdogan ceasefire")
    complete = [result for result in found.results if not result.missing]
    assert complete and found.status == f"{len(complete)} matching documents"
    assert found.results[: len(complete)] == complete  # every page with both words first
    assert {"agreements/ceasefire-2020-01-12/", "actors/recep-tayyip-erdogan/"} <= {result.href for result in complete}
    partial = found.results[len(complete) :]
    assert partial and all(result.missing in ("Missing: Erdogan", "Missing: ceasefire") for result in partial)


def test_a_query_with_a_word_no_page_has_lists_what_has_the_others(reader, syria: Server):
    found = search(reader, syria, "Hayat Shayrat")
    assert found.status == "No page mentions all of “Hayat Shayrat”. These pages mention some of its words:"
    assert hrefs(found)[0] == "places/shayrat-airbase/"
    assert {result.missing for result in found.results} == {"Missing: Hayat"}


def test_other_names_find_their_page_first_and_say_so(reader, syria: Server):
    found = search(reader, syria, "Ma'arrat al-Nu'man")
    assert hrefs(found)[0] == "places/maarat-al-numan/"
    assert "Ma'arrat al-Nu'man" in found.results[0].tags
    found = search(reader, syria, "Turkey")
    assert "actors/turkiye/" in hrefs(found)[:3]


def test_an_events_section_is_offered_with_its_page(reader, syria: Server):
    found = search(reader, syria, "chemical attack")
    timeline = next(result for result in found.results if result.href == "timeline/2017/")
    assert timeline.sections[0] == "timeline/2017/#khan-sheikhoun-chemical-attack-2017"


def test_more_results_come_ten_at_a_time(reader, syria: Server):
    from explainer.search import indexed_pages

    holding = [page for page in indexed_pages(syria.root) if "astana" in f"{page.title} {page.names} {page.content}".lower()]
    assert 20 < len(holding) <= 30  # three pages of results
    found = search(reader, syria, "Astana")
    assert found.status == f"{len(holding)} matching documents"
    # The first results are shown together, the rest of the first ten as their fragments load, then the button.
    more = reader.locator("button.ex-search-more")
    more.wait_for()
    assert reader.locator(".md-search-result__list > li").count() == 10 and more.text_content() == "More results"
    more.click()
    reader.wait_for_function("() => document.querySelectorAll('.md-search-result__list > li').length === 20")
    more.click()
    reader.wait_for_function(f"() => document.querySelectorAll('.md-search-result__list > li').length === {len(holding)}")
    assert not more.is_visible()


def test_the_keyboard_alone_searches_and_opens_a_result(reader, syria: Server):
    found = search(reader, syria, "Shayrat", open_with="s")
    assert hrefs(found)[0] == "places/shayrat-airbase/"
    reader.keyboard.press("ArrowDown")
    assert reader.evaluate("document.activeElement.getAttribute('href')").endswith("/places/shayrat-airbase/")
    reader.keyboard.press("ArrowUp")
    assert reader.evaluate("document.activeElement.classList.contains('md-search__input')")
    reader.keyboard.press("Enter")  # the first result
    reader.wait_for_url(syria.url + "places/shayrat-airbase/")
    assert not reader.evaluate("document.getElementById('__search').checked")  # the search closed
    reader.keyboard.press("/")
    reader.locator(".md-search__input:focus").wait_for()
    reader.keyboard.press("Escape")
    assert not reader.evaluate("document.getElementById('__search').checked")


def test_on_a_phone_the_search_button_opens_the_box(browser, watch: Watch, syria: Server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    watch.allowed.append(syria.url)
    watch.attach(phone)
    try:
        phone.goto(syria.url)
        phone.evaluate(_WATCH)
        assert not phone.evaluate("document.getElementById('__search').checked")
        phone.locator("label.md-header__button[for=__search]").tap()
        phone.locator(".md-search__input:focus").wait_for()
        assert phone.locator(".md-search__input").bounding_box()["width"] > 300  # the whole width of the phone
        phone.keyboard.type("Astana", delay=30)
        phone.wait_for_function("() => window.exSearch.shown['Astana'] !== undefined")
        first = phone.locator(".md-search-result__item a.md-search-result__link").first
        assert first.is_visible() and first.get_attribute("href").endswith("/agreements/astana-2017/")
        first.tap()
        phone.wait_for_url(syria.url + "agreements/astana-2017/")
    finally:
        context.close()
    assert watch.errors == [] and watch.foreign == []


# --- what it costs --------------------------------------------------------------------------------------


def _served_bytes(site: Path, path: str) -> int:
    """What a static host sends for a file: text gzipped (level 6), Pagefind's pieces as they are (compressed)."""
    data = (site / path).read_bytes()
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if path.endswith((".js", ".json", ".html", ".css", ".xml")) else len(data)


def _requests(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda request: found.append(request.url))
    return found


def _place_query(site: Path) -> str:
    """A town's name on the measured site (the Syria fixture's: Maarat al-Numan)."""
    if not OTHER_SITE:
        return "Maarat al-Numan"
    for heading in sorted((site / "places").glob("*/index.html")):
        title = re.search(r"<h1>(.*?)</h1>", heading.read_text(encoding="utf-8"))
        if title and "province" not in title.group(1):
            return title.group(1)
    raise AssertionError(f"no town on {site}")


def test_a_page_load_downloads_nothing_of_the_index(measurer, measured: Server):
    for path in ("", "timeline/"):
        requested = _requests(measurer)
        measurer.goto(measured.url + path)
        measurer.wait_for_load_state("networkidle")
        files = sorted(url[len(measured.url) :].split("?")[0] or "index.html" for url in requested if url.startswith(measured.url))
        files = [path + "index.html" if name == path else name for name in files]
        assert "assets/javascripts/explainer-search.js" in files
        assert not [name for name in files if name.startswith("pagefind/") or name.startswith("search/")]
        # What weight.py counts for the page is exactly what was downloaded (Plotly only once a chart is used).
        weight = measure(measured.root, path)
        assert sorted(r.path for r in weight.resources if not r.path.startswith("assets/javascripts/vendor/")) == files
        assert weight.at_load < FIRST_VISIT_BOUND
        print(f"search-measure: first visit {path or 'home'}: {len(files)} files, {weight.at_load / 1024:.0f} KiB gzipped")


def test_the_first_search_downloads_a_few_pieces_and_answers_in_time(measurer, measured: Server):
    measurer.goto(measured.url + "timeline/")
    measurer.wait_for_load_state("networkidle")
    requested = _requests(measurer)
    measurer.evaluate(_WATCH)
    measurer.keyboard.press("/")
    place = _place_query(measured.root)
    first = search(measurer, measured, f"who controls {place}", start=None)
    assert first.results and first.results[0].href.startswith(("control/", "places/"))
    pieces = sorted({url[len(measured.url) :].split("?")[0] for url in requested if "/pagefind/" in url})
    engine = [name for name in pieces if not name.startswith(("pagefind/index/", "pagefind/fragment/"))]
    index = [name for name in pieces if name.startswith("pagefind/index/")]
    fragments = [name for name in pieces if name.startswith("pagefind/fragment/")]
    # Pagefind's script, worker and WebAssembly, the index's entry and metadata; then pieces of the index.
    assert [re.sub(r"_[0-9a-f]+\.pf_meta$", ".pf_meta", name) for name in engine] == [
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind.en.pf_meta",
        "pagefind/pagefind.js",
        "pagefind/wasm.en.pagefind",
    ]
    total = sum(_served_bytes(measured.root, name) for name in pieces)
    chunks = len(list((measured.root / "pagefind" / "index").glob("*.pf_index")))
    measurer.locator(".md-search__input").fill("")
    again = search(measurer, measured, place, start=None)
    assert again.results
    assert first.latency_ms < LATENCY_BOUND_MS and again.latency_ms < LATENCY_BOUND_MS
    print(
        f"search-measure: first search {len(pieces)} files {total / 1024:.0f} KiB"
        f" (engine {len(engine)}, index {len(index)} of {chunks} chunks, {len(fragments)} fragments);"
        f" latency first query {first.latency_ms:.0f} ms, next query {again.latency_ms:.0f} ms"
    )
