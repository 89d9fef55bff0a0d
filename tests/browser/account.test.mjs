// Joining and one's own account in Chromium, through the pages only (no JSON
// API call), in English and in Welsh, each page and each error state checked
// by axe-core at desktop width and at 320 px (no sideways scrolling), with
// email through a real SMTP server on loopback: a forgotten password reset by
// the emailed link (a used link says so); the account page with its sessions
// and "sign out everywhere"; changing the password, the name and the
// language, and the email address (confirmed from the new address); the
// download of one's data; deleting the account, which the organisation's only
// officer cannot do.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoEmail, demoPassword, mailTo, linkIn } from '../integration/harness.mjs';
import { demoServerAndBrowser, newPage, checkPage, errorSummary, submit, heading, text, onServer } from './support.mjs';

describe('joining and the account in Chromium, in English and Welsh', () => {
  const env = demoServerAndBrowser({ smtp: true });

  // A new browser whose reader chose the language with the switch on the first page.
  async function browserIn(lang, width = 1200) {
    const page = await newPage(env.browser, env.server.base, { width });
    await page.goto('/login');
    if (lang === 'cy') {
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg', exact: true }).click()]);
      assert.equal(await heading(page), text('cy', 'access.login.title'));
    }
    return page;
  }

  // The newest emailed link to `to` starting with `prefix`, once `count` such messages have come.
  async function emailedLink(to, prefix, count) {
    const messages = await mailTo(env.smtp, to, count, (m) => m.body.includes(prefix));
    assert.ok(messages.length > 0, `an email to ${to} with ${prefix}`);
    return { message: messages.at(-1), link: linkIn(messages.at(-1), prefix) };
  }

  async function signInWith(page, lang, email, password) {
    const T = (key) => text(lang, key);
    await page.goto('/login');
    await page.getByLabel(T('access.login.email'), { exact: true }).fill(email);
    await page.getByLabel(T('access.login.password'), { exact: true }).fill(password);
    await submit(page, T('access.login.submit'));
  }

  // An account made as a resident would: the sign-up form, then the emailed link.
  async function signUp(lang, name, email, password) {
    const page = await browserIn(lang);
    const T = (key) => text(lang, key);
    await page.goto('/sign-up');
    await page.getByLabel(T('access.account.name'), { exact: true }).fill(name);
    await page.getByLabel(T('access.login.email'), { exact: true }).fill(email);
    await page.getByLabel(T('access.login.password'), { exact: true }).fill(password);
    await page.getByLabel(lang === 'cy' ? 'Cymraeg' : 'English', { exact: true }).check();
    await submit(page, T('access.sign_up.submit'));
    const { link } = await emailedLink(email, '/verify-email?token=', 1);
    await page.goto(onServer(link));
    assert.ok(await page.getByText(T('access.verify.done')).isVisible(), 'the address is confirmed');
    await page.context().close();
  }

  const signedIn = async (page) => assert.doesNotMatch(new URL(page.url()).pathname, /^\/login/, 'signed in');

  for (const lang of ['en', 'cy']) {
    const T = (key, args) => text(lang, key, args);
    const width = lang === 'en' ? 320 : 1200;

    it(`resets a forgotten password by the emailed link, and a used link says so (${lang})`, async () => {
      const email = `forgetful-${lang}@example.org`;
      await signUp(lang, `Forgetful ${lang}`, email, 'the first long password');
      const page = await browserIn(lang, width);
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: T('access.login.forgot') }).click()]);
      assert.equal(await heading(page), T('access.forgot.title'));
      await checkPage(page, 'forgot password');
      await submit(page, T('access.forgot.submit'));
      assert.deepEqual(await errorSummary(page, lang), { email: T('access.error.email_required') });
      await checkPage(page, 'forgot password, empty');
      await page.getByLabel(T('access.login.email'), { exact: true }).fill('not an address');
      await submit(page, T('access.forgot.submit'));
      assert.deepEqual(await errorSummary(page, lang), { email: T('access.error.email_format') });
      assert.equal(await page.getByLabel(T('access.login.email'), { exact: true }).inputValue(), 'not an address', 'what was typed is kept');
      await checkPage(page, 'forgot password, not an address');
      await page.getByLabel(T('access.login.email'), { exact: true }).fill(email);
      await submit(page, T('access.forgot.submit'));
      assert.equal(new URL(page.url()).pathname, '/forgot-password/sent');
      assert.equal(await heading(page), T('access.check_email.title'));
      await checkPage(page, 'reset link sent');

      const { message, link } = await emailedLink(email, '/reset-password?token=', 1);
      assert.equal(message.subject, T('access.email.reset.subject'), 'the email is in the account\'s language');
      await page.goto(onServer(link));
      assert.equal(await heading(page), T('access.reset.title'));
      await checkPage(page, 'choose a new password');
      await submit(page, T('access.reset.submit'));
      assert.deepEqual(await errorSummary(page, lang), { password: T('access.error.password_required') });
      await checkPage(page, 'new password, empty');
      await page.getByLabel(T('access.reset.new_password'), { exact: true }).fill('short');
      await submit(page, T('access.reset.submit'));
      assert.deepEqual(await errorSummary(page, lang), { password: T('access.error.password_too_short') });
      await checkPage(page, 'new password, too short');
      await page.getByLabel(T('access.reset.new_password'), { exact: true }).fill('the second long password');
      await submit(page, T('access.reset.submit'));
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.ok(await page.getByText(T('access.reset.done')).isVisible(), 'the banner says the password changed');
      await checkPage(page, 'sign in after the reset');

      await signInWith(page, lang, email, 'the first long password');
      assert.deepEqual(await errorSummary(page, lang), { email: T('access.login.error.wrong') }, 'the old password no longer works');
      await checkPage(page, 'sign in with the old password');
      await signInWith(page, lang, email, 'the second long password');
      await signedIn(page);

      const again = await page.goto(onServer(link));
      assert.equal(again.status(), 410);
      assert.equal(await heading(page), T('access.link.gone_title'));
      assert.ok(await page.getByText(T('access.reset.gone')).isVisible());
      await checkPage(page, 'a used reset link');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: T('access.reset.ask_again') }).click()]);
      assert.equal(await heading(page), T('access.forgot.title'), 'the way forward');
      const made_up = await page.goto('/reset-password?token=0123456789abcdef');
      assert.equal(made_up.status(), 410, 'a link never sent');
      await page.context().close();
    });

    it(`shows the account and its sessions, changes the name, language and password, and signs out everywhere (${lang})`, async () => {
      const email = `holder-${lang}@example.org`;
      const other = lang === 'en' ? 'cy' : 'en';
      await signUp(lang, `Holder ${lang}`, email, 'a first long password');
      const page = await browserIn(lang, width);
      await signInWith(page, lang, email, 'a first long password');
      await signedIn(page);
      // Another browser, whose reader has chosen no language: once signed in,
      // its pages are in the account's language.
      const elsewhere = await newPage(env.browser, env.server.base);
      await signInWith(elsewhere, 'en', email, 'a first long password');
      await signedIn(elsewhere);
      await elsewhere.goto('/account');
      assert.equal(await heading(elsewhere), T('access.account.title'), 'the account\'s language');

      await page.goto('/account');
      assert.equal(await heading(page), T('access.account.title'));
      const summary = await page.locator('.govuk-summary-list').textContent();
      assert.match(summary, new RegExp(`Holder ${lang}`));
      assert.match(summary, new RegExp(email));
      const sessions = page.getByRole('table', { name: T('access.sessions.caption') });
      assert.equal(await sessions.locator('tbody tr').count(), 2, 'this browser and the other one');
      assert.equal(await sessions.locator('tbody tr', { hasText: T('access.sessions.this_one') }).count(), 1);
      await checkPage(page, 'the account');

      // Name and language: one question page; the pages follow the language chosen.
      await Promise.all([page.waitForNavigation(),
        page.getByRole('link', { name: `${T('access.account.change')} ${T('access.account.name')}` }).click()]);
      assert.equal(await heading(page), T('access.details.title'));
      assert.equal(await page.getByLabel(T('access.account.name'), { exact: true }).inputValue(), `Holder ${lang}`, 'the form holds the name');
      await checkPage(page, 'name and language');
      await page.getByLabel(T('access.account.name'), { exact: true }).fill('');
      await submit(page, T('access.details.submit'));
      assert.deepEqual(await errorSummary(page, lang), { display_name: T('access.error.name_required') });
      await checkPage(page, 'name and language, no name');
      await page.getByLabel(T('access.account.name'), { exact: true }).fill(`Renamed ${lang}`);
      await page.getByLabel(other === 'cy' ? 'Cymraeg' : 'English', { exact: true }).check();
      await submit(page, T('access.details.submit'));
      assert.equal(new URL(page.url()).pathname, '/account');
      assert.equal(await heading(page), text(other, 'access.account.title'), 'the page is in the language chosen');
      assert.ok(await page.getByText(text(other, 'access.details.done')).isVisible());
      assert.match(await page.locator('.govuk-summary-list').textContent(), new RegExp(`Renamed ${lang}`));
      await checkPage(page, 'the account after a change');
      await page.goto('/account/details');
      await page.getByLabel(lang === 'cy' ? 'Cymraeg' : 'English', { exact: true }).check();
      await submit(page, text(other, 'access.details.submit'));
      assert.equal(await heading(page), T('access.account.title'), 'back in the first language');

      // The password: both boxes are checked at once; the other session ends.
      await page.goto('/account/password');
      assert.equal(await heading(page), T('access.change_password.title'));
      await checkPage(page, 'change password');
      await submit(page, T('access.change_password.submit'));
      assert.deepEqual(await errorSummary(page, lang), {
        current_password: T('access.error.current_password_required'), password: T('access.error.password_required') });
      await checkPage(page, 'change password, empty');
      await page.getByLabel(T('access.account.current_password'), { exact: true }).fill('not the password at all');
      await page.getByLabel(T('access.reset.new_password'), { exact: true }).fill('a second long password');
      await submit(page, T('access.change_password.submit'));
      assert.deepEqual(await errorSummary(page, lang), { current_password: T('access.error.current_password_wrong') });
      await checkPage(page, 'change password, wrong current password');
      await page.getByLabel(T('access.account.current_password'), { exact: true }).fill('a first long password');
      await page.getByLabel(T('access.reset.new_password'), { exact: true }).fill('a second long password');
      await submit(page, T('access.change_password.submit'));
      assert.ok(await page.getByText(T('access.change_password.done')).isVisible());
      await elsewhere.goto('/account');
      assert.match(new URL(elsewhere.url()).pathname, /^\/login/, 'the other session ended');

      // Sign out everywhere, this browser too.
      await signInWith(elsewhere, 'en', email, 'a second long password');
      await signedIn(elsewhere);
      await page.goto('/account');
      await submit(page, T('access.sessions.sign_out_everywhere'));
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.ok(await page.getByText(T('access.sessions.ended.done')).isVisible());
      await checkPage(page, 'signed out everywhere');
      for (const p of [page, elsewhere]) {
        await p.goto('/account');
        assert.match(new URL(p.url()).pathname, /^\/login/, 'signed out');
      }
      await elsewhere.context().close();
      await page.context().close();
    });

    it(`changes the email address, confirmed from the new address (${lang})`, async () => {
      const email = `moving-${lang}@example.org`, moved = `moved-${lang}@example.org`;
      await signUp(lang, `Moving ${lang}`, email, 'a moving long password');
      const page = await browserIn(lang, width);
      await signInWith(page, lang, email, 'a moving long password');
      await page.goto('/account');
      await Promise.all([page.waitForNavigation(),
        page.getByRole('link', { name: `${T('access.account.change')} ${T('access.login.email')}` }).click()]);
      assert.equal(await heading(page), T('access.change_email.title'));
      await checkPage(page, 'change email');
      await submit(page, T('access.change_email.submit'));
      assert.deepEqual(await errorSummary(page, lang), {
        new_email: T('access.error.email_required'), current_password: T('access.error.current_password_required') });
      await checkPage(page, 'change email, empty');
      await page.getByLabel(T('access.change_email.new'), { exact: true }).fill('moved at example');
      await page.getByLabel(T('access.account.current_password'), { exact: true }).fill('a moving long password');
      await submit(page, T('access.change_email.submit'));
      assert.deepEqual(await errorSummary(page, lang), { new_email: T('access.error.email_format') });
      assert.equal(await page.getByLabel(T('access.change_email.new'), { exact: true }).inputValue(), 'moved at example');
      await checkPage(page, 'change email, not an address');
      await page.getByLabel(T('access.change_email.new'), { exact: true }).fill(moved);
      await page.getByLabel(T('access.account.current_password'), { exact: true }).fill('a moving long password');
      await submit(page, T('access.change_email.submit'));
      assert.equal(new URL(page.url()).pathname, '/account');
      assert.ok(await page.getByText(T('access.change_email.done')).isVisible());
      assert.match(await page.locator('.govuk-summary-list').textContent(), new RegExp(email), 'unchanged until confirmed');

      const { message, link } = await emailedLink(moved, '/account/email/confirm?token=', 1);
      assert.equal(message.subject, T('access.email.change_confirm.subject'));
      const [warning] = await mailTo(env.smtp, email, 1, (m) => m.subject === T('access.email.change_warning.subject'));
      assert.ok(warning, 'the old address is warned');
      await page.goto(onServer(link));
      assert.equal(new URL(page.url()).pathname, '/account');
      assert.ok(await page.getByText(T('access.change_email.confirmed.done')).isVisible());
      assert.match(await page.locator('.govuk-summary-list').textContent(), new RegExp(moved));
      await checkPage(page, 'the account with the new address');
      const again = await page.goto(onServer(link));
      assert.equal(again.status(), 410);
      assert.equal(await heading(page), T('access.link.gone_title'));
      assert.ok(await page.getByText(T('access.change_email.gone')).isVisible());
      await checkPage(page, 'a used email link');

      const fresh = await browserIn(lang);
      await signInWith(fresh, lang, moved, 'a moving long password');
      await signedIn(fresh);
      await fresh.context().close();
      await page.context().close();
    });

    it(`downloads the account's data and deletes the account after its confirmation (${lang})`, async () => {
      const email = `leaving-${lang}@example.org`;
      await signUp(lang, `Leaving ${lang}`, email, 'a leaving long password');
      const page = await browserIn(lang, width);
      await signInWith(page, lang, email, 'a leaving long password');
      await page.goto('/account');
      const [download] = await Promise.all([page.waitForEvent('download'),
        page.getByRole('link', { name: T('access.account.download') }).click()]);
      assert.equal(download.suggestedFilename(), 'my-coproduce-data.json');
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      assert.equal(data.account.email, email);
      assert.equal(data.account.display_name, `Leaving ${lang}`);
      assert.equal(data.account.language, lang);
      assert.deepEqual(data.memberships.map((m) => m.role), ['resident']);
      assert.ok(data.sessions.length >= 1, 'the sessions');
      assert.ok(Array.isArray(data.api_tokens), 'the API tokens');
      for (const part of ['notify.notifications']) assert.ok(part in data, `${part} is in the download`);
      assert.ok(Object.keys(data).some((k) => k.startsWith('map.')), `the map's part: ${Object.keys(data)}`);

      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: T('access.delete.title') }).click()]);
      assert.equal(await heading(page), T('access.delete.title'));
      await checkPage(page, 'delete the account');
      await submit(page, T('access.delete.submit'));
      assert.deepEqual(await errorSummary(page, lang), { current_password: T('access.error.current_password_required') });
      await checkPage(page, 'delete the account, no password');
      await page.getByLabel(T('access.account.current_password'), { exact: true }).fill('not the password at all');
      await submit(page, T('access.delete.submit'));
      assert.deepEqual(await errorSummary(page, lang), { current_password: T('access.error.current_password_wrong') });
      await checkPage(page, 'delete the account, wrong password');
      await page.getByLabel(T('access.account.current_password'), { exact: true }).fill('a leaving long password');
      await submit(page, T('access.delete.submit'));
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.ok(await page.getByText(T('access.delete.done')).isVisible());
      await checkPage(page, 'the account deleted');
      await page.goto('/account');
      assert.match(new URL(page.url()).pathname, /^\/login/, 'signed out');
      await signInWith(page, lang, email, 'a leaving long password');
      assert.deepEqual(await errorSummary(page, lang), { email: T('access.login.error.wrong') }, 'the account is gone');
      await page.context().close();
    });

    it(`tells the organisation's only officer that they cannot delete their account (${lang})`, async () => {
      const page = await browserIn(lang, width);
      await signInWith(page, lang, demoEmail('officer'), demoPassword);
      await page.goto('/account/delete');
      assert.equal(await heading(page), T('access.delete.title'));
      assert.ok(await page.getByText(T('access.error.delete_last_officer')).isVisible(), 'said before any password is asked');
      assert.equal(await page.getByRole('button', { name: T('access.delete.submit') }).count(), 0, 'no button to delete');
      assert.ok(await page.getByRole('link', { name: T('access.members.title'), exact: true }).last().isVisible(), 'the way to the members');
      await checkPage(page, 'the only officer cannot delete the account');
      await page.goto('/account');
      assert.equal(await heading(page), T('access.account.title'), 'still signed in');
      await page.context().close();
    });
  }
});
