// Required keys are checked on the merged values, as Helm checks them: one -f file may give
// brokerSecret.name and a later one its key. A key still missing is located where it was written.
import { describe, expect, it } from 'vitest';
import { describe as show, gen } from '../helpers/run.js';

const base = { name: 'base.yaml', text: 'taskConfig:\n  brokerSecret: { name: redis }\nworkers:\n  a: { tasks: [x] }\n' };

describe('required keys across -f files', () => {
  it('accepts a brokerSecret split across two files, and renders the secretKeyRef', () => {
    const r = gen([base, { name: 'prod.yaml', text: 'taskConfig:\n  brokerSecret: { key: url }\n' }]);
    expect(r.diagnostics, show(r.diagnostics)).toEqual([]);
    const env = (r.objects?.find((o) => o.object.kind === 'Deployment')?.object as any).spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'TASK_BACKEND_BROKER_URL', valueFrom: { secretKeyRef: { name: 'redis', key: 'url' } } });
  });

  it('reports a key no file gives once, at the map that lacks it in the last file that wrote it', () => {
    const r = gen([base, { name: 'prod.yaml', text: 'taskConfig:\n  brokerSecret: { name: other }\n' }]);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code}`)).toEqual(['prod.yaml:2:3 MISSING_KEY']);
  });
});
