"""The site's own words in the topic's language: one mechanism for messages, plurals and numbers.

Everything the generator writes in its own voice (headings, count phrases, captions, the command line's
counts) goes through a gettext catalogue, read by Babel, and every number shown as a count is formatted by
Babel for the language. Templates use Jinja's i18n extension (``jinja2.ext.i18n``) with *newstyle*
gettext, as MkDocs and Material do; Python code uses :class:`Words`, with the same semantics:

* ``gettext("Key dates")`` translates; the result is always a format string (a literal ``%`` is ``%%``);
* ``ngettext("%(num)s quote", "%(num)s quotes", n)`` picks the form the language's plural rule gives for
  ``n`` and fills ``%(num)s`` with ``n`` formatted by Babel (``1,234`` in English); other
  ``%(name)s`` values are passed as keyword arguments.

Never write a plural by hand (``'s' if n != 1``): English has two forms, Arabic six, Japanese one.
A test fails on any such expression in ``scripts/explainer/`` or ``templates/``.

Dates are words too: each form a message (``"%(day)s %(month)s %(year)s"``, ``"about %(date)s"``,
``"from %(date)s (ongoing)"``: :mod:`explainer.dates`, :mod:`explainer.dating`), the months' names Babel's
(:meth:`Words.month_names`). A table of words kept by key (a basis, a part of a record) marks each with
:func:`gettext_noop` and translates it where it is shown. The language also gives the pages' ``lang`` and
``dir`` (:attr:`Words.direction`): the embed and redirect pages write them, the MkDocs plugin and the Zensical
adapter give them to the theme, with the search box's own words (:mod:`explainer.mkdocs_adapter`).

The topic's language is ``site.yaml``'s ``language`` (a BCP 47 tag, ``en`` by default). Catalogues live
in ``scripts/explainer/locale/``: ``explainer.pot`` (every message, extracted from the package's modules
and from ``templates/``), and for each language ``<lang>/LC_MESSAGES/explainer.po`` (for translators)
with its compiled ``explainer.mo`` (committed, so that an install needs no compile step). English is the
source language and the first catalogue: each message translated as itself. After changing a message::

    python -m explainer.i18n update     # extract, merge into every catalogue, compile
    python -m explainer.i18n check      # exit 1 when the catalogues lag the code (a test runs it)

To add a language: ``python -m explainer.i18n update --add LANG``, translate its ``.po``, run ``update``
again (which compiles it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gettext as gettext_module
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # Babel is imported on first use: the command line starts faster without it
    import jinja2
    from babel import Locale
    from babel.messages.catalog import Catalog

DOMAIN = "explainer"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
#: Where the messages are: the package's modules and the page templates (beside the package in a checkout).
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR.parent.parent / "templates"
#: Catalogue dates are fixed, so that regenerating an unchanged catalogue changes no byte.
CATALOGUE_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


#: The header every catalogue gets (no placeholder names or addresses; fixed dates, see above).
_HEADER: dict[str, Any] = {
    "header_comment": (
        "# The site's own words (explainer), for one language.\n"
        "# Written by `python -m explainer.i18n update`; translate the msgstr lines only."
    ),
    "project": "explainer",
    "version": "1",
    "copyright_holder": "the explainer project",
    "msgid_bugs_address": "the maintainers (.github/CODEOWNERS)",
    "last_translator": "the explainer project",
    "language_team": "the explainer project",
    "creation_date": CATALOGUE_DATE,
    "revision_date": CATALOGUE_DATE,
    "charset": "utf-8",
    "fuzzy": False,
}


def nplural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a pair of forms for extraction without translating it yet (then ``words.ngettext(*pair, n)``)."""
    return singular, plural


def gettext_noop(message: str) -> str:
    """Mark a message for extraction without translating it yet (then ``words.gettext(message)``): a table of
    words kept by key, translated where it is shown."""
    return message


#: Names the extractor reads as messages in Python code: gettext's, :func:`nplural` and :func:`gettext_noop`.
PYTHON_KEYWORDS: dict[str, Any] = {"gettext": None, "ngettext": (1, 2), "nplural": (1, 2), "gettext_noop": None}


