// Results split by segment (the options of a choice question) or for one
// group, as a table here, and the big screen's split view of the question
// shown; the smallest segment or group that is shown.

import { $, el } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { groupTable, segmentTable } from './tables.js';
import { call, mergeState, questions, say, session } from './session.js';

const ui = {
  segmentBy: $('#segment-by'),
  groupResults: $('#group-results'),
  hint: $('#split-hint'),
  minForm: $('#min-segment-form'),
  min: $('#split-min'),
  show: $('#show-split'),
  screenSplit: $('#screen-split'),
  screenSplitStatus: $('#screen-split-status'),
  error: $('#split-error'),
  results: $('#split-results'),
};

const segmenting = (q) => !!typeOf(q.type)?.segments;

// segmentBy is the segment question chosen here ('' for none).
export const segmentBy = () => ui.segmentBy.value;

// screenSplit returns the question the big screen splits the current
// question's results by (state.segmentBy), or null.
function screenSplit() {
  const id = session()?.state?.segmentBy;
  return (id && questions().find((q) => q.id === id && segmenting(q))) || null;
}

function drawScreenSplit() {
  const by = screenSplit();
  ui.screenSplit.textContent = t(by ? 'h_screenSplitStop' : 'h_screenSplitShow');
  ui.screenSplit.dataset.on = by ? 'true' : 'false';
  ui.screenSplitStatus.textContent = by ? t('h_screenSplitOn', { q: by.prompt }) : '';
  if (by && !ui.segmentBy.value) ui.segmentBy.value = by.id;
}

// drawSegmentQuestions offers the questions that split the room.
export function drawSegmentQuestions() {
  if (!session()) return;
  const keep = ui.segmentBy.value;
  const choices = questions().filter(segmenting);
  ui.segmentBy.replaceChildren(el('option', { value: '', text: t('h_noSplit') }), ...choices.map((q) => el('option', { value: q.id, text: q.prompt })));
  if (choices.some((q) => q.id === keep)) ui.segmentBy.value = keep;
  drawScreenSplit();
}

// refreshSplit draws the panel for a session anew.
export function refreshSplit() {
  const s = session();
  ui.hint.textContent = t('h_minSegmentNote', { n: s.minSegment || 5 });
  ui.min.value = String(s.minSegment || 5);
  drawSegmentQuestions();
  ui.results.replaceChildren();
}

export function mountSplitResults() {
  ui.show.addEventListener('click', async () => {
    ui.error.textContent = '';
    const params = new URLSearchParams();
    if (ui.segmentBy.value) params.set('segmentBy', ui.segmentBy.value);
    if (ui.groupResults.value) params.set('group', ui.groupResults.value);
    if (!params.toString()) {
      ui.error.textContent = t('h_pickSplit');
      ui.segmentBy.focus();
      return;
    }
    try {
      const res = await call('/results?' + params);
      ui.results.replaceChildren(res.segmentBy ? segmentTable(session(), res) : groupTable(session(), res));
      say(t('h_splitShown'));
    } catch (err) {
      showError(ui.error, err);
    }
  });

  // The big screen shows the current question split by the chosen
  // segment question, or stops.
  ui.screenSplit.addEventListener('click', async () => {
    ui.error.textContent = '';
    const on = screenSplit();
    const next = on ? null : ui.segmentBy.value || null;
    if (!on && !next) {
      ui.error.textContent = t('h_pickSegment');
      ui.segmentBy.focus();
      return;
    }
    try {
      const st = await call('/state', { method: 'PATCH', body: { segmentBy: next } });
      mergeState(st);
      drawScreenSplit();
      const by = screenSplit();
      say(by ? t('h_screenSplitOn', { q: by.prompt }) : t('h_screenSplitStopped'));
    } catch (err) {
      showError(ui.error, err);
    }
  });

  ui.minForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ui.error.textContent = '';
    const n = Number(ui.min.value);
    if (!Number.isInteger(n) || n < 1) {
      ui.error.textContent = t('h_minSegmentBad');
      ui.min.focus();
      return;
    }
    try {
      const s = await call('', { method: 'PATCH', body: { minSegment: n } });
      session().minSegment = s.minSegment;
      ui.hint.textContent = t('h_minSegmentNote', { n: s.minSegment });
      say(t('h_minSegmentSaved', { n: s.minSegment }));
    } catch (err) {
      showError(ui.error, err);
    }
  });
}
