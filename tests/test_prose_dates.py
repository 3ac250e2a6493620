"""A date or year in the editors' prose that none of the record's dates or quotes supports is a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ROOT, edit, run_mkdocs
from explainer.cli import main
from explainer.loader import load_dataset
from explainer.prosedates import mentions
from explainer.validate import data_warnings

CONTENT = str(ROOT / "tests" / "fixtures" / "mini-content")
COUNTS = "4 events, 4 actors, 3 places, 1 agreement, 2 sources, 1 dispute"


def warnings(data: Path) -> list[str]:
    return [str(warning) for warning in data_warnings(load_dataset(data, display_root=data.parent))]


def test_dates_are_read_in_their_english_forms():
    found = [(m.text, m.lower, m.upper, m.kind) for m in mentions(
        "From 2015 to 12 January 2020, on January 12, 2020, in May 2017, on 4–5 May 2017 and May 4-5, 2017;"
        " not 1,500 people, 20150, 2019-04, or [the attack](event:attack-2017) at https://example.org/2018/x."
    )]
    assert found == [
        ("2015", dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year"),
        ("12 January 2020", dt.date(2020, 1, 12), dt.date(2020, 1, 12), "date"),
        ("January 12, 2020", dt.date(2020, 1, 12), dt.date(2020, 1, 12), "date"),
        ("May 2017", dt.date(2017, 5, 1), dt.date(2017, 5, 31), "date"),
        ("4–5 May 2017", dt.date(2017, 5, 4), dt.date(2017, 5, 5), "date"),
        ("May 4-5, 2017", dt.date(2017, 5, 4), dt.date(2017, 5, 5), "date"),
    ]


def test_the_fixture_topic_has_no_unsupported_date(mini: Path):
    assert warnings(mini) == []


def test_a_year_nothing_supports_is_a_warning_with_the_passage_to_quote(mini: Path):
    # The Gazette says the Front first entered Hillcrest in 2015; the Guard's record neither quotes it nor has a date.
    edit(
        mini / "actors" / "northern-guard.yaml",
        "description: An armed group that took [Riverton](place:riverton) in March 2020.",
        "description: An armed group that took [Riverton](place:riverton) in March 2020, held since 2015 by the Front.",
    )
    assert warnings(mini) == [
        "site_data/actors/northern-guard.yaml:8:14: warning: the year 2015 in 'description' is not in the record's"
        " dates or quotes; quote the source's words for it or remove it (source 'gazette-2020-03-07' has it: “In"
        " 2015 the Valley Front, which is backed by the Coastal League, first entered Hillcrest.”)"
    ]


def test_a_date_no_source_has_is_a_warning_without_a_passage(mini: Path):
    edit(
        mini / "events" / "front-takes-riverton.yaml",
        "summary: The [Valley Front](actor:valley-front) captured Riverton.",
        "summary: The [Valley Front](actor:valley-front) captured Riverton on 3 September 2019.",
    )
    assert warnings(mini) == [
        "site_data/events/front-takes-riverton.yaml:8:10: warning: the date 3 September 2019 in 'summary' is not in"
        " the record's dates or quotes; quote the source's words for it or remove it"
    ]


def test_dates_the_record_supports_are_not_warnings(mini: Path):
    # Its own date (August 2019), a year its quote gives (2015), a publication date of a source it cites (March
    # 2020), the date of a record its prose links to (the accord of 4-5 May 2017).
    edit(
        mini / "events" / "front-takes-riverton.yaml",
        "summary: The [Valley Front](actor:valley-front) captured Riverton.",
        "summary: >-\n  In August 2019 the [Valley Front](actor:valley-front) captured Riverton, as the Gazette reported"
        " in March 2020, after the [accord](agreement:riverton-accord) of 4–5 May 2017.",
    )
    edit(mini / "events" / "front-enters-hillcrest.yaml", "summary: The Valley Front", "summary: In 2015 the Valley Front")
    assert warnings(mini) == []


def test_check_prints_warnings_and_exits_0(mini: Path, capsys, monkeypatch):
    monkeypatch.chdir(mini.parent)
    edit(mini / "categories" / "fighting.yaml", "name: Fighting", "name: Fighting since 1999")
    assert main(["check", "--data", "site_data", "--content", CONTENT]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "site_data/categories/fighting.yaml:3:7: warning: the year 1999 in 'name' is not in the record's dates or"
        " quotes; quote the source's words for it or remove it\n"
    )
    assert captured.err == f"OK, with 1 warning: {COUNTS}.\n"
    assert main(["check", "--data", "site_data", "--content", CONTENT, "--format", "github"]) == 0
    assert capsys.readouterr().out == (
        "::warning file=site_data/categories/fighting.yaml,line=3,col=7::the year 1999 in 'name' is not in the"
        " record's dates or quotes; quote the source's words for it or remove it\n"
    )


def test_the_build_prints_warnings_and_succeeds(project: Path):
    edit(project / "site_data" / "categories" / "fighting.yaml", "name: Fighting", "name: Fighting since 1999")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert (
        "INFO    -  site_data/categories/fighting.yaml:3:7: warning: the year 1999 in 'name' is not in the record's"
        " dates or quotes; quote the source's words for it or remove it\n"
    ) in result.stderr


def test_a_build_lets_the_files_positions_go_once_its_warnings_are_made(mini: Path, monkeypatch):
    # At 100,000 events the positions are a quarter of a build's memory: a build renders without them, and a
    # preview, which checks the data again on its next save, keeps them.
    from explainer import render
    from explainer.generate import generate_site
    from explainer.incremental import PreviewSession

    edit(
        mini / "actors" / "northern-guard.yaml",
        "description: An armed group that took [Riverton](place:riverton) in March 2020.",
        "description: An armed group that took [Riverton](place:riverton) in March 2020, held since 2015 by the Front.",
    )
    rendered_from = []
    render_site = render.render_site

    def recording(data, *args, **kwargs):
        rendered_from.append(len(data.documents))
        return render_site(data, *args, **kwargs)

    monkeypatch.setattr(render, "render_site", recording)
    templates, content = ROOT / "templates", Path(CONTENT)
    built = generate_site(mini, templates, content_dir=content, display_root=mini.parent)
    previewed = generate_site(mini, templates, content_dir=content, display_root=mini.parent, session=PreviewSession())
    assert rendered_from[0] == 0
    assert rendered_from[1] == len(load_dataset(mini).documents) > 0
    assert [str(warning) for warning in built.warnings] == [str(warning) for warning in previewed.warnings] == warnings(mini)
    assert len(built.warnings) == 1
