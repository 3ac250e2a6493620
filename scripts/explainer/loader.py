"""Load ``site_data/``: strict YAML, then the typed model, then checks across records.

Validation runs in passes and collects every problem before giving up once,
so that an editor sees all their mistakes in one run:

1. read and parse every file (:mod:`explainer.yamlstrict`), in the folder of each kind of record
   (:mod:`explainer.kinds`);
2. turn each document into its record class (:mod:`explainer.records`), translating pydantic's errors
   into messages that name the field and what is expected;
3. check across records (:mod:`explainer.validate`): references, ids,
   quotes against archived texts, dates against publication dates.

This module is the pipeline above those passes: :func:`read_dataset` does the first two, and
:func:`load_dataset` the three. The dataset itself is :class:`explainer.dataset.Dataset`.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from .contentfiles import symlinks_on_path
from .dataset import SITE_DOCUMENT, Dataset
from .errors import DataError, Problem, display_path
from .expectations import EXPECTATIONS_FILE
from .kinds import RECORD_FOLDERS, RECORD_KINDS, SOURCES
from .model import SCHEMA_FOLDER, SITE_FILE, Record, Site, Source, TopicContext
from .quotes import ArchivedText
from .records import PLACEHOLDER, record_from_document
from .suggest import did_you_mean
from .validate import CheckedRecords, check_dataset
from .yamlstrict import MAX_FILE_BYTES, YamlDocument, load_yaml_file, read_text_file

if TYPE_CHECKING:
    from .incremental import ParsedFiles

#: Largest archived article text accepted, in bytes.
MAX_TEXT_BYTES = 2 * 1024 * 1024

#: Files and folders in ``site_data/`` that are not records.
IGNORED_NAMES = {"README.md", SCHEMA_FOLDER, EXPECTATIONS_FILE}


def load_dataset(
    root: Path,
    *,
    display_root: Path | None = None,
    parsed: ParsedFiles[object] | None = None,
    checked: CheckedRecords | None = None,
) -> Dataset:
    """Load and validate every record under ``root``; raise :class:`DataError` listing every problem.

    ``parsed``: a preview's files as the last build read them (:mod:`explainer.incremental`); a file whose
    bytes are unchanged is not parsed and validated as a record again. ``checked``: the preview's checks
    across records, as its last build made them (a record not checked again when nothing it reads changed)."""
    reading = read_dataset(root, display_root=display_root, parsed=parsed)
    problems = reading.problems
    if reading.site_read:  # the checks across records need the topic (its vocabulary, its loaded terms)
        problems += check_dataset(reading.dataset, checked)
    if problems:
        raise DataError(problems)
    return reading.dataset


@dataclass
class Reading:
    """What the first two passes make of the data folder."""

    dataset: Dataset
    """Every record that reads as its class."""
    problems: list[Problem]
    """The problems of the files that do not, and of the folder."""
    site_read: bool
    """Whether site.yaml reads as the site's record."""


