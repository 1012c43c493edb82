// Ranking (pkg/poll/ranking.go): the participant puts every option in
// order; points by place, highest first.

import { el } from '../common.js';
import { t } from '../translate.js';
import { RankView } from '../results.js';
import { barChart, lineChart } from '../charts.js';
import { needOptions, optionName, promptHeading } from './fields.js';

export const name = 'ranking';
export const splits = true;

export function meta(q) {
  return t('metaOptions', { n: (q.options || []).length });
}

export function readForm(f, prompt) {
  const o = needOptions(f);
  return o.error ? o : { body: { type: name, prompt, options: o.options } };
}

export function summarize(q, r) {
  return (r.scores || []).map((n, i) => `${optionName(q, i)}: ${n}`).join(' · ');
}

export function phoneAnswer(q, prior, { announce }) {
  const options = q.options || [];
  const n = options.length;
  const valid = Array.isArray(prior) && prior.length === n && new Set(prior).size === n && prior.every((i) => Number.isInteger(i) && i >= 0 && i < n);
  const order = valid ? prior.slice() : options.map((_, i) => i);
  let locked = false;
  const list = el('ol', { class: 'rank-list', 'aria-describedby': 'q-hint' });
  const items = options.map((label, i) => {
    const place = el('span', { class: 'rank-num', 'aria-hidden': 'true' });
    const up = el('button', { type: 'button', class: 'rank-btn lockable', 'aria-label': t('moveUp', { o: label }) }, el('span', { 'aria-hidden': 'true', text: '↑' }));
    const down = el('button', { type: 'button', class: 'rank-btn lockable', 'aria-label': t('moveDown', { o: label }) }, el('span', { 'aria-hidden': 'true', text: '↓' }));
    up.addEventListener('click', () => move(i, -1));
    down.addEventListener('click', () => move(i, 1));
    const li = el('li', { class: 'rank-item', dataset: { option: String(i) } }, place, el('span', { class: 'rank-label', text: label }), el('span', { class: 'rank-btns' }, up, down));
    return { li, up, down, place };
  });
  function render() {
    order.forEach((opt, pos) => {
      const it = items[opt];
      it.place.textContent = String(pos + 1);
      it.up.disabled = locked || pos === 0;
      it.down.disabled = locked || pos === n - 1;
      it.li.dataset.place = String(pos + 1);
    });
    const same = order.every((opt, pos) => list.children[pos] === items[opt].li);
    if (!same) list.replaceChildren(...order.map((opt) => items[opt].li));
  }
  function move(opt, dir) {
    const pos = order.indexOf(opt);
    const to = pos + dir;
    if (locked || to < 0 || to >= n) return;
    [order[pos], order[to]] = [order[to], order[pos]];
    render();
    const it = items[opt];
    const want = dir < 0 ? it.up : it.down;
    (want.disabled ? (dir < 0 ? it.down : it.up) : want).focus();
    announce(t('rankMoved', { o: options[opt], n: to + 1, total: n }));
  }
  render();
  const body = el('div', {}, promptHeading(q), el('p', { class: 'hint', id: 'q-hint', text: t('rankHint') }), list);
  return {
    body,
    collect: () => ({ value: order.slice() }),
    onLock(l) {
      locked = l;
      render();
    },
  };
}

function view(box, q) {
  const v = new RankView(box);
  return { update: (msg) => v.update(q.options || [], msg.scores || []) };
}

export const phoneResults = view;
export const screenResults = view;
export const splitColumn = view;

export function hostLive({ results }) {
  const v = new RankView(results);
  return { update: (q, r) => v.update(q.options || [], r.scores || []) };
}

// report draws each option's points.
export function report(box, q, r) {
  box.append(barChart(q.options || [], (q.options || []).map((_, i) => r.scores?.[i] || 0), { label: t('p_chartOf', { q: q.prompt }) }));
}

// trend draws each option's points per participant per run (from 1, last
// place, to the number of options, first place everywhere).
export function trend(q, runs, labels) {
  const n = (q.options || []).length;
  const series = (q.options || []).map((name, i) => ({ name, values: runs.map((r) => (r.responses ? (r.scores?.[i] || 0) / r.responses : null)) }));
  return lineChart(labels, series, { label: t('p_trendOf', { q: q.prompt }), min: 1, max: Math.max(2, n), format: (v) => v.toFixed(1) });
}
