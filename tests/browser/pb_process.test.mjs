// A participatory budget run in the platform, in Chromium, with axe-core on
// every page and error state at desktop width and at 320 px: an officer
// creates a process (after a refused empty form), adds projects, publishes
// the ballot (its SHA-256 shown), opens voting and makes voting codes; a
// resident votes in Welsh with the keyboard only (the running total, a ballot
// over the limit refused, the vote cast, changed, and its receipt checked);
// someone without an account votes with a code, which then cannot be used
// again; the officer closes the vote and counts; a councillor signs the result
// off, and the results and a "why" page are public.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, newPage, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('a participatory budget from creation to published results in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};

  const signedIn = (role, width) => signedInPage(env, role, width);
  const press = async (page, key) => { await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]); };

  it('lets an officer create a process, add projects, publish the ballot, open voting and make codes', async () => {
    const page = await signedIn('officer');
    await page.goto('/pb');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: text('en', 'commission.new.title') }).click()]);
    assert.equal(await heading(page), text('en', 'commission.new.title'));
    await checkPage(page, 'new process form');
    await submit(page, text('en', 'commission.new.submit'));
    assert.deepEqual(await errorSummary(page), {
      name: text('en', 'commission.error.name_missing'),
      budget: text('en', 'commission.error.budget_missing'),
    });
    await checkPage(page, 'new process form with errors');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Play areas 2027');
    await page.getByLabel(text('en', 'commission.new.name_cy'), { exact: true }).fill('Ardaloedd chwarae 2027');
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('1000');
    await page.getByLabel(text('en', 'commission.new.ballot_max'), { exact: true }).fill('2');
    await submit(page, text('en', 'commission.new.submit'));
    assert.equal(await heading(page), text('en', 'commission.manage.title'));
    state.path = new URL(page.url()).pathname.replace(/\/manage$/, '');

    // A project without a cost is refused, naming the field; then three projects.
    await page.getByLabel(text('en', 'commission.manage.project_name'), { exact: true }).fill('Swings');
    await submit(page, text('en', 'commission.manage.add_project_submit'));
    assert.deepEqual(await errorSummary(page), { cost: text('en', 'commission.error.cost_missing') });
    await checkPage(page, 'manage page with a project error');
    for (const [name, cost] of [['Swings', '400'], ['Slide', '300'], ['Sandpit', '300']]) {
      await page.getByLabel(text('en', 'commission.manage.project_name'), { exact: true }).fill(name);
      await page.getByLabel(text('en', 'commission.col.cost'), { exact: true }).fill(cost);
      await submit(page, text('en', 'commission.manage.add_project_submit'));
      assert.ok(await page.getByText(text('en', 'commission.project_added.done')).isVisible());
    }
    // Past the ballot before it is published: refused.
    await page.getByLabel(text('en', 'commission.manage.phase_to')).selectOption('voting');
    await submit(page, text('en', 'commission.manage.phase_submit'));
    assert.deepEqual(await errorSummary(page), { phase: text('en', 'commission.error.phase_publish_first') });
    await checkPage(page, 'manage page with a phase error');
    for (const phase of ['ballot_published', 'voting']) {
      await page.getByLabel(text('en', 'commission.manage.phase_to')).selectOption(phase);
      await submit(page, text('en', 'commission.manage.phase_submit'));
      assert.ok(await page.getByText(text('en', 'commission.phase_changed.done')).isVisible());
    }
    await checkPage(page, 'manage page during voting');
    await page.getByLabel(text('en', 'commission.manage.codes_count')).fill('2');
    await submit(page, text('en', 'commission.manage.codes_submit'));
    assert.equal(await heading(page), text('en', 'commission.codes.title'));
    state.codes = (await page.locator('#codes code').allTextContents()).map((c) => c.trim());
    assert.equal(state.codes.length, 2);
    assert.match(state.codes[0], /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await checkPage(page, 'voting codes');

    await page.goto(state.path);
    assert.equal(await heading(page), 'Play areas 2027');
    const sha = (await page.locator('code').first().textContent()).trim();
    assert.match(sha, /^[0-9a-f]{64}$/);
    await checkPage(page, 'process page during voting (officer)');
    await page.context().close();
  });

  it('lets a resident vote in Welsh with the keyboard only, change the vote and check the receipt', async () => {
    const page = await signedIn('resident', 320);
    await page.goto(state.path);
    await page.getByRole('link', { name: 'Cymraeg' }).focus();
    await press(page, 'Enter');
    assert.equal(await heading(page), 'Ardaloedd chwarae 2027');
    await checkPage(page, 'process page in Welsh');
    await page.getByRole('link', { name: text('cy', 'commission.now.vote') }).focus();
    await press(page, 'Enter');
    assert.equal(await heading(page), text('cy', 'commission.ballot.title'));
    await checkPage(page, 'ballot in Welsh');

    // Tick all three with Space, ask for the total with the keyboard: over the limit of two.
    for (const name of ['Swings', 'Slide', 'Sandpit']) {
      await page.getByLabel(name).focus();
      await page.keyboard.press('Space');
    }
    await page.getByRole('button', { name: text('cy', 'commission.ballot.check_total') }).focus();
    await press(page, 'Enter');
    assert.match(await page.locator('#running-total').textContent(), /3 prosiect sy'n costio £1,000/);
    assert.deepEqual(await errorSummary(page, 'cy'), { choices: text('cy', 'commission.error.choices_too_many') });
    await checkPage(page, 'ballot over the limit in Welsh');
    // Untick Sandpit, cast.
    await page.getByLabel('Sandpit').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: text('cy', 'commission.ballot.cast') }).focus();
    await press(page, 'Enter');
    assert.equal(await heading(page), text('cy', 'commission.receipt.title'));
    const first = (await page.locator('#receipt-code').textContent()).trim();
    await checkPage(page, 'receipt in Welsh');

    // Change the vote: the ballot shows the earlier choices; the new receipt replaces the old one.
    await page.goto(`${state.path}/vote`);
    assert.ok(await page.getByLabel('Swings').isChecked());
    assert.ok(await page.getByLabel('Slide').isChecked());
    await page.getByLabel('Swings').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: text('cy', 'commission.ballot.cast') }).focus();
    await press(page, 'Enter');
    assert.ok(await page.getByText(text('cy', 'commission.receipt.replaced')).isVisible());
    state.receipt = (await page.locator('#receipt-code').textContent()).trim();
    assert.notEqual(state.receipt, first);

    await page.getByRole('link', { name: text('cy', 'commission.now.check_receipt') }).focus();
    await press(page, 'Enter');
    await page.getByLabel(text('cy', 'commission.receipt.label')).focus();
    await page.keyboard.type(state.receipt.toLowerCase());
    await press(page, 'Enter');
    assert.ok(await page.getByText(text('cy', 'commission.receipt.in_box')).isVisible());
    await checkPage(page, 'receipt check in Welsh');
    await page.context().close();
  });

  it('lets someone without an account vote with a code once', async () => {
    const page = await newPage(env.browser, env.server.base);
    await page.goto(state.path);
    await page.getByRole('link', { name: text('en', 'commission.now.vote_with_code') }).click();
    assert.equal(await heading(page), text('en', 'commission.ballot.code_title'));
    await checkPage(page, 'code ballot');
    await page.getByLabel(text('en', 'commission.ballot.code_label')).fill('2222-3333-4444');
    await page.getByLabel('Sandpit').check();
    await submit(page, text('en', 'commission.ballot.cast'));
    assert.deepEqual(await errorSummary(page), { code: text('en', 'commission.error.code_unknown') });
    assert.ok(await page.getByLabel('Sandpit').isChecked(), 'the choice is kept');
    await checkPage(page, 'code ballot with an unknown code');
    await page.getByLabel(text('en', 'commission.ballot.code_label')).fill(state.codes[0]);
    await submit(page, text('en', 'commission.ballot.cast'));
    assert.equal(await heading(page), text('en', 'commission.receipt.title'));

    await page.goto(`${state.path}/vote-with-code`);
    await page.getByLabel(text('en', 'commission.ballot.code_label')).fill(state.codes[0]);
    await page.getByLabel('Swings').check();
    await submit(page, text('en', 'commission.ballot.cast'));
    assert.deepEqual(await errorSummary(page), { code: text('en', 'commission.error.code_used') });
    await checkPage(page, 'code ballot with a used code');
    await page.context().close();
  });

  it('takes paper ballots entered twice by two officers, and reconciles entries that differ', async () => {
    const enter = async (page, paper, ticks) => {
      await page.goto(`${state.path}/booth`);
      await page.getByLabel(text('en', 'commission.booth.paper_number')).fill(paper);
      for (const name of ticks) await page.getByLabel(name, { exact: true }).check();
      await submit(page, text('en', 'commission.booth.paper_submit'));
    };
    const first = await signedIn('professional');
    await enter(first, 'P1', ['Sandpit']);
    assert.ok(await first.getByText(text('en', 'commission.paper_awaiting_second.done')).isVisible());
    await checkPage(first, 'booth after a first entry');
    // The same officer cannot make the second entry.
    await enter(first, 'P1', ['Sandpit']);
    assert.deepEqual(await errorSummary(first), { paper: text('en', 'commission.error.paper_same_officer') });
    await checkPage(first, 'booth refusing a second entry by the same officer');
    await enter(first, 'P2', ['Slide']);
    await first.context().close();

    const second = await signedIn('officer');
    await enter(second, 'P1', ['Sandpit']);
    assert.ok(await second.getByText(text('en', 'commission.paper_agreed.done')).isVisible());
    await enter(second, 'P2', ['Swings']);
    assert.ok(await second.getByText(text('en', 'commission.paper_mismatch.done')).isVisible());
    await second.context().close();

    // An officer who made neither entry settles P2 from the paper itself.
    const third = await signedIn('councillor', 320);
    await third.goto(state.path);
    await third.getByRole('link', { name: text('en', 'commission.now.reconcile') }).click();
    assert.equal(await heading(third), text('en', 'commission.reconcile.title'));
    assert.ok(await third.getByRole('heading', { name: text('en', 'commission.reconcile.paper', { paper: 'P2' }) }).isVisible());
    await checkPage(third, 'reconciliation with one paper to settle');
    const reading = third.getByRole('group', { name: text('en', 'commission.reconcile.reading', { paper: 'P2' }) });
    await reading.getByLabel('Slide', { exact: true }).check();
    await submit(third, text('en', 'commission.reconcile.submit', { paper: 'P2' }));
    assert.ok(await third.getByText(text('en', 'commission.reconciled.done')).isVisible());
    assert.ok(await third.getByText(text('en', 'commission.reconcile.all_settled')).isVisible());
    await checkPage(third, 'reconciliation with every paper settled');
    await third.context().close();
  });

  it('counts after the close, and publishes the results when a councillor signs them off', async () => {
    const officer = await signedIn('officer');
    await officer.goto(`${state.path}/manage`);
    for (const phase of ['reconciling', 'counting']) {
      await officer.getByLabel(text('en', 'commission.manage.phase_to')).selectOption(phase);
      await submit(officer, text('en', 'commission.manage.phase_submit'));
    }
    // The public cannot see results before the sign-off.
    const visitor = await newPage(env.browser, env.server.base);
    await visitor.goto(state.path);
    assert.ok(await visitor.getByText(text('en', 'commission.now.counting')).isVisible());
    await officer.context().close();

    const councillor = await signedIn('councillor');
    await councillor.goto(state.path);
    await checkPage(councillor, 'the count before sign-off (councillor)');
    // An override: Swings, which the count left out, is funded, with the reason published.
    await councillor.getByLabel(text('en', 'commission.col.project'), { exact: true }).selectOption({ label: 'Swings' });
    await councillor.getByLabel(text('en', 'commission.override.fund'), { exact: true }).check();
    await councillor.getByLabel(text('en', 'commission.manage.reason'), { exact: true }).fill('Promised to the school last year');
    await submit(councillor, text('en', 'commission.override.submit'));
    assert.ok(await councillor.getByText(text('en', 'commission.overridden.done')).isVisible());
    await checkPage(councillor, 'the count with an override (councillor)');
    await submit(councillor, text('en', 'commission.sign_off.submit'));
    assert.ok(await councillor.getByText(text('en', 'commission.signed_off.done')).isVisible());
    await councillor.context().close();

    await visitor.goto(state.path);
    assert.equal(await heading(visitor), 'Play areas 2027');
    const chosen = visitor.getByRole('table', { name: text('en', 'commission.results.chosen_caption') });
    assert.ok(await chosen.getByText('Slide').isVisible(), 'Slide won');
    assert.ok(await chosen.getByText('Swings').isVisible(), 'Swings funded by the override');
    assert.ok(await visitor.getByText(text('en', 'commission.override.chosen', { project: 'Swings', reason: 'Promised to the school last year' })).isVisible());
    await checkPage(visitor, 'published results');
    await visitor.getByRole('link', { name: text('en', 'commission.results.how_link', { name: 'Swings' }) }).click();
    assert.equal(await heading(visitor), 'Swings');
    await checkPage(visitor, 'why Swings is funded (an override)');

    // The receipt now says the ballot was counted.
    await visitor.goto(`${state.path}/receipt`);
    await visitor.getByLabel(text('en', 'commission.receipt.label')).fill(state.receipt);
    await submit(visitor, text('en', 'commission.receipt.check'));
    assert.ok(await visitor.getByText(text('en', 'commission.receipt.counted')).isVisible());
    await visitor.context().close();
  });
  it('delivers a winner: a milestone reached puts it in its cell on the map, and its followers are told', async () => {
    const officer = await signedIn('officer');
    await officer.goto(`${state.path}/manage`);
    await officer.getByLabel(text('en', 'commission.manage.phase_to')).selectOption('delivering');
    await submit(officer, text('en', 'commission.manage.phase_submit'));
    await officer.goto(state.path);
    await officer.getByRole('link', { name: text('en', 'commission.results.how_link', { name: 'Slide' }) }).click();
    assert.ok(await officer.getByRole('heading', { name: text('en', 'commission.delivery.title') }).isVisible());

    const resident = await signedIn('resident');
    await resident.goto(officer.url());
    await submit(resident, text('en', 'commission.delivery.follow'));
    assert.ok(await resident.getByText(text('en', 'commission.followed.done'), { exact: true }).isVisible());
    await checkPage(resident, 'a winning project followed');

    // An empty milestone: the project's page again, the form saying what is missing.
    await officer.getByLabel('Day').fill('31');
    await officer.getByLabel('Month').fill('4');
    await submit(officer, text('en', 'commission.delivery.add_submit'));
    const missing = await errorSummary(officer);
    assert.equal(missing.title, text('en', 'commission.error.milestone_missing'));
    assert.equal(await officer.getByLabel('Day').inputValue(), '31', 'what was typed is kept');
    await checkPage(officer, 'a winning project with an empty milestone (officer)');
    await officer.getByLabel('Day').fill('');
    await officer.getByLabel('Month').fill('');
    await officer.getByLabel(text('en', 'commission.delivery.milestone'), { exact: true }).fill('Slide installed');
    await submit(officer, text('en', 'commission.delivery.add_submit'));
    assert.ok(await officer.getByText(text('en', 'commission.milestone_added.done')).isVisible());
    await checkPage(officer, 'a winning project with a milestone (officer)');
    await submit(officer, text('en', 'commission.delivery.mark_reached', { milestone: 'Slide installed' }));
    assert.ok(await officer.getByText(text('en', 'commission.milestone_reached.done')).isVisible());
    await officer.getByRole('link', { name: text('en', 'commission.delivery.map_link', { name: 'Slide' }) }).click();
    assert.equal(await heading(officer), 'Slide');
    assert.ok(await officer.getByText(text('en', 'map.cell.professional_with_coplanning')).first().isVisible(), 'the cell');
    await officer.context().close();

    await resident.goto('/notifications');
    assert.ok(await resident.getByText(text('en', 'commission.notice.milestone.text', { project: 'Slide', milestone: 'Slide installed' })).isVisible());
    await resident.context().close();
  });
});
