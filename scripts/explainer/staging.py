"""Atomic output: a build writes into a staging folder that replaces the site only when the build succeeds.

MkDocs cleans the site folder first and writes every page before ``--strict``
aborts on warnings, so a failed build would otherwise leave a half-written
site. With staging, a failed build leaves the previous site untouched and a
successful one replaces it whole.

The replaced site is moved into a retired folder of its own, named uniquely
beside the site (``.site.previous-XXXXXXXX``, made by :func:`tempfile.mkdtemp`),
and deleted by a separate process. No build reuses a retired folder's name, so
a deleter still at work on one never meets a later build's files, and a build
that clears leftovers tolerates files that a deleter removed first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

_DELETER = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def delete_in_background(folder: Path) -> None:
    """Delete ``folder`` in a detached process: the build need not wait for tens of thousands of files."""
    subprocess.Popen(
        [sys.executable, "-c", _DELETER, str(folder)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _ignore_vanished(function: Callable[..., Any], path: str, error: BaseException) -> None:
    # A background deleter may remove a file between the listing and its deletion: that file is gone, as wanted.
    if not isinstance(error, FileNotFoundError):
        raise error


def _remove_leftover(folder: Path) -> None:
    """Delete ``folder``, which a background deleter may be deleting at the same time."""
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=_ignore_vanished)
    else:

        def onerror(function: Callable[..., Any], path: str, info: tuple[type[BaseException], BaseException, TracebackType]) -> None:
            _ignore_vanished(function, path, info[1])

        shutil.rmtree(folder, onerror=onerror)


class StagedOutput:
    """The site folder and the staging folder a build writes into instead."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self.staging = self.site_dir.with_name(f".{self.site_dir.name}.staging")
        #: Retired sites are ``<prefix><unique>``; ``.site.previous`` itself is what older versions left.
        self.retired_prefix = f".{self.site_dir.name}.previous-"
        self.legacy_retired = self.site_dir.with_name(f".{self.site_dir.name}.previous")

    def retired_leftovers(self) -> list[Path]:
        """Retired sites not yet deleted (their deleters may still be at work), in name order."""
        parent = self.site_dir.parent
        if not parent.is_dir():
            return []
        return sorted(
            entry
            for entry in parent.iterdir()
            if entry.name.startswith(self.retired_prefix) or entry.name == self.legacy_retired.name
        )

    def begin(self) -> Path:
        """Prepare an empty staging folder beside the site folder and return it."""
        if self.staging.exists():  # a build that crashed; no deleter knows this name
            shutil.rmtree(self.staging)
        for leftover in self.retired_leftovers():
            _remove_leftover(leftover)
        self.staging.mkdir(parents=True)
        return self.staging

    def commit(self) -> None:
        """Replace the site folder by the staging folder (two renames on one file system).

        The previous site goes into a new retired folder, deleted in the background.
        """
        retired: Path | None = None
        if self.site_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=self.retired_prefix, dir=self.site_dir.parent))
            os.replace(self.site_dir, retired / self.site_dir.name)
        try:
            os.replace(self.staging, self.site_dir)
        except OSError:
            if retired is not None:  # the previous site stays
                os.replace(retired / self.site_dir.name, self.site_dir)
                retired.rmdir()
            raise
        if retired is not None:
            delete_in_background(retired)

    def abort(self) -> None:
        """Forget the staging folder; the site folder stays as it was."""
        if self.staging.exists():
            shutil.rmtree(self.staging)
