"""Page weight: what a reader's browser downloads to show a page, gzipped as static hosts serve it.

A page's weight is its HTML plus every file it loads: stylesheets, scripts,
the icon, and what scripts load after the page has loaded: Material's sitemap
(for instant navigation), Material's search index and worker on a page with
Material's search box (the site's own search loads nothing before a reader
searches: see explainer.search), and Plotly.js on a
page with a chart, which the browser fetches when the reader first points at,
touches or focuses a chart (``at_load`` leaves it out). A browser test checks
that this list is exactly what Chromium requests.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

PLOTLY = ("assets/javascripts/vendor/plotly-basic.css", "assets/javascripts/vendor/plotly-basic.min.js")
GZIP_LEVEL = 6  # what common static hosts and web servers use


@dataclass(frozen=True)
class Resource:
    path: str
    """Path of the file in the site folder."""
    bytes: int
    gzipped: int


@dataclass(frozen=True)
class PageWeight:
    page: str
    resources: list[Resource]

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.resources)

    @property
    def gzipped(self) -> int:
        return sum(r.gzipped for r in self.resources)

    @property
    def at_load(self) -> int:
        """Gzipped bytes before the reader uses a chart (without Plotly.js)."""
        return sum(r.gzipped for r in self.resources if r.path not in PLOTLY)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.config: str | None = None
        self.has_chart = False
        self.materials_search = False
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and (found.get("rel") or "") in ("stylesheet", "icon", "shortcut icon") and found.get("href"):
            self.urls.append(found["href"] or "")
        elif tag == "script":
            if found.get("src"):
                self.urls.append(found["src"] or "")
            elif found.get("id") == "__config":
                self._in_config = True
        if tag == "div" and "ex-chart" in (found.get("class") or "").split():
            self.has_chart = True
        if tag == "form" and found.get("name") == "search":  # what makes Material's script fetch its index
            self.materials_search = True

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config = (self.config or "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False


def _resolve(page_url: str, url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # another host: nothing of this site (and the tests make sure there is none)
    base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url) + "/"
    return posixpath.normpath(posixpath.join(base, parts.path)).lstrip("./") if parts.path else None


def page_files(site: Path, page_url: str) -> list[str]:
    """Site-relative paths of every file the page at ``page_url`` loads, the HTML first, in a stable order."""
    html_path = page_url + "index.html" if page_url.endswith("/") or page_url == "" else page_url
    collector = _Collector()
    collector.feed((site / html_path).read_text(encoding="utf-8"))
    files = [html_path]
    for url in collector.urls:
        resolved = _resolve(page_url, url)
        if resolved and resolved not in files:
            files.append(resolved)
    if collector.config:
        config = json.loads(collector.config)
        base = _resolve(page_url, config.get("base", ".") + "/") or ""
        base = base.rstrip("/") + "/" if base and base != "." else ""
        search = config.get("search")
        if search and collector.materials_search:
            files += [_resolve(page_url, search) or search, base + "search/search_index.json"]
        if "navigation.instant" in config.get("features", []):
            files.append(base + "sitemap.xml")
    if collector.has_chart:
        files.extend(PLOTLY)
    seen: list[str] = []
    for path in files:
        path = re.sub(r"^\./", "", path)
        if path not in seen:
            seen.append(path)
    return seen


def measure(site: Path, page_url: str) -> PageWeight:
    """The weight of one page of a built site."""
    resources = []
    for path in page_files(site, page_url):
        data = (site / path).read_bytes()
        resources.append(Resource(path, len(data), len(gzip.compress(data, GZIP_LEVEL, mtime=0))))
    return PageWeight(page_url, resources)
