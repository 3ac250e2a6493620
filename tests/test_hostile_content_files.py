"""Hostile files in content/ and hostile front matter: refused with their exact message, or rendered inert.

- the pages folder holds Markdown pages and real images only (by their bytes), under safe names, with
  no name the site's own files use, and no symbolic link on the way to it (nor to site_data/);
- front matter is data: an allow-list of keys, each validated, escaped where Material prints it;
- a page's policy allows only the inline scripts that the theme's and the generator's templates write.

Each case goes through the core functions; representative ones through `explainer check` and
`mkdocs build --strict` on a small project, which then writes no site.
"""

from __future__ import annotations

import glob
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT, make_project, run_mkdocs, write
from explainer.articles import scan_content
from explainer.cli import main
from explainer.contentfiles import MAX_IMAGE_BYTES, RESERVED_NAMES, list_content, symlinks_on_path
from explainer.errors import DataError
from explainer.frontmatter import read_front_matter
from explainer.generate import generate_site, load_and_check
from explainer.loader import load_dataset
from explainer.security import ForeignScriptError, InlineScripts, foreign_scripts, inline_script_hashes, with_policy

MATERIAL = Path(glob.glob(str(ROOT / ".venv/lib/python3*/site-packages/material/templates"))[0])
ALLOWED = "Markdown pages (.md) and PNG, JPEG, GIF or WebP images (.png, .jpg, .jpeg, .gif, .webp)"
NAME_HELP = "names use ASCII letters, digits, '-', '_' and '.', and start and end with a letter or a digit"
KEYS = "the allowed keys are title, description, hide"


def _png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


IMAGES = {
    "PNG": _png(),
    "JPEG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
    "GIF": b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
    "WebP": b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><script>alert(1)</script>"


def _messages(content: Path, root: Path) -> list[str]:
    return [str(problem) for problem in list_content(content, root).problems]


# --- what files may be in content/ ----------------------------------------------------------------


def test_a_file_cannot_replace_the_sites_scripts(tmp_path: Path):
    content = tmp_path / "content"
    write(content / "assets" / "javascripts" / "explainer-embed.js", "parent.location = 'https://evil.example/'")
    write(content / "assets" / "javascripts" / "explainer-charts.js", "alert(1)")
    write(content / "assets" / "javascripts" / "vendor" / "plotly-basic.min.js", "alert(1)")
    write(content / "page.md", "# Page\n")
    # One message for the folder: what is inside it is never looked at, nor published.
    assert _messages(content, tmp_path) == [
        "content/assets:1:1: the name 'assets' is reserved for the theme's scripts, styles and images;"
        " choose another name (a file here could replace the site's own)"
    ]


@pytest.mark.parametrize("name", sorted(RESERVED_NAMES))
def test_every_reserved_name_is_refused_as_a_folder_and_as_a_page(tmp_path: Path, name: str):
    content = tmp_path / "content"
    write(content / name / "page.md", "# Page\n")
    write(content / f"{name}.md", "# Page\n")
    write(content / f"{name.upper()}.png", "")  # case-insensitive hosts: TIMELINE.png is timeline.png
    expected = f"the name '{{}}' is reserved for {RESERVED_NAMES[name]}; choose another name (a file here could replace the site's own)"
    assert _messages(content, tmp_path) == sorted(
        [
            f"content/{name.upper()}.png:1:1: " + expected.format(name.upper()),
            f"content/{name}:1:1: " + expected.format(name),
            f"content/{name}.md:1:1: " + expected.format(name),
        ],
        key=lambda line: line.split(":")[0],
    )


def test_reserved_names_only_at_the_top(tmp_path: Path):
    content = tmp_path / "content"
    write(content / "articles" / "assets" / "map.md", "# Map\n")
    write(content / "articles" / "timeline.md", "# Timeline\n")
    listing = list_content(content, tmp_path)
    assert listing.problems == []
    assert [p.relative_to(content).as_posix() for p in listing.pages] == ["articles/assets/map.md", "articles/timeline.md"]


def test_the_reserved_names_cover_everything_the_generator_and_the_theme_write(mini: Path, tmp_path: Path):
    output = generate_site(mini, ROOT / "templates", content_dir=ROOT / "tests" / "fixtures" / "mini-content")
    generated = {path.split("/")[0] for path in [page.src for page in output.pages] + [file.path for file in output.files]}
    assert {os.path.splitext(name)[0] for name in generated} <= set(RESERVED_NAMES)
    # A theme file that a page or an image could stand for (the others are refused by type) is under a reserved name.
    theme_files = [
        path.relative_to(folder).as_posix()
        for folder in (ROOT / "templates" / "overrides", MATERIAL)
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in (".md", ".png", ".jpg", ".jpeg", ".gif", ".webp") and not path.name.startswith(".")
    ]
    exposed = [path for path in theme_files if not path.startswith(".") and path.split("/")[0] not in RESERVED_NAMES]
    assert exposed == []
    assert "assets/images/favicon.png" in theme_files


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("payload.html", HTML, f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.htm", HTML, f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.xhtml", HTML, f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.xml", HTML, f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.js", b"alert(1)", f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.css", b"*{}", f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.pdf", b"%PDF-1.4", f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.txt", b"text", f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload", HTML, f"only {ALLOWED} are published from the pages folder; remove this file"),
        ("payload.svg", SVG, "SVG images can carry scripts and are not allowed; export the image as PNG or WebP"),
        ("payload.svgz", SVG, "SVG images can carry scripts and are not allowed; export the image as PNG or WebP"),
        ("payload.SVG", SVG, "SVG images can carry scripts and are not allowed; export the image as PNG or WebP"),
        ("page.markdown", b"# x", "a page's name ends in .md; rename the file"),
        ("page.mkd", b"# x", "a page's name ends in .md; rename the file"),
        ("page.MD", b"# x", f"write the extension in lower case, .md; {ALLOWED} are published from the pages folder"),
        ("photo.PNG", IMAGES["PNG"], f"write the extension in lower case, .png; {ALLOWED} are published from the pages folder"),
        # Images are recognised by their bytes, not their names.
        ("payload.png", HTML, "the file ends in .png but its content is not a PNG image; save it again as PNG"),
        ("payload.jpg", SVG, "the file ends in .jpg but its content is not a JPEG image; save it again as JPEG"),
        ("payload.gif", b"", "the file ends in .gif but its content is not a GIF image; save it again as GIF"),
        ("payload.webp", b"RIFF\x00\x00\x00\x00WAVE", "the file ends in .webp but its content is not a WebP image; save it again as WebP"),
        ("photo.jpg", IMAGES["PNG"], "the file ends in .jpg but is a PNG image; rename it to end in .png"),
        ("photo.png", IMAGES["GIF"], "the file ends in .png but is a GIF image; rename it to end in .gif"),
    ],
)
def test_only_pages_and_real_images_are_published(tmp_path: Path, name: str, body: bytes, message: str):
    content = tmp_path / "content"
    content.mkdir()
    (content / name).write_bytes(body)
    assert _messages(content, tmp_path) == [f"content/{name}:1:1: {message}"]


