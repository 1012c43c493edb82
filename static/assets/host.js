// The facilitator page: create a session, add and edit questions of every
// type, run them live (show, results on phones, lock, countdown, reset) and
// moderate what the room sees.

import { $, api, clock, Countdown, downloadBlob, el, formatCode, LiveSocket, safeName, storage } from './common.js';
import { applyHost, browserLanguage, hostTranslator, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage } from './i18n-host.js';
import { Bars, Leaderboard, RankView, ScaleView, WordCloud } from './results.js';
import { installShortcuts, toggleFullscreen } from './shortcuts.js';
import { fillRuns, rememberRun, runs, setupTools } from './host-tools.js';

const KEY = 'ting:host';
const LANG_KEY = 'ting:host-language';
// The page speaks the facilitator's language (picked on the page, else the
// browser's); the session's language, on phones and the big screen, is its own.
let lang = normalizeLanguage(storage.get(LANG_KEY)) || browserLanguage();
let t = hostTranslator(lang);

const ui = {
  conn: $('#conn'),
  pageLang: $('#page-language'),
  pageStatus: $('#page-status'),
  createView: $('#create-view'),
  createForm: $('#create-form'),
  createTitle: $('#session-title'),
  createLang: $('#session-language'),
  createPaced: $('#session-paced'),
  createMinSegment: $('#session-min-segment'),
  createCopy: $('#session-copy'),
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
  qCard: $('#question-card'),
  qHeading: $('#add-heading'),
  qForm: $('#question-form'),
  qPrompt: $('#q-prompt'),
  qOptions: $('#q-options'),
  qMultiple: $('#q-multiple'),
  qCorrect: $('#q-correct'),
  qSeconds: $('#q-seconds'),
  qMin: $('#q-min'),
  qMaxValue: $('#q-max-value'),
  qStatements: $('#q-statements'),
  qMax: $('#q-max'),
  qMaxWords: $('#q-max-words'),
  qKeepStop: $('#q-keep-stop'),
  qStem: $('#q-stem'),
  qBanned: $('#q-banned'),
  qFlagged: $('#q-flagged'),
  qModerated: $('#q-moderated'),
  qError: $('#question-error'),
  qSubmit: $('#add-question'),
  qCancel: $('#cancel-edit'),
  liveParticipants: $('#live-participants'),
  liveParticipantsWord: $('#live-participants-word'),
  liveResponses: $('#live-responses'),
  liveResponsesWord: $('#live-responses-word'),
  livePrompt: $('#live-prompt'),
  prev: $('#prev-question'),
  next: $('#next-question'),
  toggleResults: $('#toggle-results'),
  toggleLock: $('#toggle-lock'),
  toggleJoins: $('#toggle-joins'),
  liveJoins: $('#live-joins'),
  clearQuestion: $('#clear-question'),
  countdownForm: $('#countdown-form'),
  countdownSeconds: $('#countdown-seconds'),
  stopCountdown: $('#stop-countdown'),
  hostCountdown: $('#host-countdown'),
  hostHelp: $('#host-help'),
  liveError: $('#live-error'),
  liveResults: $('#live-results'),
  liveTools: $('#live-tools'),
  list: $('#question-list'),
  noQuestions: $('#no-questions'),
};

const typeName = (type) => (t('type_' + type) === 'type_' + type ? type : t('type_' + type));
// Types whose entries the facilitator moderates: their live view uses the
// facilitator's results (hidden and waiting entries too), not the room's.
const MODERATED = new Set(['wordcloud', 'open', 'qa']);

const state = {
  saved: storage.get(KEY), // {id, token}
  session: null,
  responses: new Map(), // questionId -> responses
  live: null, // {key, kind, ...}
  lastResults: new Map(), // questionId -> results frame (the room's view)
  fac: new Map(), // questionId -> the facilitator's results
  socket: null,
  pollTimer: 0,
  fetching: null,
  fetchAgain: false,
  fetchTimer: 0,
  editing: null, // the question being edited
  editingIndex: 0, // its place in the list
  deadlineAt: 0, // performance.now() when the countdown ends; 0 without one
  showAllWords: false,
};

function say(text) {
  ui.pageStatus.textContent = '';
  setTimeout(() => (ui.pageStatus.textContent = text), 30);
}

// showError shows ours for a known error code; the server's reason for a
// refused value follows in its own words (English, marked so).
function showError(node, err) {
  node.replaceChildren();
  if (!err) return;
  const key = 'apiErr_' + (err.code || 'generic');
  node.append(t(key) === key ? t('apiErr_generic') : t(key));
  if (err.code === 'bad_request' && err.message) node.append(el('span', { class: 'notice-detail', lang: 'en', text: ' ' + err.message }));
}

// ---------- the page's language ----------

for (const code of LANGUAGES) {
  ui.pageLang.append(el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] }));
}

function drawConn() {
  const s = ui.conn.dataset.state;
  if (s) ui.conn.textContent = s === 'open' ? t('connLive') : t(s);
}

// drawStat writes a live count with its word ("1 participant", "2 participants").
function drawStat(num, word, key, n) {
  num.textContent = String(n);
  word.textContent = t(key, { n });
}

