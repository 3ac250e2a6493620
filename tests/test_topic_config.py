"""What mkdocs.yml used to hard-code comes from the topic's site.yaml: name, description, language, navigation."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import yaml

from conftest import FIXTURES, ROOT, run_mkdocs, write
from explainer.plugin import theme_language
from explainer.schema import SCHEMA_KINDS

MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"


def test_mkdocs_yml_names_no_topic():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == "(the title of site_data/site.yaml)"
    assert "site_description" not in config and "nav" not in config


def test_the_theme_speaks_the_topics_language_or_its_primary_one():
    assert theme_language([MATERIAL_TEMPLATES], "fr") == "fr"
    assert theme_language([MATERIAL_TEMPLATES], "pt-BR") == "pt-BR"
    assert theme_language([MATERIAL_TEMPLATES], "fr-CA") == "fr"
    assert theme_language([MATERIAL_TEMPLATES], "xx") == "en"


def test_the_sites_name_description_and_sections_are_data_and_escaped(project: Path):
    """They were mkdocs.yml's (code), which Material prints as it is: from site.yaml, they are escaped."""
    site = project / "site_data" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    text = text.replace("title: The Valley, explained", "title: 'The Valley <script>alert(1)</script>'")
    text = text.replace(
        "description: A small fixture topic for the generator's tests.",
        "description: 'Valley \"><script>alert(2)</script>'",
    )
    text = text.replace("pages:\n  - report.md\n", "pages:\n  - section: '<img src=x onerror=alert(3)>'\n    pages: [report.md]\n")
    write(site, text)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr  # an inline script would fail the page's policy
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>The Valley &lt;script&gt;alert(1)&lt;/script&gt;</title>" in home
    assert '<meta name="description" content="Valley &#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">' in home
    assert "<script>alert" not in home and "<img src=x" not in home
    sections = re.findall(r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', home)
    assert [htmllib.unescape(section) for section in sections] == ["<img src=x onerror=alert(3)>"]


def test_the_schemas_and_the_skeletons_offer_the_topics_own_kinds(tmp_path: Path):
    from explainer.scaffold import scaffold
    from explainer.schema import json_schema, stale_schemas, topic_vocabulary

    bridge = FIXTURES / "bridge" / "site_data"
    assert stale_schemas(bridge) == []  # its committed schemas list its kinds
    vocabulary = topic_vocabulary(bridge)
    actor = json_schema(SCHEMA_KINDS["actor"], vocabulary)
    assert actor["properties"]["kind"]["enum"] == ["council", "company", "court", "person", "residents"]
    assert actor["$defs"]["Relation"]["properties"]["kind"]["enum"] == ["hires", "sues"]
    data = tmp_path / "site_data"
    shutil.copytree(bridge, data)
    (path,) = scaffold("actor", "Harbour board", data, ROOT / "templates")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 'kind: "FILL IN: council, company, court, person or residents"' in lines
    assert not [line for line in lines if line.startswith("camp:")]  # the topic has no camps
    assert "#   - kind: hires   # hires or sues" in lines
