// Every entry of the main navigation loads its page, inside the shell, without errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, waitHydrated } from './browser.mjs';

// Each page and what it shows on the demo estate: a table of data, or (pages still to come) an
// empty-state message.
const NAV = [
  ['Overview', '/', 'main table'],
  ['Private link services', '/private-link-services', 'main table'],
  ['Private endpoints', '/private-endpoints', 'main table'],
  ['Pending connections', '/pending', 'main table'],
  ['Connections', '/connections', 'main table'],
  ['Graph', '/graph', 'main [data-testid="graph-canvas"] svg'],
  ['Findings', '/findings', 'main table'],
  ['Changes', '/changes', 'main .empty-state'],
  ['Policies', '/policies', 'main [data-testid="policy"]'],
  ['Audit', '/audit', 'main .empty-state'],
];

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('every nav link loads its page with its title and its content', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/audit`);
  await waitHydrated(page);
  for (const [label, path, content] of NAV) {
    // Pending's link also names how many wait ("Pending connections 3 waiting for a decision").
    const name = new RegExp(`^${label}\\s*(\\d+ waiting for a decision)?$`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    await page.waitForURL(`${BASE}${path}`);
    assert.equal(await page.locator('main h1').textContent(), label, `h1 of ${path}`);
    assert.match(await page.title(), new RegExp(`^${label} · Link Center$`));
    await page.locator(content).first().waitFor({ timeout: 10_000 });
    const current = page.locator('nav[aria-label="Main"] a[aria-current="page"]');
    assert.match(await current.textContent(), new RegExp(`^${label}\\d*$`), `current nav item on ${path}`);
  }
  assert.deepEqual(page.problems, []);
});

test('each page also loads directly, server-rendered, with the environment badge', async () => {
  const page = await openPage(context);
  for (const [label, path, content] of NAV) {
    const response = await page.goto(`${BASE}${path}`);
    assert.equal(response.status(), 200, path);
    assert.equal(await page.locator('main h1').textContent(), label);
    assert.equal(await page.getByTestId('environment-badge').textContent(), 'Demo estate');
    assert.ok(await page.locator(content).count() >= 1, `${content} on ${path}`);
  }
  assert.deepEqual(page.problems, []);
});
