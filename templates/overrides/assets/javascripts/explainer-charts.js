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
 * - Charts follow the light/dark palette, resize with the window, and answer
 *   the keyboard: left/right arrows pan, + and - zoom, 0 resets.
 * - In an embed page inside an iframe, the page's height is sent to the host
 *   with postMessage; assets/javascripts/explainer-embed.js resizes the frame.
 *
 * The figures are JSON data in <template> elements (Material's instant
 * navigation would run a <script> of any type); nothing here evaluates text
 * from the page or from a message.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var PLOTLY_URL = new URL("vendor/plotly-basic.min.js", script.src).href;
  // Plotly injects its CSS into a <style> element unless one with this id and class exists:
  // under the site's Content-Security-Policy (no inline styles) it is a <link> to the same rules.
  var PLOTLY_CSS_URL = new URL("vendor/plotly-basic.css", script.src).href;
  var PLOTLY_CSS_ID = "plotly.js-style-global";
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

  function themed(layout) {
    var fg = cssVar("--md-default-fg-color", "#222");
    var light = cssVar("--md-default-fg-color--light", "#666");
    var grid = cssVar("--md-default-fg-color--lightest", "#ddd");
    var bg = cssVar("--md-default-bg-color", "#fff");
    var copy = JSON.parse(JSON.stringify(layout));
    copy.font = Object.assign({}, copy.font, { color: fg });
    copy.legend = Object.assign({}, copy.legend, { font: { color: fg } });
    copy.hoverlabel = Object.assign({}, copy.hoverlabel, { bgcolor: bg, bordercolor: light, font: { color: fg } });
    ["xaxis", "yaxis"].forEach(function (axis) {
      copy[axis] = Object.assign({}, copy[axis], { gridcolor: grid, linecolor: light, zerolinecolor: grid, tickfont: { color: fg } });
    });
    if (copy.xaxis.rangeslider) {
      copy.xaxis.rangeslider = Object.assign({}, copy.xaxis.rangeslider, { bgcolor: "rgba(0,0,0,0)", bordercolor: grid, borderwidth: 1 });
    }
    (copy.annotations || []).forEach(function (note) { note.font = Object.assign({}, note.font, { color: light }); });
    if (window.matchMedia("(max-width: 600px)").matches) {
      copy.xaxis.nticks = 5;
      if (copy.meta && copy.meta.lanes_in_legend) copy.yaxis.showticklabels = false;
    }
    return copy;
  }

  function figureOf(element) {
    var data = document.getElementById(element.getAttribute("data-figure"));
    return data ? JSON.parse(data.content ? data.content.textContent : data.textContent) : null;
  }

  function follow(element, url) {
    if (!url) return;
    var target = new URL(element.getAttribute("data-root") + url, window.location.href);
    if (embedded) {
      window.open(target.href, "_blank", "noopener");
    } else {
      window.location.href = target.href;
    }
  }

  function keyboard(Plotly, element, initialRange) {
    element.addEventListener("keydown", function (event) {
      var axis = element._fullLayout && element._fullLayout.xaxis;
      if (!axis) return;
      var range = axis.range.map(function (value) { return new Date(value).getTime(); });
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
      Plotly.relayout(element, { "xaxis.range": next.map(function (value) { return new Date(value).toISOString(); }) });
    });
  }

  function draw(Plotly, element) {
    if (element.getAttribute("data-drawn")) return;
    var figure = figureOf(element);
    if (!figure) return;
    element.setAttribute("data-drawn", "pending");
    // Plotly takes the preview's place, at the same height (CSSOM: allowed by the CSP, unlike a style attribute).
    if (figure.layout && figure.layout.height) element.style.height = figure.layout.height + "px";
    element.querySelectorAll(".ex-preview, .ex-preview-size").forEach(function (node) { node.remove(); });
    var config = {
      responsive: true,
      displaylogo: false,
      scrollZoom: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage", "autoScale2d"],
    };
    Plotly.newPlot(element, figure.data, themed(figure.layout), config).then(function () {
      element.setAttribute("data-drawn", "yes");
      drawn.push(element);
      var range = figure.layout.xaxis && figure.layout.xaxis.range;
      keyboard(Plotly, element, range ? range.slice() : null);
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && point.customdata) follow(element, point.customdata[0]);
      });
      sendHeight();
    });
  }

  function upgrade(element) {
    if (element.getAttribute("data-drawn")) return;
    loadPlotly().then(function (Plotly) {
      // Drawing in a task of its own, not in the one that ran Plotly's script: the browser can
      // answer the reader in between.
      setTimeout(function () { draw(Plotly, element); }, 0);
    }, function (error) {
      element.setAttribute("data-drawn", "failed");
      var note = document.createElement("p");
      note.className = "ex-chart-error";
      note.textContent = "The interactive chart could not be loaded (" + error.message + "); the picture and the data table below remain.";
      element.parentNode.insertBefore(note, element.nextSibling);
    });
  }

  function arm(element) {
    if (element.getAttribute("data-armed")) return;
    element.setAttribute("data-armed", "yes");
    var go = function () { upgrade(element); };
    ["pointerenter", "pointerdown", "focusin", "touchstart"].forEach(function (type) {
      element.addEventListener(type, go, { once: true, passive: true });
    });
    // Selecting a mark of the preview opens what it shows, as selecting it in Plotly does.
    element.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest(".ex-preview [data-link]");
      if (mark) follow(element, mark.getAttribute("data-link"));
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
      if (figure) window.Plotly.relayout(element, themed(figure.layout));
    });
  }

  // A value escaped for a quoted attribute of the publisher's page, as the template's autoescape does
  // (the textarea then holds that HTML as text: assigning .value needs no second escape).
  function attribute(value) {
    return String(value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&#34;").replace(/'/g, "&#39;");
  }

  function snippets(root) {
    // Written as text (a detached element with a style attribute would still break the CSP).
    root.querySelectorAll("textarea.ex-snippet").forEach(function (area) {
      var src = new URL(area.getAttribute("data-embed"), window.location.href).href;
      var loader = new URL(area.getAttribute("data-loader"), window.location.href).href;
      area.value =
        '<iframe src="' + attribute(src) + '" title="' + attribute(area.getAttribute("data-title")) +
        '" width="100%" height="' + attribute(area.getAttribute("data-height")) +
        '" style="border:0" loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>\n' +
        '<script src="' + attribute(loader) + '" async></' + 'script>';
    });
    root.querySelectorAll("button.ex-copy").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "yes");
      button.addEventListener("click", function () {
        var area = document.getElementById(button.getAttribute("data-copy"));
        area.select();
        var done = function () { button.textContent = "Copied"; };
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
  }

  new MutationObserver(retheme).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
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
