"""Where pages end up and how they link to each other, as MkDocs lays them out."""

from __future__ import annotations

import posixpath


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) of the page whose source is ``src`` (a .md path, or an .html file).

    An anchor (``src#anchor``) is kept.
    """
    if "#" in src:
        path, _, anchor = src.partition("#")
        return f"{page_url(path, use_directory_urls)}#{anchor}"
    if src.endswith(".html"):
        return src[: -len("index.html")] if src.endswith("index.html") and use_directory_urls else src
    stem = src[: -len(".md")]
    if use_directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both relative to the site root."""
    base = from_url if (from_url == "" or from_url.endswith("/")) else posixpath.dirname(from_url)
    target = to_url or "."
    rel = posixpath.relpath(target, base or ".")
    if to_url == "" or to_url.endswith("/"):
        rel = rel.rstrip("/") + "/"
    return rel
