// The paired view of a programme as the programme page and its report
// draw it (GET /programmes/{id}/paired): per statement of each scale
// question asked in both sessions, a stacked bar (the scale view's bar of
// results.css) of how many gave a higher, the same or a lower value the
// second time, with the numbers as text beside it, so nothing is said by
// colour alone; a statement too few answered both times says so.

import { el } from '../common.js';
import { t } from '../translate.js';

export const note = (key, vars) => el('p', { class: 'muted pp-empty', text: t(key, vars) });

// MOVES are the three ways a paired answer moved, in the bar's order.
const MOVES = [
  { key: 'up', mark: '▲', label: 'p_movedUp' },
  { key: 'same', mark: '=', label: 'p_movedSame' },
  { key: 'down', mark: '▼', label: 'p_movedDown' },
];

function statementRow(s, i, floor) {
  if (s.hidden) {
    return el(
      'li',
      { class: 'pp-row is-hidden', dataset: { statement: String(i), hidden: 'true' } },
      el('span', { class: 'scale-label', text: s.statement }),
      el('p', { class: 'pp-hidden', text: t('p_pairedHidden', { n: floor }) }),
    );
  }
  const segs = MOVES.map((m) =>
    el('span', { class: `scale-seg pp-${m.key}`, style: `flex-grow:${s[m.key]}`, hidden: s[m.key] === 0, dataset: { move: m.key } }, `${m.mark} ${s[m.key]}`),
  );
  return el(
    'li',
    { class: 'pp-row', dataset: { statement: String(i), hidden: 'false', paired: String(s.paired), up: String(s.up), same: String(s.same), down: String(s.down) } },
    el('span', { class: 'scale-label', text: s.statement }),
    el('span', { class: 'scale-mean pp-paired', text: t('p_pairedOf', { n: s.paired }) }),
    el('span', { class: 'scale-bar', 'aria-hidden': 'true' }, segs),
    el(
      'ul',
      { class: 'pp-moves' },
      MOVES.map((m) => el('li', { class: `pp-move pp-${m.key}-text`, dataset: { move: m.key } }, el('span', { class: 'pp-mark', 'aria-hidden': 'true', text: m.mark }), ' ', t(m.label, { n: s[m.key] }))),
    ),
  );
}

function questionBlock(q, floor) {
  return el(
    'article',
    { class: 'pp', dataset: { origin: q.origin } },
    el('h3', { class: 'pq-prompt', text: q.prompt }),
    el('ol', { class: 'scale-rows pp-rows' }, q.statements.map((s, i) => statementRow(s, i, floor))),
  );
}

// pairedView is the view's nodes: what it shows and its questions, or why
// there is nothing to show.
export function pairedView(view) {
  if (!view.questions.length) return [note('p_pairedNone')];
  return [note('p_pairedIntro', { n: view.minSegment }), ...view.questions.map((q) => questionBlock(q, view.minSegment))];
}
