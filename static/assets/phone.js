// The phone page: join by code, answer the current question, see results.

import { $, el, LiveSocket, storage, uid } from './common.js';
import { applyStatic, browserLanguage, normalizeLanguage, translator } from './i18n.js';
import { Bars, WordList } from './results.js';

const MAX_ENTRY = 50;

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
  area: $('#question-area'),
  resultsCard: $('#results-card'),
  resultsCount: $('#results-count'),
  resultsBody: $('#results-body'),
  leave: $('#leave'),
  announcer: $('#announcer'),
};

let lang = browserLanguage();
let t = translator(lang);

const state = {
  code: '',
  joined: false,
  socket: null,
  session: null,
  frame: null, // the last "question" frame
  view: null, // what is drawn for the current question
  pending: null, // {ref, questionId, value}: sent, not yet acknowledged
  answers: {}, // questionId -> acknowledged value (kept per session code)
  results: null, // {kind, view}
};

const tokenKey = (code) => `ting:participant:${code}`;
const answersKey = (code) => `ting:answers:${code}`;

function setLanguage(next) {
  lang = normalizeLanguage(next) || lang;
  t = translator(lang);
  document.documentElement.lang = lang;
  applyStatic(document, t);
  showConnection(state.socket ? state.socket.state : '');
}

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

// ---------- joining ----------

function cleanCode(raw) {
  return String(raw || '').replace(/\D/g, '');
}

function join(code) {
  state.code = code;
  state.joined = false;
  state.answers = storage.get(answersKey(code)) || {};
  ui.joinError.textContent = '';
  ui.code.removeAttribute('aria-invalid');
  ui.joinButton.disabled = true;
  ui.joinButton.textContent = t('joining');
  if (state.socket) state.socket.stop();
  state.socket = new LiveSocket({
    onopen: sendJoin,
    onmessage: handle,
    onstate: showConnection,
  });
  state.socket.start();
}

