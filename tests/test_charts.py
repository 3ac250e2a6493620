"""Charts: figure JSON (snapshots), marks that keep each date's precision, escaping, embeds, downloads."""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import itertools
import json
import re
from pathlib import Path

import plotly.offline
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from conftest import ROOT
from explainer import i18n
from explainer.charts import CHART_KINDS, ChartContext, ControlSpec, TimelineSpec, ZonesSpec, build_chart, plotly_text
from explainer.colours import INK, UNKNOWN
from explainer.derive import build_index
from explainer.generate import generate_site
from explainer.helpers import _json_for_script
from explainer.layout import event_layout
from explainer.loader import load_dataset
from explainer.timelinelayout import TimeAxis

TEMPLATES = ROOT / "templates"
VENDOR = ROOT / "templates" / "overrides" / "assets" / "javascripts" / "vendor" / "plotly-basic.min.js"


def charts_of(data_dir: Path):
    data = load_dataset(data_dir)
    index = build_index(data)
    return data, ChartContext.build(data, index, event_layout(index))


def test_figure_json_snapshots(mini: Path, snapshot):
    _data, ctx = charts_of(mini)
    for spec in (TimelineSpec(), ControlSpec(), ZonesSpec(agreement="riverton-accord")):
        ctx.validate = True  # plotly checks every property
        chart = build_chart(ctx, spec, "timeline.md", "A title")
        snapshot(f"figure-{chart.id}.json", json.dumps(chart.figure, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        # A build does not validate (it is slow): the figure must be the same.
        ctx.validate = False
        fast = build_chart(ctx, spec, "timeline.md", "A title").figure
        assert json.dumps(fast, sort_keys=True, default=list) == json.dumps(chart.figure, sort_keys=True, default=list)


def test_each_date_is_drawn_as_precisely_as_it_is_known(mini: Path):
    _data, ctx = charts_of(mini)
    figure = build_chart(ctx, TimelineSpec(), "timeline.md", "t").figure
    fighting = [trace for trace in figure["data"] if trace["legendgroup"] == "fighting"]
    bars = [t for t in fighting if t["type"] == "bar"]
    points = [t for t in fighting if t["type"] == "scatter"]
    # The axis skips the empty years: its x values are numbers, which its knots turn back into days.
    axis = TimeAxis.from_meta(figure["layout"]["meta"]["timeline"])
    # 2015 and August 2019 are bars spanning the year and the month, never a first day.
    assert [axis.date(base) for base in bars[0]["base"]] == [dt.date(2015, 1, 1), dt.date(2019, 8, 1)]
    assert [axis.date(base + x) for base, x in zip(bars[0]["base"], bars[0]["x"])] == [dt.date(2016, 1, 1), dt.date(2019, 9, 1)]
    # Every event is a mark in its category's shape, at the middle of its date: 7 and 9 March 2020 on their day.
    assert [axis.date(x) for x in points[0]["x"]] == [dt.date(2015, 7, 2), dt.date(2019, 8, 16), dt.date(2020, 3, 7), dt.date(2020, 3, 9)]
    assert points[0]["marker"]["symbol"] == ["circle"] * 4 and points[0]["marker"]["color"] == INK
    # The lanes are named on the plot, with their shape: no legend entry for a category.
    assert [trace["showlegend"] for trace in fighting] == [False, False]
    assert [note["text"] for note in figure["layout"]["annotations"] if note["name"] == "lane"] == ["● Fighting"]
    # Hover says the date in words, and that a date is inferred, from which words (on a line of its own).
    assert points[0]["customdata"][2][2] == "7 March 2020<br>Inferred from “on Saturday” (Valley Gazette, 7 March 2020)"
    assert points[0]["customdata"][2][0] == "timeline/2020/#guard-takes-riverton"


def test_unknown_control_is_visible_as_such(mini: Path):
    _data, ctx = charts_of(mini)
    chart = build_chart(ctx, ControlSpec(place="hillcrest"), "places/hillcrest.md", "t")
    # Between the Front's taking it (2015) and the Gazette's Guard-held Hillcrest (7 March 2020): grey, dotted.
    unknown = next(t for t in chart.figure["data"] if t["name"] == "Unknown" and t["type"] == "bar" and t["y"] != [None])
    assert unknown["marker"]["pattern"]["shape"] == "." and unknown["marker"]["color"] == UNKNOWN
    assert [row[:5] for row in chart.rows] == [
        ["Hillcrest", "Unknown", "unknown", "open (no source gives it)", "2015"],
        ["Hillcrest", "Valley Front", "reported", "2015", "2015"],
        ["Hillcrest", "Unknown", "unknown", "2015", "7 March 2020 (the article's date)"],
        ["Hillcrest", "Northern Guard", "reported", "7 March 2020 (the article's date)", "7 March 2020 (the article's date)"],
        ["Hillcrest", "Northern Guard", "presumed", "7 March 2020 (the article's date)", "9 March 2020 (inferred)"],
        ["Hillcrest", "Valley Front (part of it)", "reported", "9 March 2020 (inferred)", "9 March 2020 (inferred)"],
        ["Hillcrest", "Valley Front (part of it)", "presumed", "9 March 2020 (inferred)", "open (no later report)"],
    ]


def test_editors_text_reaches_plotly_escaped(mini: Path):
    path = mini / "events" / "guard-takes-riverton.yaml"
    path.write_text(path.read_text().replace("title: Northern Guard takes Riverton", 'title: "<a href=x target=_top>x</a> <span style=\'font-size:90px\'>&amp;</span>"'))
    _data, ctx = charts_of(mini)
    figure = build_chart(ctx, TimelineSpec(), "timeline.md", "t").figure
    titles = [row[1] for trace in figure["data"] for row in trace["customdata"]]
    assert "&lt;a href=x target=_top&gt;x&lt;/a&gt; &lt;span style='font-size:90px'&gt;&amp;amp;&lt;/span&gt;" in titles
    assert plotly_text("<b>") == "&lt;b&gt;"


def test_json_in_a_page_cannot_close_its_script_element():
    text = str(_json_for_script({"title": "</script><script>alert(1)</script> & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script> & \u2028"}


def test_chart_ids_are_stable_and_url_safe():
    from explainer.dates import parse_date

    spec = TimelineSpec(actor="russia", category="fighting", start=parse_date("2019"), end=parse_date("2020-01~"))
    assert spec.id == "timeline-actor-russia-category-fighting-from-2019-to-2020-01"
    assert ControlSpec().id == "control"


def test_every_chart_has_an_embed_page_and_downloads(mini: Path):
    output = generate_site(mini, TEMPLATES)
    files = {f.path: f.content for f in output.files}
    assert sorted(output.charts) == [
        "control",
        "control-place-hillcrest",
        "control-place-riverton",
        "timeline",
        "timeline-actor-ana-ruiz",
        "timeline-actor-northern-guard",
        "timeline-actor-valley-front",
        "timeline-place-hillcrest",
        "timeline-place-riverton",
        "zones-agreement-riverton-accord",
    ]
    for chart_id, chart in output.charts.items():
        embed = files[f"embed/{chart_id}/index.html"]
        assert f"<h1 class=\"ex-embed-title\">{chart.title}</h1>" in embed
        assert 'href="../../assets/javascripts/explainer-charts.js"' not in embed
        assert '<script src="../../assets/javascripts/explainer-charts.js" defer></script>' in embed
        assert re.findall(r'(?:src|href)="(https?:)?//', embed.replace('href="https://gazette', "").replace('href="https://herald', "")) == []
        csv = files[f"charts/{chart_id}.csv"]
        assert csv.splitlines()[0] == ",".join([*chart.columns, *chart.data_columns, "Id", "Page"])
        assert len(csv.splitlines()) == len(chart.rows) + 1
        assert json.loads(files[f"charts/{chart_id}.json"])["rows"][0][: len(chart.columns)] == chart.rows[0]
    timeline_embed = files["embed/timeline/index.html"]
    assert '<a href="../../timeline/" target="_blank" rel="noopener">The Valley, explained</a>' in timeline_embed
    assert "Valley Gazette, “Northern Guard takes Riverton”" in timeline_embed


def test_the_vendored_plotly_bundle_is_the_expected_one():
    script = (ROOT / "scripts" / "vendor-plotly").read_text()
    version = re.search(r"^VERSION=(\S+)$", script, re.M).group(1)
    checksum = re.search(r"^SHA256=(\S+)$", script, re.M).group(1)
    data = VENDOR.read_bytes()
    assert hashlib.sha256(data).hexdigest() == checksum
    assert f"plotly.js (basic - minified) v{version}" in data[:200].decode()
    # The figures are made by the Python package for this version of plotly.js.
    assert plotly.offline.get_plotlyjs_version().split(".")[0] == version.split(".")[0]


# --- each kind of chart is its own module, listed once ---------------------------------------------------------


def test_the_readme_names_each_kind_of_charts_module():
    # README ("Charts and embeds") says where each kind of chart is declared: its module of charts/.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    package = ROOT / "scripts" / "explainer"
    for name, kind in CHART_KINDS.items():
        module = Path(inspect.getfile(kind.spec)).relative_to(package).as_posix()
        assert module == f"charts/{name}.py"
        assert f"`{module}`" in readme, f"README.md does not name {module}, the module of the {name} chart"


# --- the chart's words are the site's own, in the topic's language -------------------------------------------

#: Some of the charts' words in French: a legend, a hover label, a column, a caption's sentence.
FRENCH = {
    "Ringed: date inferred from the source's wording": "Cerclé : date déduite des mots de la source",
    "Source: %(sources)s": "Source : %(sources)s",
    "Grey: unknown": "Gris : inconnu",
    "Hatched: presumed, no source reports it": "Hachuré : présumé, aucune source ne le dit",
    "Event": "Événement",
    "Under the last mark of each row: who held the place at the last report.": "Sous la dernière marque : qui tenait le lieu.",
}


def _french(tmp_path: Path) -> i18n.Words:
    catalog = Catalog(locale="fr", domain="explainer")
    for message, translation in FRENCH.items():
        catalog.add(message, translation)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "explainer.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return i18n.words("fr", tmp_path)


def test_a_charts_words_and_months_come_from_the_topics_language(mini: Path, tmp_path: Path, monkeypatch):
    french = _french(tmp_path)
    monkeypatch.setattr("explainer.charts.common.site_words", lambda language: french)
    _data, ctx = charts_of(mini)
    timeline = build_chart(ctx, TimelineSpec(), "timeline.md", "t")
    control = build_chart(ctx, ControlSpec(place="hillcrest"), "places/hillcrest.md", "t")
    assert timeline.figure["data"][-1]["name"] == "Cerclé : date déduite des mots de la source"
    assert timeline.figure["data"][0]["hovertemplate"] == "%{customdata[1]}<br>%{customdata[2]}<br>Source : %{customdata[3]}<extra></extra>"
    assert timeline.columns[0] == "Événement"
    # The axis's months are Babel's for the language (the ticks are worked out for the labels' widths).
    ticks = timeline.figure["layout"]["meta"]["timeline"]["ticks"]["narrow"]
    assert [label for _, label in ticks] == ["2015", "juil.", "août 2019", "mars 2020"]
    assert [trace["name"] for trace in control.figure["data"][-2:]] == ["Hachuré : présumé, aucune source ne le dit", "Gris : inconnu"]
    assert control.caption.count("Sous la dernière marque : qui tenait le lieu.") == 1
    # The preview draws the same words.
    assert "Gris : inconnu" in str(control.preview) and "Cerclé : date déduite des mots de la source" in str(timeline.preview)


def test_the_chart_of_every_place_draws_at_most_so_many_marks(mini: Path, monkeypatch):
    """On a large topic the busiest places have hundreds of reports each: the chart of every place stops adding
    places (busiest first) before their rows (reported marks, presumed and unknown bars) add up to more than
    MAX_CONTROL_MARKS, and says how many it shows of how many; the busiest place is shown whatever its count."""
    from explainer.charts import controlfigure

    _data, ctx = charts_of(mini)
    every = build_chart(ctx, ControlSpec(), "control.md", "t")
    # Hillcrest: 3 reports, 7 rows; Riverton: 2 reports, 5 rows.
    assert sorted({row[0] for row in every.rows}) == ["Hillcrest", "Riverton"]
    assert len(every.rows) == 12
    monkeypatch.setattr(controlfigure, "MAX_CONTROL_MARKS", 12)
    assert len(build_chart(ctx, ControlSpec(), "control.md", "t").rows) == 12
    monkeypatch.setattr(controlfigure, "MAX_CONTROL_MARKS", 11)
    fewer = build_chart(ctx, ControlSpec(), "control.md", "t")
    assert sorted({row[0] for row in fewer.rows}) == ["Hillcrest"]
    assert "the 1 place with the most reported changes (of 2; each place's page has its own)" in fewer.caption
    monkeypatch.setattr(controlfigure, "MAX_CONTROL_MARKS", 1)
    assert sorted({row[0] for row in build_chart(ctx, ControlSpec(), "control.md", "t").rows}) == ["Hillcrest"]


def test_a_chart_on_many_sources_credits_them_by_count_and_on_few_by_name(tmp_path: Path):
    from explainer.synth import synthesize

    synthesize(100, 1, tmp_path / "site_data")
    many = generate_site(tmp_path / "site_data", ROOT / "templates")
    home = next(page.html for page in many.pages if page.src == "index.md")
    assert re.findall(r'data-credit="([^"]*)"', home) == ["Chart: A synthetic conflict (100 events), from 5 sources, listed on its page “Sources”"]
    few = generate_site(ROOT / "tests/fixtures/mini", ROOT / "templates")
    home = next(page.html for page in few.pages if page.src == "index.md")
    assert re.findall(r'data-credit="([^"]*)"', home) == ["Chart: The Valley, explained, from Valley Gazette, 7 March 2020; The Herald, 10 March 2020"]


def test_an_embed_on_many_sources_counts_them_and_links_the_page_that_lists_them(tmp_path: Path):
    from explainer.synth import synthesize

    synthesize(100, 1, tmp_path / "site_data")
    output = generate_site(tmp_path / "site_data", ROOT / "templates")
    embed = next(file.content for file in output.files if file.path == "embed/timeline/index.html")
    assert re.findall(r'<p class="ex-attribution">(.*?)</p>', embed) == [
        'Chart: <a href="../../timeline/" target="_blank" rel="noopener">A synthetic conflict (100 events)</a>, each point resting on'
        ' quotes from 5 sources, listed on the page <a href="../../sources/" target="_blank" rel="noopener">Sources</a>.'
        ' Select a point to open its page. <a class="ex-get-data" href="../../charts/timeline.csv" target="_blank" rel="noopener"'
        " download>Get the data</a> (CSV)."
    ]
    # Nothing below it claims to be the sources.
    assert "ex-embed-sources" not in embed
    # The chart's data still names every one.
    data = json.loads(next(file.content for file in output.files if file.path == "charts/timeline.json"))
    assert len(data["sources"]) == 5


def test_no_mark_of_a_zones_chart_hides_another_on_the_narrowest_plot(tmp_path: Path):
    # 300 synthetic events put 83 and 83 in the two zones of an agreement: on one line a zone's marks lay over one
    # another. Each mark that would meet another on the narrowest plot takes a row of its own in its zone's lane.
    from explainer.charts import zonesfigure
    from explainer.synth import synthesize

    synthesize(300, 1, tmp_path / "site_data")
    data, ctx = charts_of(tmp_path / "site_data")
    agreement = next(a for a in sorted(data.agreements.values(), key=lambda a: a.order) if a.zones)
    chart = build_chart(ctx, ZonesSpec(agreement=agreement.id), "zones.md", "t")
    layout = chart.figure["layout"]
    x0, x1 = (dt.date.fromisoformat(end).toordinal() for end in layout["xaxis"]["range"])
    scale = zonesfigure.NARROW_PLOT / (x1 - x0)
    points = []  # (y, left, right) of every mark, in pixels of the narrowest plot
    for trace in chart.figure["data"]:
        if trace["type"] == "scatter" and not (trace.get("meta") or {}).get("inferred"):
            size = trace["marker"]["size"]
            for x, y in zip(trace["x"], trace["y"]):
                middle = (dt.date.fromisoformat(x).toordinal() - x0) * scale
                points.append((y, middle - size / 2, middle + size / 2))
    events = sum(1 for row in chart.rows if row[3])  # a row of the data table per event (a zone's own has no category)
    assert events > 100 and len(points) == events + len(agreement.zones)
    rows = sorted({y for y, _, _ in points})
    assert len(rows) > 2 * len(agreement.zones)  # the zones' marks take several rows each
    for row in rows:
        marks = sorted((left, right) for y, left, right in points if y == row)
        assert all(right <= following for (_, right), (following, _) in itertools.pairwise(marks)), row
        assert all(left >= 0 and right <= zonesfigure.NARROW_PLOT for left, right in marks), row
    # Each zone's name is over its lane, the setting up of each zone on its first row.
    names = [note for note in layout["annotations"] if note.get("name") == "lane"]
    assert [note["text"] for note in names] == [plotly_text(zone.name) for zone in agreement.zones]
    setups = next(trace for trace in chart.figure["data"] if trace["name"] == "Zone set up")
    assert all(y == min(rows_y for rows_y in rows if rows_y > name["y"]) for y, name in zip(setups["y"], names))
    assert layout["meta"]["plot_height"] == layout["height"] - 150 - zonesfigure.TOOLBAR_BAND  # the key, the axis, the toolbar
