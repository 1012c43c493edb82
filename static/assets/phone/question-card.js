// The phone's question card: the answer view of the question's type
// (types/*.js phoneAnswer), its send button, status line, lock and
// countdown, and what the server says of each answer (ack or error).

import { $, clock, Countdown, el } from '../common.js';
import { errorDetail, errorText } from '../errors.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { answerOf, busy, isPending, keepAnswer, qaRecord, saveAnswers, send, takePending, votesInFlight } from './answers.js';

const area = $('#question-area');

let view = null; // what is drawn for the current question
let countdown = null;
let timeUp = false; // the countdown reached zero here
let entries = null; // the current Q&A's entries from the last results frame
let hooks = { announce: () => {}, answered: () => {}, canSend: () => true };

// mountQuestionCard sets the callbacks: announce(text) for screen readers,
// answered() after an acknowledged answer, canSend(q) whether answers are open.
export function mountQuestionCard(h) {
  hooks = { ...hooks, ...h };
}

export const shownId = () => view?.id || null;
export const shownQuestion = () => view?.q || null;

export function drawQuestion(q) {
  view = null;
  countdown?.set(0);
  countdown = null;
  if (!q) {
    area.replaceChildren(
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
  const type = typeOf(q.type);
  if (!type) {
    area.replaceChildren(el('section', { class: 'card question' }, el('h2', { class: 'prompt', text: q.prompt }), el('p', { class: 'muted', text: t('unsupported') })));
    return;
  }

  const prior = answerOf(q.id);
  const b = type.phoneAnswer(q, prior, {
    announce: hooks.announce,
    vote: (entry) => send(q.id, { upvote: entry }, 'upvote') ? status('warn', t('sending')) : status('warn', t('offlineHint')),
    voted: () => qaRecord(q.id).voted,
    votesInFlight: () => votesInFlight(q.id),
    locked: () => !!view?.locked,
  });
  const kind = b.kind || 'answer';
  const statusLine = el('div', { class: 'status-line notice', role: 'status', 'aria-live': 'polite' });
  const lockedNote = el('p', { class: 'notice notice-warn', hidden: true });
  const timer = el('p', { class: 'countdown', role: 'timer', hidden: true });
  const isAnswered = prior !== undefined && kind === 'answer';
  const submit = el('button', { class: 'btn btn-primary btn-block', type: 'submit', text: b.submitText || (isAnswered ? t('update') : t('send')) });
  const form = el('form', { novalidate: true }, b.body, timer, lockedNote, submit, statusLine);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sendAnswer();
  });
  const card = el('section', { class: `card question q-${q.type}`, 'aria-labelledby': 'q-prompt' }, form);
  area.replaceChildren(card, b.after || '');
  view = { id: q.id, q, collect: b.collect, kind, submit, status: statusLine, lockedNote, extra: b, locked: false, answered: isAnswered };
  countdown = new Countdown(timer, {
    draw: (node, s) => node.replaceChildren(el('span', { class: 'countdown-label', text: t('timeLeft') }), ' ', el('strong', { text: clock(s) })),
    onZero: () => {
      timeUp = true;
      applyLock(true);
    },
  });
  if (isAnswered) status('ok', t('received'), t('changeHint'));
  b.showEntries?.(entries);
}

function status(kind, text, detail, detailLang) {
  if (!view) return;
  view.status.className = `status-line notice notice-${kind}`;
  view.status.replaceChildren(text);
  if (detail) view.status.append(el('span', { class: 'notice-detail', lang: detailLang || null, text: ' ' + detail }));
}

// refreshControls enables the send button unless answers are closed or an
// answer (or question) of this view is on its way.
function refreshControls() {
  if (!view) return;
  view.submit.disabled = view.locked || busy(view.id);
  view.extra.refresh?.();
}

