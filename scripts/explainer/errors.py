"""User errors: one small hierarchy, every error a message an editor can act on.

Nothing here knows about MkDocs; the plugin turns :class:`ExplainerError` into
MkDocs' own ``PluginError`` and the CLI prints it and exits 1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at a position in a file.

    ``line`` and ``column`` are 1-based, as editors and GitHub count them.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ExplainerError(Exception):
    """Root of every error the generator reports to a user."""


class DataError(ExplainerError):
    """The data or content has problems; all of them are listed, sorted by position."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} {noun} found; nothing was built.")
        return "\n".join(lines)


class TemplateError(ExplainerError):
    """A template in ``templates/`` failed to render (a maintainer's error, not an editor's)."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as shown in messages: relative to ``root`` (or the working directory) when inside it.

    Symbolic links are not followed: a link is shown where it is, not where it points.
    """
    absolute = Path(os.path.abspath(path))
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return absolute.relative_to(os.path.abspath(base)).as_posix()
        except ValueError:
            continue
    return path.as_posix()
