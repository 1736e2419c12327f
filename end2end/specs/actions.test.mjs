// Approving, rejecting and removing connections in the browser against the demo estate: the
// Pending Front Door request approved from the Pending page (Azure — the emulator — shows it on
// the service, the consumer's endpoint and the Front Door origin; the Audit page shows the
// record), a reject from the Graph page's side panel, a bulk approve without JavaScript, a
// stale confirmation refused, and a viewer behind a proxy who sees no action at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, launchWithoutScript, openPage, waitHydrated } from './browser.mjs';
import { startServer } from '../server.mjs';

const PLS_API = '2024-05-01';
const CDN_API = '2024-09-01';

// These specs change the estate, so they get a server (and emulator) of their own: the other
// spec files keep seeing the demo estate as seeded.
let context;
let server;
let BASE;
before(async () => {
  server = await startServer([], 'end2end-actions-server.log');
  BASE = server.base;
  context = await launch();
});
after(async () => {
  await context?.close();
  await server?.stop();
});

async function api(path) {
  const res = await fetch(`${BASE}${path}`);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

/** The built-in emulator's address, from the environment badge's detail. */
async function emulatorUrl(page) {
  const detail = await page.getByTestId('environment-badge').getAttribute('title');
  const url = detail.match(/at (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  assert.ok(url, `the badge names the emulator: ${detail}`);
  return url;
}

/** The api-version of the provider holding connection `id` (a PLS's or a PaaS resource's). */
function apiVersionOf(id) {
  const versions = {
    'microsoft.sql/': '2023-08-01',
    'microsoft.storage/': '2023-05-01',
    'microsoft.keyvault/': '2026-02-01',
    'microsoft.containerservice/': '2024-05-01',
  };
  const found = Object.entries(versions).find(([provider]) => id.toLowerCase().includes(`/providers/${provider}`));
  return found ? found[1] : PLS_API;
}

/** A resource as Azure (the emulator) holds it. */
async function emulated(emulator, id, apiVersion) {
  const res = await fetch(`${emulator}${id}?api-version=${apiVersion}`, { headers: { authorization: 'Bearer e2e' } });
  assert.equal(res.status, 200, `${id}: ${res.status}`);
  return res.json();
}

/** The connections in `state` of private link services, from the API. */
async function connections(state) {
  const page = await api(`/api/v1/connections?state=${state}&limit=200`);
  return page.items.filter((c) => /privateLinkServices/i.test(c.resourceId));
}

test('approving the Front Door request from the Pending page changes Azure everywhere and is audited', async () => {
  const frontDoor = (await connections('Pending')).find((c) => c.consumer.frontDoor);
  assert.ok(frontDoor, 'the demo estate has a pending Front Door request');
  const page = await openPage(context);
  await page.goto(`${BASE}/pending`);
  await waitHydrated(page);
  const row = page.locator('tr', { has: page.locator(`a[href$="${frontDoor.name}"]`) }).first();
  await row.getByTestId('row-approve').click();
  await page.waitForURL(/\/confirm\/approve\?/);
  await page.getByTestId('action-preview').waitFor();
  assert.match(await page.getByTestId('action-change').first().textContent(), /Pending\s*→\s*Approved/);
  assert.match(await page.getByTestId('action-preview').textContent(), /Front Door/);
  await page.getByTestId('action-description').fill('Front Door for super-api, CHG-1042');
  await page.getByTestId('confirm-action').click();

  await page.waitForURL(/\/pending\?.*done=/);
  const report = page.getByTestId('action-report');
  await report.waitFor();
  assert.match(await report.locator('h2').textContent(), /Approve: 1 succeeded/);
  assert.match(await report.getByTestId('action-result').textContent(), /Pending → Approved/);
  assert.equal(await page.locator(`table a[href$="${frontDoor.name}"]`).count(), 0, 'no longer pending');
  await page.goto(`${BASE}/connections?q=${encodeURIComponent(frontDoor.name)}`);
  await waitHydrated(page);
  assert.equal(await page.locator('tbody tr span.state').first().textContent(), 'Approved', 'the row shows Approved');

  const emulator = await emulatorUrl(page);
  const connection = await emulated(emulator, frontDoor.id, PLS_API);
  assert.equal(connection.properties.privateLinkServiceConnectionState.status, 'Approved');
  assert.equal(connection.properties.privateLinkServiceConnectionState.description, 'Front Door for super-api, CHG-1042');
  // Front Door's private endpoint lives in a Microsoft-managed subscription that neither Azure
  // nor the emulator lets us read; its side of the connection is the origin's shared private link.
  const origin = await emulated(emulator, frontDoor.consumer.frontDoor.originId, CDN_API);
  assert.equal(origin.properties.sharedPrivateLinkResource.status, 'Approved');

  await page.goto(`${BASE}/audit`);
  await waitHydrated(page);
  const records = page.getByTestId('audit-row');
  assert.equal(await records.count(), 1);
  const record = await records.first().textContent();
  const [actor] = (await page.getByTestId('session').textContent()).split(' · ');
  assert.ok(record.includes(`${actor} (approver)`), `the record names the signed-in user ${actor}: ${record}`);
  assert.match(record, /approve/);
  assert.match(record, /Front Door for super-api, CHG-1042/);
  assert.match(await records.first().getByTestId('audit-outcome').textContent(), /^succeeded/);
  assert.match(await records.first().getByTestId('audit-consumer').textContent(), /^Front Door .+, origin .+/,
    'the audit names the Front Door profile and origin that asked');
  // The subscription filter is the lists' multi-select; any of the chosen subscriptions matches.
  await page.getByTestId('subscription-filter').selectOption([frontDoor.subscriptionId]);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/subscription=/);
  assert.equal(await page.getByTestId('audit-row').count(), 1);
  const either = await (await fetch(`${BASE}/api/v1/audit?subscription=00000000-0000-0000-0000-00000000000f,${frontDoor.subscriptionId.toUpperCase()}`)).json();
  assert.equal(either.total, 1);
  assert.match(either.items[0].consumer, /^Front Door /);
  const csv = await (await fetch(`${BASE}/export/audit.csv?action=approve`)).text();
  assert.match(csv.split('\n')[0], /^at,actor,email/);
  assert.ok(csv.includes('Front Door for super-api, CHG-1042'), csv);

  // The connection's own page shows its history.
  await page.goto(`${BASE}/resource${frontDoor.id}`);
  await waitHydrated(page);
  const history = page.getByTestId('audit-row');
  assert.equal(await history.count(), 1);
  assert.match(await history.first().textContent(), /Pending → Approved/);
  assert.deepEqual(page.problems, []);
});

test('rejecting from the Graph page side panel returns to the panel with the new state', async () => {
  const pending = (await connections('Pending')).find((c) => c.consumer.endpoint);
  assert.ok(pending, 'a pending request from a private endpoint');
  const page = await openPage(context);
  await page.goto(`${BASE}/graph`);
  await waitHydrated(page);
  await page.locator(`a.node[data-id$="${pending.id.toLowerCase()}"]`).first().click();
  await page.getByTestId('panel-actions').waitFor();
  await page.getByTestId('panel-reject').click();
  await page.waitForURL(/\/confirm\/reject\?/);
  await page.getByTestId('action-description').fill('unknown consumer');
  await page.getByTestId('confirm-action').click();
  await page.waitForURL(/\/graph\?.*node=.*done=/);
  await page.getByTestId('action-report').waitFor();
  assert.match(await page.getByTestId('action-report').textContent(), /Reject: 1 succeeded/);
  const panel = await page.getByTestId('graph-panel').textContent();
  assert.match(panel, /Rejected/);
  assert.equal(await page.getByTestId('panel-approve').count(), 0, 'a Rejected connection cannot be approved');
  assert.deepEqual(page.problems, []);
});

test('without JavaScript, two selected rows are rejected in one go with a result each', async () => {
  const plain = await launchWithoutScript();
  try {
    const page = await openPage(plain);
    await page.goto(`${BASE}/connections?state=Approved&q=pe-`);
    const boxes = page.getByTestId('select-row');
    assert.ok((await boxes.count()) >= 2, 'rows can be selected');
    // The boxes carry short keys; the rows' links name the connections' ids.
    const idOf = async (n) => decodeURIComponent((await page.locator('main table tbody tr').nth(n).locator('th a').getAttribute('href')).replace(/^\/resource/, ''));
    const chosen = [await idOf(0), await idOf(1)];
    assert.match(await boxes.nth(0).getAttribute('value'), /^k-[0-9a-f]{16}$/);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('reject-selected').click();
    await page.waitForURL(/\/confirm\/reject\?/);
    assert.match(await page.getByTestId('plan-summary').textContent(), /Reject 2 chosen connections: 2 will change/);
    await page.getByTestId('action-description').fill('decommissioned consumers');
    await page.getByTestId('confirm-action').click();
    await page.waitForURL(/\/connections\?.*done=/);
    const results = page.getByTestId('action-result');
    assert.equal(await results.count(), 2);
    assert.deepEqual(await results.evaluateAll((items) => items.map((i) => i.dataset.result)), ['succeeded', 'succeeded']);
    const emulator = await emulatorUrl(page);
    for (const id of chosen) {
      const connection = await emulated(emulator, id, apiVersionOf(id));
      assert.equal(connection.properties.privateLinkServiceConnectionState.status, 'Rejected', id);
      // The consumer's private endpoint shows the decision too.
      const endpoint = await emulated(emulator, connection.properties.privateEndpoint.id, PLS_API);
      const links = [...(endpoint.properties.privateLinkServiceConnections ?? []), ...(endpoint.properties.manualPrivateLinkServiceConnections ?? [])];
      assert.ok(links.some((l) => l.properties.privateLinkServiceConnectionState.status === 'Rejected'), JSON.stringify(links));
    }
  } finally {
    await plain.close();
  }
});

test('a confirmation page left open while someone else decides is refused with the fresh state', async () => {
  const target = (await connections('Approved'))[0];
  const page = await openPage(context);
  await page.goto(`${BASE}/confirm/reject?id=${encodeURIComponent(target.id)}&back=%2Fconnections`);
  await waitHydrated(page);
  // Someone else rejects it meanwhile, through the API.
  const res = await fetch(`${BASE}/api/v1/connections/reject`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: target.id, description: 'rejected elsewhere', expectedState: 'Approved' }),
  });
  assert.equal(res.status, 200);
  await page.getByTestId('action-description').fill('too late');
  await page.getByTestId('confirm-action').click();
  await page.waitForURL(/\/connections\?.*done=/);
  const result = page.getByTestId('action-result');
  assert.equal(await result.getAttribute('data-result'), 'skipped');
  assert.match(await result.textContent(), /changed since you loaded it: now Rejected \(you saw Approved\)/);
});

