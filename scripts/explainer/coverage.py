"""Which sentences of a source no claim quotes: the check that an article is fully covered.

Every sentence of an archived text should either be quoted by a claim or be
declared page furniture (menus, links, tag lists) in the source's
``furniture`` list. :func:`uncovered_sentences` lists the rest, so that an
editor can see what of an article the site does not yet say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .quotes import normalise_space

if TYPE_CHECKING:  # only types: the command line reads COVERED_SHARE without loading the model
    from .dataset import Dataset
    from .derive import Index

_SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"‘'0-9])")
_WORD_CHAR = re.compile(r"\w")

#: Share of a sentence's letters and digits that quotes must cover for it to count as covered.
COVERED_SHARE = 0.8


@dataclass(frozen=True)
class Sentence:
    """A sentence of an archived text and how much of it the claims quote."""

    text: str
    covered: float
    """Share of its letters and digits inside some quote or furniture passage (0 to 1)."""


def sentences(raw: str) -> list[str]:
    """The sentences of a text: each non-empty line split at sentence ends, whitespace normalised."""
    found: list[str] = []
    for line in raw.splitlines():
        line = normalise_space(line)
        if line:
            found.extend(part for part in _SENTENCE_END.split(line) if part)
    return found


def sentence_coverage(data: Dataset, index: Index, source_id: str) -> list[Sentence]:
    """Every sentence of a source's archived text with the share of it that claims quote."""
    text = data.texts[source_id].normalised
    covered = bytearray(len(text))
    passages = [citation.claim.quote for citation in index.citations_by_source.get(source_id, [])]
    passages += data.sources[source_id].furniture
    for passage in passages:
        needle = normalise_space(passage)
        start = text.find(needle)
        while start != -1 and needle:
            covered[start : start + len(needle)] = b"\x01" * len(needle)
            start = text.find(needle, start + 1)
    result = []
    cursor = 0
    for sentence in sentences(data.texts[source_id].raw):
        start = text.find(sentence, cursor)
        if start == -1:  # cannot happen: sentences come from the same normalised text
            start = text.find(sentence)
        cursor = start + len(sentence)
        letters = [i for i in range(start, start + len(sentence)) if _WORD_CHAR.match(text[i])]
        share = sum(covered[i] for i in letters) / len(letters) if letters else 1.0
        result.append(Sentence(sentence, share))
    return result


def uncovered_sentences(data: Dataset, index: Index, source_id: str) -> list[Sentence]:
    """Sentences of a source that no claim (or furniture passage) covers well enough."""
    return [sentence for sentence in sentence_coverage(data, index, source_id) if sentence.covered < COVERED_SHARE]
