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

// EXPORT_SIZES are the pictures a cloud is exported as: a 16:9 slide and an
// A4 landscape page (297:210). The PNG is drawn at twice the size: 3200 ×
// 1800 for a slide, 3200 × 2263 (about 270 dpi) for A4.
export const EXPORT_SIZES = {
  slide: { width: 1600, height: 900 },
  a4: { width: 1600, height: 1131 },
};

// The sizes of words, as shares of the screen's height: the most frequent
// word is drawn at least LARGEST tall (and up to LARGEST_MAX), no word is
// drawn smaller than SMALLEST; a word that would be smaller is left out and
// counted in the "more words" note. EXPORT_SMALLEST is the floor of the
// exports, which keep every word.
const LARGEST = 0.125;
const LARGEST_MAX = 0.24;
const SMALLEST = 0.026;
const EXPORT_SMALLEST = 0.008;
// RATIO is the least frequent word's size relative to the most frequent.
const RATIO = 0.2;
// SPREAD is how sizes follow counts: size grows with count to this power
// (1 is in proportion; more keeps the middle smaller, so more words fit).
const SPREAD = 1.25;
// SPREAD_MAX is the most the words are moved apart to reach the edges.
const SPREAD_MAX = 1.3;

// WordCloud lays words out in an SVG: size by count (most frequent largest),
// horizontal, no overlap.
//
// With fit, the cloud is laid out for the box it has: the SVG's coordinates
// are the box's own pixels, and it lays out again when the box changes size
// (a window resized, another projector). Words are then as large as the box
// lets every drawn word be placed: the words are placed at a trial size, and
// the largest size at which all of them find room is kept. Laid out for a
// new size (and in the exports), the words are then centred and moved
// apart, each axis on its own, to reach the box's edges.
// Without fit, the cloud is laid out in a fixed width × height picture
// scaled into its box.
//
// Placement is deterministic and stable. A word that was placed before is
// placed first and starts from where it was (kept as a share of the width
// and height, so a resize keeps the picture), so it stays there unless it
// grew into a neighbour; a new word starts from an anchor that comes from
// its own key (an angle and a distance from the centre), then walks a
// spiral out to the nearest free room. The same words arriving in the same
// order give the same picture.
//
// With onActivate, every word is a button (click, Enter or Space) that calls
// onActivate({entry, label}); without it, a visually hidden list carries the
// words for screen readers and the picture is hidden from them.
export class WordCloud {
  constructor(
    container,
    { width = 1600, height = 900, maxWords = 80, palette, emptyText = '', label = '', onActivate = null, fit = false, moreText = null } = {},
  ) {
    this.width = width;
    this.height = height;
    this.fit = fit;
    this.moreText = typeof moreText === 'function' ? moreText : null;
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
    this.more = document.createElementNS(SVG, 'text');
    this.more.setAttribute('class', 'cloud-more');
    this.more.setAttribute('text-anchor', 'end');
    this.more.setAttribute('aria-hidden', 'true');
    this.more.setAttribute('fill', '#c3cedd');
    this.more.setAttribute('font-weight', '600');
    this.list = el('ul', { class: 'visually-hidden cloud-list' });
    this.empty = el('p', { class: 'cloud-empty', text: emptyText });
    this.root = el('div', { class: fit ? 'cloud is-fit' : 'cloud' }, this.svg, this.interactive ? null : this.list, this.empty);
    container.replaceChildren(this.root);
    this.nodes = new Map(); // key -> <text>
    this.places = new Map(); // key -> {x, y} centre as shares of width and height, kept between updates
    this.laid = []; // the words as last drawn
    this.words = []; // the words of the last update, every one
    this.hiddenCount = 0; // words of the last update too small to draw
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
    if (fit && typeof ResizeObserver === 'function') {
      this.frame = 0;
      this.observer = new ResizeObserver(() => {
        cancelAnimationFrame(this.frame);
        this.frame = requestAnimationFrame(() => {
          if (this.resize()) this.draw();
        });
      });
      this.observer.observe(this.root);
      this.resize();
    }
  }

  // resize takes the SVG's box as the cloud's size; it reports a change.
  resize() {
    const w = Math.round(this.svg.clientWidth);
    const h = Math.round(this.svg.clientHeight);
    if (!w || !h || (w === this.width && h === this.height)) return false;
    this.width = w;
    this.height = h;
    this.svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    return true;
  }

  // screenHeight is what word sizes are shares of: the window's height for
  // a cloud that fits its box, else the picture's own height.
  screenHeight() {
    return this.fit ? window.innerHeight || this.height : this.height;
  }

