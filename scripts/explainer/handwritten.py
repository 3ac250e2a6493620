"""The hand-written pages of ``content/`` as the home page lists them: each page's title and description.

The home page's "Read first" lists the *articles*, the pages under ``articles/``; its list of reference pages
ends with the other hand-written pages (the method page). Both keep the order of site.yaml's ``pages``.

A page's title is the one MkDocs gives it: its front matter's ``title``; else its first element, when that is
a level-1 heading (its text, without Markdown); else its file name as words. Its description is its front
matter's ``description`` (:mod:`explainer.frontmatter` validates both), or none.

The pages are read after :func:`explainer.generate.load_and_check` has checked them (their files, size, front
matter and Markdown): a page that cannot be read here is one the build refuses anyway, and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from .contentfiles import MAX_PAGE_BYTES
from .contentpages import _first_heading, _title_from_file
from .frontmatter import read_front_matter
from .model import Site
from .yamlstrict import read_text_file

#: The folder of ``content/`` that holds the articles: the pages a reader should read first.
ARTICLES_FOLDER = "articles/"

#: A level-1 heading on a page's first line: ``# Title`` (ATX), or a line underlined with ``=`` (setext).
_ATX_H1 = re.compile(r"#(?!#)[ \t]")
_SETEXT_H1 = re.compile(r"=+[ \t]*")


@dataclass(frozen=True)
class HandWrittenPage:
    """A page of ``content/`` listed in site.yaml's ``pages``, for the home page."""

    src: str
    """Its path under ``content/`` (as in ``pages``), from which the home page links to it."""
    title: str
    """Its title as plain text (escaped where a template prints it)."""
    description: str | None
    """Its front matter's description, plain text; None when it gives none."""

    @property
    def article(self) -> bool:
        """Whether it is an article (under ``articles/``): the home page lists it under "Read first"."""
        return self.src.startswith(ARTICLES_FOLDER)


def hand_written_pages(site: Site, content_dir: Path | None) -> list[HandWrittenPage]:
    """Every page site.yaml's ``pages`` lists, in its order, with its title and description (none without a
    pages folder; a page whose file cannot be read is left out: the build's checks report it)."""
    if content_dir is None:
        return []
    found = []
    for src in _listed(site):
        text, problems = read_text_file(content_dir / src, src, max_bytes=MAX_PAGE_BYTES)
        if text is None or problems:
            continue
        front = read_front_matter(text, src)
        title = front.title if front.title is not None else first_heading(front.body) or _title_from_file(src)
        found.append(HandWrittenPage(src, title, front.description))
    return found


def _listed(site: Site) -> list[str]:
    """The pages of site.yaml's ``pages``, sections flattened, in order."""
    listed: list[str] = []
    for entry in site.pages:
        listed += [entry.page] if entry.page is not None else list(entry.pages)
    return listed


def first_heading(body: str) -> str | None:
    """The text of a page's first element when it is a level-1 heading, as MkDocs takes a page's title from it.

    Only the heading's own lines are rendered (its inline Markdown, and an attribute list such as ``{#id}``,
    which the site's ``attr_list`` extension removes): the rest of the page plays no part in its title.
    """
    lines = body.lstrip("\n").split("\n", 2)
    first = lines[0]
    if _ATX_H1.match(first):
        block = first
    elif len(lines) > 1 and first.strip() and not first.startswith((" " * 4, "\t")) and _SETEXT_H1.fullmatch(lines[1]):
        block = first + "\n" + lines[1]
    else:
        return None
    return _first_heading(markdown.markdown(block, extensions=["attr_list"]))
