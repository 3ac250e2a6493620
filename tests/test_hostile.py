"""Hostile and broken input: every case of the corpus in tests/hostile/ holds, word for word.

- payloads.yaml: Markdown an editor could write, and the exact HTML the site renders from it;
- broken/: files that must stop the build with exactly these messages, never a traceback;
- and the same payloads placed in every text field of a site, built with MkDocs, must not
  reach a reader as markup (pages, titles, navigation, search index, charts, embeds, downloads).
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import problems, run_mkdocs, write
from explainer.articles import scan_content
from explainer.charts import plotly_text
from explainer.loader import load_dataset
from explainer.markup import EditorMarkdown
from explainer.sanitize import sanitize_page
from explainer.yamlstrict import MAX_FILE_BYTES

HOSTILE = Path(__file__).parent / "hostile"
PAYLOADS = yaml.safe_load((HOSTILE / "payloads.yaml").read_text(encoding="utf-8"))
DANGEROUS = re.compile(
    r"<script|<iframe|<object|<embed|<style|<form|<svg[^>]*\bon|\son\w+\s*=|javascript:|vbscript:|data:text|\sstyle\s*=",
    re.I,
)


@pytest.mark.parametrize("case", PAYLOADS, ids=[case["payload"][:40] for case in PAYLOADS])
def test_markdown_payloads_render_to_exactly_this(case):
    html = str(EditorMarkdown().render(case["payload"], lambda scheme, record_id: f"../{scheme}s/{record_id}/"))
    assert html == case["html"]
    # Whatever stays is text: no tag that runs, loads or styles anything.
    tags = " ".join(re.findall(r"<[^>]*>", html))
    assert not DANGEROUS.search(tags)


EXPECTED_BROKEN = {
    "events--billion-laughs.yaml": [
        "site_data/events/billion-laughs.yaml:1:1: required field 'category' is missing (Id of the event's category (a file in site_data/categories/))",
        "site_data/events/billion-laughs.yaml:1:1: required field 'claims' is missing (What the sources say about it: at least one quote)",
        "site_data/events/billion-laughs.yaml:1:1: required field 'date' is missing (When it happened, in EDTF notation)",
        "site_data/events/billion-laughs.yaml:1:1: required field 'id' is missing (Id of the event; also its file name and page address)",
        "site_data/events/billion-laughs.yaml:1:1: required field 'summary' is missing (What happened, in one to three neutral sentences; loaded words only inside quotes. Link records with [text](actor:id), [text](place:id), [text](event:id) or [text](agreement:id))",
        "site_data/events/billion-laughs.yaml:1:1: required field 'title' is missing (A short neutral title in the site's own voice)",
        "site_data/events/billion-laughs.yaml:1:4: anchors (&a) are not allowed; write the value out in full",
        "site_data/events/billion-laughs.yaml:2:4: anchors (&b) are not allowed; write the value out in full",
        "site_data/events/billion-laughs.yaml:2:8: aliases (*a) are not allowed; write the value out in full",
        "site_data/events/billion-laughs.yaml:2:12: aliases (*a) are not allowed; write the value out in full",
        "site_data/events/billion-laughs.yaml:3:1: unknown field 'c'; allowed here: id, title, date, date_inferred, category, places, actors, agreements, summary, claims, control_changes, key, editors_note",
        "site_data/events/billion-laughs.yaml:3:5: aliases (*b) are not allowed; write the value out in full",
        "site_data/events/billion-laughs.yaml:3:9: aliases (*b) are not allowed; write the value out in full",
    ],
    "events--bracket-bomb.yaml": [
        "site_data/events/bracket-bomb.yaml:5:10: 'summary': square brackets nest 3000 deep, over the limit of 10; a Markdown link needs one level",
    ],
    "events--byte-order-mark.yaml": [
        "site_data/events/byte-order-mark.yaml:1:1: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
    ],
    "events--custom-tag.yaml": [
        "site_data/events/custom-tag.yaml:1:1: required field 'category' is missing (Id of the event's category (a file in site_data/categories/))",
        "site_data/events/custom-tag.yaml:1:1: required field 'claims' is missing (What the sources say about it: at least one quote)",
        "site_data/events/custom-tag.yaml:1:1: required field 'date' is missing (When it happened, in EDTF notation)",
        "site_data/events/custom-tag.yaml:1:1: required field 'summary' is missing (What happened, in one to three neutral sentences; loaded words only inside quotes. Link records with [text](actor:id), [text](place:id), [text](event:id) or [text](agreement:id))",
        "site_data/events/custom-tag.yaml:1:1: required field 'title' is missing (A short neutral title in the site's own voice)",
        "site_data/events/custom-tag.yaml:1:5: tags (!include) are not allowed; remove the tag and write a plain value",
    ],
    "events--deep-flow.yaml": [
        "site_data/events/deep-flow.yaml:2:38: nested deeper than 32 levels; records need only a few levels of nesting",
    ],
    "events--duplicate-keys.yaml": [
        "site_data/events/duplicate-keys.yaml:1:1: required field 'category' is missing (Id of the event's category (a file in site_data/categories/))",
        "site_data/events/duplicate-keys.yaml:1:1: required field 'claims' is missing (What the sources say about it: at least one quote)",
        "site_data/events/duplicate-keys.yaml:1:1: required field 'date' is missing (When it happened, in EDTF notation)",
        "site_data/events/duplicate-keys.yaml:1:1: required field 'summary' is missing (What happened, in one to three neutral sentences; loaded words only inside quotes. Link records with [text](actor:id), [text](place:id), [text](event:id) or [text](agreement:id))",
        "site_data/events/duplicate-keys.yaml:3:1: duplicate key 'title' (first given at line 2); keep one of them",
    ],
    "events--empty.yaml": [
        "site_data/events/empty.yaml:1:1: the file is empty; a record is a mapping of fields, starting with 'id: …'",
    ],
    "events--not-utf8.yaml": [
        "site_data/events/not-utf8.yaml:2:11: byte 0xe9 is not valid UTF-8; save the file as UTF-8",
    ],
    "events--python-tag.yaml": [
        "site_data/events/python-tag.yaml:1:1: required field 'category' is missing (Id of the event's category (a file in site_data/categories/))",
        "site_data/events/python-tag.yaml:1:1: required field 'claims' is missing (What the sources say about it: at least one quote)",
        "site_data/events/python-tag.yaml:1:1: required field 'date' is missing (When it happened, in EDTF notation)",
        "site_data/events/python-tag.yaml:1:1: required field 'summary' is missing (What happened, in one to three neutral sentences; loaded words only inside quotes. Link records with [text](actor:id), [text](place:id), [text](event:id) or [text](agreement:id))",
        "site_data/events/python-tag.yaml:1:1: required field 'title' is missing (A short neutral title in the site's own voice)",
        "site_data/events/python-tag.yaml:1:5: tags (!!python/object/apply:os.system) are not allowed; remove the tag and write a plain value",
    ],
    "events--tab-indent.yaml": [
        "site_data/events/tab-indent.yaml:3:1: YAML syntax error: a tab character here; YAML is indented with spaces, not tabs",
    ],
    "events--top-level-list.yaml": [
        "site_data/events/top-level-list.yaml:1:1: expected a mapping of fields ('key: value' lines) at the top level, found a list",
    ],
    "events--two-documents.yaml": [
        "site_data/events/two-documents.yaml:2:1: a file holds one record, but a second YAML document ('---') starts here; move it to a file of its own",
    ],
    "events--wrong-types.yaml": [
        "site_data/events/wrong-types.yaml:2:8: 'title' must be text, not a list",
        "site_data/events/wrong-types.yaml:3:7: 'date': a date must be text; write a date in EDTF: 2017-04-07 (a day), 2019-08 (a month), 2015 (a year), 2017-05-04/2017-05-05 (a range), 2020-01-28~ (approximate), 2020-01-28? (uncertain)",
        "site_data/events/wrong-types.yaml:4:11: 'category' must be text, not true/false",
        "site_data/events/wrong-types.yaml:5:10: 'summary' must be text, not a number",
        "site_data/events/wrong-types.yaml:6:9: 'claims' must be a list (one '- ' line per item), not text",
        "site_data/events/wrong-types.yaml:7:9: 'places' must be a list (one '- ' line per item), not a number",
    ],
    "places--bidi-id.yaml": [
        "site_data/places/bidi-id.yaml:1:5: 'id' contains an invisible character, U+202E (RIGHT-TO-LEFT OVERRIDE), at character 5; delete it: it makes text read differently from what it is",
    ],
    "places--control-character.yaml": [
        "site_data/places/control-character.yaml:2:7: 'name': contains a control character; remove it",
    ],
    "places--zero-width-url.yaml": [
        "site_data/places/zero-width-url.yaml:7:11: 'coordinates.source' contains an invisible character, U+200B (ZERO WIDTH SPACE), at character 12; delete it: it makes text read differently from what it is",
    ],
    "sources--data-url.yaml": [
        "site_data/sources/data-url.yaml:4:6: 'url': 'data:text/html,<script>alert(1)</script>' is not a web address; write a full http:// or https:// URL",
    ],
    "sources--escaping-text-path.yaml": [
        "site_data/sources/escaping-text-path.yaml:7:16: 'archived_text' has the wrong form: got '../../../etc/passwd'; expected (File name of the article's archived plain text, in the same folder as this record. Quotes are checked against it)",
    ],
    "sources--javascript-url.yaml": [
        "site_data/sources/javascript-url.yaml:4:6: 'url': 'javascript:alert(document.cookie)' is not a web address; write a full http:// or https:// URL",
    ],
}


def test_the_corpus_of_broken_files_is_complete():
    assert sorted(path.name for path in (HOSTILE / "broken").iterdir()) == sorted(EXPECTED_BROKEN)


@pytest.mark.parametrize("name", sorted(EXPECTED_BROKEN))
def test_a_broken_file_gets_exactly_these_messages(mini: Path, name: str):
    folder, file_name = name.split("--")
    (mini / folder / file_name).write_bytes((HOSTILE / "broken" / name).read_bytes())
    assert problems(mini) == EXPECTED_BROKEN[name]


def test_a_huge_file_is_refused_before_it_is_read(mini: Path):
    huge = write(mini / "events" / "huge.yaml", "id: huge\ntitle: " + "x" * MAX_FILE_BYTES + "\n")
    assert problems(mini) == [
        f"site_data/events/huge.yaml:1:1: the file is {huge.stat().st_size:,} bytes, over the limit of"
        f" {MAX_FILE_BYTES:,} bytes; split it or shorten it"
    ]


def test_symlinks_and_special_files_are_refused(mini: Path, tmp_path: Path):
    outside = write(tmp_path / "outside.txt", "secret\n")
    (mini / "places" / "linked.yaml").symlink_to(mini / "places" / "riverton.yaml")
    (mini / "events-elsewhere").symlink_to(mini / "events")
    (mini / "sources" / "herald-2020-03-10.txt").unlink()
    (mini / "sources" / "herald-2020-03-10.txt").symlink_to(outside)
    os.mkfifo(mini / "camps" / "pipe.yaml")
    assert problems(mini) == [
        "site_data/camps/pipe.yaml:1:1: not a regular file; only regular files are allowed here",
        "site_data/events-elsewhere:1:1: symbolic links are not allowed in the data folder",
        "site_data/places/linked.yaml:1:1: symbolic links are not allowed; replace the link by the file itself",
        "site_data/sources/herald-2020-03-10.txt:1:1: symbolic links are not allowed; replace the link by the file itself",
    ]


def test_symlinks_in_the_pages_folder_are_refused(mini: Path, tmp_path: Path):
    content = tmp_path / "content"
    write(content / "page.md", "# Page\n")
    (content / "secret.md").symlink_to(tmp_path / "outside.md")
    (content / "linked-folder").symlink_to(tmp_path)
    os.mkfifo(content / "pipe.md")
    _, found = scan_content(load_dataset(mini), content, tmp_path)
    assert [str(p) for p in found] == [
        "content/linked-folder:1:1: symbolic links are not allowed in the pages folder; put the file itself here",
        "content/pipe.md:1:1: not a regular file; only regular files are allowed in the pages folder",
        "content/secret.md:1:1: symbolic links are not allowed in the pages folder; put the file itself here",
    ]


def test_a_hand_written_page_is_sanitized():
    html = (
        '<h2 id="x" onclick="a()">Title<a class="headerlink" href="#x">¶</a></h2><script>steal()</script>'
        '<p class="lead" style="color:red">a <a href="javascript:x()">link</a> <img src="https://tracker.example/p.png" alt="t">'
        '<img src="../img/map.png" alt="map"></p><iframe src="https://evil.example/"></iframe>'
        '<div class="admonition note"><p class="admonition-title">Note</p></div><form><input></form>'
    )
    assert sanitize_page(html) == (
        '<h2 id="x">Title<a class="headerlink" href="#x">¶</a></h2><p class="lead">a <a>link</a> <img alt="t">'
        '<img src="../img/map.png" alt="map"></p><div class="admonition note"><p class="admonition-title">Note</p></div>'
    )


def test_text_for_plotly_cannot_open_a_tag():
    assert plotly_text('<a href="x" target="_top">x</a> <span style="font-size:99px">&') == (
        '&lt;a href="x" target="_top"&gt;x&lt;/a&gt; &lt;span style="font-size:99px"&gt;&amp;'
    )


# --- the payloads in every text field of a built site ----------------------------------------

TITLE = "<img src=x onerror=alert(1)> </title><script>alert(2)</script> {: onclick=alert(3) }"
MARKDOWN = "Summary <script>alert(4)</script> [x](javascript:alert(5)) <a href=x onclick=alert(6)>y</a>"
CELL = "=HYPERLINK(\"https://evil.example\",\"click\")"


def _hostile_project(project: Path) -> Path:
    data = project / "site_data"

    def edit(path: str, old: str, new: str) -> None:
        file = data / path
        text = file.read_text()
        assert old in text, (path, old)
        file.write_text(text.replace(old, new))

    yaml_title = json.dumps(TITLE)
    yaml_markdown = json.dumps(MARKDOWN)
    edit("site.yaml", "title: The Valley, explained", f"title: {yaml_title}")
    edit("site.yaml", "intro: >-", f"intro: {yaml_markdown}\nx_intro: >-")
    edit("site.yaml", "x_intro: >-\n  A small fixture topic for the generator's tests. Start with the\n  [timeline](https://example.org/) or the places.\n", "")
    edit("events/guard-takes-riverton.yaml", "title: Northern Guard takes Riverton", f"title: {yaml_title}")
    edit("events/front-takes-riverton.yaml", "title: Valley Front captures Riverton", f"title: {json.dumps(CELL)}")
    edit("events/guard-takes-riverton.yaml", "summary: >-", f"summary: {yaml_markdown}\nx: >-")
    edit("events/guard-takes-riverton.yaml", "x: >-\n  The [Northern Guard](actor:northern-guard) took control of\n  [Riverton](place:riverton) from the Valley Front.\n", "")
    edit("actors/valley-front.yaml", "name: Valley Front", f"name: {yaml_title}")
    edit("places/riverton.yaml", "name: Riverton", f"name: {yaml_title}")
    edit("places/riverton.yaml", "  - Rivertown", f"  - {yaml_title}")
    edit("agreements/riverton-accord.yaml", "name: Riverton accord", f"name: {yaml_title}")
    edit("agreements/riverton-accord.yaml", "    name: Riverton district", f"    name: {yaml_title}")
    edit("camps/front.yaml", "name: The Valley Front and its backers", f"name: {yaml_title}")
    edit("categories/fighting.yaml", "name: Fighting", f"name: {yaml_title}")
    edit("disputes/riverton-size.yaml", "title: Is Riverton the largest or the second largest town in the valley?", f"title: {yaml_title}")
    edit("sources/herald-2020-03-10.yaml", "title: Riverton changes hands", f"title: {yaml_title}")
    edit("sources/herald-2020-03-10.yaml", "publisher: The Herald", f"publisher: {yaml_title}")
    # A quote must be verbatim: put the payload in the archived text and quote it.
    (data / "sources" / "herald-2020-03-10.txt").write_text(
        (data / "sources" / "herald-2020-03-10.txt").read_text() + f"\n{TITLE}\n"
    )
    edit(
        "events/front-retakes-hillcrest.yaml",
        "    quote: Yesterday the Valley Front recaptured part of Hillcrest from the Northern Guard.\n",
        "    quote: Yesterday the Valley Front recaptured part of Hillcrest from the Northern Guard.\n"
        f"  - source: herald-2020-03-10\n    quote: {yaml_title}\n    note: {yaml_title}\n",
    )
    write(project / "content" / "report.md", (project / "content" / "report.md").read_text() + (
        "\n<script>alert(7)</script>\n\n[bad](javascript:alert(8)) {: onclick=alert(9) }\n\n"
        "<img src=\"https://tracker.example/p.png\" onerror=alert(10)>\n"
    ))
    return project


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of a page, with its attributes, as a browser's parser reads them."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append((tag, attrs))

    collector = Collector()
    collector.feed(html)
    return collector.found


def test_payloads_in_every_text_field_never_reach_a_reader_as_markup(project: Path):
    _hostile_project(project)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    own_inline = {"__md_scope", "var palette", "var target", "document$"}
    for page in site.rglob("*.html"):
        html = page.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            attributes, body = match.groups()
            if "src=" in attributes:
                assert re.search(r'src="(\.\./|/)*assets/javascripts/', attributes), (page, attributes)
            elif "application/json" not in attributes:
                assert any(mark in body for mark in own_inline) or "livereload" in body, (page, body[:80])
            assert "alert(" not in body, page
        for tag, attributes in _tags(html):
            assert tag not in ("iframe", "object", "embed"), (page, tag)
            for name, value in attributes:
                assert not name.startswith("on"), (page, tag, name)
                assert not (value or "").strip().lower().startswith(("javascript:", "vbscript:", "data:text")), (page, tag, name)
            if tag == "img" and "src" in dict(attributes):  # a sanitized image from elsewhere has no src left
                assert re.match(r"(\.\./|/)*assets/", dict(attributes)["src"]), (page, attributes)
        assert "</title><script" not in html, page
    # The payload is shown as text where it belongs.
    event = (site / "events" / "guard-takes-riverton.html").read_text()
    assert "<title>&lt;img src=x onerror=alert(1)&gt; &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in event
    year = (site / "timeline" / "2020" / "index.html").read_text()
    assert '<h3 id="guard-takes-riverton">&lt;img src=x onerror=alert(1)&gt; &lt;/title&gt;&lt;script&gt;alert(2)' in year
    # The search index holds the page's text as text (the search box shows it as text: tests/browser).
    from explainer.search import indexed_pages

    indexed = {page.url: page for page in indexed_pages(site)}
    assert "<img src=x onerror=alert(1)> </title><script>alert(2)</script>" in indexed["/timeline/2020/"].content
    # Chart data: escaped for Plotly inside the figure, and a formula stays text in the CSV.
    csv = (site / "charts" / "timeline.csv").read_text()
    assert "'=HYPERLINK(" in csv and "\n=HYPERLINK(" not in csv
    embed = (site / "embed" / "timeline" / "index.html").read_text()
    assert "<h1 class=\"ex-embed-title\">" in embed and "<script>alert" not in embed
    report = (site / "report" / "index.html").read_text()
    assert "alert(7)" not in report and "tracker.example" not in report
    assert "<p><a>bad</a> {: onclick=alert(9) }</p>" in report  # text, never an attribute

