"""The site engines that build the same ``site_data/``, ``content/`` and templates, each by one command.

- **MkDocs 1.6** (``mkdocs build --strict``) and **ProperDocs** (``properdocs build --strict``, the maintained
  fork of MkDocs 1.x): they run the plugin (:mod:`explainer.plugin`), which imports ``mkdocs``; under
  ProperDocs, its compatibility shim answers that import with ProperDocs' own modules.
- **Zensical** (Material for MkDocs' successor): it reads ``mkdocs.yml`` but runs no MkDocs plugin;
  :mod:`explainer.zensical_adapter` does the plugin's work around it.

``explainer build --engine NAME`` runs any of them (MkDocs and ProperDocs through their own command, in a
process of their own). The core never imports an engine.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from .errors import ExplainerError

ENGINES = ("mkdocs", "properdocs", "zensical")
#: The extra that installs each engine (``pip install -e '.[properdocs]'``); MkDocs is a dependency.
EXTRAS = {"mkdocs": None, "properdocs": "properdocs", "zensical": "zensical"}


def build_command(engine: str, config_file: Path) -> list[str]:
    """The command that builds the site with MkDocs or ProperDocs: strict, never quiet (mkdocs#4126)."""
    if engine not in ("mkdocs", "properdocs"):
        raise ValueError(f"{engine} has no build command of its own here")
    # ProperDocs also reads mkdocs.yml, when it is named (it would look for properdocs.yml first).
    return [sys.executable, "-m", engine, "build", "--strict", "--config-file", str(Path(config_file).resolve())]


def build_site(engine: str, config_file: Path) -> int:
    """Build the site of ``config_file`` with ``engine``; the exit status (0 when the site was built)."""
    if engine == "zensical":
        from .zensical_adapter import build_with_zensical

        built = build_with_zensical(config_file)
        print(f"Zensical built {built.pages} pages into {built.site} in {built.seconds:.1f} s; search: {built.search}", file=sys.stderr)
        return 0
    if importlib.util.find_spec(engine) is None:
        raise ExplainerError(f"{engine} is not installed: pip install -e '.[{EXTRAS[engine]}]'")
    import subprocess  # here: the command line imports ENGINES for every command, and `check` runs none

    # The message MkDocs' own plugins print about ProperDocs is for their users, not this site's builds.
    environment = dict(os.environ, DISABLE_MKDOCS_2_WARNING="true", NO_MKDOCS_2_WARNING="1")
    finished = subprocess.run(build_command(engine, config_file), cwd=Path(config_file).resolve().parent, env=environment, check=False)
    return finished.returncode