// setLanguage puts the page in a language: its fixed texts, <html lang> and
// everything drawn from the session.
function setLanguage(next) {
  lang = normalizeLanguage(next) || 'en';
  t = hostTranslator(lang);
  document.documentElement.lang = lang;
  applyHost(document, t);
  ui.pageLang.value = lang;
  drawConn();
  drawStat(ui.liveParticipants, ui.liveParticipantsWord, 'participantsWord', Number(ui.liveParticipants.textContent) || 0);
  drawStat(ui.liveResponses, ui.liveResponsesWord, 'responsesWord', Number(ui.liveResponses.textContent) || 0);
  if (state.editing) {
    ui.qHeading.textContent = t('editHeading', { i: state.editingIndex + 1 });
    ui.qSubmit.textContent = t('saveChanges');
  }
  syncCorrect();
  if (state.session) {
    document.title = `${state.session.title} · Ting`;
    drawQuestions();
    drawControls();
    state.live = null;
    drawLive();
    tools.refresh();
  } else {
    document.title = t('pageTitle');
  }
}

ui.pageLang.addEventListener('change', () => {
  storage.set(LANG_KEY, ui.pageLang.value);
  setLanguage(ui.pageLang.value);
  say(t('pageLanguageSet'));
});

// ---------- create ----------

for (const code of LANGUAGES) {
  ui.createLang.append(el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] }));
}
ui.createLang.value = browserLanguage();

function showCreate(message = '') {
  stopLive();
  ui.sessionView.hidden = true;
  ui.createView.hidden = false;
  ui.createError.textContent = message;
  ui.conn.hidden = true;
  fillRuns(ui.createCopy, null);
  document.title = t('pageTitle');
  ui.createTitle.focus();
}

ui.createForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const title = ui.createTitle.value.trim();
  if (!title) {
    ui.createError.textContent = t('titleRequired');
    ui.createTitle.setAttribute('aria-invalid', 'true');
    ui.createTitle.focus();
    return;
  }
  ui.createTitle.removeAttribute('aria-invalid');
  ui.createButton.disabled = true;
  try {
    const body = { title, language: ui.createLang.value };
    if (ui.createPaced.checked) body.pace = 'audience';
    const minSegment = Number(ui.createMinSegment.value);
    if (Number.isInteger(minSegment) && minSegment > 0) body.minSegment = minSegment;
    const source = runs().find((r) => r.id === ui.createCopy.value);
    const headers = {};
    if (source) {
      body.copyOf = source.id;
      headers['X-Source-Token'] = source.token;
    }
    const res = await api('/sessions', { method: 'POST', body, headers });
    state.saved = { id: res.id, token: res.facilitatorToken };
    storage.set(KEY, state.saved);
    rememberRun({ id: res.id, token: res.facilitatorToken, title, createdAt: new Date().toISOString() });
    ui.createError.textContent = '';
    await load();
    say(t('sessionCreated', { code: formatCode(res.code) }));
  } catch (err) {
    showError(ui.createError, err);
  } finally {
    ui.createButton.disabled = false;
  }
});

ui.forget.addEventListener('click', () => {
  if (!confirm(t('confirmForget'))) return;
  storage.remove(KEY);
  state.saved = null;
  state.session = null;
  showCreate();
});

// ---------- the session ----------

const auth = () => ({ token: state.saved.token });
const path = (suffix = '') => `/sessions/${encodeURIComponent(state.saved.id)}${suffix}`;
const qpath = (q, suffix = '') => path(`/questions/${encodeURIComponent(q.id)}${suffix}`);

