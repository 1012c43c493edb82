// The phone page's shell: join by code, follow the session's frames, and
// draw the question card (phone/question-card.js), the results card
// (phone/results-card.js) and a self-paced session's navigation
// (phone/paced.js).

import { $, el, LiveSocket, storage } from './common.js';
import { errorText } from './errors.js';
import { applyStatic, browserLanguage, LANGUAGE_NAMES, LANGUAGES } from './i18n.js';
import { applyLimits } from './limits.js';
import { t, useLanguage, language } from './translate.js';
import { typeOf } from './types/index.js';
import { clearPending, forgetAnswers, keepPendingOf, openAnswers, resend, restorePending, seenFrame, useSender } from './phone/answers.js';
import { showClosing } from './phone/closing.js';
import { drawPacedNav, isPaced, onQuestions, stopPaced } from './phone/paced.js';
import * as card from './phone/question-card.js';
import { hideResults, showResults } from './phone/results-card.js';

const ui = {
  joinView: $('#join-view'),
  liveView: $('#live-view'),
  form: $('#join-form'),
  code: $('#code'),
  name: $('#name'),
  joinError: $('#join-error'),
  joinButton: $('#join-button'),
  title: $('#session-title'),
  liveHeading: $('#live-heading'),
  conn: $('#conn'),
  leave: $('#leave'),
  announcer: $('#announcer'),
  langChoice: $('#lang-choice'),
  groupCard: $('#group-card'),
  groupName: $('#group-name'),
  groupSize: $('#group-size'),
  groupPair: $('#group-pair'),
};

const state = {
  code: '',
  key: '', // the join link's key (k), sent with its code only
  joined: false,
  socket: null,
  session: null,
  frame: null, // the last "question" frame
  lastResults: null, // the last "results" frame, drawn again when the language changes
  group: null, // {name, members}: the phone's group after a split
  sentToken: false,
};

const langKey = 'ting:lang'; // the participant's own choice of language, over the session's
const tokenKey = (code) => `ting:participant:${code}`;
// The token of the phone's last session of a programme: sent when joining
// a session it has no token for, so that in another session of the same
// programme it is the same participant (and keeps its group). It names no one.
const programmeTokenKey = 'ting:programme-token';

function setLanguage(next) {
  useLanguage(next, { fallback: language() });
  document.documentElement.lang = language();
  applyStatic(document, t);
  ui.langChoice.value = language();
  showConnection(state.socket ? state.socket.state : '');
}

// The participant may read the page in another of Ting's languages than
// the session's; the choice is kept on the phone. The question and its
// results are drawn again in the new language.
ui.langChoice.append(...LANGUAGES.map((l) => el('option', { value: l, lang: l, text: LANGUAGE_NAMES[l] })));
ui.langChoice.addEventListener('change', () => {
  storage.set(langKey, ui.langChoice.value);
  setLanguage(ui.langChoice.value);
  if (state.frame) {
    card.dropView();
    onQuestion(state.frame);
    if (state.lastResults) onResults(state.lastResults);
  }
});

function announce(text) {
  ui.announcer.textContent = '';
  // A fresh text node in a second step makes screen readers read it again.
  setTimeout(() => {
    ui.announcer.textContent = text;
  }, 50);
}

function showConnection(s) {
  const labels = { open: 'connected', connecting: 'connecting', reconnecting: 'reconnecting', offline: 'offline' };
  ui.conn.hidden = !s;
  ui.conn.dataset.state = s || '';
  ui.conn.textContent = s ? t(labels[s]) : '';
  if (!state.joined) {
    ui.joinButton.textContent = s && s !== 'open' ? t('joining') : t('joinButton');
  }
}

card.mountQuestionCard({
  announce,
  answered: () => {
    if (isPaced()) drawPacedNav();
  },
  canSend: () => isPaced() || (!!state.frame?.question && !state.frame.locked),
});
useSender((frame) => !!state.socket && state.socket.send(frame));

// ---------- joining ----------

function cleanCode(raw) {
  return String(raw || '').replace(/\D/g, '');
}

// The join link (and the big screen's QR code) carries the session's key
// beside its code: a join with it gets past a guesser's spent budget of
// failed lookups. A code typed by hand has none.
const link = new URLSearchParams(location.search);
const linked = { code: cleanCode(link.get('code')), key: link.get('k') || '' };

function join(code) {
  state.code = code;
  state.key = code === linked.code ? linked.key : '';
  state.joined = false;
  stopPaced();
  openAnswers(code);
  ui.joinError.textContent = '';
  ui.code.removeAttribute('aria-invalid');
  ui.joinButton.disabled = true;
  ui.joinButton.textContent = t('joining');
  if (state.socket) state.socket.stop();
  state.socket = new LiveSocket({ onopen: sendJoin, onmessage: handle, onstate: showConnection });
  state.socket.start();
  restorePending(handle, card.showWaiting);
}

function sendJoin(socket) {
  const msg = { type: 'join', code: state.code };
  if (state.key) msg.key = state.key;
  const token = storage.get(tokenKey(state.code)) || storage.get(programmeTokenKey);
  if (token) msg.token = token;
  const name = ui.name.value.trim();
  if (name) msg.name = name;
  state.sentToken = !!token;
  socket.send(msg);
}

function leave() {
  if (state.socket) state.socket.stop();
  state.socket = null;
  state.joined = false;
  state.frame = null;
  stopPaced();
  state.group = null;
  ui.groupCard.hidden = true;
  card.dropView();
  clearPending();
  ui.liveView.hidden = true;
  ui.joinView.hidden = false;
  ui.title.textContent = '';
  ui.joinButton.disabled = false;
  showConnection('');
  history.replaceState(null, '', '/');
  ui.code.focus();
}

