"""Hand-written pages rendered to finished HTML without MkDocs, as the plugin and MkDocs render them together.

For an engine that runs no MkDocs plugin (Zensical: :mod:`explainer.zensical_adapter`), each page of
``content/`` goes through the plugin's steps, with the same core functions, and through what MkDocs
itself does to a page's links:

1. its front matter is read strictly (:mod:`explainer.frontmatter`): the theme gets only the allowed
   keys, their texts escaped;
2. the limits on pages and its record links (:func:`explainer.articles.page_markdown`), and its chart
   blocks replaced by slots;
3. Python-Markdown with the site's extensions (``markdown_extensions`` of ``mkdocs.yml``, and
   ``toc``, ``tables`` and ``fenced_code``, which MkDocs always adds);
4. links resolved as MkDocs 1.6 resolves them (:class:`LinkResolver`): a relative link to a page's
   Markdown file becomes that page's address, one to a file its address, from where the page is
   published;
5. sanitized (:func:`explainer.sanitize.sanitize_page`), then the charts put in their slots.

Every link MkDocs would warn about under the site's ``validation`` settings (all ``warn``, which
``--strict`` makes fatal) is a problem here, positioned in the page: an absolute link, a relative one
that names no file, one to a file the site does not have, and one to an anchor its page does not hold.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .articles import chart_slot, fill_chart_slots, page_markdown, replace_chart_blocks
from .errors import Problem
from .frontmatter import read_front_matter
from .markdownscan import line_starts, position
from .sanitize import sanitize_page
from .urls import page_url, relative_url

#: The extensions MkDocs always gives Python-Markdown, before the configured ones.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")

_ID = re.compile(r"""\s(?:id|name)="([^"]*)\"""")


@dataclass(frozen=True)
class PageLink:
    """A link of a page to an anchor of another page (or of itself), checked once every page's ids are known."""

    url: str
    """The link as written."""
    target: str
    """The docs-relative path of the page linked to."""
    anchor: str


@dataclass
class RenderedPage:
    """A hand-written page as finished HTML, and what the theme and the checks need of it."""

    src: str
    """Its path in the pages folder (``articles/x.md``)."""
    title: str
    """The page's title as HTML (escaped text): its front matter's, else its first heading's, else its file name's."""
    html: str
    meta: dict[str, Any]
    """What the theme may read of its front matter (:meth:`explainer.frontmatter.FrontMatter.theme_meta`)."""
    anchors: frozenset[str]
    """Every id of the page, for links to its anchors."""
    links: list[PageLink] = field(default_factory=list)


class LinkResolver(Treeprocessor):
    """MkDocs' rewriting of relative links (``mkdocs.structure.pages._RelativePathTreeprocessor``, 1.6), strict.

    ``files`` are the docs-relative paths of every page and file of the site; ``problems`` collects what
    MkDocs would have warned about (as text: the page positions them).
    """

    def __init__(self, md: markdown.Markdown, src: str, files: frozenset[str], use_directory_urls: bool):
        super().__init__(md)
        self.src = src
        self.files = files
        self.use_directory_urls = use_directory_urls
        self.problems: list[tuple[str, str]] = []
        self.links: list[PageLink] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attribute is None or element.get(attribute) is None:
                continue
            element.set(attribute, self.resolve(element.get(attribute, "")))

    def resolve(self, url: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or "\x02amp\x03" in url:  # another host, mailto:, or Markdown's own e-mail obfuscation
            return url
        if url.startswith(("/", "\\")):
            self.problems.append((url, f"the link '{url}' is absolute; link to the page's Markdown file, relative to this page"))
            return url
        if not path:
            if anchor:
                self.links.append(PageLink(url, self.src, anchor))
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src), unquote(path)).lstrip("/"))
        if target not in self.files:
            if not posixpath.splitext(path)[1]:
                message = f"the link '{url}' names no file; link to the page's Markdown file (such as timeline.md) or to a file"
            else:
                message = f"the link '{url}' leads to no page or file of the site ('{target}'); correct it or remove it"
            self.problems.append((url, message))
            return url
        if anchor and target.endswith(".md"):
            self.links.append(PageLink(url, target, anchor))
        own = page_url(self.src, self.use_directory_urls)
        destination = page_url(target, self.use_directory_urls) if target.endswith(".md") else target
        return urlunsplit(("", "", relative_url(own, destination), query, anchor))


