// Evidence: the sentence of each mention with its actors, trigger and place marked, the
// facts of the event, and the full document with every event's spans. All text goes in
// as text nodes, never as HTML.
import { byId, clear, fmt1, h, plural } from "./dom.js";

const ROLE_NAMES = { source: "source", trigger: "trigger", target: "target", place: "place" };

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

function mentionView(m, ctx) {
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
      h("button", { type: "button", class: "secondary small", onclick: () => showDocument(m.doc_id, m, ctx) }, "show document"),
      " ",
      h("button", { type: "button", class: "secondary small", onclick: () => ctx.applyFilter({ doc_id: m.doc_id }) }, "events of this document")));
  if (m.negated || m.hypothetical) {
    dl.append(h("dt", {}, "mode"), h("dd", {}, [m.negated ? "negated" : null, m.hypothetical ? "hypothetical" : null].filter(Boolean).join(", ")));
  }
  return h("article", { class: "mention" },
    h("p", { class: "sentence-view" }, marked(m.sentence, marks)),
    outside.length ? h("p", { class: "muted small" }, outside.join("; ")) : null,
    dl,
    h("div", { class: "document", id: `doc-${m.event_id}` }));
}

export async function showEvidence(eventId, row, ctx, scroll) {
  const panel = byId("evidence");
  const body = clear(byId("evidence-body"));
  panel.hidden = false;
  body.append(h("p", { class: "muted" }, "Loading…"));
  // A merged event is found by merging mentions; its own row says where to look.
  const hints = new URLSearchParams();
  if (row && row.mention_count !== undefined) {
    if (row.date) {
      hints.set("start", row.date);
      hints.set("end", row.last_date || row.date);
    }
    hints.set("cameo", row.cameo);
    if (row.source_code) hints.set("source", row.source_code);
    if (row.target_code) hints.set("target", row.target_code);
    const win = ctx.state.get("window");
    if (win) hints.set("window", win);
  }
  let data;
  try {
    data = await ctx.api(`events/${encodeURIComponent(eventId)}`, hints);
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
  for (const m of data.mentions) body.append(mentionView(m, ctx));
  if (scroll) panel.scrollIntoView({ behavior: "smooth", block: "start" });
  byId("close-evidence").focus({ preventScroll: true });
}

async function showDocument(docId, mention, ctx) {
  const box = clear(byId(`doc-${mention.event_id}`));
  box.append(h("p", { class: "muted" }, "Loading the document…"));
  let data;
  try {
    data = await ctx.api(`documents/${encodeURIComponent(docId)}`);
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
