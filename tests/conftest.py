"""Shared fixtures: a small fixture topic copied into a temporary folder, and site builds.

The generator's tests use fixture topics only: ``tests/fixtures/mini`` (small, most unit tests),
``tests/fixtures/syria`` (a frozen copy of the war topic the repository first shipped, whose facts the
generator's map, control, timeline, home and search tests assert) and ``tests/fixtures/bridge`` (a topic
unlike it: no war, no control, zones or camps). Whatever topic is in ``site_data/`` and ``content/`` is
checked only against its own ``site_data/expectations.yaml`` and what holds of any topic.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
MKDOCS = [sys.executable, "-m", "mkdocs"]
#: The fixture topic that froze the repository's first topic (the war in north-west Syria).
SYRIA = FIXTURES / "syria"
#: The fixture topic unlike it (a city's bridge and the court case about it).
BRIDGE = FIXTURES / "bridge"

#: The topics the suite builds whole, by name: the data folder and the hand-written pages. "site_data" is
#: whatever topic the repository holds; the others are fixtures.
TOPICS: dict[str, tuple[Path, Path]] = {
    "site_data": (ROOT / "site_data", ROOT / "content"),
    "syria": (SYRIA / "site_data", SYRIA / "content"),
    "bridge": (BRIDGE / "site_data", BRIDGE / "content"),
}
#: What :class:`TopicBuilds` builds: the topics, and the small fixture topic the unit tests use.
BUILDABLE: dict[str, tuple[Path, Path]] = {**TOPICS, "mini": (FIXTURES / "mini", FIXTURES / "mini-content")}


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
    return copy_project(target, FIXTURES / "mini", FIXTURES / "mini-content")


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


def tree_digest(*folders: Path) -> str:
    """A digest of every file under ``folders`` (names and bytes): equal when the trees are byte-identical."""
    digest = hashlib.sha256()
    for number, folder in enumerate(folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{number}\0{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server:
    """A static file server on 127.0.0.1 in a background thread; its port is known before it serves."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> Server:
        if not self.thread.is_alive():
            self.thread.start()
        return self

    def close(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


def copy_project(target: Path, data_dir: Path, content_dir: Path) -> Path:
    """A project folder as a clone holding that topic has it: the repository's mkdocs.yml and templates."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(data_dir, target / "site_data")
    shutil.copytree(content_dir, target / "content")
    return target


@dataclass(frozen=True)
class BuiltTopic:
    """A topic built with ``mkdocs build --strict``, and a server for it in this worker."""

    project: Path
    """A copy of the topic beside the repository's mkdocs.yml and templates, built into its site/. Shared by the
    suite's workers: tests only read it."""
    server: Server
    """Serves once started, at an address of its own: the build takes none from it (the repository's sites
    leave Material's instant navigation off, the one thing that needed the address)."""

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def log(self) -> str:
        """What the build printed (standard output, then standard error)."""
        return (self.project.parent / f"{self.project.name}.log").read_text(encoding="utf-8")

    def served(self) -> Server:
        return self.server.start()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Held by one of the suite's workers (processes) at a time."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class TopicBuilds:
    """Each topic built once a session, by whichever of the suite's workers first asks, in a folder they share;
    topics whose data and pages are byte-identical share one build (the repository's topic is the Syria
    fixture's until someone replaces it)."""

    def __init__(self, shared: Path):
        self.shared = shared
        self.built: dict[str, BuiltTopic] = {}

    def __call__(self, name: str) -> BuiltTopic:
        data_dir, content_dir = BUILDABLE[name]
        key = tree_digest(data_dir, content_dir)
        if key not in self.built:
            project = self.shared / f"topic-{key[:16]}"
            with locked(self.shared / f"topic-{key[:16]}.lock"):
                finished = self.shared / f"topic-{key[:16]}.built"
                if not finished.exists():
                    if project.exists():  # a worker's build that failed
                        shutil.rmtree(project)
                    copy_project(project, data_dir, content_dir)
                    # As on a fresh machine: no address to publish at, no date given (tests compare it with other builds).
                    result = run_mkdocs(project, env={"SITE_URL": None, "SOURCE_DATE_EPOCH": None})
                    (self.shared / f"topic-{key[:16]}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
                    if result.returncode != 0:
                        pytest.fail(f"the {name} topic does not build:\n{result.stdout}{result.stderr}")
                    finished.touch()
            self.built[key] = BuiltTopic(project, Server(project / "site"))
        return self.built[key]

    def close(self) -> None:
        for built in self.built.values():
            built.server.close()


@pytest.fixture(scope="session")
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the session's that all its workers see: under pytest-xdist each worker's temporary folder is
    inside the session's. What a test builds there once serves every worker (see :func:`locked`)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def topic_builds(shared_folder: Path) -> Iterator[TopicBuilds]:
    """Builds of the topics of :data:`BUILDABLE`, made when first asked for and kept for the session, in
    :func:`shared_folder`: once for all workers."""
    builds = TopicBuilds(shared_folder)
    yield builds
    builds.close()
