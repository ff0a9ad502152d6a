// The valid values the cluster judges: every golden case (test/fixtures, examples/) and the
// chart's own valid cases (test/chart/cases), each rendered by tb-gen for a given namespace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { goldenCases, ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';
import { chartCases, parseObjects, parseTbGenArgs, tbGenRenderArgs, type Invocation } from '../chart/helm.js';
import type { Obj } from './kube.js';

export interface ClusterCase {
  name: string;
  cwd: string;
  inv: Invocation;
  /** The Pod Security level its values declare (podSecurityLevel), which its namespaces enforce. */
  level: string;
}

/** podSecurityLevel from the last -f file that sets it, as the values merge; restricted by default. */
function levelOf(cwd: string, inv: Invocation): string {
  const set = inv.values.map(
    (f) => (parse(readFileSync(join(cwd, f), 'utf8'), { version: '1.1' }) as Record<string, unknown> | null)?.podSecurityLevel,
  );
  return set.filter((l): l is string => typeof l === 'string').pop() ?? 'restricted';
}

export const CASES: ClusterCase[] = [
  ...goldenCases().map((c) => ({ name: c.name, cwd: c.cwd, inv: parseTbGenArgs(c.argv) })),
  ...chartCases().map((f) => ({
    name: f.replace(/^test\/chart\/cases\/(.*)\.yaml$/, 'chart-$1'),
    cwd: ROOT,
    inv: parseTbGenArgs(['-f', f]),
  })),
].map((c) => ({ ...c, level: levelOf(c.cwd, c.inv) }));

export interface Rendered {
  text: string;
  objects: Obj[];
}

/** `tb-gen render` of an invocation into `namespace`; the render itself must succeed. */
export async function render(c: ClusterCase, inv: Invocation, namespace: string): Promise<Rendered> {
  const out = await cli(tbGenRenderArgs({ ...inv, namespace }), { cwd: c.cwd });
  if (out.code !== 0) throw new Error(`${c.name}: tb-gen render failed:\n${out.stderr}`);
  return { text: out.stdout, objects: parseObjects(out.stdout) };
}

export const WORKER_LABEL = 'task-backend.io/worker';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

export const deployments = (objects: Obj[]): Obj[] => objects.filter((o) => o.kind === 'Deployment');
export const hpas = (objects: Obj[]): Obj[] => objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
