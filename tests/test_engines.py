"""One site, three engines: MkDocs 1.6, ProperDocs and Zensical build the fixture topic with the same pages,
charts, embeds, search index and security headers (README, "Engines").

Each engine builds the site once for the whole run (tests/engine_sites.py); the browser checks are in
tests/browser/test_engines_in_browser.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import make_project, write
from engine_sites import ENGINES, EngineSite, engine_site, run_build
from explainer.contentpages import markdown_extensions, render_page
from explainer.search import indexed_pages
from explainer.security import headers_file, inline_script_hashes
from explainer.zensical_adapter import finished_src, load_mkdocs_config, zensical_config
from explainer.zensical_pages import headings

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


@pytest.fixture(scope="module", params=ENGINES)
def built(request: pytest.FixtureRequest, shared_folder: Path) -> EngineSite:
    return engine_site(request.param, shared_folder)


@pytest.fixture(scope="module", params=[engine for engine in ENGINES if engine != "mkdocs"])
def other(request: pytest.FixtureRequest, shared_folder: Path) -> EngineSite:
    """The site as another engine than MkDocs builds it, to compare with MkDocs'."""
    return engine_site(request.param, shared_folder)


@pytest.fixture(scope="module")
def mkdocs_site(shared_folder: Path) -> Path:
    return engine_site("mkdocs", shared_folder).site


