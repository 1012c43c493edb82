// Collecting examples: until when the session takes answers (closesAt), the
// open answers and Q&A entries of each question (a theme), by segment
// (a department) if one is chosen, for the working group to select; who
// selected what and how many per theme; the selection downloaded, printed
// or shown on the big screen, one at a time or as a list.

import { $, downloadBlob, el, safeName } from '../common.js';
import { showError } from '../errors.js';
import { closingDate, t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { facilitatorResultsOf, fetchResults } from './answers.js';
import { call, questions, say, session } from './session.js';

const ui = {
  closes: $('#closes-at'),
  closesForm: $('#closes-form'),
  closesClear: $('#closes-clear'),
  closesNow: $('#closes-now'),
  factCloses: $('#session-closes'),
  by: $('#collect-by'),
  only: $('#collect-only'),
  themes: $('#collect-themes'),
  csv: $('#collect-csv'),
  xlsx: $('#collect-xlsx'),
  print: $('#collect-print'),
  error: $('#collect-error'),
};

const collecting = (q) => !!typeOf(q.type)?.selectable;
let segmented = null; // the results by ui.by, as last read
let last = '';

// localInput writes an instant as a datetime-local value in this computer's zone.
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// drawClosing shows closesAt in the session's facts and the form.
export function drawClosing() {
  const s = session();
  if (!s) return;
  const date = closingDate(s.closesAt);
  const time = s.closesAt ? new Date(s.closesAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  ui.factCloses.textContent = date ? `${date} ${time}` : '—';
  if (document.activeElement !== ui.closes) ui.closes.value = localInput(s.closesAt);
  const past = s.closesAt && new Date(s.closesAt).getTime() <= Date.now();
  ui.closesNow.textContent = !date ? t('h_closesNone') : past ? t('h_closesPast', { date }) : t('h_closesFuture', { date });
}

async function setClosing(value) {
  ui.error.textContent = '';
  try {
    const doc = await call('', { method: 'PATCH', body: { closesAt: value } });
    session().closesAt = doc.closesAt || null;
    session().state = doc.state;
    drawClosing();
    say(value ? t('h_closesSaved') : t('h_closesCleared'));
  } catch (err) {
    showError(ui.error, err);
  }
}

// drawCollectQuestions offers the segment questions (choice) to sort by.
export function drawCollectQuestions() {
  const keep = ui.by.value;
  const choices = questions().filter((q) => q.type === 'choice');
  ui.by.replaceChildren(el('option', { value: '', text: t('h_collectAll') }), ...choices.map((q) => el('option', { value: q.id, text: q.prompt })));
  if (choices.some((q) => q.id === keep)) ui.by.value = keep;
}

// reportUrl is the printable report of the selection, by the chosen segment.
function reportUrl(id) {
  const by = ui.by.value ? '&segmentBy=' + encodeURIComponent(ui.by.value) : '';
  return `/report?session=${encodeURIComponent(id)}&selected=true${by}`;
}

// refreshCollect reads the results by segment, when one is chosen, and draws.
export async function refreshCollect() {
  if (!session()) return;
  if (ui.by.value) {
    try {
      const res = await call('/results?segmentBy=' + encodeURIComponent(ui.by.value));
      segmented = new Map((res.questions || []).map((r) => [r.id, r]));
    } catch (err) {
      showError(ui.error, err);
    }
  } else segmented = null;
  drawCollect();
}

const entriesOf = (r) => r?.answers || r?.entries || [];

// drawCollect draws every theme anew when what it shows changed, keeping the focus.
export function drawCollect() {
  const s = session();
  if (!s) return;
  const themes = questions().filter(collecting);
  ui.print.href = reportUrl(s.id);
  const data = themes.map((q) => [q.id, q.prompt, segmented?.get(q.id) || facilitatorResultsOf(q.id)]);
  const key = JSON.stringify([data, ui.only.checked, ui.by.value]);
  if (key === last) return;
  last = key;
  const focused = document.activeElement?.dataset?.entry;
  ui.themes.replaceChildren(...(themes.length ? themes.map((q) => theme(q, segmented?.get(q.id) || facilitatorResultsOf(q.id))) : [el('p', { class: 'muted', text: t('h_collectNone') })]));
  if (focused) ui.themes.querySelector(`input[data-entry="${CSS.escape(focused)}"]`)?.focus();
}

function theme(q, r) {
  const all = entriesOf(r);
  const picked = all.filter((e) => e.selected);
  const by = new Map();
  for (const e of picked) by.set(e.selectedBy || '', (by.get(e.selectedBy || '') || 0) + 1);
  const head = el(
    'h3',
    { class: 'collect-title' },
    q.prompt,
    ' ',
    el('span', { class: 'badge', dataset: { selected: String(picked.length) }, text: t('h_selectedCount', { n: picked.length, total: all.length }) }),
  );
  const who = picked.length
    ? el('p', { class: 'muted collect-who', text: t('h_selectedBy', { who: [...by].map(([name, n]) => `${name || '?'} (${n})`).join(', ') }) })
    : null;
  const screen = el(
    'div',
    { class: 'actions collect-screen' },
    el('button', { type: 'button', class: 'btn btn-small', text: t('h_screenOne'), onclick: () => showOnScreen(q, 'one'), disabled: picked.length === 0 }),
    el('button', { type: 'button', class: 'btn btn-small', text: t('h_screenList'), onclick: () => showOnScreen(q, 'list'), disabled: picked.length === 0 }),
  );
  let body;
  if (r?.segments) {
    body = r.segments.map((sg) =>
      el(
        'section',
        { class: 'collect-segment' },
        el('h4', { text: sg.label }),
        sg.hidden ? el('p', { class: 'muted', text: t('h_collectHidden') }) : list(q, entriesOf(sg)),
      ),
    );
  } else body = list(q, all);
  return el('article', { class: 'collect-theme', dataset: { question: q.id } }, head, who, screen, body);
}

function list(q, entries) {
  const shown = ui.only.checked ? entries.filter((e) => e.selected) : entries;
  if (shown.length === 0) return el('p', { class: 'muted', text: t('h_collectEmpty') });
  return el(
    'ul',
    { class: 'collect-list' },
    shown.map((e) => {
      const box = el('input', { type: 'checkbox', checked: !!e.selected, dataset: { entry: e.id }, 'aria-label': `${t('h_select')}: ${e.text}` });
      box.addEventListener('change', () => select(e, box));
      return el(
        'li',
        { class: 'collect-item' + (e.selected ? ' is-selected' : ''), dataset: { entry: e.id } },
        el('label', {}, box, ' ', el('span', { class: 'collect-text', text: e.text })),
        e.selected && e.selectedBy ? el('span', { class: 'muted collect-by', text: t('h_selectedByOne', { who: e.selectedBy }) }) : null,
      );
    }),
  );
}

async function select(entry, box) {
  ui.error.textContent = '';
  box.disabled = true;
  try {
    await call(`/answers/${encodeURIComponent(entry.id)}`, { method: 'PATCH', body: { selected: box.checked } });
    say(box.checked ? t('h_selectedDone') : t('h_unselectedDone'));
    await fetchResults();
    await refreshCollect();
  } catch (err) {
    box.checked = !box.checked;
    showError(ui.error, err);
  } finally {
    box.disabled = false;
  }
}

// showOnScreen opens (or turns) the big screen to the question's selection.
function showOnScreen(q, view) {
  const url = `${session().presentUrl}&sel=${encodeURIComponent(q.id)}&view=${view}`;
  window.open(url, 'ting-screen');
  say(t('h_screenSelection', { q: q.prompt }));
}

async function download(button, ext) {
  button.disabled = true;
  ui.error.textContent = '';
  try {
    const res = await call(`/export.${ext}?selected=true`, { raw: true });
    const s = session();
    downloadBlob(await res.blob(), `${safeName(s.title)}-${s.code}-selected.${ext}`);
    say(t('h_selectionDownloaded'));
  } catch (err) {
    showError(ui.error, err);
  } finally {
    button.disabled = false;
  }
}

export function mountCollect() {
  ui.closesForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!ui.closes.value) return setClosing(null);
    const d = new Date(ui.closes.value);
    if (Number.isNaN(d.getTime())) return;
    setClosing(d.toISOString());
  });
  ui.closesClear.addEventListener('click', () => setClosing(null));
  ui.by.addEventListener('change', refreshCollect);
  ui.only.addEventListener('change', drawCollect);
  ui.csv.addEventListener('click', () => download(ui.csv, 'csv'));
  ui.xlsx.addEventListener('click', () => download(ui.xlsx, 'xlsx'));
}
