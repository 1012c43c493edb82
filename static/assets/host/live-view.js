// The live view of the question shown: its results as the type draws them
// for the facilitator (types/*.js hostLive), and for moderated types the
// entries with their moderation buttons, and the cloud's downloads.

import { $, api, downloadBlob, el, safeName } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { fetchResults, resultsOf } from './answers.js';
import { auth, currentQuestion, qpath, replaceQuestion, say, session } from './session.js';

const ui = {
  results: $('#live-results'),
  tools: $('#live-tools'),
  error: $('#live-error'),
  responses: $('#live-responses'),
  responsesWord: $('#live-responses-word'),
};

let live = null; // {key, id, view}

// drawStat writes a live count with its word ("1 participant", "2 participants").
export function drawStat(num, word, key, n) {
  num.textContent = String(n);
  word.textContent = t(key, { n });
}

// viewKey changes when the live view must be drawn anew: not for moderation.
function viewKey(q) {
  const { moderation, ...rest } = q;
  void moderation;
  return JSON.stringify(rest);
}

async function moderate(q, entry, patch, message) {
  ui.error.textContent = '';
  try {
    const updated = await api(qpath(q, '/moderation'), { method: 'POST', body: { entry, ...patch }, ...auth() });
    if (updated && updated.id) replaceQuestion(updated);
    await fetchResults();
    say(message);
  } catch (err) {
    showError(ui.error, err);
  }
}

// toggleHidden hides a shown entry of the list, or shows a hidden one.
export function toggleHidden(q, li) {
  if (!q || !li) return;
  const hidden = li.dataset.hidden === 'true';
  const text = li.querySelector('.mod-text')?.textContent || li.dataset.entry;
  moderate(q, li.dataset.entry, { hidden: !hidden }, t(hidden ? 'shownAgain' : 'hiddenEntry', { e: text }));
}

async function download(kind) {
  const q = currentQuestion();
  const cloud = live?.view?.cloud;
  if (!q || !cloud) return;
  const name = `${safeName(session().title)}-${safeName(q.prompt, 'word-cloud').slice(0, 40)}`;
  try {
    if (kind === 'svg') {
      downloadBlob(new Blob([cloud.toSVG({ title: q.prompt })], { type: 'image/svg+xml' }), `${name}.svg`);
    } else {
      downloadBlob(await cloud.toPNG({ title: q.prompt }), `${name}.png`);
    }
    say(t('cloudDownloaded', { kind: kind.toUpperCase() }));
  } catch {
    ui.error.textContent = t('downloadFailed');
  }
}

// drawLive draws the results of the question shown (a new view when the
// question changed); redraw: true makes it anew (a new language).
export function drawLive({ redraw = false } = {}) {
  if (redraw) live = null;
  const q = currentQuestion();
  if (!q) {
    live = null;
    drawStat(ui.responses, ui.responsesWord, 'responsesWord', 0);
    ui.results.replaceChildren(el('p', { class: 'host-live-empty', text: t('liveEmpty') }));
    ui.tools.replaceChildren();
    return;
  }
  const key = viewKey(q);
  if (!live || live.key !== key) {
    ui.tools.replaceChildren();
    ui.results.replaceChildren();
    const type = typeOf(q.type);
    const ctx = { results: ui.results, tools: ui.tools, onModerate: moderate, onToggle: toggleHidden, onDownload: download };
    live = { key, id: q.id, view: type ? type.hostLive(ctx, q) : null };
  }
  const r = resultsOf(q);
  drawStat(ui.responses, ui.responsesWord, 'responsesWord', r.responses || 0);
  live.view?.update(q, r);
}
