"""What the pages folder (``content/``) may hold: Markdown pages and the site's own images, nothing else.

Everything in ``content/`` comes from editors, that is from strangers, and
MkDocs publishes every file it finds there as it is, and lets it win over a
theme file of the same path. So a file there could replace the site's scripts
(``assets/javascripts/…``, which also run inside publishers' pages through the
embeds), or publish HTML or SVG with a script on the site's origin. The rules:

* **Pages and images only.** A file is a Markdown page (``.md``) or an image
  whose bytes are a PNG, JPEG, GIF or WebP image (its first bytes are read: the
  extension alone proves nothing). SVG is refused: it can carry scripts.
  Images are at most :data:`MAX_IMAGE_BYTES`.
* **Names.** Every file and folder name is made of ASCII letters, digits,
  ``-``, ``_`` and ``.``, starts and ends with a letter or a digit, and is at
  most :data:`MAX_NAME_CHARS` long, so that it is safe in URLs, in
  ``_headers`` rules and in log lines, and reads the same everywhere (no
  look-alike letters from other scripts, no name that macOS and Linux store
  differently). ``idlib-offensive-2019-2020.md`` and ``map_2019.png`` are
  fine; a space, a quote, ``#?%*<>|\\``, a control character or a leading dot
  are not.
* **Reserved names.** The first name under ``content/`` may not be one the
  generator, the theme or MkDocs writes to (:data:`RESERVED_NAMES`):
  ``assets/`` (the theme's scripts and styles), ``embed/``, ``charts/``,
  ``search/``, ``pagefind/`` (the search index), the generated pages (``timeline``, ``places``, …), ``404``,
  ``sitemap``. (The plugin also refuses a file whose path is any theme file's.)
* **No links.** No symbolic link or special file inside the folder, and none
  on the path of the folder itself: the folder and each folder above it, up to
  the project's root, must be real folders (see :func:`symlinks_on_path`; the
  data folder is checked the same way).

Nothing here knows about MkDocs: ``explainer check`` and the build call the
same functions. Every problem names its path as ``path:1:1``.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, display_path
from .frontmatter import read_front_matter
from .kinds import RECORD_KINDS, OwnPage
from .yamlstrict import read_text_file

#: The extension of a Markdown page (MkDocs' other spellings are refused, so that one rule says what a page is).
PAGE_SUFFIX = ".md"
#: Largest hand-written page accepted, in bytes.
MAX_PAGE_BYTES = 512 * 1024
#: Largest image accepted, in bytes.
MAX_IMAGE_BYTES = 2 * 1024 * 1024
#: Longest file or folder name accepted.
MAX_NAME_CHARS = 100
#: Deepest folder accepted under the pages folder.
MAX_FOLDER_DEPTH = 16

#: A file or folder name: ASCII letters and digits, with '-', '_' and '.' inside.
NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
NAME_HELP = "names use ASCII letters, digits, '-', '_' and '.', and start and end with a letter or a digit"


@dataclass(frozen=True)
class ImageKind:
    name: str
    suffixes: tuple[str, ...]
    signature: re.Pattern[bytes]
    """What the file's first bytes are (its "magic number")."""

    def matches(self, head: bytes) -> bool:
        return self.signature.match(head) is not None


#: The images a page may show, recognised by their first bytes.
IMAGE_KINDS = (
    ImageKind("PNG", (".png",), re.compile(rb"\x89PNG\r\n\x1a\n")),
    ImageKind("JPEG", (".jpg", ".jpeg"), re.compile(rb"\xff\xd8\xff")),
    ImageKind("GIF", (".gif",), re.compile(rb"GIF8[79]a")),
    ImageKind("WebP", (".webp",), re.compile(rb"RIFF.{4}WEBP", re.S)),  # RIFF, the size, WEBP
)
IMAGE_BY_SUFFIX = {suffix: kind for kind in IMAGE_KINDS for suffix in kind.suffixes}
ALLOWED_FILES = "Markdown pages (.md) and PNG, JPEG, GIF or WebP images (.png, .jpg, .jpeg, .gif, .webp)"

#: Other spellings of Markdown that MkDocs would also read.
OTHER_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd")