test('a viewer behind a proxy sees no action and cannot post one', async () => {
  const proxied = await startServer(
    ['--auth', 'proxy', '--trusted-proxy', '127.0.0.1/32', '--viewer-group', 'viewers', '--approver-group', 'approvers'],
    'end2end-proxy-server.log',
  );
  const viewer = await launch();
  try {
    await viewer.setExtraHTTPHeaders({ 'X-Forwarded-User': 'vera', 'X-Forwarded-Groups': 'viewers' });
    const page = await openPage(viewer);
    await page.goto(`${proxied.base}/pending`);
    await waitHydrated(page);
    assert.ok((await page.locator('tbody tr').count()) > 0, 'the viewer sees the pending rows');
    assert.equal(await page.locator('.action-link').count(), 0, 'but no action links');
    assert.equal(await page.getByTestId('bulk-bar').count(), 0, 'and no bulk bar');
    assert.equal(await page.getByTestId('select-row').count(), 0);
    // A confirmation page shows the viewer the plan and why there is no form.
    const { items } = await (await fetch(`${proxied.base}/api/v1/connections?state=Pending`, { headers: { 'X-Forwarded-User': 'vera', 'X-Forwarded-Groups': 'viewers' } })).json();
    await page.goto(`${proxied.base}/confirm/approve?id=${encodeURIComponent(items[0].id)}&back=%2Fpending`);
    await waitHydrated(page);
    assert.match(await page.getByTestId('viewer-note').textContent(), /viewer/);
    assert.equal(await page.getByTestId('confirm-form').count(), 0, 'no form to confirm with');
    // A hand-made post from the page is refused by the server whatever the page shows.
    const landed = await page.evaluate(async (id) => {
      const body = new URLSearchParams({ action: 'approve', ids: id, states: 'Pending', filter: '', count: '1', description: 'sneaky', back: '/pending' });
      const response = await fetch('/api/act', { method: 'POST', body, headers: { Accept: 'text/html' } });
      return decodeURIComponent(response.url);
    }, items[0].id);
    assert.match(landed, /\/confirm\/approve\?.*error=.*vera/);
    const audit = await (await fetch(`${proxied.base}/api/v1/audit`, { headers: { 'X-Forwarded-User': 'vera', 'X-Forwarded-Groups': 'viewers' } })).json();
    assert.equal(audit.total, 0, 'nothing was tried');
  } finally {
    await viewer.close();
    await proxied.stop();
  }
});

