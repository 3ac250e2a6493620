"""The site built by Zensical (Material for MkDocs' successor), which reads ``mkdocs.yml`` but runs no MkDocs plugin.

``explainer build --engine zensical`` does here what the MkDocs plugin does inside MkDocs, with the same core
functions, around one run of Zensical:

1. the generator (:func:`explainer.generate.generate_site`): data and pages checked, every page, chart
   download and embed made; every problem listed before anything is written;
2. a staging project in a temporary folder beside the site: every page as finished HTML (generated pages
   as they are; hand-written pages rendered, their links resolved and sanitized by
   :mod:`explainer.contentpages`), each at the ``index.md`` of its own address, so that Zensical, which
   reads every relative address of a page as relative to its Markdown file, has nothing to rewrite;
   chart downloads, embed pages and images as static files; and a configuration made from
   ``mkdocs.yml`` (:func:`zensical_config`) whose only Markdown extension,
   :mod:`explainer.zensical_pages`, passes each page through and gives Zensical its headings;
3. ``zensical build --strict`` on it, with the theme's overrides (``theme.custom_dir``);
4. after the build, what the plugin does after MkDocs': every page's Content-Security-Policy
   (:func:`explainer.security.with_policy`, allowing only the inline scripts that the theme's and the
   generator's templates write), the search index (:func:`explainer.search.index_site`), ``_headers``,
   and the atomic replacement of the site (:class:`explainer.staging.StagedOutput`): a failure at any
   step leaves the previous site as it was.

What Zensical does not do for this site is said in the README ("Engines").
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .contentfiles import list_content
from .contentpages import RenderedPage, anchor_problems, read_page, render_page
from .errors import DataError, ExplainerError, Problem, display_path
from .generate import generate_site
from .i18n import theme_language, words
from .mkdocs_adapter import search_box_words
from .render import SiteOutput, TocEntry
from .search import index_site
from .security import ForeignScriptError, InlineScripts, headers_file, with_policy
from .staging import StagedOutput
from .urls import page_url
from .zensical_pages import TOC_COMMENT_END, TOC_COMMENT_START

#: The plugins of mkdocs.yml that this adapter stands in for; Zensical runs no other MkDocs plugin either.
OWN_PLUGINS = ("explainer", "explainer-search")
#: Settings of mkdocs.yml that Zensical is given as they are.
CARRIED_SETTINGS = (
    "site_author",
    "site_url",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
    "extra",
    "extra_css",
    "extra_javascript",
)
#: The theme's look when mkdocs.yml names none: Material's (the site's styles are made for it), not Zensical's new one.
DEFAULT_VARIANT = "classic"
#: The search index Zensical writes even with its search turned off: the site's search is Pagefind's.
ZENSICAL_SEARCH_INDEX = "search.json"
#: A generous bound: Zensical builds the bundled site in seconds.
TIMEOUT_SECONDS = 1800


class EngineError(ExplainerError):
    """Zensical is missing, or failed (a maintainer's problem, not an editor's)."""


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's YAML: safe, with MkDocs' ``!ENV`` tag (a variable, or the first set of several, else a default)."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.ScalarNode | yaml.SequenceNode | yaml.MappingNode) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        values = [loader.construct_object(child) for child in node.value]
        names, default = values[:-1] if len(values) > 1 else values, values[-1] if len(values) > 1 else None
    else:
        raise yaml.constructor.ConstructorError(None, None, f"!ENV takes a name or a list, not {node.id}", node.start_mark)
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_EnvLoader.add_constructor("!ENV", _env_tag)


def load_mkdocs_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data (PyYAML's safe loader with ``!ENV``): a tag this adapter cannot read is an error."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_EnvLoader)
    except (OSError, yaml.YAMLError) as error:
        raise EngineError(f"{config_file}: cannot be read for Zensical ({error})") from None
    if not isinstance(config, dict):
        raise EngineError(f"{config_file}: not a mapping of settings")
    return config


def _plugins(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The plugins of mkdocs.yml by name, with their settings."""
    found: dict[str, dict[str, Any]] = {}
    for item in config.get("plugins") or []:
        if isinstance(item, str):
            found[item] = {}
        else:
            ((name, settings),) = dict(item).items()
            found[str(name)] = dict(settings or {})
    return found


