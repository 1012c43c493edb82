// Presenter keyboard shortcuts of the big screen and the facilitator page.
// They never fire while the user types or picks in a form field, while a
// dialog is open, or with Ctrl, Alt or Meta held (the browser's own keys).

import { el, isTypingTarget } from './common.js';
import { t } from './translate.js';

// The shortcuts, in the order the help lists them. keys are what the help
// shows; match tells a KeyboardEvent's key apart.
export const SHORTCUTS = [
  { action: 'next', keys: ['→', 'Page Down'], label: 'sc_next', match: (k) => k === 'ArrowRight' || k === 'PageDown' },
  { action: 'prev', keys: ['←', 'Page Up'], label: 'sc_prev', match: (k) => k === 'ArrowLeft' || k === 'PageUp' },
  { action: 'results', keys: ['R'], label: 'sc_results', match: (k) => k === 'r' || k === 'R' },
  { action: 'lock', keys: ['L'], label: 'sc_lock', match: (k) => k === 'l' || k === 'L' },
  { action: 'countdown', keys: ['C'], label: 'sc_countdown', match: (k) => k === 'c' || k === 'C' },
  { action: 'fullscreen', keys: ['F'], label: 'sc_fullscreen', match: (k) => k === 'f' || k === 'F' },
  { action: 'categories', keys: ['K'], label: 'sc_categories', match: (k) => k === 'k' || k === 'K' },
  { action: 'hide', keys: ['H'], label: 'sc_hide', match: (k) => k === 'h' || k === 'H' },
  { action: 'selectionView', keys: ['S'], label: 'sc_selectionView', match: (k) => k === 's' || k === 'S' },
  { action: 'help', keys: ['?'], label: 'sc_help', match: (k) => k === '?' },
];

// toggleFullscreen enters or leaves full screen for the whole page.
export function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
  else document.documentElement.requestFullscreen?.().catch(() => {});
}

// installShortcuts runs actions[name](event) for the shortcuts above. It
// returns showHelp, which opens the list of shortcuts.
export function installShortcuts(actions) {
  const showHelp = () => {
    if (document.querySelector('dialog.shortcut-dialog')) return;
    const close = el('button', { class: 'btn', type: 'button', text: t('close') });
    const dlg = el(
      'dialog',
      { class: 'dialog shortcut-dialog', 'aria-labelledby': 'shortcut-title' },
      el('h2', { id: 'shortcut-title', class: 'dialog-title', text: t('shortcuts') }),
      el(
        'dl',
        { class: 'shortcut-list' },
        SHORTCUTS.filter((s) => actions[s.action] || s.action === 'help').map((s) => [
          el('dt', {}, s.keys.map((k, i) => [i > 0 ? ' / ' : '', el('kbd', { text: k })])),
          el('dd', { text: t(s.label) }),
        ]),
      ),
      el('div', { class: 'dialog-actions' }, close),
    );
    close.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => dlg.remove(), { once: true });
    document.body.append(dlg);
    dlg.showModal();
    close.focus();
  };

  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (isTypingTarget(ev.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const s = SHORTCUTS.find((x) => x.match(ev.key));
    if (!s) return;
    const fn = s.action === 'help' ? showHelp : actions[s.action];
    if (!fn) return;
    ev.preventDefault();
    fn(ev);
  });
  return { showHelp };
}
