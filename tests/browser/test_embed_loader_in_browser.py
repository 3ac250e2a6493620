"""The embed loader and the embed snippet in a publisher's page, in Chromium (issue 13).

- The loader resizes only this site's own embeds: not a frame of another origin, nor a page of the
  site's origin outside embed/, even when they post a well-formed height. The loaders of two sites
  on one page each resize their own embeds.
- The snippet the charts script writes for a chart whose title is hostile is HTML in which the title
  is only an attribute's text: pasted into a publisher's page, nothing runs and the frame is resized.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.conftest import Server, built_and_served
from conftest import make_project
from test_hostile_exits import HOSTILE_NAME, expected_snippet, parse

#: A page that posts a well-formed height to its parent, again and again.
POSTER = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>poster</title></head><body>\n"
    "<script>setInterval(function () {\n"
    '  window.parent.postMessage({type: "explainer:height", height: 900}, "*");\n'
    "}, 40);</script>\n</body></html>\n"
)
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
#: Frames that are not the site's embeds (each posts a height), by id.
FOREIGN = ("other-origin", "other-origin-sandboxed", "other-origin-embed-path", "same-origin-page", "lookalike-folder", "parent-folder")
#: The site's loader has run (one per site: window.__explainerEmbedLoaders, by the site's embed/ folder).
LOADED = "embeds => !!(window.__explainerEmbedLoaders && window.__explainerEmbedLoaders[embeds])"


@pytest.fixture(scope="module")
def titled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The fixture topic's site with a hostile place name (in the titles of two charts)."""
    project = make_project(tmp_path_factory.mktemp("titled-browser"))
    place = project / "site_data" / "places" / "hillcrest.yaml"
    place.write_text(place.read_text().replace("name: Hillcrest", f"name: {json.dumps(HOSTILE_NAME)}"))
    with built_and_served(project) as server:
        yield server


