"""The benchmark: its figures from a fake clock and fake resource usage, exactly; a real run at 100 events.

Not timed tests: no test here depends on how fast this machine is.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from explainer import bench
from explainer.bench import (
    PEAK_PREFIX,
    PEAK_REPORT,
    REPORT_PREFIX,
    Block,
    Build,
    Figures,
    Finished,
    SizeResult,
    Weights,
    alternate,
    article_blocks,
    article_words,
    block_markdown,
    measure_build,
    page_markdown,
    spawn_process,
)
from explainer.cli import main


class FakeClock:
    """A clock that reads the given times, one per call, and fails the test when asked once too often."""

    def __init__(self, *times: float) -> None:
        self.times = list(times)

    def __call__(self) -> float:
        assert self.times, "the bench read the clock more often than expected"
        return self.times.pop(0)


class FakeSpawn:
    """Builds that do not run: each returns the next of the given usages, and the calls are recorded."""

    def __init__(self, calls: list[str], *usages: tuple[float, float, int, float | None]) -> None:
        self.calls = calls
        self.usages = list(usages)

    def __call__(self, argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Finished:
        user, system, peak_kib, generator_cpu = self.usages.pop(0)
        self.calls.append(argv[-1])
        stdout = "" if generator_cpu is None else f"{REPORT_PREFIX}{generator_cpu!r} {generator_cpu + 0.01!r}\n"
        # The build's own peak, as BUILD_DRIVER prints it; ru_maxrss is the starter's size, which the bench ignores.
        return Finished(0, stdout + f"{PEAK_PREFIX}{peak_kib}\n", "INFO - Documentation built\n", user, system, 10**9)


def fake_pairs(tmp_path: Path, calls: list[str], clock: FakeClock, *usages: tuple[float, float, int, float | None], repeats: int):
    site, plain = tmp_path / "site-project", tmp_path / "plain-project"
    site.mkdir(exist_ok=True)
    plain.mkdir(exist_ok=True)
    return alternate(
        Build("1,000 events, explainer site", site, explainer=True),
        Build("1,000 events, plain MkDocs baseline", plain, explainer=False),
        repeats,
        clock=clock,
        spawn=FakeSpawn(calls, *usages),
        env={},
        cores=2,
        after_first_site=lambda: calls.append("derive the baseline"),
        after_first_baseline=lambda: calls.append("check the baseline"),
    )


WEIGHTS = Weights(
    site_bytes=17 * 2**20,
    text_bytes=900 * 1024,
    timeline_gz=487 * 1024,
    embed_gz=412 * 1024,
    search_gz=49 * 1024,
    first_visit_gz=80 * 1024,
    index_gz=480 * 1024,
    index_page="control/",
    embed_page="embed/control/",
)


def test_the_report_of_fake_readings_is_exact(tmp_path: Path):
    calls: list[str] = []
    # Site, baseline, site, baseline, site, baseline: wall 2.0, 1.0, 2.5, 2.0, 2.2, 1.1 s.
    clock = FakeClock(100.0, 102.0, 102.5, 103.5, 104.0, 106.5, 107.0, 109.0, 110.0, 112.2, 113.0, 114.1)
    pairs = fake_pairs(
        tmp_path,
        calls,
        clock,
        (1.5, 0.3, 100 * 1024, 0.18),  # user s, system s, peak KiB, generator CPU s (None: no report)
        (0.8, 0.1, 50 * 1024, None),
        (1.7, 0.3, 102 * 1024, 0.3),
        (0.9, 0.1, 51 * 1024, None),
        (1.6, 0.3, 101 * 1024, 0.19),
        (0.85, 0.15, 50 * 1024, None),
        repeats=3,
    )
    assert calls == ["explainer", "derive the baseline", "plain", "check the baseline", "explainer", "plain", "explainer", "plain"]
    assert clock.times == []  # two readings a build, no more
    small = SizeResult(1_000, 160, 3, Figures.of("1,000 events", pairs), WEIGHTS)

    big_pairs = fake_pairs(tmp_path, [], FakeClock(0.0, 30.0, 31.0, 51.0), (26.0, 2.0, 600 * 1024, 2.8), (18.0, 1.0, 400 * 1024, None), repeats=1)
    big = SizeResult(10_000, 1_288, 1, Figures.of("10,000 events", big_pairs), Weights(121 * 2**20, 9000 * 1024, 497 * 1024, 421 * 1024, 533 * 1024, 84 * 1024, 610 * 1024, "control/a-f/", "embed/timeline/"))

    bundled_clock = FakeClock(0.0, 1.5, 2.0, 3.5, 4.0, 5.5)
    bundled = bench.bench_bundled(
        ROOT, tmp_path / "work", repeats=3, clock=bundled_clock, spawn=FakeSpawn([], (0.9, 0.1, 60 * 1024, 0.08), (1.0, 0.2, 60 * 1024, 0.12), (1.0, 0.1, 61 * 1024, 0.1))
    )

    assert bench.report([small, big], bundled) == (
        "| events | pages | build | runs | wall s | CPU s | peak MB | generator CPU s | generator % of CPU |\n"
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|\n"
        "| 1,000 | 160 | explainer | 3 | 2.20 (2.00–2.50) | 1.90 (1.80–2.00) | 101 (100–102) | 0.19 (0.18–0.30) | 10 (10–15) |\n"
        "| 1,000 | 160 | plain MkDocs | 3 | 1.10 (1.00–2.00) | 1.00 (0.90–1.00) | 50 (50–51) | | |\n"
        "| 1,000 | 160 | ratio | 3 | 2.00 (1.25–2.00) | 2.00 (1.90–2.00) | 2.00 (2.00–2.02) | | |\n"
        "| 10,000 | 1,288 | explainer | 1 | 30.00 (30.00–30.00) | 28.00 (28.00–28.00) | 600 (600–600) | 2.80 (2.80–2.80) | 10 (10–10) |\n"
        "| 10,000 | 1,288 | plain MkDocs | 1 | 20.00 (20.00–20.00) | 19.00 (19.00–19.00) | 400 (400–400) | | |\n"
        "| 10,000 | 1,288 | ratio | 1 | 1.50 (1.50–1.50) | 1.47 (1.47–1.47) | 1.50 (1.50–1.50) | | |\n"
        "\n"
        "| events | pages | page text KB | site MB | timeline page KB gz | heaviest embed KB gz | first visit KB gz"
        " | heaviest index page KB gz | search index, all pieces, KB gz |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        "| 1,000 | 160 | 900 | 17 | 487 | 412 (`embed/control/`) | 80 | 480 (`control/`) | 49 |\n"
        "| 10,000 | 1,288 | 9,000 | 121 | 497 | 421 (`embed/timeline/`) | 84 | 610 (`control/a-f/`) | 533 |\n"
        "\n"
        "- 1,000 events: timeline page 487 KB gz (within 600 KB), heaviest embed 412 KB gz (within 450 KB), heaviest index page"
        " 480 KB gz in all (within 600 KB), peak memory 101 MB (within 1 GB), CPU time 2.00 × plain MkDocs (OVER 1.5 ×),"
        " generator 10% of the CPU time (within 10%)\n"
        "- 10,000 events: timeline page 497 KB gz (within 600 KB), heaviest embed 421 KB gz (within 450 KB), heaviest index page"
        " 610 KB gz in all (OVER 600 KB), peak memory 600 MB (within 1 GB), CPU time 1.47 × plain MkDocs (within 1.5 ×),"
        " generator 10% of the CPU time (within 10%)\n"
        "- first visit (the home page until a chart is used, no search index): 80 KB gz at 1,000 events, 84 KB gz at 10,000\n"
        "- 10,000 events in 30.00 s (within 60 s)\n"
        "- time at 10,000 / time at 1,000 = 13.6 (OVER 11)\n"
        "- bundled site: the generator takes 0.10 s of a 1.10 s build (CPU time), 9% (8–10%) (within 10%)\n"
    )


def test_a_build_of_100000_events_is_judged_by_its_own_budgets(tmp_path: Path):
    # Issue #6 gives 1 GB to a build of 10,000 events; issue #12 gives 2 GB to one of 100,000, and 10 times the time.
    def size(events: int, wall: float, peak_mib: int) -> SizeResult:
        pairs = fake_pairs(tmp_path, [], FakeClock(0.0, wall, wall, wall + 1.0), (wall - 1.0, 0.5, peak_mib * 1024, 1.0), (0.5, 0.2, 100 * 1024, None), repeats=1)
        return SizeResult(events, 100, 1, Figures.of(f"{events:,} events", pairs), WEIGHTS)

    lines = bench.verdicts([size(10_000, 30.0, 1_100), size(100_000, 290.0, 1_500)])
    assert "peak memory 1,100 MB (OVER 1 GB)" in lines[0]
    assert "peak memory 1,500 MB (within 2 GB)" in lines[1]
    assert lines[-1] == "time at 100,000 / time at 10,000 = 9.7 (within 10)"
    lines = bench.verdicts([size(10_000, 30.0, 900), size(100_000, 310.0, 2_100)])
    assert "peak memory 900 MB (within 1 GB)" in lines[0]
    assert "peak memory 2,100 MB (OVER 2 GB)" in lines[1]
    assert lines[-1] == "time at 100,000 / time at 10,000 = 10.3 (OVER 10)"


def test_a_clock_that_goes_backwards_is_an_error_not_a_figure(tmp_path: Path):
    with pytest.raises(bench.ImpossibleReading) as caught:
        fake_pairs(tmp_path, [], FakeClock(10.0, 9.5), (1.5, 0.3, 100 * 1024, 0.18), repeats=3)
    assert str(caught.value) == (
        "1,000 events, explainer site, run 1: impossible wall time -0.500000 s (the clock read 10.000000 s before"
        " the build and 9.500000 s after it); the bench needs a monotonic clock"
    )
    with pytest.raises(bench.ImpossibleReading) as caught:
        fake_pairs(tmp_path, [], FakeClock(10.0, 10.0), (1.5, 0.3, 100 * 1024, 0.18), repeats=1)
    assert str(caught.value) == (
        "1,000 events, explainer site, run 1: impossible wall time 0.000000 s (the clock read 10.000000 s before"
        " the build and 10.000000 s after it); the bench needs a monotonic clock"
    )


@pytest.mark.parametrize(
    ("usage", "message"),
    [
        (
            (1.5, 0.3, 100 * 1024, 2.0),
            "1,000 events, explainer site, run 1: impossible generator CPU time 2.000000 s in a build of 1.800000 s of CPU time",
        ),
        (
            (1.5, 0.3, 100 * 1024, -0.1),
            "1,000 events, explainer site, run 1: impossible generator CPU time -0.100000 s in a build of 1.800000 s of CPU time",
        ),
        (
            (4.0, 0.5, 100 * 1024, 0.1),  # more than 2 cores could give in 2 s
            "1,000 events, explainer site, run 1: impossible CPU time 4.500000 s (user 4.000000 s + system 0.500000 s)"
            " for 2.000000 s of wall time on 2 cores",
        ),
        (
            (0.0, 0.0, 100 * 1024, 0.0),
            "1,000 events, explainer site, run 1: impossible CPU time 0.000000 s (user 0.000000 s + system 0.000000 s)"
            " for 2.000000 s of wall time on 2 cores",
        ),
        ((1.5, 0.3, 0, 0.1), "1,000 events, explainer site, run 1: impossible peak memory 0 KiB"),
        ((1.5, 0.3, 100 * 1024, None), "1,000 events, explainer site, run 1: the build printed no generator report ('explainer-bench generator')"),
    ],
)
def test_an_impossible_reading_is_an_error_with_what_was_read(tmp_path: Path, usage, message: str):
    with pytest.raises(bench.BenchError) as caught:
        fake_pairs(tmp_path, [], FakeClock(0.0, 2.0), usage, repeats=1)
    assert str(caught.value) == message


def test_the_generator_cannot_take_longer_than_its_build(tmp_path: Path):
    build = Build("bundled site, run 1", tmp_path, explainer=True)

    def spawn(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Finished:
        return Finished(0, f"{REPORT_PREFIX}0.5 3.0\n{PEAK_PREFIX}1000\n", "", 1.0, 0.2, 1000)

    with pytest.raises(bench.ImpossibleReading) as caught:
        measure_build(build, clock=FakeClock(0.0, 2.0), spawn=spawn, env={}, cores=2)
    assert str(caught.value) == "bundled site, run 1: impossible generator wall time 3.000000 s in a build of 2.000000 s"


def test_a_builds_peak_memory_is_its_own_report_not_its_starters(tmp_path: Path):
    # A process keeps, through exec, the size of the process that started it in ru_maxrss: a bench holding a
    # large site would read that as the build's peak. The build's own report wins.
    def spawn(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Finished:
        return Finished(0, f"{REPORT_PREFIX}0.5 0.6\n{PEAK_PREFIX}1234\n", "", 1.0, 0.2, 999_999)

    reading = measure_build(Build("bundled site, run 1", tmp_path, explainer=True), clock=FakeClock(0.0, 2.0), spawn=spawn, env={}, cores=2)
    assert reading.peak == 1234 * 1024
    # A build that printed no peak is an error: ru_maxrss may be the bench's own size.
    with pytest.raises(bench.BenchError) as caught:
        measure_build(
            Build("plain", tmp_path, explainer=False), clock=FakeClock(0.0, 2.0), spawn=lambda argv, cwd, env: Finished(0, "", "", 1.0, 0.2, 5678), env={}, cores=2
        )
    assert str(caught.value) == "plain: the build printed no peak memory ('explainer-bench peak'; it reads Linux's /proc/self/status)"


def test_a_process_started_by_a_large_one_reports_its_own_peak(tmp_path: Path):
    held = bytearray(300_000_000)  # the starter's memory, touched page by page
    for at in range(0, len(held), 4096):
        held[at] = 1
    finished = spawn_process([sys.executable, "-c", PEAK_REPORT], tmp_path, dict(os.environ))
    assert finished.status == 0
    own = int(finished.stdout.removeprefix(PEAK_PREFIX))
    assert own < 100_000  # KiB: a small Python process
    assert finished.maxrss_kib > 290_000  # what ru_maxrss says: the starter's size
    del held


def test_a_failed_build_is_an_error_with_its_log(tmp_path: Path):
    def spawn(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Finished:
        return Finished(1, "", "ERROR - Config value 'plugins': The \"explainer\" plugin is not installed\n", 0.3, 0.1, 1000)

    with pytest.raises(bench.BenchError) as caught:
        measure_build(Build("100 events, explainer site, run 1", tmp_path, explainer=True), clock=FakeClock(0.0, 1.0), spawn=spawn, env={}, cores=2)
    assert str(caught.value) == (
        f"100 events, explainer site, run 1 failed (exit status 1) in {tmp_path}:\n"
        "ERROR - Config value 'plugins': The \"explainer\" plugin is not installed\n"
    )


def test_a_spread_refuses_an_impossible_figure():
    with pytest.raises(bench.ImpossibleReading) as caught:
        bench.Spread.of("100 events, wall time ratio", [1.2, float("inf")])
    assert str(caught.value) == "100 events, wall time ratio: impossible figure inf"
    with pytest.raises(bench.ImpossibleReading) as caught:
        bench.Spread.of("100 events, site CPU time", [-1.0])
    assert str(caught.value) == "100 events, site CPU time: impossible figure -1.0"


def test_sizes_and_repeats_are_checked(capsys):
    assert bench.parse_sizes("1000,10000,100000") == [1_000, 10_000, 100_000]
    with pytest.raises(SystemExit):
        main(["bench", "--sizes", "1000,ten"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "explainer bench: error: argument --sizes: 'ten' is not a number of events; give whole numbers of at least 1,"
        " such as 1000,10000"
    )
    with pytest.raises(SystemExit):
        main(["bench", "--repeats", "0"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "explainer bench: error: argument --repeats: '0' is not a number of repeats; give a whole number of at least 1"
    )


TRICKY = [
    "1. not a list, 2) nor this",
    "- not an item",
    "+ nor this",
    "# not a heading, C# stays",
    "> not a quotation",
    "!!! note not an admonition",
    "??? nor a details block",
    "=== nor a tab",
    "---",
    "*not emphasis* _nor this_ `nor code` [nor a link](x) <b>nor HTML</b> &amp; | a | b | {: .nor-attributes }",
    "a\\backslash and 3 < 4 > 2 & ©",
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_baseline_page_shows_exactly_its_text(text: str):
    md = markdown.Markdown(extensions=["toc", "attr_list", "admonition", "pymdownx.details", "tables"])
    blocks = [
        Block(1, ((text, False),)),
        Block(0, ((text, False),)),
        Block(0, ((text, False), (" (aside)", True))),
        Block(0, ((text, False),), item=True),
        Block(0, (("(aside) ", True), (text, False)), item=True),
        Block(0, (("Header", False),), cell=(1, 1)),
        Block(0, ((text, False),), cell=(1, 2)),
        Block(0, (("2020", False),), cell=(1, 2)),
        Block(0, ((text, False),)),
    ]
    rendered = md.reset().convert(page_markdown(blocks))
    found = article_blocks(f"<article>{rendered}</article>")
    assert found is not None and article_words(found) == article_words(blocks), rendered
    assert [(b.level, b.item, b.cell is None) for b in found] == [(b.level, b.item, b.cell is None) for b in blocks], rendered


def test_text_kept_out_of_search_stays_out_of_it_in_the_baseline():
    assert block_markdown(Block(0, (("Riverton: from A to B ", False), ("(who held it when)", True)))) == (
        "Riverton: from A to B <span data-search-exclude>(who held it when)</span>"
    )
    assert page_markdown([Block(2, (("— Synthetic Wire", True),))]) == "## <span data-search-exclude>— Synthetic Wire</span>\n"
    md = markdown.Markdown(extensions=["tables"])
    assert md.convert(page_markdown([Block(0, (("a", False),), cell=(1, 1)), Block(0, (("b <c>", True),), cell=(1, 2))])) == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td><span data-search-exclude>b &lt;c&gt;</span></td>\n</tr>\n</tbody>\n</table>"
    )


def _article_pages(site: Path) -> list[str]:
    """Pages of a built site that MkDocs rendered (with an <article>), by path: counted here without the bench."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("index.html")
        if "<article" in path.read_text(encoding="utf-8")
    )


