"""A speaker is credited only with words the source prints inside quotation marks; the rest is the publisher's."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, edit, problems
from explainer.attribution import QuotedText, quoted_spans
from explainer.generate import generate_site
from explainer.loader import load_dataset

NARRATION = (
    "the quote is the publisher's narration, not a quotation of 'ana-ruiz': remove 'speaker' and cite it as the"
    " publisher's words; quote the speaker's own words (those inside quotation marks in the source) in a separate"
    " claim"
)


def spans(text: str) -> list[str]:
    return [text[start:end] for start, end in quoted_spans(text)]


# --- finding the quoted spans ------------------------------------------------------------------------


def test_curly_straight_and_single_quotes_are_spans_with_their_marks():
    text = 'SANA said “liberated most of the town’s districts.” He said "we will stay" and ‘no more’ today.'
    assert spans(text) == ["“liberated most of the town’s districts.”", '"we will stay"', "‘no more’"]


def test_an_apostrophe_does_not_close_a_single_quote():
    assert spans("She called it ‘the town’s last stand’ yesterday") == ["‘the town’s last stand’"]
    # With no ‘ open, a ’ is only an apostrophe.
    assert spans("The regime’s forces and the rebels’ lines") == []


def test_nested_quotes_count_once_as_the_outer_span():
    assert spans("He said “they called it ‘calm’ then” and left") == ["“they called it ‘calm’ then”"]


def test_unclosed_marks_open_nothing():
    assert spans('an odd " mark, and “a quote that runs on') == []
    # A second “ before any ” starts the span again: the first was never closed.
    assert spans("“one “two” three") == ["“two”"]


def test_a_quote_must_sit_inside_one_span_and_spans_stop_at_a_paragraph():
    quoted = QuotedText.of('"We will hold it," said Ana Ruiz. "And the hill."\n\n"Another\n\nparagraph"')
    assert quoted.spans == ['"We will hold it,"', '"And the hill."']
    assert quoted.quotes("We will hold it,")
    assert quoted.quotes('"We will  hold\nit,"')  # whitespace is forgiven, as for any quote
    assert not quoted.quotes('"We will hold it," said Ana Ruiz.')
    assert not quoted.quotes('it," said Ana Ruiz. "And')
    assert not quoted.quotes("Another paragraph")


def test_spans_are_found_in_linear_time():
    import time

    text = ("word “quoted words” and ‘more’ with a town’s name, " * 40_000) + '"'
    start = time.perf_counter()
    found = QuotedText.of(text)
    assert len(found.spans) == 80_000
    assert found.quotes("quoted words") and not found.quotes("a town’s name")
    assert time.perf_counter() - start < 10


# --- the check -------------------------------------------------------------------------------------------


def test_check_refuses_a_speaker_for_the_publishers_narration(mini: Path):
    edit(
        mini / "events" / "guard-takes-riverton.yaml",
        "from the Valley Front.\n  - source",
        "from the Valley Front.\n    speaker: ana-ruiz\n  - source",
    )
    assert problems(mini) == [f"site_data/events/guard-takes-riverton.yaml:18:14: {NARRATION}"]


def test_check_refuses_a_quote_that_runs_past_the_quotation_marks(mini: Path):
    edit(
        mini / "events" / "guard-takes-riverton.yaml",
        "quote: '\"We will hold it,\"'",
        "quote: '\"We will hold it,\" said Commander Ana Ruiz.'",
    )
    assert problems(mini) == [f"site_data/events/guard-takes-riverton.yaml:20:14: {NARRATION}"]


def test_a_speakers_words_may_be_quoted_with_or_without_their_marks(mini: Path):
    load_dataset(mini)  # '"We will hold it,"' with its marks
    edit(mini / "events" / "guard-takes-riverton.yaml", "quote: '\"We will hold it,\"'", "quote: 'We will hold it'")
    load_dataset(mini)


def test_a_quote_that_is_not_verbatim_gets_one_message_only(mini: Path):
    edit(mini / "events" / "guard-takes-riverton.yaml", "quote: '\"We will hold it,\"'", "quote: '\"We shall hold it,\"'")
    found = problems(mini)
    assert len(found) == 1 and "is not verbatim" in found[0]


# --- how claims are shown ------------------------------------------------------------------------------


def test_narration_is_the_publishers_and_a_speaker_is_quoted_by_the_publisher(mini: Path):
    output = generate_site(mini, ROOT / "templates")
    pages = {page.src: page.html for page in output.pages}
    timeline = pages["timeline/2020.md"]
    claims = re.findall(r'<li class="ex-claim">.*?</li>', timeline, re.S)
    spoken = [claim for claim in claims if "We will hold it" in claim]
    narrated = [claim for claim in claims if "The Northern Guard on Saturday took control of Riverton" in claim]
    assert len(spoken) == 1 and len(narrated) == 1
    assert (
        '<p class="ex-cite" data-search-exclude>—&nbsp;<a href="../../actors/ana-ruiz/">Ana Ruiz</a>, quoted by'
        ' <a href="../../sources/gazette-2020-03-07/">Valley Gazette, 7 March 2020</a></p>'
    ) in spoken[0]
    assert (
        '<p class="ex-cite" data-search-exclude>—&nbsp;<a href="../../sources/gazette-2020-03-07/">Valley Gazette,'
        " 7 March 2020</a></p>"
    ) in narrated[0]
    every_page = "".join(pages.values())
    assert "as reported by" not in every_page
    # The source's own page says the same, with the same words (the source's name unlinked: it is that page).
    source = pages["sources/gazette-2020-03-07.md"]
    assert '<a href="../../actors/ana-ruiz/">Ana Ruiz</a>, quoted by Valley Gazette, 7 March 2020</p>' in source


# --- a headline is the publisher's words ------------------------------------------------------------------


def test_a_loaded_headline_is_shown_as_the_publishers_quotation_never_as_the_sites_title(mini: Path):
    # "liberated" is a loaded term of the fixture topic; a headline is the publisher's words, so it may use it.
    edit(mini / "sources" / "gazette-2020-03-07.yaml", "title: Northern Guard takes Riverton", "title: Northern Guard liberated Riverton")
    text = mini / "sources" / "gazette-2020-03-07.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Northern Guard takes Riverton", "Northern Guard liberated Riverton"), encoding="utf-8")
    output = generate_site(mini, ROOT / "templates")
    page = next(page for page in output.pages if page.src == "sources/gazette-2020-03-07.md")
    assert page.title == "Valley Gazette: “Northern Guard liberated Riverton”"
    assert "<h1>Valley Gazette: “Northern Guard liberated Riverton”</h1>" in page.html
    index = next(page for page in output.pages if page.src == "sources/index.md")
    assert '<li>Valley Gazette, <a href="gazette-2020-03-07/">“Northern Guard liberated Riverton”</a>, ' in index.html
    # Wherever the headline is shown, on every page and embed, it stands in quotation marks. (The JSON downloads
    # name each source by its fields, "publisher" and "title": data, not the site's words.)
    texts = [page.html for page in output.pages] + [page.title for page in output.pages]
    texts += [f.content for f in output.files if f.path.endswith(".html")]
    for shown in texts:
        for found in re.finditer("Northern Guard liberated Riverton", shown):
            assert shown[found.start() - 1] == "“", shown[max(0, found.start() - 80) : found.end() + 10]
