// The facilitator page's shell: create a session or load the saved one,
// keep it live over the socket, and draw its panels (host/*.js) from the
// session it holds. The page speaks the facilitator's language (picked on
// the page, else the browser's); the session's language, on phones and
// the big screen, is its own.

import { $, el, LiveSocket, storage } from './common.js';
import { showError } from './errors.js';
import { applyHost, browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage } from './i18n-host.js';
import { PROGRAMME_STRINGS } from './i18n-programme.js';
import { applyLimits } from './limits.js';
import { installShortcuts, toggleFullscreen } from './shortcuts.js';
import { language, t, useLanguage } from './translate.js';
import { typeOf } from './types/index.js';
import { fetchResults, onAnswers, scheduleFetch, startPolling, stopPolling, takeFrame } from './host/answers.js';
import { drawCategories } from './host/categories.js';
import { drawClosing, drawCollect, drawCollectQuestions, mountCollect, refreshCollect } from './host/collect.js';
import { mountCompare, refreshCompare } from './host/compare.js';
import { hideCreateForm, mountCreate, showCreateForm } from './host/create.js';
import { mountExport } from './host/export.js';
import { drawGroups, loadGroups, mountGroups } from './host/groups.js';
import { drawLogin, loadLogin, mountLogin, signedIn, wanted } from './host/login.js';
import { drawControls, mountLiveControls, navigate, showQuestion, startCountdown, toggleLock, toggleResults } from './host/live-controls.js';
import { drawLive, drawStat, toggleHidden } from './host/live-view.js';
import { editingId, editQuestion, endEdit, mountQuestionForm, relabel } from './host/question-form.js';
import { mountQuestionList } from './host/question-list.js';
import { loadWorkspaceRuns } from './host/runs.js';
import * as current from './host/session.js';
import { drawParticipants, drawSessionFacts, drawSessionPanel, mountSessionPanel } from './host/session-panel.js';
import { drawSegmentQuestions, mountSplitResults, refreshSplit } from './host/split-results.js';

const LANG_KEY = 'ting:host-language';

const ui = {
  conn: $('#conn'),
  pageLang: $('#page-language'),
  sessionView: $('#session-view'),
  sessionError: $('#session-error'),
  liveParticipants: $('#live-participants'),
  liveParticipantsWord: $('#live-participants-word'),
  liveResponses: $('#live-responses'),
  liveJoins: $('#live-joins'),
  liveResponsesWord: $('#live-responses-word'),
  hostHelp: $('#host-help'),
};

let socket = null;

const list = mountQuestionList($('#question-list'), {
  empty: $('#no-questions'),
  errorNode: ui.sessionError,
  on: {
    show: showQuestion,
    edit: editQuestion,
    changed: async () => {
      drawQuestions();
      drawLive();
      await fetchResults();
    },
    removed: async (q) => {
      if (editingId() === q.id) endEdit();
      await load();
    },
  },
});

function drawQuestions() {
  drawSegmentQuestions();
  drawCollectQuestions();
  list.update();
}

// drawAll draws every panel of the session anew.
function drawAll() {
  drawQuestions();
  drawControls();
  drawLive();
}

// refreshTools draws the workshop tools anew: pace, split, compare, groups.
function refreshTools() {
  drawSessionFacts();
  drawClosing();
  refreshCollect();
  refreshSplit();
  refreshCompare();
  loadGroups();
}

function drawConn() {
  const s = ui.conn.dataset.state;
  if (s) ui.conn.textContent = s === 'open' ? t('connLive') : t(s);
}

// setLanguage puts the page in a language: its fixed texts, <html lang> and
// everything drawn from the session.
function setLanguage(next) {
  // The facilitator's strings, and those of the programme pages it links to.
  useLanguage(next, { dictionaries: PROGRAMME_STRINGS });
  document.documentElement.lang = language();
  applyHost(document, t);
  ui.pageLang.value = language();
  drawConn();
  drawStat(ui.liveParticipants, ui.liveParticipantsWord, 'participantsWord', Number(ui.liveParticipants.textContent) || 0);
  drawStat(ui.liveResponses, ui.liveResponsesWord, 'responsesWord', Number(ui.liveResponses.textContent) || 0);
  relabel();
  drawLogin();
  const s = current.session();
  if (s) {
    document.title = `${s.title} · Ting`;
    drawQuestions();
    drawControls();
    drawLive({ redraw: true });
    refreshTools();
  } else {
    document.title = t('pageTitle');
  }
}

function showCreate(message = '') {
  stopLive();
  ui.sessionView.hidden = true;
  ui.conn.hidden = true;
  showCreateForm(message);
  document.title = t('pageTitle');
}

function leave(message = '') {
  current.forget();
  showCreate(message);
}

