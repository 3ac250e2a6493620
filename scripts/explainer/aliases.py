"""Names the sources use, told apart from names the editors add.

An alias is another name of an actor, place or agreement. Where it comes from is worked out, never
written by hand: an alias is *the sources'* when some archived text contains it, and *the editors'*
(their transliteration, spelling or expansion) when none does. Pages list the two apart ("Other names
in the sources" with the sources that use each, "Other spellings used by the editors").

An archived text contains a name when the name, its whitespace collapsed as for quotes, appears in the
text as whole words (not inside a longer word: "Riverton" is not found in "Rivertonian"), **with the same
capitals and punctuation**: "St Anne’s Quay" is one source's spelling, "St Anne's quay" (small q, straight
apostrophe) is not, and the site must not say that a source writes it. An alias that gives a ``source``
must be verbatim in it (:mod:`explainer.validate` reports it otherwise); the others are looked for in
every archived text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .dataset import Dataset
from .model import Alias
from .quotes import ArchivedText, normalise_space


@dataclass(frozen=True)
class AliasView:
    """One other name of a record, as a page shows it."""

    name: str
    sources: tuple[str, ...]
    """Ids of the sources whose archived text uses the name: a source the editors gave first, then the others
    in order of publication. Empty when no source uses it: the name is the editors'."""

    @property
    def editors(self) -> bool:
        """Whether the name is the editors' own (no archived text contains it)."""
        return not self.sources


@dataclass(frozen=True)
class AliasGroups:
    """A record's other names, the sources' apart from the editors'."""

    sources: list[AliasView]
    """Names some archived text uses, with the sources that use each."""
    editors: list[AliasView]
    """The editors' transliterations, spellings and expansions: no archived text uses them."""

    def __bool__(self) -> bool:
        return bool(self.sources or self.editors)


@functools.lru_cache(maxsize=4096)
def _word_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


@functools.lru_cache(maxsize=65536)
def text_uses(text: ArchivedText, name: str) -> bool:
    """Whether the archived text contains ``name`` as whole words, with the same capitals (see the module)."""
    wanted = normalise_space(name)
    if not wanted or wanted not in text.normalised:  # the common case, decided by a fast substring search
        return False
    return _word_pattern(wanted).search(text.normalised) is not None


def sources_using(data: Dataset, alias: Alias) -> tuple[str, ...]:
    """Ids of the sources that use the alias: its own ``source`` first (when its text has it), then the others."""
    found: list[str] = []
    if alias.source is not None and alias.source in data.texts and data.texts[alias.source].contains(alias.name):
        found.append(alias.source)
    for source in sorted(data.sources.values(), key=lambda s: (s.published.sort_key, s.id)):
        if source.id not in found and source.id in data.texts and text_uses(data.texts[source.id], alias.name):
            found.append(source.id)
    return tuple(found)


def alias_groups(data: Dataset, name: str, aliases: list[Alias]) -> AliasGroups:
    """A record's aliases merged by name (in first-seen order), its own ``name`` left out, sources' apart."""
    merged: dict[str, list[str]] = {}
    for alias in aliases:
        if alias.name == name:
            continue  # an alias may only say which sources use the record's own name: not another name
        sources = merged.setdefault(alias.name, [])
        sources.extend(source for source in sources_using(data, alias) if source not in sources)
    views = [AliasView(alias_name, tuple(sources)) for alias_name, sources in merged.items()]
    return AliasGroups(sources=[view for view in views if view.sources], editors=[view for view in views if view.editors])
