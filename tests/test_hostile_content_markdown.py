"""Hostile Markdown in hand-written pages: refused before Python-Markdown reads it, with where and why.

Every limit of :mod:`explainer.pagelimits` with its exact message, just over and
just under it; record links in every Markdown form checked (and resolved in the
built site), in code left alone; and the worst inputs found so far refused in
seconds (they stalled the build for minutes or crashed it with a traceback).
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.htmlparser import HTMLExtractor, htmlparser
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from conftest import ROOT, run_mkdocs, write
from explainer.articles import NOT_SHOWN, page_markdown, resolve_record_links, scan_content, scan_page
from explainer.errors import DataError
from explainer.links import find_record_links
from explainer.loader import load_dataset
from explainer.markdownscan import LINK_DESTINATION, code_spans, fenced_blocks
from explainer.markup import EditorMarkdown
from explainer.pagelimits import page_limit_problems

PAGE = "content/page.md"

NESTING = (
    "lists and quotes nest more than 16 levels deep here (four spaces of indentation count as a level); flatten them"
)
HTML_TAG = "this HTML tag does not end with '>' on its line; end it there, or write &lt; for a '<' that starts no tag"
HTML_END_TAG = (
    "this HTML end tag does not end with '>' on its line; end it there, or write &lt; for a '<' that starts no tag"
)
HTML_TAGS = "more than 1,000 HTML tags in this page; use Markdown, or split the page"
HTML_COMMENTS = "more than 100 HTML comments in this page; remove some"
LINK = (
    'write this link as [text](address) or [text](address "title") on one line, the address without spaces,'
    " quotes or backslashes"
)
LINKS = "more than 5,000 links (counted by their '[') in this page; split it into several pages"
CODE_SPANS = "more than 32 pieces of inline code on one line; break the line"
COLUMNS = "more than 64 | on one line; a table may have at most 64 columns"
EMPHASIS = (
    "more than 512 emphasis marks (* or _) in this paragraph (lines without a blank line between them);"
    " break it up with blank lines"
)
HEADINGS = "more than 1,000 headings in this page; split it into several pages"
QUOTATIONS = (
    "more than 500 quotations (“…”) in this page; each is looked for in every archived text: split the page"
    " into several pages"
)
FENCE_OPTIONS = (
    "this line starts like a code fence but its options cannot be read on it; write the fence and a language alone"
    ' (```python), with any hl_lines="…" or {…} complete on the line'
)


def declaration(start: str) -> str:
    return f"'{start}' starts an HTML declaration or instruction, which a page may not have; write &lt; for a '<' that starts no tag"


def holds_a_tag(element: str) -> str:
    return (
        f"this <{element}> holds a '<' before its end tag; remove the element (a page may not run scripts or set"
        " styles: they are removed from it)"
    )


def unclosed_fence(fence: str) -> str:
    return f"this code fence is never closed; end the block with a line of {fence}"


def unclosed_span(marks: str) -> str:
    return (
        f"this {marks} starts inline code that does not end on its line; end it with {marks}, or write \\` for a"
        " backtick (code fences start at the beginning of a line)"
    )


def long_paragraph(size: int) -> str:
    return (
        f"this paragraph (lines without a blank line between them: a list, a table, a quote) runs to {size:,}"
        " characters, more than 20,000; break it up with blank lines"
    )


@pytest.fixture
def data(mini: Path):
    return load_dataset(mini)


def problems_of(data, text: str) -> list[str]:
    return [str(problem) for problem in scan_page(data, text, PAGE)[1]]


def test_the_bundled_pages_are_within_every_limit():
    _, problems = scan_content(load_dataset(ROOT / "site_data"), ROOT / "content", ROOT)
    assert [str(problem) for problem in problems] == []


# --- nesting ------------------------------------------------------------------------------------


def nested_list(depth: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(depth))


def nested_admonitions(depth: int) -> str:
    return "".join("    " * level + "!!! note\n\n" for level in range(depth)) + "    " * depth + "text\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (nested_list(17), [f"{PAGE}:17:65: {NESTING}"]),
        (nested_list(16), []),
        (">" * 17 + " quote", [f"{PAGE}:1:17: {NESTING}"]),
        (">" * 16 + " quote", []),
        ("> " * 17 + "quote", [f"{PAGE}:1:33: {NESTING}"]),
        ("- " * 17 + "item", [f"{PAGE}:1:33: {NESTING}"]),
        ("1. " * 17 + "item", [f"{PAGE}:1:49: {NESTING}"]),
        ("> - " * 9 + "item", [f"{PAGE}:1:33: {NESTING}"]),
        (nested_admonitions(17), [f"{PAGE}:35:69: {NESTING}"]),
        (nested_admonitions(16), []),
        ("    " * 17 + "deeply indented code", [f"{PAGE}:1:69: {NESTING}"]),
        ("\t" * 17 + "tabs are four columns", [f"{PAGE}:1:18: {NESTING}"]),
        ("```\n" + "    " * 40 + "code in a fence is not Markdown\n```\n", []),
    ],
)
def test_nesting_is_refused_past_16_levels(data, text: str, expected: list[str]):
    assert problems_of(data, text) == expected


# --- raw HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('text <a href="x" and more', [f"{PAGE}:1:6: {HTML_TAG}"]),
        ("a<b", [f"{PAGE}:1:2: {HTML_TAG}"]),
        ('<a\n href="x">y</a>', [f"{PAGE}:1:1: {HTML_TAG}"]),
        ('<a title="x>', [f"{PAGE}:1:1: {HTML_TAG}"]),
        ("text </a", [f"{PAGE}:1:6: {HTML_END_TAG}"]),
        ("<!DOCTYPE html>", [f"{PAGE}:1:1: {declaration('<!')}"]),
        ("<?php echo 1; ?>", [f"{PAGE}:1:1: {declaration('<?')}"]),
        ("<script>if (a < b) go()</script>", [f"{PAGE}:1:1: {holds_a_tag('script')}"]),
        ("<STYLE>\n<b>\n</STYLE>", [f"{PAGE}:1:1: {holds_a_tag('STYLE')}"]),
        ("<script>alert(1)</script> <style>p {}</style> (the sanitizer removes them)", []),
        ("x <script>" + "<a " * 10, [f"{PAGE}:1:11: {HTML_TAG}"]),
        ('<a href="x">link</a> <br/> <img src="i.png" alt="a b"> <abbr title=\'t\'>T</abbr>', []),
        ("<https://example.org/a?b=c> <someone@example.org>", []),
        ("a < b, c <- d, </> and <3", []),
        ("<!-- a comment\nover two lines --> and <!-- one never closed", []),
        ("`a<b` (a backtick ends what Python-Markdown takes for a tag)", []),
        ("```\na<b\n```\n", []),
    ],
)
def test_raw_html_tags_end_on_their_line(data, text: str, expected: list[str]):
    assert problems_of(data, text) == expected


def test_raw_html_tags_and_comments_are_counted(data):
    assert problems_of(data, "<i></i>\n\n" * 500) == []
    assert problems_of(data, "<i></i>\n\n" * 500 + "<br>") == [f"{PAGE}:1001:1: {HTML_TAGS}"]
    assert problems_of(data, "<!-- c -->\n\n" * 100) == []
    assert problems_of(data, "<!-- c -->\n\n" * 101) == [f"{PAGE}:201:1: {HTML_COMMENTS}"]


# --- code ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```python\ncode\n", [f"{PAGE}:1:1: {unclosed_fence('```')}"]),
        ("~~~~\ncode\n~~~\n", [f"{PAGE}:1:1: {unclosed_fence('~~~~')}"]),
        ("```python\ncode\n```\n\n~~~~\nmore\n~~~~\n", []),
        ('```python hl_lines="1\n2"\nx\n```\n', [f"{PAGE}:1:1: {FENCE_OPTIONS}", f"{PAGE}:4:1: {unclosed_fence('```')}"]),
        ("Use `code", [f"{PAGE}:1:5: {unclosed_span('`')}"]),
        ("Use ``code` here", [f"{PAGE}:1:5: {unclosed_span('``')}"]),
        ("  ```\n  code\n  ```\n", [f"{PAGE}:1:3: {unclosed_span('```')}"]),
        ("Use \\`not code, `a` and ``b ` c``", []),
        ("`a` " * 33, [f"{PAGE}:1:129: {CODE_SPANS}"]),
        ("`a` " * 32, []),
        ("|" * 65, [f"{PAGE}:1:65: {COLUMNS}"]),
        ("|" * 64, []),
    ],
)
def test_code_fences_and_spans_end(data, text: str, expected: list[str]):
    assert problems_of(data, text) == expected


# --- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a](b c)", [f"{PAGE}:1:3: {LINK}"]),
        ("[a](<" * 3, [f"{PAGE}:1:3: {LINK}"]),
        ('x [a](b "t)', [f"{PAGE}:1:5: {LINK}"]),
        ('[a](b\n"t")', [f"{PAGE}:1:3: {LINK}"]),
        ("[a](b\\)c)", [f"{PAGE}:1:3: {LINK}"]),
        ("[a](b \"x')\")", [f"{PAGE}:1:3: {LINK}"]),
        ('[a](b "t") [c](<d e>) [f](g(h)) ![i](j \'k\') [l]( m ) [n](o "it\'s")', []),
        ("`[a](b c)` is code", []),
    ],
)
def test_link_addresses_end_on_their_line(data, text: str, expected: list[str]):
    assert problems_of(data, text) == expected


def test_links_are_counted(data):
    lines = ("[a] " * 100 + "\n\n") * 50
    assert problems_of(data, lines) == []
    assert problems_of(data, lines + "[b]") == [f"{PAGE}:101:1: {LINKS}"]


# --- size of paragraphs, emphasis, headings, quotations, control characters -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 20_000, []),
        ("a" * 20_001, [f"{PAGE}:1:1: {long_paragraph(20_001)}"]),
        (("x" * 99 + "\n") * 201, [f"{PAGE}:1:1: {long_paragraph(20_099)}"]),
        ("ok\n\n" + "a" * 20_001, [f"{PAGE}:3:1: {long_paragraph(20_001)}"]),
        ("```\n" + ("x" * 99 + "\n") * 300 + "```\n", []),
        ("*a* " * 256, []),
        ("*a* " * 256 + "*", [f"{PAGE}:1:1025: {EMPHASIS}"]),
        ("_a_ " * 257, [f"{PAGE}:1:1025: {EMPHASIS}"]),
        ("snake_case_name " * 1000, []),
        ("`" + "*" * 600 + "`", []),
        ("# a\n\n" * 1000, []),
        ("# a\n\n" * 1001, [f"{PAGE}:2001:1: {HEADINGS}"]),
        ("a\x02b", [f"{PAGE}:1:2: control character U+0002 here; remove it"]),
        ("a\x00", [f"{PAGE}:1:2: control character U+0000 here; remove it"]),
        ("a\tb\r\nc\rd", []),
    ],
)
def test_paragraphs_emphasis_headings_and_characters(data, text: str, expected: list[str]):
    assert problems_of(data, text) == expected


def test_quotations_are_counted(data):
    quotation = "“Riverton, the largest town in the valley”\n\n"
    assert problems_of(data, quotation * 500) == []
    assert problems_of(data, quotation * 501) == [f"{PAGE}:1001:1: {QUOTATIONS}"]


def test_a_page_over_a_limit_is_checked_no_further(data):
    # The link names no event, but the page is refused for its HTML alone: the rest is not read.
    assert problems_of(data, "a<b [x](event:nope)") == [f"{PAGE}:1:2: {HTML_TAG}"]


# --- record links -------------------------------------------------------------------------------


def test_record_links_are_checked_in_every_form(data):
    text = (
        'Titled [a](event:nope "t").\n'
        "Angle [b](<place:nowhere>).\n"
        "Single-quoted title ![c](actor:nobody 'x').\n"
        "Reference [d][r].\n"
        "Near miss [e](event:guard-takes-rivertn).\n"
        "\n"
        '[r]: agreement:none "t"\n'
    )
    assert problems_of(data, text) == [
        f"{PAGE}:1:12: the link 'event:nope' names no event; link to the id of a file in site_data/events/",
        f"{PAGE}:2:12: the link 'place:nowhere' names no place; link to the id of a file in site_data/places/",
        f"{PAGE}:3:26: the link 'actor:nobody' names no actor; link to the id of a file in site_data/actors/",
        f"{PAGE}:5:15: the link 'event:guard-takes-rivertn' names no event (did you mean 'guard-takes-riverton'?);"
        " link to the id of a file in site_data/events/",
        f"{PAGE}:7:6: the link 'agreement:none' names no agreement; link to the id of a file in site_data/agreements/",
    ]


CODE_WITH_LINKS = (
    "Inline `[a](event:nope)` and ``[b](<place:nowhere> \"t\")``.\n"
    "\n"
    "```\n"
    "[c](event:nope)\n"
    "[r]: actor:nobody\n"
    "```\n"
    "\n"
    "~~~python\n"
    '[d](event:nope "t")\n'
    "~~~\n"
    "\n"
    "Paragraph.\n"
    "\n"
    "    [e](event:nope) in an indented code block\n"
)


def test_record_links_in_code_are_neither_checked_nor_resolved(data):
    assert problems_of(data, CODE_WITH_LINKS) == []
    assert find_record_links(CODE_WITH_LINKS) == []
    assert resolve_record_links(CODE_WITH_LINKS, "page.md", {}) == CODE_WITH_LINKS


RECORD_PAGES = {
    ("event", "x"): "timeline/2020.md#x",
    ("place", "p"): "places/p.md",
    ("actor", "a"): "actors/a.md",
}


def test_record_links_are_resolved_in_every_form_and_left_alone_in_code():
    text = (
        '[1](event:x) [2](event:x "t") [3](<place:p>) ![4](actor:a \'t\') [5][r] `[6](event:x)`\n'
        "\n"
        "```\n"
        "[7](event:x)\n"
        "```\n"
        "\n"
        '[r]: place:p "title"\n'
        "> [s]: <actor:a>\n"
    )
    assert resolve_record_links(text, "articles/page.md", RECORD_PAGES) == (
        '[1](../timeline/2020.md#x) [2](../timeline/2020.md#x "t") [3](<../places/p.md>) ![4](../actors/a.md \'t\')'
        " [5][r] `[6](event:x)`\n"
        "\n"
        "```\n"
        "[7](event:x)\n"
        "```\n"
        "\n"
        '[r]: ../places/p.md "title"\n'
        "> [s]: <../actors/a.md>\n"
    )


def test_a_link_to_a_record_the_pages_do_not_have_is_left_as_it_is():
    # Under `mkdocs serve` the last good build's pages may lack a record added since: no KeyError.
    assert resolve_record_links("[a](event:new) [b](event:x)", "page.md", RECORD_PAGES) == (
        "[a](event:new) [b](timeline/2020.md#x)"
    )


def test_a_page_over_a_limit_is_not_given_to_python_markdown():
    assert page_markdown("<a " * 40_000, "page.md", RECORD_PAGES) == NOT_SHOWN
    assert page_markdown("- " * 249 + "x", "page.md", RECORD_PAGES) == NOT_SHOWN
    assert page_markdown("[a](event:x)", "page.md", RECORD_PAGES) == "[a](timeline/2020.md#x)"


# Each snippet, and the record links in it: those Python-Markdown renders (as MkDocs configures it), and those
# the scanner finds.
SNIPPETS = [
    ("[a](event:x)", ["event:x"]),
    ('[a](event:x "t")', ["event:x"]),
    ("[a](event:x 't')", ["event:x"]),
    ("[a](<event:x>)", ["event:x"]),
    ('[a](< event:x > "t")', ["event:x"]),
    ("![a](place:y)", ["place:y"]),
    ("[![i](place:y)](event:x)", ["event:x", "place:y"]),
    ("[a](event:x)[b](actor:z) `[c](event:w)` [d](agreement:v)", ["actor:z", "agreement:v", "event:x"]),
    ("[a][r]\n\n[r]: event:x", ["event:x"]),
    ('[a][r]\n\n[r]: <event:x> "t"', ["event:x"]),
    ("[a][r]\n\n[r]:\n    event:x", ["event:x"]),
    ("[a][r] [b][s]\n\n[r]: event:x\n[s]: place:y", ["event:x", "place:y"]),
    ("* [r]: event:x\n\n[a][r]", ["event:x"]),
    ("> [a](event:x)", ["event:x"]),
    ("- [a](event:x)\n\n    [b](event:y)", ["event:x", "event:y"]),
    ("!!! note\n    [a](event:x)", ["event:x"]),
    ("??? note\n    [a](event:x)", ["event:x"]),
    ("| a |\n|---|\n| [b](event:x) |", ["event:x"]),
    ("# [a](event:x)", ["event:x"]),
    ("[a](event:x) and <span>[b](event:y)</span>", ["event:x", "event:y"]),
    ("\\`[a](event:x)\\`", ["event:x"]),
    ("`[a](event:x)`", []),
    ("``[a](event:x)``", []),
    ("```\n[a](event:x)\n```", []),
    ("~~~python\n[a](event:x)\n~~~", []),
    ("para\n\n    [a](event:x)", []),
]

_RECORD_ADDRESS = re.compile(r'(?:href|src)="((?:actor|place|event|agreement|source):[^"]*)"')


@pytest.mark.parametrize(("snippet", "targets"), SNIPPETS)
def test_the_scanner_finds_the_record_links_python_markdown_renders(snippet: str, targets: list[str]):
    page = markdown.Markdown(
        extensions=["toc", "attr_list", "admonition", "pymdownx.details", "tables", "fenced_code"],
        extension_configs={"toc": {"permalink": True}},
    )
    assert sorted(_RECORD_ADDRESS.findall(page.convert(snippet))) == targets
    assert sorted(link.target for link in find_record_links(snippet) if link.well_formed) == targets


# Editors' fields are rendered with no extension: a fence is no code block there, and ``` pairs across lines
# (a code span the per-line scanner does not see: it then checks a link that is code, which is only stricter).
FIELD_SNIPPETS = [(snippet, targets) for snippet, targets in SNIPPETS if not snippet.startswith(("```", "~~~", "!!!", "???", "|"))]


@pytest.mark.parametrize(("snippet", "targets"), FIELD_SNIPPETS)
def test_the_scanner_finds_the_record_links_of_editors_fields(snippet: str, targets: list[str]):
    assert sorted(_RECORD_ADDRESS.findall(markdown.Markdown().convert(snippet))) == targets
    assert sorted(link.target for link in find_record_links(snippet, fenced_code=False)) == targets


def test_in_editors_fields_a_fence_is_text():
    assert [link.target for link in find_record_links("~~~\n[a](event:x)\n~~~", fenced_code=False)] == ["event:x"]
    assert find_record_links("~~~\n[a](event:x)\n~~~") == []


# --- editors' fields: the same scanner, for validation and for markup.py ----------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_record_links_in_editors_fields_are_checked_in_every_form(mini: Path):
    event = mini / "events" / "front-enters-hillcrest.yaml"
    _edit(
        event,
        "summary: The Valley Front first entered Hillcrest.",
        'summary: "See [x](event:nope \\"t\\"), [y][r] and `[z](event:in-code)`.\\n\\n[r]: <place:nowhere>"',
    )
    with pytest.raises(DataError) as caught:
        load_dataset(mini, display_root=mini.parent)
    assert [str(problem) for problem in caught.value.problems] == [
        "site_data/events/front-enters-hillcrest.yaml:8:10: the link 'event:nope' in 'summary' names no event;"
        " link to the id of a file in site_data/events/",
        "site_data/events/front-enters-hillcrest.yaml:8:10: the link 'place:nowhere' in 'summary' names no place;"
        " link to the id of a file in site_data/places/",
    ]


def test_editors_fields_resolve_titled_and_reference_links_and_leave_code_alone():
    rendered = EditorMarkdown().render(
        'See [x](event:a "t"), [y][r] and `[z](event:a)`.\n\n[r]: <place:b>',
        lambda scheme, record_id: f"../{scheme}s/{record_id}/",
    )
    assert str(rendered) == (
        '<p>See <a class="ex-ref ex-ref-event" href="../events/a/" title="t">x</a>, '
        '<a class="ex-ref ex-ref-place" href="../places/b/">y</a> and <code>[z](event:a)</code>.</p>'
    )


# --- the checks read Markdown as Python-Markdown does (their bounds rely on it) -------------------


def _pieces(*pieces: str, most: int = 14):
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=most).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_pieces("```", "````", "~~~", "```python", "``` python", '```py hl_lines="1"', "text", "  ```", "``` ", "```a```", "\n", "\n", "\n"))
def test_fenced_blocks_are_those_fenced_code_finds(text: str):
    fences = fenced_blocks(text.split("\n"))
    if fences.unclosed or fences.malformed:
        return  # refused
    text += "\n\n"  # as Python-Markdown gives it to fenced_code
    found, index = [], 0
    while match := FencedBlockPreprocessor.FENCED_BLOCK_RE.search(text, index):  # fenced_code's loop
        found.append((text.count("\n", 0, match.start()), text.count("\n", 0, match.end())))
        index = match.end()
    assert found == fences.blocks


@settings(max_examples=400, deadline=None)
@given(line=_pieces("`", "``", "a", " ", "\\", "b"))
def test_code_spans_are_those_python_markdown_finds(line: str):
    spans = code_spans(line)
    if spans.unclosed is not None:
        return  # refused
    rendered = markdown.Markdown().convert("x " + line)
    expected = [line[start:end].strip("`").strip() for start, end in spans.spans]
    assert [html.unescape(code) for code in re.findall(r"<code>(.*?)</code>", rendered, re.S)] == expected


@settings(max_examples=400, deadline=None)
@given(rest=_pieces("(", ")", "a", " ", '"', "'", "<", ">", "x y", "\t", "'a'", '"b"', "' )", '" )', "\t)", "\n"))
def test_python_markdown_reads_an_accepted_link_address_to_its_end(rest: str):
    data = f"[t]({rest} tail ) more ( text \"q' end"
    destination = LINK_DESTINATION.match(data, 3)
    if destination is None:
        return  # refused
    page = markdown.Markdown()
    page.convert("x")  # makes the inline processor's stash, which getLink reads
    href, _, end, handled = LinkInlineProcessor(LINK_RE, page).getLink(data, 3)
    angled = destination.group("angled")
    assert (handled, end, href) == (True, destination.end(), angled.strip() if angled is not None else destination.group("bare"))


class _RecordingReader(HTMLExtractor):
    """Python-Markdown's HTML reader, noting for each start tag it reads how far it scanned, and what it made of it."""

    def __init__(self, md: markdown.Markdown) -> None:
        self.outcomes: list[tuple[int, int, int]] = []
        super().__init__(md)

    def check_for_whole_start_tag(self, offset: int) -> int:
        scanned = htmlparser.locatestarttagend_tolerant.match(self.rawdata, offset)
        outcome = super().check_for_whole_start_tag(offset)
        self.outcomes.append((offset, scanned.end(), outcome))
        return outcome