async function load() {
  try {
    state.session = await api(path(), auth());
  } catch (err) {
    if ([401, 403, 404].includes(err.status)) {
      storage.remove(KEY);
      state.saved = null;
      showCreate(t('sessionGone'));
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
  ui.lang.lang = s.language;
  ui.openScreen.href = s.presentUrl;
  takeState(s.state);
  drawQuestions();
  drawControls();
  drawLive();
  startLive();
  tools.refresh();
}

const tools = setupTools({
  t: (key, vars) => t(key, vars), // the page's language at the time of each call
  session: () => state.session,
  token: () => state.saved?.token,
  path: (suffix) => path(suffix),
  say,
  deleted: (message) => {
    storage.remove(KEY);
    state.saved = null;
    state.session = null;
    showCreate(message);
  },
});

function questionById(id) {
  return (state.session?.questions || []).find((q) => q.id === id) || null;
}

function replaceQuestion(q) {
  state.session.questions = (state.session.questions || []).map((x) => (x.id === q.id ? q : x));
}

function currentQuestion() {
  return questionById(state.session?.state?.questionId);
}

function questionMeta(q, n) {
  const meta = [typeName(q.type)];
  const opts = (q.options || []).length;
  switch (q.type) {
    case 'choice':
      meta.push(t('metaOptions', { n: opts }) + (q.multiple ? ', ' + t('metaSeveral') : ''));
      break;
    case 'wordcloud':
      meta.push(t('metaWords', { n: q.maxEntries }));
      break;
    case 'scale':
      meta.push(t('metaScale', { min: q.min ?? 1, max: q.max ?? 5 }) + (q.statements?.length ? ', ' + t('metaStatements', { n: q.statements.length }) : ''));
      break;
    case 'ranking':
      meta.push(t('metaOptions', { n: opts }));
      break;
    case 'quiz':
      meta.push(t('metaOptions', { n: opts }) + ', ' + t('metaSeconds', { n: q.seconds }));
      break;
    case 'open':
    case 'qa':
      if (q.moderated) meta.push(t('metaApprove'));
      break;
    default:
      break;
  }
  meta.push(t('metaResponses', { n }));
  return meta.join(' · ');
}

// updateCounts writes the response counts into the list in place (the list
// keeps its focus while answers arrive).
function updateCounts() {
  for (const li of ui.list.children) {
    const q = questionById(li.dataset.id);
    const meta = li.querySelector('.q-meta');
    if (q && meta) meta.textContent = questionMeta(q, state.responses.get(q.id) || 0);
  }
}

function drawQuestions() {
  const s = state.session;
  const qs = s.questions || [];
  tools.drawQuestions();
  ui.noQuestions.hidden = qs.length > 0;
  const current = s.state?.questionId || null;
  ui.list.replaceChildren(
    ...qs.map((q, i) => {
      const isCurrent = q.id === current;
      const n = state.responses.get(q.id) || 0;
      const promptId = `q-${i}-prompt`;
      const show = el('button', {
        class: 'btn btn-small',
        type: 'button',
        'aria-pressed': isCurrent ? 'true' : 'false',
        'aria-describedby': promptId,
        text: isCurrent ? t('showing') : t('show'),
        onclick: () => setState({ questionId: q.id }, t('nowShowing', { q: q.prompt })),
      });
      const edit = el('button', {
        class: 'btn btn-small',
        type: 'button',
        'aria-describedby': promptId,
        text: t('edit'),
        onclick: () => startEdit(q, i),
      });
      const reset = el('button', {
        class: 'btn btn-small',
        type: 'button',
        'aria-describedby': promptId,
        text: t('resetAnswers'),
        onclick: () => resetQuestion(q, i),
      });
      const up = el('button', {
        class: 'btn btn-small btn-icon',
        type: 'button',
        'aria-describedby': promptId,
        'aria-label': t('moveQuestionUp'),
        title: t('moveQuestionUp'),
        text: '↑',
        disabled: i === 0,
        dataset: { act: 'up' },
        onclick: () => moveQuestion(q, i - 1, 'up'),
      });
      const down = el('button', {
        class: 'btn btn-small btn-icon',
        type: 'button',
        'aria-describedby': promptId,
        'aria-label': t('moveQuestionDown'),
        title: t('moveQuestionDown'),
        text: '↓',
        disabled: i === qs.length - 1,
        dataset: { act: 'down' },
        onclick: () => moveQuestion(q, i + 1, 'down'),
      });
      const remove = el('button', {
        class: 'btn btn-small btn-danger',
        type: 'button',
        'aria-describedby': promptId,
        text: t('deleteQuestion'),
        onclick: () => removeQuestion(q, i),
      });
      return el(
        'li',
        { class: 'question-item' + (isCurrent ? ' is-current' : ''), dataset: { id: q.id, type: q.type } },
        el(
          'div',
          {},
          el('div', { class: 'q-prompt', id: promptId, text: `${i + 1}. ${q.prompt}` }),
          el('div', { class: 'q-meta', text: questionMeta(q, n) }),
        ),
        el('div', { class: 'q-actions' }, show, edit, reset, up, down, remove),
      );
    }),
  );
}

// takeState keeps a state from the server, with its countdown as a local deadline.
function takeState(st) {
  if (!st) return;
  state.session.state = st;
  state.deadlineAt = !st.locked && st.remainingMs > 0 ? performance.now() + st.remainingMs : 0;
}

const hostCountdown = new Countdown(ui.hostCountdown, {
  draw: (node, s) => (node.textContent = t('countdownLeft', { t: clock(s) })),
  onZero: () => {
    ui.stopCountdown.hidden = true;
  },
});

function drawControls() {
  const st = state.session.state || {};
  const q = questionById(st.questionId);
  ui.livePrompt.textContent = q ? q.prompt : t('noQuestionShown');
  ui.livePrompt.classList.toggle('muted', !q);
  ui.toggleResults.setAttribute('aria-pressed', st.resultsVisible ? 'true' : 'false');
  ui.toggleLock.setAttribute('aria-pressed', st.locked ? 'true' : 'false');
  ui.toggleJoins.setAttribute('aria-pressed', st.joinsClosed ? 'true' : 'false');
  ui.clearQuestion.disabled = !q;
  const qs = state.session.questions || [];
  const i = q ? qs.indexOf(q) : -1;
  ui.prev.disabled = qs.length === 0 || i === 0;
  ui.next.disabled = qs.length === 0 || (i >= 0 && i === qs.length - 1);
  const left = state.deadlineAt ? state.deadlineAt - performance.now() : 0;
  hostCountdown.set(q && left > 0 ? left : 0);
  ui.stopCountdown.hidden = !(q && left > 0);
  ui.countdownForm.querySelector('#start-countdown').disabled = !q;
}

async function setState(patch, message) {
  ui.liveError.textContent = '';
  ui.sessionError.textContent = '';
  try {
    const res = await api(path('/state'), { method: 'PATCH', body: patch, ...auth() });
    const next = res && res.state ? res.state : res;
    takeState({ ...state.session.state, ...next });
    drawQuestions();
    drawControls();
    drawLive();
    if (message) say(message);
  } catch (err) {
    showError(ui.liveError, err);
  }
}

function toggleResults() {
  if (!currentQuestion()) return;
  const on = !state.session.state?.resultsVisible;
  setState({ resultsVisible: on }, t(on ? 'resultsOnPhones' : 'resultsOffPhones'));
}

function toggleLock() {
  if (!currentQuestion()) return;
  const on = !state.session.state?.locked;
  setState({ locked: on }, t(on ? 'lockedNow' : 'openNow'));
}

// toggleJoins closes the session for new participants, or opens it; those
// already in rejoin either way.
function toggleJoins() {
  const on = !state.session.state?.joinsClosed;
  setState({ joinsClosed: on }, t(on ? 'joinsClosedNow' : 'joinsOpenNow'));
}

function startCountdown(seconds) {
  if (!currentQuestion()) return;
  setState({ countdown: seconds }, t('countdownStarted', { n: seconds }));
}

function navigate(dir) {
  const qs = state.session?.questions || [];
  if (qs.length === 0) return;
  const i = qs.findIndex((q) => q.id === state.session.state?.questionId);
  const next = i < 0 ? (dir > 0 ? 0 : qs.length - 1) : i + dir;
  if (next < 0) return say(t('firstQuestion'));
  if (next >= qs.length) return say(t('lastQuestion'));
  setState({ questionId: qs[next].id }, t('nowShowing', { q: qs[next].prompt }));
}

ui.toggleResults.addEventListener('click', toggleResults);
ui.toggleLock.addEventListener('click', toggleLock);
ui.toggleJoins.addEventListener('click', toggleJoins);
ui.clearQuestion.addEventListener('click', () => setState({ questionId: null }, t('noQuestionNow')));
ui.prev.addEventListener('click', () => navigate(-1));
ui.next.addEventListener('click', () => navigate(1));
ui.countdownForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const n = Math.round(Number(ui.countdownSeconds.value));
  if (!(n >= 1 && n <= 3600)) {
    ui.liveError.textContent = t('countdownRange');
    ui.countdownSeconds.setAttribute('aria-invalid', 'true');
    ui.countdownSeconds.focus();
    return;
  }
  ui.countdownSeconds.removeAttribute('aria-invalid');
  startCountdown(n);
});
ui.stopCountdown.addEventListener('click', () => setState({ countdown: 0 }, t('countdownStopped')));

