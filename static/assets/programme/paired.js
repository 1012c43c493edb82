// The paired view of the programme (GET /programmes/{id}/paired): between
// two of its sessions, picked as "From" and "To" (the first and the last
// at first), per statement of each scale question asked in both, how many
// of those who answered it both times gave a higher, the same or a lower
// value the second time. Drawn as a stacked bar (the scale view's bar of
// results.css, drawn by paired-view.js) with the numbers as text beside
// it; a statement too few answered both times says so.

import { $, api, el } from '../common.js';
import { showError } from '../errors.js';
import { programmeAuth } from './data.js';
import { note, pairedView } from './paired-view.js';

const ui = {
  pick: $('#paired-pick'),
  from: $('#paired-from'),
  to: $('#paired-to'),
  box: $('#paired'),
  error: $('#paired-error'),
};

let programme = null; // the programme as the page last read it
let view = null; // the paired view as last read
let asked = 0; // the latest request: an older answer is dropped

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
  ui.box.replaceChildren(...pairedView(view));
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
