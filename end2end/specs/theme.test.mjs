// The theme toggle switches light and dark after hydration, and the choice survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, waitHydrated } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const theme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);

for (const scheme of ['light', 'dark']) {
  test(`the toggle switches away from the system's ${scheme} scheme and the choice is kept`, async () => {
    const page = await openPage(context);
    await page.emulateMedia({ colorScheme: scheme });
    await context.clearCookies();
    await page.goto(`${BASE}/`);
    await waitHydrated(page);
    assert.equal(await theme(page), null, 'no choice yet: follows the system');
    const before = await background(page);

    await page.getByTestId('theme-toggle').click();
    const picked = scheme === 'light' ? 'dark' : 'light';
    assert.equal(await theme(page), picked);
    assert.notEqual(await background(page), before, 'background colour changed');

    await page.reload();
    assert.equal(await theme(page), picked, 'server renders the kept choice');
    await waitHydrated(page);
    await page.getByTestId('theme-toggle').click();
    assert.equal(await theme(page), scheme);
    assert.equal(await background(page), before, 'back to the original colours');
    assert.deepEqual(page.problems, []);
  });
}
