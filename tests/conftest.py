"""Shared fixtures: a small fixture topic copied into a temporary folder, and site builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/snapshots/ from the current output instead of comparing with it",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture
def snapshot(update_snapshots: bool):
    """Compare text with tests/snapshots/<name>; `pytest --update-snapshots` rewrites it."""

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if update_snapshots or not path.exists():
            if not update_snapshots:
                pytest.fail(f"snapshot {name} does not exist; run pytest --update-snapshots to create it")
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its snapshot; if the change is intended, run pytest --update-snapshots"

    return check


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the fixture topic's data folder that a test may change."""
    target = tmp_path / "site_data"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (mkdocs.yml, content/, templates/) whose site_data/ is the fixture topic."""
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(FIXTURES / "mini", tmp_path / "site_data")
    return tmp_path


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or other arguments) in ``project``; output captured."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [*MKDOCS, *(args or ("build", "--strict"))],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
