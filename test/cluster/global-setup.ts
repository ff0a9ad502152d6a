// Starts one cluster for the whole run (scripts/cluster.sh, a state directory of this run's own
// under .tools/kube/runs/) and always stops it. A cluster that cannot start is not an error here:
// the reason is handed to the tests, so every cluster test fails with it (saying `make cluster`)
// while the other project's tests still run.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../helpers/fixtures.js';
import { reapStale } from '../helpers/stale-runs.js';

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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await reapStale(RUNS);
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
