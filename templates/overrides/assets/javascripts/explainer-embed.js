/* For pages that embed the explainer's charts: resizes each chart's iframe to
 * the height its page reports.
 *
 * A message is accepted only when it comes from the window of one of this
 * page's iframes (event.source), from that iframe's origin (or, for a frame
 * sandboxed without allow-same-origin, the opaque origin "null"), has the
 * expected shape, and carries a finite height in a sane range. The message
 * never navigates anything and nothing in it is evaluated or inserted as HTML.
 */
(function () {
  "use strict";
  if (window.__explainerEmbedLoader) return;
  window.__explainerEmbedLoader = true;
  var MIN = 120;
  var MAX = 4000;

  function frameFor(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "explainer:height") return;
    var frame = frameFor(event.source);
    if (!frame) return;
    var expected;
    try {
      expected = new URL(frame.getAttribute("src"), window.location.href).origin;
    } catch (error) {
      return;
    }
    var sandbox = frame.getAttribute("sandbox");
    var opaque = sandbox !== null && !/(^|\s)allow-same-origin(\s|$)/.test(sandbox);
    if (event.origin !== expected && !(opaque && event.origin === "null")) return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < MIN || height > MAX) return;
    frame.style.height = Math.ceil(height) + "px";
  });
})();
