"""How editors link records in Markdown, and the one scanner that finds those links.

A record is linked by its id, in any form Python-Markdown reads as a link:

* inline, with or without a title, or in angle brackets:
  ``[Hillcrest](place:hillcrest)``, ``[the capture](event:… "title")``,
  ``[text](<actor:valley-front>)``; an image's address the same way;
* by reference: ``[text][label]`` with the definition ``[label]: event:… "title"``
  on a line of its own (in a list or a quote too).

Text in code (a fenced block, an indented block, inline code) is not a link and
is left as it is.

:func:`find_record_links` is the only place these forms are recognised: the
checks (of pages in ``content/`` and of editors' fields) and the resolvers (which
turn the links into links to the records' pages) take their links from it, so a
link is resolved only if it was checked, and a link in code is neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .kinds import KINDS_BY_SCHEME, RecordKind
from .markdownscan import LINK_DESTINATION, code_spans, fenced_blocks, indented_code_lines, line_starts, position

#: The link schemes of editors' Markdown: one per kind of record that is linked (:mod:`explainer.kinds`).
SCHEMES = tuple(KINDS_BY_SCHEME)

_SCHEME = "(?P<scheme>" + "|".join(SCHEMES) + "):"
# "](" then the address; Python-Markdown strips the spaces and angle brackets around it.
_INLINE = re.compile(r"\]\(\s*(?:<\s*)?" + _SCHEME)
# A reference definition: "[label]: address" at the start of a line (after quote and list markers), the
# address on the next line if not on this one; Python-Markdown strips "<" and ">" around it.
_REFERENCE = re.compile(
    r"^(?P<prefix>[ \t]*(?:(?:>|(?:[*+-]|\d+\.)(?=[ \t]))[ \t]*)*)\[[^\[\]]*\]:[ \t]*(?:\n[ \t>]*)?<*"
    + _SCHEME
    + r"(?P<id>\S*)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class RecordLink:
    """A link to a record, where its ``scheme:id`` is in the text."""

    scheme: str
    record_id: str
    start: int
    """Offset of the scheme in the text."""
    end: int
    """Offset just after the id: ``text[start:end]`` is what a resolver replaces."""
    well_formed: bool
    """Whether the address is written so that Python-Markdown reads exactly ``scheme:id`` from it
    (else ``record_id`` is what follows the scheme up to ")" or the end of the line, never a valid id)."""

    @property
    def kind(self) -> RecordKind[Any]:
        """The kind of record the link names."""
        return KINDS_BY_SCHEME[self.scheme]

    @property
    def target(self) -> str:
        return f"{self.scheme}:{self.record_id}"


def find_record_links(markdown: str, *, fenced_code: bool = True) -> list[RecordLink]:
    """Every link to a record in ``markdown``, outside code, in the order of the text.

    ``fenced_code``: whether fenced blocks are code (pages, which MkDocs renders with ``fenced_code``),
    or Markdown (editors' fields)."""
    lines = markdown.split("\n")
    starts = line_starts(markdown)
    fenced = fenced_blocks(lines).lines() if fenced_code else set()
    code_lines = fenced | indented_code_lines(lines, fenced)
    spans: dict[int, list[tuple[int, int]]] = {}

    def in_code(offset: int) -> bool:
        line, column = position(starts, offset)
        if line - 1 in code_lines:
            return True
        if line - 1 not in spans:
            spans[line - 1] = code_spans(lines[line - 1]).spans
        return any(start <= column - 1 < end for start, end in spans[line - 1])

    found: list[RecordLink] = []
    for match in _INLINE.finditer(markdown):
        if not in_code(match.start()):
            found.append(_inline_link(markdown, match))
    for match in _REFERENCE.finditer(markdown):
        if not in_code(match.start() + len(match.group("prefix"))):
            record_id = match.group("id").rstrip(">")
            start = match.start("scheme")
            found.append(RecordLink(match.group("scheme"), record_id, start, match.start("id") + len(record_id), True))
    return sorted(found, key=lambda link: link.start)


def _inline_link(markdown: str, match: re.Match[str]) -> RecordLink:
    scheme, start = match.group("scheme"), match.start("scheme")
    destination = LINK_DESTINATION.match(markdown, match.start() + 1)
    if destination is not None:
        angled = destination.group("angled")
        address = angled.strip() if angled is not None else destination.group("bare")
        if address.startswith(f"{scheme}:"):
            return RecordLink(scheme, address[len(scheme) + 1 :], start, start + len(address), True)
    # Not a form read exactly: keep what follows the scheme up to ")" (a quote or a space makes it no id).
    after = match.end()
    stop = min((found for found in (markdown.find(")", after), markdown.find("\n", after)) if found != -1), default=len(markdown))
    raw = markdown[after:stop].rstrip()
    return RecordLink(scheme, raw, start, after + len(raw), False)
