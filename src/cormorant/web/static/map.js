// The map: countries and coastlines from world-atlas (d3-geo + topojson-client), pan
// and zoom (d3-zoom), points clustered on screen at low zoom and coloured by mean
// Goldstein, labels placed greedily so none collide, and a drawn box as the bbox filter.
import { byId, clear, fmt, fmt1, plural, s, tone, toneWord } from "./dom.js";

const W = 720, H = 380;
const CLUSTER_PX = 22;
const MAX_LABELS = 40;

let atlas = null; // the parsed topology, fetched once
let current = null; // {places, ctx, transform, projection, bbox}

export async function loadAtlas(getJSON) {
  if (!atlas) atlas = await getJSON("static/vendor/countries-50m.json");
  return atlas;
}

function radius(n, max) {
  return 3 + 13 * Math.sqrt(n / Math.max(1, max));
}

// Greedy clustering in screen space: the biggest place first, then every place within
// CLUSTER_PX of a cluster's centre joins it.
function cluster(places, project) {
  const clusters = [];
  for (const p of [...places].sort((a, b) => b.n_events - a.n_events)) {
    const [x, y] = project([p.lon, p.lat]);
    const near = clusters.find((c) => Math.hypot(c.x - x, c.y - y) < CLUSTER_PX);
    if (near) {
      near.members.push(p);
      near.n += p.n_events;
      if (p.mean_goldstein !== null) { near.gSum += p.mean_goldstein * p.n_events; near.gN += p.n_events; }
    } else {
      clusters.push({ x, y, n: p.n_events, members: [p],
        gSum: p.mean_goldstein === null ? 0 : p.mean_goldstein * p.n_events,
        gN: p.mean_goldstein === null ? 0 : p.n_events });
    }
  }
  return clusters;
}

function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

// Each label tries right, left, above and below its point and is dropped when every
// position hits a placed label or another point.
function placeLabels(clusters, rOf) {
  const taken = clusters.map((c) => ({ x0: c.x - rOf(c), x1: c.x + rOf(c), y0: c.y - rOf(c), y1: c.y + rOf(c), c }));
  const out = [];
  for (const c of clusters) {
    if (out.length >= MAX_LABELS) break;
    const text = c.members.length > 1 ? `${c.members[0].name} +${c.members.length - 1}` : c.members[0].name;
    if (!text) continue;
    const w = 6.2 * text.length, hgt = 12, r = rOf(c);
    const spots = [
      [c.x + r + 2, c.y + 4, "start"], [c.x - r - 2, c.y + 4, "end"],
      [c.x, c.y - r - 3, "middle"], [c.x, c.y + r + 11, "middle"],
    ];
    for (const [x, y, anchor] of spots) {
      const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      const box = { x0, x1: x0 + w, y0: y - hgt + 2, y1: y + 2 };
      if (box.x0 < 0 || box.x1 > W || box.y0 < 0 || box.y1 > H) continue;
      if (taken.some((t) => t.c !== c && overlaps(t, box))) continue;
      taken.push(box);
      out.push({ x, y, anchor, text });
      break;
    }
  }
  return out;
}

function drawPoints() {
  const { places, ctx, transform, projection } = current;
  const layer = clear(byId("map-points"));
  const labels = clear(byId("map-labels"));
  const project = (lonlat) => transform.apply(projection(lonlat));
  const visible = places.filter((p) => {
    const [x, y] = project([p.lon, p.lat]);
    return x >= -20 && x <= W + 20 && y >= -20 && y <= H + 20;
  });
  const clusters = cluster(visible, project);
  const max = Math.max(1, ...clusters.map((c) => c.n));
  const rOf = (c) => radius(c.n, max);
  // Largest first, so the small ones are drawn on top and stay clickable.
  for (const c of clusters) {
    const g = c.gN ? c.gSum / c.gN : null;
    const single = c.members.length === 1;
    const p = c.members[0];
    const name = p.several_names ? `${p.name} and nearby places` : p.name;
    const label = single
      ? `${name}${p.country ? ", " + p.country : ""}: ${plural(p.n_events, "event")}, mean Goldstein ${fmt1(g)} (${toneWord(g)}); filter to ${p.several_names ? "this square" : "this place"}`
      : `${c.members.length} places around ${p.name}: ${plural(c.n, "event")}, mean Goldstein ${fmt1(g)}; zoom in`;
    const node = s("g", {
      class: single ? "point" : "point cluster", "aria-label": label,
      "data-place": single && !p.several_names ? p.name : null, "data-events": c.n,
      onactivate: () => (!single ? zoomTo(c.members)
        : p.several_names ? ctx.applyFilter({ bbox: p.bbox.join(",") }) : ctx.applyFilter({ place: p.name })),
    }, s("title", {}, label),
    s("circle", { cx: c.x, cy: c.y, r: rOf(c), fill: tone(g) }),
    single ? null : s("text", { x: c.x, y: c.y + 4, "text-anchor": "middle", class: "count" }, fmt(c.members.length)));
    layer.append(node);
  }
  for (const l of placeLabels(clusters, rOf)) {
    labels.append(s("text", { x: l.x, y: l.y, "text-anchor": l.anchor, class: "label" }, l.text));
  }
}

