"""The fixture topic built once per test run by each engine (`explainer build --engine NAME`), and served.

Shared by tests/test_engines.py and tests/browser/test_engines_in_browser.py: each engine builds the site
once for the whole run (the build is cached in this process), for the address it is served at.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from browser.conftest import Server
from conftest import make_project

ENGINES = ("mkdocs", "properdocs", "zensical")


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
def engine_site(engine: str) -> EngineSite:
    """The fixture topic's site built by ``engine`` for the address it is served at on 127.0.0.1."""
    folder = Path(tempfile.mkdtemp(prefix=f"explainer-{engine}-"))
    atexit.register(shutil.rmtree, folder, True)
    project = make_project(folder / "project")
    server = Server(project / "site")
    build = run_build(project, engine, {"SITE_URL": server.url})
    assert build.returncode == 0, build.stdout + build.stderr
    server.start()
    atexit.register(server.close)
    return EngineSite(engine, project, server, build)
