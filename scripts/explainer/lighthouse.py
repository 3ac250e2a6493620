"""Lighthouse scores of built pages, served gzipped on 127.0.0.1 as static hosts serve them.

Lighthouse comes from npm (``npx``), pinned, and drives Debian's Chromium;
it is part of ``explainer bench --lighthouse``, not of the test suite: its
scores move with the machine's load, so they are measurements to record, not
assertions.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .routes import INDEX_PAGES, TIMELINE_FOLDER, embed_page
from .urls import page_url

#: Lighthouse 12 is the last line that runs on Debian 12's Node 20 (13 needs Node 22).
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".xml", ".map")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, compressed when the browser accepts gzip, cacheable for an hour (as GitHub Pages does)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if path.name == "index.html" and not self.path.split("?")[0].endswith(("/", ".html")):
            return super().send_head()  # the redirect to the folder's URL
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_gzipped(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) for the duration; yields the site's URL."""
    handler = functools.partial(_GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Scores:
    page: str
    form_factor: str
    performance: int
    accessibility: int
    best_practices: int
    seo: int
    failing: tuple[str, ...]
    """Titles of the audits that cost points in accessibility, best practices or SEO."""
    blocking_ms: int
    """Total blocking time."""
    lcp_ms: int
    """Largest contentful paint."""


def lighthouse_command() -> list[str]:
    """How to run Lighthouse: $LIGHTHOUSE if set (a path to its CLI), else the pinned version through npx."""
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    npx = shutil.which("npx")
    if npx is None:
        raise RuntimeError("npx was not found: install Node.js and npm (Debian: apt-get install -y npm)")
    return [npx, "--yes", LIGHTHOUSE]


def run_lighthouse(url: str, page: str, form_factor: str = "mobile") -> Scores:
    """Lighthouse's four category scores of one URL, on mobile (its default, throttled) or desktop."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        argv = [
            *lighthouse_command(),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        if form_factor == "desktop":
            argv.append("--preset=desktop")
        env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", CHROMIUM))
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        result = json.loads(report.read_text(encoding="utf-8"))
    categories = result["categories"]
    failing = []
    for name in ("accessibility", "best-practices", "seo"):
        for ref in categories[name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{name}: {audit['title']}")
    audits = result["audits"]
    return Scores(
        page=page,
        form_factor=form_factor,
        performance=round(categories["performance"]["score"] * 100),
        accessibility=round(categories["accessibility"]["score"] * 100),
        best_practices=round(categories["best-practices"]["score"] * 100),
        seo=round(categories["seo"]["score"] * 100),
        failing=tuple(failing),
        blocking_ms=round(audits["total-blocking-time"]["numericValue"]),
        lcp_ms=round(audits["largest-contentful-paint"]["numericValue"]),
    )


#: The pages Lighthouse scores where a built site has them (a topic without control has no map): the home page
#: (with its map and timeline), the timeline, "Who is who", a chart's embed, the map and the map's embed; with
#: them, the largest page of events (see :func:`lighthouse_pages`).
LIGHTHOUSE_PAGES = {
    "home": page_url(INDEX_PAGES["home"]),
    "timeline": page_url(INDEX_PAGES["timeline"]),
    "who is who": page_url(INDEX_PAGES["who_is_who"]),
    "an embed": page_url(embed_page("timeline")),
    "map": page_url(INDEX_PAGES["map"]),
    "the map's embed": page_url(embed_page("map")),
}


def lighthouse_pages(site: Path) -> dict[str, str]:
    """The pages of the built ``site`` that Lighthouse scores: those of :data:`LIGHTHOUSE_PAGES` it has, then the
    largest page of events (events are sections of year or month pages): the heaviest a reader opens."""
    pages = {name: path for name, path in LIGHTHOUSE_PAGES.items() if (site / path / "index.html").is_file()}
    # The year's and month's pages: timeline/<name>/index.html.
    events = sorted((site / TIMELINE_FOLDER).glob("*/index.html"), key=lambda path: (-path.stat().st_size, path.as_posix()))
    if events:
        pages["the largest page of events"] = events[0].parent.relative_to(site).as_posix() + "/"
    return pages


def lighthouse_sites(bundled: Path, pages: dict[str, str], synthetic: Path | None, events: int) -> list[Scores]:
    """Scores of the bundled site's pages, on mobile and desktop; then the synthetic site's timeline and embed."""
    scores = []
    with serve_gzipped(bundled) as url:
        for name, path in pages.items():
            for form_factor in ("mobile", "desktop"):
                scores.append(run_lighthouse(url + path, name, form_factor))
    if synthetic is not None and synthetic.is_dir():
        with serve_gzipped(synthetic) as url:
            timeline, embed = page_url(INDEX_PAGES["timeline"]), page_url(embed_page("timeline"))
            for name, path in ((f"timeline, {events:,} events", timeline), (f"embed, {events:,} events", embed)):
                for form_factor in ("mobile", "desktop"):
                    scores.append(run_lighthouse(url + path, name, form_factor))
    return scores


def scores_verdicts(scores: list[Scores]) -> list[str]:
    """The targets (accessibility 100, performance at least 90), met or not, and what costs points."""
    lines = []
    for s in scores:
        met = s.accessibility == 100 and s.performance >= 90
        line = f"{s.page}, {s.form_factor}: {'targets met' if met else 'TARGET MISSED'}"
        if s.failing:
            line += "; failing: " + "; ".join(s.failing)
        lines.append(line)
    return lines


def scores_table(scores: list[Scores]) -> str:
    """A Markdown table of the scores, one row per page and form factor."""
    lines = [
        "| page | device | performance | accessibility | best practices | SEO | blocking ms | LCP ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.page} | {s.form_factor} | {s.performance} | {s.accessibility} | {s.best_practices} | {s.seo}"
            f" | {s.blocking_ms:,} | {s.lcp_ms:,} |"
        )
    return "\n".join(lines)
