// Shortlisting in Chromium, with axe-core on every page and error state at
// desktop width and at 320 px: an officer sets the threshold (after being told
// what a threshold must be); a resident supports a proposal with the keyboard
// alone, withdraws and gives the support again in Welsh; leaving shortlisting
// closes the shortlist, and the list says which proposals made it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('members support proposals and the shortlist closes at the threshold, in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};
  const verges = 'Wildflower verges', platform = 'A pond dipping platform';

  const signedIn = (role, width) => signedInPage(env, role, width);
  async function toPhase(page, phase) {
    await page.goto(`${state.path}/manage`);
    await page.getByLabel(text('en', 'commission.manage.phase_to')).selectOption(phase);
    await submit(page, text('en', 'commission.manage.phase_submit'));
    assert.ok(await page.getByText(text('en', 'commission.phase_changed.done')).isVisible(), phase);
  }
  // Tabs through the page until `target` has the focus, as a keyboard user does.
  async function tabTo(page, target) {
    for (let i = 0; i < 60; ++i) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    assert.fail('the keyboard never reached the button');
  }
  // Presses Enter on the focused button and waits for the page it leads to.
  const pressEnter = (page) => Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  // The supporters a proposal has, as its row in the list shows them.
  const supporters = async (page, title, lang = 'en') => (await page.getByRole('row').filter({ hasText: title })
    .locator(`td[data-label="${text(lang, 'commission.shortlist.supporters')}"]`).textContent()).trim();

  it('lets an officer take proposals, screen them and open shortlisting', async () => {
    const officer = await signedIn('officer');
    await officer.goto('/pb/new');
    await officer.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Green spaces fund');
    await officer.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('3000');
    await submit(officer, text('en', 'commission.new.submit'));
    state.path = new URL(officer.url()).pathname.replace(/\/manage$/, '');
    await toPhase(officer, 'proposing');

    const resident = await signedIn('community');
    for (const title of [verges, platform]) {
      await resident.goto(`${state.path}/proposals/new`);
      await resident.getByLabel(text('en', 'commission.proposals.field_title'), { exact: true }).fill(title);
      await resident.getByLabel(text('en', 'commission.proposals.field_description'), { exact: true }).fill('For the park.');
      await submit(resident, text('en', 'commission.proposals.submit'));
      assert.ok(await resident.getByText(text('en', 'commission.proposed.done')).isVisible());
    }
    await resident.context().close();

    await toPhase(officer, 'screening');
    for (const title of [verges, platform]) {
      await officer.goto(`${state.path}/proposals`);
      await officer.getByRole('link', { name: title }).click();
      await officer.getByLabel(text('en', 'commission.proposal_status.eligible'), { exact: true }).check();
      await submit(officer, text('en', 'commission.proposals.screen_submit'));
      assert.ok(await officer.getByText(text('en', 'commission.screened.done')).isVisible());
    }
    await toPhase(officer, 'shortlisting');
    await officer.context().close();
  });

  it('lets the officer set the threshold, told first what it must be', async () => {
    const officer = await signedIn('officer', 320);
    await officer.goto(`${state.path}/proposals`);
    const field = officer.getByLabel(text('en', 'commission.shortlist.threshold_label'), { exact: true });
    await field.fill('0');
    await submit(officer, text('en', 'commission.shortlist.threshold_submit'));
    assert.deepEqual(await errorSummary(officer), { threshold: text('en', 'commission.error.threshold') });
    assert.equal(await field.inputValue(), '0', 'what was typed is shown again');
    await checkPage(officer, 'the threshold with an error');
    await field.fill('1');
    await submit(officer, text('en', 'commission.shortlist.threshold_submit'));
    assert.ok(await officer.getByText(text('en', 'commission.threshold_set.done')).isVisible());
    assert.ok(await officer.getByText(text('en', 'commission.shortlist.threshold_is', { threshold: 1 })).isVisible());
    await officer.context().close();
  });

  it('lets a resident support a proposal with the keyboard, and withdraw and support again in Welsh', async () => {
    const page = await signedIn('resident');
    await page.goto(`${state.path}/proposals`);
    assert.equal(await heading(page), text('en', 'commission.proposals.title'));
    assert.ok(await page.getByText(text('en', 'commission.shortlist.open')).isVisible());
    await checkPage(page, 'proposals open for support');
    const support = page.getByRole('button', {
      name: `${text('en', 'commission.shortlist.support')} ${text('en', 'commission.shortlist.support_hidden', { title: verges })}`,
      exact: true,
    });
    await tabTo(page, support);
    await pressEnter(page);
    assert.ok(await page.getByText(text('en', 'commission.supported.done')).isVisible());
    assert.equal(await supporters(page, verges), '1');
    assert.equal(await supporters(page, platform), '0');

    // In Welsh: the button now withdraws the support.
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    assert.equal(await heading(page), text('cy', 'commission.proposals.title'));
    const withdraw = page.getByRole('button', {
      name: `${text('cy', 'commission.shortlist.withdraw')} ${text('cy', 'commission.shortlist.withdraw_hidden', { title: verges })}`,
      exact: true,
    });
    await checkPage(page, 'a supported proposal in Welsh');
    await tabTo(page, withdraw);
    await pressEnter(page);
    assert.ok(await page.getByText(text('cy', 'commission.support_withdrawn.done')).isVisible());
    assert.equal(await supporters(page, verges, 'cy'), '0');
    const again = page.getByRole('button', {
      name: `${text('cy', 'commission.shortlist.support')} ${text('cy', 'commission.shortlist.support_hidden', { title: verges })}`,
      exact: true,
    });
    await tabTo(page, again);
    await pressEnter(page);
    assert.ok(await page.getByText(text('cy', 'commission.supported.done')).isVisible());
    assert.equal(await supporters(page, verges, 'cy'), '1');
    await checkPage(page, 'a supported proposal in Welsh, again');
    await page.getByRole('link', { name: 'English' }).click();
    await page.context().close();
  });

  it('closes the shortlist when shortlisting ends, and the list says which proposals made it', async () => {
    const officer = await signedIn('officer');
    await toPhase(officer, 'valuating');
    await officer.goto(`${state.path}/proposals`);
    assert.ok(await officer.getByText(text('en', 'commission.shortlist.result', { shortlisted: 1, eligible: 2 })).isVisible());
    const row = (title) => officer.getByRole('row').filter({ hasText: title });
    assert.ok(await row(verges).getByText(text('en', 'commission.shortlist.in'), { exact: true }).isVisible());
    assert.ok(await row(platform).getByText(text('en', 'commission.shortlist.out'), { exact: true }).isVisible());
    assert.equal(await officer.getByRole('button', { name: text('en', 'commission.shortlist.support') }).count(), 0,
      'no support buttons once shortlisting is over');
    await checkPage(officer, 'the closed shortlist');
    // The proposal left off is not valued.
    await row(platform).getByRole('link', { name: platform }).click();
    assert.ok(await officer.getByText(text('en', 'commission.shortlist.out'), { exact: true }).isVisible());
    assert.equal(await officer.getByRole('heading', { name: text('en', 'commission.proposals.value') }).count(), 0);
    await officer.getByRole('link', { name: text('en', 'commission.proposals.title') }).first().click();
    await row(verges).getByRole('link', { name: verges }).click();
    assert.equal(await officer.getByRole('heading', { name: text('en', 'commission.proposals.value') }).count(), 1);
    await officer.context().close();
  });
});
