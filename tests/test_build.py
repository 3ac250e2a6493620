"""Full MkDocs builds of the fixture topic in a temporary folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, TopicBuilds, run_mkdocs


@pytest.fixture(scope="module")
def built(topic_builds: TopicBuilds) -> Path:
    build = topic_builds("mini")
    assert "WARNING" not in build.log
    return build.project


def test_every_generated_page_is_built(built: Path):
    site = built / "site"
    for page in (
        "index.html",
        "timeline/index.html",
        "who-is-who/index.html",
        "places/index.html",
        "places/riverton/index.html",
        "zones/index.html",
        "control/index.html",
        "disputes/index.html",
        "sources/index.html",
        "sources/gazette-2020-03-07/index.html",
        "timeline/2020/index.html",
        "timeline/2015/index.html",
        "events/guard-takes-riverton.html",
        "categories/index.html",
        "categories/fighting/index.html",
        "actors/valley-front/index.html",
        "agreements/riverton-accord/index.html",
        "report/index.html",
    ):
        assert (site / page).is_file(), page
    # Nothing generated is written into the docs folder.
    assert sorted(p.name for p in (built / "content").iterdir()) == sorted(
        p.name for p in (FIXTURES / "mini-content").iterdir()
    )


def test_pages_show_their_quotes_and_link_names(built: Path):
    html = (built / "site" / "timeline" / "2020" / "index.html").read_text()
    assert "<title>2020 - " in html
    assert "The Northern Guard on Saturday took control of Riverton, the largest town in the valley, from the Valley Front." in html
    assert '<a href="../../actors/ana-ruiz/">Ana Ruiz</a>, quoted by <a href="../../sources/gazette-2020-03-07/">' in html
    assert '<a class="ex-ref ex-ref-place" href="../../places/riverton/">Riverton</a>' in html
    assert 'id="guard-takes-riverton"' in html and 'href="#guard-takes-riverton"' in html  # each event's permalink


def test_an_events_permalink_leads_to_its_section(built: Path):
    stub = (built / "site" / "events" / "guard-takes-riverton.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../timeline/2020/#guard-takes-riverton">' in stub
    assert '<a href="../timeline/2020/#guard-takes-riverton">Northern Guard takes Riverton</a>' in stub


def test_search_indexes_every_page_and_the_aliases(built: Path):
    from explainer.search import indexed_pages

    pages = {page.url: page for page in indexed_pages(built / "site")}
    for url in ("/", "/places/riverton/", "/timeline/2020/", "/actors/ana-ruiz/", "/sources/herald-2020-03-10/"):
        assert url in pages
    assert "guard-takes-riverton" in pages["/timeline/2020/"].anchors  # a result links to the event's section
    # Only pages: not the embeds, the events' redirects or the 404 page.
    assert not [url for url in pages if url.startswith(("/embed/", "/events/")) or "404" in url]
    riverton = pages["/places/riverton/"]
    assert riverton.title == "Riverton" and riverton.names == "Rivertown"
    assert riverton.content.startswith("Riverton. Rivertown. ")  # the names, weighted as the title
    # Text shown elsewhere, citations and chart data stay out, and so do the headings' permalinks.
    assert "¶" not in riverton.content and "quoted by" not in riverton.content and "Data table" not in riverton.content


def test_the_site_requests_nothing_from_other_hosts(built: Path):
    offenders = []
    for page in (built / "site").rglob("*.html"):
        html = page.read_text()
        for match in re.finditer(r'<(script|img|iframe|source|audio|video|embed|object)\b[^>]*\b(?:src|href|data)="(https?:)?//[^"]*"', html):
            offenders.append(f"{page}: {match.group(0)[:120]}")
        # <link> loads something only for these relations (not canonical, alternate, …).
        for match in re.finditer(r"<link\b[^>]*>", html):
            tag = match.group(0)
            loads = re.search(r'\brel="[^"]*\b(stylesheet|icon|preload|modulepreload|prefetch|preconnect|dns-prefetch|manifest)\b', tag)
            if loads and re.search(r'\bhref="(https?:)?//', tag):
                offenders.append(f"{page}: {tag[:120]}")
        for match in re.finditer(r'\bstyle="[^"]*url\((["\']?)(https?:)?//', html):
            offenders.append(f"{page}: {match.group(0)[:120]}")
    for sheet in (built / "site").rglob("*.css"):
        if re.search(r"url\(\s*['\"]?(https?:)?//|fonts\.googleapis", sheet.read_text()):
            offenders.append(str(sheet))
    assert offenders == []


def test_bad_data_stops_the_build_with_positions_and_no_traceback(project: Path):
    (project / "site").mkdir()
    (project / "site" / "previous.html").write_text("the last good build")
    bad = project / "site_data" / "events" / "front-takes-riverton.yaml"
    bad.write_text(bad.read_text().replace("date: 2019-08", "date: August 2019").replace("category: fighting", "category: fight"))
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "site_data/events/front-takes-riverton.yaml:4:7: 'date': 'August 2019' is not a valid EDTF date;"
        in result.stderr
    )
    # One wrong value does not hide the file's other problems: its references are checked too.
    assert (
        "site_data/events/front-takes-riverton.yaml:5:11: unknown category id 'fight' in 'category' (did you mean"
        " 'fighting'?); it must be the id of a file in site_data/categories/" in result.stderr
    )
    assert "2 problems found; nothing was built." in result.stderr
    assert "Aborted with a BuildError!" in result.stdout
    # The data is checked before MkDocs cleans the site folder: the last good build stays.
    assert (project / "site" / "previous.html").read_text() == "the last good build"


def test_a_hand_written_page_cannot_shadow_a_generated_one(project: Path):
    (project / "content" / "timeline.md").write_text("# Mine\n")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert (
        "content/timeline.md:1:1: the name 'timeline' is reserved for the generated timeline pages;"
        " choose another name (a file here could replace the site's own)" in result.stderr
    )


def test_weight_counts_plotly_only_on_chart_pages_and_says_what_loads_first(built: Path, capsys):
    import gzip

    from explainer.cli import main
    from explainer.weight import PLOTLY, measure

    site = built / "site"
    assert main(["weight", "timeline/", "/", "--site", str(site)]) == 0
    timeline, home = capsys.readouterr().out.splitlines()
    weight = measure(site, "timeline/")
    plotly = sum(len(gzip.compress((site / path).read_bytes(), 6, mtime=0)) for path in PLOTLY)
    assert weight.gzipped - weight.at_load == plotly
    assert timeline == (
        f"timeline/: {weight.gzipped / 1024:,.0f} KiB gzipped ({weight.bytes / 1024:,.0f} KiB) in {len(weight.resources)} files;"
        f" {weight.at_load / 1024:,.0f} KiB gzipped until a chart is used"
    )
    # The home page shows the timeline's picture: Plotly.js too, once a reader uses it.
    assert re.fullmatch(r"/: [\d,]+ KiB gzipped \([\d,]+ KiB\) in \d+ files; [\d,]+ KiB gzipped until a chart is used", home)
    assert set(PLOTLY) <= {r.path for r in measure(site, "").resources}
    # A page without a chart does not count it.
    assert main(["weight", "who-is-who/", "--site", str(site)]) == 0
    assert re.fullmatch(r"who-is-who/: [\d,]+ KiB gzipped \([\d,]+ KiB\) in \d+ files\n", capsys.readouterr().out)
    assert not set(PLOTLY) & {r.path for r in measure(site, "who-is-who/").resources}
