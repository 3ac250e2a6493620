"""Headers a static host can use: a Content-Security-Policy in every page, and a ``_headers`` file.

The policy allows only the site's own scripts, styles, images, fonts and
requests. Material's few inline scripts are allowed by their SHA-256 hashes,
computed from each built page, and only those that a template wrote
(:class:`InlineScripts`, read from the templates' sources: a script that came
from a page's text is never allowed, and is a build error); nothing else inline runs, no inline style
applies (Plotly's rules are served as a stylesheet, see
``scripts/vendor-plotly``) and no inline event handler exists. A ``<meta>``
cannot say who may frame a page, so ``_headers`` (read by Netlify and
Cloudflare Pages) adds ``frame-ancestors``: the site frames only itself, its
embed pages may be framed by anyone.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem
from .i18n import tool_words
from .routes import EMBED_FOLDER

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?(application/json|application/ld\+json|text/template)""", re.I)

#: What every page may load: its own files only (data: images are Material's icons in CSS; blob: images are a
#: chart's own picture, drawn in the page by Plotly's toImage when a reader downloads it as PNG).
#: 'wasm-unsafe-eval' lets the site's own search compile Pagefind's WebAssembly (pagefind/); it allows
#: no eval() or new Function() of JavaScript, which 'unsafe-eval' would.
BASE_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data: blob:; font-src 'self';"
    " connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'self'"
)


#: What a Jinja expression inside a JavaScript string of a template's inline script may print, for the
#: policy to allow the script: what MkDocs' ``base_url`` can be (Material prints it there), a relative
#: path up (``.``, ``..``, ``../..``) or the site's own absolute path (``/``, ``/project/``). Nothing that
#: can end the string or the element, nor another host (``//host``, ``https:``).
TEMPLATE_VALUE = r"(?:\.\.?(?:/\.\.)*|/(?:[A-Za-z0-9._~-]+/)*)"
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TEMPLATE_SUFFIXES = (".html", ".j2")


class ForeignScriptError(Exception):
    """A built page holds inline scripts that no template wrote (only a bug can put them there)."""

    def __init__(self, scripts: list[str]):
        self.scripts = scripts
        shown = "; ".join(repr(body[:80] + ("…" if len(body) > 80 else "")) for body in scripts)
        super().__init__(
            tool_words().ngettext(
                "the page holds %(num)s inline script that neither the theme",
                "the page holds %(num)s inline scripts that neither the theme",
                len(scripts),
            )
            + f" nor the generator wrote, which its policy does not allow: {shown}; a page's text can only put one"
            " there through a bug in the sanitizer or a template: report it"
        )


class InlineScripts:
    """The inline scripts the theme and the generator write: the only ones a page's policy may allow.

    Read from the templates' sources (:meth:`from_templates`), never from a built page, so that a
    script a page's text smuggled in is never allowed. In a template's script, a Jinja expression
    (``{{ base_url }}``) stands for a :data:`TEMPLATE_VALUE` (a path of the site), and only where it
    sits inside a JavaScript string literal, so that no value can end the string and add code; a
    script with any other Jinja in it (a ``{% … %}`` statement, an expression outside a string,
    whitespace control) is not allowed at all (a page that then holds it fails to build, which a
    test would show).
    """

    def __init__(self, exact: set[str], patterns: list[str]):
        self.exact = exact
        self.patterns = patterns
        self._pattern = re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.S) if patterns else None

    @classmethod
    def from_templates(cls, folders: list[Path], read: dict[str, FolderScripts] | None = None) -> InlineScripts:
        """Every inline script of every template (``*.html``, ``*.j2``) under ``folders``; hidden folders skipped.

        ``read``: the scripts of folders already read (a preview session's installed theme, which does not change
        while it runs), by folder; the other folders are read now."""
        exact: set[str] = set()
        patterns: list[str] = []
        for folder in folders:
            found = read.get(str(folder)) if read is not None else None
            if found is None:
                found = folder_scripts(Path(folder))
            exact.update(found.exact)
            patterns += [pattern for pattern in found.patterns if pattern not in patterns]
        return cls(exact, patterns)

    def allows(self, body: str) -> bool:
        return body in self.exact or (self._pattern is not None and self._pattern.fullmatch(body) is not None)


@dataclass(frozen=True)
class FolderScripts:
    """The inline scripts of one folder's templates: those written as they are, and the patterns of those with a
    template value in them (:class:`InlineScripts`)."""

    exact: frozenset[str]
    patterns: tuple[str, ...]


def folder_scripts(folder: Path) -> FolderScripts:
    """The inline scripts of every template under ``folder`` (:meth:`InlineScripts.from_templates`)."""
    exact: set[str] = set()
    patterns: list[str] = []
    for template in _template_files(folder):
        source = template.read_text(encoding="utf-8", errors="replace")
        for match in _INLINE_SCRIPT.finditer(source):
            attributes, body = match.group(1), match.group(2)
            if re.search(r"\bsrc\s*=", attributes, re.I) or _DATA_TYPES.search(attributes):
                continue
            pattern = _script_pattern(body)
            if pattern is None:
                continue
            if pattern == re.escape(body):
                exact.add(body)
            elif pattern not in patterns:
                patterns.append(pattern)
    return FolderScripts(frozenset(exact), tuple(patterns))


def _template_files(folder: Path) -> list[Path]:
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        found += [Path(parent) / name for name in sorted(files) if name.endswith(_TEMPLATE_SUFFIXES)]
    return found


