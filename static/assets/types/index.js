// The registry of question types, as pkg/poll keeps its own: a type name
// maps to its module, and every module exports the same few things.
//
//   name                    the type's name on the wire
//   meta(q)                 the facilitator's one-line summary in the question list ('' for none)
//   readForm(fields, prompt)  the facilitator's form: {body} or {error, focus}
//   summarize(q, results)   the results in a line of text (split and compare tables)
//   phoneAnswer(q, prior, ctx)  the phone's answer view: {body, collect, kind?, submitText?, after?, onLock?, clear?, showEntries?, refresh?}
//   phoneResults(box, q)    the phone's results: {update(frame)}; absent when resultsWithQuestion
//   screenResults(box, q, {onActivate})  the big screen's results: {update(frame, {locked, correct}), remove?, destroy?, cloud?}
//   hostLive(ctx, q)        the facilitator's live view: {update(q, results), cloud?}
//   splitColumn(body, q)    one segment's column on the big screen: {update(segment)}; with splits
//   report(box, q, r)       the printed report's picture of results r (an SVG chart, the cloud, the answers shown)
//   trend(q, runs, labels)  a programme's runs of q, oldest first, as one picture or list; optional (trends.js)
//
// and flags: splits (the big screen shows it split by segment), segments
// (its options split the room), moderated (the facilitator moderates its
// entries), selectable (the working group selects its answers: a theme of
// collected examples), pollFast, resultsWithQuestion.

import * as choice from './choice.js';
import * as open from './open.js';
import * as qa from './qa.js';
import * as quiz from './quiz.js';
import * as ranking from './ranking.js';
import * as scale from './scale.js';
import * as wordcloud from './wordcloud.js';

const TYPES = new Map([choice, wordcloud, open, scale, ranking, qa, quiz].map((m) => [m.name, m]));

// typeOf returns the module of a type name, or null for one this page does not know.
export function typeOf(name) {
  return TYPES.get(name) || null;
}

// typeNames lists the known types.
export function typeNames() {
  return [...TYPES.keys()];
}
