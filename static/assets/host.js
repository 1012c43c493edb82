// The facilitator page: create a session, add questions, run them live.

import { $, api, el, formatCode, LiveSocket, storage } from './common.js';
import { browserLanguage, LANGUAGE_NAMES, LANGUAGES } from './i18n.js';
import { Bars, WordCloud } from './results.js';

const KEY = 'ting:host';

const ui = {
  conn: $('#conn'),
  pageStatus: $('#page-status'),
  createView: $('#create-view'),
  createForm: $('#create-form'),
  createTitle: $('#session-title'),
  createLang: $('#session-language'),
  createError: $('#create-error'),
  createButton: $('#create-button'),
  sessionView: $('#session-view'),
  heading: $('#session-heading'),
  code: $('#session-code'),
  joinUrl: $('#join-url'),
  lang: $('#session-lang'),
  participants: $('#participants'),
  openScreen: $('#open-screen'),
  copyJoin: $('#copy-join'),
  exportCsv: $('#export-csv'),
  sessionError: $('#session-error'),
  forget: $('#forget'),
  qForm: $('#question-form'),
  qPrompt: $('#q-prompt'),
  qOptions: $('#q-options'),
  qMultiple: $('#q-multiple'),
  qMax: $('#q-max'),
  qError: $('#question-error'),
  choiceFields: $('#choice-fields'),
  cloudFields: $('#cloud-fields'),
  liveParticipants: $('#live-participants'),
  liveResponses: $('#live-responses'),
  livePrompt: $('#live-prompt'),
  toggleResults: $('#toggle-results'),
  toggleLock: $('#toggle-lock'),
  clearQuestion: $('#clear-question'),
  liveResults: $('#live-results'),
  list: $('#question-list'),
  noQuestions: $('#no-questions'),
};

const TYPE_NAMES = { choice: 'Multiple choice', wordcloud: 'Word cloud' };

const state = {
  saved: storage.get(KEY), // {id, token}
  session: null,
  responses: new Map(), // questionId -> responses
  live: null, // {key, kind, view}
  lastResults: new Map(), // questionId -> results frame
  socket: null,
  pollTimer: 0,
};

function say(text) {
  ui.pageStatus.textContent = text;
}

function showError(node, err) {
  node.textContent = err ? err.message || String(err) : '';
}

// ---------- create ----------

for (const code of LANGUAGES) {
  ui.createLang.append(el('option', { value: code, text: LANGUAGE_NAMES[code] }));
}
ui.createLang.value = browserLanguage();

function showCreate(message = '') {
  stopLive();
  ui.sessionView.hidden = true;
  ui.createView.hidden = false;
  ui.createError.textContent = message;
  ui.conn.hidden = true;
  document.title = 'Ting · Facilitator';
  ui.createTitle.focus();
}

ui.createForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const title = ui.createTitle.value.trim();
  if (!title) {
    ui.createError.textContent = 'Give the session a title.';
    ui.createTitle.setAttribute('aria-invalid', 'true');
    ui.createTitle.focus();
    return;
  }
  ui.createTitle.removeAttribute('aria-invalid');
  ui.createButton.disabled = true;
  try {
    const res = await api('/sessions', { method: 'POST', body: { title, language: ui.createLang.value } });
    state.saved = { id: res.id, token: res.facilitatorToken };
    storage.set(KEY, state.saved);
    ui.createError.textContent = '';
    await load();
    say(`Session created. The code is ${formatCode(res.code)}.`);
  } catch (err) {
    showError(ui.createError, err);
  } finally {
    ui.createButton.disabled = false;
  }
});

ui.forget.addEventListener('click', () => {
  if (!confirm('Leave this session on this computer and start a new one? The session and its answers stay on the server.')) return;
  storage.remove(KEY);
  state.saved = null;
  state.session = null;
  showCreate();
});

// ---------- the session ----------

const auth = () => ({ token: state.saved.token });
const path = (suffix = '') => `/sessions/${encodeURIComponent(state.saved.id)}${suffix}`;

async function load() {
  try {
    state.session = await api(path(), auth());
  } catch (err) {
    if ([401, 403, 404].includes(err.status)) {
      storage.remove(KEY);
      state.saved = null;
      showCreate('The saved session is no longer available. Create a new one.');
      return;
    }
    ui.createView.hidden = true;
    ui.sessionView.hidden = false;
    showError(ui.sessionError, err);
    setTimeout(load, 3000);
    return;
  }
  const s = state.session;
  ui.sessionError.textContent = '';
  ui.createView.hidden = true;
  ui.sessionView.hidden = false;
  document.title = `${s.title} · Ting`;
  ui.heading.textContent = s.title;
  ui.code.textContent = formatCode(s.code);
  ui.code.dataset.code = s.code;
  ui.joinUrl.href = s.joinUrl;
  ui.joinUrl.textContent = s.joinUrl;
  ui.lang.textContent = LANGUAGE_NAMES[s.language] || s.language;
  ui.openScreen.href = s.presentUrl;
  drawQuestions();
  drawControls();
  drawLive();
  startLive();
}

