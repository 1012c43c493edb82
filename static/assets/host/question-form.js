// The question form: add a question of any type, or edit one. Each type
// reads its own fields (types/*.js readForm); the form shows the fields of
// the chosen type (data-types in host.html).

import { $, api, el } from '../common.js';
import { showError } from '../errors.js';
import { limits } from '../limits.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';
import { checkedCorrect } from '../types/quiz.js';
import { lines } from '../types/fields.js';
import { addQuestion, auth, path, qpath, replaceQuestion, say, session } from './session.js';

const form = $('#question-form');
const card = $('#question-card');
const heading = $('#add-heading');
const error = $('#question-error');
const submit = $('#add-question');
const cancel = $('#cancel-edit');
const prompt = $('#q-prompt');
// The fields the types read.
const fields = {
  options: $('#q-options'),
  multiple: $('#q-multiple'),
  correct: $('#q-correct'),
  seconds: $('#q-seconds'),
  min: $('#q-min'),
  maxValue: $('#q-max-value'),
  statements: $('#q-statements'),
  max: $('#q-max'),
  maxWords: $('#q-max-words'),
  keepStop: $('#q-keep-stop'),
  stem: $('#q-stem'),
  banned: $('#q-banned'),
  flagged: $('#q-flagged'),
  moderated: $('#q-moderated'),
};

let editing = null; // the question being edited
let editingIndex = 0; // its place in the list
let changed = () => {};

const radios = () => form.querySelectorAll('input[name="qtype"]');
const formType = () => form.querySelector('input[name="qtype"]:checked').value;

// syncCorrect draws a checkbox per option for the quiz's right answers.
function syncCorrect(ticked = checkedCorrect(fields)) {
  const opts = lines(fields.options);
  fields.correct.replaceChildren(
    ...opts.map((o, i) =>
      el('div', { class: 'check' }, el('input', { type: 'checkbox', id: `q-correct-${i}`, value: String(i), checked: ticked.includes(i) }), el('label', { for: `q-correct-${i}`, text: o })),
    ),
  );
  if (opts.length === 0) fields.correct.append(el('p', { class: 'muted', text: t('noOptionsYet') }));
}

function syncTypeFields() {
  const type = formType();
  for (const node of form.querySelectorAll('[data-types]')) node.hidden = !node.dataset.types.split(' ').includes(type);
  syncCorrect();
}

// fill puts a question's values (or the defaults, for {}) in every field.
function fill(q) {
  prompt.value = q.prompt || '';
  fields.options.value = (q.options || []).join('\n');
  fields.multiple.checked = !!q.multiple;
  fields.seconds.value = String(q.seconds || limits.defaultSeconds || '');
  fields.min.value = String(q.min ?? limits.scaleMin ?? '');
  fields.maxValue.value = String(q.max ?? limits.scaleMax ?? '');
  fields.statements.value = (q.statements || []).join('\n');
  fields.max.value = String(q.maxEntries || limits.defaultMaxEntries || '');
  fields.maxWords.value = String(q.maxWords || limits.defaultMaxWords || '');
  fields.keepStop.checked = !!q.keepStopWords;
  fields.stem.checked = !!q.stem;
  fields.banned.value = (q.banned || []).join('\n');
  fields.flagged.value = (q.flagged || []).join('\n');
  fields.moderated.checked = !!q.moderated;
}

function resetForm() {
  fill({});
  syncCorrect([]);
}

// readForm returns {body} for the form's question, or {error, focus}.
function readForm() {
  const text = prompt.value.trim();
  if (!text) return { error: t('need_prompt'), focus: prompt };
  const type = typeOf(formType());
  return type ? type.readForm(fields, text) : { error: t('need_type') };
}

export function editQuestion(q, i) {
  editing = q;
  form.querySelector(`input[name="qtype"][value="${q.type}"]`).checked = true;
  fill(q);
  syncTypeFields();
  syncCorrect(q.correct || []);
  for (const r of radios()) r.disabled = r.value !== q.type;
  editingIndex = i;
  heading.textContent = t('editHeading', { i: i + 1 });
  submit.textContent = t('saveChanges');
  cancel.hidden = false;
  error.textContent = '';
  card.classList.add('is-editing');
  card.scrollIntoView({ block: 'start', behavior: 'smooth' });
  prompt.focus({ preventScroll: true });
  say(t('editing', { i: i + 1 }));
}

export function endEdit() {
  editing = null;
  for (const r of radios()) r.disabled = false;
  heading.textContent = t('addHeading');
  submit.textContent = t('addQuestion');
  cancel.hidden = true;
  card.classList.remove('is-editing');
  resetForm();
}

export const editingId = () => editing?.id || null;

// relabel writes the form's texts in the page's language anew.
export function relabel() {
  if (editing) {
    heading.textContent = t('editHeading', { i: editingIndex + 1 });
    submit.textContent = t('saveChanges');
  }
  syncCorrect();
}

// same compares a form value with a question's, taking absent, false, 0,
// "" and [] as the same (the server leaves them out).
function same(a, b) {
  const norm = (v) => (v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0) ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

async function onSubmit(ev) {
  ev.preventDefault();
  error.textContent = '';
  const r = readForm();
  if (r.error) {
    error.textContent = r.error;
    r.focus?.focus();
    return;
  }
  submit.disabled = true;
  try {
    if (editing) {
      const old = editing;
      const patch = {};
      for (const [k, v] of Object.entries(r.body)) if (k !== 'type' && !same(v, old[k])) patch[k] = v;
      if (Object.keys(patch).length === 0) {
        endEdit();
        say(t('nothingChanged'));
        return;
      }
      const q = await api(qpath(old, ''), { method: 'PATCH', body: patch, ...auth() });
      replaceQuestion(q);
      const i = session().questions.findIndex((x) => x.id === q.id);
      endEdit();
      changed({ saved: q });
      say(t('questionSaved', { i: i + 1 }));
    } else {
      const q = await api(path('/questions'), { method: 'POST', body: r.body, ...auth() });
      addQuestion(q);
      resetForm();
      changed({ added: q });
      say(t('questionAdded', { q: q.prompt }));
      prompt.focus();
    }
  } catch (err) {
    showError(error, err);
  } finally {
    submit.disabled = false;
  }
}

// mountQuestionForm wires the form; onChanged({added} or {saved}) runs
// after a question was added or saved.
export function mountQuestionForm({ onChanged }) {
  changed = onChanged;
  for (const r of radios()) r.addEventListener('change', syncTypeFields);
  fields.options.addEventListener('input', () => syncCorrect());
  cancel.addEventListener('click', () => {
    endEdit();
    say(t('editCancelled'));
    prompt.focus();
  });
  form.addEventListener('submit', onSubmit);
  resetForm();
  syncTypeFields();
}