test('removing a connection from its own page lands on its service, where it is gone', async () => {
  // Earlier specs rejected some: remove takes a connection in any state.
  const target = (await connections('Rejected')).find((c) => c.consumer.endpoint);
  assert.ok(target, 'a rejected connection from a private endpoint');
  const page = await openPage(context);
  await page.goto(`${BASE}/resource${target.id}`);
  await waitHydrated(page);
  await page.getByTestId('detail-remove').click();
  await page.waitForURL(/\/confirm\/remove\?/);
  assert.match(await page.getByTestId('action-change').first().textContent(), /Rejected\s*→\s*removed/);
  await page.getByTestId('action-description').fill('consumer decommissioned');
  await page.getByTestId('confirm-action').click();
  await page.waitForURL((url) => url.pathname.toLowerCase() === `/resource${target.resourceId}`.toLowerCase() && url.search.includes('done='));
  assert.match(await page.getByTestId('action-report').textContent(), /Remove: 1 succeeded/);
  assert.equal(await page.locator(`table a[href$="${target.name}"]`).count(), 0, 'gone from the service');
  assert.deepEqual(page.problems, []);
});

test('the Changes page lists what the actions above changed, who made them, and filters by kind; the service and the Overview plot their counts', async () => {
  // Each action asks for a sync; the change feed records it once the sync is done.
  const deadline = Date.now() + 20_000;
  let feed;
  while (Date.now() < deadline) {
    feed = await api('/api/v1/changes?kind=connectionGone');
    if (feed.total > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(feed.total > 0, 'the removal above was recorded');
  const page = await openPage(context);
  await page.goto(`${BASE}/changes`);
  await waitHydrated(page);
  const kinds = await page.getByTestId('change-kind').allTextContents();
  assert.ok(kinds.includes('state changed') && kinds.includes('connection gone'), `${kinds}`);
  const approved = page.getByTestId('change-row').filter({ hasText: 'Pending → Approved' }).first();
  assert.notEqual(await approved.getByTestId('change-by').textContent(), 'unknown', 'Link Center made it');

  await page.getByLabel('Kind').selectOption('connectionGone');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/[?&]kind=connectionGone(&|$)/);
  const filtered = await page.getByTestId('change-kind').allTextContents();
  assert.ok(filtered.length > 0 && filtered.every((k) => k === 'connection gone'), `${filtered}`);

  // The service's page plots its counts: the first sync's, and the steps the actions made.
  const service = feed.items[0].serviceId;
  await page.goto(`${BASE}/resource${service}`);
  await waitHydrated(page);
  const chart = page.getByTestId('count-chart');
  assert.match(await chart.locator('svg').getAttribute('aria-label'), /^Connections of .+ over time$/);
  assert.ok(await chart.locator('rect.count-step').count() >= 2, 'at least two steps');
  assert.match(await chart.locator('rect.count-step title').last().textContent(), /approved, \d+ pending/);

  // The Overview plots the estate's counts, Pending among them, as the API answers them.
  const history = await api('/api/v1/history');
  const latest = history.points[history.points.length - 1];
  await page.goto(`${BASE}/`);
  await waitHydrated(page);
  const estate = page.getByRole('img', { name: 'Connections of the estate over time' });
  assert.ok(await estate.locator('rect.count-step').count() >= 2, 'the estate moved with the actions');
  const last = await estate.locator('rect.count-step title').last().textContent();
  assert.ok(
    last.includes(`${latest.approved} approved, ${latest.pending} pending`),
    `${last} ends where the API's ${JSON.stringify(latest)} does`,
  );
  assert.deepEqual(page.problems, []);
});
