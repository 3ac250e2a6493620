"""Derived structures: control history with honest gaps, relations both ways, zones."""

from __future__ import annotations

from pathlib import Path

from explainer.derive import ControlPeriod, build_index, zone_places
from explainer.loader import load_dataset


def periods(index, place: str) -> list[tuple]:
    return [
        (p.basis, p.holder, p.start and str(p.start), p.end and str(p.end), p.extent, p.missing_change)
        for p in index.control_history[place]
    ]


def test_control_history_of_a_town(mini: Path):
    index = build_index(load_dataset(mini))
    assert periods(index, "riverton") == [
        ("unknown", None, None, "2019-08", "full", None),  # before the first report, which names no earlier holder
        ("reported", "valley-front", "2019-08", "2019-08", "full", None),
        ("presumed", "valley-front", "2019-08", "2020-03-07", "full", None),  # nothing reported in between
        ("reported", "northern-guard", "2020-03-07", "2020-03-07", "full", None),
        ("presumed", "northern-guard", "2020-03-07", None, "full", None),  # no later report: the end is open
    ]


def test_a_missing_change_is_shown_as_unknown_not_guessed(mini: Path):
    index = build_index(load_dataset(mini))
    # 2015: the Front takes Hillcrest; on 7 March 2020 the Gazette says the Guard holds it; on 9 March the Front
    # retakes part of it *from the Guard*. The Guard's taking it is not reported, so the years between are unknown.
    assert periods(index, "hillcrest") == [
        ("unknown", None, None, "2015", "full", None),
        ("reported", "valley-front", "2015", "2015", "full", None),
        ("unknown", None, "2015", "2020-03-07", "full", ("valley-front", "northern-guard")),
        ("reported", "northern-guard", "2020-03-07", "2020-03-07", "full", None),
        ("presumed", "northern-guard", "2020-03-07", "2020-03-09", "full", None),
        ("reported", "valley-front", "2020-03-09", "2020-03-09", "partial", None),
        ("presumed", "valley-front", "2020-03-09", None, "partial", None),
    ]
    gap = index.control_history["hillcrest"][2]
    assert isinstance(gap, ControlPeriod) and not gap.known


def test_first_holder_comes_from_the_first_change(mini: Path):
    path = mini / "events" / "front-takes-riverton.yaml"
    path.write_text(path.read_text().replace("    to: valley-front\n", "    from: northern-guard\n    to: valley-front\n"))
    index = build_index(load_dataset(mini))
    # Reported as the holder up to August 2019; since when, no source says: the start is open.
    assert periods(index, "riverton")[0] == ("presumed", "northern-guard", None, "2019-08", "full", None)


def test_indexes(mini: Path):
    data = load_dataset(mini)
    index = build_index(data)
    assert [e.id for e in index.events_sorted] == [
        "front-enters-hillcrest",
        "front-takes-riverton",
        "guard-takes-riverton",
        "front-retakes-hillcrest",
    ]
    assert sorted(index.events_by_year) == [2015, 2019, 2020]
    # Relations read both ways: declared on the League, seen from the Front too.
    assert [(r.phrase, r.other, r.outgoing) for r in index.relations["valley-front"]] == [
        ("fights", "northern-guard", True),
        ("supported by", "coastal-league", False),
    ]
    # A quoted speaker is involved in the event.
    assert "guard-takes-riverton" in [e.id for e in index.events_by_actor["ana-ruiz"]]
    assert [c.record_id for c in index.statements_by_speaker["ana-ruiz"]] == ["guard-takes-riverton"]
    assert [d.id for d in index.disputes_by_record[("places", "riverton")]] == ["riverton-size"]
    # Zones: a place within an area covered whole is covered; within an area covered in part, not.
    accord = data.agreements["riverton-accord"]
    district, north = accord.zones
    assert zone_places(index, district) == ("riverton",)
    assert zone_places(index, north) == ("hill-province",)
