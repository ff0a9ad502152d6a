// Starts one cluster for the whole run (scripts/cluster.sh, a state directory of this run's own
// under .tools/kube/runs/) and always stops it. A cluster that cannot start is not an error here:
// the reason is handed to the tests, so every cluster test fails with it (saying `make cluster`)
// while the other project's tests still run.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../helpers/fixtures.js';

const run = promisify(execFile);
const SCRIPT = join(ROOT, 'scripts/cluster.sh');
const RUNS = join(ROOT, '.tools/kube/runs');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's kubeconfig, or '' when the cluster did not start. */
    kubeconfig: string;
    /** Why the cluster did not start ('' when it did). */
    clusterError: string;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stop and remove the clusters of earlier runs whose vitest process is gone (a crash, a SIGKILL). */
async function reapStale(): Promise<void> {
  if (!existsSync(RUNS)) return;
  for (const name of readdirSync(RUNS)) {
    if (/^\d+$/.test(name) && alive(Number(name))) continue;
    await run(SCRIPT, ['down', join(RUNS, name)]).catch(() => undefined);
    rmSync(join(RUNS, name), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await reapStale();
  const state = join(RUNS, String(process.pid));
  try {
    const { stdout } = await run(SCRIPT, ['up', state], { timeout: 150_000 });
    console.log(stdout.trim());
    project.provide('kubeconfig', join(state, 'kubeconfig'));
    project.provide('clusterError', '');
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    project.provide('kubeconfig', '');
    project.provide('clusterError', (err.stderr || err.message).trim());
  }
  return async () => {
    const { stdout, stderr } = await run(SCRIPT, ['down', state]);
    if (stdout.trim() || stderr.trim()) console.log(`${stdout}${stderr}`.trim());
    rmSync(state, { recursive: true, force: true });
  };
}
