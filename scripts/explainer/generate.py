"""The generator's entry point: data and templates in, pages out. No MkDocs here."""

from __future__ import annotations

from pathlib import Path

from .loader import load_dataset
from .render import GeneratedPage, Renderer, render_site


def generate_pages(
    data_dir: Path,
    templates_dir: Path,
    *,
    use_directory_urls: bool = True,
    display_root: Path | None = None,
    renderer: Renderer | None = None,
) -> list[GeneratedPage]:
    """Load and validate ``data_dir``, then render every generated page.

    Raises :class:`explainer.errors.DataError` listing every problem in the
    data, or :class:`explainer.errors.TemplateError` for a broken template.
    """
    dataset = load_dataset(Path(data_dir), display_root=display_root)
    return render_site(dataset, Path(templates_dir), use_directory_urls=use_directory_urls, renderer=renderer)
