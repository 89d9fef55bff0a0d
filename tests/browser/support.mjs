// What every browser suite shares: Debian's Chromium through playwright-core
// (no downloaded browser), axe-core's WCAG 2.2 A/AA rules, a sign-in through
// the login form, and the reflow check (no sideways scrolling).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { demoEmail, demoPassword, freshSqliteUrl, repoRoot, startServer, startSmtp } from '../integration/harness.mjs';

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
    resultTypes: ['violations'],  // every violation still; passes are only counted, which is quicker
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

// A new page at `width` signed in as the demo account of `role`.
export async function signedInPage(env, role, width = 1200) {
  const page = await newPage(env.browser, env.server.base, { width });
  await signIn(page, role);
  return page;
}

export async function signIn(page, role) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(demoEmail(role));
  await page.getByLabel('Password').fill(demoPassword);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

// A demo server on a fresh SQLite file and Chromium, started before a suite's
// tests and stopped after them: `env.server` and `env.browser` once started.
// With { smtp: true } the server sends its email to a real SMTP server on
// loopback (`env.smtp`, read with mailTo), with links on http://coproduce.test.
export function demoServerAndBrowser({ smtp = false } = {}) {
  const env = {};
  before(async () => {
    const args = [];
    if (smtp) {
      env.smtp = await startSmtp();
      args.push('--smtp', `smtp://127.0.0.1:${env.smtp.port}`, '--smtp-no-starttls',
        '--mail-from', 'Co-production <noreply@coproduce.test>', '--public-url', 'http://coproduce.test');
    }
    env.db = freshSqliteUrl();
    env.server = await startServer(env.db.url, args);
    env.browser = await launchChromium();
  });
  after(async () => { await env.browser?.close(); await env.server?.stop(); env.smtp?.stop(); env.db?.stop(); });
  return env;
}

// An emailed link is on the public address: the same path on the test server.
export const onServer = (link) => link.pathname + link.search;

// Every module's catalogue text in one language, as the pages show it, with
// its {placeholders} filled: the tests find Welsh labels the way a reader does.
const catalogues = {};
export function text(lang, key, args = {}) {
  if (!catalogues[lang]) {
    catalogues[lang] = {};
    const src = path.join(repoRoot, 'src');
    // A module's catalogue is in its folder, or one level down (src/commission/process).
    for (const module of fs.readdirSync(src)) {
      const folders = [path.join(src, module)];
      if (fs.statSync(folders[0]).isDirectory())
        for (const sub of fs.readdirSync(folders[0])) folders.push(path.join(folders[0], sub));
      for (const folder of folders) {
        const file = path.join(folder, 'messages', `${lang}.json`);
        if (fs.existsSync(file)) Object.assign(catalogues[lang], JSON.parse(fs.readFileSync(file, 'utf8')));
      }
    }
  }
  let message = catalogues[lang][key];
  if (message && typeof message === 'object' && 'count' in args) {  // plural forms, chosen by CLDR's rules
    const forms = message;
    message = forms[new Intl.PluralRules(lang).select(Number(args.count))] ?? forms.other;
  }
  assert.equal(typeof message, 'string', `${key} in the ${lang} catalogue`);
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

// Checks a page with axe-core at the width it is shown at, and that it does
// not scroll sideways at 320 px (narrowing the window for that when wider).
// A suite that runs each language at a different width has axe-core look at
// every page at both.
export async function checkPage(page, label) {
  const viewport = page.viewportSize();
  await checkAccessibility(page, `${label} at ${viewport.width} px`);
  if (viewport.width !== 320) await page.setViewportSize({ width: 320, height: viewport.height });
  await noSidewaysScroll(page, `${label} at 320 px`);
  if (viewport.width !== 320) await page.setViewportSize(viewport);
}

// The GOV.UK error summary as { field id: message }, after checking that the
// page's title says "Error:" (in its language), that each link leads to a
// field on the page and that the same message stands by that field.
export async function errorSummary(page, lang = 'en') {
  assert.ok((await page.title()).startsWith(`${text(lang, 'web.error_prefix')} `), `the title says there is an error: ${await page.title()}`);
  const found = {};
  for (const link of await page.locator('.govuk-error-summary a').all()) {
    const id = (await link.getAttribute('href')).replace(/^#/, '');
    const message = (await link.textContent()).trim();
    found[id] = message;
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `the summary's link #${id} leads to a field`);
    const byField = page.locator(`[id="${id}-error"]`);
    if (await byField.count()) assert.match((await byField.textContent()).trim(), new RegExp(`${escapeRegExp(message)}$`), `#${id}'s own message`);
  }
  return found;
}
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Clicks a button (by its exact name) and waits for the page it leads to.
export const submit = (page, name) =>
  Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
// The page's main heading without its caption (the organisation's name above "Sign in").
export const heading = (page) => page.locator('h1').first().evaluate((h1) => {
  const copy = h1.cloneNode(true);
  for (const caption of copy.querySelectorAll('[class*="govuk-caption"]')) caption.remove();
  return copy.textContent.trim();
});
