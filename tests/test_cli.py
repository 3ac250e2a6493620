"""The explainer command line: exact output on fixtures."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from explainer.cli import main


def test_check_ok(mini: Path, capsys):
    assert main(["check", "--data", str(mini), "--content", str(ROOT / "tests" / "fixtures" / "mini-content")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "OK: 4 events, 4 actors, 3 places, 1 agreement, 2 sources, 1 dispute.\n"


def test_check_lists_every_problem(mini: Path, capsys, monkeypatch):
    monkeypatch.chdir(mini.parent)
    (mini / "places" / "hillcrest.yaml").write_text("id: hillcrest\nname: Hillcrest\nkind: hamlet\n")
    (mini / "camps" / "front.yaml").write_text("id: front\nname: [x\n")
    assert main(["check", "--data", "site_data"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "site_data/camps/front.yaml:3:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow"
        " sequence); check the indentation and quoting here",
        "site_data/places/hillcrest.yaml:3:7: 'kind' must be one of 'country', 'province', 'region', 'city',"
        " 'town', 'district', 'village', 'airbase', 'road' or 'other'; got 'hamlet' (the kinds site.yaml declares:"
        " vocabulary.place_kinds; add it there if the topic needs it)",
    ]
    assert captured.err == "2 problems found.\n"


def test_render_writes_the_pages_for_another_engine(mini: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["render", str(out), "--data", str(mini), "--templates", str(ROOT / "templates")]) == 0
    # Front matter in the keys MkDocs and Material read: events weigh more in search (they are sections,
    # which Material ranks below whole pages); a place's names are search terms.
    assert (out / "timeline" / "2020.md").read_text().startswith("---\ntitle: \"2020\"\nsearch:\n  boost: 2.0\n---\n\n<h1>2020</h1>")
    assert (out / "places" / "riverton.md").read_text().startswith('---\ntitle: "Riverton"\ntags: ["Riverton", "Rivertown"]\n---\n\n<h1>Riverton</h1>')
    assert capsys.readouterr().err == f"25 pages and 38 other files written to {out}\n"
    assert (out / "embed" / "timeline" / "index.html").read_text().startswith("<!doctype html>")
    # Each row says what it rests on: reported by a source, presumed between reports, or unknown; an open end is open.
    assert (out / "charts" / "control-place-riverton.csv").read_bytes().decode() == (
        "Place,Held by,Basis,From,Until,What the sources say,"
        "Start (ISO 8601),End (ISO 8601),Precision,Date inferred,Date (EDTF),Id,Page\r\n"
        "Riverton,Unknown,unknown,open (no source gives it),August 2019,No source reports who held it before August 2019.,"
        ",2019-08-31,open/month,no,../2019-08,riverton,places/riverton/\r\n"
        'Riverton,Valley Front,reported,August 2019,August 2019,"Valley Front took it (from whom, the sources do not say);'
        ' reported by Valley Gazette, 7 March 2020",2019-08-01,2019-08-31,month,no,2019-08,riverton,places/riverton/\r\n'
        "Riverton,Valley Front,presumed,August 2019,7 March 2020 (inferred),"
        "No source reports who held it between August 2019 and 7 March 2020 (inferred).,"
        "2019-08-01,2020-03-07,month/day,yes,2019-08/2020-03-07,riverton,places/riverton/\r\n"
        'Riverton,Northern Guard,reported,7 March 2020 (inferred),7 March 2020 (inferred),"Northern Guard took it from'
        ' Valley Front; reported by Valley Gazette, 7 March 2020",2020-03-07,2020-03-07,day,yes,2020-03-07,riverton,places/riverton/\r\n'
        "Riverton,Northern Guard,presumed,7 March 2020 (inferred),open (no later report),"
        "No source reports who held it after 7 March 2020 (inferred).,2020-03-07,,day/open,yes,2020-03-07/..,riverton,places/riverton/\r\n"
    )
    content = tmp_path / "content-out"
    assert main(["render", str(content), "--data", str(mini), "--content", str(ROOT / "tests" / "fixtures" / "mini-content")]) == 0
    report = (content / "report.md").read_text()
    assert "explainer-chart" not in report and 'id="chart-timeline-place-riverton-from-2019"' in report
    capsys.readouterr()
    assert main(["render", str(out), "--data", str(mini)]) == 1
    assert capsys.readouterr().err == f"error: {out}: the folder is not empty; give an empty or new folder\n"


def test_coverage_lists_unquoted_sentences(mini: Path, capsys):
    assert main(["coverage", "herald-2020-03-10", "--data", str(mini)]) == 1
    assert capsys.readouterr().out == (
        "herald-2020-03-10: 1 of 3 sentences quoted\n"
        "    0%  The Herald\n"
        "   66%  Riverton, the second largest town in the valley, changed hands last week.\n"
    )
    assert main(["coverage", "nope", "--data", str(mini)]) == 1
    assert capsys.readouterr().err == (
        "error: unknown source id: nope; known: gazette-2020-03-07, herald-2020-03-10\n"
    )


def test_the_check_program_writes_its_whole_report_through_pipes_before_it_exits(mini: Path):
    """`explainer check` (the console script) ends its process without the interpreter's teardown: its report,
    problems on stdout and the count on stderr, still arrives whole through pipes, and its exit status is kept."""
    import subprocess

    program = ROOT / ".venv" / "bin" / "explainer"
    content = str(ROOT / "tests" / "fixtures" / "mini-content")
    ok = subprocess.run([str(program), "check", "--data", str(mini), "--content", content], capture_output=True, text=True, timeout=60)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "OK: 4 events, 4 actors, 3 places, 1 agreement, 2 sources, 1 dispute.\n")
    for n in range(60):  # more than the 8 KiB Python buffers on a pipe: the last of them is flushed before the end
        (mini / "places" / f"bad-{n:02}.yaml").write_text(f"id: bad-{n:02}\nname: Bad {n}\nkind: hamlet\n")
    broken = subprocess.run([str(program), "check", "--data", str(mini)], capture_output=True, text=True, timeout=60)
    assert broken.returncode == 1
    assert len(broken.stdout) > 8192 and len(broken.stdout.splitlines()) == 60
    assert broken.stdout.endswith("add it there if the topic needs it)\n")
    assert broken.stderr == "60 problems found.\n"
