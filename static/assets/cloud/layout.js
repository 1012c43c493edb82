// The word cloud's layout search: the sizes of words, the largest scale at
// which every drawn word finds room, the spiral walk to the nearest free
// spot, and the spread that moves the words apart to reach the edges. It
// measures text with the cloud it lays out for (measure, fontMetrics,
// moreBox); it draws nothing.

import { hash } from './words.js';

// The sizes of words, as shares of the screen's height: the most frequent
// word is drawn at least LARGEST tall (and up to LARGEST_MAX), no word is
// drawn smaller than SMALLEST; a word that would be smaller is left out and
// counted in the "more words" note. EXPORT_SMALLEST is the floor of the
// exports, which keep every word.
export const LARGEST = 0.125;
export const LARGEST_MAX = 0.24;
export const SMALLEST = 0.026;
export const EXPORT_SMALLEST = 0.008;
// RATIO is the least frequent word's size relative to the most frequent.
export const RATIO = 0.2;
// SPREAD is how sizes follow counts: size grows with count to this power
// (1 is in proportion; more keeps the middle smaller, so more words fit).
export const SPREAD = 1.25;
// SPREAD_MAX is the most the words are moved apart to reach the edges.
export const SPREAD_MAX = 1.3;

// anchor is where a new word starts looking for room: a point near the
// centre of the cloud, from its key alone, as shares of width and height.
export function anchor(key) {
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
export function layout(cloud, list, { width: W, height: H, screen = H, places = new Map(), smallest = SMALLEST, keepAll = false, spread: spreadOut = false }) {
  if (list.length === 0 || !W || !H) return { placed: [], dropped: 0 };
  const m = cloud.fontMetrics();
  const maxCount = list[0].count;
  const factor = list.map((w) => RATIO + (1 - RATIO) * (w.count / maxCount) ** SPREAD);
  const minPx = Math.max(9, smallest * screen);
  const pad = 0.16;
  const lineH = m.h + 0.04;
  // The widest scale any word allows: every word must fit the width.
  let widthCap = Infinity;
  list.forEach((w, i) => {
    widthCap = Math.min(widthCap, (W * 0.98) / ((cloud.measure(w.text, 1) + pad) * factor[i]));
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
      area += (cloud.measure(chosen[i].text, size) + size * pad) * size * lineH;
    }
    if (area > W * H * 0.75) return null;
    const order = [...chosen.filter((w) => from.has(w.key)), ...chosen.filter((w) => !from.has(w.key))];
    const index = new Map(list.map((w, i) => [w.key, i]));
    const placed = [];
    const blocks = note ? [{ x: note.x, y: note.y, w: note.w, h: note.h }] : [];
    for (const w of order) {
      const size = s * factor[index.get(w.key)];
      const bw = cloud.measure(w.text, size) + size * pad;
      const bh = size * lineH;
      if (bw > W || bh > H) return null;
      const share = from.get(w.key) || anchor(w.key);
      const spot = findSpot({ x: share.x * W, y: share.y * H }, bw, bh, W, H, placed, blocks, hash(w.key));
      if (!spot) return null;
      placed.push({ ...w, size, x: spot.x, y: spot.y, w: bw, h: bh, shift: size * m.c });
    }
    return placed;
  };
  const noteFor = (dropped) => (keepAll ? null : cloud.moreBox(W, H, screen, dropped));
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
  if (spreadOut) spread(best.placed, W, H, keepAll ? null : noteFor(best.dropped));
  const rank = new Map(list.map((w, i) => [w.key, i]));
  best.placed.sort((a, b) => rank.get(a.key) - rank.get(b.key));
  return best;
}


// spread centres the placed words in W × H and moves them apart, each
// axis on its own, by up to SPREAD_MAX, so that the cloud reaches the
// edges. Moving box centres apart never makes two boxes overlap; a
// spread that would cover the note is halved, or left out.
export function spread(placed, W, H, note) {
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
export function findSpot(start, bw, bh, W, H, placed, blocks, seed) {
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