  destroy() {
    this.observer?.disconnect();
    cancelAnimationFrame(this.frame);
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
  measure(text, size, weight = 700) {
    const key = `${weight} ${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.canvas.font = `${weight} 100px ${this.fontMetrics().family}`;
      w = this.canvas.measureText(text).width / 100;
      if (this.widths.size > 2000) this.widths.clear();
      this.widths.set(key, w);
    }
    return w * size;
  }

  // update draws words ([{text, count}]), the most frequent maxWords of them.
  update(words) {
    this.words = (words || [])
      .filter((w) => w && w.text && w.count > 0)
      .slice()
      .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .slice(0, this.maxWords)
      .map((w) => ({ text: w.text, count: w.count, key: wordKey(w.text) }));
    const list = this.words;
    this.empty.hidden = list.length > 0;
    if (!this.interactive) this.list.replaceChildren(...list.map((w) => el('li', { text: `${w.text}: ${w.count}` })));
    if (this.fit) this.resize();
    this.draw();
  }

  // draw lays the last words out for the cloud's size and sets the SVG.
  draw() {
    const list = this.words;
    // A new size (a resize, another projector) is a new picture: the words
    // may then move apart to reach its edges. As answers arrive at the same
    // size, they keep their places.
    const size = `${this.width}x${this.height}`;
    const resized = !!this.drawnAt && this.drawnAt !== size;
    this.drawnAt = size;
    const { placed, dropped } = this.layout(list, { width: this.width, height: this.height, screen: this.screenHeight(), places: this.places, spread: resized });
    for (const p of placed) this.places.set(p.key, { x: p.x / this.width, y: p.y / this.height });
    this.laid = placed;
    this.hiddenCount = dropped;
    const seen = new Set();
    for (const w of placed) {
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
    this.drawMore();
    // Places of words gone for now (hidden, too small or pushed out by
    // maxWords) are kept, so that a word coming back returns to its spot.
    if (this.places.size > 4 * this.maxWords + 200) {
      for (const key of this.places.keys()) if (!seen.has(key)) this.places.delete(key);
    }
  }

  // moreBox is where the "more words" note goes: the bottom right corner,
  // kept free of words.
  moreBox(W, H, screen, n) {
    if (!n || !this.moreText) return null;
    const size = Math.max(SMALLEST * screen, Math.min(0.032 * screen, H * 0.08));
    const text = this.moreText(n);
    const w = this.measure(text, size, 600) + size * 0.4;
    const h = size * 1.3;
    return { text, size, x: W - w / 2, y: H - h / 2, w, h };
  }

  drawMore() {
    const box = this.moreBox(this.width, this.height, this.screenHeight(), this.hiddenCount);
    if (!box) {
      this.more.remove();
      this.more.textContent = '';
      return;
    }
    this.more.textContent = box.text;
    this.more.setAttribute('x', (this.width - box.size * 0.2).toFixed(1));
    this.more.setAttribute('y', (this.height - box.size * 0.35).toFixed(1));
    this.more.style.fontSize = `${box.size}px`;
    this.more.dataset.count = String(this.hiddenCount);
    if (!this.more.isConnected) this.svg.append(this.more);
  }

  // remove takes a word out at once (before the server's next results).
  remove(text) {
    const key = wordKey(text);
    const node = this.nodes.get(key);
    if (node) node.remove();
    this.nodes.delete(key);
    this.words = this.words.filter((w) => w.key !== key);
    this.laid = this.laid.filter((w) => w.key !== key);
    this.empty.hidden = this.laid.length > 0;
  }

  // anchor is where a new word starts looking for room: a point near the
  // centre of the cloud, from its key alone, as shares of width and height.
  anchor(key) {
    const h = hash(key);
    const angle = ((h % 3600) / 3600) * 2 * Math.PI;
    const r = Math.sqrt(((h >>> 12) % 1000) / 1000) * 0.15;
    return { x: 0.5 + (Math.cos(angle) * r) / 2, y: 0.5 + (Math.sin(angle) * r) / 2 };
  }

  // layout places words ([{text, count, key}], most frequent first) in a
  // width × height picture. Sizes go from RATIO to 1 times a scale, by the
  // square root of the count; the scale is the largest from LARGEST to
  // LARGEST_MAX of the screen height at which every word not smaller than
  // smallest (a share of the screen height) finds room. If even LARGEST
  // leaves words without room, the least frequent are left out. It returns
  // the placed words (x, y centre, size) in the order of the list and how
  // many were left out. With spread, the words are moved apart to reach
  // the edges.
  layout(list, { width: W, height: H, screen = H, places = new Map(), smallest = SMALLEST, keepAll = false, spread = false }) {
    if (list.length === 0 || !W || !H) return { placed: [], dropped: 0 };
    const m = this.fontMetrics();
    const maxCount = list[0].count;
    const factor = list.map((w) => RATIO + (1 - RATIO) * (w.count / maxCount) ** SPREAD);
    const minPx = Math.max(9, smallest * screen);
    const pad = 0.16;
    const lineH = m.h + 0.04;
    // The widest scale any word allows: every word must fit the width.
    let widthCap = Infinity;
    list.forEach((w, i) => {
      widthCap = Math.min(widthCap, (W * 0.98) / ((this.measure(w.text, 1) + pad) * factor[i]));
    });
    let hi = Math.min(LARGEST_MAX * screen, H / lineH, widthCap);
    let lo = Math.min(LARGEST * screen, hi);

    // The words drawn at scale s: those not smaller than minPx, a prefix.
    const countAt = (s) => {
      let n = 0;
      while (n < list.length && s * factor[n] >= minPx - 0.01) n++;
      return n;
    };
    const fresh = new Map();
    const tryPlace = (s, n, note, from = places) => {
      const chosen = list.slice(0, n);
      // An early no: the boxes cannot fill more than about two thirds.
      let area = 0;
      for (let i = 0; i < n; i++) {
        const size = s * factor[i];
        area += (this.measure(chosen[i].text, size) + size * pad) * size * lineH;
      }
      if (area > W * H * 0.75) return null;
      const order = [...chosen.filter((w) => from.has(w.key)), ...chosen.filter((w) => !from.has(w.key))];
      const index = new Map(list.map((w, i) => [w.key, i]));
      const placed = [];
      const blocks = note ? [{ x: note.x, y: note.y, w: note.w, h: note.h }] : [];
      for (const w of order) {
        const size = s * factor[index.get(w.key)];
        const bw = this.measure(w.text, size) + size * pad;
        const bh = size * lineH;
        if (bw > W || bh > H) return null;
        const share = from.get(w.key) || this.anchor(w.key);
        const spot = this.findSpot({ x: share.x * W, y: share.y * H }, bw, bh, W, H, placed, blocks, hash(w.key));
        if (!spot) return null;
        placed.push({ ...w, size, x: spot.x, y: spot.y, w: bw, h: bh, shift: size * m.c });
      }
      return placed;
    };
    const noteFor = (dropped) => (keepAll ? null : this.moreBox(W, H, screen, dropped));
    const attempt = (s) => {
      const n = countAt(s);
      const dropped = list.length - n;
      const note = noteFor(dropped);
      const placed = tryPlace(s, n, note);
      return placed ? { placed, dropped } : null;
    };

    let best = attempt(lo);
    if (!best && keepAll) {
      // An export keeps every word: smaller, then, until all find room.
      for (let s = lo * 0.85; !best && s * RATIO > 2; s *= 0.85) {
        const placed = tryPlace(s, list.length, null);
        if (placed) best = { placed, dropped: 0 };
      }
      if (!best) return { placed: [], dropped: list.length };
    } else if (!best) {
      // Not every word fits at the least scale: leave out the least
      // frequent until the rest do, or shrink further if even one word
      // does not fit (a tiny box).
      // Where the words were may have become a poor fit for the many that
      // came since: laid out afresh, more may find room. The kept places
      // win a tie.
      const most = (from) => {
        let low = 0;
        let high = countAt(lo);
        while (low < high) {
          const mid = Math.ceil((low + high) / 2);
          if (tryPlace(lo, mid, noteFor(list.length - mid), from)) low = mid;
          else high = mid - 1;
        }
        return low;
      };
      let n = most(places);
      let from = places;
      if (places.size > 0) {
        const m = most(fresh);
        if (m > n) {
          n = m;
          from = fresh;
        }
      }
      if (n === 0) {
        let s = lo;
        while (!best && s > 4) {
          s *= 0.8;
          const placed = tryPlace(s, 1, noteFor(list.length - 1));
          if (placed) best = { placed, dropped: list.length - 1 };
        }
        if (!best) return { placed: [], dropped: list.length };
      } else {
        best = { placed: tryPlace(lo, n, noteFor(list.length - n), from), dropped: list.length - n };
      }
    } else {
      // Grow the scale while everything still finds room.
      let top = hi;
      for (let i = 0; i < 7 && top - lo > 0.01 * lo; i++) {
        const mid = (lo + top) / 2;
        const got = attempt(mid);
        if (got && got.dropped <= best.dropped) {
          best = got;
          lo = mid;
        } else top = mid;
      }
    }
    if (spread) this.spread(best.placed, W, H, keepAll ? null : noteFor(best.dropped));
    const rank = new Map(list.map((w, i) => [w.key, i]));
    best.placed.sort((a, b) => rank.get(a.key) - rank.get(b.key));
    return best;
  }

  // spread centres the placed words in W × H and moves them apart, each
  // axis on its own, by up to SPREAD_MAX, so that the cloud reaches the
  // edges. Moving box centres apart never makes two boxes overlap; a
  // spread that would cover the note is halved, or left out.
  spread(placed, W, H, note) {
    if (placed.length < 2) return;
    const axis = (pos, len, L) => {
      const lo = Math.min(...placed.map((p) => p[pos] - p[len] / 2));
      const hi = Math.max(...placed.map((p) => p[pos] + p[len] / 2));
      const mid = (lo + hi) / 2;
      let k = SPREAD_MAX;
      for (const p of placed) {
        const d = p[pos] - mid;
        if (Math.abs(d) < 0.5) continue;
        const room = d < 0 ? L / 2 - p[len] / 2 : L / 2 - p[len] / 2;
        k = Math.min(k, room / Math.abs(d));
      }
      return { mid, k: Math.max(1, k) };
    };
    const ax = axis('x', 'w', W);
    const ay = axis('y', 'h', H);
    const at = (p, f) => ({ x: W / 2 + (p.x - ax.mid) * (1 + (ax.k - 1) * f), y: H / 2 + (p.y - ay.mid) * (1 + (ay.k - 1) * f) });
    const covers = (q, p) => note && Math.abs(q.x - note.x) < (p.w + note.w) / 2 && Math.abs(q.y - note.y) < (p.h + note.h) / 2;
    for (const f of [1, 0.5, 0.25, 0]) {
      const moved = placed.map((p) => at(p, f));
      if (f > 0 && placed.some((p, i) => covers(moved[i], p))) continue;
      if (placed.some((p, i) => covers(moved[i], p))) return; // even centring would cover the note
      placed.forEach((p, i) => Object.assign(p, moved[i]));
      return;
    }
  }

  // findSpot walks an Archimedean spiral (stretched to the cloud's aspect
  // ratio) out from start until the box fits inside W × H and overlaps
  // nothing placed and no block. The start itself is tried first.
  findSpot(start, bw, bh, W, H, placed, blocks, seed) {
    const aspect = W / H;
    const startAngle = ((seed % 360) * Math.PI) / 180;
    // From a start near the centre, the farthest corner is within about
    // one height along the stretched curve.
    const maxR = H * 1.05;
    // Steps of about 1/150 of the height along the curve, 1/30 between turns.
    const step = Math.max(3, H / 160);
    const a = H / 32 / (2 * Math.PI);
    let last = null;
    const hit = (left, top, p) => left < p.x + p.w / 2 && left + bw > p.x - p.w / 2 && top < p.y + p.h / 2 && top + bh > p.y - p.h / 2;
    for (let theta = 0; ; theta += Math.min(0.5, step / Math.max(1, a * theta))) {
      const r = a * theta;
      if (r > maxR) return null;
      const x = start.x + r * Math.cos(theta + startAngle) * aspect * 0.9;
      const y = start.y + r * Math.sin(theta + startAngle);
      const left = x - bw / 2;
      const top = y - bh / 2;
      if (left < 0 || top < 0 || left + bw > W || top + bh > H) continue;
      // The word hit last is the likeliest to be hit by the next point.
      if (last && hit(left, top, last)) continue;
      let free = true;
      for (const p of placed) {
        if (hit(left, top, p)) {
          free = false;
          last = p;
          break;
        }
      }
      if (free) for (const p of blocks) if (hit(left, top, p)) free = false;
      if (free) return { x, y };
    }
  }

  // exportLayout lays the words of the last update out for a picture of
  // size ('slide' or 'a4', see EXPORT_SIZES), the same way as on the screen
  // and from the same places, but with every word: none is left out for
  // being small.
  exportLayout(size = 'slide') {
    const { width, height } = EXPORT_SIZES[size] || EXPORT_SIZES.slide;
    const { placed } = this.layout(this.words, { width, height, screen: height, places: this.places, smallest: EXPORT_SMALLEST, keepAll: true, spread: true });
    for (const w of placed) w.color = this.palette[hash(w.key) % this.palette.length];
    return { width, height, placed };
  }

  // toSVG returns the cloud as a standalone SVG document of size ('slide'
  // or 'a4'): the background, and every word with its size, colour and place.
  toSVG({ title = '', size = 'slide' } = {}) {
    const { width, height, placed } = this.exportLayout(size);
    const doc = document.implementation.createDocument(SVG, 'svg', null);
    const svg = doc.documentElement;
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
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
    for (const w of placed) {
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
  async toPNG({ title = '', size = 'slide', scale = 2 } = {}) {
    const { width, height } = EXPORT_SIZES[size] || EXPORT_SIZES.slide;
    const svg = this.toSVG({ title, size });
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = CLOUD_BACKGROUND;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be made.'))), 'image/png'),
    );
  }
}
