// npm run bench:serve — a bounded loopback load test of `calfeed serve` with autocannon: requests/s and
// latency for full (200) and conditional (304) fetches of the shipped feed. Figures go in the README,
// not in a test: they depend on the machine. Plain .mjs so that Node 20 runs it without a TS loader.
//
// Each kind of request is measured in several interleaved rounds and the median is reported, so a
// burst of other work on the machine skews one round, not the figure.
//
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 npm run bench:serve
//   BENCH_SOAK_ONLY=1 SOAK_GREEDY=100 SOAK_SLOW=50 SOAK_SECONDS=5 npm run bench:serve   (the soak alone)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
if (!(SECONDS >= 1 && SECONDS <= 60 && ROUNDS >= 1 && ROUNDS <= 9 && CONNECTIONS >= 1 && CONNECTIONS <= 1000)) {
  throw new Error('BENCH_SECONDS must be 1–60, BENCH_ROUNDS 1–9 and BENCH_CONNECTIONS 1–1000');
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server runs as its own process, as `npm start` runs it; its request log goes to a file, as a service's would. */
async function startServer(work) {
  const logPath = join(work, 'serve.log');
  const log = openSync(logPath, 'w');
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'serve', join(ROOT, 'events.yaml'), '--port', '0', '--out', join(work, 'public')], {
    stdio: ['ignore', log, 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const feedUrl = /feed: +(\S+)/.exec(readFileSync(logPath, 'utf8'))?.[1];
    if (feedUrl) return { child, feedUrl, logPath };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('calfeed serve did not print its address within 10 s (run `npm run build` first)');
}

function head(url, headers = {}) {
  return new Promise((resolve, reject) => {
    request(url, { method: 'HEAD', headers }, (res) => {
      res.resume();
      resolve(res);
    }).on('error', reject).end();
  });
}

async function measure(title, url, headers, expectedStatus) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, title });
  const counts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // A benchmark of the wrong answer is worthless: every response must have the expected status.
  if (result.errors > 0 || total === 0 || counts[expectedStatus] !== total) {
    throw new Error(`${title}: expected only ${expectedStatus}, got ${JSON.stringify(counts)} and ${result.errors} errors`);
  }
  return {
    title,
    status: expectedStatus,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytesPerRequest: result.throughput.average / result.requests.average,
    total,
  };
}

/** The server's resident memory now and at its peak (Linux /proc), in MB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/**
 * A bounded soak: SOAK_GREEDY connections that send 60 KB of pipelined requests for the page and never
 * read a reply, and SOAK_SLOW connections that send a request a byte at a time, beside normal clients
 * (autocannon) for SOAK_SECONDS. Reports the server's memory before and after, and the normal clients'
 * latency. Loopback only; every socket is closed at the end.
 */
async function soak(server) {
  const GREEDY = Number(process.env.SOAK_GREEDY ?? 100);
  const SLOW = Number(process.env.SOAK_SLOW ?? 50);
  const DURATION = Number(process.env.SOAK_SECONDS ?? 5);
  const { port } = new URL(server.feedUrl);
  // The peak is the soak's own: writing 5 to clear_refs resets VmHWM to the memory in use now.
  writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5');
  const before = memoryOf(server.child.pid);
  const sockets = [];
  const pipelined = 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(1500);
  for (let i = 0; i < GREEDY; i++) {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.pause();
    socket.write(pipelined);
    sockets.push(socket);
  }
  const slowRequest = 'GET /calendar.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
  const timers = [];
  for (let i = 0; i < SLOW; i++) {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    let at = 0;
    timers.push(setInterval(() => at < slowRequest.length && !socket.destroyed && socket.write(slowRequest[at++]), 200));
    sockets.push(socket);
  }
  const normal = await autocannon({ url: server.feedUrl, connections: CONNECTIONS, duration: DURATION });
  const after = memoryOf(server.child.pid);
  for (const timer of timers) clearInterval(timer);
  for (const socket of sockets) socket.destroy();
  const ok = normal.statusCodeStats?.['200']?.count ?? 0;
  console.log(`\n### Soak: ${GREEDY} connections sending 60 KB of pipelined requests and never reading, ${SLOW} sending a request a byte every 200 ms, beside ${CONNECTIONS} normal clients for ${DURATION} s\n`);
  console.log('| server memory before | after | peak (VmHWM) | normal clients: requests/s | p50 | p99 | non-200 or errors |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${before.rssMb} MB | ${after.rssMb} MB | ${after.peakMb} MB | ${Math.round(normal.requests.average).toLocaleString('en-US')} | ${normal.latency.p50} ms | ${normal.latency.p99} ms | ${normal.requests.total - ok + normal.errors} |`);
}

const work = mkdtempSync(join(tmpdir(), 'calfeed-bench-'));
const server = await startServer(work);
try {
  if (process.env.BENCH_SOAK_ONLY !== '1') await measureRequests(server);
  await soak(server);
} finally {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => (server.child.exitCode !== null ? resolve() : server.child.once('exit', resolve)));
  rmSync(work, { recursive: true, force: true });
}

