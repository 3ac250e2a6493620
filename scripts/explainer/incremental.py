"""What a preview keeps from one rebuild to the next, so that a save redoes only what it changed.

``mkdocs serve`` rebuilds the whole site on every save. A :class:`PreviewSession`, held by the plugin for
the session (never in module state: a build without one keeps nothing), lets a rebuild skip what the saved
file cannot have changed:

- **reading** (:class:`ParsedFiles`): a data file whose bytes are those of the last build is not parsed or
  validated as a record again; its record is the last build's (records are frozen). The checks across
  records run on every build that changed a data file; when none changed (the data folder's fingerprint is
  the last build's), the last dataset, loaded and checked, stands (:attr:`PreviewSession.dataset`).
  Whether a file's bytes changed is known without reading it when its status did not (:class:`FileDigests`).
- **checking** (:class:`CheckedRecords`): the checks across records check again only the records read anew,
  unless what every record's checks read (which ids exist, the topic, the sources and their texts, the
  places) changed.
- **rendering** (:attr:`PreviewSession.generated`): when the data, the page templates and what the
  generator takes from the hand-written pages (their chart blocks, titles and descriptions) are those of
  the last build, its output is the last build's: a save of a hand-written page's prose or of a theme
  override renders no generated page.
- **the engine's pages** (:class:`PageOutputs`): a page whose content, title, headings and front matter,
  and whose site-wide surroundings (navigation, theme, configuration), are the last build's gets the last
  build's output without going through the theme again.
- **the engine's templates** (:class:`MemoryBytecodeCache`): the theme's templates compiled once a session
  (MkDocs makes a new Jinja environment, and compiles them again, on every build), its installed
  folders listed once (:attr:`PreviewSession.theme_listings`), and their inline scripts, which the pages'
  security policy allows, read once (:attr:`PreviewSession.theme_scripts`).

Each store keeps only what the last build used, so a long session holds its memory.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import jinja2

from .validate import CheckedRecords

if TYPE_CHECKING:
    from .dataset import Dataset
    from .render import SiteOutput
    from .security import FolderScripts

T = TypeVar("T")


def digest(parts: Iterable[str | bytes]) -> str:
    """A fingerprint of ``parts`` in order (each length-prefixed, so that no two sequences share one)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def tree_digest(folder: Path, *, max_bytes: int, files: FileDigests | None = None) -> str:
    """A fingerprint of every file under ``folder`` (path and bytes, in sorted order; links, files over
    ``max_bytes`` and what is neither a file nor a folder by their status only, which the build refuses
    anyway), or of its absence. ``files``: the files' digests as a preview's last scan read them."""
    parts: list[str | bytes] = []
    for directory, folders, names in os.walk(folder):
        folders.sort()  # os.walk follows this order: the listing's own order never counts
        for name in sorted(names):
            path = Path(directory, name)
            parts.append(path.relative_to(folder).as_posix())
            status = path.lstat()
            if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
                parts.append(f"{status.st_mode}:{status.st_size}:{status.st_mtime_ns}")
            elif files is not None:
                parts.append(files.of(path, status))
            else:
                parts.append(path.read_bytes())
    return digest(parts)


class FileDigests:
    """Each file's digest (of its bytes), with the status it had when it was read: a rebuild reads again only
    the files whose status changed.

    The status is the file's size, modification and change times, inode and device: a save changes its
    times, a file put in its place by a rename its inode and change time. As git does for its index, a file
    that was modified less than :data:`RACY_NS` before the scan that read it is read again at every scan until
    it is older: a second save within the clock's resolution (two seconds on some file systems) can leave
    its status as it was. :meth:`begin` starts a scan: what it does not ask for is dropped at the next one.
    """

    RACY_NS = 3_000_000_000

    def __init__(self, clock: Callable[[], int] = time.time_ns) -> None:
        self._clock = clock
        self._last: dict[str, tuple[tuple[int, ...], bool, bytes]] = {}
        self._now: dict[str, tuple[tuple[int, ...], bool, bytes]] = {}
        self._started = clock()
        self.read = 0
        """How many files this scan read."""

    def begin(self) -> None:
        self._last, self._now = self._now or self._last, {}
        self._started = self._clock()
        self.read = 0

    def of(self, path: Path, status: os.stat_result) -> bytes:
        """The digest of the bytes of ``path``, a regular file whose ``lstat`` is ``status``."""
        key = str(path)
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)
        found = self._now.get(key) or self._last.get(key)
        if found is not None and found[0] == signature and found[1]:
            self._now[key] = found
            return found[2]
        self.read += 1
        value = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
        # Trusted from now on only if no save can still leave its status as it is: modified long enough ago.
        settled = max(status.st_mtime_ns, status.st_ctime_ns) < self._started - self.RACY_NS
        self._now[key] = (signature, settled, value)
        return value

    def __len__(self) -> int:
        return len(self._now)


