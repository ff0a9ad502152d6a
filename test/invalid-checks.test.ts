// Mistakes only the checks beyond the schema can see (ranges across fields, profiles, names,
// routing), and the two warnings. Positions come from the `»` marks in each row's YAML.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E, expectRow, W, type Row } from './helpers/expect-diagnostics.js';
import { EXAMPLES } from './helpers/fixtures.js';
import { cli, gen } from './helpers/run.js';

const long = 'w'.repeat(52); // task-worker- (12) + 52 = 64 characters
const PROFILES = `
      profiles:
        lightweight: { concurrency: 10 }
        high-memory: { concurrency: 2 }`;

const rows: Row[] = [
  { kind: 'requests above limits', values: `
      workers:
        a:
          resources:
            requests: { cpu: »"2", memory: 1Gi }
            limits: { cpu: 1500m, memory: 1Gi }`, want: [E('REQUEST_ABOVE_LIMIT', /limits\.cpu/)] },
  { kind: 'requests above limits in other units', values: `
      workers:
        a:
          resources:
            requests: { memory: »1025Mi }
            limits: { memory: 1Gi }`, want: [E('REQUEST_ABOVE_LIMIT')] },
  { kind: 'HPA minReplicas above maxReplicas', values: `
      workers:
        a:
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, minReplicas: »5, maxReplicas: 2 }`, want: [E('HPA_MIN_ABOVE_MAX', /minReplicas <= 2/)] },
  { kind: 'HPA minReplicas from a profile above the worker maxReplicas', values: `
      profiles:
        p:
          autoscaling: { minReplicas: »9 }
      workers:
        a:
          profile: p
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, maxReplicas: 3 }`, want: [E('HPA_MIN_ABOVE_MAX')] },
  { kind: 'autoscaling without maxReplicas', values: `
      workers:
        a:
          resources: { requests: { cpu: 1 } }
          »autoscaling: { enabled: true, minReplicas: 2 }`, want: [E('AUTOSCALING_MAX_REQUIRED', /maxReplicas/)] },
  { kind: 'unknown profile, with did-you-mean and the known ones', values: `${PROFILES}
      workers:
        a:
          profile: »lightweigth`, want: [E('UNKNOWN_PROFILE', /did you mean `lightweight`\?.*known profiles: high-memory, lightweight/)] },
  { kind: 'unknown profile named in defaults', values: `${PROFILES}
      defaults:
        profile: »standard
      workers:
        a: {}`, want: [E('UNKNOWN_PROFILE', /known profiles: high-memory, lightweight/)] },
  { kind: 'unknown profile when no profile is defined', values: `
      workers:
        a:
          profile: »high-memory`, want: [E('UNKNOWN_PROFILE', /--profiles FILE/)] },
  { kind: 'same task included and excluded', values: `
      workers:
        a:
          tasks: [ocr, »»pdf]
          excludeTasks: [pdf]`, want: [E('TASK_INCLUDED_AND_EXCLUDED', /remove `pdf`/), W('TASK_NOT_SERVED')] },
  { kind: 'same queue included and excluded', values: `
      workers:
        a:
          queues: [»q1, q2]
          excludeQueues: [q1]`, want: [E('QUEUE_INCLUDED_AND_EXCLUDED')] },
  { kind: 'empty tasks list serves nothing', values: `
      workers:
        a:
          »tasks: []`, want: [E('WORKER_SERVES_NOTHING', /at least one task/)] },
  { kind: 'every listed task excluded (excludes from defaults)', values: `
      defaults:
        excludeTasks: [ocr]
      workers:
        a:
          »tasks: [»»ocr]`, want: [E('WORKER_SERVES_NOTHING'), E('TASK_INCLUDED_AND_EXCLUDED'), W('TASK_NOT_SERVED')] },
  { kind: 'object name over 63 characters', values: `
      workers:
        »${long}:
          tasks: [x]`, want: [E('NAME_TOO_LONG', /by 1 characters|fullnameOverride/)] },
  { kind: 'object name over 63 characters because of the release', release: 'r'.repeat(45), values: `
      workers:
        »file-processing:
          replicas: 1`, want: [E('NAME_TOO_LONG')] },
  { kind: 'flat and nested resource forms mixed', values: `
      workers:
        a:
          »resources: { memory: 1Gi, limits: { cpu: 1 } }`, want: [E('MIXED_RESOURCE_FORMS', /one form/)] },
  { kind: 'queue shared with a task the worker refuses', values: `
      tasks:
        thumb: { queue: images }
        resize: { queue: images }
      workers:
        a:
          queues: [»images]
          excludeTasks: [resize]
        b:
          »tasks: [resize]`, want: [E('QUEUE_SHARED_WITH_REFUSED_TASK', /serve `resize` in `a`/), E('QUEUE_SHARED_WITH_REFUSED_TASK', /serve `thumb` in `b`/)] },
  { kind: 'task served by no enabled worker (warning, still renders)', values: `
      tasks:
        »orphan: { queue: lonely }
      workers:
        a:
          tasks: [x]`, want: [W('TASK_NOT_SERVED', /enable a worker/)] },
  { kind: 'HPA on CPU without a CPU request (warning)', values: `
      workers:
        a:
          tasks: [x]
          resources: { requests: { memory: 1Gi } }
          »autoscaling: { enabled: true, maxReplicas: 4 }`, want: [W('HPA_WITHOUT_CPU_REQUEST', /requests\.cpu/)] },
  { kind: 'a disabled worker is not checked, but its tasks count as unserved', values: `
      workers:
        a:
          enabled: false
          profile: missing
          autoscaling: { enabled: true }
          tasks: [»x]
        b:
          tasks: [ocr]`, want: [W('TASK_NOT_SERVED')] },
];

