// The timeline: events per period stacked by quad class, the mean Goldstein score as a
// line, a brush to select a date range, and bars that narrow the dates on click or Enter.
import { byId, clear, fmt, fmt1, h, s } from "./dom.js";

const DAY = 86400000;
export const QUADS = {
  1: { name: "verbal cooperation", cls: "q1" },
  2: { name: "material cooperation", cls: "q2" },
  3: { name: "verbal conflict", cls: "q3" },
  4: { name: "material conflict", cls: "q4" },
};

export function parseDay(text) {
  const [y, m, d] = text.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

export const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

export function nextPeriod(ms, period) {
  const d = new Date(ms);
  if (period === "day") return ms + DAY;
  if (period === "week") return ms + 7 * DAY;
  if (period === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
}

export function periodStart(ms, period) {
  const d = new Date(ms);
  if (period === "day") return ms;
  if (period === "week") return ms - ((d.getUTCDay() + 6) % 7) * DAY; // Monday, as date_trunc
  if (period === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return Date.UTC(d.getUTCFullYear(), 0, 1);
}

const periodEnd = (ms, period) => isoDay(nextPeriod(ms, period) - DAY);

function periodLabel(ms, period) {
  const iso = isoDay(ms);
  if (period === "month") return iso.slice(0, 7);
  if (period === "year") return iso.slice(0, 4);
  return iso;
}

export function periodFor(lo, hi) {
  const days = (hi - lo) / DAY;
  if (days <= 120) return "day";
  if (days <= 730) return "week";
  if (days <= 365 * 15) return "month";
  return "year";
}

// The axis range: Tukey's far-out fences on the months of the events (weighted by count):
// three interquartile ranges beyond the quartiles (at least one month each), so that a few
// stray dates (a misread year, a look back at 1948) do not stretch the axis, while events
// spread evenly over years keep their whole span.
export function coreRange(monthRows) {
  const rows = monthRows.filter((r) => r.period).map((r) => [parseDay(r.period), r.n_events])
    .sort((a, b) => a[0] - b[0]);
  const total = rows.reduce((a, r) => a + r[1], 0);
  if (!total) return null;
  const at = (q) => {
    let seen = 0;
    for (const [t, n] of rows) {
      seen += n;
      if (seen >= q * total) return t;
    }
    return rows[rows.length - 1][0];
  };
  const MONTH = 31 * DAY;
  const iqr = Math.max(at(0.75) - at(0.25), MONTH);
  const [fenceLo, fenceHi] = [at(0.25) - 3 * iqr, at(0.75) + 3 * iqr];
  // The first and last months with events inside the fences.
  const kept = rows.filter(([t]) => t >= fenceLo && t <= fenceHi);
  const [lo, hi] = [kept[0][0], kept[kept.length - 1][0]];
  const inside = rows.filter(([t]) => t >= lo && t <= hi).reduce((a, r) => a + r[1], 0);
  return { lo, hi: nextPeriod(hi, "month") - DAY, outside: total - inside };
}

// body: counts by period and quad class; view: {period, range: {lo, hi} or null}.
export function renderTimeline(body, view, ctx) {
  const svg = clear(byId("timeline"));
  const { period } = view;
  const note = [];
  const undated = body.rows.filter((r) => !r.period).reduce((a, r) => a + r.n_events, 0);
  const perPeriod = new Map();
  for (const r of body.rows) {
    if (!r.period) continue;
    const t = parseDay(r.period);
    const p = perPeriod.get(t) || { t, n: 0, q: { 1: 0, 2: 0, 3: 0, 4: 0 }, gSum: 0, gN: 0 };
    p.n += r.n_events;
    if (r.quad_class) p.q[r.quad_class] += r.n_events;
    if (r.mean_goldstein !== null) { p.gSum += r.mean_goldstein * r.n_events; p.gN += r.n_events; }
    perPeriod.set(t, p);
  }
  if (undated) note.push(`${fmt(undated)} undated not shown`);
  if (view.outside) note.push(`${fmt(view.outside)} with outlying dates outside the axis`);
  if (body.truncated) note.push("too many periods: choose a coarser period");
  note.push(`per ${period}; click a bar or drag across the chart to narrow the dates`);
  byId("timeline-note").textContent = note.join(" · ");
  if (!perPeriod.size) {
    svg.append(s("text", { x: 400, y: 110, "text-anchor": "middle", class: "empty" }, "No dated events"));
    return;
  }
  const keys = [...perPeriod.keys()].sort((a, b) => a - b);
  const first = view.range ? periodStart(view.range.lo, period) : keys[0];
  const last = view.range ? view.range.hi : keys[keys.length - 1];
  const bins = [];
  for (let t = first; t <= last && bins.length < 5000; t = nextPeriod(t, period)) bins.push(t);
  const W = 800, H = 220, L = 48, R = 40, T = 20, B = 28;
  const max = Math.max(...[...perPeriod.values()].map((p) => p.n));
  const bw = (W - L - R) / bins.length;
  const y = (n) => T + (H - T - B) * (1 - n / max);
  const yg = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  const xOf = (i) => L + i * bw;
  for (const tick of [0, max / 2, max]) {
    const v = Math.round(tick);
    svg.append(s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "gridline" }));
    svg.append(s("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, fmt(v)));
  }
  for (const g of [-10, 0, 10]) {
    svg.append(s("text", { x: W - R + 6, y: yg(g) + 4, class: "tick goldstein-tick" }, g > 0 ? `+${g}` : g));
  }
  svg.append(s("text", { x: W - 4, y: 10, "text-anchor": "end", class: "tick goldstein-tick" }, "Goldstein"));
  const brushLayer = s("g", { class: "brush" });
  svg.append(brushLayer);
  const bars = s("g", { class: "bars" });
  svg.append(bars);
  const pick = (t) => ctx.applyFilter({ start: isoDay(t), end: periodEnd(t, period) });
  const line = [];
  bins.forEach((t, i) => {
    const p = perPeriod.get(t);
    if (!p) return;
    const label = `${periodLabel(t, period)}: ${fmt(p.n)} events` +
      Object.entries(QUADS).map(([q, d]) => (p.q[q] ? `, ${fmt(p.q[q])} ${d.name}` : "")).join("") +
      (p.gN ? `, mean Goldstein ${fmt1(p.gSum / p.gN)}` : "");
    const bar = s("g", { class: "bar", "aria-label": label, "data-period": isoDay(t), onactivate: () => pick(t) },
      s("title", {}, label));
    let base = 0;
    const x = xOf(i) + (bw > 3 ? 0.5 : 0), w = Math.max(bw - (bw > 3 ? 1 : 0), 0.8);
    // The whole column, shown only while the bar has the keyboard focus.
    bar.append(s("rect", { x: xOf(i), width: Math.max(bw, 2), y: T, height: H - B - T, class: "focus-column" }));
    for (const q of [1, 2, 3, 4]) {
      const n = p.q[q];
      if (!n) continue;
      bar.append(s("rect", { x, width: w, y: y(base + n), height: y(base) - y(base + n), class: QUADS[q].cls }));
      base += n;
    }
    if (base < p.n) bar.append(s("rect", { x, width: w, y: y(p.n), height: y(base) - y(p.n), class: "q0" }));
    bars.append(bar);
    if (p.gN) line.push([xOf(i) + bw / 2, yg(p.gSum / p.gN)]);
  });
  if (line.length) {
    svg.append(s("path", { class: "goldstein-line", d: "M" + line.map((p) => p.join(",")).join("L") }));
    for (const [x, yy] of line) svg.append(s("circle", { cx: x, cy: yy, r: 2, class: "goldstein-dot" }));
  }
  const every = Math.ceil(bins.length / 7);
  for (let i = 0; i < bins.length; i += every) {
    svg.append(s("text", { x: xOf(i + 0.5), y: H - 8, "text-anchor": "middle", class: "tick" },
      periodLabel(bins[i], period)));
  }
  svg.append(s("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }));
  if (window.d3) {
    // Drag anywhere not on a bar: the selected bins become the date filter.
    const brush = window.d3.brushX().extent([[L, T], [W - R, H - B]]).on("end", (e) => {
      if (!e.selection || !e.sourceEvent) return;
      const [a, b] = e.selection;
      const i0 = Math.max(0, Math.floor((a - L) / bw)), i1 = Math.min(bins.length - 1, Math.floor((b - L) / bw));
      if (i1 < i0) return;
      ctx.applyFilter({ start: isoDay(bins[i0]), end: periodEnd(bins[i1], period) });
    });
    window.d3.select(brushLayer).call(brush);
  }
  legend();
}

function legend() {
  const box = clear(byId("timeline-legend"));
  for (const q of [1, 2, 3, 4]) {
    box.append(h("span", { class: "key" }, h("span", { class: `swatch ${QUADS[q].cls}` }), QUADS[q].name));
  }
  box.append(h("span", { class: "key" }, h("span", { class: "swatch line" }), "mean Goldstein (right axis)"));
}
