// The audit trail in Chromium, with axe-core on each state: an officer opens
// it from the navigation, filters by person, is told which date is wrong
// (the typed values kept), downloads the filtered events as CSV; the page in
// Welsh and at 320 px without sideways scrolling; a resident is refused the
// page and the download (the trail is personal data).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkAccessibility as axe, noSidewaysScroll, signedInPage } from './support.mjs';
import { fillDate, dateShown } from './dates.mjs';

describe('audit trail in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);

  it('refuses a resident the page and the download', async () => {
    const page = await signedIn('resident');
    assert.equal(await page.getByRole('link', { name: 'Audit trail' }).count(), 0, 'no navigation entry');
    assert.equal((await page.goto('/audit')).status(), 403);
    assert.equal((await page.request.get('/audit.csv')).status(), 403);
    await page.context().close();
  });

  it('lets an officer filter by person and by date, and download the filtered events as CSV', async () => {
    const page = await signedIn('officer');
    await Promise.all([page.waitForNavigation(), page.locator('header').getByRole('link', { name: 'Audit trail' }).click()]);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Audit trail');
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    assert.ok(await table.isVisible());
    assert.ok(await table.getByText('Demo co-production officer').first().isVisible());
    await axe(page, 'audit trail');

    // The resident signed in (previous test): their events only.
    await page.getByLabel('Person').selectOption({ label: 'Demo resident' });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Apply filters' }).click()]);
    assert.match(page.url(), /actor=/);
    const rows = page.getByRole('table', { name: 'Audit events, newest first' }).locator('tbody tr');
    assert.ok(await rows.count() >= 1);
    for (const text of await rows.allTextContents()) assert.match(text, /Demo resident/);
    assert.equal(await page.getByRole('table').getByText('Demo co-production officer').count(), 0);
    const details = rows.first().locator('details');
    await details.locator('summary').click();
    assert.ok(await details.locator('.govuk-details__text').isVisible());
    await axe(page, 'audit trail filtered by person, details open');

    // The CSV of what is shown.
    const href = await page.getByRole('link', { name: 'Download these events (CSV)' }).getAttribute('href');
    assert.match(href, /^\/audit\.csv\?actor=/);
    const csv = await page.request.get(href);
    assert.equal(csv.status(), 200);
    assert.equal(csv.headers()['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.headers()['content-disposition'], /^attachment; filename="audit-trail\.csv"$/);
    assert.equal(csv.headers()['cache-control'], 'no-store');
    const lines = (await csv.text()).split('\r\n');
    assert.equal(lines[0], 'at,actor_account_id,actor,action,entity_type,entity_id,before,after');
    assert.ok(lines.length > 2);
    for (const line of lines.slice(1).filter(Boolean)) assert.match(line, /,Demo resident,/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download these events (CSV)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'audit-trail.csv');

    // A date that is not real: the error names the date, marks the day and keeps what was typed.
    await fillDate(page, 'From date', { day: '30', month: '2', year: '2026' });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Apply filters' }).click()]);
    assert.match(await page.title(), /^Error: /);
    const summary = page.locator('.govuk-error-summary');
    assert.ok(await summary.getByRole('link', { name: 'From date must be a real date' }).isVisible());
    assert.deepEqual(await dateShown(page, 'From date'), { day: '30', month: '2', year: '2026' });
    assert.equal(await summary.getByRole('link').first().getAttribute('href'), '#from-day');
    assert.equal(await page.locator('#from-day.govuk-input--error').count(), 1, 'the day is marked');
    assert.equal(await page.locator('#from-month.govuk-input--error, #from-year.govuk-input--error').count(), 0);
    assert.notEqual(await page.getByLabel('Person').inputValue(), '', 'the person chosen is kept');
    await axe(page, 'audit trail with a date error');

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Trywydd archwilio');
    assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: "O'r dyddiad: rhaid i'r dyddiad fod yn ddyddiad go iawn" }).isVisible());
    await axe(page, 'audit trail in Welsh with a date error');
    await page.goto('/audit');
    assert.ok(await page.getByRole('table', { name: 'Digwyddiadau archwilio, y diweddaraf yn gyntaf' }).isVisible());
    await axe(page, 'audit trail in Welsh');
    await page.context().close();
  });

  it('reflows at 320 px without sideways scrolling', async () => {
    const page = await signedIn('officer', 320);
    await page.goto('/audit');
    const details = page.locator('table details').first();
    await details.locator('summary').click();
    await noSidewaysScroll(page, 'audit trail at 320 px');
    await axe(page, 'audit trail at 320 px');
    await page.context().close();
  });
});
