// Participatory budgeting results in Chromium: a small election imported with
// `coproduce pb import` into the demo organisation, then the list of
// processes, the results page and a "why" page for a winner and for a project
// that lost, in English and Welsh, on a desktop and at 320 px, with axe-core
// finding nothing; the API gives the same selection as `coproduce pb run`.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runCli } from '../integration/harness.mjs';
import { demoServerAndBrowser, newPage, checkAccessibility, noSidewaysScroll } from './support.mjs';

const file = path.join(repoRoot, 'src/commission/pb/testdata/approval.pb');

// The commission module's messages, as the pages show them, {placeholders} filled.
const catalogue = {};
function text(lang, key, args = {}) {
  catalogue[lang] ??= JSON.parse(fs.readFileSync(path.join(repoRoot, `src/commission/process/messages/${lang}.json`), 'utf8'));
  const message = catalogue[lang][key];
  assert.equal(typeof message, 'string', `${key} in the ${lang} catalogue`);
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

describe('participatory budgeting results in Chromium', () => {
  const env = demoServerAndBrowser();
  let id;

  before(() => {
    id = runCli(['pb', 'import', file, '--db', env.db.url, '--org', 'demo']).trim();
  });

  it('prints the new process id alone, and pb results equals pb run', () => {
    assert.match(id, /^[a-z2-7]{20}$/);
    const run = runCli(['pb', 'run', file, '--rule', 'mes_cost']);
    assert.equal(runCli(['pb', 'results', id, '--db', env.db.url]), run);
    const results = JSON.parse(runCli(['pb', 'results', id, '--db', env.db.url, '--json']));
    assert.deepEqual(results.selected, run.trim().split('\n'));
    assert.equal(results.projects.length, 4);
  });

  it('answers the results by the API, and a 404 naming an unknown process', async () => {
    const list = await (await fetch(`${env.server.base}/api/v1/pb/processes?org=demo`)).json();
    assert.ok(list.processes.some((p) => p.id === id && p.results_published));
    const results = await (await fetch(`${env.server.base}/api/v1/pb/processes/${id}/results?org=demo`)).json();
    assert.deepEqual(results.selected, ['p1']);
    const missing = await fetch(`${env.server.base}/api/v1/pb/processes/aaaaaaaaaaaaaaaaaaaa/results?org=demo`);
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error.message, /aaaaaaaaaaaaaaaaaaaa/);
  });

  for (const lang of ['en', 'cy']) {
    for (const width of [1200, 320]) {
      it(`shows the list, the results and why pages in ${lang} at ${width} px`, async () => {
        const page = await newPage(env.browser, env.server.base, { width });
        const check = async (label) => {
          await checkAccessibility(page, `${label} (${lang}, ${width} px)`);
          await noSidewaysScroll(page, `${label} (${lang}, ${width} px)`);
        };
        // The reader's choice of language, as the language switch remembers it.
        await page.context().addCookies([{ name: 'cp_lang', value: lang, url: env.server.base }]);
        await page.goto('/pb?org=demo');
        assert.equal(await page.locator('h1').textContent(), text(lang, 'commission.list.title'));
        await check('list of processes');

        await page.getByRole('link', { name: 'Testville 2024' }).click();
        await page.waitForLoadState();
        assert.match(await page.locator('h1').textContent(), /Testville 2024/);
        const main = await page.locator('main').textContent();
        assert.ok(main.includes(text(lang, 'commission.results.turnout')), 'turnout shown');
        assert.ok(main.includes(text(lang, 'commission.rule.mes_cost')), 'the rule is named');
        assert.ok(main.includes('€400.25'), 'the winner\'s cost in minor units');
        assert.ok(main.includes('€1,000.50'), 'the budget');
        await check('results');

        const winner = 'Park "green" corner';
        await page.getByRole('link', { name: text(lang, 'commission.results.how_link', { name: winner }) }).click();
        await page.waitForLoadState();
        assert.equal(await page.locator('h1').evaluate((h) => h.lastChild.textContent), winner);
        const why = await page.locator('main').textContent();
        assert.ok(why.includes(text(lang, 'commission.about', { amount: '€133.42' })), 'the price per supporter, to the cent');
        await check('why a winner won');

        await page.goBack();
        await page.getByRole('link', { name: text(lang, 'commission.results.why_link', { name: 'Playground' }) }).click();
        await page.waitForLoadState();
        const lost = await page.locator('main').textContent();
        assert.ok(lost.includes(text(lang, 'commission.project.why_not')), 'says why it did not win');
        assert.match(lost, lang === 'en' ? /ran out of money|Outbid by/ : /Rhedodd ei gefnogwyr allan o arian|Wedi'i guro gan/);
        await check('why a project did not win');
        await page.context().close();
      });
    }
  }
});
