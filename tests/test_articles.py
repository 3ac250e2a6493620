"""Hand-written pages: the chart block with good and bad arguments, and quotations checked against sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, write
from explainer.articles import replace_chart_blocks, scan_content, scan_page
from explainer.charts import CHART_KINDS
from explainer.loader import load_dataset


@pytest.fixture
def data(mini: Path):
    return load_dataset(mini)


def problems_of(data, text: str) -> list[str]:
    return [str(p) for p in scan_page(data, text, "content/page.md")[1]]


def test_a_good_block(data):
    blocks, problems = scan_page(data, "# T\n\n```explainer-chart\nchart: timeline\nactor: valley-front\nfrom: 2019\nto: 2020-03\n```\n", "p.md")
    assert problems == []
    assert [(b.spec.id, b.line, b.title) for b in blocks] == [("timeline-actor-valley-front-from-2019-to-2020-03", 3, None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("chart: timelines", "content/page.md:4:8: unknown chart 'timelines' (did you mean 'timeline'?); allowed: timeline, control, zones"),
        ("actor: valley-front", "content/page.md:4:1: a chart block needs 'chart:', one of timeline, control, zones"),
        ("chart: control\nactor: valley-front", "content/page.md:5:1: 'actor' is not a filter of the control chart; allowed: place, from, to, title"),
        ("chart: timeline\nplace: rivertown", "content/page.md:5:8: unknown place 'rivertown' (did you mean 'riverton'?); give the id of a file in site_data/places/"),
        ("chart: timeline\ncategory: war", "content/page.md:5:11: unknown category 'war'; give the id of a file in site_data/categories/"),
        (
            "chart: timeline\nfrom: March 2019",
            "content/page.md:5:7: 'from': 'March 2019' is not a valid EDTF date; write a date in EDTF: 2017-04-07 (a day),"
            " 2019-08 (a month), 2015 (a year), 2017-05-04/2017-05-05 (a range), 2020-01-28~ (approximate), 2020-01-28?"
            " (uncertain)",
        ),
        ("chart: timeline\nfrom: 2020\nto: 2019", "content/page.md:6:5: 'to' (2019) is before 'from' (2020); swap them"),
        ("chart: timeline\nchart: control", "content/page.md:5:1: duplicate key 'chart' (first given at line 1); keep one of them"),
        ("chart: [timeline", "content/page.md:5:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence); check the indentation and quoting here"),
    ],
)
def test_bad_blocks_say_where_and_what_is_allowed(data, body: str, expected: str):
    text = f"# Title\n\n```explainer-chart\n{body}\n```\n"
    assert problems_of(data, text) == [expected]


def test_an_unclosed_block(data):
    assert problems_of(data, "# T\n```explainer-chart\nchart: timeline\n") == [
        "content/page.md:2:1: this chart block is never closed; end it with ```"
    ]


def test_quotations_must_be_verbatim_in_a_source(data):
    text = (
        "Quoted: “Riverton, the largest town in the valley”.\n"
        "Invented: “the biggest town of all”.\n"
        "In code: `“not checked”`.\n"
        "```\n“not checked either”\n```\n"
        'A "straight quote" is a term, not checked.\n'
    )
    assert problems_of(data, text) == [
        "content/page.md:2:11: the quotation “the biggest town of all” is not verbatim in any source; copy it from an"
        " archived text in site_data/sources/, or use straight quotes for a term"
    ]


def test_a_quotation_python_markdown_shows_as_prose_is_checked(data):
    """What counts as code is what Python-Markdown renders as code: an indented "fence" and an escaped
    backtick are prose, so the quotations in them are checked."""
    text = " ~~~\n“made up in a fence that is not one”\n ~~~\n\n\\`“made up after an escaped backtick”\\`\n"
    assert problems_of(data, text) == [
        "content/page.md:2:1: the quotation “made up in a fence that is not one” is not verbatim in any source; copy it"
        " from an archived text in site_data/sources/, or use straight quotes for a term",
        "content/page.md:5:3: the quotation “made up after an escaped backtick” is not verbatim in any source; copy it"
        " from an archived text in site_data/sources/, or use straight quotes for a term",
    ]


def test_blocks_are_replaced_in_order():
    markdown = "a\n```explainer-chart\nchart: timeline\n```\nb\n~~~~explainer-chart\nchart: control\n~~~~\nc"
    assert replace_chart_blocks(markdown, ["<figure>1</figure>", "<figure>2</figure>"]) == (
        "a\n\n<figure>1</figure>\n\nb\n\n<figure>2</figure>\n\nc"
    )


def test_every_page_of_the_content_folder_is_scanned(data, tmp_path: Path):
    write(tmp_path / "content" / "a.md", "```explainer-chart\nchart: zonez\n```\n")
    write(tmp_path / "content" / "sub" / "b.md", "```explainer-chart\nchart: control\nplace: riverton\n```\n")
    blocks, problems = scan_content(data, tmp_path / "content", tmp_path)
    assert [str(p) for p in problems] == [
        "content/a.md:2:8: unknown chart 'zonez' (did you mean 'zones'?); allowed: timeline, control, zones"
    ]
    assert list(blocks) == ["sub/b.md"]


def test_a_bad_block_stops_the_build(project: Path):
    from conftest import run_mkdocs

    (project / "content" / "report.md").write_text("# R\n\n```explainer-chart\nchart: timeline\nactor: nobody\n```\n")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "content/report.md:5:8: unknown actor 'nobody'; give the id of a file in site_data/actors/" in result.stderr
    assert "Traceback" not in result.stderr


def test_brackets_nested_too_deep_are_refused_where_they_go_too_deep(data):
    text = "# T\n\nfine [one] \\[[[escaped\n  " + "[" * 11 + "x" + "]" * 11 + "\n"
    # The escaped "\[" does not count; the unclosed "[[" after it do: the 9th "[" of line 4 is the 11th level.
    assert problems_of(data, text) == [
        "content/page.md:4:11: square brackets nest more than 10 deep here; a Markdown link needs one level"
    ]
    assert problems_of(data, "# T\n\n" + "[" * 10 + "x" + "]" * 10 + "\n") == []


# --- each kind of chart's spec reads its blocks ----------------------------------------------------------------

#: The options of each kind of chart (its spec's, in the order chart ids name them); a block may also give a title.
OPTIONS = {"timeline": "actor, place, category, from, to", "control": "place, from, to", "zones": "agreement, from, to"}


def test_the_registry_lists_each_kind_of_chart_once_in_the_order_editors_are_told():
    assert list(CHART_KINDS) == list(OPTIONS)
    assert [kind.spec.kind for kind in CHART_KINDS.values()] == list(OPTIONS)


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_each_kinds_spec_refuses_an_option_it_does_not_have(data, kind: str):
    assert problems_of(data, f"# T\n\n```explainer-chart\nchart: {kind}\ncolour: red\n```\n") == [
        f"content/page.md:5:1: 'colour' is not a filter of the {kind} chart; allowed: {OPTIONS[kind]}, title"
    ]
    # Each of its options is accepted, under its own name.
    assert ", ".join(CHART_KINDS[kind].spec.option_names()) == OPTIONS[kind]


def test_every_problem_of_a_block_is_reported_at_once(data):
    body = "chart: timeline\nactor: nobody\nfrom: 2020-02-30\nshape: round\ntitle: ''"
    assert problems_of(data, f"# T\n\n```explainer-chart\n{body}\n```\n") == [
        "content/page.md:5:8: unknown actor 'nobody'; give the id of a file in site_data/actors/",
        "content/page.md:6:7: 'from': '2020-02-30': 30 February 2020 does not exist; February 2020 has 29 days",
        "content/page.md:7:1: 'shape' is not a filter of the timeline chart; allowed: actor, place, category, from, to, title",
        "content/page.md:8:8: 'title' must be one line of text",
    ]


def test_a_block_of_a_chart_the_topic_has_nothing_for_is_refused(data):
    # Hill province: no source says who held it.
    assert problems_of(data, "# T\n\n```explainer-chart\nchart: control\nplace: hill-province\n```\n") == [
        "content/page.md:5:8: no source says who held 'hill-province', so its control chart would be empty; choose a"
        " place whose control is reported"
    ]


@pytest.fixture
def bridge():
    """The second fixture topic: no control, agreements without zones."""
    return load_dataset(ROOT / "tests" / "fixtures" / "bridge" / "site_data")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "chart: zones\nagreement: construction-contract",
            "content/page.md:5:12: the agreement 'construction-contract' sets up no zones, so its zones chart would be"
            " empty; choose an agreement with zones, or a timeline chart",
        ),
        (
            "chart: zones",
            "content/page.md:4:8: no agreement of this topic sets up zones, so a zones chart would be empty; remove the"
            " block, or use a timeline chart",
        ),
        (
            "chart: control",
            "content/page.md:4:8: no source of this topic says who held a place, so a control chart would be empty;"
            " remove the block, or use a timeline chart",
        ),
    ],
)
def test_a_topic_without_zones_or_control_refuses_their_charts(bridge, body: str, expected: str):
    assert problems_of(bridge, f"# T\n\n```explainer-chart\n{body}\n```\n") == [expected]
    blocks, _ = scan_page(bridge, "```explainer-chart\nchart: timeline\nplace: old-quay\n```\n", "p.md")
    assert [block.spec.id for block in blocks] == ["timeline-place-old-quay"]


def test_a_blocks_default_title_is_its_kinds(data):
    from explainer.articles import default_title
    from explainer.dates import parse_date

    blocks, _ = scan_page(
        data,
        "```explainer-chart\nchart: timeline\nactor: ana-ruiz\ncategory: fighting\nfrom: 2019\n```\n"
        "```explainer-chart\nchart: control\nplace: riverton\nto: 2020-03\n```\n"
        "```explainer-chart\nchart: zones\n```\n",
        "p.md",
    )
    assert [default_title(data, block.spec) for block in blocks] == [
        "Events involving Ana Ruiz: Fighting, 2019 – …",
        "Who held Riverton, … – March 2020",
        "Zones and what became of them",
    ]
    assert blocks[1].spec.end == parse_date("2020-03")


def test_a_kind_that_is_not_text_is_an_unknown_chart_not_a_crash(data):
    assert problems_of(data, "# T\n\n```explainer-chart\nchart: [timeline]\n```\n") == [
        "content/page.md:4:8: unknown chart '['timeline']' (did you mean 'timeline'?); allowed: timeline, control, zones"
    ]
