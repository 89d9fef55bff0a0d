// The census as an uploaded file, and the booth, in Chromium with axe-core on
// every page and error state: an officer in Welsh at 320 px is told what is
// wrong with a census file in Welsh, naming its line (a bad age band, a file
// that is not UTF-8 text, a binary one, no file at all), then loads a good
// file of 200,000 people and gets the letters file; once voting is open, a booth officer in Welsh checks a person
// on the census in (after an identifier not on it is refused) and enters a
// paper ballot, which a second officer's entry agrees with.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('the census as a file and the booth, in Welsh, in Chromium', () => {
  const env = demoServerAndBrowser();
  const state = {};
  let dir;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coproduce-census-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name, bytes) => { const p = path.join(dir, name); fs.writeFileSync(p, bytes); return p; };

  const signedIn = (role, width) => signedInPage(env, role, width);
  const inWelsh = (page) => Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg' }).click()]);

  it('lets an officer set up a process with two projects', async () => {
    const page = await signedIn('officer');
    await page.goto('/pb/new');
    await page.getByLabel(text('en', 'commission.new.name'), { exact: true }).fill('Community chest');
    await page.getByLabel(text('en', 'commission.new.name_cy'), { exact: true }).fill('Cist gymunedol');
    await page.getByLabel(text('en', 'commission.new.budget'), { exact: true }).fill('1000');
    await submit(page, text('en', 'commission.new.submit'));
    state.path = new URL(page.url()).pathname.replace(/\/manage$/, '');
    for (const [name, cost] of [['Swings', '400'], ['Slide', '300']]) {
      await page.getByLabel(text('en', 'commission.manage.project_name'), { exact: true }).fill(name);
      await page.getByLabel(text('en', 'commission.col.cost'), { exact: true }).fill(cost);
      await submit(page, text('en', 'commission.manage.add_project_submit'));
      assert.ok(await page.getByText(text('en', 'commission.project_added.done')).isVisible(), name);
    }
    await page.context().close();
  });

  it('tells the officer in Welsh, at 320 px, what is wrong with a census file, then loads a good one', async () => {
    const page = await signedIn('officer', 320);
    await page.goto(`${state.path}/census`);
    await inWelsh(page);
    assert.equal(await heading(page), text('cy', 'commission.census.title'));
    await checkPage(page, 'census page in Welsh');
    const upload = page.getByLabel(text('cy', 'commission.census.label'), { exact: true });
    const load = text('cy', 'commission.census.submit');

    // Nothing chosen, nothing pasted.
    await submit(page, load);
    assert.deepEqual(await errorSummary(page, 'cy'), { 'census-file': text('cy', 'commission.census.error_none') });
    await checkPage(page, 'census page with no file');

    // A bad age band on line 3: said in Welsh, naming the line and the cell.
    await upload.setInputFiles(file('bad.csv', 'identifier,district,age_band\nA1,North,25-34\nB2,South,thirty\n'));
    await submit(page, load);
    assert.deepEqual(await errorSummary(page, 'cy'), {
      'census-file': text('cy', 'commission.census_error.age_band', { line: 3, band: 'thirty' }),
    });
    assert.match(text('cy', 'commission.census_error.age_band', { line: 3, band: 'thirty' }), /^llinell 3: /);
    await checkPage(page, 'census page with a line error in Welsh');

    // Not UTF-8 (Latin-1 é on line 2), and a spreadsheet's binary bytes on line 1.
    await upload.setInputFiles(file('latin1.csv', Buffer.from([...Buffer.from('identifier,district\nA1,Caf'), 0xe9, 0x0a])));
    await submit(page, load);
    assert.deepEqual(await errorSummary(page, 'cy'), { 'census-file': text('cy', 'commission.census_error.not_utf8', { line: 2 }) });
    await checkPage(page, 'census page with a file that is not UTF-8');
    await upload.setInputFiles(file('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])));
    await submit(page, load);
    assert.deepEqual(await errorSummary(page, 'cy'), { 'census-file': text('cy', 'commission.census_error.binary', { line: 1 }) });
    await checkPage(page, 'census page with a binary file');

    // A good file of 200,000 people (over the 1 MiB other forms may send):
    // the letters file comes back, one identifier and code a person.
    const people = ['\ufeffidentifier,district,age_band', 'A1,North,25-34', 'B2,South,75+', 'C3,North,'];
    for (let i = 4; i <= 200000; i++) people.push(`CITY-${String(i).padStart(7, '0')},Ward ${i % 30},45-54`);
    const good = people.join('\r\n') + '\r\n';
    assert.ok(good.length > 1 << 20);
    await upload.setInputFiles(file('census.csv', good));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: load, exact: true }).click()]);
    assert.equal(download.suggestedFilename(), 'voting-letters.csv');
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const rows = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/).map((r) => r.split(','));
    assert.equal(rows.length, 200001);
    assert.deepEqual(rows.slice(0, 5).map((r) => r[0]), ['identifier', 'A1', 'B2', 'C3', 'CITY-0000004']);
    for (const [, code] of rows.slice(1)) assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await page.context().close();
  });

  it('lets a booth officer in Welsh check a person in and enter a paper ballot, which a second officer agrees with', async () => {
    const officer = await signedIn('officer');
    await officer.goto(`${state.path}/manage`);
    for (const phase of ['ballot_published', 'voting']) {
      await officer.getByLabel(text('en', 'commission.manage.phase_to')).selectOption(phase);
      await submit(officer, text('en', 'commission.manage.phase_submit'));
      assert.ok(await officer.getByText(text('en', 'commission.phase_changed.done')).isVisible(), phase);
    }

    const booth = await signedIn('professional', 320);
    await booth.goto(`${state.path}/booth`);
    await inWelsh(booth);
    assert.equal(await heading(booth), text('cy', 'commission.booth.title'));
    await checkPage(booth, 'booth in Welsh');
    const checkIn = async (identifier) => {
      await booth.getByLabel(text('cy', 'commission.booth.identifier'), { exact: true }).fill(identifier);
      await submit(booth, text('cy', 'commission.booth.check_in_submit'));
    };
    await checkIn('Z9');
    assert.deepEqual(await errorSummary(booth, 'cy'), { identifier: text('cy', 'commission.error.identifier_unknown') });
    await checkPage(booth, 'booth refusing an identifier not on the census');
    await checkIn('b2');  // identifiers match whatever their case
    assert.ok(await booth.getByText(text('cy', 'commission.checked_in.done')).isVisible());
    await checkPage(booth, 'booth after a check-in');

    const enter = async (page, lang) => {
      await page.getByLabel(text(lang, 'commission.booth.paper_number'), { exact: true }).fill('P1');
      await page.getByLabel('Slide', { exact: true }).check();
      await submit(page, text(lang, 'commission.booth.paper_submit'));
    };
    await enter(booth, 'cy');
    assert.ok(await booth.getByText(text('cy', 'commission.paper_awaiting_second.done')).isVisible());
    await checkPage(booth, 'booth after a first paper entry');
    await booth.context().close();

    await officer.goto(`${state.path}/booth`);
    await enter(officer, 'en');
    assert.ok(await officer.getByText(text('en', 'commission.paper_agreed.done')).isVisible());
    await checkPage(officer, 'booth after the agreeing second entry');
    // The person checked in has voted: checking them in again is refused.
    await officer.getByLabel(text('en', 'commission.booth.identifier'), { exact: true }).fill('B2');
    await submit(officer, text('en', 'commission.booth.check_in_submit'));
    assert.equal(Object.keys(await errorSummary(officer)).length, 1);
    await checkPage(officer, 'booth refusing a second check-in');
    await officer.context().close();
  });
});