def finished_src(src: str, use_directory_urls: bool = True) -> str:
    """Where a page goes in the staging project: the ``index.md`` of its own address (``places/a.md`` →
    ``places/a/index.md``), so that its folder is its address's and Zensical rewrites none of its links."""
    if not use_directory_urls:
        return src
    return page_url(src, use_directory_urls) + "index.md"


def _nav(entries: Any, use_directory_urls: bool) -> Any:
    """mkdocs.yml's navigation with each page's path moved as :func:`finished_src` moves it."""
    if isinstance(entries, list):
        return [_nav(entry, use_directory_urls) for entry in entries]
    if isinstance(entries, dict):
        return {title: _nav(value, use_directory_urls) for title, value in entries.items()}
    if isinstance(entries, str) and entries.endswith(".md") and "://" not in entries:
        return finished_src(entries, use_directory_urls)
    return entries



def zensical_config(config: Mapping[str, Any], root: Path, output: SiteOutput, use_directory_urls: bool) -> dict[str, Any]:
    """Zensical's configuration (mkdocs.yml's form) for the staging project: mkdocs.yml's settings, with what the
    plugin fills in from the topic (the site's name, description and language, the navigation, moved to the
    pages' new places), the theme's overrides folder made absolute, the staging folders, Zensical's own
    search off, Material's search styles (:data:`MATERIAL_SEARCH_CSS`, which Zensical's theme lacks), and
    :mod:`explainer.zensical_pages` as the only Markdown extension."""
    theme = dict(config.get("theme") or {"name": "material"})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    theme.setdefault("variant", DEFAULT_VARIANT)
    theme["language"] = theme_language(_theme_dirs(theme), output.site.language)
    theme["direction"] = words(output.site.language).direction
    carried = {key: config[key] for key in CARRIED_SETTINGS if key in config}
    carried.update(site_name=output.site.title, site_description=output.site.description)
    carried["extra_css"] = [MATERIAL_SEARCH_CSS_PATH, *config.get("extra_css", [])]
    carried["extra"] = {**(config.get("extra") or {}), "explainer_search": search_box_words(words(output.site.language))}
    return {
        **carried,
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "plugins": [{"search": {"enabled": False}}],
        "markdown_extensions": ["toc", "explainer.zensical_pages"],
        "nav": _nav(output.nav, use_directory_urls),
    }


def _theme_dirs(theme: Mapping[str, Any]) -> list[Path]:
    """The theme's folders, overrides first: as Zensical looks for a template."""
    return [*([Path(theme["custom_dir"])] if theme.get("custom_dir") else []), zensical_templates()]


def zensical_templates() -> Path:
    """The folder of Zensical's own theme (its templates and assets), found without importing Zensical."""
    spec = importlib.util.find_spec("zensical")
    if spec is None or not spec.submodule_search_locations:
        raise EngineError("Zensical is not installed: pip install -e '.[zensical]'")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def _theme_files(folders: list[Path]) -> set[str]:
    """The files the theme copies into the site (not its templates), by site-relative path, in lower case."""
    found = set()
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            for name in files:
                path = Path(parent, name).relative_to(folder).as_posix()
                if not name.endswith(".html") and not path.startswith("partials/"):
                    found.add(path.lower())
    return found


#: Material's rules for its search box and results (which the site's search box wears, see
#: templates/overrides/partials/explainer-search.html), kept from Material's stylesheet: Zensical's has
#: none of them (its own search is another component). Given to Zensical's build as a stylesheet.
MATERIAL_SEARCH_CSS = Path(__file__).parent / "data" / "material-search.css"
#: Where the build puts it in the site.
MATERIAL_SEARCH_CSS_PATH = "assets/stylesheets/material-search.css"
_MATERIAL_SEARCH_NOTICE = (
    "/* Material for MkDocs' rules for its search box and results (.md-search*), kept from its stylesheet\n"
    "   {name} by explainer.zensical_adapter.material_search_rules for builds with Zensical, whose theme has\n"
    "   none of them. Material for MkDocs: Copyright (c) 2016-2025 Martin Donath, MIT License. */\n"
)


