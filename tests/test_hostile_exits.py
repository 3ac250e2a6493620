"""Text that leaves the build is escaped for where it lands (issue 13, deliverables 3 and 6).

- the no-JavaScript embed snippet: HTML for a publisher's page, inside a textarea (escaped twice);
- ``site/_headers``: a top-level name its syntax cannot hold is refused, never written;
- log lines: a problem is one line, and no value or file name can be a GitHub workflow command;
- CSV cells: every spelling a spreadsheet reads as a formula stays text;
- images in hand-written pages: only the site's own, however the address is spelt;
- a retired site's background deletion never races the next build.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from conftest import run_mkdocs, write
from explainer import staging
from explainer.cli import github_annotation, main
from explainer.errors import DataError, Problem
from explainer.generate import generate_site
from explainer.plugin import ExplainerPlugin
from explainer.render import _csv_cell
from explainer.sanitize import sanitize_page
from explainer.security import UNSAFE_NAME_MESSAGE, headers_file
from explainer.staging import StagedOutput

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# --- The embed snippet ------------------------------------------------------------------------------

#: A place name that closes an attribute, opens a script, and holds a character reference as text.
HOSTILE_NAME = 'Hillcrest "><script>alert(1)</script> &quot; & co'
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


class _Events(HTMLParser):
    """What an HTML parser sees: start tags with their attributes, end tags and text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))


def parse(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def snippet_texts(page_html: str) -> dict[str, str]:
    """The text of each snippet textarea of a page (what a publisher copies), by the textarea's id."""
    texts: dict[str, str] = {}
    current: str | None = None
    for event in parse(page_html):
        if event[0] == "start" and event[1] == "textarea" and ("class", "ex-snippet") in event[2]:
            current = dict(event[2])["id"]
            texts[current] = ""
        elif event[0] == "end" and event[1] == "textarea":
            current = None
        elif event[0] == "data" and current is not None:
            texts[current] += event[1]
    return texts


def expected_snippet(embed: str, title: str, height: int, loader: str) -> list[tuple]:
    """The snippet as a parser must read it: one iframe, one script (the loader), nothing else."""
    return [
        (
            "start",
            "iframe",
            [
                ("src", embed),
                ("title", title),
                ("width", "100%"),
                ("height", str(height)),
                ("style", "border:0"),
                ("loading", "lazy"),
                ("sandbox", SANDBOX),
            ],
        ),
        ("end", "iframe"),
        ("data", "\n"),
        ("start", "script", [("src", loader), ("async", None)]),
        ("end", "script"),
    ]


def _rename_hillcrest(data: Path) -> None:
    place = data / "places" / "hillcrest.yaml"
    place.write_text(place.read_text().replace("name: Hillcrest", f"name: {json.dumps(HOSTILE_NAME)}"))


def test_the_snippet_of_a_generated_page_escapes_a_hostile_title_for_the_publishers_page(mini: Path):
    _rename_hillcrest(mini)
    page = {p.src: p.html for p in generate_site(mini, TEMPLATES).pages}["places/hillcrest.md"]
    snippets = snippet_texts(page)
    assert sorted(snippets) == ["chart-control-place-hillcrest-snippet", "chart-timeline-place-hillcrest-snippet", "map-place-hillcrest-snippet"]
    loader = "../../assets/javascripts/explainer-embed.js"
    assert parse(snippets["map-place-hillcrest-snippet"]) == expected_snippet(
        "../../embed/map-place-hillcrest/", f"{HOSTILE_NAME} on the map", 900, loader
    )
    assert parse(snippets["chart-control-place-hillcrest-snippet"]) == expected_snippet(
        "../../embed/control-place-hillcrest/", f"Who held {HOSTILE_NAME}", 452, loader
    )
    assert parse(snippets["chart-timeline-place-hillcrest-snippet"]) == expected_snippet(
        "../../embed/timeline-place-hillcrest/", f"Events in {HOSTILE_NAME}", 410, loader
    )


def test_the_snippet_of_a_built_page_escapes_a_hostile_title_for_the_publishers_page(project: Path):
    _rename_hillcrest(project / "site_data")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "places" / "hillcrest" / "index.html").read_text(encoding="utf-8")
    snippet = snippet_texts(html)["chart-control-place-hillcrest-snippet"]
    assert parse(snippet) == expected_snippet(
        "../../embed/control-place-hillcrest/", f"Who held {HOSTILE_NAME}", 452, "../../assets/javascripts/explainer-embed.js"
    )
    # As the publisher's page reads it: the title is one attribute's text, and the only script is the loader.
    assert [event[1] for event in parse(snippet) if event[0] == "start"] == ["iframe", "script"]