#: First names under content/ that the generator, the theme or MkDocs writes to, and what is there (the folder
#: of each kind of record with pages of its own among them: see explainer.kinds).
RESERVED_NAMES = {
    "index": "the generated home page",
    "timeline": "the generated timeline pages",
    "who-is-who": "the generated page of actors",
    "zones": "the generated page of zones",
    "control": "the generated page of who held what",
    "map": "the generated map of who held what",
    "disputes": "the generated page of disputes",
    "events": "the generated event addresses",
    "embed": "the generated chart embeds",
    "charts": "the generated chart downloads",
    "assets": "the theme's scripts, styles and images",
    "search": "the site's search index",
    "pagefind": "the site's search index",
    "404": "the theme's page for missing addresses",
    "sitemap": "MkDocs' sitemap",
} | {kind.folder: f"the generated {kind.name} pages" for kind in RECORD_KINDS if isinstance(kind.page, OwnPage)}


def shown_path(path: Path, display_root: Path | None) -> str:
    """A path as messages show it; bytes of a name that are not UTF-8 (lone surrogates) written as escapes.

    (Other characters that could break a log line are escaped when a problem is printed, see
    :func:`explainer.errors.log_line`; a lone surrogate could not even be printed.)
    """
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) == "Cs" else char for char in display_path(path, display_root)
    )


def name_problem(name: str) -> str | None:
    """Why a file or folder name is not allowed, or None."""
    if len(name) > MAX_NAME_CHARS:
        return f"the name is {len(name)} characters long, over the limit of {MAX_NAME_CHARS}; shorten it"
    if NAME.fullmatch(name):
        return None
    if name.startswith("."):
        return f"the name starts with a dot (a hidden file); {NAME_HELP}"
    # A name that does not match has a character outside the set, or '.', '-', '_' at an end.
    index, char = next(
        (index, char)
        for index, char in enumerate(name)
        if not NAME.fullmatch(char) and not (0 < index < len(name) - 1 and char in "._-")
    )
    if char == "'":
        shown = "\"'\""
    elif char.isprintable() and char != "\\":
        shown = f"'{char}'"
    else:  # invisible, or read as an escape
        shown = f"U+{ord(char):04X}"
    return f"the name has a character that is not allowed, {shown}, at character {index + 1}; {NAME_HELP}"


def _file_problem(path: Path, name: str, size: int) -> str | None:
    """Why a regular file in the pages folder may not be published, or None (for pages and real images)."""
    suffix = os.path.splitext(name)[1]
    if suffix == PAGE_SUFFIX:
        return None
    kind = IMAGE_BY_SUFFIX.get(suffix)
    if kind is not None:
        return _image_problem(path, suffix, kind, size)
    lower = suffix.lower()
    if lower == PAGE_SUFFIX or lower in IMAGE_BY_SUFFIX:
        return f"write the extension in lower case, {lower}; {ALLOWED_FILES} are published from the pages folder"
    if lower in OTHER_MARKDOWN_SUFFIXES:
        return "a page's name ends in .md; rename the file"
    if lower in (".svg", ".svgz"):
        return "SVG images can carry scripts and are not allowed; export the image as PNG or WebP"
    return f"only {ALLOWED_FILES} are published from the pages folder; remove this file"


def _image_problem(path: Path, suffix: str, kind: ImageKind, size: int) -> str | None:
    if size > MAX_IMAGE_BYTES:
        return f"the image is {size:,} bytes, over the limit of {MAX_IMAGE_BYTES:,} bytes; make it smaller"
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    if kind.matches(head):
        return None
    actual = next((other for other in IMAGE_KINDS if other.matches(head)), None)
    if actual is not None:
        return f"the file ends in {suffix} but is a {actual.name} image; rename it to end in {actual.suffixes[0]}"
    return f"the file ends in {suffix} but its content is not a {kind.name} image; save it again as {kind.name}"


