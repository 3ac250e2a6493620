"""The generator's entry point: data, templates and hand-written pages in; pages, charts and embeds out.

No MkDocs here: the plugin and ``explainer render`` both call :func:`generate_site`.
"""

from __future__ import annotations

from pathlib import Path

from .articles import ChartBlock, scan_content
from .contentfiles import content_problems
from .errors import DataError
from .loader import Dataset, load_dataset
from .render import Renderer, SiteOutput, render_site


def load_and_check(
    data_dir: Path, content_dir: Path | None, display_root: Path | None = None
) -> tuple[Dataset, dict[str, list[ChartBlock]]]:
    """The data, validated, and the chart blocks of the hand-written pages (what ``explainer check`` checks).

    Raises :class:`explainer.errors.DataError` listing every problem of the data and of ``content_dir``
    at once: when the data cannot be loaded, the pages folder's own problems (its files, front matter),
    which need no data, are listed with the data's.
    """
    try:
        dataset = load_dataset(Path(data_dir), display_root=display_root)
    except DataError as error:
        if content_dir is None:
            raise
        raise DataError(error.problems + content_problems(Path(content_dir), display_root)) from None
    blocks: dict[str, list[ChartBlock]] = {}
    if content_dir is not None:
        blocks, problems = scan_content(dataset, Path(content_dir), display_root)
        if problems:
            raise DataError(problems)
    return dataset, blocks


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
    dataset, blocks = load_and_check(Path(data_dir), content_dir, display_root)
    output = render_site(
        dataset,
        Path(templates_dir),
        use_directory_urls=use_directory_urls,
        renderer=renderer,
        content_blocks=blocks,
    )
    return output
