// The counts table (every row filters) and the page of events (a row opens its evidence).
import { byId, fmt, fmt1, h, plural, sortableTable } from "./dom.js";

// Counts dimension -> the filters its key columns set.
export const BY_FILTER = {
  dyad: ["source", "target"], source: ["source"], target: ["target"], code: ["cameo"],
  root: ["root"], plover: ["plover"], quad: ["quad_class"], country: ["place"],
  "source-country": ["source_country"], "target-country": ["target_country"],
};

const sorts = { counts: null, events: null };

export function renderCounts(body, ctx) {
  const keys = body.keys;
  const names = BY_FILTER[body.by] || [];
  const columns = [
    ...keys.map((k) => ({ key: k, label: k.replace(/_/g, " "), cls: "code",
      cell: (r) => (r[k] === null ? "–" : r[k]) })),
    { key: "n_events", label: "events", num: true, cell: (r) => fmt(r.n_events) },
    { key: "n_mentions", label: "mentions", num: true, cell: (r) => fmt(r.n_mentions) },
    { key: "mean_goldstein", label: "Goldstein", num: true, cell: (r) => fmt1(r.mean_goldstein) },
  ];
  if (sorts.counts && !columns.some((c) => c.key === sorts.counts.key)) sorts.counts = null;
  sorts.counts = sortableTable(byId("counts"), columns, body.rows, {
    sortState: sorts.counts,
    empty: "Nothing matches",
    rowAttrs: (row) => {
      const filter = {};
      names.forEach((name, i) => { if (row[keys[i]] !== null) filter[name] = String(row[keys[i]]); });
      if (!Object.keys(filter).length) return {};
      const what = keys.filter((k) => row[k] !== null).map((k) => `${k.replace(/_/g, " ")} ${row[k]}`).join(", ");
      return { class: "clickable", "aria-label": `${what}: ${plural(row.n_events, "event")}; filter to these`,
        onactivate: () => ctx.applyFilter(filter) };
    },
  });
  byId("counts-note").textContent = body.rows.length
    ? `${plural(body.rows.length, "group")}${body.truncated ? " (the largest)" : ""}; click a row (or Enter) to filter`
    : "Nothing matches";
}

function actorCell(code, text) {
  if (!code && !text) return h("span", { class: "muted" }, "–");
  return [h("span", { class: "code" }, code || "?"), " ", h("span", { class: "muted" }, text || "")];
}

export function renderEvents(body, state, ctx) {
  const merged = body.level === "events";
  const current = state.get("event");
  const columns = [
    { key: "date", label: "date", cls: "nowrap", cell: (r) => r.date || "undated" },
    { key: "source_code", label: "source", cell: (r) => actorCell(r.source_code, r.source_text) },
    { key: "cameo", label: "event", cls: "nowrap", cell: (r) => [h("span", { class: "code" }, r.cameo), " ", r.plover || "",
      [r.negated ? "not" : null, r.hypothetical ? "maybe" : null].filter(Boolean).map((f) => h("span", { class: "flag" }, f))] },
    { key: "target_code", label: "target", cell: (r) => actorCell(r.target_code, r.target_text) },
    { key: "goldstein", label: "Goldstein", num: true, cell: (r) => fmt1(r.goldstein) },
    { key: "location_name", label: "place", cell: (r) => r.location_name || "" },
    ...(merged ? [{ key: "mention_count", label: "mentions", num: true, cell: (r) => fmt(r.mention_count) }] : []),
    { key: "sentence", label: "sentence", cls: "sentence" },
  ];
  sorts.events = sortableTable(byId("events"), columns, body.events, {
    sortState: sorts.events,
    empty: "No events match",
    rowAttrs: (r) => ({
      class: "clickable" + (r.event_id === current ? " selected" : ""), "data-id": r.event_id,
      "aria-label": `${r.date || "undated"} ${r.source_code || "?"} ${r.cameo} ${r.target_code || "?"}: open the evidence`,
      onactivate: () => ctx.openEvent(r.event_id),
    }),
  });
  ctx.nextCursor = body.next_cursor || null;
  const keyset = Boolean(state.get("cursor"));
  const first = body.total ? body.offset + 1 : 0;
  const last = body.offset + body.events.length;
  byId("page-info").textContent = keyset
    ? `${fmt(body.events.length)} ${body.level} further on, of ${fmt(body.total)}`
    : `${fmt(first)}–${fmt(last)} of ${fmt(body.total)} ${body.level}`;
  byId("total").textContent = fmt(body.total);
  byId("prev").disabled = !keyset && body.offset <= 0;
  byId("next").disabled = keyset ? !ctx.nextCursor : last >= body.total;
}

export function markSelected(eventId) {
  for (const tr of byId("events").querySelectorAll("tr[data-id]")) {
    tr.classList.toggle("selected", tr.dataset.id === eventId);
  }
}
