// The word cloud's live drawing: an SVG of the words, size by count, that
// follows its box and keeps a word in its place while others arrive. The
// layout search is cloud/layout.js, the SVG and PNG exports cloud/export.js,
// a word's key and colour cloud/words.js; their names are exported here too.
// Participant text is only ever set as text.

import { el } from './common.js';
import { CLOUD_PALETTE, hash, wordKey } from './cloud/words.js';
import { SMALLEST, anchor, findSpot, layout, spread } from './cloud/layout.js';
import { exportLayout, toPNG, toSVG } from './cloud/export.js';

export { CLOUD_BACKGROUND, CLOUD_PALETTE, hash, wordKey } from './cloud/words.js';
export { EXPORT_SIZES } from './cloud/export.js';

const SVG = 'http://www.w3.org/2000/svg';

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

  // The layout search (cloud/layout.js), for this cloud's measures.
  anchor(key) {
    return anchor(key);
  }

  layout(list, options) {
    return layout(this, list, options);
  }

  spread(placed, W, H, note) {
    spread(placed, W, H, note);
  }

  findSpot(start, bw, bh, W, H, placed, blocks, seed) {
    return findSpot(start, bw, bh, W, H, placed, blocks, seed);
  }

  // The exports (cloud/export.js): the last update's words at slide or A4 size.
  exportLayout(size = 'slide') {
    return exportLayout(this, size);
  }

  toSVG(options) {
    return toSVG(this, options);
  }

  toPNG(options) {
    return toPNG(this, options);
  }
}
