// The big screen's stage: the current question's results as its type
// draws them for the room (types/*.js screenResults), split by segment
// when the facilitator asks, the note that says so, and the cloud's
// downloads.

import { $, downloadBlob, safeName } from '../common.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { splits, SplitView } from './split-view.js';
import { fitter } from './fit.js';
import { frameNow, fullQuestion, question, session } from './room.js';

const ui = {
  results: $('#results'),
  splitNote: $('#split-note'),
  responses: $('#responses'),
  prompt: $('#prompt'),
  downloadSize: $('#download-size'),
  downloadSvg: $('#download-svg'),
  downloadPng: $('#download-png'),
};

let view = null; // {key, split, view}
let onActivate = () => {};
let askFor = () => {};
let askedFor = null;

// isSplit reports whether a results frame shows its question split by
// segment: the facilitator chose a segment question (segmentBy) and the
// server sent the room's view of each segment.
function isSplit(q, msg) {
  return !!msg.segmentBy && Array.isArray(msg.segments) && splits(q);
}

function makeView(q) {
  const type = typeOf(q.type);
  if (!type) {
    ui.results.replaceChildren();
    return null;
  }
  return type.screenResults(ui.results, q, { onActivate });
}

function syncDownloads() {
  const cloud = !!view?.view?.cloud;
  ui.downloadSize.hidden = !cloud;
  ui.downloadSvg.hidden = !cloud;
  ui.downloadPng.hidden = !cloud;
}

// dropView forgets the view of the question shown.
export function dropView() {
  view?.view?.destroy?.();
  view = null;
}

// clearStage empties the stage for the lobby.
export function clearStage() {
  dropView();
  ui.results.replaceChildren();
  ui.splitNote.hidden = true;
  syncDownloads();
}

// showQuestion makes the view of q, unless it is drawn already.
export function showQuestion(q) {
  const key = JSON.stringify(q);
  if (!view || view.key !== key) {
    dropView();
    view = { key, split: false, view: makeView(q) };
  }
  syncDownloads();
}

// showSplitNote says under the prompt which question the results are split
// by, or that this kind of question is not split.
function showSplitNote(q, msg) {
  if (!msg.segmentBy) {
    ui.splitNote.hidden = true;
    ui.splitNote.textContent = '';
    return;
  }
  const by = fullQuestion(msg.segmentBy);
  if (!by && session() && askedFor !== msg.segmentBy) {
    askedFor = msg.segmentBy; // once: a question added since the screen loaded
    askFor();
  }
  const name = by ? by.prompt : '';
  ui.splitNote.hidden = false;
  ui.splitNote.textContent = isSplit(q, msg) ? t('splitBy', { q: name }) : t('splitNotShown', { q: name });
  ui.splitNote.dataset.segmentBy = msg.segmentBy;
}

export function drawResults(frame) {
  const q = question();
  if (!view || !q) return;
  const msg = frame || { questionId: q.id, responses: 0 };
  ui.responses.textContent = t('responses', { n: msg.responses || 0 });
  ui.responses.dataset.count = String(msg.responses || 0);
  showSplitNote(q, msg);
  // Split and unsplit are different views of the same question.
  const split = isSplit(q, msg);
  if (view.split !== split) {
    const key = view.key;
    dropView();
    view = { key, split, view: split ? new SplitView(ui.results, { question: q }) : makeView(q) };
    syncDownloads();
  }
  if (split) view.view.update(msg.segments);
  // A quiz shows the answers and the right one once time is up.
  else view.view?.update(msg, { locked: !!frameNow()?.locked, correct: fullQuestion(q.id)?.correct });
  fit();
}

// fit fits the prompt and the results to the screen after each change
// (fit.js), at most once a frame.
const fit = fitter(() => ({ prompt: ui.prompt, results: ui.results, kind: view?.split ? 'split' : view?.view?.cloud ? 'wordcloud' : question()?.type }));
window.addEventListener('resize', fit);
// The list of groups under the stage changes the room the results have.
new ResizeObserver(fit).observe(ui.results);

// removeEntry takes a hidden entry off the stage at once.
export function removeEntry(entry) {
  view?.view?.remove?.(entry);
}

function fileBase() {
  return `${safeName(session()?.title)}-${safeName(question()?.prompt, 'ordmoln').slice(0, 40)}`;
}

// mountStage wires the downloads; activate(entry) runs when an entry is
// picked, refresh() when a segment question is not known yet, failed(err)
// when a download fails.
export function mountStage({ activate, refresh, failed }) {
  onActivate = activate;
  askFor = refresh;
  ui.downloadSvg.addEventListener('click', () => {
    const cloud = view?.view?.cloud;
    if (!cloud) return;
    downloadBlob(new Blob([cloud.toSVG({ title: question().prompt, size: ui.downloadSize.value })], { type: 'image/svg+xml' }), `${fileBase()}.svg`);
  });
  ui.downloadPng.addEventListener('click', async () => {
    const cloud = view?.view?.cloud;
    if (!cloud) return;
    try {
      downloadBlob(await cloud.toPNG({ title: question().prompt, size: ui.downloadSize.value }), `${fileBase()}.png`);
    } catch (err) {
      failed(err);
    }
  });
}
