// Voting over HTTP on SQLite and PostgreSQL: an officer runs a process through
// the API; every kind of bad input (malformed, wrong type, unknown field,
// over the ballot's limits, an unknown project, outside the voting phase, a
// reused code, a malformed census row, another organisation's process, a
// resident doing an officer's work) is refused with a 4xx naming the problem,
// and nothing is written; and many parallel attempts to vote twice leave one
// ballot per voter.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, Client, demoEmail, sql } from './harness.mjs';

for (const backend of backends) {
  describe(`voting over HTTP on ${backend.name}`, () => {
    let db, server, base;
    before(async () => {
      db = backend.start();
      server = await startServer(db.url);
      base = server.base;
    });
    after(async () => { if (server) await server.stop(); db?.stop(); });

    const as = async (role) => { const c = new Client(base); await c.login(demoEmail(role)); return c; };
    const count = (table, where = '') => Number(sql(db.url, `SELECT COUNT(*) FROM ${table} ${where}`)[0][0]);
    const ballotsOf = (process, channel) =>
      count('pb_ballots', `WHERE process_id = '${process}'${channel ? ` AND channel = '${channel}'` : ''}`);
    const fields = (res) => (res.data?.error?.details ?? []).map((p) => p.field).sort();

    let officer, id;
    it('refuses a bad process, naming each field, and writes nothing', async () => {
      officer = await as('officer');
      const before = count('pb_processes');
      const malformed = await officer.request('POST', '/api/v1/pb/processes', {
        body: '{"name": ', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400, malformed.text);
      const empty = await officer.post('/api/v1/pb/processes', {});
      assert.equal(empty.status, 422);
      assert.deepEqual(fields(empty), ['budget', 'name']);
      const wrong = await officer.post('/api/v1/pb/processes', { name: 'X', budget: [100], colour: 'red' });
      assert.equal(wrong.status, 422);
      assert.deepEqual(fields(wrong), ['budget', 'colour']);
      const limits = await officer.post('/api/v1/pb/processes', { name: 'X', budget: '100', ballot_min: 3, ballot_max: 2,
        rule: 'coin toss', cost_limit: '101', voting_closes_on: '2027-02-30' });
      assert.deepEqual(fields(limits), ['ballot_max', 'cost_limit', 'rule', 'voting_closes_on']);
      const resident = await as('resident');
      assert.equal((await resident.post('/api/v1/pb/processes', { name: 'Mine', budget: '100' })).status, 403);
      assert.equal(count('pb_processes'), before);

      const created = await officer.post('/api/v1/pb/processes', { name: 'Bus shelters', budget: '900', ballot_max: 2 });
      assert.equal(created.status, 201, created.text);
      id = created.data.id;
      assert.equal(created.data.phase, 'informing');
      for (const [name, cost] of [['North shelter', '400'], ['South shelter', '300'], ['East shelter', '500']])
        assert.equal((await officer.post(`/api/v1/pb/processes/${id}/projects`, { name, cost })).status, 201);
      const tooDear = await officer.post(`/api/v1/pb/processes/${id}/projects`, { name: 'Gold shelter', cost: '900.01' });
      assert.deepEqual(fields(tooDear), ['cost']);
    });

    it('refuses a malformed census naming its line, and keeps nothing of it', async () => {
      const put = (text) => officer.request('PUT', `/api/v1/pb/processes/${id}/census`, { body: text, headers: { 'content-type': 'text/csv' } });
      for (const [text, line] of [['identifier\nA1\nA1\n', 'line 3'], ['identifier,age_band\nA1,old\n', 'line 2'],
        ['who\nA1\n', 'line 1'], ['identifier\n"A1\n', 'line 2']]) {
        const res = await put(text);
        assert.equal(res.status, 422, text);
        assert.equal(res.data.error.field, 'census');
        assert.match(res.data.error.message, new RegExp(line));
      }
      assert.equal(count('pb_census'), 0);
    });

    let code;
    it('refuses ballots outside voting, over the limits, for unknown projects, and reused codes; nothing is written', async () => {
      const resident = await as('resident');
      const ballot = (choices, client = resident) => client.request('PUT', `/api/v1/pb/processes/${id}/ballot`, { json: { choices } });
      assert.equal((await ballot(['1'])).status, 409);  // not voting yet
      for (const phase of ['ballot_published', 'voting'])
        assert.equal((await officer.post(`/api/v1/pb/processes/${id}/phase`, { phase })).status, 200);
      const back = await officer.post(`/api/v1/pb/processes/${id}/phase`, { phase: 'proposing', reason: 'Oops' });
      assert.equal(back.status, 409);
      assert.equal(back.data.error.field, 'phase');
      code = (await officer.post(`/api/v1/pb/processes/${id}/codes`, { count: 1 })).data.codes[0];
      assert.deepEqual(fields(await ballot(['1', '2', '3'])), ['choices']);  // at most 2
      assert.deepEqual(fields(await ballot(['9'])), ['choices']);
      assert.deepEqual(fields(await ballot('1')), ['choices']);
      assert.deepEqual(fields(await ballot([1])), ['choices']);
      const malformed = await resident.request('PUT', `/api/v1/pb/processes/${id}/ballot`, { body: '[', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      const extra = await resident.request('PUT', `/api/v1/pb/processes/${id}/ballot`, { json: { choices: ['1'], name: 'me' } });
      assert.deepEqual(fields(extra), ['name']);
      assert.equal((await resident.request('PUT', '/api/v1/pb/processes/aaaaaaaaaaaaaaaaaaaa/ballot', { json: { choices: ['1'] } })).status, 404);
      const anonymous = new Client(base);
      assert.equal((await anonymous.request('PUT', `/api/v1/pb/processes/${id}/ballot`, { json: { choices: ['1'] } })).status, 401);
      const unknownCode = await anonymous.post(`/api/v1/pb/processes/${id}/code-ballots`, { code: '2222-3333-4444', choices: ['1'] });
      assert.deepEqual(fields(unknownCode), ['code']);
      assert.equal(ballotsOf(id), 0);
      assert.equal((await anonymous.post(`/api/v1/pb/processes/${id}/code-ballots`, { code, choices: ['2'] })).status, 201);
      const reused = await anonymous.post(`/api/v1/pb/processes/${id}/code-ballots`, { code, choices: ['3'] });
      assert.equal(reused.status, 409);
      assert.equal(reused.data.error.field, 'code');
      assert.equal(ballotsOf(id), 1);
      // The census cannot change once the ballot is published.
      const late = await officer.request('PUT', `/api/v1/pb/processes/${id}/census`, { body: 'identifier\nA1\n', headers: { 'content-type': 'text/csv' } });
      assert.equal(late.status, 409);
    });

    it('keeps one ballot per voter under many parallel attempts, online and with one code', async () => {
      const resident = await as('community');
      const [fresh] = (await officer.post(`/api/v1/pb/processes/${id}/codes`, { count: 1 })).data.codes;
      const online = Array.from({ length: 20 }, (_, i) =>
        resident.request('PUT', `/api/v1/pb/processes/${id}/ballot`, { json: { choices: [String(1 + (i % 3))] } }));
      const byCode = Array.from({ length: 20 }, (_, i) =>
        new Client(base).post(`/api/v1/pb/processes/${id}/code-ballots`, { code: fresh, choices: [String(1 + (i % 3))] }));
      const answers = await Promise.all([...online, ...byCode]);
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.slice(0, 20).filter((s) => s === 200).length, 20, statuses.join(','));
      assert.equal(statuses.slice(20).filter((s) => s === 201).length, 1, statuses.join(','));
      assert.equal(statuses.slice(20).filter((s) => s === 409).length, 19, statuses.join(','));
      assert.equal(ballotsOf(id, 'online'), 1);
      assert.equal(ballotsOf(id, 'code'), 2);  // this code's and the earlier one
    });
  });
}
