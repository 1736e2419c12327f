// Live updates (issue 18): with the Pending page open and its stream connected (the strip says
// "Live"), a new request made in Azure (the emulator) appears in the table, highlighted, without
// a reload, and the navigation's Pending count follows; a decision made elsewhere (the API)
// takes the row off the page the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitHydrated } from './browser.mjs';
import { startServer } from '../server.mjs';

const WOODGROVE = '5a9b1c3d-7e2f-4b6a-9d8c-0e1f2a3b4c5d';
const MY_PLS = '/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51/resourceGroups/'
  + 'MC_rg-aks-prod_aks-prod-weu_westeurope/providers/Microsoft.Network/privateLinkServices/myPLS';

// This spec changes the estate and polls Pending state each second: a server of its own.
let context;
let server;
before(async () => {
  server = await startServer(['--pending-interval', '1s'], 'end2end-live-server.log');
  context = await launch();
});
after(async () => {
  await context?.close();
  await server?.stop();
});

/** The built-in emulator's address, from the environment badge's detail. */
async function emulatorUrl(page) {
  const detail = await page.getByTestId('environment-badge').getAttribute('title');
  const url = detail.match(/at (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  assert.ok(url, `the badge names the emulator: ${detail}`);
  return url;
}

/** Makes Woodgrove's endpoint `name` ask myPLS to connect, as a consumer's deployment would. */
async function requestFromWoodgrove(emulator, name) {
  const group = `/subscriptions/${WOODGROVE}/resourceGroups/rg-woodgrove-integration`;
  const res = await fetch(`${emulator}${group}/providers/Microsoft.Network/privateEndpoints/${name}?api-version=2024-05-01`, {
    method: 'PUT',
    headers: { authorization: 'Bearer e2e', 'content-type': 'application/json' },
    body: JSON.stringify({
      location: 'northeurope',
      properties: {
        subnet: { id: `${group}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default` },
        manualPrivateLinkServiceConnections: [{
          name: 'to-super-api',
          properties: { privateLinkServiceId: MY_PLS, requestMessage: `${name} (WG-9003)` },
        }],
      },
    }),
  });
  assert.equal(res.status, 201, `the endpoint is created: ${res.status}`);
}

const navCount = async (page) => Number((await page.getByTestId('nav-pending').textContent()) || 0);

test('a new Pending request appears on the open Pending page, highlighted, and the nav count follows', async () => {
  const page = await openPage(context);
  await page.goto(`${server.base}/pending`);
  await waitHydrated(page);
  await page.getByTestId('live-state').waitFor({ timeout: 15_000 });
  // Set on this document only: a reload would lose it.
  await page.evaluate(() => { window.notReloaded = true; });
  const before = await navCount(page);
  assert.ok(before > 0, 'the demo estate has Pending requests');

  await requestFromWoodgrove(await emulatorUrl(page), 'pe-woodgrove-live');

  const row = page.locator('tr.row-new', { hasText: 'pe-woodgrove-live' });
  await row.waitFor({ timeout: 15_000 });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=nav-pending]').textContent || 0) === n,
    before + 1, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');

  // Decided elsewhere (the API, another person): the row leaves this page and the count drops.
  const listed = await (await fetch(`${server.base}/api/v1/connections?state=Pending&q=pe-woodgrove-live`)).json();
  assert.equal(listed.total, 1, JSON.stringify(listed));
  const { id } = listed.items[0];
  const outcome = await fetch(`${server.base}/api/v1/connections/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, description: 'approved by another person' }),
  });
  assert.equal(outcome.status, 200, await outcome.text());
  await page.locator('tr', { hasText: 'pe-woodgrove-live' }).waitFor({ state: 'detached', timeout: 15_000 });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=nav-pending]').textContent || 0) === n,
    before, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  assert.deepEqual(page.problems, []);
  await page.close();
});
