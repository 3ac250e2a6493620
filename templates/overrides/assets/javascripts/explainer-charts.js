/* Draws the site's charts with Plotly.js, on site pages and on embed pages.
 *
 * - Each chart comes as a static preview (SVG drawn at build time) that holds
 *   the chart's place. Plotly.js is loaded, once, from the site's own assets,
 *   when the reader points at, touches or focuses a chart, and replaces the
 *   preview: a page's load never waits for Plotly or runs it (half a second of
 *   a phone's main thread), and a reader who only reads never downloads it.
 * - With Material's instant navigation, pages change without a reload: charts
 *   are armed again on every page Material shows (document$), and the charts
 *   of the page left behind are purged.
 * - Charts follow the light/dark palette (events' marks are ink: the text's
 *   colour), resize with the window, and answer the keyboard: left/right
 *   arrows pan, + and - zoom, 0 resets.
 * - A timeline's axis skips the years with no event: its x values are numbers
 *   that its knots (layout.meta.timeline) turn back into dates; its ticks are
 *   worked out again at the chart's real width and after each zoom, as the
 *   generator does (timelinelayout.py). Its Previous and Next buttons step
 *   through its events in order, showing each one's title, date and source.
 * - Under a chart: PNG and SVG downloads of the chart as shown (Plotly's
 *   toImage, nothing leaves the browser), and a link to the view shown
 *   (#chart=<id>&from=2019-01&to=2020-02), which the page applies on load.
 * - In an embed page inside an iframe, the page's height is sent to the host
 *   with postMessage; assets/javascripts/explainer-embed.js resizes the frame.
 *
 * The figures are JSON data in <template> elements (Material's instant
 * navigation would run a <script> of any type); nothing here evaluates text
 * from the page or from a message, and the figures' text is written as text.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var PLOTLY_URL = new URL("vendor/plotly-basic.min.js", script.src).href;
  // Plotly injects its CSS into a <style> element unless one with this id and class exists:
  // under the site's Content-Security-Policy (no inline styles) it is a <link> to the same rules.
  var PLOTLY_CSS_URL = new URL("vendor/plotly-basic.css", script.src).href;
  var PLOTLY_CSS_ID = "plotly.js-style-global";
  // Events' marks are ink (colours.INK in the generator): drawn in the text's colour of the reader's palette.
  var INK = "#444444";
  var DAY = 86400000;
  var embedded = document.body.classList.contains("ex-embed");
  var drawn = [];
  var plotlyPromise = null;

  function loadPlotlyStyles() {
    if (document.getElementById(PLOTLY_CSS_ID)) return;
    var link = document.createElement("link");
    link.id = PLOTLY_CSS_ID;
    link.className = "no-inline-styles";
    link.rel = "stylesheet";
    link.href = PLOTLY_CSS_URL;
    document.head.appendChild(link);
  }

  function loadPlotly() {
    loadPlotlyStyles();
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY_URL;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { plotlyPromise = null; reject(new Error("Plotly.js failed to load")); };
        document.head.appendChild(tag);
      });
    }
    return plotlyPromise;
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette() {
    return {
      fg: cssVar("--md-default-fg-color", "#222"),
      light: cssVar("--md-default-fg-color--light", "#666"),
      grid: cssVar("--md-default-fg-color--lightest", "#ddd"),
      bg: cssVar("--md-default-bg-color", "#fff"),
      // The text's colour made opaque (explainer-charts.css), so that a mark hides the bar under it.
      ink: cssVar("--ex-ink", "#212121"),
    };
  }

  function themed(layout) {
    var colours = palette();
    var copy = JSON.parse(JSON.stringify(layout));
    copy.font = Object.assign({}, copy.font, { color: colours.fg });
    copy.legend = Object.assign({}, copy.legend, { font: { color: colours.fg } });
    copy.hoverlabel = Object.assign({}, copy.hoverlabel, { bgcolor: colours.bg, bordercolor: colours.light, font: { color: colours.fg } });
    ["xaxis", "yaxis"].forEach(function (axis) {
      copy[axis] = Object.assign({}, copy[axis], { gridcolor: colours.grid, linecolor: colours.light, zerolinecolor: colours.grid, tickfont: { color: colours.fg } });
    });
    if (copy.xaxis.rangeslider) {
      copy.xaxis.rangeslider = Object.assign({}, copy.xaxis.rangeslider, { bgcolor: "rgba(0,0,0,0)", bordercolor: colours.grid, borderwidth: 1 });
    }
    (copy.annotations || []).forEach(function (note) {
      // A timeline's lanes and labels are text to read; other notes are quieter.
      var strong = note.name === "lane" || note.name === "label";
      note.font = Object.assign({}, note.font, { color: strong ? colours.fg : colours.light });
    });
    if (window.matchMedia("(max-width: 600px)").matches && copy.xaxis.type === "date") copy.xaxis.nticks = 5;
    return copy;
  }

  // The traces with their ink in the palette's ink (a copy: the figure stays as built).
  function inked(value, fg, key) {
    if (key === "color" && value === INK) return fg;
    if (Array.isArray(value)) return value.map(function (item) { return inked(item, fg, key); });
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (name) { copy[name] = inked(value[name], fg, name); });
      return copy;
    }
    return value;
  }

  function figureOf(element) {
    var data = document.getElementById(element.getAttribute("data-figure"));
    return data ? JSON.parse(data.content ? data.content.textContent : data.textContent) : null;
  }

  function timelineOf(figure) {
    return figure && figure.layout && figure.layout.meta && figure.layout.meta.timeline ? figure.layout.meta.timeline : null;
  }

  function target(element, url) {
    return new URL(element.getAttribute("data-root") + url, window.location.href);
  }

  function follow(element, url) {
    if (!url) return;
    var address = target(element, url);
    if (embedded) {
      window.open(address.href, "_blank", "noopener");
    } else {
      window.location.href = address.href;
    }
  }

  // --- a timeline's axis, which skips the years with no event (timelinelayout.py) ---------------------------

  // The months as the site's language abbreviates them (the timeline's meta, the same on every page of a site):
  // set when a timeline is drawn, before any of its ticks is named.
  var MONTHS = [];

  // The site's words, from the page (each went through its catalogue), with their %(name)s filled in.
  function fill(message, values) {
    return String(message).replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function number(n) {
    return new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);
  }
  var TICK_CHAR = 7.4;
  var TICK_SPACING = 8;
  var STEPS = [["day", 1], ["day", 2], ["day", 5], ["day", 10], ["month", 1], ["month", 3], ["month", 6],
    ["year", 1], ["year", 2], ["year", 5], ["year", 10], ["year", 20], ["year", 50], ["year", 100]];

  function epochDay(iso) {
    var parts = iso.split("-").map(Number);
    return Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1) / DAY;
  }

  function partsOf(day) {
    var date = new Date(day * DAY);
    return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  }

  function dayOf(year, month, day) { return Date.UTC(year, month - 1, day) / DAY; }
  function monthLength(year, month) { return new Date(Date.UTC(year, month, 0)).getUTCDate(); }
  function isoDay(day) { return new Date(Math.floor(day) * DAY).toISOString().slice(0, 10); }

  function TimeAxis(meta) {
    this.knots = meta.knots.map(function (knot) { return [epochDay(knot[0]), knot[1]]; });
    this.skipped = meta.skipped;
    this.spans = meta.spans.map(function (span) { return [epochDay(span[0]), epochDay(span[1])]; });
  }

  TimeAxis.prototype.piece = function (index, column, value) {
    var knots = this.knots;
    var i = 0;
    while (i < knots.length - 2 && value > knots[i + 1][column]) i++;
    return [knots[i], knots[i + 1]];
  };

  TimeAxis.prototype.at = function (day) {
    var p = this.piece(0, 0, day);
    return p[0][1] + (day - p[0][0]) * (p[1][1] - p[0][1]) / (p[1][0] - p[0][0]);
  };

  TimeAxis.prototype.day = function (value) {
    var p = this.piece(0, 1, value);
    return p[0][0] + (value - p[0][1]) * (p[1][0] - p[0][0]) / (p[1][1] - p[0][1]);
  };

  TimeAxis.prototype.segments = function () {
    var found = [];
    for (var i = 0; i < this.knots.length - 1; i++) if (this.skipped.indexOf(i) < 0) found.push([i, i + 1]);
    return found;
  };

  function tickWidth(label) { return label.length * TICK_CHAR; }

  function spanLabel(first, last) {
    var a = partsOf(first);
    var b = partsOf(last);
    if (a.y === b.y && a.m === b.m) return MONTHS[a.m - 1] + " " + a.y;
    if (a.y === b.y) return String(a.y);
    return a.y + "–" + b.y;
  }

  function tickDays(unit, step, first, last) {
    var days = [];
    var a = partsOf(first);
    var b = partsOf(last);
    if (unit === "year") {
      for (var year = a.y + ((-a.y % step) + step) % step; year <= b.y; year += step) {
        var newYear = dayOf(year, 1, 1);
        if (newYear >= first && newYear <= last) days.push(newYear);
      }
    } else if (unit === "month") {
      for (var n = a.y * 12 + a.m - 1; n <= b.y * 12 + b.m - 1; n++) {
        if ((n % 12) % step !== 0) continue;
        var firstOfMonth = dayOf(Math.floor(n / 12), n % 12 + 1, 1);
        if (firstOfMonth >= first && firstOfMonth <= last) days.push(firstOfMonth);
      }
    } else {
      for (var day = first; day <= last && days.length <= 400; day++) {
        var p = partsOf(day);
        if ((p.d - 1) % step === 0 && monthLength(p.y, p.m) - p.d >= step / 2) days.push(day);
      }
    }
    return days;
  }

  function tickLabel(unit, day, firstInSegment) {
    var p = partsOf(day);
    var month = MONTHS[p.m - 1];
    if (unit === "year") return String(p.y);
    if (unit === "month") {
      if (p.m === 1) return String(p.y);
      return firstInSegment ? month + " " + p.y : month;
    }
    if (firstInSegment) return p.d + " " + month + " " + p.y;
    return p.d === 1 ? p.d + " " + month : String(p.d);
  }

  function segmentTicks(firstDay, lastDay, left, right, at, pixel) {
    var first = Math.ceil(firstDay);
    var last = Math.max(first, Math.ceil(lastDay) - 1);
    for (var s = 0; s < STEPS.length; s++) {
      var days = tickDays(STEPS[s][0], STEPS[s][1], first, last);
      if (!days.length || days.length > 400) continue;
      var placed = days.map(function (day, n) {
        var label = tickLabel(STEPS[s][0], day, n === 0);
        var value = at(day);
        var x = pixel(value);
        var half = tickWidth(label) / 2;
        return [x - half, x + half, { value: value, label: label }];
      });
      var fits = placed.every(function (item) { return item[0] >= left && item[1] <= right; });
      for (var i = 0; fits && i < placed.length - 1; i++) if (placed[i + 1][0] - placed[i][1] < TICK_SPACING) fits = false;
      if (fits) return placed;
    }
    return [];
  }

  // As TimeAxis.ticks in timelinelayout.py: in each segment the finest step whose labels fit, at least one label.
  TimeAxis.prototype.ticks = function (width, view) {
    var self = this;
    var pixel = function (value) { return (value - view[0]) / (view[1] - view[0]) * width; };
    var valueAt = function (x) { return view[0] + x / width * (view[1] - view[0]); };
    var at = function (day) { return self.at(day); };
    var chosen = [];
    var segments = this.segments();
    segments.forEach(function (segment, n) {
      var low = Math.max(self.knots[segment[0]][1], view[0]);
      var high = Math.min(self.knots[segment[1]][1], view[1]);
      if (high <= low) return;
      var left = n > 0 ? pixel((self.knots[segment[0] - 1][1] + self.knots[segment[0]][1]) / 2) : 0;
      var right = n < segments.length - 1 ? pixel((self.knots[segment[1]][1] + self.knots[segment[1] + 1][1]) / 2) : width;
      left = Math.max(left, 0);
      right = Math.min(right, width);
      var firstDay = self.day(low);
      var lastDay = self.day(high);
      if (n < self.spans.length) {
        firstDay = Math.max(firstDay, self.spans[n][0]);
        lastDay = Math.min(lastDay, self.spans[n][1] + 1);
      }
      var found = firstDay < lastDay ? segmentTicks(firstDay, lastDay, left, right, at, pixel) : [];
      if (found.length) {
        found.forEach(function (item) { chosen.push([item[0], item[1], item[2], found.length === 1 ? right : null]); });
        return;
      }
      var shownFirst = Math.floor(firstDay);
      var shownLast = Math.max(shownFirst, Math.ceil(lastDay) - 1);
      var label = spanLabel(shownFirst, shownLast);
      var half = tickWidth(label) / 2;
      var x = Math.min(Math.max(pixel(self.at((shownFirst + shownLast + 1) / 2)), half), width - half);
      chosen.push([x - half, x + half, { value: valueAt(x), label: label }, Math.max(right, x + half)]);
    });
    chosen.sort(function (a, b) { return a[0] - b[0]; });
    var kept = [];
    chosen.forEach(function (item) {
      var last = kept[kept.length - 1];
      if (last && item[0] < last[1] + TICK_SPACING) {
        var shift = last[1] + TICK_SPACING - item[0];
        if (item[3] !== null && item[1] + shift <= item[3]) {
          item = [item[0] + shift, item[1] + shift, { value: valueAt((item[0] + item[1]) / 2 + shift), label: item[2].label }, item[3]];
        } else if (item[3] !== null && last[3] === null) {
          kept.pop();
        } else {
          return;
        }
      }
      kept.push(item);
    });
    return kept.map(function (item) { return item[2]; });
  };

  function retick(Plotly, element) {
    var axis = element.__exAxis;
    var full = element._fullLayout;
    if (!axis || !full || !full.xaxis) return;
    var ticks = axis.ticks(full.xaxis._length, full.xaxis.range.slice());
    var key = ticks.map(function (tick) { return tick.value.toFixed(2) + tick.label; }).join("|");
    if (element.__exTicks === key) return;
    element.__exTicks = key;
    Plotly.relayout(element, {
      "xaxis.tickvals": ticks.map(function (tick) { return tick.value; }),
      "xaxis.ticktext": ticks.map(function (tick) { return tick.label; }),
    });
  }

  // --- the view: ranges as dates, for keyboard moves and shared links -------------------------------------

  function linear(element) { return element._fullLayout.xaxis.type === "linear"; }

  function rangeNumbers(element) {
    var axis = element._fullLayout.xaxis;
    return axis.range.map(function (value) { return linear(element) ? Number(value) : new Date(value).getTime(); });
  }

  function setRange(Plotly, element, numbers) {
    var range = numbers.map(function (value) { return linear(element) ? value : new Date(value).toISOString(); });
    return Plotly.relayout(element, { "xaxis.range": range });
  }

  // The days a range shows (epoch days), and back.
  function rangeDays(element, numbers) {
    if (element.__exAxis) return numbers.map(function (value) { return element.__exAxis.day(value); });
    return numbers.map(function (value) { return value / DAY; });
  }

  function daysRange(element, days) {
    if (element.__exAxis) return days.map(function (day) { return element.__exAxis.at(day); });
    return days.map(function (day) { return day * DAY; });
  }

  // "2019", "2019-01" or "2019-01-20" as its first day and the day after its last (epoch days).
  function period(text) {
    var match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text || "");
    if (!match) return null;
    var year = Number(match[1]);
    if (!match[2]) return [dayOf(year, 1, 1), dayOf(year + 1, 1, 1)];
    var month = Number(match[2]);
    if (month < 1 || month > 12) return null;
    if (!match[3]) return [dayOf(year, month, 1), dayOf(year, month + 1, 1)];
    var day = Number(match[3]);
    if (day < 1 || day > monthLength(year, month)) return null;
    return [dayOf(year, month, day), dayOf(year, month, day + 1)];
  }

  function viewHash(element) {
    var days = rangeDays(element, rangeNumbers(element));
    // Months for a long view, days for a short one.
    var monthly = days[1] - days[0] > 180;
    var from = isoDay(Math.ceil(days[0]));
    var to = isoDay(Math.max(Math.ceil(days[0]), Math.floor(days[1]) - 1));
    if (monthly) {
      from = from.slice(0, 7);
      to = to.slice(0, 7);
    }
    var view = new URLSearchParams();
    view.set("chart", element.getAttribute("data-chart"));
    view.set("from", from);
    view.set("to", to);
    // The names the reader hid from the key, by their words (a holder keeps its name from one build to the next).
    element.querySelectorAll('.ex-chart-key .ex-key-name[aria-pressed="false"]').forEach(function (name) {
      view.append("hide", name.textContent);
    });
    return "#" + view.toString();
  }

  function sharedView() {
    var hash = window.location.hash.slice(1).split("?")[0];  // (an embed's ?theme=… may end it: explainer-theme.js)
    if (hash.indexOf("chart=") !== 0) return null;
    var params = new URLSearchParams(hash);
    var from = period(params.get("from"));
    var to = period(params.get("to"));
    return { chart: params.get("chart"), from: from, to: to, hide: params.getAll("hide") };
  }

  function keyboard(Plotly, element, initialRange) {
    element.addEventListener("keydown", function (event) {
      var axis = element._fullLayout && element._fullLayout.xaxis;
      if (!axis) return;
      var range = rangeNumbers(element);
      var width = range[1] - range[0];
      var next = null;
      if (event.key === "ArrowLeft") next = [range[0] - width / 10, range[1] - width / 10];
      else if (event.key === "ArrowRight") next = [range[0] + width / 10, range[1] + width / 10];
      else if (event.key === "+" || event.key === "=") next = [range[0] + width / 5, range[1] - width / 5];
      else if (event.key === "-" || event.key === "_") next = [range[0] - width / 4, range[1] + width / 4];
      else if (event.key === "0" || event.key === "Home") {
        event.preventDefault();
        Plotly.relayout(element, initialRange ? { "xaxis.range": initialRange.slice() } : { "xaxis.autorange": true });
        return;
      }
      if (!next) return;
      event.preventDefault();
      setRange(Plotly, element, next);
    });
  }

  // --- drawing ---------------------------------------------------------------------------------------------

  /* A chart's notes (a control chart's "Last report: …" under each row) and its labels beside marks (their
     dates) that would overlap a row's name or one kept before them are hidden, notes first, then labels left to
     right: at this width there is no room for both, and text over text reads as neither. The mark stays; its hover
     and the data table give what the hidden text said. Redone after each redraw (a zoom, a narrower screen), and for
     the static preview when its width changes. Not for a timeline, whose labels are laid out apart
     (timelinelayout.py) and which has no labels beside its marks. */
  function declutter(notes, labels, fixed) {
    // What is never hidden (a static preview's names of its rows, written over the plot on a phone) is kept first.
    var kept = Array.prototype.map.call(fixed || [], function (node) { return node.getBoundingClientRect(); });
    var boxes = function (nodes) {
      nodes = Array.prototype.slice.call(nodes);
      nodes.forEach(function (node) { node.removeAttribute("visibility"); });
      return nodes
        .map(function (node) { return { node: node, box: node.getBoundingClientRect() }; })
        .filter(function (entry) { return entry.box.width > 0; })
        .sort(function (a, b) { return a.box.left - b.box.left || a.box.top - b.box.top; });
    };
    boxes(notes).concat(boxes(labels)).forEach(function (entry) {
      var box = entry.box;
      var clash = kept.some(function (other) {
        return box.left < other.right + 4 && other.left < box.right + 4 && box.top < other.bottom && other.top < box.bottom;
      });
      if (clash) entry.node.setAttribute("visibility", "hidden");
      else kept.push(box);
    });
  }

  /* A note longer than the room on its side of the mark (a phone's narrow plot) would run off the chart and be
     cut ("Last report: Jabel Ummarum Forc"): it is moved back inside, no further than that. One that starts
     under a row's name written over the plot (``fixed``: a static preview's, on a phone) is moved clear of it
     when the room allows; else declutter hides it. Measured afresh each time, from where the chart puts it. */
  function fitWithin(notes, frame, fixed) {
    if (!frame) return;
    var edge = frame.getBoundingClientRect();
    var names = Array.prototype.map.call(fixed || [], function (node) { return node.getBoundingClientRect(); });
    Array.prototype.forEach.call(notes, function (node) {
      node.removeAttribute("transform");
      var box = node.getBoundingClientRect();
      if (!box.width) return;
      var start = edge.left;
      names.forEach(function (name) {
        if (name.top < box.bottom && box.top < name.bottom && name.left < box.right) start = Math.max(start, name.right + 6);  // past declutter's 4 px, whatever the rounding
      });
      var shift = box.left < start ? start - box.left : 0;
      if (box.right + shift > edge.right) shift = edge.right - box.right;
      if (box.left + shift < edge.left) shift = edge.left - box.left;
      if (shift) node.setAttribute("transform", "translate(" + shift.toFixed(1) + " 0)");
    });
  }

  /* A chart whose rows need a height of their own (``layout.meta.plot_height``, in pixels: a control chart's rows,
     each with its dates above its marks and its last report below; a zones chart's lanes of rows, in pixels) keeps
     it whatever its key takes. On a phone a key of many holders takes many lines, and took the rows' room until
     each row's note lay over the marks of the next. The chart grows instead, never below the height it was built
     with, and gives the room back when a wider screen wraps the key into fewer lines. Whether it changed the
     height: the redraw calls again. */
  function keepPlotHeight(Plotly, element, figure) {
    var wanted = figure.layout.meta && figure.layout.meta.plot_height;
    var full = element._fullLayout;
    if (!wanted || !full) return false;
    var height = Math.max(figure.layout.height, Math.ceil(wanted + full._size.t + full._size.b));
    if (Math.abs(height - full.height) < 1) return false;
    element.style.height = height + "px";  // what Plotly's resizing to the container keeps
    // A new height alone would fix the width too (Plotly's relayout), and the chart would no longer follow the screen.
    Plotly.relayout(element, { height: height, width: null, autosize: true }).then(sendHeight);
    return true;
  }

  // A chart's key (explainer-charts.css, .ex-chart-key) is the preview's, which stays when Plotly draws: its names
  // wrap as words do, and the key is the same before and after. (Plotly's own key set every name in a column as
  // wide as the widest, and changed the key's height at the first touch.) A key over the plot keeps the plot under
  // it: the chart's top margin follows the key's height, at any width. Whether it changed the margin: the redraw
  // calls again.
  function keyOver(element) {
    var key = element.querySelector(":scope > .ex-chart-key");
    return key && !key.classList.contains("ex-chart-key-below") ? key : null;
  }

  // The top margin that keeps the plot, and what the chart writes over its plot's top edge (a count timeline's name
  // of its upper panel: a note at the top of a panel's or the paper's height), under the key. Only those notes are
  // measured, not every date and note of a control chart's rows, on each redraw.
  function keyRoom(element, figure) {
    var key = keyOver(element);
    var own = (figure.layout.margin && figure.layout.margin.t) || 0;
    if (!key) return own;
    var over = 0;
    var full = element._fullLayout;
    if (full && full._size) {
      var plotTop = element.getBoundingClientRect().top + full._size.t;
      (figure.layout.annotations || []).forEach(function (note, index) {
        if (!/(^paper| domain)$/.test(note.yref || "") || note.y < 1) return;
        var drawn = element.querySelector('.infolayer g.annotation[data-index="' + index + '"]');
        var box = drawn && drawn.getBoundingClientRect();
        if (box && box.height > 0 && box.top < plotTop) over = Math.max(over, plotTop - box.top);
      });
    }
    return Math.max(own, Math.ceil(key.offsetTop + key.offsetHeight + 6 + over));
  }

  function keepKeyRoom(Plotly, element, figure) {
    if (!keyOver(element) || !element.layout) return false;
    var wanted = keyRoom(element, figure);
    if (Math.abs(wanted - element.layout.margin.t) < 2) return false;  // (a pixel either way: no relayout back and forth)
    Plotly.relayout(element, { "margin.t": wanted }).then(sendHeight);
    return true;
  }

  // A name of the key hides what it names, and shows it again (as Plotly's key did): the traces of its group.
  // Once the chart is drawn, each name is a toggle button (pressed: shown), which a keyboard reaches and a screen
  // reader names with its state; before, the key is part of the picture, which does nothing when selected.
  function keyButtons(element, key) {
    key.removeAttribute("aria-hidden");
    key.setAttribute("aria-label", element.getAttribute("data-key-label") || "");
    key.querySelectorAll("li[data-traces]").forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ex-key-name";
      button.setAttribute("aria-pressed", "true");
      while (item.firstChild) button.appendChild(item.firstChild);
      item.appendChild(button);
    });
  }

  function toggleFromKey(element, event) {
    var button = event.target.closest && event.target.closest(".ex-chart-key li[data-traces] > button");
    if (!button || element.getAttribute("data-drawn") !== "yes" || !window.Plotly) return;
    var hidden = button.getAttribute("aria-pressed") === "true";
    button.setAttribute("aria-pressed", hidden ? "false" : "true");
    var traces = button.parentNode.getAttribute("data-traces").split(" ").map(Number);
    window.Plotly.restyle(element, { visible: hidden ? "legendonly" : true }, traces).then(function () { followView(element); });
  }

  function declutterDrawn(element) {
    var notes = element.querySelectorAll(".infolayer g.annotation");
    fitWithin(notes, element.querySelector(".main-svg"));
    declutter(notes, element.querySelectorAll(".scatterlayer .textpoint text"));
  }

  function declutterPreview(element) {
    var labels = element.querySelectorAll(".ex-preview .ex-preview-mark-text");
    if (!labels.length) return;
    var notes = element.querySelectorAll(".ex-preview .ex-preview-note");
    var names = element.querySelectorAll(".ex-preview .ex-preview-lane");
    fitWithin(notes, element.querySelector(".ex-preview .ex-preview-plot"), names);
    declutter(notes, labels, names);
  }

  function draw(Plotly, element) {
    if (element.getAttribute("data-drawn")) return element.__exDrawing || Promise.resolve(Plotly);
    var figure = figureOf(element);
    if (!figure) return Promise.reject(new Error("no figure"));
    // Plotly takes the preview's place, at the same height (CSSOM: allowed by the CSP, unlike a style attribute): a
    // picture that grew to keep its rows' room (a phone's key of many lines) is drawn at its own height, which
    // keepPlotHeight then sets to the pixel.
    var rows = figure.layout && figure.layout.meta && figure.layout.meta.plot_height;
    var shown = Math.round(element.getBoundingClientRect().height);
    var height = figure.layout && figure.layout.height;
    if (rows && height && shown > height) height = shown;
    element.setAttribute("data-drawn", "pending");
    if (height) element.style.height = height + "px";
    var key = element.querySelector(".ex-preview .ex-chart-key");
    if (key) {
      // The preview's key stays, with the patterns its swatches are filled with (hatched, dotted).
      var defs = element.querySelector(".ex-preview-plot defs");
      if (defs) {
        var patterns = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        patterns.setAttribute("class", "ex-chart-key-patterns");
        patterns.setAttribute("width", "0");
        patterns.setAttribute("height", "0");
        patterns.setAttribute("aria-hidden", "true");
        patterns.appendChild(defs);
        element.appendChild(patterns);
      }
      element.appendChild(key);
    }
    element.querySelectorAll(".ex-preview, .ex-preview-size").forEach(function (node) { node.remove(); });
    var timeline = timelineOf(figure);
    if (timeline) {
      MONTHS = timeline.months;
      element.__exAxis = new TimeAxis(timeline);
    }
    var config = {
      responsive: true,
      displaylogo: false,
      scrollZoom: false,
      // Nothing is sent anywhere: no "Share chart" upload to Plotly's cloud; images come from the buttons under the chart.
      showSendToCloud: false,
      plotlyServerURL: "",
      modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage", "autoScale2d", "sendChartToCloud"],
    };
    element.__exConfig = config;
    var layout = themed(figure.layout);
    if (height) layout.height = height;
    if (key) {
      layout.showlegend = false;
      layout.margin = Object.assign({}, layout.margin, { t: keyRoom(element, figure) });
    }
    element.__exDrawing = Plotly.newPlot(element, inked(figure.data, palette().ink), layout, config).then(function () {
      element.setAttribute("data-drawn", "yes");
      drawn.push(element);
      if (key) keyButtons(element, key);
      var range = figure.layout.xaxis && figure.layout.xaxis.range;
      keyboard(Plotly, element, range ? range.slice() : null);
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && point.customdata) follow(element, point.customdata[0]);
      });
      element.on("plotly_relayout", function (change) {
        // A range the reader chose (a zoom, a pan, the keyboard, a shared view), not the page's own fitting.
        if (change && ("xaxis.range" in change || "xaxis.range[0]" in change || "xaxis.autorange" in change)) followView(element);
      });
      element.on("plotly_clickannotation", function (event) {
        // A timeline's label opens its event.
        if (timeline && timeline.labels && timeline.labels[String(event.index)]) follow(element, timeline.labels[String(event.index)]);
      });
      if (timeline) {
        element.on("plotly_relayout", function (change) {
          if (change && ("xaxis.range" in change || "xaxis.range[0]" in change || "xaxis.autorange" in change || "width" in change)) {
            window.requestAnimationFrame(function () { retick(Plotly, element); });
          }
        });
        retick(Plotly, element);
        element.on("plotly_afterplot", function () { keepKeyRoom(Plotly, element, figure); });
      } else {
        var settle = function () {
          if (!keepKeyRoom(Plotly, element, figure) && !keepPlotHeight(Plotly, element, figure)) declutterDrawn(element);
        };
        element.on("plotly_afterplot", settle);
        settle();
      }
      sendHeight();
      return Plotly;
    });
    return element.__exDrawing;
  }

  // Draws a chart (loading Plotly first): resolves with Plotly once it is drawn.
  function upgrade(element) {
    if (element.__exUpgrade) return element.__exUpgrade;
    element.__exUpgrade = loadPlotly().then(function (Plotly) {
      // Drawing in a task of its own, not in the one that ran Plotly's script: the browser can
      // answer the reader in between.
      return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () { return draw(Plotly, element); });
    }, function (error) {
      element.setAttribute("data-drawn", "failed");
      var note = document.createElement("p");
      note.className = "ex-chart-error";
      note.textContent = fill(element.getAttribute("data-failed"), { error: error.message });
      element.parentNode.insertBefore(note, element.nextSibling);
      throw error;
    });
    element.__exUpgrade.catch(function () {});
    return element.__exUpgrade;
  }

  function arm(element) {
    if (element.getAttribute("data-armed")) return;
    element.setAttribute("data-armed", "yes");
    declutterPreview(element);
    if ("ResizeObserver" in window && element.querySelector(".ex-preview .ex-preview-mark-text")) {
      new ResizeObserver(function () {
        if (!element.getAttribute("data-drawn")) declutterPreview(element);
      }).observe(element);
    }
    var go = function () { upgrade(element); };
    ["pointerenter", "pointerdown", "focusin", "touchstart"].forEach(function (type) {
      element.addEventListener(type, go, { once: true, passive: true });
    });
    // Selecting a mark or a label of the preview opens what it shows, as selecting it in Plotly does.
    element.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest(".ex-preview [data-link]");
      if (mark) follow(element, mark.getAttribute("data-link"));
      toggleFromKey(element, event);
    });
  }

  // --- reading a timeline's events in order -------------------------------------------------------------------

  function stepper(box) {
    if (box.getAttribute("data-ready")) return;
    var figure = box.closest("figure");
    var element = figure && figure.querySelector(".ex-chart[data-figure]");
    var timeline = element && timelineOf(figureOf(element));
    if (!timeline || !timeline.story.length) return;
    box.setAttribute("data-ready", "yes");
    var story = timeline.story;
    var previous = box.querySelector(".ex-step-prev");
    var next = box.querySelector(".ex-step-next");
    var count = box.querySelector(".ex-step-count");
    var card = box.querySelector(".ex-step-card");
    var current = -1;

    function line(className, text) {
      var node = document.createElement("p");
      node.className = className;
      node.textContent = text;
      return node;
    }

    function show(index) {
      current = index;
      var step = story[index];
      previous.disabled = index <= 0;
      next.disabled = index >= story.length - 1;
      count.textContent = fill(box.getAttribute("data-count"), { n: number(index + 1), count: number(story.length) });
      card.textContent = "";
      card.appendChild(line("ex-step-when", step[2]));
      var title = document.createElement("p");
      title.className = "ex-step-title";
      var link = document.createElement("a");
      link.href = target(element, step[0]).href;
      link.textContent = step[1];
      if (embedded) {
        link.target = "_blank";
        link.rel = "noopener";
      }
      title.appendChild(link);
      card.appendChild(title);
      card.appendChild(line("ex-step-meta", fill(box.getAttribute(step[5] ? "data-meta-key" : "data-meta"), { category: step[3], source: step[4] })));
      highlight(step[6], step[7], index);
    }

    function highlight(curve, point, index) {
      element.querySelectorAll(".ex-preview .ex-current").forEach(function (mark) { mark.classList.remove("ex-current"); });
      var mark = element.querySelector('.ex-preview [data-step="' + index + '"]');
      if (mark) mark.classList.add("ex-current");
      if (element.getAttribute("data-drawn") !== "yes" || !window.Plotly) return;
      var Plotly = window.Plotly;
      var x = element.data[curve].x[point];
      var range = rangeNumbers(element);
      var value = linear(element) ? Number(x) : new Date(x).getTime();
      var shown = value >= range[0] && value <= range[1] ? Promise.resolve() : setRange(Plotly, element, [value - (range[1] - range[0]) / 2, value + (range[1] - range[0]) / 2]);
      shown.then(function () { Plotly.Fx.hover(element, [{ curveNumber: curve, pointNumber: point }]); });
    }

    previous.addEventListener("click", function () { if (current > 0) show(current - 1); });
    next.addEventListener("click", function () { if (current < story.length - 1) show(current + 1); });
    count.textContent = box.getAttribute("data-start");
    previous.disabled = true;
    box.hidden = false;
  }

  // --- images and links of a chart ----------------------------------------------------------------------------

  function save(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function plotlyText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // The lines of ``text`` in ``font`` (CSS), word after word, none wider than ``width`` pixels (a word wider than
  // that is broken between its letters).
  function wrapText(text, font, width) {
    var canvas = wrapText.canvas || (wrapText.canvas = document.createElement("canvas"));
    var context = canvas.getContext("2d");
    context.font = font;
    var fits = function (line) { return context.measureText(line).width <= width; };
    var lines = [], line = "";
    String(text).split(/\s+/).filter(Boolean).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (fits(next)) { line = next; return; }
      if (line) lines.push(line);
      line = "";
      Array.from(word).forEach(function (letter) {
        if (line && !fits(line + letter)) { lines.push(line); line = ""; }
        line += letter;
      });
    });
    if (line) lines.push(line);
    return lines;
  }

  // The header of a chart's image: its title, then its credit (the site and the sources), each wrapped to the image's
  // width. The credit was one line at the key's height, so on a phone the sources were cut at the image's edge,
  // and on a desktop the credit was written over the key.
  var HEADER = { pad: 10, title: 15, credit: 11, spacing: 1.3 };

  // How much room a chart's image keeps over its plot: Plotly's own key (the page shows an HTML key instead, see
  // keyOver), where it stands over the plot, measured on a copy drawn out of sight at the chart's size; or the
  // chart's own top margin. (Not the band the page keeps for Plotly's toolbar, which no image has.)
  function roomOver(Plotly, element, layout) {
    var full = element._fullLayout;
    if (!layout.showlegend || !keyOver(element)) return Promise.resolve(full._size.t);
    var probe = document.createElement("div");
    probe.className = "ex-chart-probe";
    probe.style.width = full.width + "px";
    document.body.appendChild(probe);
    var copy = Object.assign({}, layout, { width: full.width, height: full.height });
    var done = function () { Plotly.purge(probe); probe.remove(); };
    return Plotly.newPlot(probe, element.data, copy, { staticPlot: true }).then(function () {
      var frame = probe.getBoundingClientRect(), key = probe.querySelector(".legend");
      var size = probe._fullLayout._size;
      var over = key ? Math.ceil(size.t - (key.getBoundingClientRect().top - frame.top)) + 6 : size.t;
      done();
      return over;
    }, function (error) {
      done();
      throw error;
    });
  }

  // The chart as shown (its range, its palette, what its key hides), with Plotly's key, under its title and credit,
  // as PNG or SVG.
  function exportImage(element, format) {
    return upgrade(element).then(function (Plotly) {
      var colours = palette();
      var figure = element.closest("figure");
      var title = figure.querySelector(".ex-chart-title").textContent;
      var credit = element.getAttribute("data-credit") || "";
      var own = figureOf(element).layout;
      var layout = JSON.parse(JSON.stringify(element.layout));
      layout.showlegend = own.showlegend !== false;
      layout.margin = Object.assign({}, layout.margin, { t: (own.margin && own.margin.t) || 0 });
      return roomOver(Plotly, element, layout).then(function (over) {
        var full = element._fullLayout;
        var room = full.width - 2 * HEADER.pad;
        var family = full.font.family;
        var titleLines = wrapText(title, HEADER.title + "px " + family, room).map(plotlyText);
        var creditLines = wrapText(credit, HEADER.credit + "px " + family, room).map(plotlyText);
        // Plotly spaces an annotation's lines in its font's ems. (Two annotations: a size given inside a text would
        // be a style attribute, which the pages' policy forbids.)
        var titleHeight = titleLines.length * HEADER.title * HEADER.spacing;
        var header = Math.ceil(2 * HEADER.pad + titleHeight + creditLines.length * HEADER.credit * HEADER.spacing);
        layout.margin.t = header + over;
        layout.width = full.width;
        layout.height = full.height - full._size.t + header + over;  // the plot keeps its height
        layout.paper_bgcolor = colours.bg;
        layout.plot_bgcolor = colours.bg;
        // Written from the image's top left corner (an annotation measures its lines, as a title does not).
        var line = function (lines, below, font) {
          return {
            text: lines.join("<br>"), align: "left", showarrow: false,
            xref: "paper", x: 0, xanchor: "left", xshift: HEADER.pad - full._size.l,
            yref: "paper", y: 1, yanchor: "top", yshift: header + over - HEADER.pad - below, font: font,
          };
        };
        layout.annotations = (layout.annotations || []).concat([
          line(titleLines, 0, { size: HEADER.title, color: colours.fg }),
        ], creditLines.length ? [line(creditLines, Math.ceil(titleHeight), { size: HEADER.credit, color: colours.light })] : []);
        return Plotly.toImage({ data: element.data, layout: layout, config: { staticPlot: true } }, {
          format: format, width: layout.width, height: layout.height, scale: format === "png" ? 2 : 1,
        });
      });
    }).then(function (url) {
      save(url, element.getAttribute("data-chart") + "." + format);
    });
  }

  function tools(box) {
    if (box.getAttribute("data-ready")) return;
    var element = box.closest("figure").querySelector(".ex-chart[data-figure]");
    if (!element) return;
    box.setAttribute("data-ready", "yes");
    var note = box.querySelector(".ex-tool-note");
    box.querySelectorAll("button[data-tool]").forEach(function (button) {
      button.addEventListener("click", function () {
        var tool = button.getAttribute("data-tool");
        note.textContent = "";
        if (tool === "link") {
          upgrade(element).then(function () {
            var address = window.location.href.split("#")[0] + viewHash(element);
            window.history.replaceState(window.history.state, "", address);
            var done = function () { note.textContent = box.getAttribute("data-copied"); };
            if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(address).then(done, done);
            else done();
          });
          return;
        }
        exportImage(element, tool).then(function () { note.textContent = fill(box.getAttribute("data-saved"), { format: tool.toUpperCase() }); }, function (error) {
          note.textContent = fill(box.getAttribute("data-failed"), { error: error.message });
        });
      });
    });
    box.hidden = false;
  }

  // A link to a chart's view (#chart=<id>&from=…&to=…&hide=<a name of its key>…): draw that chart and show that
  // range, without what the names hide.
  function applySharedView() {
    var view = sharedView();
    if (!view || !view.chart) return;
    var element = document.querySelector('.ex-chart[data-chart="' + CSS.escape(view.chart) + '"]');
    if (!element) return;
    element.scrollIntoView({ block: "center" });
    upgrade(element).then(function (Plotly) {
      element.querySelectorAll('.ex-chart-key .ex-key-name[aria-pressed="true"]').forEach(function (name) {
        if (view.hide.indexOf(name.textContent) >= 0) name.click();  // a name this build does not have: nothing to hide
      });
      if (!view.from && !view.to) return;
      var range = rangeDays(element, rangeNumbers(element));
      var days = [view.from ? view.from[0] : range[0], view.to ? view.to[1] : range[1]];
      if (days[1] <= days[0]) return;
      return setRange(Plotly, element, daysRange(element, days));
    });
  }

  function purgeDetached() {
    if (!window.Plotly) return;
    drawn = drawn.filter(function (element) {
      if (document.body.contains(element)) return true;
      window.Plotly.purge(element);
      return false;
    });
  }

  function retheme() {
    if (!window.Plotly) return;
    drawn.forEach(function (element) {
      var figure = figureOf(element);
      if (!figure) return;
      // The layout as drawn, in the new palette: the reader's view and the ticks worked out for it, and what the
      // page fitted (the chart's height, its key, the room over the plot for it) stay.
      var layout = themed(element.layout);
      layout.xaxis.range = element._fullLayout.xaxis.range.slice();
      // And what the reader hid from the key (the traces' ink is the figure's, in the new palette).
      var data = inked(figure.data, palette().ink).map(function (trace, index) {
        var shown = element.data[index] && element.data[index].visible;
        return shown === undefined ? trace : Object.assign({}, trace, { visible: shown });
      });
      window.Plotly.react(element, data, layout, element.__exConfig);
    });
  }

  // A value escaped for a quoted attribute of the publisher's page, as the template's autoescape does
  // (the textarea then holds that HTML as text: assigning .value needs no second escape).
  function attribute(value) {
    return String(value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&#34;").replace(/'/g, "&#39;");
  }

  // The code to embed a chart: its embed page, with the view the reader chose (``view``: a #chart=… hash), if any.
  function writeSnippet(area, view) {
    // Written as text (a detached element with a style attribute would still break the CSP).
    var src = new URL(area.getAttribute("data-embed"), window.location.href).href + (view || "");
    var loader = new URL(area.getAttribute("data-loader"), window.location.href).href;
    area.value =
      '<iframe src="' + attribute(src) + '" title="' + attribute(area.getAttribute("data-title")) +
      '" width="100%" height="' + attribute(area.getAttribute("data-height")) +
      '" style="border:0" loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>\n' +
      '<script src="' + attribute(loader) + '" async></' + 'script>';
  }

  // Once the reader chooses a view (a range, names hidden from the key), the chart's embed code shows that view,
  // as the link to it does: a journalist embeds what they see. Until then, the chart as built, which follows the
  // data as it grows.
  function followView(element) {
    var figure = element.closest("figure");
    var area = figure && figure.querySelector("textarea.ex-snippet");
    if (area && element._fullLayout) writeSnippet(area, viewHash(element));
  }

  function snippets(root) {
    root.querySelectorAll("textarea.ex-snippet").forEach(function (area) { writeSnippet(area, ""); });
    root.querySelectorAll("button.ex-copy").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "yes");
      button.addEventListener("click", function () {
        var area = document.getElementById(button.getAttribute("data-copy"));
        area.select();
        var done = function () { button.textContent = button.getAttribute("data-done"); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  var lastHeight = 0;
  function sendHeight() {
    if (!embedded || window.parent === window) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    // The height is not secret; the host-side script checks who sent it.
    window.parent.postMessage({ type: "explainer:height", height: height }, "*");
  }

  function start() {
    purgeDetached();
    snippets(document);
    document.querySelectorAll(".ex-chart[data-figure]:not([data-drawn])").forEach(arm);
    document.querySelectorAll(".ex-steps").forEach(stepper);
    document.querySelectorAll(".ex-chart-tools").forEach(tools);
    applySharedView();
  }

  new MutationObserver(retheme).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  // An embed's theme (?theme=dark|light|auto, explainer-theme.js) is an attribute of its root.
  new MutationObserver(retheme).observe(document.documentElement, { attributes: true, attributeFilter: ["data-ex-theme"] });
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", retheme);
  }
  if (embedded) {
    if ("ResizeObserver" in window) new ResizeObserver(sendHeight).observe(document.body);
    window.addEventListener("load", sendHeight);
    document.addEventListener("toggle", sendHeight, true);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
