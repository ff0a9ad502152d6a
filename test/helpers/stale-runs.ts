// The state directories of test clusters (.tools/kube/runs/<vitest PID>, .tools/kube/e2e/<PID>):
// one whose vitest process is gone (a crash, a SIGKILL) is stopped by scripts/cluster.sh and removed.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './fixtures.js';

const run = promisify(execFile);
const CLUSTER = join(ROOT, 'scripts/cluster.sh');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stop and remove every cluster under `runs` whose owning process has exited. */
export async function reapStale(runs: string): Promise<void> {
  if (!existsSync(runs)) return;
  for (const name of readdirSync(runs)) {
    if (/^\d+$/.test(name) && alive(Number(name))) continue;
    await run(CLUSTER, ['down', join(runs, name)]).catch(() => undefined);
    rmSync(join(runs, name), { recursive: true, force: true });
  }
}
