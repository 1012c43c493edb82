// Until when the session takes answers: "open until 1 November" above the
// questions, "closed since …" after it, from the closesAt of the question
// and questions frames (a session without one shows nothing).

import { $ } from '../common.js';
import { closingDate, t } from '../translate.js';

const line = $('#closes-line');

// showClosing draws the line for a frame's closesAt.
export function showClosing(closesAt) {
  const date = closingDate(closesAt);
  line.hidden = !date;
  if (!date) return;
  const past = new Date(closesAt).getTime() <= Date.now();
  line.className = past ? 'closes-line notice notice-warn' : 'closes-line muted';
  line.textContent = past ? t('closedSince', { date }) : t('openUntil', { date });
}
