// The facilitator page and the login: whether the facilitator is signed
// in (/auth/status), the top bar's links to the workspace and the sign-in
// page, the notice that creating sessions needs a sign-in, the phone
// remote's sign-in code, and which session and view the address asks for
// (/host?s=<id> opens one by the login, /host?remote is the phone's remote,
// /host?new the new-session form).

import { $ } from '../common.js';
import { t } from '../translate.js';
import { mountPhoneLink } from '../workspace/phone-link.js';
import { session } from './session.js';

const ui = {
  workspace: $('#to-workspace'),
  account: $('#account'),
  signInNeeded: $('#signin-needed'),
  remoteButton: $('#phone-remote'),
  remoteBox: $('#phone-remote-qr'),
  remoteCard: $('#remote-card'),
  fullPage: $('#full-page'),
};

let status = { signedIn: false, oidc: false, facilitator: null };

const params = new URLSearchParams(location.search);

// wanted is what the address asks for: {id, remote, fresh}.
export const wanted = () => ({ id: params.get('s') || '', remote: params.has('remote'), fresh: params.has('new') });

export const signedIn = () => status.signedIn;

// loadLogin asks the server whether this browser is signed in.
export async function loadLogin() {
  try {
    const res = await fetch('/auth/status', { cache: 'no-store' });
    if (res.ok) status = await res.json();
  } catch {
    /* offline: the page works as for a facilitator who is not signed in */
  }
  return status;
}

// drawLogin writes the login's parts of the page in its language.
export function drawLogin() {
  const f = status.facilitator;
  ui.workspace.hidden = !status.signedIn;
  ui.account.textContent = status.signedIn ? t('h_signedInAs', { name: f?.name || f?.email || '' }) : t('h_signIn');
  ui.signInNeeded.hidden = status.signedIn;
  ui.remoteCard.hidden = !status.signedIn;
  const s = session();
  if (s) ui.fullPage.href = `/host?s=${encodeURIComponent(s.id)}`;
}

// mountLogin wires the phone remote's sign-in code; a remote view gets its class.
export function mountLogin({ onError }) {
  if (wanted().remote) document.body.classList.add('remote');
  mountPhoneLink(ui.remoteButton, ui.remoteBox, {
    next: () => `/host?remote&s=${encodeURIComponent(session()?.id || '')}`,
    fail: onError,
    keys: { alt: 'h_remoteQrAlt', expires: 'h_remoteExpires' },
  });
}
