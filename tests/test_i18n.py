"""One mechanism for the site's own words: gettext catalogues (Babel), Jinja's i18n extension, plurals, numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from conftest import ROOT
from explainer import i18n
from explainer.cli import main
from explainer.errors import DataError
from explainer.generate import generate_site
from explainer.loader import load_dataset
from explainer.render import Renderer

PACKAGE = ROOT / "scripts" / "explainer"
TEMPLATES = ROOT / "templates"


# --- the catalogues ----------------------------------------------------------------------------------------


def test_the_catalogues_are_current_with_the_code():
    # Every message of the modules and templates is in explainer.pot and in every catalogue, and each .mo is
    # its .po compiled: `python -m explainer.i18n update` leaves nothing to write.
    assert i18n.stale_files() == [], "the catalogues lag the code: run python -m explainer.i18n update"
    assert i18n.main(["check"]) == 0


def test_each_compiled_catalogue_is_its_po_file():
    languages = i18n.catalogue_languages()
    assert "en" in languages
    for language in languages:
        po = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "explainer.po"
        mo = po.with_suffix(".mo")
        assert i18n.same_catalogue(mo, i18n.compiled(po)), f"{mo} is not {po} compiled"


def test_english_translates_every_message_as_itself():
    catalog = i18n.extract()
    words = i18n.words("en")
    ids = [message.id for message in catalog if message.id]
    assert len(ids) > 50
    for message_id in ids:
        if isinstance(message_id, tuple):
            singular, plural = message_id
            assert words.translations.ngettext(singular, plural, 1) == singular
            assert words.translations.ngettext(singular, plural, 2) == plural
        else:
            assert words.translations.gettext(message_id) == message_id


def test_every_count_phrase_is_extracted_from_modules_and_templates():
    ids = {message.id for message in i18n.extract() if message.id}
    for expected in [
        ("%(num)s problem found; nothing was built.", "%(num)s problems found; nothing was built."),  # errors.py
        ("%(num)s event", "%(num)s events"),  # charts/, cli.py, templates
        ("City", "Cities"),  # contexts.py, marked with nplural()
        ("Data table: %(num)s row", "Data table: %(num)s rows"),  # _chart.j2
        ("%(num)s point on which the sources disagree.", "%(num)s points on which the sources disagree."),  # home
        "%(speaker)s, quoted by %(source)s",  # _macros.j2
    ]:
        assert expected in ids


# --- plurals and numbers -----------------------------------------------------------------------------------


def test_english_plurals_and_numbers():
    words = i18n.words("en")
    assert [words.ngettext("%(num)s quote", "%(num)s quotes", n) for n in (0, 1, 2, 1234)] == [
        "0 quotes",
        "1 quote",
        "2 quotes",
        "1,234 quotes",
    ]
    assert words.ngettext("%(name)s: %(num)s event", "%(name)s: %(num)s events", 3, name="Ana") == "Ana: 3 events"
    assert words.gettext("OK: %(counts)s.", counts="4 events") == "OK: 4 events."
    assert words.number(1234567) == "1,234,567"
    assert words.direction == "ltr"


def _catalogue(tmp_path: Path, language: str, forms: tuple[str, ...]) -> Path:
    catalog = Catalog(locale=language, domain="explainer")
    catalog.add(("%(num)s quote", "%(num)s quotes"), forms)
    folder = tmp_path / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "explainer.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return tmp_path


def test_another_languages_plural_rule_and_number_format_come_from_its_catalogue(tmp_path: Path):
    # Polish has three forms: 1 cytat, 2–4 cytaty (but not 12–14), 5 cytatów; it groups thousands with a space.
    locale_dir = _catalogue(tmp_path, "pl", ("%(num)s cytat", "%(num)s cytaty", "%(num)s cytatów"))
    words = i18n.words("pl", locale_dir)
    assert [words.ngettext("%(num)s quote", "%(num)s quotes", n) for n in (1, 2, 5, 12, 22, 1234)] == [
        "1 cytat",
        "2 cytaty",
        "5 cytatów",
        "12 cytatów",
        "22 cytaty",
        "1\xa0234 cytaty",
    ]


def test_a_right_to_left_language_says_so(tmp_path: Path):
    forms = tuple(f"{n}:%(num)s" for n in range(6))  # Arabic has six forms
    words = i18n.words("ar", _catalogue(tmp_path, "ar", forms))
    assert words.direction == "rtl"
    # Zero, one, two and a few each have their own form (the plural rule is Babel's, from CLDR).
    assert [words.ngettext("%(num)s quote", "%(num)s quotes", n) for n in (0, 1, 2, 3)] == ["0:0", "1:1", "2:2", "3:3"]


def test_a_language_without_a_catalogue_is_an_error(tmp_path: Path):
    with pytest.raises(ValueError) as caught:
        i18n.words("fr", tmp_path)
    assert str(caught.value) == "the site's own words have no catalogue for the language 'fr' (there are: )"


def test_the_sites_language_needs_a_catalogue(mini: Path):
    site = mini / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(mini, display_root=mini.parent)
    assert [str(problem) for problem in caught.value.problems] == [
        "site_data/site.yaml:12:11: the site's own words have no catalogue for the language 'fr' (there are: en);"
        " use one of them, or start one with python -m explainer.i18n update --add fr and translate it"
    ]


# --- templates ---------------------------------------------------------------------------------------------


def test_templates_get_newstyle_gettext_with_numbers_formatted():
    renderer = Renderer(TEMPLATES)
    assert "jinja2.ext.InternationalizationExtension" in renderer.env.extensions
    template = renderer.env.from_string(
        '{{ ngettext("%(num)s quote", "%(num)s quotes", n) }} | {{ gettext("%(name)s said", name=name) }}'
        " | {{ n|number }} | {{ language }} {{ direction }}"
    )
    # Values are escaped (autoescape), the catalogue's text is not.
    assert template.render(n=1234, name="<b>Ana</b>") == "1,234 quotes | &lt;b&gt;Ana&lt;/b&gt; said | 1,234 | en ltr"
    assert template.render(n=1, name="Ana") == "1 quote | Ana said | 1 | en ltr"


def test_the_renderer_takes_the_sites_language(tmp_path: Path):
    locale_dir = _catalogue(tmp_path, "pl", ("%(num)s cytat", "%(num)s cytaty", "%(num)s cytatów"))
    renderer = Renderer(TEMPLATES)
    i18n.words("pl", locale_dir).install(renderer.env)
    template = renderer.env.from_string('{{ ngettext("%(num)s quote", "%(num)s quotes", 3) }} {{ language }}')
    assert template.render() == "3 cytaty pl"


# --- no plural by hand ---------------------------------------------------------------------------------------

#: A plural written by hand: a suffix chosen by a test on the count ('s' if n != 1, "ies"…), or any conditional
#: expression on whether a number is 1 (x if n == 1 else y).
HAND_PLURAL = re.compile(
    r"""(?:['"](?:s|es|ies|y)['"]\s+if\b)|(?:\bif\b[^\n:%}]*?[!=]=\s*1\s+else\b)|(?:\{'s'|\{"s")"""
)


def _code_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py")) + sorted(TEMPLATES.rglob("*.j2")) + sorted(TEMPLATES.rglob("*.html"))


def test_no_module_or_template_writes_a_plural_by_hand():
    found = []
    for path in _code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_PLURAL.search(line) and "Never write a plural by hand" not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "use ngettext (explainer.i18n), not a plural by hand:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "f\"{n} event{'s' if n != 1 else ''}\"",
        "{{ count }} quote{{ 's' if count != 1 else '' }}",
        'noun = "problem" if count == 1 else "problems"',
        "f\"entr{'y' if n == 1 else 'ies'}\"",
        '{{ kind|capitalize ~ ("s" if places|length != 1 else "") }}',
    ],
)
def test_the_drift_check_catches_each_hand_plural(line: str):
    assert HAND_PLURAL.search(line)


