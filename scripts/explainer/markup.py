"""Editors' text as HTML: their Markdown rendered and sanitized, their plain text escaped.

Editors' Markdown is rendered by a Markdown instance of our own with no
extensions (no ``attr_list``, no ``md_in_html``: neither may add attributes),
links to records written ``[text](place:khan-sheikhoun)`` are resolved to the
record's page, and the result is cleaned by nh3 with an allow-list: no
scripts, no event handlers, no styles, links only to http, https and mailto.

Plain text that lands in generated Markdown (headings) is turned into
character references for every ASCII punctuation mark, so that neither
Markdown nor its extensions (attribute lists, emoji, links) can read it as
syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from .links import SCHEME_FOLDERS

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_CLASSES = {"a": {"ex-ref", *(f"ex-ref-{scheme}" for scheme in ("actor", "place", "event", "agreement", "source"))}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

Resolver = Callable[[str, str], str]
"""(scheme, id) -> URL of the record's page, relative to the page being rendered."""


class _RecordLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, owner: EditorMarkdown):
        super().__init__(md)
        self.owner = owner

    def run(self, root: ElementTree.Element) -> None:
        resolver = self.owner.resolver
        for element in root.iter("a"):
            href = element.get("href", "")
            scheme, _, target = href.partition(":")
            if scheme in SCHEME_FOLDERS and resolver is not None:
                element.set("href", resolver(scheme, target))
                element.set("class", f"ex-ref ex-ref-{scheme}")


class _RecordLinkExtension(Extension):
    def __init__(self, owner: EditorMarkdown):
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_RecordLinks(md, self.owner), "explainer_record_links", 1)


class EditorMarkdown:
    """Renders editors' Markdown fields to sanitized HTML. One instance per build; not thread-safe."""

    def __init__(self) -> None:
        self.resolver: Resolver | None = None
        self._md = markdown.Markdown(extensions=[_RecordLinkExtension(self)], output_format="html")

    def render(self, text: str, resolver: Resolver) -> Markup:
        self.resolver = resolver
        try:
            html = self._md.reset().convert(text)
        finally:
            self.resolver = None
        return Markup(sanitize(html))

    def render_inline(self, text: str, resolver: Resolver) -> Markup:
        """Render a one-paragraph text without its enclosing <p>."""
        html = str(self.render(text, resolver))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)


def sanitize(html: str) -> str:
    """Clean rendered HTML with the allow-list: what is not allowed is removed, text is kept."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def markdown_text(text: str) -> Markup:
    """Plain text made safe to place in generated Markdown: HTML-escaped, punctuation as references."""
    return Markup(_PUNCTUATION.sub(lambda match: f"&#{ord(match.group())};", str(text)))


def html_text(text: str) -> Markup:
    """Plain text made safe for HTML (also inside attribute values)."""
    return escape(text)
