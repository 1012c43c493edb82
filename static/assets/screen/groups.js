// The big screen's list of the room's groups, under the question (or the
// join instructions), fitted so the back row reads it and the stage keeps
// its room: a few groups as chips with name, size and buddy pairs; many
// as a dense grid of "Gruppe 17 · 5" under a line that sums them up; and
// where even the grid would be too small to read, only that line
// ("80 grupper om 5 personer"). The list never takes more than SHARE of
// the screen's height; the stage fits itself to what is left (fit.js).

import { $, el } from '../common.js';
import { t } from '../translate.js';

// SHARE is the most of the screen's height the list may take.
const SHARE = 0.24;
// Fonts are set in the CSS as shares of the screen height times --g-fit;
// FLOOR is the least --g-fit of each layout, where the text is still
// large enough for the back row (chips: name 3 %, size 2 %; grid 2 %;
// the summary line 3 % of the height).
const FLOOR = { chips: 0.75, grid: 0.72, summary: 0.75 };
// The most groups tried as chips, and in the grid.
const MOST = { chips: 16, grid: 150 };

const ui = {
  panel: $('#groups-panel'),
  summary: $('#groups-summary'),
  list: $('#groups-list'),
};

let shown = [];

// range is "5", or "4–5" when the values differ.
function range(values) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? lo : `${lo}–${hi}`;
}

// summaryLine sums the groups up: how many, of how many people, and how
// many buddy pairs in each when the split made them.
function summaryLine(groups) {
  const line = t('groupsSummary', { n: groups.length, members: t('groupMembers', { n: range(groups.map((g) => g.members)) }) });
  if (!groups.some((g) => g.pairs)) return line;
  return t('groupsSummaryPairs', { groups: line, pairs: t('groupPairs', { n: range(groups.map((g) => g.pairs || 0)) }) });
}

function chip(g) {
  return el(
    'li',
    { class: 'screen-group' },
    el('span', { class: 'screen-group-name', text: g.name }),
    el(
      'span',
      { class: 'screen-group-meta' },
      el('span', { class: 'screen-group-size', text: t('groupMembers', { n: g.members }) }),
      g.pairs ? el('span', { class: 'screen-group-pairs', text: t('groupPairs', { n: g.pairs }) }) : null,
    ),
  );
}

// cell is a group in the dense grid: its name and size as a number, the
// size in words for screen readers.
function cell(g) {
  return el(
    'li',
    { class: 'screen-group' },
    el('span', { class: 'screen-group-name', text: g.name }),
    el('span', { class: 'screen-group-size', 'aria-hidden': 'true', text: String(g.members) }),
    el('span', { class: 'visually-hidden', text: `, ${t('groupMembers', { n: g.members })}` }),
  );
}

function draw(layout) {
  ui.panel.dataset.layout = layout;
  ui.summary.hidden = layout === 'chips';
  ui.summary.textContent = layout === 'chips' ? '' : summaryLine(shown);
  ui.list.hidden = layout === 'summary';
  ui.list.replaceChildren(...(layout === 'summary' ? [] : shown.map(layout === 'chips' ? chip : cell)));
  if (layout === 'grid') {
    // Columns as wide as the widest group, in em so they scale with the text.
    // Measured as a wrapping row, where each takes the width of its text.
    ui.panel.style.setProperty('--g-fit', '1');
    ui.list.classList.add('is-measuring');
    const font = parseFloat(getComputedStyle(ui.list).fontSize);
    const widest = Math.max(...[...ui.list.children].map((li) => li.getBoundingClientRect().width));
    ui.list.classList.remove('is-measuring');
    ui.list.style.setProperty('--g-col', `${(widest / font + 0.1).toFixed(2)}em`);
  } else ui.list.style.removeProperty('--g-col');
}

// fits reports whether the list is within its share of the height and
// nothing in it is wider than the screen gives it.
function fits() {
  const H = window.innerHeight;
  if (ui.panel.getBoundingClientRect().height > SHARE * H + 1) return false;
  return [...ui.list.children].every((li) => li.scrollWidth <= li.clientWidth + 1) && ui.list.scrollWidth <= ui.list.clientWidth + 1;
}

// largest returns the largest --g-fit from floor to 1 at which the list
// fits, or 0 when it does not fit even at floor.
function largest(floor) {
  const set = (k) => ui.panel.style.setProperty('--g-fit', String(k));
  set(1);
  if (fits()) return 1;
  set(floor);
  if (!fits()) return 0;
  let lo = floor;
  let hi = 1;
  for (let i = 0; i < 5; i++) {
    const mid = (lo + hi) / 2;
    set(mid);
    if (fits()) lo = mid;
    else hi = mid;
  }
  return lo;
}

// fitGroups picks the largest layout that fits the screen, at the largest
// size that does.
export function fitGroups() {
  if (ui.panel.hidden || shown.length === 0) return;
  for (const layout of ['chips', 'grid']) {
    if (shown.length > MOST[layout]) continue;
    draw(layout);
    const k = largest(FLOOR[layout]);
    if (k) {
      ui.panel.style.setProperty('--g-fit', String(k));
      return;
    }
  }
  draw('summary');
  ui.panel.style.setProperty('--g-fit', String(largest(FLOOR.summary) || FLOOR.summary));
}

// showGroups lists the room's groups ({name, members, pairs}); none hides
// the list.
export function showGroups(groups) {
  shown = groups;
  ui.panel.hidden = groups.length === 0;
  if (!groups.length) {
    ui.list.replaceChildren();
    return;
  }
  fitGroups();
}

// The list is fitted at once on a resize, before the stage fits itself
// (at the next frame) to the room the list leaves it.
window.addEventListener('resize', fitGroups);
