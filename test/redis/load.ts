// A steady load of jobs through a failover: a producer enqueues one job every `everyMs`, the worker
// binary records each job it runs (test/redis/fixtures/app.mjs), the test kills a master part way,
// and the run counts jobs lost, stuck and completed twice, the time to recover, and the /readyz gap.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { createProducer } from '../../src/producer/producer.js';
import { openRedis } from '../../src/producer/redis-open.js';
import { resolveRedisTarget } from '../../src/contract/redis.js';
import { freePort, httpGet, ROOT, startWorker, waitUntil, type WorkerHandle } from '../helpers/worker.js';

const APP = join(ROOT, 'test/redis/fixtures/app.mjs');
const CATALOGUE = join(ROOT, 'test/redis/fixtures/tasks.yaml');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one failover did to the jobs; times in ms from the kill. */
export interface FailoverFigures {
  /** Jobs the producer had confirmed (it holds their ids). */
  confirmed: number;
  /** Enqueues that failed or timed out: the producer was told, so the caller can retry them. */
  refused: number;
  /** Confirmed jobs never run and no longer in Redis (acknowledged by the old master, not replicated). */
  lost: number;
  /** Confirmed jobs still waiting or active once the load has drained. */
  stuck: number;
  /** Jobs run more than once. */
  twice: number;
  /** From the kill to the first job run that was enqueued after the kill. */
  recoverMs: number;
  /** /readyz answered 503 during the failover (the gap reported), then 200 again. */
  readyGap: boolean;
  /** The two halves of readyGap: a 503 seen after the kill, and 200 at the end. */
  notReadySeen: boolean;
  readyAtEnd: number;
  /** From the kill to the first 503, and from it to the last 503 seen (polled every 50 ms); -1 when none. */
  notReadyAfterMs: number;
  notReadyForMs: number;
  /** The reasons /readyz gave in its first 503 after the kill. */
  notReadyReason: string;
  /** Polls that answered 200 between the first and the last 503: a gap reported in pieces. */
  readyInsideGap: number;
  workerExited: boolean;
}

