// task-backend-worker --backend=celery against Debian's Python Celery 5.2.6 (prefork, the same
// concurrency) and npm's celery-node 0.5.9 (bench/celery/celery-node-worker.mjs), same private
// redis-server, same run, in rotated order: tasks per second and CPU per task (user + system of
// the whole process group: Celery's pool children included) for a no-op task whose result is
// stored. Each round: start the worker, wait until ready, LPUSH N protocol 2 messages (the same
// bytes for all three), wait for N results, read CPU, stop it. celery-node has no concurrency
// setting (it pulls every queued message at once); a worker that stores no new result for
// STALL_MS ends its round as incomplete, reported with the count it stored.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { buildTask, redisEnvelope } from '../dist/src/producer/celery/protocol.js';
import { fmt, median } from './lib.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const N = Number(process.env.BENCH_TASKS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const STALL_MS = Number(process.env.BENCH_STALL_MS ?? 30_000);
const TICK = 100; // clock ticks per second (getconf CLK_TCK on Linux)

const port = await new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => res(p));
  });
});
const redisProc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
  stdio: 'ignore',
});
const broker = `redis://127.0.0.1:${port}/0`;
const backend = `redis://127.0.0.1:${port}/1`;
const r0 = new Redis(broker, { retryStrategy: () => 50 });
const r1 = new Redis(backend, { retryStrategy: () => 50 });
r0.on('error', () => {});
r1.on('error', () => {});
await r0.ping();

/** CPU seconds (user + system, children reaped included) of every process in a group. */
function groupCpu(pgid) {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) !== pgid) continue;
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks / TICK;
}

const env = {
  PATH: process.env.PATH,
  CELERY_BROKER: broker,
  CELERY_BACKEND: backend,
  TASK_BACKEND_BROKER_URL: broker,
  TASK_BACKEND_RESULT_BACKEND: backend,
};
const workers = {
  node: () =>
    spawn(
      process.execPath,
      [
        join(ROOT, 'dist/src/worker/main.js'),
        '--backend=celery',
        `--app=${join(ROOT, 'bench/celery/app.mjs')}`,
        `--concurrency=${CONCURRENCY}`,
        '--health-port=0',
      ],
      { env, detached: true },
    ),
  python: () =>
    spawn(
      '/usr/bin/python3',
      [
        '-m',
        'celery',
        '-A',
        'benchapp',
        'worker',
        '-Q',
        'bench',
        '-c',
        String(CONCURRENCY),
        '-P',
        'prefork',
        '-l',
        'INFO',
        '--without-gossip',
        '--without-mingle',
        '--without-heartbeat',
      ],
      {
        env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
        cwd: join(ROOT, 'bench/celery'),
        detached: true,
      },
    ),
  'celery-node': () => spawn(process.execPath, [join(ROOT, 'bench/celery/celery-node-worker.mjs')], { env, detached: true }),
};
const ready = { node: /"event":"ready"/, python: /celery@\S+ ready/, 'celery-node': /^celery-node ready$/m };

async function round(kind) {
  await r0.flushall();
  const proc = workers[kind]();
  let exited = null;
  proc.once('exit', (code, signal) => (exited = signal ?? code));
  let out = '';
  proc.stdout.on('data', (c) => (out += c));
  proc.stderr.on('data', (c) => (out += c));
  const deadline = Date.now() + 60_000;
  while (!ready[kind].test(out)) {
    if (Date.now() > deadline) {
      process.kill(-proc.pid, 'SIGKILL');
      throw new Error(`${kind} worker never said ready:\n${out}`);
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  if (kind !== 'node') out = '';
  await new Promise((res) => setTimeout(res, 500)); // settle start-up work
  const cpu0 = groupCpu(proc.pid);
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) {
    const m = r0.multi();
    for (let j = i; j < Math.min(N, i + 500); j++) m.lpush('bench', redisEnvelope(buildTask({ task: 'noop', queue: 'bench' })));
    await m.exec();
  }
  let stored;
  for (let last = 0, lastAt = Date.now(); (stored = await r1.dbsize()) < N;) {
    if (stored > last) [last, lastAt] = [stored, Date.now()];
    if (Date.now() - lastAt > STALL_MS || exited !== null) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = groupCpu(proc.pid) - cpu0;
  const queued = await r0.llen('bench');
  const why = exited !== null ? `the worker exited (${exited})` : `no new result for ${STALL_MS / 1000} s`;
  if (exited === null) {
    process.kill(-proc.pid, 'SIGTERM');
    await new Promise((res) => proc.once('exit', res));
  }
  await r1.flushdb();
  if (stored < N) {
    console.log(
      `${kind}: incomplete round, ${stored}/${N} results stored, ${queued} still queued: ${why}; its output ends:\n${out.slice(-600)}`,
    );
    return { incomplete: true, stored };
  }
  return { rate: N / seconds, cpuMs: (cpu * 1000) / N };
}

const kinds = ['node', 'python', 'celery-node'];
const results = Object.fromEntries(kinds.map((k) => [k, []]));
try {
  for (let i = 0; i < ROUNDS; i++)
    for (const kind of [...kinds.slice(i % kinds.length), ...kinds.slice(0, i % kinds.length)]) results[kind].push(await round(kind));
} finally {
  redisProc.kill('SIGTERM');
}
const m = (kind, k) => median(results[kind].filter((x) => !x.incomplete).map((x) => x[k]));
console.log(
  `celery no-op tasks with stored results, ${N} per round, concurrency ${CONCURRENCY}, medians of ${ROUNDS} rounds in rotated order`,
);
const notes = { 'celery-node': '  (no concurrency bound: pulls every queued message at once; readable results)' };
for (const kind of kinds) {
  const done = results[kind].filter((x) => !x.incomplete).length;
  const missing = done < ROUNDS ? `  [${ROUNDS - done}/${ROUNDS} rounds incomplete]` : '';
  if (!done) console.log(`${kind.padEnd(11)} no complete round${missing}${notes[kind] ?? ''}`);
  else
    console.log(
      `${kind.padEnd(11)} ${fmt(m(kind, 'rate'), 0).padStart(6)} tasks/s  ${fmt(m(kind, 'cpuMs'), 3)} ms CPU per task${missing}${notes[kind] ?? ''}`,
    );
}
if (results['celery-node'].some((x) => !x.incomplete)) {
  console.log(
    `node vs celery-node: ${fmt(m('node', 'rate') / m('celery-node', 'rate'), 2)}x throughput, ${fmt(m('node', 'cpuMs') / m('celery-node', 'cpuMs'), 2)}x CPU per task`,
  );
}
const speed = m('node', 'rate') / m('python', 'rate');
const cpu = m('node', 'cpuMs') / m('python', 'cpuMs');
console.log(
  `node vs python: ${fmt(speed, 2)}x throughput, ${fmt(cpu, 2)}x CPU per task (target >= 1x and <= 0.5x): ${speed >= 1 && cpu <= 0.5 ? 'met' : 'MISSED'}`,
);
r0.disconnect();
r1.disconnect();
redisProc.kill('SIGTERM');
