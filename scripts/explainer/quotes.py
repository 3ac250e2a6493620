"""Checking that a quote is verbatim in a source's archived text.

A quote matches when it appears in the text after runs of whitespace (line
breaks included) are collapsed to one space on both sides; nothing else is
forgiven. When a quote does not match, :func:`explain_mismatch` says why in
terms an editor can act on, and :func:`closest_passage` finds what they
probably meant.

The closest passage is the run of as many words as the quote has whose
characters are most like the quote's (difflib's ratio, case aside), the
earliest of equals. Comparing the quote with every such run of a long text
is quadratic or worse (a 250-word quote took minutes on a 16 KiB text), so
the search is bounded:

* the archived text's words are indexed once (word → positions), and every
  word the quote shares with the text votes for where the quote would start;
  a word of the quote found nowhere is looked up among the text's words as a
  likely misspelling (:mod:`explainer.suggest`);
* the runs where most votes fall, and their neighbours one or two words
  away (a word left out or added), are compared first; on a short text every
  other run is compared after them, as before;
* comparisons are counted (characters compared) and stop at :data:`QUOTE_WORK`
  for one quote; once the searches for one archived text have spent all but
  that of :data:`TEXT_WORK`, its other quotes are not searched; quotes longer
  than :data:`MAX_SEARCHED_QUOTE` characters are not searched either. The
  message then says so.

For an ordinary mistake (a word or two changed, left out or added, a
misspelt name) the passage is the one the full comparison finds.
"""

from __future__ import annotations

import itertools
import re
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from .suggest import close_matches

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")

# Characters editors often type in place of the typographic ones a source uses.
_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

#: Longest quote whose closest passage is looked for, in characters once its spaces are collapsed
#: (a claim's quote has at most 2,000).
MAX_SEARCHED_QUOTE = 2000
#: Most work for one quote's closest passage, in characters compared (a full comparison costs the
#: product of the two lengths).
QUOTE_WORK = 16_000_000
#: Most work for the closest passages of all quotes of one archived text (a search starts only with
#: QUOTE_WORK left).
TEXT_WORK = 64_000_000
#: Work charged per character of a run for difflib's quick bound (a pass over it in Python).
_QUICK_COST = 4
#: Work charged per word of the text for looking up one misspelt word among them.
_LOOKUP_COST = 10
#: Work charged per vote counted.
_VOTE_COST = 3
#: Most word positions counted as votes for one quote.
MAX_VOTES = 400_000
#: Most vote-ranked starts (before their neighbours).
MAX_RANKED_STARTS = 1_000
#: A text with at most this many runs has every other run compared too, after the voted ones.
MAX_STARTS = 20_000
#: Words of the quote found nowhere in the text that are looked up as misspellings.
MAX_MISSPELT = 4
#: Runs one or two words away from a voted start are compared too (a word left out or added).
NEIGHBOURS = 2
#: Punctuation ignored when words vote ("Riverton," is the word "riverton").
_PUNCTUATION = string.punctuation + "“”‘’‚„«»‹›–—…′″¡¿·"


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to a single space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


def _vote_key(folded_word: str) -> str:
    return folded_word.strip(_PUNCTUATION)


@dataclass
class _WordIndex:
    """An archived text's words, case-folded, with where each (punctuation aside) occurs."""

    words: list[str]
    folded: list[str]
    ends: list[int]
    """ends[i]: length of the first i folded words, spaces not counted; ends[0] == 0."""
    positions: dict[str, list[int]]

    @classmethod
    def of(cls, normalised: str) -> _WordIndex:
        words = normalised.split(" ")
        folded = normalised.casefold().split(" ")
        if len(folded) != len(words):  # no character folds to a space; kept safe all the same
            folded = [word.casefold() for word in words]
        positions: dict[str, list[int]] = {}
        for number, word in enumerate(folded):
            key = _vote_key(word)
            if key:
                positions.setdefault(key, []).append(number)
        ends = list(itertools.accumulate(map(len, folded), initial=0))
        return cls(words=words, folded=folded, ends=ends, positions=positions)

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every distinct word (punctuation aside), in the order of first use."""
        return list(self.positions)

    def run_length(self, start: int, size: int) -> int:
        """Characters of the folded run of ``size`` words from ``start``, joined by spaces."""
        end = min(start + size, len(self.words))
        return self.ends[end] - self.ends[start] + max(0, end - start - 1)


@dataclass
class _Ledger:
    """Work spent on one archived text's closest passages, and the passages found (per build)."""

    spent: int = 0
    found: dict[tuple[str, float], _Search] = field(default_factory=dict)


