"""A Python-Markdown extension for Zensical: every page it is given is finished HTML, passed through as it is.

:mod:`explainer.zensical_adapter` writes each page of the site (generated, or hand-written and rendered by
:mod:`explainer.contentpages`) as finished HTML, and names this extension alone (with ``toc``, which
Zensical requires) in the configuration it gives Zensical. Zensical renders pages with Python-Markdown; this
extension:

- takes the whole page before any Markdown rule reads it and gives it back as the output: the HTML comes
  out byte for byte (it was escaped and sanitized where it was made);
- gives Zensical the page's headings (``md.toc_tokens``, which Zensical reads after rendering) for the
  table of contents in the sidebar: for a generated page, those its context declares, which the adapter
  writes as the page's first line (:data:`TOC_COMMENT_START`, taken out here), as the MkDocs plugin gives
  MkDocs a generated page's headings; for a hand-written page, read from its HTML as Python-Markdown's
  ``toc`` extension would.

Zensical imports it by name from the configuration, in its own process; it needs only Python-Markdown.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

#: A heading with an id, as the generator's templates and Python-Markdown's toc extension write them.
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


#: How a generated page's first line gives its headings: ``<!-- explainer-toc [tokens as JSON] -->``.
TOC_COMMENT_START = "<!-- explainer-toc "
TOC_COMMENT_END = " -->"


@dataclass
class _Taken:
    """The page being converted, from the preprocessor that takes it to the postprocessor that gives it back."""

    page: str = ""
    toc: list[dict[str, Any]] | None = None
    """The headings the page's first line gives (a generated page), else None."""


class _TakePage(Preprocessor):
    def __init__(self, md: markdown.Markdown, taken: _Taken) -> None:
        super().__init__(md)
        self.taken = taken

    def run(self, lines: list[str]) -> list[str]:
        given = None
        if lines and lines[0].startswith(TOC_COMMENT_START) and lines[0].endswith(TOC_COMMENT_END):
            given = json.loads(lines[0][len(TOC_COMMENT_START) : -len(TOC_COMMENT_END)])
            lines = lines[1:]
        self.taken.toc = given
        self.taken.page = "\n".join(lines)
        return []  # nothing for Markdown to read


class _GivePage(Postprocessor):
    def __init__(self, md: markdown.Markdown, taken: _Taken) -> None:
        super().__init__(md)
        self.taken = taken

    def run(self, text: str) -> str:
        page = self.taken.page
        given = self.taken.toc
        # The toc extension sets this attribute at run time; types-Markdown does not declare it.
        self.md.toc_tokens = given if given is not None else headings(page)  # type: ignore[attr-defined]
        return page


def headings(page_html: str) -> list[dict[str, Any]]:
    """The headings of a page as Python-Markdown's toc extension gives them (``toc_tokens``), nested by level."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, inner in _HEADING.findall(page_html):
        shown = _HEADERLINK.sub("", inner).strip()
        token = {
            "level": int(level),
            "id": anchor,
            "name": html.escape(html.unescape(_TAG.sub("", shown)), quote=False),
            "html": shown,
            "data-toc-label": "",
            "children": [],
        }
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


class FinishedPages(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        taken = _Taken()
        # First of the preprocessors (normalize_whitespace is 30), which then have nothing to read.
        md.preprocessors.register(_TakePage(md, taken), "explainer_take_page", 100)
        # Last of the postprocessors (raw_html is 30): the page as it was given.
        md.postprocessors.register(_GivePage(md, taken), "explainer_give_page", 0)


def makeExtension(**kwargs: Any) -> FinishedPages:
    return FinishedPages(**kwargs)