def _css_blocks(css: str) -> list[tuple[str, str | list[Any]]]:
    """A minified stylesheet's rules as (selector, declarations) and at-rules as (prelude, their rules)."""
    blocks: list[tuple[str, str | list[Any]]] = []
    position = 0
    while (opening := css.find("{", position)) != -1:
        prelude = css[position:opening]
        if prelude.lstrip().startswith("@"):
            depth, end = 1, opening + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                end += 1
            blocks.append((prelude, _css_blocks(css[opening + 1 : end - 1])))
            position = end
        else:
            end = css.index("}", opening)
            blocks.append((prelude, css[opening + 1 : end]))
            position = end + 1
    return blocks


def _selectors(prelude: str) -> list[str]:
    """The selectors of a selector list (commas inside parentheses do not separate)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    return [*parts, prelude[start:]]


def material_search_rules(css: str) -> str:
    """The rules of Material's stylesheet for its search (selectors naming ``md-search``), in order, in their
    media queries; the other selectors of a shared rule left out."""

    def pick(blocks: list[tuple[str, str | list[Any]]]) -> str:
        kept = ""
        for prelude, body in blocks:
            if isinstance(body, list):
                inner = pick(body)
                kept += f"{prelude}{{{inner}}}" if inner else ""
            elif prelude.startswith("@charset"):
                continue
            else:
                selectors = [selector for selector in _selectors(prelude) if "md-search" in selector]
                kept += f"{','.join(selectors)}{{{body}}}" if selectors else ""
        return kept

    return pick(_css_blocks(css))


def write_material_search_css(material_css: Path) -> Path:
    """Refresh :data:`MATERIAL_SEARCH_CSS` from Material's stylesheet (``material/templates/assets/stylesheets/
    main.*.min.css``) after Material changes its search's look."""
    text = _MATERIAL_SEARCH_NOTICE.format(name=material_css.name) + material_search_rules(material_css.read_text(encoding="utf-8")) + "\n"
    MATERIAL_SEARCH_CSS.write_text(text, encoding="utf-8")
    return MATERIAL_SEARCH_CSS


def zensical_toc(entries: Sequence[TocEntry]) -> list[dict[str, Any]]:
    """A generated page's headings (those its context declares) as the ``toc_tokens`` Zensical reads: Python-Markdown's
    toc extension's, with the heading's text as ``name`` and as ``html``."""
    return [
        {
            "level": entry.level,
            "id": entry.id,
            "name": html.escape(html.unescape(entry.name), quote=False),
            "html": entry.name,
            "data-toc-label": "",
            "children": zensical_toc(entry.children),
        }
        for entry in entries
    ]


def headings_comment(entries: Sequence[TocEntry]) -> str:
    """The first line of a generated page for Zensical: its headings for :mod:`explainer.zensical_pages`, which takes
    the line out (so that they are given, not read back from the HTML)."""
    return f"{TOC_COMMENT_START}{json.dumps(zensical_toc(entries), ensure_ascii=True)}{TOC_COMMENT_END}\n"


def _front_matter(values: Mapping[str, Any]) -> str:
    # JSON is YAML: every value stays the plain string (or list) it is.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


@dataclass(frozen=True)
class StagedPage:
    """A page written into the staging project, and how messages name it."""

    src: str
    """Its path in the staging docs folder."""
    shown: str


