// A self-paced session: the server sends every question; the participant
// moves between them and answers in any order. This module keeps where
// the participant is and draws the navigation above the question.

import { $, el } from '../common.js';
import { t } from '../translate.js';
import { answered } from './answers.js';
import { applyLock, drawQuestion, shownId, shownQuestion } from './question-card.js';

const area = $('#question-area');

let paced = null; // {questions, locked, index}

export const isPaced = () => !!paced;

export function stopPaced() {
  paced = null;
}

// onQuestions takes a questions frame.
export function onQuestions(msg) {
  const questions = msg.questions || [];
  const prev = paced;
  const shown = prev ? prev.questions[prev.index]?.id : null;
  let index = questions.findIndex((q) => q.id === shown);
  if (index < 0) {
    index = questions.findIndex((q) => !answered(q.id));
    if (index < 0) index = 0;
  }
  paced = { questions, locked: !!msg.locked, index };
  const q = questions[index] || null;
  const same = shownQuestion() && q && shownId() === q.id && JSON.stringify(shownQuestion()) === JSON.stringify(q);
  if (!same) showPaced(index);
  else {
    applyLock(paced.locked);
    drawPacedNav();
  }
}

function showPaced(index) {
  const p = paced;
  p.index = Math.max(0, Math.min(index, p.questions.length - 1));
  drawQuestion(p.questions[p.index] || null);
  drawPacedNav();
  applyLock(p.locked);
}

// drawPacedNav puts "question i of n", previous and next, and a list of
// every question (answered ones marked) above the question.
export function drawPacedNav() {
  const p = paced;
  area.querySelector('.paced-nav')?.remove();
  if (!p || p.questions.length === 0) return;
  const prev = el('button', { type: 'button', class: 'btn', text: t('prevQuestion'), disabled: p.index === 0 });
  const next = el('button', { type: 'button', class: 'btn', text: t('nextQuestion'), disabled: p.index >= p.questions.length - 1 });
  prev.addEventListener('click', () => showPaced(p.index - 1));
  next.addEventListener('click', () => showPaced(p.index + 1));
  const items = p.questions.map((q, i) => {
    const done = answered(q.id);
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
  area.prepend(nav);
}
