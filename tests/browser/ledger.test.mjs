// The ledger's pages in Chromium, with axe-core on each: a contribution's page
// and its decisions (a dispute without a reason is refused by the box, a
// confirmation shows a banner), a person's own contributions with their load
// and its warning, the officer's load page, in English and Welsh, at desktop
// width and at 320 px without sideways scrolling.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkAccessibility as axe, noSidewaysScroll, signedInPage } from './support.mjs';

describe('ledger pages in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);

  it('lets an officer dispute and confirm a claim from its page, by keyboard', async () => {
    const page = await signedIn('officer');
    await page.goto('/map');
    await page.getByRole('link', { name: 'Tackley village shop', exact: true }).click();
    await page.waitForLoadState();
    // The demo resident's latest shift waits for confirmation.
    const row = page.locator('tr', { has: page.getByText('Awaiting confirmation') }).first();
    await row.getByRole('link', { name: 'Details' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Contribution/);
    await axe(page, 'contribution page');

    await page.getByRole('button', { name: 'Dispute this contribution' }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Give a reason' }).isVisible());
    await axe(page, 'contribution page with an error');

    await page.getByRole('button', { name: 'Confirm this contribution' }).focus();
    await Promise.all([page.waitForURL(/done=confirm/), page.keyboard.press('Enter')]);
    assert.ok(await page.getByText('Contribution confirmed').isVisible());
    assert.ok(await page.getByText('Confirmed', { exact: true }).isVisible());
    assert.ok(await page.getByRole('button', { name: 'Reverse this contribution' }).isVisible());
    await axe(page, 'confirmed contribution');
    await page.context().close();
  });

  it('shows a resident their contributions and load, with a word when they carry too much, in both languages', async () => {
    const page = await signedIn('resident');
    await page.getByRole('link', { name: 'My contributions' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Your contributions/);
    assert.ok(await page.locator('#weekly-hours').isVisible(), 'the chart');
    assert.equal(await page.locator('#weekly-hours').getAttribute('role'), 'img');
    assert.ok(await page.getByRole('table', { name: 'Your hours per week, last 12 weeks' }).isVisible());
    await axe(page, 'my contributions');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Eich cyfraniadau/);
    await axe(page, 'my contributions in Welsh');
    await page.context().close();
  });

  it('lets an officer change a warning level on the settings page, with errors by the field', async () => {
    const page = await signedIn('officer');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForLoadState();
    await axe(page, 'settings');
    const weekly = page.getByLabel('Warning level of hours per person per week');
    await weekly.fill('1000');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save settings' }).click()]);
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.locator('.govuk-error-summary').getByText('Enter a number within the range given').isVisible());
    await axe(page, 'settings with an error');
    await page.getByLabel('Warning level of hours per person per week').fill('25');
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save settings' }).click()]);
    assert.ok(await page.getByText('Settings saved').isVisible());
    assert.equal(await page.getByLabel('Warning level of hours per person per week').inputValue(), '25');
    await page.context().close();
  });

  it('shows the officer who carries the load, at 320 px without sideways scrolling', async () => {
    for (const width of [1200, 320]) {
      const page = await signedIn('officer', width);
      await page.goto('/load');
      assert.match(await page.locator('h1').textContent(), /Who carries the load/);
      assert.ok(await page.getByText('Demo resident').first().isVisible());
      await axe(page, `load at ${width}px`);
      await noSidewaysScroll(page, `load at ${width}px`);
      await page.goto('/map');
      await page.getByRole('link', { name: 'Tackley village shop', exact: true }).click();
      await page.waitForLoadState();
      await noSidewaysScroll(page, `initiative at ${width}px`);
      await axe(page, `initiative at ${width}px`);
      await page.context().close();
    }
  });
});
