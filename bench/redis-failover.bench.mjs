// Failover figures: the Sentinel and Cluster failover tests (test/redis/), run ROUNDS times each,
// every round on fresh loopback servers. Per scenario: jobs confirmed, refused (the producer was
// told), lost, stuck and run twice, summed over the rounds, and the time to recover as a ratio of
// the failure-detection time the servers were given (down-after-milliseconds / cluster-node-timeout,
// 1 s each), so a slower machine does not read as a regression.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, median, OUT } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DETECTION_MS = 1_000;
mkdirSync(OUT, { recursive: true });

const all = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const file of ['test/redis/sentinel.test.ts', 'test/redis/sentinel-tls.test.ts', 'test/redis/cluster.test.ts']) {
    const out = join(OUT, `redis-failover-${round}.json`);
    const r = spawnSync('npx', ['vitest', 'run', file], { env: { ...process.env, FAILOVER_OUT: out }, encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stdout + r.stderr);
      throw new Error(`${file} failed in round ${round + 1}`);
    }
    for (const [scenario, f] of Object.entries(JSON.parse(readFileSync(out, 'utf8'))))
      (all[`${file.includes('cluster') ? 'cluster' : 'sentinel'}: ${scenario}`] ??= []).push(f);
  }
}

const sum = (xs, k) => xs.reduce((n, f) => n + f[k], 0);
for (const [scenario, runs] of Object.entries(all)) {
  const rec = runs.map((f) => f.recoverMs / DETECTION_MS);
  console.log(
    `${scenario} (${runs.length} rounds): confirmed ${sum(runs, 'confirmed')}, refused ${sum(runs, 'refused')}, ` +
      `lost ${sum(runs, 'lost')}, stuck ${sum(runs, 'stuck')}, twice ${sum(runs, 'twice')}; ` +
      `recovery ${fmt(median(rec))}x the detection time (min ${fmt(Math.min(...rec))}, max ${fmt(Math.max(...rec))}); ` +
      `/readyz gap reported in ${runs.filter((f) => f.readyGap).length}/${runs.length}` +
      ` (first 503 ${fmt(median(runs.map((f) => f.notReadyAfterMs)))} ms after the kill, lasting ${fmt(median(runs.map((f) => f.notReadyForMs)))} ms, medians)`,
  );
}
writeFileSync(join(OUT, 'redis-failover.json'), JSON.stringify(all, null, 2) + '\n');
