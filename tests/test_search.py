"""The search index (explainer.search): what Pagefind is given, what it writes, and how it fails."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from conftest import write
from explainer.search import (
    EXCLUDED,
    INDEX_FOLDER,
    UNUSED_FILES,
    SearchIndexError,
    index_site,
    indexed_pages,
    names_html,
    pagefind_executable,
)

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>
<nav>Home · Timeline</nav>
<article data-pagefind-body>
<h1>{title}</h1>
{names}<p>Riverton changed hands in March 2020.</p>
<div class="admonition note ex-editors-note" data-search-exclude><p>Editors' housekeeping: page furniture.</p></div>
<h2 id="sources">What the sources say<a class="headerlink" href="#sources">¶</a></h2>
<p>“The Front took the bridge.”</p>
</article>
</body></html>
"""


def _site(root: Path) -> Path:
    """A built site as any engine might write it: two pages to index, and an embed without the index's marker."""
    site = root / "site"
    write(site / "index.html", PAGE.format(title="Home", names=""))
    write(site / "places" / "riverton" / "index.html", PAGE.format(title="Riverton", names=names_html(["Rivertown", "Ri & <b>"])))
    write(site / "embed" / "chart" / "index.html", "<!doctype html><html lang=en><body><h1>Chart embed</h1></body></html>")
    return site


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_names_are_escaped_hidden_and_weighted_as_a_title():
    assert names_html(["Turkey", "A & <b>B</b>"]) == (
        '<p class="ex-search-names" hidden data-pagefind-weight="7" data-pagefind-meta="names">'
        "Turkey; A &amp; &lt;b&gt;B&lt;/b&gt;</p>\n"
    )
    assert names_html([]) == ""


def test_the_index_holds_the_marked_pages_text_and_names_only(tmp_path: Path):
    site = _site(tmp_path)
    summary = index_site(site)
    assert summary.folder == site / INDEX_FOLDER
    assert summary.log.startswith("Indexed 1 language; Indexed 2 pages; ")
    pages = indexed_pages(site)
    assert [page.url for page in pages] == ["/", "/places/riverton/"]  # not the embed, which has no marker
    riverton = pages[1]
    assert riverton.title == "Riverton"
    assert riverton.names == "Rivertown; Ri & <b>"  # as text: the search box shows it as text
    assert riverton.anchors == ("sources",)
    # Navigation, the editors' housekeeping and the headings' permalinks are not indexed.
    assert riverton.content == (
        "Riverton. Rivertown; Ri & <b> Riverton changed hands in March 2020. What the sources say. “The Front took the bridge.”"
    )
    assert EXCLUDED == "[data-search-exclude], .headerlink"
    # Pagefind's script, WebAssembly and the index's pieces are written; its ready-made interfaces are not kept.
    written = set(_digests(site / INDEX_FOLDER))
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"} <= written
    assert any(name.startswith("index/") for name in written) and any(name.startswith("fragment/") for name in written)
    assert not written & set(UNUSED_FILES)


def test_the_index_is_the_same_bytes_every_time_and_ignores_pagefinds_settings(tmp_path: Path, monkeypatch):
    site = _site(tmp_path)
    index_site(site)
    first = _digests(site / INDEX_FOLDER)
    stale = write(site / INDEX_FOLDER / "fragment" / "stale.pf_fragment", "from an older build")
    # Neither Pagefind's variables nor a configuration file where the build runs change the index.
    monkeypatch.setenv("PAGEFIND_GLOB", "embed/**/*.html")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "p")
    write(tmp_path / "pagefind.yml", "glob: embed/**/*.html\n")
    monkeypatch.chdir(tmp_path)
    index_site(site)
    assert not stale.exists()
    assert _digests(site / INDEX_FOLDER) == first


def test_a_failing_indexer_is_an_error_that_says_what_it_printed(tmp_path: Path):
    site = _site(tmp_path)
    failing = write(tmp_path / "pagefind", "#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n")
    failing.chmod(0o755)
    with pytest.raises(SearchIndexError) as raised:
        index_site(site, executable=failing)
    assert str(raised.value) == f"Pagefind failed to index {site} (exit status 3): Error: something broke"


def test_an_indexer_that_cannot_run_is_an_error(tmp_path: Path):
    site = _site(tmp_path)
    with pytest.raises(SearchIndexError) as raised:
        index_site(site, executable=tmp_path / "no-such-pagefind")
    assert str(raised.value).startswith("Pagefind could not be run ([Errno 2] No such file or directory: ")


def test_a_missing_indexer_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # import fails as when the package is not installed
    with pytest.raises(SearchIndexError) as raised:
        pagefind_executable()
    assert str(raised.value) == (
        "the search index needs Pagefind's indexer, which is not installed: pip install -e . installs it"
        " (the package pagefind[bin])"
    )


def test_a_fragment_of_another_format_is_refused(tmp_path: Path):
    import gzip

    site = tmp_path / "site"
    fragment = site / INDEX_FOLDER / "fragment" / "en_1.pf_fragment"
    fragment.parent.mkdir(parents=True)
    fragment.write_bytes(gzip.compress(b'{"url": "/"}'))
    with pytest.raises(SearchIndexError) as raised:
        indexed_pages(site)
    assert str(raised.value) == f"{fragment}: not a Pagefind fragment of the version this site uses"


def test_a_preview_is_served_before_its_index_is_written_and_the_next_build_waits_for_it(tmp_path: Path):
    from types import SimpleNamespace

    from explainer.plugin import SearchIndexPlugin

    site = _site(tmp_path)
    plugin = SearchIndexPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = SimpleNamespace(site_dir=str(site))
    plugin.on_post_build(config=config)  # returns at once: the index is written in the background
    assert plugin.indexing is not None
    plugin.on_pre_build(config=config)  # the next rebuild waits for it before MkDocs clears the folder
    assert plugin.indexing is None
    assert [page.url for page in indexed_pages(site)] == ["/", "/places/riverton/"]


def test_a_build_writes_its_index_before_it_finishes(tmp_path: Path):
    from types import SimpleNamespace

    from explainer.plugin import SearchIndexPlugin

    site = _site(tmp_path)
    plugin = SearchIndexPlugin()
    plugin.on_startup(command="build", dirty=False)
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert plugin.indexing is None
    assert [page.url for page in indexed_pages(site)] == ["/", "/places/riverton/"]


def test_the_command_line_indexes_a_site_another_engine_built(tmp_path: Path, capsys):
    from explainer.cli import main

    site = _site(tmp_path)
    assert main(["search-index", str(site)]) == 0
    assert capsys.readouterr().out.startswith(f"{site / INDEX_FOLDER}: Indexed 1 language; Indexed 2 pages; ")
    assert main(["search-index", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'nowhere'}: no built site here (no index.html); build it first\n"
