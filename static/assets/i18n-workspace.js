// The strings of the sign-in page and the workspace in the four languages,
// in the shape of i18n.js (one dictionary per language with the same keys,
// English as the fallback). Both pages put themselves in a language with
// usePageLanguage, which also fills the page's [data-i18n] texts.

import { applyStatic, browserLanguage, LANGUAGE_NAMES, LANGUAGES, normalizeLanguage } from './i18n.js';
import { el, storage } from './common.js';
import { language, t, useLanguage } from './translate.js';
import en from './i18n/workspace/en.js';
import sv from './i18n/workspace/sv.js';
import nb from './i18n/workspace/nb.js';
import da from './i18n/workspace/da.js';

export const WORKSPACE_STRINGS = { en, sv, nb, da };

// The facilitator's page language, shared with the facilitator page.
const LANG_KEY = 'ting:host-language';

// usePageLanguage puts the page in the facilitator's language and wires
// the page-language select; onChange() runs after every change.
export function usePageLanguage(select, onChange = () => {}) {
  const set = (next) => {
    useLanguage(next, { dictionaries: WORKSPACE_STRINGS });
    document.documentElement.lang = language();
    applyStatic(document, t);
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    select.value = language();
    onChange();
  };
  for (const code of LANGUAGES) select.append(el('option', { value: code, lang: code, text: LANGUAGE_NAMES[code] }));
  select.addEventListener('change', () => {
    storage.set(LANG_KEY, select.value);
    set(select.value);
  });
  set(normalizeLanguage(storage.get(LANG_KEY)) || browserLanguage());
}

// errorMessage is the page's words for an ApiError.
export function errorMessage(err) {
  const key = 'w_err_' + (err?.code || '');
  return t(key) !== key ? t(key) : t('w_err');
}
