// Runs the browser tests: starts the built `linkcenter` on a free loopback port, waits for
// /readyz, runs every spec with node's test runner, stops the server, and prints a summary line.
//
// Usage: node end2end/run.mjs [path/to/linkcenter]   (default: target/release/linkcenter)
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = resolve(root, process.argv[2] ?? 'target/release/linkcenter');
// The specs that start servers of their own use the same binary.
process.env.LINKCENTER_BINARY = binary;

function runSpecs(base, database) {
  const specs = readdirSync(join(here, 'specs'))
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()
    .map((f) => join(here, 'specs', f));
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=tap', ...specs], {
      env: { ...process.env, LINKCENTER_BASE_URL: base, LINKCENTER_BINARY: binary, LINKCENTER_E2E_DATABASE: database },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
    child.on('exit', (code) => ok({ code, out }));
  });
}

async function main() {
  if (!existsSync(binary)) throw new Error(`no server binary at ${binary}: build it with \`cargo leptos build --release\``);
  // The shared server runs the example approval policies in dry-run (end2end/policies.yaml)
  // and a notification target (end2end/notifications.yaml).
  const server = await startServer(['--policies', join(root, 'end2end', 'policies.yaml'),
    '--notifications', join(root, 'end2end', 'notifications.yaml')]);
  console.log(`end2end: server ready at ${server.base} (log: ${server.log})`);
  let result;
  let stopped;
  try {
    result = await runSpecs(server.base, server.database);
  } finally {
    stopped = await server.stop();
  }
  const count = (name) => Number((result.out.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail');
  console.log(`end2end: ${passed} passed, ${failed} failed`);
  if (stopped.exitCode !== 0 && stopped.signalCode === null) {
    console.error(`end2end: linkcenter did not shut down cleanly (exit ${stopped.exitCode})`);
    process.exit(1);
  }
  if (result.code !== 0 || failed > 0 || passed === 0) process.exit(1);
}

main().catch((error) => {
  console.error(`end2end: ${error.message}`);
  process.exit(1);
});
