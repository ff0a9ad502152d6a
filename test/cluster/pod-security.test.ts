// tb-gen's Pod Security check and the API server's PodSecurity admission agree: for each case, the
// worker is rendered (at level privileged, so tb-gen renders whatever the pod looks like) and
// applied as a dry run into namespaces that warn at each level; the reasons the API server names
// are exactly the reasons tb-gen names for that level.
import { afterAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { podSecurityViolations, type Level } from '../../src/audit/pod-security.js';
import { gen } from '../helpers/run.js';
import { deleteNamespace, kubectl, restrictedNamespace, warningLines, type Obj } from './kube.js';

/** Worker settings over the chart's restricted defaults, and what they should break (written by hand). */
const CASES: Array<[string, Obj, { baseline: string[]; restricted: string[] }]> = [
  ['the chart defaults', {}, { baseline: [], restricted: [] }],
  ['NET_BIND_SERVICE added', { securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }, { baseline: [], restricted: [] }],
  [
    'SYS_PTRACE added',
    { securityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
    { baseline: ['non-default capabilities'], restricted: ['unrestricted capabilities'] },
  ],
  [
    'container security context cleared',
    { securityContext: {} },
    { baseline: [], restricted: ['allowPrivilegeEscalation != false', 'unrestricted capabilities'] },
  ],
  ['pod security context cleared', { podSecurityContext: {} }, { baseline: [], restricted: ['seccompProfile'] }],
  [
    'both cleared',
    { securityContext: {}, podSecurityContext: {} },
    {
      baseline: [],
      restricted: ['allowPrivilegeEscalation != false', 'runAsNonRoot != true', 'seccompProfile', 'unrestricted capabilities'],
    },
  ],
  [
    'root user',
    { podSecurityContext: { runAsUser: 0, runAsNonRoot: false } },
    { baseline: [], restricted: ['runAsNonRoot != true', 'runAsUser=0'] },
  ],
  [
    'privileged',
    { securityContext: { privileged: true, allowPrivilegeEscalation: true } },
    { baseline: ['privileged'], restricted: ['privileged', 'allowPrivilegeEscalation != false'] },
  ],
  [
    'seccomp Unconfined',
    { podSecurityContext: { seccompProfile: { type: 'Unconfined' } } },
    { baseline: ['seccompProfile'], restricted: ['seccompProfile'] },
  ],
  [
    'a hostPath volume',
    { volumes: [{ name: 'host', hostPath: { path: '/var/run' } }], volumeMounts: [{ name: 'host', mountPath: '/host' }] },
    { baseline: ['hostPath volumes'], restricted: ['restricted volume types'] },
  ],
  ['hostNetwork', { hostNetwork: true }, { baseline: ['host namespaces'], restricted: ['host namespaces'] }],
  ['a configMap volume', { volumes: [{ name: 'cfg', configMap: { name: 'c' } }] }, { baseline: [], restricted: [] }],
  [
    'an unsafe sysctl',
    { podSecurityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] } },
    { baseline: ['forbidden sysctls'], restricted: ['forbidden sysctls'] },
  ],
];

const LEVELS: Level[] = ['baseline', 'restricted'];
const namespaces = new Map<Level, Promise<string>>();
const nsFor = (level: Level) => {
  let p = namespaces.get(level);
  if (!p) namespaces.set(level, (p = restrictedNamespace(`pss-${level}`, undefined, level)));
  return p;
};
afterAll(async () => {
  for (const p of namespaces.values()) await deleteNamespace(await p);
});

function deploymentOf(worker: Obj, ns: string): Obj {
  const r = gen(stringify({ podSecurityLevel: 'privileged', workers: { w: { tasks: ['t'], ...worker } } }), { namespace: ns });
  const d = r.objects?.find((o) => o.object.kind === 'Deployment')?.object;
  if (!d) throw new Error(JSON.stringify(r.diagnostics));
  return d;
}

/** The reasons of the admission's warning: `would violate PodSecurity "<level>:latest": r1 (d1), r2, r3 (d3)`. */
function reasons(stderr: string): string[] {
  const line = warningLines(stderr).find((l) => l.includes('would violate PodSecurity'));
  if (!line) return [];
  const body = line.slice(line.indexOf('": ') + 3);
  return [...body.replace(/\([^()]*\)/g, '').split(',')]
    .map((r) => r.trim())
    .filter(Boolean)
    .sort();
}

describe.concurrent.each(CASES)('%s', (_name, worker, want) => {
  it.for(LEVELS)('%s: tb-gen and the API server name the same rules', async (level, { expect }) => {
    const ns = await nsFor(level);
    const d = deploymentOf(worker, ns);
    const ours = podSecurityViolations(d.spec.template.spec, level)
      .map((v) => v.reason)
      .sort();
    const run = await kubectl(['apply', '--server-side', '--validate=strict', '--dry-run=server', '-f', '-'], JSON.stringify(d));
    expect(run.code, run.stderr).toBe(0);
    expect(ours).toEqual([...want[level as 'baseline' | 'restricted']].sort());
    expect(reasons(run.stderr)).toEqual(ours);
  });
});
