// Overrides and delivery over HTTP on SQLite and PostgreSQL: a councillor's
// override of the count and the delivery of the winners (milestones, reaching
// them, following a project) each refuse bad input (malformed JSON, a wrong
// type, an unknown field, an unknown project, a missing reason or title, the
// wrong phase, another organisation's process, a resident doing a
// councillor's or an officer's work) with a 4xx naming the problem, and write
// nothing. The census's larger body limit is checked here too: the API takes
// 200,000 people, and an oversize body gets a 413 that writes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, Client, demoEmail, runCli, sql } from './harness.mjs';

for (const backend of backends) {
  describe(`overrides and delivery over HTTP on ${backend.name}`, () => {
    let db, server, base;
    before(async () => {
      db = backend.start();
      server = await startServer(db.url);
      base = server.base;
    });
    after(async () => { if (server) await server.stop(); db?.stop(); });

    const as = async (role) => { const c = new Client(base); await c.login(demoEmail(role)); return c; };
    const fieldOf = (res) => res.data?.error?.field;
    const fields = (res) => (res.data?.error?.details ?? []).map((p) => p.field).sort();
    // Every row a refused override or delivery request could have written, and its audit events, as one text.
    const written = () => JSON.stringify(sql(db.url, 'SELECT (SELECT COUNT(*) FROM pb_overrides), '
      + "(SELECT COALESCE(MAX(reason), '') FROM pb_overrides), (SELECT COUNT(*) FROM pb_milestones), "
      + '(SELECT COUNT(*) FROM pb_milestones WHERE done_on IS NOT NULL), (SELECT COUNT(*) FROM pb_followers), '
      + "(SELECT COUNT(*) FROM audit_events WHERE action IN ('override', 'add_milestone', 'reach_milestone', "
      + "'follow', 'unfollow')), (SELECT COUNT(*) FROM pb_processes WHERE phase IN ('results_published', 'delivering'))"));

    let officer, councillor, resident, professional, anonymous, stranger, id, theirs, codes;
    const api = (rest = '') => `/api/v1/pb/processes/${id}${rest}`;
    const phase = async (to) => {
      const res = await officer.post(api('/phase'), { phase: to });
      assert.equal(res.status, 200, `${to}: ${res.text}`);
    };
    const override = (client, body, process = id) => client.post(`/api/v1/pb/processes/${process}/overrides`, body);

    it('runs a process to its count', async () => {
      officer = await as('officer');
      councillor = await as('councillor');
      resident = await as('resident');
      professional = await as('professional');
      anonymous = new Client(base);
      // Another organisation, with a process of its own.
      runCli(['org', 'create', '--db', db.url, '--slug', 'elsewhere', '--name', 'Elsewhere Council',
        '--officer-email', 'officer@elsewhere.test'], { env: { COPRODUCE_PASSWORD: 'elsewhere-password-1234' } });
      stranger = new Client(base);
      await stranger.login('officer@elsewhere.test', 'elsewhere-password-1234', 'elsewhere');
      const other = await stranger.post('/api/v1/pb/processes', { name: 'Their fund', budget: '100' });
      assert.equal(other.status, 201, other.text);
      theirs = other.data.id;

      const created = await officer.post('/api/v1/pb/processes', { name: 'Play parks', budget: '1000', ballot_max: 2 });
      assert.equal(created.status, 201, created.text);
      id = created.data.id;
      codes = {};
      for (const [name, cost] of [['Swings', '400'], ['Slide', '300'], ['Sandpit', '500']]) {
        const res = await officer.post(api('/projects'), { name, cost });
        assert.equal(res.status, 201, res.text);
      }
      const detail = await officer.get(api());
      for (const p of detail.data.projects) codes[p.name] = p.code;
      assert.deepEqual(Object.keys(codes).sort(), ['Sandpit', 'Slide', 'Swings']);
      await phase('ballot_published');
      await phase('voting');
      const member = await as('community');
      const ballot = (client, names) => client.request('PUT', api('/ballot'), { json: { choices: names.map((n) => codes[n]) } });
      for (const [client, names] of [[resident, ['Swings', 'Slide']], [member, ['Swings']]]) {
        const res = await ballot(client, names);
        assert.ok(res.status === 200 || res.status === 201, res.text);
      }
      // An override while voting: the wrong phase.
      const before = written();
      const early = await override(councillor, { code: codes.Sandpit, chosen: true, reason: 'Flood risk' });
      assert.equal(early.status, 409, early.text);
      assert.equal(fieldOf(early), 'phase');
      assert.equal(written(), before, 'nothing written');
      await phase('reconciling');
      await phase('counting');
    });

    it('refuses bad overrides, naming the problem, and writes nothing', async () => {
      const before = written();
      const malformed = await councillor.request('POST', api('/overrides'), { body: '{"code": ', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400, malformed.text);
      const notObject = await councillor.request('POST', api('/overrides'), { body: '["1"]', headers: { 'content-type': 'application/json' } });
      assert.equal(notObject.status, 400, notObject.text);
      const chosenWord = await override(councillor, { code: codes.Sandpit, chosen: 'yes', reason: 'Flood risk' });
      assert.equal(chosenWord.status, 422, chosenWord.text);
      assert.equal(fieldOf(chosenWord), 'chosen');
      const codeList = await override(councillor, { code: [codes.Sandpit], chosen: true, reason: 'Flood risk' });
      assert.equal(codeList.status, 422, codeList.text);
      assert.equal(fieldOf(codeList), 'code');
      const stray = await override(councillor, { code: codes.Sandpit, chosen: true, reason: 'Flood risk', weight: 2 });
      assert.equal(stray.status, 422);
      assert.equal(fieldOf(stray), 'weight');
      const unknown = await override(councillor, { code: 'no-such-project', chosen: true, reason: 'Flood risk' });
      assert.equal(unknown.status, 422, unknown.text);
      assert.deepEqual(fields(unknown), ['code']);
      const noReason = await override(councillor, { code: codes.Sandpit, chosen: true });
      assert.equal(noReason.status, 422, noReason.text);
      assert.deepEqual(fields(noReason), ['reason']);
      const blank = await override(councillor, { code: codes.Sandpit, chosen: false, reason: '   ' });
      assert.equal(blank.status, 422);
      assert.deepEqual(fields(blank), ['reason']);
      const both = await override(councillor, { code: 'nope', chosen: true, reason: '' });
      assert.deepEqual(fields(both), ['code', 'reason'], 'every problem named at once');
      const long = await override(councillor, { code: codes.Sandpit, chosen: true, reason: 'x'.repeat(5000) });
      assert.equal(long.status, 422);
      assert.equal(fieldOf(long), 'reason');
      // Someone else's work, or another organisation's process.
      for (const client of [resident, officer, professional]) {
        const res = await override(client, { code: codes.Sandpit, chosen: true, reason: 'Flood risk' });
        assert.equal(res.status, 403, res.text);
      }
      assert.equal((await override(anonymous, { code: codes.Sandpit, chosen: true, reason: 'Flood risk' })).status, 401);
      const elsewhere = await override(councillor, { code: '1', chosen: true, reason: 'Flood risk' }, theirs);
      assert.equal(elsewhere.status, 404, elsewhere.text);
      assert.equal((await override(stranger, { code: '1', chosen: true, reason: 'x' })).status, 403);
      assert.equal(written(), before, 'nothing written');

      // The count chose Swings and Slide; the councillor drops Slide.
      const done = await override(councillor, { code: codes.Slide, chosen: false, reason: 'The site is to be sold' });
      assert.equal(done.status, 200, done.text);
      assert.notEqual(written(), before, 'the good override is written');
    });

    it('refuses bad milestones, reached marks and follows, naming the problem, and writes nothing', async () => {
      const signed = await councillor.post(api('/sign-off'));
      assert.equal(signed.status, 200, signed.text);
      let before = written();
      // Results published, delivery not begun: no delivered project yet, and no more overrides.
      const tooLate = await override(councillor, { code: codes.Slide, chosen: false, reason: 'Late change of mind' });
      assert.equal(tooLate.status, 409, tooLate.text);
      const milestones = (code) => api(`/projects/${code}/milestones`);
      const early = await officer.post(milestones(codes.Swings), { title: 'Order the swings' });
      assert.equal(early.status, 404, early.text);
      assert.equal(written(), before, 'nothing written');
      await phase('delivering');

      before = written();
      const malformed = await officer.request('POST', milestones(codes.Swings), { body: '{"title"', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      const listed = await officer.post(milestones(codes.Swings), { title: ['Order the swings'] });
      assert.equal(listed.status, 422);
      assert.equal(fieldOf(listed), 'title');
      const stray = await officer.post(milestones(codes.Swings), { title: 'Order the swings', budget: 5 });
      assert.equal(stray.status, 422);
      assert.equal(fieldOf(stray), 'budget');
      const untitled = await officer.post(milestones(codes.Swings), { title: '  ' });
      assert.equal(untitled.status, 422);
      assert.deepEqual(fields(untitled), ['title']);
      const badDate = await officer.post(milestones(codes.Swings), { title: 'Order the swings', due_on: '2027-02-30' });
      assert.equal(badDate.status, 422);
      assert.deepEqual(fields(badDate), ['due_on']);
      const longTitle = await officer.post(milestones(codes.Swings), { title: 'x'.repeat(201) });
      assert.equal(longTitle.status, 422);
      assert.equal(fieldOf(longTitle), 'title');
      assert.equal((await officer.post(milestones('no-such-project'), { title: 'Order' })).status, 404);
      const dropped = await officer.post(milestones(codes.Slide), { title: 'Order the slide' });
      assert.equal(dropped.status, 404, `a project the override dropped is not delivered: ${dropped.text}`);
      assert.equal((await officer.post(milestones(codes.Sandpit), { title: 'Dig' })).status, 404, 'nor one that lost');
      assert.equal((await resident.post(milestones(codes.Swings), { title: 'Order the swings' })).status, 403);
      const notLead = await professional.post(milestones(codes.Swings), { title: 'Order the swings' });
      assert.equal(notLead.status, 403, 'a professional who is not the lead');
      assert.equal((await anonymous.post(milestones(codes.Swings), { title: 'Order the swings' })).status, 401);
      const elsewhere = await officer.post(`/api/v1/pb/processes/${theirs}/projects/1/milestones`, { title: 'Order' });
      assert.equal(elsewhere.status, 404, elsewhere.text);
      assert.equal(written(), before, 'nothing written');

      const added = await officer.post(milestones(codes.Swings), { title: 'Order the swings', due_on: '2027-03-01' });
      assert.equal(added.status, 201, added.text);
      before = written();
      const reached = (client, position, code = codes.Swings) => client.post(api(`/projects/${code}/milestones/${position}/reached`));
      assert.equal((await reached(resident, 1)).status, 403);
      assert.equal((await reached(professional, 1)).status, 403);
      assert.equal((await reached(officer, 2)).status, 404);
      assert.equal((await reached(officer, 'first')).status, 404);
      assert.equal((await reached(officer, 1, codes.Slide)).status, 404, 'Slide is not delivered');
      assert.equal(written(), before, 'nothing written');
      assert.equal((await reached(officer, 1)).status, 200);
      before = written();
      const again = await reached(officer, 1);
      assert.equal(again.status, 409);
      assert.equal(fieldOf(again), 'position');
      assert.equal(written(), before, 'nothing written');

      const following = (client, body, code = codes.Swings) => client.request('PUT', api(`/projects/${code}/following`), { json: body });
      const maybe = await following(resident, { following: 'maybe' });
      assert.equal(maybe.status, 422);
      assert.equal(fieldOf(maybe), 'following');
      const none = await following(resident, {});
      assert.equal(none.status, 422);
      assert.equal(fieldOf(none), 'following');
      const extra = await following(resident, { following: true, email: 'me@example.org' });
      assert.equal(extra.status, 422);
      assert.equal(fieldOf(extra), 'email');
      const broken = await resident.request('PUT', api(`/projects/${codes.Swings}/following`), { body: '{', headers: { 'content-type': 'application/json' } });
      assert.equal(broken.status, 400);
      assert.equal((await following(resident, { following: true }, 'no-such-project')).status, 404);
      assert.equal((await following(anonymous, { following: true })).status, 401);
      const theirsFollow = await resident.request('PUT', `/api/v1/pb/processes/${theirs}/projects/1/following`, { json: { following: true } });
      assert.equal(theirsFollow.status, 404);
      assert.equal(written(), before, 'nothing written');
      assert.equal((await following(resident, { following: true })).status, 200);
      assert.notEqual(written(), before);
    });

    it('takes a census of 200,000 people over the API, and refuses an oversize one with a 413 writing nothing', async () => {
      const created = await officer.post('/api/v1/pb/processes', { name: 'Whole city', budget: '5000' });
      assert.equal(created.status, 201, created.text);
      const census = `/api/v1/pb/processes/${created.data.id}/census`;
      const put = (body) => officer.request('PUT', census, { body, headers: { 'content-type': 'text/csv' } });
      const rows = ['identifier,district,age_band'];
      for (let i = 1; i <= 200000; i++) rows.push(`CITY-${String(i).padStart(7, '0')},Ward ${i % 30},${i % 2 ? '25-34' : '75+'}`);
      const big = rows.join('\n') + '\n';
      assert.ok(big.length > 1 << 20, 'more than the 1 MiB other requests may carry');
      const count = () => Number(sql(db.url, `SELECT COUNT(*) FROM pb_census WHERE process_id = '${created.data.id}'`)[0][0]);
      const loaded = await put(big);
      assert.equal(loaded.status, 200, loaded.text.slice(0, 300));
      assert.equal(loaded.text.trim().split('\n').length, 200001, 'a letter for each person');
      assert.equal(count(), 200000);
      // One row too many is refused naming its line; an oversize body is a 413; neither changes the census.
      const over = await put(big + 'CITY-X,Ward 1,75+\n');
      assert.equal(over.status, 422);
      assert.match(over.data.error.message, /^line \d+: more than 200,000 people$/);
      assert.equal(over.data.error.field, 'census');
      const oversize = await put('identifier\n' + 'A'.repeat(49 << 20));
      assert.equal(oversize.status, 413);
      assert.equal(oversize.data.error.code, 'too_large');
      assert.equal(count(), 200000);
      // Other routes keep the 1 MiB limit.
      const elsewhere = await officer.post(`/api/v1/pb/processes/${created.data.id}/phase`, { phase: 'proposing', reason: 'x'.repeat(2 << 20) });
      assert.equal(elsewhere.status, 413);
      assert.equal(Number(sql(db.url, `SELECT COUNT(*) FROM pb_processes WHERE id = '${created.data.id}' AND phase = 'informing'`)[0][0]), 1);
    });
  });
}
