// Members, invitations and notifications in Chromium, through the pages only
// (no JSON API call), in English at 320 px and in Welsh at desktop width,
// each page and each error state checked by axe-core and for sideways
// scrolling at 320 px, with email through a real SMTP server on loopback: the
// officer invites (an empty form names the field), withdraws an invitation
// (its emailed link then says so), and a person accepts with a new account;
// the officer opens the member, changes their role (they see the unread count
// in the header, read the notification, mark it read and choose their
// email), is refused when taking the officer role from, or removing, the
// organisation's only officer, and removes the member.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoEmail, mailTo, linkIn } from '../integration/harness.mjs';
import { demoServerAndBrowser, newPage, signIn, checkPage, errorSummary, submit, heading, text, onServer } from './support.mjs';

describe('members, invitations and notifications in Chromium, in English and Welsh', () => {
  const env = demoServerAndBrowser({ smtp: true });

  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A catalogue sentence as a pattern, any text standing for its {placeholders}.
  const sentence = (lang, key) => new RegExp(`^${text(lang, key).split(/\{\w+\}/).map(escape).join('.+')}$`);

  async function emailedLink(to, prefix, count) {
    const messages = await mailTo(env.smtp, to, count, (m) => m.body.includes(prefix));
    assert.ok(messages.length > 0, `an email to ${to} with ${prefix}`);
    return { message: messages.at(-1), link: linkIn(messages.at(-1), prefix) };
  }

  // A browser showing pages in `lang`, chosen with the switch.
  async function inLanguage(page, lang) {
    if (lang !== 'cy') return page;
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cymraeg', exact: true }).click()]);
    return page;
  }
  async function officerIn(lang, width) {
    const page = await newPage(env.browser, env.server.base, { width });
    await signIn(page, 'officer');
    return inLanguage(page, lang);
  }

  const members = {};  // per language: the person who joined, with their browser

  for (const lang of ['en', 'cy']) {
    const T = (key, args) => text(lang, key, args);
    const width = lang === 'en' ? 320 : 1200;

    it(`invites, withdraws an invitation whose link then says so, and a person accepts with a new account (${lang})`, async () => {
      const page = await officerIn(lang, width);
      if (width === 320) await page.goto('/members');  // the header's menu is folded away
      else await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: T('access.members.nav'), exact: true }).click()]);
      assert.equal(new URL(page.url()).pathname, '/members');
      assert.equal(await heading(page), T('access.members.title'));
      await checkPage(page, 'members');
      await submit(page, T('access.invite.submit'));
      assert.deepEqual(await errorSummary(page, lang), { email: T('access.error.email_required') });
      await checkPage(page, 'invitation, no address');
      await page.getByLabel(T('access.invite.email'), { exact: true }).fill('someone at example');
      await page.getByLabel(T('access.role.councillor'), { exact: true }).check();
      await submit(page, T('access.invite.submit'));
      assert.deepEqual(await errorSummary(page, lang), { email: T('access.error.email_format') });
      assert.ok(await page.getByLabel(T('access.role.councillor'), { exact: true }).isChecked(), 'the role chosen is kept');
      await checkPage(page, 'invitation, not an address');

      const withdrawn = `withdrawn-${lang}@example.org`;
      await page.getByLabel(T('access.invite.email'), { exact: true }).fill(withdrawn);
      await submit(page, T('access.invite.submit'));
      assert.ok(await page.getByText(T('access.invite.done')).isVisible());
      const waiting = page.getByRole('table', { name: T('access.invitations.caption') });
      assert.match(await waiting.locator('tr', { hasText: withdrawn }).textContent(), new RegExp(T('access.role.councillor')));
      await checkPage(page, 'members with an invitation waiting');
      const { link: withdrawnLink } = await emailedLink(withdrawn, '/invitations/accept?token=', 1);
      await submit(page, `${T('access.invitations.revoke')} ${withdrawn}`);
      assert.ok(await page.getByText(T('access.invitations.revoked.done')).isVisible());
      assert.equal(await page.getByRole('table', { name: T('access.invitations.caption') }).count(), 0, 'nothing waits now');
      await checkPage(page, 'members after withdrawing');
      const stranger = await newPage(env.browser, env.server.base, { width });
      await stranger.context().addCookies([{ name: 'cp_lang', value: lang, url: env.server.base }]);
      const gone = await stranger.goto(onServer(withdrawnLink));
      assert.equal(gone.status(), 410);
      assert.equal(await heading(stranger), T('access.link.gone_title'));
      assert.ok(await stranger.getByText(T('access.error.invitation_invalid')).isVisible());
      await checkPage(stranger, 'a withdrawn invitation');
      await stranger.context().close();

      const joiner = `joiner-${lang}@example.org`;
      await page.getByLabel(T('access.invite.email'), { exact: true }).fill(joiner);
      await page.getByLabel(T('access.role.community_member'), { exact: true }).check();
      await submit(page, T('access.invite.submit'));
      const { message, link } = await emailedLink(joiner, '/invitations/accept?token=', 1);
      assert.match(message.subject, sentence('en', 'access.email.invitation.subject'), 'a new address is written to in the organisation\'s language');
      const person = await newPage(env.browser, env.server.base, { width });
      await person.context().addCookies([{ name: 'cp_lang', value: lang, url: env.server.base }]);
      await person.goto(onServer(link));
      assert.match(await heading(person), sentence(lang, 'access.invitation.title'));
      await checkPage(person, 'an invitation');
      await submit(person, T('access.invitation.create_and_join'));
      assert.deepEqual(await errorSummary(person, lang), {
        display_name: T('access.error.name_required'), password: T('access.error.password_required') });
      await checkPage(person, 'an invitation, empty');
      await person.getByLabel(T('access.account.name'), { exact: true }).fill(`Joiner ${lang}`);
      await person.getByLabel(T('access.login.password'), { exact: true }).fill('short');
      await submit(person, T('access.invitation.create_and_join'));
      assert.deepEqual(await errorSummary(person, lang), { password: T('access.error.password_too_short') });
      assert.equal(await person.getByLabel(T('access.account.name'), { exact: true }).inputValue(), `Joiner ${lang}`, 'the name is kept');
      await person.getByLabel(T('access.login.password'), { exact: true }).fill(`joiner ${lang} long password`);
      await person.getByLabel(lang === 'cy' ? 'Cymraeg' : 'English', { exact: true }).check();
      await submit(person, T('access.invitation.create_and_join'));
      assert.equal(new URL(person.url()).pathname, '/account');
      assert.ok(await person.getByText(T('access.invitation.accepted.done')).isVisible());
      assert.match(await person.locator('.govuk-summary-list').textContent(), new RegExp(T('access.role.community_member')));
      await checkPage(person, 'joined');
      members[lang] = { name: `Joiner ${lang}`, email: joiner, page: person };

      await page.goto('/members');
      const row = page.getByRole('table', { name: T('access.members.caption') }).locator('tr', { hasText: joiner });
      assert.match(await row.textContent(), new RegExp(T('access.role.community_member')));
      await page.context().close();
    });

    it(`changes a member's role and they are told in the header, the list and by email; they mark it read and choose their email (${lang})`, async () => {
      const { name, email, page: person } = members[lang];
      const page = await officerIn(lang, width);
      await page.goto('/members');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: `${T('access.members.manage')} ${name}` }).click()]);
      assert.equal(await heading(page), name);
      assert.match(await page.locator('.govuk-summary-list').textContent(), new RegExp(escape(email)));
      assert.ok(await page.getByLabel(T('access.role.community_member'), { exact: true }).isChecked(), 'the role now');
      await checkPage(page, 'a member');
      await page.getByLabel(T('access.role.professional'), { exact: true }).check();
      await submit(page, T('access.members.save_role'));
      assert.equal(new URL(page.url()).pathname, '/members');
      assert.ok(await page.getByText(T('access.members.role_changed.done')).isVisible());
      const row = page.getByRole('table', { name: T('access.members.caption') }).locator('tr', { hasText: email });
      assert.match(await row.textContent(), new RegExp(T('access.role.professional')));
      await checkPage(page, 'members after a role change');
      await page.context().close();

      const [told] = await mailTo(env.smtp, email, 1, (m) => sentence(lang, 'access.notice.role_changed.subject').test(m.subject));
      assert.ok(told, 'the member is emailed in their language');

      await person.goto('/account');
      if (width === 320) await person.getByRole('button', { name: T('web.nav.label'), exact: true }).click();  // the header's menu
      const bell = person.getByRole('link', { name: T('notify.nav.unread', { count: 1 }), exact: true });
      assert.ok(await bell.isVisible(), 'the header counts the unread notification');
      assert.match(await person.locator('.govuk-summary-list').textContent(), new RegExp(T('access.role.professional')));
      await Promise.all([person.waitForNavigation(), bell.click()]);
      assert.equal(await heading(person), T('notify.page.title'));
      const notice = person.locator('.app-notice', { hasText: T('access.notice.role_changed.text') });
      assert.equal(await notice.count(), 1);
      assert.match(await notice.textContent(), new RegExp(T('notify.page.new')));
      await checkPage(person, 'notifications');
      await submit(person, T('notify.page.mark_read'));
      assert.ok(await person.getByText(T('notify.page.marked.done')).isVisible());
      if (width === 320) await person.getByRole('button', { name: T('web.nav.label'), exact: true }).click();
      assert.ok(await person.getByRole('link', { name: T('notify.nav.none'), exact: true }).isVisible(), 'nothing unread');
      assert.doesNotMatch(await person.locator('.app-notice').first().textContent(), new RegExp(T('notify.page.new')));
      assert.equal(await person.getByRole('button', { name: T('notify.page.mark_read') }).count(), 0);
      await checkPage(person, 'notifications, all read');

      await Promise.all([person.waitForNavigation(), person.getByRole('link', { name: T('notify.page.settings_link') }).click()]);
      assert.equal(await heading(person), T('notify.settings.title'));
      const roleChanges = person.getByLabel(T('access.notice.role_changed.label'), { exact: true });
      assert.ok(await roleChanges.isChecked(), 'every kind comes by email until the person says no');
      await checkPage(person, 'notification settings');
      await roleChanges.uncheck();
      await submit(person, T('notify.settings.save'));
      assert.ok(await person.getByText(T('notify.settings.saved.done')).isVisible());
      await person.reload();
      assert.equal(await person.getByLabel(T('access.notice.role_changed.label'), { exact: true }).isChecked(), false, 'the choice is kept');
      assert.ok(await person.getByLabel(T('map.notice.confirmed.label'), { exact: true }).isChecked(), 'the others stay');
      await checkPage(person, 'notification settings saved');
    });

    it(`keeps the only officer, and removes a member, who is signed out (${lang})`, async () => {
      const { name, email, page: person } = members[lang];
      const page = await officerIn(lang, width);
      await page.goto('/members');
      const officerRow = page.getByRole('table', { name: T('access.members.caption') }).locator('tr', { hasText: demoEmail('officer') });
      await Promise.all([page.waitForNavigation(), officerRow.getByRole('link').click()]);
      const self = page.url();
      await page.getByLabel(T('access.role.resident'), { exact: true }).check();
      await submit(page, T('access.members.save_role'));
      assert.deepEqual(await errorSummary(page, lang), { role: T('access.error.last_officer') });
      assert.match(await page.locator('.govuk-summary-list').textContent(), new RegExp(T('access.role.officer')), 'still an officer');
      await checkPage(page, 'the only officer keeps the role');
      await page.goto(self);
      const removeSelf = page.locator('form[action$="/remove"] button');
      await Promise.all([page.waitForNavigation(), removeSelf.click()]);
      assert.deepEqual(await errorSummary(page, lang), { role: T('access.error.last_officer') });
      await checkPage(page, 'the only officer is not removed');

      await page.goto('/members');
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: `${T('access.members.manage')} ${name}` }).click()]);
      await submit(page, T('access.members.remove', { name }));
      assert.equal(new URL(page.url()).pathname, '/members');
      assert.ok(await page.getByText(T('access.members.removed.done')).isVisible());
      assert.equal(await page.locator('tr', { hasText: email }).count(), 0, 'no longer a member');
      await checkPage(page, 'members after a removal');
      await person.goto('/notifications');
      assert.match(new URL(person.url()).pathname, /^\/login/, 'the removed member is signed out here');
      await person.context().close();
      await page.context().close();
    });
  }
});
