"""The home page: where things stand at the latest source, the latest events, the map and the timeline, what to
read first, then the reference pages (explainer.contexts.HomeContext, templates/pages/home.html.j2)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import FIXTURES, ROOT, SYRIA, write
from explainer.contexts import LATEST_EVENTS, HomeContext
from explainer.derive import build_index
from explainer.generate import generate_site
from explainer.handwritten import HandWrittenPage, first_heading, hand_written_pages
from explainer.loader import load_dataset
from explainer.model import NavEntry
from explainer.render import Renderer

TEMPLATES = ROOT / "templates"
TOPICS = {
    "fixture": (FIXTURES / "mini", FIXTURES / "mini-content"),
    "syria": (SYRIA / "site_data", SYRIA / "content"),
}


def home_of(data_dir: Path, content_dir: Path | None) -> tuple[HomeContext, str]:
    """The home page's context and HTML."""
    renderer = Renderer(TEMPLATES)
    received: list[HomeContext] = []
    renderer.on_render = lambda template, context: received.append(context) if template == "home.html.j2" else None
    output = generate_site(data_dir, TEMPLATES, content_dir=content_dir, renderer=renderer)
    (context,) = received
    return context, next(page.html for page in output.pages if page.src == "index.md")


@pytest.fixture(scope="module", params=sorted(TOPICS))
def topic(request):
    data_dir, content_dir = TOPICS[request.param]
    data = load_dataset(data_dir)
    return data, build_index(data), *home_of(data_dir, content_dir)


# --- the lede: where things stand at the latest source -------------------------------------------------------


def test_the_lede_is_dated_by_the_latest_source(topic):
    data, _, home, _ = topic
    newest = max(source.published.upper for source in data.sources.values())
    assert home.standing is not None
    assert home.standing.day == newest
    assert [source.id for source in home.standing.latest] == sorted(
        source.id for source in data.sources.values() if source.published.upper == newest
    )


def test_what_the_lede_says_was_held_comes_from_a_report_of_the_latest_source(topic):
    _, index, home, _ = topic
    standing = home.standing
    assert standing is not None
    latest = {source.id for source in standing.latest}
    for group in standing.reported:
        for item in group.places:
            history = index.control_history[item.place.id]
            last = [period.point for period in history if period.reported][-1]
            # The report is the place's last, a source of the latest day gives it, and its date reaches that day.
            assert item.point == last
            assert item.point.holder == group.holder == item.period.holder
            assert set(item.point.sources) <= latest
            assert item.point.date.lower <= standing.day <= item.point.date.upper
    assert set(standing.report_sources) <= latest
    for item in standing.earlier:
        last = [period.point for period in index.control_history[item.place.id] if period.reported][-1]
        assert item.point == last and item.point.date.upper < standing.day
        assert item.period.basis == "presumed" and item.period.holder == item.point.holder
    # Every place a source reports who held is in the lede, once (or counted among the others).
    named = [item.place.id for group in standing.reported for item in group.places] + [item.place.id for item in standing.earlier]
    counted = sum(group.more for group in standing.reported) + standing.earlier_more
    assert len(named) == len(set(named))
    assert len(named) + counted == len(index.control_history)


def test_the_syria_fixtures_lede_names_who_held_what_at_the_last_report():
    data_dir, content_dir = TOPICS["syria"]
    home, html = home_of(data_dir, content_dir)
    standing = home.standing
    assert standing is not None
    assert [(group.holder, [item.place.id for item in group.places]) for group in standing.reported] == [
        ("armed-opposition-groups", ["aleppo", "idlib-province", "khan-sheikhoun", "maarat-al-numan"]),
        ("syrian-government-forces", ["hama"]),
    ]
    assert [item.place.id for item in standing.earlier] == ["idlib-centre"]
    lede = html[html.index('id="where-things-stand"') : html.index('<figure class="ex-home-map"')]
    assert 'Latest source: <a href="sources/trt-world-2024-11-30/">TRT World, 30 November 2024</a>' in lede
    assert "<p>At the last report:</p>" in lede
    # Three events share the newest date: the lede names one of them as such, not as the latest of all.
    assert home.same_date == 2
    assert re.sub(r"<[^>]+>", "", re.search(r"<p>Latest events: .*?</p>", lede, re.S).group(0)) == (
        "Latest events: Armed opposition groups retake Maarat al-Numan, 30 November 2024 (inferred from “on Saturday”"
        " (TRT World, 30 November 2024)), and 2 others of the same date."
    )
    # Each place links to the record its state rests on: the event that reports the change, or the statement.
    assert (
        '<a href="actors/syrian-government-forces/">Syrian government forces</a> held <a href="places/hama/#control">Hama</a>.'
        in lede
    )
    assert (
        'held <a href="timeline/2024/#opposition-regains-aleppo-2024">Aleppo</a> (part of it),'
        ' <a href="timeline/2024/#opposition-gains-idlib-province-2024-11-30">Idlib province</a>,'
        ' <a href="timeline/2024/#opposition-gains-idlib-province-2024-11-30">Khan Sheikhoun</a> and'
        ' <a href="timeline/2024/#opposition-retakes-maarat-al-numan-2024">Maarat al-Numan</a>.'
    ) in lede
    assert (
        '<a href="timeline/2015/#idlib-centre-opposition-control-2015">Idlib (city centre)</a>:'
        ' <a href="actors/armed-opposition-groups/">Armed opposition groups</a> took it,'
        ' <span class="ex-date-text"><time datetime="2015">2015</time></span>.'
    ) in lede


