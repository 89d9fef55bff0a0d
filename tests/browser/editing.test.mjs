// The officer's forms to change areas, services, groups and initiatives, in
// Welsh at 320 px and in English at desktop width, each page and each error
// state checked by axe-core and for sideways scrolling at 320 px (an emptied
// form names each field in the error summary, in the page's language), and
// the list of initiatives operated with the keyboard only: Tab to the search,
// type, Enter, then on to the next page. Through the pages only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, newPage, signIn, checkPage, errorSummary, submit, heading, text } from './support.mjs';

describe('changing areas, services, groups and initiatives, and the list by keyboard, in Chromium', () => {
  const env = demoServerAndBrowser();

  async function officerIn(lang, width) {
    const page = await newPage(env.browser, env.server.base, { width });
    await signIn(page, 'officer');
    if (lang === 'cy') await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg', exact: true }).click()]);
    return page;
  }

  const kinds = [
    { path: 'areas', emptied: ['name'] },
    { path: 'services', emptied: ['name', 'provider'] },
    { path: 'groups', emptied: ['name'] },
  ];

  for (const lang of ['cy', 'en']) {
    const T = (key, args) => text(lang, key, args);
    const width = lang === 'cy' ? 320 : 1200;

    it(`changes an area, a service and a group, each emptied field named (${lang}, ${width} px)`, async () => {
      const page = await officerIn(lang, width);
      for (const { path, emptied } of kinds) {
        const key = `map.${path}.`;
        await page.goto(`/${path}`);
        assert.equal(await heading(page), T(`${key}title`));
        await checkPage(page, `the list of ${path}`);
        const first = page.getByRole('table', { name: T(`${key}title`) }).locator('tbody tr').first();
        const name = (await first.locator('th, td').first().textContent()).trim();
        await Promise.all([page.waitForNavigation(), first.getByRole('link', { name: `${T('map.reference.change')} ${name}` }).click()]);
        assert.equal(await heading(page), T(`${key}edit_title`));
        assert.equal(await page.getByLabel(T(`${key}name`), { exact: true }).inputValue(), name, 'the form holds the stored values');
        await checkPage(page, `change one of the ${path}`);
        for (const field of emptied) await page.locator(`#${field}`).fill('');
        await submit(page, T(`${key}save_changes`));
        assert.deepEqual(await errorSummary(page, lang),
          Object.fromEntries(emptied.map((field) => [field, T(`${key}error.required.${field}`)])));
        await checkPage(page, `change one of the ${path}, emptied`);
        await page.getByLabel(T(`${key}name`), { exact: true }).fill(`${name} (${lang})`);
        if (emptied.includes('provider')) await page.getByLabel(T('map.services.provider'), { exact: true }).fill('Demo council');
        await submit(page, T(`${key}save_changes`));
        assert.equal(new URL(page.url()).pathname, `/${path}`);
        assert.ok(await page.getByText(T(`${key}changed.done`)).isVisible());
        assert.equal(await page.locator('tbody tr', { hasText: `${name} (${lang})` }).count(), 1, 'the new name in the list');
        await checkPage(page, `the list of ${path} after a change`);
      }

      // Adding one with nothing filled in names every field too.
      await page.goto('/areas/new');
      await submit(page, T('map.areas.save_new'));
      assert.deepEqual(await errorSummary(page, lang),
        { name: T('map.areas.error.required.name'), kind: T('map.areas.error.required.kind') });
      await checkPage(page, 'a new area, empty');
      await page.goto('/services/new');
      await submit(page, T('map.services.save_new'));
      assert.deepEqual(await errorSummary(page, lang), { name: T('map.services.error.required.name'),
        provider: T('map.services.error.required.provider'), sector: T('map.services.error.required.sector') });
      await checkPage(page, 'a new service, empty');
      await page.context().close();
    });

    it(`changes an initiative, its emptied name named (${lang}, ${width} px)`, async () => {
      const page = await officerIn(lang, width);
      await page.goto('/initiatives');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Beacon Community Regeneration Partnership', exact: true }).click()]);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: T('map.edit_initiative.button') }).click()]);
      assert.equal(await heading(page), T('map.edit_initiative.title'));
      const name = page.getByLabel(T('map.new.name'), { exact: true });
      assert.equal(await name.inputValue(), 'Beacon Community Regeneration Partnership');
      await checkPage(page, 'change an initiative');
      await name.fill('');
      await page.getByLabel(T('map.new.summary'), { exact: true }).fill(`Summary changed in ${lang}`);
      await submit(page, T('map.edit_initiative.save'));
      assert.deepEqual(await errorSummary(page, lang), { name: T('map.error.required.name') });
      assert.equal(await page.getByLabel(T('map.new.summary'), { exact: true }).inputValue(), `Summary changed in ${lang}`, 'what was typed is kept');
      await checkPage(page, 'change an initiative, no name');
      await page.getByLabel(T('map.new.name'), { exact: true }).fill('Beacon Community Regeneration Partnership');
      await submit(page, T('map.edit_initiative.save'));
      assert.equal(await heading(page), 'Beacon Community Regeneration Partnership');
      assert.ok(await page.getByText(T('map.edit_initiative.done')).isVisible());
      assert.ok(await page.getByText(`Summary changed in ${lang}`).isVisible());
      await checkPage(page, 'the changed initiative');
      await page.context().close();
    });
  }

  it('lets a keyboard search the initiatives and page through them, in English and Welsh', async () => {
    // Twenty-one initiatives with "orchard" in them, added through the form: two pages.
    const officer = await officerIn('en', 1200);
    for (let n = 1; n <= 21; n++) {
      await officer.goto('/initiatives/new');
      await officer.getByLabel('Name', { exact: true }).fill(`Community orchard ${String(n).padStart(2, '0')}`);
      await officer.getByLabel('Summary', { exact: true }).fill('Neighbours plant and tend fruit trees.');
      await submit(officer, 'Save initiative');
      assert.equal(await heading(officer), `Community orchard ${String(n).padStart(2, '0')}`);
    }
    await officer.context().close();

    for (const [lang, width] of [['en', 1200], ['cy', 320]]) {
      const T = (key, args) => text(lang, key, args);
      const page = await newPage(env.browser, env.server.base, { width });
      await page.goto(lang === 'cy' ? '/language?lang=cy&return=/initiatives' : '/initiatives');  // the switch's address
      assert.equal(await heading(page), T('map.list.title'));
      // From the top of the page, Tab until the search box has the focus.
      const search = page.getByLabel(T('map.list.search'), { exact: true });
      let tabs = 0;
      while (!(await search.evaluate((el) => el === document.activeElement))) {
        await page.keyboard.press('Tab');
        assert.ok(++tabs < 40, 'the search is reached by Tab');
      }
      await page.keyboard.type('orchard');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.match(page.url(), /[?&]q=orchard/);
      assert.equal(await page.locator('#list-count').textContent(), T('map.count.initiatives', { count: 21 }));
      const table = page.getByRole('table', { name: T('map.list.caption', { page: 1, pages: 2 }) });
      assert.equal(await table.locator('tbody tr').count(), 20, 'twenty a page');
      await checkPage(page, `the search's first page (${lang})`);

      // On by Tab to "Next page", then Enter: the search is kept.
      const next = page.getByRole('link', { name: T('web.pagination.next_page') });
      tabs = 0;
      while (!(await next.evaluate((el) => el === document.activeElement))) {
        await page.keyboard.press('Tab');
        assert.ok(++tabs < 200, 'the next page is reached by Tab');
      }
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.match(page.url(), /[?&]q=orchard/);
      assert.match(page.url(), /[?&]page=2/);
      const second = page.getByRole('table', { name: T('map.list.caption', { page: 2, pages: 2 }) });
      assert.equal(await second.locator('tbody tr').count(), 1);
      assert.equal(await page.getByLabel(T('map.list.search'), { exact: true }).inputValue(), 'orchard', 'the search stays in its box');
      assert.equal(await page.locator('.govuk-pagination [aria-current="page"]').textContent(), '2');
      await checkPage(page, `the search's second page (${lang})`);
      await page.context().close();
    }
  });
});
