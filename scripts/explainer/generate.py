"""The generator's entry point: data, templates and hand-written pages in; pages, charts and embeds out.

No MkDocs here: the plugin and ``explainer render`` both call :func:`generate_site`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .articles import ChartBlock, scan_content
from .contentfiles import content_problems, list_content, shown_path, symlinks_on_path
from .dataset import SITE_DOCUMENT, Dataset
from .errors import DataError, Problem
from .expectations import load_expectations
from .loader import MAX_TEXT_BYTES, load_dataset
from .validate import CheckedRecords, data_warnings

if TYPE_CHECKING:  # rendering is imported by generate_site: `explainer check` needs none of it (Jinja, the pages)
    from .handwritten import HandWrittenPage
    from .incremental import FileDigests, ParsedFiles, PreviewSession
    from .render import Renderer, SiteOutput


def load_and_check(
    data_dir: Path,
    content_dir: Path | None,
    display_root: Path | None = None,
    *,
    parsed: ParsedFiles[object] | None = None,
    checked: CheckedRecords | None = None,
    loaded: Dataset | None = None,
) -> tuple[Dataset, dict[str, list[ChartBlock]]]:
    """The data, validated, and the chart blocks of the hand-written pages (what ``explainer check`` checks).

    Raises :class:`explainer.errors.DataError` listing every problem of the data and of ``content_dir``
    at once: when the data cannot be loaded, the pages folder's own problems (its files, front matter),
    which need no data, are listed with the data's. ``parsed``: a preview's files as its last build read them;
    ``checked``: its records' checks as its last build made them; ``loaded``: the data as a preview's last build
    loaded and validated it, when no data file changed since.
    """
    # The topic's expectations (for its tests) are read too, so that a mistake in them shows here first.
    expectation_problems = _expectation_problems(Path(data_dir), display_root)
    try:
        dataset = loaded if loaded is not None else load_dataset(Path(data_dir), display_root=display_root, parsed=parsed, checked=checked)
    except DataError as error:
        pages = content_problems(Path(content_dir), display_root) if content_dir is not None else []
        raise DataError(error.problems + expectation_problems + pages) from None
    blocks: dict[str, list[ChartBlock]] = {}
    if content_dir is not None:
        blocks, problems = scan_content(dataset, Path(content_dir), display_root)
        problems += navigation_problems(dataset, Path(content_dir), display_root)
        if problems:
            raise DataError(expectation_problems + problems)
    if expectation_problems:
        raise DataError(expectation_problems)
    return dataset, blocks


def _expectation_problems(data_dir: Path, display_root: Path | None) -> list[Problem]:
    try:
        load_expectations(data_dir, display_root)
    except DataError as error:
        return list(error.problems)
    return []


def navigation_problems(dataset: Dataset, content_dir: Path, display_root: Path | None = None) -> list[Problem]:
    """What the build would refuse in the navigation that site.yaml's ``pages`` gives: a listed page that is not
    in the pages folder, a page listed twice, and a page of the folder that is not listed (MkDocs' strict build
    stops on a page left out of the navigation)."""
    site_doc = dataset.documents.get(SITE_DOCUMENT)
    if site_doc is None or not content_dir.is_dir() or symlinks_on_path(content_dir, display_root, "pages folder", display_root):
        return []  # no site.yaml, or no pages folder, or one that is not read (a link): said elsewhere
    listing = list_content(content_dir, display_root)
    found = {path.relative_to(content_dir).as_posix(): path for path in listing.pages}
    problems = []
    listed: set[str] = set()
    for index, entry in enumerate(dataset.site.pages):
        located = [(("pages", index), entry.page)] if entry.page is not None else [
            (("pages", index, "pages", position), page) for position, page in enumerate(entry.pages)
        ]
        for where, page in located:
            if page in listed:
                problems.append(site_doc.problem(where, f"'{page}' is listed twice in 'pages'; keep one"))
            elif page not in found:
                shown = shown_path(content_dir / page, display_root)
                problems.append(site_doc.problem(where, f"'{page}' is not a page of the pages folder ({shown} does not exist); fix the path or remove it from 'pages'"))
            listed.add(page)
    for page, path in sorted(found.items()):
        if page not in listed:
            problems.append(
                Problem(
                    shown_path(path, display_root),
                    1,
                    1,
                    f"this page is not in site.yaml's 'pages', so the navigation would leave it out (the build stops"
                    f" on that); add '{page}' to 'pages' where the navigation should list it",
                )
            )
    return sorted(problems)


def generate_site(
    data_dir: Path,
    templates_dir: Path,
    *,
    content_dir: Path | None = None,
    use_directory_urls: bool = True,
    display_root: Path | None = None,
    renderer: Renderer | None = None,
    site_url: str | None = None,
    session: PreviewSession | None = None,
    spill: Path | None = None,
) -> SiteOutput:
    """Load and validate the data and the hand-written pages' chart blocks, then render everything.

    ``session``: a preview's memory of its last build (:mod:`explainer.incremental`): unchanged data files are
    not read again, and when nothing the pages are made from changed, the last output is the output.
    ``spill``: a folder for the build's files, written as they are made (:func:`explainer.render.render_site`);
    not with a ``session``, which keeps its output in memory from one build to the next.

    Raises :class:`explainer.errors.DataError` listing every problem in the data
    and in ``content_dir``, or :class:`explainer.errors.TemplateError` for a
    broken template.
    """
    from .handwritten import hand_written_pages
    from .render import render_site

    if session is not None and spill is not None:
        raise ValueError("a preview keeps its output in memory: give a session or a spill folder, not both")

    data_key = ""
    loaded = None
    if session is not None:
        # Every file of the data folder, read once a rebuild: when none changed, the last dataset stands.
        data_key = _data_digest(Path(data_dir), display_root, session.files)
        if session.dataset is not None and session.dataset[0] == data_key:
            loaded = session.dataset[1]
            session.records.keep_all()
            session.checked.reused = len(session.checked.problems)
    dataset, blocks = load_and_check(
        Path(data_dir),
        content_dir,
        display_root,
        parsed=session.records if session is not None else None,
        checked=session.checked if session is not None else None,
        loaded=loaded,
    )
    hand_written = hand_written_pages(dataset.site, Path(content_dir) if content_dir is not None else None)
    inputs = ""
    if session is not None:
        session.dataset = (data_key, dataset)
        inputs = _inputs_digest(data_key, Path(templates_dir), blocks, hand_written, use_directory_urls, site_url)
        if session.generated is not None and session.generated[0] == inputs:
            session.reused["generated"] = 1
            return session.generated[1]
    warnings = data_warnings(dataset)  # while the data has its files' positions
    if session is None:
        # Every message about the data is made: a build that keeps nothing for the next lets the positions go
        # (at 100,000 events they are a quarter of its memory).
        dataset = dataset.without_positions()
    output = render_site(
        dataset,
        Path(templates_dir),
        use_directory_urls=use_directory_urls,
        renderer=renderer,
        content_blocks=blocks,
        hand_written=hand_written,
        site_url=site_url,
        spill=spill,
        warnings=warnings,
    )
    if session is not None:
        session.generated = (inputs, output)
    return output


def _data_digest(data_dir: Path, display_root: Path | None, files: FileDigests) -> str:
    """A fingerprint of the data folder (every file's name and bytes, a file read only when its status changed)
    and of how its paths are shown."""
    from .incremental import digest, tree_digest
    from .yamlstrict import MAX_FILE_BYTES

    return digest([tree_digest(data_dir, max_bytes=max(MAX_FILE_BYTES, MAX_TEXT_BYTES), files=files), str(display_root)])


def _inputs_digest(
    data_key: str,
    templates_dir: Path,
    blocks: dict[str, list[ChartBlock]],
    hand_written: Sequence[HandWrittenPage],
    use_directory_urls: bool,
    site_url: str | None,
) -> str:
    """A fingerprint of everything :func:`explainer.render.render_site` makes the site from: the data folder's
    files (``data_key``, :func:`_data_digest`), the page and embed templates, and what it takes of the
    hand-written pages (their chart blocks, not where they stand on the page; their titles and descriptions)."""
    from .incremental import digest, tree_digest

    code = 1 << 62  # the templates are the project's code, not an editor's data: read whatever their size

    charts = [f"{page}\0{block.spec!r}\0{block.title!r}" for page, found in sorted(blocks.items()) for block in found]
    return digest([
        data_key,
        tree_digest(templates_dir / "pages", max_bytes=code),
        tree_digest(templates_dir / "embeds", max_bytes=code),
        *charts,
        repr(list(hand_written)),
        f"{use_directory_urls}\0{site_url!r}",
    ])
