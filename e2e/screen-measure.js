// What the back row sees of the big screen, measured in its page: the
// text on the screen line box by line box (overlaps, text off the screen
// or cut by its box, the smallest font as a share of the screen height),
// the join bar, and the word cloud's stage, fill and word sizes. Passed to
// page.evaluate, so it keeps to itself.

export function measure() {
  const W = innerWidth;
  const H = innerHeight;
  const app = document.querySelector('#app');
  const boxes = [];
  const offscreen = [];
  const clipped = [];
  let scrolledAway = 0;
  const clippers = (node) => {
    const out = [];
    for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') out.push(a.getBoundingClientRect());
    }
    return out;
  };
  const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
  let idx = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim()) continue;
    const elm = n.parentElement;
    if (elm.closest('.visually-hidden, [hidden], .cloud-list')) continue;
    if (!elm.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    let rects;
    if (elm instanceof SVGElement) rects = [elm.getBoundingClientRect()];
    else {
      const range = document.createRange();
      range.selectNodeContents(n);
      rects = [...range.getClientRects()];
    }
    const id = idx++;
    const label = n.data.trim().slice(0, 40);
    const clips = clippers(n);
    for (const r of rects) {
      if (r.width < 1 || r.height < 1) continue;
      const inside = (c) => r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
      const outside = (c) => r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom;
      if (clips.some(outside)) {
        scrolledAway++;
        continue;
      }
      if (!clips.every(inside)) clipped.push(label);
      if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) offscreen.push(label);
      boxes.push({ id, label, l: r.left, t: r.top, r: r.right, b: r.bottom, font: parseFloat(getComputedStyle(elm).fontSize) });
    }
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.id === b.id) continue;
      const x = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      const y = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (x > 2 && y > 2) overlaps.push(`${a.label} × ${b.label}`);
    }
  }
  const joinFont = (() => {
    const j = document.querySelector('#join-strip .screen-join-text');
    return j && j.checkVisibility() ? parseFloat(getComputedStyle(j).fontSize) : 0;
  })();
  const code = document.querySelector('#strip-code').getBoundingClientRect();
  const out = {
    texts: new Set(boxes.map((b) => b.id)).size,
    overlaps: overlaps.slice(0, 8),
    overlapCount: overlaps.length,
    offscreen: [...new Set(offscreen)].slice(0, 8),
    clipped: [...new Set(clipped)].slice(0, 8),
    scrolledAway,
    joinFont: joinFont / H,
    codeVisible: code.width > 0 && code.right <= W && code.bottom <= H,
    minFont: Math.min(...boxes.map((b) => b.font)) / H,
  };
  const svg = document.querySelector('#results .cloud-svg');
  if (svg) {
    const stage = svg.getBoundingClientRect();
    const words = [...svg.querySelectorAll('.cloud-word')];
    const k = svg.getScreenCTM().a;
    const rs = words.map((w) => w.getBoundingClientRect());
    const sizes = words.map((w) => parseFloat(getComputedStyle(w).fontSize) * k);
    const l = Math.min(...rs.map((r) => r.left));
    const r = Math.max(...rs.map((r) => r.right));
    const t = Math.min(...rs.map((r) => r.top));
    const b = Math.max(...rs.map((r) => r.bottom));
    const more = document.querySelector('#results .cloud-more');
    out.cloud = {
      stage: `${Math.round(stage.width)}×${Math.round(stage.height)}`,
      words: words.length,
      fillW: (r - l) / stage.width,
      fillH: (b - t) / stage.height,
      largest: Math.max(...sizes) / H,
      smallest: Math.min(...sizes) / H,
      more: more && !more.hidden ? more.textContent : '',
    };
  }
  return out;
}

// measureGroups measures the big screen's list of groups: the layout it
// took, its name and size fonts as a share of the screen height, how many
// groups are on the screen whole, and whether its box overlaps the
// results, the join bar or the footer, or leaves the screen. Passed to
// page.evaluate, so it keeps to itself.
export function measureGroups() {
  const H = innerHeight;
  const W = innerWidth;
  const panel = document.querySelector('#groups-panel');
  if (!panel || panel.hidden) return null;
  const p = panel.getBoundingClientRect();
  const font = (sel) => {
    const els = [...panel.querySelectorAll(sel)].filter((e) => e.checkVisibility());
    return els.length ? Math.min(...els.map((e) => parseFloat(getComputedStyle(e).fontSize))) / H : 0;
  };
  const whole = [...panel.querySelectorAll('li')].filter((li) => {
    const r = li.getBoundingClientRect();
    return li.checkVisibility() && r.width > 0 && r.top >= p.top - 1 && r.bottom <= Math.min(p.bottom, H) + 1 && r.left >= -1 && r.right <= W + 1;
  }).length;
  const meets = [];
  for (const sel of ['#results', '#join-strip', '.screen-footer', '#lobby']) {
    const e = document.querySelector(sel);
    if (!e || !e.checkVisibility()) continue;
    const r = e.getBoundingClientRect();
    if (Math.min(r.right, p.right) - Math.max(r.left, p.left) > 1 && Math.min(r.bottom, p.bottom) - Math.max(r.top, p.top) > 1) meets.push(sel);
  }
  const results = document.querySelector('#results');
  return {
    layout: panel.dataset.layout || '',
    groups: panel.querySelectorAll('li').length,
    whole,
    nameFont: font('.screen-group-name'),
    sizeFont: font('.screen-group-size'),
    pairsShown: [...panel.querySelectorAll('.screen-group-pairs')].some((e) => e.checkVisibility()),
    summary: panel.querySelector('.screen-groups-summary')?.textContent || '',
    summaryFont: font('.screen-groups-summary'),
    share: p.height / H,
    offscreen: p.top < -1 || p.bottom > H + 1 || p.left < -1 || p.right > W + 1,
    overlaps: meets,
    resultsShare: results && results.checkVisibility() ? results.getBoundingClientRect().height / H : 0,
  };
}
