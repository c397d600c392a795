// cormorant explorer: filters, timeline, map, actor network, counts, events, evidence and
// download. The state lives in the URL hash; every request goes to this server's api/.
import { activate, byId, clear, h, plural } from "./dom.js";
import { showEvidence } from "./evidence.js";
import { loadAtlas, renderMap, startBox } from "./map.js";
import { renderNetwork } from "./network.js";
import { markSelected, renderCounts, renderEvents } from "./tables.js";
import { coreRange, parseDay, periodFor, renderTimeline } from "./timeline.js";

// Every filter the API takes, in the order the form and the chips show them.
const FILTERS = ["start", "end", "actor", "source", "target", "country", "source_country",
  "target_country", "sector", "cameo", "root", "plover", "quad_class", "place", "bbox", "doc_id",
  "text", "level", "window", "include_negated", "include_hypothetical"];
const LABELS = { source_country: "source country", target_country: "target country", cameo: "CAMEO code",
  root: "CAMEO root", quad_class: "quad class", bbox: "box", doc_id: "document", text: "text",
  window: "merge window (days)", include_negated: "negated", include_hypothetical: "hypothetical" };
const PAGE = 50;

const form = byId("filters");
let meta = null;
let lastView = null; // the requests last drawn
let scrollToEvidence = false;
let rowsById = new Map(); // the rows on show, to narrow the lookup of a merged event

// -- requests --------------------------------------------------------------------------------

async function request(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new Error(`${response.status} ${response.statusText} for ${url}`);
  }
  if (body && body.ok === false) {
    const err = body.error || {};
    throw new Error(`${err.title || "Error"}: ${err.detail || response.status}`);
  }
  return body;
}

function api(path, params) {
  const url = "api/" + path + (params && [...params].length ? "?" + params.toString() : "");
  return request(url);
}

function showMessage(text) {
  const box = byId("message");
  box.textContent = text || "";
  box.hidden = !text;
}

// -- state in the URL hash -------------------------------------------------------------------

