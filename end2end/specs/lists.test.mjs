// The list pages on the demo estate: Pending shows Front Door's request, the filter form and the
// sort links drive the URL, a bad filter shows its message, and the pages work without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, launchWithoutScript, openPage, waitHydrated } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const rowNames = (page) => page.locator('main table tbody th').allTextContents();
const rowStates = (page) => page.locator('main table tbody .state').allTextContents();

test('the Pending page lists Front Door\'s request, oldest first', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/pending`);
  await waitHydrated(page);
  const table = page.locator('main table');
  assert.equal(await table.locator('caption').textContent(), 'Pending connections');
  const frontDoor = table.locator('td.consumer', { hasText: 'Front Door afd-contoso, origin super-api-weu' });
  assert.equal(await frontDoor.count(), 1);
  assert.match(await frontDoor.getByTestId('front-door-host').textContent(), /\.azurefd\.net/, 'and the endpoint host that asked');
  const states = await rowStates(page);
  assert.ok(states.length >= 3, `several pending rows: ${states}`);
  assert.ok(states.every((s) => s === 'Pending'), `only Pending rows: ${states}`);
  const ages = await table.locator('tbody td.nowrap').allTextContents();
  assert.ok(ages.some((t) => / ago$/.test(t)), `ages, not timestamps: ${ages}`);
  const requested = (await table.locator('tbody td.nowrap').evaluateAll((cells) => cells.map((c) => c.title))).filter((t) => t !== '');
  assert.deepEqual(requested, [...requested].sort(), 'oldest request first');
  assert.match(await page.getByTestId('pager-range').textContent(), /^1–\d+ of \d+$/);
  assert.deepEqual(page.problems, []);
});

test('the Pending page shows what the Front Door policy would do, and why', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/pending`);
  await waitHydrated(page);
  const verdicts = page.getByTestId('policy-verdict');
  assert.equal(await verdicts.count(), 1, 'only Front Door\'s request matches the policy');
  assert.equal(await verdicts.textContent(), 'Policy afd-contoso-to-super-api would approve');
  const row = page.locator('main table tbody tr').filter({ has: verdicts });
  assert.match(await row.locator('td.consumer').textContent(), /^Front Door afd-contoso, origin /);
  assert.match(await verdicts.getAttribute('title'), /Front Door profile afd-contoso asks through its origin/);
  const api = await (await fetch(`${BASE}/api/v1/policies`)).json();
  assert.equal(api.mode, 'dry-run');
  assert.equal(api.policies[0].matches, 1);
  assert.deepEqual(page.problems, []);
});

test('the Policies page lists the policy in words, its match, and leads to the connection\'s verdict', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/policies`);
  await waitHydrated(page);
  assert.match(await page.getByTestId('policies-mode').textContent(), /^dry-run: /);
  assert.match(await page.getByTestId('policies-hash').textContent(), /^[0-9a-f]{64}$/);
  const policy = page.getByTestId('policy');
  assert.equal(await policy.count(), 1);
  assert.equal(await policy.locator('h2').textContent(), 'afd-contoso-to-super-api — approve');
  const conditions = await policy.locator('li').allTextContents();
  assert.ok(conditions.some((c) => c.startsWith('the request comes from Front Door profile /subscriptions/')), `${conditions}`);
  assert.ok(conditions.includes('at most 20 per sync, oldest request first'), `${conditions}`);
  assert.equal(await policy.getByTestId('policy-matches').textContent(), 'Matches 1 Pending connection now.');
  const verdict = page.getByTestId('policy-verdict-row');
  assert.equal(await verdict.getByTestId('policy-verdict').textContent(), 'Policy afd-contoso-to-super-api would approve');

  await verdict.locator('th a').click();
  await page.waitForURL(/\/resource\/subscriptions\/.*\/privateEndpointConnections\//i);
  const section = page.locator('section.detail-section', { has: page.getByRole('heading', { name: 'Approval policy' }) });
  assert.match(await section.textContent(), /Policy afd-contoso-to-super-api would approve/);
  assert.match(await section.textContent(), /dry-run: nothing is sent to Azure/);
  assert.deepEqual(page.problems, []);
});

test('filtering Connections by state through the form changes the URL and the rows', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/connections`);
  await waitHydrated(page);
  const before = new Set(await rowStates(page));
  assert.ok(before.size > 1, `several states before filtering: ${[...before]}`);

  await page.getByLabel('State').selectOption('Rejected');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/[?&]state=Rejected(&|$)/);
  await page.waitForFunction(() => {
    const states = [...document.querySelectorAll('main table tbody .state')].map((e) => e.textContent);
    return states.length > 0 && states.every((s) => s === 'Rejected');
  });
  const after = await rowStates(page);
  assert.ok(after.length >= 1 && after.every((s) => s === 'Rejected'), `${after}`);
  assert.equal(await page.getByLabel('State').inputValue(), 'Rejected');
  assert.deepEqual(page.problems, []);
});

