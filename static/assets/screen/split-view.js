// The big screen's split results: the current question's results as one
// column per option of a segment question, side by side, each with its
// label and number of responses. The server sends the room's view of each
// segment in the results frame ("segments"); a segment with too few
// answers to keep its people anonymous arrives as {option, label, hidden}
// and shows only that. Each column's body is the type's (splitColumn).

import { el } from '../common.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';

// DENSE_STATEMENTS is the most statements a scale's column shows with
// their distribution bars; with more, it shows their means.
const DENSE_STATEMENTS = 6;

// splits reports whether the big screen shows question q split by segment.
export const splits = (q) => !!typeOf(q.type)?.splits;

// SplitView draws segments of one question into container.
export class SplitView {
  constructor(container, { question }) {
    this.q = question;
    this.root = el('ul', { class: 'screen-split' });
    container.replaceChildren(this.root);
    this.key = '';
    this.cols = [];
  }

  // update draws segments, one column each, in the order of the options.
  update(segments) {
    const segs = segments || [];
    const key = JSON.stringify(segs.map((s) => [s.option, s.label, !!s.hidden]));
    if (key !== this.key) {
      this.key = key;
      this.root.style.setProperty('--split-cols', String(Math.max(1, segs.length)));
      this.cols = segs.map((s) => this.column(s));
      this.root.replaceChildren(...this.cols.map((c) => c.node));
    }
    segs.forEach((s, i) => this.fill(this.cols[i], s));
  }

  column(s) {
    const title = el('h2', { class: 'split-col-title', text: s.label });
    const count = el('p', { class: 'split-col-count' });
    const body = el('div', { class: 'split-col-body' });
    const node = el('li', { class: 'split-col', dataset: { option: String(s.option) } }, title, count, body);
    const col = { node, count, body, view: null };
    if (s.hidden) {
      node.classList.add('is-hidden');
      node.dataset.hidden = 'true';
      count.hidden = true;
      body.append(el('p', { class: 'split-too-few', text: t('splitTooFew') }));
      return col;
    }
    col.view = typeOf(this.q.type)?.splitColumn?.(body, this.q) || null;
    // Many statements side by side: each column shows the means only.
    if (this.q.type === 'scale') node.classList.toggle('is-dense', (this.q.statements || []).length > DENSE_STATEMENTS);
    return col;
  }

  fill(col, s) {
    if (!col || s.hidden) return;
    const n = s.responses || 0;
    col.node.dataset.responses = String(n);
    col.count.textContent = t('responses', { n });
    col.view?.update(s);
  }
}
