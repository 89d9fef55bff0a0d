// Residents' proposals in Chromium, with axe-core on every page and error
// state at desktop width and at 320 px: an officer opens a process for
// proposals; a resident, in Welsh, is told what is missing, proposes, and
// changes the proposal; the officer screens it eligible (after being told a
// refusal needs a reason); a professional values it (after being told an
// unfeasible proposal needs a reason); the resident answers the valuation;
// publishing the ballot puts it on the ballot.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('residents propose, officers screen, professionals value, in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};

  const signedIn = (role, width) => signedInPage(env, role, width);
  async function toPhase(page, phase) {
    await page.goto(`${state.path}/manage`);
    await page.getByLabel(text('en', 'commission.manage.phase_to')).selectOption(phase);
    await submit(page, text('en', 'commission.manage.phase_submit'));
    assert.ok(await page.getByText(text('en', 'commission.phase_changed.done')).isVisible(), phase);
  }

  it('lets an officer open a process for proposals', async () => {
    const page = await signedIn('officer');
    await page.goto('/pb/new');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Youth fund');
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('2000');
    await submit(page, text('en', 'commission.new.submit'));
    state.path = new URL(page.url()).pathname.replace(/\/manage$/, '');
    await toPhase(page, 'proposing');
    await page.context().close();
  });

  it('lets a resident propose in Welsh, told first what is missing, and change the proposal', async () => {
    const page = await signedIn('resident', 320);
    await page.goto(state.path);
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.getByRole('link', { name: text('cy', 'commission.now.propose') }).click();
    assert.equal(await heading(page), text('cy', 'commission.proposals.title'));
    await checkPage(page, 'proposals list in Welsh');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: text('cy', 'commission.proposals.new_title') }).click()]);
    await submit(page, text('cy', 'commission.proposals.submit'));
    assert.deepEqual(await errorSummary(page, 'cy'), {
      title: text('cy', 'commission.error.title_missing'),
      description: text('cy', 'commission.error.description_missing'),
    });
    await checkPage(page, 'proposal form with errors in Welsh');
    await page.getByLabel(text('cy', 'commission.proposals.field_title'), { exact: true }).fill('Skate park');
    await page.getByLabel(text('cy', 'commission.proposals.field_title_cy'), { exact: true }).fill('Parc sglefrio');
    await page.getByLabel(text('cy', 'commission.proposals.field_description'), { exact: true }).fill('Somewhere to skate.');
    await page.getByLabel(text('cy', 'commission.proposals.field_rough_cost'), { exact: true }).fill('1500');
    await submit(page, text('cy', 'commission.proposals.submit'));
    assert.ok(await page.getByText(text('cy', 'commission.proposed.done')).isVisible());
    state.proposal = new URL(page.url()).pathname;
    await page.getByRole('link', { name: text('cy', 'commission.proposals.edit_title') }).click();
    await page.getByLabel(text('cy', 'commission.proposals.field_title'), { exact: true }).fill('Skate park by the river');
    await submit(page, text('cy', 'commission.proposals.save'));
    assert.equal(await heading(page), 'Parc sglefrio');  // its Welsh title, read in Welsh
    await checkPage(page, 'a proposal in Welsh');
    await page.context().close();
  });

  it('lets the officer screen it and a professional value it, and the resident answer', async () => {
    const officer = await signedIn('officer');
    await toPhase(officer, 'screening');
    await officer.goto(state.proposal);
    await officer.getByLabel(text('en', 'commission.proposal_status.ineligible'), { exact: true }).check();
    await submit(officer, text('en', 'commission.proposals.screen_submit'));
    assert.deepEqual(await errorSummary(officer), { reason: text('en', 'commission.error.reason_missing') });
    await checkPage(officer, 'screening with an error');
    await officer.getByLabel(text('en', 'commission.proposal_status.eligible'), { exact: true }).check();
    await submit(officer, text('en', 'commission.proposals.screen_submit'));
    assert.ok(await officer.getByText(text('en', 'commission.screened.done')).isVisible());
    await toPhase(officer, 'valuating');

    const professional = await signedIn('professional', 320);
    await professional.goto(state.proposal);
    await professional.getByLabel(text('en', 'commission.proposal_status.infeasible'), { exact: true }).check();
    await submit(professional, text('en', 'commission.proposals.value_submit'));
    assert.deepEqual(await errorSummary(professional), { valuation_reason: text('en', 'commission.error.reason_missing') });
    await checkPage(professional, 'valuation with an error');
    await professional.getByLabel(text('en', 'commission.proposal_status.feasible'), { exact: true }).check();
    await professional.getByLabel(text('en', 'commission.proposals.valued_cost')).fill('1800');
    await submit(professional, text('en', 'commission.proposals.value_submit'));
    assert.ok(await professional.getByText(text('en', 'commission.valued.done')).isVisible());
    await professional.context().close();

    const resident = await signedIn('resident');
    await resident.goto(state.proposal);
    await resident.getByLabel(text('en', 'commission.proposals.reply')).fill('Thank you: the council owns the land.');
    await submit(resident, text('en', 'commission.proposals.reply_submit'));
    assert.ok(await resident.getByText(text('en', 'commission.replied.done')).isVisible());
    await checkPage(resident, 'a valued proposal with the answer');
    await resident.context().close();

    await toPhase(officer, 'ballot_published');
    await officer.goto(state.path);
    const projects = officer.getByRole('table', { name: text('en', 'commission.overview.projects_caption') });
    assert.ok(await projects.getByText('Skate park by the river').isVisible());
    // Under Welsh the project has the Welsh title the resident gave.
    await officer.getByRole('link', { name: 'Cymraeg' }).click();
    const welsh = officer.getByRole('table', { name: text('cy', 'commission.overview.projects_caption') });
    assert.ok(await welsh.getByText('Parc sglefrio').isVisible());
    await officer.context().close();
  });
});
