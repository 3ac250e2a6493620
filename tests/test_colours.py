"""One colour for one thing: actors keep one colour on every chart and map, categories are shapes in ink, and
every colour the site can draw with stands out from the page in the light and the dark palettes."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

from conftest import ROOT, SYRIA, write
from explainer.charts import ChartContext, ControlSpec, TimelineSpec, ZonesSpec, build_chart, holders_of
from explainer.colours import (
    ACTOR_PALETTE,
    CATEGORY_MARKS,
    DARK,
    GRAPHICS_CONTRAST,
    GREY,
    INK,
    LIGHT,
    PALETTES,
    SHARED,
    UNKNOWN,
    Colours,
    contrast,
    shared_holders,
)
from explainer.derive import build_index
from explainer.generate import generate_site
from explainer.layout import event_layout
from explainer.loader import load_dataset

SCRIPT = ROOT / "templates" / "overrides" / "assets" / "javascripts" / "explainer-charts.js"


def _chroma(colour: str) -> float:
    """How far a colour is from a grey (the spread of its channels, 0 to 255)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return max(channels) - min(channels)


def _context(data_dir: Path) -> ChartContext:
    data = load_dataset(data_dir)
    index = build_index(data)
    return ChartContext.build(data, index, event_layout(index))


def test_every_colour_stands_out_from_the_page_in_both_palettes():
    weak = [
        f"{palette.name}: {colour} is {contrast(colour, palette.background):.2f}:1"
        for palette in PALETTES
        for colour in palette.colours()
        if contrast(colour, palette.background) < GRAPHICS_CONTRAST
    ]
    assert weak == []
    # The old palette's orange, for the record: what this replaces.
    assert round(contrast("#E69F00", LIGHT.background), 2) == 2.25
    # Both palettes draw actors in the same colours: a colour keeps its meaning when a reader switches.
    assert LIGHT.actors == DARK.actors == (*ACTOR_PALETTE, SHARED)


def test_actors_colours_are_stable_and_their_own(tmp_path: Path, mini: Path):
    ctx = _context(mini)
    colours = ctx.holder_colours
    assert sorted(colours) == holders_of(ctx.index) == ["northern-guard", "valley-front"]
    # By camp, then name: the same data gives the same colours, every time.
    assert colours == _context(mini).holder_colours
    assert len(set(colours.values())) == len(colours)
    assert set(colours.values()) <= set(ACTOR_PALETTE)
    # A chart of one place gives each holder the colour the chart of every place gives it.
    every = build_chart(ctx, ControlSpec(), "control.md", "t").figure
    one = build_chart(ctx, ControlSpec(place="hillcrest"), "places/hillcrest.md", "t").figure

    def keys(figure: dict) -> dict[str, str]:
        return {t["name"]: t["marker"]["color"] for t in figure["data"] if t.get("x") == [None] and t["type"] == "scatter"}

    assert keys(one).items() <= keys(every).items()
    # Adding an event (or a place) changes no one's colour.
    write(
        mini / "events" / "another-clash.yaml",
        "id: another-clash\ntitle: Another clash\ndate: 2020-03-08\ncategory: fighting\nsummary: Something happened.\n"
        "claims:\n  - source: herald-2020-03-10\n    quote: Riverton, the second largest town in the valley, changed hands last week.\n",
    )
    assert _context(mini).holder_colours == colours


def test_up_to_eight_holders_take_the_palette_in_order(mini: Path):
    data = load_dataset(mini)
    holders = sorted(data.actors)[: len(ACTOR_PALETTE)]
    colours = Colours.build(data, holders, Counter())
    assert list(colours.actors.values()) == list(ACTOR_PALETTE)[: len(holders)]
    assert shared_holders(colours.actors) == frozenset()
    assert colours.actor(None) == UNKNOWN == GREY


