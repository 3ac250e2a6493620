"""The MkDocs plugin: a thin adapter that hands the configuration to the core.

- ``on_pre_build`` validates and renders everything (:func:`explainer.generate.generate_site`)
  before MkDocs cleans the site folder; bad data stops the build with every
  problem listed.
- ``on_files`` adds the generated pages, embed pages and chart downloads as
  virtual files: nothing is written into the docs folder.
- Hand-written pages: chart blocks become slots before Markdown, the rendered
  HTML is sanitized (:mod:`explainer.sanitize`), then the charts fill the slots.
- ``mkdocs build`` writes into a staging folder that replaces the site only when
  the build succeeds, strict warnings included (:mod:`explainer.staging`); the
  build date comes from the last commit (:mod:`explainer.reproducible`).
- Under ``mkdocs serve``, a broken file does not stop the server (MkDocs' own
  server would stall every request until a build succeeds): the problems are
  logged and shown in a banner, and the last good generated pages are served.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .articles import chart_slot, fill_chart_slots, replace_chart_blocks, resolve_record_links
from .errors import ExplainerError
from .generate import generate_site
from .render import GeneratedPage, SiteOutput, defer_excluded, restore_excluded
from .reproducible import day_epoch, last_commit_time
from .sanitize import sanitize_page
from .security import headers_file, with_policy
from .staging import StagedOutput

log = logging.getLogger("mkdocs.plugins.explainer")


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
        self.deferred: dict[str, list[str]] = {}
        self.last_good: SiteOutput | None = None
        self.problems: str | None = None
        self.command = "build"
        self.dirty = False
        self.staged: StagedOutput | None = None
        self.warnings = _WarningCounter()
        self.root = Path.cwd()

    def _path(self, value: str) -> Path:
        return (self.root / value).resolve()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        if config.strict and logging.getLogger("mkdocs").getEffectiveLevel() > logging.WARNING:
            raise PluginError(
                "--strict cannot see warnings that -q (--quiet) hides, and MkDocs 1.6.1 then exits 0"
                " (mkdocs#4126); build with --strict and without -q"
            )
        if "SOURCE_DATE_EPOCH" not in os.environ and (epoch := last_commit_time(self.root)) is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        if self.command in ("build", "gh-deploy") and not self.dirty:
            self.staged = StagedOutput(Path(config.site_dir))
            config.site_dir = str(self.staged.begin())
            self.warnings.count = 0
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            self.output = generate_site(
                self._path(self.config.data_dir),
                self._path(self.config.templates_dir),
                content_dir=Path(config.docs_dir),
                use_directory_urls=config.use_directory_urls,
                display_root=self.root,
            )
        except ExplainerError as error:
            if self.command == "serve" and self.last_good is not None:
                for line in str(error).splitlines():
                    log.error(line)
                log.error("Serving the generated pages of the last good build until this is fixed.")
                self.problems = str(error)
                self.output = self.last_good
                return
            raise PluginError(str(error)) from None
        self.last_good, self.problems = self.output, None
        if "SOURCE_DATE_EPOCH" not in os.environ and self.output.as_of is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(day_epoch(self.output.as_of))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.output is not None
        docs = Path(config.docs_dir)
        self.generated = {page.src: page for page in self.output.pages}
        for page in self.output.pages:
            if files.get_file_from_path(page.src) is not None:
                shown = docs.relative_to(self.root) if docs.is_relative_to(self.root) else docs
                raise PluginError(f"{shown}/{page.src}: this page is generated from the data; rename or remove the hand-written file")
            # Record pages are reached through index pages, not the navigation:
            # Material renders the whole navigation into every page.
            in_nav = page.src.count("/") == 0 or page.src.endswith("/index.md")
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=page.text, inclusion=inclusion))
        for generated in self.output.files:
            files.append(File.generated(config, generated.path, content=generated.content))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.output is not None
        if page.file.src_uri in self.generated and page.file.generated_by is not None:
            return ""  # already HTML: on_page_content puts it in place, without a Markdown pass
        if page.file.generated_by is None:
            markdown = resolve_record_links(markdown, page.file.src_uri, self.output.record_link)
        rendered = self.output.chart_blocks.get(page.file.src_uri)
        if rendered and page.file.generated_by is None:
            try:
                return replace_chart_blocks(markdown, [chart_slot(i) for i in range(len(rendered))])
            except ValueError:
                if self.problems is None:
                    raise
        return markdown  # a stale build under serve: the page's blocks changed since the last good one

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri) if page.file.generated_by is not None else None
        if generated is not None:
            # Every editor's string was escaped or sanitized where it landed in this HTML.
            page.toc = get_toc([entry.token() for entry in generated.toc])  # type: ignore[arg-type]
            page.present_anchor_ids = set(generated.anchors)
            searchable, self.deferred[page.file.src_uri] = defer_excluded(generated.html)
            return searchable
        assert self.output is not None
        return fill_chart_slots(sanitize_page(html), self.output.chart_blocks.get(page.file.src_uri, []))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        deferred = self.deferred.pop(page.file.src_uri, None)
        if deferred:
            output = restore_excluded(output, deferred)
        if self.command != "serve":
            # Not under serve: MkDocs' live-reload script, added to each response, is inline.
            output = with_policy(output)
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
            return with_policy(output_content)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        (site / "_headers").write_text(headers_file(site), encoding="utf-8")
        if self.staged is None:
            return
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if config.strict and self.warnings.count:
            self.staged.abort()  # MkDocs aborts next; the previous site stays
        else:
            self.staged.commit()
        config.site_dir = str(self.staged.site_dir)
        self.staged = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.staged is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.staged.abort()
            self.staged = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        for folder in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(self._path(folder)))
        return server
