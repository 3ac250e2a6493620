"""Bounded work on any input: the closest passage, `explainer quote`, "did you mean" and YAML numbers.

Each timing test runs the worst input of its kind against a generous bound that the
quadratic code it replaces could not meet (minutes to hours on the same inputs). The
bounds are on this process's CPU time, so that other work on a shared machine does
not make them fail.
"""

from __future__ import annotations

import difflib
import random
import time
from pathlib import Path

import pytest

from conftest import edit, problems, write
from explainer import quotes
from explainer.articles import scan_page
from explainer.cli import main
from explainer.loader import MAX_TEXT_BYTES, load_dataset
from explainer.quotes import ArchivedText, closest_passage, explain_mismatch
from explainer.suggest import MAX_SCORED, MAX_WORD, close_matches, did_you_mean
from explainer.yamlstrict import parse_yaml_text


def long_text(seed: int, max_bytes: int = MAX_TEXT_BYTES) -> list[list[str]]:
    """Lines of made-up words (with the common short words of prose), just under ``max_bytes`` once joined."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("etaoinshrdlucmfwypvbgk") for _ in range(rng.randint(2, 10))) for _ in range(5000)]
    vocabulary += ["the", "of", "and", "a", "to", "in", "was", "on"] * 400
    lines: list[list[str]] = []
    size = 0
    while True:
        line = [rng.choice(vocabulary) for _ in range(12)]
        size += len(" ".join(line)) + 1
        if size > max_bytes:
            return lines
        lines.append(line)


def join_lines(lines: list[list[str]]) -> str:
    return "\n".join(" ".join(line) for line in lines) + "\n"


def with_one_word_changed(words: list[str]) -> str:
    changed = list(words)
    changed[len(changed) // 2] = "zzzchangedzzz"
    return " ".join(changed)


# --- the closest passage --------------------------------------------------------------------


def test_closest_passage_of_a_250_word_quote_in_a_2_mib_text_takes_seconds():
    lines = long_text(1)
    raw = join_lines(lines)
    assert len(raw.encode("utf-8")) <= MAX_TEXT_BYTES
    words = [word for line in lines for word in line]
    for start in (len(words) // 2, len(words) - 260):
        passage = words[start : start + 250]
        text = ArchivedText.from_raw(raw)
        began = time.process_time()
        hint = explain_mismatch(with_one_word_changed(passage), text)
        assert time.process_time() - began < 10
        assert hint == f"the closest passage is: “{' '.join(passage)}”"


def test_the_closest_passage_is_the_one_a_full_comparison_finds_for_ordinary_mistakes(monkeypatch):
    """On texts long enough to be searched where the quote's words vote, with a comparison of every run as reference."""

    def every_run(quote: str, text: ArchivedText) -> str | None:  # the former search: every run of the text
        wanted = quote.split(" ")
        words = text.normalised.split(" ")
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(quote.casefold())
        best = (0.0, 0)
        for start in range(max(1, len(words) - len(wanted) + 1)):
            matcher.set_seq1(" ".join(words[start : start + len(wanted)]).casefold())
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, start)
        return " ".join(words[best[1] : best[1] + len(wanted)]) if best[0] >= 0.5 else None

    monkeypatch.setattr(quotes, "MAX_STARTS", 0)  # never fall back to comparing every run
    rng = random.Random(7)
    vocabulary = ["".join(rng.choice("etaoinshrdlucmfwyp") for _ in range(rng.randint(3, 10))) for _ in range(600)]
    vocabulary += ["the", "of", "and", "a", "to", "in"] * 30
    checked = 0
    for _ in range(40):
        words = [rng.choice(vocabulary) + ("," if rng.random() < 0.1 else "") for _ in range(600)]
        size = rng.choice([1, 2, 3, 8, 20, 30])
        start = rng.randrange(len(words) - size)
        quote = words[start : start + size]
        place = rng.randrange(size)
        mistake = "misspelt" if size < 8 else rng.choice(["misspelt", "changed", "left out", "added"])
        if mistake == "misspelt":
            word = quote[place]
            quote[place] = word[:1] + "q" + word[2:]
        elif mistake == "changed":
            quote[place] = rng.choice(vocabulary)
        elif mistake == "left out":
            del quote[place]
        else:
            quote.insert(place, rng.choice(vocabulary))
        wanted = " ".join(quote)
        text = ArchivedText.from_raw(" ".join(words))
        if text.contains(wanted):
            continue
        assert closest_passage(wanted, text) == every_run(wanted, text), (mistake, wanted)
        checked += 1
    assert checked > 30


