"""Front matter of a hand-written page is inert in Chromium: no script runs, no dialog opens, no navigation.

The two keys editors may give that Material prints, ``title`` (navigation, header, tab, heading,
search results) and ``description`` (a ``<meta>`` attribute), hold payloads; they are shown as the
text they are. (Every other key is refused before the build: tests/test_hostile_content_files.py.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from browser.conftest import Server, built_and_served
from conftest import make_project

PWNED = "window.__pwned = 1"
# (A <script> in a page, front matter included, is refused before the build: see explainer.pagelimits.)
TITLE = f"<img src=x onerror=\"{PWNED}\"><svg onload=\"alert(1)\"></svg></title> Report & co"
DESCRIPTION = f"\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"><img src=x onerror=\"{PWNED}\"> '"


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = make_project(tmp_path_factory.mktemp("content-browser"))
    report = project / "content" / "report.md"
    # No heading of its own: Material then prints the title as the page's <h1> too.
    body = report.read_text().replace("# A report on Riverton\n", "")
    report.write_text(f"---\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n---\n{body}")
    with built_and_served(project) as server:
        yield server


@pytest.fixture
def on_pages(fresh_page, watch, hostile_pages):
    page = fresh_page
    watch.allowed.append(hostile_pages.url)
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    yield page
    assert dialogs == [], "a payload opened a dialog"


def _inert(page, url: str) -> None:
    page.wait_for_timeout(300)  # time for a refresh or a script to act
    assert page.evaluate("window.__pwned") is None
    assert page.url == url


def test_front_matter_is_shown_as_text_and_never_runs(on_pages, hostile_pages):
    page = on_pages
    url = hostile_pages.url + "report/"
    page.goto(url, wait_until="networkidle")
    _inert(page, url)
    assert page.title() == f"{TITLE} - The Valley, explained"  # the site name is the topic's title (site.yaml)
    assert page.locator("article h1").inner_text() == TITLE
    assert page.locator('meta[name="description"]').get_attribute("content") == DESCRIPTION
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert page.locator(".md-header__topic .md-ellipsis").last.inner_text().strip() == TITLE
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => /__pwned|alert/.test(s.textContent)).length") == 0


def test_the_title_in_every_pages_navigation_never_runs(on_pages, hostile_pages):
    page = on_pages
    for path in ("", "timeline/", "places/riverton/"):
        page.goto(hostile_pages.url + path, wait_until="networkidle")
        _inert(page, hostile_pages.url + path)
        assert page.locator(".md-nav__link", has_text="Report & co").first.inner_text().strip() == TITLE
    # Material's instant navigation puts the page in place with its own scripts: still text.
    page.locator(".md-nav--primary .md-nav__link", has_text="Report & co").first.click()
    page.wait_for_url(hostile_pages.url + "report/")
    page.locator("article h1", has_text="Report & co").wait_for()
    _inert(page, hostile_pages.url + "report/")


def test_the_title_in_search_results_never_runs(on_pages, hostile_pages):
    page = on_pages
    page.goto(hostile_pages.url, wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("largest town", delay=20)
    result = page.locator(".md-search-result__article", has_text="Report & co").first
    result.wait_for()
    assert TITLE in result.inner_text()
    assert page.locator(".md-search-result img, .md-search-result script").count() == 0
    _inert(page, hostile_pages.url)