# --- _headers -------------------------------------------------------------------------------------


def _site(root: Path, names: list[str]) -> Path:
    """A built site's top level: names ending in / are folders (with a page), others files."""
    for name in names:
        if name.endswith("/"):
            write(root / name / "index.html", "<p>page</p>")
        else:
            write(root / name, "file")
    return root


def test_headers_file_refuses_names_it_cannot_hold_and_says_which(tmp_path: Path):
    # A name with line breaks would add headers, or rules, of its own.
    site = _site(tmp_path / "site", ["index.html", "embed/", "a\n  Access-Control-Allow-Origin: *\n*", "b c.html", "x:y/"])
    with pytest.raises(DataError) as raised:
        headers_file(site)
    assert str(raised.value) == (
        f"site/a\\n  Access-Control-Allow-Origin: *\\n*:1:1: {UNSAFE_NAME_MESSAGE}\n"
        f"site/b c.html:1:1: {UNSAFE_NAME_MESSAGE}\n"
        f"site/x:y:1:1: {UNSAFE_NAME_MESSAGE}\n"
        "3 problems found; nothing was built."
    )
    assert UNSAFE_NAME_MESSAGE == (
        "this name cannot be written safely to _headers (the rules Netlify and Cloudflare Pages read):"
        " a file or folder at the top of the site may use only letters A-Z and a-z, digits, '-', '_', '.' and '~';"
        " rename the page or folder in content/ that makes it"
    )


def test_headers_file_writes_ordinary_names(tmp_path: Path):
    site = _site(tmp_path / "site", ["404.html", "assets/", "embed/", "index.html", "sitemap.xml.gz", "_headers", "a-b_c.d~e/"])
    own = [
        "  Content-Security-Policy: frame-ancestors 'self'",
        "  X-Frame-Options: SAMEORIGIN",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: no-referrer",
    ]
    anyone = ["  Content-Security-Policy: frame-ancestors *", "  X-Content-Type-Options: nosniff", "  Referrer-Policy: no-referrer"]
    assert headers_file(site) == "\n".join(
        [
            "# Written by the explainer plugin at build time (see scripts/explainer/security.py).",
            "# Pages may be framed only by the site itself; embed pages by any site.",
            "/", *own,
            "/404.html", *own,
            "/a-b_c.d~e/*", *own,
            "/assets/*", *own,
            "/embed/*", *anyone,
            "/index.html", *own,
            "/sitemap.xml.gz", *own,
        ]
    ) + "\n"  # fmt: skip


def test_the_plugin_refuses_to_write_such_headers_with_a_build_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    site = _site(tmp_path / "site", ["index.html", "x\n::error::y/"])
    with pytest.raises(PluginError) as raised:
        ExplainerPlugin().on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert str(raised.value) == f"site/x\\n::error::y:1:1: {UNSAFE_NAME_MESSAGE}\n1 problem found; nothing was built."
    assert not (site / "_headers").exists()


# --- Log lines ------------------------------------------------------------------------------------


def test_a_problem_prints_as_one_line_that_no_ci_reads_as_a_command():
    problem = Problem("site_data/events/a\n::error::b.yaml", 2, 5, "unknown id 'x\r\n::add-mask::y ##[set-output name=z;]w \x1b[2J \u202e'")
    assert str(problem) == (
        "site_data/events/a\\n::error::b.yaml:2:5:"
        " unknown id 'x\\r\\n::add-mask::y #\\u0023[set-output name=z;]w \\u001b[2J \\u202e'"
    )
    # A path that would start the line with a command (after spaces) does not.
    assert str(Problem("  ::error::x.yaml", 1, 1, "m")) == "  \\u003a:error::x.yaml:1:1: m"


