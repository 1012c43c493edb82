// Fitting the big screen's question to the projector it is on: the prompt
// shrinks (down to a floor, then wraps) until it leaves the results their
// room, and the results are scaled down until no text leaves their box.
// The word cloud lays itself out for its box (cloud.js); the wall of open
// answers shows the newest cards that fit whole.

// PROMPT_SHARE is the most of the screen's height a prompt may take;
// PROMPT_FLOOR the least font size it shrinks to, as a share of the height.
const PROMPT_SHARE = 0.2;
// A word cloud's prompt shares less: the cloud needs the height.
const CLOUD_PROMPT_SHARE = 0.13;
const PROMPT_FLOOR = 0.028;
// ZOOM_FLOOR is the least the results are scaled down to.
const ZOOM_FLOOR = 0.15;

// textOutside reports whether any text under root leaves root's box or is
// cut by a box between it and root. Text wholly outside the wall's box
// (older answers, scrolled away) does not count.
export function textOutside(root) {
  const box = root.getBoundingClientRect();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  // The boxes that clip: an element's own (when it clips) and its parent's.
  const clipCache = new Map();
  const clipsOf = (elm) => {
    if (!elm || elm === root) return [];
    let out = clipCache.get(elm);
    if (out) return out;
    const cs = getComputedStyle(elm);
    out = clipsOf(elm.parentElement);
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
      const r = elm.getBoundingClientRect();
      out = [...out, { left: r.left, right: r.right, top: r.top, bottom: r.bottom, feed: elm.classList.contains('wall-box') }];
    }
    clipCache.set(elm, out);
    return out;
  };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim()) continue;
    const elm = n.parentElement;
    if (!elm || elm.closest('.visually-hidden, [hidden]')) continue;
    if (elm.checkVisibility && !elm.checkVisibility({ visibilityProperty: true })) continue;
    let rects;
    if (elm instanceof SVGElement) rects = [elm.getBoundingClientRect()];
    else {
      const range = document.createRange();
      range.selectNodeContents(n);
      rects = range.getClientRects();
    }
    const clips = clipsOf(elm);
    for (const r of rects) {
      if (r.width < 1 || r.height < 1) continue;
      if (clips.some((c) => c.feed && (r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom))) continue;
      const inside = (c) => r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
      if (!inside(box) || !clips.every(inside)) return true;
    }
  }
  return false;
}

// fitPrompt sets the prompt's font size: the page's own size, or smaller
// until the prompt takes no more than PROMPT_SHARE of the screen's height.
function fitPrompt(prompt, share) {
  prompt.style.fontSize = '';
  // The note under the prompt (what the results are split by) goes with it.
  const note = prompt.parentElement?.querySelector('.screen-split-note');
  if (note) note.style.fontSize = '';
  const head = note && !note.hidden ? prompt.parentElement : prompt;
  const H = window.innerHeight;
  let size = parseFloat(getComputedStyle(prompt).fontSize);
  const floor = Math.min(size, PROMPT_FLOOR * H);
  while (head.getBoundingClientRect().height > share * H && size > floor) {
    size = Math.max(floor, size * 0.92);
    prompt.style.fontSize = `${size.toFixed(1)}px`;
    if (note) note.style.fontSize = `${(size * 0.6).toFixed(1)}px`;
  }
}

// hideCutCards hides the wall's cards that the wall's box cuts, so that
// the wall shows whole cards only.
function hideCutCards(results) {
  for (const box of results.querySelectorAll('.wall-box')) {
    const b = box.getBoundingClientRect();
    // Read every place first, then mark: one layout, not one per card.
    const cards = [...box.querySelectorAll('.wall-card')].map((card) => [card, card.getBoundingClientRect()]);
    for (const [card, r] of cards) card.classList.toggle('is-cut', r.top < b.top - 1 || r.bottom > b.bottom + 1);
  }
}

// fitScreen fits the prompt and the results of the question on screen.
// kind is the view's kind ('wordcloud' fits itself).
let last = '';

export function fitScreen({ prompt, results, kind }) {
  if (!prompt || !results) return;
  const inner = results.firstElementChild;
  if (!inner) return;
  if (kind === 'wordcloud' || kind === 'open') {
    fitPrompt(prompt, kind === 'wordcloud' ? CLOUD_PROMPT_SHARE : PROMPT_SHARE);
    hideCutCards(results);
    return;
  }
  // New results for the same view in the same box: fitted again only
  // if some text no longer stays inside.
  const sig = [innerWidth, innerHeight, results.clientWidth, results.clientHeight, kind, prompt.textContent, results.querySelectorAll('*').length, results.querySelectorAll('[hidden]').length].join('|');
  if (sig === last && !textOutside(results)) return;
  last = sig;
  fitPrompt(prompt, PROMPT_SHARE);
  // A long list of options or statements may go in columns: the number of
  // columns (one to three) whose scale is largest is kept.
  const list = kind === 'split' ? null : results.querySelector(':scope > .bars, :scope > .scale .scale-rows, .quiz-main .bars');
  const n = list ? list.children.length : 0;
  const choices = n > 6 ? [1, 2, 3] : [1];
  let best = null;
  for (const cols of choices) {
    if (list) {
      list.style.setProperty('--fit-cols', String(cols));
      list.style.setProperty('--fit-rows', String(Math.ceil(n / cols)));
      list.classList.toggle('is-columns', cols > 1);
    }
    const zoom = largestFit(results);
    // One more column must pay for itself.
    if (!best || zoom > best.zoom * 1.08) best = { cols, zoom };
    if (zoom >= 1) break;
  }
  if (list) {
    list.style.setProperty('--fit-cols', String(best.cols));
    list.style.setProperty('--fit-rows', String(Math.ceil(n / best.cols)));
    list.classList.toggle('is-columns', best.cols > 1);
  }
  if (best.zoom < 1) results.style.setProperty('--fit', String(best.zoom));
  else results.style.removeProperty('--fit');
}

// largestFit returns the largest scale of the results' type (--fit) from
// ZOOM_FLOOR to 1 at which all their text stays inside.
function largestFit(results) {
  results.style.removeProperty('--fit');
  if (!textOutside(results)) return 1;
  let lo = ZOOM_FLOOR;
  let hi = 1;
  for (let i = 0; i < 6; i++) {
    const mid = (lo + hi) / 2;
    results.style.setProperty('--fit', String(mid));
    if (textOutside(results)) hi = mid;
    else lo = mid;
  }
  return lo;
}

// fitter returns a function that fits the screen at the next frame, at
// most once a frame however often it is called.
export function fitter(get) {
  let frame = 0;
  return () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => fitScreen(get()));
  };
}
