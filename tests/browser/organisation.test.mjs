// The organisation's own pages in Chromium, with axe-core on each: the
// accessibility statement, privacy notice and cookies page from the footer,
// in English and Welsh and at 320 px without sideways scrolling; feedback sent
// from the Beta banner's link (an error by its field, then the confirmation)
// and read by an officer; the officer's settings page (names, language,
// contact address, a policy page's own text) in English and Welsh.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, newPage, checkAccessibility as axe, noSidewaysScroll, signIn } from './support.mjs';

describe('organisation pages in Chromium', () => {
  const env = demoServerAndBrowser();

  async function heading(page) {
    return (await page.locator('h1').first().textContent()).trim();
  }

  async function toLanguage(page, name) {
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name, exact: true }).click()]);
  }

  it('shows the accessibility statement, privacy notice and cookies page from the footer, in both languages, at 320 px', async () => {
    const pages = [
      ['Accessibility statement', 'Datganiad hygyrchedd', /WCAG/],
      ['Privacy notice', 'Hysbysiad preifatrwydd', /data controller/],
      ['Cookies', 'Cwcis', /cp_session/],
    ];
    for (const width of [1200, 320]) {
      const page = await newPage(env.browser, env.server.base, { width });
      for (const [english, welsh, text] of pages) {
        await page.goto('/map');
        await Promise.all([page.waitForNavigation(), page.locator('footer').getByRole('link', { name: english, exact: true }).click()]);
        assert.equal(await heading(page), english);
        assert.match(await page.locator('main').textContent(), text);
        await axe(page, `${english} at ${width}px`);
        await noSidewaysScroll(page, `${english} at ${width}px`);
        await toLanguage(page, 'Cymraeg');
        assert.equal(await heading(page), welsh);
        await axe(page, `${welsh} at ${width}px`);
        await noSidewaysScroll(page, `${welsh} at ${width}px`);
        await toLanguage(page, 'English');
      }
      await page.context().close();
    }
  });

  it('sends feedback from the Beta banner, refusing an empty one by its field, in English and Welsh', async () => {
    const page = await newPage(env.browser, env.server.base);
    await page.goto('/map');
    await Promise.all([page.waitForNavigation(), page.locator('.govuk-phase-banner').getByRole('link', { name: 'feedback' }).click()]);
    assert.equal(await heading(page), 'Give feedback');
    await axe(page, 'feedback form');
    await page.getByLabel('What were you doing? (optional)').fill('Looking at the map');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send feedback' }).click()]);
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter your feedback' }).isVisible());
    assert.ok(await page.locator('#feedback-error').isVisible());
    assert.equal(await page.getByLabel('What were you doing? (optional)').inputValue(), 'Looking at the map');
    await axe(page, 'feedback form with an error');
    await page.getByLabel('What went wrong, or what would you like to tell us?').fill('The key to the map is hard to find.');
    await page.getByLabel('Email address (optional)').fill('resident@example.org');
    await Promise.all([page.waitForURL(/\/feedback\/sent$/), page.getByRole('button', { name: 'Send feedback' }).click()]);
    assert.equal(await heading(page), 'Thank you for your feedback');
    await axe(page, 'feedback sent');

    await page.goto('/feedback');
    await toLanguage(page, 'Cymraeg');
    assert.equal(await heading(page), 'Rhoi adborth');
    await page.getByLabel('Beth aeth o\'i le, neu beth hoffech chi ei ddweud wrthym?').fill('Mae\'r map yn wych.');
    await Promise.all([page.waitForURL(/\/feedback\/sent$/), page.getByRole('button', { name: 'Anfon adborth' }).click()]);
    assert.equal(await heading(page), 'Diolch am eich adborth');
    await axe(page, 'feedback sent in Welsh');
    await page.context().close();
  });

  it('lets an officer set the names, language and contact address, write a policy page and read feedback, in English and Welsh', async () => {
    for (const width of [1200, 320]) {
      const page = await newPage(env.browser, env.server.base, { width });
      await signIn(page, 'officer');
      // At 320 px the navigation is behind the Menu button: go straight there.
      if (width > 640) await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Settings' }).click()]);
      else await page.goto('/settings');
      assert.equal(await heading(page), 'Organisation settings');
      await axe(page, `settings at ${width}px`);
      await noSidewaysScroll(page, `settings at ${width}px`);
      await page.getByLabel('Name in English').fill('');
      await page.getByLabel('Contact email address (optional)').fill('not an address');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save organisation details' }).click()]);
      assert.match(await page.title(), /^Error: /);
      const summary = page.locator('.govuk-error-summary');
      assert.ok(await summary.getByRole('link', { name: 'Enter the organisation\'s name in English' }).isVisible());
      assert.ok(await summary.getByRole('link', { name: /Enter an email address in the correct format/ }).isVisible());
      assert.equal(await page.getByLabel('Contact email address (optional)').inputValue(), 'not an address');
      await axe(page, `settings with errors at ${width}px`);
      await noSidewaysScroll(page, `settings with errors at ${width}px`);

      await page.getByLabel('Name in English').fill('Demo Council');
      await page.getByLabel('Name in Welsh (optional)').fill('Cyngor Demo');
      await page.getByLabel('Contact email address (optional)').fill('team@demo.coproduce.test');
      await Promise.all([page.waitForURL(/done=access\.organisation\.saved\.done/),
        page.getByRole('button', { name: 'Save organisation details' }).click()]);
      assert.ok(await page.getByText('The organisation\'s details have been saved').isVisible());
      assert.equal(await page.locator('.app-organisation').textContent(), 'Demo Council');

      await toLanguage(page, 'Cymraeg');
      assert.equal(await heading(page), 'Gosodiadau\'r sefydliad');
      assert.equal(await page.locator('.app-organisation').textContent(), 'Cyngor Demo');
      await axe(page, `settings in Welsh at ${width}px`);
      await noSidewaysScroll(page, `settings in Welsh at ${width}px`);
      await toLanguage(page, 'English');

      await page.goto('/settings/policies/privacy');
      assert.equal(await heading(page), 'Privacy notice');
      await axe(page, `privacy edit page at ${width}px`);
      await noSidewaysScroll(page, `privacy edit page at ${width}px`);
      await page.getByLabel('Text in English').fill(`Demo Council keeps little about you.\n\nAsk us what it keeps (${width}).`);
      await Promise.all([page.waitForURL(/done=access\.policy\.saved\.done/), page.getByRole('button', { name: 'Save the text' }).click()]);
      assert.ok(await page.getByText('The page\'s text has been saved').isVisible());
      await page.goto('/privacy');
      assert.equal(await page.locator('main p.govuk-body').nth(1).textContent(), `Ask us what it keeps (${width}).`);
      assert.ok(await page.getByRole('link', { name: 'team@demo.coproduce.test' }).isVisible());

      await page.goto('/settings');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Read the feedback people have sent/ }).click()]);
      assert.equal(await heading(page), 'Feedback');
      assert.ok(await page.getByText('The key to the map is hard to find.').isVisible());
      await axe(page, `feedback list at ${width}px`);
      await noSidewaysScroll(page, `feedback list at ${width}px`);
      await toLanguage(page, 'Cymraeg');
      assert.equal(await heading(page), 'Adborth');
      await axe(page, `feedback list in Welsh at ${width}px`);
      await toLanguage(page, 'English');
      await page.context().close();
    }
  });
});
