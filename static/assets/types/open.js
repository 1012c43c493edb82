// Open answer (pkg/poll/open.go): a text of the participant's own, shown
// as a wall of cards; the facilitator may approve answers before the room
// sees them.

import { el } from '../common.js';
import { limits } from '../limits.js';
import { t } from '../translate.js';
import { AnswerWall, TextList } from '../results.js';
import { entriesView } from '../host/mod-list.js';
import { promptHeading, textField } from './fields.js';

export const name = 'open';
export const moderated = true;
// selectable: the working group selects its answers (collected examples).
export const selectable = true;
// pollFast: the facilitator's page reads results more often (entries
// waiting for approval change nothing the room sees, so no frame comes).
export const pollFast = true;

export function meta(q) {
  return q.moderated ? t('metaApprove') : '';
}

export function readForm(f, prompt) {
  return { body: { type: name, prompt, moderated: f.moderated.checked } };
}

export function summarize(q, r) {
  return (r.answers || [])
    .slice(0, 5)
    .map((a) => a.text)
    .join(' / ');
}

export function phoneAnswer(q, prior) {
  const hint = [t('openHint', { n: limits.openLen }), q.moderated ? t('moderatedHint') : ''].filter(Boolean).join(' ');
  const f = textField('open-text', t('openLabel'), limits.openLen, hint, typeof prior === 'string' ? prior : '');
  return {
    body: el('div', {}, promptHeading(q), f.hint, f.field),
    collect() {
      const value = f.area.value.trim();
      return value ? { value } : { error: t('answerFirst'), focus: f.area };
    },
  };
}

export function phoneResults(box) {
  const list = new TextList(box, { emptyText: t('noAnswers') });
  return { update: (msg) => list.update(msg.answers || []) };
}

export function screenResults(box, q, { onActivate }) {
  const wall = new AnswerWall(box, { emptyText: t('noAnswers'), onActivate });
  return { update: (msg) => wall.update(msg.answers || []), remove: (id) => wall.remove(id), destroy: () => wall.destroy() };
}

export function hostLive(ctx) {
  const v = entriesView(ctx.results, {}, 'answersCount', ctx);
  return { update: (q, r) => v.update(q, (r.answers || []).slice().reverse()) };
}

// shown is what the room sees of a moderated answer list.
export const shown = (list) => (list || []).filter((e) => !e.hidden && !e.banned && !e.pending);

// report lists the answers the room may see.
export function report(box, q, r) {
  const list = shown(r.answers);
  box.append(list.length ? el('ul', { class: 'report-answers' }, list.map((a) => el('li', { text: a.text }))) : el('p', { class: 'muted', text: t('p_noOpen') }));
}
