// Word cloud (pkg/poll/wordcloud.go): up to maxEntries short entries per
// participant, counted after normalising; the cloud on the big screen, a
// word list on phones, a moderated list for the facilitator.

import { el } from '../common.js';
import { limits, within } from '../limits.js';
import { t } from '../translate.js';
import { WordCloud, WordList } from '../results.js';
import { SERIES } from '../charts.js';
import { wordKey } from '../cloud.js';
import { ModList } from '../host/mod-list.js';
import { intOf, lines, promptHeading } from './fields.js';

export const name = 'wordcloud';
export const splits = true;
// moderated: the facilitator's live view shows hidden and waiting entries,
// read from the facilitator's results rather than the room's.
export const moderated = true;

const maxWordsOf = (q) => q.maxWords || limits.defaultMaxWords || 60;

export function meta(q) {
  return t('metaWords', { n: q.maxEntries });
}

export function readForm(f, prompt) {
  const maxEntries = intOf(f.max);
  if (!within(maxEntries, 1, limits.maxEntries)) return { error: t('need_maxEntries'), focus: f.max };
  const maxWords = intOf(f.maxWords);
  if (!within(maxWords, 1, limits.maxWords)) return { error: t('need_maxWords'), focus: f.maxWords };
  return {
    body: {
      type: name,
      prompt,
      maxEntries,
      maxWords,
      keepStopWords: f.keepStop.checked,
      stem: f.stem.checked,
      banned: lines(f.banned, true),
      flagged: lines(f.flagged, true),
    },
  };
}

export function summarize(q, r) {
  return (r.words || [])
    .slice(0, 8)
    .map((w) => `${w.text} (${w.count})`)
    .join(', ');
}

export function phoneAnswer(q, prior) {
  const max = Math.max(1, Number(q.maxEntries) || 1);
  const inputs = [];
  const fields = [];
  for (let i = 0; i < max; i++) {
    const id = `word-${i + 1}`;
    const input = el('input', {
      id,
      type: 'text',
      maxlength: limits.entryLen,
      autocomplete: 'off',
      autocapitalize: 'sentences',
      spellcheck: 'true',
      enterkeyhint: i === max - 1 ? 'send' : 'next',
      'aria-describedby': 'q-hint',
    });
    if (Array.isArray(prior) && prior[i]) input.value = prior[i];
    inputs.push(input);
    fields.push(el('div', { class: 'field' }, el('label', { for: id, class: max === 1 ? 'visually-hidden' : '', text: t('wordLabel', { n: i + 1 }) }), input));
  }
  const body = el('div', {}, promptHeading(q), el('p', { class: 'hint', id: 'q-hint', text: t('wordHint', { n: max }) }), el('div', { class: 'words' }, fields));
  return {
    body,
    collect() {
      const value = inputs.map((i) => i.value.trim()).filter((s) => s.length > 0);
      return value.length ? { value } : { error: t('writeFirst'), focus: inputs[0] };
    },
  };
}

export function phoneResults(box) {
  const list = new WordList(box, { emptyText: t('noAnswers') });
  return { update: (msg) => list.update(msg.words || []) };
}

// The big screen's cloud; cloud is there for the SVG and PNG downloads.
export function screenResults(box, q, { onActivate }) {
  // Laid out for the screen's own box; words too small to draw are counted.
  const cloud = new WordCloud(box, {
    fit: true,
    moreText: (n) => t('cloudMore', { n }),
    maxWords: maxWordsOf(q),
    emptyText: t('noAnswers'),
    label: t('cloudLabel'),
    onActivate,
  });
  return { cloud, update: (msg) => cloud.update(msg.words || []), remove: (id) => cloud.remove?.(id), destroy: () => cloud.destroy?.() };
}

const LIST_LIMIT = 40;

