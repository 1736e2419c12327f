// Sign-in with OpenID Connect (issue 19) against a real OpenID provider on loopback, each test
// in a browser of its own (its own cookies): npm's
// oidc-provider (OpenID Certified) with a test client and its development login pages, whose
// accounts are `ada` (in the approvers group), `vera` (a viewer), `grace` (in too many groups:
// Entra's overage, no groups claim) and `nobody` (in no group). In Chromium: an unsigned page
// sends you to sign in and back; you see your name; the approver approves, the viewer sees no
// actions and a hand-made post is refused; the overage and no-role cases show their message;
// signing out ends the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Provider from 'oidc-provider';
import { launch, openPage, waitHydrated } from './browser.mjs';
import { freePort, startServer } from '../server.mjs';

const GROUPS = {
  ada: { name: 'Ada Lovelace', groups: ['linkcenter-approvers'] },
  vera: { name: 'Vera Rubin', groups: ['linkcenter-viewers'] },
  grace: { name: 'Grace Hopper', overage: true },
  nobody: { name: 'No Body', groups: ['other-team'] },
};

let provider;
let providerServer;
let issuer;
let server;

before(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const providerPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  provider = new Provider(issuer, {
    clients: [{
      client_id: 'linkcenter',
      client_secret: 'e2e-client-secret',
      redirect_uris: [`${base}/auth/callback`],
      post_logout_redirect_uris: [`${base}/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    // Claims in the ID token itself, as Entra ID sends them.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups', '_claim_names', '_claim_sources'], email: ['email'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => {
        const who = GROUPS[id] ?? { name: id, groups: [] };
        const claims = { sub: id, name: who.name, preferred_username: `${id}@contoso.example`, email: `${id}@contoso.example` };
        if (who.overage) {
          claims._claim_names = { groups: 'src1' };
          claims._claim_sources = { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } };
        } else {
          claims.groups = who.groups;
        }
        return claims;
      },
    }),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
  });
  await new Promise((ok) => { providerServer = provider.listen(providerPort, ok); });
  server = await startServer([
    '--auth', 'oidc', '--oidc-issuer', issuer, '--oidc-client-id', 'linkcenter',
    '--public-url', base, '--approver-group', 'linkcenter-approvers', '--viewer-group', 'linkcenter-viewers',
  ], 'end2end-oidc-server.log', { port, env: { LINKCENTER_OIDC_CLIENT_SECRET: 'e2e-client-secret' } });
});

after(async () => {
  await server?.stop();
  providerServer?.closeAllConnections();
  await new Promise((ok) => (providerServer ? providerServer.close(ok) : ok()));
});

/** Signs in as `login` at the provider's development pages, starting from `path`. */
async function signIn(page, login, path = '/pending') {
  await page.goto(`${server.base}${path}`);
  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await page.locator('button[type=submit]').click();
  const consent = page.locator('button[type=submit]', { hasText: 'Continue' });
  if (await consent.count()) await consent.click();
}

test('an unsigned page sends you to sign in and back; the approver sees their name and may approve', async () => {
  const context = await launch();
  const page = await openPage(context);
  await signIn(page, 'ada', '/pending');
  await page.waitForURL(`${server.base}/pending`);
  page.problems = []; // the provider's development pages ask for fonts this machine cannot reach
  await page.reload();
  await waitHydrated(page);
  assert.match(await page.getByTestId('session').textContent(), /^Ada Lovelace · approver/);
  assert.equal(await page.getByTestId('sign-out').count(), 1);
  assert.ok((await page.getByTestId('row-approve').count()) > 0, 'approve offered');
  await page.getByTestId('row-approve').first().click();
  await page.waitForURL(/\/confirm\/approve\?/);
  await page.getByTestId('action-description').fill('approved after signing in (CHG-2001)');
  await page.getByTestId('confirm-action').click();
  await page.waitForURL(/\/pending\?.*done=/);
  assert.match(await page.getByTestId('action-report').locator('h2').textContent(), /Approve: 1 succeeded/);
  const audit = await page.evaluate(async () => (await fetch('/api/v1/audit')).json());
  assert.equal(audit.total, 1);
  assert.equal(audit.items[0].actor, 'Ada Lovelace');
  assert.equal(audit.items[0].email, 'ada@contoso.example');
  assert.equal(audit.items[0].authMode, 'oidc');
  assert.deepEqual(audit.items[0].groups, ['linkcenter-approvers']);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'linkcenter');
  assert.ok(session?.httpOnly && session.sameSite === 'Lax', JSON.stringify(cookies));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a viewer sees no actions, and a hand-made approval is refused', async () => {
  const context = await launch();
  const page = await openPage(context);
  await signIn(page, 'vera');
  await page.waitForURL(`${server.base}/pending`);
  await waitHydrated(page);
  assert.match(await page.getByTestId('session').textContent(), /^Vera Rubin · viewer/);
  assert.equal(await page.getByTestId('row-approve').count(), 0);
  const refused = await page.evaluate(async () => {
    const res = await fetch('/api/v1/connections/approve', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '/subscriptions/x', description: 'sneaky' }) });
    return res.status;
  });
  assert.equal(refused, 403);
  await context.close();
});

test('too many groups (Entra overage) and no group at all say so on the sign-in page', async () => {
  for (const [login, code, words] of [['grace', 'overage', /more groups than Microsoft Entra ID/], ['nobody', 'no-role', /none of the groups/]]) {
    const context = await launch();
    const page = await openPage(context);
    await signIn(page, login);
    await page.waitForURL(/\/sign-in\?error=/);
    const error = page.getByTestId('sign-in-error');
    assert.equal(await error.getAttribute('data-code'), code);
    assert.match(await error.textContent(), words);
    const api = await page.evaluate(async () => (await fetch('/api/v1/connections')).status);
    assert.equal(api, 401, 'no session was made');
    await context.close();
  }
});

test('signing out ends the session, here and at the provider', async () => {
  const context = await launch();
  const page = await openPage(context);
  await signIn(page, 'ada');
  await page.waitForURL(`${server.base}/pending`);
  await waitHydrated(page);
  const cookie = (await context.cookies()).find((c) => c.name === 'linkcenter');
  await page.getByTestId('sign-out').click();
  // The provider asks whether to end its session too.
  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('button[type=submit]').first().click();
  await page.waitForURL((url) => url.origin === issuer && url.pathname.startsWith('/interaction/'));
  assert.equal(await page.locator('input[name=login]').count(), 1, 'back at the provider, asked to sign in again');
  const reused = await fetch(`${server.base}/api/v1/connections`, { headers: { cookie: `linkcenter=${cookie.value}` } });
  assert.equal(reused.status, 401, 'the old session id is dead');
  await context.close();
});
