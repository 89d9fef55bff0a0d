// Issue 11's whole journey in Chromium, through the pages only (no JSON API
// call anywhere), against a real SMTP server started on loopback, with
// axe-core on each new page and error state: a resident signs up, follows
// the emailed link, signs in and records a contribution (at 320 px without
// sideways scrolling); the demo officer, by keyboard only, invites a
// professional who accepts by email with a new account, adds an area, a
// service, a group and an initiative, confirms the resident's contribution
// and disputes another with a reason, adds a self-assessment and sees it
// charted, creates and revokes an API token, and finds all of it in the
// audit trail, which is then read in Welsh.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshSqliteUrl, startServer, demoEmail, demoPassword, startSmtp, mailTo, linkIn } from '../integration/harness.mjs';
import { launchChromium, newPage, checkAccessibility as axe, noSidewaysScroll } from './support.mjs';
import { fillDate } from './dates.mjs';

describe('the whole journey of issue 11 in Chromium, by email and keyboard', () => {
  let smtp, db, server, browser, officer;
  before(async () => {
    smtp = await startSmtp();
    db = freshSqliteUrl();
    server = await startServer(db.url, ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--smtp-no-starttls',
      '--mail-from', 'Co-production <noreply@coproduce.test>', '--public-url', 'http://coproduce.test']);
    browser = await launchChromium();
  });
  after(async () => { await browser?.close(); await server?.stop(); smtp?.stop(); db?.stop(); });

  const heading = async (page) => (await page.locator('h1').first().textContent()).trim();
  const submit = (page, name) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
  // An emailed link is on the public address: the same path on the test server.
  const onServer = (link) => link.pathname + link.search;

  // The officer's keyboard: focus then keys, never the mouse.
  const type = async (page, locator, text) => {
    await locator.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  };
  const choose = async (page, locator) => { await locator.focus(); await page.keyboard.press('Space'); };
  const press = async (page, locator, key = 'Enter') => {
    await locator.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  };
  const pressButton = (page, name) => press(page, page.getByRole('button', { name, exact: true }));
  const pickOption = async (page, select, label) => {
    await select.focus();
    await page.keyboard.type(label);
    assert.equal(await select.evaluate((s) => s.selectedOptions[0]?.textContent.trim()), label, `${label} chosen by typing`);
  };

  it('lets a resident sign up, follow the emailed link, sign in and record a contribution, at 320 px', async () => {
    const page = await newPage(browser, server.base, { width: 320 });
    await page.goto('/sign-up');
    assert.equal(await heading(page), 'Create an account');
    await axe(page, 'sign-up');
    await noSidewaysScroll(page, 'sign-up at 320 px');
    await submit(page, 'Create account');
    assert.match(await page.title(), /^Error: /);
    await axe(page, 'sign-up with errors');
    await noSidewaysScroll(page, 'sign-up with errors at 320 px');
    await page.getByLabel('Your name').fill('Rhian Hughes');
    await page.getByLabel('Email address').fill('rhian@example.org');
    await page.getByLabel('Password').fill('rhian long password 3');
    await page.getByLabel('English').check();
    await Promise.all([page.waitForURL(/\/sign-up\/check-email$/), page.getByRole('button', { name: 'Create account' }).click()]);
    await axe(page, 'check your email');

    const [mail] = await mailTo(smtp, 'rhian@example.org');
    const link = linkIn(mail, '/verify-email?token=');
    assert.equal(link.origin, 'http://coproduce.test');
    await page.goto(onServer(link));
    assert.match(new URL(page.url()).pathname, /^\/login/);
    assert.ok(await page.getByText('Your email address is confirmed: you can sign in').isVisible());
    await axe(page, 'sign in after confirming');
    await page.getByLabel('Email address').fill('rhian@example.org');
    await page.getByLabel('Password').fill('rhian long password 3');
    await submit(page, 'Sign in');
    assert.doesNotMatch(new URL(page.url()).pathname, /^\/login/, 'signed in');

    await page.goto('/map');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Tackley village shop', exact: true }).click()]);
    assert.equal(await heading(page), 'Tackley village shop');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Record a contribution' }).click()]);
    assert.match(new URL(page.url()).pathname, /^\/initiatives\/[^/]+\/contributions\/new$/);
    assert.equal(await heading(page), 'Record a contribution');
    await axe(page, 'contribution form');
    await noSidewaysScroll(page, 'contribution form at 320 px');
    await submit(page, 'Save contribution');
    assert.match(await page.title(), /^Error: /);
    await axe(page, 'contribution form with errors');
    await noSidewaysScroll(page, 'contribution form with errors at 320 px');
    await page.getByLabel('Who contributed').fill('Market stall helper');
    await page.getByLabel('Community member').check();
    await page.getByLabel('Phase').selectOption('delivering');
    await page.getByRole('radio', { name: 'Hours' }).check();
    await page.getByLabel('Number of hours').fill('3');
    await fillDate(page, 'Date of the contribution', '2026-11-01');
    await submit(page, 'Save contribution');
    assert.doesNotMatch(await page.title(), /^Error: /);
    assert.ok(await page.getByText('Market stall helper').first().isVisible());
    await axe(page, 'after recording a contribution');
    await page.context().close();
  });

  it('lets the officer, by keyboard, invite a professional who accepts by email with a new account', async () => {
    officer = await newPage(browser, server.base);
    const page = officer;
    await page.goto('/login');
    await type(page, page.getByLabel('Email address'), demoEmail('officer'));
    await page.keyboard.press('Tab');
    await page.keyboard.type(demoPassword);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.doesNotMatch(new URL(page.url()).pathname, /^\/login/, 'signed in');

    await page.goto('/members');
    assert.equal(await heading(page), 'Members');
    await axe(page, 'members');
    await type(page, page.getByLabel('Email address'), 'not an address');
    await pressButton(page, 'Send the invitation');
    assert.match(await page.title(), /^Error: /);
    await axe(page, 'invitation with an error');
    await type(page, page.getByLabel('Email address'), 'dafydd@example.org');
    await choose(page, page.getByLabel('Professional', { exact: true }));
    await pressButton(page, 'Send the invitation');
    assert.ok(await page.getByText('The invitation has been sent').isVisible());
    await axe(page, 'members with an invitation waiting');

    const [mail] = await mailTo(smtp, 'dafydd@example.org');
    const link = linkIn(mail, '/invitations/accept?token=');
    const person = await newPage(browser, server.base);
    await person.goto(onServer(link));
    assert.match(await heading(person), /^Join /);
    await axe(person, 'invitation');
    await submit(person, 'Create your account and join');
    assert.match(await person.title(), /^Error: /);
    await axe(person, 'invitation with errors');
    await person.getByLabel('Your name').fill('Dafydd Price');
    await person.getByLabel('Password').fill('dafydd long password 4');
    await submit(person, 'Create your account and join');
    assert.ok(await person.getByText('You have joined the organisation').isVisible());
    await axe(person, 'joined');
    await person.context().close();

    await page.goto('/members');
    const row = page.locator('tr', { hasText: 'dafydd@example.org' });
    assert.match(await row.textContent(), /Professional/, 'the role the officer chose');
  });

  it('lets the officer, by keyboard, add an area, a service, a group and an initiative', async () => {
    const page = officer;
    await page.goto('/areas/new');
    await axe(page, 'new area');
    await type(page, page.getByLabel('Name of the area'), 'Riverside');
    await choose(page, page.getByLabel('Neighbourhood'));
    await pressButton(page, 'Add area');
    assert.ok(await page.getByText('Area added').isVisible());

    await page.goto('/services/new');
    await axe(page, 'new service');
    await type(page, page.getByLabel('Name of the service'), 'Riverside library');
    await type(page, page.getByLabel('Provider'), 'Demo council libraries');
    await choose(page, page.getByLabel('Public sector'));
    await pressButton(page, 'Add service');
    assert.ok(await page.getByRole('cell', { name: 'Riverside library' }).first().isVisible());

    await page.goto('/groups/new');
    await axe(page, 'new group');
    await type(page, page.getByLabel('Name of the group'), 'Friends of Riverside library');
    await type(page, page.getByLabel('Description (optional)'), 'Readers who help run the library');
    await pressButton(page, 'Add group');
    assert.ok(await page.getByRole('cell', { name: 'Friends of Riverside library' }).first().isVisible());

    await page.goto('/initiatives/new');
    await axe(page, 'new initiative');
    await pressButton(page, 'Save initiative');
    assert.match(await page.title(), /^Error: /);
    await axe(page, 'new initiative with errors');
    await type(page, page.getByLabel('Name', { exact: true }), 'Riverside reading café');
    await type(page, page.getByLabel('Summary'), 'Volunteers and library staff run a café for readers.');
    await pickOption(page, page.getByLabel('Area', { exact: true }), 'Riverside');
    await pickOption(page, page.getByLabel('Service', { exact: true }), 'Riverside library');
    await pressButton(page, 'Save initiative');
    assert.equal(await heading(page), 'Riverside reading café');
    await axe(page, 'the new initiative');
  });

  it('lets the officer, by keyboard, confirm the resident\'s contribution and dispute another with a reason', async () => {
    const page = officer;
    await page.goto('/dashboard');
    await axe(page, 'dashboard');
    await choose(page, page.getByLabel('Select the contribution of Market stall helper to Tackley village shop'));
    await pressButton(page, 'Confirm chosen contributions');
    assert.ok(await page.getByText('Contribution confirmed and its recorder told').isVisible());
    const awaiting = page.getByRole('table', { name: 'Contributions awaiting a decision' });
    assert.equal(await awaiting.locator('tr', { hasText: 'Market stall helper' }).count(), 0);

    await choose(page, page.getByLabel('Select the contribution of Shop volunteer to Tackley village shop'));
    await pressButton(page, 'Dispute chosen contributions');
    assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Give a reason' }).isVisible());
    await axe(page, 'dashboard with a dispute refused');
    await type(page, page.getByLabel('Reason for disputing (needed only to dispute)'), 'The shop was closed that week.');
    await pressButton(page, 'Dispute chosen contributions');
    assert.ok(await page.getByText('Contribution disputed and its recorder told').isVisible());
    const disputed = page.getByRole('table', { name: 'Contributions awaiting a decision' }).locator('tr', { hasText: 'Shop volunteer' });
    for (const text of await disputed.allTextContents()) assert.match(text, /Disputed/, 'no longer awaiting confirmation');
    await axe(page, 'dashboard after the decisions');
  });

  it('lets the officer, by keyboard, add a self-assessment and see it in the chart', async () => {
    const page = officer;
    await page.goto('/map');
    await press(page, page.getByRole('link', { name: 'Tackley village shop', exact: true }));
    await press(page, page.getByRole('button', { name: 'Add a self-assessment' }));
    await axe(page, 'choose a frame');
    await choose(page, page.getByLabel('Five steps to co-production'));
    await pressButton(page, 'Continue');
    const assessedOn = page.getByRole('group', { name: 'Date of the assessment' });
    await type(page, assessedOn.getByLabel('Day'), '15');
    await type(page, assessedOn.getByLabel('Month'), '11');
    await type(page, assessedOn.getByLabel('Year'), '2026');
    for (const step of ['Map it', 'Focus it', 'People it', 'Market it', 'Grow it']) {
      await choose(page, page.getByRole('group', { name: step }).getByLabel('4'));
    }
    await pressButton(page, 'Save self-assessment');
    assert.ok(await page.getByText('Self-assessment added').isVisible());
    assert.ok(await page.locator('#assessment-five_steps').isVisible(), 'the chart');
    assert.match(await page.getByRole('table', { name: 'Five steps to co-production' }).textContent(), /20 of 20/);
    await axe(page, 'initiative with its self-assessment');
  });

  it('lets the officer, by keyboard, create and revoke an API token', async () => {
    const page = officer;
    await page.goto('/account/tokens');
    await axe(page, 'API tokens');
    await type(page, page.getByLabel('Name', { exact: true }), 'journey report script');
    await choose(page, page.getByLabel('30 days'));
    await pressButton(page, 'Create the token');
    assert.ok(await page.getByText('Copy it now and keep it safe: it will not be shown again.').isVisible());
    await axe(page, 'a new API token');
    const row = page.locator('tr', { hasText: 'journey report script' });
    await press(page, row.getByRole('button', { name: /Revoke/ }));
    assert.ok(await page.getByText('The token has been revoked').isVisible());
    await axe(page, 'a revoked API token');
  });

  it('shows the officer these changes in the audit trail, filtered by type of record, and in Welsh', async () => {
    const page = officer;
    await page.goto('/audit');
    await axe(page, 'audit trail');
    const table = () => page.getByRole('table', { name: 'Audit events, newest first' });
    for (const [type, text] of [['Area', 'Riverside'], ['Service', 'Riverside library'], ['Community group', 'Friends of Riverside library'],
      ['Initiative', 'Riverside reading café'], ['Contribution', 'The shop was closed that week.'], ['Assessment', 'five_steps'],
      ['Membership', 'Dafydd Price']]) {
      await pickOption(page, page.getByLabel('Type of record'), type);
      await pressButton(page, 'Apply filters');
      assert.match(page.url(), /entity_type=/);
      assert.match(await table().textContent(), new RegExp(text.replace(/[.]/g, '\\.')), `${type}: ${text}`);
    }
    await axe(page, 'audit trail filtered by type of record');
    await page.goto('/audit');
    assert.match(await table().textContent(), /journey report script/, 'the API token');

    await press(page, page.getByRole('link', { name: 'Cymraeg', exact: true }));
    assert.equal(await heading(page), 'Trywydd archwilio');
    await axe(page, 'audit trail in Welsh');
    await page.context().close();
  });
});
