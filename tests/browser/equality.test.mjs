// Equality monitoring in Chromium, with axe-core on each state at desktop
// width and at 320 px: the officer's report with the demo's nine respondents
// shows no breakdown; a resident finds the questions from the account page,
// is told (in Welsh) that consent is needed, answers in Welsh with the
// keyboard, changes an answer in English; the officer, by the keyboard, then
// sees ten respondents with every count withheld (no group of ten or more
// can be shown without telling the rest), in English and Welsh; a resident is refused the report; the resident withdraws and the
// breakdown goes again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('equality monitoring in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);
  // The row of a report table, by its question's caption and its answer.
  const cell = (page, caption, answer, column = 1) =>
    page.getByRole('table', { name: caption }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: answer, exact: true }) })
      .locator('td').nth(column - 1);
  const choose = (page, legend, label) => page.getByRole('group', { name: legend }).getByLabel(label, { exact: true });

  it('shows the officer no breakdown while fewer than ten have answered', async () => {
    const page = await signedIn('officer');
    const link = page.getByRole('link', { name: 'Equality', exact: true });
    await link.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await heading(page), 'Equality monitoring report');
    assert.ok(await page.getByText('Fewer than 10 people have answered so far.').isVisible());
    assert.equal(await page.locator('table').count(), 0, 'no table at all');
    await checkPage(page, 'report with nine respondents');
    await page.context().close();
  });

  it('lets a resident answer in Welsh by the keyboard, and change an answer in English', async () => {
    const page = await signedIn('resident');
    await page.goto('/account');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Equality monitoring questions' }).click()]);
    assert.equal(await heading(page), 'Equality monitoring');
    await checkPage(page, 'the questions');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal(await heading(page), text('cy', 'equality.form.title'));

    // Without consent nothing is kept, and the page says which box to tick.
    await choose(page, text('cy', 'equality.q.sex.legend'), 'Benyw').check();
    await submit(page, text('cy', 'equality.form.save'));
    assert.deepEqual(await errorSummary(page, 'cy'), { consent: text('cy', 'equality.error.consent') });
    assert.ok(await choose(page, text('cy', 'equality.q.sex.legend'), 'Benyw').isChecked(), 'the choice is kept');
    await checkPage(page, 'the questions in Welsh with the consent error');

    // By the keyboard: a radio chosen with Space, the consent ticked, the form sent with Enter.
    await choose(page, text('cy', 'equality.q.gender_same_as_birth.legend'), 'Ydy').focus();
    await page.keyboard.press('Space');
    await choose(page, text('cy', 'equality.q.welsh.legend'), text('cy', 'equality.a.welsh.speak_read_write')).focus();
    await page.keyboard.press('Space');
    await page.getByLabel(text('cy', 'equality.consent.label', { organisation: 'Co-production demo council' })).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: text('cy', 'equality.form.save'), exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.ok(await page.getByText(text('cy', 'equality.saved.done')).isVisible());
    assert.ok(await choose(page, text('cy', 'equality.q.gender_same_as_birth.legend'), 'Ydy').isChecked());
    assert.ok(await choose(page, text('cy', 'equality.q.sex.legend'), 'Benyw').isChecked());
    await checkPage(page, 'the saved answers in Welsh');

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'English' }).click()]);
    await choose(page, 'What is your sex?', 'Prefer not to say').check();
    await page.getByLabel('I agree to Co-production demo council keeping my answers to count them for equality monitoring').check();
    await submit(page, 'Save my changed answers');
    assert.ok(await page.getByText('Your equality monitoring answers are saved').isVisible());
    assert.ok(await choose(page, 'What is your sex?', 'Prefer not to say').isChecked());
    assert.ok(await choose(page, 'Can you understand, speak, read or write Welsh?', 'I can speak, read and write Welsh').isChecked());
    await checkPage(page, 'the changed answers');

    assert.equal((await page.goto('/equality')).status(), 403, 'a resident does not see the report');
    await page.context().close();
  });

  it('shows the officer ten respondents with every count withheld', async () => {
    for (const width of [1200, 320]) {
      const page = await signedIn('officer', width);
      await page.goto('/equality');
      assert.equal(await page.locator('.govuk-summary-list__value').first().textContent().then((s) => s.trim()), '10');
      // Ten people, and nine of them gave the same answers: every count is
      // withheld (showing "Yes: 10" would tell everyone's answer).
      const cells = page.locator('table td');
      assert.ok(await cells.count() >= 9 * 3);
      for (const text of await cells.allTextContents()) assert.equal(text.trim(), 'fewer than 10 or withheld');
      assert.equal(await page.getByRole('table').count(), 9, 'a table per question');
      assert.ok(await page.getByRole('table', { name: 'Gender identity' }).getByRole('rowheader', { name: 'Prefer not to say' }).isVisible());
      assert.ok(await page.getByText(/appears once at least 10 of the people who answered are on each side/).isVisible());
      assert.equal(await page.getByText('Demo resident').count(), 0, 'no names');
      await checkPage(page, `report at ${width} px`);
      if (width === 1200) {
        await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg' }).click()]);
        assert.equal(await heading(page), text('cy', 'equality.report.title'));
        assert.match(await cell(page, text('cy', 'equality.q.sex.name'), 'Benyw').textContent(), /llai na 10 neu wedi'i atal/);
        assert.match(await cell(page, text('cy', 'equality.q.gender_same_as_birth.name'), 'Ydy').textContent(), /llai na 10 neu wedi'i atal/);
        await checkPage(page, 'report in Welsh');
      }
      await page.context().close();
    }
  });

  it('lets the resident withdraw, and the breakdown goes', async () => {
    const page = await signedIn('resident', 320);
    await page.goto('/account/equality');
    await submit(page, 'Withdraw and delete my answers');
    assert.ok(await page.getByText('Your equality monitoring answers are deleted').isVisible());
    assert.equal(await page.getByRole('button', { name: 'Withdraw and delete my answers' }).count(), 0);
    assert.equal(await choose(page, 'What is your sex?', 'Prefer not to say').isChecked(), false);
    await checkPage(page, 'the questions after withdrawing');
    await page.context().close();

    const officer = await signedIn('officer');
    await officer.goto('/equality');
    assert.ok(await officer.getByText('Fewer than 10 people have answered so far.').isVisible());
    await officer.context().close();
  });
});
