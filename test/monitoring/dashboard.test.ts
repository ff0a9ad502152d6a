// The dashboard ConfigMap: what the Grafana sidecar needs (its label, one JSON file), and a model
// Grafana reads: the JSON type-checks as @grafana/schema's Dashboard (Grafana's own generated
// model types, excess properties included) with the TypeScript compiler, and its layout and
// variables hold together. No Grafana runs here; a live import is not proven.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_SCHEMA_VERSION } from '../../src/contract/monitoring/dashboard.js';
import { ROOT } from '../helpers/fixtures.js';
import { gen } from '../helpers/run.js';

type Obj = Record<string, any>;
const scratch = mkdtempSync(join(tmpdir(), 'tb-dashboard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const VALUES = `
taskConfig: { backend_type: bullmq }
monitoring: { dashboards: { enabled: true } }
workers:
  api: { tasks: [a] }
  media: { tasks: [b], autoscaling: { enabled: true, maxReplicas: 3 } }
  idle: { enabled: false, tasks: [c] }
`;

function configMap(values = VALUES, namespace = 'jobs'): Obj {
  const r = gen(values, { namespace });
  const cm = r.objects?.find((o) => o.object.kind === 'ConfigMap')?.object;
  if (!cm) throw new Error(JSON.stringify(r.diagnostics));
  return cm;
}
const modelOf = (cm: Obj): Obj => JSON.parse(Object.values(cm.data as Record<string, string>)[0] as string) as Obj;

/**
 * TypeScript's diagnostics for `const d: Dashboard = <json>` against @grafana/schema, per model:
 * one program for all of them (a compile takes seconds), without the DOM and @types libraries.
 */
function grafanaTypeErrors(models: unknown[]): string[][] {
  const files = models.map((m, i) => {
    const file = join(scratch, `check-${i}.ts`);
    writeFileSync(file, `import type { Dashboard } from '@grafana/schema';\nexport const d: Dashboard = ${JSON.stringify(m, null, 2)};\n`);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    baseUrl: ROOT,
    paths: { '@grafana/schema': ['node_modules/@grafana/schema/dist/types/index.d.ts'] },
    skipLibCheck: true,
  });
  return files.map((f) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
}

describe('dashboard ConfigMap', () => {
  it('carries the sidecar label grafana_dashboard: "1" and one JSON file named after the release', () => {
    const cm = configMap();
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    expect(cm.metadata.name).toBe('task-worker-dashboard');
    expect(Object.keys(cm.data)).toEqual(['jobs-task-worker.json']);
  });

  it('lists the enabled workers in the worker variable, and states its schema version', () => {
    const m = modelOf(configMap());
    const worker = (m.templating.list as Obj[]).find((v) => v.name === 'worker');
    expect(worker).toMatchObject({ type: 'custom', query: 'api,media', includeAll: true, multi: true });
    expect(m.schemaVersion).toBe(DASHBOARD_SCHEMA_VERSION);
    expect(m.title).toBe('Task workers: task-worker (jobs)');
  });

  it('has a uid Grafana accepts (40 characters at most), distinct per namespace', () => {
    const a = modelOf(configMap()).uid as string;
    const b = modelOf(configMap(VALUES, 'other')).uid as string;
    expect(a).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(a).not.toBe(b);
  });

  it('lays panels out without overlap, with unique ids, each querying the chosen data source', () => {
    const panels = modelOf(configMap()).panels as Obj[];
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const cells = new Set<string>();
    for (const p of panels) {
      const g = p.gridPos as { x: number; y: number; w: number; h: number };
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `panel ${p.id} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      for (const t of p.targets as Obj[]) expect(t.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it("type-checks as Grafana's Dashboard model (@grafana/schema), and the check fails on an unknown field or a wrong type", () => {
    const good = modelOf(configMap());
    const unknownField = modelOf(configMap());
    (unknownField.panels as Obj[])[0]!.gridPosition = { x: 0 };
    const wrongType = modelOf(configMap());
    wrongType.schemaVersion = '39';
    const [ok, field, type] = grafanaTypeErrors([good, unknownField, wrongType]);
    expect(ok).toEqual([]);
    expect(field?.join('\n')).toContain('gridPosition');
    expect(type).not.toEqual([]);
  }, 120_000);

  it('renders nothing unless monitoring.dashboards.enabled', () => {
    const r = gen(VALUES.replace('enabled: true } }', 'enabled: false } }'), { namespace: 'jobs' });
    expect(r.objects?.some((o) => o.object.kind === 'ConfigMap')).toBe(false);
  });
});
