"""Atomic output: a build writes into a staging folder that replaces the site only when the build succeeds.

MkDocs cleans the site folder first and writes every page before ``--strict``
aborts on warnings, so a failed build would otherwise leave a half-written
site. With staging, a failed build leaves the previous site untouched and a
successful one replaces it whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class StagedOutput:
    """The site folder and the staging folder a build writes into instead."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self.staging = self.site_dir.with_name(f".{self.site_dir.name}.staging")
        self.retired = self.site_dir.with_name(f".{self.site_dir.name}.previous")

    def begin(self) -> Path:
        """Prepare an empty staging folder beside the site folder and return it."""
        for leftover in (self.staging, self.retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.staging.mkdir(parents=True)
        return self.staging

    def commit(self) -> None:
        """Replace the site folder by the staging folder (two renames on one file system).

        The previous site is deleted by a separate process, so that the build need
        not wait for tens of thousands of files to go; the next build clears any
        leftover first.
        """
        if self.site_dir.exists():
            os.replace(self.site_dir, self.retired)
        os.replace(self.staging, self.site_dir)
        if self.retired.exists():
            subprocess.Popen(
                [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(self.retired)],
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def abort(self) -> None:
        """Forget the staging folder; the site folder stays as it was."""
        if self.staging.exists():
            shutil.rmtree(self.staging)