class _Links(Extension):
    def __init__(self, resolver_args: tuple[str, frozenset[str], bool]):
        super().__init__()
        self.resolver_args = resolver_args
        self.resolver: LinkResolver | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.resolver = LinkResolver(md, *self.resolver_args)
        md.treeprocessors.register(self.resolver, "explainer_links", 0)  # last, as MkDocs' own


def markdown_extensions(configured: Sequence[str | Mapping[str, Any]]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Python-Markdown's extensions and their settings, from ``markdown_extensions`` as ``mkdocs.yml`` writes it,
    with those MkDocs always adds."""
    names: list[str] = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for item in configured:
        settings: Mapping[str, Any]
        if isinstance(item, str):
            name, settings = item, {}
        else:
            ((name, settings),) = item.items()
        if name not in names:
            names.append(name)
        if settings:
            configs[name] = dict(settings)
    return names, configs


def _title_from_file(src: str) -> str:
    """MkDocs' title for a page that gives none: its file name (its folder's, for an index page), as words."""
    if src == "index.md":
        return "Home"
    stem = posixpath.splitext(posixpath.basename(src))[0]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(src))
    title = stem.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _first_heading(html_text: str) -> str | None:
    """The text of the page's first element when it is an <h1>, as MkDocs takes a page's title from it."""
    match = re.match(r"\s*<h1\b[^>]*>(.*?)</h1>", html_text, re.S)
    if match is None:
        return None
    inner = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", match.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip() or None


def render_page(
    text: str,
    src: str,
    shown: str,
    *,
    record_pages: Mapping[tuple[str, str], str],
    charts: Sequence[str],
    files: frozenset[str],
    extensions: Sequence[str | Mapping[str, Any]],
    use_directory_urls: bool = True,
) -> tuple[RenderedPage, list[Problem]]:
    """A hand-written page (``text``, at ``src`` in the pages folder, ``shown`` in messages) as finished HTML.

    ``charts``: the HTML of its chart blocks in order (:attr:`explainer.render.SiteOutput.chart_blocks`);
    ``files``: the docs-relative path of every page and file of the site. The problems are those of its links
    (its front matter and limits are the generator's to report, which it does before any page is rendered).
    """
    front = read_front_matter(text, shown)
    body = page_markdown(front.body, src, record_pages)
    if charts:
        body = replace_chart_blocks(body, [chart_slot(index) for index in range(len(charts))])
    names, configs = markdown_extensions(extensions)
    links = _Links((src, files, use_directory_urls))
    md = markdown.Markdown(extensions=[*names, links], extension_configs=configs)
    rendered = md.convert(body)
    clean = fill_chart_slots(sanitize_page(rendered), list(charts))
    title = front.title if front.title is not None else _first_heading(rendered) or _title_from_file(src)
    meta = front.theme_meta()
    assert links.resolver is not None
    starts = line_starts(text)
    problems = [Problem(shown, *_position_of(text, starts, url), message) for url, message in links.resolver.problems]
    page = RenderedPage(
        src,
        html.escape(title, quote=False) if front.title is None else meta["title"],
        clean,
        meta,
        frozenset(_ID.findall(clean)),
        links.resolver.links,
    )
    return page, problems


def _position_of(text: str, starts: list[int], url: str) -> tuple[int, int]:
    """Where a link's address is written in a page: its first occurrence as an address (after "(", "<" or a
    reference's ": "), else anywhere; the page's start if it is nowhere (a link Markdown made up)."""
    for before in ("(", "<", ": ", ""):
        offset = text.find(before + url)
        if offset >= 0:
            return position(starts, offset + len(before))
    return 1, 1


def anchor_problems(
    pages: Sequence[RenderedPage], anchors: Mapping[str, frozenset[str]], texts: Mapping[str, str], shown: Mapping[str, str]
) -> list[Problem]:
    """A problem for each link of a hand-written page to an anchor that its page does not hold.

    ``anchors``: the ids of every page by docs-relative path (generated and hand-written); ``texts`` and
    ``shown``: each hand-written page's text and how it is named in messages, by path.
    """
    problems = []
    for page in pages:
        starts = line_starts(texts[page.src])
        for link in page.links:
            if link.anchor in anchors[link.target]:  # every page of the site is there: the link's file exists
                continue
            line, column = _position_of(texts[page.src], starts, link.url)
            where = "this page" if link.target == page.src else f"'{link.target}'"
            message = f"the link '{link.url}' leads to no heading or id '{link.anchor}' on {where}; correct the anchor"
            problems.append(Problem(shown[page.src], line, column, message))
    return problems


def read_page(path: Path) -> str:
    """A page's text as MkDocs reads it (UTF-8, universal newlines); the generator has checked it already."""
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
