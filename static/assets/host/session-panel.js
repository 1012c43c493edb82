// The session's own panel: title, code, join link (and copying it), the
// big screen's link, language, pace, expiry, participants, and deleting
// the session or leaving it on this computer.

import { $, formatCode } from '../common.js';
import { showError } from '../errors.js';
import { LANGUAGE_NAMES } from '../i18n.js';
import { t } from '../translate.js';
import { forgetRun } from './runs.js';
import { call, say, session } from './session.js';

const ui = {
  heading: $('#session-heading'),
  code: $('#session-code'),
  joinUrl: $('#join-url'),
  lang: $('#session-lang'),
  participants: $('#participants'),
  openScreen: $('#open-screen'),
  copyJoin: $('#copy-join'),
  error: $('#session-error'),
  forget: $('#forget'),
  pace: $('#session-pace'),
  expires: $('#session-expires'),
  del: $('#delete-session'),
};

export function drawSessionPanel() {
  const s = session();
  ui.error.textContent = '';
  ui.heading.textContent = s.title;
  ui.code.textContent = formatCode(s.code);
  ui.code.dataset.code = s.code;
  ui.joinUrl.href = s.joinUrl;
  ui.joinUrl.textContent = s.joinUrl;
  ui.lang.textContent = LANGUAGE_NAMES[s.language] || s.language;
  ui.lang.lang = s.language;
  ui.openScreen.href = s.presentUrl;
  drawSessionFacts();
}

// drawSessionFacts writes the pace and the expiry date in the page's language.
export function drawSessionFacts() {
  const s = session();
  ui.pace.textContent = s.pace === 'audience' ? t('h_pacedName') : t('h_liveName');
  ui.expires.textContent = s.expiresAt ? new Date(s.expiresAt).toLocaleDateString() : '—';
}

export function drawParticipants(n) {
  ui.participants.textContent = String(n);
  ui.participants.dataset.count = String(n);
}

// mountSessionPanel wires the buttons: onForget() after leaving the
// session here, onDeleted(message) after deleting it.
export function mountSessionPanel({ onForget, onDeleted }) {
  ui.forget.addEventListener('click', () => {
    if (!confirm(t('confirmForget'))) return;
    onForget();
  });
  ui.copyJoin.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(session().joinUrl);
      say(t('joinCopied'));
      ui.copyJoin.textContent = t('copied');
      setTimeout(() => {
        ui.copyJoin.textContent = t('copyJoin');
      }, 2000);
    } catch {
      ui.error.textContent = t('copyFailed');
    }
  });
  ui.del.addEventListener('click', async () => {
    const s = session();
    if (!s || !confirm(t('h_deleteConfirm', { title: s.title }))) return;
    try {
      await call('', { method: 'DELETE' });
      forgetRun(s.id);
      onDeleted(t('h_deleted'));
    } catch (err) {
      showError(ui.error, err);
    }
  });
}