async function resetQuestion(q, i) {
  const n = state.responses.get(q.id) || 0;
  const ok = confirm(t('confirmReset', { i: i + 1, q: q.prompt, n }));
  if (!ok) return;
  ui.sessionError.textContent = '';
  try {
    await api(qpath(q, '/reset'), { method: 'POST', ...auth() });
    state.responses.set(q.id, 0);
    state.lastResults.delete(q.id);
    state.fac.delete(q.id);
    drawQuestions();
    drawLive();
    await fetchResults();
    say(t('resetDone', { i: i + 1 }));
  } catch (err) {
    showError(ui.sessionError, err);
  }
}

// moveQuestion puts q at index; focus stays on the same button of the
// moved question (or its first button once that one is disabled).
async function moveQuestion(q, index, act) {
  ui.sessionError.textContent = '';
  try {
    const res = await api(qpath(q, '/move'), { method: 'POST', body: { index }, ...auth() });
    state.session.questions = res.questions;
    drawQuestions();
    const li = [...ui.list.children].find((x) => x.dataset.id === q.id);
    const same = li?.querySelector(`button[data-act="${act}"]`);
    (same && !same.disabled ? same : li?.querySelector('button'))?.focus();
    say(t('movedTo', { q: q.prompt, i: res.questions.findIndex((x) => x.id === q.id) + 1 }));
  } catch (err) {
    showError(ui.sessionError, err);
  }
}

async function removeQuestion(q, i) {
  const n = state.responses.get(q.id) || 0;
  const ok = confirm(t('confirmDelete', { i: i + 1, q: q.prompt, n }));
  if (!ok) return;
  ui.sessionError.textContent = '';
  try {
    await api(qpath(q, ''), { method: 'DELETE', ...auth() });
    if (state.editing?.id === q.id) endEdit();
    await load();
    say(t('deleteDone', { i: i + 1 }));
  } catch (err) {
    showError(ui.sessionError, err);
  }
}

// ---------- the question form (add and edit) ----------

function formType() {
  return ui.qForm.querySelector('input[name="qtype"]:checked').value;
}

