// Multiple choice (pkg/poll/choice.go): one or several options; bars of
// counts everywhere; the type whose options split the room into segments.

import { el } from '../common.js';
import { t } from '../translate.js';
import { Bars } from '../results.js';
import { barChart, smallMultiples } from '../charts.js';
import { countsLine, needOptions, promptHeading } from './fields.js';

export const name = 'choice';
// segments: other questions' results can be split by this one's options.
export const segments = true;
// splits: the big screen shows this type's results split by segment.
export const splits = true;

export function meta(q) {
  return t('metaOptions', { n: (q.options || []).length }) + (q.multiple ? ', ' + t('metaSeveral') : '');
}

export function readForm(f, prompt) {
  const o = needOptions(f);
  return o.error ? o : { body: { type: name, prompt, options: o.options, multiple: f.multiple.checked } };
}

export function summarize(q, r) {
  return countsLine(q, r.counts);
}

// choiceInputs is the phone's fieldset of options (radio or checkbox),
// shared with the quiz.
export function choiceInputs(q, prior, { multiple, hint }) {
  const inputs = [];
  const options = (q.options || []).map((label, i) => {
    const input = el('input', { type: multiple ? 'checkbox' : 'radio', name: 'choice', value: String(i), checked: Array.isArray(prior) && prior.includes(i) });
    inputs.push(input);
    return el('label', { class: 'option' }, input, el('span', { text: label }));
  });
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

export function phoneAnswer(q, prior) {
  return choiceInputs(q, prior, { multiple: !!q.multiple, hint: q.multiple ? t('chooseMany') : t('chooseOne') });
}

export function phoneResults(box, q) {
  const bars = new Bars(box);
  return { update: (msg) => bars.update(q.options || [], msg.counts || [], msg.responses) };
}

export function screenResults(box, q) {
  const bars = new Bars(box, { correctLabel: t('correct') });
  return { update: (msg) => bars.update(q.options || [], msg.counts || [], msg.responses) };
}

export function hostLive({ results }) {
  const bars = new Bars(results, { correctLabel: t('correct') });
  return { update: (q, r) => bars.update(q.options || [], r.counts || [], r.responses) };
}

export function splitColumn(body, q) {
  const bars = new Bars(body);
  return { update: (s) => bars.update(q.options || [], s.counts || [], s.responses || 0) };
}

const pct = (n, base) => Math.round((n / Math.max(1, base)) * 100);

// report draws the results as a picture for the printed report.
export function report(box, q, r) {
  const counts = (q.options || []).map((_, i) => r.counts?.[i] || 0);
  box.append(barChart(q.options || [], counts, { label: t('p_chartOf', { q: q.prompt }), format: (n) => `${n} (${pct(n, r.responses)} %)` }));
}

// trend draws each option's share per run, one small chart per option.
export function trend(q, runs, labels) {
  const shares = runs.map((r) => (q.options || []).map((_, i) => (r.counts?.[i] || 0) / Math.max(1, r.responses || 0)));
  return smallMultiples(labels, q.options || [], shares, { label: t('p_trendOf', { q: q.prompt }) });
}