function sendJoin(socket) {
  const msg = { type: 'join', code: state.code };
  const token = storage.get(tokenKey(state.code));
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
  state.view = null;
  state.pending = null;
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

function handle(msg) {
  switch (msg.type) {
    case 'welcome':
      onWelcome(msg);
      break;
    case 'question':
      onQuestion(msg);
      break;
    case 'results':
      onResults(msg);
      break;
    case 'ack':
      onAck(msg);
      break;
    case 'error':
      onError(msg);
      break;
    default:
      break;
  }
}

function onWelcome(msg) {
  if (msg.token) storage.set(tokenKey(state.code), msg.token);
  state.session = msg.session || {};
  const first = !state.joined;
  state.joined = true;
  setLanguage(state.session.language);
  ui.title.textContent = state.session.title || '';
  ui.liveHeading.textContent = state.session.title || 'Ting';
  document.title = state.session.title ? `${state.session.title} · Ting` : 'Ting';
  ui.joinView.hidden = true;
  ui.liveView.hidden = false;
  ui.joinButton.disabled = false;
  if (first) {
    const url = new URL(location.href);
    url.searchParams.set('code', state.code);
    history.replaceState(null, '', url.pathname + url.search);
  }
  // An answer that was in flight when the connection dropped goes again:
  // the server replaces, never double counts, an answer of the same participant.
  if (state.pending) state.socket.send({ type: 'answer', ...state.pending });
}

// errorText is the message for an error frame: ours for a known code, else the server's.
function errorText(msg) {
  const key = 'err_' + msg.code;
  const text = t(key);
  return text !== key ? text : msg.message || t('err_generic');
}

function onError(msg) {
  if (msg.ref && state.pending && msg.ref === state.pending.ref) {
    state.pending = null;
    if (state.view) {
      setStatus('error', errorText(msg));
      state.view.submit.disabled = !!state.frame?.locked;
      if (msg.code === 'locked') applyLock(true);
    }
    return;
  }
  if (msg.ref) return; // an answer we no longer wait for
  if (!state.joined || msg.code === 'unknown_session') {
    if (msg.code === 'forbidden' && state.sentToken) {
      // The token is from a session that no longer knows it: join as new.
      storage.remove(tokenKey(state.code));
      state.socket.send({ type: 'join', code: state.code, ...(ui.name.value.trim() ? { name: ui.name.value.trim() } : {}) });
      state.sentToken = false;
      return;
    }
    failJoin(errorText(msg));
    return;
  }
  if (state.view && msg.code !== 'unknown_type') setStatus('error', errorText(msg));
}

function onAck(msg) {
  if (!state.pending || msg.ref !== state.pending.ref) return;
  const { questionId, value } = state.pending;
  state.pending = null;
  state.answers[questionId] = value;
  storage.set(answersKey(state.code), state.answers);
  if (state.view && state.view.id === questionId) {
    setStatus('ok', t('received'), t('changeHint'));
    state.view.submit.disabled = !!state.frame?.locked;
    state.view.submit.textContent = t('update');
  }
}

function onQuestion(msg) {
  const q = msg.question || null;
  const before = state.frame?.question || null;
  const changed = (q?.id || null) !== (before?.id || null) || JSON.stringify(q) !== JSON.stringify(before);
  state.frame = msg;
  if (changed || !state.view) {
    if (state.pending && state.pending.questionId !== q?.id) state.pending = null;
    drawQuestion(q);
    hideResults();
    if (q && q.id !== before?.id) announce(t('newQuestion', { q: q.prompt }));
  }
  applyLock(!!msg.locked);
  if (!msg.resultsVisible) hideResults();
}

function onResults(msg) {
  const q = state.frame?.question;
  if (!q || msg.questionId !== q.id || !state.frame.resultsVisible) return;
  ui.resultsCard.hidden = false;
  ui.resultsCount.textContent = t('responses', { n: msg.responses || 0 });
  if (msg.questionType === 'choice' && Array.isArray(q.options)) {
    if (!state.results || state.results.kind !== 'choice' || state.results.id !== q.id) {
      state.results = { kind: 'choice', id: q.id, view: new Bars(ui.resultsBody) };
    }
    state.results.view.update(q.options, msg.counts || [], msg.responses);
  } else if (msg.questionType === 'wordcloud') {
    if (!state.results || state.results.kind !== 'wordcloud' || state.results.id !== q.id) {
      state.results = { kind: 'wordcloud', id: q.id, view: new WordList(ui.resultsBody, { emptyText: t('noAnswers') }) };
    }
    state.results.view.update(msg.words || []);
  } else {
    ui.resultsCard.hidden = true;
  }
}

function hideResults() {
  ui.resultsCard.hidden = true;
  ui.resultsBody.replaceChildren();
  state.results = null;
}

// ---------- the question ----------

function drawQuestion(q) {
  state.view = null;
  if (!q) {
    ui.area.replaceChildren(
      el(
        'section',
        { class: 'card waiting', 'aria-labelledby': 'waiting-heading' },
        el('div', { class: 'pulse', 'aria-hidden': 'true' }),
        el('h2', { id: 'waiting-heading', class: 'card-title', text: t('waiting') }),
        el('p', { class: 'muted', text: t('waitingHint') }),
      ),
    );
    return;
  }

  const prior = state.answers[q.id];
  const status = el('div', { class: 'status-line notice', role: 'status', 'aria-live': 'polite' });
  const lockedNote = el('p', { class: 'notice notice-warn', text: t('locked'), hidden: true });
  const submit = el('button', { class: 'btn btn-primary btn-block', type: 'submit', text: prior ? t('update') : t('send') });
  const inputs = [];
  let body;

  if (q.type === 'choice') {
    const options = (q.options || []).map((label, i) => {
      const input = el('input', {
        type: q.multiple ? 'checkbox' : 'radio',
        name: 'choice',
        value: String(i),
        checked: Array.isArray(prior) && prior.includes(i),
      });
      inputs.push(input);
      return el('label', { class: 'option' }, input, el('span', { text: label }));
    });
    body = el(
      'fieldset',
      { 'aria-describedby': 'q-hint' },
      el(
        'legend',
        {},
        el('h2', { class: 'prompt', id: 'q-prompt', text: q.prompt }),
        el('span', { class: 'hint', id: 'q-hint', text: q.multiple ? t('chooseMany') : t('chooseOne') }),
      ),
      el('div', { class: 'options' }, options),
    );
  } else if (q.type === 'wordcloud') {
    const max = Math.max(1, Number(q.maxEntries) || 1);
    const fields = [];
    for (let i = 0; i < max; i++) {
      const id = `word-${i + 1}`;
      const input = el('input', {
        id,
        type: 'text',
        maxlength: String(MAX_ENTRY),
        autocomplete: 'off',
        autocapitalize: 'sentences',
        spellcheck: 'true',
        enterkeyhint: i === max - 1 ? 'send' : 'next',
        'aria-describedby': 'q-hint',
      });
      if (Array.isArray(prior) && prior[i]) input.value = prior[i];
      inputs.push(input);
      fields.push(
        el(
          'div',
          { class: 'field' },
          el('label', { for: id, class: max === 1 ? 'visually-hidden' : '', text: t('wordLabel', { n: i + 1 }) }),
          input,
        ),
      );
    }
    body = el(
      'div',
      {},
      el('h2', { class: 'prompt', id: 'q-prompt', text: q.prompt }),
      el('p', { class: 'hint', id: 'q-hint', text: t('wordHint', { n: max }) }),
      el('div', { class: 'words' }, fields),
    );
  } else {
    ui.area.replaceChildren(
      el(
        'section',
        { class: 'card question' },
        el('h2', { class: 'prompt', text: q.prompt }),
        el('p', { class: 'muted', text: t('unsupported') }),
      ),
    );
    return;
  }

  const form = el('form', { novalidate: true }, body, lockedNote, submit, status);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sendAnswer();
  });
  ui.area.replaceChildren(el('section', { class: 'card question', 'aria-labelledby': 'q-prompt' }, form));
  state.view = { id: q.id, type: q.type, inputs, submit, status, lockedNote };
  if (prior) setStatus('ok', t('received'), t('changeHint'));
}