function lines(textarea, commas = false) {
  return textarea.value
    .split(commas ? /[\n,]/ : '\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

function checkedCorrect() {
  return [...ui.qCorrect.querySelectorAll('input:checked')].map((i) => Number(i.value));
}

// syncCorrect draws a checkbox per option for the quiz's right answers.
function syncCorrect(ticked = checkedCorrect()) {
  const opts = lines(ui.qOptions);
  ui.qCorrect.replaceChildren(
    ...opts.map((o, i) =>
      el(
        'div',
        { class: 'check' },
        el('input', { type: 'checkbox', id: `q-correct-${i}`, value: String(i), checked: ticked.includes(i) }),
        el('label', { for: `q-correct-${i}`, text: o }),
      ),
    ),
  );
  if (opts.length === 0) ui.qCorrect.append(el('p', { class: 'muted', text: t('noOptionsYet') }));
}

function syncTypeFields() {
  const type = formType();
  for (const node of ui.qForm.querySelectorAll('[data-types]')) node.hidden = !node.dataset.types.split(' ').includes(type);
  if (type === 'quiz') syncCorrect();
}
for (const radio of ui.qForm.querySelectorAll('input[name="qtype"]')) radio.addEventListener('change', syncTypeFields);
ui.qOptions.addEventListener('input', () => {
  if (formType() === 'quiz') syncCorrect();
});
syncTypeFields();

function intOf(input) {
  const s = input.value.trim();
  return /^-?\d+$/.test(s) ? Number(s) : NaN;
}

// readForm returns {body} for the form's question, or {error, focus}.
function readForm() {
  const type = formType();
  const prompt = ui.qPrompt.value.trim();
  if (!prompt) return { error: t('need_prompt'), focus: ui.qPrompt };
  const needOptions = () => {
    const options = lines(ui.qOptions);
    return options.length >= 2 ? { options } : { error: t('need_options'), focus: ui.qOptions };
  };
  switch (type) {
    case 'choice': {
      const o = needOptions();
      return o.error ? o : { body: { type, prompt, options: o.options, multiple: ui.qMultiple.checked } };
    }
    case 'ranking': {
      const o = needOptions();
      return o.error ? o : { body: { type, prompt, options: o.options } };
    }
    case 'quiz': {
      const o = needOptions();
      if (o.error) return o;
      const correct = checkedCorrect().filter((i) => i < o.options.length);
      if (correct.length === 0) return { error: t('need_correct'), focus: ui.qCorrect.querySelector('input') || ui.qOptions };
      const seconds = intOf(ui.qSeconds);
      if (!(seconds >= 5 && seconds <= 300)) return { error: t('need_seconds'), focus: ui.qSeconds };
      return { body: { type, prompt, options: o.options, correct, seconds } };
    }
    case 'scale': {
      const min = intOf(ui.qMin);
      const max = intOf(ui.qMaxValue);
      if (Number.isNaN(min)) return { error: t('need_min'), focus: ui.qMin };
      if (Number.isNaN(max)) return { error: t('need_max'), focus: ui.qMaxValue };
      if (min >= max) return { error: t('need_order'), focus: ui.qMaxValue };
      if (max - min > 10) return { error: t('need_steps'), focus: ui.qMaxValue };
      return { body: { type, prompt, min, max, statements: lines(ui.qStatements) } };
    }
    case 'wordcloud': {
      const maxEntries = intOf(ui.qMax);
      if (!(maxEntries >= 1 && maxEntries <= 10)) return { error: t('need_maxEntries'), focus: ui.qMax };
      const maxWords = intOf(ui.qMaxWords);
      if (!(maxWords >= 1 && maxWords <= 500)) return { error: t('need_maxWords'), focus: ui.qMaxWords };
      return {
        body: {
          type,
          prompt,
          maxEntries,
          maxWords,
          keepStopWords: ui.qKeepStop.checked,
          stem: ui.qStem.checked,
          banned: lines(ui.qBanned, true),
          flagged: lines(ui.qFlagged, true),
        },
      };
    }
    case 'open':
    case 'qa':
      return { body: { type, prompt, moderated: ui.qModerated.checked } };
    default:
      return { error: t('need_type') };
  }
}

function resetForm() {
  ui.qPrompt.value = '';
  ui.qOptions.value = '';
  ui.qMultiple.checked = false;
  ui.qSeconds.value = '20';
  ui.qMin.value = '1';
  ui.qMaxValue.value = '5';
  ui.qStatements.value = '';
  ui.qMax.value = '3';
  ui.qMaxWords.value = '60';
  ui.qKeepStop.checked = false;
  ui.qStem.checked = false;
  ui.qBanned.value = '';
  ui.qFlagged.value = '';
  ui.qModerated.checked = false;
  syncCorrect([]);
}

function fillForm(q) {
  ui.qForm.querySelector(`input[name="qtype"][value="${q.type}"]`).checked = true;
  ui.qPrompt.value = q.prompt || '';
  ui.qOptions.value = (q.options || []).join('\n');
  ui.qMultiple.checked = !!q.multiple;
  ui.qSeconds.value = String(q.seconds || 20);
  ui.qMin.value = String(q.min ?? 1);
  ui.qMaxValue.value = String(q.max ?? 5);
  ui.qStatements.value = (q.statements || []).join('\n');
  ui.qMax.value = String(q.maxEntries || 3);
  ui.qMaxWords.value = String(q.maxWords || 60);
  ui.qKeepStop.checked = !!q.keepStopWords;
  ui.qStem.checked = !!q.stem;
  ui.qBanned.value = (q.banned || []).join('\n');
  ui.qFlagged.value = (q.flagged || []).join('\n');
  ui.qModerated.checked = !!q.moderated;
  syncTypeFields();
  syncCorrect(q.correct || []);
}

function startEdit(q, i) {
  state.editing = q;
  fillForm(q);
  for (const r of ui.qForm.querySelectorAll('input[name="qtype"]')) r.disabled = r.value !== q.type;
  state.editingIndex = i;
  ui.qHeading.textContent = t('editHeading', { i: i + 1 });
  ui.qSubmit.textContent = t('saveChanges');
  ui.qCancel.hidden = false;
  ui.qError.textContent = '';
  ui.qCard.classList.add('is-editing');
  ui.qCard.scrollIntoView({ block: 'start', behavior: 'smooth' });
  ui.qPrompt.focus({ preventScroll: true });
  say(t('editing', { i: i + 1 }));
}

function endEdit() {
  state.editing = null;
  for (const r of ui.qForm.querySelectorAll('input[name="qtype"]')) r.disabled = false;
  ui.qHeading.textContent = t('addHeading');
  ui.qSubmit.textContent = t('addQuestion');
  ui.qCancel.hidden = true;
  ui.qCard.classList.remove('is-editing');
  resetForm();
}

ui.qCancel.addEventListener('click', () => {
  endEdit();
  say(t('editCancelled'));
  ui.qPrompt.focus();
});

// same compares a form value with a question's, taking absent, false, 0,
// "" and [] as the same (the server leaves them out).
function same(a, b) {
  const norm = (v) => (v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0) ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

ui.qForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  ui.qError.textContent = '';
  const r = readForm();
  if (r.error) {
    ui.qError.textContent = r.error;
    r.focus?.focus();
    return;
  }
  ui.qSubmit.disabled = true;
  try {
    if (state.editing) {
      const old = state.editing;
      const patch = {};
      for (const [k, v] of Object.entries(r.body)) if (k !== 'type' && !same(v, old[k])) patch[k] = v;
      if (Object.keys(patch).length === 0) {
        endEdit();
        say(t('nothingChanged'));
        return;
      }
      const q = await api(qpath(old, ''), { method: 'PATCH', body: patch, ...auth() });
      replaceQuestion(q);
      const i = state.session.questions.findIndex((x) => x.id === q.id);
      endEdit();
      drawQuestions();
      drawControls();
      drawLive();
      say(t('questionSaved', { i: i + 1 }));
      ui.list.querySelector(`[data-id="${CSS.escape(q.id)}"] button`)?.focus();
    } else {
      const q = await api(path('/questions'), { method: 'POST', body: r.body, ...auth() });
      state.session.questions = [...(state.session.questions || []), q];
      resetForm();
      drawQuestions();
      drawControls();
      say(t('questionAdded', { q: q.prompt }));
      ui.qPrompt.focus();
    }
  } catch (err) {
    showError(ui.qError, err);
  } finally {
    ui.qSubmit.disabled = false;
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
      ui.conn.dataset.state = s;
      drawConn();
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
    // Another tab, the big screen's keys or a script may have changed the state: follow it.
    const q = msg.question;
    if (q && !questionById(q.id)) state.session.questions = [...(state.session.questions || []), q];
    takeState({
      questionId: q ? q.id : null,
      resultsVisible: !!msg.resultsVisible,
      locked: !!msg.locked,
      remainingMs: msg.remainingMs || 0,
      segmentBy: state.session.state?.segmentBy ?? null, // results frames carry it
      joinsClosed: !!state.session.state?.joinsClosed, // the REST state carries it
    });
    drawQuestions();
    drawControls();
    drawLive();
  } else if (msg.type === 'groups') {
    tools.drawGroups(msg.groups || []);
  } else if (msg.type === 'deleted') {
    storage.remove(KEY);
    state.saved = null;
    state.session = null;
    showCreate(t('h_deleted'));
  } else if (msg.type === 'results') {
    state.lastResults.set(msg.questionId, msg);
    if (state.responses.get(msg.questionId) !== (msg.responses || 0)) {
      state.responses.set(msg.questionId, msg.responses || 0);
      updateCounts();
    }
    if (msg.questionId === state.session.state?.questionId) {
      // The page's socket is a screen's: its frames say whether the big screen is split.
      const by = msg.segmentBy || null;
      if (by !== (state.session.state.segmentBy || null)) {
        state.session.state.segmentBy = by;
        tools.drawQuestions();
      }
      drawLive();
      const q = currentQuestion();
      if (q && MODERATED.has(q.type)) scheduleFetch();
    }
  } else if (msg.type === 'participants') {
    const n = Number(msg.count) || 0;
    ui.participants.textContent = String(n);
    ui.participants.dataset.count = String(n);
    drawStat(ui.liveParticipants, ui.liveParticipantsWord, 'participantsWord', n);
    ui.liveJoins.textContent = String(Number(msg.joinsPerMinute) || 0);
  } else if (msg.type === 'error' && !msg.ref) {
    showError(ui.sessionError, { code: msg.code, message: msg.message });
  }
}

// viewKey changes when the live view must be drawn anew: not for moderation.
function viewKey(q) {
  const { moderation, ...rest } = q;
  return JSON.stringify(rest);
}

function drawLive() {
  const q = currentQuestion();
  if (!q) {
    state.live = null;
    drawStat(ui.liveResponses, ui.liveResponsesWord, 'responsesWord', 0);
    ui.liveResults.replaceChildren(el('p', { class: 'host-live-empty', text: t('liveEmpty') }));
    ui.liveTools.replaceChildren();
    return;
  }
  const key = viewKey(q);
  if (!state.live || state.live.key !== key) {
    state.live = { key, id: q.id, ...makeLive(q) };
  }
  const room = state.lastResults.get(q.id);
  const fac = state.fac.get(q.id);
  const r = (MODERATED.has(q.type) ? fac || room : room || fac) || { responses: 0 };
  drawStat(ui.liveResponses, ui.liveResponsesWord, 'responsesWord', r.responses || 0);
  const v = state.live;
  switch (v.kind) {
    case 'choice':
      v.bars.update(q.options || [], r.counts || [], r.responses);
      break;
    case 'quiz':
      v.bars.update(q.options || [], r.counts || [], r.responses, { correct: q.correct || [] });
      v.board.update(r.leaderboard || []);
      break;
    case 'scale':
      v.scale.update(q, r.statements || []);
      break;
    case 'ranking':
      v.rank.update(q.options || [], r.scores || []);
      break;
    case 'wordcloud':
      drawWords(q, v, r.words || []);
      break;
    case 'open':
      drawEntries(q, v, (r.answers || []).slice().reverse());
      break;
    case 'qa':
      drawEntries(q, v, r.entries || []);
      break;
    default:
      break;
  }
}

function makeLive(q) {
  ui.liveTools.replaceChildren();
  state.showAllWords = false;
  switch (q.type) {
    case 'choice':
      return { kind: 'choice', bars: new Bars(ui.liveResults, { correctLabel: t('correct') }) };
    case 'quiz': {
      const barsBox = el('div');
      ui.liveResults.replaceChildren(el('div', { class: 'host-quiz' }, barsBox));
      const bars = new Bars(barsBox, { correctLabel: t('correct') });
      return { kind: 'quiz', bars, board: new Leaderboard(ui.liveResults.firstChild, { t, title: t('leaderboard') }) };
    }
    case 'scale':
      return { kind: 'scale', scale: new ScaleView(ui.liveResults, { t, lang }) };
    case 'ranking':
      return { kind: 'ranking', rank: new RankView(ui.liveResults, { t }) };
    case 'wordcloud': {
      const box = el('div', { class: 'host-cloud' });
      ui.liveResults.replaceChildren(box);
      const cloud = new WordCloud(box, { width: 1600, height: 760, maxWords: q.maxWords || 60, emptyText: t('noAnswers') });
      const svg = el('button', { class: 'btn btn-small', type: 'button', text: t('downloadSvg'), onclick: () => downloadCloud('svg') });
      const png = el('button', { class: 'btn btn-small', type: 'button', text: t('downloadPng'), onclick: () => downloadCloud('png') });
      const list = new ModList('words');
      const more = el('button', { class: 'btn-link', type: 'button', hidden: true });
      more.addEventListener('click', () => {
        state.showAllWords = !state.showAllWords;
        drawLive();
      });
      ui.liveTools.replaceChildren(
        el('div', { class: 'actions' }, svg, png),
        el('h3', { class: 'tools-title', text: t('wordsHeading') }),
        el('p', { class: 'hint', text: t('wordsHint') }),
        list.root,
        more,
      );
      return { kind: 'wordcloud', cloud, list, more };
    }
    case 'open':
    case 'qa': {
      ui.liveResults.replaceChildren();
      const summary = el('p', { class: 'muted mod-summary' });
      const list = new ModList(q.type);
      ui.liveResults.append(summary, list.root);
      return { kind: q.type, list, summary };
    }
    default:
      ui.liveResults.replaceChildren();
      return { kind: 'other' };
  }
}

function drawWords(q, v, words) {
  // The cloud shows what the room sees; the list shows everything.
  const roomWords = words.filter((w) => !w.hidden && !w.banned && !(w.stopWord && !q.keepStopWords)).slice(0, q.maxWords || 60);
  v.cloud.update(roomWords);
  const sorted = words.slice().sort((a, b) => (b.flagged ? 1 : 0) - (a.flagged ? 1 : 0));
  const limit = 40;
  const shown = state.showAllWords ? sorted : sorted.slice(0, limit);
  v.list.update(
    q,
    shown.map((w) => ({ ...w, entry: w.text })),
  );
  v.more.hidden = sorted.length <= limit;
  v.more.textContent = state.showAllWords ? t('showFewerWords') : t('showAllWords', { n: sorted.length });
}

function drawEntries(q, v, entries) {
  const pending = entries.filter((e) => e.pending && !e.hidden).length;
  const hidden = entries.filter((e) => e.hidden).length;
  const parts = [t(q.type === 'qa' ? 'questionsCount' : 'answersCount', { n: entries.length })];
  if (pending) parts.push(t('waitingCount', { n: pending }));
  if (hidden) parts.push(t('hiddenCount', { n: hidden }));
  v.summary.textContent = parts.join(' · ');
  v.list.update(
    q,
    entries.map((e) => ({ ...e, entry: e.id })),
  );
}

let modSeq = 0;

// ModList is the facilitator's list of entries (words, open answers, Q&A
// entries) with their markers and moderation buttons. Rows are kept by
// entry, so that focus stays on a button while results change.
class ModList {
  constructor(kind) {
    this.kind = kind;
    this.root = el('ul', { class: 'mod-list' });
    this.empty = el('li', { class: 'muted', text: t('nothingYet') });
    this.rows = new Map();
  }

  update(q, entries) {
    const keep = new Set(entries.map((e) => e.entry));
    for (const k of this.rows.keys()) if (!keep.has(k)) this.rows.delete(k);
    const nodes = entries.map((e) => {
      let row = this.rows.get(e.entry);
      if (!row) {
        row = this.makeRow(e);
        this.rows.set(e.entry, row);
      }
      this.fill(q, row, e);
      return row.li;
    });
    if (nodes.length === 0) nodes.push(this.empty);
    const same = nodes.length === this.root.children.length && nodes.every((n, i) => this.root.children[i] === n);
    if (!same) this.root.replaceChildren(...nodes);
  }

  makeRow(e) {
    const id = `mod-${++modSeq}`;
    const num = el('span', { class: 'mod-count' });
    const text = el('span', { class: 'mod-text', id, text: e.text });
    const badges = el('span', { class: 'badges' });
    const approve = el('button', { class: 'btn btn-small', type: 'button', text: t('approve'), 'aria-describedby': id });
    const answered = el('button', { class: 'btn btn-small', type: 'button', 'aria-describedby': id });
    const hide = el('button', { class: 'btn btn-small', type: 'button', 'aria-describedby': id });
    const li = el('li', { class: 'mod-item', dataset: { entry: e.entry } }, num, el('span', { class: 'mod-main' }, text, badges), el('span', { class: 'mod-actions' }, approve, answered, hide));
    const row = { li, num, text, badges, approve, answered, hide, e };
    approve.addEventListener('click', () => moderate(row.q, row.e.entry, { approved: true }, t('approved', { e: row.e.text })));
    answered.addEventListener('click', () =>
      moderate(row.q, row.e.entry, { answered: !row.e.answered }, t(row.e.answered ? 'markedNotAnswered' : 'markedAnswered', { e: row.e.text })),
    );
    hide.addEventListener('click', () => toggleHidden(row.q, row.li));
    return row;
  }

  fill(q, row, e) {
    row.q = q;
    row.e = e;
    const badge = (text, cls) => el('span', { class: `badge ${cls}`, text });
    const list = [];
    if (e.hidden) list.push(badge(t('badgeHidden'), 'badge-hidden'));
    if (e.banned) list.push(badge(t('badgeBanned'), 'badge-hidden'));
    if (e.pending) list.push(badge(t('badgeWaiting'), 'badge-warn'));
    if (e.flagged) list.push(badge(t('badgeFlagged'), 'badge-warn'));
    if (e.stopWord) list.push(badge(t('badgeStopWord'), 'badge-muted'));
    if (e.answered) list.push(badge(t('answered'), 'badge-ok'));
    row.badges.replaceChildren(...list);
    row.li.dataset.hidden = e.hidden ? 'true' : 'false';
    row.li.classList.toggle('is-hidden', !!(e.hidden || e.banned));
    if (this.kind === 'words') {
      row.num.replaceChildren(String(e.count), el('span', { class: 'visually-hidden', text: ' ' + t('participantsWord', { n: e.count }) }));
    } else if (this.kind === 'qa') {
      row.num.replaceChildren(String(e.votes || 0), el('span', { class: 'visually-hidden', text: ' ' + t('votesWord', { n: e.votes || 0 }) }));
    } else {
      row.num.hidden = true;
    }
    row.approve.hidden = !e.pending || !!e.hidden;
    row.answered.hidden = this.kind !== 'qa';
    row.answered.textContent = t(e.answered ? 'markNotAnswered' : 'markAnswered');
    row.hide.hidden = !!e.banned;
    row.hide.textContent = t(e.hidden ? 'showEntry' : 'hideEntry');
  }
}

function toggleHidden(q, li) {
  if (!q || !li) return;
  const hidden = li.dataset.hidden === 'true';
  const text = li.querySelector('.mod-text')?.textContent || li.dataset.entry;
  moderate(q, li.dataset.entry, { hidden: !hidden }, t(hidden ? 'shownAgain' : 'hiddenEntry', { e: text }));
}

async function moderate(q, entry, patch, message) {
  ui.liveError.textContent = '';
  try {
    const updated = await api(qpath(q, '/moderation'), { method: 'POST', body: { entry, ...patch }, ...auth() });
    if (updated && updated.id) replaceQuestion(updated);
    await fetchResults();
    say(message);
  } catch (err) {
    showError(ui.liveError, err);
  }
}

async function downloadCloud(kind) {
  const q = currentQuestion();
  if (!q || state.live?.kind !== 'wordcloud') return;
  const name = `${safeName(state.session.title)}-${safeName(q.prompt, 'word-cloud').slice(0, 40)}`;
  try {
    if (kind === 'svg') {
      downloadBlob(new Blob([state.live.cloud.toSVG({ title: q.prompt })], { type: 'image/svg+xml' }), `${name}.svg`);
    } else {
      downloadBlob(await state.live.cloud.toPNG({ title: q.prompt }), `${name}.png`);
    }
    say(t('cloudDownloaded', { kind: kind.toUpperCase() }));
  } catch {
    ui.liveError.textContent = t('downloadFailed');
  }
}

// fetchResults reads the facilitator's results of every question: response
// counts for the list, and hidden and waiting entries for moderation.
async function fetchResults() {
  if (!state.saved || !state.session) return;
  if (state.fetching) {
    state.fetchAgain = true;
    return state.fetching;
  }
  state.fetching = (async () => {
    try {
      const res = await api(path('/results'), auth());
      let changed = false;
      for (const r of res.questions || []) {
        if (state.responses.get(r.id) !== r.responses) changed = true;
        state.responses.set(r.id, r.responses || 0);
        state.fac.set(r.id, r);
      }
      if (changed) updateCounts();
      drawLive();
    } catch {
      /* the next round tries again */
    }
  })();
  await state.fetching;
  state.fetching = null;
  if (state.fetchAgain) {
    state.fetchAgain = false;
    await fetchResults();
  }
}

// scheduleFetch reads the facilitator's results soon, at most about three times a second.
function scheduleFetch() {
  if (state.fetchTimer) return;
  state.fetchTimer = setTimeout(() => {
    state.fetchTimer = 0;
    fetchResults();
  }, 300);
}

// pollResults keeps the list's counts and the moderation view fresh (a Q&A
// entry waiting for approval changes nothing the room sees, so no frame).
async function pollResults() {
  clearTimeout(state.pollTimer);
  if (!state.saved || !state.session) return;
  if (document.visibilityState === 'visible') await fetchResults();
  const q = currentQuestion();
  state.pollTimer = setTimeout(pollResults, q && (q.type === 'open' || q.type === 'qa') ? 1500 : 3000);
}

// ---------- shortcuts ----------

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
      const q = currentQuestion();
      if (li && q) toggleHidden(q, li);
    },
  },
  () => t,
);
ui.hostHelp.addEventListener('click', () => shortcuts.showHelp());

// ---------- links ----------

ui.copyJoin.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(state.session.joinUrl);
    say(t('joinCopied'));
    ui.copyJoin.textContent = t('copied');
    setTimeout(() => {
      ui.copyJoin.textContent = t('copyJoin');
    }, 2000);
  } catch {
    ui.sessionError.textContent = t('copyFailed');
  }
});

ui.exportCsv.addEventListener('click', async () => {
  ui.exportCsv.disabled = true;
  ui.sessionError.textContent = '';
  try {
    // Split by the segment question chosen under split results, as the Excel download is.
    const by = $('#segment-by')?.value;
    const res = await api(path('/export.csv' + (by ? '?segmentBy=' + encodeURIComponent(by) : '')), { ...auth(), raw: true });
    downloadBlob(await res.blob(), `${safeName(state.session.title)}-${state.session.code}.csv`);
    say(t('csvDownloaded'));
  } catch (err) {
    showError(ui.sessionError, err);
  } finally {
    ui.exportCsv.disabled = false;
  }
});

// ---------- start ----------

setLanguage(lang);
if (state.saved && state.saved.id && state.saved.token) load();
else showCreate();
