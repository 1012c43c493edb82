// The big screen as a remote control (it holds the facilitator's token):
// presenter shortcuts, and hiding an entry from the room at once.

import { $, confirmDialog } from '../common.js';
import { errorLine } from '../errors.js';
import { installShortcuts, toggleFullscreen } from '../shortcuts.js';
import { t } from '../translate.js';
import { toggleCategories } from './categories.js';
import { removeEntry } from './stage.js';
import { toast } from './toast.js';
import { fetchSession, frameNow, moderate, patchState, question } from './room.js';
import { selectionActive, stepSelection, toggleSelectionView } from './selection.js';

const results = $('#results');

async function change(body, message) {
  try {
    await patchState(body);
    if (message) toast(message);
  } catch (err) {
    toast(t('actionFailed', { m: errorLine(err) }));
  }
}

// navigate shows the next (dir 1) or previous (dir -1) question; from no
// question, the first or the last.
async function navigate(dir) {
  try {
    const s = await fetchSession();
    const qs = s.questions || [];
    if (qs.length === 0) return;
    const i = qs.findIndex((q) => q.id === s.state?.questionId);
    const next = i < 0 ? (dir > 0 ? 0 : qs.length - 1) : i + dir;
    if (next >= qs.length) return toast(t('lastQuestion'));
    if (next < 0) return toast(t('firstQuestion'));
    await patchState({ questionId: qs[next].id });
  } catch (err) {
    toast(t('actionFailed', { m: errorLine(err) }));
  }
}

// hideEntry asks, then hides a word, open answer or Q&A entry from the room.
export async function hideEntry({ entry, label, node }) {
  const q = question();
  if (!q || !entry) return;
  const ok = await confirmDialog({ title: t('hideTitle'), text: label || entry, confirm: t('hideButton'), cancel: t('cancel'), className: 'dialog-dark' });
  if (!ok) {
    if (node?.isConnected) node.focus();
    return;
  }
  try {
    await moderate(q, { entry, hidden: true });
  } catch (err) {
    toast(t('hideFailed', { m: errorLine(err) }));
    return;
  }
  // Take it off at once; the next results frame no longer has it.
  const focusables = [...results.querySelectorAll('[data-entry]')];
  const next = focusables[focusables.indexOf(node) + 1] || focusables[focusables.indexOf(node) - 1];
  if (question()?.id === q.id) removeEntry(entry);
  if (next && next !== node && next.isConnected) next.focus();
  // Never repeat the text to the room: it was hidden for a reason.
  toast(t('hiddenDone'));
}

export function mountRemote() {
  const shortcuts = installShortcuts(
    {
      next: () => (selectionActive() ? stepSelection(1) : navigate(1)),
      prev: () => (selectionActive() ? stepSelection(-1) : navigate(-1)),
      selectionView: () => selectionActive() && toggleSelectionView(),
      results: () => {
        if (!question()) return;
        const on = !frameNow()?.resultsVisible;
        change({ resultsVisible: on }, on ? t('resultsOnPhones') : t('resultsOffPhones'));
      },
      lock: () => {
        if (!question()) return;
        const on = !frameNow()?.locked;
        change({ locked: on }, on ? t('lockedNow') : t('openNow'));
      },
      countdown: () => {
        if (!question()) return;
        change({ countdown: 30 }, t('countdownStarted', { n: 30 }));
      },
      fullscreen: toggleFullscreen,
      categories: () => toggleCategories(),
      hide: () => {
        const node = document.activeElement?.closest?.('[data-entry]');
        if (node && results.contains(node)) hideEntry({ entry: node.dataset.entry, label: node.dataset.label || node.dataset.entry, node });
      },
    },
  );
  $('#help').addEventListener('click', () => shortcuts.showHelp());
}
