// The phone page: join by code, answer the current question, see results.

import { $, clock, Countdown, el, LiveSocket, storage, uid } from './common.js';
import { applyStatic, browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage, translator } from './i18n.js';
import { Bars, Leaderboard, RankView, ScaleView, TextList, WordList } from './results.js';

const MAX_ENTRY = 50;
const MAX_OPEN = 500;
const MAX_ASK = 280;

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
  langChoice: $('#lang-choice'),
  groupCard: $('#group-card'),
  groupName: $('#group-name'),
  groupSize: $('#group-size'),
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
  pending: new Map(), // ref -> {msg: {ref, questionId, value}, kind}: sent, not yet acknowledged
  answers: {}, // questionId -> acknowledged value; Q&A: {voted: [ids], asked: n}
  results: null, // {kind, id, view}
  qaEntries: null, // the current Q&A's entries from the last results frame
  countdown: null,
  timeUp: false, // the countdown reached zero here
  lastResults: null, // the last "results" frame, drawn again when the language changes
  paced: null, // a self-paced session: {questions, locked, index}
  group: null, // {name, members}: the phone's group after a split
};

const langKey = 'ting:lang'; // the participant's own choice of language, over the session's
const tokenKey = (code) => `ting:participant:${code}`;
const answersKey = (code) => `ting:answers:${code}`;

function setLanguage(next) {
  lang = normalizeLanguage(next) || lang;
  t = translator(lang);
  document.documentElement.lang = lang;
  applyStatic(document, t);
  ui.langChoice.value = lang;
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
    state.view = null;
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

// ---------- joining ----------

function cleanCode(raw) {
  return String(raw || '').replace(/\D/g, '');
}

function join(code) {
  state.code = code;
  state.joined = false;
  state.paced = null;
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
  state.paced = null;
  state.group = null;
  ui.groupCard.hidden = true;
  state.view = null;
  state.pending.clear();
  state.countdown?.set(0);
  state.countdown = null;
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
    case 'questions':
      onQuestions(msg);
      break;
    case 'group':
      onGroup(msg);
      break;
    case 'deleted':
      onDeleted();
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
    history.replaceState(null, '', url.pathname + url.search);
  }
  // An answer that was in flight when the connection dropped goes again:
  // the server replaces, never double counts, an answer of the same participant.
  for (const p of state.pending.values()) state.socket.send({ type: 'answer', ...p.msg });
}

// errorText is the message for an error frame: ours for a known code, else the server's.
function errorText(msg) {
  const key = 'err_' + msg.code;
  const text = t(key);
  return text !== key ? text : msg.message || t('err_generic');
}

// errorDetail is the server's reason for an invalid answer (in English).
function errorDetail(msg) {
  return msg.code === 'invalid_answer' && msg.message ? msg.message : '';
}