def test_the_fixture_lede_says_which_reports_are_earlier_with_their_markers():
    data_dir, content_dir = TOPICS["fixture"]
    _, html = home_of(data_dir, content_dir)
    lede = html[html.index('id="where-things-stand"') : html.index('<figure class="ex-home-map"')]
    assert 'Latest source: <a href="sources/herald-2020-03-10/">The Herald, 10 March 2020</a>' in lede
    assert "At the last report" not in lede  # no source reports who held a place on 10 March 2020
    assert (
        '<p>Latest event: <a href="timeline/2020/#front-retakes-hillcrest">Valley Front recaptures part of Hillcrest</a>,'
        ' <span class="ex-date-text ex-date-inferred"><time datetime="2020-03-09">9 March 2020</time>'
    ) in lede
    assert "<p>Last reported earlier (no later source says who held them):</p>" in lede
    items = re.findall(r"<li>(.*?)</li>", lede[lede.index("ex-home-earlier") :], re.S)
    assert [re.sub(r"<[^>]+>", "", item) for item in items] == [
        "Hillcrest: Valley Front took part of it, 9 March 2020 (inferred from “Yesterday” (The Herald, 10 March 2020)).",
        "Riverton: Northern Guard took it, 7 March 2020 (inferred from “on Saturday” (Valley Gazette, 7 March 2020)).",
    ]
    assert items[0].startswith('<a href="timeline/2020/#front-retakes-hillcrest">Hillcrest</a>')


# --- the latest developments ------------------------------------------------------------------------------


def test_the_latest_developments_are_the_newest_events_newest_first_with_their_markers(topic):
    data, index, home, html = topic
    by_date = sorted(data.events.values(), key=lambda event: event.date.sort_key)
    assert len(home.latest) == min(LATEST_EVENTS, len(data.events))
    assert [event.id for event in home.latest] == [event.id for event in index.events_sorted[::-1][:LATEST_EVENTS]]
    keys = [event.date.sort_key for event in home.latest]
    assert keys == sorted(keys, reverse=True)
    assert keys[-1] >= by_date[-len(home.latest)].date.sort_key
    section = html[html.index('id="latest-developments"') : html.index('id="about"')]
    entries = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(entries) == len(home.latest)
    for event, entry in zip(home.latest, entries):
        assert f"#{event.id}\">{escape(event.title)}</a>" in entry
        assert ("ex-inferred-mark" in entry) == (event.date_inferred is not None), event.id


# --- the page as a whole ----------------------------------------------------------------------------------


ARTICLE = """---
description: How Riverton changed hands in March 2020, as the Gazette and the Herald report it.
---

# Riverton in *March*

The Gazette wrote that the Guard took “control of Riverton, the largest town in the valley”.
"""


@pytest.fixture
def with_article(mini: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The fixture topic with an article under content/articles/, listed first in site.yaml."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-content", content)
    write(content / "articles" / "riverton.md", ARTICLE)
    site = mini / "site.yaml"
    text = site.read_text(encoding="utf-8")
    assert "pages:\n  - report.md\n" in text
    site.write_text(text.replace("pages:\n  - report.md\n", "pages:\n  - section: Articles\n    pages: [articles/riverton.md]\n  - report.md\n"))
    return mini, content


