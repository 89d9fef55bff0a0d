// The time bank in Chromium, with axe-core and the 320 px check on every page
// and error state: the demo resident finds the time bank from the navigation,
// withdraws their request, confirms the hours the demo community member
// recorded, is told what is missing from an empty form, and records three
// hours given; the community
// member, in Welsh at 320 px, confirms them; both see their balances move; a
// proposal past the balance limit is refused naming the limit; the officer's
// settings page lists the exchanges with a way to reverse them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('the time bank in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);
  const balance = (page) => page.locator('#balance').textContent().then((s) => s.trim());
  const today = new Date().toISOString().slice(0, 10).split('-');

  it('lets two residents exchange hours, in English and Welsh, and see their balances', async () => {
    const resident = await signedIn('resident');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('link', { name: 'Time bank', exact: true }).click()]);
    assert.equal(await heading(resident), 'Time bank');
    assert.ok(await resident.getByRole('table', { name: 'Offers of help' }).getByText('Help with gardening').isVisible());
    assert.ok(await resident.getByRole('table', { name: 'Requests for help' }).getByText('Lift to the health centre').first().isVisible());
    assert.equal(await resident.getByRole('table', { name: 'Offers of help' }).getByRole('button').count(), 0, 'not the resident\'s to withdraw');
    await checkPage(resident, 'offers and requests');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('button', { name: 'Withdraw Lift to the health centre' }).click()]);
    assert.ok(await resident.getByText('Your offer or request is withdrawn').isVisible());
    assert.equal(await resident.getByRole('table', { name: 'Requests for help' }).count(), 0);
    assert.ok(await resident.getByText('Nobody has asked for help yet.').isVisible());
    await checkPage(resident, 'offers and requests after withdrawing one');

    await Promise.all([resident.waitForNavigation(), resident.getByRole('link', { name: 'Your time credits: balance and exchanges' }).click()]);
    assert.equal(await heading(resident), 'Your time credits');
    assert.equal(await balance(resident), '0 hours', 'nothing confirmed yet');
    assert.ok(await resident.getByRole('heading', { name: 'Demo community member gave you 2 hours' }).isVisible());
    const waiting = 'You gave Demo community member 1.5 hours';
    assert.ok(await resident.getByRole('heading', { name: waiting }).isVisible());
    await checkPage(resident, 'the account with an exchange waiting');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('button', { name: `Confirm ${waiting}` }).click()]);
    assert.ok(await resident.getByText('The exchange is confirmed and your balance is updated').isVisible());
    assert.equal(await balance(resident), '1.5 hours');

    // An empty form: every field is named, nothing is sent.
    await submit(resident, 'Send to confirm');
    const problems = await errorSummary(resident);
    assert.deepEqual(Object.keys(problems).sort(), ['description', 'direction', 'hours', 'made_on-day', 'other_account_id']);
    assert.equal(problems.hours, 'Enter the number of hours');
    await checkPage(resident, 'the proposal form with errors');

    await resident.getByLabel('I gave my time').check();
    await resident.getByLabel('Who was it with?').selectOption({ label: 'Demo community member' });
    await resident.getByLabel('How many hours').fill('3');
    await resident.getByLabel('What was done').fill('Walked the dog every day this week');
    await resident.getByLabel('Day').fill(today[2]);
    await resident.getByLabel('Month').fill(today[1]);
    await resident.getByLabel('Year').fill(today[0]);
    await submit(resident, 'Send to confirm');
    assert.ok(await resident.getByText('The exchange is sent: it counts once the other person confirms it').isVisible());
    assert.equal(await balance(resident), '1.5 hours', 'nothing moves until it is confirmed');
    await checkPage(resident, 'the account after proposing');

    // The community member, in Welsh on a narrow screen, confirms it.
    const member = await signedIn('community', 320);
    await member.goto('/time-credits/account');
    await Promise.all([member.waitForNavigation(), member.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal(await heading(member), text('cy', 'deliver.account.title'));
    assert.equal(await balance(member), '-1.5 awr');
    const croeso = text('cy', 'deliver.waiting.you_received', { name: 'Demo resident', hours: '3 awr' });
    assert.ok(await member.getByRole('heading', { name: croeso }).isVisible());
    await checkPage(member, 'the account in Welsh with an exchange waiting');
    await Promise.all([member.waitForNavigation(),
      member.getByRole('button', { name: `${text('cy', 'deliver.waiting.confirm')} ${croeso}` }).click()]);
    assert.ok(await member.getByText(text('cy', 'deliver.confirmed.done')).isVisible());
    assert.equal(await balance(member), '-4.5 awr');
    assert.ok(await member.getByRole('table', { name: text('cy', 'deliver.history.title') })
      .getByText('Walked the dog every day this week').isVisible());
    await checkPage(member, 'the account in Welsh after confirming');
    await member.goto('/time-credits');
    assert.equal(await heading(member), text('cy', 'deliver.list.title'));
    await checkPage(member, 'offers and requests in Welsh');
    await member.context().close();

    await resident.reload();
    assert.equal(await balance(resident), '4.5 hours');

    // Past the limit: refused, naming the limit, nothing written.
    await resident.getByLabel('I gave my time').check();
    await resident.getByLabel('Who was it with?').selectOption({ label: 'Demo community member' });
    await resident.getByLabel('How many hours').fill('60');
    await resident.getByLabel('What was done').fill('Painted the hall');
    await resident.getByLabel('Day').fill(today[2]);
    await resident.getByLabel('Month').fill(today[1]);
    await resident.getByLabel('Year').fill(today[0]);
    await submit(resident, 'Send to confirm');
    assert.deepEqual(await errorSummary(resident), {
      hours: 'This would take the balance of Demo community member below its limit of -10 hours',
    });
    assert.equal(await resident.getByLabel('How many hours').inputValue(), '60', 'what was typed is kept');
    assert.equal(await balance(resident), '4.5 hours');
    await checkPage(resident, 'a proposal past the limit');
    await resident.context().close();
  });

  it('shows the officer the exchanges with a way to reverse one', async () => {
    const officer = await signedIn('officer');
    await officer.goto('/time-credits/settings');
    assert.equal(await heading(officer), 'Time bank settings');
    assert.equal(await officer.getByLabel('The time bank’s initiative').evaluate((s) => s.selectedOptions[0].textContent),
      'Beacon Community Regeneration Partnership');
    const table = officer.getByRole('table', { name: 'Latest exchanges' });
    assert.equal(await table.getByRole('row').count(), 1 + 3);
    await checkPage(officer, 'the settings');
    await Promise.all([officer.waitForNavigation(), table.getByRole('link', { name: /^Reverse Demo resident to Demo community member/ }).first().click()]);
    assert.equal(await heading(officer), 'Reverse an exchange');
    await submit(officer, 'Reverse the exchange');
    assert.deepEqual(await errorSummary(officer), { reason: 'Enter why it is reversed' });
    await checkPage(officer, 'the reversal form with an error');
    await officer.getByLabel('Why is it reversed?').fill('Recorded by mistake');
    await submit(officer, 'Reverse the exchange');
    assert.ok(await officer.getByText('The exchange is reversed').isVisible());
    assert.equal(await table.getByRole('row').count(), 1 + 4);
    await checkPage(officer, 'the settings after a reversal');
    await officer.context().close();
  });
});
