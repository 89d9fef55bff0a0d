// Volunteering in Chromium, with axe-core and the 320 px check on every page
// and error state: the demo resident finds the café opportunity by its skill,
// applies for a shift and is held until the safeguarding lead records a valid
// DBS check; the officer (coordinator) approves, the resident confirms, is
// told a wrong code is wrong and checks in with the roster's code; the
// officer verifies the hours in the roster's one form and the initiative's
// delivering hours on the map move by them, and its cell with them (from none
// to community delivery, professionally planned). The community member does it in
// Welsh at 320 px, and the officer meets the empty opportunity form's errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('volunteering in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);
  const csrf = (page) => page.locator('input[name="csrf_token"]').first().inputValue();
  async function api(page, method, path, body) {
    const response = await page.request.fetch(path, {
      method, headers: { 'content-type': 'application/json', 'x-csrf-token': await csrf(page) },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status(), body: await response.json() };
  }
  async function deliveringHours(page, initiative) {
    const detail = await (await page.request.get(`/api/v1/initiatives/${initiative}`)).json();
    return Number(detail.totals.find((row) => row.phase === 'delivering').citizen_hours);
  }
  const isoDaysAgo = (days) => new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);

  it('takes a resident from finding an opportunity to verified hours on the map', async () => {
    const resident = await signedIn('resident');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('link', { name: 'Volunteering', exact: true }).first().click()]);
    assert.equal(await heading(resident), 'Volunteering opportunities');
    await checkPage(resident, 'the list of opportunities');

    // A date that does not exist is named; then the skill finds the café.
    await resident.getByLabel('Day').fill('31');
    await resident.getByLabel('Month').fill('2');
    await resident.getByLabel('Year').fill('2030');
    await submit(resident, 'Apply filters');
    const problems = await errorSummary(resident);
    assert.equal(Object.keys(problems).length, 1);
    assert.ok(Object.keys(problems)[0].startsWith('date_from'), JSON.stringify(problems));
    await checkPage(resident, 'the list with a filter error');
    await resident.getByLabel('Day').fill('');
    await resident.getByLabel('Month').fill('');
    await resident.getByLabel('Year').fill('');
    await resident.getByLabel('Skill').fill('cooking');
    await submit(resident, 'Apply filters');
    assert.ok(await resident.getByText('Opportunities found: 1').isVisible());
    await Promise.all([resident.waitForNavigation(), resident.getByRole('link', { name: 'Community café helper' }).click()]);
    assert.equal(await heading(resident), 'Community café helper');
    assert.ok(await resident.getByText('DBS basic check').first().isVisible());
    const opportunity = resident.url().split('/').pop();
    await checkPage(resident, 'the opportunity');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('button', { name: /^Apply / }).first().click()]);
    assert.equal(await heading(resident), 'My volunteering commitments');
    assert.ok(await resident.getByText('Your application is sent').isVisible());
    assert.ok(await resident.locator('.govuk-tag', { hasText: 'Applied' }).isVisible());
    await checkPage(resident, 'my commitments after applying');

    // The coordinator cannot approve until a valid check is recorded.
    const officer = await signedIn('officer');
    // The café moves to a new initiative the officers planned (its hours of
    // planning recorded): with nobody's delivery known, it has no cell yet.
    const cafe = (await api(officer, 'POST', '/api/v1/initiatives', { name: 'Riverside community café' })).body.id;
    assert.ok(cafe, 'the new initiative');
    const planned = await api(officer, 'POST', `/api/v1/initiatives/${cafe}/contributions`, {
      contributor_label: 'Café team', role: 'professional', phase: 'planning', kind: 'hours', hours: '4', made_on: isoDaysAgo(1) });
    assert.equal(planned.status, 201, JSON.stringify(planned.body));
    const was = (await api(officer, 'GET', `/api/v1/deliver/opportunities/${opportunity}`)).body;
    const moved = await api(officer, 'PUT', `/api/v1/deliver/opportunities/${opportunity}`, {
      initiative_id: cafe, title: was.title, what_you_do: was.what_you_do, what_you_get: was.what_you_get,
      time_asked: was.time_asked, skills: was.skills.join(', '), checks: was.checks.join(', '), kind: was.kind });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const cellOf = async (id) => (await (await officer.request.get(`/api/v1/initiatives/${id}`)).json()).typology.cell;
    assert.equal(await cellOf(cafe), 'unclassified');
    await officer.goto(`/volunteering/opportunities/${opportunity}`);
    await Promise.all([officer.waitForNavigation(), officer.getByRole('link', { name: 'Roster' }).first().click()]);
    assert.equal(await heading(officer), 'Roster: Community café helper');
    const shift = officer.url().split('/').at(-2);
    const code = (await officer.locator('#checkin-code').textContent()).trim();
    assert.equal(code.length, 6);
    await checkPage(officer, 'the roster');
    await submit(officer, 'Approve Demo resident');
    assert.deepEqual(await errorSummary(officer), { people: 'They need a valid DBS basic check before they can be approved' });
    await checkPage(officer, 'the roster with the approval refused');

    const roster = await api(officer, 'GET', `/api/v1/deliver/opportunities/${opportunity}/roster?shift_id=${shift}`);
    assert.equal(roster.status, 200);
    const person = roster.body.assignments.find((a) => a.person_name === 'Demo resident').person_id;
    const recorded = await api(officer, 'POST', '/api/v1/safeguarding/checks', {
      person_id: person, kind: 'dbs_basic', certificate_number: '001122334455', issued_on: isoDaysAgo(20),
      update_service: 'no', seen_on: isoDaysAgo(0),
    });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    await officer.goto(`/volunteering/shifts/${shift}/roster`);
    await submit(officer, 'Approve Demo resident');
    assert.ok(await officer.getByText('The application is approved').isVisible());
    await checkPage(officer, 'the roster after approving');

    // The resident confirms and checks in with the code (a wrong one first).
    await resident.goto('/volunteering/commitments');
    await submit(resident, /^Confirm I will come/);
    assert.ok(await resident.getByText('Your place is confirmed').isVisible());
    await resident.getByLabel(/^Check-in code for Community café helper/).fill('XXXXXX');
    await submit(resident, 'Check in');
    const wrong = await errorSummary(resident);
    assert.deepEqual(Object.values(wrong), ['The code is not right: check it with the coordinator']);
    assert.ok(Object.keys(wrong)[0].startsWith('code-'));
    assert.equal(await resident.getByLabel(/^Check-in code for/).inputValue(), 'XXXXXX', 'what was typed is kept');
    await checkPage(resident, 'a wrong check-in code');
    await resident.getByLabel(/^Check-in code for/).fill(code.toLowerCase());
    await submit(resident, 'Check in');
    assert.ok(await resident.getByText('You are checked in').isVisible());
    assert.ok(await resident.locator('.govuk-tag', { hasText: 'Checked in' }).isVisible());
    await checkPage(resident, 'my commitments after checking in');
    const calendarLink = await resident.getByRole('link', { name: /^Add to your calendar/ }).getAttribute('href');
    const calendar = await resident.request.get(calendarLink);
    assert.equal(calendar.status(), 200);
    assert.match(calendar.headers()['content-type'], /^text\/calendar/);
    assert.match(await calendar.text(), /^BEGIN:VCALENDAR\r\n[\s\S]*SUMMARY:Community café helper\r\n/);
    await resident.context().close();

    // The coordinator verifies the hours: the initiative's hours on the map move.
    const initiative = (await api(officer, 'GET', `/api/v1/deliver/opportunities/${opportunity}`)).body.initiative_id;
    const before = await deliveringHours(officer, initiative);
    await officer.goto(`/volunteering/shifts/${shift}/roster`);
    await officer.getByRole('group', { name: 'Did Demo resident come?' }).getByLabel('Came', { exact: true }).check();
    await officer.getByLabel('Hours given by Demo resident').fill('lots');
    await submit(officer, 'Save attendance and hours');
    const hoursProblem = await errorSummary(officer);
    assert.deepEqual(Object.values(hoursProblem), ['Enter the hours as a number more than 0, like 2 or 1.5']);
    await checkPage(officer, 'the roster with a bad number of hours');
    assert.equal(await deliveringHours(officer, initiative), before, 'nothing written');
    await officer.getByRole('group', { name: 'Did Demo resident come?' }).getByLabel('Came', { exact: true }).check();
    await officer.getByLabel('Hours given by Demo resident').fill('3');
    await submit(officer, 'Save attendance and hours');
    assert.ok(await officer.getByText('Attendance and hours are saved').isVisible());
    assert.ok(await officer.locator('.govuk-tag', { hasText: 'Completed' }).isVisible());
    await checkPage(officer, 'the roster after verifying');
    assert.equal(await deliveringHours(officer, initiative), before + 3);
    assert.equal(initiative, cafe);
    assert.equal(await cellOf(cafe), 'community_delivery_professional_plan', 'the volunteer\'s delivery places it in its cell');
    await officer.goto(`/initiatives/${initiative}`);
    assert.ok(await officer.getByText(text('en', 'map.cell.community_delivery_professional_plan')).first().isVisible(), 'the cell');
    await checkPage(officer, 'the initiative on the map');
    await officer.context().close();
  });

  it('lets a community member apply and confirm in Welsh at 320 px, and names every missing field for the coordinator', async () => {
    const member = await signedIn('community', 320);
    await member.goto('/volunteering');
    await Promise.all([member.waitForNavigation(), member.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal(await heading(member), text('cy', 'deliver.volunteer.list.title'));
    await checkPage(member, 'the list in Welsh');
    await member.locator('#date_from-day').fill('30');
    await member.locator('#date_from-month').fill('2');
    await member.locator('#date_from-year').fill('2031');
    await submit(member, text('cy', 'deliver.volunteer.filter.submit'));
    const welshProblems = await errorSummary(member, 'cy');
    assert.equal(Object.keys(welshProblems).length, 1);
    await checkPage(member, 'the list with a filter error in Welsh');
    await member.goto('/volunteering');
    await Promise.all([member.waitForNavigation(), member.getByRole('link', { name: 'Community café helper' }).click()]);
    await checkPage(member, 'the opportunity in Welsh');
    await Promise.all([member.waitForNavigation(),
      member.getByRole('button', { name: new RegExp(`^${text('cy', 'deliver.volunteer.apply')} `) }).last().click()]);
    assert.equal(await heading(member), text('cy', 'deliver.volunteer.commitments.title'));
    assert.ok(await member.locator('.govuk-tag', { hasText: text('cy', 'deliver.volunteer.status.applied') }).isVisible());
    await checkPage(member, 'my commitments in Welsh');

    // The coordinator approves (the member's enhanced check covers a basic one).
    const officer = await signedIn('officer');
    const opportunities = (await (await officer.request.get('/api/v1/deliver/opportunities?skill=Cooking')).json()).opportunities;
    const cafe = opportunities[0];
    const secondShift = cafe.shifts.at(-1).id;
    await officer.goto(`/volunteering/shifts/${secondShift}/roster`);
    await submit(officer, 'Approve Demo community member');
    assert.ok(await officer.getByText('The application is approved').isVisible());

    // The empty opportunity form names every field.
    await officer.goto('/volunteering/new');
    await checkPage(officer, 'the new opportunity form');
    await submit(officer, 'Save');
    const missing = await errorSummary(officer);
    assert.deepEqual(Object.keys(missing).sort(), ['initiative_id', 'time_asked', 'title', 'what_you_do', 'what_you_get']);
    await checkPage(officer, 'the opportunity form with errors');
    await officer.context().close();

    await member.reload();
    await submit(member, new RegExp(`^${text('cy', 'deliver.volunteer.confirm')}`));
    assert.ok(await member.getByText(text('cy', 'deliver.volunteer.step.confirm.done')).isVisible());
    assert.ok(await member.locator('.govuk-tag', { hasText: text('cy', 'deliver.volunteer.status.confirmed') }).isVisible());
    await member.getByLabel(new RegExp(`^${text('cy', 'deliver.volunteer.check_in.code', { title: '' }).trim()}`)).fill('');
    await submit(member, text('cy', 'deliver.volunteer.check_in.submit'));
    const empty = await errorSummary(member, 'cy');
    assert.deepEqual(Object.values(empty), [text('cy', 'deliver.volunteer.error.required.code')]);
    await checkPage(member, 'an empty check-in code in Welsh');
    await member.context().close();
  });
});
