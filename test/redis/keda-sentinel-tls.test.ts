// Sentinel over TLS as rendered: docs/redis.md's "Sentinel over TLS" values, verbatim, through
// tb-gen give a worker container with the sentinel and CA variables and the CA mounted read-only,
// KEDA `redis-sentinel` triggers with TLS on, and a TriggerAuthentication carrying the CA and both
// passwords; the custom resources valid against KEDA's own CRD schema (.tools/crds). Expectations
// written out by hand from KEDA's redis scaler parameters and src/contract/redis.ts's variables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crdProblems } from '../helpers/crd.js';
import { k8sProblems } from '../helpers/k8s.js';
import { describe as show, gen } from '../helpers/run.js';
import { ROOT } from '../helpers/worker.js';

type Obj = Record<string, any>;
const doc = readFileSync(join(ROOT, 'docs/redis.md'), 'utf8');
const at = doc.indexOf('\n### Sentinel over TLS');
const values = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at))?.[1] ?? '';

const rendered = () => {
  const r = gen(values);
  if (!r.objects) throw new Error(show(r.diagnostics));
  return r.objects.map((o) => o.object as Obj);
};
const byKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);

describe('Sentinel over TLS, rendered (docs/redis.md)', () => {
  it('the docs have the example', () => {
    expect(at).toBeGreaterThan(0);
    expect(values).toMatch(/mode: sentinel/);
  });

  it('the worker container reaches the sentinels over TLS with the mounted CA', () => {
    const [deploy] = byKind(rendered(), 'Deployment');
    const pod = deploy?.spec.template.spec;
    const c = pod.containers[0];
    const env = Object.fromEntries((c.env as Obj[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      TASK_BACKEND_BROKER_URL: { secretKeyRef: { name: 'redis-url', key: 'url' } },
      TASK_BACKEND_REDIS_MODE: 'sentinel',
      TASK_BACKEND_REDIS_SENTINELS: 'redis-sentinel-0.redis:26379,redis-sentinel-1.redis:26379,redis-sentinel-2.redis:26379',
      TASK_BACKEND_REDIS_SENTINEL_MASTER: 'mymaster',
      TASK_BACKEND_REDIS_SENTINEL_PASSWORD: { secretKeyRef: { name: 'redis-keda', key: 'sentinel-password' } },
      TASK_BACKEND_REDIS_CA: '/etc/task-backend/redis-ca/ca.crt',
    });
    const mount = (c.volumeMounts as Obj[]).find((m) => m.mountPath === '/etc/task-backend/redis-ca');
    expect(mount?.readOnly).toBe(true);
    const volume = (pod.volumes as Obj[]).find((v) => v.name === mount?.name);
    expect(volume?.secret).toEqual({ secretName: 'redis-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] });
  });

  it("KEDA's redis-sentinel triggers with TLS and a TriggerAuthentication with the CA, valid against KEDA's CRDs", () => {
    const objects = rendered();
    const [so] = byKind(objects, 'ScaledObject');
    const [ta] = byKind(objects, 'TriggerAuthentication');
    expect(so?.spec.triggers.length).toBeGreaterThan(0);
    for (const t of so?.spec.triggers as Obj[]) {
      expect(t.type).toBe('redis-sentinel');
      expect(t.metadata).toMatchObject({
        addresses: 'redis-sentinel-0.redis:26379,redis-sentinel-1.redis:26379,redis-sentinel-2.redis:26379',
        sentinelMaster: 'mymaster',
        enableTLS: 'true',
      });
      expect(t.metadata.unsafeSsl).toBeUndefined();
      expect(t.authenticationRef).toEqual({ name: ta?.metadata.name });
    }
    expect(ta?.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'redis-keda', key: 'password' },
      { parameter: 'sentinelPassword', name: 'redis-keda', key: 'sentinel-password' },
      { parameter: 'ca', name: 'redis-ca', key: 'ca.crt' },
    ]);
    expect(crdProblems(so as Obj)).toEqual([]);
    expect(crdProblems(ta as Obj)).toEqual([]);
    for (const o of objects) expect(k8sProblems(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });
});