@dataclass(frozen=True)
class _Search:
    passage: str | None
    why_none: str


@dataclass(frozen=True)
class ArchivedText:
    """A source's archived text, kept raw (to show) and normalised once (to search)."""

    raw: str
    normalised: str

    @classmethod
    def from_raw(cls, raw: str) -> ArchivedText:
        return cls(raw=raw, normalised=normalise_space(raw))

    def contains(self, quote: str) -> bool:
        return normalise_space(quote) in self.normalised

    # Built on first use and kept with the text: a build checks many quotes against one text.
    @cached_property
    def _lookalikes_unified(self) -> str:
        return self.normalised.translate(_LOOKALIKES)

    @cached_property
    def _casefolded(self) -> str:
        return self.normalised.casefold()

    @cached_property
    def _index(self) -> _WordIndex:
        return _WordIndex.of(self.normalised)

    @cached_property
    def _ledger(self) -> _Ledger:
        return _Ledger()


_NOTHING_SIMILAR = "no similar passage was found; check that the claim cites the right source"
_NOTHING_WHERE_LOOKED = (
    "no similar passage was found where the quote's words occur (a long text is searched only there);"
    " check that the claim cites the right source"
)
_NOT_LOOKED_FOR = (
    "the closest passage was not looked for, since many other quotes of this source are not verbatim"
    " either; fix those first"
)


def explain_mismatch(quote: str, text: ArchivedText) -> str:
    """Why ``quote`` is not verbatim in ``text``, as a hint for the editor."""
    wanted = normalise_space(quote)
    if wanted.translate(_LOOKALIKES) in text._lookalikes_unified:
        return (
            "it differs only in quotation marks, apostrophes or dashes;"
            " copy those characters from the archived text (it may use ’ “ ” or –)"
        )
    if wanted.casefold() in text._casefolded:
        return "it differs only in capital letters; copy the words exactly"
    search = _search(wanted, text, 0.5)
    if search.passage:
        return f"the closest passage is: “{search.passage}”"
    return search.why_none


def closest_passage(quote: str, text: ArchivedText, *, min_ratio: float = 0.5) -> str | None:
    """The passage of ``text`` most like ``quote`` (same length in words), or None if nothing is close (or not searched)."""
    return _search(normalise_space(quote), text, min_ratio).passage


def _search(wanted: str, text: ArchivedText, min_ratio: float) -> _Search:
    """The closest passage to a normalised quote, found once per text and quote."""
    if not 0 < min_ratio <= 1:
        raise ValueError(f"min_ratio must be in (0, 1], not {min_ratio}")
    if not wanted:
        return _Search(None, _NOTHING_SIMILAR)
    if len(wanted) > MAX_SEARCHED_QUOTE:
        return _Search(
            None,
            f"it has {len(wanted):,} characters, too many to look for the closest passage (at most"
            f" {MAX_SEARCHED_QUOTE:,}); compare shorter pieces of it with the archived text",
        )
    ledger = text._ledger
    key = (wanted, min_ratio)
    if key not in ledger.found:
        if TEXT_WORK - ledger.spent < QUOTE_WORK:  # every search gets its full budget, or none
            return _Search(None, _NOT_LOOKED_FOR)
        search, spent = _closest(wanted, text._index, min_ratio, QUOTE_WORK)
        ledger.spent += spent
        ledger.found[key] = search
    return ledger.found[key]


