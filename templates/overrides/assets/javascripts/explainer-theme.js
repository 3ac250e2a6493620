/* An embed page's theme, from its address: ?theme=light (the default), dark, or auto (the reader's system's).
 * The host page decides: a white newspaper page gets a light chart whatever the reader's dark mode.
 * Loaded in the <head>, before the first paint, so that the page never flashes the other palette;
 * explainer-embed.css reads the attribute it sets on the root element. */
(function () {
  "use strict";
  // ?theme=… may also end a shared view's #chart=… (the embed code of a view the reader chose has one: a
  // journalist adds ?theme=dark at the end of the address), whose names and dates never hold a bare "?".
  var hash = window.location.hash;
  var tail = hash.indexOf("?") >= 0 ? hash.slice(hash.indexOf("?") + 1) : "";
  var theme = new URLSearchParams(window.location.search).get("theme") || new URLSearchParams(tail).get("theme");
  document.documentElement.setAttribute("data-ex-theme", theme === "dark" || theme === "auto" ? theme : "light");
})();
