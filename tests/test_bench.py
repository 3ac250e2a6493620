"""The benchmark, as a smoke test at 100 events: it runs and reports every column. (Not a timed test.)"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from explainer.cli import main


def test_bench_at_100_events(tmp_path: Path, capsys):
    assert main(["bench", "--sizes", "100", "--work", str(tmp_path), "--repo", str(ROOT)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("| events | pages | generator s | MkDocs s | total s | peak MB | site MB |")
    row = [cell.strip() for cell in out[2].strip("|").split("|")]
    assert row[0] == "100" and len(row) == 12
    assert all(re.fullmatch(r"[\d,.]+", cell) for cell in row), row
    assert out[3].startswith("- 100 events: timeline page ")
    assert re.match(r"- bundled site: the generator takes [\d.]+ s of a [\d.]+ s build, \d+% \((within|OVER) 10%\)", out[-1])


def test_synth_is_deterministic_and_valid(tmp_path: Path, capsys):
    from explainer.loader import load_dataset

    for name in ("a", "b"):
        assert main(["synth", "--events", "300", "--seed", "7", "--out", str(tmp_path / name)]) == 0
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in sorted((tmp_path / "a").rglob("*")) if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in sorted((tmp_path / "b").rglob("*")) if p.is_file()}
    assert first == second
    dataset = load_dataset(tmp_path / "a")
    assert len(dataset.events) == 300 and len(dataset.sources) == 15 and len(dataset.actors) == 16
    assert "300 events, 15 sources, 16 actors, 22 places, 2 agreements, 2 disputes written to" in capsys.readouterr().err


def test_a_large_timeline_is_aggregated_and_bounded(tmp_path: Path):
    from explainer.charts import MAX_MARKS, ChartContext, ChartSpec, build_chart
    from explainer.derive import build_index
    from explainer.layout import event_layout
    from explainer.loader import load_dataset

    assert main(["synth", "--events", "1200", "--seed", "3", "--out", str(tmp_path / "data")]) == 0
    data = load_dataset(tmp_path / "data")
    index = build_index(data)
    layout = event_layout(index)
    ctx = ChartContext.build(data, index, layout)
    ctx.validate = True
    chart = build_chart(ctx, ChartSpec("timeline"), "timeline.md", "All")
    marks = sum(len(trace["x"]) for trace in chart.figure["data"])
    # One bar per category and month (per category and year for events dated more coarsely), not one per event:
    # the count follows the span of time covered, not the number of events.
    def within_a_month(e):
        return e.date.precision in ("day", "month") or (e.date.upper - e.date.lower).days < 31

    fine = {(e.category, e.date.lower.year, e.date.lower.month) for e in data.events.values() if within_a_month(e)}
    coarse = {(e.category, e.date.year) for e in data.events.values() if not within_a_month(e)}
    assert marks == len(fine) + len(coarse)
    categories = {e.category for e in data.events.values()}
    years = {e.date.year for e in data.events.values()}
    assert marks <= len(categories) * len(years) * (12 + 1) < 1200
    # Its static preview draws the same bars.
    assert len(re.findall(r'<rect x="[\d.]+%"', str(chart.preview))) == marks
    assert len(data.events) > MAX_MARKS  # so the aggregated form is the one under test
    assert chart.columns == ["Period", "Category", "Events"]
    assert sum(int(row[2]) for row in chart.rows) == 1200  # every event is counted once
    # Every bar opens the timeline where that month's events are.
    targets = {row[0] for trace in chart.figure["data"] for row in trace["customdata"]}
    assert all(target.startswith("timeline/") for target in targets)
    # No timeline page holds more than the page limit.
    from explainer.layout import PAGE_LIMIT

    assert max(len(page.events) for page in layout.pages) <= PAGE_LIMIT
    assert sum(len(page.events) for page in layout.pages) == 1200