export function applyLock(locked) {
  const v = view;
  if (!v) return;
  const was = v.locked;
  v.locked = locked;
  // "You can change your answer" is true only while answers are open.
  if (was !== locked && v.answered && v.status.classList.contains('notice-ok') && v.kind === 'answer') {
    status('ok', t('received'), locked ? '' : t('changeHint'));
  }
  v.lockedNote.hidden = !locked;
  v.lockedNote.textContent = timeUp ? `${t('timeUp')} ${t('locked')}` : t('locked');
  for (const node of area.querySelectorAll('input, textarea, .lockable')) node.disabled = locked;
  v.extra.onLock?.(locked);
  v.submit.hidden = locked;
  refreshControls();
}

// followCountdown follows a question frame's lock and countdown; it
// returns whether answers are closed here.
export function followCountdown(msg) {
  if (msg.locked) {
    // Closed as the countdown ran out (the server's frame may beat our own zero).
    if (countdown?.running && countdown.remaining < 1500) timeUp = true;
    countdown?.set(0);
  } else {
    timeUp = false;
    countdown?.set(msg.remainingMs > 0 ? msg.remainingMs : 0);
  }
  return !!msg.locked || timeUp;
}

export function resetTimeUp() {
  timeUp = false;
}

// showEntries gives the Q&A's entries of a results frame to the view
// (null: results are hidden); forget: they belong to another question.
export function showEntries(list) {
  entries = list;
  view?.extra.showEntries?.(entries);
}

// entriesNow is the Q&A entries the card has (null: none since results were hidden).
export const entriesNow = () => entries;

// forgetEntries drops the entries of another question, without drawing.
export function forgetEntries() {
  entries = null;
}

function sendAnswer() {
  const v = view;
  if (!v || v.locked || !hooks.canSend(v.q)) return;
  const r = v.collect();
  if (r.error) {
    status('error', r.error);
    r.focus?.focus();
    return;
  }
  const sent = send(v.q.id, r.value, v.kind);
  refreshControls();
  status('warn', sent ? t('sending') : t('offlineHint'));
}

// onAck takes the server's acknowledgement of an answer.
export function onAck(msg) {
  const p = takePending(msg.ref);
  if (!p) return;
  const { questionId, value } = p.msg;
  const v = view && view.id === questionId ? view : null;
  if (p.kind === 'ask' || p.kind === 'upvote') {
    const rec = qaRecord(questionId);
    if (p.kind === 'ask') rec.asked = (rec.asked || 0) + 1;
    else if (!rec.voted.includes(value.upvote)) rec.voted.push(value.upvote);
    saveAnswers();
    if (v) {
      if (p.kind === 'ask') {
        v.extra.clear?.();
        status('ok', v.q.moderated ? t('askedModerated') : t('asked'));
      } else {
        status('ok', t('voteSent'));
      }
      refreshControls();
    }
    return;
  }
  keepAnswer(questionId, value);
  hooks.answered();
  if (v) {
    v.answered = true;
    status('ok', t('received'), v.locked ? '' : t('changeHint'));
    v.submit.textContent = t('update');
    refreshControls();
  }
}

// onAnswerError takes an error frame about an answer in flight; it returns
// false for an error that is not about one.
export function onAnswerError(msg) {
  if (!msg.ref) return false;
  if (!isPending(msg.ref)) return true; // an answer we no longer wait for
  const p = takePending(msg.ref);
  if (view && view.id === p.msg.questionId) {
    status('error', errorText(msg), errorDetail(msg), 'en');
    if (msg.code === 'locked') applyLock(true);
    else refreshControls();
  }
  return true;
}

// showError shows an error of the session on the card, if one is drawn.
export function showError(msg) {
  if (view) status('error', errorText(msg), errorDetail(msg), 'en');
}

// showWaiting says that answers wait to be sent (no link).
export function showWaiting() {
  if (!view) return;
  refreshControls();
  status('warn', t('offlineHint'));
}

export function hasView() {
  return !!view;
}

export function dropView() {
  view = null;
  countdown?.set(0);
  countdown = null;
}