/** Requests/s and latency of each kind of request for the feed. */
async function measureRequests(server) {
  const identity = await head(server.feedUrl);
  // The gzip copy is made on first request (served as it is meanwhile): ask until it comes.
  let gzip = await head(server.feedUrl, { 'Accept-Encoding': 'gzip' });
  for (let i = 0; i < 100 && gzip.headers['content-encoding'] !== 'gzip'; i++) {
    await sleep(20);
    gzip = await head(server.feedUrl, { 'Accept-Encoding': 'gzip' });
  }
  if (gzip.headers['content-encoding'] !== 'gzip') throw new Error('calfeed serve sent no gzip copy of the feed within 2 s');
  const etag = identity.headers.etag;
  const lastModified = identity.headers['last-modified'];
  const kinds = [
    ['GET /calendar.ics', {}, '200'],
    ['GET /calendar.ics, gzip', { 'accept-encoding': 'gzip' }, '200'],
    ['If-None-Match: current ETag', { 'if-none-match': etag }, '304'],
    ['If-Modified-Since: Last-Modified', { 'if-modified-since': lastModified }, '304'],
    ['gzip + If-None-Match', { 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.etag }, '304'],
  ];
  // Warm up every code path (the JIT optimises what it has seen) before anything is measured.
  for (const [, headers] of kinds) await autocannon({ url: server.feedUrl, headers, connections: CONNECTIONS, duration: 1 });
  const runs = kinds.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [title, headers, status]] of kinds.entries()) runs[i].push(await measure(title, server.feedUrl, headers, status));
  }
  const rows = runs.map((r) => ({
    ...r[0],
    requestsPerSecond: median(r.map((x) => x.requestsPerSecond)),
    p50: median(r.map((x) => x.p50)),
    p99: median(r.map((x) => x.p99)),
    bytesPerRequest: median(r.map((x) => x.bytesPerRequest)),
    spread: `${Math.round(Math.min(...r.map((x) => x.requestsPerSecond))).toLocaleString('en-US')}–${Math.round(Math.max(...r.map((x) => x.requestsPerSecond))).toLocaleString('en-US')}`,
  }));

  const cpu = cpus();
  const [load1] = loadavg();
  console.log(`\ncalfeed serve on loopback: ${CONNECTIONS} connections, median of ${ROUNDS} interleaved rounds of ${SECONDS} s, the shipped feed (${identity.headers['content-length']} bytes, ${gzip.headers['content-length']} gzipped)`);
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${load1.toFixed(1)}; load generator and server share it\n`);
  console.log('| request | status | requests/s | (range over rounds) | latency p50 | latency p99 | bytes/response (with headers) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.title} | ${r.status} | ${Math.round(r.requestsPerSecond).toLocaleString('en-US')} | ${r.spread} | ${r.p50} ms | ${r.p99} ms | ${Math.round(r.bytesPerRequest).toLocaleString('en-US')} |`);
  }
  const ratio = rows[2].requestsPerSecond / rows[0].requestsPerSecond;
  console.log(`\n304 vs 200: ${ratio.toFixed(2)}× the requests/s; ${Math.round(rows[0].bytesPerRequest / Math.max(1, rows[2].bytesPerRequest))}× fewer bytes per response`);
}