def test_real_images_and_pages_pass(tmp_path: Path):
    content = tmp_path / "content"
    write(content / "articles" / "idlib-offensive-2019-2020.md", "# Idlib\n")
    write(content / "README.md", "# Read me\n")
    write(content / "v1.2_notes.md", "# Notes\n")
    for name, suffix in (("PNG", ".png"), ("JPEG", ".jpg"), ("JPEG", ".jpeg"), ("GIF", ".gif"), ("WebP", ".webp")):
        (content / "articles" / f"map_2019{suffix}").write_bytes(IMAGES[name])
    listing = list_content(content, tmp_path)
    assert listing.problems == []
    assert [p.relative_to(content).as_posix() for p in listing.pages] == [
        "README.md",
        "articles/idlib-offensive-2019-2020.md",
        "v1.2_notes.md",
    ]
    assert len(listing.images) == 5


def test_an_image_over_the_limit_is_refused(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    with (content / "huge.png").open("wb") as file:
        file.write(IMAGES["PNG"])
        file.truncate(MAX_IMAGE_BYTES + 1)
    assert _messages(content, tmp_path) == [
        "content/huge.png:1:1: the image is 2,097,153 bytes, over the limit of 2,097,152 bytes; make it smaller"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad name.md", f"the name has a character that is not allowed, ' ', at character 4; {NAME_HELP}"),
        ("bad\nname.md", f"the name has a character that is not allowed, U+000A, at character 4; {NAME_HELP}"),
        ("bad\rname.md", f"the name has a character that is not allowed, U+000D, at character 4; {NAME_HELP}"),
        ("bad\x1bname.md", f"the name has a character that is not allowed, U+001B, at character 4; {NAME_HELP}"),
        ('bad"name.md', f"the name has a character that is not allowed, '\"', at character 4; {NAME_HELP}"),
        ("bad'name.md", f"the name has a character that is not allowed, \"'\", at character 4; {NAME_HELP}"),
        ("bad\\name.md", f"the name has a character that is not allowed, U+005C, at character 4; {NAME_HELP}"),
        ("bad#name.md", f"the name has a character that is not allowed, '#', at character 4; {NAME_HELP}"),
        ("bad?name.md", f"the name has a character that is not allowed, '?', at character 4; {NAME_HELP}"),
        ("bad%0aname.md", f"the name has a character that is not allowed, '%', at character 4; {NAME_HELP}"),
        ("bad*name.md", f"the name has a character that is not allowed, '*', at character 4; {NAME_HELP}"),
        ("bad<name.md", f"the name has a character that is not allowed, '<', at character 4; {NAME_HELP}"),
        ("bad>name.md", f"the name has a character that is not allowed, '>', at character 4; {NAME_HELP}"),
        ("bad|name.md", f"the name has a character that is not allowed, '|', at character 4; {NAME_HELP}"),
        ("bad:name.md", f"the name has a character that is not allowed, ':', at character 4; {NAME_HELP}"),
        ("bad!name.md", f"the name has a character that is not allowed, '!', at character 4; {NAME_HELP}"),
        ("bad~name.md", f"the name has a character that is not allowed, '~', at character 4; {NAME_HELP}"),
        ("café.md", f"the name has a character that is not allowed, 'é', at character 4; {NAME_HELP}"),
        ("pаge.md", f"the name has a character that is not allowed, 'а', at character 2; {NAME_HELP}"),  # Cyrillic а
        ("bad\u202ename.md", f"the name has a character that is not allowed, U+202E, at character 4; {NAME_HELP}"),
        ("bad\u200bname.md", f"the name has a character that is not allowed, U+200B, at character 4; {NAME_HELP}"),
        ("bad\u2028name.md", f"the name has a character that is not allowed, U+2028, at character 4; {NAME_HELP}"),
        (".htaccess", f"the name starts with a dot (a hidden file); {NAME_HELP}"),
        (".hidden.md", f"the name starts with a dot (a hidden file); {NAME_HELP}"),
        ("-page.md", f"the name has a character that is not allowed, '-', at character 1; {NAME_HELP}"),
        ("_page.md", f"the name has a character that is not allowed, '_', at character 1; {NAME_HELP}"),
        ("page.md.", f"the name has a character that is not allowed, '.', at character 8; {NAME_HELP}"),
        ("x" * 98 + ".md", "the name is 101 characters long, over the limit of 100; shorten it"),
    ],
    ids=repr,
)
def test_names_unsafe_in_urls_headers_or_logs_are_refused(tmp_path: Path, name: str, message: str):
    content = tmp_path / "content"
    write(content / name, "# Page\n")
    # A printed problem is one line: line breaks, escapes and bidirectional controls in the name are shown escaped.
    shown = name.replace("\n", "\\n").replace("\r", "\\r").replace("\x1b", "\\u001b")
    shown = shown.replace("\u202e", "\\u202e").replace("\u2028", "\\u2028")
    assert _messages(content, tmp_path) == [f"content/{shown}:1:1: {message}"]


