// Compare this session with an earlier run of the same questions, made on
// this computer or of the workspace: before and after, side by side.

import { $, api, el } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { fillRuns, runs } from './runs.js';
import { compareTable } from './tables.js';
import { call, path, session } from './session.js';

const ui = {
  with: $('#compare-with'),
  button: $('#compare-button'),
  error: $('#compare-error'),
  results: $('#compare-results'),
};

export function refreshCompare() {
  fillRuns(ui.with, session().id, false);
  ui.button.disabled = ui.with.options.length === 0;
  if (ui.button.disabled) ui.with.append(el('option', { value: '', text: t('h_noRuns') }));
  ui.results.replaceChildren();
}

export function mountCompare() {
  ui.button.addEventListener('click', async () => {
    ui.error.textContent = '';
    const other = runs().find((r) => r.id === ui.with.value);
    if (!other) return;
    try {
      const suffix = '/compare?with=' + encodeURIComponent(other.id);
      // A session of the workspace is compared by the login (it may read both).
      const res = other.token ? await call(suffix, { headers: { 'X-Source-Token': other.token } }) : await api(path(suffix));
      ui.results.replaceChildren(res.questions.length ? compareTable(session(), res) : el('p', { class: 'muted', text: t('h_nothingToCompare') }));
    } catch (err) {
      showError(ui.error, err);
    }
  });
}
