"""Checking that a quote is verbatim in a source's archived text.

A quote matches when it appears in the text after runs of whitespace (line
breaks included) are collapsed to one space on both sides; nothing else is
forgiven. When a quote does not match, :func:`explain_mismatch` says why in
terms an editor can act on, and :func:`closest_passage` finds what they
probably meant.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")

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


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to a single space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


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


def explain_mismatch(quote: str, text: ArchivedText) -> str:
    """Why ``quote`` is not verbatim in ``text``, as a hint for the editor."""
    wanted = normalise_space(quote)
    haystack = text.normalised
    if wanted.translate(_LOOKALIKES) in haystack.translate(_LOOKALIKES):
        return (
            "it differs only in quotation marks, apostrophes or dashes;"
            " copy those characters from the archived text (it may use ’ “ ” or –)"
        )
    if wanted.casefold() in haystack.casefold():
        return "it differs only in capital letters; copy the words exactly"
    passage = closest_passage(quote, text)
    if passage:
        return f"the closest passage is: “{passage}”"
    return "no similar passage was found; check that the claim cites the right source"


def closest_passage(quote: str, text: ArchivedText, *, min_ratio: float = 0.5) -> str | None:
    """The passage of ``text`` most like ``quote`` (same length in words), or None if nothing is close."""
    wanted = normalise_space(quote).split(" ")
    words = text.normalised.split(" ")
    if not wanted or not words:
        return None
    size = len(wanted)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(" ".join(wanted).casefold())
    best: tuple[float, int] = (0.0, 0)
    for start in range(0, max(1, len(words) - size + 1)):
        window = " ".join(words[start : start + size]).casefold()
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
            continue
        ratio = matcher.ratio()
        if ratio > best[0]:
            best = (ratio, start)
    if best[0] < min_ratio:
        return None
    return " ".join(words[best[1] : best[1] + size])