let zoom = null;

function zoomTo(members) {
  const d3 = window.d3;
  const pts = members.map((p) => current.projection([p.lon, p.lat]));
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min(60, 0.8 / Math.max((x1 - x0) / W, (y1 - y0) / H, 1 / 60));
  const t = d3.zoomIdentity.translate(W / 2, H / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
  d3.select(byId("map")).call(zoom.transform, t);
}

// A lon/lat box as a densified polygon, so it follows the projection's curves.
function boxShape([w, so, e, n]) {
  const ring = [];
  const steps = 24;
  for (let i = 0; i <= steps; i++) ring.push([w + ((e - w) * i) / steps, so]);
  for (let i = 0; i <= steps; i++) ring.push([e, so + ((n - so) * i) / steps]);
  for (let i = 0; i <= steps; i++) ring.push([e - ((e - w) * i) / steps, n]);
  for (let i = 0; i <= steps; i++) ring.push([w, n - ((n - so) * i) / steps]);
  return { type: "Polygon", coordinates: [ring.reverse()] };
}

export function renderMap(body, ctx, world) {
  const svg = byId("map");
  const d3 = window.d3, topo = window.topojson;
  const places = body.cells;
  byId("map-note").textContent = places.length
    ? `${plural(places.length, "place")} (${body.cell}° squares${body.truncated ? ", the busiest" : ""}); ` +
      "red conflict, blue cooperation; scroll or pinch to zoom, drag to pan; " +
      "click a point to filter, a cluster to zoom in; Draw a box to filter by area"
    : "No located events";
  if (!d3 || !topo || !world) {
    clear(svg).append(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" },
      "The map library is missing (run make install)"));
    return;
  }
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [W - 4, H - 4]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  if (!svg.dataset.drawn) {
    clear(svg);
    const countries = topo.feature(world, world.objects.countries);
    const base = s("g", { id: "map-base" },
      s("path", { class: "sphere", d: path({ type: "Sphere" }) }),
      s("path", { class: "graticule", d: path(d3.geoGraticule10()) }),
      s("path", { class: "land", d: path(countries) }),
      s("path", { class: "borders", d: path(topo.mesh(world, world.objects.countries, (a, b) => a !== b)) }),
      s("path", { class: "coast", d: path(topo.mesh(world, world.objects.countries, (a, b) => a === b)) }),
      s("path", { id: "map-bbox", class: "bbox" }));
    svg.append(base, s("g", { id: "map-points" }), s("g", { id: "map-labels" }), s("g", { id: "map-brush" }));
    zoom = d3.zoom().scaleExtent([1, 60]).translateExtent([[0, 0], [W, H]])
      .on("zoom", (e) => {
        current.transform = e.transform;
        base.setAttribute("transform", e.transform.toString());
        drawPoints();
      });
    d3.select(svg).call(zoom).on("dblclick.zoom", null);
    svg.dataset.drawn = "1";
  }
  const bbox = ctx.state.get("bbox");
  const shape = bbox ? bbox.split(",").map(Number) : null;
  byId("map-bbox").setAttribute("d", shape && shape.length === 4 ? path(boxShape(shape)) : "");
  current = { places, ctx, projection, transform: d3.zoomTransform(svg) };
  // Fit the view to the points (or the box) on every new filter.
  const fit = shape && shape.length === 4 ? [{ lon: shape[0], lat: shape[1] }, { lon: shape[2], lat: shape[3] }] : places;
  if (fit.length) zoomTo(fit);
  else d3.select(svg).call(zoom.transform, d3.zoomIdentity);
  drawPoints();
}

// "Draw a box": a one-off brush over the map; its corners, inverted through the zoom and
// the projection, become the bbox filter.
export function startBox(ctx) {
  const d3 = window.d3;
  if (!d3 || !current) return;
  const layer = byId("map-brush");
  const button = byId("draw-box");
  const stop = () => {
    clear(layer);
    button.setAttribute("aria-pressed", "false");
    byId("map").classList.remove("drawing");
  };
  if (layer.firstChild) { stop(); return; }
  button.setAttribute("aria-pressed", "true");
  byId("map").classList.add("drawing");
  const brush = d3.brush().extent([[0, 0], [W, H]]).on("end", (e) => {
    if (!e.selection) return;
    const [[x0, y0], [x1, y1]] = e.selection;
    const corners = [[x0, y0], [x1, y0], [x0, y1], [x1, y1]]
      .map((p) => current.projection.invert(current.transform.invert(p))).filter((p) => p && p.every(Number.isFinite));
    stop();
    if (corners.length < 2) return;
    const lons = corners.map((p) => p[0]), lats = corners.map((p) => p[1]);
    const r = (v) => Math.round(v * 100) / 100;
    ctx.applyFilter({ bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)].map(r).join(",") });
  });
  d3.select(layer).call(brush);
}