@dataclass(frozen=True)
class Words:
    """The catalogue of one language, its plural rule and its number format."""

    language: str
    """The BCP 47 tag asked for (``site.yaml``'s ``language``)."""
    translations: gettext_module.NullTranslations
    locale: Locale

    def gettext(self, message: str, **values: Any) -> str:
        """``message`` in this language, with its ``%(name)s`` values filled in (newstyle, as in templates)."""
        return self.translations.gettext(message) % values

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The form of ``singular``/``plural`` for ``n`` in this language, ``%(num)s`` being ``n`` formatted."""
        values.setdefault("num", self.number(n))
        return self.translations.ngettext(singular, plural, n) % values

    def month_names(
        self, width: Literal["wide", "abbreviated"] = "wide", context: Literal["format", "stand-alone"] = "format"
    ) -> tuple[str, ...]:
        """The twelve months' names as this language writes them, January first (Babel's, from CLDR): ``wide``
        ("March") or ``abbreviated`` ("Mar"); in a date ("format": "4 March 2020"), or alone ("stand-alone":
        "March 2020"), which some languages decline differently (Russian "марта", "март")."""
        return _month_names(str(self.locale), width, context)

    def number(self, n: int | float) -> str:
        """A number as this language writes it (grouping, decimal sign, digits)."""
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self.locale)

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``: the direction of the language's script, for ``<html dir>``."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def install(self, env: jinja2.Environment) -> None:
        """Give a Jinja environment (with ``jinja2.ext.i18n``) these words: ``gettext``, ``ngettext``, the filter
        ``number``, and ``language`` and ``direction`` for ``<html lang dir>``.

        Newstyle gettext, as Jinja installs it, with one change: ``%(num)s`` in ``ngettext`` is the count
        formatted by Babel rather than ``str(n)``.
        """
        # Added to the environment by jinja2.ext.i18n at run time, which Environment's types cannot declare.
        env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        env.globals["ngettext"] = _jinja_ngettext(self)
        env.globals["language"] = self.language
        env.globals["direction"] = self.direction
        env.filters["number"] = self.number


def _jinja_ngettext(words: Words) -> Callable[..., str]:
    from jinja2 import pass_context
    from markupsafe import Markup

    @pass_context
    def ngettext(__context: Any, __singular: str, __plural: str, __num: int, **variables: Any) -> str:
        # jinja2.ext's newstyle ngettext, with the count formatted for the language.
        variables.setdefault("num", words.number(__num))
        rv = words.translations.ngettext(__singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    return ngettext


@functools.lru_cache(maxsize=16)
def _month_names(locale: str, width: Literal["wide", "abbreviated"], context: Literal["format", "stand-alone"]) -> tuple[str, ...]:
    from babel.dates import get_month_names

    names = get_month_names(width, context=context, locale=locale)
    return tuple(names[month] for month in range(1, 13))


def _locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"'{language}' is not a language Babel knows ({error})") from None


def catalogue_languages(locale_dir: Path | None = None) -> list[str]:
    """The languages with a compiled catalogue (in ``locale_dir``, :data:`LOCALE_DIR` by default), sorted."""
    return sorted(path.parent.parent.name for path in (locale_dir or LOCALE_DIR).glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def catalogue_for(language: str, locale_dir: Path | None = None) -> Path | None:
    """The compiled catalogue that serves ``language`` (``en-GB`` falls back to ``en``), or None."""
    try:
        locale = _locale(language)
    except ValueError:
        return None
    found = gettext_module.find(DOMAIN, str(locale_dir or LOCALE_DIR), [str(locale)])
    return Path(found) if found else None


@functools.lru_cache(maxsize=8)
def words(language: str = SOURCE_LANGUAGE, locale_dir: Path | None = None) -> Words:
    """The words of ``language`` (from ``locale_dir``, :data:`LOCALE_DIR` by default, read when first asked:
    a test may point it at catalogues of its own, then clear this cache); ``ValueError`` when Babel does not
    know the language or it has no catalogue."""
    from babel.support import Translations

    locale = _locale(language)
    path = catalogue_for(language, locale_dir)
    if path is None:
        raise ValueError(
            f"the site's own words have no catalogue for the language '{language}' (there are: "
            f"{', '.join(catalogue_languages(locale_dir))})"
        )
    with path.open("rb") as handle:
        translations = Translations(handle, domain=DOMAIN)
    return Words(language, translations, locale)


def tool_words() -> Words:
    """The command line's own words (messages to editors), in the source language."""
    return words(SOURCE_LANGUAGE)


# --- catalogues: extraction, merging, compiling -----------------------------------------------------


def _sources(package_dir: Path, templates_dir: Path) -> Iterator[tuple[Path, str, Any]]:
    """(file, its path as written in the catalogue, extraction method) for every file with messages."""
    from jinja2.ext import babel_extract

    for path in sorted(package_dir.rglob("*.py")):  # subpackages too (charts/)
        yield path, f"scripts/explainer/{path.relative_to(package_dir).as_posix()}", "python"
    if templates_dir.is_dir():
        for path in sorted(templates_dir.rglob("*.j2")):
            yield path, f"templates/{path.relative_to(templates_dir).as_posix()}", babel_extract


