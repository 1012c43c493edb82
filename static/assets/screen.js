// The big screen: join instructions, the current question and its live results.
// It is opened with /screen#s=<sessionId>&t=<facilitatorToken>; the fragment
// never reaches a server.

import { $, api, displayHost, formatCode, LiveSocket } from './common.js';
import { applyStatic, browserLanguage, normalizeLanguage, translator } from './i18n.js';
import { Bars, WordCloud } from './results.js';

const ui = {
  app: $('#app'),
  message: $('#message'),
  strip: $('#join-strip'),
  stripHost: $('#strip-host'),
  stripCode: $('#strip-code'),
  stripQr: $('#strip-qr'),
  lobby: $('#lobby'),
  lobbyTitle: $('#lobby-title'),
  lobbyHost: $('#lobby-host'),
  lobbyCode: $('#lobby-code'),
  lobbyQr: $('#lobby-qr'),
  stage: $('#stage'),
  prompt: $('#prompt'),
  results: $('#results'),
  participants: $('#participants'),
  responses: $('#responses'),
  locked: $('#locked'),
  conn: $('#conn'),
  fullscreen: $('#fullscreen'),
};

const hash = new URLSearchParams(location.hash.slice(1));
const sessionId = hash.get('s') || '';
const token = hash.get('t') || '';

let t = translator(browserLanguage());
const state = {
  session: null,
  question: null,
  view: null, // {id, kind, view}
  results: new Map(), // questionId -> last results frame
  participants: 0,
  socket: null,
};

function setLanguage(lang) {
  const l = normalizeLanguage(lang) || 'en';
  t = translator(l);
  document.documentElement.lang = l;
  applyStatic(document, t);
  ui.stripQr.alt = t('qrAlt');
  showParticipants();
  showConnection(state.socket ? state.socket.state : 'connecting');
}

function fail(text) {
  if (state.socket) state.socket.stop();
  ui.app.hidden = true;
  ui.message.hidden = false;
  ui.message.textContent = text;
}

function showConnection(s) {
  const labels = { open: 'connected', connecting: 'connecting', reconnecting: 'reconnecting', offline: 'offline' };
  ui.conn.dataset.state = s;
  ui.conn.textContent = t(labels[s] || 'connecting');
  // A connected screen needs no label; the dot is enough.
  ui.conn.classList.toggle('visually-hidden', s === 'open');
}

function showParticipants() {
  ui.participants.dataset.count = String(state.participants);
  ui.participants.textContent = t('participants', { n: state.participants });
}

// ---------- session (code and join address) ----------

async function loadSession() {
  for (let attempt = 0; ; attempt++) {
    try {
      const s = await api(`/sessions/${encodeURIComponent(sessionId)}`, { token });
      state.session = s;
      setLanguage(s.language);
      const host = displayHost(s.joinUrl || location.origin);
      const code = formatCode(s.code);
      ui.lobbyTitle.textContent = s.title || '';
      ui.lobbyHost.textContent = host;
      ui.stripHost.textContent = host;
      ui.lobbyCode.textContent = code;
      ui.stripCode.textContent = code;
      ui.lobbyCode.dataset.code = s.code;
      const qr = `/qr.svg?code=${encodeURIComponent(s.code)}`;
      ui.lobbyQr.src = qr;
      ui.stripQr.src = qr;
      ui.lobbyQr.hidden = false;
      ui.stripQr.hidden = false;
      document.title = s.title ? `${s.title} · Ting` : 'Ting';
      return;
    } catch (err) {
      if (err.status === 401 || err.status === 403 || err.status === 404) {
        fail(t('screenForbidden'));
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(10000, 500 * 2 ** attempt)));
    }
  }
}

// ---------- live ----------

function handle(msg) {
  switch (msg.type) {
    case 'question':
      onQuestion(msg);
      break;
    case 'results':
      state.results.set(msg.questionId, msg);
      if (state.question && msg.questionId === state.question.id) drawResults(msg);
      break;
    case 'participants':
      state.participants = Number(msg.count) || 0;
      showParticipants();
      break;
    case 'error':
      if (!msg.ref && ['forbidden', 'unknown_session'].includes(msg.code)) fail(t('screenForbidden'));
      break;
    default:
      break;
  }
}

function onQuestion(msg) {
  const q = msg.question || null;
  state.question = q;
  ui.locked.hidden = !(q && msg.locked);

  const lobby = !q;
  ui.app.classList.toggle('is-lobby', lobby);
  ui.lobby.hidden = !lobby;
  ui.strip.hidden = lobby;
  ui.stage.hidden = lobby;
  ui.responses.hidden = lobby;
  if (lobby) {
    state.view = null;
    ui.results.replaceChildren();
    return;
  }
  ui.prompt.textContent = q.prompt;
  if (!state.view || state.view.key !== JSON.stringify(q)) {
    if (q.type === 'choice') {
      state.view = { id: q.id, key: JSON.stringify(q), kind: 'choice', view: new Bars(ui.results) };
    } else if (q.type === 'wordcloud') {
      const view = new WordCloud(ui.results, { width: 1600, height: 760, emptyText: t('noAnswers') });
      state.view = { id: q.id, key: JSON.stringify(q), kind: 'wordcloud', view };
    } else {
      state.view = { id: q.id, key: JSON.stringify(q), kind: 'other', view: null };
      ui.results.replaceChildren();
    }
  }
  drawResults(state.results.get(q.id) || { questionId: q.id, responses: 0, counts: [], words: [] });
}

function drawResults(msg) {
  const v = state.view;
  const q = state.question;
  if (!v || !q) return;
  ui.responses.textContent = t('responses', { n: msg.responses || 0 });
  ui.responses.dataset.count = String(msg.responses || 0);
  if (v.kind === 'choice') v.view.update(q.options || [], msg.counts || [], msg.responses);
  else if (v.kind === 'wordcloud') v.view.update(msg.words || []);
}

// ---------- full screen ----------

function syncFullscreen() {
  ui.fullscreen.hidden = !document.fullscreenEnabled || !!document.fullscreenElement;
}
ui.fullscreen.addEventListener('click', () => {
  document.documentElement.requestFullscreen?.().catch(() => {});
});
document.addEventListener('fullscreenchange', syncFullscreen);

// ---------- start ----------

setLanguage(browserLanguage());
if (!sessionId || !token) {
  fail(t('screenLinkBroken'));
} else {
  ui.app.hidden = false;
  syncFullscreen();
  loadSession();
  state.socket = new LiveSocket({
    onopen: (socket) => socket.send({ type: 'present', sessionId, token }),
    onmessage: handle,
    onstate: showConnection,
  });
  state.socket.start();
  // The fragment can change when the facilitator reuses this window for another session.
  window.addEventListener('hashchange', () => location.reload());
}
