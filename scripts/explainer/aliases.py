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

from .buildmemo import table
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


def sources_using(data: Dataset, alias: Alias) -> tuple[str, ...]:
    """Ids of the sources that use the alias: its own ``source`` first (when its text has it), then the others."""
    return _SourceTexts.of(data).using(data, alias.name, alias.source)


_WORD = re.compile(r"\w+")


@dataclass
class _SourceTexts:
    """A dataset's archived texts in order of publication, and the sources found to use each name so far: a page
    and its index both list a record's aliases, and each is looked for in every text. Kept for the build under
    way (:mod:`explainer.buildmemo`), in which the dataset does not change."""

    texts: list[tuple[str, ArchivedText]]
    found: dict[tuple[str, str | None], tuple[str, ...]]

    @functools.cached_property
    def texts_with_word(self) -> dict[str, list[int]]:
        """The positions in :attr:`texts` of the texts that have each word (a run of word characters), in order.

        A text that uses a name as whole words has each of the name's words as a whole word too (the name is
        bounded by non-word characters at both ends, and its inner words by its own), so only the texts that
        have its rarest word need to be searched: thousands of names are not each looked for in thousands of
        texts.
        """
        found: dict[str, list[int]] = {}
        for position, (_, text) in enumerate(self.texts):
            for word in dict.fromkeys(_WORD.findall(text.normalised)):
                found.setdefault(word, []).append(position)
        return found

    @staticmethod
    def of(data: Dataset) -> _SourceTexts:
        memo = table("source_texts")
        found: _SourceTexts | None = memo.get(id(data)) if memo is not None else None
        if found is None:
            ordered = sorted(data.sources.values(), key=lambda s: (s.published.sort_key, s.id))
            found = _SourceTexts([(source.id, data.texts[source.id]) for source in ordered if source.id in data.texts], {})
            if memo is not None:
                memo[id(data)] = found
        return found

    def using(self, data: Dataset, name: str, own_source: str | None) -> tuple[str, ...]:
        key = (name, own_source)
        if key not in self.found:
            self.found[key] = self._look_for(data, name, own_source)
        return self.found[key]

    def _look_for(self, data: Dataset, name: str, own_source: str | None) -> tuple[str, ...]:
        found: list[str] = []
        if own_source is not None and own_source in data.texts and data.texts[own_source].contains(name):
            found.append(own_source)
        wanted = normalise_space(name)
        if not wanted:
            return tuple(found)
        pattern = _word_pattern(wanted)
        words = dict.fromkeys(_WORD.findall(wanted))
        having = [self.texts_with_word.get(word, []) for word in words]
        candidates = min(having, key=len) if having else range(len(self.texts))  # a name of no word: every text
        for source_id, text in (self.texts[position] for position in candidates):
            # Whole words with the same capitals (see the module); a fast substring search decides the common case.
            if source_id not in found and wanted in text.normalised and pattern.search(text.normalised) is not None:
                found.append(source_id)
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
