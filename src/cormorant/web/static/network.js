// The actor network (cytoscape.js): nodes are countries or country + sector, directed
// edges are dyads with width = events and colour = mean Goldstein. A click on a node or
// an edge applies the filter the API sent with it. The same nodes and edges are listed
// below the graph as buttons and a sortable table, for the keyboard and screen readers.
import { byId, clear, fmt, fmt1, h, plural, sortableTable, tone, toneWord } from "./dom.js";

let cy = null;
let sortState = { key: "n_events", dir: -1 };

function edgeLabel(e) {
  return `${e.source} → ${e.target}: ${plural(e.n_events, "event")}, mean Goldstein ${fmt1(e.mean_goldstein)} (${toneWord(e.mean_goldstein)})`;
}

export function renderNetwork(body, ctx) {
  const box = byId("network");
  // Domestic dyads (the same node at both ends) would be loops that crowd the drawing;
  // they stay in the list below.
  const drawn = body.edges.filter((e) => e.source !== e.target);
  const linked = new Set(drawn.flatMap((e) => [e.source, e.target]));
  const loops = body.edges.length - drawn.length;
  const status = byId("network-status");
  // Width by the square root of events, spread over the range on show (a store where every
  // dyad is about as busy would otherwise draw every edge at full width).
  const counts = body.edges.map((e) => e.n_events);
  const [minEdge, maxEdge] = [Math.min(...counts), Math.max(...counts)];
  const width = (n) => (maxEdge > minEdge ? 1 + 8 * Math.sqrt((n - minEdge) / (maxEdge - minEdge)) : 3);
  const maxNode = Math.max(1, ...body.nodes.map((n) => n.n_out + n.n_in));
  byId("network-note").textContent = body.edges.length
    ? `${plural(body.nodes.length, "actor")}, ${plural(body.edges.length, "dyad")}` +
      `${body.truncated ? " (the busiest)" : ""}; width = events, colour = mean Goldstein; click a node or an edge to filter` +
      (loops ? `; ${plural(loops, "domestic dyad")} (same actor both ends) only in the list` : "")
    : "No events with both a source and a target country";
  status.textContent = "";
  if (cy) { cy.destroy(); cy = null; }
  clear(box);
  if (!window.cytoscape) {
    box.append(h("p", { class: "empty" }, "The network library is missing (run make install)"));
  } else if (drawn.length) {
    cy = window.cytoscape({
      container: box,
      elements: [
        ...body.nodes.filter((n) => linked.has(n.id)).map((n) => ({ data: { id: n.id, label: n.id, total: n.n_out + n.n_in, filter: n.filter,
          size: 14 + 30 * Math.sqrt((n.n_out + n.n_in) / maxNode) } })),
        ...drawn.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target,
          width: width(e.n_events), colour: tone(e.mean_goldstein),
          label: edgeLabel(e), filter: e.filter, n: e.n_events } })),
      ],
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
          "background-color": "#5b6b7d", color: "#222", "font-size": 12, "text-valign": "bottom",
          "text-margin-y": 3, "text-background-color": "#fff", "text-background-opacity": 0.7,
          "text-background-padding": 1 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)",
          "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
          "curve-style": "bezier", opacity: 0.85, "loop-direction": "-45deg", "loop-sweep": "-60deg" } },
        { selector: ":selected", style: { "overlay-opacity": 0.15, "overlay-color": "#000" } },
      ],
      // Force-directed for sparse graphs; rings by activity (the busiest inside) when dense,
      // where a force layout piles the hubs on top of each other.
      layout: drawn.length > 3 * linked.size
        ? { name: "concentric", concentric: (n) => n.data("total"), minNodeSpacing: 18,
          levelWidth: () => maxNode / 4, padding: 20, animate: false }
        : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 60000,
          nodeDimensionsIncludeLabels: true, componentSpacing: 60, nestingFactor: 1.2, gravity: 60,
          idealEdgeLength: () => 90, padding: 20 },
      minZoom: 0.2, maxZoom: 1, // the fit never magnifies; the user may, after
    });
    // Labels about 12 pixels high at the zoom the layout was fitted with.
    cy.style().selector("node").style("font-size", 12 / cy.zoom()).selector("edge")
      .style("arrow-scale", Math.max(0.6, 0.9 / cy.zoom())).update();
    cy.maxZoom(4);
    cy.on("tap", "node, edge", (e) => ctx.applyFilter(e.target.data("filter")));
    cy.on("mouseover", "node", (e) => {
      status.textContent = `${e.target.id()}: ${plural(e.target.data("total"), "event")} as source or target`;
    });
    cy.on("mouseover", "edge", (e) => { status.textContent = e.target.data("label"); });
    window.cormorantNetwork = cy; // for the browser tests and the console
  }
  renderLists(body, ctx);
}

function renderLists(body, ctx) {
  const nodes = clear(byId("network-nodes"));
  for (const n of body.nodes.slice(0, 40)) {
    nodes.append(h("li", {}, h("button", {
      type: "button", class: "chip",
      "aria-label": `${n.id}: ${plural(n.n_out, "event")} as source, ${plural(n.n_in, "event")} as target; filter to this actor`,
      onclick: () => ctx.applyFilter(n.filter),
    }, `${n.id} `, h("span", { class: "muted" }, fmt(n.n_out + n.n_in)))));
  }
  sortState = sortableTable(byId("dyads"), [
    { key: "source", label: "source" },
    { key: "target", label: "target" },
    { key: "n_events", label: "events", num: true, cell: (e) => fmt(e.n_events) },
    { key: "mean_goldstein", label: "Goldstein", num: true,
      cell: (e) => h("span", { class: "tone", style: null }, h("span", { class: "dot", "data-tone": toneWord(e.mean_goldstein) }), fmt1(e.mean_goldstein)) },
  ], body.edges, {
    sortState,
    empty: "No dyads",
    rowAttrs: (e) => ({ class: "clickable", "aria-label": `${edgeLabel(e)}; filter to this dyad`,
      onactivate: () => ctx.applyFilter(e.filter) }),
  });
}
