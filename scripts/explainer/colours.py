"""One colour for one thing across the site: who holds what has a colour; nothing else does.

Every chart, preview and map takes its colours and marks from here, so that a
colour means the same on every page:

- **Actors** that hold places (the control charts, the maps) each have one
  colour, the same on every chart and map of the site, whichever places a chart
  shows: :class:`Colours` assigns them once per build, in a fixed order (by
  camp, then by name), from :data:`ACTOR_PALETTE`. Camps are not drawn as such
  on any chart or map; their actors are, each in its own colour.
- **Past eight holders** a colour would have to mean two actors. The eight that
  the sources report holding places most often keep colours of their own; every
  other holder is drawn in one colour, :data:`SHARED`, which means only that: "a
  holder without a colour of its own" (the legend, the hover and the map's
  titles name each; the captions say so).
- **Categories** of events never take a colour: their events are drawn in ink
  (the text's colour, :data:`INK`, which the page's palette sets) and told apart
  by the shape of their mark (:class:`CategoryMark`: a symbol, the same shape as
  a character for labels, a fill pattern for bars). A category's ``colour`` in
  the data is not used: a colour would read as an actor's.
- **Grey** (:data:`GREY`) is what is no one's: a holder no source names, the ring
  around a date the editors inferred, an agreement's zone being set up.

The same colours serve the light and the dark palettes (a colour keeps its
meaning when a reader switches): each is a mid tone that stands out at 3:1 or
more (WCAG 2.1, 1.4.11, non-text contrast) against the light page and against
Material's dark ("slate") page. Ink is the one colour that changes with the
palette, as the text does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .dataset import Dataset

#: The page's background in the light palette.
LIGHT_BACKGROUND = "#FFFFFF"
#: The page's background in Material's dark palette ("slate": hsl(225°, 15%, 14%)), and the embeds' dark theme.
DARK_BACKGROUND = "#1E2129"

#: Actors' colours, in the order they are given. The first four stay apart for readers with the common colour
#: vision deficiencies (deuteranopia, protanopia, tritanopia); after them, the legend and the hover name the
#: actor. Each is a mid tone with enough chroma never to pass for a grey or for ink.
ACTOR_PALETTE: tuple[str, ...] = (
    "#0077BB",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#C2649A",  # reddish purple
    "#9A7A00",  # ochre
    "#7E6BC4",  # violet
    "#5E8C31",  # olive
    "#B5523B",  # brick
)

#: The colour of every holder past the palette (:func:`shared_holders`): a magenta, far from every colour of the
#: palette, from grey and from ink, with the palette's contrast against both pages.
SHARED = "#D040E0"

#: What is no one's: an unknown holder, the ring around an inferred date, a zone being set up.
GREY = "#7F7F7F"
#: A holder no source names (the control chart's and the map's "unknown").
UNKNOWN = GREY
#: The ring around the mark of a record whose date the editors inferred.
INFERRED = GREY

#: Ink: the marks of events, which no actor's colour may be mistaken for. Figures carry this value; the page's
#: script draws it in the text's colour of the reader's palette, and the static preview as ``currentColor``.
INK = "#444444"
#: The text's colour of Material's dark palette (hsla(225°, 15%, 90%, 0.82) over its background), which the
#: dark palette's ink is.
DARK_INK = "#BEC1C7"


@dataclass(frozen=True)
class Palette:
    """The colours of one of the site's palettes, for the checks of their contrast."""

    name: str
    background: str
    ink: str
    actors: tuple[str, ...]
    grey: str

    def colours(self) -> list[str]:
        """Every colour this palette draws with, against its background."""
        return [self.ink, *self.actors, self.grey]


LIGHT = Palette("light", LIGHT_BACKGROUND, INK, (*ACTOR_PALETTE, SHARED), GREY)
DARK = Palette("dark", DARK_BACKGROUND, DARK_INK, (*ACTOR_PALETTE, SHARED), GREY)
PALETTES = (LIGHT, DARK)


