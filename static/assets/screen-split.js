// The big screen's split results: the current question's results as one
// column per option of a segment question, side by side, each with its
// label and number of responses. The server sends the room's view of each
// segment in the results frame ("segments"); a segment with too few
// answers to keep its people anonymous arrives as {option, label, hidden}
// and shows only that. Participant text is always set as textContent.

import { el } from './common.js';
import { Bars, RankView, ScaleView } from './results.js';

// SPLIT_TYPES are the question types the big screen shows split; the
// server sends segments for these only.
export const SPLIT_TYPES = new Set(['choice', 'scale', 'wordcloud', 'ranking']);

// DENSE_STATEMENTS is the most statements a scale's column shows with
// their distribution bars; with more, it shows their means.
const DENSE_STATEMENTS = 6;

// TOP_WORDS is how many words a word-cloud column lists.
const TOP_WORDS = 8;

// SplitView draws segments of one question into container.
export class SplitView {
  constructor(container, { t, lang = 'en', question }) {
    this.t = t;
    this.lang = lang;
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
      body.append(el('p', { class: 'split-too-few', text: this.t('splitTooFew') }));
      return col;
    }
    switch (this.q.type) {
      case 'choice':
        col.view = new Bars(body);
        break;
      case 'scale':
        col.view = new ScaleView(body, { t: this.t, lang: this.lang });
        // Many statements side by side: each column shows the means only.
        node.classList.toggle('is-dense', (this.q.statements || []).length > DENSE_STATEMENTS);
        break;
      case 'ranking':
        col.view = new RankView(body, { t: this.t });
        break;
      case 'wordcloud':
        col.words = el('ol', { class: 'split-words' });
        col.empty = el('p', { class: 'split-empty', text: this.t('noAnswers') });
        body.append(col.words, col.empty);
        break;
      default:
        break;
    }
    return col;
  }

  fill(col, s) {
    if (!col || s.hidden) return;
    const n = s.responses || 0;
    col.node.dataset.responses = String(n);
    col.count.textContent = this.t('responses', { n });
    const q = this.q;
    switch (q.type) {
      case 'choice':
        col.view.update(q.options || [], s.counts || [], n);
        break;
      case 'scale':
        col.view.update(q, s.statements || []);
        break;
      case 'ranking':
        col.view.update(q.options || [], s.scores || []);
        break;
      case 'wordcloud': {
        const top = (s.words || []).slice(0, TOP_WORDS);
        col.empty.hidden = top.length > 0;
        col.words.replaceChildren(
          ...top.map((w) =>
            el('li', { class: 'split-word', dataset: { word: w.text, count: String(w.count) } }, el('span', { class: 'split-word-text', text: w.text }), el('span', { class: 'split-word-count', text: String(w.count) })),
          ),
        );
        break;
      }
      default:
        break;
    }
  }
}
