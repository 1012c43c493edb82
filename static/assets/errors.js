// One way to show an error from the server on every panel: ours for a
// known code (the facilitator's apiErr_ strings, then the shared err_
// ones), and the server's reason for a refused value in its own words
// (English, marked so).

import { el } from './common.js';
import { t } from './translate.js';

const known = (key) => (t(key) === key ? '' : t(key));

// errorText is the message for an error {code, message} of the REST API
// or of an error frame.
export function errorText(err) {
  if (!err) return '';
  const code = err.code || 'generic';
  return known('apiErr_' + code) || known('err_' + code) || known('apiErr_generic') || err.message || t('err_generic');
}

// errorDetail is the server's reason for a refused value or a quota (it
// names the quota), or ''.
export function errorDetail(err) {
  return err && (err.code === 'bad_request' || err.code === 'invalid_answer' || err.code === 'limit_reached') && err.message ? err.message : '';
}

// errorLine is errorText and the server's reason in one line of text (a toast).
export function errorLine(err) {
  return [errorText(err), errorDetail(err)].filter(Boolean).join(' ');
}

// showError writes err into node (and empties it for no error).
export function showError(node, err) {
  node.replaceChildren();
  if (!err) return;
  node.append(errorText(err));
  const detail = errorDetail(err);
  if (detail) node.append(el('span', { class: 'notice-detail', lang: 'en', text: ' ' + detail }));
}
