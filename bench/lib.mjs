// Shared bench helpers: generated values files, cold-process timing, medians and ratios.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OUT = new URL('./.out/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

/** A values file with n workers using defaults, two profiles, a catalogue and autoscaling. */
export function valuesFile(n) {
  const lines = [
    'taskConfig:',
    '  backend_type: bullmq',
    '  app: dist/app.js',
    '  brokerSecret: { name: redis, key: url }',
    'defaults:',
    '  concurrency: 4',
    '  resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { memory: 512Mi } }',
    'profiles:',
    '  heavy:',
    '    resources: { memory: 4Gi, cpu: "2" }',
    '    concurrency: 1',
    '  light:',
    '    concurrency: 20',
    'workers:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`  w${i}:`, `    tasks: [task_${i}_a, task_${i}_b]`, `    profile: ${i % 3 === 0 ? 'heavy' : 'light'}`);
    if (i % 2 === 0) lines.push('    autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 10 }');
    else lines.push(`    replicas: ${1 + (i % 5)}`);
    if (i % 7 === 0) lines.push('    nodeSelector: { pool: batch }');
  }
  const file = join(OUT, `values-${n}.yaml`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Wall time of one cold process, in ms; throws if it fails. */
export function timeProcess(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Alternate the commands `runs` times so machine noise hits both alike; medians per command. */
export function alternate(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach(([cmd, args], j) => times[j].push(timeProcess(cmd, args)));
  return times.map(median);
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (x, d = 1) => x.toFixed(d);
