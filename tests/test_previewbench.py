"""`explainer bench --preview`: its readings are checked before anything is printed, and its table is exact.

The session itself runs in a process of its own; here its output is given by a fake process, as the bench's
other tests give a fake clock.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from explainer.previewbench import SAVES, PreviewResult, _save, bench_preview, preview_table


def _fake_run(reading: dict[str, Any], returncode: int = 0, stderr: str = "") -> Any:
    calls: list[list[str]] = []

    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append(argv)
        return subprocess.CompletedProcess(argv, returncode, stdout="a log line\n" + json.dumps(reading) + "\n", stderr=stderr)

    run.calls = calls  # type: ignore[attr-defined]
    return run


def _reading(data: list[tuple[float, float]]) -> dict[str, Any]:
    return {"first": [2.5, 2.0], "saves": dict.fromkeys(SAVES, data), "html_files": 10}


def test_a_session_is_read_from_its_process(tmp_path: Path):
    run = _fake_run(_reading([(0.5, 0.4), (0.3, 0.3), (0.4, 0.2)]))
    result = bench_preview("bundled site", tmp_path, 3, dirty=True, run=run)
    assert run.calls[0][-3:] == [str(tmp_path), "3", "dirty"]
    assert result == PreviewResult("bundled site", "mkdocs serve --dirty", 2.5, {what: [(0.5, 0.4), (0.3, 0.3), (0.4, 0.2)] for what in SAVES})
    assert preview_table([result]) == (
        "| site | command | first build s | save of a data file: wall s (range), CPU s | save of a hand-written page: wall s"
        " (range), CPU s | save changing nothing: wall s (range), CPU s |\n"
        "|---|---|---:|---:|---:|---:|\n"
        "| bundled site | `mkdocs serve --dirty` | 2.50 | 0.40 (0.30–0.50), 0.30 | 0.40 (0.30–0.50), 0.30 | 0.40 (0.30–0.50), 0.30 |\n"
    )


@pytest.mark.parametrize("wall, cpu", [(0.0, 0.1), (-0.2, 0.1), (0.3, -0.1)])
def test_an_impossible_reading_stops_the_bench(tmp_path: Path, wall: float, cpu: float):
    run = _fake_run(_reading([(wall, cpu)]))
    with pytest.raises(RuntimeError) as raised:
        bench_preview("1,000 events", tmp_path, 1, dirty=False, run=run)
    assert str(raised.value) == f"the preview of 1,000 events: an impossible reading for a save of a data file: {wall} s, {cpu} s of CPU"


def test_a_failed_session_says_so(tmp_path: Path):
    run = _fake_run({}, returncode=1, stderr="Traceback: something broke")
    with pytest.raises(RuntimeError) as raised:
        bench_preview("bundled site", tmp_path, 1, dirty=False, run=run)
    assert str(raised.value) == "the preview of bundled site failed:\nTraceback: something broke"


def test_each_save_changes_its_file_and_leaves_valid_yaml(tmp_path: Path):
    import yaml

    event = tmp_path / "site_data/events/a.yaml"
    event.parent.mkdir(parents=True)
    event.write_text('id: a\ntitle: "Quoted: a title"\ndate: 2020-01-01\n', encoding="utf-8")
    page = tmp_path / "content/page.md"
    page.parent.mkdir(parents=True)
    page.write_text("# A page\n", encoding="utf-8")
    for n in range(2):
        _save(tmp_path, "data file", n)
        _save(tmp_path, "hand-written page", n)
        assert yaml.safe_load(event.read_text(encoding="utf-8"))["title"] == f"Quoted: a title (saved {n})"
        assert page.read_text(encoding="utf-8") == f"# A page\n\n\nSaved in the preview, {n} times.\n"
    before = (event.read_text(encoding="utf-8"), page.read_text(encoding="utf-8"))
    _save(tmp_path, "nothing", 3)
    assert (event.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")) == before
