// Result views shared by the big screen, the facilitator page and the phone:
// bars (choice, quiz), ranking bars, scale distributions, a leaderboard, a
// wall of open answers, a list of Q&A entries, word lists and the word cloud.
// Participant text is always set as textContent.

import { el } from './common.js';
import { language, t } from './translate.js';

export { WordCloud } from './cloud.js';

// Bars draws one horizontal bar per option with its count and share.
// Options in correct (a list of indices) are marked as the right answers.
export class Bars {
  constructor(container, { correctLabel = '' } = {}) {
    this.root = el('ol', { class: 'bars' });
    this.correctLabel = correctLabel;
    container.replaceChildren(this.root);
    this.key = '';
  }

  update(options, counts, responses, { correct = null } = {}) {
    const key = options.join('\u0000');
    if (key !== this.key) {
      this.key = key;
      this.rows = options.map((label, i) => {
        const fill = el('span', { class: 'bar-fill' });
        const count = el('span', { class: 'bar-count' });
        const mark = el('span', { class: 'bar-mark', hidden: true }, el('span', { 'aria-hidden': 'true', text: '✓ ' }), this.correctLabel);
        const row = el(
          'li',
          { class: 'bar', dataset: { option: String(i) } },
          el('span', { class: 'bar-label' }, el('span', { text: label }), mark),
          el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          count,
        );
        return { row, fill, count, mark };
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
      const right = Array.isArray(correct) && correct.includes(i);
      r.row.classList.toggle('is-correct', right);
      r.mark.hidden = !right;
    });
  }
}

// RankView shows a ranking's options by score, highest first.
export class RankView {
  constructor(container) {
    this.root = el('ol', { class: 'bars rank-bars' });
    container.replaceChildren(this.root);
    this.key = '';
    this.order = '';
  }

