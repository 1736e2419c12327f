// Runs the browser tests: starts the built `linkcenter` on a free loopback port, waits for
// /readyz, runs every spec with node's test runner, stops the server, and prints a summary line.
//
// Usage: node end2end/run.mjs [path/to/linkcenter]   (default: target/release/linkcenter)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync, existsSync, createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const binary = resolve(root, process.argv[2] ?? 'target/release/linkcenter');
const siteRoot = resolve(root, 'target/site');
const READY_TIMEOUT_MS = 30_000;

function freePort() {
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

function runSpecs(base) {
  const specs = readdirSync(join(here, 'specs'))
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()
    .map((f) => join(here, 'specs', f));
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=tap', ...specs], {
      env: { ...process.env, LINKCENTER_BASE_URL: base },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
    child.on('exit', (code) => ok({ code, out }));
  });
}

async function main() {
  if (!existsSync(binary)) throw new Error(`no server binary at ${binary}: build it with \`cargo leptos build --release\``);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logPath = join(root, 'target', 'end2end-server.log');
  const log = createWriteStream(logPath);
  // A fresh audit database per run, so the specs see only their own actions.
  const database = join(mkdtempSync(join(tmpdir(), 'linkcenter-e2e-db-')), 'audit.db');
  const server = spawn(binary, ['serve', '--addr', `127.0.0.1:${port}`, '--site-root', siteRoot, '--database', database], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  let result;
  try {
    await waitReady(base, server);
    console.log(`end2end: server ready at ${base} (log: ${logPath})`);
    result = await runSpecs(base);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  }
  const count = (name) => Number((result.out.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail');
  console.log(`end2end: ${passed} passed, ${failed} failed`);
  if (server.exitCode !== 0 && server.signalCode === null) {
    console.error(`end2end: linkcenter did not shut down cleanly (exit ${server.exitCode})`);
    process.exit(1);
  }
  if (result.code !== 0 || failed > 0 || passed === 0) process.exit(1);
}

main().catch((error) => {
  console.error(`end2end: ${error.message}`);
  process.exit(1);
});
