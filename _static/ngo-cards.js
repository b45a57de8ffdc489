/* The evidence card of a glued number (a.ngo-number, made by ngoclaims.build.numbers).
   On hover and on keyboard focus the number shows a card built from window.NGO_CARDS
   (_static/ngo-cards-data.js, written by `make book` from verify's records): the quote and
   its line, the reading, the evidence and its sources (those of a derived figure's inputs
   where the evidence is one), the recomputed figure, the verdict and the assumptions it
   rests on; a period number (<claim>--period) shows the claim's period and what it rests
   on; a derived figure's card shows its assumptions and its inputs' sources. Escape closes it. Nothing is fetched; all text is set
   as text, never as HTML. */
(function () {
  "use strict";
  var CARD_ID = "ngo-card";
  var card = null;
  var owner = null;
  var hideTimer = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function row(dl, term, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (typeof value === "string" || typeof value === "number") dd.textContent = String(value);
    else dd.appendChild(value);
    dl.appendChild(dd);
  }

  function list(items, text) {
    if (!items || !items.length) return null;
    var ul = el("ul");
    items.forEach(function (x) { ul.appendChild(el("li", null, text(x))); });
    return ul;
  }

  function sourceText(s) {
    var text = s.id === "article" ? "the article" : s.title + (s.publisher ? " (" + s.publisher + ")" : "");
    return text + (s.via && s.via.length ? " — input of " + s.via.join(", ") : "");
  }

  function restsOn(assumptions) {
    return list(assumptions, function (a) {
      return a.id + " (" + a.status + "): " + a.statement;
    }) || "no assumption";
  }

  function verdictBadge(verdict) {
    return el("span", "verdict verdict-" + verdict + " ngo-card-verdict", verdict);
  }

  function claimPart(box, cid, c, field) {
    var head = el("p", "ngo-card-head");
    head.appendChild(el("strong", "ngo-card-id", cid));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(verdictBadge(c.verdict));
    box.appendChild(head);
    var q = el("blockquote", "ngo-card-quote");
    q.appendChild(el("q", null, c.quote));
    q.appendChild(el("span", "line", " line " + c.line));
    box.appendChild(q);
    var dl = el("dl");
    if (field === "period") {
      row(dl, "period", c.period);
      row(dl, "period from", c.period_says);
    }
    row(dl, "stated", c.stated + (c.interval ? " (reading: " + c.interval + ")" : ""));
    row(dl, "evidence", list(c.evidence, function (x) { return x; }));
    row(dl, "sources", list(c.sources, sourceText));
    row(dl, "recomputed", c.recomputed || "—");
    row(dl, "rests on", restsOn(c.assumptions));
    row(dl, "why", c.reasoning);
    box.appendChild(dl);
  }

  function derivedPart(box, did, d) {
    var head = el("p", "ngo-card-head");
    head.appendChild(el("strong", "ngo-card-id", d.label));
    box.appendChild(head);
    var dl = el("dl");
    row(dl, "formula", d.worked || d.formula);
    row(dl, "reading", d.reading);
    row(dl, "bounds", d.interval);
    row(dl, "sources", list(d.sources, sourceText));
    row(dl, "rests on", restsOn(d.assumptions));
    box.appendChild(dl);
  }

  function fill(box, key) {
    var data = window.NGO_CARDS;
    var where = data && data.keys[key];
    if (!where) return false;
    box.textContent = "";
    if (where.derived) derivedPart(box, where.derived, data.derived[where.derived]);
    if (where.claim) {
      if (where.derived) box.appendChild(el("p", "ngo-card-tests", "It tests the claim:"));
      var field = where.derived ? "" : key.slice(key.lastIndexOf("--") + 2);
      claimPart(box, where.claim, data.claims[where.claim], field);
    }
    box.setAttribute("data-key", key);
    box.setAttribute("data-verdict", where.claim ? data.claims[where.claim].verdict : "");
    return true;
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(card.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    var top = r.bottom + 6;
    if (top + card.offsetHeight > window.innerHeight && r.top - card.offsetHeight - 6 > 0) {
      top = r.top - card.offsetHeight - 6;
    }
    card.style.left = left + window.scrollX + "px";
    card.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (owner === link && !card.hidden) return;
    hide();
    if (!fill(card, link.getAttribute("data-key"))) return;
    owner = link;
    card.hidden = false;
    link.setAttribute("aria-describedby", CARD_ID);
    place(link);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    if (card) card.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function init() {
    var links = document.querySelectorAll("a.ngo-number[data-key]");
    if (!links.length || !window.NGO_CARDS) return;
    card = el("div", "ngo-card");
    card.id = CARD_ID;
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", hideSoon);
    document.body.appendChild(card);
    links.forEach(function (a) {
      a.addEventListener("mouseenter", function () { show(a); });
      a.addEventListener("mouseleave", hideSoon);
      a.addEventListener("focus", function () { show(a); });
      a.addEventListener("blur", function () { if (owner === a) hide(); });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && owner) hide();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
