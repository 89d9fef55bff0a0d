// The officer's areas, services and groups in Chromium, with axe-core on each
// state: an area added (after an error naming the field), changed, refused
// when put inside itself, archived and restored; the other lists reached by
// their links; in Welsh; at 320 px without sideways scrolling.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demoEmail } from '../integration/harness.mjs';
import { demoServerAndBrowser, newPage, checkAccessibility as axe, noSidewaysScroll, signIn } from './support.mjs';

describe('areas, services and groups in Chromium', () => {
  const env = demoServerAndBrowser();

  const submit = (page, name) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);

  it('lets an officer add, change, archive and restore an area', async () => {
    const page = await newPage(env.browser, env.server.base);
    await signIn(page, 'officer');
    await page.getByRole('link', { name: 'Areas, services and groups' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Areas/);
    await axe(page, 'areas');

    await page.getByRole('button', { name: 'Add an area' }).click();
    await page.waitForLoadState();
    await submit(page, 'Add area');
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator('.govuk-error-summary a').count(), 2, 'the name and the kind are missing');
    await axe(page, 'new area with errors');
    await page.getByLabel('Name of the area').fill('Riverside');
    await page.getByLabel('Neighbourhood').check();
    await submit(page, 'Add area');
    assert.ok(await page.getByText('Area added').isVisible());

    await page.getByRole('link', { name: 'Change Riverside' }).click();
    await page.waitForLoadState();
    await axe(page, 'change area');
    const parent = await page.getByLabel('Inside which area? (optional)').locator('option').nth(1).getAttribute('value');
    await page.getByLabel('Inside which area? (optional)').selectOption(parent);
    await page.getByLabel('Name of the area').fill('Riverside and Docks');
    await submit(page, 'Save changes to the area');
    assert.ok(await page.getByText('Area changed').isVisible());
    assert.ok(await page.getByRole('cell', { name: 'Riverside and Docks' }).isVisible());

    await page.getByRole('link', { name: 'Change Riverside and Docks' }).click();
    await page.waitForLoadState();
    await submit(page, 'Archive this area');
    assert.ok(await page.getByText('Archived', { exact: true }).first().isVisible());
    const row = page.locator('tr', { hasText: 'Riverside and Docks' });
    assert.match(await row.textContent(), /Archived/);
    await row.getByRole('link').click();
    await page.waitForLoadState();
    assert.ok(await page.locator('.govuk-inset-text').isVisible(), 'the form says it is archived');
    await submit(page, 'Restore this area');
    assert.ok(await page.getByText('Restored from the archive').isVisible());

    await page.getByRole('link', { name: 'Services', exact: true }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Services/);
    await axe(page, 'services');
    await page.getByRole('link', { name: 'Community groups', exact: true }).click();
    await page.waitForLoadState();
    await axe(page, 'groups');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Grwpiau cymunedol/);
    await axe(page, 'groups in Welsh');
    await page.context().close();
  });

  it('lets a professional change an initiative, with the error by the field, and not a resident', async () => {
    const page = await newPage(env.browser, env.server.base);
    await signIn(page, 'professional');
    await page.goto('/map');
    await page.getByRole('link', { name: 'Tackley village shop', exact: true }).click();
    await page.waitForLoadState();
    await page.getByRole('button', { name: 'Change this initiative' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Change an initiative/);
    assert.equal(await page.getByLabel('Name').inputValue(), 'Tackley village shop', 'the form holds its values');
    await axe(page, 'change initiative');
    await page.getByLabel('Name').fill('');
    await submit(page, 'Save changes to the initiative');
    assert.match(await page.title(), /^Error: /);
    await axe(page, 'change initiative with an error');
    await page.getByLabel('Name').fill('Tackley community shop');
    await submit(page, 'Save changes to the initiative');
    assert.ok(await page.getByText('Initiative changed').isVisible());
    assert.match(await page.locator('h1').textContent(), /Tackley community shop/);
    await page.context().close();
    const resident = await newPage(env.browser, env.server.base);
    await signIn(resident, 'resident');
    const url = page.url().replace(/\?.*$/, '');
    assert.equal((await resident.goto(new URL(url).pathname + '/edit')).status(), 403);
    await resident.context().close();
  });

  it('lists the initiatives with a search, the filters and pages of 20, for anyone', async () => {
    const officer = new Client(env.server.base);
    await officer.login(demoEmail('officer'));
    for (let i = 1; i <= 21; i++) {
      const made = await officer.post('/api/v1/initiatives', { name: `Street garden ${String(i).padStart(2, '0')}` });
      assert.equal(made.status, 201, made.text);
    }
    const page = await newPage(env.browser, env.server.base);
    await page.goto('/initiatives');
    assert.match(await page.locator('h1').textContent(), /Initiatives/);
    await page.getByLabel('Search initiatives').fill('street GARDEN');
    await submit(page, 'Apply filters');
    assert.match(await page.locator('#list-count').textContent(), /^21 initiatives/);
    const table = page.getByRole('table', { name: 'Initiatives, page 1 of 2' });
    assert.equal(await table.locator('tbody tr').count(), 20);
    await axe(page, 'initiatives, page 1');
    await page.getByRole('link', { name: /Next/ }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByRole('table', { name: 'Initiatives, page 2 of 2' }).locator('tbody tr').count(), 1);
    assert.equal(await page.getByLabel('Search initiatives').inputValue(), 'street GARDEN', 'the search is kept');
    await page.goto('/initiatives?q=community+shop');  // renamed by the test before
    assert.ok(await page.getByRole('link', { name: 'Tackley community shop' }).isVisible());
    await page.goto('/initiatives?co=nonsense');
    assert.match(await page.title(), /^Error: /);
    await page.goto('/initiatives');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').textContent(), /Mentrau/);
    await axe(page, 'initiatives in Welsh');
    await page.context().close();
    const narrow = await newPage(env.browser, env.server.base, { width: 320 });
    await narrow.goto('/initiatives');
    await noSidewaysScroll(narrow, 'initiatives at 320 px');
    await narrow.context().close();
  });

  it('reflows the lists at 320 px and keeps them from residents', async () => {
    const page = await newPage(env.browser, env.server.base, { width: 320 });
    await signIn(page, 'officer');
    for (const path of ['/areas', '/services', '/groups', '/areas/new']) {
      await page.goto(path);
      await noSidewaysScroll(page, `${path} at 320 px`);
    }
    await page.context().close();
    const resident = await newPage(env.browser, env.server.base);
    await signIn(resident, 'resident');
    assert.equal((await resident.goto('/areas')).status(), 403);
    await resident.context().close();
  });
});
