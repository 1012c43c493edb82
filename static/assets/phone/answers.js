// The participant's answers in this session, kept on the phone: what the
// server acknowledged (per question; Q&A: {voted: [ids], asked: n}) and
// the answers sent but not yet acknowledged, which go again after a
// reconnect (the server replaces, never double counts, an answer).

import { storage, uid } from '../common.js';
import * as outbox from '../outbox.js';

const answersKey = (code) => `ting:answers:${code}`;

let code = '';
let answers = {}; // questionId -> acknowledged value
const pending = new Map(); // ref -> {msg: {ref, questionId, value}, kind}
let sender = () => false;

// openAnswers reads the answers kept for a session code.
export function openAnswers(sessionCode) {
  code = sessionCode;
  answers = storage.get(answersKey(code)) || {};
}

// forgetAnswers drops what is kept of the session (it was deleted).
export function forgetAnswers(sessionCode) {
  storage.remove(answersKey(sessionCode));
}

// useSender sets how frames go to the server: fn(frame) returns false when it cannot.
export function useSender(fn) {
  sender = fn;
}

export const answerOf = (questionId) => answers[questionId];
export const answered = (questionId) => answers[questionId] !== undefined;

export function keepAnswer(questionId, value) {
  answers[questionId] = value;
  storage.set(answersKey(code), answers);
}

// qaRecord is the phone's record of a Q&A question: votes and questions asked.
export function qaRecord(questionId) {
  let rec = answers[questionId];
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
    rec = { voted: [], asked: 0 };
    answers[questionId] = rec;
  }
  if (!Array.isArray(rec.voted)) rec.voted = [];
  return rec;
}

export function saveAnswers() {
  storage.set(answersKey(code), answers);
}

// send sends an answer of a kind ("answer", "ask", "upvote"); it returns
// whether the frame went out now.
export function send(questionId, value, kind) {
  const msg = { ref: uid(), questionId, value };
  pending.set(msg.ref, { msg, kind });
  outbox.keep(code, msg, kind);
  return sender({ type: 'answer', ...msg });
}

// takePending returns and forgets the answer in flight with ref.
export function takePending(ref) {
  const p = pending.get(ref);
  pending.delete(ref);
  return p;
}

export const isPending = (ref) => pending.has(ref);

// busy reports whether an answer (not a vote) to the question is on its way.
export const busy = (questionId) => [...pending.values()].some((p) => p.msg.questionId === questionId && p.kind !== 'upvote');

// votesInFlight is the entries of a Q&A whose votes are on their way.
export const votesInFlight = (questionId) =>
  new Set(
    [...pending.values()].filter((p) => p.kind === 'upvote' && p.msg.questionId === questionId).map((p) => p.msg.value.upvote),
  );

// keepPendingOf drops answers in flight to other questions than questionId.
export function keepPendingOf(questionId) {
  for (const [ref, p] of pending) if (p.msg.questionId !== questionId) pending.delete(ref);
}

export const clearPending = () => pending.clear();

// restorePending takes back the answers the outbox kept from an earlier
// load; handle draws the kept frames when no link comes, then drawn runs
// when answers wait to be sent.
export function restorePending(handle, drawn) {
  outbox.restore(code, pending, handle, () => pending.size && drawn());
}

// seenFrame lets the outbox see every frame of the session.
export const seenFrame = (msg) => outbox.seen(code, msg);

// resend sends every answer in flight again (after a reconnect).
export function resend() {
  for (const p of pending.values()) sender({ type: 'answer', ...p.msg });
}
