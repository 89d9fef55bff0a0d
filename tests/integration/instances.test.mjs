// Several instances: two `coproduce serve` processes behind nginx (round
// robin) on one PostgreSQL primary with a synchronous streaming standby.
// Sessions, CSRF tokens, cached reads and login limits hold whichever server
// answers; and when the primary fails and the standby is promoted, the
// servers reconnect and no acknowledged write is lost.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runCli, startServer, Client, demoEmail, sql } from './harness.mjs';

const replicated = path.join(repoRoot, 'scripts/pg-replicated.sh');

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startNginx(dir, upstreams) {
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  upstream app { ${upstreams.map((u) => `server ${u};`).join(' ')} }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream off;
    }
  }
}
`);
  const child = spawn('nginx', ['-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 100; ++i) {
    try { await fetch(`http://127.0.0.1:${port}/healthz`); break; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGQUIT') };
}

describe('two servers behind nginx on a replicated PostgreSQL', () => {
  let work, pgDir, url, servers = [], nginx;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coproduce-instances-'));
    // The servers run as the postgres user when we are root: their folder is their own.
    pgDir = mkdtempSync(path.join(tmpdir(), 'coproduce-replicated-'));
    rmSync(pgDir, { recursive: true, force: true });
    url = execFileSync('bash', [replicated, 'start', pgDir], { encoding: 'utf8' }).trim();
    runCli(['demo', '--db', url]);
    for (let i = 0; i < 2; ++i)
      servers.push(await startServer(url, ['--trusted-proxy', '127.0.0.1', '--org', 'demo'], { demo: false }));
    nginx = await startNginx(work, servers.map((s) => s.base.replace('http://', '')));
  });
  after(async () => {
    nginx?.stop();
    for (const s of servers) await s.stop();
    try { execFileSync('bash', [replicated, 'stop', pgDir]); } catch {}
    rmSync(work, { recursive: true, force: true });
  });

  const served = (server, needle) => server.logs().split('\n').filter((l) => l.includes(needle)).length;

  it('keeps sessions, CSRF tokens, cached reads and login limits consistent whichever server answers', async () => {
    const officer = new Client(nginx.base);
    await officer.login(demoEmail('officer'));
    for (let i = 0; i < 10; ++i) {
      const me = await officer.get('/api/v1/me?n=' + i);
      assert.equal(me.data.signed_in, true, 'the session is known to both servers');
    }
    assert.ok(served(servers[0], '/api/v1/me') > 0 && served(servers[1], '/api/v1/me') > 0, 'both servers answered');

    const porto = (await officer.get('/api/v1/initiatives')).data.initiatives
      .find((i) => i.name.startsWith('Participatory budgeting'));
    for (let i = 0; i < 4; ++i) await new Client(nginx.base).get('/api/v1/initiatives');  // both caches warm
    const recorded = await officer.post(`/api/v1/initiatives/${porto.id}/contributions`, {
      contributor_label: 'Street volunteers', role: 'community_member', phase: 'delivering',
      kind: 'hours', hours: '12', made_on: '2024-03-01' });
    assert.equal(recorded.status, 201, 'the CSRF token from one server holds on the other');
    for (let i = 0; i < 4; ++i) {
      const list = (await new Client(nginx.base).get('/api/v1/initiatives')).data.initiatives;
      assert.equal(list.find((x) => x.id === porto.id).typology.cell, 'full_coproduction', 'no stale cache anywhere');
    }

    const guesser = new Client(nginx.base);
    for (let i = 0; i < 5; ++i)
      assert.equal((await guesser.post('/api/v1/session', { email: 'resident@demo.coproduce.test', password: 'not the password!' })).status, 401);
    const slowed = await guesser.post('/api/v1/session', { email: 'resident@demo.coproduce.test', password: 'not the password!' });
    assert.equal(slowed.status, 429, 'failures on either server count together');
  });

  it('reconnects to the promoted standby and loses no acknowledged write', async () => {
    const initiative = (await new Client(nginx.base).get('/api/v1/initiatives')).data.initiatives[0].id;
    const acked = [];
    let running = true, failed = 0;
    const writer = async (n) => {
      const client = new Client(nginx.base);
      await client.login(demoEmail('officer'));
      while (running) {
        try {
          const res = await client.post(`/api/v1/initiatives/${initiative}/contributions`, {
            contributor_label: `Failover writer ${n}`, role: 'service_user', phase: 'delivering',
            kind: 'hours', hours: '1', made_on: '2024-05-01' });
          if (res.status === 201) acked.push(res.data.id);
          else { failed += 1; await new Promise((r) => setTimeout(r, 50)); }
        } catch { failed += 1; await new Promise((r) => setTimeout(r, 50)); }
      }
    };
    const writers = [writer(1), writer(2), writer(3), writer(4)];
    while (acked.length < 100) await new Promise((r) => setTimeout(r, 20));
    execFileSync('bash', [replicated, 'failover', pgDir]);
    const atFailover = acked.length;
    for (let i = 0; i < 600 && acked.length < atFailover + 100; ++i) await new Promise((r) => setTimeout(r, 50));
    running = false;
    await Promise.all(writers);
    assert.ok(acked.length >= atFailover + 100, `writes resumed after the failover (${acked.length - atFailover} since)`);
    const stored = new Set(sql(url, "SELECT id FROM contributions WHERE contributor_label LIKE 'Failover writer %'").map((r) => r[0]));
    const lost = acked.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged writes were lost`);
    const health = await new Client(nginx.base).get('/healthz');
    assert.equal(health.status, 200);
  });
});
