// The category overview of the facilitator page: each category's mean (the
// mean of its scale questions' statement means, from the session results),
// showing it on a big screen opened in this browser, the session's
// printable report, and its programme's page.

import { $, el } from '../common.js';
import { t } from '../translate.js';
import { categoryTable } from '../trends.js';
import { categoriesOf } from './answers.js';
import { session } from './session.js';

const ui = { box: $('#host-categories'), report: $('#host-report'), programme: $('#host-programme'), screen: $('#screen-categories') };

let onScreen = false;
let channel = null;

// toggleOnScreen shows or hides the overview on the big screens of this browser.
function toggleOnScreen() {
  const s = session();
  if (!s || typeof BroadcastChannel !== 'function') return;
  if (channel?.name !== `ting:categories:${s.id}`) channel = new BroadcastChannel(`ting:categories:${s.id}`);
  onScreen = !onScreen;
  channel.postMessage({ show: onScreen });
  ui.screen.textContent = t(onScreen ? 'p_screenCategoriesHide' : 'p_screenCategoriesShow');
  ui.screen.setAttribute('aria-pressed', String(onScreen));
}

ui.screen?.addEventListener('click', toggleOnScreen);

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
  ui.screen.textContent = t(onScreen ? 'p_screenCategoriesHide' : 'p_screenCategoriesShow');
  ui.box.replaceChildren(list.length ? categoryTable(list) : el('p', { class: 'muted', text: t('p_noCategories') }));
}
