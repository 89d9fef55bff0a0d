// Proposals over HTTP on SQLite and PostgreSQL: proposing, screening,
// valuing and answering a valuation through the API, each refusing bad input
// (malformed, wrong type, unknown field, a missing reason, the wrong phase,
// someone else's proposal, a resident doing an officer's or a professional's
// work) with a 4xx naming the problem, and writing nothing; supporting
// proposals and the shortlisting threshold likewise.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, Client, demoEmail, runCli, sql } from './harness.mjs';

for (const backend of backends) {
  describe(`proposals over HTTP on ${backend.name}`, () => {
    let db, server, base;
    before(async () => {
      db = backend.start();
      server = await startServer(db.url);
      base = server.base;
    });
    after(async () => { if (server) await server.stop(); db?.stop(); });

    const as = async (role) => { const c = new Client(base); await c.login(demoEmail(role)); return c; };
    // Every column a refused request could have changed, as one text.
    const state = () => JSON.stringify(sql(db.url, 'SELECT id, title, status, screening_reason, cost_minor, valuation_reason, reply '
      + 'FROM pb_proposals ORDER BY id'));
    const fieldOf = (res) => res.data?.error?.field;
    const fields = (res) => (res.data?.error?.details ?? []).map((p) => p.field).sort();

    it('refuses bad proposals, screening, valuations and answers, naming the problem, and writes nothing', async () => {
      const officer = await as('officer');
      const resident = await as('resident');
      const member = await as('community');
      const professional = await as('professional');
      const created = await officer.post('/api/v1/pb/processes', { name: 'Play areas', budget: '5000' });
      assert.equal(created.status, 201, created.text);
      const id = created.data.id;
      const proposals = `/api/v1/pb/processes/${id}/proposals`;
      const phase = async (to) => assert.equal((await officer.post(`/api/v1/pb/processes/${id}/phase`, { phase: to })).status, 200);

      // Proposing: only while the process takes proposals; every field checked.
      const early = await resident.post(proposals, { title: 'Swings', description: 'New swings' });
      assert.equal(early.status, 409, early.text);
      await phase('proposing');
      let before = state();
      const malformed = await resident.request('POST', proposals, { body: '{"title": ', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      const empty = await resident.post(proposals, {});
      assert.equal(empty.status, 422, empty.text);
      assert.ok(fields(empty).includes('title'), empty.text);
      const wrongType = await resident.post(proposals, { title: ['Swings'], description: 'New swings' });
      assert.equal(wrongType.status, 422);
      assert.equal(fieldOf(wrongType), 'title');
      const unknown = await resident.post(proposals, { title: 'Swings', description: 'New swings', colour: 'red' });
      assert.equal(unknown.status, 422);
      assert.equal(fieldOf(unknown), 'colour');
      const cost = await resident.post(proposals, { title: 'Swings', description: 'New swings', rough_cost: 'lots' });
      assert.equal(cost.status, 422);
      assert.equal(fieldOf(cost), 'rough_cost');
      const long = await resident.post(proposals, { title: 'S'.repeat(5000), description: 'New swings' });
      assert.equal(long.status, 422);
      assert.equal(fieldOf(long), 'title');
      assert.equal(state(), before, 'nothing written');

      const made = await resident.post(proposals, { title: 'Swings', description: 'New swings for the park', rough_cost: '900' });
      assert.equal(made.status, 201, made.text);
      const pid = made.data.id;
      const other = await resident.post(proposals, { title: 'Slide', description: 'A slide', rough_cost: '400' });
      assert.equal(other.status, 201, other.text);
      before = state();
      const notYours = await member.patch(`${proposals}/${pid}`, { title: 'Mine now', description: 'x' });
      assert.ok(notYours.status >= 400 && notYours.status < 500, notYours.text);
      assert.equal(state(), before, 'someone else\'s proposal is not changed');

      // Screening: officers only, during screening, a reason unless eligible.
      const tooSoon = await officer.post(`${proposals}/${pid}/screening`, { decision: 'eligible' });
      assert.equal(tooSoon.status, 409, tooSoon.text);
      await phase('screening');
      before = state();
      const late = await resident.patch(`${proposals}/${pid}`, { title: 'Better swings', description: 'x' });
      assert.equal(late.status, 409, 'no changes once screening has started');
      assert.equal((await resident.post(`${proposals}/${pid}/screening`, { decision: 'eligible' })).status, 403);
      const maybe = await officer.post(`${proposals}/${pid}/screening`, { decision: 'maybe' });
      assert.equal(maybe.status, 422);
      assert.equal(fieldOf(maybe), 'decision');
      const noReason = await officer.post(`${proposals}/${pid}/screening`, { decision: 'ineligible', reason: ' ' });
      assert.equal(noReason.status, 422);
      assert.equal(fieldOf(noReason), 'reason');
      const nowhere = await officer.post(`${proposals}/${pid}/screening`, { decision: 'merged', reason: 'Same', merged_into: 'nope' });
      assert.equal(nowhere.status, 422);
      assert.equal(fieldOf(nowhere), 'merged_into');
      const stray = await officer.post(`${proposals}/${pid}/screening`, { decision: 'eligible', verdict: 'yes' });
      assert.equal(stray.status, 422);
      assert.equal(fieldOf(stray), 'verdict');
      const missing = await officer.post(`${proposals}/nothing-here/screening`, { decision: 'eligible' });
      assert.equal(missing.status, 404);
      assert.equal(state(), before, 'nothing written');
      assert.equal((await officer.post(`${proposals}/${pid}/screening`, { decision: 'eligible' })).status, 200);
      assert.equal((await officer.post(`${proposals}/${other.data.id}/screening`, { decision: 'eligible' })).status, 200);

      // Valuing: professionals and officers, during valuating; feasible with a cost, or not with a reason.
      const early2 = await professional.post(`${proposals}/${pid}/valuation`, { feasible: true, cost: '1000' });
      assert.equal(early2.status, 409, early2.text);
      await phase('valuating');
      before = state();
      assert.equal((await resident.post(`${proposals}/${pid}/valuation`, { feasible: true, cost: '1000' })).status, 403);
      const yes = await professional.post(`${proposals}/${pid}/valuation`, { feasible: 'yes', cost: '1000' });
      assert.equal(yes.status, 422);
      assert.equal(fieldOf(yes), 'feasible');
      const noCost = await professional.post(`${proposals}/${pid}/valuation`, { feasible: true });
      assert.equal(noCost.status, 422);
      assert.equal(fieldOf(noCost), 'cost');
      const badCost = await professional.post(`${proposals}/${pid}/valuation`, { feasible: true, cost: '-5' });
      assert.equal(badCost.status, 422);
      assert.equal(fieldOf(badCost), 'cost');
      const why = await professional.post(`${proposals}/${pid}/valuation`, { feasible: false });
      assert.equal(why.status, 422);
      assert.equal(fieldOf(why), 'reason');
      assert.equal(state(), before, 'nothing written');
      const valued = await professional.post(`${proposals}/${pid}/valuation`, { feasible: false, reason: 'The ground is a flood plain' });
      assert.equal(valued.status, 200, valued.text);
      assert.equal(valued.data.status, 'infeasible');

      // Answering: the proposer alone, in words of a sane length.
      before = state();
      const stranger = await member.post(`${proposals}/${pid}/reply`, { reply: 'Not mine' });
      assert.ok(stranger.status >= 400 && stranger.status < 500, stranger.text);
      const tooLong = await resident.post(`${proposals}/${pid}/reply`, { reply: 'x'.repeat(4001) });
      assert.equal(tooLong.status, 422);
      assert.equal(fieldOf(tooLong), 'reply');
      const blank = await resident.post(`${proposals}/${pid}/reply`, { reply: '  ' });
      assert.equal(blank.status, 422);
      assert.equal(fieldOf(blank), 'reply');
      assert.equal(state(), before, 'nothing written');
      const answered = await resident.post(`${proposals}/${pid}/reply`, { reply: 'The far corner of the park is dry.' });
      assert.equal(answered.status, 200, answered.text);
      assert.equal(answered.data.reply, 'The far corner of the park is dry.');
    });

    it('refuses bad supports and thresholds, naming the problem, and writes nothing', async () => {
      const officer = await as('officer');
      const resident = await as('resident');
      const member = await as('community');
      const anonymous = new Client(base);
      // Another organisation, with a process of its own.
      runCli(['org', 'create', '--db', db.url, '--slug', 'elsewhere', '--name', 'Elsewhere Council',
        '--officer-email', 'officer@elsewhere.test'], { env: { COPRODUCE_PASSWORD: 'elsewhere-password-1234' } });
      const stranger = new Client(base);
      await stranger.login('officer@elsewhere.test', 'elsewhere-password-1234', 'elsewhere');
      const theirs = await stranger.post('/api/v1/pb/processes', { name: 'Their fund', budget: '100' });
      assert.equal(theirs.status, 201, theirs.text);

      const created = await officer.post('/api/v1/pb/processes', { name: 'Benches', budget: '3000' });
      assert.equal(created.status, 201, created.text);
      const id = created.data.id;
      const proposals = `/api/v1/pb/processes/${id}/proposals`;
      const shortlisting = `/api/v1/pb/processes/${id}/shortlisting`;
      const phase = async (to) => assert.equal((await officer.post(`/api/v1/pb/processes/${id}/phase`, { phase: to })).status, 200);
      const threshold = (client, body) => client.request('PUT', shortlisting, { json: body });
      await phase('proposing');
      const bench = (await resident.post(proposals, { title: 'A bench by the pond', description: 'To sit' })).data.id;
      const tower = (await resident.post(proposals, { title: 'A tower', description: 'To look out' })).data.id;
      await phase('screening');
      assert.equal((await officer.post(`${proposals}/${bench}/screening`, { decision: 'eligible' })).status, 200);
      assert.equal((await officer.post(`${proposals}/${tower}/screening`, { decision: 'ineligible', reason: 'Too tall' })).status, 200);
      // Every row a refused request could have written, and its audit events, as one text.
      const written = () => JSON.stringify(sql(db.url, 'SELECT (SELECT COUNT(*) FROM pb_supports), '
        + '(SELECT COUNT(*) FROM pb_shortlisting), (SELECT COALESCE(MAX(threshold), 0) FROM pb_shortlisting), '
        + '(SELECT COUNT(*) FROM pb_shortlist), (SELECT COUNT(*) FROM audit_events WHERE action IN '
        + "('support', 'withdraw_support', 'set_threshold', 'shortlist', 'close_shortlist'))"));

      // Before shortlisting: no supports; the threshold checked field by field.
      let before = written();
      const early = await resident.post(`${proposals}/${bench}/support`);
      assert.equal(early.status, 409, early.text);
      assert.equal(fieldOf(early), 'phase');
      for (const bad of [{}, { threshold: 0 }, { threshold: -3 }, { threshold: 2.5 }, { threshold: 'ten' }, { threshold: '' },
        { threshold: 1000001 }]) {
        const res = await threshold(officer, bad);
        assert.equal(res.status, 422, `${JSON.stringify(bad)}: ${res.text}`);
        assert.equal(fieldOf(res), 'threshold', JSON.stringify(bad));
      }
      const listed = await threshold(officer, { threshold: [2] });
      assert.equal(listed.status, 422);
      assert.equal(fieldOf(listed), 'threshold');
      const stray = await threshold(officer, { threshold: 2, minimum: 1 });
      assert.equal(stray.status, 422);
      assert.equal(fieldOf(stray), 'minimum');
      const malformed = await officer.request('PUT', shortlisting, { body: '{"threshold": ', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      assert.equal((await threshold(resident, { threshold: 2 })).status, 403);
      assert.equal((await threshold(anonymous, { threshold: 2 })).status, 401);
      assert.equal((await threshold(stranger, { threshold: 2 })).status, 404, 'another organisation\'s process');
      assert.equal(written(), before, 'nothing written');
      const set = await threshold(officer, { threshold: '1' });
      assert.equal(set.status, 200, set.text);
      assert.equal(set.data.threshold, 1);

      // During shortlisting: eligible proposals of this organisation only, by members.
      await phase('shortlisting');
      before = written();
      const ineligible = await resident.post(`${proposals}/${tower}/support`);
      assert.equal(ineligible.status, 409, ineligible.text);
      assert.equal(fieldOf(ineligible), 'proposal');
      assert.equal((await resident.delete(`${proposals}/${tower}/support`)).status, 409);
      assert.equal((await resident.post(`${proposals}/nothing-here/support`)).status, 404);
      assert.equal((await anonymous.post(`${proposals}/${bench}/support`)).status, 401);
      assert.equal((await anonymous.delete(`${proposals}/${bench}/support`)).status, 401);
      assert.equal((await stranger.post(`${proposals}/${bench}/support`)).status, 404, 'another organisation\'s proposal');
      assert.equal((await resident.post(`/api/v1/pb/processes/${theirs.data.id}/proposals/${bench}/support`)).status, 404);
      assert.equal((await resident.delete(`${proposals}/${bench}/support`)).data.changed, false, 'nothing to withdraw');
      assert.equal(written(), before, 'nothing written');

      const first = await member.post(`${proposals}/${bench}/support`);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.data, { proposal: bench, supports: 1, supported: true, changed: true });
      const again = await member.post(`${proposals}/${bench}/support`);
      assert.deepEqual(again.data, { proposal: bench, supports: 1, supported: true, changed: false });
      assert.equal((await resident.post(`${proposals}/${bench}/support`)).data.supports, 2);
      const withdrawn = await resident.delete(`${proposals}/${bench}/support`);
      assert.deepEqual(withdrawn.data, { proposal: bench, supports: 1, supported: false, changed: true });

      // After shortlisting: the shortlist is closed and stays as it was.
      await phase('valuating');
      before = written();
      const late = await resident.post(`${proposals}/${bench}/support`);
      assert.equal(late.status, 409);
      assert.equal(fieldOf(late), 'phase');
      assert.equal((await member.delete(`${proposals}/${bench}/support`)).status, 409);
      const lateThreshold = await threshold(officer, { threshold: 5 });
      assert.equal(lateThreshold.status, 409, lateThreshold.text);
      assert.equal(fieldOf(lateThreshold), 'threshold');
      assert.equal(written(), before, 'nothing written');
      const shortlist = await anonymous.get(shortlisting);
      assert.equal(shortlist.status, 200);
      assert.equal(shortlist.data.closed, true);
      assert.deepEqual(shortlist.data.proposals.map((p) => [p.title, p.supports, p.shortlisted]), [['A bench by the pond', 1, true]]);
    });
  });
}
