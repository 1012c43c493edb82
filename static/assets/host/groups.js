// Groups: split the room into groups of a size or a number of groups, or
// pairs, list them with their members, and end them.

import { $, el } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { call, say, session } from './session.js';

const ui = {
  form: $('#groups-form'),
  n: $('#group-n'),
  pairs: $('#split-pairs'),
  clear: $('#clear-groups'),
  error: $('#groups-error'),
  list: $('#group-list'),
  groupResults: $('#group-results'),
};

// drawGroups lists the groups, and offers them for results of one group.
export function drawGroups(groups) {
  ui.list.replaceChildren(...groups.map((g) => el('li', {}, el('strong', { text: g.name }), ' ', t('groupMembers', { n: g.members }))));
  ui.clear.disabled = groups.length === 0;
  const keep = ui.groupResults.value;
  ui.groupResults.replaceChildren(el('option', { value: '', text: t('h_wholeRoom') }), ...groups.map((g) => el('option', { value: g.name, text: g.name })));
  if (groups.some((g) => g.name === keep)) ui.groupResults.value = keep;
}

// loadGroups reads the session's groups.
export async function loadGroups() {
  if (session()?.role === 'viewer') return; // groups are the co-facilitators' (a viewer's card is hidden)
  try {
    drawGroups((await call('/groups')).groups || []);
  } catch (err) {
    showError(ui.error, err);
  }
}

// splitBody reads a split from a form: its radio named mode (size or
// count) and its number field n. It returns the request's body, or null
// after saying what is wrong in error, the field marked and focused.
export function splitBody(form, mode, n, error) {
  const v = Number(n.value);
  const by = form.querySelector(`input[name="${mode}"]:checked`)?.value || 'size';
  if (!Number.isInteger(v) || v < 1 || (by === 'size' && v < 2)) {
    error.textContent = t('h_groupNumberBad');
    n.setAttribute('aria-invalid', 'true');
    n.focus();
    return null;
  }
  n.removeAttribute('aria-invalid');
  return by === 'size' ? { size: v } : { count: v };
}

async function split(body, doneText) {
  ui.error.textContent = '';
  try {
    const res = await call('/groups', { method: 'POST', body });
    drawGroups(res.groups || []);
    say(t(doneText, { n: (res.groups || []).length }));
  } catch (err) {
    showError(ui.error, err);
  }
}

export function mountGroups() {
  ui.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = splitBody(ui.form, 'gmode', ui.n, ui.error);
    if (body) split(body, 'h_splitDone');
  });
  ui.pairs.addEventListener('click', () => split({ size: 2 }, 'h_pairsDone'));
  ui.clear.addEventListener('click', async () => {
    try {
      await call('/groups', { method: 'DELETE' });
      drawGroups([]);
      say(t('h_groupsEnded'));
    } catch (err) {
      showError(ui.error, err);
    }
  });
}
