"""``explainer bench``: how the build scales, measured on synthetic sites, beside plain MkDocs.

For each size it writes a synthetic data tree (``explainer synth``), builds
the site with ``mkdocs build --strict`` in a fresh process, and measures the
generator's own share (load, validate, derive, render) in another fresh
process. Beside it, in the same run, a plain MkDocs build of the same number
of Markdown pages holding the same amount of text, with a small nav: the
ratio to beat. Benchmarks are measurements, not tests: nothing here passes or
fails, except the budgets it reports against.
"""

from __future__ import annotations

import gzip
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .synth import synthesize
from .weight import measure

#: The budgets of the reader's view and of the build (issue #6), checked in the table.
BUDGET_CHART_PAGE = 600 * 1024
BUDGET_EMBED = 450 * 1024
BUDGET_SEARCH_INDEX = 2 * 1024 * 1024
BUDGET_SECONDS_10K = 60
BUDGET_MEMORY = 1024 * 1024 * 1024
BUDGET_PLAIN_RATIO = 1.5
"""Most a build may take, as a multiple of a plain MkDocs build of the same size."""
BUDGET_GROWTH = 11
"""Most the build at 10,000 events may take, as a multiple of the build at 1,000."""
BUDGET_GENERATOR_SHARE = 0.10
"""Most of the bundled site's build the generator may take."""

NAV = [
    "index.md",
    "timeline.md",
    "categories/index.md",
    "who-is-who.md",
    "places/index.md",
    "zones.md",
    "control.md",
    "disputes.md",
    "sources/index.md",
    "method.md",
]


@dataclass
class Result:
    events: int
    pages: int
    generator: float
    total: float
    peak: int
    site_bytes: int
    timeline_gz: int
    embed_gz: int
    search_gz: int
    plain: float

    @property
    def mkdocs(self) -> float:
        return self.total - self.generator

    @property
    def ratio(self) -> float:
        return self.total / self.plain if self.plain else float("nan")


def _mkdocs_config(repo: Path, nav: list[str]) -> str:
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    head = config[: config.index("\nnav:\n") + 1]
    return head + "nav:\n" + "".join(f"  - {page}\n" for page in nav)


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (bytes) and output of a command in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed in {cwd}:\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024, output


