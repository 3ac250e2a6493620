"""`explainer check` imports what checking needs, not what building the site needs.

Most of the time of `explainer check` is Python importing modules (issue 12 measured 0.65 s of 0.73 s), so
the command loads no template engine, no page rendering, no figure-drawing code of the charts (a chart block
is checked from its kind's spec alone), no Markdown renderer, no site engine. Each case runs the command in
a fresh interpreter, so that what the test process itself imported does not count.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SYRIA

#: Packages `check` has no use for (Python-Markdown only for a page with raw HTML: see below).
HEAVY_PACKAGES = ("jinja2", "markdown", "mkdocs", "material", "plotly", "nh3", "difflib")
#: The package's modules that build the site: rendering, contexts, the map, the charts' figures (each kind's
#: figure module and what they share; a block is read by the kind's spec, charts/<kind>.py) and previews, and
#: what only those use (the colours, dates' markers on charts, routes and addresses).
BUILD_MODULES = (
    "explainer.charts.common",
    "explainer.charts.controlfigure",
    "explainer.charts.timelinefigure",
    "explainer.charts.zonesfigure",
    "explainer.colours",
    "explainer.contentpages",
    "explainer.contexts",
    "explainer.dating",
    "explainer.derive",
    "explainer.handwritten",
    "explainer.layout",
    "explainer.mapview",
    "explainer.markup",
    "explainer.mkdocs_adapter",
    "explainer.plugin",
    "explainer.preview",
    "explainer.render",
    "explainer.routes",
    "explainer.search",
    "explainer.timelinelayout",
    "explainer.urls",
)

_PROBE = """
import contextlib, io, json, sys
from explainer.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    status = main(["check", "--data", sys.argv[1], "--content", sys.argv[2]])
heavy, build = sys.argv[3].split(","), sys.argv[4].split(",")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in build)
print(json.dumps({"status": status, "loaded": loaded}))
"""


def check_in_fresh_interpreter(data: Path, content: Path) -> tuple[int, list[str]]:
    """The exit status of `explainer check` and the heavy or build-only modules it left loaded."""
    finished = subprocess.run(
        [sys.executable, "-c", _PROBE, str(data), str(content), ",".join(HEAVY_PACKAGES), ",".join(BUILD_MODULES)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(finished.stdout)
    return result["status"], result["loaded"]


def test_check_loads_nothing_that_builds_the_site():
    # The topic has chart blocks (checked from the charts' specs) and quotations (checked against the sources).
    assert "```explainer-chart" in (SYRIA / "content" / "articles" / "idlib-offensive-2019-2020.md").read_text(encoding="utf-8")
    status, loaded = check_in_fresh_interpreter(SYRIA / "site_data", SYRIA / "content")
    assert (status, loaded) == (0, [])


def test_a_page_with_raw_html_loads_python_markdowns_html_reader(tmp_path: Path):
    # The page limits read raw HTML as Python-Markdown does, with its own patterns: only then is it loaded.
    content = tmp_path / "content"
    shutil.copytree(SYRIA / "content", content)
    page = content / "method.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee <abbr title=\"Syrian Arab News Agency\">SANA</abbr>.\n", encoding="utf-8")
    status, loaded = check_in_fresh_interpreter(SYRIA / "site_data", content)
    assert status == 0
    assert "markdown.htmlparser" in loaded
    assert sorted({name.split(".")[0] for name in loaded}) == ["markdown"]
