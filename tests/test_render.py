"""Rendering: URLs, the context each template receives, snapshots of generated pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, TOPICS
from explainer import contexts
from explainer.errors import TemplateError
from explainer.generate import generate_site
from explainer.markup import EditorMarkdown
from explainer.mkdocs_adapter import generated_markdown
from explainer.render import Renderer
from explainer.urls import page_url, relative_url

TEMPLATES = ROOT / "templates"


@pytest.mark.parametrize(
    ("src", "directory", "flat"),
    [
        ("index.md", "", "index.html"),
        ("timeline.md", "timeline/", "timeline.html"),
        ("places/index.md", "places/", "places/index.html"),
        ("events/a.md", "events/a/", "events/a.html"),
    ],
)
def test_page_urls(src, directory, flat):
    assert page_url(src, True) == directory
    assert page_url(src, False) == flat


@pytest.mark.parametrize(
    ("here", "there", "expected"),
    [
        ("", "timeline/", "timeline/"),
        ("events/a/", "actors/b/", "../../actors/b/"),
        ("events/a/", "", "../../"),
        ("places/", "places/x/", "x/"),
        ("timeline/", "timeline/", "./"),
        ("events/a.html", "actors/b.html", "../actors/b.html"),
        ("index.html", "events/a.html", "events/a.html"),
    ],
)
def test_relative_urls(here, there, expected):
    assert relative_url(here, there) == expected


def test_every_template_gets_its_documented_context(mini: Path):
    renderer = Renderer(TEMPLATES)
    received: dict[str, set[type]] = {}
    renderer.on_render = lambda template, context: received.setdefault(template, set()).add(type(context))
    generate_site(mini, TEMPLATES, content_dir=ROOT / 'tests' / 'fixtures' / 'mini-content', renderer=renderer)
    assert received == {template: {context} for template, context in contexts.TEMPLATES.items()}
    on_disk = {
        path.name for folder in ("pages", "embeds") for path in (TEMPLATES / folder).glob("*.j2") if not path.name.startswith("_")
    }
    assert on_disk == set(contexts.TEMPLATES), "templates/pages/ and contexts.TEMPLATES have drifted apart"


def test_contexts_are_documented():
    for template, context in contexts.TEMPLATES.items():
        assert context.__doc__ and template in context.__doc__, f"{context.__name__} must say which template it serves"


@pytest.mark.parametrize("page", ["timeline/2020.md", "places/hillcrest.md", "who-is-who.md"])
def test_generated_page_snapshot(mini: Path, snapshot, page: str):
    pages = {p.src: generated_markdown(p) for p in generate_site(mini, TEMPLATES).pages}
    snapshot("mini-" + page.replace("/", "--"), pages[page])


def test_pages_are_generated_in_a_stable_order(mini: Path):
    first = [(p.src, generated_markdown(p)) for p in generate_site(mini, TEMPLATES).pages]
    second = [(p.src, generated_markdown(p)) for p in generate_site(mini, TEMPLATES).pages]
    assert first == second
    assert [src for src, _ in first][:2] == ["index.md", "timeline.md"]


def test_a_broken_template_reports_its_file_and_line(tmp_path: Path, mini: Path):
    import shutil

    shutil.copytree(TEMPLATES, tmp_path / "templates")
    page = tmp_path / "templates" / "pages" / "disputes.html.j2"
    page.write_text(page.read_text() + "\n{{ ctx.no_such_field }}\n")
    with pytest.raises(TemplateError) as caught:
        generate_site(mini, tmp_path / "templates")
    message = str(caught.value)
    assert message.startswith(f"{page}:")
    assert message.endswith("error in template: UndefinedError: 'explainer.contexts.DisputesContext object' has no attribute 'no_such_field'")


def test_editors_markdown_is_sanitized_and_links_resolve():
    markdown = EditorMarkdown()
    html = markdown.render(
        "See [Riverton](place:riverton) <script>alert(1)</script> [x](javascript:alert(1))"
        ' <img src=x onerror=alert(1)> <a href="https://e.org" onclick="alert(1)" style="color:red">e</a>',
        lambda scheme, record_id: f"../../{scheme}s/{record_id}/",
    )
    assert str(html) == (
        '<p>See <a class="ex-ref ex-ref-place" href="../../places/riverton/">Riverton</a>  <a>x</a>  '
        '<a href="https://e.org">e</a></p>'
    )


def test_generated_pages_are_html_with_their_title_and_headings(mini: Path):
    pages = {p.src: p for p in generate_site(mini, TEMPLATES).pages}
    place = pages["places/riverton.md"]
    assert place.title == "Riverton"
    assert [(e.level, e.id, e.name) for e in place.toc] == [
        (2, "control", "Who held it"),
        (2, "map", "On the map"),
        (2, "zones", "Zones"),
        (2, "events", "Events"),
        (2, "sources", "What the sources say"),
    ]
    assert {"control", "map", "zones", "events", "sources", "chart-control-place-riverton", "map-place-riverton"} <= place.anchors
    year = pages["timeline/2020.md"]
    assert [(e.id, [c.id for c in e.children]) for e in year.toc] == [
        ("2020-03", ["guard-takes-riverton", "front-retakes-hillcrest"])
    ]
    # As Markdown for another engine: front matter with the title and the place's names, then the HTML.
    assert generated_markdown(place).startswith('---\ntitle: "Riverton"\ntags: ["Riverton", "Rivertown"]\n---\n\n<h1>Riverton</h1>')


def test_a_title_with_markup_stays_text(mini: Path):
    path = mini / "places" / "riverton.yaml"
    path.write_text(path.read_text().replace("name: Riverton\n", 'name: "<script>x</script> & co"\n', 1))
    page = {p.src: p for p in generate_site(mini, TEMPLATES).pages}["places/riverton.md"]
    assert page.title == "&lt;script&gt;x&lt;/script&gt; &amp; co"
    # Material's search shows tags as HTML: they are escaped as the title is (quotes kept, for search).
    assert generated_markdown(page).startswith('---\ntitle: "&lt;script&gt;x&lt;/script&gt; &amp; co"\ntags: ["&lt;script&gt;x&lt;/script&gt; &amp; co", "Rivertown", "Riverton"]\n---\n')


def test_no_generated_page_links_to_itself():
    """A link to the page the reader is on only takes them back to its top: a source's page cites itself under
    each of its quotes, a place's page names itself in its data tables, an actor's page under the words it is
    quoted with, a place's map its own mark. There each is its name or its mark, unlinked."""
    data_dir, content_dir = TOPICS["syria"]
    output = generate_site(data_dir, TEMPLATES, content_dir=content_dir)
    linking_to_itself = []
    for page in output.pages:
        if 'href="./"' in page.html or 'href=""' in page.html:  # (an SVG's xlink:href too)
            linking_to_itself.append(page.src)
    assert linking_to_itself == []
    source = next(page for page in output.pages if page.src.startswith("sources/") and "ex-cite" in page.html)
    names = re.findall(r'<p class="ex-cite" data-search-exclude>—&nbsp;([^<]+)</p>', source.html)
    # (after the name, a claim's note: "(headline)")
    assert len(names) >= 2 and len({name.split(" (")[0] for name in names}) == 1, "each quote is credited by name"
    # A place's map still draws the place itself, its mark unlinked; the other places' marks (where a map shows
    # others) are links.
    mapped = [page for page in output.pages if page.src.startswith("places/") and "ex-map-figure" in page.html]
    for page in mapped:
        place = page.src.removeprefix("places/").removesuffix(".md")
        assert re.search(rf'<g class="ex-map-place [^"]*" data-feature="{place}"><title>', page.html), page.src
    assert mapped and any('<a class="ex-map-place ' in page.html for page in mapped)