def test_a_misspelt_name_finds_the_name_in_a_long_text():
    words = [word for line in long_text(2, 200_000) for word in line]
    words[30_000] = "Sheikhoun,"
    text = ArchivedText.from_raw(" ".join(words))
    assert explain_mismatch("Shaykhoun", text) == "the closest passage is: “Sheikhoun,”"


def test_a_quote_too_long_to_search_says_so():
    text = ArchivedText.from_raw("The Valley Front had captured Riverton in August 2019.")
    quote = "word " * 500  # 2,499 characters once its spaces are collapsed
    assert closest_passage(quote, text) is None
    assert explain_mismatch(quote, text) == (
        "it has 2,499 characters, too many to look for the closest passage (at most 2,000);"
        " compare shorter pieces of it with the archived text"
    )


def test_work_on_one_text_is_bounded_and_then_says_so():
    """Many long quotes that match nothing: the first ones are searched as far as the budget goes, the rest are not."""
    raw = join_lines(long_text(3))
    text = ArchivedText.from_raw(raw)
    rng = random.Random(4)
    vocabulary = sorted(set(raw.split()))
    began = time.process_time()
    hints = [explain_mismatch(" ".join(rng.choice(vocabulary) for _ in range(200)), text) for _ in range(40)]
    assert time.process_time() - began < 15
    assert text._ledger.spent <= quotes.TEXT_WORK
    assert hints[0] == (
        "no similar passage was found where the quote's words occur (a long text is searched only there);"
        " check that the claim cites the right source"
    )
    assert hints[-1] == (
        "the closest passage was not looked for, since many other quotes of this source are not verbatim"
        " either; fix those first"
    )


def test_a_text_of_one_huge_word_and_a_quote_of_one_letter_words():
    began = time.process_time()
    assert explain_mismatch("x " * 900, ArchivedText.from_raw("y" * MAX_TEXT_BYTES)) == (
        "no similar passage was found; check that the claim cites the right source"
    )
    assert explain_mismatch("x" * 1999 + "y", ArchivedText.from_raw("x" * MAX_TEXT_BYTES)) == (
        "no similar passage was found; check that the claim cites the right source"
    )
    assert time.process_time() - began < 10


# --- explainer quote ------------------------------------------------------------------------


def test_explainer_quote_on_a_2_mib_text_takes_seconds(mini: Path, capsys, monkeypatch):
    lines = long_text(5)
    write(mini / "sources" / "herald-2020-03-10.txt", join_lines(lines))
    monkeypatch.chdir(mini.parent)
    middle = len(lines) // 2
    passage = [word for line in lines[middle : middle + 30] for word in line][:250]

    began = time.process_time()
    assert main(["quote", "herald-2020-03-10", with_one_word_changed(passage)]) == 1
    assert time.process_time() - began < 10
    assert capsys.readouterr().out == f"not verbatim\nclosest passage, line {middle + 1}: {' '.join(passage)}\n"

    began = time.process_time()
    assert main(["quote", "herald-2020-03-10", " ".join(lines[-1])]) == 0
    assert time.process_time() - began < 10
    assert capsys.readouterr().out == f"verbatim: found in site_data/sources/herald-2020-03-10.txt at line {len(lines)}\n"


# --- did you mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("rivertown", ["hill-province", "hillcrest", "riverton"], "riverton"),
        ("titel", ["id", "title", "date", "summary"], "title"),
        ("event", ["sources", "events", "actors"], "events"),
        ("zonez", ["timeline", "control", "zones"], "zones"),
        ("war", ["diplomacy", "fighting"], None),
        ("x" * (MAX_WORD + 1), ["x" * (MAX_WORD + 1)], None),
    ],
)
def test_did_you_mean(word: str, candidates: list[str], expected: str | None):
    assert did_you_mean(word, candidates) == expected


def test_did_you_mean_is_difflib_on_tables_of_up_to_max_scored_similar_ids():
    rng = random.Random(11)

    def an_id() -> str:
        return "-".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(2, 8))) for _ in range(rng.randint(1, 4)))

    for _ in range(500):
        table = [an_id() for _ in range(rng.randint(1, MAX_SCORED))]
        word = rng.choice(table)[:-1] + "q" if rng.random() < 0.7 else an_id()
        for n in (1, 3):
            assert close_matches(word, table, n=n) == difflib.get_close_matches(word, table, n=n), (word, table)


