// The category overview of the facilitator page: each category's mean (the
// mean of its scale questions' statement means, from the session results),
// the session's printable report, and its programme's page.

import { $, el } from '../common.js';
import { t } from '../translate.js';
import { categoryTable } from '../trends.js';
import { categoriesOf } from './answers.js';
import { session } from './session.js';

const ui = { box: $('#host-categories'), report: $('#host-report'), programme: $('#host-programme') };

let drawn = '';

export function drawCategories() {
  const s = session();
  if (!s || !ui.box) return;
  ui.report.href = '/report?session=' + encodeURIComponent(s.id);
  ui.programme.href = s.programme ? '/programme?id=' + encodeURIComponent(s.programme) : '/programme';
  const list = categoriesOf();
  const key = JSON.stringify([list, document.documentElement.lang]);
  if (key === drawn) return;
  drawn = key;
  ui.box.replaceChildren(list.length ? categoryTable(list) : el('p', { class: 'muted', text: t('p_noCategories') }));
}