def _script_pattern(body: str) -> str | None:
    """A regular expression for what a template's script body renders to, or None when it cannot be bounded."""
    parts: list[str] = []
    literal = ""  # the script's text so far, Jinja left out, to know whether an expression sits in a string
    position = 0
    for tag in _JINJA.finditer(body):
        text = body[position : tag.start()]
        parts.append(re.escape(text))
        literal += text
        position = tag.end()
        token = tag.group()
        if token.startswith("{#"):
            continue  # a comment prints nothing
        if token.startswith("{%") or token.startswith("{{-") or token.endswith("-}}") or _string_quote(literal) is None:
            return None
        parts.append(TEMPLATE_VALUE)
    parts.append(re.escape(body[position:]))
    return "".join(parts)


def _string_quote(script: str) -> str | None:
    """The quote of the JavaScript string literal that ``script`` ends inside; None when outside any,
    or inside a template literal (where ``${…}`` would run)."""
    quote: str | None = None
    escaped = False
    for char in script:
        if escaped:
            escaped = False
        elif quote is not None and char == "\\":
            escaped = True
        elif quote is None and char in "\"'`":
            quote = char
        elif char == quote:
            quote = None
    return quote if quote in ("'", '"') else None


def _inline_scripts(html: str) -> list[str]:
    """The body of each inline script of a page that runs (not data blocks, not ``src`` scripts), in page order."""
    bodies = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.I) or _DATA_TYPES.search(attributes):
            continue
        bodies.append(body)
    return bodies


def inline_script_hashes(html: str, scripts: InlineScripts | None = None) -> list[str]:
    """CSP sources ('sha256-…') for each inline script that runs (not JSON data blocks), in page order.

    With ``scripts``, only those the templates wrote (:class:`InlineScripts`); without, every one (for a
    page made only from templates).
    """
    hashes = []
    for body in _inline_scripts(html):
        if scripts is not None and not scripts.allows(body):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def foreign_scripts(html: str, scripts: InlineScripts) -> list[str]:
    """The inline scripts of a page that no template wrote."""
    return [body for body in _inline_scripts(html) if not scripts.allows(body)]


def page_policy(html: str, scripts: InlineScripts | None = None) -> str:
    hashes = inline_script_hashes(html, scripts)
    return BASE_POLICY.format(hashes="".join(" " + h for h in hashes))


def with_policy(html: str, scripts: InlineScripts | None = None) -> str:
    """The page with its Content-Security-Policy <meta> first in <head>, before anything it governs.

    With ``scripts`` (what the build passes), an inline script that no template wrote is not allowed,
    and is an error (:class:`ForeignScriptError`): only a bug can put one in a page.
    """
    if scripts is not None:
        foreign = foreign_scripts(html, scripts)
        if foreign:
            raise ForeignScriptError(foreign)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html, scripts)}">'
    match = re.search(r"<head\b[^>]*>", html, re.I)
    if match is None:
        return html
    return html[: match.end()] + meta + html[match.end() :]


#: A top-level name that a ``_headers`` rule can hold as itself: no space or line break (which end the
#: path), no ``*`` or ``:`` (splats and placeholders to Netlify and Cloudflare), no ``%`` or non-ASCII
#: letter (which hosts may match encoded or decoded), no ``#`` or ``!``.
_HEADER_SAFE_NAME = re.compile(r"[A-Za-z0-9._~-]+")
UNSAFE_NAME_MESSAGE = (
    "this name cannot be written safely to _headers (the rules Netlify and Cloudflare Pages read):"
    " a file or folder at the top of the site may use only letters A-Z and a-z, digits, '-', '_', '.' and '~';"
    " rename the page or folder in content/ that makes it"
)


def headers_file(site_dir: Path, shown_as: str = "site", *, folders_to_come: tuple[str, ...] = ()) -> str:
    """A ``_headers`` file for the built site: one rule per top-level entry, so that no two rules overlap.

    (Hosts join the values of overlapping rules, and two CSP frame-ancestors policies both apply.)
    A name that the file's syntax cannot hold as itself is refused, every such name at once (a
    :class:`DataError` positioned at ``shown_as``/name), never written: a line break in it would
    add a rule of its own for every page. ``folders_to_come``: top-level folders written after the file
    (a preview's search index, written in the background), listed whether or not they are there yet.
    """
    found = {entry.name: entry.is_dir() for entry in site_dir.iterdir() if entry.name != "_headers"}
    found.update((name, True) for name in folders_to_come)
    entries = sorted(found.items())
    unsafe = [
        Problem(f"{shown_as}/{name}", 1, 1, UNSAFE_NAME_MESSAGE)
        for name, _ in entries
        if not _HEADER_SAFE_NAME.fullmatch(name)
    ]
    if unsafe:
        raise DataError(unsafe)
    common = ["  X-Content-Type-Options: nosniff", "  Referrer-Policy: no-referrer"]
    own = ["  Content-Security-Policy: frame-ancestors 'self'", "  X-Frame-Options: SAMEORIGIN", *common]
    anyone = ["  Content-Security-Policy: frame-ancestors *", *common]
    lines = [
        "# Written by the explainer plugin at build time (see scripts/explainer/security.py).",
        "# Pages may be framed only by the site itself; embed pages by any site.",
        "/",
        *own,
    ]
    for name, is_folder in entries:
        pattern = f"/{name}/*" if is_folder else f"/{name}"
        lines += [pattern, *(anyone if name == EMBED_FOLDER else own)]
    return "\n".join(lines) + "\n"
