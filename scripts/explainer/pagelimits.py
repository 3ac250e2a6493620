"""Limits on hand-written pages, checked before Python-Markdown reads them.

Python-Markdown's time grows faster than the text on some inputs (120 KB of
``<a `` took ten minutes; many links, escapes or entities in one paragraph,
unclosed code spans, link addresses or fences take time that grows with their
square), and deep nesting exhausts Python's stack (a list nested 249 deep). A
page in ``content/`` is data from strangers, so ``explainer check`` and the
build (both through :func:`explainer.articles.scan_page`) refuse a page that
goes over one of these limits, with where, before it reaches the Markdown
library; the plugin checks again before a page is rendered (``mkdocs serve``
renders pages even when the data has problems). Within them, Python-Markdown's
work on a page is at most proportional to its size:

* no control characters (Python-Markdown deletes two of them, which would
  join what the checks saw apart);
* **raw HTML**: every tag ends with ``>`` on its own line (a ``<`` followed by a
  letter that does not is taken for a tag whose end is looked for to the end
  of the page, from each such ``<``); no ``<!…>`` declarations or ``<?…?>``
  instructions; no ``<`` inside a ``<script>`` or ``<style>`` element (which
  the HTML reader may skip, unlike these checks; the sanitizer removes both
  elements anyway); at most :data:`MAX_HTML_TAGS` tags
  and :data:`MAX_HTML_COMMENTS` comments a page (Python-Markdown copies the
  rest of the page for some of them);
* **code**: a code fence is closed, and its options are on its line; inline
  code (between backticks) ends on its line; at most :data:`MAX_CODE_SPANS` code spans and
  :data:`MAX_TABLE_COLUMNS` ``|`` a line (a table row's cells are split in
  time that grows with their product);
* **links**: what follows ``](`` is ``(address)``, ``(address "title")`` or
  ``(<address>)`` on one line (Python-Markdown looks for the ``)`` of any other
  form to the end of the paragraph, from each ``](``); at most
  :data:`MAX_LINKS` ``[`` a page (MkDocs checks every link, and logs every
  broken one);
* **nesting**: lists, quotes and indented blocks at most :data:`MAX_NESTING`
  levels deep; square brackets at most 10 (checked with the bracket depth of
  editors' fields); at most :data:`MAX_EMPHASIS_MARKS` emphasis marks (``*``,
  ``_``) a paragraph, so emphasis nests at most half as deep;
* **size**: a paragraph (any run of lines without a blank line: a list, a
  table, a quote) at most :data:`MAX_BLOCK_CHARS` characters (the time spent on
  its links, emphasis, escapes and entities grows with their number times its
  length); at most :data:`MAX_HEADINGS` headings a page (headings with the same
  title get numbered ids in time that grows with their square).

For each limit, the first place a page goes over it is reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import islice

from .errors import Problem
from .markdownscan import LINK_DESTINATION, code_spans, fenced_blocks, line_starts, nesting_levels, position

#: Deepest nesting of lists, quotes and indented blocks (four columns of indentation are a level).
MAX_NESTING = 16
#: Longest run of lines without a blank line, in characters.
MAX_BLOCK_CHARS = 20_000
#: Most emphasis marks (``*``, and ``_`` not inside a word) in one run of lines.
MAX_EMPHASIS_MARKS = 512
#: Most raw HTML tags (comments included) in a page.
MAX_HTML_TAGS = 1_000
#: Most HTML comments in a page.
MAX_HTML_COMMENTS = 100
#: Most headings in a page.
MAX_HEADINGS = 1_000
#: Most code spans on one line.
MAX_CODE_SPANS = 32
#: Most ``|`` on one line (a table row's cells).
MAX_TABLE_COLUMNS = 64
#: Most links in a page, counted as opening square brackets (MkDocs checks each link, and logs each broken one).
MAX_LINKS = 5_000

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EMPHASIS = re.compile(r"\*|(?<!\w)_|_(?!\w)")
_HEADING = re.compile(r"[ \t]*(?:(?:>|(?:[*+-]|\d+[.)])(?=[ \t]))[ \t]*)*(?:#|(?:=+|-+)[ \t]*$)")
_LINK_START = re.compile(r"\]\(")
_COMMENT_CLOSE = re.compile(r"--!?>")
# How the HTML reader finds the end of an element whose content it reads as text (html.parser's set_cdata_mode).
_CDATA_CLOSE = {element: re.compile(rf"</\s*{element}\s*>", re.IGNORECASE) for element in ("script", "style")}
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

_HTML_HELP = "write &lt; for a '<' that starts no tag"


@functools.cache
def _tag_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Python-Markdown's own copy of html.parser's patterns: a tag's name, and where a start tag ends.

    Imported when a page first has a tag: loading Python-Markdown is most of what ``explainer check``
    would otherwise spend on pages without HTML."""
    # Both exist at run time, but types-Markdown declares `htmlparser` (Python-Markdown's private copy of
    # html.parser) as a plain import, not an export, and typeshed leaves out html.parser's module-level patterns.
    from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]

    return htmlparser.tagfind_tolerant, htmlparser.locatestarttagend_tolerant  # type: ignore[attr-defined]


