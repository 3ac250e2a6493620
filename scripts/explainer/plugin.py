"""The MkDocs plugin: a thin adapter that hands the configuration to the core.

It validates and renders in ``on_pre_build``, before MkDocs cleans the site
folder, so that bad data stops the build with every problem listed and no
site written; it adds the rendered pages as virtual files in ``on_files``
(nothing is written into the docs folder) and, under ``mkdocs serve``, watches
the data and templates folders.
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

from .errors import ExplainerError
from .generate import generate_pages
from .render import GeneratedPage

log = logging.getLogger("mkdocs.plugins.explainer")


class ExplainerConfig(base.Config):
    data_dir = c.Type(str, default="site_data")
    """The data folder, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """The templates folder (its pages/ subfolder holds the page templates), relative to mkdocs.yml."""


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.pages: list[GeneratedPage] = []
        self.root = Path.cwd()

    def _path(self, value: str) -> Path:
        return (self.root / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            self.pages = generate_pages(
                self._path(self.config.data_dir),
                self._path(self.config.templates_dir),
                use_directory_urls=config.use_directory_urls,
                display_root=self.root,
            )
        except ExplainerError as error:
            raise PluginError(str(error)) from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(
                    f"{config.docs_dir}/{page.src}: this page is generated from the data;"
                    " rename or remove the hand-written file"
                )
            # Record pages are reached through index pages, not the navigation:
            # Material renders the whole nav into every page.
            inclusion = InclusionLevel.NOT_IN_NAV if page.src.count("/") and not page.src.endswith("/index.md") else InclusionLevel.UNDEFINED
            files.append(File.generated(config, page.src, content=page.text, inclusion=inclusion))
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        for folder in (self.config.data_dir, self.config.templates_dir):
            server.watch(str(self._path(folder)))
        return server