def _pages(site: Path) -> list[str]:
    """The HTML files of a built site, but Pagefind's."""
    found = (path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    return sorted(path for path in found if not path.startswith("pagefind/"))


def _article(html: str) -> str:
    """A page's content, blank lines aside (engines indent the theme's template differently)."""
    match = _ARTICLE.search(html)
    assert match is not None
    return "\n".join(line for line in match.group(0).splitlines() if line.strip())


def test_the_site_has_every_page_and_the_same_as_mkdocs(other: EngineSite, mkdocs_site: Path):
    pages = _pages(other.site)
    assert pages == _pages(mkdocs_site)
    expected = ("index.html", "timeline/index.html", "timeline/2019/index.html", "places/riverton/index.html", "report/index.html")
    for page in (*expected, "404.html"):
        assert page in pages
    assert "events/guard-takes-riverton.html" in pages  # an event's permanent address


def test_every_page_shows_what_mkdocs_shows(other: EngineSite, mkdocs_site: Path):
    for page in _pages(mkdocs_site):
        ours, theirs = (other.site / page).read_text(encoding="utf-8"), (mkdocs_site / page).read_text(encoding="utf-8")
        if "<article" not in theirs:  # embeds and redirects: the generator's, as they are
            assert ours == theirs, page
        else:
            assert _article(ours) == _article(theirs), page


def test_charts_have_their_preview_and_data(built: EngineSite):
    timeline = (built.site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<svg class=\"ex-preview-plot[ \"]", timeline)
    assert "assets/javascripts/explainer-charts.js" in timeline and "assets/stylesheets/explainer-charts.css" in timeline
    for download in ("timeline.csv", "timeline.json"):
        assert (built.site / "charts" / download).is_file()
    assert (built.site / "assets" / "javascripts" / "vendor" / "plotly-basic.min.js").is_file()


def test_embed_pages_have_their_own_policy(built: EngineSite):
    embed = (built.site / "embed" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; style-src \'self\';'
        " img-src 'self' data:; base-uri 'none'; form-action 'none'\">" in embed
    )
    assert (built.site / "assets" / "javascripts" / "explainer-embed.js").is_file()


def test_every_page_carries_its_policy_first_and_runs_no_other_inline_script(built: EngineSite):
    for page in _pages(built.site):
        html = (built.site / page).read_text(encoding="utf-8")
        head = re.search(r"<head\b[^>]*>", html)
        assert head is not None, page
        # First in <head>, before anything it governs (an embed page declares its encoding first).
        meta = _META.match(html, head.end()) or _META.match(html, head.end() + len('\n<meta charset="utf-8">\n'))
        assert meta is not None, page
        policy = meta.group(1)
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, page
        for source in inline_script_hashes(html):  # every inline script that runs, whoever wrote it
            assert source in policy, page


def test_headers_file_is_written(built: EngineSite):
    text = (built.site / "_headers").read_text(encoding="utf-8")
    assert text == headers_file(built.site)
    assert "/embed/*\n  Content-Security-Policy: frame-ancestors *\n" in text
    assert "/timeline/*\n  Content-Security-Policy: frame-ancestors 'self'\n  X-Frame-Options: SAMEORIGIN\n" in text


def test_the_search_index_holds_the_same_pages_as_mkdocs(other: EngineSite, mkdocs_site: Path):
    ours, theirs = indexed_pages(other.site), indexed_pages(mkdocs_site)
    assert [page.url for page in ours] == [page.url for page in theirs]
    assert [page.content for page in ours] == [page.content for page in theirs]
    assert not (other.site / "search.json").exists() and not (other.site / "search" / "search_index.json").exists()


def _toc(site: Path, page: str) -> list[str]:
    """The anchors the table of contents in a page's sidebar links to."""
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', (site / page).read_text(encoding="utf-8"), re.S)
    assert toc is not None, page
    return re.findall(r'href="#([^"]+)"', toc.group(0))


def test_every_page_has_the_table_of_contents_mkdocs_gives_it(other: EngineSite, mkdocs_site: Path):
    assert _toc(mkdocs_site, "timeline/index.html") == ["year-2015", "year-2019", "year-2020"]
    for page in ("timeline/index.html", "places/riverton/index.html", "report/index.html"):
        assert _toc(other.site, page) == _toc(mkdocs_site, page), page


# --- Zensical's adapter, without Zensical -----------------------------------------------------------


def test_pages_go_to_the_index_of_their_own_address():
    assert finished_src("index.md") == "index.md"
    assert finished_src("timeline.md") == "timeline/index.md"
    assert finished_src("places/index.md") == "places/index.md"
    assert finished_src("places/riverton.md") == "places/riverton/index.md"
    assert finished_src("places/riverton.md", use_directory_urls=False) == "places/riverton.md"


def test_headings_are_given_as_pythons_markdown_toc_gives_them():
    page = (
        '<h1 id="top">A &amp; B</h1>\n<h2 id="one">One<a class="headerlink" href="#one" title="Permanent link">¶</a></h2>\n'
        '<h3 id="one-a"><em>Sub</em></h3>\n<h2 id="two">Two</h2>'
    )
    found = headings(page)
    assert [(t["level"], t["id"], t["name"], [c["id"] for c in t["children"]]) for t in found] == [(1, "top", "A &amp; B", ["one", "two"])]
    assert [(c["name"], c["html"]) for c in found[0]["children"][0]["children"]] == [("Sub", "<em>Sub</em>")]


def test_zensical_is_given_each_page_byte_for_byte_with_its_headings():
    import markdown

    page = '<h1 id="a">A *b*</h1>\n<p>1 * 2 _x_ `y` <!-- c --> &amp; \\\t</p>\n\n    <pre>  x</pre>\n<h2 id="c">C</h2>'
    md = markdown.Markdown(extensions=["toc", "explainer.zensical_pages"])
    assert md.convert(page) == page
    assert [(token["id"], [child["id"] for child in token["children"]]) for token in md.toc_tokens] == [("a", ["c"])]  # type: ignore[attr-defined]


def test_hand_written_pages_are_sanitized_before_zensical_sees_them(tmp_path: Path):
    from explainer.zensical_adapter import Project, stage_project

    project = make_project(tmp_path / "project")
    report = project / "content" / "report.md"
    hostile = (
        '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n'
        '[x](javascript:alert(3)) [y](report.md){: onclick="alert(4)" }\n'
    )
    write(report, report.read_text(encoding="utf-8") + "\n" + hostile)
    staged = stage_project(Project.read(project / "mkdocs.yml"), tmp_path / "staging")
    assert [page.src for page in staged.pages if page.shown == "content/report.md"] == ["report/index.md"]
    html = (tmp_path / "staging" / "docs" / "report" / "index.md").read_text(encoding="utf-8")
    assert html.startswith('---\ntitle: "A report on Riverton"\n---\n\n<h1 id="a-report-on-riverton">')
    assert "alert" not in html and "<script" not in html
    assert '<a href="./">y</a>' in html  # the page's own address, from its Markdown file's name
    assert html.count('<figure class="ex-chart-figure"') == 2  # its two charts, in their places


def test_links_are_resolved_as_mkdocs_resolves_them():
    files = frozenset(["report.md", "timeline.md", "places/riverton.md", "images/map.png", "articles/a.md"])
    page, problems = render_page(
        "# Report\n\n[t](../timeline.md#year-2019) [r](../places/riverton.md) ![m](../images/map.png) [s](#report)"
        " [a](a.md) [x](https://example.org/)\n",
        "articles/a.md",
        "content/articles/a.md",
        record_pages={},
        charts=[],
        files=files,
        extensions=[{"toc": {"permalink": True}}],
    )
    assert problems == []
    assert '<a href="../../timeline/#year-2019">t</a>' in page.html
    assert '<a href="../../places/riverton/">r</a>' in page.html
    assert '<img alt="m" src="../../images/map.png">' in page.html
    assert '<a href="#report">s</a>' in page.html and '<a href="./">a</a>' in page.html
    assert '<a href="https://example.org/">x</a>' in page.html
    assert page.title == "Report"
    # To be checked once every page is rendered (the heading's own permalink first).
    assert [(link.target, link.anchor) for link in page.links] == [
        ("articles/a.md", "report"),
        ("timeline.md", "year-2019"),
        ("articles/a.md", "report"),
    ]


def test_a_link_mkdocs_would_warn_about_is_a_problem_at_its_place():
    _, problems = render_page(
        "# Report\n\nSee [gone](gone.md),\n[abs](/timeline/) and [dir](timeline/).\n",
        "report.md",
        "content/report.md",
        record_pages={},
        charts=[],
        files=frozenset(["report.md", "timeline.md"]),
        extensions=[],
    )
    assert [str(problem) for problem in problems] == [
        "content/report.md:3:12: the link 'gone.md' leads to no page or file of the site ('gone.md'); correct it or remove it",
        "content/report.md:4:7: the link '/timeline/' is absolute; link to the page's Markdown file, relative to this page",
        "content/report.md:4:29: the link 'timeline/' names no file; link to the page's Markdown file (such as timeline.md) or to a file",
    ]


def test_a_link_to_an_anchor_its_page_does_not_hold_is_a_problem():
    from explainer.contentpages import anchor_problems

    text = "# Report\n\n[a](timeline.md#year-2019) [b](timeline.md#year-1999)\n[c](#report) [d](#nowhere)\n"
    page, problems = render_page(
        text, "report.md", "content/report.md", record_pages={}, charts=[], files=frozenset(["report.md", "timeline.md"]), extensions=[]
    )
    assert problems == []
    anchors = {"timeline.md": frozenset(["year-2019"]), "report.md": page.anchors}
    found = anchor_problems([page], anchors, {"report.md": text}, {"report.md": "content/report.md"})
    assert [str(problem) for problem in found] == [
        "content/report.md:3:32: the link 'timeline.md#year-1999' leads to no heading or id 'year-1999' on 'timeline.md'; correct the anchor",
        "content/report.md:4:18: the link '#nowhere' leads to no heading or id 'nowhere' on this page; correct the anchor",
    ]


def test_mkdocs_builtin_extensions_come_first():
    names, configs = markdown_extensions([{"toc": {"permalink": True}}, "attr_list", "tables"])
    assert names == ["toc", "tables", "fenced_code", "attr_list"]
    assert configs == {"toc": {"permalink": True}}


def test_zensical_is_given_the_theme_the_navigation_and_nothing_else(tmp_path: Path):
    project = make_project(tmp_path)
    config = load_mkdocs_config(project / "mkdocs.yml")
    from explainer.generate import generate_site

    output = generate_site(project / "site_data", project / "templates", content_dir=project / "content")
    given = zensical_config(config, project, output, True)
    assert given["theme"]["custom_dir"] == str((project / "templates" / "overrides").resolve())
    assert given["theme"]["variant"] == "classic" and given["theme"]["font"] is False
    assert given["plugins"] == [{"search": {"enabled": False}}]
    assert given["markdown_extensions"] == ["toc", "explainer.zensical_pages"]
    assert given["site_name"] == output.site.title
    assert given["nav"][:2] == ["index.md", "timeline/index.md"]
    assert (given["docs_dir"], given["site_dir"]) == ("docs", "site")


# --- failures leave the previous site ------------------------------------------------------------


def _broken_link_project(tmp_path: Path, engine: str, mkdocs_site: Path) -> Path:
    project = make_project(tmp_path / engine)
    shutil.copytree(mkdocs_site, project / "site")
    write(project / "site" / "previous-build.txt", "the site before this build")  # no build writes it
    report = project / "content" / "report.md"
    write(report, report.read_text(encoding="utf-8") + "\nSee [the old page](gone.md).\n")
    return project


def _tree(project: Path) -> dict[str, bytes]:
    return {path.relative_to(project).as_posix(): path.read_bytes() for path in sorted(project.rglob("*")) if path.is_file()}


def test_zensical_refuses_a_broken_link_and_keeps_the_previous_site(tmp_path: Path, mkdocs_site: Path):
    project = _broken_link_project(tmp_path, "zensical", mkdocs_site)
    before = _tree(project)
    result = run_build(project, "zensical")
    assert result.returncode == 1
    line = len((project / "content" / "report.md").read_text(encoding="utf-8").splitlines())
    assert result.stdout.splitlines() == [
        f"content/report.md:{line}:20: the link 'gone.md' leads to no page or file of the site ('gone.md'); correct it or remove it",
    ]
    assert _tree(project) == before


def test_properdocs_strict_warning_keeps_the_previous_site(tmp_path: Path, mkdocs_site: Path):
    project = _broken_link_project(tmp_path, "properdocs", mkdocs_site)
    before = _tree(project)
    result = run_build(project, "properdocs")
    assert result.returncode == 1
    assert "Doc file 'report.md' contains a link 'gone.md', but the target is not found among documentation files." in result.stderr
    # ProperDocs logs its warnings on "properdocs", not "mkdocs": the plugin counts them there, aborts the staging
    # folder, and the previous site stays whole.
    assert _tree(project) == before


def test_zensicals_search_styles_are_materials_own():
    """Drift: the search styles given to Zensical are still the rules of the Material the site is built with."""
    import material

    from explainer.zensical_adapter import _MATERIAL_SEARCH_NOTICE, MATERIAL_SEARCH_CSS, material_search_rules

    (stylesheet,) = (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css")
    expected = _MATERIAL_SEARCH_NOTICE.format(name=stylesheet.name) + material_search_rules(stylesheet.read_text(encoding="utf-8")) + "\n"
    assert MATERIAL_SEARCH_CSS.read_text(encoding="utf-8") == expected, (
        "Material's search styles changed: run explainer.zensical_adapter.write_material_search_css (README, Engines)"
    )
    assert ".md-search__input{" in expected and ".md-search-result__item{" in expected
    assert ".md-sidebar" not in expected  # only the search's selectors of a shared rule