async function load() {
  try {
    await current.load();
  } catch (err) {
    if ([401, 403, 404].includes(err.status)) {
      leave(t('sessionGone'));
      return;
    }
    hideCreateForm();
    ui.sessionView.hidden = false;
    showError(ui.sessionError, err);
    setTimeout(load, 3000);
    return;
  }
  const s = current.session();
  hideCreateForm();
  ui.sessionView.hidden = false;
  document.title = `${s.title} · Ting`;
  drawSessionPanel();
  // A viewer (a steering group member) sees the results, not the controls.
  document.body.classList.toggle('viewer-role', s.role === 'viewer');
  $('#viewer-note').hidden = s.role !== 'viewer';
  drawLogin();
  drawAll();
  startLive();
  refreshTools();
}

// ---------- live ----------

function startLive() {
  if (socket) return;
  ui.conn.hidden = false;
  const { id, token } = current.credentials();
  socket = new LiveSocket({
    // Without a token (a signed-in facilitator's), the login cookie presents.
    onopen: (s) => s.send(token ? { type: 'present', sessionId: id, token } : { type: 'present', sessionId: id }),
    onmessage: onFrame,
    onstate: (s) => {
      ui.conn.dataset.state = s;
      drawConn();
    },
  });
  socket.start();
  startPolling();
}

function stopLive() {
  if (socket) socket.stop();
  socket = null;
  stopPolling();
}

function onFrame(msg) {
  const s = current.session();
  if (!s) return;
  if (msg.type === 'question') {
    // Another tab, the big screen's keys or a script may have changed the state: follow it.
    const q = msg.question;
    if (q && !current.questionById(q.id)) current.addQuestion(q);
    current.takeState({
      questionId: q ? q.id : null,
      resultsVisible: !!msg.resultsVisible,
      locked: !!msg.locked,
      remainingMs: msg.remainingMs || 0,
      segmentBy: s.state?.segmentBy ?? null, // results frames carry it
      joinsClosed: !!s.state?.joinsClosed, // the REST state carries it
    });
    drawAll();
  } else if (msg.type === 'groups') {
    drawGroups(msg.groups || []);
  } else if (msg.type === 'deleted') {
    leave(t('h_deleted'));
  } else if (msg.type === 'results') {
    if (takeFrame(msg)) list.updateCounts();
    if (msg.questionId === s.state?.questionId) {
      // The page's socket is a screen's: its frames say whether the big screen is split.
      const by = msg.segmentBy || null;
      if (by !== (s.state.segmentBy || null)) {
        current.mergeState({ segmentBy: by });
        drawSegmentQuestions();
      }
      drawLive();
      const q = current.currentQuestion();
      if (q && typeOf(q.type)?.moderated) scheduleFetch();
    }
  } else if (msg.type === 'participants') {
    const n = Number(msg.count) || 0;
    drawParticipants(n);
    drawStat(ui.liveParticipants, ui.liveParticipantsWord, 'participantsWord', n);
    ui.liveJoins.textContent = String(Number(msg.joinsPerMinute) || 0);
  } else if (msg.type === 'error' && !msg.ref) {
    showError(ui.sessionError, { code: msg.code, message: msg.message });
  }
}

onAnswers(({ countsChanged }) => {
  if (countsChanged) list.updateCounts();
  drawLive();
  drawCategories();
  drawCollect();
});

// ---------- wiring ----------

applyLimits();

for (const code of LANGUAGES) ui.pageLang.append(el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] }));
ui.pageLang.addEventListener('change', () => {
  storage.set(LANG_KEY, ui.pageLang.value);
  setLanguage(ui.pageLang.value);
  current.say(t('pageLanguageSet'));
});

mountCreate({ onCreated: load });
mountSessionPanel({ onForget: () => leave(), onDeleted: (message) => leave(message) });
mountQuestionForm({
  onChanged: ({ saved }) => {
    if (saved) {
      drawAll();
      list.focusQuestion(saved.id);
    } else {
      drawQuestions();
      drawControls();
    }
  },
});
mountLiveControls({ onChanged: drawAll });
mountGroups();
mountSplitResults();
mountCompare();
mountExport();
mountCollect();

const shortcuts = installShortcuts(
  {
    next: () => navigate(1),
    prev: () => navigate(-1),
    results: toggleResults,
    lock: toggleLock,
    countdown: () => startCountdown(30),
    fullscreen: toggleFullscreen,
    hide: () => {
      const li = document.activeElement?.closest?.('.mod-item[data-entry]');
      const q = current.currentQuestion();
      if (li && q) toggleHidden(q, li);
    },
  },
);
ui.hostHelp.addEventListener('click', () => shortcuts.showHelp());

// ---------- start ----------

setLanguage(normalizeLanguage(storage.get(LANG_KEY)) || browserLanguage());
mountLogin({ onError: (err) => showError(ui.sessionError, err) });

// start opens the session the address names (signed in), else the saved
// one, else the new-session form.
async function start() {
  await loadLogin();
  if (signedIn()) {
    current.useLogin();
    await loadWorkspaceRuns();
  }
  drawLogin();
  const want = wanted();
  if (want.fresh) {
    current.forget();
    showCreate();
    return;
  }
  if (want.id && signedIn()) current.open(want.id);
  const saved = current.credentials();
  if (saved && saved.id && (saved.token || signedIn())) load();
  else showCreate();
}

start();
