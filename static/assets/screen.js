// The big screen's shell: join instructions, the current question and its
// live results (screen/stage.js), and a remote control (screen/remote.js).
// It is opened with /screen#s=<sessionId>&t=<facilitatorToken>; the
// fragment never reaches a server (screen/room.js takes it off at once).

import { $, clock, Countdown, displayHost, formatCode, LiveSocket } from './common.js';
import { errorLine } from './errors.js';
import { applyStatic, browserLanguage } from './i18n.js';
import { toggleFullscreen } from './shortcuts.js';
import { closingDate, t, useLanguage } from './translate.js';
import { hideEntry, mountRemote } from './screen/remote.js';
import { fetchSession, question, resultsOf, session, sessionId, takeFrame, takeResults, token } from './screen/room.js';
import { clearStage, drawResults, mountStage, showQuestion } from './screen/stage.js';
import { fitGroups, showGroups } from './screen/groups.js';
import { openSelection, selectionActive } from './screen/selection.js';
import { toast } from './screen/toast.js';

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
  lobbyCloses: $('#lobby-closes'),
  stage: $('#stage'),
  prompt: $('#prompt'),
  countdown: $('#countdown'),
  participants: $('#participants'),
  responses: $('#responses'),
  locked: $('#locked'),
  conn: $('#conn'),
  fullscreen: $('#fullscreen'),
};

let participants = 0;
let socket = null;

const countdown = new Countdown(ui.countdown, {
  draw: (node, s) => {
    node.setAttribute('aria-label', `${t('timeLeft')} ${clock(s)}`);
    node.textContent = clock(s);
    node.classList.toggle('is-ending', s <= 5);
  },
});

function setLanguage(next) {
  const lang = useLanguage(next);
  document.documentElement.lang = lang;
  applyStatic(document, t);
  ui.stripQr.alt = t('qrAlt');
  showParticipants();
  fitGroups();
  showConnection(socket ? socket.state : 'connecting');
}

function fail(text) {
  if (socket) socket.stop();
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
  ui.participants.dataset.count = String(participants);
  ui.participants.textContent = t('participants', { n: participants });
}

const redraw = () => {
  const q = question();
  if (q) drawResults(resultsOf(q.id));
};

// ---------- session (code, join address, and the questions for the controls) ----------

async function loadSession() {
  for (let attempt = 0; ; attempt++) {
    try {
      const s = await fetchSession();
      setLanguage(s.language);
      const host = displayHost(s.joinUrl || location.origin);
      const code = formatCode(s.code);
      ui.lobbyTitle.textContent = s.title || '';
      ui.lobbyHost.textContent = host;
      ui.stripHost.textContent = host;
      ui.lobbyCode.textContent = code;
      ui.stripCode.textContent = code;
      ui.lobbyCode.dataset.code = s.code;
      // The QR code carries the join link's key (k), the typed address does
      // not: a phone that scans it gets past a guesser's spent budget.
      const key = s.joinUrl ? new URL(s.joinUrl, location.href).searchParams.get('k') : '';
      const qr = `/qr.svg?code=${encodeURIComponent(s.code)}${key ? `&k=${encodeURIComponent(key)}` : ''}`;
      ui.lobbyQr.src = qr;
      ui.stripQr.src = qr;
      ui.lobbyQr.hidden = false;
      ui.stripQr.hidden = false;
      document.title = s.title ? `${s.title} · Ting` : 'Ting';
      showClosing(s);
      if (await openSelection()) return;
      redraw();
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

// showClosing tells a self-paced session's room until when it takes answers.
function showClosing(s) {
  const date = s.pace === 'audience' ? closingDate(s.closesAt) : '';
  ui.lobbyCloses.hidden = !date;
  if (!date) return;
  const past = new Date(s.closesAt).getTime() <= Date.now();
  ui.lobbyCloses.textContent = past ? t('closedSince', { date }) : t('openUntil', { date });
}

// refreshSession reloads the questions (a quiz's right answers, new
// questions for the arrow keys) without touching the lobby.
async function refreshSession() {
  try {
    await fetchSession();
    redraw();
  } catch {
    /* the next change tries again */
  }
}

// ---------- live ----------

function handle(msg) {
  switch (msg.type) {
    case 'question':
      onQuestion(msg);
      break;
    case 'results':
      takeResults(msg);
      if (question() && msg.questionId === question().id) drawResults(msg);
      break;
    case 'participants':
      participants = Number(msg.count) || 0;
      showParticipants();
      break;
    case 'error':
      if (!msg.ref && ['forbidden', 'unknown_session'].includes(msg.code)) fail(t('screenForbidden'));
      break;
    case 'groups':
      showGroups(msg.groups || []);
      break;
    case 'deleted':
      fail(t('sessionDeletedScreen'));
      break;
    default:
      break;
  }
}

function onQuestion(msg) {
  if (selectionActive()) return; // the selection holds the screen until the facilitator opens the live link again
  if (session()) showClosing({ pace: session().pace, closesAt: msg.closesAt });
  const before = question();
  takeFrame(msg);
  const q = question();
  ui.locked.hidden = !(q && msg.locked);
  countdown.set(q && !msg.locked ? msg.remainingMs : 0);

  const lobby = !q;
  ui.app.classList.toggle('is-lobby', lobby);
  ui.lobby.hidden = !lobby;
  ui.strip.hidden = lobby;
  ui.stage.hidden = lobby;
  ui.responses.hidden = lobby;
  if (lobby) {
    clearStage();
    return;
  }
  if (JSON.stringify(q) !== JSON.stringify(before)) refreshSession();
  ui.prompt.textContent = q.prompt;
  showQuestion(q);
  drawResults(resultsOf(q.id));
}

// ---------- full screen ----------

function syncFullscreen() {
  ui.fullscreen.hidden = !document.fullscreenEnabled || !!document.fullscreenElement;
}
ui.fullscreen.addEventListener('click', toggleFullscreen);
document.addEventListener('fullscreenchange', syncFullscreen);

// ---------- start ----------

mountStage({ activate: hideEntry, refresh: refreshSession, failed: (err) => toast(t('actionFailed', { m: errorLine(err) })) });
mountRemote();
setLanguage(browserLanguage());
if (!sessionId || !token) {
  fail(t('screenLinkBroken'));
} else {
  ui.app.hidden = false;
  syncFullscreen();
  loadSession();
  socket = new LiveSocket({
    onopen: (s) => s.send({ type: 'present', sessionId, token }),
    onmessage: handle,
    onstate: showConnection,
  });
  socket.start();
  // The fragment can change when the facilitator reuses this window for another session.
  window.addEventListener('hashchange', () => location.reload());
}