@dataclass(frozen=True)
class ZensicalBuild:
    """What a build did."""

    site: Path
    pages: int
    seconds: float
    """Wall time of the whole build, the generator and the search index included."""
    search: str
    """Pagefind's summary."""


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@dataclass(frozen=True)
class Project:
    """A project's settings as the build needs them, read from its mkdocs.yml."""

    root: Path
    config: dict[str, Any]
    data_dir: Path
    templates_dir: Path
    content_dir: Path
    site_dir: Path
    use_directory_urls: bool

    @classmethod
    def read(cls, config_file: Path) -> Project:
        root = Path(config_file).resolve().parent
        config = load_mkdocs_config(Path(config_file))
        plugins = _plugins(config)
        foreign = [name for name in plugins if name not in OWN_PLUGINS]
        if foreign:
            raise EngineError(f"Zensical runs no MkDocs plugin: mkdocs.yml names {', '.join(foreign)}; remove it or build with MkDocs")
        options = plugins.get("explainer", {})

        def folder(value: str) -> Path:
            # Not resolved: a symbolic link on the way to the data or pages folder must stay visible, to be refused.
            return Path(os.path.abspath(root / value))

        return cls(
            root=root,
            config=config,
            data_dir=folder(options.get("data_dir", "site_data")),
            templates_dir=folder(options.get("templates_dir", "templates")),
            content_dir=folder(config.get("docs_dir", "docs")),
            site_dir=folder(config.get("site_dir", "site")),
            use_directory_urls=bool(config.get("use_directory_urls", True)),
        )


@dataclass(frozen=True)
class StagedProject:
    """What :func:`stage_project` wrote."""

    pages: list[StagedPage]
    config_file: Path
    theme_dirs: list[Path]


