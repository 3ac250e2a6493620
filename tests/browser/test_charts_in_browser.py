"""Charts in a real browser: first load, instant navigation, embeds in a cross-origin iframe, keyboard, theme."""

from __future__ import annotations

import re

CHART = ".ex-chart[data-drawn=yes]"


def test_the_timeline_draws_on_first_load(page, site):
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    chart = page.locator(".ex-chart").first
    assert chart.locator(".main-svg").count() >= 1
    # One mark per event: the fixture has 4 events, 2 dated to the day (dots), 2 to a month or a year (bars).
    assert chart.locator(".cartesianlayer .scatterlayer .point").count() == 2
    assert chart.locator(".cartesianlayer .barlayer .point").count() == 2
    assert page.evaluate("typeof window.Plotly.newPlot") == "function"


def test_the_timeline_draws_again_after_instant_navigation_from_home(page, site):
    page.goto(site.url)
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator(".md-nav--primary a", has_text=re.compile("^\\s*Timeline\\s*$")).first.click()
    page.wait_for_url(site.url + "timeline/")
    page.wait_for_selector(CHART)
    # Material swapped the content without reloading the document.
    assert page.evaluate("window.__stillTheSameDocument") is True
    # And again after going elsewhere and back: the old chart is purged, the new one drawn.
    page.locator(".md-nav--primary a", has_text=re.compile("Who held")).first.click()
    page.wait_for_url(site.url + "control/")
    page.wait_for_selector(CHART)
    assert page.evaluate("window.__stillTheSameDocument") is True


def test_selecting_an_event_opens_its_page(page, site):
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    box = page.locator(".ex-chart .cartesianlayer .scatterlayer .point").last.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert "Valley Front recaptures part of Hillcrest" in page.locator(".hoverlayer").text_content()
    page.mouse.click(x, y)
    page.wait_for_url(site.url + "timeline/2020/#front-retakes-hillcrest")


def test_the_chart_answers_the_keyboard_and_its_table_is_reachable(page, site):
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    chart = page.locator(".ex-chart").first
    chart.focus()
    before = page.evaluate("document.querySelector('.ex-chart')._fullLayout.xaxis.range.slice()")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('.ex-chart')._fullLayout.xaxis.range[0] !== before[0]", arg=before
    )
    page.keyboard.press("0")
    page.wait_for_function(
        "before => document.querySelector('.ex-chart')._fullLayout.xaxis.range[0] === before[0]", arg=before
    )
    # The data table is a <details> reached with Tab and opened with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('details.ex-chart-data') !== null"):
            break
    page.keyboard.press("Enter")
    assert page.locator("details.ex-chart-data").first.evaluate("d => d.open")
    assert page.locator("details.ex-chart-data table tbody tr").count() == 4


def test_charts_follow_the_dark_palette(browser, site, watch):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    watch.attach(page)
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    luminance = """colour => {
        const probe = document.createElement('span');
        probe.style.color = colour;
        document.body.appendChild(probe);
        const [r, g, b] = getComputedStyle(probe).color.match(/[\\d.]+/g).map(Number);
        probe.remove();
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }"""
    font = page.evaluate(f"({luminance})(document.querySelector('.ex-chart')._fullLayout.font.color)")
    background = page.evaluate(f"({luminance})(getComputedStyle(document.body).backgroundColor)")
    context.close()
    # Light text on Material's dark ("slate") background.
    assert font > 0.7 and background < 0.25, (font, background)
    assert watch.errors == [] and watch.foreign == []


def test_an_embed_draws_in_a_cross_origin_iframe_and_resizes_it(page, site, host):
    page.goto(host.url + "article.html")
    frame = page.frame_locator("#embed")
    frame.locator(CHART).wait_for()
    page.wait_for_function("parseFloat(document.getElementById('embed').style.height) > 400")
    frame_height = page.evaluate("parseFloat(document.getElementById('embed').style.height)")
    document_height = frame.locator("html").evaluate("html => Math.ceil(html.getBoundingClientRect().height)")
    assert abs(frame_height - document_height) <= 2
    # Opening the data table makes the embed taller, and the frame follows.
    frame.locator("details.ex-chart-data summary").click()
    page.wait_for_function(f"parseFloat(document.getElementById('embed').style.height) > {frame_height + 50}")


def test_the_resize_script_ignores_messages_from_other_windows(page, site, host):
    page.goto(host.url + "article.html")
    page.frame_locator("#embed").locator(CHART).wait_for()
    page.wait_for_function("parseFloat(document.getElementById('embed').style.height) > 400")
    height = page.evaluate("document.getElementById('embed').style.height")
    # The host page itself (not the iframe) sends a message of the right shape: ignored.
    page.evaluate("window.postMessage({type: 'explainer:height', height: 3000}, '*')")
    page.wait_for_timeout(200)
    assert page.evaluate("document.getElementById('embed').style.height") == height


def test_page_weight_counts_exactly_what_the_browser_downloads(page, site, built_site_dir):
    from explainer.weight import page_files

    for path in ("timeline/", "embed/timeline/", "who-is-who/"):
        requested: set[str] = set()

        def record(request, requested=requested):
            if request.url.startswith(site.url):
                local = request.url[len(site.url):].split("?")[0]
                requested.add(local + "index.html" if local == path else local)

        page.on("request", record)
        page.goto(site.url + path, wait_until="networkidle")
        page.wait_for_timeout(300)
        page.remove_listener("request", record)
        assert requested == set(page_files(built_site_dir, path)), path


def test_plotly_is_downloaded_once_per_visit(page, site):
    loads: list[str] = []
    page.on("request", lambda request: loads.append(request.url) if "plotly-basic.min.js" in request.url else None)
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    page.locator(".md-nav--primary a", has_text=re.compile("Who held")).first.click()
    page.wait_for_url(site.url + "control/")
    page.wait_for_selector(CHART)
    page.locator(".md-nav--primary a", has_text=re.compile("^\\s*Timeline\\s*$")).first.click()
    page.wait_for_url(site.url + "timeline/")
    page.wait_for_selector(CHART)
    assert len(loads) == 1


def test_charts_resize_with_the_window_and_fit_a_phone(page, site):
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    wide = page.evaluate("document.querySelector('.ex-chart .main-svg').getBoundingClientRect().width")
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_function(
        "wide => document.querySelector('.ex-chart .main-svg').getBoundingClientRect().width < wide - 100", arg=wide
    )
    # Nothing sticks out of a phone-width screen.
    assert page.evaluate("document.querySelector('.ex-chart .main-svg').getBoundingClientRect().right") <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_phone_gets_the_chart_without_lane_labels_when_the_legend_has_them(browser, site, watch):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    watch.attach(page)
    page.goto(site.url + "timeline/")
    page.wait_for_selector(CHART)
    labels = page.evaluate("document.querySelector('.ex-chart')._fullLayout.yaxis.showticklabels")
    context.close()
    assert labels is False
    assert watch.errors == [] and watch.foreign == []
