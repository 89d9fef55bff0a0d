// The JSON API against the real server, on SQLite and on PostgreSQL: the demo
// map, recording and confirming contributions, cross-organisation isolation,
// bad input on every write route (4xx naming the problem, nothing written),
// CSV export, language negotiation and graceful shutdown.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, Client, demoEmail, expectedCells, runCli } from './harness.mjs';

for (const backend of backends) {
  describe(`API on ${backend.name}`, () => {
    let db, server, base, other;

    before(async () => {
      db = backend.start();
      // A second organisation, to prove one council never sees another's records.
      runCli(['org', 'create', '--db', db.url, '--slug', 'other', '--name', 'Other Council',
        '--officer-email', 'officer@other.test'], { env: { COPRODUCE_PASSWORD: 'other-password-1234' } });
      server = await startServer(db.url);
      base = server.base;
      other = new Client(base);
      await other.login('officer@other.test', 'other-password-1234', 'other');
    });
    after(async () => { if (server) await server.stop(); db?.stop(); });

    const anonymous = () => new Client(base);
    const as = async (role) => { const c = new Client(base); await c.login(demoEmail(role)); return c; };
    const initiatives = async (client = anonymous(), query = '') =>
      (await client.get(`/api/v1/initiatives${query}`)).data.initiatives;
    const byName = async (name) => (await initiatives()).find((i) => i.name === name);
    // What rejected requests must not change: records, and audit events other than sign-ins.
    const counts = async (officer) => {
      const audit = await officer.get('/api/v1/audit?limit=500');
      const all = await initiatives();
      let contributions = 0;
      for (const i of all) contributions += (await anonymous().get(`/api/v1/initiatives/${i.id}`)).data.contributions.length;
      const changes = audit.data.events.filter((e) => e.entity_type !== 'session' && e.action !== 'login');
      return { initiatives: all.length, contributions, audit: changes.length };
    };

    it('answers /healthz', async () => {
      const res = await anonymous().get('/healthz');
      assert.equal(res.status, 200);
      assert.equal(res.data.status, 'ok');
    });

    it('lists the six case studies publicly, each in its expected typology cell', async () => {
      // The demo's participatory budget open for voting is an initiative too, not yet in a cell.
      const all = await initiatives();
      const budget = all.find((i) => i.name === 'Riverside neighbourhood fund 2027');
      assert.ok(budget, 'the demo process is on the map');
      assert.equal(budget.typology.cell, 'unclassified');
      const list = all.filter((i) => i.name in expectedCells);
      assert.equal(all.length, 7);
      assert.equal(list.length, 6);
      for (const item of list) {
        assert.equal(item.typology.cell, expectedCells[item.name], item.name);
        assert.equal(item.typology.counts_as_coproduction, true);
      }
      assert.equal(new Set(list.map((i) => i.typology.cell)).size, 6);
    });

    it('explains each cell with reasons and totals', async () => {
      const beacon = await byName('Beacon Community Regeneration Partnership');
      const res = await anonymous().get(`/api/v1/initiatives/${beacon.id}`);
      assert.equal(res.status, 200);
      assert.match(res.data.typology.planning.reason, /planning is citizen/i);
      assert.match(res.data.typology.delivery.reason, /professional and \d+ citizen contributions in delivering/);
      const delivering = res.data.totals.find((t) => t.phase === 'delivering');
      assert.equal(delivering.citizen_hours, '4800');
      assert.ok(res.data.contributions.every((c) => !('confirmed_by' in c) && !('recorded_by' in c)));
    });

    it('filters the map by phase, Co and cell, and rejects unknown filter values', async () => {
      assert.equal((await initiatives(anonymous(), '?cell=full_coproduction')).length, 1);
      assert.ok((await initiatives(anonymous(), '?co=co_assessment')).length >= 1);
      assert.ok((await initiatives(anonymous(), '?phase=monitoring')).length >= 1);
      const bad = await anonymous().get('/api/v1/initiatives?phase=lunch');
      assert.equal(bad.status, 422);
      assert.equal(bad.data.error.field, 'phase');
    });

    it('moves an initiative to another cell when the contributions justify it', async () => {
      const porto = await byName('Participatory budgeting (Orçamento Participativo)');
      assert.equal(porto.typology.cell, 'professional_with_coplanning');
      const resident = await as('resident');
      const recorded = await resident.post(`/api/v1/initiatives/${porto.id}/contributions`, {
        contributor_label: 'Street volunteers', role: 'community_member', phase: 'delivering',
        kind: 'hours', hours: '12.5', made_on: '2024-03-01' });
      assert.equal(recorded.status, 201, recorded.text);
      // A resident's contribution waits for confirmation and does not count yet.
      assert.equal((await byName(porto.name)).typology.cell, 'professional_with_coplanning');
      const denied = await resident.post(`/api/v1/contributions/${recorded.data.id}/confirm`);
      assert.equal(denied.status, 403);
      const professional = await as('professional');
      const confirmed = await professional.post(`/api/v1/contributions/${recorded.data.id}/confirm`);
      assert.equal(confirmed.status, 204, confirmed.text);
      assert.equal((await byName(porto.name)).typology.cell, 'full_coproduction');
      const again = await professional.post(`/api/v1/contributions/${recorded.data.id}/confirm`);
      assert.equal(again.status, 409);
    });

    it('requires sign-in and the right role for every write', async () => {
      const tackley = await byName('Tackley village shop');
      const anon = await anonymous().post(`/api/v1/initiatives/${tackley.id}/contributions`, {});
      assert.equal(anon.status, 401);
      const resident = await as('resident');
      assert.equal((await resident.post('/api/v1/initiatives', { name: 'x' })).status, 403);
      assert.equal((await resident.post('/api/v1/areas', { name: 'x', kind: 'city' })).status, 403);
      const professional = await as('professional');
      assert.equal((await professional.post('/api/v1/areas', { name: 'x', kind: 'city' })).status, 403);
    });

    it('refuses a cookie session write without the CSRF token', async () => {
      const officer = await as('officer');
      officer.csrf = null;
      const res = await officer.post('/api/v1/groups', { name: 'No token group' });
      assert.equal(res.status, 403);
    });

    it('rejects bad input on every write route with a 4xx naming the problem, writing nothing', async () => {
      const officer = await as('officer');
      const tackley = await byName('Tackley village shop');
      const contribution = (await anonymous().get(`/api/v1/initiatives/${tackley.id}`)).data.contributions[0];
      const theirs = (await other.post('/api/v1/initiatives', { name: 'Other council initiative' })).data.id;
      assert.ok(theirs);
      const before = await counts(officer);
      const unknown = 'aaaaaaaaaaaaaaaaaaaa';
      const routes = [
        ['POST', '/api/v1/initiatives', { name: 'Valid name' }, 'name'],
        ['PATCH', `/api/v1/initiatives/${tackley.id}`, { name: 'Renamed' }, 'name'],
        ['POST', `/api/v1/initiatives/${tackley.id}/contributions`,
          { contributor_label: 'L', role: 'service_user', phase: 'design', kind: 'hours', hours: '1', made_on: '2024-01-01' }, 'hours'],
        ['POST', `/api/v1/initiatives/${tackley.id}/assessments`,
          { frame: 'nef_principles', assessed_on: '2024-01-01', score_assets: 1, score_valuing_work: 1, score_reciprocity: 1, score_networks: 1 }, 'assessed_on'],
        ['POST', '/api/v1/areas', { name: 'Area', kind: 'district' }, 'kind'],
        ['POST', '/api/v1/services', { name: 'S', provider: 'P', sector: 'public' }, 'sector'],
        ['POST', '/api/v1/groups', { name: 'G' }, 'name'],
      ];
      for (const [method, url, valid, field] of routes) {
        const send = (body, headers) => officer.request(method, url, { body, headers: { 'content-type': 'application/json', ...headers } });
        const malformed = await send('{"name": ');
        assert.equal(malformed.status, 400, `${method} ${url} malformed`);
        assert.equal(malformed.data.error.code, 'malformed');
        const notObject = await send('[1,2]');
        assert.equal(notObject.status, 400, `${method} ${url} array body`);
        const wrongType = await send(JSON.stringify({ ...valid, [field]: { nested: true } }));
        assert.equal(wrongType.status, 422, `${method} ${url} wrong type`);
        assert.equal(wrongType.data.error.field, field);
        const unknownField = await send(JSON.stringify({ ...valid, surprise: 1 }));
        assert.equal(unknownField.status, 422, `${method} ${url} unknown field`);
        assert.equal(unknownField.data.error.field, 'surprise');
        const oversize = await send(JSON.stringify({ ...valid, [field]: 'x'.repeat(2 * 1024 * 1024) }));
        assert.equal(oversize.status, 413, `${method} ${url} oversize`);
        if (method === 'POST' && !url.includes(tackley.id)) {
          const missing = await send('{}');
          assert.equal(missing.status, 422, `${method} ${url} missing`);
          assert.ok(missing.data.error.field, 'names the field');
        }
      }
      // Unknown and other-organisation ids are not found, whatever the body.
      for (const id of [unknown, theirs, '../etc', "1' OR '1'='1"]) {
        const enc = encodeURIComponent(id);
        assert.equal((await officer.patch(`/api/v1/initiatives/${enc}`, { name: 'x' })).status, 404, id);
        assert.equal((await officer.post(`/api/v1/initiatives/${enc}/contributions`,
          { contributor_label: 'L', role: 'service_user', phase: 'design', kind: 'hours', hours: '1', made_on: '2024-01-01' })).status, 404, id);
        assert.equal((await officer.post(`/api/v1/initiatives/${enc}/assessments`, {})).status, 404, id);
        assert.equal((await officer.post(`/api/v1/contributions/${enc}/confirm`)).status, 404, id);
        assert.equal((await officer.post(`/api/v1/contributions/${enc}/void`, { reason: "x" })).status, 404, id);
        assert.equal((await anonymous().get(`/api/v1/initiatives/${enc}`)).status, 404, id);
      }
      // References to another organisation's records are refused too.
      const otherArea = (await other.post('/api/v1/areas', { name: 'Their area', kind: 'city' })).data.id;
      const ref = await officer.post('/api/v1/initiatives', { name: 'Uses their area', area_id: otherArea });
      assert.equal(ref.status, 422);
      assert.equal(ref.data.error.field, 'area_id');
      // Contribution field rules: each names its field.
      const c = (body) => officer.post(`/api/v1/initiatives/${tackley.id}/contributions`,
        { contributor_label: 'L', role: 'service_user', phase: 'design', kind: 'hours', hours: '1', made_on: '2024-01-01', ...body });
      for (const [body, field] of [[{ role: 'mayor' }, 'role'], [{ hours: '-1' }, 'hours'], [{ hours: '1.234' }, 'hours'],
        [{ made_on: '2024-02-30' }, 'made_on'], [{ made_on: '2999-01-01' }, 'made_on'], [{ kind: 'money', money: '' }, 'money'],
        [{ currency: 'pounds' }, 'currency'], [{ contributor_label: '' }, 'contributor_label'], [{ group_id: unknown }, 'group_id']]) {
        const res = await c(body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.equal(res.data.error.field, field, JSON.stringify(body));
      }
      assert.deepEqual(await counts(officer), before, 'nothing was written by any rejected request');
      assert.equal(contribution.initiative_id, tackley.id);
    });

    it('rejects bad decisions and bad changes to areas, services and groups, writing nothing', async () => {
      const officer = await as('officer');
      const tackley = await byName('Tackley village shop');
      const claimed = await (await as('resident')).post(`/api/v1/initiatives/${tackley.id}/contributions`,
        { contributor_label: 'Awaiting', role: 'service_user', phase: 'design', kind: 'hours', hours: '2', made_on: '2024-01-01' });
      assert.equal(claimed.status, 201, claimed.text);
      const mine = claimed.data.id;
      const area = (await officer.post('/api/v1/areas', { name: 'Bad input ward', kind: 'neighbourhood' })).data.id;
      const service = (await officer.post('/api/v1/services', { name: 'Bad input service', provider: 'P', sector: 'public' })).data.id;
      const group = (await officer.post('/api/v1/groups', { name: 'Bad input group' })).data.id;
      assert.ok(area && service && group);
      const theirArea = (await other.post('/api/v1/areas', { name: 'Theirs', kind: 'city' })).data.id;
      const before = await counts(officer);
      const status = async () => (await anonymous().get(`/api/v1/initiatives/${tackley.id}`)).data;

      // Decisions: the body is parsed strictly, every problem names its field, and it is all or none.
      const decide = (body) => officer.request('POST', '/api/v1/contributions/decisions',
        { body, headers: { 'content-type': 'application/json' } });
      for (const [body, code, field] of [
        ['{"ids": ', 400, undefined], ['[1]', 400, undefined], ['"ids"', 400, undefined],
        [JSON.stringify({ ids: mine, action: 'confirm' }), 422, 'ids'],
        [JSON.stringify({ ids: [1, 2], action: 'confirm' }), 422, 'ids'],
        [JSON.stringify({ ids: [mine], action: 'approve' }), 422, 'action'],
        [JSON.stringify({ ids: [mine], action: 5 }), 422, 'action'],
        [JSON.stringify({ ids: [mine], action: 'dispute' }), 422, 'reason'],
        [JSON.stringify({ ids: [], action: 'confirm' }), 422, 'ids'],
        [JSON.stringify({ ids: Array(201).fill(mine), action: 'confirm' }), 422, 'ids'],
        [JSON.stringify({ ids: [mine, 'aaaaaaaaaaaaaaaaaaaa'], action: 'confirm' }), 422, 'ids'],
        [JSON.stringify({ ids: [mine], action: 'confirm', surprise: true }), 422, 'surprise'],
      ]) {
        const res = await decide(body);
        assert.ok(res.status === code || (code === 422 && res.status === 404), `${body.slice(0, 60)}: ${res.status} ${res.text}`);
        if (field) assert.equal(res.data.error.field ?? res.data.error.details?.[0]?.field, field, body.slice(0, 60));
      }
      // Another organisation's officer cannot decide this one's entries.
      const foreign = await other.post('/api/v1/contributions/decisions', { ids: [mine], action: 'confirm' });
      assert.ok([404, 422].includes(foreign.status), `${foreign.status}`);
      assert.ok(!(await status()).contributions.some((c) => c.id === mine && c.status !== 'claimed'), 'not decided');

      // Areas, services and groups: malformed, wrong types, unknown fields, self-nesting, other ids.
      for (const [kind, id, field] of [['areas', area, 'name'], ['services', service, 'name'], ['groups', group, 'name']]) {
        const patch = (body) => officer.request('PATCH', `/api/v1/${kind}/${id}`, { body, headers: { 'content-type': 'application/json' } });
        assert.equal((await patch('{"name": ')).status, 400, `${kind} malformed`);
        assert.equal((await patch('[1]')).status, 400, `${kind} array`);
        const wrong = await patch(JSON.stringify({ [field]: { nested: 1 } }));
        assert.equal(wrong.status, 422, `${kind} wrong type`);
        assert.equal(wrong.data.error.field, field);
        const empty = await patch(JSON.stringify({ [field]: '' }));
        assert.equal(empty.status, 422, `${kind} empty name`);
        assert.equal(empty.data.error.field, field);
        const surprise = await patch(JSON.stringify({ surprise: 1 }));
        assert.equal(surprise.status, 422, `${kind} unknown field`);
        assert.equal(surprise.data.error.field, 'surprise');
        assert.equal((await patch(JSON.stringify({ [field]: 'x'.repeat(2 * 1024 * 1024) }))).status, 413, `${kind} oversize`);
        for (const bad of ['aaaaaaaaaaaaaaaaaaaa', '../etc', "1' OR '1'='1", kind === 'areas' ? theirArea : 'zzzzzzzzzzzzzzzzzzzz']) {
          const enc = encodeURIComponent(bad);
          assert.equal((await officer.patch(`/api/v1/${kind}/${enc}`, { [field]: 'x' })).status, 404, `${kind} PATCH ${bad}`);
          assert.equal((await officer.post(`/api/v1/${kind}/${enc}/archive`)).status, 404, `${kind} archive ${bad}`);
          assert.equal((await officer.post(`/api/v1/${kind}/${enc}/restore`)).status, 404, `${kind} restore ${bad}`);
        }
      }
      const selfParent = await officer.patch(`/api/v1/areas/${area}`, { parent_id: area });
      assert.equal(selfParent.status, 422);
      assert.equal(selfParent.data.error.field, 'parent_id');
      const foreignParent = await officer.patch(`/api/v1/areas/${area}`, { parent_id: theirArea });
      assert.equal(foreignParent.status, 422);
      assert.equal(foreignParent.data.error.field, 'parent_id');
      const badSector = await officer.patch(`/api/v1/services/${service}`, { sector: 'imaginary' });
      assert.equal(badSector.status, 422);
      assert.equal(badSector.data.error.field, 'sector');
      // Residents may not change them at all.
      const resident = await as('resident');
      assert.equal((await resident.patch(`/api/v1/areas/${area}`, { name: 'Mine now' })).status, 403);
      assert.equal((await resident.post(`/api/v1/groups/${group}/archive`)).status, 403);

      assert.deepEqual(await counts(officer), before, 'nothing was written by any rejected request');
    });

    it('rejects bad input on the access routes too, writing nothing', async () => {
      const officer = await as('officer');
      const before = (await officer.get('/api/v1/tokens')).data;
      const send = (method, url, body, client = officer) =>
        client.request(method, url, { body, headers: { 'content-type': 'application/json' } });
      for (const [method, url, valid, field, client] of [
        ['POST', '/api/v1/tokens', { name: 'CI token' }, 'name', officer],
        ['POST', '/api/v1/invitations', { email: 'newcomer@example.org', role: 'community_member' }, 'role', officer],
        ['POST', '/api/v1/session', { email: 'resident@demo.coproduce.test', password: 'x' }, 'email', anonymous()],
      ]) {
        assert.equal((await send(method, url, '{"name": ', client)).status, 400, `${url} malformed`);
        assert.equal((await send(method, url, '"just a string"', client)).status, 400, `${url} not an object`);
        const wrongType = await send(method, url, JSON.stringify({ ...valid, [field]: [1] }), client);
        assert.equal(wrongType.status, 422, `${url} wrong type`);
        assert.equal(wrongType.data.error.field, field, `${url} wrong type names the field`);
        const missing = await send(method, url, '{}', client);
        assert.equal(missing.status, 422, `${url} missing`);
        assert.ok(missing.data.error.field, `${url} missing names the field`);
        assert.equal((await send(method, url, JSON.stringify({ ...valid, [field]: 'x'.repeat(2 << 20) }), client)).status, 413, `${url} oversize`);
      }
      const theirMembers = (await other.get('/api/v1/members')).data.members;
      assert.ok(theirMembers.length > 0, 'the other organisation has members');
      const theirs = await send('PATCH', `/api/v1/members/${theirMembers[0].account_id}`, JSON.stringify({ role: 'resident' }));
      assert.equal(theirs.status, 404, theirs.text);
      assert.deepEqual((await other.get('/api/v1/members')).data.members, theirMembers, 'their member is unchanged');
      const unknownToken = await officer.delete('/api/v1/tokens/aaaaaaaaaaaaaaaaaaaa');
      assert.equal(unknownToken.status, 404, unknownToken.text);
      assert.deepEqual((await officer.get('/api/v1/tokens')).data, before, 'no token was created');
    });

    it('keeps another organisation out of this one\'s records', async () => {
      const mine = await initiatives(other);
      assert.ok(mine.every((i) => i.name === 'Other council initiative'));
      const tackley = await byName('Tackley village shop');
      assert.equal((await other.get(`/api/v1/initiatives/${tackley.id}`)).status, 404);
    });

    it('records every change in the audit trail with before and after', async () => {
      const officer = await as('officer');
      const created = await officer.post('/api/v1/groups', { name: 'Audit check group', description: 'd' });
      assert.equal(created.status, 201);
      const audit = await officer.get('/api/v1/audit?limit=5');
      const event = audit.data.events.find((e) => e.entity_id === created.data.id);
      assert.ok(event, 'audit event written');
      assert.equal(event.action, 'create');
      assert.equal(event.after.name, 'Audit check group');
      assert.equal((await (await as('resident')).get('/api/v1/audit')).status, 403);
    });

    it('exports initiatives and contributions as CSV without personal data', async () => {
      const res = await anonymous().get('/api/v1/export/initiatives.csv');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /text\/csv/);
      const lines = res.text.trim().split('\r\n');
      assert.ok(lines.length >= 7);
      assert.match(lines[0], /^id,name,area/);
      const contributions = await anonymous().get('/api/v1/export/contributions.csv');
      assert.equal(contributions.status, 200);
      assert.doesNotMatch(contributions.text, /@demo\.coproduce\.test/);
    });

    it('serves its OpenAPI description', async () => {
      const res = await anonymous().get('/api/v1/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.data.openapi.slice(0, 2), '3.');
      assert.ok(res.data.paths['/api/v1/initiatives'].get);
    });

    it('speaks Welsh when asked, and remembers the choice', async () => {
      const cy = await anonymous().get('/map', { headers: { 'accept-language': 'cy-GB,cy;q=0.9,en;q=0.5' } });
      assert.equal(cy.status, 200);
      assert.match(cy.text, /<html lang="cy"/);
      const client = anonymous();
      const sw = await client.get('/language?lang=cy&return=/map');
      assert.equal(sw.status, 303);
      const page = await client.get('/map');
      assert.match(page.text, /<html lang="cy"/);
      const json = await anonymous().get('/api/v1/initiatives?lang=cy');
      assert.ok(json.data.initiatives[0].typology.cell_name.length > 0);
    });

    it('shuts down gracefully on SIGTERM', async () => {
      const code = await server.stop();
      assert.equal(code, 0);
      assert.doesNotMatch(server.logs(), /@demo\.coproduce\.test.*password|csrf_token=/);
      server = null;
    });
  });
}
