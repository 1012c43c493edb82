// The big screen's toast: a short line that goes by itself.

import { $ } from '../common.js';

let timer = 0;

export function toast(text) {
  const node = $('#toast');
  clearTimeout(timer);
  node.textContent = text;
  timer = setTimeout(() => (node.textContent = ''), 5000);
}
