"""The generator is generic: nothing in its code or templates names the topic the repository first shipped.

The Syria fixture topic (tests/fixtures/syria, a frozen copy of it) gives the names to look for: the ids,
names, titles and other names of its records, its publishers, its camps' names, its places' gazetteer
records, and "Syria" itself. Examples in docstrings and error messages come from the fixture topics the
generator's own tests use (tests/fixtures/mini, tests/fixtures/bridge) or from nowhere.

Not looked at: the vendored files the generator ships unchanged (Plotly.js, and the Natural Earth outlines in
scripts/explainer/data/, which name the world's countries and provinces, not a topic's), and compiled
catalogues (``.mo``).
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, SYRIA
from explainer.derive import record_title
from explainer.loader import load_dataset

#: The generator's own text files: code, templates, scripts, styles and message catalogues.
SUFFIXES = (".py", ".j2", ".html", ".js", ".css", ".po", ".pot")
#: Vendored files, shipped as their authors wrote them.
VENDORED = ("scripts/explainer/data/", "templates/overrides/assets/javascripts/vendor/")


def topic_names(data_dir: Path) -> set[str]:
    """What is the topic's own: its title, the ids, names, titles and other names of its records, its
    publishers, its camps' names and its places' gazetteer records. (Not its categories, nor its camps' ids:
    "fighting" or "media" are the words of any site.)"""
    data = load_dataset(data_dir)
    names = {data.site.title, "Syria", "Syrian"}
    tables = (data.sources, data.events, data.actors, data.places, data.agreements, data.disputes)
    for table in tables:
        for record_id, record in table.items():
            names |= {record_id, record_title(record)}
            names |= {alias.name for alias in getattr(record, "aliases", [])}
    names |= {source.publisher for source in data.sources.values()}
    names |= {camp.name for camp in data.camps.values()}
    names |= {place.coordinates.gazetteer for place in data.places.values() if place.coordinates is not None}
    return names


def generator_files() -> list[Path]:
    files = [*(ROOT / "scripts" / "explainer").rglob("*"), *(ROOT / "templates").rglob("*")]
    return sorted(
        path
        for path in files
        if path.is_file() and path.suffix in SUFFIXES and not path.relative_to(ROOT).as_posix().startswith(VENDORED)
    )


def test_the_names_looked_for_are_the_topics():
    names = topic_names(SYRIA / "site_data")
    assert {"maarat-al-numan", "Maarat al-Numan", "Middle East Monitor", "geonames:170063", "Türkiye", "Syria"} <= names
    assert "fighting" not in names and "media" not in names


def test_no_code_or_template_names_the_syria_topic():
    names = topic_names(SYRIA / "site_data")
    # Whole words (an id inside a longer id is another id), as written ("Turkey" the country, not "turkey"), also
    # where a comment or docstring breaks the name across lines.
    looked_for = sorted((name for name in names if len(name) > 2), key=len, reverse=True)
    found = []
    for path in generator_files():
        text = path.read_text(encoding="utf-8")
        # Only the names whose first word the file has (one pattern of every name over every file takes seconds).
        here = [name for name in looked_for if name.split(" ")[0] in text]
        if not here:
            continue
        pattern = re.compile("|".join(rf"(?<![\w-]){spelt(name)}(?![\w-])" for name in here))
        for match in pattern.finditer(text):
            found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {' '.join(match.group(0).split())}")
    assert found == []


def spelt(name: str) -> str:
    """A pattern of ``name`` whose spaces may also be a line break, with a comment's leader on the next line."""
    return r"\s+(?:(?:#:?|\*|//)\s*)?".join(re.escape(word) for word in name.split(" "))


def test_a_name_broken_across_lines_is_found():
    pattern = re.compile(spelt("Middle East Monitor"))
    assert pattern.search('"from Middle\n        East Monitor, 29 January 2020"')
    assert pattern.search("# according to Middle\n# East Monitor")
    assert not pattern.search("Middle Eastern Monitor")
