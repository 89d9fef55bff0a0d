// Joining by email, end to end, against a real SMTP server that the test
// starts on loopback (Debian's python3-aiosmtpd, delivering to a maildir):
// sign-up sends a verification link in the language chosen, an unverified
// account cannot sign in, the link verifies it once; an officer's invitation
// reaches the person, who accepts it with a new account and holds the role;
// a password reset link works once and ends the old password; a role change
// is told by email and in the person's notifications.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { freshSqliteUrl, startServer, Client, demoEmail, startSmtp, parseMessage, mailTo, linkIn } from './harness.mjs';

// Sends a form as a browser does: the page first (its CSRF token), then the fields.
async function submitForm(client, pagePath, action, fields) {
  const page = await client.get(pagePath);
  const token = page.text.match(/name="csrf_token" value="([^"]*)"/);
  assert.ok(token, `${pagePath} has a form with a CSRF token (${page.status})`);
  return client.request('POST', action, {
    body: new URLSearchParams({ csrf_token: token[1], ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('joining by email through a real SMTP server', () => {
  let smtp, db, server, base;
  before(async () => {
    smtp = await startSmtp();
    db = freshSqliteUrl();
    server = await startServer(db.url, ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--smtp-no-starttls',
      '--mail-from', 'Co-production <noreply@coproduce.test>', '--public-url', 'http://coproduce.test']);
    base = server.base;
  });
  after(async () => { if (server) await server.stop(); smtp?.stop(); db?.stop(); });

  const officer = async () => { const c = new Client(base); await c.login(demoEmail('officer')); return c; };
  const signInStatus = async (email, password) =>
    (await new Client(base).post('/api/v1/session', { email, password })).status;

  it('verifies a new resident by an emailed link, in the language they chose, once', async () => {
    const visitor = new Client(base);
    const sent = await submitForm(visitor, '/sign-up', '/sign-up', {
      display_name: 'Megan Jones', email: 'megan@example.org', password: 'a long new password 1', locale: 'cy' });
    assert.equal(sent.status, 303, sent.text);
    assert.equal(sent.headers.get('location'), '/sign-up/check-email');

    const [mail] = await mailTo(smtp, 'megan@example.org');
    assert.match(mail.headers.from, /noreply@coproduce\.test/);
    assert.ok(mail.headers['message-id'], 'the message has an id');
    assert.match(mail.body, /Megan Jones|megan@example\.org|cyfrif/i, 'the body is in Welsh and addressed to her');
    assert.doesNotMatch(mail.subject, /^Confirm|^Verify/, `the subject is in Welsh: ${mail.subject}`);
    const link = linkIn(mail, '/verify-email?token=');
    assert.equal(link.origin, 'http://coproduce.test', 'the link is on the public address');

    assert.equal(await signInStatus('megan@example.org', 'a long new password 1'), 403, 'unverified accounts wait');
    const verified = await new Client(base).get(link.pathname + link.search);
    assert.equal(verified.status, 303, verified.text);
    assert.match(verified.headers.get('location'), /^\/login/, 'on to sign in');
    assert.equal(await signInStatus('megan@example.org', 'a long new password 1'), 201);
    assert.equal((await new Client(base).get(link.pathname + link.search)).status, 410, 'the link works once');

    // Signing up again with the address tells its owner, not the visitor.
    const again = await submitForm(new Client(base), '/sign-up', '/sign-up', {
      display_name: 'Someone else', email: 'megan@example.org', password: 'another long password', locale: 'en' });
    assert.equal(again.status, 303, 'the same answer as for a new address');
    const [, notice] = await mailTo(smtp, 'megan@example.org', 2);
    assert.doesNotMatch(notice.body, /verify-email\?token=/, 'no second verification link');
  });

  it('brings an invited person in with the role the officer chose, on a new account', async () => {
    const o = await officer();
    const invited = await o.post('/api/v1/invitations', { email: 'ffion@example.org', role: 'professional' });
    assert.equal(invited.status, 202, invited.text);
    const [mail] = await mailTo(smtp, 'ffion@example.org');
    const link = linkIn(mail, '/invitations/accept?token=');
    const token = link.searchParams.get('token');

    const person = new Client(base);
    const accepted = await submitForm(person, link.pathname + link.search, '/invitations/accept', {
      token, new_account: '1', display_name: 'Ffion Evans', password: 'ffion long password 2', locale: 'en' });
    assert.equal(accepted.status, 303, accepted.text);
    const member = (await o.get('/api/v1/members')).data.members.find((m) => m.email === 'ffion@example.org');
    assert.equal(member?.role, 'professional');
    assert.equal(await signInStatus('ffion@example.org', 'ffion long password 2'), 201, 'the invitation verified the address');
    const reused = await submitForm(new Client(base), '/sign-up', '/invitations/accept', {
      token, new_account: '1', display_name: 'Intruder', password: 'intruder long password', locale: 'en' });
    assert.equal(reused.status, 410, 'an invitation is accepted once');

    // A role change reaches her by email and in her notifications.
    const changed = await o.patch(`/api/v1/members/${member.account_id}`, { role: 'community_member' });
    assert.equal(changed.status, 200, changed.text);
    const messages = await mailTo(smtp, 'ffion@example.org', 2);
    assert.ok(messages.some((m) => /role/i.test(m.subject)), messages.map((m) => m.subject).join(' | '));
    const ffion = new Client(base);
    await ffion.login('ffion@example.org', 'ffion long password 2');
    const notices = (await ffion.get('/api/v1/notifications')).data;
    assert.equal(notices.unread, 1);
    assert.equal(notices.notifications[0].link, '/account');
  });

  it('resets a password by a single-use link that ends the old password and every session', async () => {
    const email = demoEmail('resident');
    const before = new Client(base);
    await before.login(email);
    assert.equal((await before.get('/api/v1/me')).data.signed_in, true);

    const asked = await submitForm(new Client(base), '/forgot-password', '/forgot-password', { email });
    assert.equal(asked.status, 303, asked.text);
    const unknown = await submitForm(new Client(base), '/forgot-password', '/forgot-password', { email: 'nobody@example.org' });
    assert.equal(unknown.status, 303, 'the same answer for an unknown address');
    assert.equal(unknown.headers.get('location'), asked.headers.get('location'));

    const [mail] = await mailTo(smtp, email, 1, (m) => m.body.includes('/reset-password?token='));
    const link = linkIn(mail, '/reset-password?token=');
    const reset = await submitForm(new Client(base), link.pathname + link.search, '/reset-password', {
      token: link.searchParams.get('token'), password: 'a brand new password 3' });
    assert.equal(reset.status, 303, reset.text);
    assert.equal(await signInStatus(email, 'a brand new password 3'), 201);
    assert.equal(await signInStatus(email, 'demo-password-1234'), 401, 'the old password is gone');
    assert.equal((await before.get('/api/v1/me')).data.signed_in, false, 'the old session ended');
    const again = await new Client(base).get(link.pathname + link.search);
    assert.equal(again.status, 410, 'the link works once');
    assert.ok(!fs.readdirSync(path.join(smtp.dir, 'new')).some((f) =>
      parseMessage(fs.readFileSync(path.join(smtp.dir, 'new', f), 'utf8')).to.includes('nobody@example.org')),
    'nothing is sent to an address without an account');
    assert.doesNotMatch(server.logs(), /megan@example\.org|ffion@example\.org/, 'no address in the server log');
  });
});