function onError(msg) {
  if (msg.ref && state.pending.has(msg.ref)) {
    const p = state.pending.get(msg.ref);
    state.pending.delete(msg.ref);
    if (state.view && state.view.id === p.msg.questionId) {
      setStatus('error', errorText(msg), errorDetail(msg), 'en');
      if (msg.code === 'locked') applyLock(true);
      else refreshControls();
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
  if (state.view && msg.code !== 'unknown_type') setStatus('error', errorText(msg), errorDetail(msg), 'en');
}

function qaRecord(questionId) {
  let rec = state.answers[questionId];
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
    rec = { voted: [], asked: 0 };
    state.answers[questionId] = rec;
  }
  if (!Array.isArray(rec.voted)) rec.voted = [];
  return rec;
}

function onAck(msg) {
  const p = state.pending.get(msg.ref);
  if (!p) return;
  state.pending.delete(msg.ref);
  const { questionId, value } = p.msg;
  const v = state.view && state.view.id === questionId ? state.view : null;
  if (p.kind === 'ask' || p.kind === 'upvote') {
    const rec = qaRecord(questionId);
    if (p.kind === 'ask') rec.asked = (rec.asked || 0) + 1;
    else if (!rec.voted.includes(value.upvote)) rec.voted.push(value.upvote);
    storage.set(answersKey(state.code), state.answers);
    if (v) {
      if (p.kind === 'ask') {
        v.extra.clear();
        setStatus('ok', v.q.moderated ? t('askedModerated') : t('asked'));
      } else {
        setStatus('ok', t('voteSent'));
      }
      refreshControls();
    }
    return;
  }
  state.answers[questionId] = value;
  storage.set(answersKey(state.code), state.answers);
  if (state.paced) drawPacedNav();
  if (v) {
    v.answered = true;
    setStatus('ok', t('received'), v.locked ? '' : t('changeHint'));
    v.submit.textContent = t('update');
    refreshControls();
  }
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
  if (g.name !== before) announce(t('groupAnnounce', { g: g.name }));
}

// onDeleted: the facilitator deleted the session; nothing of it is left.
function onDeleted() {
  storage.remove(tokenKey(state.code));
  storage.remove(answersKey(state.code));
  state.group = null;
  ui.groupCard.hidden = true;
  failJoin(t('sessionDeleted'));
  ui.code.removeAttribute('aria-invalid');
}

// onQuestions: a self-paced session sends every question; the participant
// moves between them and answers in any order.
function onQuestions(msg) {
  const questions = msg.questions || [];
  const prev = state.paced;
  const shownId = prev ? prev.questions[prev.index]?.id : null;
  let index = questions.findIndex((q) => q.id === shownId);
  if (index < 0) {
    index = questions.findIndex((q) => state.answers[q.id] === undefined);
    if (index < 0) index = 0;
  }
  state.paced = { questions, locked: !!msg.locked, index };
  const q = questions[index] || null;
  const same = state.view && q && state.view.id === q.id && JSON.stringify(state.view.q) === JSON.stringify(q);
  if (!same) showPaced(index);
  else {
    applyLock(state.paced.locked);
    drawPacedNav();
  }
}

function showPaced(index) {
  const p = state.paced;
  p.index = Math.max(0, Math.min(index, p.questions.length - 1));
  drawQuestion(p.questions[p.index] || null);
  drawPacedNav();
  applyLock(p.locked);
}

// drawPacedNav puts "question i of n", previous and next, and a list of
// every question (answered ones marked) above the question.
function drawPacedNav() {
  const p = state.paced;
  ui.area.querySelector('.paced-nav')?.remove();
  if (!p || p.questions.length === 0) return;
  const prev = el('button', { type: 'button', class: 'btn', text: t('prevQuestion'), disabled: p.index === 0 });
  const next = el('button', { type: 'button', class: 'btn', text: t('nextQuestion'), disabled: p.index >= p.questions.length - 1 });
  prev.addEventListener('click', () => showPaced(p.index - 1));
  next.addEventListener('click', () => showPaced(p.index + 1));
  const items = p.questions.map((q, i) => {
    const done = state.answers[q.id] !== undefined;
    const b = el('button', {
      type: 'button',
      class: 'btn-link paced-item' + (i === p.index ? ' is-current' : ''),
      'aria-current': i === p.index ? 'step' : null,
      text: `${i + 1}. ${q.prompt}${done ? ' ✓' : ''}`,
      'aria-label': `${t('questionOf', { i: i + 1, n: p.questions.length })}: ${q.prompt}${done ? ', ' + t('answered') : ''}`,
    });
    b.addEventListener('click', () => showPaced(i));
    return el('li', {}, b);
  });
  const nav = el(
    'nav',
    { class: 'card paced-nav', 'aria-label': t('pacedNav') },
    el('p', { class: 'muted', text: `${t('pacedHint')} ${t('questionOf', { i: p.index + 1, n: p.questions.length })}` }),
    el('div', { class: 'actions' }, prev, next),
    el('details', {}, el('summary', { text: t('allQuestions') }), el('ol', { class: 'paced-list' }, items)),
  );
  ui.area.prepend(nav);
}

function onQuestion(msg) {
  if (state.paced) {
    state.frame = msg; // a self-paced session draws from its questions frame
    return;
  }
  const q = msg.question || null;
  const before = state.frame?.question || null;
  const changed = JSON.stringify(q) !== JSON.stringify(before);
  state.frame = msg;
  if (changed || !state.view) {
    for (const [ref, p] of state.pending) if (p.msg.questionId !== q?.id) state.pending.delete(ref);
    if ((q?.id || null) !== (before?.id || null)) state.qaEntries = null;
    state.timeUp = false;
    drawQuestion(q);
    hideResults();
    if (q && q.id !== before?.id) announce(t('newQuestion', { q: q.prompt }));
  }
  if (msg.locked) {
    // Closed as the countdown ran out (the server's frame may beat our own zero).
    if (state.countdown?.running && state.countdown.remaining < 1500) state.timeUp = true;
    state.countdown?.set(0);
  } else if (msg.remainingMs > 0) {
    state.timeUp = false;
    state.countdown?.set(msg.remainingMs);
  } else {
    state.timeUp = false;
    state.countdown?.set(0);
  }
  applyLock(!!msg.locked || state.timeUp);
  if (!msg.resultsVisible) {
    hideResults();
    if (state.qaEntries !== null) {
      state.qaEntries = null;
      renderQA();
    }
  }
}

function ensureResults(kind, id, make) {
  if (!state.results || state.results.kind !== kind || state.results.id !== id) {
    state.results = { kind, id, view: make() };
  }
  return state.results.view;
}

function onResults(msg) {
  state.lastResults = msg;
  const q = state.frame?.question;
  if (!q || msg.questionId !== q.id || !state.frame.resultsVisible) return;
  if (q.type === 'qa') {
    // Q&A entries belong with the question: people vote on them there.
    state.qaEntries = Array.isArray(msg.entries) ? msg.entries : [];
    renderQA();
    return;
  }
  ui.resultsCard.hidden = false;
  ui.resultsCount.textContent = t('responses', { n: msg.responses || 0 });
  switch (msg.questionType) {
    case 'choice':
      ensureResults('choice', q.id, () => new Bars(ui.resultsBody)).update(q.options || [], msg.counts || [], msg.responses);
      break;
    case 'quiz': {
      if (!Array.isArray(msg.counts)) {
        // An open quiz: phones get only how many answered, never what
        // would tell the right option.
        state.results = null;
        ui.resultsBody.replaceChildren();
        break;
      }
      const view = ensureResults('quiz', q.id, () => {
        const bars = el('div');
        ui.resultsBody.replaceChildren(bars);
        return { bars: new Bars(bars), board: new Leaderboard(ui.resultsBody, { t, title: t('leaderboard') }) };
      });
      view.bars.update(q.options || [], msg.counts || [], msg.responses);
      view.board.update(msg.leaderboard || []);
      break;
    }
    case 'scale':
      ensureResults('scale', q.id, () => new ScaleView(ui.resultsBody, { t, lang })).update(q, msg.statements || []);
      break;
    case 'ranking':
      ensureResults('ranking', q.id, () => new RankView(ui.resultsBody, { t })).update(q.options || [], msg.scores || []);
      break;
    case 'open':
      ensureResults('open', q.id, () => new TextList(ui.resultsBody, { emptyText: t('noAnswers') })).update(msg.answers || []);
      break;
    case 'wordcloud':
      ensureResults('wordcloud', q.id, () => new WordList(ui.resultsBody, { emptyText: t('noAnswers') })).update(msg.words || []);
      break;
    default:
      ui.resultsCard.hidden = true;
  }
}

function hideResults() {
  ui.resultsCard.hidden = true;
  ui.resultsBody.replaceChildren();
  state.results = null;
}

// ---------- the question, one builder per type ----------
//
// A builder returns {body, collect, kind, submitText, after, onLock, clear}:
// collect() gives {value} or {error, focus}; kind is how the answer is sent
// ("answer", or "ask" for Q&A); after is drawn below the question's card.

function promptHeading(q) {
  return el('h2', { class: 'prompt', id: 'q-prompt', text: q.prompt });
}

function buildChoice(q, prior) {
  const multiple = q.type === 'choice' && !!q.multiple;
  const inputs = [];
  const options = (q.options || []).map((label, i) => {
    const input = el('input', {
      type: multiple ? 'checkbox' : 'radio',
      name: 'choice',
      value: String(i),
      checked: Array.isArray(prior) && prior.includes(i),
    });
    inputs.push(input);
    return el('label', { class: 'option' }, input, el('span', { text: label }));
  });
  const hint = q.type === 'quiz' ? t('quizHint') : multiple ? t('chooseMany') : t('chooseOne');
  const body = el(
    'fieldset',
    { 'aria-describedby': 'q-hint' },
    el('legend', {}, promptHeading(q), el('span', { class: 'hint', id: 'q-hint', text: hint })),
    el('div', { class: 'options' }, options),
  );
  return {
    body,
    collect() {
      const value = inputs.filter((i) => i.checked).map((i) => Number(i.value));
      return value.length ? { value } : { error: t('pickFirst'), focus: inputs[0] };
    },
  };
}

function buildWordcloud(q, prior) {
  const max = Math.max(1, Number(q.maxEntries) || 1);
  const inputs = [];
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
  const body = el(
    'div',
    {},
    promptHeading(q),
    el('p', { class: 'hint', id: 'q-hint', text: t('wordHint', { n: max }) }),
    el('div', { class: 'words' }, fields),
  );
  return {
    body,
    collect() {
      const value = inputs.map((i) => i.value.trim()).filter((s) => s.length > 0);
      return value.length ? { value } : { error: t('writeFirst'), focus: inputs[0] };
    },
  };
}

function buildScale(q, prior) {
  const lo = Number.isInteger(q.min) ? q.min : 1;
  const hi = Number.isInteger(q.max) ? q.max : 5;
  const steps = [];
  for (let v = lo; v <= hi; v++) steps.push(v);
  const several = Array.isArray(q.statements) && q.statements.length > 0;
  const statements = several ? q.statements : [q.prompt];
  const hint = el('span', { class: 'hint', id: 'q-hint', text: t('scaleHint', { min: lo, max: hi }) });
  const rows = statements.map((s, i) => {
    const name = `scale-${i}`;
    const radios = steps.map((v) =>
      el('input', { type: 'radio', name, value: String(v), checked: Array.isArray(prior) && prior[i] === v }),
    );
    const clear = el('button', {
      type: 'button',
      class: 'btn-link scale-clear lockable',
      text: t('scaleClear'),
      'aria-label': t('scaleClearLabel', { s }),
      hidden: !radios.some((r) => r.checked),
    });
    for (const r of radios) r.addEventListener('change', () => (clear.hidden = false));
    clear.addEventListener('click', () => {
      for (const r of radios) r.checked = false;
      clear.hidden = true;
      radios[0].focus();
    });
    const legend = several
      ? el('legend', { class: 'statement', text: s })
      : el('legend', {}, promptHeading(q), hint);
    const fieldset = el(
      'fieldset',
      { class: 'scale-q', dataset: { statement: String(i) }, 'aria-describedby': several ? null : 'q-hint' },
      legend,
      el(
        'div',
        { class: 'scale-steps', style: `--steps:${steps.length}` },
        radios.map((r, k) => el('label', { class: 'step' }, r, el('span', { text: String(steps[k]) }))),
      ),
      clear,
    );
    return { radios, fieldset };
  });
  const body = several
    ? el('div', {}, promptHeading(q), el('p', {}, hint), rows.map((r) => r.fieldset))
    : rows[0].fieldset;
  return {
    body,
    collect() {
      const value = rows.map((r) => {
        const c = r.radios.find((x) => x.checked);
        return c ? Number(c.value) : null;
      });
      return value.some((v) => v !== null) ? { value } : { error: t('scaleFirst'), focus: rows[0].radios[0] };
    },
  };
}

function buildRanking(q, prior) {
  const options = q.options || [];
  const n = options.length;
  const valid =
    Array.isArray(prior) && prior.length === n && new Set(prior).size === n && prior.every((i) => Number.isInteger(i) && i >= 0 && i < n);
  const order = valid ? prior.slice() : options.map((_, i) => i);
  let locked = false;
  const list = el('ol', { class: 'rank-list', 'aria-describedby': 'q-hint' });
  const items = options.map((label, i) => {
    const place = el('span', { class: 'rank-num', 'aria-hidden': 'true' });
    const up = el(
      'button',
      { type: 'button', class: 'rank-btn lockable', 'aria-label': t('moveUp', { o: label }) },
      el('span', { 'aria-hidden': 'true', text: '↑' }),
    );
    const down = el(
      'button',
      { type: 'button', class: 'rank-btn lockable', 'aria-label': t('moveDown', { o: label }) },
      el('span', { 'aria-hidden': 'true', text: '↓' }),
    );
    up.addEventListener('click', () => move(i, -1));
    down.addEventListener('click', () => move(i, 1));
    const li = el(
      'li',
      { class: 'rank-item', dataset: { option: String(i) } },
      place,
      el('span', { class: 'rank-label', text: label }),
      el('span', { class: 'rank-btns' }, up, down),
    );
    return { li, up, down, place };
  });
  function render() {
    order.forEach((opt, pos) => {
      const it = items[opt];
      it.place.textContent = String(pos + 1);
      it.up.disabled = locked || pos === 0;
      it.down.disabled = locked || pos === n - 1;
      it.li.dataset.place = String(pos + 1);
    });
    const same = order.every((opt, pos) => list.children[pos] === items[opt].li);
    if (!same) list.replaceChildren(...order.map((opt) => items[opt].li));
  }
  function move(opt, dir) {
    const pos = order.indexOf(opt);
    const to = pos + dir;
    if (locked || to < 0 || to >= n) return;
    [order[pos], order[to]] = [order[to], order[pos]];
    render();
    const it = items[opt];
    const want = dir < 0 ? it.up : it.down;
    (want.disabled ? (dir < 0 ? it.down : it.up) : want).focus();
    announce(t('rankMoved', { o: options[opt], n: to + 1, total: n }));
  }
  render();
  const body = el('div', {}, promptHeading(q), el('p', { class: 'hint', id: 'q-hint', text: t('rankHint') }), list);
  return {
    body,
    collect: () => ({ value: order.slice() }),
    onLock(l) {
      locked = l;
      render();
    },
  };
}

// textField is a labelled text area with a count of the characters left.
function textField(id, label, max, hintText, value = '') {
  const area = el('textarea', { id, maxlength: String(max), rows: '4', 'aria-describedby': 'q-hint', spellcheck: 'true' });
  area.value = value;
  const left = el('p', { class: 'hint char-count', 'aria-hidden': 'true' });
  const sync = () => (left.textContent = t('charsLeft', { n: max - area.value.length }));
  area.addEventListener('input', sync);
  sync();
  const field = el('div', { class: 'field' }, el('label', { for: id, text: label }), area, left);
  return { area, field, sync, hint: el('p', { class: 'hint', id: 'q-hint', text: hintText }) };
}

function buildOpen(q, prior) {
  const hint = [t('openHint', { n: MAX_OPEN }), q.moderated ? t('moderatedHint') : ''].filter(Boolean).join(' ');
  const f = textField('open-text', t('openLabel'), MAX_OPEN, hint, typeof prior === 'string' ? prior : '');
  return {
    body: el('div', {}, promptHeading(q), f.hint, f.field),
    collect() {
      const value = f.area.value.trim();
      return value ? { value } : { error: t('answerFirst'), focus: f.area };
    },
  };
}

function buildQA(q) {
  const hint = [t('askHint', { n: MAX_ASK }), q.moderated ? t('moderatedHint') : ''].filter(Boolean).join(' ');
  const f = textField('ask-text', t('askLabel'), MAX_ASK, hint);
  const note = el('p', { class: 'muted', id: 'qa-note' });
  const list = el('ol', { class: 'qa-entries' });
  const after = el(
    'section',
    { class: 'card', 'aria-labelledby': 'qa-heading' },
    el('h2', { class: 'card-title', id: 'qa-heading', text: t('qaHeading') }),
    note,
    list,
  );
  return {
    body: el('div', {}, promptHeading(q), f.hint, f.field),
    kind: 'ask',
    submitText: t('ask'),
    after,
    note,
    list,
    items: new Map(),
    collect() {
      const text = f.area.value.trim();
      return text ? { value: { ask: text } } : { error: t('askFirst'), focus: f.area };
    },
    clear() {
      f.area.value = '';
      f.sync();
    },
    onLock: () => renderQA(),
  };
}

const BUILDERS = {
  choice: buildChoice,
  quiz: buildChoice,
  wordcloud: buildWordcloud,
  scale: buildScale,
  ranking: buildRanking,
  open: buildOpen,
  qa: buildQA,
};

function drawQuestion(q) {
  state.view = null;
  state.countdown?.set(0);
  state.countdown = null;
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
  const build = BUILDERS[q.type];
  if (!build) {
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

  const prior = state.answers[q.id];
  const b = build(q, prior);
  const status = el('div', { class: 'status-line notice', role: 'status', 'aria-live': 'polite' });
  const lockedNote = el('p', { class: 'notice notice-warn', hidden: true });
  const timer = el('p', { class: 'countdown', role: 'timer', hidden: true });
  const answered = prior !== undefined && q.type !== 'qa';
  const submit = el('button', {
    class: 'btn btn-primary btn-block',
    type: 'submit',
    text: b.submitText || (answered ? t('update') : t('send')),
  });
  const form = el('form', { novalidate: true }, b.body, timer, lockedNote, submit, status);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sendAnswer();
  });
  const card = el('section', { class: `card question q-${q.type}`, 'aria-labelledby': 'q-prompt' }, form);
  ui.area.replaceChildren(card, b.after || '');
  state.view = {
    id: q.id,
    type: q.type,
    q,
    root: ui.area,
    collect: b.collect,
    kind: b.kind || 'answer',
    submit,
    status,
    lockedNote,
    extra: b,
    locked: false,
    answered,
  };
  state.countdown = new Countdown(timer, {
    draw: (node, s) => node.replaceChildren(el('span', { class: 'countdown-label', text: t('timeLeft') }), ' ', el('strong', { text: clock(s) })),
    onZero: () => {
      state.timeUp = true;
      applyLock(true);
    },
  });
  if (answered) setStatus('ok', t('received'), t('changeHint'));
  if (q.type === 'qa') renderQA();
}

