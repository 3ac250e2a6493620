"""Sanitizing hand-written pages: what Python-Markdown renders from ``content/`` is cleaned like editors' fields.

Python-Markdown passes raw HTML and ``javascript:`` links through, and with
``attr_list`` any attribute can be added (``{: onclick=… }``). Pages in
``content/`` come from editors' pull requests, so their rendered HTML goes
through nh3 with an allow-list wide enough for Markdown and Material's
extensions (headings with ids, tables, admonitions, details, code) and nothing
that runs: no scripts, no event handlers, no styles, no frames; links only to
http, https, mailto or within the site; images only from the site itself: a
relative path, as a browser reads the address (``\\host``, ``/\\host``, a
tab in the scheme, ``data:`` are not), before and after percent- or
entity-decoding.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

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


#: What a browser strips from both ends of a URL (WHATWG URL: C0 controls and space).
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
#: A scheme, or what could pass for one: a colon before the first / ? or #.
_SCHEME = re.compile(r"[^/?#]*:")
#: Rounds of percent- and entity-decoding tried on an image's address (each round must stay relative).
_DECODING_ROUNDS = 3


def _as_browser_reads(url: str) -> str:
    """``url`` as a browser's URL parser reads it: ends stripped, tabs and line breaks removed, ``\\`` as ``/``."""
    return re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE)).replace("\\", "/")


def _is_relative_path(url: str) -> bool:
    """A path relative to the page: no scheme, no host (``//``), not from the root of the origin (``/``)."""
    read = _as_browser_reads(url)
    return not read.startswith("/") and _SCHEME.match(read) is None


def is_own_image(src: str) -> bool:
    """An image address that is one of the site's own files in every spelling: it is a relative path,
    and stays one once percent- or entity-decoded (a server or a second parser may decode it)."""
    spelling = src
    for _ in range(_DECODING_ROUNDS + 1):
        if not _is_relative_path(spelling):
            return False
        spelling = html.unescape(unquote(spelling))
    return True


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    # The site requests nothing from other hosts: an image must be one of its own files.
    if tag == "img" and attribute == "src" and not is_own_image(value):
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
