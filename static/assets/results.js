// Result views shared by the big screen, the facilitator page and the phone:
// bars for choice questions and a word cloud for word-cloud questions.
// Participant text is always set as textContent.

import { el } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';

// Bars draws one horizontal bar per option with its count and share.
export class Bars {
  constructor(container) {
    this.root = el('ol', { class: 'bars' });
    container.replaceChildren(this.root);
    this.key = '';
  }

  update(options, counts, responses) {
    const key = options.join('\u0000');
    if (key !== this.key) {
      this.key = key;
      this.rows = options.map((label, i) => {
        const fill = el('span', { class: 'bar-fill' });
        const count = el('span', { class: 'bar-count' });
        const row = el(
          'li',
          { class: 'bar', dataset: { option: String(i) } },
          el('span', { class: 'bar-label', text: label }),
          el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          count,
        );
        return { row, fill, count };
      });
      this.root.replaceChildren(...this.rows.map((r) => r.row));
    }
    const max = Math.max(1, ...counts);
    const total = counts.reduce((a, b) => a + b, 0);
    // Shares are of the participants who answered (multiple choice can exceed 100 % in sum).
    const base = Math.max(1, responses || total);
    this.rows.forEach((r, i) => {
      const n = counts[i] || 0;
      r.fill.style.width = `${(n / max) * 100}%`;
      r.count.textContent = `${n} (${Math.round((n / base) * 100)} %)`;
      r.row.dataset.count = String(n);
      r.row.classList.toggle('is-top', n > 0 && n === max);
    });
  }
}

