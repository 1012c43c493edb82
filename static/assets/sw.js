// The phone page's service worker: it keeps the phone page and every file
// it loads, so a phone that lost the venue's Wi-Fi still opens the page (and
// outbox.js shows the last question and keeps the answers). The server
// serves it at /sw.js, its first line set to
// self.TING_OFFLINE = {version, pages, assets}: the routes of the pages and
// the versioned URLs of their files.
//
// Pages: the network first (a fresh page names the newest files), the kept
// copy when there is no network. Files of this build (/assets/<version>/…):
// the kept copy first; they never change under their URL. Everything else
// (the API, the WebSocket, the other pages) is not touched.

const { version, pages, assets } = self.TING_OFFLINE;
const CACHE = `ting-${version}`;

// install keeps the pages and their files. The page that registered the
// worker has just loaded them all, so they come from the browser's HTTP
// cache (force-cache), not over the network again: the page under the
// address it was opened at (/?code=…), kept under its route.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      await Promise.all(
        pages.map(async (route) => {
          const seen = open.map((c) => new URL(c.url)).find((u) => u.origin === self.location.origin && u.pathname === route);
          const url = seen ? seen.href : route;
          let res = await fetch(new Request(url, { cache: 'force-cache' }));
          // A copy of an older build (this worker replaces one) names files
          // this cache will not hold: ask the server for the page of now.
          if (!res.ok || !(await res.clone().text()).includes(`/assets/${version}/`)) {
            res = await fetch(new Request(url, { cache: 'no-cache' }));
          }
          if (res.ok) await cache.put(route, res);
        }),
      );
      await cache.addAll(assets.map((url) => new Request(url, { cache: 'force-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('ting-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && pages.includes(url.pathname)) {
    event.respondWith(networkFirst(req, url.pathname));
  } else if (url.pathname.startsWith(`/assets/${version}/`)) {
    // Every file of this build: the listed ones are kept at install, any
    // other (a module imported on demand) once it has been fetched.
    event.respondWith(keptFirst(req));
  }
});

async function networkFirst(req, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (err) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw err;
  }
}

async function keptFirst(req) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(req);
  if (kept) return kept;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}
