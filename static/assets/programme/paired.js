// The paired view of the programme (GET /programmes/{id}/paired): between
// two of its sessions, picked as "From" and "To" (the first and the last
// at first), per statement of each scale question asked in both, how many
// of those who answered it both times gave a higher, the same or a lower
// value the second time. Drawn as a stacked bar (the scale view's bar of
// results.css) with the numbers as text beside it, so nothing is said by
// colour alone; a statement too few answered both times says so.

import { $, api, el } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { programmeAuth } from './data.js';

const ui = {
  pick: $('#paired-pick'),
  from: $('#paired-from'),
  to: $('#paired-to'),
  box: $('#paired'),
  error: $('#paired-error'),
};

// MOVES are the three ways a paired answer moved, in the bar's order.
const MOVES = [
  { key: 'up', mark: '▲', label: 'p_movedUp' },
  { key: 'same', mark: '=', label: 'p_movedSame' },
  { key: 'down', mark: '▼', label: 'p_movedDown' },
];

let programme = null; // the programme as the page last read it
let view = null; // the paired view as last read
let asked = 0; // the latest request: an older answer is dropped

const note = (key, vars) => el('p', { class: 'muted pp-empty', text: t(key, vars) });

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

function draw() {
  const sessions = programme?.sessions || [];
  ui.pick.hidden = sessions.length < 2;
  if (sessions.length < 2) {
    ui.box.replaceChildren(note('p_pairedNeedTwo'));
    return;
  }
  if (ui.from.value === ui.to.value) {
    ui.box.replaceChildren(note('p_pairedSameSession'));
    return;
  }
  if (!view) return;
  if (!view.questions.length) {
    ui.box.replaceChildren(note('p_pairedNone'));
    return;
  }
  ui.box.replaceChildren(note('p_pairedIntro', { n: view.minSegment }), ...view.questions.map((q) => questionBlock(q, view.minSegment)));
}

async function load() {
  const n = ++asked;
  ui.error.textContent = '';
  view = null;
  draw();
  if (!programme || programme.sessions.length < 2 || ui.from.value === ui.to.value) return;
  const qs = new URLSearchParams({ from: ui.from.value, to: ui.to.value });
  try {
    const v = await api(`/programmes/${encodeURIComponent(programme.id)}/paired?${qs}`, programmeAuth(programme.id));
    if (n !== asked) return;
    view = v;
    draw();
  } catch (err) {
    if (n === asked) showError(ui.error, err);
  }
}

function fill(select, sessions, keep, fallback) {
  select.replaceChildren(...sessions.map((s, i) => el('option', { value: s.id, text: `${i + 1}. ${s.title}` })));
  select.value = sessions.some((s) => s.id === keep) ? keep : fallback;
}

// drawPaired shows the paired view of programme p, keeping the sessions
// picked while they are still the programme's; it reads the view again.
export function drawPaired(p) {
  programme = p;
  const ss = p.sessions;
  fill(ui.from, ss, ui.from.value, ss[0]?.id || '');
  fill(ui.to, ss, ui.to.value, ss[ss.length - 1]?.id || '');
  return load();
}

// redrawPaired draws the view last read again (after a change of language).
export function redrawPaired() {
  if (!programme) return;
  const ss = programme.sessions;
  fill(ui.from, ss, ui.from.value, ss[0]?.id || '');
  fill(ui.to, ss, ui.to.value, ss[ss.length - 1]?.id || '');
  draw();
}

export function mountPaired() {
  ui.from.addEventListener('change', load);
  ui.to.addEventListener('change', load);
}
