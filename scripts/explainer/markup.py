"""Editors' text as HTML: their Markdown rendered and sanitized, their plain text escaped.

Editors' Markdown is rendered by a Markdown instance of our own with no
extensions (no ``attr_list``, no ``md_in_html``: neither may add attributes),
links to records written ``[text](place:hillcrest)`` (in any form
:func:`explainer.links.find_record_links` finds, which is what validation
checks) are resolved to the record's page, and the result is cleaned by nh3 with an allow-list: no
scripts, no event handlers, no styles, links only to http, https and mailto.

Plain text is escaped by the templates' autoescape: generated pages are HTML,
never read as Markdown, so no Markdown extension can take editors' text for
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
from markupsafe import Markup

from .links import SCHEMES, find_record_links
from .model import ID_PATTERN

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
#: A resolved link to a record has the classes ``ex-ref ex-ref-<scheme>``.
ALLOWED_CLASSES = {"a": {"ex-ref", *(f"ex-ref-{scheme}" for scheme in SCHEMES)}}
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
            # Only links the scanner found, which validation checked: any other stays unresolved (the
            # sanitizer then drops its address) rather than reaching the resolver with an unknown id.
            if scheme in SCHEMES and resolver is not None and (scheme, target) in self.owner.checked:
                element.set("href", resolver(scheme, target))
                element.set("class", f"ex-ref ex-ref-{scheme}")


class _RecordLinkExtension(Extension):
    def __init__(self, owner: EditorMarkdown):
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_RecordLinks(md, self.owner), "explainer_record_links", 1)


class EditorMarkdown:
    """Renders editors' Markdown fields to sanitized HTML. One instance per build; not thread-safe."""

    def __init__(self) -> None:
        self.resolver: Resolver | None = None
        self.checked: set[tuple[str, str]] = set()
        """(scheme, id) of the record links :func:`explainer.links.find_record_links` finds in the text being rendered."""
        self._md = markdown.Markdown(extensions=[_RecordLinkExtension(self)], output_format="html")

    def render(self, text: str, resolver: Resolver) -> Markup:
        simple = render_simple(text, resolver)
        if simple is not None:
            return simple
        return self.render_full(text, resolver)

    def render_full(self, text: str, resolver: Resolver) -> Markup:
        """Python-Markdown, then the sanitizer: what any text gets."""
        self.resolver = resolver
        self.checked = {(link.scheme, link.record_id) for link in find_record_links(text, fenced_code=False)}
        try:
            html = self._md.reset().convert(text)
        finally:
            self.resolver = None
            self.checked = set()
        return Markup(sanitize(html))

    def render_inline(self, text: str, resolver: Resolver) -> Markup:
        """Render a one-paragraph text without its enclosing <p>."""
        html = str(self.render(text, resolver))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)


# Most of what editors write is plain sentences with links to records. Such text is
# rendered here directly, the same as Python-Markdown and the sanitizer would (a test
# compares both on generated texts); anything else takes the full path.
_SIMPLE_LINK = re.compile(r"\[([^\[\]\n]+)\]\((" + "|".join(SCHEMES) + r"):(" + ID_PATTERN.strip("^$") + r")\)")
_NOT_SIMPLE = re.compile(r"[*_`#<>&\\!|~^=\[\]\t\r\f\v\u2028\u2029]|^[ +\-]|^\d+[.)]|  $| $|^$", re.M)


def render_simple(text: str, resolver: Resolver) -> Markup | None:
    """Sanitized HTML for plain paragraphs with record links, or None when the text needs Markdown."""
    if text != text.strip():
        return None  # (model fields are stripped already)
    rendered = []
    for paragraph in text.split("\n\n"):
        html = _render_simple_paragraph(paragraph, resolver)
        if html is None:
            return None
        rendered.append(f"<p>{html}</p>")
    return Markup("\n".join(rendered))


def _render_simple_paragraph(paragraph: str, resolver: Resolver) -> str | None:
    """The HTML inside one plain paragraph of :func:`render_simple`, or None when it needs Markdown."""
    links: list[str] = []

    def stash(match: re.Match[str]) -> str:
        scheme, record_id = match.group(2), match.group(3)
        links.append(
            f'<a class="ex-ref ex-ref-{scheme}" href="{_escape_text(resolver(scheme, record_id))}">'
            f"{_escape_text(match.group(1))}</a>"
        )
        return f"\x00{len(links) - 1}\x00"

    if "\x00" in paragraph or any(line != line.strip() for line in paragraph.split("\n")):
        return None
    plain = _SIMPLE_LINK.sub(stash, paragraph)
    if _NOT_SIMPLE.search(plain):
        return None
    return re.sub(r"\x00(\d+)\x00", lambda match: links[int(match.group(1))], _escape_text(plain))


def _escape_text(text: str) -> str:
    """Text as nh3 writes it: &, < and > escaped, and a no-break space as &nbsp;."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;")


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