// renderQA draws the Q&A entries the phone has (from results frames), each
// with a vote button; it keeps the nodes, so focus stays where it is.
function renderQA() {
  const v = state.view;
  if (!v || v.type !== 'qa') return;
  const b = v.extra;
  const entries = state.qaEntries;
  const rec = qaRecord(v.id);
  b.note.hidden = Array.isArray(entries) && entries.length > 0;
  b.note.textContent = entries === null ? t('qaWaiting') : t('qaEmpty');
  const list = entries || [];
  const pendingVotes = new Set(
    [...state.pending.values()].filter((p) => p.kind === 'upvote' && p.msg.questionId === v.id).map((p) => p.msg.value.upvote),
  );
  const keep = new Set(list.map((e) => e.id));
  for (const id of b.items.keys()) if (!keep.has(id)) b.items.delete(id);
  const nodes = list.map((e) => {
    let it = b.items.get(e.id);
    if (!it) {
      const votes = el('span', { class: 'qa-entry-votes' });
      const badge = el('span', { class: 'badge badge-ok', hidden: true }, el('span', { 'aria-hidden': 'true', text: '✓ ' }), t('answered'));
      const button = el('button', { type: 'button', class: 'btn btn-small qa-vote' });
      button.addEventListener('click', () => {
        if (v.locked || qaRecord(v.id).voted.includes(e.id)) return;
        send(v.id, { upvote: e.id }, 'upvote');
        renderQA();
      });
      const li = el(
        'li',
        { class: 'qa-entry', dataset: { id: e.id } },
        el('p', { class: 'qa-entry-text', text: e.text }),
        el('div', { class: 'qa-entry-meta' }, votes, badge, button),
      );
      it = { li, votes, badge, button };
      b.items.set(e.id, it);
    }
    const voted = rec.voted.includes(e.id);
    it.votes.textContent = t('votes', { n: e.votes || 0 });
    it.badge.hidden = !e.answered;
    it.li.classList.toggle('is-answered', !!e.answered);
    it.button.textContent = voted ? `✓ ${t('voted')}` : t('vote');
    it.button.setAttribute('aria-label', voted ? `${t('voted')}: ${e.text}` : t('voteLabel', { q: e.text }));
    it.button.disabled = v.locked || voted || pendingVotes.has(e.id);
    return it.li;
  });
  const same = nodes.length === b.list.children.length && nodes.every((n, i) => b.list.children[i] === n);
  if (!same) b.list.replaceChildren(...nodes);
}

