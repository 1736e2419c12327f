// The Graph page on the demo estate: the default/super-api chain through all five lanes to its
// Front Door profile, hover and focus lighting a chain, the side panel, the broken-chain finding,
// the SVG download, the small graph on a PLS page, and the page without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, launch, launchWithoutScript, openPage, waitHydrated } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

/** The node whose accessible name starts with `label` (its first line). */
const node = (page, label) => page.locator(`a.node[aria-label^="${label},"]`);
/** The first lines of the lit nodes. */
const litNodes = (page) =>
  page.locator('a.node.lit').evaluateAll((nodes) => [...new Set(nodes.map((n) => n.getAttribute('aria-label').split(',')[0]))]);
/** The node ids an edge joins, for every edge. */
const edgeEnds = (page) =>
  page.locator('path.edge').evaluateAll((edges) => edges.map((e) => [e.dataset.from, e.dataset.to]));
const idOf = (locator) => locator.getAttribute('data-id');

test('default/super-api runs through all five lanes to its Front Door profile', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/graph`);
  await waitHydrated(page);
  const lanes = await page.locator('.chain-graph .lane-title').allTextContents();
  assert.deepEqual(lanes, ['Kubernetes Service', 'Load balancer frontend', 'Private link service', 'Connection', 'Consumer']);
  const edges = await edgeEnds(page);
  const linked = (from, to) => edges.some(([f, t]) => f === from && t === to);
  const [service, pls, connection, frontDoor] = await Promise.all(
    ['default/super-api', 'myPLS', 'origin super-api-weu', 'afd-contoso'].map((label) => idOf(node(page, label))),
  );
  // Both clusters have a `kubernetes-internal` frontend: the one between the Service and myPLS.
  const frontends = await page.locator('a.node[aria-label^="kubernetes-internal,"]').evaluateAll((ns) => ns.map((n) => n.dataset.id));
  const frontend = frontends.find((id) => linked(service, id) && linked(id, pls));
  assert.ok(frontend, 'default/super-api → kubernetes-internal → myPLS');
  assert.ok(linked(pls, connection), 'myPLS → origin super-api-weu');
  assert.ok(linked(connection, frontDoor), 'origin super-api-weu → afd-contoso');
  assert.match(await node(page, 'afd-contoso').getAttribute('aria-label'), /Front Door in Contoso Edge/);
  assert.deepEqual(page.problems, []);
});

test('hovering the PLS lights its whole chain and dims the rest; focus does too', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/graph`);
  await waitHydrated(page);
  await node(page, 'myPLS').hover();
  await page.locator('.graph-figure.tracing').waitFor();
  const lit = await litNodes(page);
  for (const label of ['default/super-api', 'kubernetes-internal', 'myPLS', 'origin super-api-weu', 'afd-contoso', 'pe-fabrikam-super-api']) {
    assert.ok(lit.includes(label), `${label} is lit: ${lit}`);
  }
  assert.ok(!lit.includes('pls-reports-legacy'), 'another service stays dim');
  const dim = await node(page, 'pls-reports-legacy').evaluate((n) => getComputedStyle(n).opacity);
  assert.equal(dim, '0.2');
  // The consumer's chain runs back through its connections, not into the PLS's other consumers.
  await node(page, 'pe-fabrikam-super-api').last().hover();
  await page.waitForFunction(() => !document.querySelector('a.node.lit[aria-label^="afd-contoso,"]'));
  const consumerChain = await litNodes(page);
  assert.ok(consumerChain.includes('myPLS') && consumerChain.includes('default/super-api'), `${consumerChain}`);
  await page.mouse.move(1, 1);
  await page.waitForFunction(() => !document.querySelector('.graph-figure.tracing'));
  await node(page, 'myPLS').focus();
  await page.locator('.graph-figure.tracing').waitFor();
  assert.ok((await litNodes(page)).includes('afd-contoso'), 'focus lights the chain too');
  assert.deepEqual(page.problems, []);
});