def symlinks_on_path(folder: Path, root: Path | None, what: str, display_root: Path | None = None) -> list[Problem]:
    """A problem for each symbolic link on the way from ``root`` (the project folder) down to ``folder``, included.

    Folders above ``root`` are not looked at (a checkout may live under a linked
    home folder). When ``folder`` is not inside ``root``, only ``folder`` itself
    is. ``what`` names the folder in the message ("pages folder").
    """
    target = Path(os.path.abspath(folder))
    steps: list[Path] = [target]
    bases = [Path(os.path.abspath(root or Path.cwd()))]
    bases.append(Path(os.path.realpath(bases[0])))
    for base in bases:
        if target != base and target.is_relative_to(base):
            parts = target.relative_to(base).parts
            steps = [base.joinpath(*parts[: depth + 1]) for depth in range(len(parts))]
            break
    shown_folder = shown_path(target, display_root)
    problems = []
    for step in steps:
        if step.is_symlink():
            where = "is" if step == target else f"holds the {what} ({shown_folder}) and is"
            problems.append(
                Problem(
                    shown_path(step, display_root),
                    1,
                    1,
                    f"this folder {where} a symbolic link; the {what} must be a real folder in the repository,"
                    " not a link to one elsewhere",
                )
            )
    return problems


@dataclass
class ContentListing:
    """The pages of the pages folder, in a stable order, and every problem with its files."""

    pages: list[Path] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def list_content(content_dir: Path, display_root: Path | None = None) -> ContentListing:
    """Walk the pages folder without following links; return its Markdown pages, images and problems."""
    listing = ContentListing()
    content_dir = Path(content_dir)
    listing.problems += symlinks_on_path(content_dir, display_root, "pages folder", display_root)
    if listing.problems or not content_dir.is_dir():
        return listing  # never read through a link
    _walk(content_dir, 0, listing, display_root)
    return listing


def _walk(folder: Path, depth: int, listing: ContentListing, display_root: Path | None) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        message = f"cannot read the folder: {error.strerror or error}"
        listing.problems.append(Problem(shown_path(folder, display_root), 1, 1, message))
        return
    for entry in entries:
        path = Path(entry.path)
        status = entry.stat(follow_symlinks=False)
        problem = _entry_problem(entry.name, status.st_mode, depth)
        if problem is None and stat.S_ISDIR(status.st_mode):
            _walk(path, depth + 1, listing, display_root)
        elif problem is None and (problem := _file_problem(path, entry.name, status.st_size)) is None:
            (listing.pages if entry.name.endswith(PAGE_SUFFIX) else listing.images).append(path)
        if problem is not None:
            listing.problems.append(Problem(shown_path(path, display_root), 1, 1, problem))


def _entry_problem(name: str, mode: int, depth: int) -> str | None:
    """Why an entry of the pages folder is refused whatever it holds (link, name, place), or None."""
    if stat.S_ISLNK(mode):
        return "symbolic links are not allowed in the pages folder; put the file itself here"
    problem = name_problem(name)
    if problem is None and depth == 0:
        problem = _reserved(name, is_dir=stat.S_ISDIR(mode))
    if problem is None and stat.S_ISDIR(mode) and depth + 1 >= MAX_FOLDER_DEPTH:
        problem = f"folders nest more than {MAX_FOLDER_DEPTH} deep here; move the files up"
    if problem is None and not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
        problem = "not a regular file; only regular files are allowed in the pages folder"
    return problem


def _reserved(name: str, *, is_dir: bool) -> str | None:
    stem = name if is_dir else os.path.splitext(name)[0]
    what = RESERVED_NAMES.get(stem.lower())
    if what is None:
        return None
    return f"the name '{stem}' is reserved for {what}; choose another name (a file here could replace the site's own)"


def content_problems(content_dir: Path, display_root: Path | None = None) -> list[Problem]:
    """Every problem of the pages folder that needs no data: its files, and each page's size, encoding and front matter.

    For reporting them together with the data's problems when the data cannot be loaded
    (with the data, :func:`explainer.articles.scan_content` finds these and the rest).
    """
    listing = list_content(content_dir, display_root)
    problems = list(listing.problems)
    for path in listing.pages:
        display = shown_path(path, display_root)
        text, found = read_text_file(path, display, max_bytes=MAX_PAGE_BYTES)
        problems += found
        if text is not None:
            problems += read_front_matter(text, display).problems
    return problems