def test_a_folder_with_an_unsafe_name_is_refused_once(tmp_path: Path):
    content = tmp_path / "content"
    write(content / "my articles" / "one.md", "# One\n")
    write(content / "my articles" / "two.html", "<script>alert(1)</script>")
    assert _messages(content, tmp_path) == [
        f"content/my articles:1:1: the name has a character that is not allowed, ' ', at character 3; {NAME_HELP}"
    ]


def test_a_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    with open(os.path.join(os.fsencode(content), b"bad\xffname.md"), "wb") as file:
        file.write(b"# x\n")
    problems = list_content(content, tmp_path).problems
    assert [str(p) for p in problems] == [
        f"content/bad\\udcffname.md:1:1: the name has a character that is not allowed, U+DCFF, at character 4; {NAME_HELP}"
    ]
    str(problems[0]).encode("utf-8")  # printable, whatever the terminal


def test_folders_nested_too_deep_are_refused(tmp_path: Path):
    content = tmp_path / "content"
    deep = content.joinpath(*["d"] * 20)
    write(deep / "page.md", "# Deep\n")
    shown = "/".join(["content"] + ["d"] * 16)
    assert _messages(content, tmp_path) == [f"{shown}:1:1: folders nest more than 16 deep here; move the files up"]


def test_links_and_special_files_inside_content_are_refused(tmp_path: Path):
    content = tmp_path / "content"
    write(content / "page.md", "# Page\n")
    write(tmp_path / "outside" / "secret.md", "# Secret\n")
    (content / "secret.md").symlink_to(tmp_path / "outside" / "secret.md")
    (content / "linked").symlink_to(tmp_path / "outside")
    (content / "map.png").symlink_to("/etc/passwd")
    os.mkfifo(content / "pipe.md")
    assert _messages(content, tmp_path) == [
        "content/linked:1:1: symbolic links are not allowed in the pages folder; put the file itself here",
        "content/map.png:1:1: symbolic links are not allowed in the pages folder; put the file itself here",
        "content/pipe.md:1:1: not a regular file; only regular files are allowed in the pages folder",
        "content/secret.md:1:1: symbolic links are not allowed in the pages folder; put the file itself here",
    ]


