// District ballots and category limits in Chromium, with axe-core on every
// page and error state, at desktop width and at 320 px: an officer adds
// projects in two districts and the city, is told the district budgets add
// up to more than the budget, then sets them in Welsh with one district per
// ballot and a category limit, and who may vote (16 or older, living in two
// postcode areas); a resident choosing projects in two districts, without
// their age or postcode, is told all three at once, and votes with the keyboard.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, submit, text, signedInPage } from './support.mjs';

describe('district ballots and category limits, in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};

  const signedIn = (role, width) => signedInPage(env, role, width);

  it('lets an officer add projects in districts and refuses district budgets over the budget', async () => {
    const page = await signedIn('officer');
    await page.goto('/pb/new');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Neighbourhood fund');
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('1000');
    await submit(page, text('en', 'commission.new.submit'));
    state.path = new URL(page.url()).pathname.replace(/\/manage$/, '');
    for (const [name, cost, district, category] of [
      ['Swings', '200', 'North', 'Parks'],
      ['Pond', '200', 'North', 'Parks'],
      ['Riverside path', '300', 'South', 'Parks'],
      ['Market stalls', '100', '', 'Roads'],
    ]) {
      await page.getByLabel(text('en', 'commission.manage.project_name'), { exact: true }).fill(name);
      await page.getByLabel(text('en', 'commission.col.cost'), { exact: true }).fill(cost);
      await page.getByLabel(text('en', 'commission.project.district'), { exact: true }).fill(district);
      await page.getByLabel(text('en', 'commission.project.category'), { exact: true }).fill(category);
      await submit(page, text('en', 'commission.manage.add_project_submit'));
      assert.ok(await page.getByText(text('en', 'commission.project_added.done')).isVisible(), name);
    }
    // The form offers each district and category the projects name.
    await page.getByLabel(text('en', 'commission.manage.district_budget', { name: 'North' }), { exact: true }).fill('600');
    await page.getByLabel(text('en', 'commission.manage.district_budget', { name: 'South' }), { exact: true }).fill('500');
    await submit(page, text('en', 'commission.manage.limits_submit'));
    assert.deepEqual(await errorSummary(page), { 'budget-2': text('en', 'commission.error.district_budgets_over') });
    // What was typed is kept.
    assert.equal(await page.getByLabel(text('en', 'commission.manage.district_budget', { name: 'South' }), { exact: true }).inputValue(), '500');
    await checkPage(page, 'district budgets over the budget');
    await page.context().close();
  });

  it('lets the officer set them in Welsh at 320 px, and shows them on the ballot', async () => {
    const page = await signedIn('officer', 320);
    await page.goto(`${state.path}/manage`);
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.getByLabel(text('cy', 'commission.manage.one_district'), { exact: true }).check();
    await page.getByLabel(text('cy', 'commission.manage.district_budget', { name: 'North' }), { exact: true }).fill('400');
    await page.getByLabel(text('cy', 'commission.manage.district_budget', { name: 'South' }), { exact: true }).fill('300');
    await page.getByLabel(text('cy', 'commission.manage.category_most', { name: 'Parks' }), { exact: true }).fill('x');
    await submit(page, text('cy', 'commission.manage.limits_submit'));
    assert.deepEqual(await errorSummary(page, 'cy'), { 'most-1': text('cy', 'commission.error.category_most') });
    await checkPage(page, 'a category limit in error, in Welsh');
    await page.getByLabel(text('cy', 'commission.manage.category_most', { name: 'Parks' }), { exact: true }).fill('1');
    await submit(page, text('cy', 'commission.manage.limits_submit'));
    assert.ok(await page.getByText(text('cy', 'commission.limits_set.done')).isVisible());
    assert.ok(await page.getByLabel(text('cy', 'commission.manage.one_district'), { exact: true }).isChecked());
    await checkPage(page, 'districts and categories saved, in Welsh');
    // Who may vote: 16 or older, living in CF10 or CF11 2.
    await page.getByLabel(text('cy', 'commission.manage.minimum_age'), { exact: true }).fill('16');
    await page.getByLabel(text('cy', 'commission.manage.postcodes'), { exact: true }).fill('CF10\nCaerdydd');
    await submit(page, text('cy', 'commission.manage.eligibility_submit'));
    assert.deepEqual(await errorSummary(page, 'cy'), { postcodes: text('cy', 'commission.error.postcode_entry') });
    await checkPage(page, 'a residence list in error, in Welsh');
    await page.getByLabel(text('cy', 'commission.manage.postcodes'), { exact: true }).fill('CF10\nCF11 2');
    await submit(page, text('cy', 'commission.manage.eligibility_submit'));
    assert.ok(await page.getByText(text('cy', 'commission.eligibility_set.done')).isVisible());
    for (const phase of ['ballot_published', 'voting']) {
      await page.getByLabel(text('cy', 'commission.manage.phase_to')).selectOption(phase);
      await submit(page, text('cy', 'commission.manage.phase_submit'));
      assert.ok(await page.getByText(text('cy', 'commission.phase_changed.done')).isVisible(), phase);
    }
    await page.context().close();
  });

  it('tells a resident choosing in two districts to choose one, and takes a ballot in one by keyboard', async () => {
    const page = await signedIn('resident');
    await page.goto(`${state.path}/vote`);
    for (const line of [text('en', 'commission.ballot.one_district'),
      text('en', 'commission.ballot.category_most', { n: '1', category: 'Parks' })])
      assert.ok(await page.getByText(line).first().isVisible(), line);
    await page.getByLabel('Swings', { exact: true }).check();
    await page.getByLabel('Riverside path', { exact: true }).check();
    await submit(page, text('en', 'commission.ballot.cast'));
    // Everything to fix at once: the age, the postcode and the districts.
    assert.deepEqual(await errorSummary(page), {
      old_enough: text('en', 'commission.error.old_enough'),
      postcode: text('en', 'commission.error.postcode_missing'),
      choices: text('en', 'commission.error.choices_districts'),
    });
    await checkPage(page, 'a ballot over two districts without age or postcode');
    await page.getByLabel(text('en', 'commission.ballot.old_enough', { age: '16' }), { exact: true }).check();
    await page.getByLabel(text('en', 'commission.ballot.postcode'), { exact: true }).fill('CF11 9ZZ');
    await submit(page, text('en', 'commission.ballot.cast'));
    assert.deepEqual(await errorSummary(page), {
      postcode: text('en', 'commission.error.postcode_outside'),
      choices: text('en', 'commission.error.choices_districts'),
    });
    assert.ok(await page.getByLabel(text('en', 'commission.ballot.old_enough', { age: '16' }), { exact: true }).isChecked());
    await page.getByLabel(text('en', 'commission.ballot.postcode'), { exact: true }).fill('cf11 2ab');
    // With the keyboard: untick the path, tick the market, cast.
    await page.getByLabel('Riverside path', { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Market stalls', { exact: true }).focus();
    await page.keyboard.press('Space');
    assert.ok(await page.getByLabel('Swings', { exact: true }).isChecked());
    assert.ok(!(await page.getByLabel('Riverside path', { exact: true }).isChecked()));
    await page.getByRole('button', { name: text('en', 'commission.ballot.cast'), exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('#receipt-code').textContent(), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await checkPage(page, 'the receipt');
    await page.context().close();
  });
});
