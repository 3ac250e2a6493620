"""The pages `explainer bench --lighthouse` scores come from the built site, whatever its topic (Lighthouse itself
is not run by the test suite: see explainer.lighthouse)."""

from __future__ import annotations

from conftest import TopicBuilds
from explainer.lighthouse import lighthouse_pages


def test_the_scored_pages_are_the_sites_own_and_the_largest_page_of_events(topic_builds: TopicBuilds):
    site = topic_builds("syria").site
    assert lighthouse_pages(site) == {
        "home": "",
        "timeline": "timeline/",
        "who is who": "who-is-who/",
        "an embed": "embed/timeline/",
        "map": "map/",
        "the map's embed": "embed/map/",
        # The year page with the most bytes (2020 and 2024 hold five events each).
        "the largest page of events": "timeline/2024/",
    }


def test_a_topic_without_control_has_no_map_to_score(topic_builds: TopicBuilds):
    site = topic_builds("bridge").site
    assert lighthouse_pages(site) == {
        "home": "",
        "timeline": "timeline/",
        "who is who": "who-is-who/",
        "an embed": "embed/timeline/",
        "the largest page of events": "timeline/2020/",
    }