# --- symbolic links on the way to content/ and site_data/ ------------------------------------------

LINKED_PAGES = (
    "this folder is a symbolic link; the pages folder must be a real folder in the repository, not a link to one elsewhere"
)
LINKED_DATA = (
    "this folder is a symbolic link; the data folder must be a real folder in the repository, not a link to one elsewhere"
)


def test_the_pages_folder_itself_may_not_be_a_link(tmp_path: Path):
    write(tmp_path / "elsewhere" / "page.md", "# Outside the repository\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "content").symlink_to(tmp_path / "elsewhere")
    listing = list_content(project / "content", project)
    assert [str(p) for p in listing.problems] == [f"content:1:1: {LINKED_PAGES}"]
    assert listing.pages == []  # nothing is read through the link


def test_a_dangling_link_as_the_pages_folder_is_refused_too(tmp_path: Path):
    (tmp_path / "content").symlink_to(tmp_path / "nowhere")
    assert _messages(tmp_path / "content", tmp_path) == [f"content:1:1: {LINKED_PAGES}"]


def test_a_folder_above_the_pages_folder_may_not_be_a_link(tmp_path: Path):
    write(tmp_path / "elsewhere" / "content" / "page.md", "# Outside\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "docs").symlink_to(tmp_path / "elsewhere")
    assert _messages(project / "docs" / "content", project) == [
        "docs:1:1: this folder holds the pages folder (docs/content) and is a symbolic link; the pages folder must be"
        " a real folder in the repository, not a link to one elsewhere"
    ]


def test_folders_above_the_project_are_not_looked_at(tmp_path: Path):
    (tmp_path / "real").mkdir()
    (tmp_path / "home").symlink_to(tmp_path / "real")  # a checkout under a linked home folder is fine
    project = tmp_path / "home" / "project"
    write(project / "content" / "page.md", "# Page\n")
    assert symlinks_on_path(project / "content", project, "pages folder") == []


def test_the_data_folder_and_its_parents_may_not_be_links(mini: Path, tmp_path: Path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "site_data").symlink_to(mini)
    with pytest.raises(DataError) as raised:
        load_dataset(project / "site_data", display_root=project)
    assert [str(p) for p in raised.value.problems] == [f"site_data:1:1: {LINKED_DATA}"]
    (project / "data").symlink_to(tmp_path)
    with pytest.raises(DataError) as raised:
        load_dataset(project / "data" / "site_data", display_root=project)
    assert [str(p) for p in raised.value.problems] == [
        "data:1:1: this folder holds the data folder (data/site_data) and is a symbolic link; the data folder must be"
        " a real folder in the repository, not a link to one elsewhere"
    ]


def test_every_problem_at_once_when_the_data_folder_is_a_link(mini: Path, tmp_path: Path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "site_data").symlink_to(mini)
    write(project / "content" / "x.html", "<script>alert(1)</script>")
    write(project / "content" / "page.md", "---\ntemplate: redirect.html\n---\n# Page\n")
    with pytest.raises(DataError) as raised:
        load_and_check(project / "site_data", project / "content", project)
    assert [str(p) for p in raised.value.problems] == [
        f"content/page.md:2:1: 'template' is not allowed in a page's front matter; {KEYS}",
        f"content/x.html:1:1: only {ALLOWED} are published from the pages folder; remove this file",
        f"site_data:1:1: {LINKED_DATA}",
    ]


# --- front matter ---------------------------------------------------------------------------------

#: Every key Material 9 (templates, search plugin) and MkDocs read from a page's front matter.
MATERIAL_READS = {
    "title", "description", "author", "hide", "icon", "subtitle", "status", "location", "template", "search", "tags",
    "git_revision_date_localized", "git_creation_date_localized", "revision_date",
}  # fmt: skip
#: Markup that would run if printed as it is (a <script> in a page is refused outright: see below).
PAYLOAD = '"><img src=x onerror=alert(1)><svg onload=alert(2)></svg> & </title>'
ESCAPED = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;svg onload=alert(2)&gt;&lt;/svg&gt; &amp; &lt;/title&gt;"


def test_the_keys_tested_are_every_key_the_installed_theme_reads():
    read = set()
    for template in MATERIAL.rglob("*.html"):
        if "languages" not in template.parts:
            read |= set(re.findall(r"\b(?:page|nav_item)\.meta\.([a-z_]+)", template.read_text(encoding="utf-8")))
    search = (MATERIAL.parent / "plugins" / "search" / "plugin.py").read_text(encoding="utf-8")
    read |= set(re.findall(r"meta\.get\(\"([a-z_]+)\"", search))
    assert read | {"template"} == MATERIAL_READS


@pytest.mark.parametrize("key", sorted(MATERIAL_READS - {"title", "description", "hide"}) + ["redirect", "comments", "robots", "x"])
def test_a_key_outside_the_allow_list_is_refused(key: str):
    text = f"---\ntitle: A page\n{key}: {PAYLOAD!r}\n---\n# A page\n"
    front = read_front_matter(text, "content/page.md")
    assert [str(p) for p in front.problems] == [f"content/page.md:3:1: '{key}' is not allowed in a page's front matter; {KEYS}"]
    assert front.theme_meta() == {"title": "A page"}  # what the theme sees: nothing of it


def test_allowed_keys_reach_the_theme_escaped():
    text = f"---\ntitle: {PAYLOAD!r}\ndescription: {PAYLOAD!r}\nhide: [navigation, toc, footer]\n---\n\nText.\n"
    front = read_front_matter(text, "content/page.md")
    assert front.problems == []
    assert front.theme_meta() == {"title": ESCAPED, "description": ESCAPED, "hide": ["navigation", "toc", "footer"]}
    assert front.body == "Text.\n" == get_data(text)[0]  # the Markdown MkDocs would render


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: 2020", "3:8: 'title' must be one line of text, found a number; put it in quotes"),
        ("title: [a, b]", "3:8: 'title' must be one line of text, found a list"),
        ("title:\n  a: b", "4:3: 'title' must be one line of text, found a mapping"),
        ("title: true", "3:8: 'title' must be one line of text, found true/false; put it in quotes"),
        ("title:", "3:7: 'title' must be one line of text, found nothing (an empty value)"),
        ("title: '  '", "3:8: 'title' is empty; write it, or remove the line"),
        ("title: |\n  one\n  two", "3:8: 'title' must be a single line of text"),
        ('title: "a\\u0007b"', "3:8: 'title' contains a control character, U+0007; remove it"),
        ('title: "a\\u2028b"', "3:8: 'title' contains a control character, U+2028; remove it"),
        ("title: " + "x" * 301, "3:8: 'title' is 301 characters long, over the limit of 300; shorten it"),
        ("description: " + "x" * 301, "3:14: 'description' is 301 characters long, over the limit of 300; shorten it"),
        ("description: |\n  one\n  two", "3:14: 'description' must be a single line of text"),
        ("hide: toc", "3:7: 'hide' must be a list of what to hide, among: navigation, toc, footer"),
        ("hide: []", "3:7: 'hide' must be a list of what to hide, among: navigation, toc, footer"),
        ("hide: [toc, path]", "3:13: 'hide' cannot hide 'path'; it can hide: navigation, toc, footer"),
        ("hide: [toc, 1]", "3:13: 'hide' cannot hide a number; it can hide: navigation, toc, footer"),
        ("hide: [toc, toc]", "3:13: 'hide' lists 'toc' twice; keep one"),
        ("title: !!python/object:os.system x", "3:8: tags (!!python/object:os.system) are not allowed; remove the tag and write a plain value"),
        ("template: !!python/name:os.system x", f"3:1: 'template' is not allowed in a page's front matter; {KEYS}"),
        ("title: &a x\ndescription: *a", "3:8: anchors (&a) are not allowed; write the value out in full"),
        ("title: a\ntitle: b", "4:1: duplicate key 'title' (first given at line 3); keep one of them"),
        ('"tem\\nplate": x', f"3:1: 'tem\\nplate' is not allowed in a page's front matter; {KEYS}"),
        ("- a list", "3:1: expected a mapping of fields ('key: value' lines) at the top level, found a list"),
    ],
)
def test_front_matter_values_are_validated(front: str, message: str):
    text = f"---\n# a comment\n{front}\n---\n# Page\n"
    problems = [str(p) for p in read_front_matter(text, "content/page.md").problems]
    if "&a" in front:  # the anchor, and the alias
        assert problems == [f"content/page.md:{message}", "content/page.md:4:14: aliases (*a) are not allowed; write the value out in full"]
    elif "template" in front:  # the tag, and the key
        assert problems == [
            "content/page.md:3:11: tags (!!python/name:os.system) are not allowed; remove the tag and write a plain value",
            f"content/page.md:{message}",
        ]
    else:
        assert problems == [f"content/page.md:{message}"]