def test_the_home_page_tells_the_story_in_order(with_article):
    home, html = home_of(*with_article)
    headings = re.findall(r'<h2 id="([^"]+)">', html)
    assert headings == ["where-things-stand", "the-timeline", "latest-developments", "about", "read-first", "reference"]
    # The map beside the lede, the timeline's picture under its heading, each before what follows.
    order = [
        html.index('id="where-things-stand"'),
        html.index('<figure class="ex-home-map"'),
        html.index('<svg class="ex-map-svg"'),
        html.index('id="the-timeline"'),
        html.index('id="chart-timeline"'),
        html.index('id="latest-developments"'),
    ]
    assert order == sorted(order)
    assert home.articles == [
        HandWrittenPage(
            "articles/riverton.md", "Riverton in March", "How Riverton changed hands in March 2020, as the Gazette and the Herald report it."
        )
    ]
    assert [page.src for page in home.other_pages] == ["report.md"]
    # The first article is the call to read, at the top, and the first card of "Read first".
    assert '<p class="ex-home-start"><a class="ex-home-button" href="articles/riverton/">Read first: Riverton in March</a></p>' in html
    read_first = html[html.index('id="read-first"') : html.index('id="reference"')]
    assert (
        '<a class="ex-home-card" href="articles/riverton/"><span class="ex-home-article-title">Riverton in March</span>'
        ' <span class="ex-home-article-description">How Riverton changed hands in March 2020, as the Gazette and the Herald'
        " report it.</span></a>"
    ) in read_first
    # The reference pages the topic has, in the navigation's order, then the other hand-written pages.
    reference = html[html.index('id="reference"') :]
    assert re.findall(r'<li><a href="([^"]+)">', reference) == [
        "timeline/", "categories/", "who-is-who/", "places/", "map/", "control/", "zones/", "disputes/", "sources/", "report/",
    ]
    assert '<a href="report/">A report on Riverton</a></li>' in reference


def test_without_articles_the_home_page_has_no_read_first(mini: Path):
    home, html = home_of(mini, FIXTURES / "mini-content")
    assert home.articles == [] and [page.title for page in home.other_pages] == ["A report on Riverton"]
    assert 'id="read-first"' not in html and "ex-home-start" not in html


def test_the_reference_list_leaves_out_pages_the_topic_has_no_data_for(mini: Path):
    for folder in ("disputes", "agreements"):
        shutil.rmtree(mini / folder)
    _, html = home_of(mini, None)
    reference = html[html.index('id="reference"') :]
    assert re.findall(r'<li><a href="([^"]+)">', reference) == [
        "timeline/", "categories/", "who-is-who/", "places/", "map/", "control/", "sources/",
    ]


def test_the_home_page_shows_the_map_and_the_timeline_of_their_own_pages(topic):
    _, _, home, html = topic
    assert home.map is not None and home.map.id == "map" and home.map.date == home.standing.day
    assert home.timeline is not None and home.timeline.id == "timeline"
    # The same pictures: the map's SVG at the latest source's date, the timeline's static preview.
    assert home.map.svg(lambda src: "").count("<a ") == len(home.map.drawn)
    assert '<figcaption id="map-caption">' in html  # what the map's SVG is labelled by
    assert html.count('<div class="ex-chart" ') == 1 and "ex-chart-share" not in html


# --- the hand-written pages' titles and descriptions --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("# The *offensive* {#start}\n\nText.", "The offensive"),
        ("\n\nA title\n=======\n\nText.", "A title"),
        ("# A <b>bold</b> &amp; plain title\n", "A bold & plain title"),
        ("## Not a page title\n", None),
        ("Text first.\n\n# A later heading\n", None),
        ("    # code\n", None),
    ],
)
def test_a_pages_title_is_its_first_element_when_that_is_a_level_one_heading(body: str, title: str | None):
    assert first_heading(body) == title


def test_hand_written_pages_take_title_and_description_from_front_matter_then_heading_then_file_name(tmp_path: Path):
    write(tmp_path / "articles" / "a.md", "---\ntitle: Front title\ndescription: What it is about.\n---\n\n# Heading title\n")
    write(tmp_path / "articles" / "b.md", "# Heading title\n\nText.\n")
    write(tmp_path / "the-method.md", "Text only.\n")
    data = load_dataset(FIXTURES / "mini")
    pages = [NavEntry(section="Articles", pages=["articles/a.md", "articles/b.md"]), NavEntry(page="the-method.md")]
    site = data.site.model_copy(update={"pages": pages})
    assert hand_written_pages(site, tmp_path) == [
        HandWrittenPage("articles/a.md", "Front title", "What it is about."),
        HandWrittenPage("articles/b.md", "Heading title", None),
        HandWrittenPage("the-method.md", "The method", None),
    ]
    assert [page.article for page in hand_written_pages(site, tmp_path)] == [True, True, False]
    assert hand_written_pages(site, None) == []


def test_the_syria_fixtures_article_is_the_one_to_read_first():
    home, html = home_of(*TOPICS["syria"])
    assert [(page.src, page.title) for page in home.articles] == [
        ("articles/idlib-offensive-2019-2020.md", "The offensive on Idlib province up to January 2020")
    ]
    assert home.articles[0].description
    assert '<a class="ex-home-button" href="articles/idlib-offensive-2019-2020/">' in html
    assert [page.src for page in home.other_pages] == ["method.md"]
