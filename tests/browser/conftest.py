"""Browser tests: the built fixture site served on 127.0.0.1, driven by Debian's Chromium through Playwright.

Every page a test opens is watched: a console error, an uncaught exception or a
request to a host other than the test's own servers fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import Server, TopicBuilds, make_project, run_mkdocs

CHROMIUM = "/usr/bin/chromium"
#: A chart Plotly has drawn (until then, the chart is its static preview).
CHART = ".ex-chart[data-drawn=yes]"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def built_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser-site") / "site"


@contextmanager
def built_and_served(project: Path) -> Iterator[Server]:
    """Build ``project``'s site for the address it is then served at (Material's instant navigation, where a
    site turns it on, takes the pages it may swap in from the sitemap, by address)."""
    server = Server(project / "site")
    result = run_mkdocs(project, env={"SITE_URL": server.url})
    assert result.returncode == 0, result.stdout + result.stderr
    server.start()
    try:
        yield server
    finally:
        server.close()


INSTANT = "  features:\n    - navigation.top\n"


@pytest.fixture(scope="session")
def site(built_site_dir: Path) -> Iterator[Server]:
    """The fixture topic's site, with Material's instant navigation turned on: the repository's sites leave it
    off, and a site that turns it on must still draw its charts and maps after it."""
    project = make_project(built_site_dir.parent)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert INSTANT in text, "mkdocs.yml's features changed: update this fixture"
    config.write_text(text.replace(INSTANT, "  features:\n    - navigation.instant\n    - navigation.top\n"), encoding="utf-8")
    with built_and_served(project) as server:
        yield server


@pytest.fixture(scope="session")
def host(tmp_path_factory: pytest.TempPathFactory, site: Server) -> Iterator[Server]:
    """Another origin (another port): a publisher's article that embeds a chart."""
    root = tmp_path_factory.mktemp("host")
    (root / "article.html").write_text(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>A publisher's article</title>"
        '<link rel="icon" href="data:,"></head><body>\n'
        "<h1>A publisher's article</h1>\n"
        f'<iframe id="embed" src="{site.url}embed/timeline/" title="Timeline" width="100%" height="150" style="border:0"'
        ' loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>\n'
        f'<script src="{site.url}assets/javascripts/explainer-embed.js" async></script>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    server = Server(root).start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did that a reader would not want: console errors, exceptions, requests elsewhere."""

    def __init__(self, allowed: list[str]):
        self.allowed = allowed
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def attach(self, page) -> None:
        page.on("console", self.console)
        page.on("pageerror", self.page_error)
        page.on("request", self.request)
        page.on("response", self.response)

    def console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def page_error(self, error) -> None:
        self.errors.append(f"uncaught: {error}")

    def request(self, request) -> None:
        url = request.url
        if not url.startswith(tuple(self.allowed)) and not url.startswith(("data:", "blob:", "about:")):
            self.foreign.append(url)

    def response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def watch(site: Server, host: Server) -> Watch:
    return Watch([site.url, host.url])


VIEWPORT = {"width": 1280, "height": 900}
#: What a page reports to its test's :class:`Watch`.
WATCHED = ("console", "pageerror", "request", "response")
#: Everything a site may keep in a reader's browser, cleared between two tests of the shared tab (the HTTP cache
#: stays: a reader's second page is served from it too).
STORAGE = "all"


class Tab:
    """One Chromium tab that a worker's tests take in turn (the ``page`` fixture), as fresh for each as a new one.

    A new browser context and page cost about 0.6 s of CPU a test, most of the suite's browser time on this
    2-core machine. Between two tests the tab goes back to a blank page, then loses what the test left:
    cookies and storage of every origin it reached, routes, other tabs, its viewport and media emulation, the
    mouse's position. Its HTTP cache stays, as a reader's does from one page to the next: a test that counts
    what a first visit downloads takes ``fresh_page``. So does a test that listens to the page itself
    (``page.on``): the shared tab refuses it, since a listener would outlive the test. A failed test's tab is
    closed: the next test gets a new one.
    """

    def __init__(self, browser) -> None:
        self.browser = browser
        self.context = None
        self.page = None
        self.watch: Watch | None = None
        self.origins: set[str] = set()

    def take(self, watch: Watch):
        if self.page is None:
            self.context = self.browser.new_context(viewport=VIEWPORT)
            self.page = self.context.new_page()
            self.page.on("console", lambda message: self.watch and self.watch.console(message))
            self.page.on("pageerror", lambda error: self.watch and self.watch.page_error(error))
            self.page.on("request", self._request)
            self.page.on("response", lambda response: self.watch and self.watch.response(response))
        self.watch = watch
        return self.page

    def _request(self, request) -> None:
        if request.url.startswith("http"):
            self.origins.add("/".join(request.url.split("/", 3)[:3]))
        if self.watch is not None:
            self.watch.request(request)

    def give_back(self, failed: bool) -> str:
        """Make the tab fresh for the next test; what the test did that a shared tab cannot take, or ""."""
        self.watch = None
        page = self.page
        if page is None:
            return ""
        # A test's own listener would stay on the page object. Playwright has no public count of them: its
        # implementation's (an event emitter) has.
        added = [event for event in WATCHED + ("dialog", "popup", "download", "frameattached", "framenavigated")
                 if len(page._impl_obj.listeners(event)) != (1 if event in WATCHED else 0)]
        if failed or page.is_closed() or added:
            self.close()
            return f"the test listened to the shared tab ({', '.join(added)}): take `fresh_page`" if added else ""
        page.unroute_all(behavior="ignoreErrors")
        page.goto("about:blank")
        for other in self.context.pages:
            if other is not page:
                other.close()
        cdp = self.context.new_cdp_session(page)
        for origin in sorted(self.origins):
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": STORAGE})
        cdp.detach()
        self.origins.clear()
        self.context.clear_cookies()
        if page.viewport_size != VIEWPORT:
            page.set_viewport_size(VIEWPORT)
        page.emulate_media(media="null", color_scheme="light")
        page.mouse.move(0, 0)
        return ""

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
        self.context = self.page = None
        self.origins.clear()


@pytest.fixture(scope="session")
def tab(browser) -> Iterator[Tab]:
    shared = Tab(browser)
    yield shared
    shared.close()


#: Whether a test's call failed (its shared tab is then replaced, see :class:`Tab`).
FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


@pytest.fixture
def page(tab: Tab, watch: Watch, request: pytest.FixtureRequest):
    """The worker's shared tab (:class:`Tab`), at 1,280 by 900 pixels, watched for this test."""
    shared = tab.take(watch)
    yield shared
    problem = tab.give_back(failed=request.node.stash.get(FAILED, True))
    assert not problem, problem
    assert watch.errors == [], "console errors"
    assert watch.foreign == [], "requests to other hosts"


@pytest.fixture
def fresh_page(browser, watch: Watch):
    """A tab of a browser context of its own, at 1,280 by 900 pixels, watched: for a test that listens to the
    page (its requests, its dialogs) or counts what it downloads."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watch.attach(page)
    yield page
    context.close()
    assert watch.errors == [], "console errors"
    assert watch.foreign == [], "requests to other hosts"


def draw(where) -> None:
    """As a reader does: point at the first chart not yet drawn (of a page or a frame), and wait until
    Plotly has replaced its preview. (After Material's instant navigation, the new page's chart.)"""
    for attempt in range(3):
        chart = where.locator(".ex-chart[data-armed]:not([data-drawn])").first
        chart.wait_for()
        handle = chart.element_handle()
        try:
            handle.hover()
            drawn = handle.evaluate(
                """chart => new Promise(resolve => {
                    const check = () => ['yes', 'failed'].includes(chart.dataset.drawn) ? resolve(chart.dataset.drawn) : setTimeout(check, 20);
                    check();
                })"""
            )
        except PlaywrightError as error:
            # Instant navigation may still be swapping the page: the chart found was the previous page's.
            if "not attached to the DOM" in str(error) and attempt < 2:
                continue
            raise
        assert drawn == "yes"
        return


@pytest.fixture(scope="session")
def bundled(topic_builds: TopicBuilds) -> Server:
    """Whatever topic is in the repository's site_data/ and content/, built once and served: only what its own
    expectations.yaml says, and what holds of any topic, is asserted of it."""
    return topic_builds("site_data").served()


@pytest.fixture(scope="session")
def syria(topic_builds: TopicBuilds) -> Server:
    """The Syria fixture topic (tests/fixtures/syria), built once and served: the generator's tests of maps,
    control, the timeline, the home page and search assert its facts. (The same build as ``bundled`` while the
    repository's topic is byte for byte that fixture.)"""
    return topic_builds("syria").served()


@pytest.fixture
def reader(page, watch: Watch, request: pytest.FixtureRequest):
    """A page whose requests are watched, allowed to reach the served topics the test asks for (bundled, syria)."""
    for name in ("bundled", "syria"):
        if name in request.fixturenames:
            watch.allowed.append(request.getfixturevalue(name).url)
    return page
