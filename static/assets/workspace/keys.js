// The facilitator's API keys: created with a name (the secret shown once,
// here), listed without secrets, revoked.

import { $, api, el } from '../common.js';
import { t } from '../translate.js';

const ui = {
  form: $('#key-form'),
  name: $('#key-name'),
  fresh: $('#new-key'),
  empty: $('#no-keys'),
  list: $('#key-list'),
};

let keys = [];

// showSecret puts a secret shown once into box, selected for copying.
export function showSecret(box, label, secret) {
  const out = el('input', { class: 'secret', type: 'text', readonly: '', value: secret, 'aria-label': label });
  box.replaceChildren(el('p', { text: label }), out);
  box.hidden = false;
  out.focus();
  out.select();
}

function draw(ctx) {
  ui.empty.hidden = keys.length > 0;
  ui.list.replaceChildren(
    ...keys.map((k) => {
      const rm = el('button', { class: 'btn btn-small', type: 'button', 'aria-label': t('w_revokeKey', { name: k.name }), text: t('w_revoke') });
      rm.addEventListener('click', async () => {
        try {
          await api(`/me/keys/${encodeURIComponent(k.id)}`, { method: 'DELETE' });
          ctx.say(t('w_revoked', { name: k.name }));
          ui.fresh.hidden = true;
          await load(ctx);
          ui.name.focus();
        } catch (err) {
          ctx.fail(err);
        }
      });
      const date = new Date(k.createdAt).toLocaleDateString(document.documentElement.lang);
      return el('li', { 'data-key': k.id }, el('span', { text: `${k.name} · ${date}` }), ' ', rm);
    }),
  );
}

async function load(ctx) {
  try {
    keys = (await api('/me/keys')).keys || [];
  } catch (err) {
    ctx.fail(err);
  }
  draw(ctx);
}

export function mountKeys(ctx) {
  ui.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = ui.name.value.trim();
    if (!name) {
      ui.name.setAttribute('aria-invalid', 'true');
      ui.name.focus();
      return;
    }
    ui.name.removeAttribute('aria-invalid');
    try {
      const k = await api('/me/keys', { method: 'POST', body: { name } });
      ui.name.value = '';
      await load(ctx);
      showSecret(ui.fresh, t('w_newKey'), k.apiKey);
      ctx.fail(null);
    } catch (err) {
      ctx.fail(err);
    }
  });
  load(ctx);
  return { redraw: () => draw(ctx) };
}
