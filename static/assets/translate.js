// The page's translator: every module imports t from here and reads the
// language the page speaks now. A page shell picks the language (and, for
// the facilitator, its own dictionaries) with useLanguage.

import { normalizeLanguage, translator } from './i18n.js';

let lang = 'en';
let extra = null;
let current = translator(lang);

// t translates key in the page's language; see translator in i18n.js.
export function t(key, vars) {
  return current(key, vars);
}

// language is the code of the language the page speaks now.
export function language() {
  return lang;
}

// useLanguage makes next the page's language (English for an unknown one,
// or fallback when given); dictionaries, once given, stay for later calls.
export function useLanguage(next, { dictionaries = null, fallback = 'en' } = {}) {
  if (dictionaries) extra = dictionaries;
  lang = normalizeLanguage(next) || fallback;
  current = translator(lang, extra);
  return lang;
}

// closingDate is a session's closesAt as a person reads it in the page's
// language ("1 November", with the year when it is not this one), or ''
// when it has none.
export function closingDate(closesAt) {
  if (!closesAt) return '';
  const d = new Date(closesAt);
  if (Number.isNaN(d.getTime())) return '';
  const opts = { day: 'numeric', month: 'long' };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  return d.toLocaleDateString(lang, opts);
}
