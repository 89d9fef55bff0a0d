// Points and ranking ballots in Chromium, with axe-core on every page and
// error state, at desktop width and at 320 px: an officer creating a points
// ballot is told to give the points each voter has; a resident, in Welsh at
// 320 px, is told when one project gets more points than allowed and then
// shares out the points; another ranks projects with the keyboard only, told
// first that a rank was given twice.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, submit, text, signedInPage } from './support.mjs';

describe('points and ranking ballots, in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};

  const signedIn = (role, width) => signedInPage(env, role, width);

  // Creates a process of `kind` through the form, adds three projects and opens voting.
  async function openProcess(page, name, kind, fill = async () => {}) {
    await page.goto('/pb/new');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill(name);
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('700');
    await page.getByLabel(text('en', `commission.kind.${kind}`), { exact: true }).check();
    await fill();
    await submit(page, text('en', 'commission.new.submit'));
    const path = new URL(page.url()).pathname.replace(/\/manage$/, '');
    for (const [project, cost] of [['Benches', '400'], ['Trees', '300'], ['Lights', '300']]) {
      await page.getByLabel(text('en', 'commission.manage.project_name'), { exact: true }).fill(project);
      await page.getByLabel(text('en', 'commission.col.cost'), { exact: true }).fill(cost);
      await submit(page, text('en', 'commission.manage.add_project_submit'));
    }
    for (const phase of ['ballot_published', 'voting']) {
      await page.getByLabel(text('en', 'commission.manage.phase_to')).selectOption(phase);
      await submit(page, text('en', 'commission.manage.phase_submit'));
      assert.ok(await page.getByText(text('en', 'commission.phase_changed.done')).isVisible(), phase);
    }
    return path;
  }

  it('asks an officer creating a points ballot for the points each voter has', async () => {
    const page = await signedIn('officer');
    await page.goto('/pb/new');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Points fund');
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('700');
    await page.getByLabel(text('en', 'commission.kind.cumulative'), { exact: true }).check();
    await submit(page, text('en', 'commission.new.submit'));
    assert.deepEqual(await errorSummary(page), { points_total: text('en', 'commission.error.points_total') });
    assert.ok(await page.getByLabel(text('en', 'commission.kind.cumulative'), { exact: true }).isChecked());
    await checkPage(page, 'a points ballot without its points');
    state.points = await openProcess(page, 'Points fund', 'cumulative', async () => {
      await page.getByLabel(text('en', 'commission.new.points_total'), { exact: true }).fill('10');
      await page.getByLabel(text('en', 'commission.new.points_most'), { exact: true }).fill('6');
    });
    state.ranks = await openProcess(page, 'Ranked fund', 'ordinal', async () => {
      await page.getByLabel(text('en', 'commission.new.ballot_max'), { exact: true }).fill('2');
    });
    await page.context().close();
  });

  it('lets a resident share out points in Welsh at 320 px, told first of too many for one project', async () => {
    const page = await signedIn('resident', 320);
    await page.goto(`${state.points}/vote`);
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    assert.ok(await page.getByText(text('cy', 'commission.ballot.points_total', { points: '10' })).first().isVisible());
    await checkPage(page, 'a points ballot in Welsh');
    await page.getByLabel('Benches', { exact: true }).fill('7');
    await submit(page, text('cy', 'commission.ballot.cast'));
    assert.deepEqual(await errorSummary(page, 'cy'), { choices: text('cy', 'commission.error.points_over_most') });
    assert.equal(await page.getByLabel('Benches', { exact: true }).inputValue(), '7');
    await checkPage(page, 'too many points for one project, in Welsh');
    await page.getByLabel('Benches', { exact: true }).fill('6');
    await page.getByLabel('Lights', { exact: true }).fill('4');
    await submit(page, text('cy', 'commission.ballot.check_total'));
    assert.ok(await page.getByText(text('cy', 'commission.ballot.total_points',
      { points: '10', of: '10', n: '2', amount: '£700.00' })).isVisible());
    await submit(page, text('cy', 'commission.ballot.cast'));
    assert.match(await page.locator('#receipt-code').textContent(), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // The ballot comes back as given.
    await page.goto(`${state.points}/vote`);
    assert.equal(await page.getByLabel('Benches', { exact: true }).inputValue(), '6');
    assert.equal(await page.getByLabel('Trees', { exact: true }).inputValue(), '');
    await page.context().close();
  });

  it('lets a resident rank projects with the keyboard only, told first of a rank given twice', async () => {
    const page = await signedIn('professional');
    await page.goto(`${state.ranks}/vote`);
    await checkPage(page, 'a ranking ballot');
    // Tab to each list and choose a rank with the arrow keys.
    const rank = async (project, presses) => {
      await page.getByLabel(project, { exact: true }).focus();
      for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowDown');
    };
    await rank('Trees', 1);   // 1
    await rank('Lights', 1);  // 1 again
    await page.getByRole('button', { name: text('en', 'commission.ballot.cast'), exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.deepEqual(await errorSummary(page), { choices: text('en', 'commission.error.ranks_repeated') });
    await checkPage(page, 'a rank given twice');
    await rank('Benches', 2);  // 2
    await page.getByLabel('Lights', { exact: true }).focus();
    await page.keyboard.press('ArrowUp');  // not ranked
    await page.getByRole('button', { name: text('en', 'commission.ballot.cast'), exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('#receipt-code').textContent(), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await page.goto(`${state.ranks}/vote`);
    assert.equal(await page.getByLabel('Trees', { exact: true }).inputValue(), '1');
    assert.equal(await page.getByLabel('Benches', { exact: true }).inputValue(), '2');
    assert.equal(await page.getByLabel('Lights', { exact: true }).inputValue(), '');
    await page.context().close();
  });
});