function questionById(id) {
  return (state.session?.questions || []).find((q) => q.id === id) || null;
}

function drawQuestions() {
  const s = state.session;
  const qs = s.questions || [];
  ui.noQuestions.hidden = qs.length > 0;
  const current = s.state?.questionId || null;
  ui.list.replaceChildren(
    ...qs.map((q, i) => {
      const isCurrent = q.id === current;
      const n = state.responses.get(q.id) || 0;
      const meta = [TYPE_NAMES[q.type] || q.type];
      if (q.type === 'choice') meta.push(`${q.options.length} options${q.multiple ? ', several allowed' : ''}`);
      if (q.type === 'wordcloud') meta.push(`up to ${q.maxEntries} words`);
      meta.push(`${n} ${n === 1 ? 'response' : 'responses'}`);
      const button = el('button', {
        class: 'btn btn-small',
        type: 'button',
        'aria-pressed': isCurrent ? 'true' : 'false',
        'aria-describedby': `q-${i}-prompt`,
        text: isCurrent ? 'Showing' : 'Show',
        onclick: () => setState({ questionId: q.id }, `Now showing: ${q.prompt}`),
      });
      return el(
        'li',
        { class: 'question-item' + (isCurrent ? ' is-current' : ''), dataset: { id: q.id } },
        el(
          'div',
          {},
          el('div', { class: 'q-prompt', id: `q-${i}-prompt`, text: `${i + 1}. ${q.prompt}` }),
          el('div', { class: 'q-meta', text: meta.join(' · ') }),
        ),
        button,
      );
    }),
  );
}

function drawControls() {
  const st = state.session.state || {};
  const q = questionById(st.questionId);
  ui.livePrompt.textContent = q ? q.prompt : 'No question is shown. Phones wait and the big screen shows how to join.';
  ui.livePrompt.classList.toggle('muted', !q);
  ui.toggleResults.setAttribute('aria-pressed', st.resultsVisible ? 'true' : 'false');
  ui.toggleLock.setAttribute('aria-pressed', st.locked ? 'true' : 'false');
  ui.clearQuestion.disabled = !q;
}

async function setState(patch, message) {
  ui.sessionError.textContent = '';
  try {
    const res = await api(path('/state'), { method: 'PATCH', body: patch, ...auth() });
    const next = res && res.state ? res.state : res;
    state.session.state = { ...state.session.state, ...patch, ...(next || {}) };
    drawQuestions();
    drawControls();
    drawLive();
    if (message) say(message);
  } catch (err) {
    showError(ui.sessionError, err);
  }
}

ui.toggleResults.addEventListener('click', () => {
  const on = !state.session.state?.resultsVisible;
  setState({ resultsVisible: on }, on ? 'Results are shown on phones.' : 'Results are hidden on phones.');
});
ui.toggleLock.addEventListener('click', () => {
  const on = !state.session.state?.locked;
  setState({ locked: on }, on ? 'Answers are locked.' : 'Answers are open.');
});
ui.clearQuestion.addEventListener('click', () => setState({ questionId: null }, 'No question is shown.'));

// ---------- questions ----------

function questionType() {
  return ui.qForm.querySelector('input[name="qtype"]:checked').value;
}

function syncTypeFields() {
  const type = questionType();
  ui.choiceFields.hidden = type !== 'choice';
  ui.cloudFields.hidden = type !== 'wordcloud';
}
for (const radio of ui.qForm.querySelectorAll('input[name="qtype"]')) radio.addEventListener('change', syncTypeFields);
syncTypeFields();

ui.qForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  ui.qError.textContent = '';
  const type = questionType();
  const prompt = ui.qPrompt.value.trim();
  if (!prompt) {
    ui.qError.textContent = 'Write the question first.';
    ui.qPrompt.focus();
    return;
  }
  let body;
  if (type === 'choice') {
    const options = ui.qOptions.value
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    if (options.length < 2) {
      ui.qError.textContent = 'Write at least two options, one per line.';
      ui.qOptions.focus();
      return;
    }
    body = { type, prompt, options, multiple: ui.qMultiple.checked };
  } else {
    const max = Math.round(Number(ui.qMax.value));
    if (!(max >= 1 && max <= 10)) {
      ui.qError.textContent = 'Words per participant must be from 1 to 10.';
      ui.qMax.focus();
      return;
    }
    body = { type, prompt, maxEntries: max };
  }
  const button = $('#add-question');
  button.disabled = true;
  try {
    const q = await api(path('/questions'), { method: 'POST', body, ...auth() });
    state.session.questions = [...(state.session.questions || []), q];
    ui.qPrompt.value = '';
    ui.qOptions.value = '';
    ui.qMultiple.checked = false;
    drawQuestions();
    say(`Question added: ${q.prompt}`);
    ui.qPrompt.focus();
  } catch (err) {
    showError(ui.qError, err);
  } finally {
    button.disabled = false;
  }
});

