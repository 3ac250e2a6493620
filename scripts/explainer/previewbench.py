"""``explainer bench --preview``: how long a preview (``mkdocs serve``) takes to show a saved file.

A preview session runs in a fresh process of its own, as ``mkdocs serve`` runs it: the plugins started once
(``on_startup(command="serve")``), then one build into the served folder per save, each with the configuration
loaded anew. After the first build, each kind of save (:data:`SAVES`) is made ``repeats`` times, each time with
new content, and the rebuild that follows is timed: wall time (:func:`time.monotonic`) and the process's CPU
time (:func:`time.process_time`) from the start of the build to the last page written. The search index, which
a preview writes in the background after the pages, is waited for before the next save and not counted: a
reader sees the page before it.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: What a save changes, by name: an event's title (a data file), a sentence of a hand-written page, nothing (a
#: data file saved again as it was).
SAVES = ("data file", "hand-written page", "nothing")


def _event_file(project: Path) -> Path:
    return sorted((project / "site_data" / "events").glob("*.yaml"))[0]


def _page_file(project: Path) -> Path:
    return sorted((project / "content").rglob("*.md"))[0]


def _save(project: Path, what: str, n: int) -> None:
    """Make save number ``n`` of kind ``what`` (each with new content, as an editor's saves are)."""
    if what == "data file":
        import yaml

        path = _event_file(project)
        text = path.read_text(encoding="utf-8")
        title = str(yaml.safe_load(text)["title"]).split(" (saved ", 1)[0]
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
        lines[at] = f"title: {json.dumps(f'{title} (saved {n})', ensure_ascii=False)}"  # (JSON is YAML)
        path.write_text("\n".join(lines), encoding="utf-8")
    elif what == "nothing":  # saved as it was: the same bytes, a newer modification time
        path = _event_file(project)
        path.write_bytes(path.read_bytes())
    elif what == "hand-written page":
        path = _page_file(project)
        text = path.read_text(encoding="utf-8").split("\n\nSaved in the preview", 1)[0]
        path.write_text(f"{text}\n\nSaved in the preview, {n} times.\n", encoding="utf-8")


def run_session(project: Path, repeats: int, dirty: bool) -> dict[str, object]:
    """In this process: a preview session of ``project`` (``mkdocs serve``, with ``--dirty`` if ``dirty``); the
    first build's and each save's rebuild times."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .plugin import ExplainerPlugin

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.chdir(project)
    served = project / ".served"
    config_file = str(project / "mkdocs.yml")
    startup = load_config(config_file, site_dir=str(served))
    startup.plugins.on_startup(command="serve", dirty=dirty)

    def rebuild() -> tuple[float, float]:
        config = load_config(config_file, site_dir=str(served))
        wall, cpu = time.monotonic(), time.process_time()
        build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        config.plugins["explainer-search"].on_shutdown()  # the background index: written before the next save
        plugin = config.plugins["explainer"]
        assert isinstance(plugin, ExplainerPlugin)
        problems = plugin.problems
        if problems is not None:  # a save that broke the data would time the serving of the last good build
            raise RuntimeError(f"a save left the data with problems:\n{problems}")
        return wall, cpu

    first = rebuild()
    times: dict[str, list[tuple[float, float]]] = {what: [] for what in SAVES}
    for n in range(repeats):
        for what in SAVES:
            _save(project, what, n)
            times[what].append(rebuild())
    startup.plugins.on_shutdown()
    pages = sum(1 for _ in served.rglob("*.html"))
    return {"first": first, "saves": times, "html_files": pages}


@dataclass(frozen=True)
class PreviewResult:
    """One site's preview: its first build and, for each kind of save, the rebuilds' wall and CPU times."""

    name: str
    command: str
    first_wall: float
    saves: dict[str, list[tuple[float, float]]]


def bench_preview(
    name: str, project: Path, repeats: int, *, dirty: bool, run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
) -> PreviewResult:
    """A preview session of ``project`` in a fresh process (see the module's description)."""
    done = run(
        [sys.executable, "-m", "explainer.previewbench", str(project), str(repeats), "dirty" if dirty else "clean"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the preview of {name} failed:\n{done.stderr[-4000:]}")
    reading = json.loads(done.stdout.strip().splitlines()[-1])
    saves = {what: [(float(wall), float(cpu)) for wall, cpu in reading["saves"][what]] for what in SAVES}
    for what, pairs in saves.items():
        for wall, cpu in pairs:
            if wall <= 0 or cpu < 0:
                raise RuntimeError(f"the preview of {name}: an impossible reading for {_save_words(what)}: {wall} s, {cpu} s of CPU")
    return PreviewResult(name, "mkdocs serve --dirty" if dirty else "mkdocs serve", float(reading["first"][0]), saves)


def _save_words(what: str) -> str:
    return "a save changing nothing" if what == "nothing" else f"a save of a {what}"


def preview_table(results: list[PreviewResult]) -> str:
    """The rebuild after each kind of save: median wall time with the range, and median CPU time."""
    header = "| site | command | first build s | " + " | ".join(f"{_save_words(what)[2:]}: wall s (range), CPU s" for what in SAVES) + " |"
    lines = [header, "|---|---|---:|" + "---:|" * len(SAVES)]
    for result in results:
        cells = []
        for what in SAVES:
            walls = [wall for wall, _ in result.saves[what]]
            cpus = [cpu for _, cpu in result.saves[what]]
            cells.append(f"{statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}), {statistics.median(cpus):.2f}")
        lines.append(f"| {result.name} | `{result.command}` | {result.first_wall:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    project, repeats, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    print(json.dumps(run_session(project, repeats, dirty=mode == "dirty")))


if __name__ == "__main__":
    main()
