// What every browser suite shares: Debian's Chromium through playwright-core
// (no downloaded browser), axe-core's WCAG 2.2 A/AA rules, a sign-in through
// the login form, and the reflow check (no sideways scrolling).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { demoEmail, demoPassword, freshSqliteUrl, startServer } from '../integration/harness.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new context (bypassCSP lets the test inject axe-core; the pages keep their CSP).
export async function newPage(browser, base, { width = 1200, height = 900 } = {}) {
  const context = await browser.newContext({ bypassCSP: true, baseURL: base, viewport: { width, height } });
  return context.newPage();
}

// axe-core's violations on the page, as lines; [] when there are none.
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return result.violations.map((v) =>
    `${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function checkAccessibility(page, label) {
  assert.deepEqual(await axeViolations(page), [], label);
}

export async function noSidewaysScroll(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px`);
}

export async function signIn(page, role) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(demoEmail(role));
  await page.getByLabel('Password').fill(demoPassword);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

// A demo server on a fresh SQLite file and Chromium, started before a suite's
// tests and stopped after them: `env.server` and `env.browser` once started.
export function demoServerAndBrowser() {
  const env = {};
  before(async () => {
    env.db = freshSqliteUrl();
    env.server = await startServer(env.db.url);
    env.browser = await launchChromium();
  });
  after(async () => { await env.browser?.close(); await env.server?.stop(); env.db?.stop(); });
  return env;
}
