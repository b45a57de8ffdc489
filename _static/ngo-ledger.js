/* The claim ledger (table.ledger, ngoclaims.chapters.tables.ledger_table), made usable in
   the page: filter by verdict, part of the article and kind of claim (the choices are read
   from the rows' data attributes), sort by any column, and a count that follows the filter
   ("showing 10 of 66 claims"). A cell's data-sort (tables.py) is what its column sorts by:
   the quote by its line, the stated and recomputed figures by their points (a claim with
   none last), the verdict in the summary's order; other columns sort by their text. The
   "article's order" button puts the rows back in the article's order. Without this script
   every row is shown, in the article's order. A link to a row (ledger.html#<claim_id>) clears a filter that hides it. */
(function () {
  "use strict";
  var FACETS = [["verdict", "verdict"], ["section", "part of the article"], ["kind", "kind"]];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function values(rows, facet) {
    var seen = [];
    rows.forEach(function (r) {
      var v = r.getAttribute("data-" + facet);
      if (seen.indexOf(v) < 0) seen.push(v);
    });
    return seen.sort();
  }

  function order(r) { return Number(r.getAttribute("data-order")); }

  /* Two cells of a column, in the direction sign: by their data-sort as numbers where the
     column has one (an empty one last either way), else by their text. */
  function compare(a, b, sign) {
    if (a.hasAttribute("data-sort")) {
      var x = a.getAttribute("data-sort"), y = b.getAttribute("data-sort");
      if (x === "" || y === "") return (x === "") - (y === "");
      return sign * (Number(x) - Number(y));
    }
    var text = function (c) { return c.textContent.replace(/\s+/g, " ").trim(); };
    return sign * text(a).localeCompare(text(b), undefined, {numeric: true, sensitivity: "base"});
  }

  function Ledger(table) {
    this.table = table;
    this.body = table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.body.rows);
    this.rows.forEach(function (r, i) { r.setAttribute("data-order", String(i)); });
    this.selects = {};
    this.sorted = null;
    this.build();
    this.apply();
  }

  Ledger.prototype.build = function () {
    var self = this;
    var box = el("div", {"class": "ledger-controls", role: "group", "aria-label": "Filter the claims"});
    FACETS.forEach(function (f) {
      var id = "ledger-filter-" + f[0];
      var label = el("label", {"for": id}, f[1] + " ");
      var select = el("select", {id: id, "data-filter": f[0]});
      select.appendChild(el("option", {value: ""}, "all"));
      values(self.rows, f[0]).forEach(function (v) { select.appendChild(el("option", {value: v}, v)); });
      select.addEventListener("change", function () { self.apply(); });
      self.selects[f[0]] = select;
      var wrap = el("span", {"class": "ledger-filter"});
      wrap.appendChild(label);
      wrap.appendChild(select);
      box.appendChild(wrap);
    });
    this.reset = el("button", {type: "button", "class": "ledger-reset"}, "article's order");
    this.reset.addEventListener("click", function () { self.unsort(); });
    box.appendChild(this.reset);
    this.count = el("p", {"class": "ledger-count", role: "status", "aria-live": "polite"});
    box.appendChild(this.count);
    this.table.parentNode.insertBefore(box, this.table);
    Array.prototype.forEach.call(this.table.tHead.rows[0].cells, function (th, col) {
      var button = el("button", {type: "button", "class": "ledger-sort"}, th.textContent);
      button.addEventListener("click", function () { self.sort(col, th); });
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
    });
  };

  Ledger.prototype.apply = function () {
    var self = this;
    var shown = 0;
    this.rows.forEach(function (r) {
      var keep = FACETS.every(function (f) {
        var want = self.selects[f[0]].value;
        return !want || r.getAttribute("data-" + f[0]) === want;
      });
      r.hidden = !keep;
      if (keep) shown += 1;
    });
    this.count.textContent = "showing " + shown + " of " + this.rows.length + " claims";
    this.table.setAttribute("data-shown", String(shown));
  };

  Ledger.prototype.sort = function (col, th) {
    var dir = this.sorted && this.sorted.col === col && this.sorted.dir === "ascending" ? "descending" : "ascending";
    var sign = dir === "ascending" ? 1 : -1;
    this.rows.slice().sort(function (a, b) {
      return compare(a.cells[col], b.cells[col], sign) || order(a) - order(b);
    }).forEach(function (r) { this.body.appendChild(r); }, this);
    Array.prototype.forEach.call(this.table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    this.sorted = {col: col, dir: dir};
  };

  Ledger.prototype.unsort = function () {
    this.rows.slice().sort(function (a, b) { return order(a) - order(b); })
      .forEach(function (r) { this.body.appendChild(r); }, this);
    Array.prototype.forEach.call(this.table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
    this.sorted = null;
  };

  Ledger.prototype.reveal = function (id) {
    var row = id && document.getElementById(id);
    if (!row || !row.hidden || this.rows.indexOf(row) < 0) return;
    Object.keys(this.selects).forEach(function (k) { this.selects[k].value = ""; }, this);
    this.apply();
    row.scrollIntoView();
  };

  function init() {
    var table = document.querySelector("table.ledger");
    if (!table || !table.tBodies.length) return;
    var ledger = new Ledger(table);
    window.addEventListener("hashchange", function () {
      ledger.reveal(decodeURIComponent(location.hash.slice(1)));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
