// task-backend-worker against a bare BullMQ Worker, same Redis, same run: CPU per no-op job (head to
// head: both processes at once, each on its own prefix), throughput (back to back, alternated), at
// concurrency 1 and 50, process start to ready, idle RSS.
// Loopback Redis only (REDIS_URL, default redis://127.0.0.1:6379); every key it makes is deleted.
// `node bench/worker.bench.mjs --bare-worker` is the bare worker child (not run by hand).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { fmt, median, OUT } from './lib.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUEUE = 'bench_noop';
const PAIRS = Number(process.env.BENCH_PAIRS ?? 9);

if (process.argv[2] === '--bare-worker') {
  // The baseline: what a team writes with BullMQ alone. Prints "ready" once it can take jobs.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const worker = new Worker(QUEUE, async () => {}, {
    connection,
    prefix: process.env.PREFIX,
    concurrency: Number(process.env.CONCURRENCY),
  });
  worker.on('error', () => {});
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  process.on('SIGTERM', async () => {
    await worker.close();
    connection.disconnect();
    process.exit(0);
  });
} else {
  await main();
}

async function main() {
  const host = new URL(REDIS_URL).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`bench runs against loopback Redis only, got ${host}`);
  const prefix = `tbw-bench-${randomBytes(4).toString('hex')}`;
  const app = join(OUT, 'noop-app.mjs');
  writeFileSync(
    app,
    `import { registerTask } from '${new URL('../dist/src/worker/index.js', import.meta.url).href}';\n` +
      `registerTask({ name: 'noop', queue: '${QUEUE}', handler: async () => {} });\n`,
  );
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE, { connection: redis, prefix });
  const kinds = {
    bare: (c) => [[new URL(import.meta.url).pathname, '--bare-worker'], { CONCURRENCY: String(c) }],
    ours: async (c) => [['dist/src/worker/main.js', `--app=${app}`, `--concurrency=${c}`, `--health-port=${await freePort()}`], {}],
  };
  const results = { date: new Date().toISOString(), node: process.version, throughput: {}, readyMs: {}, idleRssMB: {} };
  try {
    // Pairs run back to back (order alternating) and the ratio is taken per pair, so the load
    // other processes put on the machine hits both sides of each ratio alike.
    for (const [c, jobs] of [
      [1, 3000],
      [50, 15000],
    ]) {
      const pairs = [];
      for (let i = 0; i < PAIRS; i++) {
        const pair = {};
        for (const kind of i % 2 ? ['ours', 'bare'] : ['bare', 'ours'])
          pair[kind] = await throughput(queue, prefix, await kinds[kind](c), jobs);
        pairs.push(pair);
      }
      const rounds = [];
      for (let i = 0; i < PAIRS; i++) rounds.push(await headToHead(redis, `${prefix}-h`, kinds, c, jobs, i));
      const med = (f, xs = pairs) => median(xs.map(f));
      const sorted = (f, xs) => xs.map((x) => Math.round(f(x) * 1000) / 1000).sort((a, b) => a - b);
      results.throughput[c] = {
        bare: med((p) => p.bare.rate),
        ours: med((p) => p.ours.rate),
        ratio: med((p) => p.ours.rate / p.bare.rate),
        ratios: sorted((p) => p.ours.rate / p.bare.rate, pairs),
        cpuUsPerJob: { bare: med((p) => p.bare.cpuUs), ours: med((p) => p.ours.cpuUs), ratio: med((p) => p.ours.cpuUs / p.bare.cpuUs) },
        headToHead: {
          cpuUsPerJob: { bare: med((r) => r.bare.cpuUs, rounds), ours: med((r) => r.ours.cpuUs, rounds) },
          cpuRatio: med((r) => r.ours.cpuUs / r.bare.cpuUs, rounds),
          cpuRatios: sorted((r) => r.ours.cpuUs / r.bare.cpuUs, rounds),
          rateRatio: med((r) => r.bare.seconds / r.ours.seconds, rounds),
        },
      };
    }
    const ready = { bare: [], ours: [] };
    const rss = { bare: [], ours: [] };
    for (let i = 0; i < 5; i++) {
      for (const kind of ['bare', 'ours']) {
        const s = await startAndIdle(prefix, await kinds[kind](1));
        ready[kind].push(s.readyMs);
        rss[kind].push(s.rssMB);
      }
    }
    results.readyMs = { bare: median(ready.bare), ours: median(ready.ours) };
    results.idleRssMB = { bare: median(rss.bare), ours: median(rss.ours) };
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await deleteKeys(redis, prefix); // the head-to-head prefixes start with it too
    redis.disconnect();
  }
  report(results);
}