def test_github_annotations_escape_as_the_runner_unescapes():
    problem = Problem("site_data/events/a\n::error::b,c.yaml", 2, 5, "unknown id 'x\n::error::pwned' (100%\r) \x1b[31m")
    assert github_annotation(problem) == (
        "::error file=site_data/events/a%0A%3A%3Aerror%3A%3Ab%2Cc.yaml,line=2,col=5"
        "::unknown id 'x%0A::error::pwned' (100%25%0D) \\u001b[31m"
    )


@pytest.mark.parametrize("form", ["text", "github"])
def test_check_prints_one_line_per_problem_for_a_hostile_file_name(mini: Path, tmp_path: Path, capsys, form: str):
    write(mini / "events" / "x\n::error::y.yaml", "id: x\n")
    assert main(["check", "--data", str(mini), "--content", str(tmp_path / "none"), "--format", form]) == 1
    out, err = capsys.readouterr()
    count = int(err.split()[0])
    lines = out.splitlines()
    assert len(lines) == count > 0
    prefix = {
        "text": f"{mini}/events/x\\n::error::y.yaml:1:1: ",
        "github": f"::error file={str(mini).replace(':', '%3A')}/events/x%0A%3A%3Aerror%3A%3Ay.yaml,line=1,col=1::",
    }[form]
    assert all(line.startswith(prefix) for line in lines), lines


def test_no_line_of_a_build_log_is_a_workflow_command(project: Path):
    write(project / "content" / "x\n::error::y ##[add-mask]z.md", "# X\n\nSee [nothing](nowhere.md).\n")
    result = run_mkdocs(project)
    assert result.returncode == 1
    log = (result.stdout + result.stderr).splitlines()
    assert [line for line in log if line.lstrip().startswith("::") or "##[" in line] == []
    assert not (project / "site").exists()


# --- CSV cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("\ufeff=1+1", "'\ufeff=1+1"),
        (" =1+1", "' =1+1"),
        ("  \t +1", "'  \t +1"),
        ("\u00a0@x", "'\u00a0@x"),
        ("\u3000=1", "'\u3000=1"),
        ("\u200b=1", "'\u200b=1"),
        ("\x00=1", "'\x00=1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # ＝
        ("\uff0b1", "'\uff0b1"),  # ＋
        ("\uff0d1", "'\uff0d1"),  # －
        ("\uff20x", "'\uff20x"),  # ＠
        ("\ufe661", "'\ufe661"),  # ﹦ small equals sign
        ("\ufeff \uff1d1", "'\ufeff \uff1d1"),
        # Text stays as it is.
        ("Hillcrest", "Hillcrest"),
        ("a=b", "a=b"),
        ("1 May 2020", "1 May 2020"),
        (" ", " "),
        ("", ""),
        ("\u2212 1", "\u2212 1"),  # a minus sign, which no spreadsheet reads as an operator
    ],
)
def test_csv_cells_that_a_spreadsheet_reads_as_formulas_stay_text(cell: str, written: str):
    assert _csv_cell(cell) == written


def test_the_chart_csv_keeps_a_bom_or_fullwidth_formula_as_text(mini: Path):
    events = mini / "events"
    for name, title in (("front-enters-hillcrest", "\ufeff=1+1"), ("front-takes-riverton", "\uff1dHYPERLINK(1)")):
        path = events / f"{name}.yaml"
        text = path.read_text()
        original = next(line for line in text.splitlines() if line.startswith("title: "))
        path.write_text(text.replace(original, f"title: {json.dumps(title)}"))
    csv = {f.path: f.content for f in generate_site(mini, TEMPLATES).files}["charts/timeline.csv"]
    first_cells = [line.split(",")[0] for line in csv.split("\r\n")]
    assert "'\ufeff=1+1" in first_cells and "'\uff1dHYPERLINK(1)" in first_cells


