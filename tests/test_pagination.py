"""Index pages stay bounded: past its limit an index splits into pages by name (the sources by date), the
zones page summarises, and every link to a section of an index page lands on the page that holds it.

The limits are lowered for a small synthetic topic (300 events), so that every split happens in a build
of about a second; small topics keep their index pages as they were (their snapshots say so byte for byte).
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SYRIA, copy_project, write
from explainer import contexts, paging
from explainer.derive import build_index
from explainer.generate import generate_site, load_and_check
from explainer.kinds import DISPUTES
from explainer.paging import Key, Ordering, by_date, by_name, slug_of, split
from explainer.render import GeneratedPage, SiteOutput
from explainer.routes import INDEX_PAGES, index_section, record_location
from explainer.synth import synthesize
from explainer.urls import page_url

TEMPLATES = ROOT / "templates"

#: The lowered limits: every index of the synthetic topic splits, and the zones page summarises.
LOW_LIMITS = {"who_is_who": 4, "places": 4, "control": 4, "disputes": 1, "sources": 4}


def _low_limits(patch: pytest.MonkeyPatch) -> None:
    for name, limit in LOW_LIMITS.items():
        patch.setitem(paging.INDEX_PAGE_LIMITS, name, limit)
    patch.setattr(paging, "ZONES_LISTED", 1)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("synthetic") / "site_data"
    synthesize(300, 1, data)
    return data


@pytest.fixture(scope="module")
def split_site(synthetic: Path) -> SiteOutput:
    with pytest.MonkeyPatch.context() as patch:
        _low_limits(patch)
        return generate_site(synthetic, TEMPLATES)


def _pages(output: SiteOutput) -> dict[str, GeneratedPage]:
    return {page.src: page for page in output.pages}


def _index_pages(output: SiteOutput, first: str) -> list[GeneratedPage]:
    """The pages of the index whose first page is ``first``, in order: the first, then those beside it."""
    folder = first.removesuffix(".md") + "/"
    return [page for page in output.pages if page.src == first or (page.src.startswith(folder) and page.src.count("/") == folder.count("/"))]


# --- the split ---------------------------------------------------------------------------------------------


def _names(names: list[str], limit: int) -> list[tuple[str, str, list[str]]]:
    ordered = sorted(names, key=str.casefold)
    return [(chunk.label, chunk.slug, chunk.entries) for chunk in split(ordered, by_name(lambda name: name), limit)]


def test_an_index_within_its_limit_is_one_page():
    assert _names(["Bravo", "Alpha"], 2) == [("", "", ["Alpha", "Bravo"])]


def test_whole_letters_are_gathered_into_ranges_of_at_most_the_limit():
    names = ["Alpha", "Avon", "Bravo", "Charlie", "Cobalt", "Delta", "Echo", "Zulu"]
    assert _names(names, 3) == [
        ("A–B", "a-b", ["Alpha", "Avon", "Bravo"]),
        ("C–D", "c-d", ["Charlie", "Cobalt", "Delta"]),
        ("E–Z", "e-z", ["Echo", "Zulu"]),
    ]


def test_a_letter_too_long_for_one_page_is_split_by_its_first_two_letters():
    names = ["Alpha", "Babel", "Bacon", "Beta", "Bison", "Bolt", "Brick", "Crane"]
    assert [(label, slug) for label, slug, _ in _names(names, 3)] == [
        ("A", "a"),
        ("Ba–Be", "ba-be"),
        ("Bi–Br", "bi-br"),
        ("C", "c"),
    ]


def test_names_that_differ_only_late_split_where_they_differ():
    names = ["Is it A?", "Is it B?", "Is it C?"]
    assert [(label, slug) for label, slug, _ in _names(names, 1)] == [("Is It A", "is-it-a"), ("Is It B", "is-it-b"), ("Is It C", "is-it-c")]


def test_one_name_too_many_times_for_a_page_fills_numbered_parts():
    assert _names(["Same"] * 5, 2) == [
        ("Same (1)", "same-1", ["Same", "Same"]),
        ("Same (2)", "same-2", ["Same", "Same"]),
        ("Same (3)", "same-3", ["Same"]),
    ]


def test_page_addresses_are_unique_letters_and_digits_and_never_index():
    chunks = _names(["Index", "Indexes", "Ébène", "Eber", "بيت", "تل"], 1)
    assert [(label, slug) for label, slug, _ in chunks] == [
        ("E", "e"),
        ("Index", "index-2"),
        ("Indexe", "indexe"),
        ("É", "e-2"),
        ("ب", "u0628"),
        ("ت", "u062a"),
    ]
    assert slug_of("Mc Intyre’s") == "mc-intyres"


def test_dated_entries_split_by_year_then_by_month():
    entries = [(2015, 1), (2015, 6), (2016, 2), (2017, 3), (2017, 3), (2017, 4), (2017, 5), (2018, 1)]
    ordering = by_date(lambda entry: entry[0], lambda entry: entry[1], lambda year, month: f"{month}/{year}")
    assert [(chunk.label, chunk.slug, len(chunk.entries)) for chunk in split(entries, ordering, 3)] == [
        ("2015–2016", "2015-2016", 3),
        ("3/2017–4/2017", "2017-03-2017-04", 3),
        ("5/2017", "2017-05", 1),
        ("2018", "2018", 1),
    ]


def test_an_ordering_gives_a_short_name_its_finest_key_at_finer_levels():
    ordering: Ordering[str] = by_name(lambda name: name)
    assert ordering.at("Al", 5) == Key("al", "Al", "al")


# --- the split site ----------------------------------------------------------------------------------------

#: Each split index: its first page, and how to read the ids of the entries a page of it lists.
ENTRIES = {
    "who_is_who": re.compile(r'<h3 id="([^"]+)">'),
    "control": re.compile(r'<h2 id="([^"]+)">'),
    "disputes": re.compile(r'<h2 id="([^"]+)">'),
    "places": re.compile(r'<li><a href="(?:\.\./\.\./)?([a-z0-9-]+)/">'),
    "sources": re.compile(r'<li>[^<]*<a href="(?:\.\./\.\./)?([a-z0-9-]+)/">'),
}


def _records(synthetic: Path, name: str) -> list[str]:
    dataset, _ = load_and_check(synthetic, None, None)
    index = build_index(dataset)
    if name == "control":
        return sorted(index.control_history)
    if name == "who_is_who":
        return sorted(actor.id for actor in dataset.actors.values() if actor.camp is not None)
    folder = {"places": "places", "disputes": "disputes", "sources": "sources"}[name]
    return sorted(path.stem for path in (synthetic / folder).glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_entry_is_on_exactly_one_page_and_each_page_within_the_limit(name: str, split_site: SiteOutput, synthetic: Path):
    pages = _index_pages(split_site, INDEX_PAGES[name])
    assert len(pages) > 1, f"{name} did not split"
    listed = [ENTRIES[name].findall(page.html) for page in pages]
    assert all(0 < len(found) <= LOW_LIMITS[name] for found in listed), [len(found) for found in listed]
    every = [entry for found in listed for entry in found]
    assert sorted(every) == _records(synthetic, name)  # each once: no entry left out, none twice


def test_each_page_lists_every_page_at_its_top_and_bottom_marking_itself(split_site: SiteOutput):
    for name in ENTRIES:
        pages = _index_pages(split_site, INDEX_PAGES[name])
        for page in pages:
            lists = re.findall(r'<nav class="ex-pages" aria-label="([^"]+)" data-search-exclude>\n<p>(.*?)</p>\n</nav>', page.html)
            assert len(lists) == 2 and lists[0] == lists[1], page.src
            label, links = lists[0]
            assert label.startswith("Pages of ")
            targets = re.findall(r'<a href="([^"]+)"', links)
            here = page_url(page.src)
            assert [posixpath.normpath(posixpath.join(here, target)) for target in targets] == [
                posixpath.normpath(page_url(other.src)) for other in pages
            ]
            current = re.findall(r'<strong><a href="\./" aria-current="page">([^<]+)</a></strong>', links)
            assert current == [page.title.split(": ", 1)[1].replace("&amp;", "&")], page.src
            assert links.count("aria-current") == 1 and links.count(" · ") == len(pages) - 1
            entries = [match.start() for match in ENTRIES[name].finditer(page.html)]
            assert page.html.index("ex-pages") < entries[0] and page.html.rindex("ex-pages") > entries[-1], page.src


def test_each_page_is_titled_by_its_range_and_the_first_stays_at_the_index_address(split_site: SiteOutput):
    titles = {name: [page.title for page in _index_pages(split_site, INDEX_PAGES[name])] for name in ENTRIES}
    assert titles["control"] == ["Who held what: A–H", "Who held what: N–Q", "Who held what: R–S", "Who held what: T–U", "Who held what: W–Z"]
    assert titles["sources"] == ["Sources: 2016–2017", "Sources: 2018–2020", "Sources: 2021", "Sources: 2023–2024"]
    srcs = [page.src for page in _index_pages(split_site, INDEX_PAGES["control"])]
    assert srcs == ["control.md", "control/n-q.md", "control/r-s.md", "control/t-u.md", "control/w-z.md"]
    # Beside a kind's own pages, in a folder of their own: a record's id could be any range's name.
    assert [page.src for page in _index_pages(split_site, INDEX_PAGES["sources"])][1:] == [
        "sources/index/2018-2020.md",
        "sources/index/2021.md",
        "sources/index/2023-2024.md",
    ]
    for name in ENTRIES:
        for page in _index_pages(split_site, INDEX_PAGES[name]):
            assert re.findall(r"<h1>(.*?)</h1>", page.html) == [page.title]


_HREF = re.compile(r'href="([^"#]*)#([^"]+)"')


def _targets(output: SiteOutput) -> Iterator[tuple[str, str, str]]:
    """(page, target page's address, anchor) for every link to a section of another generated page."""
    for page in output.pages:
        here = page_url(page.src)
        for target, anchor in _HREF.findall(page.html):
            if target and not target.startswith(("http", "mailto")):
                yield page.src, posixpath.normpath(posixpath.join(here, target)), anchor


def test_every_link_to_a_section_lands_on_the_page_that_holds_it(split_site: SiteOutput):
    by_address = {posixpath.normpath(page_url(page.src)): page for page in split_site.pages}
    checked = 0
    for source, address, anchor in _targets(split_site):
        if address in by_address:
            assert anchor in by_address[address].anchors, f"{source} links to {address}#{anchor}, which is not there"
            checked += 1
    # Camps (from actor pages), disputes (from events, places, actors) and zones (from places) among them.
    pages = _pages(split_site)
    linked = {address.split("/")[0] for _, address, _ in _targets(split_site) if address in by_address}
    assert {"who-is-who", "disputes", "agreements"} <= linked, linked
    assert checked > 50
    assert any(page.src.startswith("disputes/") for page in pages.values())


def test_links_from_hand_written_pages_follow_the_split(split_site: SiteOutput, synthetic: Path):
    with pytest.MonkeyPatch.context() as patch:
        _low_limits(patch)
        dataset, _ = load_and_check(synthetic, None, None)
        laid_out = contexts.index_plan(dataset, build_index(dataset))
    pages = _pages(split_site)
    for dispute_id in sorted(dataset.disputes):
        src, _, anchor = record_location(DISPUTES, dispute_id, {}, laid_out.plan.moved).partition("#")
        assert anchor == dispute_id and anchor in pages[src].anchors
    assert any(src != "disputes.md" for src in (record_location(DISPUTES, d, {}, laid_out.plan.moved) for d in dataset.disputes))


def test_the_zones_page_summarises_and_links_to_zones_go_to_their_agreements(split_site: SiteOutput, synthetic: Path):
    zones = _pages(split_site)["zones.md"]
    assert zones.headings == ()
    rows = re.findall(r'<tr id="([^"]+)"><th scope="row"><a href="\.\./agreements/([^/]+)/">[^<]+</a></th><td>.*?</td><td>(\d+) zones</td></tr>', zones.html)
    assert [(row, target) for row, target, _ in rows] == [("agreement-001", "agreement-001"), ("agreement-002", "agreement-002")]
    assert "ex-chart" not in zones.html and "ex-map" not in zones.html
    agreement = _pages(split_site)["agreements/agreement-001.md"]
    zone_id = next(heading.id for heading in agreement.headings if heading.level == 3)
    with pytest.MonkeyPatch.context() as patch:
        _low_limits(patch)
        dataset, _ = load_and_check(synthetic, None, None)
        moved = contexts.index_plan(dataset, build_index(dataset)).plan.moved
    assert index_section("zones", f"agreement-001-{zone_id}", moved=moved) == f"agreements/agreement-001.md#{zone_id}"


def test_the_navigation_lists_only_first_pages_by_their_index_titles(split_site: SiteOutput, synthetic: Path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files, InclusionLevel

    titles = split_site.site.titles
    unsplit = generate_site(synthetic, TEMPLATES).nav
    # The same entries as the unsplit site's; a split index by its own title, not its first page's ("Places: A–C").
    named = {
        INDEX_PAGES["who_is_who"]: titles.who_is_who,
        INDEX_PAGES["places"]: titles.places,
        INDEX_PAGES["control"]: titles.control,
        INDEX_PAGES["disputes"]: titles.disputes,
        INDEX_PAGES["sources"]: titles.sources,
    }
    assert split_site.nav == [{named[entry]: entry} if isinstance(entry, str) and entry in named else entry for entry in unsplit]
    assert sum(isinstance(entry, dict) for entry in split_site.nav) == len(named)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins["explainer"].output = split_site  # type: ignore[attr-defined]
    files = config.plugins.on_files(Files([]), config=config)
    in_nav = sorted(file.src_uri for file in files if file.src_uri.endswith(".md") and file.inclusion == InclusionLevel.UNDEFINED)
    assert in_nav == sorted(split_site.index_pages)


def test_a_split_site_builds_strictly(synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project", synthetic, FIXTURES / "mini-content")
    write(project / "site_data" / "site.yaml", (synthetic / "site.yaml").read_text(encoding="utf-8"))
    (project / "content" / "report.md").unlink()
    _low_limits(monkeypatch)
    monkeypatch.chdir(project)
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(load_config(str(project / "mkdocs.yml"), strict=True))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert warnings == []
    site = project / "site"
    assert (site / "control" / "index.html").is_file() and (site / "control" / "n-q" / "index.html").is_file()
    assert (site / "places" / "index" / "e-n" / "index.html").is_file()
    # The sidebar lists the first page of each index, never the others.
    sidebar = (site / "control" / "n-q" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../who-is-who/"' in sidebar and "who-is-who/d-g/" not in sidebar


# --- small topics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [FIXTURES / "mini", SYRIA / "site_data", FIXTURES / "bridge" / "site_data", ROOT / "site_data"], ids=lambda p: p.parent.name)
def test_small_topics_keep_their_index_pages_whole(data: Path):
    dataset, _ = load_and_check(data, None, None)
    laid_out = contexts.index_plan(dataset, build_index(dataset))
    assert laid_out.plan.pages == {} and laid_out.plan.moved == {} and not laid_out.plan.zones_summary
    assert laid_out.paging == {}


def test_the_synthetic_topic_is_whole_under_the_real_limits(synthetic: Path):
    pages = [page.src for page in generate_site(synthetic, TEMPLATES).pages]
    assert not any(src.startswith(("control/", "who-is-who/", "disputes/", "places/index/", "sources/index/")) for src in pages)


def test_a_topic_without_camps_keeps_its_kinds_on_each_page(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(paging.INDEX_PAGE_LIMITS, "who_is_who", 2)
    pages = _index_pages(generate_site(FIXTURES / "bridge" / "site_data", TEMPLATES), INDEX_PAGES["who_is_who"])
    assert [(page.src, page.title, [(heading.level, heading.id) for heading in page.headings]) for page in pages] == [
        (
            "who-is-who.md",
            "Who is involved: B–D",
            [(2, "kind-company"), (3, "brandt-and-sons"), (2, "kind-court"), (3, "district-court-of-kestrel-bay")],
        ),
        (
            "who-is-who/i-k.md",
            "Who is involved: I–K",
            [(2, "kind-council"), (3, "kestrel-bay-city-council"), (2, "kind-person"), (3, "ines-varga")],
        ),
        ("who-is-who/r.md", "Who is involved: R", [(2, "kind-residents"), (3, "old-quay-residents")]),
    ]
