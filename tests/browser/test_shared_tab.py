"""The tab a worker's browser tests share (the ``page`` fixture) is as fresh for each test as a new one."""

from __future__ import annotations

from browser.conftest import VIEWPORT, Tab, Watch
from conftest import Server

_LEFT_BEHIND = """() => ({
    local: Object.entries(localStorage).sort(),
    session: Object.entries(sessionStorage).sort(),
    cookie: document.cookie,
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
    print: matchMedia('print').matches,
    width: innerWidth,
    height: innerHeight,
})"""
#: What a page shows of the browser's state on a first visit, but what the site itself keeps (Material's own keys).
FIRST_VISIT = {"cookie": "", "dark": False, "print": False, "width": VIEWPORT["width"], "height": VIEWPORT["height"]}


def test_what_a_test_leaves_in_the_tab_is_gone_for_the_next(browser, site: Server, host: Server):
    tab = Tab(browser)
    try:
        watch = Watch([site.url, host.url])
        page = tab.take(watch)
        first = {}
        for server in (site, host):
            page.goto(server.url + ("timeline/" if server is site else "article.html"))
            first[server.url] = page.evaluate(_LEFT_BEHIND)
            assert first[server.url] | FIRST_VISIT == first[server.url]
            assert ["seen", "1"] not in first[server.url]["session"]
        # What a test may leave: storage and a cookie of two origins, emulation, a route, another tab, the mouse.
        for server in (site, host):
            page.goto(server.url + ("timeline/" if server is site else "article.html"))
            page.evaluate("localStorage.setItem('__palette', 'dark'); sessionStorage.setItem('seen', '1'); document.cookie = 'c=1'")
        page.set_viewport_size({"width": 390, "height": 844})
        page.emulate_media(media="print", color_scheme="dark")
        page.route(site.url + "timeline/", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>routed</title>"))
        with page.context.expect_page():
            page.evaluate("url => window.open(url)", site.url + "control/")
        assert len(page.context.pages) == 2
        assert tab.give_back(failed=False) == ""

        again = tab.take(Watch([site.url, host.url]))
        assert again is page, "the next test gets the same tab"
        assert again.url == "about:blank" and len(again.context.pages) == 1
        for server in (site, host):
            again.goto(server.url + ("timeline/" if server is site else "article.html"))
            assert again.evaluate(_LEFT_BEHIND) == first[server.url], server.url
        assert again.title() != "routed"
        assert watch.errors == [] and watch.foreign == []
        assert tab.give_back(failed=False) == ""
    finally:
        tab.close()


def test_a_test_that_listens_to_the_tab_is_told_to_take_its_own_and_the_tab_is_replaced(browser, site: Server, host: Server):
    tab = Tab(browser)
    try:
        page = tab.take(Watch([site.url, host.url]))
        page.on("dialog", lambda dialog: dialog.dismiss())
        page.on("request", lambda request: None)
        assert tab.give_back(failed=False) == "the test listened to the shared tab (request, dialog): take `fresh_page`"
        assert page.is_closed()
        replaced = tab.take(Watch([site.url, host.url]))
        assert replaced is not page and not replaced.is_closed()
        # A failed test's tab is replaced too: what it was doing may not have finished.
        assert tab.give_back(failed=True) == ""
        assert replaced.is_closed()
    finally:
        tab.close()
