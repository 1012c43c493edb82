// Shared helpers of the three pages: DOM building (text only, never HTML),
// the REST client and a WebSocket that reconnects by itself.

// el builds an element. attrs: "class", "text" (textContent), "on<event>"
// handlers, "dataset" (object), booleans (set when true), anything else as an
// attribute. Children are nodes or strings (added as text, never as HTML).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

// formatCode groups a session code for reading: 12345678 -> "1234 5678".
export function formatCode(code) {
  const s = String(code || '');
  if (s.length <= 4) return s;
  const cut = s.length === 6 ? 3 : 4;
  return s.slice(0, cut) + ' ' + s.slice(cut);
}

// uid returns a random identifier for answer refs.
export function uid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// storage wraps localStorage so that private modes that refuse it do not break a page.
export const storage = {
  get(key) {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? null : JSON.parse(raw);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* storage full or refused: the page still works, it only forgets */
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

// ApiError carries the contract's {"error": {"code", "message"}} and the HTTP status.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || 'http_' + status;
  }
}

// api calls the REST API under /api/v1 with the facilitator's bearer token.
// It returns the parsed JSON body (or the Response for raw: true).
export async function api(path, { method = 'GET', token, body, raw = false, signal, headers: extra } = {}) {
  const headers = { Accept: raw ? '*/*' : 'application/json', ...(extra || {}) };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection.');
  }
  if (!res.ok) {
    let code = '';
    let message = '';
    try {
      const data = await res.json();
      code = data?.error?.code || '';
      message = data?.error?.message || '';
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, code, message || `${res.status} ${res.statusText}`);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

// LiveSocket is a WebSocket to /ws that reconnects by itself: exponential
// backoff with jitter after a loss, at once when the page becomes visible or
// the device comes back online, and an application ping that detects a dead
// connection (phones that slept, Wi-Fi that changed) faster than TCP does.
//
// onopen(socket) runs on every (re)connect and must send the hello frame
// (join or present); onmessage(msg) gets every parsed frame but pong;
// onstate(state) gets "connecting", "open", "reconnecting" or "offline".
export class LiveSocket {
  constructor({ onopen, onmessage, onstate }) {
    this.onopen = onopen;
    this.onmessage = onmessage;
    this.onstate = onstate || (() => {});
    this.ws = null;
    this.attempt = 0;
    this.retryTimer = 0;
    this.pingTimer = 0;
    this.deadTimer = 0;
    this.stopped = true;
    this.state = '';
    this.wake = () => this.connectNow();
    this.onVisibility = () => {
      if (document.visibilityState === 'visible') this.connectNow();
    };
    // The browser knows the link is gone: the socket cannot carry a frame,
    // so answers must wait (and say so) rather than be written into it.
    this.onOffline = () => {
      if (this.stopped) return;
      this.drop();
      this.scheduleRetry(0);
    };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('online', this.wake);
    window.addEventListener('pageshow', this.wake);
    window.addEventListener('offline', this.onOffline);
    this.open();
  }

  stop() {
    this.stopped = true;
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('online', this.wake);
    window.removeEventListener('pageshow', this.wake);
    window.removeEventListener('offline', this.onOffline);
    clearTimeout(this.retryTimer);
    this.drop();
  }

  get isOpen() {
    return !!this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  // send writes one frame; it returns false when the socket is not open.
  send(msg) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onstate(state);
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws`;
  }

  open() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retryTimer);
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleRetry(0);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      this.armPing();
      this.onopen(this);
    };
    ws.onmessage = (ev) => {
      this.alive();
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (!msg || msg.type === 'pong') return;
      this.onmessage(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearPing();
      this.scheduleRetry(ev.code);
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  // drop forgets the current socket without waiting for its close handshake.
  drop() {
    this.clearPing();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000);
      } catch {
        /* already closed */
      }
    }
  }

  scheduleRetry(closeCode) {
    if (this.stopped) return;
    if (navigator.onLine === false) {
      // The "online" event reconnects at once; keep a slow retry in case it never fires.
      this.setState('offline');
    } else {
      this.setState('reconnecting');
    }
    // 1001: the server restarts; 4000: we were too slow. Both come back quickly.
    const base = closeCode === 1001 || closeCode === 4000 ? 250 : 500;
    const ceiling = Math.min(15000, base * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt = Math.min(this.attempt + 1, 10);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  // connectNow skips the backoff (page visible again, device online again).
  // An open socket is checked with a ping, since it may be dead after sleep.
  connectNow() {
    if (this.stopped) return;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.probe(4000);
      return;
    }
    if (this.ws && this.ws.readyState === WebSocket.CONNECTING) return;
    this.attempt = 0;
    this.drop();
    this.open();
  }

  alive() {
    clearTimeout(this.deadTimer);
    this.deadTimer = 0;
  }

  armPing() {
    this.clearPing();
    this.pingTimer = setInterval(() => this.probe(10000), 25000);
  }

  clearPing() {
    clearInterval(this.pingTimer);
    clearTimeout(this.deadTimer);
    this.pingTimer = 0;
    this.deadTimer = 0;
  }

  // probe sends a ping; without any frame back within timeout the socket is
  // taken as dead and replaced.
  probe(timeout) {
    if (!this.send({ type: 'ping' })) return;
    if (this.deadTimer) return;
    this.deadTimer = setTimeout(() => {
      this.deadTimer = 0;
      this.drop();
      this.attempt = 0;
      this.open();
    }, timeout);
  }
}

// displayHost is how a join URL is written on a screen: no scheme, no query.
export function displayHost(url) {
  try {
    const u = new URL(url, location.href);
    const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
    return u.host + path;
  } catch {
    return location.host;
  }
}

// isTypingTarget reports whether a key press goes to something the user
// types or picks in (then page shortcuts stay quiet).
export function isTypingTarget(target) {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return false;
}

// safeName turns a title into a file name part.
export function safeName(s, fallback = 'ting') {
  return (
    String(s || '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || fallback
  );
}

// downloadBlob saves a blob under a file name.
export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// clock writes whole seconds as m:ss.
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// Countdown shows the seconds left of a countdown the server started. It
// counts from the remainingMs the server sent (clocks need not agree).
// draw(node, seconds) writes the text; onZero runs once when it reaches 0.
export class Countdown {
  constructor(node, { draw, onZero } = {}) {
    this.node = node;
    this.draw = draw || ((n, s) => (n.textContent = clock(s)));
    this.onZero = onZero || (() => {});
    this.timer = 0;
    this.end = 0;
    this.shown = -1;
  }

  get running() {
    return this.end > 0;
  }

  // remaining is the milliseconds left (0 when stopped).
  get remaining() {
    return this.end ? Math.max(0, this.end - performance.now()) : 0;
  }

  // set starts (or corrects) the countdown; 0, null or undefined stops and hides it.
  set(remainingMs) {
    clearInterval(this.timer);
    this.timer = 0;
    if (!(remainingMs > 0)) {
      this.end = 0;
      this.shown = -1;
      this.node.hidden = true;
      delete this.node.dataset.seconds;
      return;
    }
    this.end = performance.now() + remainingMs;
    this.node.hidden = false;
    this.tick();
    this.timer = setInterval(() => this.tick(), 200);
  }

  tick() {
    const left = Math.max(0, this.end - performance.now());
    const s = Math.ceil(left / 1000);
    if (s !== this.shown) {
      this.shown = s;
      this.node.dataset.seconds = String(s);
      this.draw(this.node, s);
    }
    if (left <= 0) {
      clearInterval(this.timer);
      this.timer = 0;
      this.end = 0;
      this.onZero();
    }
  }
}

let dialogSeq = 0;

// confirmDialog asks a yes/no question in a modal dialog (focus stays in it,
// Escape cancels) and resolves to true when confirmed. text is set as text.
export function confirmDialog({ title, text = '', confirm = 'OK', cancel = 'Cancel', className = '' }) {
  return new Promise((resolve) => {
    const id = `dialog-title-${++dialogSeq}`;
    const yes = el('button', { class: 'btn btn-primary', type: 'button', text: confirm });
    const no = el('button', { class: 'btn', type: 'button', text: cancel });
    const dlg = el(
      'dialog',
      { class: `dialog ${className}`.trim(), 'aria-labelledby': id },
      el('h2', { id, class: 'dialog-title', text: title }),
      text ? el('p', { class: 'dialog-text', text }) : null,
      el('div', { class: 'dialog-actions' }, no, yes),
    );
    let result = false;
    yes.addEventListener('click', () => {
      result = true;
      dlg.close();
    });
    no.addEventListener('click', () => dlg.close());
    dlg.addEventListener(
      'close',
      () => {
        dlg.remove();
        resolve(result);
      },
      { once: true },
    );
    document.body.append(dlg);
    dlg.showModal();
    yes.focus();
  });
}
