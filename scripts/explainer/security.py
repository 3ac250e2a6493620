"""Headers a static host can use: a Content-Security-Policy in every page, and a ``_headers`` file.

The policy allows only the site's own scripts, styles, images, fonts and
requests. Material's few inline scripts are allowed by their SHA-256 hashes,
computed from each built page; nothing else inline runs, no inline style
applies (Plotly's rules are served as a stylesheet, see
``scripts/vendor-plotly``) and no inline event handler exists. A ``<meta>``
cannot say who may frame a page, so ``_headers`` (read by Netlify and
Cloudflare Pages) adds ``frame-ancestors``: the site frames only itself, its
embed pages may be framed by anyone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?(application/json|application/ld\+json|text/template)""", re.I)

#: What every page may load: its own files only (data: images are Material's icons in CSS).
BASE_POLICY = (
    "default-src 'none'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; font-src 'self';"
    " connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'self'"
)


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources ('sha256-…') for each inline script that runs (not JSON data blocks), in page order."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.I) or _DATA_TYPES.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def page_policy(html: str) -> str:
    hashes = inline_script_hashes(html)
    return BASE_POLICY.format(hashes="".join(" " + h for h in hashes))


def with_policy(html: str) -> str:
    """The page with its Content-Security-Policy <meta> first in <head>, before anything it governs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html)}">'
    match = re.search(r"<head\b[^>]*>", html, re.I)
    if match is None:
        return html
    return html[: match.end()] + meta + html[match.end() :]


def headers_file(site_dir: Path) -> str:
    """A ``_headers`` file for the built site: one rule per top-level entry, so that no two rules overlap.

    (Hosts join the values of overlapping rules, and two CSP frame-ancestors policies both apply.)
    """
    common = ["  X-Content-Type-Options: nosniff", "  Referrer-Policy: no-referrer"]
    own = ["  Content-Security-Policy: frame-ancestors 'self'", "  X-Frame-Options: SAMEORIGIN", *common]
    anyone = ["  Content-Security-Policy: frame-ancestors *", *common]
    lines = [
        "# Written by the explainer plugin at build time (see scripts/explainer/security.py).",
        "# Pages may be framed only by the site itself; embed pages by any site.",
        "/",
        *own,
    ]
    for entry in sorted(site_dir.iterdir(), key=lambda path: path.name):
        if entry.name == "_headers":
            continue
        pattern = f"/{entry.name}/*" if entry.is_dir() else f"/{entry.name}"
        lines += [pattern, *(anyone if entry.name == "embed" else own)]
    return "\n".join(lines) + "\n"
