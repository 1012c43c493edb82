// Over time: a question's runs (its sessions' own results, oldest first)
// drawn as a trend by its type's module (`trend` in types/*.js), and each
// category's mean per run as lines. A type without a trend of its own
// shows how many answered in each run.

import { el } from './common.js';
import { barChart, lineChart } from './charts.js';
import { t } from './translate.js';
import { typeOf } from './types/index.js';

// runLabels names the runs by their place in time: 1, 2, 3 ...
export const runLabels = (sessions) => sessions.map((_, i) => String(i + 1));

// runsInOrder gives a question's runs in the order of the sessions, an
// empty run for a session that did not have the question.
export function runsInOrder(q, sessions) {
  const byId = new Map((q.result?.runs || []).map((r) => [r.sessionId, r]));
  return sessions.map((s) => byId.get(s.id) || { sessionId: s.id, responses: 0 });
}

// trendOf draws the trend of one combined question; null with fewer than two sessions.
export function trendOf(q, sessions) {
  if (sessions.length < 2) return null;
  const runs = runsInOrder(q, sessions);
  const labels = runLabels(sessions);
  const own = typeOf(q.type)?.trend;
  if (own) return own(q, runs, labels);
  return barChart(
    labels.map((l, i) => `${l}. ${sessions[i].title}`),
    runs.map((r) => r.responses || 0),
    { label: t('p_responsesTrend') },
  );
}

// categoryTrend draws every category's mean per run, one line each.
export function categoryTrend(categories, sessions) {
  if (!categories?.length || sessions.length < 2) return null;
  const series = categories.map((c) => {
    const byId = new Map((c.runs || []).map((r) => [r.sessionId, r.mean]));
    return { name: c.name, values: sessions.map((s) => (typeof byId.get(s.id) === 'number' ? byId.get(s.id) : null)) };
  });
  const all = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
  const min = Math.min(1, Math.floor(Math.min(...all)));
  const max = Math.max(5, Math.ceil(Math.max(...all)));
  return lineChart(runLabels(sessions), series, { label: t('p_trendOf', { q: t('p_categories') }), min, max, format: (v) => v.toFixed(1) });
}

// categoryTable lists each category's mean, overall and per run.
export function categoryTable(categories, sessions = []) {
  const fmt = (m) => (typeof m === 'number' ? m.toFixed(2) : '–');
  const head = el('tr', {}, el('th', { scope: 'col', text: t('p_categories') }), el('th', { scope: 'col', text: t('p_meanHead') }), sessions.map((_, i) => el('th', { scope: 'col', text: String(i + 1) })));
  const rows = categories.map((c) => {
    const byId = new Map((c.runs || []).map((r) => [r.sessionId, r.mean]));
    return el('tr', { dataset: { category: c.name } }, el('th', { scope: 'row', text: c.name }), el('td', { class: 'num', dataset: { mean: String(c.mean ?? '') }, text: fmt(c.mean) }), sessions.map((s) => el('td', { class: 'num', text: fmt(byId.get(s.id)) })));
  });
  return el('table', { class: 'category-table' }, el('thead', {}, head), el('tbody', {}, rows));
}