const readState = () => new URLSearchParams(location.hash.replace(/^#/, ""));

function writeState(state) {
  const text = state.toString();
  if (location.hash.replace(/^#/, "") === text) load();
  else location.hash = text;
}

// Set filters (a value of null removes one) and go back to the first page.
function applyFilter(changes) {
  const st = readState();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") st.delete(k);
    else st.set(k, v);
  }
  st.delete("offset");
  st.delete("cursor");
  st.delete("event");
  writeState(st);
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
  form.elements.window.disabled = form.elements.level.value !== "events";
  byId("period").value = state.get("period") || "auto";
  byId("nodes").value = state.get("nodes") || "country";
  const by = state.get("by") || "dyad";
  if ([...byId("by").options].some((o) => o.value === by)) byId("by").value = by;
}

function formToState() {
  const state = readState();
  for (const name of FILTERS) {
    const field = form.elements[name];
    state.delete(name);
    if (field.type === "checkbox") {
      if (!field.checked) state.set(name, "false");
    } else if (field.value.trim() && !(name === "level" && field.value === "mentions")
               && !(name === "window" && (field.disabled || field.value.trim() === "0"))) {
      state.set(name, field.value.trim());
    }
  }
  state.delete("offset");
  state.delete("cursor");
  state.delete("event");
  return state;
}

// The filters in force, each with a button that removes it.
function renderChips(state) {
  const list = clear(byId("active-filters"));
  for (const name of FILTERS) {
    const v = state.get(name);
    if (!v || (name === "level" && v === "mentions")) continue;
    const label = `${LABELS[name] || name.replace(/_/g, " ")}: ${v === "false" ? "excluded" : v}`;
    list.append(h("li", {}, h("button", {
      type: "button", class: "chip", "aria-label": `remove the filter ${label}`,
      onclick: () => applyFilter({ [name]: null }),
    }, label, h("span", { "aria-hidden": "true" }, " ×"))));
  }
  byId("no-filters").hidden = list.childElementCount > 0;
}

function updateDownload(filters) {
  const fmtName = byId("download-format").value;
  const p = new URLSearchParams(filters);
  p.set("format", fmtName);
  const link = byId("download");
  link.href = "api/export?" + p.toString();
  link.setAttribute("download", `cormorant-${filters.get("level") || "mentions"}.${fmtName}`);
}

// -- vocabularies ----------------------------------------------------------------------------

function renderMeta(m) {
  const c = m.counts;
  const range = m.date_range.min ? `${m.date_range.min} to ${m.date_range.max}` : "no dated events";
  const v = m.versions.bundled;
  const stale = m.versions.documents_on_other_versions;
  byId("meta-summary").textContent =
    `${plural(c.documents, "document")} (${c.skipped_documents} skipped) · ` +
    `${plural(c.events, "event mention")}, ${c.located_events.toLocaleString("en")} located · ${range} · ` +
    `dictionaries ${v.dictionary_version}, lexicon ${v.lexicon_version}` +
    (stale ? ` (${stale} documents coded with other versions)` : "") +
    ` · cormorant ${m.cormorant_version} on ${m.store.backend}`;
  const voc = m.vocabulary;
  for (const r of voc.cameo_roots) form.elements.root.append(h("option", { value: r.code }, `${r.code} ${r.name}`));
  for (const p of voc.plover) form.elements.plover.append(h("option", { value: p }, p));
  for (const [q, name] of Object.entries(voc.quad_classes)) {
    form.elements.quad_class.append(h("option", { value: q }, `${q} ${name}`));
  }
  for (const b of voc.by) byId("by").append(h("option", { value: b }, b));
}

// -- loading ---------------------------------------------------------------------------------

const ctx = { api, applyFilter, readState, state: readState(), openEvent };

function openEvent(eventId) {
  const st = readState();
  st.set("event", eventId);
  scrollToEvidence = true;
  writeState(st);
}

// The period and axis range of the timeline: the user's, or the automatic one within
// the far-out fences of the dates (see coreRange).
async function timelineView(state, filters) {
  const chosen = state.get("period") && state.get("period") !== "auto" ? state.get("period") : null;
  if (state.get("start") && state.get("end")) {
    return { period: chosen || periodFor(parseDay(state.get("start")), parseDay(state.get("end"))), range: null };
  }
  const p = new URLSearchParams(filters);
  p.set("group_by", "month");
  p.set("limit", "10000");
  const core = coreRange((await api("counts", p)).rows);
  if (!core) return { period: chosen || "month", range: null };
  const period = chosen || periodFor(core.lo, core.hi);
  return { period, range: core.outside ? core : null, outside: core.outside };
}

async function drawTimeline(state, filters) {
  const view = await timelineView(state, filters);
  const p = new URLSearchParams(filters);
  p.set("group_by", view.period);
  p.set("by", "quad");
  p.set("limit", "10000");
  if (view.range) {
    const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
    if (!state.get("start")) p.set("start", iso(view.range.lo));
    if (!state.get("end")) p.set("end", iso(view.range.hi));
  }
  renderTimeline(await api("counts", p), view, ctx);
}

async function drawMap(params) {
  const [body, world] = await Promise.all([
    api("map", params),
    window.topojson ? loadAtlas(request) : Promise.resolve(null),
  ]);
  renderMap(body, ctx, world);
}

async function load() {
  const state = readState();
  ctx.state = state;
  stateToForm(state);
  renderChips(state);
  showMessage("");
  const filters = filterParams(state);
  updateDownload(filters);

  const eventsParams = new URLSearchParams(filters);
  eventsParams.set("limit", String(PAGE));
  // Past MAX_OFFSET rows the API pages by keyset: the next_cursor of the page before.
  if (state.get("cursor")) eventsParams.set("cursor", state.get("cursor"));
  else if (state.get("offset")) eventsParams.set("offset", state.get("offset"));
  const countsParams = new URLSearchParams(filters);
  countsParams.set("by", byId("by").value || "dyad");
  countsParams.set("limit", "200");
  const placeParams = new URLSearchParams(filters);
  placeParams.set("cell", "0.1");
  placeParams.set("limit", "2000");
  const networkParams = new URLSearchParams(filters);
  networkParams.set("nodes", byId("nodes").value);

  const view = [eventsParams, countsParams, placeParams, networkParams, state.get("period")].join("|");
  const jobs = [];
  if (view !== lastView) {
    lastView = view;
    byId("total").textContent = "…";
    jobs.push(
      api("events", eventsParams).then((b) => {
        rowsById = new Map(b.events.map((r) => [r.event_id, r]));
        renderEvents(b, state, ctx);
      }),
      drawTimeline(state, filters),
      api("counts", countsParams).then((b) => renderCounts(b, ctx)),
      drawMap(placeParams),
      api("network", networkParams).then((b) => renderNetwork(b, ctx)),
    );
  } else {
    markSelected(state.get("event"));
  }
  const eventId = state.get("event");
  const evidence = eventId
    ? Promise.allSettled([jobs[0]]).then(() => showEvidence(eventId, rowsById.get(eventId), ctx, scrollToEvidence))
    : null;
  if (!eventId) byId("evidence").hidden = true;
  const results = await Promise.allSettled([...jobs, evidence]);
  scrollToEvidence = false;
  const failed = results.find((r) => r.status === "rejected");
  if (failed) {
    lastView = null; // draw again next time, even if the filters stay the same
    showMessage(failed.reason.message);
  }
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}

const MAX_OFFSET = 10000; // the API's deepest offset; deeper pages follow next_cursor

function page(delta) {
  const st = readState();
  const offset = Math.max(0, Number(st.get("offset") || 0) + delta * PAGE);
  if (delta > 0 && (st.get("cursor") || offset > MAX_OFFSET) && ctx.nextCursor) {
    st.set("cursor", ctx.nextCursor);
    st.delete("offset");
  } else if (delta < 0 && st.get("cursor")) {
    // A keyset page has no way back but to the last page reachable by offset.
    st.delete("cursor");
    st.set("offset", String(MAX_OFFSET - PAGE));
  } else if (offset) {
    st.set("offset", String(offset));
  } else {
    st.delete("offset");
  }
  writeState(st);
}

async function start() {
  const missing = ["d3", "topojson", "cytoscape"].filter((name) => !window[name]);
  try {
    meta = await api("meta");
    renderMeta(meta);
  } catch (e) {
    showMessage(e.message);
  }
  if (missing.length) {
    showMessage(`The browser libraries (${missing.join(", ")}) did not load: run \`make install\` ` +
      "in the source tree (npm ci and scripts/web_assets.py), then reload. Tables still work.");
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    writeState(formToState());
  });
  form.elements.level.addEventListener("change", () => {
    form.elements.window.disabled = form.elements.level.value !== "events";
  });
  byId("reset").addEventListener("click", () => writeState(new URLSearchParams()));
  for (const id of ["period", "by", "nodes"]) {
    byId(id).addEventListener("change", () => {
      const st = readState();
      st.set(id, byId(id).value);
      writeState(st);
    });
  }
  byId("download-format").addEventListener("change", () => updateDownload(filterParams(readState())));
  activate(byId("draw-box"), () => startBox(ctx));
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
