// The big screen's category overview: each category's mean (from the
// session results, which the screen reads with the facilitator's token it
// holds), as large bars over the current question. The facilitator shows
// and hides it with K on the screen, or from the facilitator page in the
// same browser (a BroadcastChannel of the session: categoriesChannel); it
// reads the results again every 5 s while shown.

import { $, api, el } from '../common.js';
import { language, t } from '../translate.js';
import { sessionId, sessionPath, token } from './room.js';

// categoriesChannel names the channel the facilitator page shows and hides the overview on.
export const categoriesChannel = (id) => `ting:categories:${id}`;

const ui = { panel: $('#category-panel'), list: $('#category-list') };

let timer = 0;

async function draw() {
  try {
    const res = await api(sessionPath + '/results', { token });
    const list = res.categories || [];
    const fmt = new Intl.NumberFormat(language(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const top = Math.max(1, ...list.map((c) => c.mean || 0));
    ui.list.replaceChildren(
      ...(list.length
        ? list.map((c) =>
            el(
              'li',
              { class: 'category-row', dataset: { category: c.name, mean: String(c.mean ?? '') } },
              el('span', { class: 'category-name', text: c.name }),
              el('span', { class: 'category-track', 'aria-hidden': 'true' }, el('span', { class: 'category-fill', style: `width:${((c.mean || 0) / top) * 100}%` })),
              el('span', { class: 'category-mean', text: typeof c.mean === 'number' ? fmt.format(c.mean) : '–' }),
            ),
          )
        : [el('li', { class: 'category-none', text: t('noCategories') })]),
    );
  } catch {
    /* the next round tries again */
  }
}

// toggleCategories shows or hides the overview (show: true or false sets it).
export function toggleCategories(show = ui.panel.hidden) {
  ui.panel.hidden = !show;
  clearInterval(timer);
  if (!show) return;
  draw();
  timer = setInterval(draw, 5000);
}

// The facilitator page of this browser asks: {show: bool}.
if (typeof BroadcastChannel === 'function' && sessionId) {
  new BroadcastChannel(categoriesChannel(sessionId)).addEventListener('message', (ev) => toggleCategories(!!ev.data?.show));
}
