// Shared set-up of the specs: one headless Debian chromium per spec file, pages that record
// uncaught errors and console errors (a CSP violation or a hydration panic shows up there).
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.LINKCENTER_BASE_URL ?? 'http://127.0.0.1:3000';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'linkcenter-e2e-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
}

/** Opens a page that collects problems into `page.problems`. */
export async function openPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  return page;
}

/** Waits until the wasm app has hydrated the page (it marks <html data-hydrated>). */
export async function waitHydrated(page) {
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 15_000 });
}

/** Like `launch`, but the pages run no JavaScript: what a visitor with scripts off sees. */
export async function launchWithoutScript() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'linkcenter-e2e-nojs-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: false,
  });
}