// Fill a paused queue, start the worker, wait for ready, resume, time until the queue is empty.
async function throughput(queue, prefix, [argv, env], jobs) {
  await queue.pause();
  await fill(queue, jobs);
  const child = await startChild(...withPrefix([argv, env], prefix), join(OUT, 'worker-bench.log'));
  const cpu0 = cpuMs(child.proc.pid);
  const t0 = performance.now();
  await queue.resume();
  await drained(queue, 10);
  const seconds = (performance.now() - t0) / 1000;
  const cpuUs = ((cpuMs(child.proc.pid) - cpu0) * 1000) / jobs;
  await stopChild(child.proc);
  return { rate: jobs / seconds, cpuUs };
}

// Both workers at once, each on its own prefix with `jobs` waiting: while one runs, the other sees
// the same machine, so load from other processes hits both sides of the CPU ratio alike (back to
// back, the CPU ratio of single pairs ranged 0.9 to 1.3 on this shared machine; head to head, 1.0 to 1.1).
async function headToHead(redis, prefix, kinds, c, jobs, round) {
  const sides = {};
  for (const kind of ['bare', 'ours']) {
    const p = `${prefix}-${kind}`;
    const q = new Queue(QUEUE, { connection: redis, prefix: p });
    await q.pause();
    await fill(q, jobs);
    const child = await startChild(...withPrefix(await kinds[kind](c), p), join(OUT, `worker-bench-${kind}.log`));
    sides[kind] = { q, child };
  }
  for (const s of Object.values(sides)) s.cpu0 = cpuMs(s.child.proc.pid);
  const t0 = performance.now();
  await Promise.all((round % 2 ? ['ours', 'bare'] : ['bare', 'ours']).map((k) => sides[k].q.resume()));
  await Promise.all(
    Object.values(sides).map(async (s) => {
      await drained(s.q, 5);
      s.seconds = (performance.now() - t0) / 1000;
      s.cpuUs = ((cpuMs(s.child.proc.pid) - s.cpu0) * 1000) / jobs;
    }),
  );
  for (const s of Object.values(sides)) {
    await stopChild(s.child.proc);
    await s.q.obliterate({ force: true }).catch(() => {});
    await s.q.close();
  }
  return { bare: sides.bare, ours: sides.ours };
}

function withPrefix([argv, env], prefix) {
  return [argv, { ...env, PREFIX: prefix, TASK_BACKEND_PREFIX: prefix }];
}

async function fill(queue, jobs) {
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, () => ({ name: 'noop', data: {}, opts: { removeOnComplete: true } })),
    );
  }
}