@pytest.mark.parametrize("line", ["if self.search.boost != 1.0:", 'if html.count("<p>") == 1:', "{% elif events|length == 1 %}"])
def test_the_drift_check_leaves_other_comparisons_alone(line: str):
    assert not HAND_PLURAL.search(line)


# --- what readers and editors see ----------------------------------------------------------------------------


def test_the_command_line_counts_in_words(mini: Path, capsys):
    assert main(["check", "--data", str(mini), "--content", str(ROOT / "tests" / "fixtures" / "mini-content")]) == 0
    assert capsys.readouterr().err == "OK: 4 events, 4 actors, 3 places, 1 agreement, 2 sources, 1 dispute.\n"


def test_pages_count_in_words_and_leave_out_zero_counts(mini: Path):
    pages = {page.src: page.html for page in generate_site(mini, TEMPLATES).pages}
    home = pages["index.md"]
    assert "1 point on which the sources disagree." in home
    assert "4 actors, grouped by camp, with their relations." in home
    assert "1 agreement and the areas it covers." in home
    who = pages["who-is-who.md"]
    # An actor with no events says so in words, not as "0 events".
    assert '<a href="../actors/coastal-league/">Coastal League: the sources\' words</a>' in who
    assert ": 0 events" not in "".join(pages.values())
    assert "What the sources say (1 quote)" in who
    sources = pages["sources/index.md"]
    assert re.search(r"\((\d+) quotes?\)", sources)
    assert "1 quotes" not in "".join(pages.values()) and "1 events" not in "".join(pages.values())
