"""The engine boundary: the core loads, validates and renders without MkDocs."""

from __future__ import annotations

import subprocess
import sys
from typing import ClassVar

from conftest import ROOT


def test_the_core_does_not_import_mkdocs(mini):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from explainer.generate import generate_site\n"
        "import explainer.cli, explainer.coverage\n"
        f"pages = generate_site(Path({str(mini)!r}), Path({str(ROOT / 'templates')!r})).pages\n"
        "assert pages\n"
        "print(sorted(name for name in sys.modules if name == 'mkdocs' or name.startswith('mkdocs.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_plugin_watches_data_and_templates_under_serve(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig

    from explainer.plugin import ExplainerPlugin

    plugin = ExplainerPlugin()
    plugin.load_config({"data_dir": "facts", "templates_dir": "tpl"})
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    plugin.on_config(config)

    class Server:
        watched: ClassVar[list[str]] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    assert server.watched == [str((tmp_path / "facts").resolve()), str((tmp_path / "tpl").resolve())]
