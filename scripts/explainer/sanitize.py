"""Sanitizing hand-written pages: what Python-Markdown renders from ``content/`` is cleaned like editors' fields.

Python-Markdown passes raw HTML and ``javascript:`` links through, and with
``attr_list`` any attribute can be added (``{: onclick=… }``). Pages in
``content/`` come from editors' pull requests, so their rendered HTML goes
through nh3 with an allow-list wide enough for Markdown and Material's
extensions (headings with ids, tables, admonitions, details, code) and nothing
that runs: no scripts, no event handlers, no styles, no frames; links only to
http, https, mailto or within the site; images only from the site itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

CONTENT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}  # fmt: skip
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
CONTENT_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
}


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    # The site requests nothing from other hosts: an image must be one of its own files.
    if tag == "img" and attribute == "src":
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith("//"):
            return None
    return value


def sanitize_page(html: str) -> str:
    """Clean the HTML Python-Markdown rendered from a hand-written page."""
    return nh3.clean(
        html,
        tags=CONTENT_TAGS,
        generic_attribute_prefixes=None,
        attributes={"*": GENERIC_ATTRIBUTES, **CONTENT_ATTRIBUTES},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_same_site_images,
        link_rel=None,
        strip_comments=True,
    )
