// Safeguarding checks in Chromium, with axe-core and the 320 px check on every
// page and error state: the demo officer (a safeguarding lead in the demo)
// removes the demo professional's designation (who is then refused) and
// designates them again; the professional, in Welsh on a narrow screen, is told
// what is missing from the form to record a check, records one, sees its
// number masked, and finds the demo's check falling due on the renewal report;
// the officer sees the report in English, and a resident is refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';
import { fillDate } from './dates.mjs';

describe('safeguarding checks in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);

  it('lets the officer designate a lead who records a check and sees the renewal report, in Welsh and English', async () => {
    const officer = await signedIn('officer');
    await Promise.all([officer.waitForNavigation(), officer.getByRole('link', { name: 'Safeguarding', exact: true }).click()]);
    assert.equal(await heading(officer), 'Safeguarding checks');
    assert.ok(await officer.getByRole('table', { name: 'Safeguarding checks' }).getByText('Demo community member').isVisible());
    await checkPage(officer, 'the register');

    await Promise.all([officer.waitForNavigation(), officer.getByRole('link', { name: 'Safeguarding leads' }).click()]);
    assert.equal(await heading(officer), 'Safeguarding leads');
    await checkPage(officer, 'the leads');
    // The demo's professional is a lead: without the designation they are refused.
    await submit(officer, 'Remove Demo professional');
    assert.ok(await officer.getByText('The designation has been removed').isVisible());
    const professional = await signedIn('professional');
    const refused = await professional.goto('/safeguarding');
    assert.equal(refused.status(), 403);
    assert.ok(await professional.getByText('Only a safeguarding lead can see or change safeguarding checks').isVisible());
    await checkPage(professional, 'the refusal');
    await submit(officer, 'Designate');
    assert.deepEqual(await errorSummary(officer), { account_id: 'Choose who to designate' });
    await checkPage(officer, 'the leads with an error');
    await officer.getByLabel('Person', { exact: true }).selectOption({ label: 'Demo professional' });
    await submit(officer, 'Designate');
    assert.ok(await officer.getByText('The safeguarding lead has been designated').isVisible());
    assert.ok(await officer.getByRole('button', { name: 'Remove Demo professional' }).isVisible());
    await checkPage(officer, 'the leads after designating');

    // The professional, now a lead, in Welsh at 320 px.
    const lead = await signedIn('professional', 320);
    await lead.goto('/safeguarding');
    await Promise.all([lead.waitForNavigation(), lead.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal(await heading(lead), text('cy', 'deliver.safeguarding.register.title'));
    await checkPage(lead, 'the register in Welsh');
    await Promise.all([lead.waitForNavigation(),
      lead.getByRole('link', { name: text('cy', 'deliver.safeguarding.new.title') }).first().click()]);
    assert.equal(await heading(lead), text('cy', 'deliver.safeguarding.new.title'));
    await checkPage(lead, 'the form to record a check in Welsh');

    // A wrong date and nothing chosen: every field named, nothing recorded.
    await lead.getByLabel(text('cy', 'deliver.safeguarding.check.person'), { exact: true }).selectOption({ label: 'Demo resident' });
    await lead.getByLabel(text('cy', 'deliver.safeguarding.check.number')).fill('009876543210');
    await fillDate(lead, text('cy', 'deliver.safeguarding.check.issued_on'), { day: '31', month: '4', year: '2025' }, 'cy');
    await submit(lead, text('cy', 'deliver.safeguarding.new.submit'));
    const problems = await errorSummary(lead, 'cy');
    assert.deepEqual(Object.keys(problems).sort(), ['issued_on-day', 'kind', 'update_service']);
    assert.equal(problems.kind, text('cy', 'deliver.safeguarding.error.kind_required'));
    assert.equal(await lead.getByLabel(text('cy', 'deliver.safeguarding.check.number')).inputValue(), '', 'the number is not sent back');
    await checkPage(lead, 'the form with errors in Welsh');

    await lead.getByLabel(text('cy', 'deliver.safeguarding.kind.dbs_enhanced_children')).check();
    await lead.getByLabel(text('cy', 'deliver.safeguarding.check.number')).fill('009876543210');
    const issued = new Date(Date.now() - 100 * 86400000).toISOString().slice(0, 10);
    await fillDate(lead, text('cy', 'deliver.safeguarding.check.issued_on'), issued, 'cy');
    await lead.getByLabel(text('cy', 'deliver.safeguarding.yes'), { exact: true }).check();
    await fillDate(lead, text('cy', 'deliver.safeguarding.check.seen_on'), issued, 'cy');
    await submit(lead, text('cy', 'deliver.safeguarding.new.submit'));
    assert.ok(await lead.getByText(text('cy', 'deliver.safeguarding.new.done')).isVisible());
    assert.equal(await heading(lead), text('cy', 'deliver.safeguarding.person.title', { name: 'Demo resident' }));
    assert.ok(await lead.getByText('••••••••3210').isVisible());
    assert.equal(await lead.getByText('9876543210').count(), 0, 'the number is never shown whole');
    assert.ok(await lead.getByText(text('cy', 'deliver.safeguarding.status.valid'), { exact: true }).isVisible());
    await checkPage(lead, 'a person\'s checks in Welsh');

    await lead.goto('/safeguarding/report');
    assert.equal(await heading(lead), text('cy', 'deliver.safeguarding.report.title'));
    const due = lead.getByRole('table');
    assert.ok(await due.getByText('Demo community member').isVisible(), 'the demo check due within 60 days');
    assert.ok(await due.getByText(text('cy', 'deliver.safeguarding.status.renewal_due')).isVisible());
    assert.equal(await due.getByText('Demo resident').count(), 0, 'not due for three years');
    await checkPage(lead, 'the renewal report in Welsh');
    await lead.getByLabel(text('cy', 'deliver.safeguarding.report.days')).fill('900');
    await submit(lead, text('cy', 'deliver.safeguarding.report.show'));
    assert.deepEqual(await errorSummary(lead, 'cy'), { days: text('cy', 'deliver.safeguarding.error.days_range') });
    await checkPage(lead, 'the renewal report with an error in Welsh');

    // The officer, in English: the report, and the status check form.
    await officer.goto('/safeguarding/report?days=30');
    assert.equal(await heading(officer), 'Checks due for renewal');
    assert.ok(await officer.getByRole('table').getByText('Demo community member').isVisible());
    await checkPage(officer, 'the renewal report');
    await Promise.all([officer.waitForNavigation(), officer.getByRole('link', { name: 'Demo community member' }).click()]);
    await Promise.all([officer.waitForNavigation(), officer.getByRole('link', { name: /^Record a status check/ }).first().click()]);
    await submit(officer, 'Save');
    const missing = await errorSummary(officer);
    assert.deepEqual(Object.keys(missing).sort(), ['checked_on-day', 'result']);
    await checkPage(officer, 'the status check with errors');

    // A resident does not get in.
    const resident = await signedIn('resident');
    const notTheirs = await resident.goto('/safeguarding');
    assert.equal(notTheirs.status(), 403);
    assert.equal(await resident.getByRole('link', { name: 'Safeguarding', exact: true }).count(), 0);
  });
});