def test_an_empty_front_matter_is_refused():
    for block in ("\n", "# nothing\n", "  \n# x\n"):
        front = read_front_matter(f"---\n{block}---\n# Page\n", "content/page.md")
        assert [str(p) for p in front.problems] == [
            "content/page.md:1:1: the front matter is empty; give the page's title or description, or remove the '---' lines"
        ]


@pytest.mark.parametrize(
    ("first", "key"),
    [("Title: <script>alert(1)</script>", "Title"), ("template: redirect.html", "template"), ("Note: the text", "Note"),
     ("http://example.org/", "http"), ("   location: //evil.example", "location")],
)  # fmt: skip
def test_key_value_first_lines_are_refused(first: str, key: str):
    text = f"{first}\nmore: x\n\nThe text.\n"
    assert get_data(text)[1] != {}  # MkDocs would read them as metadata
    front = read_front_matter(text, "content/page.md")
    assert [str(p) for p in front.problems] == [
        f"content/page.md:1:1: MkDocs reads a first line of the form '{key}: …' as metadata, not as text; start the page"
        " with a heading or a blank line, or put front matter between '---' lines"
    ]
    assert front.theme_meta() == {} and front.body == text  # the plugin shows them as text


def test_ordinary_pages_have_no_front_matter_problem():
    for text in ("# Title\n\nNote: fine here.\n", "\nNote: after a blank line\n", "", "---\n\nA rule first.\n"):
        front = read_front_matter(text, "content/page.md")
        assert front.problems == [] and front.theme_meta() == {} and get_data(text)[1] == {}
        assert front.body.lstrip("\n") == get_data(text)[0]


