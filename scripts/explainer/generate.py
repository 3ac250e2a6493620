"""The generator's entry point: data, templates and hand-written pages in; pages, charts and embeds out.

No MkDocs here: the plugin and ``explainer render`` both call :func:`generate_site`.
"""

from __future__ import annotations

import gc
from pathlib import Path

from .articles import scan_content
from .errors import DataError
from .loader import load_dataset
from .render import Renderer, SiteOutput, render_site


def generate_site(
    data_dir: Path,
    templates_dir: Path,
    *,
    content_dir: Path | None = None,
    use_directory_urls: bool = True,
    display_root: Path | None = None,
    renderer: Renderer | None = None,
) -> SiteOutput:
    """Load and validate the data and the hand-written pages' chart blocks, then render everything.

    Raises :class:`explainer.errors.DataError` listing every problem in the data
    and in ``content_dir``, or :class:`explainer.errors.TemplateError` for a
    broken template.
    """
    # The generator makes millions of small objects and no garbage cycles to speak of: Python's
    # cyclic collector, run every few hundred allocations, would spend a third of the time walking
    # them. It is paused while the site is generated, and what was made is then set aside
    # (gc.freeze), so that collections during the rest of the build do not walk it again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        dataset = load_dataset(Path(data_dir), display_root=display_root)
        blocks = {}
        if content_dir is not None:
            blocks, problems = scan_content(dataset, Path(content_dir), display_root)
            if problems:
                raise DataError(problems)
        output = render_site(
            dataset,
            Path(templates_dir),
            use_directory_urls=use_directory_urls,
            renderer=renderer,
            content_blocks=blocks,
        )
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return output