# --- Images in hand-written pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/p.png",
        "HTTPS://evil.example/p.png",
        "//evil.example/p.png",
        "\\\\evil.example/p.png",
        "/\\evil.example/p.png",
        "\\/evil.example/p.png",
        " //evil.example/p.png",
        "&#9;//evil.example/p.png",
        "&#10;\\\\evil.example/p.png",
        "&#1;//evil.example/p.png",
        "//evil.example/p.png&#31; ",
        "/&#9;/evil.example/p.png",
        "\\&#10;\\evil.example/p.png",
        "ht&#9;tps://evil.example/p.png",
        "ht&#10;tps://evil.example/p.png",
        "https&#13;://evil.example/p.png",
        "%2F%2Fevil.example/p.png",
        "%5C%5Cevil.example/p.png",
        "%252F%252Fevil.example/p.png",
        "&#92;&#92;evil.example/p.png",
        "&#x2f;&#x2F;evil.example/p.png",
        "&amp;#92;&amp;#92;evil.example/p.png",
        "%68ttps://evil.example/p.png",
        "data:image/png;base64,iVBORw0KGgo=",
        " data:image/svg+xml,<svg/>",
        "blob:https://evil.example/0b7e",
        "javascript:alert(1)",
        "/images/p.png",
    ],
)
def test_images_that_are_not_the_sites_own_are_dropped_in_any_spelling(src: str):
    assert sanitize_page(f'<p><img src="{src}" alt="x"></p>') == '<p><img alt="x"></p>'


@pytest.mark.parametrize("src", ["../img/map.png", "img/map.png", "./map.png", "map%20one.png", "../img/map.png?v=2#top"])
def test_the_sites_own_images_are_kept(src: str):
    assert sanitize_page(f'<p><img src="{src}" alt="x"></p>') == f'<p><img src="{src}" alt="x"></p>'


# --- Retiring the previous site -------------------------------------------------------------------


def _build(staged: StagedOutput, text: str) -> None:
    folder = staged.begin()
    write(folder / "index.html", text)
    for number in range(20):
        write(folder / "pages" / f"{number}.html", text)
    staged.commit()


def test_back_to_back_builds_with_a_blocked_deleter_never_reuse_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    handed_over: list[Path] = []
    monkeypatch.setattr(staging, "delete_in_background", handed_over.append)  # deleters that have not run yet
    staged = StagedOutput(tmp_path / "site")
    for number in range(4):
        _build(staged, f"build {number}")
    assert len(handed_over) == 3 and len(set(handed_over)) == 3
    assert all(path.parent == tmp_path and path.name.startswith(".site.previous-") for path in handed_over)
    # The blocked deleters run at last, late: the site of the last build is untouched.
    for path in handed_over:
        shutil.rmtree(path, ignore_errors=True)
    assert (tmp_path / "site" / "index.html").read_text() == "build 3"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_deleter_removing_files_under_the_next_build_does_not_fail_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    handed_over: list[Path] = []
    monkeypatch.setattr(staging, "delete_in_background", handed_over.append)
    staged = StagedOutput(tmp_path / "site")
    _build(staged, "build 0")
    _build(staged, "build 1")
    (retired,) = handed_over
    legacy = write(tmp_path / ".site.previous" / "old.html", "left by an older version").parent
    # The deleter wakes up as the next build clears the leftovers: it deletes the whole folder between
    # the build's listing of it and the build's first deletion in it.
    real_unlink = os.unlink
    woken: list[bool] = []

    def unlink_while_deleter_runs(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not woken and os.fspath(path) != "old.html":  # the first file of the retired site
            woken.append(True)
            shutil.rmtree(retired)
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink_while_deleter_runs)
    staging_folder = staged.begin()
    monkeypatch.setattr(os, "unlink", real_unlink)
    assert woken == [True]
    assert not retired.exists() and not legacy.exists()
    assert list(staging_folder.iterdir()) == []
    write(staging_folder / "index.html", "build 2")
    staged.commit()
    assert (tmp_path / "site" / "index.html").read_text() == "build 2"


def test_back_to_back_builds_with_the_real_deleter(tmp_path: Path):
    staged = StagedOutput(tmp_path / "site")
    for number in range(6):
        folder = staged.begin()
        for page in range(300):
            write(folder / f"p{page % 10}" / f"{page}.html", f"build {number}")
        write(folder / "index.html", f"build {number}")
        staged.commit()
    assert (tmp_path / "site" / "index.html").read_text() == "build 5"
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.previous*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
