// Community assets in Chromium, with axe-core and the 320 px check on every
// page and error state: the demo resident finds the hall from the
// navigation, sees their own booking waiting, is told what is missing from
// an empty booking form and that a time clashes, and books a free time; the
// hall's steward (the demo community member), in Welsh at 320 px, confirms
// it and is told what is missing from the status form; the resident records
// goods given to an initiative after an empty form.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser, checkPage, errorSummary, heading, submit, text, signedInPage } from './support.mjs';

describe('community assets in Chromium', () => {
  const env = demoServerAndBrowser();

  const signedIn = (role, width) => signedInPage(env, role, width);
  // The demo booked the hall three days from today, 10:00 to 12:00.
  const day = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10).split('-');

  it('lets a resident book the hall and its steward confirm it, in English and Welsh', async () => {
    const resident = await signedIn('resident');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('link', { name: 'Assets', exact: true }).click()]);
    assert.equal(await heading(resident), 'Community assets');
    const list = resident.getByRole('table', { name: 'Community assets' });
    assert.ok(await list.getByRole('link', { name: 'Community minibus' }).isVisible());
    await checkPage(resident, 'the list of assets');
    await Promise.all([resident.waitForNavigation(), list.getByRole('link', { name: 'Beacon Community Hall' }).click()]);
    assert.equal(await heading(resident), 'Beacon Community Hall');
    const bookings = resident.getByRole('table', { name: 'Bookings' });
    assert.ok(await bookings.getByText('Coffee morning for new parents').isVisible(), 'the booker sees what their booking is for');
    assert.ok(await bookings.getByText('Requested').isVisible());
    await checkPage(resident, 'the hall with a booking waiting');

    await submit(resident, 'Book');
    const empty = await errorSummary(resident);
    for (const field of ['on-day', 'starts', 'ends', 'purpose']) assert.ok(field in empty, `${field} is named: ${JSON.stringify(empty)}`);
    assert.equal(empty.purpose, 'Enter what the booking is for');
    await checkPage(resident, 'the booking form with errors');

    await resident.getByLabel('Day').fill(day[2]);
    await resident.getByLabel('Month').fill(day[1]);
    await resident.getByLabel('Year').fill(day[0]);
    await resident.getByLabel('Start time').fill('11:00');
    await resident.getByLabel('End time').fill('13:00');
    await resident.getByLabel('What it is for').fill('Choir practice');
    await submit(resident, 'Book');
    assert.deepEqual(await errorSummary(resident), { starts: 'This time clashes with another booking of the asset: choose another time' });
    assert.equal(await resident.getByLabel('What it is for').inputValue(), 'Choir practice', 'what was typed is kept');
    await checkPage(resident, 'a booking that clashes');
    await resident.getByLabel('Start time').fill('12:00');
    await resident.getByLabel('End time').fill('13.30');
    await submit(resident, 'Book');
    assert.ok(await resident.getByText('Your booking is made').isVisible());
    assert.ok(await bookings.getByText('Choir practice').isVisible());
    assert.equal(await bookings.getByText('Requested').count(), 2);
    await checkPage(resident, 'the hall after booking');
    const hallPath = new URL(resident.url()).pathname;
    await resident.context().close();

    // The steward, in Welsh on a narrow screen, confirms the choir's booking.
    const steward = await signedIn('community', 320);
    await steward.goto(hallPath);
    await Promise.all([steward.waitForNavigation(), steward.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal(await heading(steward), 'Beacon Community Hall');
    const archebion = steward.getByRole('table', { name: text('cy', 'deliver.booking.upcoming') });
    assert.equal(await archebion.getByRole('button', { name: new RegExp(`^${text('cy', 'deliver.booking.confirm')} `) }).count(), 2);
    await checkPage(steward, 'the hall in Welsh for its steward');
    const choir = archebion.getByRole('row').filter({ hasText: 'Choir practice' });
    await Promise.all([steward.waitForNavigation(), choir.getByRole('button').click()]);
    assert.ok(await steward.getByText(text('cy', 'deliver.booking.confirmed.done')).isVisible());
    assert.ok(await archebion.getByRole('row').filter({ hasText: 'Choir practice' })
      .getByText(text('cy', 'deliver.asset.status.confirmed')).isVisible());
    await submit(steward, text('cy', 'deliver.asset.status_save'));
    assert.deepEqual(await errorSummary(steward, 'cy'), {
      status: text('cy', 'deliver.asset.error.status_required'),
      reason: text('cy', 'deliver.asset.error.reason_required'),
    });
    await checkPage(steward, 'the status form in Welsh with errors');
    await steward.getByLabel(text('cy', 'deliver.asset.status.requested')).check();
    await steward.getByLabel(text('cy', 'deliver.asset.reason')).fill('Mae’r clwb cinio wedi gofyn am ei redeg');
    await submit(steward, text('cy', 'deliver.asset.status_save'));
    assert.ok(await steward.getByText(text('cy', 'deliver.asset.status.done')).isVisible());
    await checkPage(steward, 'the hall in Welsh after its status moved');
    await steward.context().close();
  });

  it('lets a resident record goods given to an initiative', async () => {
    const resident = await signedIn('resident');
    await resident.goto('/community-assets');
    await Promise.all([resident.waitForNavigation(), resident.getByRole('link', { name: 'Goods given' }).click()]);
    assert.equal(await heading(resident), 'Goods given');
    assert.ok(await resident.getByText('No gifts are recorded yet.').isVisible());
    await checkPage(resident, 'the gifts page');
    await submit(resident, 'Record the gift');
    const problems = await errorSummary(resident);
    assert.deepEqual(Object.keys(problems).sort(), ['description', 'initiative_id', 'made_on-day']);
    await checkPage(resident, 'the gift form with errors');
    const today = new Date().toISOString().slice(0, 10).split('-');
    await resident.getByLabel('Initiative').selectOption({ index: 1 });
    await resident.getByLabel('What was given').fill('20 bags of compost');
    await resident.getByLabel('Value in pounds (optional)').fill('45.50');
    await resident.getByLabel('Day').fill(today[2]);
    await resident.getByLabel('Month').fill(today[1]);
    await resident.getByLabel('Year').fill(today[0]);
    await submit(resident, 'Record the gift');
    assert.ok(await resident.getByText('The gift is recorded').isVisible());
    const gifts = resident.getByRole('table', { name: 'Gifts recorded' });
    assert.ok(await gifts.getByText('20 bags of compost').isVisible());
    assert.ok(await gifts.getByText('£45.50').isVisible());
    await checkPage(resident, 'the gifts page after recording one');
    await resident.context().close();
  });
});
