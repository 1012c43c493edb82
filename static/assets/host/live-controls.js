// The live controls: which question the room sees, previous and next,
// results on phones, lock, countdown. Each change is a PATCH of the
// session's state; onChanged() runs after the state changed.

import { $, api, clock, Countdown } from '../common.js';
import { showError } from '../errors.js';
import { limits, within } from '../limits.js';
import { t } from '../translate.js';
import { auth, countdownLeft, currentQuestion, path, questions, say, session, takeState } from './session.js';

const ui = {
  prompt: $('#live-prompt'),
  prev: $('#prev-question'),
  next: $('#next-question'),
  results: $('#toggle-results'),
  lock: $('#toggle-lock'),
  joins: $('#toggle-joins'),
  clear: $('#clear-question'),
  countdownForm: $('#countdown-form'),
  countdownSeconds: $('#countdown-seconds'),
  startCountdown: $('#start-countdown'),
  stopCountdown: $('#stop-countdown'),
  countdown: $('#host-countdown'),
  error: $('#live-error'),
  sessionError: $('#session-error'),
};

let changed = () => {};

const countdown = new Countdown(ui.countdown, {
  draw: (node, s) => (node.textContent = t('countdownLeft', { t: clock(s) })),
  onZero: () => {
    ui.stopCountdown.hidden = true;
  },
});

// drawControls shows the state: the question shown, pressed toggles, the countdown.
export function drawControls() {
  const st = session().state || {};
  const q = currentQuestion();
  ui.prompt.textContent = q ? q.prompt : t('noQuestionShown');
  ui.prompt.classList.toggle('muted', !q);
  ui.results.setAttribute('aria-pressed', st.resultsVisible ? 'true' : 'false');
  ui.lock.setAttribute('aria-pressed', st.locked ? 'true' : 'false');
  ui.joins.setAttribute('aria-pressed', st.joinsClosed ? 'true' : 'false');
  ui.clear.disabled = !q;
  const qs = questions();
  const i = q ? qs.indexOf(q) : -1;
  ui.prev.disabled = qs.length === 0 || i === 0;
  ui.next.disabled = qs.length === 0 || (i >= 0 && i === qs.length - 1);
  const left = countdownLeft();
  countdown.set(q && left > 0 ? left : 0);
  ui.stopCountdown.hidden = !(q && left > 0);
  ui.startCountdown.disabled = !q;
}

export async function setState(patch, message) {
  ui.error.textContent = '';
  ui.sessionError.textContent = '';
  try {
    const res = await api(path('/state'), { method: 'PATCH', body: patch, ...auth() });
    const next = res && res.state ? res.state : res;
    takeState({ ...session().state, ...next });
    changed();
    if (message) say(message);
  } catch (err) {
    showError(ui.error, err);
  }
}

export function showQuestion(q) {
  setState({ questionId: q.id }, t('nowShowing', { q: q.prompt }));
}

export function toggleResults() {
  if (!currentQuestion()) return;
  const on = !session().state?.resultsVisible;
  setState({ resultsVisible: on }, t(on ? 'resultsOnPhones' : 'resultsOffPhones'));
}

export function toggleLock() {
  if (!currentQuestion()) return;
  const on = !session().state?.locked;
  setState({ locked: on }, t(on ? 'lockedNow' : 'openNow'));
}

// toggleJoins closes the session for new participants, or opens it; those
// already in rejoin either way.
export function toggleJoins() {
  const on = !session().state?.joinsClosed;
  setState({ joinsClosed: on }, t(on ? 'joinsClosedNow' : 'joinsOpenNow'));
}

export function startCountdown(seconds) {
  if (!currentQuestion()) return;
  setState({ countdown: seconds }, t('countdownStarted', { n: seconds }));
}

// navigate shows the next (dir 1) or previous (dir -1) question; from no
// question, the first or the last.
export function navigate(dir) {
  const qs = session() ? questions() : [];
  if (qs.length === 0) return;
  const i = qs.findIndex((q) => q.id === session().state?.questionId);
  const next = i < 0 ? (dir > 0 ? 0 : qs.length - 1) : i + dir;
  if (next < 0) return say(t('firstQuestion'));
  if (next >= qs.length) return say(t('lastQuestion'));
  showQuestion(qs[next]);
}

// mountLiveControls wires the buttons; onChanged runs after each change.
export function mountLiveControls({ onChanged }) {
  changed = onChanged;
  ui.results.addEventListener('click', toggleResults);
  ui.lock.addEventListener('click', toggleLock);
  ui.joins.addEventListener('click', toggleJoins);
  ui.clear.addEventListener('click', () => setState({ questionId: null }, t('noQuestionNow')));
  ui.prev.addEventListener('click', () => navigate(-1));
  ui.next.addEventListener('click', () => navigate(1));
  ui.countdownForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = Math.round(Number(ui.countdownSeconds.value));
    if (!within(n, 1, limits.countdown)) {
      ui.error.textContent = t('countdownRange');
      ui.countdownSeconds.setAttribute('aria-invalid', 'true');
      ui.countdownSeconds.focus();
      return;
    }
    ui.countdownSeconds.removeAttribute('aria-invalid');
    startCountdown(n);
  });
  ui.stopCountdown.addEventListener('click', () => setState({ countdown: 0 }, t('countdownStopped')));
}
