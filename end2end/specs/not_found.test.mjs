// Unknown paths: the HTML 404 page for the dashboard, a JSON error for the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('an unknown path shows the 404 page inside the shell', async () => {
  const page = await openPage(context);
  const response = await page.goto(`${BASE}/no/such/page`);
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('main h1').textContent(), 'Page not found');
  assert.match(await page.getByTestId('not-found').textContent(), /\/no\/such\/page/);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 1);
  await page.getByRole('link', { name: 'Go to the Overview' }).click();
  await page.waitForURL(`${BASE}/`);
  assert.equal(await page.locator('main h1').textContent(), 'Overview');
});

test('an unknown API path answers a JSON error', async () => {
  const response = await fetch(`${BASE}/api/v1/nothing`);
  assert.equal(response.status, 404);
  const body = await response.json();
  assert.equal(body.error.code, 'NotFound');
});
