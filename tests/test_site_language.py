"""The site's own words go through one seam: a topic in another language shows none of the English ones.

The fixture topic is built with a test-only catalogue for Arabic (a right-to-left language with six plural forms)
that writes every message as ⟦the English message⟧: whatever English is left on the pages, once those brackets
and the topic's own data are taken out, was written around the catalogue.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import FIXTURES, ROOT
from explainer import i18n
from explainer.generate import generate_site
from explainer.markup import EditorMarkdown

TEMPLATES = ROOT / "templates"
OPEN, CLOSE = "⟦", "⟧"


def _bracketed(message: str) -> str:
    return f"{OPEN}{message}{CLOSE}"


@pytest.fixture
def pseudo_arabic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The site's catalogues, and one for Arabic that brackets each English message, in place of the package's."""
    locale_dir = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale_dir)
    with (i18n.LOCALE_DIR / "explainer.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale="ar", domain="explainer")
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            forms = tuple(_bracketed(singular if form == 1 else plural) for form in range(catalog.num_plurals))
            catalog.add(message.id, forms)
        else:
            catalog.add(message.id, _bracketed(message.id))
    folder = locale_dir / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "explainer.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale_dir)
    i18n.words.cache_clear()
    yield locale_dir
    i18n.words.cache_clear()


#: The fixture topic's own words in Arabic: its pages' titles and the names of its kinds are the topic's (site.yaml),
#: not the site's catalogue.
ARABIC_TOPIC_WORDS = {
    "language": "ar",
    "titles": {
        "timeline": "الخط الزمني",
        "categories": "الفئات",
        "who_is_who": "من هو من",
        "places": "الأماكن",
        "zones": "الاتفاقات والمناطق",
        "agreements": "الاتفاقات",
        "control": "من سيطر على ماذا",
        "map": "خريطة السيطرة",
        "sources": "المصادر",
        "disputes": "الروايات المتنازع عليها",
    },
    "vocabulary": {
        "actor_kinds": [{"id": "state", "label": "دولة"}, {"id": "armed group", "label": "جماعة مسلحة"}, {"id": "person", "label": "شخص"}],
        "place_kinds": [
            {"id": "province", "label": "محافظة", "heading": "محافظات"},
            {"id": "town", "label": "بلدة", "heading": "بلدات"},
            {"id": "village", "label": "قرية", "heading": "قرى"},
        ],
        "agreement_kinds": [{"id": "memorandum", "label": "مذكرة"}],
        "relation_kinds": [
            {"id": "part of", "forward": "جزء من", "backward": "يضم"},
            {"id": "supports", "forward": "يدعم", "backward": "مدعوم من"},
            {"id": "fights", "forward": "يقاتل", "backward": "يقاتله"},
        ],
    },
}


def _arabic_topic(tmp_path: Path) -> Path:
    """The fixture topic, its language Arabic, with its own titles and kinds' names in Arabic."""
    data = tmp_path / "site_data"
    shutil.copytree(FIXTURES / "mini", data)
    site = data / "site.yaml"
    settings = yaml.safe_load(site.read_text(encoding="utf-8")) | ARABIC_TOPIC_WORDS
    site.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _data_texts(data: Path, content: Path) -> list[str]:
    """Every text of the topic's records and hand-written pages as a page may show it (editors' Markdown as its
    rendered text), longest first."""
    markdown = EditorMarkdown()
    found: set[str] = set()
    for path in sorted(data.rglob("*.yaml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.add(text.strip())
            rendered = markdown.render(text, lambda scheme, record_id: "#")
            found.add(_visible(str(rendered)))
    for path in sorted(content.rglob("*.md")):
        found.update(line.strip("# ").strip() for line in path.read_text(encoding="utf-8").splitlines())
    return sorted((text for text in found if text), key=len, reverse=True)


def _visible(page: str) -> str:
    """What a reader reads (and a screen reader, and a pointer's tooltip): no data for scripts, no markup, not the
    code of an embed (a textarea's HTML for a publisher's page)."""
    page = re.sub(r"<(template|script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page)).strip()


def _without_catalogue_words(text: str) -> str:
    while True:  # innermost first: a message may hold another ("⟦from ⟦4 May 2020⟧,⟧")
        shorter = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if shorter == text:
            return text
        text = shorter


#: Words that are no language's: file formats.
NOT_WORDS = {"CSV", "JSON", "PNG", "SVG"}


def test_no_english_site_word_is_left_on_a_page_in_another_language(tmp_path: Path, pseudo_arabic: Path):
    data = _arabic_topic(tmp_path)
    content = FIXTURES / "mini-content"
    output = generate_site(data, TEMPLATES, content_dir=content)
    texts = _data_texts(data, content)
    left: dict[str, set[str]] = {}
    shown = [(page.src, page.html) for page in output.pages] + [
        (file.path, file.content) for file in output.files if file.path.endswith(".html")
    ]
    assert any(OPEN in page for _, page in shown)
    for src, page in shown:
        text = _without_catalogue_words(_visible(page))
        for data_text in texts:
            text = re.sub(rf"(?<!\w){re.escape(data_text)}(?!\w)", " ", text)
        words = {word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in NOT_WORDS}
        if words:
            left[src] = words
    assert left == {}, "English written around the catalogue:\n" + "\n".join(f"{src}: {sorted(words)}" for src, words in sorted(left.items()))


def test_the_pages_say_their_language_and_direction(tmp_path: Path, pseudo_arabic: Path):
    data = _arabic_topic(tmp_path)
    output = generate_site(data, TEMPLATES)
    embeds = [file for file in output.files if file.path.startswith("embed/")]
    redirects = [file for file in output.files if file.path.startswith("events/")]
    assert embeds and redirects
    for file in embeds + redirects:
        assert '<html lang="ar" dir="rtl">' in file.content, file.path
    # The dates are the language's: Babel's month names, the catalogue's forms.
    timeline = {page.src: page for page in output.pages}["timeline/2020.md"]
    assert "⟦%(month)s %(year)s⟧" not in timeline.html
    assert "⟦مارس 2020⟧" in timeline.html


def test_the_engines_are_told_the_language_and_direction(tmp_path: Path, pseudo_arabic: Path):
    from explainer.zensical_adapter import load_mkdocs_config, zensical_config

    data = _arabic_topic(tmp_path)
    output = generate_site(data, TEMPLATES)
    given = zensical_config(load_mkdocs_config(ROOT / "mkdocs.yml"), ROOT, output, True)
    assert (given["theme"]["language"], given["theme"]["direction"]) == ("ar", "rtl")
    assert given["extra"]["explainer_search"]["more"] == "⟦More results⟧"


def test_the_mkdocs_theme_is_told_the_language_and_direction(tmp_path: Path, pseudo_arabic: Path):
    from mkdocs.config import load_config

    from explainer.plugin import ExplainerPlugin

    data = _arabic_topic(tmp_path)
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = ExplainerPlugin()
    plugin.output = generate_site(data, TEMPLATES)
    plugin._apply_topic(config)
    assert (config.theme["language"], config.theme["direction"]) == ("ar", "rtl")
    assert config.extra["explainer_search"] == {
        "none": "⟦No page mentions “#”.⟧",
        "some": "⟦No page mentions all of “#”. These pages mention some of its words:⟧",
        "failed": "⟦The search could not be loaded. Reload the page to try again.⟧",
        "more": "⟦More results⟧",
    }


def test_english_is_the_source_language_and_left_to_right(mini: Path):
    output = generate_site(mini, TEMPLATES)
    embed = next(file for file in output.files if file.path.startswith("embed/"))
    assert '<html lang="en" dir="ltr">' in embed.content