def test_2000_unknown_ids_against_2000_known_ids_take_seconds():
    known = [f"event-{number:05d}" for number in range(1, 2001)]
    unknown = [f"event-{number:05d}" for number in range(3001, 5001)]
    began = time.process_time()
    for word in unknown:
        did_you_mean(word, known)
    assert time.process_time() - began < 10
    assert did_you_mean("evnt-01234", known) == "event-01234"
    assert did_you_mean("event-0l234", known) == "event-01234"


def test_check_with_2000_links_to_unknown_events_takes_seconds(mini: Path):
    for number in range(1, 2001):
        write(
            mini / "events" / f"event-{number:04d}.yaml",
            f"id: event-{number:04d}\n"
            f"title: Event {number}\n"
            "date: 2019-08\n"
            "category: fighting\n"
            "places: [riverton]\n"
            "actors: [valley-front]\n"
            f"summary: It followed [another](event:evnt-{number:04d}).\n"
            "claims:\n"
            "  - source: gazette-2020-03-07\n"
            "    quote: The Valley Front had captured Riverton in August 2019.\n",
        )
    began = time.process_time()
    found = problems(mini)
    assert time.process_time() - began < 15
    assert found == [
        f"site_data/events/event-{number:04d}.yaml:7:10: the link 'event:evnt-{number:04d}' in 'summary' names no event"
        f" (did you mean 'event-{number:04d}'?); link to the id of a file in site_data/events/"
        for number in range(1, 2001)
    ]


# --- numbers and nesting in YAML ------------------------------------------------------------


def test_a_5000_digit_integer_is_a_positioned_error(mini: Path):
    edit(mini / "events" / "front-takes-riverton.yaml", "key: true", "key: " + "9" * 5000)
    edit(mini / "places" / "riverton.yaml", "kind: town", "kind: -" + "1" * 150 + ".5e" + "7" * 10)
    assert problems(mini) == [
        "site_data/events/front-takes-riverton.yaml:15:6: this number has 5,000 digits; numbers may have at most"
        " 100 digits; put it in quotes if it is text",
        "site_data/places/riverton.yaml:4:7: this number has 161 digits; numbers may have at most 100 digits;"
        " put it in quotes if it is text",
    ]


@pytest.mark.parametrize(
    ("text", "expected", "value"),
    [
        ("a: " + "1" * 100 + "\n", [], int("1" * 100)),
        ("a: '" + "1" * 5000 + "'\n", [], "1" * 5000),
        (
            "a: " + "1" * 101 + "\n",
            ["x.yaml:1:4: this number has 101 digits; numbers may have at most 100 digits; put it in quotes if it is text"],
            "1" * 101,
        ),
        (
            "a:\n  - " + "1" * 5000 + "\n",
            ["x.yaml:2:5: this number has 5,000 digits; numbers may have at most 100 digits; put it in quotes if it is text"],
            ["1" * 5000],
        ),
    ],
)
def test_numbers_of_over_100_digits(text: str, expected: list[str], value: object):
    doc, found = parse_yaml_text(text, Path("x.yaml"), "x.yaml")
    assert [str(problem) for problem in found] == expected
    assert doc is not None and doc.data["a"] == value


@pytest.fixture
def data(mini: Path):
    return load_dataset(mini)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "chart: timeline\ntitle: " + "1" * 5000,
            "content/page.md:5:8: this number has 5,000 digits; numbers may have at most 100 digits;"
            " put it in quotes if it is text",
        ),
        (
            "chart: timeline\ntitle: " + "{a: " * 40,
            "content/page.md:5:132: nested deeper than 32 levels; records need only a few levels of nesting",
        ),
        (
            "chart: timeline\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(40)) + " " * 40 + "v",
            "content/page.md:37:33: nested deeper than 32 levels; records need only a few levels of nesting",
        ),
    ],
)
def test_numbers_and_nesting_in_a_chart_block_are_positioned_errors(data, body: str, expected: str):
    text = f"# Title\n\n```explainer-chart\n{body}\n```\n"
    assert [str(problem) for problem in scan_page(data, text, "content/page.md")[1]] == [expected]