def _tree_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _plain_site(root: Path, pages: int, text_bytes: int, repo: Path) -> None:
    """A plain MkDocs project: ``pages`` Markdown pages holding ``text_bytes`` of text in all, a small nav."""
    rng = random.Random(1)
    words = "the of and to in a is that for it as was with be by on not this are or from at which an they".split()
    per_page = max(200, text_bytes // max(1, pages))
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# Plain\n\nA plain MkDocs site of the same size.\n", encoding="utf-8")
    for number in range(pages - 1):
        paragraphs, size = [], 0
        while size < per_page:
            paragraph = " ".join(rng.choice(words) for _ in range(80))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        (docs / "p" / f"page-{number:05d}.md").write_text(f"# Page {number}\n\n## Section\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    config = _mkdocs_config(repo, ["index.md"]).replace("docs_dir: content", "docs_dir: docs")
    # The same theme and search, without the explainer plugin.
    lines = [line for line in config.split("\n") if "explainer" not in line and "data_dir" not in line and "templates_dir" not in line]
    config = "\n".join(lines).replace("custom_dir: templates/overrides", "custom_dir: overrides")
    (root / "overrides").mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def bench_size(events: int, seed: int, work: Path, repo: Path, *, plain: bool = True) -> Result:
    """Build a synthetic site of ``events`` events, and a plain one of the same size; measure both."""
    project = work / f"site-{events}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    synthesize(events, seed, project / "site_data")
    shutil.copytree(repo / "templates", project / "templates")
    (project / "content").mkdir()
    (project / "content" / "method.md").write_text("# How this site is made\n\nSynthetic data.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(_mkdocs_config(repo, NAV), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    total, peak, _ = _run([sys.executable, "-m", "mkdocs", "build", "--strict"], project, env)
    generator_code = (
        "import time\nfrom pathlib import Path\nfrom explainer.generate import generate_site\n"
        "start = time.perf_counter()\n"
        "output = generate_site(Path('site_data'), Path('templates'), content_dir=Path('content'))\n"
        "print(time.perf_counter() - start, len(output.pages), sum(len(p.html) for p in output.pages))\n"
    )
    _, _, printed = _run([sys.executable, "-c", generator_code], project, env)
    seconds, pages, text = printed.split()
    site = project / "site"
    timeline = measure(site, "timeline/")
    embed = measure(site, "embed/timeline/")
    search = (site / "search" / "search_index.json").read_bytes()
    plain_seconds = 0.0
    if plain:
        plain_root = work / f"plain-{events}"
        if plain_root.exists():
            shutil.rmtree(plain_root)
        _plain_site(plain_root, int(pages) + 1, int(text), repo)
        plain_seconds, _, _ = _run([sys.executable, "-m", "mkdocs", "build"], plain_root, env)
    return Result(
        events=events,
        pages=int(pages) + 1,
        generator=float(seconds),
        total=total,
        peak=peak,
        site_bytes=_tree_bytes(site),
        timeline_gz=sum(r.gzipped for r in timeline.resources if not r.path.startswith("search/")),
        embed_gz=embed.gzipped,
        search_gz=len(gzip.compress(search, 6, mtime=0)),
        plain=plain_seconds,
    )


@dataclass
class Share:
    """The generator's share of a build of the bundled site."""

    generator: float
    total: float

    @property
    def share(self) -> float:
        return self.generator / self.total


def bench_bundled(repo: Path, work: Path, runs: int = 3) -> Share:
    """Build the repository's own site (its data, pages and templates) and time the generator within it.

    The median of ``runs`` builds, each in a fresh process; the first build of a machine also compiles
    the templates into the cache (see render.py), which the median leaves out.
    """
    project = work / "bundled"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("site_data", "content", "templates"):
        shutil.copytree(repo / name, project / name)
    shutil.copy(repo / "mkdocs.yml", project / "mkdocs.yml")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    code = (
        "import time\nfrom pathlib import Path\nimport explainer.plugin\nfrom explainer.generate import generate_site\n"
        "start = time.perf_counter()\n"
        "generate_site(Path('site_data'), Path('templates'), content_dir=Path('content'))\n"
        "print(time.perf_counter() - start)\n"
    )
    totals, generators = [], []
    for _ in range(runs):
        totals.append(_run([sys.executable, "-m", "mkdocs", "build", "--strict"], project, env)[0])
        generators.append(float(_run([sys.executable, "-c", code], project, env)[2]))
    return Share(sorted(generators)[runs // 2], sorted(totals)[runs // 2])


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    head = (
        "| events | pages | generator s | MkDocs s | total s | peak MB | site MB | timeline page KB gz |"
        " embed KB gz | search index KB gz | plain MkDocs s | ratio |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = [
        f"| {r.events:,} | {r.pages:,} | {r.generator:.1f} | {r.mkdocs:.1f} | {r.total:.1f} | {r.peak / 2**20:,.0f} |"
        f" {r.site_bytes / 2**20:,.0f} | {r.timeline_gz / 1024:,.0f} | {r.embed_gz / 1024:,.0f} |"
        f" {r.search_gz / 1024:,.0f} | {r.plain:.1f} | {r.ratio:.2f} |"
        for r in results
    ]
    return head + "\n".join(rows) + "\n"


def verdicts(results: list[Result]) -> list[str]:
    """Each budget, met or not, in words."""
    lines = []
    by_size = {r.events: r for r in results}
    for r in results:
        lines.append(
            f"{r.events:,} events: timeline page {r.timeline_gz / 1024:,.0f} KB gz"
            f" ({'within' if r.timeline_gz <= BUDGET_CHART_PAGE else 'OVER'} 600 KB), embed {r.embed_gz / 1024:,.0f} KB gz"
            f" ({'within' if r.embed_gz <= BUDGET_EMBED else 'OVER'} 450 KB), search index {r.search_gz / 1024:,.0f} KB gz"
            f" ({'within' if r.search_gz <= BUDGET_SEARCH_INDEX else 'OVER'} 2 MB), peak memory {r.peak / 2**20:,.0f} MB"
            f" ({'within' if r.peak <= BUDGET_MEMORY else 'OVER'} 1 GB), {r.ratio:.2f}× plain MkDocs"
            f" ({'within' if r.ratio <= BUDGET_PLAIN_RATIO else 'OVER'} {BUDGET_PLAIN_RATIO}×)"
        )
    if 10_000 in by_size:
        big = by_size[10_000]
        lines.append(f"10,000 events in {big.total:.1f} s ({'within' if big.total < BUDGET_SECONDS_10K else 'OVER'} 60 s)")
        if 1_000 in by_size:
            growth = big.total / by_size[1_000].total
            lines.append(f"time at 10,000 / time at 1,000 = {growth:.1f} ({'within' if growth <= BUDGET_GROWTH else 'OVER'} {BUDGET_GROWTH})")
    return lines
