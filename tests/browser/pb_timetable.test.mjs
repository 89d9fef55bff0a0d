// The timetable of a process in Chromium, with axe-core on every page and
// error state: an officer plans the day each phase starts and is told when a
// phase starts before the one before it (what was typed is kept), then
// finishes the plan in Welsh at 320 px, marking shortlisting not used; the
// public page of the process shows the plan, the phase it is in now and the
// phase not used, in English and in Welsh.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, newPage, checkPage, errorSummary, submit, text, signedInPage } from './support.mjs';
import { fillDate, dateShown } from './dates.mjs';

describe('the timetable of a process, in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};
  const legend = (lang, phase) => text(lang, 'commission.timetable.starts', { phase: text(lang, `commission.phase.${phase}`) });

  const signedIn = (role, width) => signedInPage(env, role, width);

  it('refuses a phase that starts before the one before it, keeping what was typed', async () => {
    const page = await signedIn('officer');
    await page.goto('/pb/new');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Timetabled fund');
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('1000');
    await submit(page, text('en', 'commission.new.submit'));
    state.path = new URL(page.url()).pathname.replace(/\/manage$/, '');
    assert.ok(await page.getByRole('heading', { name: text('en', 'commission.timetable.title'), exact: true }).isVisible());
    await fillDate(page, legend('en', 'informing'), '2099-01-04');
    await fillDate(page, legend('en', 'proposing'), '2098-12-01');
    await submit(page, text('en', 'commission.timetable.submit'));
    assert.deepEqual(await errorSummary(page), { 'proposing_starts_on-day': text('en', 'commission.timetable.error.order') });
    assert.deepEqual(await dateShown(page, legend('en', 'proposing')), { day: '1', month: '12', year: '2098' });
    assert.deepEqual(await dateShown(page, legend('en', 'informing')), { day: '4', month: '1', year: '2099' });
    await checkPage(page, 'a phase out of order');
    // Nothing was saved: the public page has no timetable yet.
    const visitor = await newPage(env.browser, env.server.base);
    await visitor.goto(state.path);
    assert.equal(await visitor.locator('#timetable').count(), 0);
    await visitor.context().close();
    await page.context().close();
  });

  it('lets the officer plan it in Welsh at 320 px, with shortlisting not used', async () => {
    const page = await signedIn('officer', 320);
    await page.goto(`${state.path}/manage`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg' }).click()]);
    await fillDate(page, legend('cy', 'informing'), '2099-01-04', 'cy');
    await fillDate(page, legend('cy', 'proposing'), '2099-02-01', 'cy');
    await fillDate(page, legend('cy', 'screening'), '2099-03-01', 'cy');
    const skip = page.getByRole('group', { name: text('cy', 'commission.timetable.skip_legend'), exact: true });
    await skip.getByLabel(text('cy', 'commission.phase.shortlisting'), { exact: true }).check();
    await fillDate(page, legend('cy', 'voting'), '2099-05-01', 'cy');
    await fillDate(page, legend('cy', 'counting'), '2099-06-02', 'cy');
    await submit(page, text('cy', 'commission.timetable.submit'));
    assert.ok(await page.getByText(text('cy', 'commission.timetable.done')).isVisible());
    assert.ok(await skip.getByLabel(text('cy', 'commission.phase.shortlisting'), { exact: true }).isChecked());
    assert.ok(!(await skip.getByLabel(text('cy', 'commission.phase.screening'), { exact: true }).isChecked()));
    assert.deepEqual(await dateShown(page, legend('cy', 'voting'), 'cy'), { day: '1', month: '5', year: '2099' });
    await checkPage(page, 'the timetable saved, in Welsh');
    await fillDate(page, text('cy', 'commission.overview.closes'), '2099-05-31', 'cy');
    await submit(page, text('cy', 'commission.manage.closing_submit'));
    assert.ok(await page.getByText(text('cy', 'commission.closing_moved.done')).isVisible());
    await page.context().close();
  });

  it('shows the plan on the public page of the process, in English and in Welsh', async () => {
    const page = await newPage(env.browser, env.server.base);
    await page.goto(state.path);
    for (const lang of ['en', 'cy']) {
      if (lang === 'cy') await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg' }).click()]);
      const table = page.getByRole('table', { name: text(lang, 'commission.timetable.caption') });
      assert.ok(await table.isVisible(), lang);
      const row = async (phase) => (await table.getByRole('row').filter({
        has: page.getByRole('rowheader', { name: text(lang, `commission.phase.${phase}`), exact: true }) }).textContent());
      assert.ok((await row('informing')).includes(text(lang, 'commission.timetable.now')), `informing is now (${lang})`);
      assert.ok((await row('informing')).includes('2099'), lang);
      assert.ok((await row('shortlisting')).includes(text(lang, 'commission.timetable.not_used')), `shortlisting not used (${lang})`);
      assert.ok(!(await row('proposing')).includes(text(lang, 'commission.timetable.now')), lang);
      const until = text(lang, 'commission.timetable.until', { date: 'X' }).replace('X', '');
      assert.ok((await row('voting')).includes(until), `voting's last day (${lang})`);
      assert.ok((await row('reconciling')).includes(text(lang, 'commission.timetable.not_set')), lang);
      await checkPage(page, `the timetable on the process page (${lang})`);
    }
    await page.context().close();
  });
});
