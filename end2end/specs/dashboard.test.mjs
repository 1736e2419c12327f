// The dashboard's everyday paths on the demo estate: subscription filter, paging, export,
// PLS → connection → endpoint navigation and back, the Refresh button, and a narrow window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, launch, openPage, waitHydrated } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const rowNames = (page) => page.locator('main table tbody th').allTextContents();

/** Splits CSV text into records, honouring quotes (quoted commas, quotes and newlines). */
function parseCsv(text) {
  const records = [];
  let record = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

test('choosing a subscription filters the rows and lands in the URL', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/private-endpoints`);
  await waitHydrated(page);
  const all = await rowNames(page);
  const select = page.getByTestId('subscription-filter');
  const fabrikam = await select.locator('option', { hasText: 'Fabrikam' }).first().getAttribute('value');
  await select.selectOption([fabrikam]);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(new RegExp(`subscription=${fabrikam}`));
  assert.ok(!page.url().includes('&='), `no empty field in ${page.url()}`);
  await page.waitForFunction((n) => document.querySelectorAll('main table tbody tr').length < n, all.length);
  const subscriptions = await page.locator('main table tbody td:nth-of-type(1)').evaluateAll((cells) => cells.map((c) => c.title));
  assert.ok(subscriptions.length >= 1, 'Fabrikam has endpoints');
  assert.ok(subscriptions.every((s) => s === fabrikam), `only ${fabrikam}: ${subscriptions}`);
  assert.deepEqual(await select.evaluate((s) => [...s.selectedOptions].map((o) => o.value)), [fabrikam]);
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll('main table tbody tr').length === n, all.length);
  assert.deepEqual(page.problems, []);
});

test('the pager steps through the rows and back', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/connections?sort=name&limit=4`);
  await waitHydrated(page);
  const range = page.getByTestId('pager-range');
  const total = Number((await range.textContent()).match(/of (\d+)$/)[1]);
  assert.ok(total > 4, `more than one page: ${total}`);
  assert.equal(await range.textContent(), `1–4 of ${total}`);
  const first = await rowNames(page);
  await page.getByRole('link', { name: 'Next →' }).click();
  await page.waitForURL(/offset=4/);
  await page.waitForFunction(() => document.querySelector('[data-testid=pager-range]')?.textContent.startsWith('5–'));
  const second = await rowNames(page);
  assert.equal(second.length, Math.min(4, total - 4));
  assert.ok(second.every((n) => !first.includes(n)), 'the next page has other rows');
  await page.getByRole('link', { name: '← Previous' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=pager-range]')?.textContent.startsWith('1–'));
  assert.deepEqual(await rowNames(page), first);
  assert.deepEqual(page.problems, []);
});

test('the CSV export of a filtered view holds exactly its rows', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/connections?state=Pending&sort=name&limit=2`);
  await waitHydrated(page);
  const total = Number((await page.getByTestId('pager-range').textContent()).match(/of (\d+)$/)[1]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.match(download.suggestedFilename(), /^connections-\d{8}-\d{4}\.csv$/);
  const records = parseCsv(readFileSync(await download.path(), 'utf8'));
  const [header, ...rows] = records;
  assert.equal(rows.length, total, 'every matching row, not only the page of 2');
  const state = header.indexOf('state');
  assert.ok(rows.every((r) => r[state] === 'Pending'), 'only the filtered state');
  const names = rows.map((r) => r[header.indexOf('name')]);
  assert.deepEqual(names.slice(0, 2), await rowNames(page), 'in the order of the view');
  assert.deepEqual(page.problems, []);
});

test('from a PLS to its connection to the endpoint, and back', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/private-link-services?q=myPLS`);
  await waitHydrated(page);
  await page.locator('main table tbody').getByRole('link', { name: 'myPLS', exact: true }).click();
  await page.waitForURL(/\/resource\/subscriptions\/.*\/privateLinkServices\/myPLS$/);
  assert.equal(await page.locator('main h1').textContent(), 'myPLS');
  assert.match(await page.getByRole('link', { name: /Open in the Azure portal/ }).getAttribute('href'), /^https:\/\/portal\.azure\.com\/#@\/resource\/subscriptions\//);

  await page.locator('main table tbody').getByRole('link', { name: /^pe-batch-super-api\./ }).click();
  await page.waitForURL(/privateEndpointConnections\/pe-batch-super-api/);
  assert.equal(await page.locator('main h1').textContent(), 'pe-batch-super-api → myPLS', 'titled by its consumer and service');

  await page.getByTestId('connection-endpoint').click();
  await page.waitForURL(/privateEndpoints\/pe-batch-super-api$/);
  assert.equal(await page.locator('main h1').textContent(), 'pe-batch-super-api');
  assert.equal(await page.getByTestId('pe-target').textContent(), 'myPLS');

  await page.getByTestId('pe-provider-connection').click();
  await page.waitForURL(/privateEndpointConnections\/pe-batch-super-api/);
  await page.getByTestId('connection-service').click();
  await page.waitForURL(/privateLinkServices\/myPLS$/);
  assert.equal(await page.locator('main h1').textContent(), 'myPLS');

  await page.goBack();
  await page.waitForURL(/privateEndpointConnections\/pe-batch-super-api/);
  await page.goBack();
  await page.waitForURL(/privateEndpoints\/pe-batch-super-api$/);
  assert.equal(await page.locator('main h1').textContent(), 'pe-batch-super-api');
  assert.deepEqual(page.problems, []);
});

test('Refresh runs a sync and the page shows the new refresh time without reloading', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/pending`);
  await waitHydrated(page);
  const state = page.getByTestId('sync-state');
  const before = await state.getAttribute('title');
  assert.match(before, /^\d{4}-\d{2}-\d{2}T/);
  await page.evaluate(() => { window.__notReloaded = true; });
  await page.getByTestId('refresh').click();
  await page.waitForFunction((old) => {
    const title = document.querySelector('[data-testid=sync-state]')?.getAttribute('title');
    return title && title !== old;
  }, before, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__notReloaded), true, 'no full reload');
  assert.match(await state.textContent(), /^Last refreshed /);
  assert.deepEqual(page.problems, []);
});

test('a failed subscription is named in a banner on every page', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/private-endpoints`);
  const banner = page.getByTestId('sync-banner');
  assert.match(await banner.textContent(), /1 subscription could not be read/);
  assert.match(await banner.textContent(), /Restricted Finance/);
});

test('on a narrow window the page does not scroll sideways and the table scrolls in its box', async () => {
  const page = await openPage(context);
  await page.setViewportSize({ width: 420, height: 800 });
  await page.goto(`${BASE}/connections`);
  await waitHydrated(page);
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    box: document.querySelector('.table-scroll').clientWidth,
  }));
  assert.ok(widths.page <= widths.window, `page ${widths.page}px in a ${widths.window}px window`);
  assert.ok(widths.box <= widths.window);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pending connections' }).click();
  await page.waitForURL(`${BASE}/pending`);
  assert.deepEqual(page.problems, []);
});