def read_dataset(root: Path, *, display_root: Path | None = None, parsed: ParsedFiles[object] | None = None) -> Reading:
    """Every record under ``root`` that reads as its class, and the problems of those that do not (passes 1
    and 2). Raises :class:`DataError` when there is no data folder to read."""
    root = Path(root)
    problems: list[Problem] = []

    def show(path: Path) -> str:
        return display_path(path, display_root)

    # What a link points to is outside review, and maybe outside the repository: the data folder and the
    # folders above it (up to the project's) must be real folders, and nothing is read through a link.
    linked = symlinks_on_path(root, display_root, "data folder", display_root)
    if linked:
        raise DataError(linked)
    if not root.is_dir():
        raise DataError([Problem(show(root), 1, 1, "the data folder does not exist; create it or fix the path")])

    site: Site | None = None
    site_doc = None
    site_path = root / SITE_FILE
    if site_path.exists() or site_path.is_symlink():
        site_doc, record, found = _read_record(site_path, show(site_path), Site, None, "", parsed)
        problems += found
        site = record  # type: ignore[assignment]
    else:
        problems.append(Problem(show(site_path), 1, 1, "missing: the site file gives the site's title and introduction"))

    for entry in sorted(root.iterdir()):
        if entry.name in IGNORED_NAMES or entry.name == SITE_FILE or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            problems.append(Problem(show(entry), 1, 1, "symbolic links are not allowed in the data folder"))
        elif entry.is_dir() and entry.name not in RECORD_FOLDERS:
            hint = did_you_mean(entry.name, RECORD_FOLDERS)
            suggestion = f" (did you mean '{hint}'?)" if hint is not None else ""
            problems.append(
                Problem(show(entry), 1, 1, f"unknown folder{suggestion}; records go in: {', '.join(RECORD_FOLDERS)}")
            )
        elif not entry.is_dir():
            problems.append(Problem(show(entry), 1, 1, f"unexpected file; records go in the folders {', '.join(RECORD_FOLDERS)}"))

    dataset = Dataset(root=root, site=site or Site(title="(missing)", intro="(missing)"))
    # Kinds are checked against the topic's vocabulary; when site.yaml is broken, not at all (its problems are
    # reported, and a kind it would declare must not be reported too).
    topic = TopicContext(site.vocabulary if site is not None else None)
    vocabulary = repr(topic.vocabulary) if parsed is not None else ""
    if site_doc is not None:
        dataset.documents[SITE_DOCUMENT] = site_doc

    for kind in RECORD_KINDS:
        folder = kind.folder
        directory = root / folder
        if not directory.is_dir():
            continue
        loaded: list[tuple[Path, YamlDocument, Record]] = []
        for path in sorted(directory.iterdir()):
            display = show(path)
            if path.name.startswith("."):
                continue
            if kind is SOURCES and path.suffix == ".txt":
                continue  # archived texts, read when their source record is
            if path.suffix == ".yml":
                problems.append(Problem(display, 1, 1, "use the extension .yaml, not .yml"))
                continue
            if path.suffix != ".yaml":
                problems.append(Problem(display, 1, 1, f"unexpected file in {folder}/; records are .yaml files"))
                continue
            doc, record, found = _read_record(path, display, kind.model, topic, vocabulary, parsed)
            problems += found
            if doc is None:
                dataset.broken_ids.add((folder, path.stem))  # unreadable: its id is presumably its name
                continue
            if record is None:
                # Other records may still refer to it: remember its id so that they are not
                # reported too (one mistake, one message).
                raw_id = doc.data.get("id") if isinstance(doc.data, dict) else None
                if isinstance(raw_id, str):
                    dataset.broken_ids.add((folder, raw_id))
                dataset.unloaded.append((folder, doc))
                continue
            loaded.append((path, doc, record))
        table = dataset.records(kind)
        # Records whose file name matches their id first: a duplicate is then reported
        # on the file that is misnamed.
        loaded.sort(key=lambda item: (item[0].stem != item[2].id, item[0].name))  # type: ignore[attr-defined]
        for path, doc, record in loaded:
            record_id = record.id  # type: ignore[attr-defined]
            if path.stem != record_id:
                problems.append(
                    doc.problem(("id",), f"the id '{record_id}' does not match the file name '{path.name}'; rename the file to {record_id}.yaml or fix the id")
                )
            if record_id in table:
                first = dataset.documents[(folder, record_id)]
                problems.append(
                    doc.problem(("id",), f"duplicate id '{record_id}': {first.display} has it too; ids must be unique")
                )
                continue
            table[record_id] = record
            dataset.documents[(folder, record_id)] = doc
            if isinstance(record, Source):
                text = _load_archived_text(directory, record, doc, problems, show, parsed)
                if text is not None:
                    dataset.texts[record_id] = text
                else:
                    dataset.broken_ids.add((folder, record_id))
    return Reading(dataset, problems, site is not None)


_Read = tuple[YamlDocument | None, Record | None, list[Problem]]


def _read_record(
    path: Path, display: str, model: type[Record], topic: TopicContext | None, vocabulary: str, parsed: ParsedFiles[object] | None
) -> _Read:
    """A record file's document, its record (None when it does not read as one) and their problems: the last
    build's when ``parsed`` holds the same bytes, read in the same context (``vocabulary``: the topic's, as text)."""

    def read() -> _Read:
        doc, found = load_yaml_file(path, display)
        if doc is None:
            return None, None, found
        record, more = record_from_document(doc, model, topic)
        return doc, record, found + more

    # Validation depends on the record's class and on the topic's vocabulary (site.yaml), and messages on the path.
    return _read_once(path, f"{model.__name__}\0{display}\0{vocabulary}", parsed, MAX_FILE_BYTES, read)


Made = TypeVar("Made")


def _read_once(path: Path, context: str, parsed: ParsedFiles[object] | None, max_bytes: int, read: Callable[[], Made]) -> Made:
    """What ``read`` makes of the file at ``path``: the last build's when ``parsed`` holds it from the same bytes
    and ``context``."""
    if parsed is None:
        return read()
    try:
        status = path.lstat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return read()  # a link (never followed), a file too large: refused by read(), with its message
        data = parsed.files.of(path, status) if parsed.files is not None else path.read_bytes()
    except OSError:
        return read()  # the reading's own message
    return cast(Made, parsed.get(path, context, data, read))  # (what read made, stored)


def _load_archived_text(
    directory: Path,
    source: Source,
    doc: YamlDocument,
    problems: list[Problem],
    show: Callable[[Path], str],
    parsed: ParsedFiles[object] | None,
) -> ArchivedText | None:
    """The archived text of ``source``, or None with its problems: the last build's when ``parsed`` holds the
    same bytes (a text is read, and made ready to search, once a preview, not once a saved data file)."""
    path = directory / source.archived_text
    if not (path.exists() or path.is_symlink()):
        problems.append(
            doc.problem(("archived_text",), f"the archived text '{source.archived_text}' is not in {show(directory)}/; add the article's text there")
        )
        return None
    display = show(path)

    def read() -> tuple[ArchivedText | None, list[Problem]]:
        raw, found = read_text_file(path, display, max_bytes=MAX_TEXT_BYTES)
        if raw is not None and PLACEHOLDER in raw:
            before = raw[: raw.index(PLACEHOLDER)]
            line = before.count("\n") + 1
            column = len(before) - (before.rfind("\n") + 1) + 1
            return None, [*found, Problem(display, line, column, "the archived text is still a placeholder: paste the article's text here")]
        return (ArchivedText.from_raw(raw) if raw is not None else None), found

    text, found = _read_once(path, f"ArchivedText\0{display}", parsed, MAX_TEXT_BYTES, read)
    problems += found
    return text