def extract(package_dir: Path = PACKAGE_DIR, templates_dir: Path = TEMPLATES_DIR) -> Catalog:
    """Every message of the package's modules and the templates, as a catalogue template."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(domain=DOMAIN, **_HEADER)
    for path, shown, method in _sources(package_dir, templates_dir):
        options = {"newstyle_gettext": "true", "silent": "false"} if method != "python" else {}
        for lineno, message, comments, context in extract_from_file(
            method, path, keywords=PYTHON_KEYWORDS if method == "python" else {"gettext": None, "ngettext": (1, 2)}, options=options
        ):
            catalog.add(message, None, [(shown, lineno)], auto_comments=comments, context=context)
    return catalog


def _catalogue_path(language: str, suffix: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def merged(template: Catalog, language: str, existing: Catalog | None) -> Catalog:
    """The catalogue of ``language`` for ``template``'s messages: its translations kept, English as itself."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=str(_locale(language)), domain=DOMAIN, **_HEADER)
    for message in template:
        if not message.id:
            continue
        old = existing.get(message.id, context=message.context) if existing is not None else None
        if language == SOURCE_LANGUAGE:
            string: Any = message.id  # the source language translates each message as itself
        elif old is not None and old.string and type(old.id) is type(message.id):
            string = old.string
        else:
            string = tuple("" for _ in range(catalog.num_plurals)) if isinstance(message.id, tuple) else ""
        catalog.add(message.id, string, message.locations, auto_comments=message.auto_comments, context=message.context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=True)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _read_po(path: Path) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def expected_files(locale_dir: Path = LOCALE_DIR, add: tuple[str, ...] = ()) -> dict[Path, bytes]:
    """Every catalogue file as ``update`` would write it, from the code as it is now."""
    template = extract()
    files = {locale_dir / f"{DOMAIN}.pot": _po_bytes(template)}
    languages = sorted({path.parent.parent.name for path in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")} | {SOURCE_LANGUAGE, *add})
    for language in languages:
        po = _catalogue_path(language, ".po", locale_dir)
        catalog = merged(template, language, _read_po(po) if po.is_file() else None)
        files[po] = _po_bytes(catalog)
        files[_catalogue_path(language, ".mo", locale_dir)] = _mo_bytes(catalog)
    return files


def compiled(po: Path) -> bytes:
    """The .mo file a .po file compiles to."""
    return _mo_bytes(_read_po(po))


def _meaning(path: Path, content: bytes) -> tuple[Any, ...]:
    """What a catalogue file says, its generator's version aside (``Generated-By: Babel 2.x``): its plural rule
    and each message with its translation and where it is used."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    catalog = read_mo(io.BytesIO(content)) if path.suffix == ".mo" else read_po(io.BytesIO(content), domain=DOMAIN)
    messages = sorted(
        (repr(m.id), repr(m.string), m.context or "", tuple(sorted(m.locations)) if path.suffix != ".mo" else ())
        for m in catalog
        if m.id
    )
    return (catalog.plural_forms if catalog.locale else None, tuple(messages))


def same_catalogue(path: Path, content: bytes) -> bool:
    """Whether ``path`` holds a catalogue that says what ``content`` says."""
    return path.is_file() and (path.read_bytes() == content or _meaning(path, path.read_bytes()) == _meaning(path, content))


def stale_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Catalogue files that differ from what ``update`` would write (empty when they are current)."""
    return [path for path, content in expected_files(locale_dir).items() if not same_catalogue(path, content)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.i18n", description="Keep the catalogues of the site's own words current.")
    commands = parser.add_subparsers(dest="command", required=True)
    update = commands.add_parser("update", help="extract the messages, merge them into every catalogue, compile them")
    update.add_argument("--add", action="append", default=[], metavar="LANG", help="start a catalogue for LANG")
    commands.add_parser("check", help="exit 1 when a catalogue lags the code")
    args = parser.parse_args(argv)
    if args.command == "update":
        for path, content in expected_files(add=tuple(args.add)).items():
            if not same_catalogue(path, content):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                print(f"wrote {path.relative_to(LOCALE_DIR.parent)}")
        return 0
    stale = stale_files()
    for path in stale:
        print(f"{path.relative_to(LOCALE_DIR.parent)}: out of date; run python -m explainer.i18n update", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())


def theme_language(theme_dirs: list[Path], language: str) -> str:
    """The theme's language for a BCP 47 tag: the theme's own words (its labels, ``<html lang>``) in that
    language if it has them, else in its primary language ("en-GB" → "en"), else in English.

    Shared by the MkDocs plugin and the Zensical adapter (which cannot import MkDocs)."""
    primary = language.split("-")[0]
    for candidate in (language, primary):
        if any((folder / "partials" / "languages" / f"{candidate}.html").is_file() for folder in theme_dirs):
            return candidate
    return "en"
