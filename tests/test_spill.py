"""A build writes its pages and files to disk as it makes them (a spill) instead of holding the whole site's
text in memory: the same text comes back, and the built site is the one an in-memory build writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_project, run_mkdocs
from explainer.generate import generate_site
from explainer.incremental import PreviewSession
from explainer.render import SPILLED


def test_a_spilled_output_holds_no_text_and_gives_back_the_same(tmp_path: Path):
    data, content = FIXTURES / "mini", FIXTURES / "mini-content"
    held = generate_site(data, ROOT / "templates", content_dir=content)
    spill = tmp_path / "spill"
    spill.mkdir()
    spilled = generate_site(data, ROOT / "templates", content_dir=content, spill=spill)
    assert [page.src for page in spilled.pages] == [page.src for page in held.pages]
    assert all(page.html == "" and page.spilled is not None for page in spilled.pages)
    assert [page.text() for page in spilled.pages] == [page.html for page in held.pages]
    assert [(page.titled, page.anchors, page.headings) for page in spilled.pages] == [
        (page.titled, page.anchors, page.headings) for page in held.pages
    ]
    assert all(file.content == "" and file.spilled is not None for file in spilled.files)
    assert [(file.path, file.text()) for file in spilled.files] == [(file.path, file.content) for file in held.files]
    # One file holds them all, one after the other, and nothing else is in the folder.
    texts = [page.html for page in held.pages] + [file.content for file in held.files]
    assert [path.name for path in spill.iterdir()] == [SPILLED]
    assert (spill / SPILLED).read_bytes() == "".join(texts).encode("utf-8")
    with (spill / SPILLED).open("rb") as opened:  # read back through one open file, in any order
        assert [file.text(opened) for file in reversed(spilled.files)] == [file.content for file in reversed(held.files)]


def test_a_preview_keeps_its_output_in_memory(tmp_path: Path):
    with pytest.raises(ValueError, match="a preview keeps its output in memory"):
        generate_site(FIXTURES / "mini", ROOT / "templates", session=PreviewSession(), spill=tmp_path)


def test_a_dirty_build_spills_into_a_site_it_did_not_empty(tmp_path: Path):
    # `mkdocs build --dirty` leaves the old site in place: the moved files replace the old ones.
    project = make_project(tmp_path / "project")
    assert run_mkdocs(project).returncode == 0
    embed = project / "site" / "embed" / "timeline" / "index.html"
    first = embed.read_bytes()
    embed.write_text("an old build's file", encoding="utf-8")
    result = run_mkdocs(project, "build", "--dirty")
    assert result.returncode == 0, result.stdout + result.stderr
    assert embed.read_bytes() == first
    assert list(project.glob(".*spill*")) == []