test('a column header link sorts the table and a second click reverses it', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/connections`);
  await waitHydrated(page);
  const header = page.locator('main table thead').getByRole('link', { name: 'Name' });

  await header.click();
  await page.waitForURL(/sort=name&order=asc/);
  await page.waitForSelector('main th[aria-sort="ascending"]');
  const ascending = await rowNames(page);
  const sorted = [...ascending].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  assert.deepEqual(ascending, sorted, 'A→Z by name');

  await header.click();
  await page.waitForURL(/sort=name&order=desc/);
  await page.waitForSelector('main th[aria-sort="descending"]');
  const descending = await rowNames(page);
  assert.notDeepEqual(descending, ascending);
  assert.deepEqual(descending, [...ascending].reverse(), 'Z→A by name');
  assert.deepEqual(page.problems, []);
});

test('a long name is cut in the middle and its copy button puts the whole name on the clipboard', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const page = await openPage(context);
  await page.goto(`${BASE}/connections`);
  await waitHydrated(page);
  const cell = page.locator('main table tbody th').filter({ has: page.locator('a.mid') }).first();
  const full = await cell.locator('a.mid').getAttribute('title');
  assert.ok(full.length > 28, `a long name: ${full}`);
  assert.equal((await cell.textContent()).trim(), full, 'the cell reads as the name alone');
  const button = cell.locator('button.copy');
  assert.equal(await button.getAttribute('title'), 'Copy the full name');
  await button.click();
  await cell.locator('button.copy[data-copied]').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), full);
  assert.deepEqual(page.problems, []);
});

test('an unknown state in the URL shows the message, not a blank page', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/connections?state=Maybe`);
  await waitHydrated(page);
  const error = page.getByTestId('list-error');
  assert.match(await error.textContent(), /unknown state 'Maybe'/);
  assert.equal(await page.locator('main h1').textContent(), 'Connections');
  assert.equal(await page.locator('main table').count(), 0);
});

test('without JavaScript the PLS page lists myPLS and the filter form still works', async () => {
  const noScript = await launchWithoutScript();
  try {
    const page = await noScript.newPage();
    await page.goto(`${BASE}/private-link-services`);
    const table = page.locator('main table');
    assert.equal(await table.getByRole('rowheader', { name: /^myPLS/ }).count(), 1);

    await page.getByLabel('Search').fill('myPLS');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/[?&]q=myPLS(&|$)/);
    assert.deepEqual((await rowNames(page)).map((n) => n.trim().split(' ')[0]), ['myPLS']);

    // Copy buttons need the script: without it they are not offered.
    await page.goto(`${BASE}/connections`);
    assert.ok(await page.locator('main table a.mid').count() > 0, 'long names are cut');
    assert.equal(await page.locator('button.copy:visible').count(), 0);
  } finally {
    await noScript.close();
  }
});

test('without JavaScript the Refresh button syncs and comes back to the same page', async () => {
  const noScript = await launchWithoutScript();
  try {
    const page = await noScript.newPage();
    await page.goto(`${BASE}/pending?q=super-api`);
    const before = await page.getByTestId('sync-state').getAttribute('title');
    await page.getByTestId('refresh').click();
    await page.waitForURL(/\/pending\?q=super-api/);
    assert.equal(await page.locator('main h1').textContent(), 'Pending connections');
    for (let i = 0; i < 50; i++) {
      await page.reload();
      if ((await page.getByTestId('sync-state').getAttribute('title')) !== before) break;
      await page.waitForTimeout(100);
    }
    assert.notEqual(await page.getByTestId('sync-state').getAttribute('title'), before, 'a sync ran');
  } finally {
    await noScript.close();
  }
});

test('the Findings page filters by severity and links each finding to its resource', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/findings`);
  await waitHydrated(page);
  const rows = page.getByTestId('finding-row');
  const all = await rows.count();
  assert.ok(all >= 8, `the demo's findings: ${all}`);
  await page.getByTestId('finding-severity').selectOption('info');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/\/findings\?severity=info/);
  const kept = await rows.count();
  assert.ok(kept > 0 && kept < all, `${kept} of ${all}`);
  for (const severity of await rows.evaluateAll((rs) => rs.map((r) => r.dataset.severity))) {
    assert.equal(severity, 'info');
  }
  const link = rows.first().locator('td ul a').first();
  const href = await link.getAttribute('href');
  assert.match(href, /^\/resource\/subscriptions\//);
  await link.click();
  await page.waitForURL(`${BASE}${href}`);
  assert.equal(await page.locator('main h1').count(), 1);
  assert.deepEqual(page.problems, []);
});

test('an endpoint missing its DNS zone group says so on its own page, from the Findings page', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/findings?kind=noDnsZoneGroup`);
  await waitHydrated(page);
  const row = page.getByTestId('finding-row');
  assert.equal(await row.count(), 1);
  await row.locator('td ul a', { hasText: 'pe-batch-exports-blob' }).click();
  await page.waitForURL(/privateEndpoints\/pe-batch-exports-blob$/);
  const finding = page.getByTestId('detail-finding');
  assert.equal(await finding.count(), 1);
  assert.equal(await finding.getAttribute('data-kind'), 'noDnsZoneGroup');
  assert.match(await finding.textContent(), /privatelink\.blob\.core\.windows\.net/);
  assert.match(await finding.locator('a').getAttribute('href'), /^https:\/\/learn\.microsoft\.com\//);
  assert.deepEqual(page.problems, []);
});

test('the Policies page lists the notification targets and what was sent', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/policies`);
  await waitHydrated(page);
  const section = page.getByTestId('notifications');
  assert.match(await section.locator('p.mono').textContent(), /end2end\/notifications\.yaml$/);
  const target = section.getByTestId('notification-target');
  assert.equal(await target.count(), 1);
  const cells = await target.locator('th, td').allTextContents();
  assert.deepEqual(cells, ['platform-channel', 'teams', '127.0.0.1', 'pending, longPending, loss', 'services my*']);
  const api = await (await fetch(`${BASE}/api/v1/notifications`)).json();
  assert.equal(api.configured, true);
  assert.equal(api.targets[0].name, 'platform-channel');
  assert.deepEqual(page.problems, []);
});