// wordKey is how the cloud recognises a word from one update to the next
// (the server already merged spellings; this only keeps placement stable
// when the display form changes case).
function wordKey(text) {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// hash is FNV-1a of a string: a stable number per word for colour and angle.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// WordCloud lays words out in an SVG: size by count (most frequent largest),
// horizontal, no overlap. Placement is deterministic and stable: a word keeps
// its place from one update to the next unless a larger word needs the room,
// and a new word starts from a spiral whose angle comes from its own text.
// A visually hidden list carries the same words for screen readers.
export class WordCloud {
  constructor(container, { width = 1600, height = 900, maxWords = 80, palette, emptyText = '' } = {}) {
    this.width = width;
    this.height = height;
    this.maxWords = maxWords;
    this.palette = palette || ['#ffffff', '#7dd3fc', '#fcd34d', '#86efac', '#f9a8d4', '#c4b5fd', '#fdba74'];
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    this.svg.setAttribute('class', 'cloud-svg');
    this.svg.setAttribute('aria-hidden', 'true');
    this.list = el('ul', { class: 'visually-hidden cloud-list' });
    this.empty = el('p', { class: 'cloud-empty', text: emptyText });
    this.root = el('div', { class: 'cloud' }, this.svg, this.list, this.empty);
    container.replaceChildren(this.root);
    this.nodes = new Map(); // key -> <text>
    this.places = new Map(); // key -> {x, y} centre, kept between updates
    this.canvas = document.createElement('canvas').getContext('2d');
    this.metrics = null;
    this.widths = new Map();
  }

  // fontMetrics reads, once the cloud is in the page, the font family the
  // words use and where a line box sits relative to the text's y: height and
  // centre as fractions of the font size.
  fontMetrics() {
    if (this.metrics) return this.metrics;
    const probe = document.createElementNS(SVG, 'text');
    probe.setAttribute('class', 'cloud-word');
    probe.setAttribute('dominant-baseline', 'central');
    probe.style.fontSize = '100px';
    probe.textContent = 'ÅÖgjy';
    this.svg.append(probe);
    let box = null;
    try {
      box = probe.getBBox();
    } catch {
      /* not rendered */
    }
    const family = getComputedStyle(probe).fontFamily;
    probe.remove();
    if (!box || !box.height || !family) return { family: 'system-ui, sans-serif', h: 1.25, c: 0 };
    this.metrics = { family, h: box.height / 100, c: (box.y + box.height / 2) / 100 };
    return this.metrics;
  }

  setEmptyText(text) {
    this.empty.textContent = text;
  }

  // measure returns the advance width of text at size; widths scale with the
  // size, so each word is measured once, at 100 px.
  measure(text, size) {
    let w = this.widths.get(text);
    if (w === undefined) {
      this.canvas.font = `700 100px ${this.fontMetrics().family}`;
      w = this.canvas.measureText(text).width / 100;
      if (this.widths.size > 2000) this.widths.clear();
      this.widths.set(text, w);
    }
    return w * size;
  }

  update(words) {
    const list = (words || [])
      .filter((w) => w && w.text && w.count > 0)
      .slice()
      .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .slice(0, this.maxWords)
      .map((w) => ({ text: w.text, count: w.count, key: wordKey(w.text) }));

    this.empty.hidden = list.length > 0;
    this.list.replaceChildren(...list.map((w) => el('li', { text: `${w.text}: ${w.count}` })));

    const laid = this.layout(list);
    const seen = new Set();
    for (const w of laid) {
      seen.add(w.key);
      let node = this.nodes.get(w.key);
      if (!node) {
        node = document.createElementNS(SVG, 'text');
        node.setAttribute('text-anchor', 'middle');
        node.setAttribute('dominant-baseline', 'central');
        node.setAttribute('class', 'cloud-word is-new');
        node.style.fill = this.palette[hash(w.key) % this.palette.length];
        node.style.transform = `translate(${w.x}px, ${w.y - w.shift}px)`;
        this.svg.append(node);
        this.nodes.set(w.key, node);
        requestAnimationFrame(() => node.classList.remove('is-new'));
      }
      node.textContent = w.text;
      node.dataset.word = w.text;
      node.dataset.count = String(w.count);
      node.style.fontSize = `${w.size}px`;
      node.style.transform = `translate(${w.x}px, ${w.y - w.shift}px)`;
    }
    for (const [key, node] of this.nodes) {
      if (!seen.has(key)) {
        node.remove();
        this.nodes.delete(key);
        this.places.delete(key);
      }
    }
  }

  // layout returns the words with x, y (centre) and size, or fewer words if
  // even the smallest type cannot fit them all.
  layout(list) {
    if (list.length === 0) return [];
    const W = this.width;
    const H = this.height;
    const maxCount = list[0].count;
    let maxSize = H * 0.2;
    let minSize = H * 0.035;

    // Fit the total area first, so that the spiral rarely runs out of room.
    const sizeOf = (w, scale) => Math.max(12, (minSize + (maxSize - minSize) * Math.sqrt(w.count / maxCount)) * scale);
    let area = 0;
    for (const w of list) {
      const s = sizeOf(w, 1);
      area += (this.measure(w.text, s) + s * 0.3) * s * (this.fontMetrics().h + 0.06);
    }
    let scale = Math.min(1, Math.sqrt((W * H * 0.42) / area));

    for (let attempt = 0; attempt < 8; attempt++) {
      const placed = [];
      let ok = true;
      for (const w of list) {
        const size = sizeOf(w, scale);
        const bw = this.measure(w.text, size) + size * 0.3;
        const bh = size * (this.fontMetrics().h + 0.06);
        if (bw > W) {
          ok = false;
          break;
        }
        const prev = this.places.get(w.key);
        const start = prev || { x: W / 2, y: H / 2 };
        const spot = this.findSpot(start, bw, bh, placed, hash(w.key));
        if (!spot) {
          ok = false;
          break;
        }
        placed.push({ ...w, size, x: spot.x, y: spot.y, w: bw, h: bh, shift: size * this.fontMetrics().c });
      }
      if (ok || attempt === 7) {
        for (const p of placed) this.places.set(p.key, { x: p.x, y: p.y });
        return placed;
      }
      scale *= 0.85;
    }
    return [];
  }

  // findSpot walks an Archimedean spiral (stretched to the cloud's aspect
  // ratio) out from start until the box fits inside the cloud and overlaps
  // nothing placed.
  findSpot(start, bw, bh, placed, seed) {
    const W = this.width;
    const H = this.height;
    const aspect = W / H;
    const startAngle = ((seed % 360) * Math.PI) / 180;
    const maxR = Math.hypot(W, H);
    // Points about 6 units apart along the curve, 30 units between turns.
    const a = 30 / (2 * Math.PI);
    for (let theta = 0; ; theta += Math.min(0.5, 6 / Math.max(1, a * theta))) {
      const r = a * theta;
      if (r > maxR) return null;
      const x = start.x + r * Math.cos(theta + startAngle) * aspect * 0.75;
      const y = start.y + r * Math.sin(theta + startAngle);
      const left = x - bw / 2;
      const top = y - bh / 2;
      if (left < 0 || top < 0 || left + bw > W || top + bh > H) continue;
      let free = true;
      for (const p of placed) {
        if (left < p.x + p.w / 2 && left + bw > p.x - p.w / 2 && top < p.y + p.h / 2 && top + bh > p.y - p.h / 2) {
          free = false;
          break;
        }
      }
      if (free) return { x, y };
    }
  }
}

// WordList is the phone's plain view of word-cloud results: the top words with counts.
export class WordList {
  constructor(container, { max = 15, emptyText = '' } = {}) {
    this.max = max;
    this.root = el('ol', { class: 'word-list' });
    this.empty = el('p', { class: 'muted', text: emptyText });
    container.replaceChildren(this.root, this.empty);
  }

  update(words) {
    const top = (words || []).slice(0, this.max);
    this.empty.hidden = top.length > 0;
    this.root.replaceChildren(
      ...top.map((w) =>
        el('li', {}, el('span', { class: 'word-text', text: w.text }), el('span', { class: 'word-count', text: String(w.count) })),
      ),
    );
  }
}
