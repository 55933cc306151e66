/* lvyue: site search when the dashboard is opened from the file system.
 *
 * Material runs its search in a Web Worker; from file:// it falls back to an
 * iframe shim, which returns no results in current Chromium. On file:// this
 * script answers the search box itself, on the main thread, from the index
 * Material already loaded (search/search_index.js, the `__index` global).
 * Every string is inserted with textContent: record text never becomes markup.
 * Served pages (http/https) do not run it.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var ZW = /\u200b/g;
  function base() {
    var el = document.getElementById("__config");
    try { return JSON.parse(el.textContent).base || "."; } catch (e) { return "."; }
  }
  function docs() {
    if (typeof __index === "undefined" || !__index.docs) return null;
    if (!docs.cache) {
      docs.cache = __index.docs.map(function (d) {
        var title = String(d.title || "").replace(ZW, ""), text = String(d.text || "").replace(ZW, "").replace(/<[^>]*>/g, " ");
        return { location: d.location, title: title, text: text, hay: (title + " " + text).toLowerCase() };
      });
    }
    return docs.cache;
  }
  function search(query) {
    var all = docs(), terms = query.toLowerCase().split(/\s+/).filter(Boolean), hits = [];
    if (!all || !terms.length) return hits;
    all.forEach(function (d) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        if (d.hay.indexOf(terms[i]) < 0) return;
        score += (d.title.toLowerCase().indexOf(terms[i]) >= 0 ? 10 : 1);
      }
      hits.push({ doc: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 50);
  }
  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    var start = Math.max(0, at - 30);
    return (start ? "…" : "") + text.slice(start, start + 120) + (text.length > start + 120 ? "…" : "");
  }
  function render(input) {
    var list = document.querySelector(".md-search-result__list");
    var meta = document.querySelector(".md-search-result__meta");
    if (!list || !meta) return;
    var query = input.value.trim(), hits = search(query), root = base();
    list.textContent = "";
    meta.textContent = !query ? "键入以开始搜索" : hits.length ? hits.length + " 个符合条件的结果" : "没有找到符合条件的结果";
    hits.forEach(function (h) {
      var li = document.createElement("li"), a = document.createElement("a"), art = document.createElement("article");
      var title = document.createElement("h1"), p = document.createElement("p");
      li.className = "md-search-result__item";
      a.className = "md-search-result__link";
      a.setAttribute("href", root + "/" + h.doc.location);
      art.className = "md-search-result__article md-typeset";
      title.textContent = h.doc.title;
      p.textContent = snippet(h.doc.text, query.toLowerCase().split(/\s+/)[0]);
      art.appendChild(title); art.appendChild(p); a.appendChild(art); li.appendChild(a); list.appendChild(li);
    });
  }
  function own(event) {
    var input = event.target;
    if (!input || !input.classList || !input.classList.contains("md-search__input")) return;
    event.stopImmediatePropagation();  // Material's worker would answer with nothing and clear the list
    render(input);
  }
  ["input", "keyup"].forEach(function (type) { window.addEventListener(type, own, true); });
})();
