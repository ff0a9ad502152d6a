// The checks beyond the schema on whole files: the brief's values, and what is skipped when the
// schema fails. The rows of single mistakes are in test/invalid/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers/fixtures.js';
import { cli, gen } from './helpers/run.js';

describe('checks beyond the schema', () => {
  it('skips the later checks of a worker whose profile or defaults failed the schema', () => {
    const r = gen(
      'defaults:\n  replicas: x\nworkers:\n  a:\n    tasks: [x]\n    autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2 }\n',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['WRONG_TYPE']);
  });
});

describe("the brief's values", () => {
  const text = readFileSync(join(EXAMPLES, 'values.yaml'), 'utf8');
  const lines = text.split('\n');

  it('warn (and only warn) that its autoscaled workers set replicas, and that the disabled ml-processing leaves its tasks unserved', () => {
    const r = gen(text);
    const line = lines.findIndex((l) => l.includes('"ml_training", "model_inference"')) + 1;
    expect(line, "the brief lists ml-processing's tasks on one line").toBeGreaterThan(0);
    const cols = ['ml_training', 'model_inference'].map((t) => (lines[line - 1] as string).indexOf(`"${t}"`) + 1);
    // The brief's `replicas: 3` and `replicas: 5` sit beside `autoscaling.enabled: true`: the HPA owns the count.
    const replicas = lines.flatMap((l, i) => (/^ {4}replicas: [35]$/.test(l) ? [['warning', 'REPLICAS_IGNORED', i + 1, 15]] : []));
    expect(replicas).toHaveLength(2);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.col])).toEqual([
      ...replicas,
      ...cols.map((col) => ['warning', 'TASK_NOT_SERVED', line, col]),
    ]);
    expect(r.objects?.map((o) => o.object.kind)).toEqual([
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'HorizontalPodAutoscaler',
    ]);
  });

  it('validate and render exit 0 with the warnings on stderr', async () => {
    for (const cmd of ['validate', 'render']) {
      const r = await cli([cmd, '-f', 'values.yaml'], { files: { 'values.yaml': text } });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^values\.yaml:\d+:\d+: warning\[TASK_NOT_SERVED\] task `ml_training`/m);
      expect(r.stderr).toMatch(/0 errors, 4 warnings\n$/);
    }
  });
});
