"""The MkDocs plugin: a thin adapter that hands the configuration to the core.

It validates and renders in ``on_pre_build``, before MkDocs cleans the site
folder, so that bad data stops the build with every problem listed and the
last site left in place; it adds the generated pages, embed pages and chart
downloads as virtual files in ``on_files`` (nothing is written into the docs
folder), puts charts in place of the chart blocks of hand-written pages, and,
under ``mkdocs serve``, watches the data and templates folders.
"""

from __future__ import annotations

import logging
from pathlib import Path

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


class ExplainerConfig(base.Config):
    data_dir = c.Type(str, default="site_data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """The templates folder (with pages/ and embeds/), relative to mkdocs.yml."""


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.output: SiteOutput | None = None
        self.root = Path.cwd()

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
            raise PluginError(str(error)) from None

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
            return replace_chart_blocks(markdown, rendered)
        return markdown

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        for folder in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(self._path(folder)))
        return server
