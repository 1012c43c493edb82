// The facilitator's list of entries (words, open answers, Q&A entries)
// with their markers and moderation buttons. Rows are kept by entry, so
// that focus stays on a button while results change. The list reports up:
// onModerate(q, entry, patch, message) and onToggle(q, li).

import { el } from '../common.js';
import { t } from '../translate.js';

let modSeq = 0;

// count: what each row counts ("participants" for words, "votes" for
// Q&A entries, none for open answers); answerable: entries can be marked
// answered (Q&A).
export class ModList {
  constructor({ count = null, answerable = false }, { onModerate, onToggle }) {
    this.count = count;
    this.answerable = answerable;
    this.onModerate = onModerate;
    this.onToggle = onToggle;
    this.root = el('ul', { class: 'mod-list' });
    this.empty = el('li', { class: 'muted', text: t('nothingYet') });
    this.rows = new Map();
  }

  update(q, entries) {
    const keep = new Set(entries.map((e) => e.entry));
    for (const k of this.rows.keys()) if (!keep.has(k)) this.rows.delete(k);
    const nodes = entries.map((e) => {
      let row = this.rows.get(e.entry);
      if (!row) {
        row = this.makeRow(e);
        this.rows.set(e.entry, row);
      }
      this.fill(q, row, e);
      return row.li;
    });
    if (nodes.length === 0) nodes.push(this.empty);
    const same = nodes.length === this.root.children.length && nodes.every((n, i) => this.root.children[i] === n);
    if (!same) this.root.replaceChildren(...nodes);
  }

  makeRow(e) {
    const id = `mod-${++modSeq}`;
    const num = el('span', { class: 'mod-count' });
    const text = el('span', { class: 'mod-text', id, text: e.text });
    const badges = el('span', { class: 'badges' });
    const approve = el('button', { class: 'btn btn-small', type: 'button', text: t('approve'), 'aria-describedby': id });
    const answered = el('button', { class: 'btn btn-small', type: 'button', 'aria-describedby': id });
    const hide = el('button', { class: 'btn btn-small', type: 'button', 'aria-describedby': id });
    const li = el('li', { class: 'mod-item', dataset: { entry: e.entry } }, num, el('span', { class: 'mod-main' }, text, badges), el('span', { class: 'mod-actions' }, approve, answered, hide));
    const row = { li, num, text, badges, approve, answered, hide, e };
    approve.addEventListener('click', () => this.onModerate(row.q, row.e.entry, { approved: true }, t('approved', { e: row.e.text })));
    answered.addEventListener('click', () =>
      this.onModerate(row.q, row.e.entry, { answered: !row.e.answered }, t(row.e.answered ? 'markedNotAnswered' : 'markedAnswered', { e: row.e.text })),
    );
    hide.addEventListener('click', () => this.onToggle(row.q, row.li));
    return row;
  }

  fill(q, row, e) {
    row.q = q;
    row.e = e;
    const badge = (text, cls) => el('span', { class: `badge ${cls}`, text });
    const list = [];
    if (e.hidden) list.push(badge(t('badgeHidden'), 'badge-hidden'));
    if (e.banned) list.push(badge(t('badgeBanned'), 'badge-hidden'));
    if (e.pending) list.push(badge(t('badgeWaiting'), 'badge-warn'));
    if (e.flagged) list.push(badge(t('badgeFlagged'), 'badge-warn'));
    if (e.stopWord) list.push(badge(t('badgeStopWord'), 'badge-muted'));
    if (e.answered) list.push(badge(t('answered'), 'badge-ok'));
    row.badges.replaceChildren(...list);
    row.li.dataset.hidden = e.hidden ? 'true' : 'false';
    row.li.classList.toggle('is-hidden', !!(e.hidden || e.banned));
    if (this.count === 'participants') {
      row.num.replaceChildren(String(e.count), el('span', { class: 'visually-hidden', text: ' ' + t('participantsWord', { n: e.count }) }));
    } else if (this.count === 'votes') {
      row.num.replaceChildren(String(e.votes || 0), el('span', { class: 'visually-hidden', text: ' ' + t('votesWord', { n: e.votes || 0 }) }));
    } else {
      row.num.hidden = true;
    }
    row.approve.hidden = !e.pending || !!e.hidden;
    row.answered.hidden = !this.answerable;
    row.answered.textContent = t(e.answered ? 'markNotAnswered' : 'markAnswered');
    row.hide.hidden = !!e.banned;
    row.hide.textContent = t(e.hidden ? 'showEntry' : 'hideEntry');
  }
}

// entriesView is the live view of open answers and Q&A entries: a count
// line and the moderation list. kind is ModList's; ctx has onModerate
// and onToggle.
export function entriesView(results, kind, countKey, ctx) {
  results.replaceChildren();
  const summary = el('p', { class: 'muted mod-summary' });
  const list = new ModList(kind, ctx);
  results.append(summary, list.root);
  return {
    update(q, entries) {
      const pending = entries.filter((e) => e.pending && !e.hidden).length;
      const hidden = entries.filter((e) => e.hidden).length;
      const parts = [t(countKey, { n: entries.length })];
      if (pending) parts.push(t('waitingCount', { n: pending }));
      if (hidden) parts.push(t('hiddenCount', { n: hidden }));
      summary.textContent = parts.join(' · ');
      list.update(
        q,
        entries.map((e) => ({ ...e, entry: e.id })),
      );
    },
  };
}