/** Run the load, call `kill` after `beforeKillMs`, go on for `afterKillMs` once jobs flow again, then count. */
export async function failoverUnderLoad(o: {
  env: Record<string, string>;
  dir: string;
  kill: () => Promise<void>;
  everyMs?: number;
  beforeKillMs?: number;
  afterRecoverMs?: number;
  drainMs?: number;
}): Promise<FailoverFigures> {
  const record = join(o.dir, `record-${Date.now()}.txt`);
  writeFileSync(record, '');
  const health = await freePort();
  const prefix = o.env.TASK_BACKEND_PREFIX ?? 'bull';
  // Jobs active at the kill come back after their lock expires: short timings keep the run bounded.
  const wenv = {
    ...o.env,
    TASK_BACKEND_APP: APP,
    RECORD_FILE: record,
    TASK_BACKEND_LOCK_DURATION_MS: '4000',
    TASK_BACKEND_STALLED_INTERVAL_MS: '2000',
    ...(process.env.FAILOVER_DEBUG ? { DEBUG: process.env.FAILOVER_DEBUG } : {}),
  };
  const worker: WorkerHandle = startWorker(['--tasks=record', '--concurrency=4', `--health-port=${health}`], wenv);
  try {
    await worker.waitForLog((l) => l.event === 'ready', 'worker ready', 20_000);
    const producer = createProducer({ catalogue: CATALOGUE, prefix, env: o.env, log: false, timeoutMs: 2_000 });
    const confirmed = new Map<string, number>();
    let refused = 0;
    let running = true;
    let killedAt = Number.POSITIVE_INFINITY;
    const load = (async () => {
      for (let i = 0; running; i++) {
        const at = Date.now();
        producer.enqueue('record', { i }, { jobId: `j-${i}` }).then(
          (job) => confirmed.set(String(job.id), at),
          () => refused++,
        );
        await sleep(o.everyMs ?? 20);
      }
    })();
    const gap = { first: -1, last: -1, reason: '', okSinceLast: 0, okInside: 0 };
    const watch = watchReadiness(
      health,
      gap,
      () => killedAt,
      () => running,
    );
    await sleep(o.beforeKillMs ?? 1_500);
    killedAt = Date.now();
    await o.kill();
    const runs = () => readRuns(record);
    const firstAfter = await waitUntil(
      () => runs().find((r) => (confirmed.get(r.id) ?? 0) > killedAt),
      'a job enqueued after the kill runs',
      60_000,
      50,
    ).catch((err: Error) => {
      const tail = worker.logs.slice(-8).map((l) => JSON.stringify(l).slice(0, 300));
      const after = [...confirmed.values()].filter((t) => t > killedAt).length;
      throw new Error(
        `${err.message}; confirmed ${confirmed.size} (${after} after the kill), refused ${refused}; worker: ${tail.join('\n')}`,
      );
    });
    const recoverMs = firstAfter.at - killedAt;
    await sleep(o.afterRecoverMs ?? 1_000);
    running = false;
    await load;
    await watch;
    await sleep(300); // the last enqueues settle
    const ids = [...confirmed.keys()];
    const q = new Queue('jobs', { connection: openRedis(resolve(o.env), { maxRetriesPerRequest: 1 }), prefix });
    // Drained: every confirmed job has run or is gone; wait out lock expiry for jobs active at the kill.
    const PENDING = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];
    const pendingIds = async () => {
      const states = await Promise.all(ids.map(async (id) => [id, await q.getJobState(id)] as const));
      return new Set(states.filter(([, s]) => PENDING.includes(s)).map(([id]) => id));
    };
    await waitUntil(async () => (await pendingIds()).size === 0, 'the confirmed jobs drain', o.drainMs ?? 15_000, 250).catch(
      () => undefined,
    );
    const seen = new Map<string, number>();
    for (const r of runs()) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    const stuckIds = await pendingIds();
    const stuck = stuckIds.size;
    const lost = ids.filter((id) => !seen.has(id) && !stuckIds.has(id)).length;
    await producer.close();
    await q.close();
    await q.disconnect();
    return {
      confirmed: ids.length,
      refused,
      lost,
      stuck,
      twice: [...seen.values()].filter((n) => n > 1).length,
      recoverMs,
      ...(await readyAgain(health, gap.first >= 0)),
      notReadyAfterMs: gap.first,
      notReadyForMs: gap.first < 0 ? -1 : gap.last - gap.first,
      notReadyReason: gap.reason,
      readyInsideGap: gap.okInside,
      workerExited: worker.proc.exitCode !== null,
    };
  } finally {
    // For a run that went wrong: FAILOVER_LOGS=file (and FAILOVER_DEBUG='ioredis:*') keeps what the worker said.
    if (process.env.FAILOVER_LOGS)
      writeFileSync(process.env.FAILOVER_LOGS, worker.logs.map((l) => JSON.stringify(l)).join('\n') + '\n' + worker.stderr());
    worker.kill('SIGKILL');
  }
}

// Poll /readyz every 50 ms while the load runs; after the kill, note the first and last 503 (ms
// from the kill), the reasons the first one gave, and the 200s between them.
async function watchReadiness(
  health: number,
  gap: { first: number; last: number; reason: string; okSinceLast: number; okInside: number },
  killedAt: () => number,
  running: () => boolean,
): Promise<void> {
  while (running()) {
    const r = await httpGet(health, '/readyz').catch(() => ({ status: 0, body: '' }));
    if (gap.first >= 0 && r.status === 200) gap.okSinceLast++;
    if (Number.isFinite(killedAt()) && r.status === 503) {
      gap.last = Date.now() - killedAt();
      [gap.okInside, gap.okSinceLast] = [gap.okInside + gap.okSinceLast, 0];
      if (gap.first < 0) [gap.first, gap.reason] = [gap.last, (JSON.parse(r.body) as { reasons: string[] }).reasons.join('; ')];
    }
    await sleep(50);
  }
}

function resolve(env: Record<string, string>) {
  const r = resolveRedisTarget(env);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

function readRuns(file: string): Array<{ id: string; at: number }> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id, at] = l.split(' ');
      return { id: id ?? '', at: Number(at) };
    });
}

// The gap's second half: /readyz back to 200 once the worker has followed the new master. Polled,
// not read once: a consumer whose fetch loop met the kill counts as stale until its next loop.
async function readyAgain(
  health: number,
  notReadySeen: boolean,
): Promise<Pick<FailoverFigures, 'readyGap' | 'notReadySeen' | 'readyAtEnd'>> {
  const status = async () => (await httpGet(health, '/readyz').catch(() => ({ status: 0 }))).status;
  const end = await waitUntil(async () => ((await status()) === 200 ? 200 : undefined), '/readyz to answer 200 again', 30_000, 100).catch(
    () => status(),
  );
  return { readyGap: notReadySeen && end === 200, notReadySeen, readyAtEnd: end };
}