  update(options, scores) {
    const key = options.join('\u0000');
    if (key !== this.key) {
      this.key = key;
      this.order = '';
      this.rows = options.map((label, i) => {
        const fill = el('span', { class: 'bar-fill' });
        const count = el('span', { class: 'bar-count' });
        const place = el('span', { class: 'rank-place' });
        const row = el(
          'li',
          { class: 'bar', dataset: { option: String(i) } },
          el('span', { class: 'bar-label' }, place, el('span', { text: label })),
          el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          count,
        );
        return { row, fill, count, place };
      });
    }
    const s = options.map((_, i) => Math.max(0, Number(scores[i]) || 0));
    const max = Math.max(1, ...s);
    const order = options.map((_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
    order.forEach((i, place) => {
      const r = this.rows[i];
      r.place.textContent = `${place + 1}.`;
      r.fill.style.width = `${(s[i] / max) * 100}%`;
      r.count.textContent = t('points', { n: s[i] });
      r.row.dataset.score = String(s[i]);
      r.row.dataset.place = String(place + 1);
      r.row.classList.toggle('is-top', place === 0 && s[i] > 0);
    });
    const orderKey = order.join(',');
    if (orderKey !== this.order) {
      this.order = orderKey;
      this.root.replaceChildren(...order.map((i) => this.rows[i].row));
    }
  }
}

// scaleColors returns n light colours from orange (lowest) over yellow to
// blue (highest): dark text reads on every one of them, and the ends differ
// for red-green colour blindness too.
export function scaleColors(n) {
  const stops = [
    [253, 186, 116],
    [254, 240, 138],
    [147, 197, 253],
  ];
  const out = [];
  for (let i = 0; i < n; i++) {
    const f = n === 1 ? 1 : i / (n - 1);
    const seg = f <= 0.5 ? 0 : 1;
    const local = seg === 0 ? f / 0.5 : (f - 0.5) / 0.5;
    const a = stops[seg];
    const b = stops[seg + 1];
    const c = a.map((v, k) => Math.round(v + (b[k] - v) * local));
    out.push(`rgb(${c[0]} ${c[1]} ${c[2]})`);
  }
  return out;
}

// ScaleView shows a scale question: per statement a bar of how many chose
// each step, and the mean with one decimal.
export class ScaleView {
  constructor(container) {
    this.number = new Intl.NumberFormat(language(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.root = el('div', { class: 'scale' });
    container.replaceChildren(this.root);
    this.key = '';
  }

  update(q, stats) {
    const lo = Number.isInteger(q.min) ? q.min : 1;
    const hi = Number.isInteger(q.max) ? q.max : 5;
    const steps = [];
    for (let v = lo; v <= hi; v++) steps.push(v);
    const statements = q.statements && q.statements.length ? q.statements : [''];
    const key = JSON.stringify([lo, hi, statements]);
    if (key !== this.key) {
      this.key = key;
      const colors = scaleColors(steps.length);
      const legend = el(
        'ul',
        { class: 'scale-legend', 'aria-hidden': 'true' },
        steps.map((v, i) => el('li', {}, el('span', { class: 'scale-swatch', style: `background:${colors[i]}` }), String(v))),
      );
      this.rows = statements.map((text, i) => {
        const segs = steps.map((v, k) => el('span', { class: 'scale-seg', style: `background:${colors[k]}`, dataset: { value: String(v) } }));
        const mean = el('span', { class: 'scale-mean' });
        const summary = el('span', { class: 'visually-hidden' });
        const row = el(
          'li',
          { class: 'scale-row', dataset: { statement: String(i) } },
          text ? el('span', { class: 'scale-label', text }) : null,
          el('span', { class: 'scale-bar', 'aria-hidden': 'true' }, segs),
          mean,
          summary,
        );
        return { row, segs, mean, summary, text };
      });
      this.root.replaceChildren(legend, el('ol', { class: 'scale-rows' }, this.rows.map((r) => r.row)));
    }
    this.rows.forEach((r, i) => {
      const s = (stats && stats[i]) || {};
      const counts = steps.map((_, k) => Math.max(0, Number(s.counts?.[k]) || 0));
      const total = counts.reduce((a, b) => a + b, 0);
      r.segs.forEach((seg, k) => {
        const share = total ? counts[k] / total : 0;
        seg.style.flexGrow = String(counts[k]);
        seg.hidden = counts[k] === 0;
        seg.textContent = share >= 0.06 ? String(counts[k]) : '';
      });
      r.row.dataset.responses = String(total);
      if (total > 0) {
        const m = Number(s.mean) || 0;
        r.row.dataset.mean = m.toFixed(1);
        r.mean.textContent = t('mean', { m: this.number.format(m) });
      } else {
        delete r.row.dataset.mean;
        r.mean.textContent = t('noAnswerShort');
      }
      const parts = steps.map((v, k) => `${v}: ${counts[k]}`).join(', ');
      r.summary.textContent = `(${parts})`;
    });
  }
}

// Leaderboard lists the quiz's top names and points.
export class Leaderboard {
  constructor(container, { title = '', max = 10 } = {}) {
    this.max = max;
    this.list = el('ol', { class: 'leaderboard' });
    this.empty = el('p', { class: 'muted leaderboard-empty', text: t('noAnswers') });
    this.root = el('div', { class: 'leaderboard-box' }, title ? el('h2', { class: 'leaderboard-title', text: title }) : null, this.list, this.empty);
    container.append(this.root);
  }

  update(rows) {
    const top = (rows || []).slice(0, this.max);
    this.empty.hidden = top.length > 0;
    this.list.replaceChildren(
      ...top.map((r, i) =>
        el(
          'li',
          { class: 'leaderboard-row', dataset: { points: String(r.points) } },
          el('span', { class: 'lb-place', text: `${i + 1}.` }),
          el('span', { class: 'lb-name', text: r.name }),
          el('span', { class: 'lb-points', text: t('points', { n: r.points }) }),
        ),
      ),
    );
  }
}

// AnswerWall shows open answers as cards in columns. A new card goes to the
// foot of the shortest column, so the cards already there never move; when
// the wall is full it scrolls to show the newest. With onActivate, each
// card is a button.
export class AnswerWall {
  constructor(container, { emptyText = '', onActivate = null, columnWidth = 440 } = {}) {
    this.onActivate = onActivate;
    this.columnWidth = columnWidth;
    this.root = el('div', { class: 'wall' });
    this.empty = el('p', { class: 'cloud-empty', text: emptyText });
    this.box = el('div', { class: 'wall-box' }, this.root, this.empty);
    container.replaceChildren(this.box);
    this.cards = new Map(); // id -> card
    this.order = []; // ids, oldest first
    this.columns = [];
    this.count = 0;
    this.onResize = () => this.relayout();
    window.addEventListener('resize', this.onResize);
    if (onActivate) {
      this.root.addEventListener('click', (ev) => {
        const card = ev.target.closest('[data-entry]');
        if (card) onActivate({ entry: card.dataset.entry, label: card.dataset.label, node: card });
      });
    }
  }

  columnCount() {
    const w = this.root.clientWidth || this.box.clientWidth || 1200;
    return Math.max(1, Math.min(6, Math.floor(w / this.columnWidth)));
  }

  relayout() {
    const n = this.columnCount();
    if (n === this.columns.length) return;
    this.columns = Array.from({ length: n }, () => el('div', { class: 'wall-col' }));
    this.root.replaceChildren(...this.columns);
    for (const id of this.order) this.place(this.cards.get(id));
  }

  place(card) {
    let best = this.columns[0];
    for (const c of this.columns) if (c.offsetHeight < best.offsetHeight) best = c;
    best.append(card);
  }

  update(answers) {
    if (this.columns.length === 0) this.relayout();
    const list = answers || [];
    const ids = new Set(list.map((a) => a.id));
    for (const [id, card] of this.cards) {
      if (!ids.has(id)) {
        card.remove();
        this.cards.delete(id);
      }
    }
    let added = false;
    for (const a of list) {
      if (this.cards.has(a.id)) continue;
      const attrs = { class: 'wall-card', dataset: { entry: a.id, label: a.text } };
      const card = this.onActivate ? el('button', { ...attrs, type: 'button', text: a.text }) : el('div', { ...attrs, text: a.text });
      this.cards.set(a.id, card);
      this.place(card);
      added = true;
    }
    this.order = list.map((a) => a.id).filter((id) => this.cards.has(id));
    this.empty.hidden = this.cards.size > 0;
    if (added) this.box.scrollTop = this.box.scrollHeight;
  }

  remove(id) {
    const card = this.cards.get(id);
    if (card) card.remove();
    this.cards.delete(id);
    this.order = this.order.filter((x) => x !== id);
    this.empty.hidden = this.cards.size > 0;
  }

  destroy() {
    window.removeEventListener('resize', this.onResize);
  }
}

// EntryList shows the top Q&A entries, most votes first; answered ones are
// marked. With onActivate, each entry's text is a button.
export class EntryList {
  constructor(container, { max = 8, emptyText = '', onActivate = null } = {}) {
    this.max = max;
    this.onActivate = onActivate;
    this.root = el('ol', { class: 'qa-list' });
    this.empty = el('p', { class: 'cloud-empty', text: emptyText });
    container.replaceChildren(el('div', { class: 'qa-box' }, this.root, this.empty));
    this.items = new Map();
    if (onActivate) {
      this.root.addEventListener('click', (ev) => {
        const b = ev.target.closest('[data-entry]');
        if (b) onActivate({ entry: b.dataset.entry, label: b.dataset.label, node: b });
      });
    }
  }

  update(entries) {
    const top = (entries || []).slice(0, this.max);
    this.empty.hidden = top.length > 0;
    const keep = new Set(top.map((e) => e.id));
    for (const id of this.items.keys()) if (!keep.has(id)) this.items.delete(id);
    const nodes = top.map((e) => {
      let item = this.items.get(e.id);
      if (!item) {
        const votes = el('strong', { class: 'qa-votes-n' });
        const votesLabel = el('span', { class: 'qa-votes-label' });
        const textAttrs = { class: 'qa-text', dataset: { entry: e.id, label: e.text }, text: e.text };
        const text = this.onActivate ? el('button', { ...textAttrs, type: 'button' }) : el('span', textAttrs);
        const badge = el('span', { class: 'qa-badge', hidden: true }, el('span', { 'aria-hidden': 'true', text: '✓ ' }), t('answered'));
        const li = el('li', { class: 'qa-item' }, el('span', { class: 'qa-votes' }, votes, votesLabel), text, badge);
        item = { li, votes, votesLabel, badge };
        this.items.set(e.id, item);
      }
      item.votes.textContent = String(e.votes || 0);
      item.votesLabel.textContent = t('votes', { n: e.votes || 0 }).replace(String(e.votes || 0), '').trim();
      item.li.dataset.votes = String(e.votes || 0);
      item.li.dataset.id = e.id;
      item.li.classList.toggle('is-answered', !!e.answered);
      item.badge.hidden = !e.answered;
      return item.li;
    });
    const same = nodes.length === this.root.children.length && nodes.every((n, i) => this.root.children[i] === n);
    if (!same) this.root.replaceChildren(...nodes);
  }

  remove(id) {
    const item = this.items.get(id);
    if (item) item.li.remove();
    this.items.delete(id);
    this.empty.hidden = this.root.children.length > 0;
  }
}

// TextList is the phone's plain list of open answers, newest first.
export class TextList {
  constructor(container, { max = 30, emptyText = '' } = {}) {
    this.max = max;
    this.root = el('ul', { class: 'text-list' });
    this.empty = el('p', { class: 'muted', text: emptyText });
    container.replaceChildren(this.root, this.empty);
  }

  update(answers) {
    const list = (answers || []).slice(-this.max).reverse();
    this.empty.hidden = list.length > 0;
    this.root.replaceChildren(...list.map((a) => el('li', { text: a.text })));
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
