"""Drift tests: the README and the editors' guide stay true to the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT, SYRIA
from explainer.cli import build_parser
from explainer.dates import parse_date
from explainer.loader import load_dataset

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_guides_worked_example_is_a_valid_record(tmp_path: Path):
    example = re.search(r"3\. \*\*Fill it in:\*\*\n\n   ```yaml\n(.*?)\n   ```", GUIDE, re.S).group(1)
    text = "\n".join(line[3:] for line in example.split("\n")) + "\n"
    data = tmp_path / "site_data"
    shutil.copytree(SYRIA / "site_data", data)  # the example names the Syria fixture topic's records
    (data / "events" / "united-states-strikes-shayrat-airbase.yaml").write_text(text, encoding="utf-8")
    assert "united-states-strikes-shayrat-airbase" in load_dataset(data).events


def test_every_command_the_docs_mention_exists():
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    # In code: `explainer X …` inline, or a line of a code block that starts with it.
    mentioned = set(re.findall(r"(?:^\s*|`)explainer ([a-z]+(?:-[a-z]+)*)", GUIDE + README, re.M))
    assert mentioned and mentioned <= commands, mentioned - commands


def test_the_guides_date_table_is_what_the_parser_reads():
    rows = re.findall(r"^\| ([^|]+) \| `([^`]+)`", GUIDE, re.M)
    assert len(rows) >= 6
    precisions = {text: parse_date(text).precision for _, text in rows}
    assert precisions["2019-08"] == "month" and precisions["2015"] == "year" and precisions["2017-05-04/2017-05-05"] == "range"
