"""The MkDocs plugin: a thin adapter that hands the configuration to the core.

- ``on_pre_build`` validates and renders everything (:func:`explainer.generate.generate_site`)
  before MkDocs cleans the site folder; bad data stops the build with every
  problem listed.
- The topic fills what ``mkdocs.yml`` would otherwise hard-code, so that one
  ``mkdocs.yml`` serves every topic: the site's name, description and language
  (``on_pre_build``, from ``site.yaml``) and the navigation (``on_files``): the
  index pages the topic has data for, then the hand-written pages in
  ``site.yaml``'s order (``pages``).
- ``on_files`` adds the generated pages, embed pages and chart downloads as
  virtual files: nothing is written into the docs folder. A docs file at the
  path of a theme file or a generated one is refused (the core already refuses
  the names the site uses, :mod:`explainer.contentfiles`).
- Hand-written pages: their front matter is read by the core
  (:mod:`explainer.frontmatter`), and the theme sees only its allowed keys,
  escaped; chart blocks become slots before Markdown, the rendered HTML is
  sanitized (:mod:`explainer.sanitize`), then the charts fill the slots.
- Every page gets its Content-Security-Policy, allowing only the inline
  scripts that the templates write (:class:`explainer.security.InlineScripts`);
  any other is a build error naming the page.
- ``mkdocs build`` writes into a staging folder that replaces the site only when
  the build succeeds, strict warnings included (:mod:`explainer.staging`); the
  build date comes from the last commit (:mod:`explainer.reproducible`).
- ``explainer-search`` (:class:`SearchIndexPlugin`, a plugin of its own) indexes the built site with
  Pagefind (:mod:`explainer.search`) before the staging folder replaces the site.
- Under ``mkdocs serve``, a broken file does not stop the server (MkDocs' own
  server would stall every request until a build succeeds): the problems are
  logged and shown in a banner, and the last good generated pages are served.
- Under ``mkdocs serve``, a rebuild redoes only what the save changed (:mod:`explainer.incremental`): data
  files are read again only when their bytes changed, the generator runs only when its inputs did, a page
  goes through the theme again only when it or the site around it changed, and the theme's templates are
  compiled once a session.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import jinja2
import mkdocs
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from .articles import chart_slot, fill_chart_slots, page_markdown, replace_chart_blocks
from .errors import DataError, ExplainerError, Problem, SafeLogLines, display_path
from .frontmatter import read_front_matter
from .generate import generate_site
from .i18n import theme_language, words
from .incremental import PreviewSession, digest, tree_digest
from .mkdocs_adapter import front_matter, search_box_words, toc_tokens
from .render import SPILLED, GeneratedPage, Renderer, SiteOutput
from .reproducible import build_datetime, day_epoch, last_commit_time
from .sanitize import sanitize_page
from .search import INDEX_FOLDER, index_site
from .security import ForeignScriptError, InlineScripts, folder_scripts, headers_file, with_policy
from .staging import StagedOutput

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.explainer")
#: The logger of the engine that runs the plugin, on which its warnings are counted for --strict and its log
#: lines are made safe: "mkdocs" under MkDocs 1.6; "properdocs" under ProperDocs, whose compatibility shim
#: answers ``import mkdocs`` with ProperDocs itself, and which logs its own warnings on "properdocs.*",
#: where a handler on "mkdocs" would never see them (a --strict build would then replace the site).
ENGINE_LOGGER = mkdocs.__name__
_SAFE_LOG_LINES = SafeLogLines()


class _ExactDirtyBuilds(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale navigation and links: under ``mkdocs serve
    --dirty`` this plugin decides which files are written again, and a rebuild writes what a full build would."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


_EXACT_DIRTY_BUILDS = _ExactDirtyBuilds()
#: The theme template of a page that a preview's rebuild writes as the last build wrote it.
REUSED_PAGE_TEMPLATE = "explainer-reused-page.html"


class _WarningCounter(logging.Handler):
    """Counts warnings, as MkDocs does for --strict, so that a build that --strict will abort is not published."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ExplainerConfig(base.Config):
    data_dir = c.Type(str, default="site_data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """The templates folder (with pages/ and embeds/), relative to mkdocs.yml."""


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.output: SiteOutput | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.last_good: SiteOutput | None = None
        self.problems: str | None = None
        self.command = "build"
        self.dirty = False
        self.staged: StagedOutput | None = None
        self.warnings = _WarningCounter()
        self.root = Path.cwd()
        self.renderer: Renderer | None = None
        self.build_date: dt.datetime | None = None
        self.scripts: InlineScripts | None = None
        self.session: PreviewSession | None = None
        """Under ``mkdocs serve``: what a rebuild may keep of the last one."""
        self.nav: Navigation | None = None
        self.page_keys: dict[str, str] = {}
        """Under serve: each page's fingerprint in this build (what its output is made from)."""
        self.reused_pages: dict[str, str] = {}
        """Under serve: the pages this build writes as the last one did, with that output."""
        self.files: Files | None = None
        self.written_now: dict[str, str] | None = None
        """Under ``--dirty``: what this build writes into each generated file, kept once it has."""
        self.spill: Path | None = None
        """Outside serve: where the generator writes the build's pages and files as it makes them, rather than
        holding them all in memory (:func:`explainer.render.render_site`); beside the site folder, removed when
        the build ends."""
        self.spill_file: BinaryIO | None = None
        """The spill's file, open for reading while the build writes the pages and files it holds."""

    def _path(self, value: str) -> Path:
        # Not resolved: a symbolic link on the way to the data folder must stay visible, to be refused.
        return Path(os.path.abspath(self.root / value))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        if command == "serve":
            self.session = PreviewSession(dirty=dirty)
            if dirty:  # this plugin makes a dirty rebuild exact (see _plan_reuse): MkDocs' warning does not hold
                logging.getLogger(f"{ENGINE_LOGGER}.commands.build").addFilter(_EXACT_DIRTY_BUILDS)

    def on_shutdown(self) -> None:
        self.session = None  # the preview is over: the plugin object may outlive it (MkDocs keeps it)
        logging.getLogger(f"{ENGINE_LOGGER}.commands.build").removeFilter(_EXACT_DIRTY_BUILDS)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        # MkDocs' messages quote file names and links from content/: no line of them may be a CI command.
        for handler in logging.getLogger(ENGINE_LOGGER).handlers:
            handler.addFilter(_SAFE_LOG_LINES)
        if config.strict and logging.getLogger(ENGINE_LOGGER).getEffectiveLevel() > logging.WARNING:
            raise PluginError(
                "--strict cannot see warnings that -q (--quiet) hides, and MkDocs 1.6.1 then exits 0"
                " (mkdocs#4126); build with --strict and without -q"
            )
        # The build date MkDocs stamps (sitemap): SOURCE_DATE_EPOCH, else the last commit, else the newest
        # source's day (set in on_pre_build). Given to each page rather than written into the environment.
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        self.build_date = build_datetime(epoch, None if epoch else last_commit_time(self.root))
        if self.command in ("build", "gh-deploy") and not self.dirty:
            self.staged = StagedOutput(Path(config.site_dir))
            config.site_dir = str(self.staged.begin())
            self.warnings.count = 0
            logging.getLogger(ENGINE_LOGGER).addHandler(self.warnings)
        if self.session is not None:
            self._theme_env(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.renderer is None:
                # One Jinja environment for the plugin's life: under serve, a rebuild recompiles only
                # the templates whose files changed (Jinja checks their modification times).
                self.renderer = Renderer(self._path(self.config.templates_dir))
            if self.session is not None:
                self.session.begin()
            else:
                self._end_spill()
                self.spill = _spill_folder(Path(config.site_dir))
            self.output = generate_site(
                self._path(self.config.data_dir),
                self._path(self.config.templates_dir),
                renderer=self.renderer,
                content_dir=Path(config.docs_dir),
                use_directory_urls=config.use_directory_urls,
                display_root=self.root,
                site_url=config.site_url,
                session=self.session,
                spill=self.spill,
            )
        except ExplainerError as error:
            if self.command == "serve" and self.last_good is not None:
                for line in str(error).splitlines():
                    log.error(line)
                log.error("Serving the generated pages of the last good build until this is fixed.")
                self.problems = str(error)
                self.output = self.last_good
                self._apply_topic(config)
                return
            raise PluginError(str(error)) from None
        self.last_good, self.problems = self.output, None
        self._apply_topic(config)
        for warning in self.output.warnings:  # for review; at INFO level, so that --strict does not fail on them
            log.info(str(warning))
        if self.build_date is None and self.output.as_of is not None:
            self.build_date = build_datetime(str(day_epoch(self.output.as_of)), None)

    def _apply_topic(self, config: MkDocsConfig) -> None:
        """The site's name, description, language and text direction from site.yaml, where mkdocs.yml would give them."""
        assert self.output is not None
        site = self.output.site
        # Material prints these without escaping (they used to be mkdocs.yml's, which is code): they are data
        # now, so they go in escaped, as markup that Jinja's `e` filter leaves as it is.
        config.site_name = escape(site.title)
        config.site_description = escape(site.description) if site.description is not None else None
        config.theme["language"] = theme_language([Path(folder) for folder in config.theme.dirs], site.language)
        # The text's direction is the topic's language's, also when the theme has no words in that language.
        config.theme["direction"] = words(site.language).direction
        config.extra["explainer_search"] = search_box_words(words(site.language))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.output is not None
        self.files = files
        # The navigation: the index pages the topic has data for, then site.yaml's hand-written pages (every
        # page of content/ is listed there: the core refuses one that is not, or a listed one that is missing).
        # A section's title is data, and Material prints it without escaping: it goes in escaped.
        config.nav = [
            {str(escape(title)): pages for title, pages in entry.items()} if isinstance(entry, dict) else entry
            for entry in self.output.nav
        ]
        self.generated = {page.src: page for page in self.output.pages}
        added = []
        for page in self.output.pages:
            # Record pages are reached through index pages, not the navigation:
            # Material renders the whole navigation into every page.
            in_nav = page.src.count("/") == 0 or page.src.endswith("/index.md")
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            # Its front matter only: on_page_content puts its HTML in place (the page's text is not held twice).
            added.append(File.generated(config, page.src, content=front_matter(page), inclusion=inclusion))
        site = Path(config.site_dir)
        folders: set[Path] = set()
        for generated in self.output.files:
            if generated.spilled is not None:
                # Written into the site folder, which MkDocs has emptied by now; there MkDocs leaves it as it is.
                target = site / generated.path
                if target.parent not in folders:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                target.write_bytes(generated.text(self._spilled()).encode("utf-8"))
                written = File.generated(config, generated.path, abs_src_path=str(target))
                # Already in place: MkDocs would make its folder and compare it with itself, a hundred thousand
                # times on a large site, to find nothing to copy.
                written.copy_file = _in_place  # type: ignore[method-assign]  # (this file object only)
                added.append(written)
            else:
                added.append(File.generated(config, generated.path, content=generated.content))
        # The core refuses reserved names in content/ (contentfiles); this also holds for any theme file.
        problems = shadowing_problems(files, added, config, self.root)
        if problems:
            raise PluginError(str(DataError(problems)))
        for file in added:
            files.append(file)
        if self.session is not None and self.session.dirty:
            self._plan_writes(files, config)
        return files

    def _plan_writes(self, files: Files, config: MkDocsConfig) -> None:
        """Under ``mkdocs serve --dirty``: a generated file is written only when its content differs from what
        the last build wrote there; a page (generated or hand-written) is built only when :meth:`_plan_reuse`
        finds it changed, and is read in any case (its title is in every page's navigation)."""
        assert self.session is not None
        self.reused_pages = {}  # every page is read: its title is in the navigation (the plan comes in on_env)
        written, now = self.session.written, {}
        for file in files:
            if file.is_documentation_page():
                file.is_modified = self._built_unless_reused(file.src_uri)  # type: ignore[method-assign]
                continue
            if file.generated_by is None:
                continue  # a file of content/ or of the theme: MkDocs compares modification times
            content = file.content_string
            unchanged = written.get(file.dest_uri) is content or written.get(file.dest_uri) == content
            now[file.dest_uri] = content
            if unchanged and os.path.isfile(file.abs_dest_path):
                file.is_modified = lambda: False  # type: ignore[method-assign]
        self.written_now = now  # the session's record once the build has written them (on_post_build)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # The inline scripts a page's policy may allow: those the theme's and the generator's templates write.
        templates = [Path(folder) for folder in config.theme.dirs] + [self._path(self.config.templates_dir)]
        if self.session is None:
            self.scripts = InlineScripts.from_templates(templates)
        else:  # a session reads the installed theme's once; the project's own folders on every build
            custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else None
            kept = self.session.theme_scripts
            for folder in templates[:-1]:
                if os.path.abspath(folder) != custom and str(folder) not in kept:
                    kept[str(folder)] = folder_scripts(folder)
            self.scripts = InlineScripts.from_templates(templates, kept)
        if self.session is not None:
            self._plan_reuse(config, files)
        return env

    def _theme_env(self, config: MkDocsConfig) -> None:
        """Under serve: the theme's Jinja environment, which MkDocs makes anew for every build, gets the session's
        compiled templates, the theme's installed folders listed once a session (the project's overrides on every
        build), and the template of a page written as the last build wrote it."""
        assert self.session is not None
        session, theme = self.session, config.theme
        make_env = theme.get_env
        custom = os.path.abspath(theme.custom_dir) if theme.custom_dir else None

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = session.bytecode
            listed = _ListedOnce(theme.dirs, custom, session.theme_listings)
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({REUSED_PAGE_TEMPLATE: "{{ explainer_reused_page }}"}), listed])
            list_templates = env.list_templates

            def kept(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
                # MkDocs lists the theme's templates through a filter of its own (patterns by name: the
                # theme's static templates, Markdown and Python files, hidden files) on every build; its
                # answer for a name is the same while the filter and the static templates are.
                if extensions is not None or filter_func is None:
                    return list_templates(extensions, filter_func)
                answers = session.theme_filters.setdefault(_filter_key(filter_func, theme.static_templates), {})
                names = list_templates()
                for name in names:
                    if name not in answers:
                        answers[name] = filter_func(name)
                return [name for name in names if answers[name]]

            env.list_templates = kept  # type: ignore[method-assign]  # (this build's environment only)
            return env

        theme.get_env = get_env  # type: ignore[method-assign]  # (this build's theme object only)

    def _built_unless_reused(self, src: str) -> Callable[[], bool]:
        """A page's ``is_modified`` under dirty rebuilds: true while pages are read (every page is), then true
        unless :meth:`_plan_reuse` found it unchanged."""
        return lambda: src not in self.reused_pages

    def _plan_reuse(self, config: MkDocsConfig, files: Files) -> None:
        """Under serve, after every page is read: which pages this build may write as the last one did."""
        assert self.session is not None and self.nav is not None
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        site = self._site_key(config, pages)
        self.page_keys, self.reused_pages = {}, {}
        for page in pages:
            key = self.page_keys[page.file.src_uri] = _page_key(site, page)
            output = self.session.pages.reusable(page.file.src_uri, key)
            if output is not None and (not self.session.dirty or os.path.isfile(page.file.abs_dest_path)):
                self.reused_pages[page.file.src_uri] = output
                page.meta["template"] = REUSED_PAGE_TEMPLATE
                self.session.pages.keep(page.file.src_uri, key, output)  # (a dirty build does not build it)
        self.session.reused["pages"] = len(self.reused_pages)

    def _site_key(self, config: MkDocsConfig, pages: list[Page]) -> str:
        """What every page's output depends on besides the page: the configuration (as loaded, and as the topic
        set it), the theme's overrides, the build date, the navigation with its titles, the list of pages."""
        assert self.nav is not None and config.config_file_path is not None
        custom = config.theme.custom_dir
        return digest([
            *_config_files(Path(config.config_file_path)),
            json.dumps([config.markdown_extensions, config.mdx_configs], sort_keys=True, default=repr),
            tree_digest(Path(custom), max_bytes=1 << 62) if custom else "",
            json.dumps(
                [str(config.site_name), str(config.site_description), str(config.site_url), dict(config.theme.items()), config.extra],
                sort_keys=True,
                default=repr,
            ),
            str(self.build_date),
            self.problems or "",  # the banner every page shows while the data has problems
            json.dumps(_nav_outline(self.nav.items)),
            "\0".join(page.url for page in pages),
        ])

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        reused = self.reused_pages.get(page.file.src_uri)
        if reused is not None:
            context["explainer_reused_page"] = Markup(reused)  # type: ignore[typeddict-unknown-key]  # (read by REUSED_PAGE_TEMPLATE only)
        return context

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.build_date is not None:
            page.update_date = self.build_date.strftime("%Y-%m-%d")
        return page

    def on_template_context(self, context: TemplateContext, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        if self.build_date is not None:
            context["build_date_utc"] = self.build_date
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.output is not None
        if page.file.src_uri in self.generated and page.file.generated_by is not None:
            return ""  # already HTML: on_page_content puts it in place, without a Markdown pass
        if page.file.generated_by is None:
            markdown = self._front_matter(page, config)
            # Refused again if it goes over the limits on pages (serve renders pages despite problems).
            markdown = page_markdown(markdown, page.file.src_uri, self.output.record_pages)
        rendered = self.output.chart_blocks.get(page.file.src_uri)
        if rendered and page.file.generated_by is None:
            try:
                return replace_chart_blocks(markdown, [chart_slot(i) for i in range(len(rendered))])
            except ValueError:
                if self.problems is None:
                    raise
        return markdown  # a stale build under serve: the page's blocks changed since the last good one

    def _front_matter(self, page: Page, config: MkDocsConfig) -> str:
        """A hand-written page's Markdown, its front matter read by the core: ``page.meta`` holds only
        allowed keys, their texts escaped (Material prints them as they are). MkDocs' own reading is
        discarded, "key: value" first lines included."""
        front = read_front_matter(page.file.content_string, page.file.src_uri)
        page.meta = front.theme_meta()  # invalid keys were reported by the core; under serve they are dropped
        return front.body

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri) if page.file.generated_by is not None else None
        if generated is not None:
            # Every editor's string was escaped or sanitized where it landed in this HTML.
            # The headings the page's context declares, as MkDocs' toc tokens.
            page.toc = get_toc(toc_tokens(generated.toc))
            page.present_anchor_ids = set(generated.anchors)
            # A spilled page's HTML stays on disk until its page is written (on_post_page): MkDocs reads every
            # page before it writes any, and would otherwise hold the whole site's text at once.
            return _stub(generated) if generated.spilled is not None else generated.html
        assert self.output is not None
        return fill_chart_slots(sanitize_page(html), self.output.chart_blocks.get(page.file.src_uri, []))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        generated = self.generated.get(page.file.src_uri) if page.file.generated_by is not None else None
        if generated is not None and generated.spilled is not None:
            stub = _stub(generated)
            if output.count(stub) != 1:
                raise PluginError(f"{page.file.src_uri} (generated): the theme did not print the page's content once, as it is")
            output = output.replace(stub, generated.text(self._spilled()))
        if self.session is not None and page.file.src_uri in self.page_keys:
            # A dirty build skips an unchanged page without its output: only the fingerprint is kept.
            kept = "" if self.session.dirty else output
            self.session.pages.keep(page.file.src_uri, self.page_keys[page.file.src_uri], kept)
        if self.command != "serve":
            # Not under serve: MkDocs' live-reload script, added to each response, is inline.
            output = self._with_policy(output, self._shown_page(page, config))
        if self.problems is None:
            return output
        banner = (
            '<div class="ex-build-errors" role="alert">'
            f"The data has problems; the generated pages are from the last good build.\n{escape(self.problems)}</div>"
        )
        start = output.find("<body")
        end = output.find(">", start) + 1 if start != -1 else 0
        return output[:end] + banner + output[end:]

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # Theme pages that are not documentation pages (404.html) get their policy too.
        if template_name.endswith(".html") and self.command != "serve":
            return self._with_policy(output_content, f"{template_name} (the theme's)")
        return output_content

    def _with_policy(self, html: str, shown: str) -> str:
        assert self.scripts is not None, "on_env reads the templates' inline scripts before any page is written"
        try:
            return with_policy(html, self.scripts)
        except ForeignScriptError as error:
            raise PluginError(f"{shown}: {error}") from None

    def _shown_page(self, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by is not None:
            return f"{page.file.src_uri} (generated)"
        return display_path(Path(config.docs_dir) / page.file.src_uri, self.root)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.session is not None:
            reused = self.session.reused
            log.info(
                f"Preview: {self.session.records.reused} data files read as before; {self.session.checked.reused} records"
                " checked as before; generated pages"
                f" {'as before' if reused['generated'] else 'made anew'}; {reused['pages']} of {len(self.page_keys)} pages written as before"
            )
        site = Path(config.site_dir)
        if self.session is not None and self.session.dirty and self.files is not None:
            _remove_stale(site, self.files, config)
            if self.written_now is not None:
                self.session.written, self.written_now = self.written_now, None
        try:  # a name the _headers syntax cannot hold is refused, never written
            # Under serve the search index is written after, in the background: its folder has its rule anyway.
            later = (INDEX_FOLDER,) if self.command == "serve" else ()
            headers = headers_file(site, display_path(self.staged.site_dir if self.staged else site, self.root), folders_to_come=later)
        except ExplainerError as error:
            raise PluginError(str(error)) from None
        (site / "_headers").write_text(headers, encoding="utf-8")
        self._end_spill()  # every page and file is written by now
        if self.staged is None:
            return
        logging.getLogger(ENGINE_LOGGER).removeHandler(self.warnings)
        if config.strict and self.warnings.count:
            self.staged.abort()  # MkDocs aborts next; the previous site stays
        else:
            self.staged.commit()
        config.site_dir = str(self.staged.site_dir)
        self.staged = None

    def _spilled(self) -> BinaryIO:
        """The spill's file, opened once a build."""
        if self.spill_file is None:
            assert self.spill is not None, "only a build that spilled has pages and files to read back"
            self.spill_file = (self.spill / SPILLED).open("rb")
        return self.spill_file

    def _end_spill(self) -> None:
        if self.spill_file is not None:
            self.spill_file.close()
            self.spill_file = None
        if self.spill is not None:
            shutil.rmtree(self.spill, ignore_errors=True)
            self.spill = None

    def on_build_error(self, *, error: Exception) -> None:
        self._end_spill()
        if self.session is not None:  # what a failed build wrote may be half made: start afresh
            self.session.pages = type(self.session.pages)()
            self.session.written, self.written_now = {}, None
        if self.staged is not None:
            logging.getLogger(ENGINE_LOGGER).removeHandler(self.warnings)
            self.staged.abort()
            self.staged = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        for folder in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(self._path(folder)))
        return server


def _remove_stale(site: Path, files: Files, config: MkDocsConfig) -> None:
    """After a dirty build: remove the files an earlier build wrote that this one would not have (a page or a
    download of a record since removed). What the theme and mkdocs.yml's ``extra_templates`` write besides the
    files (404 page, sitemaps) and the search index (written next, in the background) stay; a file another
    plugin writes elsewhere would not (this site has none)."""
    kept = {os.path.normpath(file.abs_dest_path) for file in files}
    kept.update(
        os.path.normpath(site / name) for name in (*config.theme.static_templates, *config.extra_templates, "sitemap.xml.gz", "_headers")
    )
    index = os.path.normpath(site / INDEX_FOLDER)  # being written by now, in the background: not walked
    walked = []
    for directory, folders, names in os.walk(site, topdown=True):
        folders[:] = [folder for folder in folders if os.path.normpath(os.path.join(directory, folder)) != index]
        walked.append(directory)
        for name in names:
            path = os.path.normpath(os.path.join(directory, name))
            if path not in kept:
                os.remove(path)
    for directory in reversed(walked[1:]):  # folders emptied, each after those inside it
        if not os.listdir(directory):
            os.rmdir(directory)


def _in_place(dirty: bool = False) -> None:
    """A written file's ``copy_file``: it is where MkDocs would copy it."""


def _spill_folder(site_dir: Path) -> Path:
    """A new, empty folder beside the site folder (on the disk the site is written to), for one build's spill;
    those that builds which crashed left there are removed first."""
    prefix = f".{site_dir.name}.spill-"
    if site_dir.parent.is_dir():
        for leftover in sorted(site_dir.parent.glob(prefix + "*")):
            shutil.rmtree(leftover, ignore_errors=True)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))