def _closest(wanted: str, index: _WordIndex, min_ratio: float, budget: int) -> tuple[_Search, int]:
    """Compare the quote with likely runs of the text, best candidates first; (result, work spent)."""
    import difflib  # here: only a quote that is not verbatim is compared, and importing difflib costs every command

    quote_words = wanted.split(" ")
    size = len(quote_words)
    target = wanted.casefold()
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    starts, spent = _likely_starts(quote_words, index, budget)
    best_ratio, best_start = 0.0, -1
    complete = False  # every run of the text compared (or skipped by a bound), within the budget

    def cannot_win(bound: float, start: int) -> bool:
        # Ties go to the earlier run, as when every run was compared from the start.
        return bound < min_ratio or bound < best_ratio or (bound == best_ratio and start > best_start)

    for start in starts:
        length = index.run_length(start, size)
        total = length + len(target)
        if cannot_win(2.0 * min(length, len(target)) / total if total else 1.0, start):  # difflib's real_quick_ratio
            continue
        cost = _QUICK_COST * length + length * len(target)
        if spent + cost > budget:
            break
        matcher.set_seq1(" ".join(index.folded[start : start + size]))
        spent += _QUICK_COST * length
        if cannot_win(matcher.quick_ratio(), start):
            continue
        spent += length * len(target)
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and start < best_start):
            best_ratio, best_start = ratio, start
    else:
        complete = starts.covered_all
    if best_start >= 0 and best_ratio >= min_ratio:
        return _Search(" ".join(index.words[best_start : best_start + size]), ""), spent
    return _Search(None, _NOTHING_SIMILAR if complete else _NOTHING_WHERE_LOOKED), spent


class _Starts:
    """Run starts in the order to compare them; ``covered_all`` once every start of the text was given."""

    def __init__(self, ranked: list[int], last: int) -> None:
        self.ranked = ranked
        self.last = last
        self.covered_all = False

    def __iter__(self) -> Iterator[int]:
        given = set(self.ranked)
        yield from self.ranked
        if self.last + 1 > MAX_STARTS:
            return
        for start in range(self.last + 1):  # a short text: every other run, in order, as before
            if start not in given:
                yield start
        self.covered_all = True


def _likely_starts(quote_words: list[str], index: _WordIndex, budget: int) -> tuple[_Starts, int]:
    """Where the quote most likely starts, from the words it shares with the text; (starts, work spent)."""
    size = len(quote_words)
    last = max(0, len(index.words) - size)
    per_word = max(1, MAX_VOTES // size)
    votes: Counter[int] = Counter()
    missing: list[tuple[int, str]] = []
    spent = 0

    def vote(offset: int, positions: list[int]) -> None:
        nonlocal spent
        spread = _spread(positions, per_word)
        spent += _VOTE_COST * len(spread)
        votes.update([position - offset for position in spread])

    for offset, word in enumerate(quote_words):
        key = _vote_key(word.casefold())
        if not key or spent > budget // 4:
            continue
        found = index.positions.get(key)
        if found is None:
            missing.append((offset, key))
        else:
            vote(offset, found)
    if max(votes.values(), default=0) < max(2, (size + 1) // 2):  # few words in common: the others may be misspelt
        missing.sort(key=lambda item: (-len(item[1]), item[0]))  # longest words first: they tell most
        for offset, key in missing[:MAX_MISSPELT]:
            if spent + _LOOKUP_COST * len(index.vocabulary) > budget // 2:
                break
            spent += _LOOKUP_COST * len(index.vocabulary)
            for similar in close_matches(key, index.vocabulary, n=5, cutoff=0.5):
                vote(offset, index.positions[similar])
    return _Starts(_ranked_starts(votes, size, last), last), spent


def _spread(positions: list[int], most: int) -> list[int]:
    """At most ``most`` of the positions, evenly spread (a very common word votes everywhere anyway)."""
    if len(positions) <= most:
        return positions
    step = -(-len(positions) // most)
    return positions[::step]


def _ranked_starts(votes: Counter[int], size: int, last: int) -> list[int]:
    """Starts with the most votes first, each followed later by its neighbours; clamped to the text."""
    if not votes:
        return []
    strongest = max(votes.values())
    floor = 1 if strongest <= 2 else max(2, strongest // 4)
    voted = sorted(((-count, start) for start, count in votes.items() if count >= floor))[:MAX_RANKED_STARTS]
    reach = min(NEIGHBOURS, size // 2)
    order = sorted(
        (negative_count, abs(shift), start + shift)
        for negative_count, start in voted
        for shift in range(-reach, reach + 1)
    )
    ranked: dict[int, None] = {}
    for _, _, start in order:
        ranked.setdefault(min(max(start, 0), last), None)
    return list(ranked)
