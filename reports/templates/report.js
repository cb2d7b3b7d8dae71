/* piis-audit control table: search, filters, sort, paging and the case detail.
   Reads the JSON block #report-data (see piis_audit/formats/html.py for its layout).
   Every value from the export is written with textContent, never as HTML. */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("report-data").textContent);
  var T = D.t;
  var S = D.strings;
  var QUESTIONS = D.questions;
  var VERDICTS = D.verdicts;
  var FIELDS = D.fields || {};
  var COLON = D.colon;  /* between a label and its value: ": ", in French "\u00a0: " */
  var WAIVED = 5;
  var FAIL = 1;
  var NOT_APPLICABLE = 3;
  var SYMBOLS = ["\u2713", "\u2717", "\u2026", "\u2013", "?"];
  var collator = new Intl.Collator(D.lang, { numeric: true, sensitivity: "base" });

  function $(id) { return document.getElementById(id); }

  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole;
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  /* A reason or note: a string index, or [template, value, ...] filled in order of the
     placeholders' first appearance (the same rule as html.py's _Messages). */
  var templateNames = {};
  function message(ref) {
    if (!ref) { return ""; }
    if (typeof ref === "number") { return S[ref]; }
    var template = S[ref[0]];
    var names = templateNames[ref[0]];
    if (!names) {
      names = {};
      var count = 0;
      template.replace(/\{([A-Za-z0-9_]+)\}/g, function (whole, name) {
        if (!Object.prototype.hasOwnProperty.call(names, name)) { names[name] = ++count; }
        return whole;
      });
      templateNames[ref[0]] = names;
    }
    return template.replace(/\{([A-Za-z0-9_]+)\}/g, function (whole, name) {
      return S[ref[names[name]]];
    });
  }

  /* 1.314,20 € : the Belgian way, whatever the browser's locale. */
  function money(cents) {
    if (!cents) { return ""; }
    var negative = cents < 0;
    var abs = Math.abs(cents);
    var whole = String(Math.floor(abs / 100));
    var rest = String(abs % 100);
    if (rest.length < 2) { rest = "0" + rest; }
    var grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (negative ? "-" : "") + grouped + "," + rest + " \u20ac";
  }

  var cases = D.cases.map(function (c, index) {
    var fails = 0;
    for (var j = 0; j < c[4].length; j++) {
      if (c[4].charCodeAt(j) - 48 === FAIL) { fails++; }
    }
    return {
      index: index, id: c[0], name: c[1], worker: c[2], office: c[3], codes: c[4],
      cents: c[5], extra: c[6], fails: fails,
      haystack: fold([c[0], c[1], D.workers[c[2]], D.offices[c[3]]].join("\u0001"))
    };
  });

  /* Search ignores case and accents: "francoise" finds "Françoise", "Celine" "Céline",
     "oeuvre" "œuvre" (letters decomposed, their accents dropped, ligatures written out). */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE").replace(/ß/g, "ss")
      .toLocaleLowerCase();
  }

  var state = { search: "", question: "", verdict: "", worker: "", office: "", sort: "id", dir: 1, page: 0 };
  var shown = cases.slice();
  var lastOpener = null;

  var body = $("ct-body");
  var status = $("ct-status");
  var dialog = $("case-detail");

  /* ---- select options for social workers and offices, sorted by name */
  function fillSelect(select, names) {
    var order = names.map(function (name, i) { return i; });
    order.sort(function (a, b) { return collator.compare(names[a], names[b]); });
    order.forEach(function (i) {
      var option = el("option", names[i] || "\u2014");
      option.value = String(i);
      select.appendChild(option);
    });
  }
  fillSelect($("f-worker"), D.workers);
  fillSelect($("f-office"), D.offices);

  /* ---- filtering */
  function code(c, q) { return c.codes.charCodeAt(q) - 48; }

  function verdictMatches(value, want) {
    if (want === "w") { return value >= WAIVED; }
    return value === Number(want);
  }

  function matches(c) {
    if (state.search && c.haystack.indexOf(state.search) < 0) { return false; }
    if (state.worker !== "" && c.worker !== Number(state.worker)) { return false; }
    if (state.office !== "" && c.office !== Number(state.office)) { return false; }
    if (state.question !== "") {
      var value = code(c, Number(state.question));
      if (state.verdict !== "") { return verdictMatches(value, state.verdict); }
      return value !== NOT_APPLICABLE;
    }
    if (state.verdict !== "") {
      for (var q = 0; q < c.codes.length; q++) {
        if (verdictMatches(code(c, q), state.verdict)) { return true; }
      }
      return false;
    }
    return true;
  }

  /* ---- sorting */
  function key(c) {
    var s = state.sort;
    if (s === "id") { return c.id; }
    if (s === "name") { return c.name; }
    if (s === "worker") { return D.workers[c.worker]; }
    if (s === "office") { return D.offices[c.office]; }
    if (s === "fails") { return c.fails; }
    if (s === "money") { return c.cents; }
    return code(c, Number(s.slice(1)));
  }

  function compare(a, b) {
    var ka = key(a);
    var kb = key(b);
    var result = typeof ka === "number" ? ka - kb : collator.compare(ka, kb);
    if (result === 0) { result = collator.compare(a.id, b.id); }
    return result * state.dir;
  }

  function apply(keepPage) {
    shown = cases.filter(matches);
    shown.sort(compare);
    if (!keepPage) { state.page = 0; }
    render();
  }

  /* ---- one page of rows */
  function badge(value) {
    var waived = value >= WAIVED;
    var v = waived ? value - WAIVED : value;
    var label = VERDICTS[v][1] + (waived ? " (" + T["waived"] + ")" : "");
    var span = el("span", null, "badge v-" + VERDICTS[v][0] + (waived ? " is-waived" : ""));
    span.title = label;
    var symbol = el("span", SYMBOLS[v]);
    symbol.setAttribute("aria-hidden", "true");
    span.appendChild(symbol);
    span.appendChild(el("span", label, "visually-hidden"));
    return span;
  }

  function row(c) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    th.scope = "row";
    var button = el("button", c.id, "case-link");
    button.type = "button";
    button.setAttribute("data-case", String(c.index));
    button.setAttribute("aria-label", fill(T["html.open_detail"], { "case": c.id }));
    th.appendChild(button);
    tr.appendChild(th);
    if (!D.redacted) { tr.appendChild(el("td", c.name)); }
    tr.appendChild(el("td", D.workers[c.worker]));
    tr.appendChild(el("td", D.offices[c.office]));
    for (var q = 0; q < QUESTIONS.length; q++) {
      var td = el("td", null, "q");
      td.appendChild(badge(code(c, q)));
      tr.appendChild(td);
    }
    tr.appendChild(el("td", String(c.fails), "num"));
    tr.appendChild(el("td", money(c.cents), "num"));
    return tr;
  }

  function pages() { return Math.max(1, Math.ceil(shown.length / D.pageSize)); }

  // The one row a table shows when no case matches the filters (on screen and on paper).
  function noMatchRow() {
    var tr = document.createElement("tr");
    var td = el("td", T["html.no_match"]);
    td.colSpan = 6 + QUESTIONS.length;
    tr.appendChild(td);
    return tr;
  }

  function render() {
    var count = pages();
    state.page = Math.min(Math.max(0, state.page), count - 1);
    var start = state.page * D.pageSize;
    var fragment = document.createDocumentFragment();
    shown.slice(start, start + D.pageSize).forEach(function (c) { fragment.appendChild(row(c)); });
    clear(body);
    body.appendChild(fragment);
    if (!shown.length) body.appendChild(noMatchRow());
    status.textContent = fill(T["html.matches"], { count: shown.length, total: cases.length });
    $("pg-status").textContent = fill(T["html.page"], { page: state.page + 1, pages: count });
    $("pg-first").disabled = $("pg-prev").disabled = state.page === 0;
    $("pg-last").disabled = $("pg-next").disabled = state.page >= count - 1;
  }

  /* ---- the case detail */
  function list(items) {
    var ul = document.createElement("ul");
    items.forEach(function (text) { ul.appendChild(el("li", text)); });
    return ul;
  }

  /* A value's label in the reader's language, with the canonical field name beside it: social
     workers map that name to the columns of their own software. */
  function fieldTerm(name) {
    var label = Object.prototype.hasOwnProperty.call(FIELDS, name) ? FIELDS[name] : name;
    var dt = el("dt", label);
    dt.title = name;
    if (label !== name) {
      dt.appendChild(document.createTextNode(" "));
      dt.appendChild(el("code", name, "field-name"));
    }
    return dt;
  }

  function metaItem(dl, term, value) {
    if (!value) { return; }
    var div = document.createElement("div");
    div.appendChild(el("dt", term));
    div.appendChild(el("dd", value));
    dl.appendChild(div);
  }

  function openDetail(index, opener) {
    var c = cases[index];
    var details = D.details[index];
    $("cd-title").textContent = c.id + (c.name ? " \u2014 " + c.name : "");
    var meta = $("cd-meta");
    clear(meta);
    if (!D.redacted) { metaItem(meta, T["col.beneficiary"], c.name); }
    metaItem(meta, T["col.social_worker"], D.workers[c.worker]);
    metaItem(meta, T["col.office"], D.offices[c.office]);
    metaItem(meta, T["col.money_at_risk"], money(c.cents));
    c.extra.forEach(function (kv) { metaItem(meta, S[kv[0]], S[kv[1]]); });

    var tbody = $("cd-table").tBodies[0];
    clear(tbody);
    QUESTIONS.forEach(function (question, q) {
      var d = details[q] || [];
      var tr = document.createElement("tr");
      var th = el("th", question[1]);
      th.scope = "row";
      th.appendChild(el("div", question[0], "note"));
      tr.appendChild(th);

      var verdictCell = document.createElement("td");
      verdictCell.appendChild(badge(code(c, q)));
      verdictCell.appendChild(document.createTextNode(" " + VERDICTS[code(c, q) % WAIVED][1]));
      if (d[4]) { verdictCell.appendChild(el("div", T["waived"] + COLON + S[d[4]], "note")); }
      if (d[5]) { verdictCell.appendChild(el("div", T["col.baseline"] + COLON + S[d[5]], "note")); }
      tr.appendChild(verdictCell);

      var reasonCell = el("td", message(d[0]));
      if (d[1] && d[1].length) {
        reasonCell.appendChild(el("div", T["col.notes"], "note"));
        reasonCell.appendChild(list(d[1].map(message)));
      }
      if (d[3]) { reasonCell.appendChild(el("div", T["col.due_date"] + COLON + S[d[3]], "note")); }
      if (d[6]) { reasonCell.appendChild(el("div", T["col.money_at_risk"] + COLON + S[d[6]], "note")); }
      tr.appendChild(reasonCell);

      var evidenceCell = document.createElement("td");
      var evidence = d[2] || [];
      if (evidence.length) {
        var dl = el("dl", null, "ev");
        for (var i = 0; i + 1 < evidence.length; i += 2) {
          dl.appendChild(fieldTerm(S[evidence[i]]));
          dl.appendChild(el("dd", S[evidence[i + 1]]));
        }
        evidenceCell.appendChild(dl);
      }
      tr.appendChild(evidenceCell);

      var basisCell = document.createElement("td");
      basisCell.appendChild(list(question[2]));
      tr.appendChild(basisCell);
      tbody.appendChild(tr);
    });

    lastOpener = opener || null;
    if (typeof dialog.showModal === "function") {
      if (!dialog.open) { dialog.showModal(); }
    } else {
      dialog.setAttribute("open", "");
    }
    $("cd-close").focus();
  }

  function closeDetail() {
    if (typeof dialog.close === "function") { dialog.close(); } else { dialog.removeAttribute("open"); }
  }

  dialog.addEventListener("close", function () {
    if (lastOpener && document.body.contains(lastOpener)) { lastOpener.focus(); }
  });
  $("cd-close").addEventListener("click", closeDetail);

  body.addEventListener("click", function (event) {
    var target = event.target;
    while (target && target !== body && !(target.getAttribute && target.getAttribute("data-case") !== null)) {
      target = target.parentNode;
    }
    if (target && target !== body) { openDetail(Number(target.getAttribute("data-case")), target); }
  });

  /* ---- controls */
  var timer = null;
  $("f-search").addEventListener("input", function (event) {
    var value = event.target.value;
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () {
      state.search = fold(value.trim());
      apply(false);
    }, 120);
  });
  [["f-question", "question"], ["f-verdict", "verdict"], ["f-worker", "worker"], ["f-office", "office"]]
    .forEach(function (pair) {
      $(pair[0]).addEventListener("change", function (event) {
        state[pair[1]] = event.target.value;
        apply(false);
      });
    });
  $("filters").addEventListener("submit", function (event) { event.preventDefault(); });
  $("filters").addEventListener("reset", function () {
    state.search = state.question = state.verdict = state.worker = state.office = "";
    setTimeout(function () { apply(false); }, 0);
  });

  var headers = document.querySelectorAll("#control-table thead th");
  Array.prototype.forEach.call(headers, function (th) {
    var button = th.querySelector("button[data-sort]");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var sort = button.getAttribute("data-sort");
      state.dir = state.sort === sort ? -state.dir : 1;
      state.sort = sort;
      Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", state.dir === 1 ? "ascending" : "descending");
      apply(true);
    });
  });

  $("pg-first").addEventListener("click", function () { state.page = 0; render(); });
  $("pg-prev").addEventListener("click", function () { state.page -= 1; render(); });
  $("pg-next").addEventListener("click", function () { state.page += 1; render(); });
  $("pg-last").addEventListener("click", function () { state.page = pages() - 1; render(); });

  /* ---- on paper: every case that matches the filters, not only the page on screen.
     Filled just before printing (the browser fires beforeprint for its dialog and for a PDF),
     emptied after; the stylesheet shows it instead of the screen's table only while it is filled. */
  var printBody = $("ct-print-body");

  function printRow(c) {
    var tr = document.createElement("tr");
    var th = el("th", c.id);
    th.scope = "row";
    tr.appendChild(th);
    if (!D.redacted) { tr.appendChild(el("td", c.name)); }
    tr.appendChild(el("td", D.workers[c.worker]));
    tr.appendChild(el("td", D.offices[c.office]));
    for (var q = 0; q < QUESTIONS.length; q++) {
      var value = code(c, q);
      var waived = value >= WAIVED;
      var v = waived ? value - WAIVED : value;
      var td = el("td", null, "q");
      td.appendChild(el("span", SYMBOLS[v], "badge v-" + VERDICTS[v][0] + (waived ? " is-waived" : "")));
      tr.appendChild(td);
    }
    tr.appendChild(el("td", String(c.fails), "num"));
    tr.appendChild(el("td", money(c.cents), "num"));
    return tr;
  }

  /* The filters set, as the reader chose them: "Social worker: Els Claes; Search: claes". */
  function filtersText() {
    var parts = [];
    ["f-question", "f-verdict", "f-worker", "f-office"].forEach(function (id) {
      var select = $(id);
      if (select.value !== "") {
        var label = document.querySelector("label[for='" + id + "']").textContent;
        parts.push(label + COLON + select.options[select.selectedIndex].textContent);
      }
    });
    var search = $("f-search").value.trim();
    if (search) { parts.push(document.querySelector("label[for='f-search']").textContent + COLON + search); }
    return parts.join("; ");
  }

  window.addEventListener("beforeprint", function () {
    var fragment = document.createDocumentFragment();
    shown.forEach(function (c) { fragment.appendChild(printRow(c)); });
    if (!shown.length) fragment.appendChild(noMatchRow());
    clear(printBody);
    printBody.appendChild(fragment);
    var filters = filtersText();
    $("ct-print-filter-list").textContent = filters;
    $("ct-print-filters").hidden = !filters;
    document.body.classList.add("printing");
  });
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("printing");
    clear(printBody);
  });

  apply(false);
})();