def stage_project(project: Project, folder: Path) -> StagedProject:
    """Write the staging project (pages, files, configuration) into ``folder``.

    Raises :class:`explainer.errors.DataError` with every problem of the data and the pages before anything is
    written.
    """
    output = generate_site(
        project.data_dir,
        project.templates_dir,
        content_dir=project.content_dir,
        use_directory_urls=project.use_directory_urls,
        display_root=project.root,
    )
    for warning in output.warnings:  # for review; they do not stop the build
        print(str(warning), file=sys.stderr)
    engine_config = zensical_config(project.config, project.root, output, project.use_directory_urls)
    theme_dirs = _theme_dirs(engine_config["theme"])
    listing = list_content(project.content_dir, project.root)  # checked by generate_site
    content_pages = {path.relative_to(project.content_dir).as_posix(): path for path in listing.pages}
    static: dict[str, str | bytes] = {generated.path: generated.text() for generated in output.files}
    static.update({path.relative_to(project.content_dir).as_posix(): path.read_bytes() for path in listing.images})
    static[MATERIAL_SEARCH_CSS_PATH] = MATERIAL_SEARCH_CSS.read_text(encoding="utf-8")
    files = frozenset([*(page.src for page in output.pages), *content_pages, *static, *_theme_files(theme_dirs)])

    problems: list[Problem] = []
    rendered: list[RenderedPage] = []
    texts: dict[str, str] = {}
    shown: dict[str, str] = {}
    for src, path in content_pages.items():
        texts[src] = read_page(path)
        shown[src] = display_path(path, project.root)
        page, found = render_page(
            texts[src],
            src,
            shown[src],
            record_pages=output.record_pages,
            charts=output.chart_blocks.get(src, []),
            files=files,
            extensions=project.config.get("markdown_extensions") or [],
            use_directory_urls=project.use_directory_urls,
        )
        problems += found
        rendered.append(page)
    anchors = {page.src: page.anchors for page in output.pages}
    anchors.update({page.src: page.anchors for page in rendered})
    problems += anchor_problems(rendered, anchors, texts, shown)
    problems += _collisions(project, static, rendered, theme_dirs)
    if problems:
        raise DataError(problems)

    docs = folder / "docs"
    staged: list[StagedPage] = []
    for generated in output.pages:
        target = finished_src(generated.src, project.use_directory_urls)
        _write(docs / target, _front_matter({"title": generated.title}) + headings_comment(generated.toc) + generated.html)
        staged.append(StagedPage(target, f"{generated.src} (generated)"))
    for page in rendered:
        target = finished_src(page.src, project.use_directory_urls)
        _write(docs / target, _front_matter({**page.meta, "title": page.title}) + page.html)
        staged.append(StagedPage(target, shown[page.src]))
    for name, content in static.items():
        _write(docs / name, content)
    config_file = folder / "zensical.yml"
    config_file.write_text(yaml.safe_dump(engine_config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return StagedProject(staged, config_file, theme_dirs)


def _collisions(project: Project, static: Mapping[str, Any], rendered: list[RenderedPage], theme_dirs: list[Path]) -> list[Problem]:
    """A problem for each file of the pages folder at the path of one of the theme's files (the plugin refuses
    them too; the core already refuses the names the theme uses)."""
    theme = _theme_files(theme_dirs)
    sources = [(path, path) for path in static] + [(page.src, finished_src(page.src, project.use_directory_urls)) for page in rendered]
    problems = []
    for src, target in sources:
        if target.lower() in theme and (project.content_dir / src).exists():
            message = f"this file would replace one of the theme's files ({target}); rename or remove it"
            problems.append(Problem(display_path(project.content_dir / src, project.root), 1, 1, message))
    return problems


def run_zensical(config_path: Path) -> str:
    """``zensical build --strict`` on the staging project; its output. Raises :class:`EngineError` when it fails."""
    zensical_templates()  # installed?
    arguments = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config_path)]
    try:
        finished = subprocess.run(
            arguments,
            cwd=config_path.parent,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise EngineError(f"Zensical did not finish within {TIMEOUT_SECONDS} s") from None
    report = (finished.stdout + finished.stderr).strip()
    if finished.returncode != 0:
        raise EngineError(f"Zensical failed (exit status {finished.returncode}):\n{report}")
    return report


def finish_site(site: Path, pages: list[StagedPage], scripts: InlineScripts, use_directory_urls: bool, shown_site: str = "site") -> str:
    """After Zensical, what the plugin does after MkDocs: each page's policy (``scripts``: the inline scripts the
    templates write), the search index, ``_headers``. Returns Pagefind's summary."""
    (site / ZENSICAL_SEARCH_INDEX).unlink(missing_ok=True)
    built = [(page_path(page_url(page.src, use_directory_urls)), page.shown) for page in pages]
    built.append(("404.html", "404.html (the theme's)"))
    for path, shown in built:
        try:
            (site / path).write_text(with_policy((site / path).read_text(encoding="utf-8"), scripts), encoding="utf-8")
        except ForeignScriptError as error:
            raise EngineError(f"{shown}: {error}") from None
    summary = index_site(site)
    # A name the _headers syntax cannot hold is refused, never written (shown as where the site goes).
    (site / "_headers").write_text(headers_file(site, shown_site), encoding="utf-8")
    return summary.log


def page_path(url: str) -> str:
    """The file of a page's address in the built site (``places/a/`` → ``places/a/index.html``)."""
    if url.endswith(".html"):
        return url
    return posixpath.join(url, "index.html") if url else "index.html"


def build_with_zensical(config_file: Path) -> ZensicalBuild:
    """Build the site of ``config_file`` (mkdocs.yml) with Zensical into its ``site_dir``, replacing it only on success."""
    started = time.monotonic()
    project = Project.read(Path(config_file))
    staged = StagedOutput(project.site_dir)
    staging = staged.begin()
    prefix = f".{project.site_dir.name}.zensical-"
    for leftover in sorted(project.site_dir.parent.glob(prefix + "*")):  # a build that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=project.site_dir.parent))
    try:
        written = stage_project(project, folder)
        run_zensical(written.config_file)
        scripts = InlineScripts.from_templates([*written.theme_dirs, project.templates_dir])
        shown_site = display_path(project.site_dir, project.root)
        summary = finish_site(folder / "site", written.pages, scripts, project.use_directory_urls, shown_site)
        staging.rmdir()
        os.replace(folder / "site", staging)
        staged.commit()
    except BaseException:
        staged.abort()
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ZensicalBuild(project.site_dir, len(written.pages), time.monotonic() - started, summary)
