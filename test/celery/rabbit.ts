// What the RabbitMQ KEDA tests share: the values they render, Debian's Python Celery sending three
// tasks and running the rendered command line, and the phases they read the queues in: before the
// worker, while each task runs (one at a time: test/celery/app/backend/workers/file_queue.py blocks
// each until the test releases it), and after.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { gen } from '../helpers/run.js';
import { waitUntil } from '../helpers/worker.js';

export type Obj = Record<string, any>;
const APP = join(import.meta.dirname, 'app');
const PY = '/usr/bin/python3';
export const TASKS = 3;

/** A KEDA-scaled Python Celery worker on two queues, one task at a time; `taskConfig` as given. */
export const values = (taskConfig: string, acksLate: boolean) => `
taskConfig: ${taskConfig}
tasks:
  file_extract: { queue: file_processing }
  file_processing_done: { queue: file_processing_callback }
workers:
  file-processing:
    runtime: celery
    image: { repository: registry.example.com/backend }
    queues: [file_processing, file_processing_callback]
    concurrency: 1
    celery: { app: backend.workers.file_queue, prefetchMultiplier: 1, acksLate: ${acksLate} }
    autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 4 }
`;

/** tb-gen's objects for these values: the ScaledObject, the TriggerAuthentication, the container, the warnings. */
export function render(text: string): { so: Obj; auth?: Obj; container: Obj; warnings: string[] } {
  const r = gen(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const objects = (r.objects ?? []).map((o) => o.object as Obj);
  return {
    so: objects.find((o) => o.kind === 'ScaledObject') as Obj,
    auth: objects.find((o) => o.kind === 'TriggerAuthentication'),
    container: objects.find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0] as Obj,
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code),
  };
}

/** Each trigger counted, the formula (a plain sum of trigger names) applied. */
export async function byFormula(so: Obj, count: (t: Obj) => Promise<number>): Promise<Record<string, number> & { total: number }> {
  const counts: Record<string, number> = {};
  for (const t of so.spec.triggers as Obj[]) counts[t.name] = await count(t);
  const names = (so.spec.advanced.scalingModifiers.formula as string).split(' + ');
  return { ...counts, total: names.reduce((n, name) => n + (counts[name] ?? Number.NaN), 0) };
}

/** The worker's environment: the container's plain values (CELERY_BROKER_URL). */
const envOf = (container: Obj): Record<string, string> =>
  Object.fromEntries((container.env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value as string]));

/** Python sends three tasks: priorities 0 and 9 to file_processing, 5 to file_processing_callback. */
export function sendThree(container: Obj): void {
  const code = `from backend.workers.file_queue import app
for q, p in [('file_processing', 0), ('file_processing', 9), ('file_processing_callback', 5)]:
    app.send_task('file_extract', args=[p], queue=q, priority=p)`;
  execFileSync(PY, ['-c', code], {
    cwd: APP,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...envOf(container) },
    stdio: 'inherit',
  });
}

/** Readings by name; `settle` is read until it shows the wanted value (the broker moves messages a moment after an ack). */
export interface Phases {
  readings: Record<string, () => Promise<number>>;
  settle: { name: string; want: number[] };
}

let worker: ChildProcess | undefined;
let signals = '';

/** Start the rendered command line, run the tasks one by one, and read before, while each runs, and after. */
export async function runPhases(container: Obj, p: Phases): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(p.readings).map((k) => [k, []]));
  const read = async (i: number) => {
    const want = p.settle.want[i] ?? Number.NaN;
    const settled = async () => ((await p.readings[p.settle.name]?.()) === want ? { want } : false);
    const seen = await waitUntil(settled, `${p.settle.name} to read ${want}`, 30_000, 200).catch(() => undefined);
    out[p.settle.name]?.push(seen ? seen.want : ((await p.readings[p.settle.name]?.()) ?? Number.NaN));
    for (const [k, f] of Object.entries(p.readings)) if (k !== p.settle.name) out[k]?.push(await f());
  };
  await read(0);
  signals = mkdtempSync(join(tmpdir(), 'rabbit-keda-'));
  worker = spawn(PY, ['-m', 'celery', ...(container.args as string[]), '-l', 'warning'], {
    cwd: APP,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...envOf(container), SIGNAL_DIR: signals },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  for (let n = 1; n <= TASKS; n++) {
    await waitUntil(() => existsSync(join(signals, `started-${n}`)), `task ${n} to start`, 60_000, 100);
    await read(n);
    expect(existsSync(join(signals, `done-${n}`)), `task ${n} still runs`).toBe(false);
    writeFileSync(join(signals, `release-${n}`), '');
  }
  await waitUntil(() => existsSync(join(signals, `done-${TASKS}`)), 'every task to finish', 60_000, 100);
  await read(TASKS + 1);
  return out;
}

/** Stop the worker (its pool too: one process group) and drop the signal files. */
export async function stopWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w && w.exitCode === null && w.signalCode === null) {
    for (let n = 1; n <= TASKS; n++) writeFileSync(join(signals, `release-${n}`), ''); // warm shutdown waits for running tasks
    const exited = new Promise((r) => w.once('exit', r));
    await stopGroup(w, exited);
  }
  if (signals) rmSync(signals, { recursive: true, force: true });
  signals = '';
}

/** SIGTERM to a process group started with `detached`, SIGKILL after 20 s. */
export async function stopGroup(p: ChildProcess, exited: Promise<unknown>): Promise<void> {
  const kill = (s: NodeJS.Signals) => {
    try {
      process.kill(-(p.pid as number), s);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const t = setTimeout(() => kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}