@pytest.fixture(scope="module")
def publisher(tmp_path_factory: pytest.TempPathFactory, titled: Server, site: Server) -> Iterator[Server]:
    """Another origin: a publisher's article with one of the site's embeds among frames that are not,
    and an embed of a second site (the fixture topic's, on its own origin) with that site's loader."""
    root = tmp_path_factory.mktemp("publisher")
    server = Server(root)
    (root / "poster.html").write_text(POSTER, encoding="utf-8")
    (root / "embed" / "timeline").mkdir(parents=True)
    (root / "embed" / "timeline" / "index.html").write_text(POSTER, encoding="utf-8")
    frames = {
        "own": (f"{titled.url}embed/timeline/", SANDBOX),
        "second-site": (f"{site.url}embed/timeline/", SANDBOX),
        "other-origin": (f"{server.url}poster.html", None),
        "other-origin-sandboxed": (f"{server.url}poster.html?sandboxed", "allow-scripts"),
        "other-origin-embed-path": (f"{server.url}embed/timeline/", "allow-scripts"),
        "same-origin-page": (f"{titled.url}not-an-embed/poster.html", "allow-scripts"),
        "lookalike-folder": (f"{titled.url}embedded/poster.html", "allow-scripts"),
        "parent-folder": (f"{titled.url}embed/../poster.html", "allow-scripts"),
    }
    tags = "\n".join(
        f'<iframe id="{frame_id}" src="{src}" title="{frame_id}" width="100%" height="150"'
        + (f' sandbox="{sandbox}"' if sandbox else "")
        + "></iframe>"
        for frame_id, (src, sandbox) in frames.items()
    )
    (root / "article.html").write_text(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>A publisher's article</title>"
        '<link rel="icon" href="data:,"></head><body>\n'
        # Counts the height messages each frame posts, to know that the loader has seen them.
        "<script>window.__posts = {};\n"
        'window.addEventListener("message", function (event) {\n'
        '  var frames = document.getElementsByTagName("iframe");\n'
        "  for (var i = 0; i < frames.length; i++) {\n"
        "    if (frames[i].contentWindow === event.source) window.__posts[frames[i].id] = (window.__posts[frames[i].id] || 0) + 1;\n"
        "  }\n"
        "});</script>\n"
        f"{tags}\n"
        f'<script src="{titled.url}assets/javascripts/explainer-embed.js" async></script>\n'
        f'<script src="{site.url}assets/javascripts/explainer-embed.js" async></script>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    server.start()
    yield server
    server.close()


@pytest.fixture
def on_publisher(fresh_page, watch, titled: Server, publisher: Server):
    page = fresh_page
    watch.allowed += [titled.url, publisher.url]
    dialogs: list[str] = []

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # Pages of the site's origin outside embed/ that post a height (the site has none of its own).
    for path in ("not-an-embed/poster.html", "embedded/poster.html", "poster.html"):
        page.route(titled.url + path, lambda route: route.fulfill(status=200, content_type="text/html", body=POSTER))
    yield page
    assert dialogs == [], "a dialog opened: a payload ran"


def test_the_loader_resizes_only_the_sites_own_embed(on_publisher, titled: Server, site: Server, publisher: Server):
    page = on_publisher
    page.goto(publisher.url + "article.html")
    for server in (titled, site):
        page.wait_for_function(LOADED, arg=f"{server.url}embed/")
    for frame_id in ("own", "second-site"):
        page.wait_for_function(f"document.getElementById('{frame_id}').style.height !== ''")
        assert float(page.evaluate(f"document.getElementById('{frame_id}').style.height").removesuffix("px")) > 150
    # Every foreign frame posts several more heights once the loader listens: none is resized.
    seen = page.evaluate("Object.assign({}, window.__posts)")
    page.wait_for_function(
        "([ids, seen]) => ids.every(id => (window.__posts[id] || 0) >= (seen[id] || 0) + 5)", arg=[list(FOREIGN), seen]
    )
    heights = page.evaluate("ids => ids.map(id => document.getElementById(id).style.height)", list(FOREIGN))
    assert dict(zip(FOREIGN, heights)) == dict.fromkeys(FOREIGN, "")


def _snippets(page, titled: Server) -> dict[str, str]:
    page.goto(titled.url + "places/hillcrest/")
    # The charts script writes each snippet again, with absolute addresses.
    page.wait_for_function(
        "() => [...document.querySelectorAll('textarea.ex-snippet')].every(area => area.value.startsWith('<iframe src=\"http'))"
    )
    return dict(page.eval_on_selector_all("textarea.ex-snippet", "areas => areas.map(area => [area.id, area.value])"))


def test_the_snippet_the_charts_script_writes_escapes_a_hostile_title(on_publisher, titled: Server):
    snippets = _snippets(on_publisher, titled)
    loader = f"{titled.url}assets/javascripts/explainer-embed.js"
    assert parse(snippets["chart-control-place-hillcrest-snippet"]) == expected_snippet(
        f"{titled.url}embed/control-place-hillcrest/", f"Who held {HOSTILE_NAME}", 452, loader
    )
    assert parse(snippets["chart-timeline-place-hillcrest-snippet"]) == expected_snippet(
        f"{titled.url}embed/timeline-place-hillcrest/", f"Events in {HOSTILE_NAME}", 410, loader
    )
    # The map's, which its script writes again with the map's date.
    on_publisher.wait_for_function("() => document.getElementById('map-place-hillcrest-snippet').value.includes('?date=')")
    snippet = on_publisher.locator("#map-place-hillcrest-snippet").input_value()
    assert parse(snippet) == expected_snippet(
        f"{titled.url}embed/map-place-hillcrest/?date=2020-03-10", f"{HOSTILE_NAME} on the map", 900, loader
    )


def test_a_pasted_snippet_runs_nothing_but_the_loader_and_its_frame_is_resized(on_publisher, titled: Server, publisher: Server):
    page = on_publisher
    snippet = _snippets(page, titled)["chart-control-place-hillcrest-snippet"]
    Path(publisher.root / "pasted.html").write_text(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Pasted</title>"
        f'<link rel="icon" href="data:,"></head><body>\n<h1>An article</h1>\n{snippet}\n</body></html>\n',
        encoding="utf-8",
    )
    page.goto(publisher.url + "pasted.html")
    page.wait_for_function(LOADED, arg=f"{titled.url}embed/")
    assert page.evaluate("[...document.scripts].map(script => script.src)") == [f"{titled.url}assets/javascripts/explainer-embed.js"]
    assert page.locator("iframe").get_attribute("title") == f"Who held {HOSTILE_NAME}"
    page.wait_for_function("document.querySelector('iframe').style.height !== ''")
    assert page.locator("body > *").evaluate_all("nodes => nodes.map(node => node.tagName)") == ["H1", "IFRAME", "SCRIPT"]
