"""Templates read only their context: documented context classes, the helpers they may call, and the title and
headings each context declares (the table of contents is made from them, never read back from the HTML)."""

from __future__ import annotations

import ast
import dataclasses
import html
import inspect
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import nodes

from conftest import FIXTURES, ROOT
from explainer import contexts
from explainer.errors import TemplateError
from explainer.generate import generate_site
from explainer.render import Helpers, Renderer

TEMPLATES = ROOT / "templates"

#: What a template may read of ``h`` (``ctx.h``): links, dates, names, editors' Markdown. Not the dataset, not
#: its index: what a page shows is in its context.
ALLOWED_HELPERS = {
    "chart_credit",
    "date",
    "date_span",
    "dated",
    "dated_value",
    "download",
    "embed",
    "figure_json",
    "gap_words",
    "file",
    "has_page",
    "link",
    "link_to",
    "links",
    "map_json",
    "md",
    "md_inline",
    "page",
    "publisher",
    "source_label",
    "title",
    "to",
    "url",
}


def _template_files() -> list[Path]:
    return sorted(path for folder in ("pages", "embeds") for path in (TEMPLATES / folder).glob("*.j2"))


def _helpers_read(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, attribute) for every attribute or item of ``h`` (a name bound to ``ctx.h``, or a macro's ``h``) and
    of ``ctx.h`` that a template reads."""

    def is_h(node: nodes.Node) -> bool:
        return (isinstance(node, nodes.Name) and node.name == "h") or (
            isinstance(node, nodes.Getattr) and node.attr == "h" and isinstance(node.node, nodes.Name) and node.node.name == "ctx"
        )

    found = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not is_h(node.node):
            continue
        if isinstance(node, nodes.Getattr):
            found.append((node.lineno, node.attr))
        else:
            key = node.arg.value if isinstance(node.arg, nodes.Const) else "<computed>"
            found.append((node.lineno, str(key)))
    return found


def test_templates_read_of_h_only_the_helpers_methods():
    env = Renderer(TEMPLATES).env
    outside = []
    for path in _template_files():
        tree = env.parse(path.read_text(encoding="utf-8"), path.name)
        outside += [f"{path.name}:{line}: h.{attr}" for line, attr in _helpers_read(tree) if attr not in ALLOWED_HELPERS]
        # ctx.h reaches a template only as `h`: under another name the check above would not see it.
        for assign in tree.find_all(nodes.Assign):
            value = assign.node
            if isinstance(value, nodes.Getattr) and value.attr == "h" and isinstance(assign.target, nodes.Name):
                assert assign.target.name == "h", f"{path.name}:{assign.lineno}: ctx.h is bound to '{assign.target.name}'"
    assert outside == [], "templates read what their context should give them:\n" + "\n".join(outside)


def test_the_check_finds_a_template_that_reads_the_dataset():
    env = Renderer(TEMPLATES).env
    source = "{% set h = ctx.h %}{{ h.to('x.md') }} {{ h._data.sources['a'].publisher }} {{ ctx.h.index }} {{ h['layout'] }}"
    assert [attr for _, attr in _helpers_read(env.parse(source)) if attr not in ALLOWED_HELPERS] == ["_data", "index", "layout"]


def test_the_helpers_keep_the_dataset_and_its_index_to_themselves():
    public = {name for name, _ in inspect.getmembers(Helpers) if not name.startswith("_")}
    assert public == ALLOWED_HELPERS
    for name in sorted(public):
        assert getattr(Helpers, name).__doc__, f"Helpers.{name} is part of the templates' interface: document it"


def test_rendering_every_template_reads_of_h_only_the_helpers_methods(mini: Path, monkeypatch: pytest.MonkeyPatch):
    # The same, as the templates run: every attribute of h that a template's code reads while the fixture
    # topic (and its hand-written pages' chart blocks) is rendered.
    read: set[str] = set()
    original = Helpers.__getattribute__

    def recorded(self: Helpers, name: str) -> Any:
        # A template reads an attribute through Jinja's Environment.getattr (or getitem), called from its code.
        caller, template = sys._getframe(1).f_code.co_filename, sys._getframe(2).f_code.co_filename
        if caller.endswith(".j2") or (caller == jinja2.environment.__file__ and template.endswith(".j2")):
            read.add(name)
        return original(self, name)

    monkeypatch.setattr(Helpers, "__getattribute__", recorded)
    renderer = Renderer(TEMPLATES)
    rendered: set[str] = set()
    renderer.on_render = lambda template, context: rendered.add(template)
    generate_site(mini, TEMPLATES, content_dir=FIXTURES / "mini-content", renderer=renderer)
    assert rendered == set(contexts.TEMPLATES)
    assert read, "no template read anything of h: the check saw nothing"
    assert read <= ALLOWED_HELPERS, f"templates read {sorted(read - ALLOWED_HELPERS)} of h"
    assert "data" not in read and "_data" not in read and "index" not in read


# --- every context class is documented -------------------------------------------------------------------


def _dataclasses_of(module: Any) -> list[ast.ClassDef]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(
            (isinstance(d, ast.Call) and getattr(d.func, "id", "") == "dataclass") or getattr(d, "id", "") == "dataclass"
            for d in node.decorator_list
        )
    ]


def test_every_context_class_and_each_of_its_fields_is_documented():
    undocumented = []
    classes = _dataclasses_of(contexts)
    assert {node.name for node in classes} >= {context.__name__ for context in contexts.TEMPLATES.values()}
    for node in classes:
        if not ast.get_docstring(node):
            undocumented.append(node.name)
        body = node.body
        for position, statement in enumerate(body):
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                following = body[position + 1] if position + 1 < len(body) else None
                documented = (
                    isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) and isinstance(following.value.value, str)
                )
                if not documented:
                    undocumented.append(f"{node.name}.{statement.target.id}")
    assert undocumented == [], "document each context class and field (a docstring under it):\n" + "\n".join(undocumented)


def test_every_context_class_says_which_template_it_serves_and_declares_a_title():
    for template, context in contexts.TEMPLATES.items():
        assert context.__doc__ and template in context.__doc__
        assert "title" in {field.name for field in dataclasses.fields(context)}


# --- the title and headings come from the context ----------------------------------------------------------

_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
_HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)<a class="headerlink"', re.S)


@pytest.mark.parametrize("topic", ["mini", "bridge"])
def test_each_page_shows_the_title_and_exactly_the_headings_its_context_declares(topic: str):
    data = FIXTURES / "mini" if topic == "mini" else FIXTURES / "bridge" / "site_data"
    pages = generate_site(data, TEMPLATES).pages
    assert len(pages) > 20
    for page in pages:
        h1 = _H1.findall(page.html)
        assert h1 == [page.title], page.src
        shown = [(int(level), anchor, text.strip()) for level, anchor, text in _HEADING.findall(page.html)]
        declared = [(heading.level, heading.id, html.escape(heading.text, quote=True)) for heading in page.headings]
        assert shown == declared, page.src


def test_the_table_of_contents_nests_the_declared_headings(mini: Path):
    pages = {page.src: page for page in generate_site(mini, TEMPLATES).pages}
    who = pages["who-is-who.md"]
    assert [(entry.level, entry.id, [child.id for child in entry.children]) for entry in who.toc] == [
        (2, "camp-guard", ["ana-ruiz", "northern-guard"]),
        (2, "camp-front", ["coastal-league", "valley-front"]),
    ]
    year = pages["timeline/2020.md"]
    assert [(entry.level, entry.id, [child.id for child in entry.children]) for entry in year.toc] == [
        (2, "2020-03", ["guard-takes-riverton", "front-retakes-hillcrest"])
    ]


def _templates_copy(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path / "templates"


def test_a_declared_heading_the_template_leaves_out_is_an_error(tmp_path: Path, mini: Path):
    templates = _templates_copy(tmp_path)
    place = templates / "pages" / "place.html.j2"
    place.write_text(place.read_text().replace('{{ m.heading(ctx.sections["control"]) }}\n', ""))
    with pytest.raises(TemplateError) as caught:
        generate_site(mini, templates)
    assert str(caught.value) == (
        "places/hillcrest.md: the context declares the heading 'control', which the template does not render;"
        " render each with m.heading(ctx.sections[id])"
    )


def test_a_heading_the_context_does_not_declare_is_an_error(tmp_path: Path, mini: Path):
    templates = _templates_copy(tmp_path)
    disputes = templates / "pages" / "disputes.html.j2"
    disputes.write_text(disputes.read_text() + '\n{{ m.heading(ctx.sections["notes"]) }}\n')
    with pytest.raises(TemplateError) as caught:
        generate_site(mini, templates)
    assert str(caught.value).startswith(f"{disputes}:")
    assert str(caught.value).endswith(
        "error in template: TemplateError: the page's context declares no heading 'notes' (it declares"
        " 'riverton-size'); declare it in the context's _headings"
    )


# --- the engines' adapters get the declared headings ------------------------------------------------------------


def test_mkdocs_gets_the_declared_headings_as_its_toc_tokens(mini: Path):
    from explainer.mkdocs_adapter import toc_tokens

    place = {page.src: page for page in generate_site(mini, TEMPLATES).pages}["places/riverton.md"]
    assert toc_tokens(place.toc)[:2] == [
        {"level": 2, "id": "control", "name": "Who held it", "children": []},
        {"level": 2, "id": "map", "name": "On the map", "children": []},
    ]


@pytest.mark.parametrize("topic", ["mini", "bridge"])
def test_zensical_gets_the_declared_headings_as_its_toc_would_read_them(topic: str):
    import markdown

    from explainer.zensical_adapter import headings_comment, zensical_toc
    from explainer.zensical_pages import headings

    data = FIXTURES / "mini" if topic == "mini" else FIXTURES / "bridge" / "site_data"
    for page in generate_site(data, TEMPLATES).pages:
        assert zensical_toc(page.toc) == headings(page.html), page.src
        md = markdown.Markdown(extensions=["toc", "explainer.zensical_pages"])
        # The first line gives the headings and is taken out: Zensical gets the page as it is (Python-Markdown
        # strips the blank lines around any page).
        assert md.convert(headings_comment(page.toc) + page.html) == page.html.strip("\n")
        assert md.toc_tokens == zensical_toc(page.toc)  # type: ignore[attr-defined]