// ---------- live view ----------

function startLive() {
  if (state.socket) return;
  ui.conn.hidden = false;
  state.socket = new LiveSocket({
    onopen: (socket) => socket.send({ type: 'present', sessionId: state.saved.id, token: state.saved.token }),
    onmessage: onFrame,
    onstate: (s) => {
      const labels = { open: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' };
      ui.conn.dataset.state = s;
      ui.conn.textContent = labels[s] || s;
    },
  });
  state.socket.start();
  pollResults();
}

function stopLive() {
  if (state.socket) state.socket.stop();
  state.socket = null;
  clearTimeout(state.pollTimer);
}

function onFrame(msg) {
  if (!state.session) return;
  if (msg.type === 'question') {
    // Another tab or a script may have changed the state: follow it.
    const q = msg.question;
    if (q && !questionById(q.id)) state.session.questions = [...(state.session.questions || []), q];
    state.session.state = { questionId: q ? q.id : null, resultsVisible: !!msg.resultsVisible, locked: !!msg.locked };
    drawQuestions();
    drawControls();
    drawLive();
  } else if (msg.type === 'results') {
    state.lastResults.set(msg.questionId, msg);
    state.responses.set(msg.questionId, msg.responses || 0);
    if (msg.questionId === state.session.state?.questionId) drawLive();
  } else if (msg.type === 'participants') {
    const n = Number(msg.count) || 0;
    ui.participants.textContent = String(n);
    ui.participants.dataset.count = String(n);
    ui.liveParticipants.textContent = String(n);
  } else if (msg.type === 'error' && !msg.ref) {
    showError(ui.sessionError, new Error(msg.message || msg.code));
  }
}

function drawLive() {
  const q = questionById(state.session.state?.questionId);
  if (!q) {
    state.live = null;
    ui.liveResponses.textContent = '0';
    ui.liveResults.replaceChildren(el('p', { class: 'host-live-empty', text: 'Results of the shown question appear here.' }));
    return;
  }
  const key = JSON.stringify(q);
  if (!state.live || state.live.key !== key) {
    if (q.type === 'choice') {
      state.live = { key, kind: 'choice', view: new Bars(ui.liveResults) };
    } else if (q.type === 'wordcloud') {
      const box = el('div', { class: 'host-cloud' });
      ui.liveResults.replaceChildren(box);
      state.live = { key, kind: 'wordcloud', view: new WordCloud(box, { width: 1600, height: 900, emptyText: 'No answers yet' }) };
    } else {
      state.live = { key, kind: 'other', view: null };
      ui.liveResults.replaceChildren();
    }
  }
  const r = state.lastResults.get(q.id) || { responses: 0, counts: [], words: [] };
  ui.liveResponses.textContent = String(r.responses || 0);
  if (state.live.kind === 'choice') state.live.view.update(q.options || [], r.counts || [], r.responses);
  else if (state.live.kind === 'wordcloud') state.live.view.update(r.words || []);
}

// Response counts of every question, for the list (the socket only carries the current one).
async function pollResults() {
  clearTimeout(state.pollTimer);
  if (!state.saved || !state.session) return;
  if (document.visibilityState === 'visible') {
    try {
      const res = await api(path('/results'), auth());
      let changed = false;
      for (const r of res.questions || []) {
        if (state.responses.get(r.id) !== r.responses) changed = true;
        state.responses.set(r.id, r.responses || 0);
      }
      if (changed) drawQuestions();
    } catch {
      /* the next round tries again */
    }
  }
  state.pollTimer = setTimeout(pollResults, 3000);
}

// ---------- links ----------

ui.copyJoin.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(state.session.joinUrl);
    say('Join link copied.');
    ui.copyJoin.textContent = 'Copied';
    setTimeout(() => {
      ui.copyJoin.textContent = 'Copy join link';
    }, 2000);
  } catch {
    ui.sessionError.textContent = 'The browser did not allow copying. Select the link and copy it instead.';
  }
});

ui.exportCsv.addEventListener('click', async () => {
  ui.exportCsv.disabled = true;
  ui.sessionError.textContent = '';
  try {
    const res = await api(path('/export.csv'), { ...auth(), raw: true });
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const safe = (state.session.title || 'ting').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'ting';
    const a = el('a', { href: url, download: `${safe}-${state.session.code}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say('CSV downloaded.');
  } catch (err) {
    showError(ui.sessionError, err);
  } finally {
    ui.exportCsv.disabled = false;
  }
});

// ---------- start ----------

if (state.saved && state.saved.id && state.saved.token) load();
else showCreate();
