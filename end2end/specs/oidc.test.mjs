// Sign-in with OpenID Connect (issue 19) against a real OpenID provider on loopback, each test
// in a browser of its own (its own cookies): npm's
// oidc-provider (OpenID Certified) with a test client and its development login pages, whose
// accounts are `ada` (in the approvers group), `vera` (a viewer), `grace` (in too many groups:
// Entra's overage, no groups claim) and `nobody` (in no group). In Chromium: an unsigned page
// sends you to sign in and back; you see your name; the approver approves, the viewer sees no
// actions and a hand-made post is refused; the overage and no-role cases show their message;
// an ID token altered on its way (another signature, audience, expiry, or an earlier sign-in's
// token replayed) is refused; signing out ends the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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

// The provider signs with this key, so the test can sign altered tokens that differ from a
// real one only in what is being tested; `stranger` is a key the provider never published.
const KID = 'e2e-signing-key';
const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
/** How the token endpoint's ID token is altered on its way (`null`: it is not). */
let tamper = null;
/** The last ID token the provider issued unaltered (for the replay). */
let issued = null;

const base64url = (value) => Buffer.from(value).toString('base64url');

/** The ID token `jwt` with `change` applied to its claims, signed RS256 with `key`. */
function resigned(jwt, change, key = signing) {
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }));
  const payload = base64url(JSON.stringify(change(claims)));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

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
    jwks: { keys: [{ ...signing.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] },
  });
  // After the token endpoint answers, before the answer leaves: alter its ID token.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method !== 'POST' || ctx.path !== '/token' || typeof ctx.body?.id_token !== 'string') return;
    if (tamper) ctx.body.id_token = tamper(ctx.body.id_token);
    else issued = ctx.body.id_token;
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
  assert.equal(audit.items[0].subject, 'ada', 'the ID token\'s sub');
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

test('an ID token altered on its way is refused, and no session is made', async () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases = [
    ['signed with a key the provider never published', (t) => resigned(t, (c) => c, stranger), /signature/i],
    ['for another client', (t) => resigned(t, (c) => ({ ...c, aud: 'someone-else' })), /audience/i],
    ['expired an hour ago', (t) => resigned(t, (c) => ({ ...c, iat: now() - 7200, exp: now() - 3600 })), /expired/i],
    ['an earlier sign-in\'s token, replayed', () => issued, /nonce/i],
  ];
  assert.ok(issued, 'an earlier test signed in unaltered');
  try {
    for (const [what, alter, reason] of cases) {
      tamper = alter;
      const context = await launch();
      const page = await openPage(context);
      await signIn(page, 'ada');
      await page.waitForURL(/\/sign-in\?error=/);
      const error = page.getByTestId('sign-in-error');
      assert.equal(await error.getAttribute('data-code'), 'invalid', what);
      assert.match(await error.textContent(), /could not be verified/, what);
      assert.ok(!(await context.cookies()).some((c) => c.name === 'linkcenter'), `${what}: no session cookie`);
      const api = await page.evaluate(async () => (await fetch('/api/v1/connections')).status);
      assert.equal(api, 401, `${what}: no session was made`);
      // The server's log says which check refused it.
      let logged = '';
      for (let tries = 0; tries < 50 && !reason.test(logged); tries += 1) {
        logged = (await readFile(server.log, 'utf8')).split('\n').filter((l) => l.includes('sign-in refused')).at(-1) ?? '';
        if (!reason.test(logged)) await new Promise((ok) => setTimeout(ok, 100));
      }
      assert.match(logged, reason, what);
      await context.close();
    }
  } finally {
    tamper = null;
  }
});

test('the sign-in page asks nothing of the server before sign-in', async () => {
  const context = await launch();
  const page = await openPage(context);
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  await page.goto(`${server.base}/sign-in?error=expired`);
  await waitHydrated(page);
  assert.equal(await page.getByTestId('sync-state').count(), 0, 'no status strip');
  assert.equal(await page.getByTestId('sync-banner').count(), 0, 'no banner');
  assert.equal((await page.getByTestId('nav-pending').textContent()).trim(), '', 'no Pending count (the demo has some)');
  assert.equal(await page.getByTestId('sign-in-error').getAttribute('data-code'), 'expired');
  assert.deepEqual(asked.filter((p) => p.startsWith('/api/')), [], 'no status polls, no event stream');
  assert.deepEqual(page.problems, []);
  await context.close();
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
