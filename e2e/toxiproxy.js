// A real Toxiproxy between Chromium and Ting, for tests over a slow link.
// The server is built from the Go module proxy at a fixed version into a
// temporary folder (the build cache makes later runs quick), started on free
// ports, and given one proxy in front of Ting with latency both ways.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TOXIPROXY_VERSION = 'v2.5.0';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// startToxiproxy builds and starts Toxiproxy and a proxy named "ting" to
// upstream (host:port); its base URL is the proxy's, api its control API.
export async function startToxiproxy(upstream) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ting-toxiproxy-'));
  const build = spawnSync('go', ['install', `github.com/Shopify/toxiproxy/v2/cmd/server@${TOXIPROXY_VERSION}`], {
    env: { ...process.env, GOBIN: dir },
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, `building toxiproxy failed:\n${build.stdout}${build.stderr}`);
  const apiPort = await freePort();
  const listenPort = await freePort();
  let log = '';
  const proc = spawn(path.join(dir, 'server'), ['-host', '127.0.0.1', '-port', String(apiPort), '-proxy-metrics'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const api = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      if ((await fetch(`${api}/version`)).ok) break;
    } catch {
      /* not up yet */
    }
    assert.ok(Date.now() < deadline && proc.exitCode === null, `toxiproxy did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const post = async (url, body) => {
    const res = await fetch(`${api}${url}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.ok, `toxiproxy ${url}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  await post('/proxies', { name: 'ting', listen: `127.0.0.1:${listenPort}`, upstream, enabled: true });
  return {
    base: `http://127.0.0.1:${listenPort}`,
    api,
    get log() {
      return log;
    },
    // latency adds ms each way, so a round trip takes twice that more.
    async latency(ms) {
      for (const stream of ['upstream', 'downstream']) {
        await post('/proxies/ting/toxics', { name: `latency_${stream}`, type: 'latency', stream, attributes: { latency: ms, jitter: 0 } });
      }
    },
    // bytes reads what went through the proxy so far: down (to the browser)
    // and up (from it), from Toxiproxy's own counters.
    async bytes() {
      const text = await (await fetch(`${api}/metrics`)).text();
      const read = (direction) => {
        const re = new RegExp(`^toxiproxy_proxy_sent_bytes_total\\{[^}]*direction="${direction}"[^}]*proxy="ting"[^}]*\\} (\\S+)$`, 'm');
        const m = text.match(re);
        return m ? Number(m[1]) : 0;
      };
      return { down: read('downstream'), up: read('upstream') };
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
