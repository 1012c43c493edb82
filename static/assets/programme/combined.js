// The programme page's combined results: per question (by origin) the
// results over all sessions, each session's own beside it, the trend over
// time and, split by a segment question, each segment (hidden ones marked).
// Every view is the question type's own (types/*.js) through the registry.

import { el } from '../common.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { runsInOrder, trendOf } from '../trends.js';
import { visible } from './data.js';

// resultsView draws one result of a question with its type's results view.
export function resultsView(q, r) {
  const box = el('div', { class: 'pq-view' });
  const m = typeOf(q.type);
  const make = m?.phoneResults || m?.screenResults;
  if (make) {
    const view = make(box, q, {});
    view.update({ ...visible(r), questionId: q.id, questionType: q.type });
  }
  return box;
}

const count = (key, n) => el('span', { class: 'muted pq-count', text: t(key, { n }) });

function runCell(q, run, session, i) {
  return el(
    'li',
    { class: 'pq-run', dataset: { session: session.id, responses: String(run.responses || 0) } },
    el('h5', { class: 'pq-run-title' }, `${i + 1}. ${session.title}`, ' ', count('p_answers', run.responses || 0)),
    resultsView(q, run),
  );
}

function segmentCell(q, s) {
  if (s.hidden) {
    return el('li', { class: 'pq-segment is-hidden', dataset: { hidden: 'true', option: String(s.option) } }, el('h5', { text: s.label }), el('p', { class: 'badge badge-hidden', text: t('p_hidden') }));
  }
  return el('li', { class: 'pq-segment', dataset: { hidden: 'false', option: String(s.option) } }, el('h5', {}, s.label, ' ', count('p_answers', s.responses || 0)), resultsView(q, s));
}

function questionCard(q, p, segmentPrompt) {
  const type = typeOf(q.type);
  const runs = runsInOrder(q, p.sessions);
  const trend = trendOf(q, p.sessions);
  const head = el(
    'header',
    { class: 'pq-head' },
    el('h3', { class: 'pq-prompt', text: q.prompt }),
    el(
      'p',
      { class: 'pq-meta' },
      el('span', { class: 'badge badge-muted', text: t('type_' + q.type) }),
      q.category ? el('span', { class: 'badge', text: t('p_category', { c: q.category }) }) : null,
      count('p_answers', q.result.responses || 0),
    ),
  );
  return el(
    'article',
    { class: 'pq', dataset: { origin: q.origin, type: q.type } },
    head,
    el('section', { class: 'pq-all' }, el('h4', { text: t('p_all') }), resultsView(q, q.result)),
    el('section', { class: 'pq-runs' }, el('h4', { text: t('p_runs') }), el('ol', { class: 'pq-run-list' }, runs.map((r, i) => runCell(q, r, p.sessions[i], i)))),
    el('section', { class: 'pq-trend' }, el('h4', { text: t('p_trend') }), trend || el('p', { class: 'muted', text: t('p_noTrend') })),
    Array.isArray(q.result.segments) && type && q.origin !== p.segmentBy
      ? el('section', { class: 'pq-segments' }, el('h4', { text: t('p_split', { q: segmentPrompt }) }), el('ol', { class: 'pq-segment-list' }, q.result.segments.map((s) => segmentCell(q, s))))
      : null,
  );
}

// drawCombined draws every question of the programme into box.
export function drawCombined(box, p) {
  if (!p.questions.length) {
    box.replaceChildren(el('p', { class: 'muted', text: t('p_noQuestions') }));
    return;
  }
  const by = p.questions.find((q) => q.origin === p.segmentBy);
  box.replaceChildren(...p.questions.map((q) => questionCard(q, p, by?.prompt || '')));
}