describe('checks beyond the schema', () => {
  it.each(rows.map((r) => [r.kind, r] as const))('%s', (_kind, row) => {
    expectRow(row);
  });

  it('reports every check mistake at once, across workers', () => {
    expectRow({ kind: 'three checks', values: `
      workers:
        a:
          resources:
            requests: { cpu: »"2" }
            limits: { cpu: 1 }
          autoscaling: { enabled: true, minReplicas: »4, maxReplicas: 3 }
        b:
          tasks: [»t, v]
          excludeTasks: [t]
        c:
          tasks: [t]`, want: [E('REQUEST_ABOVE_LIMIT'), E('HPA_MIN_ABOVE_MAX'), E('TASK_INCLUDED_AND_EXCLUDED')] });
  });

  it('checks beyond the schema wait until the schema is satisfied (the stages run in order)', () => {
    const r = gen('workers:\n  a:\n    replicas: x\n    autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2 }\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['WRONG_TYPE']);
  });
});

describe("the brief's values", () => {
  const text = readFileSync(join(EXAMPLES, 'values.yaml'), 'utf8');
  const lines = text.split('\n');

  it('warn (and only warn) that the disabled ml-processing worker leaves its tasks unserved', () => {
    const r = gen(text);
    const line = lines.findIndex((l) => l.includes('"ml_training", "model_inference"')) + 1;
    expect(line, 'the brief lists ml-processing\'s tasks on one line').toBeGreaterThan(0);
    const cols = ['ml_training', 'model_inference'].map((t) => (lines[line - 1] as string).indexOf(`"${t}"`) + 1);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.col])).toEqual(
      cols.map((col) => ['warning', 'TASK_NOT_SERVED', line, col]));
    expect(r.objects?.length).toBe(4);
  });

  it('validate and render exit 0 with the warnings on stderr', async () => {
    for (const cmd of ['validate', 'render']) {
      const r = await cli([cmd, '-f', 'values.yaml'], { files: { 'values.yaml': text } });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^values\.yaml:\d+:\d+: warning\[TASK_NOT_SERVED\] task `ml_training`/m);
      expect(r.stderr).toMatch(/0 errors, 2 warnings\n$/);
    }
  });
});
