// The word cloud: an SVG of the words, size by count, laid out so that a
// word keeps its place while others arrive, and exported as SVG or PNG.
// Participant text is only ever set as text.

import { el } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';

// wordKey is how the cloud recognises a word from one update to the next
// (the server already merged spellings; this only keeps placement stable
// when the display form changes case).
export function wordKey(text) {
  return String(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// hash is FNV-1a of a string: a stable number per word for colour and place.
export function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Light colours on the dark cloud: each reaches at least 7:1 against the
// background, readable from the back of a theatre.
export const CLOUD_PALETTE = ['#ffffff', '#7dd3fc', '#fcd34d', '#86efac', '#f9a8d4', '#c4b5fd', '#fdba74'];
export const CLOUD_BACKGROUND = '#0b1322';

// WordCloud lays words out in an SVG: size by count (most frequent largest),
// horizontal, no overlap.
//
// Placement is deterministic and stable. A word that was placed before is
// placed first and starts from where it was, so it stays there unless it
// grew into a neighbour; a new word starts from an anchor that comes from its
// own key (an angle and a distance from the centre), then walks a spiral
// out to the nearest free room. The same words arriving in the same order
// give the same picture.
//
// With onActivate, every word is a button (click, Enter or Space) that calls
// onActivate({entry, label}); without it, a visually hidden list carries the
// words for screen readers and the picture is hidden from them.
export class WordCloud {
  constructor(
    container,
    { width = 1600, height = 900, maxWords = 80, palette, emptyText = '', label = '', onActivate = null } = {},
  ) {
    this.width = width;
    this.height = height;
    this.maxWords = maxWords;
    this.palette = palette || CLOUD_PALETTE;
    this.interactive = typeof onActivate === 'function';
    this.onActivate = onActivate;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    this.svg.setAttribute('class', 'cloud-svg');
    if (this.interactive) {
      this.svg.setAttribute('role', 'group');
      if (label) this.svg.setAttribute('aria-label', label);
    } else {
      this.svg.setAttribute('aria-hidden', 'true');
    }
    this.list = el('ul', { class: 'visually-hidden cloud-list' });
    this.empty = el('p', { class: 'cloud-empty', text: emptyText });
    this.root = el('div', { class: 'cloud' }, this.svg, this.interactive ? null : this.list, this.empty);
    container.replaceChildren(this.root);
    this.nodes = new Map(); // key -> <text>
    this.places = new Map(); // key -> {x, y} centre, kept between updates
    this.laid = []; // the words as last drawn
    this.canvas = document.createElement('canvas').getContext('2d');
    this.metrics = null;
    this.widths = new Map();
    if (this.interactive) {
      this.svg.addEventListener('click', (ev) => this.activate(ev.target));
      this.svg.addEventListener('keydown', (ev) => {
        if (ev.key !== 'Enter' && ev.key !== ' ') return;
        if (!ev.target.closest?.('[data-entry]')) return;
        ev.preventDefault();
        this.activate(ev.target);
      });
    }
  }

  activate(target) {
    const node = target?.closest?.('[data-entry]');
    if (node && this.onActivate) this.onActivate({ entry: node.dataset.entry, label: node.dataset.entry, node });
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

  // update draws words ([{text, count}]), the most frequent maxWords of them.
  update(words) {
    const list = (words || [])
      .filter((w) => w && w.text && w.count > 0)
      .slice()
      .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .slice(0, this.maxWords)
      .map((w) => ({ text: w.text, count: w.count, key: wordKey(w.text) }));

    this.empty.hidden = list.length > 0;
    if (!this.interactive) this.list.replaceChildren(...list.map((w) => el('li', { text: `${w.text}: ${w.count}` })));

    const laid = this.layout(list);
    this.laid = laid;
    const seen = new Set();
    for (const w of laid) {
      seen.add(w.key);
      w.color = this.palette[hash(w.key) % this.palette.length];
      let node = this.nodes.get(w.key);
      if (!node) {
        node = document.createElementNS(SVG, 'text');
        node.setAttribute('text-anchor', 'middle');
        node.setAttribute('dominant-baseline', 'central');
        node.setAttribute('class', 'cloud-word is-new');
        node.style.fill = w.color;
        node.style.transform = `translate(${w.x}px, ${w.y - w.shift}px)`;
        if (this.interactive) {
          node.setAttribute('tabindex', '0');
          node.setAttribute('role', 'button');
        }
        this.svg.append(node);
        this.nodes.set(w.key, node);
        requestAnimationFrame(() => node.classList.remove('is-new'));
      }
      node.textContent = w.text;
      node.dataset.word = w.text;
      node.dataset.entry = w.text;
      node.dataset.count = String(w.count);
      node.dataset.x = w.x.toFixed(1);
      node.dataset.y = w.y.toFixed(1);
      if (this.interactive) node.setAttribute('aria-label', `${w.text}: ${w.count}`);
      node.style.fontSize = `${w.size}px`;
      node.style.transform = `translate(${w.x}px, ${w.y - w.shift}px)`;
    }
    for (const [key, node] of this.nodes) {
      if (!seen.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    // Places of words gone for now (hidden, or pushed out by maxWords) are
    // kept, so that a word coming back returns to its spot.
    if (this.places.size > 4 * this.maxWords + 200) {
      for (const key of this.places.keys()) if (!seen.has(key)) this.places.delete(key);
    }
  }

  // remove takes a word out at once (before the server's next results).
  remove(text) {
    const key = wordKey(text);
    const node = this.nodes.get(key);
    if (node) node.remove();
    this.nodes.delete(key);
    this.laid = this.laid.filter((w) => w.key !== key);
    this.empty.hidden = this.laid.length > 0;
  }

  // anchor is where a new word starts looking for room: a point near the
  // centre of the cloud, from its key alone.
  anchor(key) {
    const h = hash(key);
    const angle = ((h % 3600) / 3600) * 2 * Math.PI;
    const r = Math.sqrt(((h >>> 12) % 1000) / 1000) * 0.15;
    return {
      x: this.width / 2 + Math.cos(angle) * r * (this.width / 2),
      y: this.height / 2 + Math.sin(angle) * r * (this.height / 2),
    };
  }

  // layout returns the words with x, y (centre) and size, or fewer words if
  // even the smallest type cannot fit them all.
  layout(list) {
    if (list.length === 0) return [];
    const W = this.width;
    const H = this.height;
    const m = this.fontMetrics();
    const maxCount = list[0].count;
    const maxSize = H * 0.2;
    const minSize = H * 0.045;

    // Fit the total area first, so that the spiral rarely runs out of room.
    const sizeOf = (w, scale) => Math.max(12, (minSize + (maxSize - minSize) * Math.sqrt(w.count / maxCount)) * scale);
    let area = 0;
    for (const w of list) {
      const s = sizeOf(w, 1);
      area += (this.measure(w.text, s) + s * 0.3) * s * (m.h + 0.06);
    }
    let scale = Math.min(1, Math.sqrt((W * H * 0.42) / area));

    // Words placed before go first, largest first; then the new ones.
    const order = [...list.filter((w) => this.places.has(w.key)), ...list.filter((w) => !this.places.has(w.key))];

    for (let attempt = 0; attempt < 8; attempt++) {
      const placed = [];
      let ok = true;
      for (const w of order) {
        const size = sizeOf(w, scale);
        const bw = this.measure(w.text, size) + size * 0.3;
        const bh = size * (m.h + 0.06);
        if (bw > W) {
          ok = false;
          break;
        }
        const start = this.places.get(w.key) || this.anchor(w.key);
        const spot = this.findSpot(start, bw, bh, placed, hash(w.key));
        if (!spot) {
          ok = false;
          break;
        }
        placed.push({ ...w, size, x: spot.x, y: spot.y, w: bw, h: bh, shift: size * m.c });
      }
      if (ok || attempt === 7) {
        for (const p of placed) this.places.set(p.key, { x: p.x, y: p.y });
        // Draw order (and tab order) by count, like the list.
        const rank = new Map(list.map((w, i) => [w.key, i]));
        return placed.sort((a, b) => rank.get(a.key) - rank.get(b.key));
      }
      scale *= 0.85;
    }
    return [];
  }

  // findSpot walks an Archimedean spiral (stretched to the cloud's aspect
  // ratio) out from start until the box fits inside the cloud and overlaps
  // nothing placed. The start itself is tried first.
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

  // toSVG returns the cloud as drawn, as a standalone SVG document: the
  // background, and every word with its size, colour and place.
  toSVG({ title = '' } = {}) {
    const doc = document.implementation.createDocument(SVG, 'svg', null);
    const svg = doc.documentElement;
    svg.setAttribute('width', String(this.width));
    svg.setAttribute('height', String(this.height));
    svg.setAttribute('viewBox', `0 0 ${this.width} ${this.height}`);
    if (title) {
      const t = doc.createElementNS(SVG, 'title');
      t.textContent = title;
      svg.append(t);
    }
    const bg = doc.createElementNS(SVG, 'rect');
    bg.setAttribute('width', '100%');
    bg.setAttribute('height', '100%');
    bg.setAttribute('fill', CLOUD_BACKGROUND);
    svg.append(bg);
    const g = doc.createElementNS(SVG, 'g');
    g.setAttribute('font-family', this.fontMetrics().family);
    g.setAttribute('font-weight', '700');
    g.setAttribute('text-anchor', 'middle');
    g.setAttribute('dominant-baseline', 'central');
    for (const w of this.laid) {
      const text = doc.createElementNS(SVG, 'text');
      text.setAttribute('x', w.x.toFixed(1));
      text.setAttribute('y', (w.y - w.shift).toFixed(1));
      text.setAttribute('font-size', w.size.toFixed(1));
      text.setAttribute('fill', w.color || '#ffffff');
      text.textContent = w.text;
      g.append(text);
    }
    svg.append(g);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
  }

  // toPNG draws the SVG export on an offscreen canvas, scale times its size.
  // (A data: URL, since the pages' policy allows images from data: only.)
  async toPNG({ title = '', scale = 2 } = {}) {
    const svg = this.toSVG({ title });
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(this.width * scale);
    canvas.height = Math.round(this.height * scale);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = CLOUD_BACKGROUND;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be made.'))), 'image/png'),
    );
  }
}
