/* For pages that embed the explainer's charts: resizes each chart's iframe to
 * the height its page reports.
 *
 * Only this site's own embeds are answered: an iframe whose src is a page
 * under the site's embed/ folder, on the origin this script was loaded from
 * (both found from the script's own URL, once, while it runs). Any other
 * frame of the host page (an ad, another widget) is never resized, whatever
 * it posts.
 *
 * A message is accepted only when it comes from the window of one of those
 * iframes (event.source), from that iframe's origin (or, for a frame
 * sandboxed without allow-same-origin, the opaque origin "null"), has the
 * expected shape, and carries a finite height in a sane range. The message
 * never navigates anything and nothing in it is evaluated or inserted as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return; // not loaded by a <script src>: no way to tell our embeds apart
  var embeds;
  try {
    // This file is assets/javascripts/explainer-embed.js; the embed pages are embed/<chart>/.
    embeds = new URL("../../embed/", script.src);
  } catch (error) {
    return;
  }
  // Once per site: an article may embed charts of two sites, each with its loader.
  var loaded = window.__explainerEmbedLoaders = window.__explainerEmbedLoaders || {};
  if (loaded[embeds.href]) return;
  loaded[embeds.href] = true;
  var MIN = 120;
  var MAX = 4000;

  // The URL of the frame's src when it is one of this site's embed pages (resolved as the browser does), else null.
  function ownEmbedUrl(frame) {
    var src = frame.getAttribute("src");
    if (!src || frame.hasAttribute("srcdoc")) return null; // srcdoc wins over src: the frame is not the embed
    var url;
    try {
      url = new URL(src, document.baseURI);
    } catch (error) {
      return null;
    }
    if (url.origin !== embeds.origin) return null;
    if (url.pathname.length <= embeds.pathname.length || url.pathname.indexOf(embeds.pathname) !== 0) return null;
    return url;
  }

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
    var url = ownEmbedUrl(frame);
    if (!url) return;
    var sandbox = frame.getAttribute("sandbox");
    var opaque = sandbox !== null && !/(^|\s)allow-same-origin(\s|$)/.test(sandbox);
    if (event.origin !== url.origin && !(opaque && event.origin === "null")) return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < MIN || height > MAX) return;
    frame.style.height = Math.ceil(height) + "px";
  });
})();
