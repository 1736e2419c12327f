// API tokens (issue 19): a token made with `linkcenter token create` on the shared server's store
// shows on the Policies page (never its secret), its first use shows as its last use, and once
// revoked with `linkcenter token revoke` it is listed as revoked and refused by the API; the
// server's log never holds the secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../server.mjs';
import { BASE, launch, openPage, waitHydrated } from './browser.mjs';

const binary = process.env.LINKCENTER_BINARY;
const database = process.env.LINKCENTER_E2E_DATABASE;

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const linkcenter = (...args) => execFileSync(binary, [...args, '--database', database], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('a token shows on the Policies page with its use, and is refused once revoked', async (t) => {
  if (!binary || !database) return t.skip('needs run.mjs (LINKCENTER_BINARY, LINKCENTER_E2E_DATABASE)');
  const secret = linkcenter('token', 'create', '--name', 'e2e-pipeline', '--role', 'approver', '--expires', '7d').trim();
  assert.match(secret, /^lc_[0-9a-f]{64}$/);

  const page = await openPage(context);
  await page.goto(`${BASE}/policies`);
  await waitHydrated(page);
  const row = page.getByTestId('token-row').filter({ hasText: 'e2e-pipeline' });
  assert.equal(await row.count(), 1);
  const cells = await row.locator('th, td').allTextContents();
  assert.equal(cells[1], 'approver');
  assert.equal(cells[2], 'all subscriptions');
  assert.equal(cells[5], 'never', 'not used yet');
  assert.equal(await row.getAttribute('data-status'), 'active');
  assert.ok(!(await page.content()).includes(secret.slice(3)), 'the page never holds the secret');

  const used = await fetch(`${BASE}/api/v1/connections?state=Pending`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(used.status, 200);
  await page.reload();
  await waitHydrated(page);
  assert.notEqual(await row.locator('td').nth(4).textContent(), 'never', 'its use shows');

  linkcenter('token', 'revoke', 'e2e-pipeline');
  const refused = await fetch(`${BASE}/api/v1/connections`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(refused.status, 401);
  assert.match((await refused.json()).error.message, /'e2e-pipeline' was revoked/);
  await page.reload();
  await waitHydrated(page);
  assert.equal(await row.getAttribute('data-status'), 'revoked');
  const log = readFileSync(join(root, 'target', 'end2end-server.log'), 'utf8');
  assert.ok(log.length > 0 && !log.includes(secret.slice(3)), 'the server never logs the secret');
  assert.deepEqual(page.problems, []);
});
