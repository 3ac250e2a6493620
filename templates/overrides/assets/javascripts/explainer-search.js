/* The site's search box: Pagefind's index, loaded in pieces, and only when a reader starts a search.
 *
 * - A page's load downloads this script and nothing of the index. Pagefind's own script and
 *   WebAssembly are fetched when the search box first gets the focus (or the search is opened), and
 *   each search fetches only the pieces of the index its words need, then one small fragment per
 *   result shown. The index (pagefind/ at the site's root) is written after the build by
 *   explainer.search; nothing is requested from another host.
 * - Pages that hold every word of the query come first; pages that hold only some of them follow,
 *   each saying which words it lacks. Words such as "the" or "who" count for the order but are not
 *   required, and "of" or "al" not at all: a page is not found for sharing an "al". When no page holds every word,
 *   the box says so ("No page mentions …") instead of listing pages that merely share a particle.
 * - Pagefind folds diacritics ("Zoë" finds Zoe) and stems English words; apostrophes are
 *   dropped and hyphens split words, so "O'Neill-Smith" finds "ONeill Smith".
 * - Text from the index is shown as text: titles and names through textContent, excerpts (which
 *   Pagefind escapes, adding only <mark>) rebuilt from their text and marks.
 * - The box keeps Material's markup and classes, and Material's keys: "/", "s" or "f" open it,
 *   arrows move through results, Enter opens the first, Escape closes it.
 */
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);
  var PAGE_SIZE = 10;
  var FIRST_SHOWN = 5;
  var WAIT_MS = 150;
  var SECTIONS_SHOWN = 3;
  // Words that decide the order but that a page need not hold: English function words, question words,
  // the question this site answers ("who controls X", "who held X": a place's page tells who held it in
  // a block kept out of the index), and the particles of transliterated Arabic names.
  var OPTIONAL = new Set(
    ("a an and are as at be by did do does for from has have how in is it its of on or the to was were what when " +
      "where which who whom why with control controls controlled held hold holds " +
      "al el ad ag ar as ash at az an ul wa bin ibn bint").split(" ")
  );

  var box = document.querySelector("[data-ex-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var results = box.querySelector(".md-search-result");
  var more = box.querySelector(".ex-search-more");
  var messages = box.dataset;
  var decoder = document.createElement("textarea");

  var pagefind = null;
  var pending = null;
  var running = false;
  var latest = 0; // the newest query searched: only its results are shown
  var byWord = new Map();
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

  /* The pages that hold a word, with their scores: searched once a visit for each word (as a reader types,
     only the last word changes). */
  function holding(engine, key) {
    if (!byWord.has(key)) {
      byWord.set(key, engine.search(key).then(function (search) {
        var scores = new Map();
        search.results.forEach(function (result) { scores.set(result.id, result.score); });
        return { results: search.results, scores: scores };
      }));
      byWord.get(key).catch(function () { byWord.delete(key); });
    }
    return byWord.get(key);
  }

  /* Every page that holds a required word, best first: those holding them all, then the others, each group
     by the sum of its words' scores (BM25 adds up over a query's terms, and weighs a rare word more than a
     common one: a page that lacks "controls" comes before one that lacks the town's name; Pagefind's own
     search of several words requires them all, optional ones included). Each with the words (as typed) it
     lacks, and the result whose excerpt marks the most of the query's words. */
  function rank(engine, query) {
    var words = wordsOf(query);
    if (!words.length) return Promise.resolve([]);
    var typed = new Map();
    words.forEach(function (word) {
      if (!typed.has(fold(word))) typed.set(fold(word), word);
    });
    // A word of one letter is not searched (as a prefix it stands for most of the index); an optional word of
    // two letters ("al", "of") counts for nothing.
    var keys = Array.from(typed.keys()).filter(function (key) {
      return key.length > 2 || (key.length === 2 && !OPTIONAL.has(key));
    });
    var required = keys.filter(function (key) {
      return !OPTIONAL.has(key);
    });
    if (!required.length) required = keys;
    if (!required.length) return Promise.resolve(null);
    // The pages holding every required word, as Pagefind finds them together: their excerpts mark them all.
    var together = engine.search(required.join(" "));
    var each = Promise.all(keys.map(function (key) { return holding(engine, key); }));
    return Promise.all([together, each]).then(function (found) {
      var shown = new Map();
      found[0].results.forEach(function (result) { shown.set(result.id, result); });
      var byKey = new Map();
      keys.forEach(function (key, index) { byKey.set(key, found[1][index]); });
      var ranked = [];
      var seen = new Set();
      required.forEach(function (key) {
        byKey.get(key).results.forEach(function (result) {
          if (seen.has(result.id)) return;
          seen.add(result.id);
          var missing = required.filter(function (other) { return !byKey.get(other).scores.has(result.id); });
          var score = keys.reduce(function (sum, other) { return sum + (byKey.get(other).scores.get(result.id) || 0); }, 0);
          ranked.push({
            result: shown.get(result.id) || result,
            score: score,
            missing: missing.map(function (other) { return typed.get(other); }),
          });
        });
      });
      ranked.sort(function (a, b) {
        var incomplete = (a.missing.length > 0) - (b.missing.length > 0);
        return incomplete || b.score - a.score || (a.result.id < b.result.id ? -1 : 1);
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

  /* The results' fragments (title, address, excerpt; Pagefind fetches each fragment once a visit). */
  function pagesOf(batch) {
    return Promise.all(batch.map(function (entry) { return entry.result.data(); }));
  }

  function setStatus(text, state, query) {
    status.textContent = text;
    box.dataset.state = state;
    box.dataset.query = query;
  }

  function clear(query) {
    list.textContent = "";
    more.hidden = true;
    remaining = [];
    setStatus(messages.placeholder, "idle", query);
    busy(false);
  }

  /* aria-busy on the results while a query's first page of them is still arriving: assistive technology
     waits for the whole page rather than announcing each result as it comes. */
  function busy(yes) {
    results.setAttribute("aria-busy", yes ? "true" : "false");
  }

  /* The first results of a query, unless a newer query was searched since: shown together once their
     fragments have loaded, or after WAIT_MS with those that have (Pagefind takes seconds to prepare the
     excerpts of a page with a thousand sections), the others following as they load; then the rest of the
     first page of results. Settles once all of that first page is in the list. */
  function render(generation, query, ranked) {
    var complete = ranked.filter(function (entry) { return entry.missing.length === 0; }).length;
    var first = ranked.slice(0, FIRST_SHOWN);
    var loaded = first.map(function () { return null; });
    var shown = false;
    remaining = ranked.slice(FIRST_SHOWN);
    return new Promise(function (resolve) {
      var show = function () {
        if (shown) return;
        shown = true;
        window.clearTimeout(timer);
        if (generation !== latest) return resolve();
        list.textContent = "";
        loaded.forEach(function (data, index) {
          if (data) list.appendChild(item(first[index], data));
        });
        more.hidden = true;
        var text = !ranked.length
          ? say(messages.none, query.trim())
          : complete === 0
            ? say(messages.some, query.trim())
            : complete === 1 ? messages.one : say(messages.other, complete);
        setStatus(text, "done", query);
        resolve(Promise.all([showNext(PAGE_SIZE - FIRST_SHOWN), Promise.all(arriving)]));
      };
      var timer = window.setTimeout(show, first.length ? WAIT_MS : 0);
      var arriving = first.map(function (entry, index) {
        return entry.result.data().then(function (data) {
          if (!shown) {
            loaded[index] = data;
            if (loaded.every(Boolean)) show();
          } else if (generation === latest) {
            list.insertBefore(item(entry, data), list.children[index] || null);
          }
        }, function () {});
      });
    });
  }

  /* The next results of the query shown ("More results": a page of them). */
  function showNext(count) {
    var generation = latest;
    var batch = remaining.slice(0, count);
    remaining = remaining.slice(count);
    return pagesOf(batch).then(function (pages) {
      if (generation !== latest) return;
      pages.forEach(function (data, index) {
        list.appendChild(item(batch[index], data));
      });
      more.hidden = remaining.length === 0;
    });
  }

  /* One Pagefind search at a time, and only the latest query waits for it (each key need not be searched).
     A query's results load while the next query is searched, and are dropped if it was. */
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
      var generation = ++latest;
      pending = null;
      if (!query.trim()) {
        clear(query);
        next();
        return;
      }
      var failed = function () {
        if (generation === latest) {
          setStatus(messages.failed, "failed", query);
          busy(false);
        }
      };
      busy(true);
      load()
        .then(function (engine) { return rank(engine, query); })
        .then(function (ranked) {
          if (pending !== null) {
            // the reader typed on: only the latest query is shown
          } else if (ranked === null) {
            clear(query); // nothing long enough to search yet
          } else {
            render(generation, query, ranked).then(function () {
              if (generation === latest) busy(false);
            }, failed);
          }
          next();
        }, function () {
          failed();
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
    var generation = latest;
    busy(true);
    showNext(PAGE_SIZE).then(function () {
      if (generation === latest) busy(false);
    });
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
