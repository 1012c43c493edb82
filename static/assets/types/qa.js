// Q&A (pkg/poll/qa.go): participants ask questions and vote on each
// other's; the facilitator approves, marks answered and hides. On the
// phone the entries belong with the question: people vote on them there.

import { el } from '../common.js';
import { limits } from '../limits.js';
import { t } from '../translate.js';
import { EntryList } from '../results.js';
import { entriesView } from '../host/mod-list.js';
import { promptHeading, textField } from './fields.js';

export const name = 'qa';
export const moderated = true;
// selectable: the working group selects its answers (collected examples).
export const selectable = true;
export const pollFast = true;

export function meta(q) {
  return q.moderated ? t('metaApprove') : '';
}

export function readForm(f, prompt) {
  return { body: { type: name, prompt, moderated: f.moderated.checked } };
}

export function summarize(q, r) {
  return (r.entries || [])
    .slice(0, 5)
    .map((e) => `${e.text} (${e.votes || 0})`)
    .join(' / ');
}

// The phone's view: a field to ask, and below the card the entries with a
// vote button each. ctx: vote(entryId), voted() (ids this phone voted
// for), votesInFlight() (a Set of ids), locked().
export function phoneAnswer(q, prior, ctx) {
  const hint = [t('askHint', { n: limits.askLen }), q.moderated ? t('moderatedHint') : ''].filter(Boolean).join(' ');
  const f = textField('ask-text', t('askLabel'), limits.askLen, hint);
  const note = el('p', { class: 'muted', id: 'qa-note' });
  const list = el('ol', { class: 'qa-entries' });
  const after = el('section', { class: 'card', 'aria-labelledby': 'qa-heading' }, el('h2', { class: 'card-title', id: 'qa-heading', text: t('qaHeading') }), note, list);
  const items = new Map();
  let entries = null; // null: no results frame yet
  // render draws the entries, keeping the nodes so focus stays where it is.
  function render() {
    const voted = ctx.voted();
    const inFlight = ctx.votesInFlight();
    const locked = ctx.locked();
    note.hidden = Array.isArray(entries) && entries.length > 0;
    note.textContent = entries === null ? t('qaWaiting') : t('qaEmpty');
    const shown = entries || [];
    const keep = new Set(shown.map((e) => e.id));
    for (const id of items.keys()) if (!keep.has(id)) items.delete(id);
    const nodes = shown.map((e) => {
      let it = items.get(e.id);
      if (!it) {
        const votes = el('span', { class: 'qa-entry-votes' });
        const badge = el('span', { class: 'badge badge-ok', hidden: true }, el('span', { 'aria-hidden': 'true', text: '✓ ' }), t('answered'));
        const button = el('button', { type: 'button', class: 'btn btn-small qa-vote' });
        button.addEventListener('click', () => {
          if (ctx.locked() || ctx.voted().includes(e.id)) return;
          ctx.vote(e.id);
          render();
        });
        const li = el('li', { class: 'qa-entry', dataset: { id: e.id } }, el('p', { class: 'qa-entry-text', text: e.text }), el('div', { class: 'qa-entry-meta' }, votes, badge, button));
        it = { li, votes, badge, button };
        items.set(e.id, it);
      }
      const mine = voted.includes(e.id);
      it.votes.textContent = t('votes', { n: e.votes || 0 });
      it.badge.hidden = !e.answered;
      it.li.classList.toggle('is-answered', !!e.answered);
      it.button.textContent = mine ? `✓ ${t('voted')}` : t('vote');
      it.button.setAttribute('aria-label', mine ? `${t('voted')}: ${e.text}` : t('voteLabel', { q: e.text }));
      it.button.disabled = locked || mine || inFlight.has(e.id);
      return it.li;
    });
    const same = nodes.length === list.children.length && nodes.every((n, i) => list.children[i] === n);
    if (!same) list.replaceChildren(...nodes);
  }
  return {
    body: el('div', {}, promptHeading(q), f.hint, f.field),
    kind: 'ask',
    submitText: t('ask'),
    after,
    collect() {
      const text = f.area.value.trim();
      return text ? { value: { ask: text } } : { error: t('askFirst'), focus: f.area };
    },
    clear() {
      f.area.value = '';
      f.sync();
    },
    // showEntries takes the entries of a results frame (null: results are hidden).
    showEntries(list) {
      entries = list;
      render();
    },
    refresh: render,
    onLock: render,
  };
}

// The entries come with the question on the phone (showEntries), so the
// results card stays empty.
export const resultsWithQuestion = true;

export function screenResults(box, q, { onActivate }) {
  const list = new EntryList(box, { max: 8, emptyText: t('qaEmpty'), onActivate });
  return { update: (msg) => list.update(msg.entries || []), remove: (id) => list.remove(id) };
}

export function hostLive(ctx) {
  const v = entriesView(ctx.results, { count: 'votes', answerable: true }, 'questionsCount', ctx);
  return { update: (q, r) => v.update(q, r.entries || []) };
}

// report lists the entries the room may see, with their votes.
export function report(box, q, r) {
  const list = (r.entries || []).filter((e) => !e.hidden && !e.banned && !e.pending);
  box.append(
    list.length
      ? el('ul', { class: 'report-answers' }, list.map((e) => el('li', {}, el('span', { text: e.text }), ' ', el('span', { class: 'muted', text: `(${e.votes || 0})` }))))
      : el('p', { class: 'muted', text: t('p_noOpen') }),
  );
}