async function drained(queue, everyMs) {
  for (;;) {
    const c = await queue.getJobCounts('wait', 'active', 'prioritized', 'paused');
    if (c.wait + c.active + c.prioritized + c.paused === 0) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// User + system CPU time of a process so far, in ms (from /proc, clock ticks of 10 ms).
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startAndIdle(prefix, [argv, env]) {
  const child = await startChild(argv, { ...env, PREFIX: prefix, TASK_BACKEND_PREFIX: prefix });
  await new Promise((r) => setTimeout(r, 1500));
  const status = readFileSync(`/proc/${child.proc.pid}/status`, 'utf8');
  const rssMB = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
  await stopChild(child.proc);
  return { readyMs: child.readyMs, rssMB };
}

// Start a worker process; resolves at its "ready" line. With `logFile`, stdout goes to that file
// (what a container runtime does with it, minus a reader competing for this machine's two cores).
function startChild(argv, env, logFile) {
  const t0 = performance.now();
  const fd = logFile ? openSync(logFile, 'w') : 'pipe';
  const proc = spawn(process.execPath, argv, {
    env: { ...process.env, TASK_BACKEND_BROKER_URL: REDIS_URL, ...env },
    stdio: ['ignore', fd, 'inherit'],
  });
  if (logFile) closeSync(fd);
  const isReady = (text) => /^ready$|"event":"ready"/m.test(text);
  return new Promise((resolve, reject) => {
    const done = (err) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (err) reject(err);
      else resolve({ proc, readyMs: performance.now() - t0 });
    };
    const timer = setTimeout(() => done(new Error(`${argv.join(' ')} not ready in 15 s`)), 15_000);
    const poll = logFile ? setInterval(() => isReady(readFileSync(logFile, 'utf8')) && done(), 5) : undefined;
    let buf = '';
    proc.stdout?.on('data', (chunk) => {
      if (buf === null) return;
      buf += chunk;
      if (isReady(buf)) {
        buf = null;
        done();
      }
    });
    proc.once('exit', (code) => done(new Error(`${argv.join(' ')} exited ${code} before ready`)));
  });
}

function stopChild(proc) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => (clearTimeout(timer), resolve()));
    proc.kill('SIGTERM');
  });
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function deleteKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

function report(r) {
  const checks = [];
  for (const c of Object.keys(r.throughput)) {
    const { bare, ours, ratio, ratios, cpuUsPerJob: seq, headToHead: h } = r.throughput[c];
    checks.push(h.cpuRatio <= 1.05, ratio >= 0.97);
    console.log(
      `concurrency ${c.padStart(2)}: CPU per job, head to head: bare ${fmt(h.cpuUsPerJob.bare, 0)} us, task-backend-worker ` +
        `${fmt(h.cpuUsPerJob.ours, 0)} us, median ratio ${fmt(h.cpuRatio, 3)}x [${fmt(h.cpuRatios[0], 2)}..${fmt(h.cpuRatios.at(-1), 2)}] (target <= 1.05x)`,
    );
    console.log(
      `               throughput, back to back: bare ${fmt(bare, 0)} jobs/s, task-backend-worker ${fmt(ours, 0)} jobs/s, ` +
        `median paired ratio ${fmt(ratio, 3)}x [${fmt(ratios[0], 2)}..${fmt(ratios.at(-1), 2)}] (target >= 0.97x); ` +
        `CPU per job ${fmt(seq.bare, 0)} vs ${fmt(seq.ours, 0)} us (${fmt(seq.ratio, 3)}x); head to head drain ratio ${fmt(h.rateRatio, 3)}x`,
    );
  }
  const dReady = r.readyMs.ours - r.readyMs.bare;
  const dRss = r.idleRssMB.ours - r.idleRssMB.bare;
  checks.push(dReady <= 100, dRss <= 15);
  console.log(
    `start to ready: bare ${fmt(r.readyMs.bare, 0)} ms, task-backend-worker ${fmt(r.readyMs.ours, 0)} ms, +${fmt(dReady, 0)} ms (target <= +100 ms)`,
  );
  console.log(
    `idle RSS: bare ${fmt(r.idleRssMB.bare)} MB, task-backend-worker ${fmt(r.idleRssMB.ours)} MB, +${fmt(dRss)} MB (target <= +15 MB)`,
  );
  writeFileSync(join(OUT, 'worker.json'), JSON.stringify(r, null, 2) + '\n');
  console.log(checks.every(Boolean) ? 'worker targets: met' : 'worker targets: MISSED');
}