def test_front_matter_with_windows_line_ends_is_read_as_mkdocs_reads_it():
    text = "---\r\ntitle: Mine\r\ntemplate: redirect.html\r\n---\r\n# Page\r\n"
    front = read_front_matter(text, "content/page.md")
    assert [str(p) for p in front.problems] == [f"content/page.md:3:1: 'template' is not allowed in a page's front matter; {KEYS}"]
    assert front.theme_meta() == {"title": "Mine"}


def test_scan_content_reports_front_matter_with_the_pages_other_problems(mini: Path, tmp_path: Path):
    content = tmp_path / "content"
    write(content / "page.md", "---\ntitle: Fine\nauthor: <b>me</b>\n---\n# Page\n\nSee [x](event:nope).\n")
    _, found = scan_content(load_dataset(mini), content, tmp_path)
    messages = [str(p) for p in found]
    assert f"content/page.md:3:1: 'author' is not allowed in a page's front matter; {KEYS}" in messages
    assert any(m.startswith("content/page.md:7:") for m in messages)  # the broken record link, in the same run


# --- through `explainer check` and `mkdocs build --strict` -----------------------------------------


def _hostile_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    content = project / "content"
    write(content / "assets" / "javascripts" / "explainer-embed.js", "alert(1)")
    (content / "chart.svg").write_bytes(SVG)
    (content / "page.html").write_bytes(HTML)
    write(content / "bad\nname.md", "# x\n")
    write(content / "report.md", "---\ntitle: Fine\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n"
          + (content / "report.md").read_text())
    return project


HOSTILE_PROBLEMS = [
    "content/assets:1:1: the name 'assets' is reserved for the theme's scripts, styles and images; choose another name"
    " (a file here could replace the site's own)",
    f"content/bad\\nname.md:1:1: the name has a character that is not allowed, U+000A, at character 4; {NAME_HELP}",
    "content/chart.svg:1:1: SVG images can carry scripts and are not allowed; export the image as PNG or WebP",
    f"content/page.html:1:1: only {ALLOWED} are published from the pages folder; remove this file",
    f"content/report.md:3:1: 'template' is not allowed in a page's front matter; {KEYS}",
    f"content/report.md:4:1: 'location' is not allowed in a page's front matter; {KEYS}",
]


def test_check_reports_every_hostile_file(tmp_path: Path, capsys, monkeypatch):
    project = _hostile_project(tmp_path)
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == HOSTILE_PROBLEMS
    assert captured.err == "6 problems found.\n"


