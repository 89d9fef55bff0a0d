// The contribution ledger over HTTP, on SQLite and on PostgreSQL: a claim is
// seen by members only, disputed with a reason (said in English or Welsh),
// confirmed, then corrected by a reversing entry that both the ledger and the
// audit trail show; roles one does not hold are refused; load per person; and
// the OpenAPI document assembled from the modules validates as OpenAPI 3.1.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { backends, startServer, Client, demoEmail } from './harness.mjs';

for (const backend of backends) {
  describe(`ledger on ${backend.name}`, () => {
    let db, server, base;
    before(async () => {
      db = backend.start();
      server = await startServer(db.url);
      base = server.base;
    });
    after(async () => { if (server) await server.stop(); db?.stop(); });

    const anonymous = () => new Client(base);
    const as = async (role) => { const c = new Client(base); await c.login(demoEmail(role)); return c; };
    const initiativeNamed = async (name) =>
      (await anonymous().get('/api/v1/initiatives')).data.initiatives.find((i) => i.name === name);
    const entriesOf = async (client, id) => (await client.get(`/api/v1/initiatives/${id}`)).data.contributions;

    it('keeps a claim from the public until it is confirmed, and corrects a confirmed entry by reversal', async () => {
      const porto = await initiativeNamed('Participatory budgeting (Orçamento Participativo)');
      const resident = await as('resident');
      const professional = await as('professional');
      const officer = await as('officer');
      const claim = await resident.post(`/api/v1/initiatives/${porto.id}/contributions`, {
        contributor_label: 'Street volunteers', role: 'community_member', phase: 'delivering',
        kind: 'hours', hours: '12.5', made_on: '2024-03-01' });
      assert.equal(claim.status, 201, claim.text);
      const id = claim.data.id;

      // Members see the claim; the public does not.
      assert.ok(!(await entriesOf(anonymous(), porto.id)).some((e) => e.id === id));
      assert.equal((await anonymous().get(`/api/v1/contributions/${id}`)).status, 404);
      const seen = (await entriesOf(professional, porto.id)).find((e) => e.id === id);
      assert.equal(seen.status, 'claimed');
      assert.equal(seen.source.type, 'map.contribution');
      assert.ok(!('person_id' in seen) && !('recorded_by' in seen), 'no account ids in the API');

      // A dispute needs a reason, said in the reader's language.
      const noReason = await professional.post(`/api/v1/contributions/${id}/dispute`, { reason: ' ' });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.data.error.field, 'reason');
      assert.equal(noReason.data.error.message, 'Give a reason');
      const welsh = await professional.post(`/api/v1/contributions/${id}/dispute?lang=cy`, { reason: '' });
      assert.equal(welsh.data.error.message, 'Rhowch reswm');
      assert.equal((await resident.post(`/api/v1/contributions/${id}/dispute`, { reason: 'x' })).status, 403);
      assert.equal((await professional.post(`/api/v1/contributions/${id}/dispute`,
        { reason: 'No street team that week' })).status, 204);
      const disputed = (await entriesOf(resident, porto.id)).find((e) => e.id === id);
      assert.equal(disputed.status, 'disputed');
      assert.equal(disputed.reason, 'No street team that week');
      assert.equal((await initiativeNamed(porto.name)).typology.cell, 'professional_with_coplanning');

      // The recorder corrects the claim, then an officer confirms it: it counts.
      assert.equal((await resident.patch(`/api/v1/contributions/${id}`, { hours: '10' })).status, 204);
      assert.equal((await officer.post(`/api/v1/contributions/${id}/confirm`)).status, 204);
      assert.equal((await initiativeNamed(porto.name)).typology.cell, 'full_coproduction');
      const publicEntry = (await anonymous().get(`/api/v1/contributions/${id}`)).data;
      assert.equal(publicEntry.hours, '10');
      assert.equal(publicEntry.counts, true);
      const changed = await resident.patch(`/api/v1/contributions/${id}`, { hours: '11' });
      assert.equal(changed.status, 409, 'a confirmed entry is never changed');

      // Reversal: an officer's correction, shown in the ledger and the audit trail.
      assert.equal((await professional.post(`/api/v1/contributions/${id}/reverse`, { reason: 'x' })).status, 403);
      const reversal = await officer.post(`/api/v1/contributions/${id}/reverse`, { reason: 'Recorded against the wrong initiative' });
      assert.equal(reversal.status, 201, reversal.text);
      assert.equal((await officer.post(`/api/v1/contributions/${id}/reverse`, { reason: 'again' })).status, 409);
      const entries = await entriesOf(anonymous(), porto.id);
      assert.equal(entries.find((e) => e.id === id).reversed_by, reversal.data.id);
      assert.equal(entries.find((e) => e.id === reversal.data.id).reverses, id);
      assert.equal((await initiativeNamed(porto.name)).typology.cell, 'professional_with_coplanning');
      const audit = (await officer.get(`/api/v1/audit?entity_type=contribution&entity_id=${id}`)).data.events;
      assert.deepEqual(audit.map((e) => e.action).reverse(), ['record', 'dispute', 'update', 'confirm', 'reverse']);
      const csv = (await anonymous().get('/api/v1/export/contributions.csv')).text;
      const row = csv.split('\r\n').find((line) => line.startsWith(id));
      assert.match(row, /,confirmed,true,\d{4}-\d\d-\d\d,false,,/);
    });

    it('refuses roles a person does not hold and records for others only as an officer', async () => {
      const tackley = await initiativeNamed('Tackley village shop');
      const resident = await as('resident');
      const asProfessional = await resident.post(`/api/v1/initiatives/${tackley.id}/contributions`, {
        contributor_label: 'Me', role: 'professional', phase: 'design', kind: 'hours', hours: '1', made_on: '2024-01-01' });
      assert.equal(asProfessional.status, 422);
      assert.equal(asProfessional.data.error.field, 'role');
      const me = (await resident.get('/api/v1/me')).data.account.id;
      const professional = await as('professional');
      const forResident = await professional.post(`/api/v1/initiatives/${tackley.id}/contributions`, {
        contributor_label: 'A resident', person_id: me, role: 'service_user', phase: 'design', kind: 'hours', hours: '1', made_on: '2024-01-01' });
      assert.equal(forResident.status, 422);
      assert.equal(forResident.data.error.field, 'person_id');
      const officer = await as('officer');
      const byOfficer = await officer.post(`/api/v1/initiatives/${tackley.id}/contributions`, {
        person_id: me, role: 'service_user', phase: 'design', kind: 'hours', hours: '1', made_on: '2024-01-01', visibility: 'named' });
      assert.equal(byOfficer.status, 201, byOfficer.text);
      const named = (await anonymous().get(`/api/v1/contributions/${byOfficer.data.id}`)).data;
      assert.equal(named.contributor, 'Demo resident');
    });

    it('shows each person their load, and the officer everyone\'s in aggregate', async () => {
      const resident = await as('resident');
      const mine = await resident.get('/api/v1/me/load');
      assert.equal(mine.status, 200);
      assert.equal(mine.headers.get('cache-control'), 'no-store');
      assert.equal(mine.data.weeks.length, 12);
      // The demo volunteer gave 26 hours two weeks ago, over the 20-hour warning level.
      assert.ok(mine.data.weeks.some((w) => w.hours === '26'), JSON.stringify(mine.data.weeks));
      assert.equal((await resident.get('/api/v1/load')).status, 403);
      const officer = await as('officer');
      const load = await officer.get('/api/v1/load');
      assert.equal(load.status, 200);
      const heavy = load.data.weeks.find((w) => w.over_warning.length > 0);
      assert.ok(heavy, JSON.stringify(load.data.weeks));
      assert.equal(heavy.over_warning[0].name, 'Demo resident');
      assert.equal(heavy.over_warning[0].hours, '26');
    });

    it('lets an officer change the warning levels within their range, and refuses anything else', async () => {
      const officer = await as('officer');
      const key = 'map.load_warning_weekly_hours';
      for (const [value, field] of [[999, key], ['x', key], [0, key]]) {
        const res = await officer.patch('/api/v1/settings', { [value === 'x' ? key : key]: value });
        assert.equal(res.status, 422, String(value));
        assert.equal(res.data.error.field, field);
      }
      const unknown = await officer.patch('/api/v1/settings', { 'map.nothing': 3 });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.data.error.field, 'map.nothing');
      assert.equal((await (await as('resident')).patch('/api/v1/settings', { [key]: 30 })).status, 403);
      assert.equal((await officer.patch('/api/v1/settings', { [key]: 30 })).status, 204);
      const settings = (await officer.get('/api/v1/settings')).data.settings;
      assert.equal(settings.find((s) => s.key === key).value, 30);
      assert.equal((await officer.get('/api/v1/load')).data.warning_weekly_hours, '30');
      const audit = (await officer.get('/api/v1/audit?entity_type=setting')).data.events;
      assert.equal(audit[0].after.value, 30);
      assert.equal((await officer.patch('/api/v1/settings', { [key]: 20 })).status, 204);
    });

    it('serves an OpenAPI document that validates as OpenAPI 3.1 and describes every module', async () => {
      const doc = (await anonymous().get('/api/v1/openapi.json')).data;
      const validated = await SwaggerParser.validate(structuredClone(doc));
      assert.equal(validated.openapi, '3.1.0');
      for (const path of ['/api/v1/initiatives', '/api/v1/audit', '/api/v1/tokens', '/api/v1/contributions/{id}/reverse', '/api/v1/load'])
        assert.ok(doc.paths[path], path);
    });
  });
}
