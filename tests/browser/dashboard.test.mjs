// The dashboard in Chromium, with axe-core on each state: what awaits
// confirmation with who recorded it and in which role, a bulk decision
// refused without a choice or (to dispute) without a reason, then confirmed
// several at once with a banner and the recorder told; the initiatives not yet
// classified; recent changes for officers only; in Welsh; at 320 px without
// sideways scrolling.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demoEmail } from '../integration/harness.mjs';
import { demoServerAndBrowser, checkAccessibility as axe, noSidewaysScroll, signedInPage } from './support.mjs';

describe('dashboard in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);

  it('lets an officer confirm several claims at once, refusing an empty choice and a dispute without a reason', async () => {
    // Two more claims by the demo resident, so that there is a choice to make.
    const resident = new Client(env.server.base);
    await resident.login(demoEmail('resident'));
    const tackley = (await resident.get('/api/v1/initiatives')).data.initiatives.find((i) => i.name === 'Tackley village shop');
    for (const label of ['Shop rota volunteer', 'Stock-take helper']) {
      const made = await resident.post(`/api/v1/initiatives/${tackley.id}/contributions`, {
        contributor_label: label, role: 'community_member', phase: 'delivering', kind: 'hours', hours: '2', made_on: '2024-06-01' });
      assert.equal(made.status, 201, made.text);
    }
    const unreadBefore = (await resident.get('/api/v1/notifications')).data.unread;

    const page = await signedIn('officer');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Dashboard/);
    const table = page.getByRole('table', { name: 'Contributions awaiting a decision' });
    assert.ok(await table.isVisible());
    const row = table.locator('tr', { hasText: 'Shop rota volunteer' });
    assert.match(await row.textContent(), /\(A resident\)/, 'who recorded it and in which role');
    assert.ok(await page.getByRole('heading', { name: 'Initiatives not yet classified' }).isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Recent changes' }).isVisible());
    await axe(page, 'dashboard');

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirm chosen contributions' }).click()]);
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Select at least one contribution' }).isVisible());
    await axe(page, 'dashboard with an error');

    await page.getByLabel('Select the contribution of Shop rota volunteer to Tackley village shop').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Dispute chosen contributions' }).click()]);
    assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Give a reason' }).isVisible());
    assert.ok(await page.getByLabel('Select the contribution of Shop rota volunteer to Tackley village shop').isChecked(),
      'the choice is kept');

    await page.getByLabel('Select the contribution of Stock-take helper to Tackley village shop').check();
    await Promise.all([page.waitForURL(/done=/), page.getByRole('button', { name: 'Confirm chosen contributions' }).click()]);
    assert.ok(await page.getByText('Contributions confirmed and their recorders told').isVisible());
    assert.equal(await page.getByRole('table', { name: 'Contributions awaiting a decision' })
      .locator('tr', { hasText: /Shop rota volunteer|Stock-take helper/ }).count(), 0);
    await axe(page, 'dashboard after confirming');
    assert.equal((await resident.get('/api/v1/notifications')).data.unread, unreadBefore + 2, 'the recorder was told twice');

    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Dangosfwrdd/);
    await axe(page, 'dashboard in Welsh');
    await page.context().close();
  });

  it('shows a professional what awaits them, without the audit trail, and reflows at 320 px', async () => {
    const page = await signedIn('professional', 320);
    await page.goto('/dashboard');
    assert.ok(await page.getByRole('heading', { name: 'Awaiting confirmation' }).isVisible());
    assert.equal(await page.getByRole('heading', { name: 'Recent changes' }).count(), 0);
    await noSidewaysScroll(page, 'dashboard at 320 px');
    await axe(page, 'dashboard at 320 px');
    await page.context().close();
    const resident = await signedIn('resident');
    const response = await resident.goto('/dashboard');
    assert.equal(response.status(), 403);
    await resident.context().close();
  });
});
