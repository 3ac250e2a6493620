"""The MkDocs plugin: a thin adapter that hands the configuration to the core.

It validates and renders in ``on_pre_build``, before MkDocs cleans the site
folder, so that bad data stops the build with every problem listed and the
last site left in place; it adds the generated pages, embed pages and chart
downloads as virtual files in ``on_files`` (nothing is written into the docs
folder), puts charts in place of the chart blocks of hand-written pages, and,
under ``mkdocs serve``, watches the data and templates folders.

Under ``mkdocs serve``, a broken file does not stop the server (MkDocs' own
server would stall every request until a build succeeds): the problems are
logged, every page carries a banner listing them, and the generated pages of
the last good build are served until the file is fixed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .articles import replace_chart_blocks
from .errors import ExplainerError
from .generate import generate_site
from .render import SiteOutput

log = logging.getLogger("mkdocs.plugins.explainer")


def _after_body(html: str, banner: str) -> str:
    start = html.index("<body")
    end = html.index(">", start) + 1
    return html[:end] + banner + html[end:]


class ExplainerConfig(base.Config):
    data_dir = c.Type(str, default="site_data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """The templates folder (with pages/ and embeds/), relative to mkdocs.yml."""


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.output: SiteOutput | None = None
        self.last_good: SiteOutput | None = None
        self.problems: str | None = None
        self.serving = False
        self.root = Path.cwd()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def _path(self, value: str) -> Path:
        return (self.root / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
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
            if self.serving and self.last_good is not None:
                for line in str(error).splitlines():
                    log.error(line)
                log.error("Serving the generated pages of the last good build until this is fixed.")
                self.problems = str(error)
                self.output = self.last_good
                return
            raise PluginError(str(error)) from None
        self.last_good = self.output
        self.problems = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.output is not None
        for page in self.output.pages:
            if files.get_file_from_path(page.src) is not None:
                raise PluginError(
                    f"{Path(config.docs_dir).relative_to(self.root) if Path(config.docs_dir).is_relative_to(self.root) else config.docs_dir}/{page.src}:"
                    " this page is generated from the data; rename or remove the hand-written file"
                )
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
        rendered = self.output.chart_blocks.get(page.file.src_uri)
        if rendered and page.file.generated_by is None:
            try:
                return replace_chart_blocks(markdown, rendered)
            except ValueError:
                if self.problems is None:
                    raise
                return markdown  # serving a stale build: the page's blocks changed since then
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.problems is None:
            return output
        banner = (
            '<div class="ex-build-errors" role="alert">'
            f"The data has problems; the generated pages are from the last good build.\n{escape(self.problems)}</div>"
        )
        return _after_body(output, banner) if "<body" in output else banner + output

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        for folder in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(self._path(folder)))
        return server
