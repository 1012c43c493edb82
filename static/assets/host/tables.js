// Tables of results side by side: segments of a split, one group, or two
// runs of the same questions. Each cell says in words what the results
// are, so the table reads well on a screen reader and in a report.

import { el } from '../common.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';

// summarize describes one question's results in a line of text.
export function summarize(q, r) {
  if (!r) return '';
  if (r.hidden) return t('h_hidden');
  return typeOf(q.type)?.summarize(q, r) || '';
}

function cellOf(q, r) {
  if (r?.hidden) return el('td', { class: 'is-hidden' }, t('h_hidden'));
  const n = r?.responses ?? 0;
  return el('td', {}, el('span', { class: 'split-n', text: t('responses', { n }) }), el('span', { class: 'split-sum', text: summarize(q, r) || t('noAnswers') }));
}

// table draws questions as rows and the given columns side by side;
// column(q, i) returns the results of question q in column i.
function table(caption, heads, questions, column) {
  return el(
    'table',
    { class: 'split-table' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('h_question') }), heads.map((h) => el('th', { scope: 'col', text: h })))),
    el(
      'tbody',
      {},
      questions.map((q, qi) =>
        el(
          'tr',
          { dataset: { id: q.id } },
          el('th', { scope: 'row', text: `${qi + 1}. ${q.prompt}` }),
          heads.map((_, i) => cellOf(q, column(q, i))),
        ),
      ),
    ),
  );
}

// segmentTable shows each question's segments side by side.
export function segmentTable(session, results) {
  const seg = session.questions.find((q) => q.id === results.segmentBy);
  const first = results.questions.find((r) => r.segments);
  const heads = (first?.segments || []).map((s) => s.label);
  const byId = new Map(results.questions.map((r) => [r.id, r]));
  return table(t('h_splitCaption', { q: seg ? seg.prompt : '' }), heads, session.questions, (q, i) => byId.get(q.id)?.segments?.[i]);
}

// groupTable shows the results of one group.
export function groupTable(session, results) {
  const byId = new Map(results.questions.map((r) => [r.id, r]));
  const name = results.group?.name || '';
  return table(t('h_groupCaption', { g: name }), [name], session.questions, (q) => byId.get(q.id));
}

// compareTable shows each question asked in both runs, before and after.
export function compareTable(session, cmp) {
  const byId = new Map(cmp.questions.map((c) => [c.id, c]));
  const qs = session.questions.filter((q) => byId.has(q.id));
  return table(t('h_compareCaption'), [t('h_before'), t('h_after')], qs, (q, i) => (i === 0 ? byId.get(q.id).before : byId.get(q.id).after));
}
