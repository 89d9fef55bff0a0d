// Starts the real coproduce server (and, for PostgreSQL, a throwaway
// PostgreSQL 15 through scripts/pg-temp.sh) for the integration and browser
// suites, and gives them a small HTTP client that keeps cookies and CSRF tokens.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = process.env.COPRODUCE_BIN ?? path.join(repoRoot, 'build/src/app/coproduce');
export const assets = process.env.COPRODUCE_ASSETS ?? path.join(repoRoot, 'build/assets');
export const demoPassword = 'demo-password-1234';
export const demoEmail = (role) => `${role}@demo.coproduce.test`;

// A throwaway PostgreSQL; stop() removes it.
export function startPostgres() {
  const dir = mkdtempSync(path.join(tmpdir(), 'coproduce-pg-'));
  rmSync(dir, { recursive: true, force: true });
  const script = path.join(repoRoot, 'scripts/pg-temp.sh');
  const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
  return { url, stop: () => execFileSync('bash', [script, 'stop', dir]) };
}

export function freshSqliteUrl() {
  const dir = mkdtempSync(path.join(tmpdir(), 'coproduce-sqlite-'));
  return { url: `sqlite://${dir}/test.db`, stop: () => rmSync(dir, { recursive: true, force: true }) };
}

// Each backend the suites run on: SQLite always, PostgreSQL always (started here).
export const backends = [
  { name: 'sqlite', start: freshSqliteUrl },
  { name: 'postgresql', start: startPostgres },
];

// Runs one SQL query straight on the database (sqlite3 or psql), returning
// its rows as arrays of text: for checks no API offers, such as "nothing
// half-written" after a crash.
export function sql(dbUrl, query) {
  const out = dbUrl.startsWith('sqlite://')
    ? execFileSync('sqlite3', ['-batch', '-separator', '\t', dbUrl.slice('sqlite://'.length).split('?')[0], query], { encoding: 'utf8' })
    : execFileSync('psql', [dbUrl, '-X', '-q', '-t', '-A', '-F', '\t', '-c', query], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
}

export function runCli(args, { input, env } = {}) {
  return execFileSync(binary, args, { encoding: 'utf8', input, env: { ...process.env, ...env } });
}

// Starts `coproduce serve [--demo]` on a free port; resolves when it prints its URL.
export async function startServer(dbUrl, extraArgs = [], { demo = true } = {}) {
  const child = spawn(binary, ['serve', ...(demo ? ['--demo'] : []), '--port', '0', '--db', dbUrl,
    '--assets', assets, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${stderr}`)); });
  });
  return {
    base,
    child,
    logs: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

// An HTTP client with a cookie jar; after login() it sends the CSRF token on writes.
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = null; }

  async request(method, url, { json, body, headers = {}, redirect = 'manual' } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = this.csrf;
    let payload = body;
    if (json !== undefined) { h['content-type'] = 'application/json'; payload = JSON.stringify(json); }
    const res = await fetch(this.base + url, { method, headers: h, body: payload, redirect });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
    const text = await res.text();
    let data = null;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) data = JSON.parse(text);
    return { status: res.status, headers: res.headers, text, data };
  }
  get(url, opts) { return this.request('GET', url, opts); }
  post(url, json, opts = {}) { return this.request('POST', url, { ...opts, json }); }
  patch(url, json, opts = {}) { return this.request('PATCH', url, { ...opts, json }); }
  delete(url, opts) { return this.request('DELETE', url, opts); }

  async login(email, password = demoPassword, organisation) {
    const res = await this.post('/api/v1/session', { email, password, ...(organisation ? { organisation } : {}) });
    if (res.status !== 200 && res.status !== 201) throw new Error(`login ${email}: ${res.status} ${res.text}`);
    this.csrf = res.data.csrf_token;
    return res;
  }
}

export const expectedCells = {
  'Participatory budgeting (Orçamento Participativo)': 'professional_with_coplanning',
  'Sure Start breastfeeding peer support': 'user_codelivery',
  'Caterham Barracks Community Trust': 'full_coproduction',
  'Beacon Community Regeneration Partnership': 'codelivery_little_planning',
  'Villa Family (Ages&Vie)': 'community_delivery_professional_plan',
  'Tackley village shop': 'community_delivery_coplanned',
};

// A real SMTP server on loopback (Debian's python3-aiosmtpd, delivering to a
// maildir) for the email tests, and reading what it delivered.
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

// With `acceptAfter` (seconds), each message is accepted only after that wait
// and only if its sender is still connected (support/slow_mailbox.py).
export async function startSmtp({ acceptAfter } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coproduce-mail-'));
  for (const sub of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(dir, sub));  // a maildir
  const port = await freePort();
  // Debian's python3 has the aiosmtpd package (scripts/install-deps.sh).
  const handler = acceptAfter === undefined ? ['aiosmtpd.handlers.Mailbox', dir]
    : ['slow_mailbox.SlowMailbox', dir, String(acceptAfter)];
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', ...handler], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONPATH: path.join(repoRoot, 'tests/integration/support') },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 15000;
  for (;;) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`SMTP server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, dir, stop: () => { child.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
}

// A delivered message: its headers (RFC 2047 subjects decoded) and its base64 body decoded.
export function parseMessage(raw) {
  const split = raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const words = (s) => s.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
  let body = raw.slice(split).trim();
  if (/base64/i.test(headers['content-transfer-encoding'] ?? '')) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { to: headers.to ?? '', subject: words(headers.subject ?? ''), headers, body };
}

// Waits for the messages to `to`, as many as `count`, from the maildir.
// The messages to `to` (those `matching`, when given: other mail to the same
// person, such as the demo's notices, is left aside), once there are `count`.
export async function mailTo(smtp, to, count = 1, matching = () => true) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const newDir = path.join(smtp.dir, 'new');
    const messages = (fs.existsSync(newDir) ? fs.readdirSync(newDir) : [])
      .map((f) => parseMessage(fs.readFileSync(path.join(newDir, f), 'utf8')))
      .filter((m) => m.to.includes(to) && matching(m));
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) throw new Error(`no email to ${to} within 20 s (have ${messages.length})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const linkIn = (message, pathPrefix) => {
  const m = message.body.match(new RegExp(`https?://[^\\s]*${pathPrefix.replace(/[?]/g, '\\?')}[^\\s]*`));
  assert.ok(m, `a ${pathPrefix} link in: ${message.body}`);
  return new URL(m[0]);
};

