// `tb-gen chart -f values.yaml -o DIR` writes an installable chart: `helm lint --strict DIR`
// passes and `helm template DIR` renders what `tb-gen render -f values.yaml` renders.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHART_MARKER } from '../../src/cli/chart-cmd.js';
import { goldenCases, ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';
import {
  findHelms,
  helm,
  helmTemplateArgs,
  parseObjects,
  parseTbGenArgs,
  tbGenRenderArgs,
  withoutRendererLabels,
  type Invocation,
} from './helm.js';

const HELMS = findHelms();
const TMP = mkdtempSync(join(tmpdir(), 'tb-gen-chart-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const chartArgs = (inv: Invocation, out: string) => [
  'chart',
  ...inv.profiles.flatMap((f) => ['--profiles', f]),
  ...inv.values.flatMap((f) => ['-f', f]),
  ...inv.sets.flatMap((s) => ['--set', s]),
  '--release',
  inv.release,
  '-o',
  out,
];

// Every golden case, merge-layers included: its nulls are resolved before Helm sees the values.
describe.concurrent.each(goldenCases())('tb-gen chart for $name', ({ name, cwd, argv }) => {
  const inv = parseTbGenArgs(argv);
  const dir = join(TMP, name);
  let written: Promise<void> | undefined;
  const write = () =>
    (written ??= cli(chartArgs(inv, dir), { cwd }).then((r) => {
      if (r.code !== 0) throw new Error(`tb-gen chart failed (${r.code}): ${r.stderr}`);
    }));

  it('writes the chart, its merged values and the schema beside it', async () => {
    await write();
    for (const f of ['Chart.yaml', 'values.yaml', 'values.schema.json', 'templates/deployment.yaml', 'templates/_labels.tpl']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(join(dir, 'values.schema.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'schemas/values.schema.json'), 'utf8'));
    const values = readFileSync(join(dir, 'values.yaml'), 'utf8');
    expect(values.startsWith(CHART_MARKER)).toBe(true);
    expect(values).toContain('## @param workers ');
  });

  it.for(HELMS)('$label lint --strict passes on it', async (h, { expect }) => {
    await write();
    const out = await helm(h, ['lint', '--strict', dir]);
    expect(out.ok, out.stdout + out.stderr).toBe(true);
  });

  it.for(HELMS)('$label template of it renders what tb-gen render renders', async (h, { expect }) => {
    await write();
    const tb = await cli(tbGenRenderArgs(inv), { cwd });
    expect(tb.code, tb.stderr).toBe(0);
    const out = await helm(h, helmTemplateArgs({ ...inv, values: [], profiles: [], sets: [] }, dir));
    expect(out.ok, out.stderr).toBe(true);
    const got = parseObjects(out.stdout).map(withoutRendererLabels);
    const want = parseObjects(tb.stdout).map(withoutRendererLabels);
    expect(got).toEqual(want);
    expect(got.map((o) => JSON.stringify(o))).toEqual(want.map((o) => JSON.stringify(o)));
  });
});

describe('tb-gen chart output directory', () => {
  it('writes nothing for invalid values and exits 1', async () => {
    const dir = join(TMP, 'invalid');
    const values =
      'taskConfig: { app: app.js }\nworkers:\n  api:\n    tasks: [t]\n    resources: { requests: { cpu: 1 } }\n    autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 }\n';
    const r = await cli(['chart', '-f', 'values.yaml', '-o', dir], { files: { 'values.yaml': values } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HPA_MIN_ABOVE_MAX');
    expect(existsSync(dir)).toBe(false);
  });

  it('replaces its own earlier output whole', async () => {
    const dir = join(TMP, 'again');
    expect((await cli(['chart', '-f', 'examples/values.yaml', '-o', dir], { cwd: ROOT })).code).toBe(0);
    writeFileSync(join(dir, 'templates', 'stale.yaml'), 'kind: Stale\n');
    expect((await cli(['chart', '-f', 'examples/media-processing.yaml', '-o', dir], { cwd: ROOT })).code).toBe(0);
    expect(existsSync(join(dir, 'templates', 'stale.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'values.yaml'), 'utf8')).toContain('transcode-hd');
  });

  it('refuses to replace a directory it did not write (exit 2), leaving it as it was', async () => {
    const dir = join(TMP, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const r = await cli(['chart', '-f', 'examples/values.yaml', '-o', dir], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to replace');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('requires -o', async () => {
    const r = await cli(['chart', '-f', 'examples/values.yaml'], { cwd: ROOT });
    expect(r.code).toBe(2);
  });
});
