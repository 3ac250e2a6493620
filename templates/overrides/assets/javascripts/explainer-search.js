/* The site's search box: Pagefind's index, loaded in pieces, and only when a reader starts a search.
 *
 * - A page's load downloads this script and nothing of the index. Pagefind's own script and
 *   WebAssembly are fetched when the search box first gets the focus (or the search is opened), and
 *   each search fetches only the pieces of the index its words need, then one small fragment per
 *   result shown. The index (pagefind/ at the site's root) is written after the build by
 *   explainer.search; nothing is requested from another host.
 * - Pages that hold every word of the query come first; pages that hold only some of them follow,
 *   each saying which words it lacks. Words such as "the", "of", "who" or "al" count for the order
 *   but are not required: a page is not found for sharing an "al". When no page holds every word,
 *   the box says so ("No page mentions …") instead of listing pages that merely share a particle.
 * - Pagefind folds diacritics ("Erdoğan" finds Erdogan) and stems English words; apostrophes are
 *   dropped and hyphens split words, so "Ma'arrat al-Nu'man" finds "Maarrat al-Numan".
 * - Text from the index is shown as text: titles and names through textContent, excerpts (which
 *   Pagefind escapes, adding only <mark>) rebuilt from their text and marks.
 * - The box keeps Material's markup and classes, and Material's keys: "/", "s" or "f" open it,
 *   arrows move through results, Enter opens the first, Escape closes it.
 */
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);
  var PAGE_SIZE = 10;
  var SECTIONS_SHOWN = 3;
  // Words that decide the order but that a page need not hold (English function words, question words,
  // and the particles of transliterated Arabic names).
  var OPTIONAL = new Set(
    ("a an and are as at be by did do does for from has have how in is it its of on or the to was were what when " +
      "where which who whom why with al el ad ag ar as ash at az an ul wa bin ibn bint").split(" ")
  );

  var box = document.querySelector("[data-ex-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".ex-search-more");
  var messages = box.dataset;
  var decoder = document.createElement("textarea");

  var pagefind = null;
  var pending = null;
  var running = false;
  var remaining = [];

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", ROOT).href).then(function (module) {
        return module.options({ baseUrl: ROOT.pathname, excerptLength: 24 }).then(function () {
          return module.init();
        }).then(function () {
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null;
      });
    }
    return pagefind;
  }

  /* The query's words as Pagefind reads them: apostrophes dropped, split at anything but letters and digits. */
  function wordsOf(query) {
    return query.replace(/['’‘ʼʻ`´]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function fold(word) {
    return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function say(template, value) {
    return template.replace("#", value);
  }

  /* Every page that holds a required word, best first: those holding them all, by Pagefind's score of the
     whole query, then those holding fewer. Each with the words (as typed) it lacks. */
  function rank(engine, query) {
    var words = wordsOf(query);
    if (!words.length) return Promise.resolve([]);
    var typed = new Map();
    words.forEach(function (word) {
      if (!typed.has(fold(word))) typed.set(fold(word), word);
    });
    var keys = Array.from(typed.keys());
    var required = keys.filter(function (key) {
      return !OPTIONAL.has(key) && key.length > 1;
    });
    if (!required.length) required = keys;
    var searches = [engine.search(words.join(" "))].concat(
      required.map(function (key) {
        return engine.search(key);
      })
    );
    return Promise.all(searches).then(function (found) {
      var holders = found.slice(1).map(function (search) {
        return new Set(search.results.map(function (result) { return result.id; }));
      });
      var results = new Map();
      found.forEach(function (search) {
        search.results.forEach(function (result) {
          if (!results.has(result.id)) results.set(result.id, result);
        });
      });
      var ranked = [];
      results.forEach(function (result) {
        var missing = required.filter(function (key, index) {
          return !holders[index].has(result.id);
        });
        if (missing.length < required.length) {
          ranked.push({ result: result, missing: missing.map(function (key) { return typed.get(key); }) });
        }
      });
      ranked.sort(function (a, b) {
        return a.missing.length - b.missing.length || b.result.score - a.result.score || (a.result.id < b.result.id ? -1 : 1);
      });
      return ranked;
    });
  }

  /* Pagefind's excerpt (the page's text escaped, with <mark> around matches) as text and <mark> elements. */
  function excerptNodes(excerpt) {
    var paragraph = document.createElement("p");
    var marked = false;
    excerpt.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        return;
      }
      decoder.innerHTML = part; // a <textarea> decodes character references and parses no markup
      var text = document.createTextNode(decoder.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(text);
      }
    });
    return paragraph;
  }

  function titleOf(text) {
    return String(text || "").replace(/\s*¶\s*$/, "");
  }

  function link(url, heading, title, excerpt) {
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.className = "md-search-result__link";
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (heading === "h1") {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var title_ = document.createElement(heading);
    title_.textContent = titleOf(title);
    article.appendChild(title_);
    if (excerpt) article.appendChild(excerptNodes(excerpt));
    anchor.appendChild(article);
    return anchor;
  }

  function sectionScore(section) {
    return (section.weighted_locations || []).reduce(function (sum, location) {
      return sum + (location.balanced_score || location.weight || 1);
    }, 0);
  }

  function item(entry, data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var page = link(data.url, "h1", data.meta.title, data.excerpt);
    var article = page.firstChild;
    if (data.meta.names) {
      var tags = document.createElement("nav");
      tags.className = "md-tags";
      data.meta.names.split("; ").forEach(function (name) {
        var tag = document.createElement("span");
        tag.className = "md-tag";
        tag.textContent = name;
        tags.appendChild(tag);
      });
      article.appendChild(tags);
    }
    if (entry.missing.length) {
      var terms = document.createElement("p");
      terms.className = "md-search-result__terms";
      terms.appendChild(document.createTextNode(messages.missing + ": "));
      entry.missing.forEach(function (word, index) {
        if (index) terms.appendChild(document.createTextNode(", "));
        var del = document.createElement("del");
        del.textContent = word;
        terms.appendChild(del);
      });
      article.appendChild(terms);
    }
    li.appendChild(page);
    var sections = (data.sub_results || [])
      .filter(function (section) { return section.url.indexOf("#") !== -1 && section.url !== data.url; })
      .map(function (section, index) { return { section: section, score: sectionScore(section), index: index }; })
      .sort(function (a, b) { return b.score - a.score || a.index - b.index; })
      .slice(0, SECTIONS_SHOWN);
    sections.forEach(function (entry) {
      li.appendChild(link(entry.section.url, "h2", entry.section.title, entry.section.excerpt));
    });
    return li;
  }

  function showNext() {
    var batch = remaining.slice(0, PAGE_SIZE);
    remaining = remaining.slice(PAGE_SIZE);
    return Promise.all(batch.map(function (entry) { return entry.result.data(); })).then(function (pages) {
      pages.forEach(function (data, index) {
        list.appendChild(item(batch[index], data));
      });
      more.hidden = remaining.length === 0;
    });
  }

  function setStatus(text, state, query) {
    status.textContent = text;
    box.dataset.state = state;
    box.dataset.query = query;
  }

  function show(query) {
    if (!query.trim()) {
      list.textContent = "";
      more.hidden = true;
      remaining = [];
      setStatus(messages.placeholder, "idle", query);
      return Promise.resolve();
    }
    return load()
      .then(function (engine) { return rank(engine, query); })
      .then(function (ranked) {
        if (pending !== null) return; // the reader typed on: only the latest query is shown
        var complete = ranked.filter(function (entry) { return entry.missing.length === 0; }).length;
        list.textContent = "";
        remaining = ranked;
        if (!ranked.length) {
          more.hidden = true;
          setStatus(say(messages.none, query.trim()), "done", query);
          return;
        }
        return showNext().then(function () {
          if (pending !== null) return;
          var text = complete === 0
            ? say(messages.some, query.trim())
            : complete === 1 ? messages.one : say(messages.other, complete);
          setStatus(text, "done", query);
        });
      });
  }

  /* One search at a time; while one runs, only the latest query waits (each key need not be searched). */
  function schedule(query) {
    pending = query;
    if (running) return;
    running = true;
    var next = function () {
      if (pending === null) {
        running = false;
        return;
      }
      var query = pending;
      pending = null;
      show(query).then(next, function () {
        setStatus(messages.failed, "failed", query);
        next();
      });
    };
    next();
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    load().catch(function () { setStatus(messages.failed, "failed", input.value); });
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    schedule(input.value);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = resultLinks()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      schedule("");
      input.focus();
    });
  });
  more.addEventListener("click", function () {
    showNext();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) close();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (toggle.checked && box.contains(target)) {
      var links = resultLinks();
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!links.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var index = at === -1 ? (step === 1 ? 0 : links.length - 1) : at + step;
        if (index < 0) input.focus();
        else links[Math.min(index, links.length - 1)].focus();
      }
      return;
    }
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
      input.select();
    }
  });
})();
