"""Bounded "did you mean" suggestions for unknown ids, fields, folders and chart names.

:func:`did_you_mean` gives what ``difflib.get_close_matches(word, candidates, n=1)``
gives, without its cost on large tables: that function scores every candidate in
full (quadratic in the length of the words, in pure Python), so 2,000 unknown ids
against 2,000 known ones took over a minute.

Here, candidates whose length alone rules them out are dropped first (that is
difflib's own first test, done in one pass at C speed). When at most
:data:`MAX_SCORED` remain, they are scored exactly as difflib scores them, so the
answer is the same; the tables editors use (folders, fields, charts, categories,
actors, places) stay under that. Beyond it, only the :data:`MAX_SCORED`
candidates that share the most pieces of the word (its thirds and quarters:
one or two typing mistakes leave most of them intact) are scored; among
candidates that tie, those sharing more of the word's bigrams, then those of
the nearest length, come first. Each step is a pass over the candidates at C
speed, so a word costs a few passes over the table plus at most
:data:`MAX_SCORED` full scores. Words longer than :data:`MAX_WORD` characters
get no suggestion: ids have at most 80.

Nothing is cached between calls: a build asks once per mistake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain, pairwise
from operator import itemgetter

#: difflib's default similarity cutoff, which every message has always used.
CUTOFF = 0.6
#: Most candidates scored in full for one word.
MAX_SCORED = 64
#: Most bigrams of the word used to order candidates that tie on pieces.
MAX_BIGRAMS = 6
#: Longest word a suggestion is looked for (ids have at most 80 characters).
MAX_WORD = 100


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word`` (as ``difflib.get_close_matches(word, candidates, n=1)``), or None."""
    matches = close_matches(word, candidates, n=1)
    return matches[0] if matches else None


def close_matches(word: str, candidates: Iterable[str], *, n: int, cutoff: float = CUTOFF) -> list[str]:
    """Up to ``n`` candidates at least ``cutoff`` like ``word``, best first (ties: the later in sorted order first)."""
    if not 0 < cutoff <= 1:
        raise ValueError(f"cutoff must be in (0, 1], not {cutoff}")
    if n <= 0 or len(word) > MAX_WORD:
        return []
    shortest, longest = _length_window(len(word), cutoff)
    eligible = [candidate for candidate in candidates if shortest <= len(candidate) <= longest]
    if len(eligible) > MAX_SCORED:
        eligible = _shortlist(word, eligible)
    return _best(word, eligible, n, cutoff)


def _length_window(size: int, cutoff: float) -> tuple[int, int]:
    """Shortest and longest candidate whose length alone allows ``cutoff`` (difflib's real_quick_ratio)."""

    def allowed(other: int) -> bool:
        total = size + other
        return (2.0 * min(size, other) / total if total else 1.0) >= cutoff

    shortest = size
    while shortest > 0 and allowed(shortest - 1):
        shortest -= 1
    longest = size
    while allowed(longest + 1):  # ends: the ratio falls towards 0 as the other length grows
        longest += 1
    return shortest, longest


def _pieces(word: str) -> list[str]:
    """The word's thirds and quarters (distinct, in a fixed order); a candidate with a half has two quarters."""
    pieces: list[str] = []
    for parts in (3, 4):
        bounds = [len(word) * index // parts for index in range(parts + 1)]
        for start, end in pairwise(bounds):
            piece = word[start:end]
            if piece and piece not in pieces:
                pieces.append(piece)
    return pieces


def _bigrams(word: str) -> list[str]:
    """The word's distinct pairs of neighbouring characters, in order."""
    return list(dict.fromkeys(word[index : index + 2] for index in range(len(word) - 1)))


def _containing(candidates: list[str], pieces: list[str]) -> dict[str, list[str]]:
    """For each piece, the candidates that contain it (one pass at C speed per piece)."""
    return {piece: [candidate for candidate in candidates if piece in candidate] for piece in pieces}


def _rank(containing: dict[str, list[str]]) -> list[tuple[str, int]]:
    """(candidate, pieces it contains) for candidates with any, most first (ties: the later name first)."""
    shared = Counter(chain.from_iterable(containing.values()))
    ranked = sorted(shared.items(), reverse=True)  # by name first: difflib prefers the later name on a tie
    ranked.sort(key=itemgetter(1), reverse=True)  # stable: names stay in order within a count
    return ranked


def _shortlist(word: str, eligible: list[str]) -> list[str]:
    """The MAX_SCORED candidates sharing the most pieces of ``word``.

    Ids that differ in a few characters only ("event-00377", "event-00977") tie on
    pieces: the tie that the cut falls into is ordered by the word's bigrams that
    are not in a piece every candidate has (at most MAX_BIGRAMS of them), then by
    how close their length is to the word's (the bound difflib tests first).
    """
    containing = _containing(eligible, _pieces(word))
    everywhere = [piece for piece, found in containing.items() if len(found) == len(eligible)]
    for piece in everywhere:  # tells nothing apart, and is the most costly to count
        containing[piece] = []
    ranked = _rank(containing)
    telling = [bigram for bigram in _bigrams(word) if not any(bigram in piece for piece in everywhere)][:MAX_BIGRAMS]
    if len(ranked) < MAX_SCORED:  # room left for candidates that share no telling piece
        listed = {candidate for candidate, _ in ranked}
        rest = [candidate for candidate in eligible if candidate not in listed]
        # They are alike only where they share pieces with every candidate ("event-"): bigrams then tell.
        rest = _order_tie(word, rest, telling if everywhere else [])
        return ([candidate for candidate, _ in ranked] + rest)[:MAX_SCORED]
    cut = ranked[MAX_SCORED - 1][1]
    above = [candidate for candidate, count in ranked if count > cut]
    tied = [candidate for candidate, count in ranked if count == cut]
    return (above + _order_tie(word, tied, telling))[:MAX_SCORED]


def _order_tie(word: str, tied: list[str], telling: list[str]) -> list[str]:
    """The best of ``tied`` first: most telling bigrams, then nearest length, then the later name."""
    shared = dict.fromkeys(tied, 0)
    shared.update(Counter(chain.from_iterable(_containing(tied, telling).values())))
    # Sorts at C speed first (each stable): name, then shorter first, then most bigrams first...
    tied = sorted(tied, reverse=True)
    tied.sort(key=len)
    tied.sort(key=shared.__getitem__, reverse=True)
    # ...and the exact order, by nearness of length, on the few that can make the cut.
    best = tied[: 4 * MAX_SCORED]
    best.sort(key=lambda candidate: (shared[candidate], -abs(len(candidate) - len(word)), candidate), reverse=True)
    return best


def _best(word: str, eligible: list[str], n: int, cutoff: float) -> list[str]:
    """difflib.get_close_matches on ``eligible``, skipping full scores that cannot make the top ``n``."""
    import difflib  # here: most runs ask for no suggestion, and importing difflib is a cost of every command

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounds: list[tuple[float, str]] = []
    for candidate in eligible:
        matcher.set_seq1(candidate)
        bound = matcher.quick_ratio()  # an upper bound of ratio()
        if bound >= cutoff:
            bounds.append((bound, candidate))
    bounds.sort(reverse=True)
    found: list[tuple[float, str]] = []  # the top n so far, best first
    for bound, candidate in bounds:
        if len(found) == n and (bound, candidate) < found[-1]:
            break  # every later candidate is bounded below the n-th found
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            found.append((ratio, candidate))
            found.sort(reverse=True)
            del found[n:]
    return [candidate for _, candidate in found]
