// The big screen: join instructions, the current question and its live results.
// It is opened with /screen#s=<sessionId>&t=<facilitatorToken>; the fragment
// never reaches a server. With the token the screen is also a remote
// control: presenter shortcuts, and hiding an entry from the room at once.

import { $, api, clock, confirmDialog, Countdown, displayHost, downloadBlob, el, formatCode, LiveSocket, safeName } from './common.js';
import { applyStatic, browserLanguage, normalizeLanguage, translator } from './i18n.js';
import { AnswerWall, Bars, EntryList, Leaderboard, RankView, ScaleView, WordCloud } from './results.js';
import { fitter } from './screen-fit.js';
import { SPLIT_TYPES, SplitView } from './screen-split.js';
import { installShortcuts, toggleFullscreen } from './shortcuts.js';

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
  countdown: $('#countdown'),
  results: $('#results'),
  splitNote: $('#split-note'),
  participants: $('#participants'),
  responses: $('#responses'),
  locked: $('#locked'),
  toast: $('#toast'),
  conn: $('#conn'),
  downloadSize: $('#download-size'),
  downloadSvg: $('#download-svg'),
  downloadPng: $('#download-png'),
  help: $('#help'),
  fullscreen: $('#fullscreen'),
  groupsPanel: $('#groups-panel'),
  groupsList: $('#groups-list'),
};

