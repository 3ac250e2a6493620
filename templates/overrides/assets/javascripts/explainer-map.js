/* Moves the site's maps through time, on site pages and on embed pages.
 *
 * - A map arrives drawn (SVG made at build time by explainer.mapview) at its
 *   first date, with a table saying the same in words: it reads without this
 *   script. Its data (who held each place over which days, each holder's colour
 *   and hatching) is JSON in a <template> (inert: Material's instant navigation
 *   re-runs every <script> of a page).
 * - The date control (a slider, a date field, the previous and next changes;
 *   PageUp and PageDown on the slider jump to them too) recolours the places,
 *   shows or hides the zones, rewrites the table and the places' titles, and
 *   keeps the date in the address (?date=2020-02-01) without adding to the
 *   history; a page opened with ?date= shows that date.
 * - Only attributes and text are set (no inline style, no HTML from the data):
 *   the site's Content-Security-Policy stands.
 */
(function () {
  "use strict";
  var DAY = 86400000;

  // "2020-02-01" as a time (UTC midnight), or NaN when it is not a date that exists.
  function parseDay(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return NaN;
    var time = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10));
    return new Date(time).toISOString().slice(0, 10) === text ? time : NaN;
  }

  function iso(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  function inWords(time, months) {
    var day = new Date(time);
    return day.getUTCDate() + " " + months[day.getUTCMonth()] + " " + day.getUTCFullYear();
  }

  // The row of a place's history that holds on a day: the latest that covers it (as explainer.mapview.state_at).
  function segmentAt(segments, day) {
    for (var i = segments.length - 1; i >= 0; i--) {
      var segment = segments[i];
      if ((segment[0] === null || segment[0] <= day) && (segment[1] === null || day <= segment[1])) return segment;
    }
    return null;
  }

  function dateFromAddress() {
    var params = new URLSearchParams(window.location.search);
    return params.has("date") ? parseDay(params.get("date")) : NaN;
  }

  function keepInAddress(day) {
    var url = new URL(window.location.href);
    url.searchParams.set("date", day);
    // Material's instant navigation keeps its scroll position in the state: keep it.
    window.history.replaceState(window.history.state, "", url.href);
  }

  // A value escaped for a quoted attribute of the publisher's page (as explainer-charts.js writes snippets).
  function attribute(value) {
    return String(value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&#34;").replace(/'/g, "&#39;");
  }

  function setUp(root) {
    if (root.getAttribute("data-ready")) return;
    var template = document.getElementById(root.getAttribute("data-map"));
    if (!template) return;
    var data = JSON.parse(template.content ? template.content.textContent : template.textContent);
    root.setAttribute("data-ready", "yes");
    var figure = root.closest("figure") || root;
    var embedded = document.body.classList.contains("ex-embed");
    var range = root.querySelector(".ex-map-range");
    var field = root.querySelector(".ex-map-date");
    var previous = root.querySelector(".ex-map-prev");
    var following = root.querySelector(".ex-map-next");
    var first = parseDay(data.first);
    var last = parseDay(data.last);
    var changes = data.changes.map(parseDay);
    var current = parseDay(data.date);

    // Each place's mark and table row, found once.
    var places = data.features.map(function (feature) {
      var mark = null;
      var row = null;
      figure.querySelectorAll("[data-feature]").forEach(function (element) {
        if (element.getAttribute("data-feature") !== feature.id) return;
        if (element.tagName.toLowerCase() === "tr") row = element;
        else mark = element;
      });
      return {
        feature: feature,
        mark: mark,
        kind: mark && mark.classList.contains("ex-map-area") ? "area" : "point",
        shape: mark && mark.querySelector(".ex-map-shape"),
        title: mark && mark.querySelector("title"),
        held: row && row.querySelector(".ex-map-held"),
        basis: row && row.querySelector(".ex-map-basis"),
        note: row && row.querySelector(".ex-map-note"),
      };
    });
    var zones = figure.querySelectorAll("[data-zone]");
    var whens = figure.querySelectorAll(".ex-map-when");
    var snippet = figure.querySelector("textarea.ex-snippet");
    var ownPage = figure.querySelector(".ex-map-own-page");

    // A catalogue message's %(name)s filled in, as the site's Python does.
    function fill(message, values) {
      return message.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
    }

    function fillOf(basis, holder) {
      if (basis === "reported") return data.holders[holder].colour;
      if (basis === "presumed") return data.holders[holder].presumed;
      if (basis === "unknown") return data.unknown;
      return "none";
    }

    function showPlace(place, day, words) {
      var segment = segmentAt(place.feature.segments, day);
      var holder = segment ? segment[2] : null;
      var basis = !segment ? "none" : holder === null ? "unknown" : segment[3];
      var partial = Boolean(segment && segment[4]);
      // Who held it and what that rests on, in the site's words (a report dated to a month says so).
      var held = holder === null ? data.none : partial ? fill(data.part, { holder: data.holders[holder].name }) : data.holders[holder].name;
      var basisWords = (segment && segment[7]) || data.basis[basis];
      if (place.mark) {
        place.mark.setAttribute(
          "class", "ex-map-place ex-map-" + place.kind + " ex-map-" + basis + (partial ? " ex-map-partial" : "")
        );
        place.shape.setAttribute("fill", fillOf(basis, holder));
        place.title.textContent = fill(data.title, { place: place.feature.name, date: words, held: held, basis: basisWords });
      }
      if (place.held) {
        place.held.textContent = held;
        place.basis.textContent = basisWords;
        var note = segment ? segment[5] : data.nothing;
        var link = segment ? segment[6] : "";
        place.note.textContent = "";
        if (link) {
          var anchor = document.createElement("a");
          anchor.href = link;
          anchor.textContent = note;
          if (embedded) {
            anchor.target = "_blank";
            anchor.rel = "noopener";
          }
          place.note.appendChild(anchor);
        } else {
          place.note.textContent = note;
        }
      }
    }

    function rewriteShare(day) {
      if (ownPage) {
        var page = new URL(ownPage.getAttribute("href"), window.location.href);
        page.searchParams.set("date", day);
        ownPage.href = page.href;
      }
      if (!snippet) return;
      var src = new URL(snippet.getAttribute("data-embed"), window.location.href);
      src.searchParams.set("date", day);
      var loader = new URL(snippet.getAttribute("data-loader"), window.location.href).href;
      snippet.value =
        '<iframe src="' + attribute(src.href) + '" title="' + attribute(snippet.getAttribute("data-title")) +
        '" width="100%" height="' + attribute(snippet.getAttribute("data-height")) +
        '" style="border:0" loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>\n' +
        '<script src="' + attribute(loader) + '" async></' + 'script>';
    }

    function show(time, byReader) {
      current = Math.min(Math.max(time, first), last);
      var day = iso(current);
      var words = inWords(current, data.months);
      places.forEach(function (place) { showPlace(place, day, words); });
      zones.forEach(function (zone) {
        var since = data.zones[zone.getAttribute("data-zone")];
        zone.classList.toggle("ex-map-hidden", Boolean(since) && day < since);
      });
      whens.forEach(function (element) { element.textContent = words; });
      range.value = String(Math.round((current - first) / DAY));
      range.setAttribute("aria-valuetext", words);
      field.value = day;
      previous.disabled = !changes.some(function (change) { return change < current; });
      following.disabled = !changes.some(function (change) { return change > current; });
      rewriteShare(day);
      if (byReader) keepInAddress(day);
    }

    function step(forward) {
      var candidates = changes.filter(function (change) { return forward ? change > current : change < current; });
      if (!candidates.length) return;
      show(forward ? Math.min.apply(null, candidates) : Math.max.apply(null, candidates), true);
    }

    range.addEventListener("input", function () { show(first + Number(range.value) * DAY, true); });
    range.addEventListener("keydown", function (event) {
      if (event.key !== "PageUp" && event.key !== "PageDown") return;
      event.preventDefault();
      step(event.key === "PageUp");
    });
    field.addEventListener("change", function () {
      var time = parseDay(field.value);
      if (!isNaN(time)) show(time, true);
    });
    previous.addEventListener("click", function () { step(false); });
    following.addEventListener("click", function () { step(true); });
    [range, field, previous, following].forEach(function (control) { control.disabled = false; });

    var asked = dateFromAddress();
    show(isNaN(asked) ? current : asked, false);
  }

  function start() {
    document.querySelectorAll(".ex-map[data-map]:not([data-ready])").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
