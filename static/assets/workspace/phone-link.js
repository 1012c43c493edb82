// "Sign in on another device": a one-time sign-in link (POST /me/links)
// drawn as a QR code, so that the facilitator's phone, scanning it, is
// signed in as them and lands on next (the remote, the workspace).

import { api, el } from '../common.js';
import { t } from '../translate.js';

// mountPhoneLink makes button ask for a link and show its code in box.
// next() (or a string) is the local page the phone opens once signed in;
// keys name the page's strings for the code's alt text and its expiry.
export function mountPhoneLink(button, box, { next = '/host', fail = () => {}, keys = { alt: 'w_phoneQrAlt', expires: 'w_expires' } } = {}) {
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', box.id);
  button.addEventListener('click', async () => {
    if (!box.hidden) {
      box.hidden = true;
      box.replaceChildren();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    try {
      const to = typeof next === 'function' ? next() : next;
      const link = await api('/me/links', { method: 'POST', body: { next: to } });
      const until = new Date(link.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      box.replaceChildren(
        el('img', { class: 'qr', src: link.qr, alt: t(keys.alt), width: '200', height: '200' }),
        el('p', { class: 'hint', text: t(keys.expires, { time: until }) }),
      );
      box.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      fail(null);
    } catch (err) {
      fail(err);
    }
  });
}
