"""User errors: one small hierarchy, every error a message an editor can act on.

Nothing here knows about MkDocs; the plugin turns :class:`ExplainerError` into
MkDocs' own ``PluginError`` and the CLI prints it and exits 1.

Problems quote editors' values and file names, and are printed to build logs
that CI reads line by line. GitHub Actions runs a line that starts with ``::``
(after spaces) as a workflow command, and the older ``##[command]`` anywhere in
a line: a problem prints as one line (:func:`log_line`), with every control,
line-separating or bidirectional character written visibly as an escape
(``\\n``, ``\\u001b``), and neither ``##[`` nor a leading ``::`` left as they are.
:class:`SafeLogLines` does the same to every line MkDocs logs during a build.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


#: What must not reach a log as itself: C0 and C1 controls and DEL (a new line, a carriage return that
#: overwrites the line, terminal escapes), line and paragraph separators, and bidirectional controls
#: (which reorder what a reader sees).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED[char] if char in _NAMED else f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """``text`` with each control, separator or bidirectional character as an escape (\\n, \\u001b…)."""
    return _INVISIBLE.sub(_escape, text)


def log_line(text: str) -> str:
    """``text`` as one line of a log that no CI reads as a command: :func:`visible`, with ``##[`` written
    ``#\\u0023[`` and a leading ``::`` (GitHub's workflow commands, old and new) ``\\u003a:``."""
    line = visible(text).replace("##[", "#\\u0023[")
    start = len(line) - len(line.lstrip())
    if line.startswith("::", start):
        line = line[:start] + "\\u003a" + line[start + 1 :]
    return line


class SafeLogLines:
    """A handler filter: each line of each record's message made safe with :func:`log_line`.

    MkDocs' own messages quote file names and link targets from ``content/``; a name with a line
    break still splits its message, but no line of it can be a workflow command.

    A handler takes any object with a ``filter`` method: not subclassing ``logging.Filter`` spares every
    command (``explainer check`` among them) importing ``logging``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = "\n".join(log_line(line) for line in message.split("\n"))
        record.args = None
        return True


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
        # One line whatever the data: a name or value cannot start a line, or a command, in a log.
        return log_line(f"{self.path}:{self.line}:{self.column}: {self.message}")


@dataclass(frozen=True, order=True)
class DataWarning(Problem):
    """Something for review, not an error (a date in the editors' prose that no quote or date supports):
    printed by ``explainer check`` and the build as ``path:line:column: warning: …``, never stops them."""

    def __str__(self) -> str:
        return log_line(f"{self.path}:{self.line}:{self.column}: warning: {self.message}")

    @classmethod
    def of(cls, problem: Problem) -> DataWarning:
        return cls(problem.path, problem.line, problem.column, problem.message)


class ExplainerError(Exception):
    """Root of every error the generator reports to a user."""


class DataError(ExplainerError):
    """The data or content has problems; all of them are listed, sorted by position."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        from .i18n import tool_words

        lines = [str(problem) for problem in self.problems]
        lines.append(
            tool_words().ngettext(
                "%(num)s problem found; nothing was built.", "%(num)s problems found; nothing was built.", len(self.problems)
            )
        )
        return "\n".join(lines)


class TemplateError(ExplainerError):
    """A template in ``templates/`` failed to render (a maintainer's error, not an editor's)."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as shown in messages: relative to ``root`` (or the working directory) when inside it.

    Symbolic links are not followed: a link is shown where it is, not where it points.
    """
    # What Path.relative_to does, on the normalised strings: it runs for every file a check reads.
    absolute = os.path.abspath(path)
    for base in (root, os.getcwd()):
        if base is None:
            continue
        folder = os.path.abspath(base)
        if absolute == folder:
            return "."
        inside = folder if folder.endswith(os.sep) else folder + os.sep
        if absolute.startswith(inside):
            return absolute[len(inside) :].replace(os.sep, "/")
    return path.as_posix()
