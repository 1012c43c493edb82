// The sign-in page: what /auth/status says decides what it offers. With an
// OpenID Provider configured, the organisation's sign-in; without, how to
// use the one-time link Ting prints at start. A signed-in browser may sign
// out here.

import { $ } from './common.js';
import { errorMessage, usePageLanguage } from './i18n-workspace.js';
import { t } from './translate.js';

const ui = {
  lang: $('#page-language'),
  signedIn: $('#signed-in'),
  signedInAs: $('#signed-in-as'),
  signedOut: $('#signed-out'),
  oidc: $('#oidc'),
  signOut: $('#sign-out'),
  error: $('#signin-error'),
  status: $('#page-status'),
};

let status = null; // the answer of /auth/status

function draw() {
  document.title = t('w_signinTitle');
  if (!status) return;
  ui.signedIn.hidden = !status.signedIn;
  ui.signedOut.hidden = status.signedIn;
  ui.oidc.hidden = !status.oidc;
  const f = status.facilitator;
  ui.signedInAs.textContent = f ? t('w_signedInAs', { name: f.name || f.email }) : '';
}

async function load() {
  try {
    const res = await fetch('/auth/status', { cache: 'no-store' });
    status = await res.json();
    ui.error.textContent = '';
  } catch {
    status = { signedIn: false, oidc: false };
    ui.error.textContent = t('w_err_network');
  }
  draw();
}

ui.signOut.addEventListener('click', async () => {
  try {
    const res = await fetch('/auth/logout', { method: 'POST' });
    if (!res.ok) throw Object.assign(new Error('logout'), { code: res.status === 401 ? 'unauthorized' : '' });
    await load();
    ui.status.textContent = t('w_signedOut');
    $('#signin-heading').focus?.();
  } catch (err) {
    ui.error.textContent = errorMessage(err);
  }
});

usePageLanguage(ui.lang, draw);
load();
