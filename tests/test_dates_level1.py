"""EDTF level 1 as editors need it: open and unknown ends, unspecified digits, their bounds, words and errors,
and a record's date as the site shows it (dating.py): inferred, still going when reported."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest

from conftest import problems, write
from explainer.dates import EDTF_HELP, EDTF_LEVEL1_HELP, DateError, Report, _parse_with_edtf, parse_date
from explainer.dating import DATA_COLUMNS, Dates
from explainer.loader import load_dataset

MEMO = Report("Middle East Monitor", parse_date("2020-01-29"))
D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "lower", "upper", "words", "reported"),
    [
        # Open end: still going when the source was published.
        (
            "2019-04/..",
            "month/open",
            D(2019, 4, 1),
            D(2019, 4, 30),
            "from April 2019 (ongoing)",
            "from April 2019, still going on 29 January 2020 according to Middle East Monitor",
        ),
        # Unknown end: the sources do not say.
        ("2019-04/", "month/unknown", D(2019, 4, 1), D(2019, 4, 30), "from April 2019; end not reported", None),
        ("../2019-04", "open/month", D(2019, 4, 1), D(2019, 4, 30), "until April 2019 (start open)", None),
        ("/2019-04-12", "unknown/day", D(2019, 4, 12), D(2019, 4, 12), "until 12 April 2019; start not reported", None),
        (
            "2017-05-04~/..",
            "day/open",
            D(2017, 5, 4),
            D(2017, 5, 4),
            "from about 4 May 2017 (ongoing)",
            "from about 4 May 2017, still going on 29 January 2020 according to Middle East Monitor",
        ),
        # Unspecified digits.
        ("196X", "decade", D(1960, 1, 1), D(1969, 12, 31), "the 1960s", None),
        ("19XX", "century", D(1900, 1, 1), D(1999, 12, 31), "some year from 1900 to 1999", None),
        ("2019-XX", "year", D(2019, 1, 1), D(2019, 12, 31), "some month of 2019", None),
        ("2019-04-XX", "month", D(2019, 4, 1), D(2019, 4, 30), "some day in April 2019", None),
        ("2019-XX-XX", "year", D(2019, 1, 1), D(2019, 12, 31), "some day of 2019", None),
        ("2019-XX~", "year", D(2019, 1, 1), D(2019, 12, 31), "some month of 2019 (approximate)", None),
        ("2019-04-XX?", "month", D(2019, 4, 1), D(2019, 4, 30), "some day in April 2019 (uncertain)", None),
        ("2020-02-XX", "month", D(2020, 2, 1), D(2020, 2, 29), "some day in February 2020", None),
        ("2019-XX/2020-03", "year/month", D(2019, 1, 1), D(2020, 3, 31), "some month of 2019 – March 2020", None),
        (
            "196X/..",
            "decade/open",
            D(1960, 1, 1),
            D(1969, 12, 31),
            "from the 1960s (ongoing)",
            "from the 1960s, still going on 29 January 2020 according to Middle East Monitor",
        ),
    ],
)
def test_level1_bounds_precision_and_words(text, precision, lower, upper, words, reported):
    date = parse_date(text)
    assert (date.precision_label(), date.lower, date.upper, date.human()) == (precision, lower, upper, words)
    assert date.human(MEMO) == (reported or words)
    assert str(date) == text


def test_an_open_end_reaches_the_report_that_saw_it_going_and_an_unknown_end_does_not():
    assert parse_date("2019-04/..").reach(MEMO) == D(2020, 1, 29)
    assert parse_date("2019-04/..").reach(None) == D(2019, 4, 30)
    assert parse_date("2019-04/").reach(MEMO) == D(2019, 4, 30)
    # A report older than the date itself does not shorten it.
    assert parse_date("2021/..").reach(MEMO) == D(2021, 12, 31)


def test_iso_bounds_and_machine_values():
    assert parse_date("2019-04/..").iso_bounds() == ("2019-04-01", "")
    assert parse_date("../2019-04").iso_bounds() == ("", "2019-04-30")
    assert parse_date("196X").iso_bounds() == ("1960-01-01", "1969-12-31")
    # Only a plain single date is a <time datetime>: "2019-XX" is not the year 2019.
    assert [parse_date(text).machine_value() for text in ("2019-08", "2015", "2017-04-07", "2019-XX", "196X", "2019~")] == [
        "2019-08", "2015", "2017-04-07", None, None, None,
    ]


def test_vague_dates_are_those_drawn_open_or_hatched():
    assert [parse_date(text).vague for text in ("2019-XX", "196X", "2019-04-XX", "2019~", "2019?", "2019", "2019-04/..")] == [
        True, True, True, True, True, False, False,
    ]
    assert parse_date("2019-04/..").open_end and not parse_date("2019-04/..").open_start
    assert parse_date("/2019").open_start and parse_date("/2019").start_edge == "unknown"
    assert parse_date("2019-04/..").end_edge == "open" and parse_date("2019-04/").end_edge == "unknown"


def test_sort_keys_keep_each_date_where_it_starts_and_put_what_is_still_going_last():
    texts = ["2019-04/..", "2019-04/2019-06", "2019", "2019-04", "196X", "2019-XX", "../2019-04", "2019-04-XX", "2019-04-10"]
    ordered = sorted(texts, key=lambda text: parse_date(text).sort_key)
    assert ordered == [
        "196X", "2019", "2019-XX", "../2019-04", "2019-04", "2019-04-XX", "2019-04/2019-06", "2019-04/..", "2019-04-10",
    ]
    # Filed under their first point: an open start goes under its end's year.
    assert parse_date("../2019-04").year == 2019 and parse_date("196X").year == 1960


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-02-30", "'2020-02-30': 30 February 2020 does not exist; February 2020 has 29 days"),
        ("2021-02-29", "'2021-02-29': 29 February 2021 does not exist; February 2021 has 28 days (2021 is not a leap year)"),
        ("2019-04-31", "'2019-04-31': 31 April 2019 does not exist; April 2019 has 30 days"),
        ("2019-04-00", "'2019-04-00': there is no day 00; write the day as 01 to 30"),
        ("2019-00", "'2019-00' is not a valid EDTF date: there is no month 00; write the month as 01 to 12"),
        (
            "2019-04/2020-02-30",
            "'2019-04/2020-02-30': 30 February 2020 does not exist; February 2020 has 29 days",
        ),
        (
            "2001-21",
            "'2001-21' is a season in EDTF (spring 2001); this site does not show seasons, whose months differ between"
            " hemispheres: write the months the source means, such as 2001-03/2001-05",
        ),
        ("../..", "'../..' gives no date at either end; write at least one, such as 2019-04/.."),
        ("/", "'/' gives no date at either end; write at least one, such as 2019-04/.."),
        (
            "196X-04",
            "'196X-04': a year with unspecified digits (196X) cannot have a month; write 196X alone, or the year in full"
            " with the month",
        ),
        (
            "2019-XX-04",
            "'2019-XX-04': a day (04) in an unspecified month cannot be shown; write 2019-XX-XX (some day of 2019) or"
            " give the month",
        ),
        ("199u", "'199u': write an unspecified digit as a capital X (the 'u' of an old EDTF draft): 199X"),
        ("2019-xx", "'2019-xx': write an unspecified digit as a capital X: 2019-XX"),
        ("2019-04-01T10:00", "'2019-04-01T10:00' has a time of day; this site dates to the day: write 2019-04-01"),
        ("-0100", f"'-0100': years before year 1 are not supported; {EDTF_HELP}"),
        ("0XXX", f"'0XXX' is EDTF beyond what this site shows (such as a set of dates, or a qualifier or X inside a date); {EDTF_HELP}, or {EDTF_LEVEL1_HELP}"),
        ("Y170000002", f"'Y170000002': years after 9999 are not supported; {EDTF_HELP}"),
        (
            "[2019,2020]",
            "'[2019,2020]' is EDTF beyond what this site shows (such as a set of dates, or a qualifier or X inside a"
            f" date); {EDTF_HELP}, or {EDTF_LEVEL1_HELP}",
        ),
        ("April 2019..", f"'April 2019..' is not a valid EDTF date; {EDTF_HELP}"),
        (
            "2020-03/2019-XX",
            "the range '2020-03/2019-XX' ends (some month of 2019) before it starts (March 2020); write the earlier date"
            " first",
        ),
    ],
)
def test_mistakes_are_explained_in_the_editors_terms(text, message):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


LEVEL1 = [
    "2019-04/..", "2019-04/", "../2019-04", "/2019-04", "2017-05-04~/..", "../2019-04-12?", "196X", "19XX", "2019-XX",
    "2019-04-XX", "2019-XX-XX", "2019-04-XX~", "2020-02-XX", "196X/..", "2019-02-29", "2019-13", "2001-21", "2019-?04",
]


def _edtf_reads(text: str) -> bool:
    import edtf

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            edtf.parse_edtf(text)
        except Exception:
            return False
    return True


def test_the_sites_reading_of_level1_agrees_with_the_edtf_package():
    # Only forms the package reads and maps are compared: for the others _parse_with_edtf falls back to
    # the site's own parser, and comparing those would compare the site with itself.
    # No 29 February in 2019 (the package reads it all the same), no month 13; a season and level 2: valid EDTF
    # the site does not show.
    site_refuses = ["2019-02-29", "2019-13", "2001-21", "2019-?04"]
    site_only = ["196X/.."]  # the package refuses an unspecified start with an open end
    assert [text for text in LEVEL1 if not _edtf_reads(text)] == ["196X/..", "2019-13"]
    for text in LEVEL1:
        parse_date.cache_clear()
        if text in site_refuses:
            with pytest.raises(DateError):
                parse_date(text)
        elif text in site_only:
            assert parse_date(text).human() == "from the 1960s (ongoing)"
        else:
            assert parse_date(text) == _parse_with_edtf(text), text


def test_reading_ten_thousand_dates_is_quick():
    import time

    parse_date.cache_clear()
    started = time.perf_counter()
    for day in range(10_000):
        parse_date((D(2000, 1, 1) + dt.timedelta(days=day)).isoformat() + "/..")
    # The edtf package takes milliseconds a date: 10,000 would take tens of seconds.
    assert time.perf_counter() - started < 5


# --- the model --------------------------------------------------------------------------------


def test_a_publication_date_has_no_open_end(mini: Path):
    path = mini / "sources" / "gazette-2020-03-07.yaml"
    path.write_text(path.read_text().replace("published: 2020-03-07", "published: 2020-03/.."))
    assert problems(mini) == [
        "site_data/sources/gazette-2020-03-07.yaml:6:12: 'published': '2020-03/..': a publication date has no open or"
        " unknown end; write the day, month or year the article was published, such as 2020-01-29"
    ]


def test_level1_dates_load_from_yaml(mini: Path):
    path = mini / "events" / "front-takes-riverton.yaml"
    path.write_text(path.read_text().replace("date: 2019-08", "date: 2019-XX"))
    path = mini / "events" / "front-enters-hillcrest.yaml"
    path.write_text(path.read_text().replace("date: 2015", "date: 2015/.."))
    data = load_dataset(mini)
    assert data.events["front-takes-riverton"].date.human() == "some month of 2019"
    assert data.events["front-enters-hillcrest"].date.human() == "from 2015 (ongoing)"


# --- a record's date as the site shows it -------------------------------------------------------------


def test_an_inferred_date_says_so_in_every_form(mini: Path):
    data = load_dataset(mini)
    dated = Dates(data).of(data.events["guard-takes-riverton"])
    assert dated.words == "7 March 2020"
    assert dated.short == "7 March 2020 (inferred)"
    assert dated.hover == "7 March 2020, inferred from “on Saturday” (Valley Gazette, 7 March 2020)"
    assert dated.full == (
        "7 March 2020, inferred from “on Saturday” (Valley Gazette, 7 March 2020): The article was published on"
        " Saturday 7 March 2020."
    )
    assert dated.data_cells() == ["2020-03-07", "2020-03-07", "day", "yes", "2020-03-07"]
    assert len(DATA_COLUMNS) == len(dated.data_cells())
    plain = Dates(data).of(data.events["front-takes-riverton"])
    assert (plain.short, plain.hover, plain.data_cells()) == (
        "August 2019", "August 2019", ["2019-08-01", "2019-08-31", "month", "no", "2019-08"],
    )


def test_an_open_end_runs_to_the_newest_source_that_cites_the_record(mini: Path):
    path = mini / "events" / "front-enters-hillcrest.yaml"
    path.write_text(
        path.read_text()
        .replace("date: 2015", "date: 2015/..")
        .replace(
            "claims:\n",
            "claims:\n  - source: herald-2020-03-10\n    quote: Yesterday the Valley Front recaptured part of Hillcrest"
            " from the Northern Guard.\n",
        )
    )
    data = load_dataset(mini)
    dated = Dates(data).of(data.events["front-enters-hillcrest"])
    assert dated.words == "from 2015, still going on 10 March 2020 according to The Herald"
    assert dated.data_cells() == ["2015-01-01", "", "year/open", "no", "2015/.."]


def test_an_open_end_inferred_from_a_source_runs_to_that_source(mini: Path):
    path = mini / "events" / "guard-takes-riverton.yaml"
    path.write_text(path.read_text().replace("date: 2020-03-07", "date: 2020-03-07/.."))
    data = load_dataset(mini)
    dated = Dates(data).of(data.events["guard-takes-riverton"])
    assert dated.short == "from 7 March 2020, still going on 7 March 2020 according to Valley Gazette (inferred)"


def test_a_span_of_dates_reads_from_its_earliest_point_to_its_latest(mini: Path):
    data = load_dataset(mini)
    dates = Dates(data)
    events = sorted(data.events.values(), key=lambda event: event.date.sort_key)
    assert [(d.words, d.inferred is not None) for d in dates.span(events)] == [("2015", False), ("9 March 2020", True)]
    one = [data.events["guard-takes-riverton"]]
    assert [d.short for d in dates.span(one)] == ["7 March 2020 (inferred)"]


# --- every form through a whole build: lists, sections, charts, previews ---------------------------------------

LEVEL1_EVENTS = {
    # id: (date, what the year page's section says)
    "siege-still-going": ("2019-04/..", "from April 2019, still going on 10 March 2020 according to The Herald"),
    "talks-end-unknown": ("2019-06/", "from June 2019; end not reported"),
    "curfew-until": ("../2019-05", "until May 2019 (start open)"),
    "raid-some-month": ("2019-XX", "some month of 2019"),
    "raid-some-day": ("2019-07-XX", "some day in July 2019"),
}


def _add_level1_events(mini: Path) -> None:
    for event_id, (date, _) in LEVEL1_EVENTS.items():
        write(
            mini / "events" / f"{event_id}.yaml",
            f"id: {event_id}\ntitle: {event_id.replace('-', ' ').capitalize()}\ndate: {date}\ncategory: fighting\n"
            "summary: Something happened.\nclaims:\n  - source: herald-2020-03-10\n"
            "    quote: Riverton, the second largest town in the valley, changed hands last week.\n",
        )


def test_every_level1_form_is_listed_and_drawn_honestly(mini: Path):
    from conftest import ROOT
    from explainer.generate import generate_site
    from explainer.timelinelayout import TimeAxis

    _add_level1_events(mini)
    output = generate_site(mini, ROOT / "templates")
    pages = {page.src: page.html for page in output.pages}
    for event_id, (_, words) in LEVEL1_EVENTS.items():
        assert f'id="{event_id}"' in pages["timeline/2019.md"]
        assert f">{words}</span> · Fighting</p>" in pages["timeline/2019.md"]
    # The year page files each under the month it gives, or under the year when it gives none.
    year = pages["timeline/2019.md"]
    assert year.index('id="2019-year"') < year.index('id="raid-some-month"') < year.index('id="2019-04"')
    assert year.index('id="2019-05"') < year.index('id="curfew-until"') < year.index('id="2019-06"')
    assert year.index('id="2019-07"') < year.index('id="raid-some-day"')

    figure = output.charts["timeline"].figure
    # The timeline's axis skips the empty years: its knots turn its numbers back into days.
    axis = TimeAxis.from_meta(figure["layout"]["meta"]["timeline"])
    bars = [trace for trace in figure["data"] if trace["type"] == "bar" and not (trace.get("meta") or {}).get("fading")]
    drawn = {row[0].rsplit("#", 1)[1]: (axis.date(base), axis.date(base + x), shape) for trace in bars for row, base, x, shape in zip(
        trace["customdata"], trace["base"], trace["x"], trace["marker"]["pattern"]["shape"])}
    # Still going: a bar to the day its report saw it going. Unknown end, open start: the span they give.
    assert drawn["siege-still-going"] == (dt.date(2019, 4, 1), dt.date(2020, 3, 11), "")
    assert drawn["talks-end-unknown"] == (dt.date(2019, 6, 1), dt.date(2019, 7, 1), "")
    assert drawn["curfew-until"] == (dt.date(2019, 5, 1), dt.date(2019, 6, 1), "")
    # Unspecified: a hatched bar across the whole time it may be, never a point.
    assert drawn["raid-some-month"] == (dt.date(2019, 1, 1), dt.date(2020, 1, 1), "/")
    assert drawn["raid-some-day"] == (dt.date(2019, 7, 1), dt.date(2019, 8, 1), "/")
    # The ends the sources do not give fade out: after the siege and the talks, before the curfew.
    fading = [trace for trace in figure["data"] if (trace.get("meta") or {}).get("fading")]
    assert len(fading) == 1
    tails = {row[0].rsplit("#", 1)[1]: (axis.date(base), way) for row, base, way in zip(
        fading[0]["customdata"], fading[0]["base"], fading[0]["meta"]["fading"])}
    assert tails == {
        "curfew-until": (dt.date(2019, 2, 15), "before"),  # 75 days: a 25th of the 2015–2020 span
        "siege-still-going": (dt.date(2020, 3, 11), "after"),
        "talks-end-unknown": (dt.date(2019, 7, 1), "after"),
    }
    assert fading[0]["marker"]["opacity"] == 0.18
    caption = output.charts["timeline"].caption
    assert "Open and hatched marks are approximate, uncertain or unspecified dates" in caption
    assert "a bar that fades out has an end the sources leave open (still going when reported) or do not report" in caption
    # The static preview draws the fading ends as gradients towards the end that is not known.
    preview = str(output.charts["timeline"].preview)
    assert preview.count("<linearGradient") == 2 and ' x1="1" x2="0"' in preview
    # The downloads give each date's bounds, precision and EDTF.
    csv = next(file.content for file in output.files if file.path == "charts/timeline.csv")
    assert "Siege still going,from April 2019 (ongoing)" not in csv
    assert (
        "Siege still going,\"from April 2019, still going on 10 March 2020 according to The Herald\",Fighting,,"
        "\"The Herald, 10 March 2020\",2019-04-01,,month/open,no,2019-04/..," in csv
    )
    assert "Raid some month,some month of 2019,Fighting,,\"The Herald, 10 March 2020\",2019-01-01,2019-12-31,year,no,2019-XX," in csv


def test_a_long_text_is_refused_at_once_and_quoted_in_part():
    import time

    started = time.perf_counter()
    with pytest.raises(DateError) as caught:
        parse_date("2019-" * 20_000)
    assert time.perf_counter() - started < 1
    assert str(caught.value) == f"'{('2019-' * 13)[:64]}…' is not a valid EDTF date; {EDTF_HELP}"
