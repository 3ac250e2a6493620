"""The site's search: a Pagefind index of the built site, fetched in pieces on a reader's first search.

A first visit downloads nothing of the index (Material's own search fetched the whole of it, 533 KB
gzipped at 10,000 events, with a visit's first page). After the build, :func:`index_site` runs
Pagefind's indexer (the ``pagefind_bin`` wheel, a build dependency) over the built site folder: it
writes ``pagefind/`` into it, an index split by term, with one small fragment per page. The site's
search box (``templates/overrides/assets/javascripts/explainer-search.js``) loads Pagefind's script
and WebAssembly only when a reader starts a search, and then only the pieces of the index that the
words typed need.

The core is engine-agnostic: any folder of HTML pages can be indexed, whichever engine built it
(``explainer search-index SITE``). What a page gives the index is written in its HTML:

- ``data-pagefind-body`` on the part of a page to index (the theme puts it on each page's content;
  navigation, header and footer, embeds and redirect stubs are not indexed);
- :data:`EXCLUDED` on blocks whose text is repeated from elsewhere or is the editors' housekeeping
  (quotes listed again, citations, chart data, editors' notes): never indexed, never in a snippet;
- the names of a page's subject (:func:`names_html`), weighted as its title, so that "Rivertown" finds
  the page of Riverton.

Pagefind folds diacritics ("Erdoğan" finds Erdogan) and stems English words; what a reader's query
must match, and in which order results come, is decided by the search box (all the words first).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .errors import ExplainerError

#: The folder of the built site that holds the index and Pagefind's own script and WebAssembly.
INDEX_FOLDER = "pagefind"
#: Blocks kept out of the index: the generator's marker (also read by the bench's plain baseline), and
#: the "¶" permalinks MkDocs adds to headings.
EXCLUDED = "[data-search-exclude], .headerlink"
#: How much a page's names weigh against its text: as much as its title (Pagefind weighs an <h1> 7).
NAMES_WEIGHT = 7
#: A generous bound: Pagefind indexes 10,000 events' pages in seconds.
TIMEOUT_SECONDS = 600
#: Pagefind's ready-made search interfaces, which it writes beside the index: the site has its own search
#: box, so they are removed (nothing loads them).
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(ExplainerError):
    """Pagefind could not be run, or failed: the site has no search (a maintainer's problem, not an editor's)."""


@dataclass(frozen=True)
class IndexSummary:
    """What Pagefind reported about the index it wrote."""

    folder: Path
    """The index folder inside the site (``site/pagefind``)."""
    log: str
    """Pagefind's own summary (pages, words, languages)."""


def pagefind_executable() -> Path:
    """The Pagefind indexer shipped by the ``pagefind_bin`` wheel (``pip install 'pagefind[bin]'``)."""
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexError(
            "the search index needs Pagefind's indexer, which is not installed: pip install -e . installs it"
            " (the package pagefind[bin])"
        ) from None
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as error:
        raise SearchIndexError(f"Pagefind's indexer is missing from its package ({error}); reinstall pagefind[bin]") from None


def index_site(site: Path, *, executable: Path | None = None) -> IndexSummary:
    """Index the built site in ``site`` with Pagefind, into ``site/pagefind/`` (replacing an older index).

    Pagefind runs in an empty working folder, with none of its ``PAGEFIND_*`` variables: a
    configuration file or variable cannot change what the site's index holds. Its output is
    byte-identical for the same pages.
    """
    program = executable or pagefind_executable()
    arguments = [
        str(program),
        "--site",
        str(site.resolve()),
        "--output-subdir",
        INDEX_FOLDER,
        "--exclude-selectors",
        EXCLUDED,
    ]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    folder = site / INDEX_FOLDER
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)  # an older index (a --dirty build): its pieces would stay beside the new ones
    with tempfile.TemporaryDirectory(prefix="explainer-pagefind-") as empty:
        try:
            finished = subprocess.run(
                arguments,
                cwd=empty,
                env=environment,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SearchIndexError(f"Pagefind did not finish indexing {site} within {TIMEOUT_SECONDS} s") from None
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not be run ({error})") from None
    if finished.returncode != 0:
        raise SearchIndexError(f"Pagefind failed to index {site} (exit status {finished.returncode}): {_last_lines(finished)}")
    for name in UNUSED_FILES:
        (folder / name).unlink(missing_ok=True)
    return IndexSummary(folder, _summary(finished.stdout))


def _last_lines(finished: subprocess.CompletedProcess[str], count: int = 5) -> str:
    lines = [line.strip() for line in (finished.stderr + "\n" + finished.stdout).splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no output"


def _summary(stdout: str) -> str:
    """Pagefind's counts ("Indexed 109 pages", …), one line."""
    counts = [line.strip() for line in stdout.splitlines() if line.strip().startswith("Indexed ")]
    return "; ".join(counts)


def names_html(names: Sequence[str]) -> str:
    """The names of a page's subject, for the index only: weighted as the page's title, shown to no reader
    (``hidden``: the page lists them already, with which source uses which), and given to the search box
    as the result's ``names`` (Pagefind metadata) to say why a page matched. Each name is escaped."""
    if not names:
        return ""
    shown = "; ".join(escape(name, quote=False) for name in names)
    return f'<p class="ex-search-names" hidden data-pagefind-weight="{NAMES_WEIGHT}" data-pagefind-meta="names">{shown}</p>\n'


@dataclass(frozen=True)
class IndexedPage:
    """A page as the index holds it (one Pagefind fragment): what a result shows, and the text searched."""

    url: str
    """The page's address from the site's root (``/places/hillcrest/``)."""
    title: str
    content: str
    """The page's indexed text, as text (no markup)."""
    names: str
    """The other names of the page's subject (``"; "`` between them), or ""."""
    anchors: tuple[str, ...]
    """The ids of the page's headings that results can link to (an event's section on a timeline page)."""


_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def indexed_pages(site: Path) -> list[IndexedPage]:
    """Every page in the site's index, by address: what the index holds, for tests and checks.

    Each fragment is gzip'd JSON after Pagefind's signature (the format of the Pagefind version pinned).
    """
    pages = []
    for fragment in sorted((site / INDEX_FOLDER / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(_FRAGMENT_SIGNATURE):
            raise SearchIndexError(f"{fragment}: not a Pagefind fragment of the version this site uses")
        page = json.loads(data[len(_FRAGMENT_SIGNATURE) :])
        meta = page["meta"]
        anchors = tuple(anchor["id"] for anchor in page["anchors"])
        pages.append(IndexedPage(page["url"], meta["title"], page["content"], meta.get("names", ""), anchors))
    return sorted(pages, key=lambda page: page.url)
