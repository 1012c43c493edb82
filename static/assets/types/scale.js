// Scale (pkg/poll/scale.go): one step from min to max, for the prompt or
// for each of several statements; a distribution and the mean.

import { el } from '../common.js';
import { limits } from '../limits.js';
import { t } from '../translate.js';
import { ScaleView } from '../results.js';
import { barChart, lineChart } from '../charts.js';
import { intOf, lines, promptHeading } from './fields.js';

export const name = 'scale';
export const splits = true;

export function meta(q) {
  return t('metaScale', { min: q.min ?? limits.scaleMin, max: q.max ?? limits.scaleMax }) + (q.statements?.length ? ', ' + t('metaStatements', { n: q.statements.length }) : '');
}

export function readForm(f, prompt) {
  const min = intOf(f.min);
  const max = intOf(f.maxValue);
  if (Number.isNaN(min)) return { error: t('need_min'), focus: f.min };
  if (Number.isNaN(max)) return { error: t('need_max'), focus: f.maxValue };
  if (min >= max) return { error: t('need_order'), focus: f.maxValue };
  if (limits.scaleSteps !== undefined && max - min + 1 > limits.scaleSteps) return { error: t('need_steps'), focus: f.maxValue };
  return { body: { type: name, prompt, min, max, statements: lines(f.statements) } };
}

export function summarize(q, r) {
  const labels = q.statements?.length ? q.statements : [q.prompt];
  return (r.statements || []).map((s, i) => `${labels[i] ?? i + 1}: ${typeof s.mean === 'number' ? t('mean', { m: s.mean.toFixed(1) }) : t('noAnswerShort')}`).join(' · ');
}

export function phoneAnswer(q, prior) {
  const lo = Number.isInteger(q.min) ? q.min : limits.scaleMin ?? 1;
  const hi = Number.isInteger(q.max) ? q.max : limits.scaleMax ?? 5;
  const steps = [];
  for (let v = lo; v <= hi; v++) steps.push(v);
  const several = Array.isArray(q.statements) && q.statements.length > 0;
  const statements = several ? q.statements : [q.prompt];
  const hint = el('span', { class: 'hint', id: 'q-hint', text: t('scaleHint', { min: lo, max: hi }) });
  const rows = statements.map((s, i) => {
    const radioName = `scale-${i}`;
    const radios = steps.map((v) => el('input', { type: 'radio', name: radioName, value: String(v), checked: Array.isArray(prior) && prior[i] === v }));
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
    const legend = several ? el('legend', { class: 'statement', text: s }) : el('legend', {}, promptHeading(q), hint);
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
  const body = several ? el('div', {}, promptHeading(q), el('p', {}, hint), rows.map((r) => r.fieldset)) : rows[0].fieldset;
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

function view(box, q) {
  const v = new ScaleView(box);
  return { update: (msg) => v.update(q, msg.statements || []) };
}

export const phoneResults = view;
export const screenResults = view;
export const splitColumn = view;

export function hostLive({ results }) {
  const v = new ScaleView(results);
  return { update: (q, r) => v.update(q, r.statements || []) };
}

const labelsOf = (q) => (q.statements?.length ? q.statements : [q.prompt]);
const one = (m) => (typeof m === 'number' ? m.toFixed(1) : '–');

// report draws each statement's mean, on a bar from the scale's min to its max.
export function report(box, q, r) {
  const stats = r.statements || [];
  const means = labelsOf(q).map((_, i) => (typeof stats[i]?.mean === 'number' && (stats[i].counts || []).some((n) => n > 0) ? stats[i].mean : null));
  const lo = q.min ?? 1;
  box.append(
    barChart(labelsOf(q), means.map((m) => (m === null ? 0 : m - lo + 1)), {
      label: t('p_chartOf', { q: q.prompt }),
      max: (q.max ?? 5) - lo + 1,
      format: (_, i) => (means[i] === null ? t('p_noAnswer') : t('p_mean', { m: one(means[i]) })),
    }),
  );
}

// trend draws each statement's mean per run as a line.
export function trend(q, runs, labels) {
  const series = labelsOf(q).map((name, i) => ({
    name,
    values: runs.map((r) => {
      const s = r.statements?.[i];
      return s && typeof s.mean === 'number' && (s.counts || []).some((n) => n > 0) ? s.mean : null;
    }),
  }));
  return lineChart(labels, series, { label: t('p_trendOf', { q: q.prompt }), min: q.min ?? 1, max: q.max ?? 5, format: one });
}
