"""What Python-Markdown will make of a text, found without running it: code, and where links end.

Two checks need to know, before Python-Markdown sees a text, which parts of it
are code (literal text: no links, no markup) and how it will read a link:

* record links (:mod:`explainer.links`) are checked and resolved only outside
  code, in every form Python-Markdown reads as a link;
* the limits on hand-written pages (:mod:`explainer.pagelimits`) bound the work
  Python-Markdown does on them, which depends on how it pairs backticks, fences
  and link parentheses.

The rules mirror Python-Markdown 3 as MkDocs runs it (``fenced_code`` is always
on for pages; editors' fields are rendered without it):

* a **fenced block** starts on a line that begins, at its first column, with
  three or more backticks or tildes and an optional language, and ends at the
  first later line that is exactly the same fence (spaces after it aside);
  ``fenced_code`` finds them before anything else, and a fence never closed is
  not a block (the lines stay Markdown);
* an **inline code span** opens with a run of backticks that no odd number of
  backslashes escapes, and ends at the next run of exactly as many backticks;
* an **indented code block** is a block indented by four spaces or more that
  does not continue a list, an admonition or a collapsible block (told apart
  approximately: :func:`indented_code_lines` serves record links only, never a
  limit).

:data:`LINK_DESTINATION` is the form of what follows ``](`` that the pages'
limits accept: one for which Python-Markdown's scan for the closing parenthesis
provably stops at that parenthesis, on the same line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

#: Columns of a tab, as Python-Markdown expands them.
TAB_LENGTH = 4

# fenced_code's opening line (markdown.extensions.fenced_code.FENCED_BLOCK_RE), one line at a time: its
# hl_lines="…" may span lines there, which a page may not do (see Fences.malformed).
_FENCE_OPENING = re.compile(
    r"""(?P<fence>~{3,}|`{3,})[ ]*"""
    r"""(?:\{(?P<attrs>.*)\}|(?:\.?[\w#.+-]*[ ]*)?(?:hl_lines=(?P<quot>["']).*?(?P=quot)[ ]*)?)"""
)
_FENCE_LIKE = re.compile(r"`{3,}|~{3,}")
_BACKTICKS = re.compile(r"`+")

# What may follow "](" in a page (see pagelimits): an address, either bare (no spaces, quotes, angle
# brackets, backticks or backslashes; parentheses only in balanced pairs) or in angle brackets, then an
# optional title in quotes, then ")", all on one line. For these, Python-Markdown's link parser
# (LinkInlineProcessor.getLink) stops at that ")": a title may hold the other quote mark, but not
# just before a ")", where getLink would take it for the end of the title; only spaces may follow
# a title (getLink takes a tab for text).
_ADDRESS_CHAR = r"""[^\s()<>"'`\\]"""
_BARE = rf"{_ADDRESS_CHAR}*(?:\({_ADDRESS_CHAR}*\){_ADDRESS_CHAR}*)*"
_ANGLED = r"<[^<>\n`\\]*>"
_TITLE = r"""(?:"(?:[^"'`\\\n]|'(?![ ]*\)))*"|'(?:[^'"`\\\n]|"(?![ ]*\)))*')"""
LINK_DESTINATION = re.compile(
    rf"\([ \t]*(?:<(?P<angled>[^<>\n`\\]*)>|(?P<bare>{_BARE}))(?:[ \t]+{_TITLE}[ ]*|[ \t]*)\)"
)
"""The parenthesised part of an inline link, from its "(": ``(address)``, ``(address "title")``, ``(<address>)``."""

# A quote or list marker, as the block processors read them ("1)" counted too: a level too many is harmless).
_CONTAINER_MARKER = re.compile(r"(?:>|[*+-](?=[ \t]|$)|\d+[.)](?=[ \t]|$))[ \t]*")
# A block that indented blocks after it continue: a list item, an admonition, a collapsible block.
_CONTAINER_OPENER = re.compile(r"[ ]{0,3}(?:[*+-][ \t]|\d+\.[ \t]|!!![ ]?\S|\?\?\?\+?[ ]?\S)")


def line_starts(text: str) -> list[int]:
    """The offset of the first character of each line of ``text`` (lines end with "\\n")."""
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset``, given :func:`line_starts` of its text."""
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def indentation(line: str) -> int:
    """Columns of blank space a line starts with, tabs expanded as Python-Markdown does."""
    blank = len(line) - len(line.lstrip(" \t"))
    return len(line[:blank].expandtabs(TAB_LENGTH))


@dataclass(frozen=True)
class Fences:
    """The fenced blocks of a text, and the lines that open a fence badly."""

    blocks: list[tuple[int, int]]
    """(first, last) line, 0-based, of each fenced block (its fences included), in order."""
    unclosed: list[int]
    """Lines that open a fence no later line closes."""
    malformed: list[int]
    """Lines that start like a fence with options fenced_code may read across lines (or not at all)."""

    def lines(self) -> set[int]:
        return {number for first, last in self.blocks for number in range(first, last + 1)}


def fenced_blocks(lines: list[str]) -> Fences:
    """Fenced code blocks as ``fenced_code`` finds them (leftmost opening, first exact closing)."""
    closings: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        bare = line.expandtabs(TAB_LENGTH).rstrip(" ")
        if _FENCE_LIKE.fullmatch(bare):
            closings.setdefault(bare, []).append(number)
    blocks: list[tuple[int, int]] = []
    unclosed: list[int] = []
    malformed: list[int] = []
    number = 0
    while number < len(lines):
        line = lines[number].expandtabs(TAB_LENGTH)
        opening = _FENCE_OPENING.fullmatch(line) if _FENCE_LIKE.match(line) else None
        if opening is None or not _attributes_parse(opening.group("attrs")):
            if _FENCE_LIKE.match(line) and ("hl_lines=" in line or opening is not None):
                malformed.append(number)
            number += 1
            continue
        candidates = closings.get(opening.group("fence"), [])
        later = bisect_right(candidates, number)
        if later == len(candidates):
            unclosed.append(number)
            number += 1
            continue
        blocks.append((number, candidates[later]))
        number = candidates[later] + 1
    return Fences(blocks, unclosed, malformed)


def _attributes_parse(attrs: str | None) -> bool:
    """Whether fenced_code accepts a fence's ``{…}`` (with anything after a "}" it is not a fence at all)."""
    if attrs is None:
        return True
    from markdown.extensions.attr_list import get_attrs_and_remainder

    return not get_attrs_and_remainder(attrs)[1]


@dataclass(frozen=True)
class CodeSpans:
    """The inline code spans of one line."""

    spans: list[tuple[int, int]]
    """[start, end) of each span in the line, backticks included."""
    unclosed: tuple[int, int] | None
    """(offset, backticks) of a run that opens a span not closed on the line, if any (spans after it are not looked for)."""


def code_spans(line: str) -> CodeSpans:
    """Inline code spans of a line, paired as Python-Markdown pairs them (BacktickInlineProcessor)."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(line)]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        backslashes = 0
        while backslashes < start and line[start - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 1:
            start += 1  # the first backtick is escaped; the rest of the run may still open a span
        if start == end:
            index += 1
            continue
        length = end - start
        closing = next((later for later in range(index + 1, len(runs)) if runs[later][1] - runs[later][0] == length), None)
        if closing is None:
            return CodeSpans(spans, (start, length))
        spans.append((start, runs[closing][1]))
        index = closing + 1
    return CodeSpans(spans, None)


def nesting_levels(line: str) -> list[int]:
    """Where each level of nesting a line may open starts (offsets in the line), outermost first.

    Four columns of indentation are a level (a nested list, admonition or code block), and so is each
    quote or list marker before the text (``> - 1. text``). Python-Markdown nests no deeper than this."""
    blank = len(line) - len(line.lstrip(" \t"))
    levels = [blank] * (indentation(line) // TAB_LENGTH)
    offset = blank
    while (marker := _CONTAINER_MARKER.match(line, offset)) is not None and marker.end() > offset:
        levels.append(offset)
        offset = marker.end()
    return levels


def indented_code_lines(lines: list[str], skipped: set[int]) -> set[int]:
    """Lines of indented code blocks outside lists, admonitions and collapsible blocks (approximately).

    ``skipped`` lines (fenced blocks) end blocks. A block indented by four columns continues the list,
    admonition or collapsible block before it, if any; else it is code, up to its first line indented less."""
    code: set[int] = set()
    in_container = False
    number = 0
    while number < len(lines):
        if number in skipped or not lines[number].strip():
            number += 1
            continue
        if indentation(lines[number]) < TAB_LENGTH:
            in_container = _CONTAINER_OPENER.match(lines[number]) is not None
            while number < len(lines) and number not in skipped and lines[number].strip():
                number += 1
            continue
        if in_container:
            while number < len(lines) and number not in skipped and lines[number].strip():
                number += 1
            continue
        while number < len(lines) and number not in skipped and lines[number].strip() and indentation(lines[number]) >= TAB_LENGTH:
            code.add(number)
            number += 1
        # A line indented less that follows is a paragraph of its own (and closes no container).
        if number < len(lines) and number not in skipped and lines[number].strip():
            in_container = _CONTAINER_OPENER.match(lines[number]) is not None
            while number < len(lines) and number not in skipped and lines[number].strip():
                number += 1
    return code
