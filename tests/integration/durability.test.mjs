// Nothing acknowledged is ever lost, on SQLite and on PostgreSQL: the server
// is killed (SIGKILL) in the middle of a concurrent write load, restarted, and
// every contribution it acknowledged is there, each with its audit event and
// nothing half-written; and a graceful stop (SIGTERM) under load finishes the
// requests in flight, refuses new ones cleanly, and loses nothing it answered.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startServer, Client, demoEmail, sql } from './harness.mjs';

const WRITERS = 8;

// Writers that record contributions until stopped; `acked` holds the ids the
// server answered 201 for, `answers` every status seen, `failures` the
// requests that got no answer at all (refused or cut: fine, never acknowledged).
// Every writer signs in before any writes, so that killing the server never
// lands in the middle of a sign-in (which is not part of the load).
async function writeLoad(base, cookieClientFactory, initiative) {
  const clients = [];
  for (let w = 0; w < WRITERS; ++w) clients.push(await cookieClientFactory());
  const acked = [];
  const answers = [];
  let failures = 0;
  let running = true;
  const loops = [];
  for (let w = 0; w < WRITERS; ++w) {
    const client = clients[w];
    loops.push((async () => {
      for (let i = 0; running; ++i) {
        try {
          const res = await client.post(`/api/v1/initiatives/${initiative}/contributions`, {
            contributor_label: `Writer ${w}`, role: 'service_user', phase: 'delivering',
            kind: 'hours', hours: '1', made_on: '2024-05-01' });
          answers.push(res.status);
          if (res.status === 201) acked.push(res.data.id);
        } catch {
          failures += 1;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    })());
  }
  return { acked, answers, failures: () => failures, stop: async () => { running = false; await Promise.all(loops); } };
}

for (const backend of backends) {
  describe(`durability on ${backend.name}`, () => {
    let db;
    before(() => { db = backend.start(); });
    after(() => db?.stop());

    const officerOn = (base) => async () => { const c = new Client(base); await c.login(demoEmail('officer')); return c; };
    const tackleyOn = async (base) =>
      (await new Client(base).get('/api/v1/initiatives')).data.initiatives.find((i) => i.name === 'Tackley village shop').id;

    async function checkEverythingAcknowledgedIsThere(acked) {
      const server = await startServer(db.url);
      try {
        const stored = new Set(sql(db.url, "SELECT id FROM contributions WHERE contributor_label LIKE 'Writer %'").map((r) => r[0]));
        const missing = acked.filter((id) => !stored.has(id));
        assert.deepEqual(missing, [], `${missing.length} acknowledged writes were lost`);
        // Nothing half-written: every entry has its audit event, and every audit event its entry.
        const orphans = sql(db.url,
          "SELECT COUNT(*) FROM contributions c WHERE c.contributor_label LIKE 'Writer %' AND NOT EXISTS " +
          "(SELECT 1 FROM audit_events a WHERE a.organisation_id = c.organisation_id AND a.entity_id = c.id AND a.action = 'record')");
        assert.equal(orphans[0][0], '0');
        const ghosts = sql(db.url,
          "SELECT COUNT(*) FROM audit_events a WHERE a.entity_type = 'contribution' AND a.action = 'record' AND NOT EXISTS " +
          "(SELECT 1 FROM contributions c WHERE c.organisation_id = a.organisation_id AND c.id = a.entity_id)");
        assert.equal(ghosts[0][0], '0');
        const me = await new Client(server.base).get('/healthz');
        assert.equal(me.status, 200);
      } finally {
        await server.stop();
      }
    }

    it('keeps every acknowledged write when killed mid-load', async () => {
      const server = await startServer(db.url);
      const initiative = await tackleyOn(server.base);
      const load = await writeLoad(server.base, officerOn(server.base), initiative);
      while (load.acked.length < 200) await new Promise((r) => setTimeout(r, 20));
      const exited = new Promise((r) => server.child.on('exit', r));
      server.child.kill('SIGKILL');
      await exited;
      await load.stop();
      assert.ok(load.acked.length >= 200);
      assert.ok(!load.answers.some((s) => s >= 500 && s !== 503), `answers: ${[...new Set(load.answers)]}`);
      await checkEverythingAcknowledgedIsThere(load.acked);
    });

    it('finishes in-flight requests on SIGTERM, refuses new ones cleanly, and loses nothing', async () => {
      const server = await startServer(db.url);
      const initiative = await tackleyOn(server.base);
      const load = await writeLoad(server.base, officerOn(server.base), initiative);
      while (load.acked.length < 200) await new Promise((r) => setTimeout(r, 20));
      const code = await server.stop();  // SIGTERM
      await load.stop();
      assert.equal(code, 0, 'a graceful stop exits cleanly');
      // Every request had a whole answer (201, or 503 while stopping) or none at all.
      assert.ok(load.answers.every((s) => s === 201 || s === 503), `answers: ${[...new Set(load.answers)]}`);
      await checkEverythingAcknowledgedIsThere(load.acked);
    });
  });
}
