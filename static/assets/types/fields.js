// Helpers the question types share: reading the facilitator's form fields,
// the phone's prompt heading and its counted text field, and summaries.

import { el } from '../common.js';
import { t } from '../translate.js';

// lines splits a text area into its non-empty lines (and commas, if asked).
export function lines(textarea, commas = false) {
  return textarea.value
    .split(commas ? /[\n,]/ : '\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

// intOf reads a whole number from an input, or NaN.
export function intOf(input) {
  const s = input.value.trim();
  return /^-?\d+$/.test(s) ? Number(s) : NaN;
}

// needOptions reads at least two options from the form.
export function needOptions(f) {
  const options = lines(f.options);
  return options.length >= 2 ? { options } : { error: t('need_options'), focus: f.options };
}

// promptHeading is the phone's heading of a question.
export function promptHeading(q) {
  return el('h2', { class: 'prompt', id: 'q-prompt', text: q.prompt });
}

// textField is a labelled text area with a count of the characters left
// (no count when the limit is not known).
export function textField(id, label, max, hintText, value = '') {
  const area = el('textarea', { id, maxlength: max, rows: '4', 'aria-describedby': 'q-hint', spellcheck: 'true' });
  area.value = value;
  const left = el('p', { class: 'hint char-count', 'aria-hidden': 'true', hidden: max === undefined });
  const sync = () => (left.textContent = max === undefined ? '' : t('charsLeft', { n: max - area.value.length }));
  area.addEventListener('input', sync);
  sync();
  const field = el('div', { class: 'field' }, el('label', { for: id, text: label }), area, left);
  return { area, field, sync, hint: el('p', { class: 'hint', id: 'q-hint', text: hintText }) };
}

// optionName is option i of q, or its number.
export const optionName = (q, i) => (q.options || [])[i] ?? String(i + 1);

// countsLine writes "A: 3 · B: 1".
export const countsLine = (q, counts) => (counts || []).map((n, i) => `${optionName(q, i)}: ${n}`).join(' · ');