def test_the_build_refuses_every_hostile_file_and_writes_no_site(tmp_path: Path):
    project = _hostile_project(tmp_path)
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "\n".join(HOSTILE_PROBLEMS) + "\n6 problems found; nothing was built.\n" in result.stderr
    assert not (project / "site").exists() and not (project / ".site.staging").exists()


def test_the_build_refuses_a_linked_pages_folder_and_writes_no_site(tmp_path: Path):
    project = make_project(tmp_path / "project")
    (project / "content").rename(tmp_path / "elsewhere")
    (project / "content").symlink_to(tmp_path / "elsewhere")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert f"content:1:1: {LINKED_PAGES}\n1 problem found; nothing was built." in result.stderr
    assert not (project / "site").exists() and not (project / ".site.staging").exists()


def test_the_build_refuses_a_linked_data_folder_with_the_pages_problems(tmp_path: Path, capsys, monkeypatch):
    project = make_project(tmp_path / "project")
    (project / "site_data").rename(tmp_path / "data")
    (project / "site_data").symlink_to(tmp_path / "data")
    (project / "content" / "x.svg").write_bytes(SVG)
    expected = [
        "content/x.svg:1:1: SVG images can carry scripts and are not allowed; export the image as PNG or WebP",
        f"site_data:1:1: {LINKED_DATA}",
    ]
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "\n".join(expected) + "\n2 problems found; nothing was built." in result.stderr
    assert not (project / "site").exists()
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == expected


def test_every_key_material_reads_is_refused_by_the_build(tmp_path: Path):
    project = make_project(tmp_path / "project")
    keys = sorted(MATERIAL_READS - {"title", "description", "hide"})
    front = "".join(f"{key}: {PAYLOAD!r}\n" for key in keys)
    write(project / "content" / "report.md", f"---\n{front}---\n" + (project / "content" / "report.md").read_text())
    result = run_mkdocs(project)
    assert result.returncode == 1
    expected = [f"content/report.md:{line}:1: '{key}' is not allowed in a page's front matter; {KEYS}" for line, key in enumerate(keys, 2)]
    assert "\n".join(expected) + f"\n{len(keys)} problems found; nothing was built." in result.stderr
    assert not (project / "site").exists()


def test_allowed_front_matter_is_shown_as_text_wherever_material_prints_it(tmp_path: Path):
    project = make_project(tmp_path / "project")
    report = project / "content" / "report.md"
    body = report.read_text().replace("# A report on Riverton\n", "")  # no heading: Material prints the title as <h1>
    write(report, f"---\ntitle: {PAYLOAD!r}\ndescription: {PAYLOAD!r}\nhide: [toc]\n---\n{body}")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    page = (site / "report" / "index.html").read_text()
    assert f'<meta name="description" content="{ESCAPED}">' in page
    assert f"<title>{ESCAPED} - " in page
    assert f"<h1>{ESCAPED}</h1>" in page
    assert re.search(r'<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">\s*'
                     + re.escape(ESCAPED), page)  # fmt: skip
    home = (site / "index.html").read_text()  # the navigation of every page
    assert re.search(r'<span class="md-ellipsis">\s*' + re.escape(ESCAPED) + r"\s*</span>", home)
    for html in (page, home):
        assert "<img src=x" not in html and "<svg onload" not in html
    from explainer.search import indexed_pages

    indexed = {page.url: page for page in indexed_pages(site)}
    assert indexed["/report/"].title == PAYLOAD  # as text, which the search box shows as text


def test_a_script_in_front_matter_is_text_for_the_theme(mini: Path, tmp_path: Path):
    """The attack as it was: a <script> in a title. Front matter is data, not Markdown: the page's limits
    (explainer.pagelimits) do not read it, and the theme is given the title escaped."""
    content = tmp_path / "content"
    write(content / "page.md", "---\ntitle: <script>alert(1)</script>\n---\n# Page\n")
    _, found = scan_content(load_dataset(mini), content, tmp_path)
    assert found == []
    front = read_front_matter((content / "page.md").read_text(encoding="utf-8"), "content/page.md")
    assert front.theme_meta() == {"title": "&lt;script&gt;alert(1)&lt;/script&gt;"}


# --- the policy allows only the templates' inline scripts ------------------------------------------


@pytest.fixture(scope="module")
def theme_scripts() -> InlineScripts:
    return InlineScripts.from_templates([ROOT / "templates" / "overrides", MATERIAL, ROOT / "templates"])


MD_SCOPE = (
    '__md_scope=new URL("{}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
)