function setStatus(kind, text, detail) {
  const v = state.view;
  if (!v) return;
  v.status.className = `status-line notice notice-${kind}`;
  v.status.replaceChildren(text);
  if (detail) v.status.append(el('span', { class: 'notice-detail', text: ' ' + detail }));
}

function applyLock(locked) {
  const v = state.view;
  if (!v) return;
  v.lockedNote.hidden = !locked;
  for (const input of v.inputs) input.disabled = locked;
  v.submit.disabled = locked || !!state.pending;
  v.submit.hidden = locked;
}

function sendAnswer() {
  const v = state.view;
  const q = state.frame?.question;
  if (!v || !q || state.frame.locked) return;
  let value;
  if (v.type === 'choice') {
    value = v.inputs.filter((i) => i.checked).map((i) => Number(i.value));
    if (value.length === 0) {
      setStatus('error', t('pickFirst'));
      return;
    }
  } else {
    value = v.inputs.map((i) => i.value.trim()).filter((s) => s.length > 0);
    if (value.length === 0) {
      setStatus('error', t('writeFirst'));
      v.inputs[0].focus();
      return;
    }
  }
  state.pending = { ref: uid(), questionId: q.id, value };
  v.submit.disabled = true;
  if (state.socket && state.socket.send({ type: 'answer', ...state.pending })) {
    setStatus('warn', t('sending'));
  } else {
    setStatus('warn', t('offlineHint'));
  }
}

// ---------- start ----------

setLanguage(lang);
ui.name.value = storage.get('ting:name') || '';
const fromUrl = cleanCode(new URLSearchParams(location.search).get('code'));
if (fromUrl) {
  ui.code.value = fromUrl;
  if (/^\d{6,8}$/.test(fromUrl)) join(fromUrl);
}
