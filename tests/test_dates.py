"""EDTF dates keep their precision, bounds and approximation."""

from __future__ import annotations

import datetime as dt

import pytest

from explainer.dates import EDTF_HELP, EDTF_LEVEL1_HELP, DateError, parse_date


@pytest.mark.parametrize(
    ("text", "precision", "lower", "upper", "words"),
    [
        ("2017-04-07", "day", dt.date(2017, 4, 7), dt.date(2017, 4, 7), "7 April 2017"),
        ("2019-08", "month", dt.date(2019, 8, 1), dt.date(2019, 8, 31), "August 2019"),
        ("2020-02", "month", dt.date(2020, 2, 1), dt.date(2020, 2, 29), "February 2020"),
        ("2015", "year", dt.date(2015, 1, 1), dt.date(2015, 12, 31), "2015"),
        ("2017-05-04/2017-05-05", "range", dt.date(2017, 5, 4), dt.date(2017, 5, 5), "4–5 May 2017"),
        ("2020-01-27/2020-02-02", "range", dt.date(2020, 1, 27), dt.date(2020, 2, 2), "27 January – 2 February 2020"),
        ("2019-04/2020-01-29", "range", dt.date(2019, 4, 1), dt.date(2020, 1, 29), "April 2019 – 29 January 2020"),
        ("2019-05/2019-08", "range", dt.date(2019, 5, 1), dt.date(2019, 8, 31), "May–August 2019"),
        ("2020-01-28~", "day", dt.date(2020, 1, 28), dt.date(2020, 1, 28), "about 28 January 2020"),
        ("2020-01-28?", "day", dt.date(2020, 1, 28), dt.date(2020, 1, 28), "28 January 2020 (uncertain)"),
        ("2019-08%", "month", dt.date(2019, 8, 1), dt.date(2019, 8, 31), "about August 2019 (uncertain)"),
    ],
)
def test_precision_bounds_and_words(text, precision, lower, upper, words):
    date = parse_date(text)
    assert (date.precision, date.lower, date.upper, date.human(), str(date)) == (precision, lower, upper, words, text)


def test_a_month_never_becomes_its_first_day():
    date = parse_date("2019-08")
    assert date.start.day is None and date.human() == "August 2019" and date.start.iso() == "2019-08"


def test_approximation_flags():
    assert parse_date("2020-01-28~").approximate and not parse_date("2020-01-28~").uncertain
    assert parse_date("2020-01-28?").uncertain and not parse_date("2020-01-28?").approximate


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-13", "'2019-13' is not a valid EDTF date: there is no month 13; write the month as 01 to 12"),
        ("2019-02-30", "'2019-02-30': 30 February 2019 does not exist; February 2019 has 28 days (2019 is not a leap year)"),
        ("yesterday", f"'yesterday' is not a valid EDTF date; {EDTF_HELP}"),
        ("", f"a date is required; {EDTF_HELP}"),
        (
            "2020-01-05/2020-01-01",
            "the range '2020-01-05/2020-01-01' ends (1 January 2020) before it starts (5 January 2020);"
            " write the earlier date first",
        ),
        (
            "2019-?04",
            "'2019-?04' is EDTF beyond what this site shows (such as a set of dates, or a qualifier or X inside a date);"
            f" {EDTF_HELP}, or {EDTF_LEVEL1_HELP}",
        ),
        ("0000", f"'0000': years before year 1 are not supported; {EDTF_HELP}"),
    ],
)
def test_bad_dates_say_what_to_write(text, message):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


COMMON_FORMS = [
    "2017-04-07", "2019-08", "2015", "1999-12-31", "2020-02-29", "2021-02-29", "2019-00", "2019-13", "2019-04-31",
    "2020-01-28~", "2020-01-28?", "2019-08%", "2015~", "2017-05-04/2017-05-05", "2019-04/2020-01-29",
    "2019-04~/2020-01-29?", "2020-01-05/2020-01-01", "2015/2014", "0000", "0001", "9999-12-31", "2019-8", "19-08",
]


def test_the_fast_reading_of_common_forms_agrees_with_the_edtf_package():
    from explainer.dates import _parse_with_edtf

    for text in COMMON_FORMS:
        parse_date.cache_clear()
        try:
            fast = parse_date(text)
        except DateError as error:
            fast = ("error", str(error))
        try:
            slow = _parse_with_edtf(text)
        except DateError as error:
            slow = ("error", str(error))
        assert fast == slow, text
