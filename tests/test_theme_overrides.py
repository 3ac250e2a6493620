"""Drift: the theme partials this project overrides are still Material's own, but for the change each makes."""

from __future__ import annotations

import re
from pathlib import Path

import material

from conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "templates" / "overrides"


def _without_comment(text: str) -> str:
    return re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S)


def test_the_search_partial_is_materials_with_an_accessible_name():
    ours = _without_comment((OVERRIDES / "partials" / "search.html").read_text(encoding="utf-8"))
    theirs = _without_comment((MATERIAL / "partials" / "search.html").read_text(encoding="utf-8"))
    named = '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'
    assert named in ours
    assert ours.replace(named, '<div class="md-search" data-md-component="search" role="dialog">') == theirs, (
        "Material's partials/search.html changed: copy it again into templates/overrides/partials/ and add the aria-label"
    )


def test_the_built_search_dialog_has_its_name(tmp_path: Path):
    from conftest import make_project, run_mkdocs

    project = make_project(tmp_path)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">' in (project / "site" / "index.html").read_text()
