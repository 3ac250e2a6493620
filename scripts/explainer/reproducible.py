"""The date a build stamps (MkDocs' sitemap), from the sources rather than the clock.

``SOURCE_DATE_EPOCH`` if set (https://reproducible-builds.org/specs/source-date-epoch/);
else the time of the last git commit; else the end of the day the newest
source was published. Two builds of the same commit are then byte-identical.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the last commit of the repository at ``root``, if it is one."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def day_epoch(day: dt.date) -> int:
    """Seconds since the epoch at noon UTC of a day (no time zone moves it to another date)."""
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())


def build_datetime(source_date_epoch: str | None, commit_time: int | None) -> dt.datetime | None:
    """The build's date: ``SOURCE_DATE_EPOCH`` if set, else the last commit's time, else None (the caller decides)."""
    if source_date_epoch is not None and source_date_epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(source_date_epoch), dt.UTC)
    if commit_time is not None:
        return dt.datetime.fromtimestamp(commit_time, dt.UTC)
    return None
