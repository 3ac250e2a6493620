"""Whose words a quote is: the publisher's narration, or someone the publisher quotes.

A claim may name a ``speaker`` only when its quote is the speaker's own words as the source prints
them, that is, inside quotation marks in the archived text. Everything else an article says is its
publisher's narration, however closely it paraphrases someone ("…prompting its spokesman to say
that…"), and the site shows it as the publisher's.

Quoted spans are found paragraph by paragraph (paragraphs are separated by blank lines; inside one,
whitespace is collapsed as for quotes, see :func:`explainer.quotes.normalise_space`):

* “…” (curly double quotes): “ opens, ” closes; a “ while one is open starts again (the first was never
  closed, as in a quotation that runs on into the next paragraph, which is not counted);
* "…" (straight double quotes): paired in order within the paragraph; an unpaired last one opens nothing;
* ‘…’ (curly single quotes): ‘ opens, and the first ’ after it that is not followed by a letter or
  digit closes it (a ’ between letters is an apostrophe: Nu’man, town’s).

A span includes its quotation marks, so that a quote may include them or not; the whole quote must sit
inside one span. The check is linear in the text: spans are computed once per archived text, and only
the outermost ones are searched.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .quotes import ArchivedText, normalise_space

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_MARKS = re.compile("[\u201c\u201d\u2018\u2019\"]")


def quoted_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted span of one paragraph, marks included, outermost only, in order."""
    spans: list[tuple[int, int]] = []
    double_open: int | None = None
    straight_open: int | None = None
    single_open: int | None = None
    for match in _MARKS.finditer(paragraph):
        mark, at = match.group(), match.start()
        if mark == "\u201c":
            double_open = at
        elif mark == "\u201d":
            if double_open is not None:
                spans.append((double_open, at + 1))
                double_open = None
        elif mark == '"':
            if straight_open is None:
                straight_open = at
            else:
                spans.append((straight_open, at + 1))
                straight_open = None
        elif mark == "\u2018":
            if single_open is None:
                single_open = at
        elif single_open is not None and not paragraph[at + 1 : at + 2].isalnum():  # ’ closes
            spans.append((single_open, at + 1))
            single_open = None
    return _outermost(spans)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and end <= kept[-1][1]:
            continue  # inside the previous span
        kept.append((start, end))
    return kept


@dataclass
class QuotedText:
    """The quoted spans of one archived text, as normalised text, found once per build."""

    spans: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, raw: str) -> QuotedText:
        found = cls()
        for paragraph in _PARAGRAPH_BREAK.split(raw):
            text = normalise_space(paragraph)
            found.spans.extend(text[start:end] for start, end in quoted_spans(text))
        return found

    def quotes(self, quote: str) -> bool:
        """Whether the whole of ``quote`` lies inside one quoted span."""
        wanted = normalise_space(quote)
        return bool(wanted) and any(wanted in span for span in self.spans)


@functools.lru_cache(maxsize=64)
def quoted_text(text: ArchivedText) -> QuotedText:
    """The quoted spans of ``text``, computed once per text (texts do not change during a build)."""
    return QuotedText.of(text.raw)


def speaker_message(speaker: str) -> str:
    """What to do when a claim credits ``speaker`` with the publisher's narration."""
    return (
        f"the quote is the publisher's narration, not a quotation of '{speaker}': remove 'speaker' and cite it as the"
        " publisher's words; quote the speaker's own words (those inside quotation marks in the source) in a"
        " separate claim"
    )