// The facilitator's view: the cloud as the room sees it, downloads, and
// every word (flagged first) with its moderation buttons.
export function hostLive({ results, tools, onModerate, onToggle, onDownload }, q0) {
  const box = el('div', { class: 'host-cloud' });
  results.replaceChildren(box);
  const cloud = new WordCloud(box, { width: 1600, height: 760, maxWords: maxWordsOf(q0), emptyText: t('noAnswers') });
  const svg = el('button', { class: 'btn btn-small', type: 'button', text: t('downloadSvg'), onclick: () => onDownload('svg') });
  const png = el('button', { class: 'btn btn-small', type: 'button', text: t('downloadPng'), onclick: () => onDownload('png') });
  const list = new ModList({ count: 'participants' }, { onModerate, onToggle });
  const more = el('button', { class: 'btn-link', type: 'button', hidden: true });
  let showAll = false;
  let last = null;
  const update = (q, r) => {
    last = [q, r];
    const words = r.words || [];
    // The cloud shows what the room sees; the list shows everything.
    cloud.update(words.filter((w) => !w.hidden && !w.banned && !(w.stopWord && !q.keepStopWords)).slice(0, maxWordsOf(q)));
    const sorted = words.slice().sort((a, b) => (b.flagged ? 1 : 0) - (a.flagged ? 1 : 0));
    const shown = showAll ? sorted : sorted.slice(0, LIST_LIMIT);
    list.update(
      q,
      shown.map((w) => ({ ...w, entry: w.text })),
    );
    more.hidden = sorted.length <= LIST_LIMIT;
    more.textContent = showAll ? t('showFewerWords') : t('showAllWords', { n: sorted.length });
  };
  more.addEventListener('click', () => {
    showAll = !showAll;
    if (last) update(...last);
  });
  tools.replaceChildren(el('div', { class: 'actions' }, svg, png), el('h3', { class: 'tools-title', text: t('wordsHeading') }), el('p', { class: 'hint', text: t('wordsHint') }), list.root, more);
  return { cloud, update };
}

const TOP_WORDS = 8; // how many words a split column lists

export function splitColumn(body) {
  const words = el('ol', { class: 'split-words' });
  const empty = el('p', { class: 'split-empty', text: t('noAnswers') });
  body.append(words, empty);
  return {
    update(s) {
      const top = (s.words || []).slice(0, TOP_WORDS);
      empty.hidden = top.length > 0;
      words.replaceChildren(
        ...top.map((w) =>
          el('li', { class: 'split-word', dataset: { word: w.text, count: String(w.count) } }, el('span', { class: 'split-word-text', text: w.text }), el('span', { class: 'split-word-count', text: String(w.count) })),
        ),
      );
    },
  };
}

// seen is the words the room sees (not hidden, not banned, no stop word unless kept).
const seen = (q, words) => (words || []).filter((w) => !w.hidden && !w.banned && !(w.stopWord && !q.keepStopWords));

// report draws the cloud as the room saw it, dark words on white, as an SVG in the page.
export function report(box, q, r) {
  const cloud = new WordCloud(box, { width: 1200, height: 640, maxWords: maxWordsOf(q), palette: SERIES, emptyText: t('noAnswers') });
  cloud.update(seen(q, r.words).slice(0, maxWordsOf(q)));
  const svg = box.querySelector('svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('p_chartOf', { q: q.prompt }));
  svg.removeAttribute('aria-hidden');
  return cloud;
}

// shares maps each word's key to its display form and the share of the
// run's participants who gave it.
function shares(q, run) {
  const out = new Map();
  const base = Math.max(1, run.responses || 0);
  for (const w of seen(q, run.words)) out.set(wordKey(w.text), { text: w.text, share: (w.count || 0) / base });
  return out;
}

// risers compares the first and the last run that have answers: the words
// whose share of participants rose most and fell most (up to n each).
export function risers(q, runs, n = 5) {
  const answered = runs.filter((r) => r.responses > 0);
  if (answered.length < 2) return { rose: [], fell: [] };
  const a = shares(q, answered[0]);
  const b = shares(q, answered[answered.length - 1]);
  const moves = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const before = a.get(key)?.share || 0;
    const after = b.get(key)?.share || 0;
    if (before !== after) moves.push({ text: (b.get(key) || a.get(key)).text, before, after, change: after - before });
  }
  const order = (x, y) => Math.abs(y.change) - Math.abs(x.change) || x.text.localeCompare(y.text);
  return { rose: moves.filter((m) => m.change > 0).sort(order).slice(0, n), fell: moves.filter((m) => m.change < 0).sort(order).slice(0, n) };
}

// trend lists the words that rose and fell most from the first run to the last.
export function trend(q, runs) {
  const { rose, fell } = risers(q, runs);
  const pc = (v) => Math.round(v * 100);
  const list = (head, items, cls) =>
    el(
      'div',
      { class: 'word-moves ' + cls },
      el('h4', { text: head }),
      items.length
        ? el('ol', {}, items.map((m) => el('li', { dataset: { word: m.text }, text: t('p_wordShare', { w: m.text, a: pc(m.before), b: pc(m.after) }) })))
        : el('p', { class: 'muted', text: t('p_nothingMoved') }),
    );
  return el('div', { class: 'word-trend' }, list(t('p_rose'), rose, 'rose'), list(t('p_fell'), fell, 'fell'));
}
