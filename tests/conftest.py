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


def make_project(target: Path) -> Path:
    """A project folder: the repository's own mkdocs.yml and templates, the fixture topic's data and pages.

    mkdocs.yml is the same for every topic: the topic's site.yaml gives the site's name and navigation.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(FIXTURES / "mini", target / "site_data")
    shutil.copytree(FIXTURES / "mini-content", target / "content")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder whose data and hand-written pages are the fixture topic's."""
    return make_project(tmp_path)


def run_mkdocs(project: Path, *args: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or other arguments) in ``project``; output captured. ``env``: None unsets."""
    merged = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name, value in (env or {}).items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    env = merged
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


def problems(data: Path) -> list[str]:
    """Every problem loading ``data`` reports, as shown (paths relative to its parent)."""
    from explainer.errors import DataError
    from explainer.loader import load_dataset

    with pytest.raises(DataError) as caught:
        load_dataset(data, display_root=data.parent)
    return [str(problem) for problem in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once in the file, by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