def page_limit_problems(text: str, display: str, replaced: set[int]) -> list[Problem]:
    """The first place ``text`` goes over each limit, or [] (``text`` with "\\n" line ends).

    ``replaced``: 0-based lines the plugin replaces before Python-Markdown reads the page (chart blocks)."""
    starts = line_starts(text)
    lines = text.split("\n")

    def at(offset: int, message: str) -> Problem:
        line, column = position(starts, offset)
        return Problem(display, line, column, message)

    control = _CONTROL.search(text)
    if control is not None:  # found first: the checks below assume what Python-Markdown will see
        return [at(control.start(), f"control character U+{ord(control.group()):04X} here; remove it")]
    seen = [line if number not in replaced else "" for number, line in enumerate(lines)]
    fences = fenced_blocks(seen)
    exempt = replaced | fences.lines()  # what Python-Markdown never reads as Markdown
    problems: list[Problem] = []
    if fences.unclosed:
        number = fences.unclosed[0]
        fence = re.match(r"`+|~+", seen[number].expandtabs())
        assert fence is not None
        problems.append(at(starts[number], f"this code fence is never closed; end the block with a line of {fence.group()}"))
    if fences.malformed:
        problems.append(
            at(
                starts[fences.malformed[0]],
                "this line starts like a code fence but its options cannot be read on it; write the fence"
                " and a language alone (```python), with any hl_lines=\"…\" or {…} complete on the line",
            )
        )
    visible = [line if number not in exempt else "" for number, line in enumerate(lines)]
    html = "\n".join(" " * len(line) if number in exempt else line for number, line in enumerate(lines))
    # A fence never closed (or unreadable) is reported as such, not as inline code left open.
    problems += _line_problems(visible, display, set(fences.unclosed) | set(fences.malformed))
    problems += _block_problems(visible, display)
    problems += _html_problems(html, starts, display)
    problems += _heading_problems(visible, display)
    return sorted(problems)


def _line_problems(lines: list[str], display: str, bad_fences: set[int]) -> Iterator[Problem]:
    """Nesting, code spans, table columns and link addresses, line by line (the first of each kind)."""
    reported: set[str] = set()

    def once(kind: str, number: int, column: int, message: str) -> Iterator[Problem]:
        if kind not in reported:
            reported.add(kind)
            yield Problem(display, number + 1, column + 1, message)

    brackets = 0
    for number, line in enumerate(lines):
        if "[" in line and brackets <= MAX_LINKS:
            brackets += line.count("[")
            if brackets > MAX_LINKS:
                yield from once(
                    "links",
                    number,
                    _nth(line, "[", MAX_LINKS - (brackets - line.count("[")) + 1),
                    f"more than {MAX_LINKS:,} links (counted by their '[') in this page; split it into several pages",
                )
        levels = nesting_levels(line)
        if len(levels) > MAX_NESTING:
            yield from once(
                "nesting",
                number,
                levels[MAX_NESTING],
                f"lists and quotes nest more than {MAX_NESTING} levels deep here (four spaces of indentation"
                " count as a level); flatten them",
            )
        if line.count("|") > MAX_TABLE_COLUMNS:
            yield from once(
                "columns",
                number,
                _nth(line, "|", MAX_TABLE_COLUMNS + 1),
                f"more than {MAX_TABLE_COLUMNS} | on one line; a table may have at most {MAX_TABLE_COLUMNS} columns",
            )
        if "`" in line and number not in bad_fences:
            spans = code_spans(line)
            if spans.unclosed is not None:
                offset, length = spans.unclosed
                marks = "`" * length
                yield from once(
                    "span",
                    number,
                    offset,
                    f"this {marks} starts inline code that does not end on its line; end it with {marks}, or write \\`"
                    " for a backtick (code fences start at the beginning of a line)",
                )
            if len(spans.spans) > MAX_CODE_SPANS:
                yield from once(
                    "spans",
                    number,
                    spans.spans[MAX_CODE_SPANS][0],
                    f"more than {MAX_CODE_SPANS} pieces of inline code on one line; break the line",
                )
            in_code = spans.spans
        else:
            in_code = []
        for link in _LINK_START.finditer(line):
            if any(start <= link.start() < end for start, end in in_code):
                continue
            if LINK_DESTINATION.match(line, link.start() + 1) is None:
                yield from once(
                    "link",
                    number,
                    link.start(),
                    'write this link as [text](address) or [text](address "title") on one line, the address'
                    " without spaces, quotes or backslashes",
                )
                break


def _nth(line: str, char: str, count: int) -> int:
    """Offset of the ``count``-th ``char`` in ``line``."""
    offset = -1
    for _ in range(count):
        offset = line.index(char, offset + 1)
    return offset