def _stub(generated: GeneratedPage) -> str:
    """What stands for a spilled page's HTML in MkDocs' page until it is written: a comment no page's text can
    hold (every text is escaped), with "<h1" where the HTML has one (Material adds a title to a page without)."""
    return f"<!--explainer-page:{generated.src}{':<h1' if generated.titled else ''}-->"


def _page_key(site: str, page: Page) -> str:
    """A fingerprint of what a page's output is made from: the site's (``site``), and the page's address,
    title, content, headings and front matter."""
    return digest([
        site,
        page.file.src_uri,
        page.url,
        str(page.title),
        page.content or "",
        json.dumps(_toc_outline(page.toc.items)),
        json.dumps(page.meta, sort_keys=True, default=repr),
        str(page.update_date),
        str(page.canonical_url),
        str(page.edit_url),
    ])


def _toc_outline(items: list[AnchorLink]) -> list[Any]:
    return [[item.title, item.id, item.level, _toc_outline(item.children)] for item in items]


_INHERIT = re.compile(r"""^INHERIT:[ \t]*["']?([^"'\n#]+?)["']?[ \t]*(?:#.*)?$""", re.M)


def _config_files(path: Path) -> list[bytes]:
    """The bytes of the configuration file and of each file it inherits from (MkDocs' ``INHERIT``, relative to
    the file that names it): a change in a parent changes the site as much as one in mkdocs.yml."""
    found: list[bytes] = []
    seen: set[Path] = set()
    while path not in seen and len(seen) < 16 and path.is_file():
        seen.add(path)
        data = path.read_bytes()
        found.append(data)
        parent = _INHERIT.search(data.decode("utf-8", "replace"))
        if parent is None:
            break
        path = (path.parent / parent.group(1).strip()).resolve()
    return found


