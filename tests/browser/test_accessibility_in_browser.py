"""A page of each kind passes axe-core's checks, before its charts are drawn and after, as a reader on a phone
in the dark palette meets it.

axe-core is the engine browsers' accessibility audits run (WCAG 2.0 to 2.2, levels A and AA, and its best
practices: contrast, names of buttons and links, landmarks, ARIA, targets of 24 pixels). It comes from the
``axe-playwright-python`` package, which ships it as one script (pinned, so a new rule never fails the suite
unannounced); this module injects that script itself and uses nothing else of the package.

The pages are one of each kind, for whatever topic is in ``site_data/``: the home page and every index page, the
first page of each kind of record (an actor, a place, a source, a year of the timeline...), and the first embed of
each kind of chart and of the map. The pages of one kind come from one template, so what fails on one fails on
all; the test that visits every page (``test_bundled_site_in_browser.py``) checks what a page's own data can break
(its charts drawn, nothing focusable hidden from screen readers).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from browser.conftest import draw
from conftest import Server

AXE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")

#: The rules of the WCAG levels A and AA (2.0, 2.1, 2.2) and axe's best practices: every rule but the
#: experimental ones and AAA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

#: What axe found in the elements a selector gives (the whole page: "html"), one line a problem: the rule, its
#: impact, and the elements (at most three) with why.
AUDIT = """async ([within, tags]) => (await axe.run({include: [[within]]}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
    .violations.map(rule => `${rule.id} (${rule.impact}): ${rule.help}: ` + rule.nodes.slice(0, 3)
        .map(node => node.target.join(' ') + ' [' + (node.failureSummary || '').replace(/\\s+/g, ' ') + ']').join('; '))"""

#: No transition of colours under way (a link or a button the pointer leaves fades for a moment): axe reads the
#: colours the reader sees once it ends.
SETTLED = "() => document.getAnimations().every(animation => animation.playState !== 'running')"

#: The reader: a phone in the dark palette, where colours have the least room (the dark palette's contrast is the
#: lower of the two) and targets the least space. (A desktop in the light palette passed too when this test was
#: written; auditing it on every run doubled the test's time, and the suite's time is budgeted.)
PHONE = {"width": 390, "height": 844}

def pages_of_each_kind(site: Path) -> list[str]:
    """The home page, every index page, and the first page (by address) of each kind under them: the pages of a
    folder of records, and embeds by the kind of chart their name begins with (``embed/timeline-actor-x/``)."""
    paths = sorted(str(path.relative_to(site)).removesuffix("index.html") for path in site.rglob("index.html"))
    chosen: list[str] = []
    kinds: set[str] = set()
    for path in paths:
        parts = path.rstrip("/").split("/")
        if path == "" or len(parts) == 1:
            chosen.append(path)
            continue
        kind = f"embed/{parts[1].split('-')[0]}" if parts[0] == "embed" else parts[0]
        if kind not in kinds:
            kinds.add(kind)
            chosen.append(path)
    return chosen


def test_pages_of_each_kind_are_chosen_by_folder_and_by_chart(tmp_path: Path):
    for name in ("index.html", "timeline/index.html", "timeline/2015/index.html", "timeline/2016/index.html",
                 "places/b/index.html", "places/a/index.html", "embed/timeline/index.html",
                 "embed/timeline-actor-a/index.html", "embed/map-place-a/index.html", "embed/map/index.html",
                 "embed/control/index.html", "events/a.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert pages_of_each_kind(tmp_path) == [
        "", "embed/control/", "embed/map-place-a/", "embed/timeline-actor-a/", "places/a/", "timeline/", "timeline/2015/",
    ]


def test_a_page_of_each_kind_passes_axe_on_a_phone_in_the_dark_palette(reader, bundled: Server):
    reader.set_viewport_size(PHONE)
    reader.emulate_media(color_scheme="dark")  # the site's palette follows the reader's system's
    found: list[str] = []
    pages = pages_of_each_kind(bundled.root)
    assert {"", "timeline/"} <= set(pages) and any(page.startswith("embed/") for page in pages)
    for path in pages:
        reader.goto(bundled.url + path, wait_until="load")
        reader.evaluate(AXE)
        reader.wait_for_function(SETTLED)
        found += [f"{path}, charts not drawn: {problem}" for problem in reader.evaluate(AUDIT, ["html", TAGS])]
        charts = reader.locator(".ex-chart").count()
        if charts:
            for _ in range(charts):
                draw(reader)
            reader.mouse.move(0, 0)  # off the last chart, which pointing at drew
            reader.wait_for_function(SETTLED)
            # Drawing changes the charts' figures only (their picture, key and tools): they are audited again.
            found += [f"{path}, charts drawn: {problem}" for problem in reader.evaluate(AUDIT, [".ex-chart-figure", TAGS])]
    assert found == [], "\n".join(found)
