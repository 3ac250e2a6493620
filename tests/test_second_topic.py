"""Proof that a topic is its data: a second topic, unlike the Syria one, built with the same mkdocs.yml.

``tests/fixtures/bridge/`` is a city's bridge and the court case about it, from three invented articles
four years apart: no war, no control of places, no zones, no camps, no disputes, no coordinates. Its
``site_data/`` and ``content/`` are copied beside the repository's own ``mkdocs.yml`` and templates, as a
clone whose topic was replaced would hold them, and built with ``mkdocs build --strict``. Nothing of the
Syria fixture topic (tests/fixtures/syria, nor of the small fixture topic) may appear anywhere in the built site, and no page or link
exists for what the topic has no data for. Its own expectations are checked by test_topic_expectations.py.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from conftest import BRIDGE, FIXTURES, ROOT, SYRIA, TopicBuilds, run_mkdocs
from explainer.derive import record_title
from explainer.kinds import KINDS_BY_FOLDER
from explainer.loader import load_dataset


@pytest.fixture(scope="module")
def project(topic_builds: TopicBuilds) -> Path:
    """The bridge topic beside the repository's mkdocs.yml and templates, built (once a session)."""
    return topic_builds("bridge").project


def topic_names(data_dir: Path) -> set[str]:
    """What is a topic's own: its title, and the ids, names, other names and titles of its records."""
    data = load_dataset(data_dir)
    names = {data.site.title}
    for folder in ("sources", "events", "actors", "places", "agreements", "disputes"):
        for record_id, record in data.records(KINDS_BY_FOLDER[folder]).items():
            names |= {record_id, record_title(record)}
            names |= {alias.name for alias in getattr(record, "aliases", [])}
            if folder == "sources":
                names.add(record.publisher)
    return names


def theme_files() -> set[str]:
    """The files Material publishes from its own package: the same for any site, and no topic's."""
    import material

    folder = Path(material.__file__).parent / "templates"
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def built_texts(site: Path) -> dict[str, str]:
    """Every file of the built site as text, search index included (Pagefind's pieces are gzipped); not the
    theme's own files, nor the vendored Plotly.js, which are the same for any site (minified code, in which
    short names such as "UN" occur)."""
    theme = theme_files()
    texts = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative in theme or relative.startswith("assets/javascripts/vendor/"):
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        texts[relative] = raw.decode("utf-8", errors="replace")
    return texts


@pytest.mark.parametrize("other", ["syria", "mini"])
def test_nothing_of_another_topic_is_in_the_built_site(project: Path, other: str):
    names = topic_names(SYRIA / "site_data" if other == "syria" else FIXTURES / "mini")
    own = topic_names(project / "site_data")
    assert "Syria" not in own
    if other == "syria":
        names.add("Syria")
    # Names of one or two characters ("UN", "M5") would match code (an SVG path's "M5"): they are not looked for.
    # One pattern for all of them: a text matches it exactly when it has one of the names as a whole word (the
    # alternation backtracks past a name whose next character is a letter); each text is read once.
    looked_for = sorted((name for name in names - own if len(name) > 2), key=lambda name: (-len(name), name))
    assert looked_for
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, looked_for))})(?![\w-])")
    found = sorted({(match.group(), path) for path, text in built_texts(project / "site").items() for match in pattern.finditer(text)})
    assert found == []


def test_the_same_mkdocs_yml_builds_it(project: Path):
    assert (project / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>The Tamsin Street bridge</title>" in home


def test_what_the_topic_has_no_data_for_has_no_page_and_no_link(project: Path):
    site = project / "site"
    for page in ("control", "zones", "disputes", "map", "who-is-who/camp"):
        assert not (site / page).exists(), page
    links = sorted(
        {
            (path, href)
            for path, text in built_texts(site).items()
            if path.endswith(".html")
            for href in re.findall(r'href="([^"]*)"', text)
            if re.search(r"(?:^|/)(?:control|zones|disputes|map)/|#camp-", href)
        }
    )
    assert links == []


def test_the_navigation_is_the_topics(project: Path):
    timeline = (project / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    primary = timeline[timeline.index('md-nav--primary') :]
    entries = re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', primary)
    sections = re.findall(r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', primary)
    assert list(dict.fromkeys(entries)) == [
        ("..", "The Tamsin Street bridge"),
        ("./", "Timeline"),
        ("../categories/", "Kinds of event"),
        ("../who-is-who/", "Who is involved"),
        ("../places/", "Places and structures"),
        ("../agreements/", "Agreements"),
        ("../sources/", "Sources"),
        ("../background/the-bridge-case/", "The bridge and the court case"),
        ("../about/", "How this site is made"),
    ]
    assert "Background" in sections


def test_check_reports_what_the_build_would_refuse(tmp_path: Path, capsys, monkeypatch):
    from explainer.cli import main

    broken = tmp_path / "project"
    shutil.copytree(BRIDGE, broken)
    shutil.copy(ROOT / "mkdocs.yml", broken / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", broken / "templates")
    (broken / "content" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (broken / "content" / "about.md").unlink()
    expected = [
        "content/notes.md:1:1: this page is not in site.yaml's 'pages', so the navigation would leave it out (the"
        " build stops on that); add 'notes.md' to 'pages' where the navigation should list it",
        "site_data/site.yaml:17:5: 'about.md' is not a page of the pages folder (content/about.md does not exist);"
        " fix the path or remove it from 'pages'",
    ]
    monkeypatch.chdir(broken)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == expected
    result = run_mkdocs(broken)
    assert result.returncode == 1
    assert all(line in result.stderr for line in expected), result.stderr
