"""Names the sources use and names the editors add are told apart, worked out from the archived texts."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, edit, problems
from explainer.aliases import AliasView, alias_groups
from explainer.generate import generate_site
from explainer.loader import load_dataset

GAZETTE = "gazette-2020-03-07"
HERALD = "herald-2020-03-10"


def give_aliases(mini: Path, *names: str) -> None:
    """Replace the Valley Front's record with one that has these aliases (no source given)."""
    listed = "".join(f"  - {name!r}\n" if "'" not in name else f'  - "{name}"\n' for name in names)
    edit(mini / "actors" / "valley-front.yaml", "camp: front\n", f"camp: front\naliases:\n{listed}")


def groups(data_dir: Path, actor: str = "valley-front"):
    data = load_dataset(data_dir)
    record = data.actors[actor]
    return alias_groups(data, record.name, record.aliases)


def test_an_alias_in_an_archived_text_is_the_sources_and_one_in_none_the_editors(mini: Path):
    give_aliases(mini, "the Valley Front", "Valley Front Army", "The Front")
    found = groups(mini)
    # "the Valley Front" is in both texts (listed in order of publication); the others in neither.
    assert found.sources == [AliasView("the Valley Front", (GAZETTE, HERALD))]
    assert found.editors == [AliasView("Valley Front Army", ()), AliasView("The Front", ())]


def test_the_match_keeps_capitals_and_punctuation_and_whole_words(mini: Path):
    # The Gazette writes "Valley Front", "the Valley Front" and "Riverton"; none of these is its spelling.
    give_aliases(mini, "the valley front", "VALLEY FRONT", "Valley Fron", "Front which", "alley Front")
    assert groups(mini).sources == []
    assert [view.name for view in groups(mini).editors] == ["the valley front", "VALLEY FRONT", "Valley Fron", "Front which", "alley Front"]


def test_whitespace_is_collapsed_as_for_quotes(mini: Path):
    (mini / "sources" / "herald-2020-03-10.txt").write_text(
        "The Herald\n\nRiverton, the second largest town in the valley, changed hands last week.\n"
        "Yesterday the Valley\n   Front recaptured part of Hillcrest from the Northern Guard.\n",
        encoding="utf-8",
    )
    give_aliases(mini, "Valley Front recaptured")
    assert groups(mini).sources == [AliasView("Valley Front recaptured", (HERALD,))]


def test_a_given_source_comes_first_and_duplicates_merge(mini: Path):
    edit(
        mini / "actors" / "valley-front.yaml",
        "camp: front\n",
        f"camp: front\naliases:\n  - name: the Valley Front\n    source: {HERALD}\n  - the Valley Front\n  - Valley Front\n",
    )
    found = groups(mini)
    # The record's own name is not "another name"; one entry per name, the given source first.
    assert found.sources == [AliasView("the Valley Front", (HERALD, GAZETTE))]
    assert found.editors == []


def test_an_alias_with_a_source_must_be_in_it(mini: Path):
    edit(mini / "actors" / "valley-front.yaml", "camp: front\n", f"camp: front\naliases:\n  - name: the Front\n    source: {HERALD}\n")
    assert problems(mini) == [
        "site_data/actors/valley-front.yaml:7:11: the alias is not verbatim in the archived text of source"
        " 'herald-2020-03-10'; the closest passage is: “Valley Front”"
    ]


def test_a_loaded_alias_no_source_uses_is_refused(mini: Path):
    edit(mini / "actors" / "valley-front.yaml", "camp: front\n", "camp: front\naliases:\n  - the regime of the valley\n")
    assert problems(mini) == [
        "site_data/actors/valley-front.yaml:7:5: the alias 'the regime of the valley' uses the loaded term 'regime'"
        " and no archived text has it, so the site would use it in its own voice; give the 'source' whose word it is,"
        " or remove it"
    ]


def test_a_loaded_alias_a_source_uses_is_the_sources(mini: Path):
    gazette = mini / "sources" / "gazette-2020-03-07.txt"
    gazette.write_text(gazette.read_text(encoding="utf-8") + "Critics call it the regime of the valley.\n", encoding="utf-8")
    give_aliases(mini, "the regime of the valley")
    assert groups(mini).sources == [AliasView("the regime of the valley", (GAZETTE,))]


def test_pages_list_the_sources_names_apart_from_the_editors(mini: Path):
    edit(
        mini / "places" / "riverton.yaml",
        "  - Rivertown\n",
        f"  - Rivertown\n  - name: Riverton district\n    source: {GAZETTE}\n  - Riverton district\n",
    )
    output = generate_site(mini, ROOT / "templates")
    pages = {page.src: page.html for page in output.pages}
    place = pages["places/riverton.md"]
    assert (
        '<dt>Other names in the sources</dt> <dd>“Riverton district” (<a href="../../sources/gazette-2020-03-07/">'
        "Valley Gazette</a>)</dd>"
    ) in place
    assert "<dt>Other spellings used by the editors</dt> <dd>Rivertown</dd>" in place
    index = pages["places/index.md"]
    assert (
        '<a href="riverton/">Riverton</a> <span class="ex-aliases">(in the sources: “Riverton district”;'
        " the editors' spellings: Rivertown)</span>"
    ) in index
    # An actor's page and Who is who: the editors' name is not said to be the sources'.
    actor = pages["actors/northern-guard.md"]
    assert "<dt>Other spellings used by the editors</dt> <dd>the Guard</dd>" in actor
    assert "Other names in the sources" not in actor
    assert "other spellings used by the editors: the Guard</p>" in pages["who-is-who.md"]
    # Headings of the index of places: a plural that English spells with -ies comes from the catalogue.
    assert re.findall(r'<h2 id="kind-[a-z-]+">([^<]+)<a', index) == ["Province", "Town", "Village"]


def test_a_name_is_looked_for_only_in_the_texts_that_have_its_words_and_found_as_in_every_text():
    # Thousands of names in thousands of texts: each is searched for only in the texts that have its rarest word.
    # What is found must be what a search of every text finds, whatever the words, capitals and punctuation.
    import random

    from conftest import FIXTURES
    from explainer.aliases import sources_using
    from explainer.dataset import Dataset
    from explainer.kinds import SOURCES
    from explainer.model import Alias
    from explainer.quotes import ArchivedText

    loaded = load_dataset(FIXTURES / "mini")
    pick = random.Random(12)
    words = ["Anne", "Anne’s", "Annex", "Quay", "St", "al-Bab", "Bab", "خان", "شيخون", "x_1", "1,500", "Front", "front"]
    texts = {
        f"s{number:03}": ArchivedText.from_raw(" ".join(pick.choice(words) + pick.choice(["", ",", ".", " —", "\n"]) for _ in range(12)))
        for number in range(150)
    }
    model = next(iter(loaded.sources.values()))  # each text a source of its own, all published the same day
    tables = dict(loaded.tables, **{SOURCES.name: {source_id: model.model_copy(update={"id": source_id}) for source_id in texts}})
    data = Dataset(loaded.root, loaded.site, tables, texts)
    names = ["Anne’s Quay", "’s Quay", "St Anne", "Bab", "al-Bab", "خان شيخون", "x_1", "1,500", "—", "Quay.", "Zorblax"]
    names += [" ".join(pick.sample(words, pick.randint(1, 3))) for _ in range(150)]
    for name in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        everywhere = tuple(source for source in sorted(texts) if pattern.search(texts[source].normalised))
        assert sources_using(data, Alias(name=name)) == everywhere, name
    assert any(sources_using(data, Alias(name=name)) for name in names[11:])  # the check is not of empty results only