@dataclass(frozen=True)
class CategoryMark:
    """How a category's events are told apart from others': by shape, never by colour."""

    symbol: str
    """Plotly's marker symbol (an approximate or uncertain date adds ``-open``)."""
    glyph: str
    """The same shape as a character, beside the category's name in a chart's labels."""
    pattern: str
    """Plotly's bar pattern shape, for counts of events stacked by category ("" is solid)."""


#: Shapes for categories, in the order of the categories (by their ``order``, then id); a ninth category takes
#: the first shape again (on the timeline each has its own row as well).
CATEGORY_MARKS: tuple[CategoryMark, ...] = (
    CategoryMark("circle", "●", ""),
    CategoryMark("square", "■", "/"),
    CategoryMark("diamond", "◆", "."),
    CategoryMark("triangle-up", "▲", "x"),
    CategoryMark("triangle-down", "▼", "\\"),
    CategoryMark("star", "★", "-"),
    CategoryMark("triangle-right", "▶", "|"),
    CategoryMark("triangle-left", "◀", "+"),
)


def shared_holders(colours: dict[str, str]) -> frozenset[str]:
    """The holders whose colour (``colours``, by actor) is :data:`SHARED`."""
    return frozenset(actor_id for actor_id, colour in colours.items() if colour == SHARED)


@dataclass(frozen=True)
class Colours:
    """The colours and marks of one build: each holder's colour, each category's mark."""

    actors: dict[str, str]
    """Each actor that holds a place, by id: its colour."""
    categories: dict[str, CategoryMark]
    """Each category, by id: its mark."""

    @classmethod
    def build(cls, data: Dataset, holders: Iterable[str], reports: Counter[str]) -> Colours:
        """Colours for ``holders`` (the actors that hold a place anywhere in the data, so that a chart of one
        place gives each the colour the chart of every place does) and marks for every category.

        Holders take the palette's colours in the order of their camps (the camps' ``order``, then id; actors
        without a camp last), then of their names: the same data gives the same colours, and each holder keeps
        its colour when a place or an event is added. Past the palette's eight holders, the eight with the most
        ``reports`` (how many reports name each as a holder; then that same order) take its colours, and the
        others :data:`SHARED`.
        """
        camps = {camp.id: (camp.order, camp.id) for camp in data.camps.values()}
        last = (float("inf"), "")

        def position(actor_id: str) -> tuple[object, ...]:
            actor = data.actors[actor_id]
            camp = camps[actor.camp] if actor.camp is not None and actor.camp in camps else last
            return (*camp, actor.name.casefold(), actor.id)

        ordered = sorted(set(holders), key=position)
        own = ordered
        if len(ordered) > len(ACTOR_PALETTE):
            most = set(sorted(ordered, key=lambda actor_id: (-reports[actor_id], position(actor_id)))[: len(ACTOR_PALETTE)])
            own = [actor_id for actor_id in ordered if actor_id in most]
        colour = dict(zip(own, ACTOR_PALETTE))
        actors = {actor_id: colour.get(actor_id, SHARED) for actor_id in ordered}
        categories = sorted(data.categories.values(), key=lambda c: (c.order, c.id))
        marks = {category.id: CATEGORY_MARKS[i % len(CATEGORY_MARKS)] for i, category in enumerate(categories)}
        return cls(actors, marks)

    def actor(self, actor_id: str | None) -> str:
        """An actor's colour; grey for a holder no source names (None) or an actor that holds nothing."""
        if actor_id is None:
            return UNKNOWN
        return self.actors.get(actor_id, UNKNOWN)

    def category(self, category_id: str) -> CategoryMark:
        return self.categories[category_id]


# --- contrast (WCAG 2.1) ---------------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#RRGGBB`` (WCAG 2.1)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two ``#RRGGBB`` colours, from 1 to 21 (WCAG 2.1)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: What a graphic's colour needs against its background (WCAG 2.1, 1.4.11).
GRAPHICS_CONTRAST = 3.0
