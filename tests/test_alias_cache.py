"""The sources that use each alias are worked out once per build (a page and its index both list a record's
aliases), and nothing of them outlives the build: the next build, or a caller outside a build, reads the texts
afresh."""

from __future__ import annotations

from pathlib import Path

from conftest import edit
from explainer.aliases import alias_groups
from explainer.buildmemo import build_memo, table
from explainer.loader import load_dataset
from explainer.quotes import ArchivedText


def _aliases(data_dir: Path) -> None:
    edit(data_dir / "actors" / "valley-front.yaml", "camp: front\n", "camp: front\naliases:\n  - name: the Valley Front\n  - name: Zorblax\n")


def test_within_a_build_the_sources_of_an_alias_are_looked_for_once(mini: Path) -> None:
    _aliases(mini)
    data = load_dataset(mini)
    actor = data.actors["valley-front"]
    some_source = sorted(data.texts)[0]
    with build_memo():
        before = alias_groups(data, actor.name, actor.aliases)
        assert [view.name for view in before.editors] == ["Zorblax"]
        # A text changed under the build's feet is not read again: what was found is kept for the build.
        data.texts[some_source] = ArchivedText.from_raw(data.texts[some_source].raw + " Zorblax said so.")
        assert alias_groups(data, actor.name, actor.aliases) == before
    # The next build (or a caller outside one) reads the texts as they are now.
    after = alias_groups(data, actor.name, actor.aliases)
    assert [(view.name, view.sources) for view in after.sources if view.name == "Zorblax"] == [("Zorblax", (some_source,))]
    with build_memo():
        assert alias_groups(data, actor.name, actor.aliases) == after


def test_a_build_keeps_nothing_once_it_ends() -> None:
    assert table("anything") is None
    with build_memo():
        kept = table("anything")
        assert kept == {} and table("anything") is kept
        kept["x"] = 1
        with build_memo():  # a build inside another (a test's) has tables of its own
            assert table("anything") == {}
        assert table("anything") == {"x": 1}
    assert table("anything") is None
