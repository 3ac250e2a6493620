"""The fixture topic built once per test run by each engine (`explainer build --engine NAME`), and served.

Shared by tests/test_engines.py and tests/browser/test_engines_in_browser.py: each engine builds the site
once for the whole run and for all the suite's workers (see :func:`engine_site`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from browser.conftest import Server
from conftest import locked, make_project

ENGINES = ("mkdocs", "properdocs", "zensical")
#: The address every engine's site is built for: the builds take nothing else from it (the repository's sites
#: leave Material's instant navigation off), so each worker serves them at an address of its own.
SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class EngineSite:
    engine: str
    project: Path
    server: Server
    build: subprocess.CompletedProcess[str]

    @property
    def site(self) -> Path:
        return self.project / "site"


def run_build(project: Path, engine: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``explainer build --engine ENGINE`` in ``project``, as the README says; output captured."""
    return subprocess.run(
        [sys.executable, "-m", "explainer.cli", "build", "--engine", engine],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
        capture_output=True,
        text=True,
        timeout=600,
    )


@cache
def engine_site(engine: str, shared: Path) -> EngineSite:
    """The fixture topic's site built by ``engine``, once for all the suite's workers (in ``shared``, the
    session's :func:`conftest.shared_folder`), and served on 127.0.0.1 by this worker."""
    project = shared / f"engine-{engine}" / "project"
    with locked(shared / f"engine-{engine}.lock"):
        finished = shared / f"engine-{engine}.built"
        if finished.exists():
            build = subprocess.CompletedProcess([], 0, (project.parent / "build.log").read_text(encoding="utf-8"), "")
        else:
            if project.exists():  # a worker's build that failed
                shutil.rmtree(project)
            make_project(project)
            build = run_build(project, engine, {"SITE_URL": SITE_URL})
            (project.parent / "build.log").write_text(build.stdout + build.stderr, encoding="utf-8")
            assert build.returncode == 0, build.stdout + build.stderr
            finished.touch()
    server = Server(project / "site").start()
    atexit.register(server.close)
    return EngineSite(engine, project, server, build)
