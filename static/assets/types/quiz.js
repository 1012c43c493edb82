// Quiz (pkg/poll/quiz.go): one right answer among options, a countdown,
// points for right and fast answers, a leaderboard.

import { el } from '../common.js';
import { limits, within } from '../limits.js';
import { t } from '../translate.js';
import { Bars, Leaderboard } from '../results.js';
import { choiceInputs, report as choiceReport, trend as choiceTrend } from './choice.js';
import { countsLine, intOf, needOptions } from './fields.js';

export const name = 'quiz';

export function meta(q) {
  return t('metaOptions', { n: (q.options || []).length }) + ', ' + t('metaSeconds', { n: q.seconds });
}

// checkedCorrect is the options ticked as right answers in the form.
export function checkedCorrect(f) {
  return [...f.correct.querySelectorAll('input:checked')].map((i) => Number(i.value));
}

export function readForm(f, prompt) {
  const o = needOptions(f);
  if (o.error) return o;
  const correct = checkedCorrect(f).filter((i) => i < o.options.length);
  if (correct.length === 0) return { error: t('need_correct'), focus: f.correct.querySelector('input') || f.options };
  const seconds = intOf(f.seconds);
  if (!within(seconds, limits.minSeconds, limits.maxSeconds)) return { error: t('need_seconds'), focus: f.seconds };
  return { body: { type: name, prompt, options: o.options, correct, seconds } };
}

export function summarize(q, r) {
  return countsLine(q, r.counts);
}

export function phoneAnswer(q, prior) {
  return choiceInputs(q, prior, { multiple: false, hint: t('quizHint') });
}

// While the quiz is open the server sends phones only how many answered,
// never counts or points that would tell the right option: the bars and
// the leaderboard are drawn once it is closed.
export function phoneResults(box, q) {
  let view = null;
  return {
    update(msg) {
      if (!Array.isArray(msg.counts)) {
        view = null;
        box.replaceChildren();
        return;
      }
      if (!view) {
        const barsBox = el('div');
        box.replaceChildren(barsBox);
        view = { bars: new Bars(barsBox), board: new Leaderboard(box, { title: t('leaderboard') }) };
      }
      view.bars.update(q.options || [], msg.counts, msg.responses);
      view.board.update(msg.leaderboard || []);
    },
  };
}

// The room sees the options while it answers, and the bars, the right
// answer and the leaderboard once answers are closed.
export function screenResults(box, q) {
  const left = el('div', { class: 'quiz-main' });
  const right = el('div', { class: 'quiz-side' });
  const note = el('p', { class: 'quiz-note', text: t('resultsAtZero') });
  const options = el('ol', { class: 'quiz-options' }, (q.options || []).map((o) => el('li', { text: o })));
  const barsBox = el('div');
  left.append(options, note, barsBox);
  box.replaceChildren(el('div', { class: 'quiz-grid' }, left, right));
  const bars = new Bars(barsBox, { correctLabel: t('correct') });
  const board = new Leaderboard(right, { title: t('leaderboard') });
  return {
    update(msg, { locked = false, correct = null } = {}) {
      options.hidden = locked;
      note.hidden = locked;
      barsBox.hidden = !locked;
      right.hidden = !locked;
      box.classList.toggle('is-revealed', locked);
      bars.update(q.options || [], msg.counts || [], msg.responses, { correct: locked ? correct : null });
      board.update(msg.leaderboard || []);
    },
  };
}

export function hostLive({ results }) {
  const barsBox = el('div');
  results.replaceChildren(el('div', { class: 'host-quiz' }, barsBox));
  const bars = new Bars(barsBox, { correctLabel: t('correct') });
  const board = new Leaderboard(results.firstChild, { title: t('leaderboard') });
  return {
    update(q, r) {
      bars.update(q.options || [], r.counts || [], r.responses, { correct: q.correct || [] });
      board.update(r.leaderboard || []);
    },
  };
}

// The report and the trend are those of a choice question.
export const report = choiceReport;
export const trend = choiceTrend;
