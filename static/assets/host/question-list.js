// The session's questions in order, each with its summary and buttons:
// show, edit, reset answers, move up and down, delete. The list reports
// up through the callbacks given to mountQuestionList.

import { api, el } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { forgetQuestion, responsesOf } from './answers.js';
import { auth, qpath, questionById, questions, say, session, setQuestions } from './session.js';

export const typeName = (type) => (t('type_' + type) === 'type_' + type ? type : t('type_' + type));

function questionMeta(q, n) {
  const own = typeOf(q.type)?.meta(q) || '';
  return [typeName(q.type), own, t('metaResponses', { n })].filter(Boolean).join(' · ');
}

// mountQuestionList draws into root (an <ol>), with empty shown when there
// are none. on: show(q), edit(q, i), changed() after a reset or move,
// removed(q, i) after a delete.
export function mountQuestionList(root, { empty, errorNode, on }) {
  async function resetQuestion(q, i) {
    const ok = confirm(t('confirmReset', { i: i + 1, q: q.prompt, n: responsesOf(q.id) }));
    if (!ok) return;
    errorNode.textContent = '';
    try {
      await api(qpath(q, '/reset'), { method: 'POST', ...auth() });
      forgetQuestion(q.id);
      await on.changed();
      say(t('resetDone', { i: i + 1 }));
    } catch (err) {
      showError(errorNode, err);
    }
  }

  // moveQuestion puts q at index; focus stays on the same button of the
  // moved question (or its first button once that one is disabled).
  async function moveQuestion(q, index, act) {
    errorNode.textContent = '';
    try {
      const res = await api(qpath(q, '/move'), { method: 'POST', body: { index }, ...auth() });
      setQuestions(res.questions);
      update();
      const li = [...root.children].find((x) => x.dataset.id === q.id);
      const same = li?.querySelector(`button[data-act="${act}"]`);
      (same && !same.disabled ? same : li?.querySelector('button'))?.focus();
      say(t('movedTo', { q: q.prompt, i: res.questions.findIndex((x) => x.id === q.id) + 1 }));
    } catch (err) {
      showError(errorNode, err);
    }
  }

  async function remove(q, i) {
    const ok = confirm(t('confirmDelete', { i: i + 1, q: q.prompt, n: responsesOf(q.id) }));
    if (!ok) return;
    errorNode.textContent = '';
    try {
      await api(qpath(q, ''), { method: 'DELETE', ...auth() });
      await on.removed(q, i);
      say(t('deleteDone', { i: i + 1 }));
    } catch (err) {
      showError(errorNode, err);
    }
  }

  const button = (attrs) => el('button', { class: 'btn btn-small', type: 'button', ...attrs });

  // update draws the list anew; a button in focus keeps it (its question's
  // same button), for frames of the socket redraw the list at any time.
  function update() {
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    const keep = focused && { id: focused.closest('.question-item')?.dataset.id, act: focused.dataset.act, text: focused.textContent };
    draw();
    if (!keep) return;
    const li = [...root.children].find((x) => x.dataset.id === keep.id);
    const same = li && [...li.querySelectorAll('button')].find((b) => (keep.act ? b.dataset.act === keep.act : b.textContent === keep.text));
    (same && !same.disabled ? same : li?.querySelector('button'))?.focus();
  }

  function draw() {
    const qs = questions();
    empty.hidden = qs.length > 0;
    const current = session().state?.questionId || null;
    root.replaceChildren(
      ...qs.map((q, i) => {
        const isCurrent = q.id === current;
        const promptId = `q-${i}-prompt`;
        const described = { 'aria-describedby': promptId };
        return el(
          'li',
          { class: 'question-item' + (isCurrent ? ' is-current' : ''), dataset: { id: q.id, type: q.type } },
          el('div', {}, el('div', { class: 'q-prompt', id: promptId, text: `${i + 1}. ${q.prompt}` }), el('div', { class: 'q-meta', text: questionMeta(q, responsesOf(q.id)) })),
          el(
            'div',
            { class: 'q-actions' },
            button({ ...described, 'aria-pressed': isCurrent ? 'true' : 'false', text: isCurrent ? t('showing') : t('show'), onclick: () => on.show(q) }),
            button({ ...described, text: t('edit'), onclick: () => on.edit(q, i) }),
            button({ ...described, text: t('resetAnswers'), onclick: () => resetQuestion(q, i) }),
            button({ ...described, class: 'btn btn-small btn-icon', 'aria-label': t('moveQuestionUp'), title: t('moveQuestionUp'), text: '↑', disabled: i === 0, dataset: { act: 'up' }, onclick: () => moveQuestion(q, i - 1, 'up') }),
            button({ ...described, class: 'btn btn-small btn-icon', 'aria-label': t('moveQuestionDown'), title: t('moveQuestionDown'), text: '↓', disabled: i === qs.length - 1, dataset: { act: 'down' }, onclick: () => moveQuestion(q, i + 1, 'down') }),
            button({ ...described, class: 'btn btn-small btn-danger', text: t('deleteQuestion'), onclick: () => remove(q, i) }),
          ),
        );
      }),
    );
  }

  // updateCounts writes the response counts in place (the list keeps its
  // focus while answers arrive).
  function updateCounts() {
    for (const li of root.children) {
      const q = questionById(li.dataset.id);
      const meta = li.querySelector('.q-meta');
      if (q && meta) meta.textContent = questionMeta(q, responsesOf(q.id));
    }
  }

  // focusQuestion puts focus on the first button of question id.
  function focusQuestion(id) {
    root.querySelector(`[data-id="${CSS.escape(id)}"] button`)?.focus();
  }

  return { update, updateCounts, focusQuestion, destroy: () => root.replaceChildren() };
}
