// The workspace (/workspace): the signed-in facilitator's sessions and the
// ones shared with them, their API keys, a sign-in link for another device
// and, for an owner, the organisation's facilitators. Without a login the
// page sends the browser to /signin.

import { $, api } from './common.js';
import { errorMessage, usePageLanguage } from './i18n-workspace.js';
import { t } from './translate.js';
import { mountKeys } from './workspace/keys.js';
import { mountSessions } from './workspace/list.js';
import { mountPeople } from './workspace/people.js';
import { mountPhoneLink } from './workspace/phone-link.js';

const ui = {
  lang: $('#page-language'),
  who: $('#who'),
  error: $('#workspace-error'),
};

let me = null;
const redraws = [];

function drawWho() {
  document.title = t('w_workspaceTitle');
  ui.who.textContent = me ? t('w_signedInAs', { name: me.name || me.email }) : '';
}

// say announces text in the page's status line.
export function say(text) {
  const node = $('#page-status');
  node.textContent = '';
  setTimeout(() => (node.textContent = text), 30);
}

// fail shows an error of any panel at the top of the page.
export function fail(err) {
  ui.error.textContent = err ? errorMessage(err) : '';
}

usePageLanguage(ui.lang, () => {
  drawWho();
  for (const r of redraws) r();
});

try {
  me = await api('/me');
} catch (err) {
  if (err.status === 401) location.replace('/signin');
  else fail(err);
}
if (me) {
  drawWho();
  const ctx = { me, say, fail };
  redraws.push(mountSessions(ctx).redraw);
  redraws.push(mountKeys(ctx).redraw);
  mountPhoneLink($('#phone-link'), $('#phone-qr'), { next: '/workspace', fail });
  if (me.role === 'owner') redraws.push(mountPeople(ctx).redraw);
}
