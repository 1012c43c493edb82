// The strings participants and the big screen see, in the four session
// languages. One dictionary per language with the same keys; English is the
// fallback for a missing key. "{n}" is replaced by a number; a key with a
// "_one" variant is used when n is 1.

import en from './i18n/en.js';
import sv from './i18n/sv.js';
import nb from './i18n/nb.js';
import da from './i18n/da.js';

export const LANGUAGES = ['sv', 'nb', 'da', 'en'];

export const LANGUAGE_NAMES = {
  sv: 'Svenska',
  nb: 'Norsk bokmål',
  da: 'Dansk',
  en: 'English',
};

// STRINGS holds one dictionary per language, each in its own module.
export const STRINGS = { en, sv, nb, da };

// normalizeLanguage maps a BCP 47 tag to one of LANGUAGES, or null.
export function normalizeLanguage(tag) {
  if (!tag) return null;
  const primary = String(tag).toLowerCase().split(/[-_]/)[0];
  if (primary === 'no' || primary === 'nn' || primary === 'nb') return 'nb';
  return LANGUAGES.includes(primary) ? primary : null;
}

// browserLanguage is the first of the browser's languages that Ting speaks.
export function browserLanguage() {
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const lang = normalizeLanguage(tag);
    if (lang) return lang;
  }
  return 'en';
}

// translator returns t(key, vars) for one language. extra, if given, holds a
// page's own dictionaries of the same shape (i18n-host.js), read before these.
export function translator(lang, extra = null) {
  const code = normalizeLanguage(lang) || 'en';
  const dict = extra ? { ...STRINGS[code], ...extra[code] } : STRINGS[code];
  const en = extra ? { ...STRINGS.en, ...extra.en } : STRINGS.en;
  return function t(key, vars = {}) {
    let k = key;
    if (vars.n === 1 && ((dict[key + '_one'] ?? en[key + '_one']) !== undefined)) k = key + '_one';
    let s = dict[k] ?? en[k] ?? key;
    for (const [name, value] of Object.entries(vars)) {
      s = s.split('{' + name + '}').join(String(value));
    }
    return s;
  };
}

// applyStatic fills every [data-i18n] element's text (and [data-i18n-alt],
// [data-i18n-aria-label]) under root.
export function applyStatic(root, t) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-alt]')) node.alt = t(node.dataset.i18nAlt);
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
}