// The secret leaves the address bar at once (a projected screen shows it to
// the whole room) and waits in this tab's sessionStorage for a reload.
const secretKey = 'ting:screen';
function readSecret() {
  const hash = new URLSearchParams(location.hash.slice(1));
  let s = { id: hash.get('s') || '', token: hash.get('t') || '' };
  try {
    if (s.id && s.token) sessionStorage.setItem(secretKey, JSON.stringify(s));
    else s = JSON.parse(sessionStorage.getItem(secretKey) || 'null') || s;
  } catch {
    /* storage refused: the fragment is all there is */
    return s;
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return s;
}
const { id: sessionId, token } = readSecret();
const sessionPath = `/sessions/${encodeURIComponent(sessionId)}`;

let lang = browserLanguage();
let t = translator(lang);
const state = {
  session: null,
  frame: null, // the last question frame
  question: null,
  view: null, // {key, kind, view}
  results: new Map(), // questionId -> last results frame
  participants: 0,
  socket: null,
};

// fit fits the prompt and the results to the screen after each change.
const fit = fitter(() => ({ prompt: ui.prompt, results: ui.results, kind: state.view?.kind }));
window.addEventListener('resize', fit);

const countdown = new Countdown(ui.countdown, {
  draw: (node, s) => {
    node.setAttribute('aria-label', `${t('timeLeft')} ${clock(s)}`);
    node.textContent = clock(s);
    node.classList.toggle('is-ending', s <= 5);
  },
});

function setLanguage(next) {
  lang = normalizeLanguage(next) || 'en';
  t = translator(lang);
  document.documentElement.lang = lang;
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

let toastTimer = 0;
function toast(text) {
  clearTimeout(toastTimer);
  ui.toast.textContent = text;
  toastTimer = setTimeout(() => (ui.toast.textContent = ''), 5000);
}

// ---------- session (code, join address, and the questions for the controls) ----------

async function loadSession() {
  for (let attempt = 0; ; attempt++) {
    try {
      const s = await api(sessionPath, { token });
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
      if (state.question) drawResults(state.results.get(state.question.id));
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

// refreshSession reloads the questions (a quiz's right answers, new
// questions for the arrow keys) without touching the lobby.
async function refreshSession() {
  try {
    state.session = await api(sessionPath, { token });
    if (state.question) drawResults(state.results.get(state.question.id));
  } catch {
    /* the next change tries again */
  }
}

function fullQuestion(id) {
  return (state.session?.questions || []).find((q) => q.id === id) || null;
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

// showGroups lists the room's groups, each with how many phones it has.
function showGroups(groups) {
  ui.groupsPanel.hidden = groups.length === 0;
  ui.groupsList.replaceChildren(
    ...groups.map((g) => el('li', {}, el('span', { class: 'screen-group-name', text: g.name }), el('span', { class: 'screen-group-size', text: t('groupMembers', { n: g.members }) }))),
  );
}

function onQuestion(msg) {
  const q = msg.question || null;
  const before = state.question;
  state.frame = msg;
  state.question = q;
  ui.locked.hidden = !(q && msg.locked);
  countdown.set(q && !msg.locked ? msg.remainingMs : 0);

  const lobby = !q;
  ui.app.classList.toggle('is-lobby', lobby);
  ui.lobby.hidden = !lobby;
  ui.strip.hidden = lobby;
  ui.stage.hidden = lobby;
  ui.responses.hidden = lobby;
  if (lobby) {
    dropView();
    ui.results.replaceChildren();
    ui.splitNote.hidden = true;
    syncDownloads();
    return;
  }
  if (JSON.stringify(q) !== JSON.stringify(before)) refreshSession();
  ui.prompt.textContent = q.prompt;
  const key = JSON.stringify(q);
  if (!state.view || state.view.key !== key) {
    dropView();
    state.view = { key, ...makeView(q) };
  }
  syncDownloads();
  drawResults(state.results.get(q.id));
}

function dropView() {
  state.view?.view?.destroy?.();
  state.view = null;
}

function makeView(q) {
  const onActivate = (entry) => hideEntry(entry);
  switch (q.type) {
    case 'choice':
      return { kind: 'choice', view: new Bars(ui.results, { correctLabel: t('correct') }) };
    case 'quiz': {
      const left = el('div', { class: 'quiz-main' });
      const right = el('div', { class: 'quiz-side' });
      const note = el('p', { class: 'quiz-note', text: t('resultsAtZero') });
      const options = el('ol', { class: 'quiz-options' }, (q.options || []).map((o) => el('li', { text: o })));
      const barsBox = el('div');
      left.append(options, note, barsBox);
      ui.results.replaceChildren(el('div', { class: 'quiz-grid' }, left, right));
      return {
        kind: 'quiz',
        view: {
          options,
          note,
          barsBox,
          right,
          bars: new Bars(barsBox, { correctLabel: t('correct') }),
          board: new Leaderboard(right, { t, title: t('leaderboard') }),
        },
      };
    }
    case 'wordcloud':
      return {
        kind: 'wordcloud',
        view: new WordCloud(ui.results, {
          fit: true,
          moreText: (n) => t('cloudMore', { n }),
          maxWords: q.maxWords || 60,
          emptyText: t('noAnswers'),
          label: t('cloudLabel'),
          onActivate,
        }),
      };
    case 'scale':
      return { kind: 'scale', view: new ScaleView(ui.results, { t, lang }) };
    case 'ranking':
      return { kind: 'ranking', view: new RankView(ui.results, { t }) };
    case 'open':
      return { kind: 'open', view: new AnswerWall(ui.results, { emptyText: t('noAnswers'), onActivate }) };
    case 'qa':
      return { kind: 'qa', view: new EntryList(ui.results, { t, max: 8, emptyText: t('qaEmpty'), onActivate }) };
    default:
      ui.results.replaceChildren();
      return { kind: 'other', view: null };
  }
}

// isSplit reports whether a results frame shows its question split by
// segment: the facilitator chose a segment question (segmentBy) and the
// server sent the room's view of each segment.
function isSplit(q, msg) {
  return !!msg.segmentBy && Array.isArray(msg.segments) && SPLIT_TYPES.has(q.type);
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
  if (!by && state.session && state.askedFor !== msg.segmentBy) {
    state.askedFor = msg.segmentBy; // once: a question added since the screen loaded
    refreshSession();
  }
  const name = by ? by.prompt : '';
  ui.splitNote.hidden = false;
  ui.splitNote.textContent = isSplit(q, msg) ? t('splitBy', { q: name }) : t('splitNotShown', { q: name });
  ui.splitNote.dataset.segmentBy = msg.segmentBy;
}

function drawResults(frame) {
  let v = state.view;
  const q = state.question;
  if (!v || !q) return;
  const msg = frame || { questionId: q.id, responses: 0 };
  ui.responses.textContent = t('responses', { n: msg.responses || 0 });
  ui.responses.dataset.count = String(msg.responses || 0);
  showSplitNote(q, msg);
  // Split and unsplit are different views of the same question.
  const split = isSplit(q, msg);
  if (!!v.split !== split) {
    const key = v.key;
    dropView();
    v = state.view = split ? { key, split, kind: 'split', view: new SplitView(ui.results, { t, lang, question: q }) } : { key, ...makeView(q) };
    syncDownloads();
  }
  switch (v.kind) {
    case 'split':
      v.view.update(msg.segments);
      break;
    case 'choice':
      v.view.update(q.options || [], msg.counts || [], msg.responses);
      break;
    case 'quiz': {
      // The room sees the answers and the right one once time is up.
      const reveal = !!state.frame?.locked;
      const view = v.view;
      view.options.hidden = reveal;
      view.note.hidden = reveal;
      view.barsBox.hidden = !reveal;
      view.right.hidden = !reveal;
      ui.results.classList.toggle('is-revealed', reveal);
      view.bars.update(q.options || [], msg.counts || [], msg.responses, { correct: reveal ? fullQuestion(q.id)?.correct : null });
      view.board.update(msg.leaderboard || []);
      break;
    }
    case 'wordcloud':
      v.view.update(msg.words || []);
      break;
    case 'scale':
      v.view.update(q, msg.statements || []);
      break;
    case 'ranking':
      v.view.update(q.options || [], msg.scores || []);
      break;
    case 'open':
      v.view.update(msg.answers || []);
      break;
    case 'qa':
      v.view.update(msg.entries || []);
      break;
    default:
      break;
  }
  fit();
}

// ---------- controls ----------

async function patchState(body, message) {
  try {
    await api(`${sessionPath}/state`, { method: 'PATCH', token, body });
    if (message) toast(message);
  } catch (err) {
    toast(t('actionFailed', { m: err.message }));
  }
}

// navigate shows the next (dir 1) or previous (dir -1) question; from no
// question, the first or the last.
async function navigate(dir) {
  try {
    const s = await api(sessionPath, { token });
    state.session = s;
    const qs = s.questions || [];
    if (qs.length === 0) return;
    const i = qs.findIndex((q) => q.id === s.state?.questionId);
    const next = i < 0 ? (dir > 0 ? 0 : qs.length - 1) : i + dir;
    if (next >= qs.length) return toast(t('lastQuestion'));
    if (next < 0) return toast(t('firstQuestion'));
    await api(`${sessionPath}/state`, { method: 'PATCH', token, body: { questionId: qs[next].id } });
  } catch (err) {
    toast(t('actionFailed', { m: err.message }));
  }
}

// hideEntry asks, then hides a word, open answer or Q&A entry from the room.
async function hideEntry({ entry, label, node }) {
  const q = state.question;
  if (!q || !entry) return;
  const ok = await confirmDialog({
    title: t('hideTitle'),
    text: label || entry,
    confirm: t('hideButton'),
    cancel: t('cancel'),
    className: 'dialog-dark',
  });
  if (!ok) {
    if (node?.isConnected) node.focus();
    return;
  }
  try {
    await api(`${sessionPath}/questions/${encodeURIComponent(q.id)}/moderation`, {
      method: 'POST',
      token,
      body: { entry, hidden: true },
    });
  } catch (err) {
    toast(t('hideFailed', { m: err.message }));
    return;
  }
  // Take it off at once; the next results frame no longer has it.
  const focusables = [...ui.results.querySelectorAll('[data-entry]')];
  const next = focusables[focusables.indexOf(node) + 1] || focusables[focusables.indexOf(node) - 1];
  if (state.question?.id === q.id) state.view?.view?.remove?.(entry);
  if (next && next !== node && next.isConnected) next.focus();
  // Never repeat the text to the room: it was hidden for a reason.
  toast(t('hiddenDone'));
}

function syncDownloads() {
  const cloud = state.view?.kind === 'wordcloud';
  ui.downloadSize.hidden = !cloud;
  ui.downloadSvg.hidden = !cloud;
  ui.downloadPng.hidden = !cloud;
}

function fileBase() {
  const q = state.question;
  return `${safeName(state.session?.title)}-${safeName(q?.prompt, 'ordmoln').slice(0, 40)}`;
}

ui.downloadSvg.addEventListener('click', () => {
  if (state.view?.kind !== 'wordcloud') return;
  const svg = state.view.view.toSVG({ title: state.question.prompt, size: ui.downloadSize.value });
  downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${fileBase()}.svg`);
});

ui.downloadPng.addEventListener('click', async () => {
  if (state.view?.kind !== 'wordcloud') return;
  try {
    const png = await state.view.view.toPNG({ title: state.question.prompt, size: ui.downloadSize.value });
    downloadBlob(png, `${fileBase()}.png`);
  } catch (err) {
    toast(t('actionFailed', { m: err.message }));
  }
});

const shortcuts = installShortcuts(
  {
    next: () => navigate(1),
    prev: () => navigate(-1),
    results: () => {
      if (!state.question) return;
      const on = !state.frame?.resultsVisible;
      patchState({ resultsVisible: on }, on ? t('resultsOnPhones') : t('resultsOffPhones'));
    },
    lock: () => {
      if (!state.question) return;
      const on = !state.frame?.locked;
      patchState({ locked: on }, on ? t('lockedNow') : t('openNow'));
    },
    countdown: () => {
      if (!state.question) return;
      patchState({ countdown: 30 }, t('countdownStarted', { n: 30 }));
    },
    fullscreen: toggleFullscreen,
    hide: () => {
      const node = document.activeElement?.closest?.('[data-entry]');
      if (node && ui.results.contains(node)) hideEntry({ entry: node.dataset.entry, label: node.dataset.label || node.dataset.entry, node });
    },
  },
  () => t,
);
ui.help.addEventListener('click', () => shortcuts.showHelp());

// ---------- full screen ----------

function syncFullscreen() {
  ui.fullscreen.hidden = !document.fullscreenEnabled || !!document.fullscreenElement;
}
ui.fullscreen.addEventListener('click', toggleFullscreen);
document.addEventListener('fullscreenchange', syncFullscreen);

// ---------- start ----------

setLanguage(lang);
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
