// The big screen showing the examples the working group selected of one
// question (a theme), one at a time or as a list: opened from the
// facilitator page with the screen link and sel=<question>&view=one|list.
// The arrow keys step through them; S switches between one and the list.

import { $, el } from '../common.js';
import { errorLine } from '../errors.js';
import { t } from '../translate.js';
import { selectedResults, selectionQuestion, selectionView, session } from './room.js';
import { toast } from './toast.js';

const ui = { panel: $('#selection'), prompt: $('#selection-prompt'), count: $('#selection-count'), body: $('#selection-body') };

let shown = null; // {prompt, items, index, view}

export const selectionActive = () => !!shown;

// entriesOf returns the texts of a question's selected open answers or Q&A entries.
function entriesOf(r) {
  return (r?.answers || r?.entries || []).map((e) => e.text);
}

// openSelection reads the selection and shows it; the screen's own stage stays hidden.
export async function openSelection() {
  if (!selectionQuestion) return false;
  shown = { prompt: '', items: [], index: 0, view: selectionView === 'list' ? 'list' : 'one' };
  document.getElementById('app').classList.add('is-selection');
  ui.panel.hidden = false;
  try {
    const res = await selectedResults();
    const r = (res.questions || []).find((q) => q.id === selectionQuestion);
    const q = (session()?.questions || []).find((x) => x.id === selectionQuestion);
    shown.prompt = q?.prompt || '';
    shown.items = entriesOf(r);
  } catch (err) {
    toast(t('actionFailed', { m: errorLine(err) }));
  }
  draw();
  return true;
}

function draw() {
  const s = shown;
  ui.prompt.textContent = s.prompt;
  if (s.items.length === 0) {
    ui.count.textContent = '';
    ui.body.replaceChildren(el('p', { class: 'selection-empty', text: t('noSelected') }));
    return;
  }
  if (s.view === 'list') {
    ui.count.textContent = t('selectedCount', { n: s.items.length });
    ui.body.replaceChildren(el('ol', { class: 'selection-list' }, s.items.map((text) => el('li', { text }))));
    return;
  }
  ui.count.textContent = t('selectedOf', { i: s.index + 1, n: s.items.length });
  ui.body.replaceChildren(el('blockquote', { class: 'selection-one', 'aria-live': 'polite', text: s.items[s.index] }));
}

// stepSelection shows the next (1) or previous (-1) example.
export function stepSelection(dir) {
  const s = shown;
  if (!s || s.items.length === 0) return;
  if (s.view === 'list') s.view = 'one';
  else {
    const next = s.index + dir;
    if (next >= s.items.length) return toast(t('lastExample'));
    if (next < 0) return toast(t('firstExample'));
    s.index = next;
  }
  draw();
}

// toggleSelectionView switches between one at a time and the list.
export function toggleSelectionView() {
  if (!shown) return;
  shown.view = shown.view === 'list' ? 'one' : 'list';
  draw();
}