@settings(max_examples=400, deadline=None)
@given(text=_pieces("<a", "<b ", " ", "x", "=", '"', "'", ">", "/", "\n", "<!--", "-->", "</a>", "`", "<br/>", "</a", "<style>", "</style>", "<A href=", most=16))
def test_python_markdown_reads_each_accepted_tag_within_its_line(text: str):
    if page_limit_problems(text, PAGE, set()):
        return  # refused
    reader = _RecordingReader(markdown.Markdown())
    reader.feed(text)
    reader.close()
    for offset, scanned_to, outcome in reader.outcomes:
        line_end = text.find("\n", offset)
        # Read to its end on its line, and done with (never read again from the next character).
        assert scanned_to < (len(text) if line_end == -1 else line_end) and outcome > offset, (offset, scanned_to, outcome)


# --- the build ------------------------------------------------------------------------------------


LINKS_PAGE = """# Links

Titled: [the capture](event:guard-takes-riverton "The capture").
Angle: [Riverton](<place:riverton>).
Reference: [the Guard][guard].
In code: `[x](event:nope)` and ``[y](<actor:nobody>)``.

```
[z](event:nope-either "t") [w][guard]
```

[guard]: actor:northern-guard "The Guard"
"""


def test_the_build_resolves_record_links_in_every_form_and_leaves_code_as_text(project: Path):
    write(project / "content" / "report.md", LINKS_PAGE)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert (
        '<p>Titled: <a href="../timeline/2020/#guard-takes-riverton" title="The capture">the capture</a>.\n'
        'Angle: <a href="../places/riverton/">Riverton</a>.\n'
        'Reference: <a href="../actors/northern-guard/" title="The Guard">the Guard</a>.\n'
        "In code: <code>[x](event:nope)</code> and <code>[y](&lt;actor:nobody&gt;)</code>.</p>\n"
        '<pre><code>[z](event:nope-either "t") [w][guard]\n'
        "</code></pre>"
    ) in html


