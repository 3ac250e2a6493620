"""Where pages end up and how they link to each other, as MkDocs lays them out."""

from __future__ import annotations

from functools import lru_cache

HERE = "./"
"""The address of a page from the page itself (what :meth:`explainer.helpers.Helpers.to` gives for it): a link
there only takes the reader back to the page's top, so the site writes the name alone, or the mark unlinked."""


@lru_cache(maxsize=65536)
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
    """A link from the page at ``from_url`` to ``to_url``, both relative to the site root.

    Plain string work (no ``posixpath.relpath``, which resolves paths): a build makes millions.
    """
    return LinksFrom(from_url).to(to_url)


class LinksFrom:
    """Links from one page (its URL relative to the site root, split once: a page links to thousands)."""

    def __init__(self, from_url: str):
        if from_url == "" or from_url.endswith("/"):
            base = from_url
        else:
            base = from_url.rsplit("/", 1)[0] + "/" if "/" in from_url else ""
        self._base_parts = [part for part in base.split("/") if part]

    def to(self, to_url: str) -> str:
        """The link to ``to_url`` (relative to the site root)."""
        base_parts = self._base_parts
        target_parts = to_url.split("/")
        common = 0
        while common < len(base_parts) and common < len(target_parts) - 1 and base_parts[common] == target_parts[common]:
            common += 1
        return "../" * (len(base_parts) - common) + "/".join(target_parts[common:]) or "./"