def test_past_eight_holders_the_most_reported_keep_their_own_colours_and_the_others_share_one(mini: Path):
    data = load_dataset(mini)
    model = data.actors["valley-front"]
    for n in range(10):
        data.actors[f"extra-{n}"] = model.model_copy(update={"id": f"extra-{n}", "name": f"Extra {n}", "camp": None})
    holders = sorted(data.actors)
    reports = Counter(dict.fromkeys(holders, 1))
    reports["extra-9"] = 50  # last by camp and name, first by reports
    colours = Colours.build(data, holders, reports)
    own = {holder: colour for holder, colour in colours.actors.items() if colour != SHARED}
    # Eight keep a palette colour each, never one colour for two of them; the most reported is among them.
    assert sorted(own.values()) == sorted(ACTOR_PALETTE)
    assert "extra-9" in own
    # Every other holder is drawn in the shared colour, which is none of the palette's, and is listed as sharing it.
    shared = shared_holders(colours.actors)
    assert shared == frozenset(holders) - frozenset(own) and len(shared) == len(holders) - len(ACTOR_PALETTE)
    assert {colours.actor(holder) for holder in shared} == {SHARED} and SHARED not in ACTOR_PALETTE


def test_a_control_chart_that_draws_the_shared_colour_says_what_it_means(tmp_path: Path):
    from explainer.synth import synthesize

    synthesize(300, 1, tmp_path / "site_data")
    output = generate_site(tmp_path / "site_data", ROOT / "templates")
    ctx = _context(tmp_path / "site_data")
    assert len(ctx.holder_colours) > len(ACTOR_PALETTE) and ctx.shared_holders
    said = "Beyond the 8 holders the sources report most, the others share one colour, magenta: the legend and the hover name each."
    control = json.loads(next(file.content for file in output.files if file.path == "charts/control.json"))
    assert said in control["caption"]
    # Its legend lists the holders with a colour of their own first, then those in the shared colour.
    every = build_chart(ctx, ControlSpec(), "control.md", "t").figure
    keys = sorted((t["legendrank"], t["marker"]["color"]) for t in every["data"] if t.get("x") == [None] and t["type"] == "scatter")
    colours = [colour for _, colour in keys]
    assert colours.index(SHARED) == len(ACTOR_PALETTE) and set(colours[len(ACTOR_PALETTE) :]) == {SHARED}
    # A chart whose holders all have colours of their own does not say it.
    place = next(place for place, periods in ctx.index.control_history.items() if all(p.holder not in ctx.shared_holders for p in periods))
    one = build_chart(ctx, ControlSpec(place=place), f"places/{place}.md", "t")
    assert "share one colour" not in one.caption


def test_categories_are_shapes_in_ink_that_no_actor_colour_can_be_mistaken_for():
    # Actors' colours are colours; ink and grey are not.
    assert min(_chroma(colour) for colour in (*ACTOR_PALETTE, SHARED)) >= 80
    assert _chroma(INK) == 0 and _chroma(GREY) == 0
    # Actors' colours differ from one another, and from ink and grey, by much more than a shade.
    def distance(a: str, b: str) -> float:
        return math.dist([int(a[i : i + 2], 16) for i in (1, 3, 5)], [int(b[i : i + 2], 16) for i in (1, 3, 5)])

    drawn = (*ACTOR_PALETTE, SHARED)
    for i, colour in enumerate(drawn):
        assert all(distance(colour, other) > 60 for other in [*drawn[i + 1 :], INK, GREY]), colour
    # Each category its own shape and pattern (up to as many as there are).
    assert len({mark.symbol for mark in CATEGORY_MARKS}) == len({mark.glyph for mark in CATEGORY_MARKS}) == len(CATEGORY_MARKS)
    assert len({mark.pattern for mark in CATEGORY_MARKS}) == len(CATEGORY_MARKS)


def test_no_chart_draws_an_event_in_an_actors_colour():
    ctx = _context(SYRIA / "site_data")
    actors = set(ctx.holder_colours.values())
    timeline = build_chart(ctx, TimelineSpec(), "timeline.md", "t").figure
    zones = build_chart(ctx, ZonesSpec(agreement="astana-2017"), "zones.md", "t").figure
    for figure in (timeline, zones):
        for trace in figure["data"]:
            assert trace["marker"]["color"] not in actors, trace["name"]
            assert trace["marker"]["color"] in (INK, GREY), trace["name"]
    # The control chart under it draws holders in their colours: blue is the same actor on both.
    control = build_chart(ctx, ControlSpec(), "control.md", "t").figure
    drawn = {t["marker"]["color"] for t in control["data"] if isinstance(t["marker"].get("color"), str)}
    assert drawn - {GREY} <= actors


def test_the_page_script_draws_ink_in_the_texts_colour():
    # The figures carry colours.INK; the script swaps exactly that colour for the palette's text colour.
    assert f'var INK = "{INK}";' in SCRIPT.read_text()
