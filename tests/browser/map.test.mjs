// In Debian's Chromium (playwright-core, no downloaded browser): open the map,
// sign in, record a contribution through the form, see the initiative move
// cell, use the pages by keyboard, and run axe-core (WCAG 2.2 A/AA rules)
// with zero violations on every page, in English and Welsh.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshSqliteUrl, startServer, demoEmail, demoPassword } from '../integration/harness.mjs';
import { launchChromium, newPage, axeViolations } from './support.mjs';
import { fillDate } from './dates.mjs';

describe('pages in Chromium', () => {
  let db, server, browser, page;
  const violations = [];

  before(async () => {
    db = freshSqliteUrl();
    server = await startServer(db.url);
    browser = await launchChromium();
    page = await newPage(browser, server.base);
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.stop(); });

  async function checkAccessibility(label) {
    const found = await axeViolations(page);
    violations.push(...found.map((v) => `${label}: ${v}`));
    assert.deepEqual(found, [], label);
  }

  async function cellOf(name) {
    await page.goto('/map');
    return page.locator('td[data-cell]', { has: page.getByRole('link', { name, exact: true }) })
      .getAttribute('data-cell');
  }

  it('shows the map as a 3x3 grid with the six case studies in their cells', async () => {
    const res = await page.goto('/map');
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#typology-grid tbody tr').count(), 3);
    assert.equal(await page.locator('#typology-grid td[data-cell]').count(), 9);
    assert.equal(await cellOf('Tackley village shop'), 'community_delivery_coplanned');
    assert.equal(await cellOf('Participatory budgeting (Orçamento Participativo)'), 'professional_with_coplanning');
    await checkAccessibility('map');
  });

  it('filters the map without JavaScript-only controls', async () => {
    await page.goto('/map');
    await page.getByLabel('Phase').selectOption('monitoring');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/phase=monitoring/);
    const links = await page.locator('#typology-grid a').allTextContents();
    assert.ok(links.length >= 1 && links.length < 6, `filtered: ${links}`);
    await checkAccessibility('map filtered');
  });

  it('is usable by keyboard: the first tab stop skips to the main content', async () => {
    await page.goto('/map');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    assert.equal(focused, '#main-content');
  });

  it('switches to Welsh and remembers it', async () => {
    await page.goto('/map');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
    assert.match(await page.locator('h1').textContent(), /Map cydgynhyrchu/);
    await checkAccessibility('map in Welsh');
    await page.goto('/initiatives/' + (await initiativeId('Tackley village shop')));
    assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
    await checkAccessibility('initiative in Welsh');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  });

  async function initiativeId(name) {
    await page.goto('/map');
    const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
    return href.split('/').pop();
  }

  it('shows an initiative with the reasons for its cell', async () => {
    await page.goto('/initiatives/' + (await initiativeId('Beacon Community Regeneration Partnership')));
    assert.equal(await page.locator('#typology-cell').getAttribute('data-cell'), 'codelivery_little_planning');
    assert.match(await page.locator('#typology-reasons').textContent(), /planning is citizen/);
    await checkAccessibility('initiative');
  });

  it('signs in through the login form', async () => {
    await page.goto('/login');
    await checkAccessibility('login');
    await page.getByLabel('Email address').fill(demoEmail('officer'));
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
  });

  it('records a contribution through the form and the initiative moves cell', async () => {
    const name = 'Participatory budgeting (Orçamento Participativo)';
    assert.equal(await cellOf(name), 'professional_with_coplanning');
    await page.goto('/initiatives/' + (await initiativeId(name)));
    await page.getByRole('button', { name: 'Record a contribution' }).click();
    await page.waitForURL(/contributions\/new/);
    await checkAccessibility('contribution form');

    // Submitting it empty shows every problem, linked to its field, and saves nothing.
    await page.getByLabel('Who contributed').fill('');
    await page.getByRole('button', { name: 'Save contribution' }).click();
    await page.waitForLoadState();
    assert.match(await page.title(), /^Error: /);
    const summary = page.locator('.govuk-error-summary');
    assert.ok(await summary.isVisible());
    assert.ok(await summary.getByRole('link').count() >= 3);
    await checkAccessibility('contribution form with errors');

    await page.getByLabel('Who contributed').fill('Neighbourhood volunteers');
    await page.getByLabel('Community member').check();
    await page.getByLabel('Phase', { exact: true }).selectOption('delivering');
    await page.getByLabel('Hours', { exact: true }).check();
    await page.getByLabel('Number of hours').fill('40');
    await fillDate(page, 'Date of the contribution', '2024-03-01');
    await page.getByRole('button', { name: 'Save contribution' }).click();
    await page.waitForURL(/recorded=1/);
    assert.ok(await page.getByText('Contribution recorded').isVisible());
    assert.equal(await page.locator('#typology-cell').getAttribute('data-cell'), 'full_coproduction');
    assert.equal(await cellOf(name), 'full_coproduction');
  });

  it('lets an officer add an initiative with its declared descriptors; it starts unclassified', async () => {
    await page.goto('/map');
    await page.getByRole('button', { name: 'Add an initiative' }).click();
    await page.waitForURL(/initiatives\/new/);
    await checkAccessibility('new initiative form');
    await page.getByRole('button', { name: 'Save initiative' }).click();
    await page.waitForLoadState();
    assert.match(await page.title(), /^Error: /);
    await page.getByLabel('Name').fill('Cardiff repair café');
    await page.getByLabel('Intermediate').check();
    await page.getByLabel('Logistical or feasibility').check();
    await page.getByRole('button', { name: 'Save initiative' }).click();
    await page.waitForURL(/\/initiatives\/[a-z2-7]{20}$/);
    assert.equal(await page.locator('h1').textContent(), 'Cardiff repair café');
    assert.equal(await page.locator('#typology-cell').getAttribute('data-cell'), 'unclassified');
    assert.match(await page.locator('main').textContent(), /Logistical or feasibility/);
    await checkAccessibility('new initiative page');
  });

  it('answers an unknown page with an accessible 404 page in the site frame', async () => {
    const res = await page.goto('/initiatives/aaaaaaaaaaaaaaaaaaaa');
    assert.equal(res.status(), 404);
    assert.ok(await page.locator('#main-content').isVisible());
    await checkAccessibility('404 page');
  });

  it('has no accessibility violations on any page visited', () => {
    assert.deepEqual(violations, []);
  });
});