def test_the_themes_scripts_are_allowed_whatever_the_pages_depth(theme_scripts: InlineScripts):
    for base in (".", "..", "../../..", "/", "/project/"):
        assert theme_scripts.allows(MD_SCOPE.format(base)), base


@pytest.mark.parametrize(
    "value",
    ['");alert(1);("', "https://evil.example/", "//evil.example/", "javascript:alert(1)", '\\");alert(1)//', "..//evil", "</script>"],
)
def test_a_themes_script_with_another_value_is_not_allowed(theme_scripts: InlineScripts, value: str):
    assert not theme_scripts.allows(MD_SCOPE.format(value))


def test_a_script_from_a_page_is_not_hashed_and_stops_the_build(theme_scripts: InlineScripts):
    own = MD_SCOPE.format("..")
    html = f"<html><head><script>{own}</script></head><body><script>alert(1)</script><script type=\"application/json\">{{}}</script></body></html>"
    assert foreign_scripts(html, theme_scripts) == ["alert(1)"]
    assert len(inline_script_hashes(html, theme_scripts)) == 1 and len(inline_script_hashes(html)) == 2
    with pytest.raises(ForeignScriptError) as raised:
        with_policy(html, theme_scripts)
    assert str(raised.value) == (
        "the page holds 1 inline script that neither the theme nor the generator wrote, which its policy does not"
        " allow: 'alert(1)'; a page's text can only put one there through a bug in the sanitizer or a template: report it"
    )


def test_a_template_script_with_jinja_outside_a_string_is_never_allowed(tmp_path: Path):
    write(tmp_path / "a.html", "<script>var a={{ x }};</script>")
    write(tmp_path / "b.html", "<script>{% if x %}go(){% endif %}</script>")
    write(tmp_path / "c.html", "<script>var a=`{{ x }}`</script>")
    write(tmp_path / "d.html", '<script>var a="{{- x }}"</script>')
    write(tmp_path / "e.html", "<script>var a='{{ base_url }}'{# a comment #}</script>")
    scripts = InlineScripts.from_templates([tmp_path])
    assert scripts.exact == set()
    assert not scripts.allows("var a=alert(1);")
    assert scripts.allows("var a='../..'") and not scripts.allows("var a='';alert(1);''")


def test_a_build_with_a_script_from_a_page_fails_naming_the_page(tmp_path: Path, monkeypatch, caplog):
    """Only a bug could let a page's script through the sanitizer: simulate one."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    import explainer.plugin

    project = make_project(tmp_path / "project")
    # A sanitizer that lets a script through, or writes one.
    monkeypatch.setattr(explainer.plugin, "sanitize_page", lambda html: html + "<script>alert(1)</script>")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    assert (
        "content/report.md: the page holds 1 inline script that neither the theme nor the generator wrote, which its"
        " policy does not allow: 'alert(1)'; a page's text can only put one there through a bug in the sanitizer or a"
        " template: report it"
    ) in caplog.messages
    assert not (project / "site").exists() and not (project / ".site.staging").exists()


# --- the plugin also refuses any docs file at a theme file's path ----------------------------------


def test_the_plugin_refuses_a_docs_file_at_a_theme_files_path(tmp_path: Path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, get_files

    from explainer.plugin import shadowing_problems

    project = make_project(tmp_path / "project")
    write(project / "content" / "assets" / "javascripts" / "explainer-embed.js", "alert(1)")
    write(project / "content" / "assets" / "javascripts" / "bundle.F00.min.js", "alert(1)")
    write(project / "content" / "Assets" / "images" / "FAVICON.png", "")
    write(project / "content" / "404.html", "<script>alert(1)</script>")
    write(project / "content" / "charts" / "timeline.csv", "=1+1")
    write(project / "content" / "robots.txt", "Disallow: /")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    added = [File("charts/timeline.csv", None, config.site_dir, config.use_directory_urls)]  # as File.generated makes it
    assert [str(p) for p in shadowing_problems(files, added, config, project)] == [
        "content/404.html:1:1: this file would replace a page the theme writes (404.html); rename or remove it",
        "content/Assets/images/FAVICON.png:1:1: this file would replace one of the theme's files"
        " (Assets/images/FAVICON.png); rename or remove it",
        "content/assets/javascripts/explainer-embed.js:1:1: this file would replace one of the theme's files"
        " (assets/javascripts/explainer-embed.js); rename or remove it",
        "content/charts/timeline.csv:1:1: this file would collide with a file generated from the data"
        " (charts/timeline.csv); rename or remove it",
        "content/robots.txt:1:1: this file would replace one of the theme's files (robots.txt); rename or remove it",
    ]
