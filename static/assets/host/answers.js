// What the facilitator knows of the answers: each question's response
// count, the room's last results frame and the facilitator's own results
// (hidden and waiting entries too), read from GET .../results on a timer
// and soon after a frame of a moderated question.

import { call, credentials, currentQuestion, session } from './session.js';
import { typeOf } from '../types/index.js';

const responses = new Map(); // questionId -> responses
const room = new Map(); // questionId -> results frame (the room's view)
const fac = new Map(); // questionId -> the facilitator's results
let categories = []; // the session results' categories: [{name, mean}]
let listener = () => {};
let fetching = null;
let fetchAgain = false;
let fetchTimer = 0;
let pollTimer = 0;

// onAnswers sets what runs after new results: fn({countsChanged}).
export function onAnswers(fn) {
  listener = fn;
}

export const responsesOf = (id) => responses.get(id) || 0;

// categoriesOf is each category's mean as last read.
export const categoriesOf = () => categories;

// facilitatorResultsOf is the facilitator's last results of a question.
export const facilitatorResultsOf = (id) => fac.get(id) || null;

// resultsOf is what the live view of q shows: for a moderated type the
// facilitator's results first, else the room's.
export function resultsOf(q) {
  const r = room.get(q.id);
  const f = fac.get(q.id);
  return (typeOf(q.type)?.moderated ? f || r : r || f) || { responses: 0 };
}

// takeFrame keeps a results frame; it returns whether the count changed.
export function takeFrame(msg) {
  room.set(msg.questionId, msg);
  if (responses.get(msg.questionId) === (msg.responses || 0)) return false;
  responses.set(msg.questionId, msg.responses || 0);
  return true;
}

// forgetQuestion drops what is known of a question's answers (after a reset).
export function forgetQuestion(id) {
  responses.set(id, 0);
  room.delete(id);
  fac.delete(id);
}

// fetchResults reads the facilitator's results of every question.
export async function fetchResults() {
  if (!credentials() || !session()) return;
  if (fetching) {
    fetchAgain = true;
    return fetching;
  }
  fetching = (async () => {
    try {
      const res = await call('/results');
      let countsChanged = false;
      for (const r of res.questions || []) {
        if (responses.get(r.id) !== r.responses) countsChanged = true;
        responses.set(r.id, r.responses || 0);
        fac.set(r.id, r);
      }
      categories = res.categories || [];
      listener({ countsChanged });
    } catch {
      /* the next round tries again */
    }
  })();
  await fetching;
  fetching = null;
  if (fetchAgain) {
    fetchAgain = false;
    await fetchResults();
  }
}

// scheduleFetch reads the facilitator's results soon, at most about three times a second.
export function scheduleFetch() {
  if (fetchTimer) return;
  fetchTimer = setTimeout(() => {
    fetchTimer = 0;
    fetchResults();
  }, 300);
}

// startPolling keeps the counts and the moderation view fresh (a Q&A entry
// waiting for approval changes nothing the room sees, so no frame).
export async function startPolling() {
  clearTimeout(pollTimer);
  if (!credentials() || !session()) return;
  if (document.visibilityState === 'visible') await fetchResults();
  const q = currentQuestion();
  pollTimer = setTimeout(startPolling, q && typeOf(q.type)?.pollFast ? 1500 : 3000);
}

export function stopPolling() {
  clearTimeout(pollTimer);
}
