// The phone's results card: the results of the question shown, as its
// type draws them for a phone (types/*.js phoneResults), while the
// facilitator shows results on phones.

import { $ } from '../common.js';
import { t } from '../translate.js';
import { typeOf } from '../types/index.js';

const ui = { card: $('#results-card'), count: $('#results-count'), body: $('#results-body') };

let shown = null; // {id, view}

// showResults draws a results frame of question q.
export function showResults(q, msg) {
  const type = typeOf(msg.questionType);
  ui.card.hidden = false;
  ui.count.textContent = t('responses', { n: msg.responses || 0 });
  if (!type?.phoneResults) {
    ui.card.hidden = true;
    return;
  }
  if (!shown || shown.id !== q.id || shown.type !== msg.questionType) {
    shown = { id: q.id, type: msg.questionType, view: type.phoneResults(ui.body, q) };
  }
  shown.view.update(msg);
}

export function hideResults() {
  ui.card.hidden = true;
  ui.body.replaceChildren();
  shown = null;
}
