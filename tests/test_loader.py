"""Loading site_data/: the typed model's errors, in editors' words, with their positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import problems, write
from explainer.loader import load_dataset


def test_the_fixture_topic_loads(mini: Path):
    dataset = load_dataset(mini)
    assert sorted(dataset.events) == [
        "front-enters-hillcrest",
        "front-retakes-hillcrest",
        "front-takes-riverton",
        "guard-takes-riverton",
    ]
    event = dataset.events["front-takes-riverton"]
    assert event.date.precision == "month" and event.date.human() == "August 2019"
    assert dataset.actors["northern-guard"].aliases[0].name == "the Guard"  # bare string shorthand
    assert dataset.events["guard-takes-riverton"].control_changes[0].from_ == "valley-front"


EVENT = """\
id: bad
title: A title
date: 2019-08
category: fighting
summary: Something happened.
claims:
  - source: gazette-2020-03-07
    quote: The Valley Front had captured Riverton in August 2019.
"""


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "summary: Something happened.\n",
            "",
            "site_data/events/bad.yaml:1:1: required field 'summary' is missing (What happened, in one to three"
            " neutral sentences; loaded words only inside quotes. Link records with [text](actor:id),"
            " [text](place:id), [text](event:id) or [text](agreement:id))",
        ),
        (
            "title: A title",
            "titel: A title",
            "site_data/events/bad.yaml:2:1: unknown field 'titel'; did you mean 'title'? allowed here: id, title,"
            " date, date_inferred, category, places, actors, agreements, summary, claims, control_changes, key,"
            " editors_note",
        ),
        (
            "category: fighting",
            "category: Fighting",
            "site_data/events/bad.yaml:4:11: 'category' must be an id of lowercase letters, digits and single"
            " hyphens, such as town-hall; got 'Fighting'",
        ),
        (
            "title: A title",
            "title: [A, title]",
            "site_data/events/bad.yaml:2:8: 'title' must be text, not a list",
        ),
        (
            "title: A title",
            "title: ''",
            "site_data/events/bad.yaml:2:8: 'title' is empty; write the text or remove the field",
        ),
        (
            "category: fighting",
            "category: fighting\nplaces: riverton",
            "site_data/events/bad.yaml:5:9: 'places' must be a list (one '- ' line per item), not text",
        ),
        (
            "category: fighting",
            "category: fighting\nkey: maybe",
            "site_data/events/bad.yaml:5:6: 'key' must be true or false, not text 'maybe'",
        ),
        (
            "    quote: The Valley Front had captured Riverton in August 2019.\n",
            "",
            "site_data/events/bad.yaml:7:5: required field 'quote' is missing in claims[0] (The source's exact"
            " words, copied from its archived text: spelling, punctuation and curly quotes included (line breaks"
            " and runs of spaces may differ))",
        ),
        (
            "claims:\n  - source: gazette-2020-03-07\n    quote: The Valley Front had captured Riverton in August 2019.\n",
            "claims: []\n",
            "site_data/events/bad.yaml:6:9: 'claims' needs at least 1 entry (What the sources say about it: at"
            " least one quote)",
        ),
        (
            "claims:\n  - source: gazette-2020-03-07\n    quote: The Valley Front had captured Riverton in August 2019.\n",
            "claims:\n  - The Valley Front had captured Riverton\n",
            "site_data/events/bad.yaml:7:5: 'claims[0]' must be a mapping of fields (source, quote, speaker, note,"
            " …), not text",
        ),
        (
            "category: fighting",
            "category: fighting\ncontrol_changes:\n  - place: riverton\n    to: valley-front\n    extent: most",
            "site_data/events/bad.yaml:8:13: 'control_changes[0].extent' must be one of 'full' or 'partial'; got"
            " 'most'",
        ),
    ],
)
def test_model_errors_name_the_field_and_what_is_expected(mini: Path, replace: str, by: str, expected: str | None):
    assert replace in EVENT
    write(mini / "events" / "bad.yaml", EVENT.replace(replace, by))
    assert problems(mini) == [expected]


def test_bad_date_position(mini: Path):
    write(mini / "events" / "bad.yaml", EVENT.replace("date: 2019-08", "date: 2019-13"))
    assert problems(mini) == [
        "site_data/events/bad.yaml:3:7: 'date': '2019-13' is not a valid EDTF date: there is no month 13; write the"
        " month as 01 to 12"
    ]


def test_a_range_that_ends_before_it_starts(mini: Path):
    write(mini / "events" / "bad.yaml", EVENT.replace("date: 2019-08", "date: 2019-08/2019-07"))
    assert problems(mini) == [
        "site_data/events/bad.yaml:3:7: 'date': the range '2019-08/2019-07' ends (July 2019) before it starts"
        " (August 2019); write the earlier date first"
    ]


def test_every_problem_in_one_run_sorted_by_file_and_line(mini: Path):
    write(mini / "events" / "bad.yaml", EVENT.replace("title: A title", "titel: A title").replace("2019-08", "2019-13"))
    write(mini / "actors" / "broken.yaml", "id: broken\nname: [\n")
    write(mini / "places" / "dup.yaml", "id: dup\nid: dup\nname: Dup\nkind: town\n")
    assert problems(mini) == [
        "site_data/actors/broken.yaml:3:1: YAML syntax error: did not find expected node content (while parsing"
        " a flow node); check the indentation and quoting here",
        "site_data/events/bad.yaml:2:1: unknown field 'titel'; did you mean 'title'? allowed here: id, title, date,"
        " date_inferred, category, places, actors, agreements, summary, claims, control_changes, key, editors_note",
        "site_data/events/bad.yaml:3:7: 'date': '2019-13' is not a valid EDTF date: there is no month 13; write the"
        " month as 01 to 12",
        "site_data/places/dup.yaml:2:1: duplicate key 'id' (first given at line 1); keep one of them",
    ]


def test_ids_match_file_names_and_are_unique(mini: Path):
    write(mini / "places" / "a-riverton.yaml", "id: riverton\nname: Riverton again\nkind: town\n")
    assert problems(mini) == [
        "site_data/places/a-riverton.yaml:1:5: duplicate id 'riverton': site_data/places/riverton.yaml has it too;"
        " ids must be unique",
        "site_data/places/a-riverton.yaml:1:5: the id 'riverton' does not match the file name 'a-riverton.yaml';"
        " rename the file to riverton.yaml or fix the id",
    ]


def test_stray_files_and_folders(mini: Path):
    write(mini / "event" / "x.yaml", "id: x\n")
    write(mini / "places" / "x.yml", "id: x\n")
    write(mini / "places" / "notes.txt", "x")
    write(mini / "todo.txt", "x")
    assert problems(mini) == [
        "site_data/event:1:1: unknown folder (did you mean 'events'?); records go in: sources, events, actors,"
        " places, agreements, disputes, camps, categories",
        "site_data/places/notes.txt:1:1: unexpected file in places/; records are .yaml files",
        "site_data/places/x.yml:1:1: use the extension .yaml, not .yml",
        "site_data/todo.txt:1:1: unexpected file; records go in the folders sources, events, actors, places,"
        " agreements, disputes, camps, categories",
    ]


def test_missing_site_file_and_archived_text(mini: Path):
    (mini / "site.yaml").unlink()
    (mini / "sources" / "herald-2020-03-10.txt").unlink()
    found = problems(mini)
    assert found == [
        "site_data/site.yaml:1:1: missing: the site file gives the site's title and introduction",
        "site_data/sources/herald-2020-03-10.yaml:8:16: the archived text 'herald-2020-03-10.txt' is not in"
        " site_data/sources/; add the article's text there",
    ]


def test_source_urls_must_be_http(mini: Path):
    path = mini / "sources" / "herald-2020-03-10.yaml"
    path.write_text(path.read_text().replace("https://herald.example.org/riverton", "javascript:alert(1)"))
    assert problems(mini) == [
        "site_data/sources/herald-2020-03-10.yaml:5:6: 'url': 'javascript:alert(1)' is not a web address; write a"
        " full http:// or https:// URL"
    ]