class ParsedFiles(Generic[T]):
    """What was made of each file, by its path and bytes, for the files the last build read.

    :meth:`get` answers the last build's value when the file's bytes (and the ``context`` it was made in)
    are unchanged, and makes it anew otherwise. :meth:`begin` starts a build: what that build does not ask
    for is dropped at the next one.
    """

    def __init__(self, files: FileDigests | None = None) -> None:
        self.files = files
        """The session's digests of files: :meth:`get` is then given a file's digest, not its bytes."""
        self._last: dict[tuple[str, str], tuple[bytes, T]] = {}
        self._now: dict[tuple[str, str], tuple[bytes, T]] = {}
        self.reused = 0
        """How many files of this build were not made anew."""

    def begin(self) -> None:
        self._last, self._now = self._now or self._last, {}
        self.reused = 0

    def get(self, path: Path, context: str, data: bytes, make: Callable[[], T]) -> T:
        key = (str(path), context)
        found = self._now.get(key) or self._last.get(key)
        if found is not None and found[0] == data:
            value = found[1]
            self.reused += 1
        else:
            value = make()
        self._now[key] = (data, value)
        return value

    def keep_all(self) -> None:
        """This build reads no file: every one is as the last build read it (their fingerprint says so)."""
        self._now = dict(self._now or self._last)
        self.reused = len(self._now)

    def __len__(self) -> int:
        return len(self._now)


class PageOutputs:
    """The output the engine wrote for each page in the last build, with the fingerprint of what made it."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[str, str]] = {}
        self._now: dict[str, tuple[str, str]] = {}

    def begin(self) -> None:
        self._last, self._now = self._now or self._last, {}

    def reusable(self, page: str, key: str) -> str | None:
        """The last build's output of ``page`` if it was made from the same ``key``."""
        found = self._last.get(page)
        return found[1] if found is not None and found[0] == key else None

    def keep(self, page: str, key: str, output: str) -> None:
        self._now[page] = (key, output)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, one per template (Jinja recompiles a template whose source changed:
    its checksum is in the bucket), for a session whose engine makes a new Jinja environment every build."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:  # none yet: Jinja compiles the template and calls dump_bytecode
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


@dataclass
class PreviewSession:
    """What one preview session (``mkdocs serve``) keeps between rebuilds; see the module's description."""

    dirty: bool = False
    """``mkdocs serve --dirty``: the served folder is not emptied before a rebuild, and a file that is unchanged
    is not written again (the plugin decides which, exactly)."""
    files: FileDigests = field(default_factory=FileDigests)
    """The data folder's files' digests, by their status (:func:`tree_digest`, :attr:`records`)."""
    records: ParsedFiles[object] = field(init=False)
    """Each data file's parsed document and record (:func:`explainer.loader.read_dataset`), by its digest."""
    checked: CheckedRecords = field(default_factory=CheckedRecords)
    """Each record's checks across records, as the last build made them."""
    dataset: tuple[str, Dataset] | None = None
    """The last good dataset, loaded and validated, with the fingerprint of the data folder: a save of anything
    else (a page, a template) neither reads nor checks the data again."""
    generated: tuple[str, SiteOutput] | None = None
    """The last good output of the generator, with the fingerprint of its inputs."""
    pages: PageOutputs = field(default_factory=PageOutputs)
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    written: dict[str, str] = field(default_factory=dict)
    """Under dirty rebuilds: what the last build wrote into each generated file (not a page), by its path."""
    theme_listings: dict[str, list[str]] = field(default_factory=dict)
    """The templates of each of the theme's installed folders (not the project's overrides), listed once."""
    theme_scripts: dict[str, FolderScripts] = field(default_factory=dict)
    """The inline scripts of each of the theme's installed folders' templates, read once (the project's own
    folders on every build): what a page's policy allows (:class:`explainer.security.InlineScripts`)."""
    theme_filters: dict[str, dict[str, bool]] = field(default_factory=dict)
    """For each filter MkDocs lists the theme's templates through (by its code and the theme's static
    templates), its answer for each name: asked once a session, not on every build."""
    reused: dict[str, int] = field(default_factory=dict)
    """What the last build reused besides its data files, for its log line: ``generated`` (0 or 1), ``pages``."""

    def __post_init__(self) -> None:
        self.records = ParsedFiles(self.files)

    def begin(self) -> None:
        self.files.begin()
        self.records.begin()
        self.pages.begin()
        self.reused = {"generated": 0, "pages": 0}
