// Self-assessment in Chromium, with axe-core on each state: a professional
// chooses a frame, is told which scores are missing, adds the assessment; the
// initiative page shows the total over time as a chart with the same figures
// in a table, and the note; in Welsh; at 320 px without sideways scrolling.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, newPage, checkAccessibility as axe, noSidewaysScroll, signIn } from './support.mjs';
import { fillDate, dateShown } from './dates.mjs';

describe('self-assessment in Chromium', () => {
  const env = demoServerAndBrowser();

  const submit = (page, name) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);

  it('lets a professional add a five steps self-assessment and shows it over time', async () => {
    const page = await newPage(env.browser, env.server.base);
    await signIn(page, 'professional');
    await page.goto('/map');
    await page.getByRole('link', { name: 'Tackley village shop', exact: true }).click();
    await page.waitForLoadState();
    const initiativeUrl = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Add a self-assessment' }).click();
    await page.waitForLoadState();
    await axe(page, 'choose a frame');
    await page.getByLabel('Five steps to co-production').check();
    await submit(page, 'Continue');
    await fillDate(page, 'Date of the assessment', '2024-06-01');
    for (const step of ['Map it', 'Focus it', 'People it']) {
      await page.getByRole('group', { name: step }).getByLabel('3').check();
    }
    await submit(page, 'Save self-assessment');
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator('.govuk-error-summary a').count(), 2, 'the two steps not scored');
    assert.ok(await page.getByRole('group', { name: 'Map it' }).getByLabel('3').isChecked(), 'what was chosen is kept');
    assert.deepEqual(await dateShown(page, 'Date of the assessment'), { day: '1', month: '6', year: '2024' });
    await axe(page, 'self-assessment with errors');
    for (const step of ['Market it', 'Grow it']) await page.getByRole('group', { name: step }).getByLabel('2').check();
    // 31 April: the date's own message, the day marked, the summary linking to it.
    await fillDate(page, 'Date of the assessment', { day: '31', month: '4', year: '2024' });
    await submit(page, 'Save self-assessment');
    const summary = page.locator('.govuk-error-summary');
    assert.ok(await summary.getByRole('link', { name: 'Date of the assessment must be a real date' }).isVisible());
    assert.equal(await summary.getByRole('link').first().getAttribute('href'), '#assessed_on-day');
    assert.equal(await page.locator('#assessed_on-day.govuk-input--error').count(), 1);
    assert.equal(await page.locator('#assessed_on-year.govuk-input--error').count(), 0);
    await axe(page, 'self-assessment with a date that is not real');
    await fillDate(page, 'Date of the assessment', '2024-06-01');
    await page.getByLabel('Notes (optional)').fill('Volunteers asked for a clearer rota.');
    await submit(page, 'Save self-assessment');
    assert.equal(new URL(page.url()).pathname, initiativeUrl);
    assert.ok(await page.getByText('Self-assessment added').isVisible());
    assert.ok(await page.locator('#assessment-five_steps').isVisible(), 'the chart');
    assert.equal(await page.locator('#assessment-five_steps').getAttribute('role'), 'img');
    const table = page.getByRole('table', { name: 'Five steps to co-production' });
    assert.match(await table.textContent(), /13 of 20/, 'the table holds the chart\'s figure');
    assert.ok(await page.getByText('Volunteers asked for a clearer rota.').isVisible());
    await axe(page, 'initiative with a self-assessment');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('table').filter({ hasText: '13 o 20' }).count(), 1, 'the figure in Welsh');
    await axe(page, 'initiative with a self-assessment in Welsh');
    await page.context().close();

    const narrow = await newPage(env.browser, env.server.base, { width: 320 });
    await signIn(narrow, 'professional');
    await narrow.goto(initiativeUrl);
    await noSidewaysScroll(narrow, 'initiative with a self-assessment at 320 px');
    await narrow.goto(`${initiativeUrl}/assessments/new?frame=nef_principles`);
    await noSidewaysScroll(narrow, 'self-assessment form at 320 px');
    await narrow.context().close();
  });
});
