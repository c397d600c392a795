// Small DOM helpers shared by the views: element builders, number formats, colours,
// and `activate`, which makes any element a keyboard-usable button.

// The HTML parser put the charts in the SVG namespace; reuse it for what we draw.
export const SVG_NS = document.getElementById("timeline").namespaceURI;

export const byId = (id) => document.getElementById(id);

export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick") node.addEventListener("click", v);
    else if (k === "onactivate") activate(node, v);
    else node.setAttribute(k, String(v));
  }
}

export function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Click, Enter and Space all run `fn`; the element joins the tab order as a button
// unless it is one already.
export function activate(node, fn) {
  const native = node.tagName === "BUTTON" || node.tagName === "A";
  if (!native) {
    if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "0");
    if (!node.hasAttribute("role")) node.setAttribute("role", "button");
  }
  node.addEventListener("click", fn);
  if (!native) {
    node.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        fn(e);
      }
    });
  }
  return node;
}

export const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("en"));
export const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;
export const fmt1 = (n) => (n === null || n === undefined ? "" : Number(n).toFixed(1));

// Goldstein -10 (conflict, red) .. 0 (grey) .. +10 (cooperation, blue).
const RED = [178, 24, 43], GREY = [150, 150, 150], BLUE = [33, 102, 172];

export function tone(g) {
  if (g === null || g === undefined || Number.isNaN(g)) return "rgb(150,150,150)";
  const t = Math.max(-1, Math.min(1, g / 10));
  const [a, b] = t < 0 ? [GREY, RED] : [GREY, BLUE];
  const u = Math.abs(t);
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * u));
  return `rgb(${c.join(",")})`;
}

export const toneWord = (g) => (g === null || g === undefined ? "no score"
  : g < -1 ? "conflict" : g > 1 ? "cooperation" : "neutral");

// A table whose columns sort on click (and Enter/Space on the header button).
// `columns`: [{key, label, num, cell(row) -> node or text, value(row) -> sortable}].
export function sortableTable(table, columns, rows, { rowAttrs, empty, sortState } = {}) {
  const state = sortState || { key: null, dir: 1 };
  const draw = () => {
    clear(table);
    const sorted = [...rows];
    if (state.key !== null) {
      const col = columns.find((c) => c.key === state.key);
      const val = col.value || ((r) => r[col.key]);
      sorted.sort((a, b) => {
        const [x, y] = [val(a), val(b)];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * state.dir;
      });
    }
    table.append(h("thead", {}, h("tr", {}, columns.map((c) => {
      const dir = state.key === c.key ? (state.dir > 0 ? "ascending" : "descending") : "none";
      return h("th", { class: c.num ? "num" : null, "aria-sort": dir, scope: "col" },
        h("button", {
          type: "button", class: "sort",
          "aria-label": `${c.label}: sort ${dir === "ascending" ? "descending" : "ascending"}`,
          onclick: () => {
            state.dir = state.key === c.key ? -state.dir : (c.num ? -1 : 1);
            state.key = c.key;
            draw();
            table.querySelector(`th[aria-sort="${state.dir > 0 ? "ascending" : "descending"}"] button`)?.focus();
          },
        }, c.label, h("span", { class: "arrow", "aria-hidden": "true" },
          dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : "")));
    }))));
    const tbody = h("tbody");
    for (const r of sorted) {
      tbody.append(h("tr", rowAttrs ? rowAttrs(r) : {},
        columns.map((c) => h("td", { class: c.cls || (c.num ? "num" : null) },
          c.cell ? c.cell(r) : r[c.key]))));
    }
    if (!rows.length && empty) {
      tbody.append(h("tr", {}, h("td", { colspan: columns.length, class: "muted" }, empty)));
    }
    table.append(tbody);
  };
  draw();
  return state;
}
