// The chart against the real API server, with every Helm major: for every valid case, install
// into a fresh restricted namespace, upgrade with changed values, roll back, uninstall. After each
// step the release's live Deployments and HPAs are exactly what `tb-gen render` gives for the same
// values (fields the server fills in aside), Helm reported no warning, and after uninstall nothing
// of the release is left. Never --wait or --atomic: there are no nodes, Pods stay Pending.
import { KINDS, kindPath } from './kinds.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CHART, findHelms, helmTemplateArgs, type Helm, type Invocation } from '../chart/helm.js';
import { CASES, INSTANCE_LABEL, render, type ClusterCase, type Rendered } from './cases.js';
import { liveDiff } from './compare.js';
import { deleteNamespace, exec, kubeconfig, list, restrictedNamespace, waitFor, type Obj } from './kube.js';
import { upgradeFor } from './upgrade.js';
import { ensurePriorityClasses } from './workloads.js';

const HELMS = findHelms();
const TMP = mkdtempSync(join(tmpdir(), 'tb-cluster-helm-'));
const namespaces: string[] = [];
afterAll(async () => {
  await Promise.all(namespaces.map(deleteNamespace));
  rmSync(TMP, { recursive: true, force: true });
});

// Helm's own state (repositories, cache) in a directory of this run, never the user's.
const HELM_ENV = {
  ...process.env,
  HELM_CONFIG_HOME: join(TMP, 'config'),
  HELM_CACHE_HOME: join(TMP, 'cache'),
  HELM_DATA_HOME: join(TMP, 'data'),
};

/**
 * Run one Helm command against the case's namespace; it must succeed. Its stderr is returned as
 * lines: a successful step prints nothing there, so every line is a warning (the API server's
 * 299 warnings as client-go logs them, or Helm's own).
 */
async function runHelm(h: Helm, c: ClusterCase, ns: string, args: string[]): Promise<string[]> {
  const out = await exec(h.bin, [...args, '--namespace', ns, '--kubeconfig', kubeconfig()], { env: HELM_ENV, cwd: c.cwd });
  if (out.code !== 0) throw new Error(`${h.label} ${args.slice(0, 2).join(' ')} failed in ${ns}:\n${out.stderr}`);
  return out.stderr.split('\n').filter((l) => l.trim());
}

const selector = (release: string) => `${INSTANCE_LABEL}=${release}`;

/** Every object of the release, of every kind the chart renders. */
async function live(ns: string, release: string): Promise<Obj[]> {
  const lists = await Promise.all(
    Object.entries(KINDS).map(async ([kind, [apiVersion]]) =>
      (await list(kindPath(kind, ns), selector(release))).map((o) => ({ apiVersion, kind, ...o })),
    ),
  );
  return lists.flat();
}

/** One Helm step: its warnings, then how the release's objects differ from the rendered ones. */
async function step(h: Helm, c: ClusterCase, ns: string, args: string[], want: Rendered): Promise<string[]> {
  const warnings = (await runHelm(h, c, ns, args)).map((w) => `helm ${args[0]} warned: ${w}`);
  const diff = liveDiff(want.objects, await live(ns, c.inv.release)).map((d) => `after helm ${args[0]}: ${d}`);
  return [...warnings, ...diff];
}

/** Nothing of the release left: workloads, their ReplicaSets and Pods (garbage collected), Helm's release Secrets. */
async function leftovers(ns: string, release: string): Promise<string[]> {
  const kinds: Array<[string, string]> = [
    ...Object.keys(KINDS).map((kind): [string, string] => [kind, kindPath(kind, ns)]),
    ['ReplicaSet', `/apis/apps/v1/namespaces/${ns}/replicasets`],
    ['Pod', `/api/v1/namespaces/${ns}/pods`],
  ];
  const found = await Promise.all(
    kinds.map(async ([kind, path]) => (await list(path, selector(release))).map((o) => `${kind}/${o.metadata.name}`)),
  );
  const secrets = (await list(`/api/v1/namespaces/${ns}/secrets`, `owner=helm,name=${release}`)).map((o) => `Secret/${o.metadata.name}`);
  return [...found.flat(), ...secrets];
}

// Pods per namespace. These tests judge Deployments, HPAs and what uninstall leaves, not Pods (that
// is apply.test.ts), and one chart case asks for 1,000 replicas: at the controller manager's 20
// requests/s, making and collecting those would dominate the run and outlast the leftover wait.
// Every other case asks for at most 15 Pods (upgrade included).
const MAX_PODS = 30;

const values = (inv: Invocation, ns: string) => helmTemplateArgs({ ...inv, namespace: ns }).slice(3, -2);
const major = (h: Helm) => h.version.split('.')[0] as string;

it('finds Helm 3 and Helm 4 (make helm)', () => {
  expect(HELMS.map(major)).toEqual(['v3', 'v4']);
});

const MATRIX = CASES.flatMap((c) => HELMS.map((h) => ({ c, h, name: `${c.name} with ${h.label}` })));

it.concurrent.for(MATRIX)('$name: install, upgrade, rollback, uninstall', async ({ c, h }, { expect, onTestFinished }) => {
  const ns = await restrictedNamespace(`${major(h)}-${c.name}`, MAX_PODS, c.level);
  namespaces.push(ns);
  onTestFinished(() => deleteNamespace(ns));
  const release = c.inv.release;
  const installed = await render(c, c.inv, ns);
  const upgrade = upgradeFor(c, installed.objects, mkdirSync(join(TMP, ns), { recursive: true }) as string);
  const upgraded = await render(c, upgrade.inv, ns);
  expect(liveDiff(installed.objects, upgraded.objects), `the upgrade (${upgrade.summary}) changes nothing`).not.toEqual([]);
  await ensurePriorityClasses([...installed.objects, ...upgraded.objects]);

  const problems = [
    ...(await step(h, c, ns, ['install', release, CHART, ...values(c.inv, ns)], installed)),
    ...(await step(h, c, ns, ['upgrade', release, CHART, ...values(upgrade.inv, ns)], upgraded)),
    ...(await step(h, c, ns, ['rollback', release, '1'], installed)),
  ];
  // The leftover check below must be able to see the release: before uninstall it finds its
  // Deployments, their ReplicaSets (once the controller made them) and Helm's release Secrets.
  const kinds = ['Deployment/', 'ReplicaSet/', 'Secret/'];
  await waitFor(`the release's ${kinds.join(', ')} in ${ns}`, async () => {
    const found = await leftovers(ns, release);
    return kinds.every((k) => found.some((o) => o.startsWith(k))) ? true : undefined;
  });
  problems.push(...(await runHelm(h, c, ns, ['uninstall', release])).map((w) => `helm uninstall warned: ${w}`));
  const left = await waitFor(
    `nothing of release ${release} left in ${ns}`,
    async () => {
      const l = await leftovers(ns, release);
      return l.length ? undefined : l;
    },
    20_000,
  ).catch(async () => leftovers(ns, release));
  problems.push(...left.map((o) => `left after helm uninstall: ${o}`));
  expect(problems, `upgrade: ${upgrade.summary}`).toEqual([]);
});