function setStatus(kind, text, detail, detailLang) {
  const v = state.view;
  if (!v) return;
  v.status.className = `status-line notice notice-${kind}`;
  v.status.replaceChildren(text);
  if (detail) v.status.append(el('span', { class: 'notice-detail', lang: detailLang || null, text: ' ' + detail }));
}

// refreshControls enables the send button unless answers are closed or an
// answer (or question) of this view is on its way.
function refreshControls() {
  const v = state.view;
  if (!v) return;
  const busy = [...state.pending.values()].some((p) => p.msg.questionId === v.id && p.kind !== 'upvote');
  v.submit.disabled = v.locked || busy;
  if (v.type === 'qa') renderQA();
}

function applyLock(locked) {
  const v = state.view;
  if (!v) return;
  const was = v.locked;
  v.locked = locked;
  // "You can change your answer" is true only while answers are open.
  if (was !== locked && v.answered && v.status.classList.contains('notice-ok') && v.type !== 'qa') {
    setStatus('ok', t('received'), locked ? '' : t('changeHint'));
  }
  v.lockedNote.hidden = !locked;
  v.lockedNote.textContent = state.timeUp ? `${t('timeUp')} ${t('locked')}` : t('locked');
  for (const node of v.root.querySelectorAll('input, textarea, .lockable')) node.disabled = locked;
  v.extra.onLock?.(locked);
  v.submit.hidden = locked;
  refreshControls();
}

function send(questionId, value, kind) {
  const msg = { ref: uid(), questionId, value };
  state.pending.set(msg.ref, { msg, kind });
  refreshControls();
  if (state.socket && state.socket.send({ type: 'answer', ...msg })) {
    setStatus('warn', t('sending'));
  } else {
    setStatus('warn', t('offlineHint'));
  }
}

function sendAnswer() {
  const v = state.view;
  const q = state.paced ? v?.q : state.frame?.question;
  if (!v || !q || v.locked || (!state.paced && state.frame.locked)) return;
  const r = v.collect();
  if (r.error) {
    setStatus('error', r.error);
    r.focus?.focus();
    return;
  }
  send(q.id, r.value, v.kind);
}

// ---------- start ----------

setLanguage(storage.get(langKey) || lang);
ui.name.value = storage.get('ting:name') || '';
const fromUrl = cleanCode(new URLSearchParams(location.search).get('code'));
if (fromUrl) {
  ui.code.value = fromUrl;
  if (/^\d{6,8}$/.test(fromUrl)) join(fromUrl);
}
