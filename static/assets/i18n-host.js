// The strings of the facilitator page (/host) in the four languages, in the
// same shape as i18n.js: one dictionary per language with the same keys,
// English as the fallback, "{n}" placeholders and "_one" variants. The
// facilitator's translator reads these first and then i18n.js, whose shared
// strings (shortcuts, result views, announcements) the page uses too.

import { applyStatic, browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage, translator } from './i18n.js';
import en from './i18n/host/en.js';
import sv from './i18n/host/sv.js';
import nb from './i18n/host/nb.js';
import da from './i18n/host/da.js';

export { browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage };

export const HOST_STRINGS = { en, sv, nb, da };

// hostTranslator returns t(key, vars) for the facilitator page: its own
// strings first, then the shared ones of i18n.js.
export function hostTranslator(lang) {
  return translator(lang, HOST_STRINGS);
}

// applyHost fills the page's [data-i18n], [data-i18n-alt] and
// [data-i18n-aria-label] like applyStatic, and [data-i18n-placeholder] too.
export function applyHost(root, t) {
  applyStatic(root, t);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
}