def _nav_outline(items: list[Any]) -> list[Any]:
    """The navigation as the theme prints it: each entry's kind, title, address and children."""
    outline: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            outline.append(["section", str(item.title), _nav_outline(item.children)])
        elif isinstance(item, Link):
            outline.append(["link", str(item.title), item.url])
        else:
            outline.append(["page", str(item.title), item.url, item.file.src_uri])
    return outline


class SearchIndexConfig(base.Config):
    """``explainer-search`` takes no options: what is indexed is marked in the pages (see explainer.search)."""


class SearchIndexPlugin(BasePlugin[SearchIndexConfig]):
    """``explainer-search``: the site's search index (:func:`explainer.search.index_site`), written into the
    built site after every page. A plugin of its own, so that a site built without the explainer (the
    bench's plain MkDocs baseline) is indexed the same way.

    ``mkdocs build``: it runs before the explainer plugin's ``on_post_build`` (priority), so the index is
    written into the staging folder before that replaces the site, and is listed in ``_headers``; a failure
    aborts the build and leaves the previous site in place. ``mkdocs serve``: the index is written in the
    background, so that a preview does not wait for it (its search answers a moment later); the next
    rebuild waits for it before MkDocs clears the folder.
    """

    def __init__(self) -> None:
        self.command = "build"
        self.indexing: threading.Thread | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Its presence keeps one instance for the whole of `mkdocs serve` (MkDocs' rule), and so its thread.
        self.command = command

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._wait()

    def on_shutdown(self) -> None:
        self._wait()

    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.command == "serve":
            self.indexing = threading.Thread(target=self._index_in_background, args=(site,), name="explainer-search", daemon=True)
            self.indexing.start()
            return
        try:
            summary = index_site(site)
        except ExplainerError as error:
            raise PluginError(str(error)) from None
        log.info(f"Search index: {summary.log}")

    def _index_in_background(self, site: Path) -> None:
        try:
            summary = index_site(site)
        except (ExplainerError, OSError) as error:
            log.error(f"The preview's search index could not be written: {error}")
            return
        log.info(f"Search index: {summary.log}")

    def _wait(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None



def shadowing_problems(files: Files, added: list[File], config: MkDocsConfig, root: Path) -> list[Problem]:
    """A problem for each file of the docs folder whose path or address is a theme file's or a generated file's.

    MkDocs lets a docs file win over a theme file of the same path (``add_files_from_theme`` skips the
    theme's), so a file in content/ could replace the site's scripts; a generated file would collide.
    Names are compared without case, as case-insensitive hosts and file systems would.
    """
    # The theme's files are looked up by the docs files' names (a few), not listed (hundreds, on every rebuild
    # of a preview): any file of a theme folder counts, a superset of what MkDocs copies from it.
    theme = _ThemeFiles([Path(folder) for folder in config.theme.dirs])
    owned = {name.lower(): "a page the theme writes" for name in (*config.theme.static_templates, "sitemap.xml.gz")}
    for file in added:
        for path in (file.src_uri, file.dest_uri):
            owned.setdefault(path.lower(), "generated from the data")
    docs = os.path.abspath(config.docs_dir)
    problems = []
    for file in files:
        if file.src_dir is None or os.path.abspath(file.src_dir) != docs:
            continue
        for path in (file.src_uri, file.dest_uri):
            what = owned.get(path.lower()) or ("one of the theme's files" if theme.has(path) else None)
            if what is not None:
                shown = display_path(Path(docs) / file.src_uri, root)
                message = (
                    f"this file would collide with a file generated from the data ({path}); rename or remove it"
                    if what == "generated from the data"
                    else f"this file would replace {what} ({path}); rename or remove it"
                )
                problems.append(Problem(shown, 1, 1, message))
                break
    return sorted(problems)


def _filter_key(filter_func: Callable[[str], bool], static_templates: Any) -> str:
    """What a theme listing's filter decides by: its code and the theme's static templates."""
    code = getattr(filter_func, "__code__", None)
    return f"{code!r}\0{sorted(static_templates)!r}" if code is not None else repr(filter_func)


class _ListedOnce(jinja2.FileSystemLoader):
    """The theme's folders as MkDocs' loader reads them, with each installed folder's listing kept for the
    session (``listings``): MkDocs lists every template of the theme on every build to copy its files. The
    project's own folder (``custom``, the overrides) is listed on every build."""

    def __init__(self, folders: list[str], custom: str | None, listings: dict[str, list[str]]):
        super().__init__(folders)
        self.custom = custom
        self.listings = listings

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if os.path.abspath(folder) == self.custom:
                found.update(jinja2.FileSystemLoader(folder).list_templates())
                continue
            listing = self.listings.get(folder)
            if listing is None:
                listing = self.listings[folder] = jinja2.FileSystemLoader(folder).list_templates()
            found.update(listing)
        return sorted(found)


class _ThemeFiles:
    """Whether the theme's folders hold a file of a given path, compared without case (each folder read once)."""

    def __init__(self, folders: list[Path]):
        self.folders = folders
        self._listings: dict[Path, dict[str, str]] = {}

    def _entries(self, folder: Path) -> dict[str, str]:
        found = self._listings.get(folder)
        if found is None:
            try:
                found = {name.lower(): name for name in sorted(os.listdir(folder))}
            except OSError:  # not a folder, or none
                found = {}
            self._listings[folder] = found
        return found

    def has(self, path: str) -> bool:
        for root in self.folders:
            here = root
            parts = path.split("/")
            for position, part in enumerate(parts):
                name = self._entries(here).get(part.lower())
                if name is None:
                    break
                here = here / name
                if position == len(parts) - 1 and here.is_file():
                    return True
        return False
