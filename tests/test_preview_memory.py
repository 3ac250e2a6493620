"""A preview session (mkdocs serve rebuilds in one process) holds its memory: library code keeps no state between builds."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from conftest import make_project

WARM_UP = 10
"""Builds before the first measurement: imports, Jinja's compiled templates and MkDocs' own caches fill up first."""
REBUILDS = 100


def _resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_a_hundred_preview_rebuilds_keep_memory_flat(tmp_path: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "project")
    served = tmp_path / "served"
    cwd = os.getcwd()
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)

    event = project / "site_data/events/front-takes-riverton.yaml"
    text = event.read_text(encoding="utf-8")
    page = project / "content/report.md"
    prose = page.read_text(encoding="utf-8")
    saves = iter(range(WARM_UP + REBUILDS))
    startup = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
    startup.plugins.on_startup(command="serve", dirty=True)  # once a session, as `mkdocs serve --dirty` does

    def rebuild() -> None:
        # What `mkdocs serve` does on every save: load the config anew (the plugin instance, and the
        # preview's memory of its last build, are kept by MkDocs' plugin cache) and build into the served
        # folder. Every save changes something: a hand-written page's prose, and every tenth an event's title
        # (its file is read again and the generated pages made anew).
        n = next(saves)
        if n % 10 == 0:
            event.write_text(text.replace("title: Valley Front captures Riverton", f"title: Valley Front captures Riverton ({n})"), encoding="utf-8")
        else:
            page.write_text(f"{prose}\nSaved {n} times.\n", encoding="utf-8")
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    try:
        os.chdir(project)
        for _ in range(WARM_UP):
            rebuild()
        gc.collect()
        first = _resident_bytes()
        assert gc.get_freeze_count() == 0
        for _ in range(REBUILDS):
            rebuild()
        gc.collect()
        last = _resident_bytes()
    finally:
        startup.plugins.on_shutdown()
        os.chdir(cwd)
        mkdocs_log.setLevel(level)
    assert gc.get_freeze_count() == 0, "library code froze objects out of the collector's reach"
    assert gc.isenabled()
    assert last <= first * 1.10, f"memory grew from {first / 1e6:.1f} MB to {last / 1e6:.1f} MB over {REBUILDS} rebuilds"
