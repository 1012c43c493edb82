// Charts as inline SVG pictures, for the programme page's trends and the
// printable report: horizontal bars, lines over runs, and small multiples
// of bars per run. Each picture is role="img" with a label that says what
// it shows, and carries its numbers as text in the picture, so a printed
// page and a PDF's text hold them too. Participant text is set as text.

const NS = 'http://www.w3.org/2000/svg';

// SERIES are line and bar colours that read on white and differ in print.
export const SERIES = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d'];

function node(tag, attrs = {}, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = String(text);
  return n;
}

function picture(width, height, label) {
  const svg = node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart', width: '100%' });
  svg.append(node('title', {}, label));
  return svg;
}

// clip shortens a label to n characters for the picture (the full text is in its title).
function clip(s, n) {
  const t = String(s ?? '');
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

// barChart draws one bar per label, longest for the largest value;
// format(v, i) is the text beside each bar.
export function barChart(labels, values, { label = '', format = (v) => String(v), max } = {}) {
  const row = 26;
  const width = 640;
  const left = 220;
  const right = 110;
  const height = Math.max(row, labels.length * row) + 8;
  const svg = picture(width, height, label);
  const top = Math.max(1e-9, max ?? Math.max(0, ...values));
  labels.forEach((name, i) => {
    const y = 4 + i * row;
    const v = Number(values[i]) || 0;
    const w = Math.max(0, ((width - left - right) * v) / top);
    const g = node('g', { class: 'chart-bar' });
    const text = node('text', { x: left - 8, y: y + row / 2, 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'chart-label' }, clip(name, 30));
    text.append(node('title', {}, name));
    g.append(text);
    g.append(node('rect', { x: left, y: y + 4, width: w.toFixed(1), height: row - 8, fill: SERIES[0], rx: 2 }));
    g.append(node('text', { x: left + w + 6, y: y + row / 2, 'dominant-baseline': 'central', class: 'chart-value' }, format(v, i)));
    svg.append(g);
  });
  return svg;
}

// lineChart draws each series over the runs (x labels), on a scale from
// min to max; a null value leaves a gap. Every point carries its value.
export function lineChart(xLabels, series, { label = '', min = 0, max = 1, format = (v) => String(v) } = {}) {
  const width = 640;
  const left = 48;
  const right = 20;
  const inset = 28; // the first and last points stand clear of the axis labels
  const top = 14;
  const plot = 170;
  const legendRow = 20;
  const height = top + plot + 40 + series.length * legendRow;
  const svg = picture(width, height, label);
  const span = Math.max(1e-9, max - min);
  const x = (i) => left + inset + (xLabels.length === 1 ? (width - left - right - 2 * inset) / 2 : (i * (width - left - right - 2 * inset)) / (xLabels.length - 1));
  const y = (v) => top + plot - ((v - min) / span) * plot;
  for (const v of [min, (min + max) / 2, max]) {
    svg.append(node('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'chart-grid' }));
    svg.append(node('text', { x: left - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'chart-axis' }, format(v)));
  }
  xLabels.forEach((name, i) => {
    svg.append(node('text', { x: x(i), y: top + plot + 18, 'text-anchor': 'middle', class: 'chart-axis' }, clip(name, 18)));
  });
  series.forEach((s, k) => {
    const color = SERIES[k % SERIES.length];
    const pts = s.values.map((v, i) => (typeof v === 'number' ? [x(i), y(v), v] : null));
    let d = '';
    let pen = false;
    for (const p of pts) {
      if (!p) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${p[0].toFixed(1)} ${p[1].toFixed(1)}`;
      pen = true;
    }
    const g = node('g', { class: 'chart-series' });
    if (d) g.append(node('path', { d, fill: 'none', stroke: color, 'stroke-width': 3 }));
    for (const p of pts) {
      if (!p) continue;
      g.append(node('circle', { cx: p[0], cy: p[1], r: 4.5, fill: color }));
      g.append(node('text', { x: p[0], y: p[1] - 9, 'text-anchor': 'middle', class: 'chart-value' }, format(p[2])));
    }
    const ly = top + plot + 40 + k * legendRow;
    g.append(node('rect', { x: left, y: ly - 6, width: 14, height: 4, fill: color }));
    const name = node('text', { x: left + 22, y: ly - 4, 'dominant-baseline': 'central', class: 'chart-label' }, clip(s.name, 70));
    name.append(node('title', {}, s.name));
    g.append(name);
    svg.append(g);
  });
  return svg;
}

// smallMultiples draws one panel per label (an option), each with one bar
// per run: values[run][label], as shares from 0 to 1.
export function smallMultiples(runLabels, labels, values, { label = '', format = (v) => `${Math.round(v * 100)} %` } = {}) {
  const cols = Math.min(3, Math.max(1, labels.length));
  const panelW = 640 / cols;
  const barRow = 18;
  const panelH = 24 + runLabels.length * barRow + 8;
  const rows = Math.ceil(labels.length / cols);
  const svg = picture(640, rows * panelH, label);
  labels.forEach((name, i) => {
    const ox = (i % cols) * panelW;
    const oy = Math.floor(i / cols) * panelH;
    const g = node('g', { class: 'chart-panel', transform: `translate(${ox} ${oy})` });
    const head = node('text', { x: 4, y: 14, class: 'chart-label chart-head' }, clip(name, Math.floor(panelW / 8)));
    head.append(node('title', {}, name));
    g.append(head);
    runLabels.forEach((run, r) => {
      const y = 22 + r * barRow;
      const v = Number(values[r]?.[i]) || 0;
      const w = Math.max(0, (panelW - 100) * Math.min(1, v));
      g.append(node('text', { x: 4, y: y + barRow / 2, 'dominant-baseline': 'central', class: 'chart-axis' }, clip(run, 6)));
      g.append(node('rect', { x: 50, y: y + 3, width: w.toFixed(1), height: barRow - 6, fill: SERIES[r % SERIES.length], rx: 2 }));
      g.append(node('text', { x: 54 + w, y: y + barRow / 2, 'dominant-baseline': 'central', class: 'chart-value' }, format(v)));
    });
    svg.append(g);
  });
  return svg;
}
