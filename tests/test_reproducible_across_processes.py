"""A site is byte-identical whatever the process: hash seed, directory order, environment (the Syria fixture
topic, the largest the suite has)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from conftest import ROOT, SYRIA, TopicBuilds, run_mkdocs


def _copy_shuffled(source: Path, target: Path, rng: random.Random) -> None:
    """Copy a tree creating its entries in a random order, so that the file system lists them in another order."""
    target.mkdir(parents=True)
    entries = sorted(source.iterdir())
    rng.shuffle(entries)
    for entry in entries:
        if entry.is_dir():
            _copy_shuffled(entry, target / entry.name, rng)
        else:
            shutil.copy2(entry, target / entry.name)


def _syria_project(target: Path, seed: int | None) -> Path:
    for source, name in ((SYRIA / "content", "content"), (ROOT / "templates", "templates"), (SYRIA / "site_data", "site_data")):
        if seed is None:
            shutil.copytree(source, target / name)
        else:
            _copy_shuffled(source, target / name, random.Random(seed))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_site_is_byte_identical_across_hash_seeds_and_directory_orders(tmp_path: Path, topic_builds: TopicBuilds):
    # The session's build of the topic (its process's hash seed random, its folders copied in order; shared with
    # other tests), and builds under two hash seeds from copies whose folders list in other orders.
    trees = [_tree(topic_builds("syria").site)]
    for hash_seed, shuffle in [("1", 11), ("4242", 23)]:
        project = _syria_project(tmp_path / f"seed-{hash_seed}", shuffle)
        result = run_mkdocs(project, env={"PYTHONHASHSEED": hash_seed, "SOURCE_DATE_EPOCH": None, "SITE_URL": None})
        assert result.returncode == 0, result.stdout + result.stderr
        trees.append(_tree(project / "site"))
    first = trees[0]
    for other in trees[1:]:
        assert sorted(other) == sorted(first)
        assert [name for name in first if first[name] != other[name]] == []


def test_a_build_leaves_the_environment_alone(tmp_path: Path):
    """The plugin passes the build date to MkDocs' pages instead of writing SOURCE_DATE_EPOCH into os.environ."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = _syria_project(tmp_path / "project", None)
    cwd = os.getcwd()
    saved = dict(os.environ)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    os.environ["NO_MKDOCS_2_WARNING"] = "true"  # Material sets it itself (not ours to test)
    before = dict(os.environ)
    try:
        os.chdir(project)
        config = load_config(str(project / "mkdocs.yml"))
        build(config)
        after = dict(os.environ)
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
    assert after == before
    # Not a git checkout: the sitemap's date is the day of the newest source, not today.
    assert "<lastmod>2024-11-30</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
