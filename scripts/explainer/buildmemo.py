"""Tables of work a build does once and looks up many times, kept for that build only.

A large site names the same sources, dates and aliases hundreds of thousands of times. What is worked out once
is kept in a table of the build under way (:func:`build_memo`, entered by :func:`explainer.render.render_site`)
and dropped when the build ends: nothing stays in the process from one build to the next (a preview session
rebuilds in one process for hours). Outside a build, :func:`table` gives None and callers work it out each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_TABLES: ContextVar[dict[str, dict[Any, Any]] | None] = ContextVar("explainer_build_tables", default=None)


@contextmanager
def build_memo() -> Iterator[None]:
    """Keep this build's tables while the block runs; they are dropped when it ends, however it ends."""
    token = _TABLES.set({})
    try:
        yield
    finally:
        _TABLES.reset(token)


def table(name: str) -> dict[Any, Any] | None:
    """The build's table called ``name`` (made empty on first use), or None outside a build."""
    tables = _TABLES.get()
    if tables is None:
        return None
    found = tables.get(name)
    if found is None:
        found = tables[name] = {}
    return found
