"""Checks across records: references, quotes against archived texts, dates against publication."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, problems, write
from explainer.derive import build_index, zone_places
from explainer.loader import load_dataset
from explainer.quotes import ArchivedText, closest_passage, explain_mismatch


def test_unknown_references_suggest_the_nearest_id(mini: Path):
    edit(mini / "events" / "front-takes-riverton.yaml", "places: [riverton]", "places: [rivertown, hillcrest]")
    edit(mini / "events" / "front-takes-riverton.yaml", "category: fighting", "category: war")
    edit(mini / "actors" / "ana-ruiz.yaml", "target: northern-guard", "target: northern-guards")
    assert problems(mini) == [
        "site_data/actors/ana-ruiz.yaml:12:13: unknown actor id 'northern-guards' in 'target' (did you mean"
        " 'northern-guard'?); it must be the id of a file in site_data/actors/",
        "site_data/events/front-takes-riverton.yaml:5:11: unknown category id 'war' in 'category'; it must be the"
        " id of a file in site_data/categories/",
        "site_data/events/front-takes-riverton.yaml:6:10: unknown place id 'rivertown' in 'places' (did you mean"
        " 'riverton'?); it must be the id of a file in site_data/places/",
        "site_data/events/front-takes-riverton.yaml:13:12: the place 'riverton' changes hands but is not in the"
        " event's 'places'; add it there",
    ]


def test_a_quote_must_be_verbatim(mini: Path):
    path = mini / "events" / "front-takes-riverton.yaml"
    edit(path, "quote: The Valley Front had captured Riverton in August 2019.", "quote: The Valley Front captured Riverton in August 2019.")
    assert problems(mini) == [
        "site_data/events/front-takes-riverton.yaml:11:12: the quote is not verbatim in the archived text of source"
        " 'gazette-2020-03-07'; the closest passage is: “Valley Front had captured Riverton in August 2019.”"
    ]


def test_curly_quotes_and_capitals_get_a_precise_hint(mini: Path):
    edit(mini / "agreements" / "riverton-accord.yaml", "created two “calm zones”", 'created two "calm zones"')
    edit(mini / "actors" / "coastal-league.yaml", "quote: backed by the Coastal League\n", "quote: Backed by the Coastal League\n")
    assert problems(mini) == [
        "site_data/actors/coastal-league.yaml:9:12: the quote is not verbatim in the archived text of source"
        " 'gazette-2020-03-07'; it differs only in capital letters; copy the words exactly",
        "site_data/agreements/riverton-accord.yaml:10:12: the quote is not verbatim in the archived text of source"
        " 'gazette-2020-03-07'; it differs only in quotation marks, apostrophes or dashes; copy those characters"
        " from the archived text (it may use ’ “ ” or –)",
    ]


def test_whitespace_and_line_breaks_are_forgiven(mini: Path):
    edit(
        mini / "events" / "front-enters-hillcrest.yaml",
        "quote: In 2015 the Valley Front, which is backed by the Coastal League, first entered Hillcrest.",
        "quote: >-\n      In 2015 the Valley   Front,\n      which is backed by the Coastal League, first entered Hillcrest.",
    )
    load_dataset(mini)


def test_aliases_and_date_phrases_are_checked_against_their_source(mini: Path):
    edit(mini / "places" / "riverton.yaml", "  - name: Riverton\n    source: herald-2020-03-10", "  - name: Rivertonne\n    source: herald-2020-03-10")
    edit(mini / "events" / "guard-takes-riverton.yaml", "phrase: on Saturday", "phrase: on Sunday")
    assert problems(mini) == [
        "site_data/events/guard-takes-riverton.yaml:7:11: the phrase is not verbatim in the archived text of source"
        " 'gazette-2020-03-07'; the closest passage is: “on Saturday”",
        "site_data/places/riverton.yaml:8:11: the alias is not verbatim in the archived text of source"
        " 'herald-2020-03-10'; the closest passage is: “Riverton,”",
    ]


def test_dates_cannot_follow_the_publication_that_reports_them(mini: Path):
    edit(mini / "events" / "front-takes-riverton.yaml", "date: 2019-08", "date: 2021")
    assert problems(mini) == [
        "site_data/events/front-takes-riverton.yaml:4:7: the event's date (2021) is after the publication of source"
        " 'gazette-2020-03-07' (7 March 2020), which reports it; check the date"
    ]


def test_record_level_checks(mini: Path):
    edit(mini / "events" / "guard-takes-riverton.yaml", "from: valley-front\n    to: northern-guard", "from: northern-guard\n    to: northern-guard")
    # Places nest in any place (a village within a town), but not in a circle.
    edit(mini / "places" / "hillcrest.yaml", "within: hill-province", "within: riverton")
    edit(mini / "places" / "riverton.yaml", "within: hill-province", "within: hillcrest")
    edit(mini / "actors" / "ana-ruiz.yaml", "target: northern-guard", "target: ana-ruiz")
    write(mini / "disputes" / "empty.yaml", (mini / "disputes" / "riverton-size.yaml").read_text().replace("id: riverton-size", "id: empty").replace("places: [riverton]\n", ""))
    assert problems(mini) == [
        "site_data/actors/ana-ruiz.yaml:12:13: an actor cannot be related to itself; fix 'target'",
        "site_data/disputes/empty.yaml:3:8: a dispute must name what it is about: give 'places', 'actors' or 'events'",
        "site_data/events/guard-takes-riverton.yaml:24:9: control passes from 'northern-guard' to itself; fix 'from' or 'to'",
        "site_data/places/hillcrest.yaml:5:9: places nest in a circle: 'hillcrest' within 'riverton' within 'hillcrest';"
        " fix 'within' in one of them",
        "site_data/places/riverton.yaml:5:9: places nest in a circle: 'riverton' within 'hillcrest' within 'riverton';"
        " fix 'within' in one of them",
    ]


def test_a_place_nests_in_any_place_however_deep(mini: Path):
    edit(mini / "places" / "hillcrest.yaml", "within: hill-province", "within: riverton")
    data = load_dataset(mini)
    index = build_index(data)
    assert index.places_in_province == {"hill-province": ["riverton"], "riverton": ["hillcrest"]}
    # A zone that covers a town whole covers the places within it; one that covers part of a province does not.
    accord = data.agreements["riverton-accord"]
    assert [zone_places(index, zone) for zone in accord.zones] == [("hillcrest", "riverton"), ("hill-province",)]


def test_province_is_now_within(mini: Path):
    edit(mini / "places" / "hillcrest.yaml", "within: hill-province", "province: hill-province")
    assert problems(mini) == [
        "site_data/places/hillcrest.yaml:5:1: 'province' is now called 'within' (the id of any place it lies within);"
        " rename the key"
    ]


def test_a_broken_record_is_reported_once_not_at_every_reference(mini: Path):
    edit(mini / "actors" / "valley-front.yaml", "kind: armed group", "kind: militia group")
    assert problems(mini) == [
        "site_data/actors/valley-front.yaml:4:7: 'kind' must be one of 'state', 'government', 'armed forces',"
        " 'armed group', 'militia', 'ministry', 'international body', 'person', 'news agency' or 'other'; got"
        " 'militia group' (the kinds site.yaml declares: vocabulary.actor_kinds; add it there if the topic needs it)"
    ]


def test_kinds_are_the_topics_own(mini: Path):
    site = mini / "site.yaml"
    site.write_text(
        site.read_text()
        + "vocabulary:\n  actor_kinds: [person, armed group, militia group]\n"
        + "  relation_kinds:\n    - {id: hires, forward: hires, backward: hired by}\n"
        + "    - {id: supports, forward: supports, backward: supported by}\n"
        + "    - {id: fights, forward: fights, backward: fought by}\n"
    )
    edit(mini / "actors" / "valley-front.yaml", "kind: armed group", "kind: militia group")
    # Now a militia group is a kind; 'state' is not, and the relations must be of the topic's kinds.
    assert problems(mini) == [
        "site_data/actors/ana-ruiz.yaml:11:11: 'relations[0].kind' must be one of 'hires', 'supports' or 'fights';"
        " got 'part of' (the kinds site.yaml declares: vocabulary.relation_kinds; add it there if the topic needs it)",
        "site_data/actors/coastal-league.yaml:4:7: 'kind' must be one of 'person', 'armed group' or 'militia group';"
        " got 'state' (the kinds site.yaml declares: vocabulary.actor_kinds; add it there if the topic needs it)",
    ]


def test_a_topic_without_camps_refuses_them(mini: Path):
    site = mini / "site.yaml"
    site.write_text(site.read_text() + "vocabulary:\n  camps: false\n")
    edit(mini / "actors" / "ana-ruiz.yaml", "camp: guard\n", "")
    assert problems(mini) == [
        "site_data/actors/coastal-league.yaml:5:7: this topic does not group actors in camps ('camps: false' under"
        " 'vocabulary' in site.yaml); remove 'camp'",
        "site_data/actors/northern-guard.yaml:5:7: this topic does not group actors in camps ('camps: false' under"
        " 'vocabulary' in site.yaml); remove 'camp'",
        "site_data/actors/valley-front.yaml:5:7: this topic does not group actors in camps ('camps: false' under"
        " 'vocabulary' in site.yaml); remove 'camp'",
        "site_data/camps/front.yaml:2:5: this topic does not group actors in camps ('camps: false' under 'vocabulary'"
        " in site.yaml); remove this file, or set 'camps: true'",
        "site_data/camps/guard.yaml:2:5: this topic does not group actors in camps ('camps: false' under 'vocabulary'"
        " in site.yaml); remove this file, or set 'camps: true'",
    ]


def test_a_topic_with_camps_needs_each_actors(mini: Path):
    edit(mini / "actors" / "ana-ruiz.yaml", "camp: guard\n", "")
    assert problems(mini) == [
        "site_data/actors/ana-ruiz.yaml:2:1: required field 'camp' is missing (this topic groups actors in camps: give"
        " the id of a file in site_data/camps/, or set 'camps: false' under 'vocabulary' in site.yaml)"
    ]


def test_an_agreement_may_be_undated_unless_it_sets_up_zones(mini: Path):
    edit(mini / "agreements" / "riverton-accord.yaml", "date: 2017-05-04/2017-05-05\n", "")
    assert problems(mini) == [
        "site_data/agreements/riverton-accord.yaml:2:1: an agreement that sets up zones needs a 'date' (what the sources"
        " record in a zone is counted from it); give the date, as precise as the sources give it"
    ]


def test_closest_passage_and_mismatch_hints():
    text = ArchivedText.from_raw("The town of Khan Sheikhoun was on the world agenda after\nthe attack.")
    assert text.contains("Khan Sheikhoun was on the   world agenda after the attack")
    assert closest_passage("Khan Shaykhun was on the world agenda", text) == "Khan Sheikhoun was on the world agenda"
    assert closest_passage("entirely unrelated words here", text) is None
    assert explain_mismatch("entirely unrelated words here", text) == (
        "no similar passage was found; check that the claim cites the right source"
    )


def test_loaded_terms_only_inside_quotation_marks(mini: Path):
    edit(mini / "events" / "front-takes-riverton.yaml", "summary: The [Valley Front](actor:valley-front) captured Riverton.", "summary: The Regime's [Valley Front](actor:valley-front) “liberated” Riverton.")
    edit(mini / "actors" / "coastal-league.yaml", "description: A state that backs the Valley Front.", 'description: A state that backs what the Gazette calls "the regime".')
    edit(mini / "places" / "hillcrest.yaml", "name: Hillcrest", "name: Liberated Hillcrest")
    assert problems(mini) == [
        "site_data/events/front-takes-riverton.yaml:8:10: 'summary' uses the loaded term 'Regime' in the site's own"
        " voice; use a neutral term, or quote the source's words in quotation marks “…” and say whose they are",
        "site_data/places/hillcrest.yaml:3:7: 'name' uses the loaded term 'Liberated' in the site's own voice; use a"
        " neutral term, or quote the source's words in quotation marks “…” and say whose they are",
    ]


def test_record_links_in_markdown_must_resolve(mini: Path):
    edit(mini / "actors" / "valley-front.yaml", "(actor:coastal-league)", "(actor:coastal-leage)")
    assert problems(mini) == [
        "site_data/actors/valley-front.yaml:6:14: the link 'actor:coastal-leage' in 'description' names no actor"
        " (did you mean 'coastal-league'?); link to the id of a file in site_data/actors/"
    ]