function failJoin(message) {
  if (state.socket) state.socket.stop();
  state.socket = null;
  state.joined = false;
  ui.liveView.hidden = true;
  ui.joinView.hidden = false;
  ui.joinButton.disabled = false;
  showConnection('');
  ui.joinError.textContent = message;
  ui.code.setAttribute('aria-invalid', 'true');
  ui.code.focus();
}

ui.form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const code = cleanCode(ui.code.value);
  if (!/^\d{6,8}$/.test(code)) {
    ui.joinError.textContent = t('codeInvalid');
    ui.code.setAttribute('aria-invalid', 'true');
    ui.code.focus();
    return;
  }
  storage.set('ting:name', ui.name.value.trim());
  join(code);
});

ui.leave.addEventListener('click', leave);

// ---------- frames ----------

const HANDLERS = {
  welcome: onWelcome,
  question: onQuestion,
  results: onResults,
  ack: card.onAck,
  error: onError,
  questions: (msg) => {
    showClosing(msg.closesAt);
    onQuestions(msg);
  },
  group: onGroup,
  deleted: onDeleted,
};

function handle(msg) {
  seenFrame(msg);
  HANDLERS[msg.type]?.(msg);
}

function onWelcome(msg) {
  if (msg.token) storage.set(tokenKey(state.code), msg.token);
  state.session = msg.session || {};
  if (msg.token && state.session.programme) storage.set(programmeTokenKey, msg.token);
  const first = !state.joined;
  state.joined = true;
  setLanguage(storage.get(langKey) || state.session.language);
  ui.title.textContent = state.session.title || '';
  ui.liveHeading.textContent = state.session.title || 'Ting';
  document.title = state.session.title ? `${state.session.title} · Ting` : 'Ting';
  ui.joinView.hidden = true;
  ui.liveView.hidden = false;
  ui.joinButton.disabled = false;
  if (first) {
    const url = new URL(location.href);
    url.searchParams.set('code', state.code);
    if (state.key) url.searchParams.set('k', state.key);
    else url.searchParams.delete('k');
    history.replaceState(null, '', url.pathname + url.search);
  }
  // An answer that was in flight when the connection dropped goes again:
  // the server replaces, never double counts, an answer of the same participant.
  resend();
}

function onError(msg) {
  if (card.onAnswerError(msg)) return;
  if (!state.joined || msg.code === 'unknown_session') {
    if (msg.code === 'forbidden' && state.sentToken) {
      // The token is from a session that no longer knows it: join as new.
      storage.remove(tokenKey(state.code));
      state.socket.send({
        type: 'join',
        code: state.code,
        ...(state.key ? { key: state.key } : {}),
        ...(ui.name.value.trim() ? { name: ui.name.value.trim() } : {}),
      });
      state.sentToken = false;
      return;
    }
    // A typed code met a guesser's spent budget: the QR code gets past it.
    failJoin(msg.code === 'rate_limited' && !state.key ? t('joinRateLimited') : errorText(msg));
    return;
  }
  if (msg.code !== 'unknown_type') card.showError(msg);
}

// onGroup shows the phone's group large at the top; null hides it.
function onGroup(msg) {
  const g = msg.group || null;
  const before = state.group?.name;
  state.group = g;
  ui.groupCard.hidden = !g;
  if (!g) return;
  ui.groupName.textContent = g.name;
  ui.groupSize.textContent = t('groupMembers', { n: g.members });
  // A split with buddy pairs names the phone's pair within its group.
  ui.groupPair.hidden = !g.pair;
  ui.groupPair.textContent = g.pair ? t('groupPair', { p: g.pair.name, n: g.pair.members }) : '';
  if (g.name !== before) announce(t('groupAnnounce', { g: g.name }));
}

// onDeleted: the facilitator deleted the session; nothing of it is left.
function onDeleted() {
  storage.remove(tokenKey(state.code));
  forgetAnswers(state.code);
  state.group = null;
  ui.groupCard.hidden = true;
  failJoin(t('sessionDeleted'));
  ui.code.removeAttribute('aria-invalid');
}

function onQuestion(msg) {
  showClosing(msg.closesAt);
  if (isPaced()) {
    state.frame = msg; // a self-paced session draws from its questions frame
    return;
  }
  const q = msg.question || null;
  const before = state.frame?.question || null;
  const changed = JSON.stringify(q) !== JSON.stringify(before);
  state.frame = msg;
  if (changed || !card.hasView()) {
    keepPendingOf(q?.id);
    if ((q?.id || null) !== (before?.id || null)) card.forgetEntries();
    card.resetTimeUp();
    card.drawQuestion(q);
    hideResults();
    if (q && q.id !== before?.id) announce(t('newQuestion', { q: q.prompt }));
  }
  card.applyLock(card.followCountdown(msg));
  if (!msg.resultsVisible) {
    hideResults();
    if (card.entriesNow() !== null) card.showEntries(null);
  }
}

function onResults(msg) {
  state.lastResults = msg;
  const q = state.frame?.question;
  if (!q || msg.questionId !== q.id || !state.frame.resultsVisible) return;
  if (typeOf(q.type)?.resultsWithQuestion) {
    // Q&A entries belong with the question: people vote on them there.
    card.showEntries(Array.isArray(msg.entries) ? msg.entries : []);
    return;
  }
  showResults(q, msg);
}

// ---------- start ----------

applyLimits();

setLanguage(storage.get(langKey) || browserLanguage());
ui.name.value = storage.get('ting:name') || '';
if (linked.code) {
  ui.code.value = linked.code;
  if (/^\d{6,8}$/.test(linked.code)) join(linked.code);
}