test('clicking a node opens its side panel in place; the keyboard does the same', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/graph`);
  await waitHydrated(page);
  await page.evaluate(() => { window.stillHere = true; });
  await node(page, 'myPLS').click();
  await page.waitForURL(/[?&]node=pls/);
  assert.equal(await page.getByTestId('graph-panel-title').textContent(), 'myPLS');
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload');
  assert.equal(await page.locator('a.node.selected').count(), 1);
  await page.getByTestId('panel-detail-link').click();
  await page.waitForURL(/\/resource\/subscriptions\/.*\/privateLinkServices\/myPLS$/);
  await page.goBack();
  await page.getByTestId('graph-panel-title').waitFor();
  await node(page, 'afd-contoso').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=graph-panel-title]')?.textContent === 'afd-contoso');
  assert.deepEqual(page.problems, []);
});

test('the broken-chain PLS shows its finding on the graph and in the list', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/graph`);
  await waitHydrated(page);
  const findings = page.getByTestId('graph-findings');
  await findings.getByRole('link', { name: 'pls-reports-legacy: frontend missing: chain broken' }).click();
  await page.waitForURL(/node=frontend/);
  const flagged = page.locator('a.node.flagged.selected');
  assert.match(await flagged.textContent(), /frontend missing: chain broken/);
  const ends = await edgeEnds(page);
  const [frontend, pls] = [await flagged.getAttribute('data-id'), await idOf(node(page, 'pls-reports-legacy'))];
  assert.ok(ends.some(([from, to]) => from === frontend && to === pls), 'the missing frontend leads to pls-reports-legacy');
  assert.match(await page.getByTestId('graph-panel').textContent(), /frontend missing: chain broken/);
  assert.deepEqual(page.problems, []);
});

test('zoom buttons resize the drawing', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/graph`);
  await waitHydrated(page);
  const svg = page.locator('[data-testid=graph-canvas] svg');
  const width = Number(await svg.getAttribute('width'));
  await page.getByTestId('zoom-out').click();
  assert.equal(await page.getByTestId('zoom-level').textContent(), '80 %');
  assert.equal(Number(await svg.getAttribute('width')), Math.floor(width * 0.8));
  await page.getByRole('button', { name: 'Fit' }).click();
  const fitted = Number(await svg.getAttribute('width'));
  const room = await page.getByTestId('graph-canvas').evaluate((c) => c.clientWidth);
  assert.ok(fitted <= room, `${fitted} fits ${room}`);
  assert.deepEqual(page.problems, []);
});

test('the SVG download of a scope is a valid SVG of that scope', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/graph?state=Pending`);
  await waitHydrated(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-download').click()]);
  assert.equal(download.suggestedFilename(), 'link-center-graph.svg');
  const path = join(mkdtempSync(join(tmpdir(), 'linkcenter-svg-')), 'graph.svg');
  copyFileSync(await download.path(), path);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const viewer = await openPage(context);
  await viewer.goto(`file://${path}`);
  const parsed = await viewer.evaluate(() => ({
    root: document.documentElement.localName,
    errors: document.getElementsByTagName('parsererror').length,
    nodes: document.querySelectorAll('g.node').length,
    states: [...new Set([...document.querySelectorAll('path.edge')].map((e) => e.getAttribute('class')))],
  }));
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.errors, 0);
  assert.ok(parsed.nodes > 5, `${parsed.nodes} nodes`);
  assert.ok(!parsed.states.some((c) => /approved|rejected/.test(c)), `only Pending connections: ${parsed.states}`);
});

test('a PLS page carries its small graph, which leads to the Graph page', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE}/private-link-services?q=myPLS`);
  await waitHydrated(page);
  await page.locator('main table tbody').getByRole('link', { name: 'myPLS', exact: true }).click();
  await page.getByTestId('mini-graph').waitFor();
  assert.ok(await page.getByTestId('mini-graph').locator('a.node[aria-label^="afd-contoso,"]').count() === 1);
  assert.equal(await page.getByTestId('mini-graph').locator('a.node[aria-label^="pls-reports-legacy,"]').count(), 0);
  await page.getByTestId('open-graph').click();
  await page.waitForURL(/\/graph\?service=/);
  assert.match(await page.getByTestId('graph-summary').textContent(), /service myPLS\.$/);
  assert.deepEqual(page.problems, []);
});

test('without JavaScript the graph, its findings and node panels still work', async () => {
  const noScript = await launchWithoutScript();
  try {
    const page = await noScript.newPage();
    await page.goto(`${BASE}/graph`);
    assert.equal(await page.locator('.chain-graph .lane-title').count(), 5);
    assert.ok(await page.getByTestId('graph-findings').isVisible());
    assert.ok(await page.locator('[data-zoom-tools]').isHidden(), 'no zoom tools that cannot work');
    await node(page, 'myPLS').click();
    await page.waitForURL(/node=pls/);
    assert.equal(await page.getByTestId('graph-panel-title').textContent(), 'myPLS');
  } finally {
    await noScript.close();
  }
});
