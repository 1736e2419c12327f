// Starting and stopping a built `linkcenter` for the browser tests: on a free loopback port,
// with a fresh audit database, its output in a log file, ready once /readyz answers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..');
/** The binary under test: `LINKCENTER_BINARY` (set by run.mjs), else the release build. */
const binary = () => process.env.LINKCENTER_BINARY ?? resolve(root, 'target/release/linkcenter');
const siteRoot = resolve(root, 'target/site');
const READY_TIMEOUT_MS = 30_000;

export function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

async function waitReady(base, server) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`linkcenter exited with ${server.exitCode} before it was ready`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`linkcenter was not ready within ${READY_TIMEOUT_MS} ms`);
}

/**
 * Starts the demo estate with `extraArgs` (e.g. `--auth proxy …`), on `port` when given (else a
 * free one) with `env` added to the environment; its log goes to
 * `target/<logName>`. Answers `{ base, log, database, stop }`; `stop()` ends it and waits.
 */
export async function startServer(extraArgs = [], logName = 'end2end-server.log', { port: fixed, env = {} } = {}) {
  const port = fixed ?? await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logPath = join(root, 'target', logName);
  const log = createWriteStream(logPath);
  // A fresh audit database per server, so the specs see only their own actions.
  const database = join(mkdtempSync(join(tmpdir(), 'linkcenter-e2e-db-')), 'audit.db');
  // Specs share one user and one server, and several click Refresh: no wait between syncs asked
  // for (the once-per-interval limit is tested in server/tests/integration/hardening.rs).
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--site-root', siteRoot, '--database', database,
    '--sync-request-interval', '0', ...extraArgs];
  const server = spawn(binary(), args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.once('exit', r)));
    return server;
  };
  try {
    await waitReady(base, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, log: logPath, database, stop, process: server };
}
