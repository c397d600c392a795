// cormorant web UI: filters, timeline, place plot, counts, events and evidence.
// Plain DOM and inline SVG; every request goes to this server's api/.
"use strict";

(() => {
  const FILTERS = ["start", "end", "actor", "source", "target", "root", "plover", "quad_class",
    "place", "text", "level", "include_negated", "include_hypothetical"];
  const PAGE = 50;
  const ROLE_NAMES = { source: "source", trigger: "trigger", target: "target", place: "place" };
  // The HTML parser put the charts in the SVG namespace; reuse it for what we draw.
  const SVG_NS = document.getElementById("timeline").namespaceURI;

  const byId = (id) => document.getElementById(id);
  const form = byId("filters");
  let meta = null;
  let lastView = null; // the filters, period, by and page last drawn
  let scrollToEvidence = false;
  let rowsById = new Map(); // the rows on show, to narrow the lookup of a merged event

  // -- small DOM helpers -----------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function s(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "onclick") node.addEventListener("click", v);
      else if (k === "class") node.setAttribute("class", v);
      else node.setAttribute(k, String(v));
    }
  }

  function append(node, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("en"));
  const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;
  const fmt1 = (n) => (n === null || n === undefined ? "" : Number(n).toFixed(1));

  // -- state in the URL hash -------------------------------------------------------------

  function readState() {
    return new URLSearchParams(location.hash.replace(/^#/, ""));
  }

  function writeState(state) {
    const text = state.toString();
    if (location.hash.replace(/^#/, "") === text) load();
    else location.hash = text;
  }

  function filterParams(state) {
    const p = new URLSearchParams();
    for (const name of FILTERS) {
      const v = state.get(name);
      if (v) p.set(name, v);
    }
    return p;
  }

  function stateToForm(state) {
    for (const name of FILTERS) {
      const field = form.elements[name];
      if (!field) continue;
      if (field.type === "checkbox") field.checked = state.get(name) !== "false";
      else field.value = state.get(name) || (name === "level" ? "mentions" : "");
    }
    byId("period").value = state.get("period") || "auto";
    const by = state.get("by") || "dyad";
    if ([...byId("by").options].some((o) => o.value === by)) byId("by").value = by;
  }

  function formToState() {
    const state = new URLSearchParams();
    for (const name of FILTERS) {
      const field = form.elements[name];
      if (field.type === "checkbox") {
        if (!field.checked) state.set(name, "false");
      } else if (field.value.trim() && !(name === "level" && field.value === "mentions")) {
        state.set(name, field.value.trim());
      }
    }
    if (byId("period").value !== "auto") state.set("period", byId("period").value);
    state.set("by", byId("by").value);
    return state;
  }

  // -- API -------------------------------------------------------------------------------

  async function api(path, params) {
    const url = "api/" + path + (params && [...params].length ? "?" + params.toString() : "");
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error(`${response.status} ${response.statusText}`);
    }
    if (!body.ok) {
      const err = body.error || {};
      throw new Error(`${err.title || "Error"}: ${err.detail || response.status}`);
    }
    return body;
  }

  function showMessage(text) {
    const box = byId("message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  // -- header and form vocabularies ------------------------------------------------------

  function renderMeta(m) {
    const c = m.counts;
    const range = m.date_range.min ? `${m.date_range.min} to ${m.date_range.max}` : "no dated events";
    const v = m.versions.bundled;
    const stale = m.versions.documents_on_other_versions;
    byId("meta-summary").textContent =
      `${fmt(c.documents)} documents (${fmt(c.skipped_documents)} skipped) · ` +
      `${fmt(c.events)} event mentions, ${fmt(c.located_events)} located · ${range} · ` +
      `dictionaries ${v.dictionary_version}, lexicon ${v.lexicon_version}` +
      (stale ? ` (${fmt(stale)} documents coded with other versions)` : "") +
      ` · cormorant ${m.cormorant_version} on ${m.store.backend}`;
    const voc = m.vocabulary;
    for (const r of voc.cameo_roots) {
      form.elements.root.append(h("option", { value: r.code }, `${r.code} ${r.name}`));
    }
    for (const p of voc.plover) form.elements.plover.append(h("option", { value: p }, p));
    for (const [q, name] of Object.entries(voc.quad_classes)) {
      form.elements.quad_class.append(h("option", { value: q }, `${q} ${name}`));
    }
    for (const b of voc.by) byId("by").append(h("option", { value: b }, b));
    for (const name of ["start", "end"]) {
      if (m.date_range.min) form.elements[name].min = m.date_range.min;
      if (m.date_range.max) form.elements[name].max = m.date_range.max;
    }
  }

  // -- timeline --------------------------------------------------------------------------

  const DAY = 86400000;

  function parseDay(text) {
    const [y, m, d] = text.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function nextPeriod(ms, period) {
    const d = new Date(ms);
    if (period === "day") return ms + DAY;
    if (period === "week") return ms + 7 * DAY;
    if (period === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }

  function periodEnd(ms, period) {
    return isoDay(nextPeriod(ms, period) - DAY);
  }

  function autoPeriod(state) {
    const lo = state.get("start") || (meta && meta.date_range.min);
    const hi = state.get("end") || (meta && meta.date_range.max);
    if (!lo || !hi) return "month";
    const days = (parseDay(hi) - parseDay(lo)) / DAY;
    if (days <= 120) return "day";
    if (days <= 730) return "week";
    if (days <= 365 * 15) return "month";
    return "year";
  }

  function periodLabel(ms, period) {
    const iso = isoDay(ms);
    if (period === "month") return iso.slice(0, 7);
    if (period === "year") return iso.slice(0, 4);
    return iso;
  }

  function renderTimeline(body, period) {
    const svg = clear(byId("timeline"));
    const dated = body.rows.filter((r) => r.period);
    const undated = body.rows.filter((r) => !r.period).reduce((a, r) => a + r.n_events, 0);
    const note = [];
    if (undated) note.push(`${fmt(undated)} undated not shown`);
    if (body.truncated) note.push("too many periods: showing the first; choose a coarser period");
    note.push(`per ${period}; click a bar to narrow the dates`);
    byId("timeline-note").textContent = note.join(" · ");
    if (!dated.length) {
      svg.append(s("text", { x: 400, y: 100, "text-anchor": "middle", class: "empty" }, "No dated events"));
      return;
    }
    const counts = new Map(dated.map((r) => [parseDay(r.period), r.n_events]));
    const keys = [...counts.keys()].sort((a, b) => a - b);
    const bins = [];
    for (let t = keys[0]; t <= keys[keys.length - 1] && bins.length < 5000; t = nextPeriod(t, period)) {
      bins.push(t);
    }
    const W = 800, H = 200, L = 44, R = 8, T = 10, B = 26;
    const max = Math.max(...counts.values());
    const bw = (W - L - R) / bins.length;
    const y = (n) => T + (H - T - B) * (1 - n / max);
    for (const tick of [0, max / 2, max]) {
      const v = Math.round(tick);
      svg.append(s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "gridline" }));
      svg.append(s("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, fmt(v)));
    }
    bins.forEach((t, i) => {
      const n = counts.get(t) || 0;
      if (!n) return;
      const bar = s("rect", {
        x: L + i * bw + (bw > 3 ? 0.5 : 0), y: y(n), width: Math.max(bw - (bw > 3 ? 1 : 0), 0.8),
        height: H - B - y(n), class: "bar",
        onclick: () => {
          const st = readState();
          st.set("start", isoDay(t));
          st.set("end", periodEnd(t, period));
          st.delete("offset");
          writeState(st);
        },
      }, s("title", {}, `${periodLabel(t, period)}: ${fmt(n)} events`));
      svg.append(bar);
    });
    const every = Math.ceil(bins.length / 7);
    for (let i = 0; i < bins.length; i += every) {
      svg.append(s("text", {
        x: L + (i + 0.5) * bw, y: H - 8, "text-anchor": "middle", class: "tick",
      }, periodLabel(bins[i], period)));
    }
    svg.append(s("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }));
  }

  // -- place plot (equirectangular) ------------------------------------------------------

  function renderMap(body) {
    const svg = clear(byId("map"));
    const places = body.places;
    const W = 720, H = 360;
    let [w, e, so, n] = [-180, 180, -90, 90];
    if (places.length) {
      // Zoom to the points with a margin, keeping one degree of lon per degree of lat.
      const lons = places.map((p) => p.lon), lats = places.map((p) => p.lat);
      const cx = (Math.min(...lons) + Math.max(...lons)) / 2;
      const cy = (Math.min(...lats) + Math.max(...lats)) / 2;
      let span = Math.max(Math.max(...lons) - Math.min(...lons), 2 * (Math.max(...lats) - Math.min(...lats)));
      span = Math.min(360, Math.max(40, span * 1.3));
      w = cx - span / 2; e = cx + span / 2; so = cy - span / 4; n = cy + span / 4;
      if (w < -180) { e += -180 - w; w = -180; }
      if (e > 180) { w -= e - 180; e = 180; }
      if (so < -90) { n += -90 - so; so = -90; }
      if (n > 90) { so -= n - 90; n = 90; }
    }
    const x = (lon) => ((lon - w) / (e - w)) * W;
    const y = (lat) => ((n - lat) / (n - so)) * H;
    svg.append(s("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }));
    const step = e - w > 120 ? 30 : e - w > 40 ? 10 : 5;
    for (let lon = Math.ceil(w / step) * step; lon <= e; lon += step) {
      svg.append(s("line", { x1: x(lon), x2: x(lon), y1: 0, y2: H, class: lon === 0 ? "meridian" : "graticule" }));
      svg.append(s("text", { x: x(lon) + 3, y: H - 4, class: "tick" }, `${lon}°`));
    }
    for (let lat = Math.ceil(so / step) * step; lat <= n; lat += step) {
      svg.append(s("line", { x1: 0, x2: W, y1: y(lat), y2: y(lat), class: lat === 0 ? "meridian" : "graticule" }));
      svg.append(s("text", { x: 3, y: y(lat) - 3, class: "tick" }, `${lat}°`));
    }
    const max = Math.max(1, ...places.map((p) => p.n_events));
    // Largest first, so small points stay clickable on top.
    const sorted = [...places].sort((a, b) => b.n_events - a.n_events);
    sorted.forEach((p, i) => {
      const r = 3 + 12 * Math.sqrt(p.n_events / max);
      const g = p.mean_goldstein;
      const tone = g === null ? "neutral" : g < -1 ? "conflict" : g > 1 ? "coop" : "neutral";
      svg.append(s("circle", {
        cx: x(p.lon), cy: y(p.lat), r, class: `point ${tone}`,
        onclick: () => {
          const st = readState();
          st.set("place", p.name);
          st.delete("offset");
          writeState(st);
        },
      }, s("title", {}, `${p.name}${p.country ? ", " + p.country : ""}: ${fmt(p.n_events)} events, ` +
        `mean Goldstein ${fmt1(g)}`)));
      if (i < 12) {
        svg.append(s("text", { x: x(p.lon) + r + 2, y: y(p.lat) + 4, class: "label" }, p.name));
      }
    });
    byId("map-note").textContent = places.length
      ? `${plural(places.length, "place")}${body.truncated ? " (the busiest)" : ""}; red conflict, blue cooperation; click a point to filter`
      : "No located events";
  }

  // -- counts table ----------------------------------------------------------------------

  const BY_FILTER = {
    dyad: ["source", "target"], source: ["source"], target: ["target"], code: ["cameo"],
    root: ["root"], plover: ["plover"], quad: ["quad_class"], country: ["place"],
    "source-country": ["source_country"], "target-country": ["target_country"],
  };

  function renderCounts(body) {
    const table = clear(byId("counts"));
    const keys = body.keys;
    table.append(h("thead", {}, h("tr", {},
      keys.map((k) => h("th", {}, k.replace(/_/g, " "))),
      h("th", { class: "num" }, "events"), h("th", { class: "num" }, "mentions"),
      h("th", { class: "num" }, "Goldstein"))));
    const tbody = h("tbody");
    for (const row of body.rows) {
      const names = BY_FILTER[body.by] || [];
      const filterable = names.every((_, i) => row[keys[i]] !== null && !["source_country", "target_country"].includes(names[i]));
      tbody.append(h("tr", {
        class: filterable ? "clickable" : null,
        onclick: filterable ? () => {
          const st = readState();
          names.forEach((name, i) => st.set(name, row[keys[i]]));
          st.delete("offset");
          writeState(st);
        } : null,
      }, keys.map((k) => h("td", { class: "code" }, row[k] === null ? "–" : row[k])),
      h("td", { class: "num" }, fmt(row.n_events)), h("td", { class: "num" }, fmt(row.n_mentions)),
      h("td", { class: "num" }, fmt1(row.mean_goldstein))));
    }
    table.append(tbody);
    byId("counts-note").textContent = body.rows.length
      ? `${plural(body.rows.length, "group")}${body.truncated ? " (the largest)" : ""}; click a row to filter`
      : "Nothing matches";
  }

  // -- events table ----------------------------------------------------------------------

  function actorCell(code, text) {
    if (!code && !text) return h("td", { class: "muted" }, "–");
    return h("td", {}, h("span", { class: "code" }, code || "?"), " ", h("span", { class: "muted" }, text || ""));
  }

  function renderEvents(body, state) {
    const table = clear(byId("events"));
    const merged = body.level === "events";
    rowsById = new Map(body.events.map((r) => [r.event_id, r]));
    table.append(h("thead", {}, h("tr", {},
      h("th", {}, "date"), h("th", {}, "source"), h("th", {}, "event"), h("th", {}, "target"),
      h("th", {}, "place"), merged ? h("th", { class: "num" }, "mentions") : null,
      h("th", {}, "sentence"))));
    const tbody = h("tbody");
    const current = state.get("event");
    for (const r of body.events) {
      const flags = [r.negated ? "not" : null, r.hypothetical ? "maybe" : null].filter(Boolean);
      tbody.append(h("tr", {
        class: "clickable" + (r.event_id === current ? " selected" : ""),
        "data-id": r.event_id,
        onclick: () => {
          const st = readState();
          st.set("event", r.event_id);
          scrollToEvidence = true;
          writeState(st);
        },
      },
      h("td", { class: "nowrap" }, r.date || "undated"),
      actorCell(r.source_code, r.source_text),
      h("td", { class: "nowrap" }, h("span", { class: "code" }, r.cameo), " ", r.plover || "",
        flags.map((f) => h("span", { class: "flag" }, f))),
      actorCell(r.target_code, r.target_text),
      h("td", {}, r.location_name || ""),
      merged ? h("td", { class: "num" }, fmt(r.mention_count)) : null,
      h("td", { class: "sentence" }, r.sentence || "")));
    }
    if (!body.events.length) tbody.append(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No events match")));
    table.append(tbody);
    const first = body.total ? body.offset + 1 : 0;
    const last = body.offset + body.events.length;
    byId("page-info").textContent = `${fmt(first)}–${fmt(last)} of ${fmt(body.total)} ${body.level}`;
    byId("prev").disabled = body.offset <= 0;
    byId("next").disabled = last >= body.total;
  }

  function markSelected(eventId) {
    for (const tr of byId("events").querySelectorAll("tr[data-id]")) {
      tr.classList.toggle("selected", tr.dataset.id === eventId);
    }
  }

  function page(delta) {
    const st = readState();
    const offset = Math.max(0, Number(st.get("offset") || 0) + delta * PAGE);
    if (offset) st.set("offset", String(offset));
    else st.delete("offset");
    writeState(st);
  }

  // -- evidence --------------------------------------------------------------------------

  // Text with marked spans: cut at every boundary, each piece carries every role covering it.
  function marked(text, marks) {
    const cuts = new Set([0, text.length]);
    for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
    const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const covering = marks.filter((m) => m.start <= a && m.end >= b);
      const piece = text.slice(a, b);
      if (!covering.length) { out.append(piece); continue; }
      out.append(h("mark", {
        class: [...new Set(covering.map((m) => m.cls))].join(" "),
        title: covering.map((m) => m.title).filter(Boolean).join("; "),
      }, piece));
    }
    return out;
  }

  function legend() {
    return h("p", { class: "legend" }, Object.keys(ROLE_NAMES).map((r) => h("mark", { class: r }, ROLE_NAMES[r])));
  }

  function describeHighlight(hl) {
    if (hl.role === "trigger") return "trigger";
    if (hl.role === "place") return `place: ${hl.name}${hl.country ? ", " + hl.country : ""}`;
    return `${hl.role}: ${hl.code}${hl.entry ? " (entry " + hl.entry + ")" : ""}`;
  }

  function safeLink(url, label) {
    return /^https?:/i.test(url || "") ? h("a", { href: url, rel: "noreferrer noopener", target: "_blank" }, label) : null;
  }

  function mentionView(m) {
    const marks = m.highlights.filter((x) => x.offsets).map((x) => ({
      start: x.offsets[0], end: x.offsets[1], cls: x.role, title: describeHighlight(x),
    }));
    const actor = (a) => (a ? `${a.code} (${a.text})` : "–");
    const outside = m.highlights.filter((x) => !x.offsets && x.role !== "trigger")
      .map((x) => `${x.role} “${x.text}” is outside this sentence${x.resolved_from ? ", resolved from “" + x.resolved_from + "”" : ""}`);
    const dl = h("dl", { class: "facts" },
      h("dt", {}, "event"), h("dd", {}, h("span", { class: "code" }, m.cameo), ` ${m.cameo_name || ""}`,
        m.plover ? ` · PLOVER ${m.plover}${m.plover_mode ? " / " + m.plover_mode : ""}` : "",
        m.quad_class ? ` · quad ${m.quad_class}` : "", m.goldstein !== null ? ` · Goldstein ${fmt1(m.goldstein)}` : ""),
      h("dt", {}, "who"), h("dd", {}, `${actor(m.source)} → ${actor(m.target)}`),
      h("dt", {}, "when"), h("dd", {}, m.date ? `${m.date} (${m.date_precision})` : "undated"),
      h("dt", {}, "where"), h("dd", {}, m.location ? `${m.location.name}${m.location.country ? ", " + m.location.country : ""}` : "–"),
      h("dt", {}, "rule"), h("dd", {}, h("code", {}, m.rule)),
      h("dt", {}, "document"), h("dd", {}, m.doc.title || m.doc_id, " ",
        safeLink(m.doc.url, "source"), " ",
        h("button", { type: "button", class: "secondary small", onclick: () => showDocument(m.doc_id, m) }, "show document")));
    if (m.negated || m.hypothetical) {
      dl.append(h("dt", {}, "mode"), h("dd", {}, [m.negated ? "negated" : null, m.hypothetical ? "hypothetical" : null].filter(Boolean).join(", ")));
    }
    return h("article", { class: "mention" },
      h("p", { class: "sentence-view" }, marked(m.sentence, marks)),
      outside.length ? h("p", { class: "muted small" }, outside.join("; ")) : null,
      dl,
      h("div", { class: "document", id: `doc-${m.event_id}` }));
  }

  async function showEvidence(eventId) {
    const panel = byId("evidence");
    const body = clear(byId("evidence-body"));
    panel.hidden = false;
    body.append(h("p", { class: "muted" }, "Loading…"));
    // A merged event is found by merging mentions; its own row says where to look.
    const hints = new URLSearchParams();
    const row = rowsById.get(eventId);
    if (row && row.mention_count !== undefined) {
      if (row.date) {
        hints.set("start", row.date);
        hints.set("end", row.last_date || row.date);
      }
      hints.set("cameo", row.cameo);
      if (row.source_code) hints.set("source", row.source_code);
      if (row.target_code) hints.set("target", row.target_code);
    }
    let data;
    try {
      data = await api(`events/${encodeURIComponent(eventId)}`, hints);
    } catch (e) {
      clear(body).append(h("p", { class: "error" }, e.message));
      return;
    }
    clear(body);
    const ev = data.event;
    if (data.level === "events") {
      body.append(h("p", {}, `Merged event ${ev.event_id}: ${plural(ev.mention_count, "mention")} in ` +
        `${plural(ev.doc_count, "document")}, ${ev.date || "undated"}${ev.last_date && ev.last_date !== ev.date ? " to " + ev.last_date : ""}.`));
    }
    body.append(legend());
    for (const m of data.mentions) body.append(mentionView(m));
    if (scrollToEvidence) panel.scrollIntoView({ behavior: "smooth", block: "start" });
    scrollToEvidence = false;
  }

  async function showDocument(docId, mention) {
    const box = clear(byId(`doc-${mention.event_id}`));
    box.append(h("p", { class: "muted" }, "Loading the document…"));
    let data;
    try {
      data = await api(`documents/${encodeURIComponent(docId)}`);
    } catch (e) {
      clear(box).append(h("p", { class: "error" }, e.message));
      return;
    }
    const doc = data.document;
    const text = doc.text || "";
    const marks = [];
    if (mention.sentence_start !== null && mention.sentence_start !== undefined) {
      marks.push({ start: mention.sentence_start, end: mention.sentence_start + mention.sentence.length, cls: "current", title: "this event's sentence" });
    }
    for (const ev of data.events) {
      for (const x of ev.highlights) {
        marks.push({ start: x.span[0], end: x.span[1], cls: x.role, title: `${ev.cameo} ${describeHighlight(x)}` });
      }
    }
    clear(box).append(
      h("h3", {}, doc.title || doc.doc_id),
      h("p", { class: "muted small" }, `${doc.date || "undated"} · ${plural(data.events.length, "event")} · ${doc.source || ""}`),
      h("div", { class: "doc-text" }, marked(text, marks)));
  }

  // -- loading ---------------------------------------------------------------------------

  async function load() {
    const state = readState();
    stateToForm(state);
    showMessage("");
    const filters = filterParams(state);
    const period = state.get("period") && state.get("period") !== "auto" ? state.get("period") : autoPeriod(state);
    const by = byId("by").value || "dyad";

    const eventsParams = new URLSearchParams(filters);
    eventsParams.set("limit", String(PAGE));
    if (state.get("offset")) eventsParams.set("offset", state.get("offset"));
    const timelineParams = new URLSearchParams(filters);
    timelineParams.set("group_by", period);
    timelineParams.set("limit", "5000");
    const countsParams = new URLSearchParams(filters);
    countsParams.set("by", by);
    countsParams.set("limit", "200");
    const placeParams = new URLSearchParams(filters);
    placeParams.set("limit", "500");

    const view = [eventsParams, timelineParams, countsParams, placeParams].join("|");
    const jobs = [];
    if (view !== lastView) {
      lastView = view;
      jobs.push(
        api("events", eventsParams).then((b) => renderEvents(b, state)),
        api("counts", timelineParams).then((b) => renderTimeline(b, period)),
        api("counts", countsParams).then(renderCounts),
        api("places", placeParams).then(renderMap),
      );
    } else {
      markSelected(state.get("event"));
    }
    const eventId = state.get("event");
    if (eventId) jobs.push(showEvidence(eventId));
    else byId("evidence").hidden = true;
    const results = await Promise.allSettled(jobs);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) {
      lastView = null; // draw again next time, even if the filters stay the same
      showMessage(failed.reason.message);
    }
  }

  async function start() {
    try {
      meta = await api("meta");
      renderMeta(meta);
    } catch (e) {
      showMessage(e.message);
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      writeState(formToState());
    });
    byId("reset").addEventListener("click", () => writeState(new URLSearchParams()));
    for (const id of ["period", "by"]) {
      byId(id).addEventListener("change", () => {
        const st = readState();
        st.set(id, byId(id).value);
        writeState(st);
      });
    }
    byId("prev").addEventListener("click", () => page(-1));
    byId("next").addEventListener("click", () => page(1));
    byId("close-evidence").addEventListener("click", () => {
      const st = readState();
      st.delete("event");
      writeState(st);
    });
    window.addEventListener("hashchange", load);
    load();
  }

  start();
})();
