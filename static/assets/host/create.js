// Creating a session: title, language on phones, pace, the smallest
// segment, and a copy of an earlier run's questions.

import { $, api, el, formatCode } from '../common.js';
import { showError } from '../errors.js';
import { browserLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n.js';
import { t } from '../translate.js';
import { fillRuns, rememberRun, runs } from './runs.js';
import { remember, say } from './session.js';

const ui = {
  view: $('#create-view'),
  form: $('#create-form'),
  title: $('#session-title'),
  lang: $('#session-language'),
  paced: $('#session-paced'),
  minSegment: $('#session-min-segment'),
  copy: $('#session-copy'),
  error: $('#create-error'),
  button: $('#create-button'),
};

// showCreateForm shows the form with message (a session that is gone).
export function showCreateForm(message = '') {
  ui.view.hidden = false;
  ui.error.textContent = message;
  fillRuns(ui.copy, null);
  ui.title.focus();
}

export const hideCreateForm = () => (ui.view.hidden = true);

// mountCreate wires the form; onCreated() runs once the session exists.
export function mountCreate({ onCreated }) {
  for (const code of LANGUAGES) ui.lang.append(el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] }));
  ui.lang.value = browserLanguage();
  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const title = ui.title.value.trim();
    if (!title) {
      ui.error.textContent = t('titleRequired');
      ui.title.setAttribute('aria-invalid', 'true');
      ui.title.focus();
      return;
    }
    ui.title.removeAttribute('aria-invalid');
    ui.button.disabled = true;
    try {
      const body = { title, language: ui.lang.value };
      if (ui.paced.checked) body.pace = 'audience';
      const minSegment = Number(ui.minSegment.value);
      if (Number.isInteger(minSegment) && minSegment > 0) body.minSegment = minSegment;
      const source = runs().find((r) => r.id === ui.copy.value);
      const headers = {};
      if (source) {
        body.copyOf = source.id;
        if (source.token) headers['X-Source-Token'] = source.token;
      }
      const res = await api('/sessions', { method: 'POST', body, headers });
      remember(res.id, res.facilitatorToken);
      rememberRun({ id: res.id, token: res.facilitatorToken, title, createdAt: new Date().toISOString() });
      ui.error.textContent = '';
      await onCreated();
      say(t('sessionCreated', { code: formatCode(res.code) }));
    } catch (err) {
      showError(ui.error, err);
    } finally {
      ui.button.disabled = false;
    }
  });
}