def test_the_build_refuses_tag_soup_before_python_markdown_reads_it(project: Path):
    write(project / "content" / "report.md", "# Soup\n\n" + "<a " * 40_000 + "\n")
    started = time.monotonic()
    result = run_mkdocs(project)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert f"content/report.md:3:1: {HTML_TAG}" in result.stderr
    assert f"content/report.md:3:1: {long_paragraph(120_000)}" in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 60, f"the build took {elapsed:.0f} s to refuse the page (it took 600 s to render it)"


def dense_page() -> str:
    """The densest page the limits accept: 26 paragraphs just under 20,000 characters of the inline markup
    Python-Markdown spends most on (escapes, entities, code, emphasis, links, inline HTML), the limits of a
    page (links, tags) shared between them."""
    line = "\\\\ &amp; &#169; " * 4 + "`c` \\\\ x\n"
    extras = ["*a* [d](https://example.org/) \\* x\n"] * 90 + ["<i>b</i> \\\\\n"] * 15
    lines: list[str] = []
    while sum(map(len, lines)) + len(line) < 19_999:
        lines.append(extras[len(lines) // 2] if len(lines) % 2 and len(lines) // 2 < len(extras) else line)
    return "# Dense\n\n" + "\n".join(["".join(lines)] * 26)


def test_the_densest_page_the_limits_accept_builds_in_seconds(project: Path):
    page = dense_page()
    assert len(page.encode()) > 500_000
    assert [str(problem) for problem in scan_page(load_dataset(project / "site_data"), page, PAGE)[1]] == []
    write(project / "content" / "report.md", page)
    started = time.monotonic()
    result = run_mkdocs(project)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 60, f"the build took {elapsed:.0f} s"


# --- the worst inputs: `check` refuses them in seconds --------------------------------------------


WORST = {
    "120 KB of '<a '": ("<a " * 40_000, [f"1:1: {HTML_TAG}", f"1:1: {long_paragraph(120_000)}"]),
    "47,503 quotations": ("“a”\n\n" * 47_503, [f"1001:1: {QUOTATIONS}"]),
    "a list 249 deep": (nested_list(249), [f"1:1: {long_paragraph(125_246)}", f"17:65: {NESTING}"]),
    "blockquotes 5,000 deep": (">" * 5_000 + " x", [f"1:17: {NESTING}"]),
    "nested emphasis 30,000 deep": ("*a " * 30_000 + "b" + "*" * 30_000, [f"1:1: {long_paragraph(120_001)}", f"1:1537: {EMPHASIS}"]),
    "unclosed link addresses": ("[a](<" * 50_000, [f"1:1: {long_paragraph(250_000)}", f"1:3: {LINK}", f"1:25001: {LINKS}"]),
    "backtick runs that never close": (
        "".join("`" * length + "a" for length in range(1, 1001)),
        [f"1:1: {unclosed_span('`')}", f"1:1: {long_paragraph(501_500)}"],
    ),
    "unclosed fences": ("```a\n\n" * 60_000, [f"1:1: {unclosed_fence('```')}"]),
    "end tags without '>'": ("</a " * 40_000, [f"1:1: {HTML_END_TAG}", f"1:1: {long_paragraph(160_000)}"]),
    "one HTML block per line": ("<hr>\n\n" * 60_000, [f"2001:1: {HTML_TAGS}"]),
    "comments inside an open tag": ("<b>" * 3_000 + "<!---->" * 3_000, [f"1:1: {long_paragraph(30_000)}", f"1:3001: {HTML_TAGS}"]),
    "the same heading 50,000 times": ("# a\n\n" * 50_000, [f"2001:1: {HEADINGS}"]),
    "a table of 100,000 columns": ("|" + "a|" * 100_000 + "\n|" + "-|" * 100_000 + "\n", [f"1:1: {long_paragraph(400_003)}", f"1:129: {COLUMNS}"]),
    "links in one paragraph": ("[a](b) " * 70_000, [f"1:1: {long_paragraph(490_000)}", f"1:35001: {LINKS}"]),
}


@pytest.mark.parametrize("name", list(WORST))
def test_check_refuses_the_worst_inputs_in_seconds(data, tmp_path: Path, name: str):
    text, expected = WORST[name]
    write(tmp_path / "content" / "page.md", text)
    started = time.monotonic()
    _, problems = scan_content(data, tmp_path / "content", tmp_path)
    elapsed = time.monotonic() - started
    assert [str(problem) for problem in problems] == [f"{PAGE}:{message}" for message in expected]
    assert elapsed < 10, f"check took {elapsed:.1f} s on {name}"