def test_bench_at_100_events(tmp_path: Path, capsys):
    """A real run, once each: both builds ran, with the same pages, and every figure printed is a positive number."""
    assert main(["bench", "--sizes", "100", "--repeats", "1", "--work", str(tmp_path), "--repo", str(ROOT)]) == 0
    out = capsys.readouterr().out

    site, plain = tmp_path / "site-100" / "site", tmp_path / "plain-100" / "site"
    pages = _article_pages(site)
    assert pages == _article_pages(plain) and len(pages) > 50
    # The baseline is plain MkDocs: Markdown pages, no explainer, and the site's own words.
    # (The search-index plugin stays: both sites are indexed alike.)
    assert not re.search(r"^\s*- explainer:\s*$", (tmp_path / "plain-100" / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert (tmp_path / "plain-100" / "docs" / "timeline.md").is_file()
    year = sorted((site / "timeline").glob("20*/index.html"))[0]
    quote = re.search(r'<blockquote class="ex-quote"><p>(.*?)</p>', year.read_text(encoding="utf-8"))
    assert quote is not None
    assert quote.group(1) in (plain / year.relative_to(site)).read_text(encoding="utf-8")

    number = r"\d[\d,]*(?:\.\d+)?"
    assert all(float(found.replace(",", "")) > 0 for found in re.findall(number, out)), out
    rows = [line.split(" | ") for line in out.splitlines() if line.startswith("| 100 |")]
    assert [row[1] for row in rows] == [str(len(pages))] * 4  # three build rows and the weights row
    assert re.sub(number, "N", re.sub(r"`[^`]*`", "`PAGE`", out)) == (
        "| events | pages | build | runs | wall s | CPU s | peak MB | generator CPU s | generator % of CPU |\n"
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|\n"
        "| N | N | explainer | N | N (N–N) | N (N–N) | N (N–N) | N (N–N) | N (N–N) |\n"
        "| N | N | plain MkDocs | N | N (N–N) | N (N–N) | N (N–N) | | |\n"
        "| N | N | ratio | N | N (N–N) | N (N–N) | N (N–N) | | |\n"
        "\n"
        "| events | pages | page text KB | site MB | timeline page KB gz | heaviest embed KB gz | first visit KB gz"
        " | heaviest index page KB gz | search index, all pieces, KB gz |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        "| N | N | N | N | N | N (`PAGE`) | N | N (`PAGE`) | N |\n"
        "\n"
        "- N events: timeline page N KB gz ({} N KB), heaviest embed N KB gz ({} N KB), heaviest index page N KB gz"
        " in all ({} N KB), peak memory N MB ({} N GB), CPU time N × plain MkDocs ({} N ×), generator N%"
        " of the CPU time ({} N%)\n"
        "- bundled site: the generator takes N s of a N s build (CPU time), N% (N–N%) ({} N%)\n"
    ).format(*(verdict(shown, budget) for shown, budget in _budgets(out)))


def verdict(shown: float, budget: float) -> str:
    return "within" if shown <= budget else "OVER"


def _budgets(out: str) -> list[tuple[float, float]]:
    """Each figure a verdict judges, as printed, and its budget, in the order of the verdicts."""
    figures = re.search(
        r"timeline page ([\d,]+) KB gz .* embed ([\d,]+) KB gz .* heaviest index page ([\d,]+) KB gz .* peak memory ([\d,]+) MB"
        r" .* CPU time ([\d.]+) × plain MkDocs .* generator (\d+)% of the CPU time .*\n"
        r"- bundled site: .* build \(CPU time\), (\d+)% ",
        out,
    )
    assert figures is not None, out
    shown = [float(value.replace(",", "")) for value in figures.groups()]
    return list(zip(shown, [600, 450, 600, 1024, 1.5, 10, 10], strict=True))


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
    from explainer.charts import MAX_MARKS, ChartContext, TimelineSpec, build_chart
    from explainer.derive import build_index
    from explainer.layout import event_layout
    from explainer.loader import load_dataset

    assert main(["synth", "--events", "1200", "--seed", "3", "--out", str(tmp_path / "data")]) == 0
    data = load_dataset(tmp_path / "data")
    index = build_index(data)
    layout = event_layout(index)
    ctx = ChartContext.build(data, index, layout)
    ctx.validate = True
    chart = build_chart(ctx, TimelineSpec(), "timeline.md", "All")
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
