"""One wrong value does not hide a file's other problems (issue 11: every problem of every file in one run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.errors import DataError
from explainer.loader import load_dataset


def test_a_record_that_fails_the_model_still_has_its_references_and_quotes_checked(mini: Path, monkeypatch):
    monkeypatch.chdir(mini.parent)
    path = mini / "events" / "front-enters-hillcrest.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Valley Front first enters Hillcrest", "title: 12")
    text = text.replace("date: 2015", "date: 2020-02-30")
    text = text.replace("category: fighting", "category: nope-cat")
    text = text.replace("places: [hillcrest]", "places: [hillcrestt]")
    text = text.replace("Coastal League, first entered Hillcrest.", "Coastal League, first entered Hillcrestville.")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_dataset(mini)
    shown = "site_data/events/front-enters-hillcrest.yaml"
    assert [str(problem) for problem in raised.value.problems] == [
        f"{shown}:3:8: 'title' must be text, not a number",
        f"{shown}:4:7: 'date': '2020-02-30': 30 February 2020 does not exist; February 2020 has 29 days",
        f"{shown}:5:11: unknown category id 'nope-cat' in 'category'; it must be the id of a file in site_data/categories/",
        f"{shown}:6:10: unknown place id 'hillcrestt' in 'places' (did you mean 'hillcrest'?); it must be the id of a file in site_data/places/",
        f"{shown}:11:12: the quote is not verbatim in the archived text of source 'gazette-2020-03-07'; the closest passage is:"
        " “In 2015 the Valley Front, which is backed by the Coastal League, first entered Hillcrest.”",
    ]