def _block_problems(lines: list[str], display: str) -> Iterator[Problem]:
    """Runs of lines without a blank line: their length and their emphasis marks (the first of each kind)."""
    too_long = too_marked = False
    number = 0
    while number < len(lines) and not (too_long and too_marked):
        if not lines[number].strip():
            number += 1
            continue
        first, size, marks = number, 0, 0
        while number < len(lines) and lines[number].strip():
            line = lines[number]
            size += len(line) + 1
            if not too_marked and ("*" in line or "_" in line):
                outside = outside_code(line)
                count = len(_EMPHASIS.findall(outside))
                if marks + count > MAX_EMPHASIS_MARKS:
                    too_marked = True
                    mark = next(islice(_EMPHASIS.finditer(outside), MAX_EMPHASIS_MARKS - marks, None))
                    yield Problem(
                        display,
                        number + 1,
                        mark.start() + 1,
                        f"more than {MAX_EMPHASIS_MARKS} emphasis marks (* or _) in this paragraph (lines without a"
                        " blank line between them); break it up with blank lines",
                    )
                marks += count
            number += 1
        if size - 1 > MAX_BLOCK_CHARS and not too_long:
            too_long = True
            yield Problem(
                display,
                first + 1,
                1,
                f"this paragraph (lines without a blank line between them: a list, a table, a quote) runs to"
                f" {size - 1:,} characters, more than {MAX_BLOCK_CHARS:,}; break it up with blank lines",
            )


def outside_code(line: str) -> str:
    """The line with its inline code blanked out."""
    if "`" not in line:
        return line
    for start, end in code_spans(line).spans:
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def _html_problems(text: str, starts: list[int], display: str) -> Iterator[Problem]:
    """Raw HTML as Python-Markdown's HTML reader visits it: the first tag refused, and the counts."""

    def at(offset: int, message: str) -> Problem:
        line, column = position(starts, offset)
        return Problem(display, line, column, message)

    tags = comments = 0
    no_comment_close_after = len(text) + 1  # from here on, no "-->" is left (found once, not per "<!--")
    no_element_close_after = {"script": len(text) + 1, "style": len(text) + 1}  # the same for "</script>", "</style>"
    offset = text.find("<")
    while offset != -1:
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end == -1 else line_end
        following = text[offset + 1 : offset + 2]
        if text.startswith("<!--", offset):
            close = _COMMENT_CLOSE.search(text, offset + 4) if offset + 4 < no_comment_close_after else None
            comments += 1
            tags += 1
            if close is None:
                no_comment_close_after = offset + 4
                next_offset = offset + 1  # Python-Markdown reads an unclosed "<!--" as text
            else:
                next_offset = close.end()
        elif following in ("!", "?"):
            yield at(offset, f"'<{following}' starts an HTML declaration or instruction, which a page may not have; {_HTML_HELP}")
            return
        elif following == "/" and text[offset + 2 : offset + 3] in _LETTERS:
            close_at = text.find(">", offset + 2, line_end)
            if close_at == -1:
                yield at(offset, f"this HTML end tag does not end with '>' on its line; end it there, or {_HTML_HELP}")
                return
            tags += 1
            next_offset = close_at + 1
        elif following in _LETTERS:
            tag_name, start_tag_end = _tag_patterns()
            name = tag_name.match(text, offset + 1)
            assert name is not None
            match = start_tag_end.match(text, offset, line_end)
            assert match is not None
            end = match.end()
            after = text[end : end + 1]
            if end >= line_end or after in _LETTERS or after == "=" or (after == "/" and text[end : end + 2] != "/>"):
                yield at(offset, f"this HTML tag does not end with '>' on its line; end it there, or {_HTML_HELP}")
                return
            tags += 1
            next_offset = end + 1 if after == ">" else end + 2 if after == "/" else max(end, offset + 1)
            element = name.group(1).lower()
            if element in _CDATA_CLOSE and next_offset < no_element_close_after[element]:
                # Python-Markdown's HTML reader may read up to "</script>" as text, which these checks do not:
                # what is in between must hold no "<" for both to go on from the same place.
                close = _CDATA_CLOSE[element].search(text, next_offset)
                if close is None:
                    no_element_close_after[element] = next_offset
                elif text.find("<", next_offset, close.start()) != -1:
                    yield at(
                        offset,
                        f"this <{name.group(1)}> holds a '<' before its end tag; remove the element (a page may not"
                        " run scripts or set styles: they are removed from it)",
                    )
                    return
        else:
            next_offset = offset + 1
        if tags > MAX_HTML_TAGS:
            yield at(offset, f"more than {MAX_HTML_TAGS:,} HTML tags in this page; use Markdown, or split the page")
            return
        if comments > MAX_HTML_COMMENTS:
            yield at(offset, f"more than {MAX_HTML_COMMENTS} HTML comments in this page; remove some")
            return
        offset = text.find("<", next_offset)


def _heading_problems(lines: list[str], display: str) -> Iterator[Problem]:
    count = 0
    for number, line in enumerate(lines):
        if _HEADING.match(line):
            count += 1
            if count > MAX_HEADINGS:
                yield Problem(display, number + 1, 1, f"more than {MAX_HEADINGS:,} headings in this page; split it into several pages")
                return
