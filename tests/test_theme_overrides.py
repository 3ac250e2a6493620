"""Drift: the theme partials this project overrides are still Material's own, but for the change each makes."""

from __future__ import annotations

import re
from pathlib import Path

import material

from conftest import ROOT, TopicBuilds

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "templates" / "overrides"


def _without_comment(text: str) -> str:
    return re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S)


#: Material's search button and box in its header, which the site's own replace (Pagefind's index).
MATERIALS_SEARCH = """    {% if "material/search" in config.plugins %}
      {% set search = config.plugins["material/search"] | attr("config") %}
      {% if search.enabled %}
        <label class="md-header__button md-icon" for="__search">
          {% set icon = config.theme.icon.search or "material/magnify" %}
          {% include ".icons/" ~ icon ~ ".svg" %}
        </label>
        {% include "partials/search.html" %}
      {% endif %}
    {% endif %}
"""


def test_the_header_is_materials_with_the_sites_own_search():
    ours = _without_comment((OVERRIDES / "partials" / "header.html").read_text(encoding="utf-8"))
    theirs = _without_comment((MATERIAL / "partials" / "header.html").read_text(encoding="utf-8"))
    assert MATERIALS_SEARCH in theirs, "Material's header changed: copy it again into templates/overrides/partials/"
    assert ours == theirs.replace(MATERIALS_SEARCH, '    {% include "partials/explainer-search.html" %}\n'), (
        "Material's partials/header.html changed: copy it again into templates/overrides/partials/ and include"
        " partials/explainer-search.html in place of its search"
    )
    assert not (OVERRIDES / "partials" / "search.html").exists(), "Material's search partial is no longer used"


def _block(text: str, name: str) -> str:
    """The ``{% block name %}…{% endblock %}`` of a template (blocks nested in it included), each line unindented."""
    start = text.index("{% block " + name + " %}")
    depth, position = 0, start
    for match in re.finditer(r"\{% (block \w+|endblock) %\}", text[start:]):
        depth += 1 if match.group(1).startswith("block") else -1
        if depth == 0:
            position = start + match.end()
            break
    return "\n".join(line.strip() for line in text[start:position].splitlines())


def test_the_content_container_is_materials_marked_for_the_search_index():
    ours = _block((OVERRIDES / "main.html").read_text(encoding="utf-8"), "container")
    theirs = _block((MATERIAL / "base.html").read_text(encoding="utf-8"), "container")
    marked = '<article class="md-content__inner md-typeset"{% if page and page.content is defined %} data-pagefind-body{% endif %}>'
    assert marked in ours
    assert ours.replace(marked, '<article class="md-content__inner md-typeset">') == theirs, (
        "Material's container block changed: copy it again into templates/overrides/main.html and mark the article"
    )


def test_the_built_pages_have_the_search_box_and_only_pages_are_indexed(topic_builds: TopicBuilds):
    site = topic_builds("mini").site  # built once a session, shared
    home = (site / "index.html").read_text()
    assert '<div class="md-search ex-search" role="dialog" aria-label="Search" data-ex-search' in home
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in home
    assert 'name="search"' not in home  # Material's script would fetch its own index for a form of that name
    assert "data-pagefind-body" not in (site / "404.html").read_text()
    assert "data-pagefind-body" not in (site / "embed" / "timeline" / "index.html").read_text()
