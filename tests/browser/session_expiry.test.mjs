// A form sent after the session ended is not lost: a resident fills in a
// contribution, the session cookie goes (as when a session expires), the form
// is sent; the sign-in page says the answers are kept; after signing in the
// form is back with what was typed and a banner asking to check and send it
// again; sending it records the contribution. In English and in Welsh, with
// axe-core on every page on the way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoEmail, demoPassword } from '../integration/harness.mjs';
import { demoServerAndBrowser, newPage, checkAccessibility as axe, noSidewaysScroll, signIn } from './support.mjs';
import { fillDate, dateShown } from './dates.mjs';

const env = demoServerAndBrowser();

const TEXT = {
  en: {
    keptOnSignIn: 'Your session has ended',
    keptOnForm: 'Your answers have been kept',
    check: 'Check your answers, then send the form again.',
    recorded: 'Contribution recorded',
  },
  cy: {
    keptOnSignIn: 'Mae eich sesiwn wedi dod i ben',
    keptOnForm: "Mae eich atebion wedi'u cadw",
    check: 'Gwiriwch eich atebion, yna anfonwch y ffurflen eto.',
    recorded: "Cyfraniad wedi'i gofnodi",
  },
};
const LEGEND = { en: 'Date of the contribution', cy: 'Dyddiad y cyfraniad' };

async function send(page) {
  await Promise.all([page.waitForNavigation(), page.locator('main form[method="post"] button[type="submit"]').first().click()]);
}

// The session ends as a browser ends it: its cookie is gone; every other cookie stays.
async function endSession(page) {
  const context = page.context();
  const others = (await context.cookies()).filter((c) => c.name !== 'cp_session');
  assert.ok(others.length < (await context.cookies()).length, 'there was a session cookie');
  await context.clearCookies();
  await context.addCookies(others);
}

for (const lang of ['en', 'cy']) {
  describe(`a form sent after the session ended (${lang})`, () => {
    it('keeps the answers, asks to sign in, and gives them back in the form to send', async () => {
      const text = TEXT[lang];
      const page = await newPage(env.browser, env.server.base);
      await signIn(page, 'resident');
      await page.goto(`/language?lang=${lang}&return=/map`);
      await page.getByRole('link', { name: 'Tackley village shop', exact: true }).first().click();
      await page.waitForLoadState();
      const initiative = new URL(page.url()).pathname;
      await page.goto(`${initiative}/contributions/new`);
      await axe(page, `contribution form (${lang})`);

      const label = `Market stall helper (${lang})`;
      const note = `Ran the stall on Saturday & Sunday <${lang}>`;
      await page.locator('#contributor_label').fill(label);
      await page.locator('input[name="role"]').first().check();
      await page.locator('#phase').selectOption('delivering');
      await page.locator('input[name="kind"][value="hours"]').check();
      await page.locator('#hours').fill('3.5');
      await page.locator('#description').fill(note);
      await fillDate(page, LEGEND[lang], '2024-03-01', lang);
      const role = await page.locator('input[name="role"]').first().getAttribute('value');

      await endSession(page);
      await send(page);
      assert.match(page.url(), /\/login\?kept=1&return=/);
      assert.ok(await page.getByText(text.keptOnSignIn).isVisible());
      await axe(page, `sign-in page saying the answers are kept (${lang})`);
      await noSidewaysScroll(page, `sign-in page with the kept answers at desktop width (${lang})`);

      await page.locator('#email').fill(demoEmail('resident'));
      await page.locator('#password').fill(demoPassword);
      await send(page);
      assert.equal(new URL(page.url()).pathname, `${initiative}/contributions/new`, 'back on the form');
      const banner = page.locator('.govuk-notification-banner');
      assert.ok(await banner.getByText(text.keptOnForm).isVisible());
      assert.ok(await banner.getByText(text.check).isVisible());
      assert.equal(await page.locator('#contributor_label').inputValue(), label);
      assert.equal(await page.locator(`input[name="role"][value="${role}"]`).isChecked(), true);
      assert.equal(await page.locator('#phase').inputValue(), 'delivering');
      assert.equal(await page.locator('input[name="kind"][value="hours"]').isChecked(), true);
      assert.equal(await page.locator('#hours').inputValue(), '3.5');
      assert.equal(await page.locator('#description').inputValue(), note);
      assert.deepEqual(await dateShown(page, LEGEND[lang], lang), { day: '1', month: '3', year: '2024' });
      assert.doesNotMatch(page.url(), /recorded=1/, 'nothing was sent on the person\'s behalf');
      await axe(page, `the form given back (${lang})`);

      await send(page);
      assert.match(page.url(), /recorded=1/);
      assert.ok(await page.getByText(text.recorded).isVisible());
      // The answers were given back once.
      await page.goto(`${initiative}/contributions/new`);
      assert.equal(await page.locator('.govuk-notification-banner').count(), 0);
      assert.equal(await page.locator('#contributor_label').inputValue(), '');
      await page.context().close();
    });
  });
}

describe('a form sent after the session ended, at 320 px', () => {
  it('shows the sign-in page and the form given back without sideways scrolling', async () => {
    const page = await newPage(env.browser, env.server.base, { width: 320 });
    await signIn(page, 'resident');
    await page.goto('/map');
    await page.getByRole('link', { name: 'Tackley village shop', exact: true }).first().click();
    await page.waitForLoadState();
    const form = `${new URL(page.url()).pathname}/contributions/new`;
    await page.goto(form);
    await page.locator('#contributor_label').fill('Narrow screen helper');
    await endSession(page);
    await send(page);
    await noSidewaysScroll(page, 'sign-in page with the kept answers at 320 px');
    await page.locator('#email').fill(demoEmail('resident'));
    await page.locator('#password').fill(demoPassword);
    await send(page);
    assert.equal(new URL(page.url()).pathname, form);
    assert.equal(await page.locator('#contributor_label').inputValue(), 'Narrow screen helper');
    await noSidewaysScroll(page, 'the form given back at 320 px');
    await axe(page, 'the form given back at 320 px');
    await page.context().close();
  });
});
