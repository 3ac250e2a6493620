"""What MkDocs and Material for MkDocs want of a generated page, made from what the core gives.

The core (:mod:`explainer.render`) gives each page its title, its HTML, the headings its context declares and
what the site's search should know of it (:class:`explainer.contexts.SearchHints`). MkDocs and Material want:

- the page as a Markdown file with front matter: its ``title``; ``tags`` and ``search.boost``, which
  Material's built-in search reads (:func:`generated_markdown`; ``explainer render OUT`` writes the same files for
  an engine of the MkDocs family);
- the table of contents as MkDocs' tokens (:func:`toc_tokens`, which the plugin hands to
  ``mkdocs.structure.toc.get_toc``);
- the words of the theme's partials that are the site's own (:func:`search_box_words`).

This module imports nothing of MkDocs, so that ``explainer render`` runs without it; the plugin
(:mod:`explainer.plugin`) is the part that does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import TypedDict

from .i18n import Words
from .render import GeneratedPage, TocEntry


def generated_markdown(page: GeneratedPage) -> str:
    """The page as Markdown: front matter with its title, then the HTML (which Markdown passes through).

    The title stays HTML (escaped text), as engines that take titles from headings expect, and as themes print
    them. The site's own search (:mod:`explainer.search`) reads the names of the page's subject from the HTML;
    they also go in ``tags`` and the page's weight in ``search.boost``, for an engine whose built-in search reads
    those keys (as Material's does). (JSON is YAML: the values stay plain strings.)
    """
    return f"{front_matter(page)}\n{page.html}"


def front_matter(page: GeneratedPage) -> str:
    """The page's front matter, as :func:`generated_markdown` begins. (The plugin gives MkDocs this alone: it puts
    the page's HTML in place itself, without a Markdown pass, so the page's text is not held twice.)"""
    front = f"title: {json.dumps(page.title, ensure_ascii=False)}\n"
    if page.search.terms:
        # Material's search shows tags as HTML (and escapes only the text it reads from pages).
        tags = [escape(term, quote=False) for term in page.search.terms]
        front += f"tags: {json.dumps(tags, ensure_ascii=False)}\n"
    if page.search.boost != 1.0:
        front += f"search:\n  boost: {page.search.boost}\n"
    return f"---\n{front}---\n"


class TocToken(TypedDict):
    """A heading as Python-Markdown's toc extension gives it, and as MkDocs' ``get_toc`` reads it."""

    level: int
    id: str
    name: str
    children: list[TocToken]


def toc_tokens(entries: Sequence[TocEntry]) -> list[TocToken]:
    """A page's table of contents as the tokens of Python-Markdown's toc extension, which MkDocs' ``get_toc``
    reads: ``level``, ``id``, ``name`` (HTML) and ``children``."""
    return [{"level": entry.level, "id": entry.id, "name": entry.name, "children": toc_tokens(entry.children)} for entry in entries]


def search_box_words(lang: Words) -> dict[str, str]:
    """The words of the site's search box (``templates/overrides/partials/explainer-search.html``) that Material
    has no translation of, in the site's language: given to the theme as ``config.extra.explainer_search`` (by the
    plugin, and by the Zensical adapter). ``#`` stands for the query."""
    return {
        "none": lang.gettext("No page mentions “#”."),
        "some": lang.gettext("No page mentions all of “#”. These pages mention some of its words:"),
        "failed": lang.gettext("The search could not be loaded. Reload the page to try again."),
        "more": lang.gettext("More results"),
    }
